"""The log file: what is written to it, and how it rolls over."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_desktop import logsetup


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "logs" / "crm.log"
    hook, level = sys.excepthook, logsetup.log.level
    logsetup.configure(path)
    yield path
    for handler in list(logsetup.log.handlers):
        if isinstance(handler, logsetup.RollingFile):
            logsetup.log.removeHandler(handler)
            handler.close()
    sys.excepthook = hook
    logsetup.log.setLevel(level)


def test_records_are_written_with_time_level_and_source(log_file: Path) -> None:
    logging.getLogger("crm_desktop.store").warning("disk nearly full: %s MB left", 12)
    logging.getLogger("crm_desktop.store").debug("not kept at the default level")

    lines = log_file.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert lines[0].endswith("WARNING crm_desktop.store: disk nearly full: 12 MB left")


def test_configuring_again_does_not_write_each_record_twice(log_file: Path) -> None:
    logsetup.configure(log_file)
    logsetup.log.info("once")
    assert log_file.read_text(encoding="utf-8").count("once") == 1


def test_a_full_log_rolls_over_keeping_five_old_ones(
    log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logsetup, "MAX_BYTES", 200)
    for number in range(40):
        logsetup.log.info("record %02d %s", number, "x" * 60)

    names = sorted(p.name for p in log_file.parent.iterdir())
    assert names == ["crm.log", "crm.log.1", "crm.log.2", "crm.log.3", "crm.log.4", "crm.log.5"]
    assert all(p.stat().st_size < 200 + 150 for p in log_file.parent.iterdir())
    newest = log_file.read_text(encoding="utf-8")
    assert "record 39" in newest
    # .1 holds what came just before the current file, .5 the oldest kept
    previous = (log_file.parent / "crm.log.1").read_text(encoding="utf-8")
    oldest = (log_file.parent / "crm.log.5").read_text(encoding="utf-8")
    assert max(_numbers(previous)) + 1 == min(_numbers(newest))
    assert max(_numbers(oldest)) < min(_numbers(previous))
    everything = "".join(p.read_text(encoding="utf-8") for p in log_file.parent.iterdir())
    assert "record 00" not in everything


def test_an_uncaught_exception_is_logged_with_its_traceback(
    log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "__excepthook__", lambda *args: None)
    try:
        raise RuntimeError("the window could not be built")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())

    text = log_file.read_text(encoding="utf-8")
    assert "CRITICAL crm_desktop: Uncaught exception" in text
    assert "RuntimeError: the window could not be built" in text
    assert "Traceback (most recent call last)" in text


def _numbers(text: str) -> list[int]:
    return [int(line.split("record ")[1][:2]) for line in text.splitlines()]
