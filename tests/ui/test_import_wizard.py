"""The import wizard as a user drives it: pick a file, see its source and columns, choose how to
import, watch it run, read the report, undo it; and File > Import history."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWizard
from pytestqt.qtbot import QtBot

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.interchange.opened import open_file
from crm_desktop.store import db
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.importing.history import ImportHistoryDialog
from crm_desktop.ui.importing.mapping_model import TARGET
from crm_desktop.ui.importing.wizard import FILE, MAPPING, OPTIONS, RUN, ImportWizard

GOOGLE_HEADER = (
    "First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Notes,"
    "Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value"
)
GOOGLE_ROWS = [
    "Ann,,Lee,Acme Ltd,Buyer,1980-04-02,Likes tea,* myContacts ::: VIP,* Work,ann@acme.example,"
    "Mobile,+44 7700 900123",
    'Bo,,Chen,,,,"Met at the fair\nCall in May",* myContacts,Home,bo@example.org,,',
    ",,,Globex,,,Cy Diaz,,Work,cy(at)globex.example,,",  # no name, and no e-mail to go by
]


def _errors() -> list[tuple[str, BaseException]]:
    return []


@pytest.fixture
def google_csv(tmp_path: Path) -> Path:
    path = tmp_path / "google.csv"
    path.write_text("\n".join([GOOGLE_HEADER, *GOOGLE_ROWS]) + "\n", encoding="utf-8")
    return path


def many_people_csv(tmp_path: Path) -> Path:
    """A Google CSV of 12,000 people: an import long enough to cancel or undo mid-way."""
    path = tmp_path / "many.csv"
    rows = [f"P{i},,Person{i},,,,,,Work,p{i}@example.com,," for i in range(12_000)]
    path.write_text("\n".join([GOOGLE_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def wizard(qtbot: QtBot, services: Services) -> tuple[ImportWizard, ChangeBus, list[object]]:
    bus = ChangeBus()
    errors: list[object] = []
    wizard = ImportWizard(services, bus, lambda what, exc: errors.append((what, exc)))
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard, bus, errors


def _names(services: Services) -> set[str]:
    return {row.display_name for row in services.contacts.page(limit=100)}


def _run_to_report(qtbot: QtBot, wizard: ImportWizard) -> object:
    with qtbot.waitSignal(wizard.run_page.finished, timeout=20_000) as finished:
        wizard.next()  # the options page is the commit page: "Import"
    assert wizard.currentId() == RUN
    qtbot.waitUntil(wizard.run_page.isComplete)
    return finished.args[0]


def test_a_google_csv_is_recognised_mapped_imported_reported_and_undone(
    qtbot: QtBot, qtmodeltester: object, wizard: tuple, services: Services, google_csv: Path
) -> None:
    wiz, bus, errors = wizard
    wiz.open_path(str(google_csv))
    assert "Google" in wiz.file_page.found.text()
    assert wiz.file_page.preview.rowCount() == 3
    assert wiz.button(QWizard.WizardButton.NextButton).isEnabled()

    wiz.next()
    assert wiz.currentId() == MAPPING
    model = wiz.mapping_page.model
    assert model is not None
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    header = [model.index(r, 0).data() for r in range(model.rowCount())]
    notes = header.index("Notes")
    assert model.target(notes) != ""
    # Leave the notes out of this import, through the model as the combo box does.
    model.setData(model.index(notes, TARGET), "skip", Qt.ItemDataRole.EditRole)
    assert notes not in model.mapping()

    wiz.next()
    assert wiz.currentId() == OPTIONS
    changes: list[object] = []
    bus.changed.connect(changes.append)
    report = _run_to_report(qtbot, wiz)

    assert report.created == 2  # type: ignore[attr-defined]
    assert [line for line, _ in report.rejected] == [5]  # type: ignore[attr-defined]
    assert "not an email address" in wiz.run_page.rejected.cell(0, 1)
    assert "2 records created" in wiz.run_page.status.text()
    qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)
    assert not db.checkpoints_deferred()  # the worker settled the WAL after the report
    assert changes, "the lists are told to re-read"
    assert _names(services) == {"Ann Lee", "Bo Chen"}
    ann = next(r for r in services.contacts.page(limit=10) if r.display_name == "Ann Lee")
    detail = services.contacts.get(ann.id)
    assert detail.company_name == "Acme Ltd"
    assert [e for _, e in detail.emails] == ["ann@acme.example"]
    assert detail.tags == ("VIP",)
    assert detail.personal_notes == ""  # the notes column was left out

    assert wiz.run_page.undo_button.isVisible()
    qtbot.mouseClick(wiz.run_page.undo_button, Qt.MouseButton.LeftButton)
    assert not wiz.run_page.undo_button.isEnabled()  # at once: no second undo meanwhile
    qtbot.waitUntil(lambda: wiz.undoing is None, timeout=10_000)  # on a worker thread
    assert _names(services) == set()
    assert not wiz.run_page.undo_button.isEnabled()
    assert wiz.run_page.undo_button.text() == "Import undone"
    assert errors == []


def test_the_rejected_rows_are_saved_to_fix_and_import_again(
    qtbot: QtBot, wizard: tuple, services: Services, google_csv: Path, tmp_path: Path
) -> None:
    wiz, _, _ = wizard
    wiz.open_path(str(google_csv))
    wiz.next()
    wiz.next()
    report = _run_to_report(qtbot, wiz)
    assert [line for line, _ in report.rejected] == [5]  # type: ignore[attr-defined]
    assert wiz.run_page.save_button.isVisible()
    saved = tmp_path / "rejected.csv"
    assert wiz.run_page.save_rejected_to(str(saved))
    assert str(saved) in wiz.run_page.status.text()
    again = open_file(saved)
    assert again.source == "google" and len(again.preview) == 1
    assert again.preview[0][0].startswith("Line 5: ") and "cy(at)" in again.preview[0][0]
    assert again.preview[0][1:5] == ["", "", "", "Globex"]  # the row as the file had it
    assert 0 not in again.mapping  # the reason stays out of the next import
    qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)


def test_saving_the_rejected_rows_where_it_cannot_says_so(
    qtbot: QtBot, wizard: tuple, google_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(str(a[2])))
    wiz, _, _ = wizard
    wiz.open_path(str(google_csv))
    wiz.next()
    wiz.next()
    _run_to_report(qtbot, wiz)
    assert not wiz.run_page.save_rejected_to(str(tmp_path / "no such folder" / "r.csv"))
    assert said and "does not exist" in said[0]
    google_csv.unlink()  # the file imported has gone since
    assert not wiz.run_page.save_rejected_to(str(tmp_path / "r.csv"))
    assert len(said) == 2 and not (tmp_path / "r.csv").exists()
    assert not list(tmp_path.glob(".r.csv*"))  # nor a part-written one
    qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)


def _shop_csv(folder: Path, name: str, header: str, row: str) -> Path:
    path = folder / name
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    return path


def _target_of(wiz: ImportWizard, column: str) -> str:
    model = wiz.mapping_page.model
    assert model is not None
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    return model.target(names.index(column))


def _wizard_on(qtbot: QtBot, services: Services, path: Path) -> ImportWizard:
    """A new wizard on ``path``, at its columns."""
    wiz = ImportWizard(services, ChangeBus(), lambda what, exc: None)
    qtbot.addWidget(wiz)
    wiz.show()
    wiz.open_path(str(path))
    wiz.next()
    assert wiz.currentId() == MAPPING
    return wiz


def test_columns_chosen_by_hand_are_used_again_for_the_next_file_like_it(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    """The till's weekly export: "Shop" goes to the notes until the user says it is the
    company, and it is imported with "create and update"; the next week's file (its header
    written in capitals) starts from both."""

    week1 = _shop_csv(tmp_path, "week1.csv", "Name,Email,Shop", "Ann Lee,ann@example.com,Books")
    wiz = _wizard_on(qtbot, services, week1)
    assert _target_of(wiz, "Shop") == "notes_labeled"
    assert not wiz.mapping_page.remembered.isVisible()
    model = wiz.mapping_page.model
    assert model is not None
    model.setData(model.index(2, TARGET), "company", Qt.ItemDataRole.EditRole)
    wiz.next()
    assert not wiz.options_page.remembered.isVisible()  # the defaults: nothing chosen yet
    wiz.options_page.mode_buttons["upsert"].setChecked(True)  # and create and update
    _run_to_report(qtbot, wiz)
    qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)

    week2 = _shop_csv(tmp_path, "week2.csv", "NAME,EMAIL,SHOP", "Bo Chen,bo@example.com,Toys")
    wiz = _wizard_on(qtbot, services, week2)
    assert _target_of(wiz, "SHOP") == "company"
    assert wiz.mapping_page.remembered.isVisible()
    assert "2 March 2026" in wiz.mapping_page.remembered_text.text()  # the services' clock
    wiz.next()
    assert wiz.options_page.mode() == "upsert"  # as chosen for this layout
    assert wiz.options_page.remembered.isVisible()
    wiz.back()
    wiz.next()
    assert wiz.options_page.mode() == "upsert"  # Back and Next keep what is on the page
    report = _run_to_report(qtbot, wiz)
    assert report.created == 1  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)
    bo = next(r for r in services.contacts.page(limit=10) if r.display_name == "Bo Chen")
    assert services.contacts.get(bo.id).company_name == "Toys"

    # The third week the user goes back to what the file's source proposes: forgotten after.
    week3 = _shop_csv(tmp_path, "week3.csv", "Name,Email,Shop", "Cy Diaz,cy@example.com,Games")
    wiz = _wizard_on(qtbot, services, week3)
    assert _target_of(wiz, "Shop") == "company"
    qtbot.mouseClick(wiz.mapping_page.detected_button, Qt.MouseButton.LeftButton)
    assert _target_of(wiz, "Shop") == "notes_labeled"
    assert not wiz.mapping_page.remembered.isVisible()
    wiz.next()
    wiz.options_page.mode_buttons["create"].setChecked(True)  # the default again
    _run_to_report(qtbot, wiz)
    qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)
    fourth = _wizard_on(qtbot, services, week1)
    assert _target_of(fourth, "Shop") == "notes_labeled"
    fourth.next()
    assert fourth.options_page.mode() == "create" and not fourth.options_page.remembered.isVisible()


def test_linkedin_connections_with_their_notes_on_top(
    qtbot: QtBot, wizard: tuple, services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "Notes:\n"
        '"When exporting your connection data, you may notice that some of the email addresses'
        ' are missing."\n\n'
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,https://www.linkedin.com/in/annlee,ann@acme.example,Acme Ltd,Buyer,12 Mar 2023\n"
        "Bo,Chen,https://www.linkedin.com/in/bochen,,Globex,CTO,01 Feb 2022\n",
        encoding="utf-8",
    )
    wiz, _, errors = wizard
    wiz.open_path(str(path))
    found = wiz.file_page.found.text()
    assert "LinkedIn connections export" in found and "header on line 4" in found
    assert wiz.file_page.preview.rowCount() == 2
    wiz.next()
    wiz.next()
    report = _run_to_report(qtbot, wiz)
    assert (report.created, report.rejected) == (2, [])  # type: ignore[attr-defined]
    assert _names(services) == {"Ann Lee", "Bo Chen"}
    bo = next(r for r in services.contacts.page(limit=10) if r.display_name == "Bo Chen")
    detail = services.contacts.get(bo.id)
    assert (detail.company_name, detail.title) == ("Globex", "CTO")
    assert "LinkedIn: https://www.linkedin.com/in/bochen" in detail.personal_notes
    assert "Connected on: 01 Feb 2022" in detail.personal_notes
    assert errors == []


def test_dates_that_read_either_way_are_asked_about_and_the_answer_used(
    qtbot: QtBot, wizard: tuple, services: Services, tmp_path: Path
) -> None:
    wiz, _, _ = wizard
    path = tmp_path / "club.csv"
    path.write_text("Name,Email,Birthday\nAnn Lee,ann@example.com,03/04/1980\n", encoding="utf-8")
    wiz.open_path(str(path))
    wiz.next()
    dates = wiz.mapping_page.dates
    assert dates.isVisible()  # nothing in the file tells 3 April from March 4
    assert dates.choice.currentText() == "March 4 (month first), as nothing in the first rows tells"
    dates.choice.setCurrentIndex(dates.choice.findText("3 April (day first)"))
    wiz.next()
    _run_to_report(qtbot, wiz)
    ann = services.contacts.page(limit=1)[0]
    assert services.contacts.get(ann.id).birthday == date(1980, 4, 3)
    qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)

    iso = tmp_path / "iso.csv"
    iso.write_text("Name,Email,Birthday\nBo Chen,bo@example.com,1980-04-03\n", encoding="utf-8")
    again = ImportWizard(services, ChangeBus(), lambda *_: None)
    qtbot.addWidget(again)
    again.show()
    again.open_path(str(iso))
    again.next()
    assert not again.mapping_page.dates.isVisible()  # nothing to ask


def test_update_only_changes_people_already_here(
    qtbot: QtBot, wizard: tuple, services: Services, google_csv: Path
) -> None:
    wiz, _bus, _errors = wizard
    ann = services.contacts.create(
        ContactFields(first_name="Ann", last_name="Lee", emails=[("work", "ann@acme.example")])
    ).id
    wiz.open_path(str(google_csv))
    wiz.next()
    wiz.next()
    wiz.options_page.mode_buttons["update"].setChecked(True)
    assert not wiz.options_page.existing.isEnabled()
    report = _run_to_report(qtbot, wiz)
    assert (report.created, report.updated) == (0, 1)  # type: ignore[attr-defined]
    assert _names(services) == {"Ann Lee"}
    assert services.contacts.get(ann).title == "Buyer"


def test_a_vcard_file_skips_the_column_page(
    qtbot: QtBot, wizard: tuple, services: Services, tmp_path: Path
) -> None:
    wiz, _bus, _errors = wizard
    path = tmp_path / "phone.vcf"
    path.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ng;Zoë;;;\r\nFN:Zoë Ng\r\nORG:Initech\r\n"
        "EMAIL;TYPE=WORK:zoe@initech.example\r\nTEL;TYPE=CELL:+1 555 0100\r\n"
        "CATEGORIES:Friends,Golf\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    wiz.open_path(str(path))
    assert "vCard" in wiz.file_page.found.text()
    assert wiz.file_page.preview.cell(0, 0) == "Zoë Ng"
    wiz.next()
    assert wiz.currentId() == OPTIONS
    report = _run_to_report(qtbot, wiz)
    assert report.created == 1  # type: ignore[attr-defined]
    zoe = services.contacts.get(services.contacts.page(limit=5)[0].id)
    assert (zoe.display_name, zoe.company_name, zoe.tags) == (
        "Zoë Ng",
        "Initech",
        ("Friends", "Golf"),
    )


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x00binary\x00\x00", "binary"),
    ],
)
def test_a_file_that_is_not_what_it_claims_says_why_and_goes_no_further(
    wizard: tuple, tmp_path: Path, content: bytes, words: str
) -> None:
    wiz, _bus, _errors = wizard
    path = tmp_path / "contacts.csv"
    path.write_bytes(content)
    wiz.open_path(str(path))
    assert words.lower() in wiz.file_page.found.text().lower()
    assert not wiz.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wiz.currentId() == FILE


def test_cancel_stops_the_import_and_keeps_what_got_in_undoable(
    qtbot: QtBot, wizard: tuple, services: Services, tmp_path: Path
) -> None:
    wiz, _bus, _errors = wizard
    wiz.open_path(str(many_people_csv(tmp_path)))
    wiz.next()
    wiz.next()
    with qtbot.waitSignal(wiz.run_page.finished, timeout=60_000) as finished:
        wiz.next()
        wiz.run_page.cancel()
    report = finished.args[0]
    assert report.cancelled
    assert report.created < 12_000
    assert "Cancelled" in wiz.run_page.status.text()
    assert services.contacts.count() == report.created


def test_the_history_lists_imports_and_undoes_the_one_chosen(
    qtbot: QtBot, qtmodeltester: object, wizard: tuple, services: Services, google_csv: Path
) -> None:
    wiz, bus, errors = wizard
    wiz.open_path(str(google_csv))
    wiz.next()
    wiz.next()
    _run_to_report(qtbot, wiz)
    assert len(_names(services)) == 2

    history = ImportHistoryDialog(
        wiz.service, bus, lambda w, e: errors.append((w, e)), services.clock.local_tz
    )
    qtbot.addWidget(history)
    qtmodeltester.check(history.model)  # type: ignore[attr-defined]
    assert history.model.rowCount() == 1
    assert history.model.cell(0, 1) == "google.csv"
    assert history.model.cell(0, 2) == "Google Contacts CSV"
    qtmodeltester.check(history.rows)  # type: ignore[attr-defined]
    assert history.rows_view.isVisibleTo(history)  # days later: why line 5 was not imported
    assert (history.rows.cell(0, 0), history.rows.cell(0, 1)) == ("5", "no")  # (Bo's note
    # takes two lines of the file)
    assert history.rows.cell(0, 2) == wiz.run_page.rejected.cell(0, 1)
    assert history.undo_button.isEnabled()
    history.undo_selected(confirm=False)
    assert not history.undo_button.isEnabled()
    qtbot.waitUntil(lambda: history.model.cell(0, 7) == "undone", timeout=10_000)
    assert _names(services) == set()
    assert not history.undo_button.isEnabled()
    assert errors == []


def test_a_long_undo_shows_its_progress_and_cancel_leaves_the_import_in_place(
    qtbot: QtBot, wizard: tuple, services: Services, tmp_path: Path
) -> None:
    wiz, _bus, errors = wizard
    wiz.open_path(str(many_people_csv(tmp_path)))
    wiz.next()
    wiz.next()
    _run_to_report(qtbot, wiz)
    assert services.contacts.count() == 12_000
    wiz.show()
    qtbot.mouseClick(wiz.run_page.undo_button, Qt.MouseButton.LeftButton)
    progress = wiz.findChild(QProgressDialog, "importUndoProgress")
    assert progress is not None
    assert progress.windowModality() == Qt.WindowModality.WindowModal
    cancel = progress.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Cancel"
    cancel.click()  # long before 12,000 rows are gone
    qtbot.waitUntil(lambda: wiz.undoing is None, timeout=20_000)
    assert "cancelled" in wiz.run_page.status.text()
    assert wiz.run_page.undo_button.isEnabled()  # it can be undone later
    assert services.contacts.count() == 12_000  # rolled back whole
    qtbot.mouseClick(wiz.run_page.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.undoing is None, timeout=20_000)
    assert services.contacts.count() == 0
    assert wiz.run_page.undo_button.text() == "Import undone"
    last = wiz.findChildren(QProgressDialog, "importUndoProgress")[-1]
    assert last.maximum() >= 12_000 and last.value() == last.maximum()  # counted in rows
    assert not last.isVisible()
    assert errors == []


def test_rows_imported_with_a_warning_are_listed_with_it(
    qtbot: QtBot, wizard: tuple, services: Services, tmp_path: Path
) -> None:
    wiz, _bus, _errors = wizard
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Phone,Birthday\n"
        "Ann Lee,ann@example.com,,1980-02-30\n"  # no such day: kept in the notes
        "Bo Chen,bo@example.com,4.91511E+12,\n"  # Excel's doing: the digits are gone
        "Cy Diaz,cy@example.com,+1 555 0100,1981-05-06\n",
        encoding="utf-8",
    )
    wiz.open_path(str(path))
    wiz.next()
    wiz.next()
    report = _run_to_report(qtbot, wiz)
    assert report.created == 3  # type: ignore[attr-defined]
    page = wiz.run_page
    assert page.warned_view.isVisibleTo(wiz) and not page.rejected_view.isVisibleTo(wiz)
    assert page.warned.rowCount() == 2
    assert [page.warned.cell(row, 0) for row in range(2)] == ["2", "3"]
    assert "1980-02-30" in page.warned.cell(0, 1)
    assert "4.91511E+12" in page.warned.cell(1, 1)
    assert "2 rows imported with a warning" in page.status.text()


def test_deals_of_a_pipeline_we_lack_are_announced_before_and_after_the_import(
    qtbot: QtBot, wizard: tuple[ImportWizard, ChangeBus, list[object]], services: Services,
    tmp_path: Path,
) -> None:  # fmt: skip
    wiz, _bus, errors = wizard
    services.pipelines.create_pipeline("Hiring")
    path = tmp_path / "deals.csv"
    path.write_text(
        "Title,Pipeline,Stage,Value\r\nEngineer,hiring,New,0\r\nFence,Renewals,Qualified,800\r\n",
        encoding="utf-8",
    )
    wiz.file_page.load(str(path))
    qtbot.waitUntil(lambda: wiz.file is not None)
    wiz.next()
    assert _target_of(wiz, "Pipeline") == "pipeline"
    wiz.next()
    note = wiz.options_page.pipelines_note
    assert note.isVisible()
    assert note.text().startswith("A pipeline this file names is not in CRM Desktop: “Renewals”.")
    assert "go to “Sales”" in note.text()
    report = _run_to_report(qtbot, wiz)
    assert report.created == 2 and errors == []  # type: ignore[attr-defined]
    assert any(n.startswith("Pipeline “Renewals” is not in the app") for n in report.notices)  # type: ignore[attr-defined]


def test_what_each_row_is_chosen_by_hand_is_used_again_for_the_next_file_like_it(
    qtbot: QtBot, services: Services, tmp_path: Path
) -> None:
    """A sheet of orders the wizard takes for people: the user says its rows are deals, and
    the next file with that header is read as deals, saying so, until the user says otherwise."""

    def choose(wiz: ImportWizard, kind: str) -> None:
        choice = wiz.mapping_page.kind.choice
        choice.setCurrentIndex(choice.findData(kind))
        choice.activated.emit(choice.currentIndex())

    def import_it(wiz: ImportWizard) -> object:
        wiz.next()
        report = _run_to_report(qtbot, wiz)
        qtbot.waitUntil(lambda: not wiz.run_page.runner.running(), timeout=10_000)
        return report

    header = "Name,Email,Value"
    week1 = _shop_csv(tmp_path, "week1.csv", header, "Books for Ann,ann@example.com,120")
    wiz = _wizard_on(qtbot, services, week1)
    assert wiz.file is not None and wiz.file.record_kind == "contact"  # the guess
    assert "guessed" in wiz.mapping_page.kind.note.text()
    choose(wiz, "deal")
    assert wiz.file.record_kind == "deal"
    assert "as you chose" in wiz.mapping_page.kind.note.text()
    assert import_it(wiz).created == 1  # type: ignore[attr-defined]

    week2 = _shop_csv(tmp_path, "week2.csv", header.upper(), "Toys for Bo,bo@example.com,80")
    wiz = _wizard_on(qtbot, services, week2)
    assert wiz.file is not None and wiz.file.record_kind == "deal"
    assert wiz.mapping_page.kind.choice.currentData() == "deal"
    assert wiz.mapping_page.kind.note.text().startswith("— as you chose for this file's columns")
    assert "suggested people" in wiz.mapping_page.kind.note.text()
    wiz.back()
    wiz.next()
    assert wiz.file.record_kind == "deal"  # Back and Next keep it
    choose(wiz, "contact")  # the user changes their mind: people after all
    import_it(wiz)

    week3 = _shop_csv(tmp_path, "week3.csv", header, "Games for Cy,cy@example.com,50")
    wiz = _wizard_on(qtbot, services, week3)
    assert wiz.file is not None and wiz.file.record_kind == "contact"
    assert "guessed" in wiz.mapping_page.kind.note.text()


def test_a_file_s_only_pipeline_we_lack_is_taken_for_the_default_one(
    qtbot: QtBot, wizard: tuple[ImportWizard, ChangeBus, list[object]], tmp_path: Path
) -> None:
    wiz, _bus, _errors = wizard
    path = tmp_path / "deals.csv"
    path.write_text(
        "Title,Pipeline,Stage,Value\r\nRoof,Sales Pipeline,Qualified,1200\r\n", encoding="utf-8"
    )
    wiz.file_page.load(str(path))
    qtbot.waitUntil(lambda: wiz.file is not None)
    wiz.next()
    wiz.next()
    note = wiz.options_page.pipelines_note.text()
    assert note == (
        "The only pipeline this file names, “Sales Pipeline”, is not in CRM Desktop: its deals"
        " go to “Sales”."
    )
    report = _run_to_report(qtbot, wiz)
    assert report.created == 1  # type: ignore[attr-defined]
    assert report.notices[0].endswith("the only pipeline the file names.")  # type: ignore[attr-defined]
