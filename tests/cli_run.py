"""Running ``crm-desktop ARGV`` in the test process, for the CLI tests: what it printed, its exit
status, and a fixture that puts back what ``main()`` changes process-wide."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from typing import Any

import pytest

from crm_desktop import paths
from crm_desktop.__main__ import main
from crm_desktop.store import db


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@pytest.fixture
def no_leaks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """main() configures logging and sys.excepthook: put both back after each test, and never
    let a test fall through to the user's real data folder."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    logger = logging.getLogger("crm_desktop")
    handlers = list(logger.handlers)
    yield
    for handler in list(logger.handlers):
        if handler not in handlers:
            logger.removeHandler(handler)
            handler.close()
    db.close()


def run(*argv: str) -> Run:
    """``crm-desktop ARGV`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return Run(code, out.getvalue(), err.getvalue())
