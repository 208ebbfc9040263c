"""The wired main window: welcome on an empty folder, navigation, global search into the
detail, quick-log, undo from the Edit menu, due follow-ups, and a remembered layout."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.app import Wiring, create_main_window
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.followups import ReminderFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.opening import open_store
from crm_desktop.ui.importing.wizard import ImportWizard
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.pipeline.lead_detail import LeadDetailDialog
from crm_desktop.ui.pipeline.lead_editor import LeadEditor
from crm_desktop.ui.reminders.pane import RemindersPane

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def opened(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, Wiring]]:
    windows: list[MainWindow] = []

    def open_window(folder: Path, fill_demo: bool = False) -> tuple[MainWindow, Wiring]:
        window = create_main_window(folder, fill_demo=fill_demo)
        qtbot.addWidget(window)
        windows.append(window)
        wiring: Wiring = window.wiring  # type: ignore[attr-defined]
        with qtbot.waitActive(window):
            window.show()
            window.activateWindow()
        qtbot.waitUntil(lambda: not wiring.contacts.model.counting)
        qtbot.waitUntil(lambda: wiring.later.pending() == 0)  # the rest, built after the paint
        return window, wiring

    yield open_window  # type: ignore[misc]
    for window in windows:
        window.wiring.finish()  # type: ignore[attr-defined]
    db.close()


def test_a_new_folder_welcomes_and_offers_sample_data(
    opened: object, tmp_path: Path, qtbot: QtBot
) -> None:
    window, wiring = opened(tmp_path / "fresh")  # type: ignore[operator]
    assert (tmp_path / "fresh" / "crm.sqlite3").exists()
    assert wiring.contacts_page.currentWidget() is wiring.contacts_page.welcome
    import_button = window.findChild(QWidget, "importButton")
    assert import_button is not None and import_button.isEnabled()
    qtbot.mouseClick(window.findChild(QWidget, "loadSampleButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiring.contacts.model.rowCount() == 400, timeout=10_000)
    assert wiring.contacts_page.currentWidget() is wiring.contacts_page.splitter
    assert window.counts_label.text() == "400 contacts"


def test_navigation_search_detail_and_quick_log(
    opened: object, tmp_path: Path, qtbot: QtBot
) -> None:
    folder = tmp_path / "data"
    open_store(folder / "crm.sqlite3", folder / "backups")
    services = Services.create()
    ann = services.contacts.create(
        ContactFields(first_name="Annika", last_name="Berg", emails=[("work", "ab@x.io")])
    ).id
    services.contacts.create(ContactFields(first_name="Bo", last_name="Ek"))
    services.followups.create(
        ReminderFields(title="Call Annika back", due_at=services.clock.now() - timedelta(hours=1))
    )
    window, wiring = opened(folder)  # type: ignore[operator]

    pane = window.findChild(RemindersPane, "remindersPane")
    assert pane is not None and pane.model.titles()["overdue"] == ["Call Annika back"]

    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "companies"
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "contacts"

    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert wiring.search.hasFocus()
    qtbot.keyClicks(wiring.search, "annik")
    with qtbot.waitSignal(wiring.search.open_requested, timeout=3000):
        qtbot.wait(300)
        qtbot.keyClick(wiring.search, Qt.Key.Key_Return)
    assert wiring.detail.contact_id() == ann

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert wiring.timeline.findChild(QWidget, "quickLog") is not None
    before = len(services.interactions.for_contact(ann))
    wiring.timeline.focus_log()
    focused = window.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, "Rang about the offer")
    qtbot.keyClick(focused, Qt.Key.Key_Return)
    assert len(services.interactions.for_contact(ann)) == before + 1
    window.undo_action.trigger()
    assert len(services.interactions.for_contact(ann)) == before


def test_layout_is_remembered(opened: object, tmp_path: Path, qtbot: QtBot) -> None:
    folder = tmp_path / "remember"
    window, wiring = opened(folder, True)  # type: ignore[operator]
    window.reminders_dock.hide()
    wiring.contacts.table.setColumnWidth(1, 321)
    wiring.contacts_page.splitter.setSizes([700, 400])
    window.show_page("pipeline")
    window.close()
    wiring.finish()
    db.close()
    again, rewired = opened(folder)  # type: ignore[operator]
    assert again.current_page() == "pipeline"
    assert rewired.contacts.table.columnWidth(1) == 321
    assert again.reminders_dock.isHidden()  # the window state: docks and toolbars


def test_companies_page_lists_and_opens_people(
    opened: object, tmp_path: Path, qtbot: QtBot
) -> None:
    window, wiring = opened(tmp_path / "co", True)  # type: ignore[operator]
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "companies"
    qtbot.waitUntil(lambda: not wiring.companies.model.counting)
    assert wiring.companies.model.rowCount() > 0
    wiring.companies.table.selectRow(0)
    company = wiring.company_detail.company_id()
    assert company is not None
    assert window.findChild(QWidget, "companyPeople") is not None
    person = wiring.services.contacts.create(
        ContactFields(first_name="New", last_name="Hire", company_id=company)
    ).id
    wiring.open_contact(person)
    assert window.current_page() == "contacts" and wiring.detail.contact_id() == person


def test_the_pipeline_page_holds_the_board(opened: object, tmp_path: Path, qtbot: QtBot) -> None:
    window, wiring = opened(tmp_path / "board", True)  # type: ignore[operator]
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "pipeline"
    board = wiring.pipeline.board
    assert board.isVisible() and board.objectName() == "leadBoard" and len(board.columns) == 6
    assert sum(c.model.rowCount() for c in board.columns) > 10
    assert window.new_lead_action.shortcut().toString() == "Ctrl+Shift+N"


def test_new_lead_and_lead_detail_from_the_window(
    opened: object, tmp_path: Path, qtbot: QtBot
) -> None:
    window, wiring = opened(tmp_path / "leads", True)  # type: ignore[operator]
    wiring.contacts.table.selectRow(0)
    contact = wiring.detail.contact_id()
    assert contact is not None
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL_SHIFT)
    editor = window.findChild(LeadEditor, "leadEditor")
    assert editor is not None and editor.isVisible()
    assert editor.picker.contact_id() == contact  # for the contact shown
    editor.close()

    window.show_page("pipeline")
    board = wiring.pipeline.board
    cards = board.columns[0].cards
    cards.setFocus()
    cards.setCurrentIndex(cards.model().index(0, 0))
    lead = cards.current_lead()
    qtbot.keyClick(cards, Qt.Key.Key_Return)
    dialog = window.findChild(LeadDetailDialog, "leadDetailDialog")
    assert dialog is not None and dialog.isVisible() and dialog.detail.lead_id() == lead
    dialog.close()


def test_new_company_from_the_file_menu(opened: object, tmp_path: Path, qtbot: QtBot) -> None:
    window, _wiring = opened(tmp_path / "firms")  # type: ignore[operator]
    window.new_company_action.trigger()
    assert window.current_page() == "companies"
    editor = window.findChild(QDialog, "companyEditor")
    assert editor is not None and editor.isVisible()
    editor.close()


def test_a_reminder_due_while_closed_is_raised_at_start(
    opened: object, tmp_path: Path, qtbot: QtBot
) -> None:
    folder = tmp_path / "due"
    open_store(folder / "crm.sqlite3", folder / "backups")
    services = Services.create()
    due = services.followups.create(
        ReminderFields(title="Call back", due_at=services.clock.now() - timedelta(hours=2))
    ).id
    window, wiring = opened(folder)  # type: ignore[operator]
    prefs = wiring.notification_settings.prefs
    wiring.notifier.set_prefs(replace(prefs, use_hours=False))  # whatever the hour of the run
    with qtbot.waitSignal(wiring.notifier.raised, timeout=5000) as raised:
        wiring.notifier.start()
    assert raised.args == [due]
    card = window.findChild(QWidget, "reminderNotification")
    assert card is not None and card.isVisible()
    assert window.notification_settings_action.text() == "&Notification settings…"


def test_import_export_history_and_duplicates_open_from_the_menus(
    opened: object, tmp_path: Path, qtbot: QtBot
) -> None:
    window, wiring = opened(tmp_path / "menus")  # type: ignore[operator]
    for action, name in (
        (window.import_action, "importWizard"),
        (window.import_history_action, "importHistory"),
        (window.export_action, "exportDialog"),
        (window.duplicates_action, "duplicatesDialog"),
    ):
        action.trigger()
        qtbot.waitUntil(lambda n=name: _visible(window, n), timeout=5_000)
    qtbot.mouseClick(window.findChild(QWidget, "importButton"), Qt.MouseButton.LeftButton)
    assert len(wiring._wizards) == 2  # the welcome panel's button opens one too


def test_export_from_the_pipeline_page_offers_its_deals(
    opened: object, tmp_path: Path, qtbot: QtBot
) -> None:
    window, wiring = opened(tmp_path / "deals")  # type: ignore[operator]
    window.show_page("pipeline")
    dialog = wiring.export()
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.current_what() == "deals"
    assert dialog.deals_box.pipeline_id() == wiring.pipeline.pipeline_id
    dialog.close()
    window.show_page("contacts")
    assert wiring.export().current_what() == "contacts"


def _visible(window: QWidget, name: str) -> bool:
    found = window.findChild(QWidget, name)
    return found is not None and found.isVisible()


def test_the_window_fits_a_1280_pixel_screen_with_the_follow_ups_shown(
    opened: object, tmp_path: Path, qtbot: QtBot
) -> None:
    window, wiring = opened(tmp_path / "laptop", True)  # type: ignore[operator]
    assert window.reminders_dock.isVisible()
    assert window.reminders_dock.widget() is wiring.reminders
    for key in ("contacts", "companies", "pipeline", "reminders"):
        window.show_page(key)
        assert window.minimumSizeHint().width() <= 1280, key
    window.resize(1280, 720)
    qtbot.waitUntil(lambda: window.width() == 1280)
    window.show_page("pipeline")
    bar = wiring.pipeline.filters
    qtbot.waitUntil(bar.isVisible)
    qtbot.wait(20)  # the new width laid out
    parts = [w for w in bar.findChildren(QWidget) if w.parent() is bar and w.isVisible()]
    rects = [w.geometry() for w in parts]
    assert len(parts) == 8 and all(bar.rect().contains(rect) for rect in rects)
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    dock, pages = window.reminders_dock.geometry(), window.pages.geometry()
    assert not dock.intersects(pages.translated(window.centralWidget().pos()))


def test_no_list_shortcut_is_also_a_window_shortcut(opened: object, tmp_path: Path) -> None:
    """A key that both the window and a list answer reaches only one of them: the company
    list's Restore was on Ctrl+R, and in the window that key always made a new follow-up."""
    window, wiring = opened(tmp_path / "keys")  # type: ignore[operator]
    window.show_page("companies")
    lists = (wiring.contacts, wiring.companies)
    listed = {id(action) for panel in lists for action in panel.table.actions()}
    wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    window_keys = {
        action.shortcut().toString()
        for action in window.findChildren(QAction)
        if not action.shortcut().isEmpty()
        and id(action) not in listed
        and action.shortcutContext() in wide
    }
    assert {"Ctrl+N", "Ctrl+R"} <= window_keys
    for panel in lists:
        keys = {
            a.shortcut().toString() for a in panel.table.actions() if not a.shortcut().isEmpty()
        }
        assert "Ctrl+Shift+R" in keys
        assert not keys & window_keys, (panel.objectName(), keys & window_keys)


