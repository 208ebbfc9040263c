"""What the editor dialog tests share: message boxes that never block, a change bus whose
changes are recorded, an undo stack, a reporter that fails the test, and opening a dialog as
the active window (so its shortcuts work).

The fixtures are named ``answers``, ``bus``, ``published`` and ``stack``; a test module imports
them by their function names (``answers_fixture``, ...), which keeps the lint quiet about
arguments that shadow an import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.changes import Change
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus

W = TypeVar("W", bound=QWidget)


@pytest.fixture(name="answers")
def answers_fixture(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No message box ever blocks: "Discard changes?" is answered Discard and recorded here;
    any warning or error dialog fails the test."""
    asked: list[str] = []

    def question(parent: object, title: str, *args: object) -> QMessageBox.StandardButton:
        asked.append(title)
        return QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"warning: {a}"))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"critical: {a}"))
    return asked


@pytest.fixture(name="bus")
def bus_fixture() -> ChangeBus:
    return ChangeBus()


@pytest.fixture(name="published")
def published_fixture(bus: ChangeBus) -> list[Change]:
    """Every change published on ``bus``, in order."""
    seen: list[Change] = []
    bus.changed.connect(seen.append)
    return seen


@pytest.fixture(name="stack")
def stack_fixture() -> Iterator[QUndoStack]:
    undo = QUndoStack()
    yield undo
    undo.clear()


def report(what: str, exc: BaseException) -> None:
    """An error reporter that fails the test: no editor should report anything here."""
    raise AssertionError(f"reported: {what}: {exc}")


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Show ``window`` and wait until it is the active window."""
    window.show()
    qtbot.waitExposed(window)
    handle = window.windowHandle()
    assert handle is not None
    handle.requestActivate()  # shortcuts (Ctrl+Enter) and focus work in the active window
    qtbot.waitUntil(window.isActiveWindow)


def opened(qtbot: QtBot, dialog: W) -> W:
    """``dialog``, closed with the test, shown as the active window."""
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    return dialog


def editor_maker(
    qtbot: QtBot,
    services: Services,
    bus: ChangeBus,
    stack: QUndoStack,
    editor: Callable[..., W],
) -> Callable[..., W]:
    """Opens an ``editor(services, bus, stack, report, *args, **kw)`` as the active window."""

    def build(*args: object, **kw: object) -> W:
        return opened(qtbot, editor(services, bus, stack, report, *args, **kw))

    return build


def child(parent: QWidget, kind: type[W], name: str) -> W:
    """The ``kind`` named ``name`` inside ``parent``; the test fails if there is none."""
    found = parent.findChild(kind, name)
    assert found is not None, name
    return found
