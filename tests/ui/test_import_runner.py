"""While an import runs on its worker, typing or clicking anywhere in the app tells it the
person is at work, so that it writes in small parts and their save gets in quickly."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from crm_desktop.store import db
from crm_desktop.ui.importing.runner import ImportRunner


def run_import(qtbot: QtBot, typing: bool) -> bool:
    """Whether the import, mid-run, saw that another thread will write soon."""
    db._WRITERS._last.clear()  # what earlier tests wrote on this thread is not this typing
    field = QLineEdit()
    qtbot.addWidget(field)
    runner = ImportRunner()
    started, go_on = threading.Event(), threading.Event()

    def job(progress: Any, cancelled: Any) -> bool:
        started.set()
        go_on.wait(10)
        return db.others_wrote_lately(15.0)

    results: list[bool] = []
    runner.finished.connect(results.append)
    runner.start(job)
    assert started.wait(10)
    if typing:
        QTest.keyClick(field, Qt.Key.Key_A)
    go_on.set()
    qtbot.waitUntil(lambda: bool(results) and not runner.running())
    qtbot.waitUntil(lambda: runner._at_work is None)  # the filter goes with the import
    return results[0]


def test_typing_beside_an_import_makes_it_write_in_small_parts(qtbot: QtBot) -> None:
    assert run_import(qtbot, typing=True) is True


def test_an_import_nobody_works_beside_writes_whole_chunks(qtbot: QtBot) -> None:
    assert run_import(qtbot, typing=False) is False