def _drop(window: MainWindow, paths: list[Path]) -> bool:
    """Drag ``paths`` over the window and drop them, as a file manager does; whether it took
    the drag."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    where = QPointF(window.rect().center())
    action, button = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(where.toPoint(), action, data, button, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(where, action, data, button, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    return drop.isAccepted()


def _open_wizard(window: MainWindow, qtbot: QtBot) -> ImportWizard:
    """The import wizard showing now (a closed one may linger until it is deleted)."""
    found: list[ImportWizard] = []

    def one_shown() -> None:
        found[:] = [w for w in window.findChildren(ImportWizard) if w.isVisible()]
        assert len(found) == 1

    qtbot.waitUntil(one_shown)
    return found[0]


def test_files_dropped_on_the_window_are_imported_one_after_another(
    opened: object, tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, wiring = opened(tmp_path / "data")  # type: ignore[operator]
    files = [tmp_path / f"{name}.csv" for name in ("ann", "bob", "cy", "dee", "eve")]
    for path in files:
        name = path.stem.capitalize()
        path.write_text(f"Name,Email\n{name} Lee,{path.stem}@example.com\n", encoding="utf-8")
    answers: list[bool] = []
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        return yes if answers.pop(0) else no

    monkeypatch.setattr(QMessageBox, "question", question)

    assert _drop(window, files[:2])
    wizard = _open_wizard(window, qtbot)
    assert wizard.file is not None and wizard.file.path == files[0]
    assert wizard.windowTitle() == "Import (1 of 2)"
    assert "Importing 2 files" in window.statusBar().currentMessage()
    assert _drop(window, files[2:3])  # while the first is open: it waits behind the second
    assert "2 files waiting" in window.statusBar().currentMessage()
    wizard.next()
    wizard.next()  # the columns, then the options
    with qtbot.waitSignal(wizard.run_page.finished, timeout=20_000):
        wizard.next()
    qtbot.waitUntil(wizard.run_page.isComplete)
    wizard.accept()  # Finish: the next file's wizard opens, nothing asked
    wizard = _open_wizard(window, qtbot)
    assert wizard.file is not None and wizard.file.path == files[1]
    assert wizard.windowTitle() == "Import (2 of 3)"
    answers.append(True)
    wizard.reject()  # closed before importing: go on with the next? Yes
    assert asked[-1] == (
        "“bob.csv” was not imported. Go on with the next file you dropped, “cy.csv”? "
        "It is the last one."
    )
    wizard = _open_wizard(window, qtbot)
    assert wizard.file is not None and wizard.file.path == files[2]
    assert wizard.windowTitle() == "Import (3 of 3)"
    wizard.reject()  # the last one: nothing left to ask about
    assert len(asked) == 1

    assert _drop(window, files[3:])
    wizard = _open_wizard(window, qtbot)
    assert wizard.windowTitle() == "Import (1 of 2)"  # a new round counts from one
    answers.append(False)
    wizard.reject()  # No: the rest is dropped
    qtbot.wait(20)
    assert not [w for w in window.findChildren(ImportWizard) if w.isVisible()]
    assert "The other file you dropped was not imported" in window.statusBar().currentMessage()
    names = {row.display_name for row in wiring.services.contacts.page(limit=10)}
    assert names == {"Ann Lee"}


def test_text_dragged_over_the_window_is_not_taken_for_a_file(
    opened: object, tmp_path: Path
) -> None:
    window, _ = opened(tmp_path / "data")  # type: ignore[operator]
    data = QMimeData()
    data.setText("just text")
    enter = QDragEnterEvent(
        window.rect().center(),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()  # text is not a file to import
