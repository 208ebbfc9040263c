"""A Python child process for the tests that kill one or need a second one: started on code,
its output read a line at a time without ever hanging the test, and always reaped."""

from __future__ import annotations

import selectors
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def python_child(code: str, *args: str) -> Iterator[subprocess.Popen[str]]:
    """``python -c code args``, killed (if still running) and reaped when the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def read_line(proc: subprocess.Popen[str], timeout: float = 30.0) -> str:
    """The child's next line of output, failing the test instead of hanging."""
    assert proc.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            proc.kill()
            pytest.fail(f"no output from the child in {timeout} s")
    return proc.stdout.readline().strip()


def errors(proc: subprocess.Popen[str]) -> str:
    """What the child wrote to stderr (read after it stopped: for an assertion's message)."""
    return proc.stderr.read() if proc.stderr is not None else ""
