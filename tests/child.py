"""A Python child process for the tests that kill one or need a second one: started on code,
its output read a line at a time without ever hanging the test, and always reaped."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

# What was read from a child's output past its last whole line, by process id. ``read_line``
# reads the pipe itself: a buffered reader could hold the next lines while the pipe shows
# nothing more to read, and a wait on the pipe would then miss them.
_PENDING: dict[int, bytes] = {}


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
        _PENDING.pop(proc.pid, None)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def read_line(proc: subprocess.Popen[str], timeout: float = 30.0) -> str:
    """The child's next line of output ("" once it closed its output), failing the test
    instead of hanging."""
    assert proc.stdout is not None
    pipe = proc.stdout.fileno()
    pending = _PENDING.get(proc.pid, b"")
    deadline = time.monotonic() + timeout
    while b"\n" not in pending:
        ready, _, _ = select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            proc.kill()
            pytest.fail(f"no output from the child in {timeout} s")
        chunk = os.read(pipe, 4096)
        if not chunk:
            break
        pending += chunk
    line, _, rest = pending.partition(b"\n")
    _PENDING[proc.pid] = rest
    return line.decode().strip()


def errors(proc: subprocess.Popen[str]) -> str:
    """What the child wrote to stderr (read after it stopped: for an assertion's message)."""
    return proc.stderr.read() if proc.stderr is not None else ""
