"""The start: only the first screen is built before the window paints; the rest (the other
pages, the follow-ups pane, the contact detail, the notifier) right after, or at once when a
shortcut or an action asks for it; lapsed "stay in touch" cadences still surface, after the
first paint; and ``--smoke start`` measures the real start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.app import Wiring, create_main_window
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.opening import open_store
from crm_desktop.ui.contacts.detail import ContactDetailPanel
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.pipeline.page import PipelinePage
from crm_desktop.ui.reminders.pane import RemindersPane

STAY_IN_TOUCH = "Stay in touch with Ann Lee"
Opener = Callable[..., tuple[MainWindow, Wiring]]


def fill(folder: Path) -> None:
    """A contact whose "stay in touch" cadence has lapsed (never contacted), another one with
    a lead, and a follow-up that fell due while the app was closed."""
    open_store(folder / "crm.sqlite3", folder / "backups")
    services = Services.create()
    services.contacts.create(
        ContactFields(first_name="Ann", last_name="Lee", stay_in_touch_days=30)
    )
    bob = services.contacts.create(ContactFields(first_name="Bob", last_name="Ek")).id
    services.pipeline.create_lead(LeadFields(title="Bob's boat", contact_id=bob))
    services.followups.create(
        ReminderFields(title="Call Bob back", due_at=services.clock.now() - timedelta(hours=2))
    )
    db.close()


def reminder_titles(services: Services) -> list[str]:
    return [item.title for item in services.followups.overdue()]


@pytest.fixture
def opened(qtbot: QtBot) -> Iterator[Opener]:
    windows: list[MainWindow] = []

    def open_window(folder: Path, *, running: bool = False) -> tuple[MainWindow, Wiring]:
        window = create_main_window(folder, running=running)
        qtbot.addWidget(window)
        windows.append(window)
        return window, window.wiring  # type: ignore[attr-defined]

    yield open_window
    for window in windows:
        window.close()
        window.wiring.finish()  # type: ignore[attr-defined]
    db.close()


def shown(qtbot: QtBot, window: MainWindow, wiring: Wiring) -> None:
    """Show ``window`` and wait for what is built after its first paint."""
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: wiring.later.pending() == 0, timeout=10_000)


def test_only_the_first_screen_is_built_before_the_window_paints(
    opened: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    fill(tmp_path / "data")
    window, wiring = opened(tmp_path / "data")
    assert window.current_page() == "contacts" and window.is_built("contacts")
    assert wiring.contacts.model.rowCount() == 2  # the list has its rows
    for key in ("companies", "pipeline", "reminders"):
        assert not window.is_built(key)
    assert window.findChild(RemindersPane) is None
    assert window.findChild(ContactDetailPanel) is None
    stand_in = window.findChild(QWidget, "contactDetailStandIn")
    assert stand_in is not None and stand_in.findChild(QWidget, "emptyNewContactButton")
    assert wiring.later.pending() > 0 and not wiring.later.painted

    shown(qtbot, window, wiring)
    assert all(window.is_built(key) for key in ("companies", "pipeline", "reminders"))
    pane = window.findChild(RemindersPane, "remindersPane")
    assert pane is not None and window.reminders_dock.widget() is pane
    assert window.findChild(ContactDetailPanel) is wiring.detail
    assert window.findChild(QWidget, "contactDetailStandIn") is None
    assert window.current_page() == "contacts"  # the pages built later stay behind it


def test_a_short_list_counts_in_the_status_bar_from_the_start(
    opened: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    """A list shorter than a page is counted as it is built, before the window listens."""
    fill(tmp_path / "data")
    window, wiring = opened(tmp_path / "data")
    assert window.counts_label.text() == "2 contacts"
    shown(qtbot, window, wiring)
    # Bob's follow-up, and one for Ann's lapsed cadence, surfaced after the paint
    for key, text in (("companies", "0 companies"), ("reminders", "2 open follow-ups")):
        window.show_page(key)
        assert window.counts_label.text() == text
    window.show_page("contacts")
    assert window.counts_label.text() == "2 contacts"


def test_a_page_is_built_when_its_shortcut_asks_before_the_rest(
    opened: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    fill(tmp_path / "data")
    window, wiring = opened(tmp_path / "data")
    assert not window.is_built("pipeline")
    ctrl_3 = [a for a in window.actions() if a.shortcut() == QKeySequence("Ctrl+3")]
    assert len(ctrl_3) == 1
    ctrl_3[0].trigger()  # what pressing Ctrl+3 does
    assert window.current_page() == "pipeline" and window.is_built("pipeline")
    page = window.pages.currentWidget()
    assert isinstance(page, PipelinePage) and page is wiring.pipeline
    board = page.board
    assert len(board.columns) == 6
    assert sum(column.model.rowCount() for column in board.columns) == 1  # Bob's boat
    shown(qtbot, window, wiring)
    assert window.pages.currentWidget() is page  # built once, still the one shown


def test_the_detail_is_built_when_a_contact_is_picked_before_the_rest(
    opened: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    fill(tmp_path / "data")
    window, wiring = opened(tmp_path / "data")
    assert not wiring.contacts_page.has_detail()
    wiring.contacts.table.selectRow(0)
    assert wiring.contacts_page.has_detail()
    assert wiring.detail.contact_id() == wiring.contacts.model.row_id(0)
    assert window.findChild(QWidget, "contactDetailStandIn") is None


def test_new_contact_from_the_stand_in_opens_the_editor(
    opened: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    fill(tmp_path / "data")
    window, _wiring = opened(tmp_path / "data")
    button = window.findChild(QWidget, "emptyNewContactButton")
    assert button is not None
    button.click()  # type: ignore[attr-defined]
    editor = window.findChild(QWidget, "contactEditor")
    assert editor is not None and editor.isVisible()
    editor.close()


def test_lapsed_cadences_surface_after_the_first_paint(
    opened: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    fill(tmp_path / "data")
    window, wiring = opened(tmp_path / "data")
    assert STAY_IN_TOUCH not in reminder_titles(wiring.services)  # not before the paint
    shown(qtbot, window, wiring)
    qtbot.waitUntil(lambda: STAY_IN_TOUCH in reminder_titles(wiring.services))
    pane = wiring.reminders
    qtbot.waitUntil(lambda: STAY_IN_TOUCH in pane.model.titles()["overdue"])
    assert reminder_titles(wiring.services).count(STAY_IN_TOUCH) == 1


def test_the_running_app_raises_what_fell_due_and_backs_up_after_the_paint(
    opened: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    fill(tmp_path / "data")
    window, wiring = opened(tmp_path / "data", running=True)
    assert window.findChild(QWidget, "reminderNotification") is None
    shown(qtbot, window, wiring)
    qtbot.waitUntil(
        lambda: window.findChild(QWidget, "reminderNotification") is not None, timeout=5_000
    )
    qtbot.waitUntil(lambda: any((tmp_path / "data" / "backups").glob("*.sqlite3")), timeout=10_000)


def test_keyboard_shortcuts_work_before_their_parts_are_built(
    opened: Opener, tmp_path: Path, qtbot: QtBot
) -> None:
    fill(tmp_path / "data")
    window, wiring = opened(tmp_path / "data")
    by_keys = {a.shortcut().toString(): a for a in window.actions() if not a.shortcut().isEmpty()}
    by_keys["Ctrl+Shift+F"] = window.toggle_reminders
    by_keys["Ctrl+4"].trigger()
    assert window.current_page() == "reminders" and window.is_built("reminders")
    by_keys["Ctrl+2"].trigger()
    assert window.current_page() == "companies" and window.is_built("companies")
    by_keys["Ctrl+1"].trigger()
    assert window.current_page() == "contacts"
    by_keys["Ctrl+L"].trigger()  # nobody picked yet: a hint, and nothing built for it
    assert "Pick a contact first" in window.statusBar().currentMessage()
    wiring.open_reminders()  # a notification's Open: the pane, built now
    assert window.reminders_dock.widget() is window.findChild(RemindersPane, "remindersPane")


def test_smoke_start_runs_the_real_start_and_reports_the_paint(tmp_path: Path) -> None:
    fill(tmp_path / "data")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("CRM_DESKTOP_DATA_DIR", None)
    command = [sys.executable, "-m", "crm_desktop", "--data-dir", str(tmp_path / "data")]
    done = subprocess.run(
        [*command, "--smoke", "start"], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout.strip().splitlines()[-1])
    assert said["exit"] == 0 and said["shown_at"] > 0 and said["cpu_s"] > 0
    assert said["orm_loaded"] is False  # the first screen read through plain sqlite3
    # the same line in the data folder, for a windowed program with no console (Windows)
    saved = json.loads((tmp_path / "data" / "smoke-start.json").read_text(encoding="utf-8"))
    assert saved == said


def test_starting_the_window_imports_only_what_the_first_screen_needs() -> None:
    later = (
        "crm_desktop.cli",
        "crm_desktop.domain.pipeline",
        "crm_desktop.domain.followups",
        "crm_desktop.domain.finder",
        "crm_desktop.interchange",
        "crm_desktop.ui.pipeline.page",
        "crm_desktop.ui.reminders.pane",
        "crm_desktop.ui.contacts.detail",
        "crm_desktop.ui.timeline.widget",
        "crm_desktop.ui.notifications",
        "crm_desktop.ui.search.popup",
        "crm_desktop.ui.search.model",
        "python_calamine",
        "vobject",
        "crm_desktop.store.search",  # a text filter or a search needs it, not the first list
        "html",  # links in a detail
        "dataclasses",  # a frozen dataclass takes 0.5-1 ms to define: the first screen's
        # record types are named tuples
        "json",  # peewee imports it, after the paint
    )
    code = (
        "import sys\n"
        "from crm_desktop.__main__ import parse\n"
        "assert parse(['--data-dir', 'x']).command is None\n"
        "import crm_desktop.app\n"
        "import crm_desktop.ui.contacts.list_panel, crm_desktop.ui.contacts.page\n"
        "import crm_desktop.smoke\n"  # what bench.frozen_start runs: it must add nothing
        f"print([m for m in {later!r} if m in sys.modules])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stdout


def test_a_command_still_parses_with_the_cli() -> None:
    from crm_desktop.__main__ import parse

    args = parse(["--data-dir", "x", "stats", "--json"])
    assert args.command == "stats" and args.json and args.data_dir == "x"
    assert parse(["--data-dir", "x"]).command is None
    with pytest.raises(SystemExit):
        parse(["--data-dir", "x", "no-such-command"])


def test_a_page_whose_build_failed_is_built_when_next_wanted(qtbot: QtBot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(str(tmp_path), settings, QUndoStack())
    qtbot.addWidget(window)
    tries: list[int] = []

    def build() -> QWidget:
        tries.append(1)
        if len(tries) == 1:
            raise OSError("the disk went away")
        page = QLabel("Two")
        page.setObjectName("pageTwo")
        return page

    window.add_page("one", "One", QLabel("One"))
    window.add_page("two", "Two", build)
    window.restore_layout()
    assert window.current_page() == "one" and not window.is_built("two")
    with pytest.raises(OSError):
        window.page("two")
    assert not window.is_built("two")
    assert window.page("two").objectName() == "pageTwo" and window.is_built("two")
    window.show_page("two")
    assert window.pages.currentWidget() is window.page("two") and len(tries) == 2
