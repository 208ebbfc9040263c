"""The duplicates dialog as a user drives it: the search on the worker with its progress, a
pair side by side, a value picked from the right, Merge with Ctrl+Enter, Ctrl+Z; "Not
duplicates" remembered; Skip and Alt+Down/Up between pairs; Cancel; the model's Qt checks."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QRadioButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.domain.clock import FixedClock
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.duplicates import DuplicateFinder, DuplicatePair
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import theme
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.duplicates import DuplicatesDialog, open_duplicates, stop_duplicates
from crm_desktop.ui.duplicates.pairs_model import PairsModel


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: said.append(str(a[2])))
    monkeypatch.setattr(QMessageBox, "critical", lambda *a: pytest.fail(f"critical: {a}"))
    return said


@pytest.fixture
def people(services: Services, clock: FixedClock) -> dict[str, int]:
    """Two likely pairs (Ann/Annie by email, Bob/Robert by phone) and one loner."""
    acme = services.companies.find_or_create("Acme")
    create = services.contacts.create
    ids = {
        "ann": create(
            ContactFields(
                first_name="Ann",
                last_name="Lee",
                title="Buyer",
                company_id=acme,
                emails=[("work", "ann@example.com")],
                tags=["VIP"],
            )
        ).id
    }
    clock.advance(timedelta(days=1))
    ids["annie"] = create(
        ContactFields(
            first_name="Annie",
            last_name="Lee",
            title="Head of buying",
            emails=[("", "ANN@example.com"), ("home", "annie@home.example")],
            address="1 High Street",
            tags=["Golf"],
        )
    ).id
    ids["bob"] = create(
        ContactFields(first_name="Bob", last_name="Stone", phones=[("", "+1 555 123 4567")])
    ).id
    ids["robert"] = create(
        ContactFields(first_name="Robert", last_name="Stone", phones=[("", "(555) 123-4567")])
    ).id
    ids["zoe"] = create(ContactFields(first_name="Zoe", last_name="Quinn")).id
    for who in ("ann", "annie", "annie"):
        services.interactions.log(ids[who], InteractionFields(kind="call", subject=f"{who} call"))
    clock.advance(timedelta(hours=1))
    return ids


@pytest.fixture
def dialog(services: Services, people: dict[str, int], qtbot: QtBot) -> Iterator[DuplicatesDialog]:
    host = QWidget()
    qtbot.addWidget(host)
    undo = QUndoStack(host)
    found = open_duplicates(host, services, ChangeBus(host), undo, ErrorReporter(host, "/tmp"))
    found.undo_stack = undo  # type: ignore[attr-defined]
    settle(found, qtbot)
    yield found
    found.cancel()
    found.wait()


@pytest.fixture
def light(qapp: QApplication) -> Iterator[None]:
    """The light theme, and again at the end for the tests that follow (asked for before the
    dialog, so that it is built light)."""
    theme.apply(qapp, dark=False)
    yield
    theme.apply(qapp, dark=False)


def settle(dialog: DuplicatesDialog, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: not dialog.searching, timeout=10_000)


def names(dialog: DuplicatesDialog) -> list[tuple[str, str]]:
    model = dialog.model
    return [(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())]


def test_the_search_lists_pairs_and_shows_the_first_side_by_side(
    dialog: DuplicatesDialog, qtbot: QtBot, qtmodeltester: object
) -> None:
    qtmodeltester.check(dialog.model)  # type: ignore[attr-defined]
    assert names(dialog) == [("Ann Lee (Acme)", "Annie Lee"), ("Bob Stone", "Robert Stone")]
    assert dialog.status.text() == "2 possible duplicates"
    assert dialog.model.index(0, 0).data() == "95"
    assert dialog.model.index(0, 3).data() == "same email"
    assert "Shared: ann@example.com" in dialog.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    review = dialog.review
    assert dialog.right.currentWidget() is review
    assert review.title.text() == "Ann Lee and Annie Lee"
    assert review.keeps_left()
    assert review.choice("title") == "right"  # both have one: the newer (right) by default
    assert review.choice("address") == "right"  # only the right has one
    assert review.choice("company_id") == "left"
    assert review.choice("lifecycle") is None  # the same on both: nothing to choose
    after = review.findChild(QLabel, "after_emails")
    assert after.text() == "After merge: ann@example.com, annie@home.example"
    assert review.findChild(QLabel, "after_tags").text() == "After merge: VIP, Golf"
    dialog.grab().save("/tmp/dupes_review.png")


def test_merge_with_a_value_from_the_right_then_ctrl_z(
    services: Services, people: dict[str, int], dialog: DuplicatesDialog, qtbot: QtBot
) -> None:
    review = dialog.review
    qtbot.mouseClick(review.findChild(QRadioButton, "title_left"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(review.findChild(QRadioButton, "name_right"), Qt.MouseButton.LeftButton)
    assert review.choice("title") == "left" and review.choice("name") == "right"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    ann = services.contacts.get(people["ann"])
    assert ann.display_name == "Annie Lee"  # the name picked from the right
    assert ann.title == "Buyer"  # the left's, picked over the default
    assert ann.address == "1 High Street"
    assert [e for _, e in ann.emails] == ["ann@example.com", "annie@home.example"]
    assert sorted(ann.tags) == ["Golf", "VIP"]
    assert services.contacts.get(people["annie"]).deleted_at is not None
    assert names(dialog) == [("Bob Stone", "Robert Stone")]
    assert dialog.status.text() == "1 possible duplicate"
    assert dialog.review.title.text() == "Bob Stone and Robert Stone"
    undo: QUndoStack = dialog.undo_stack  # type: ignore[attr-defined]
    assert undo.undoText() == "Merge “Annie Lee” into “Ann Lee”"
    dialog.grab().save("/tmp/dupes_after_merge.png")

    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(dialog, qtbot)
    ann = services.contacts.get(people["ann"])
    assert (ann.display_name, ann.title, ann.address) == ("Ann Lee", "Buyer", "")
    assert [e for _, e in ann.emails] == ["ann@example.com"]
    annie = services.contacts.get(people["annie"])
    assert annie.deleted_at is None and annie.tags == ("Golf",)
    assert names(dialog) == [("Ann Lee (Acme)", "Annie Lee"), ("Bob Stone", "Robert Stone")]

    undo.redo()  # Ctrl+Shift+Z merges again, with the same choices
    settle(dialog, qtbot)
    assert services.contacts.get(people["annie"]).deleted_at is not None
    assert services.contacts.get(people["ann"]).title == "Buyer"
    assert names(dialog) == [("Bob Stone", "Robert Stone")]


def test_merge_all_found_by_email_then_ctrl_z_takes_the_run_back(
    services: Services,
    people: dict[str, int],
    dialog: DuplicatesDialog,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[str] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    button = dialog.merge_all_button
    assert button.isEnabled() and button.text() == "Merge all 1 found by e-&mail…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "Merge the 1 pair that share an e-mail address?" in asked[0]
    qtbot.waitUntil(lambda: not dialog.merging.running(), timeout=10_000)
    settle(dialog, qtbot)

    ann, annie = services.contacts.get(people["ann"]), services.contacts.get(people["annie"])
    assert annie.deleted_at is not None  # the one added later went into the first
    # As Merge with nothing changed: where both have a value, the newer contact's.
    assert (ann.display_name, ann.title, ann.address) == (
        "Annie Lee",
        "Head of buying",
        "1 High Street",
    )
    assert [e for _, e in ann.emails] == ["ann@example.com", "annie@home.example"]
    assert names(dialog) == [("Bob Stone", "Robert Stone")]  # a phone: left for the review
    assert dialog.status.text() == "Merged 1 pair found by e-mail. 1 possible duplicate"
    assert not button.isEnabled()
    undo: QUndoStack = dialog.undo_stack  # type: ignore[attr-defined]
    assert undo.undoText() == "Merge 1 pair found by e-mail"

    undo.undo()  # Ctrl+Z, behind a progress dialog while it works
    settle(dialog, qtbot)
    assert services.contacts.get(people["annie"]).deleted_at is None
    assert [e for _, e in services.contacts.get(people["ann"]).emails] == ["ann@example.com"]
    assert names(dialog) == [("Ann Lee (Acme)", "Annie Lee"), ("Bob Stone", "Robert Stone")]
    assert button.isEnabled()

    undo.redo()
    settle(dialog, qtbot)
    assert services.contacts.get(people["annie"]).deleted_at is not None
    assert names(dialog) == [("Bob Stone", "Robert Stone")]


def test_merge_all_asks_first_and_no_is_no(
    services: Services,
    people: dict[str, int],
    dialog: DuplicatesDialog,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    qtbot.mouseClick(dialog.merge_all_button, Qt.MouseButton.LeftButton)
    assert not dialog.merging.running()
    assert services.contacts.get(people["annie"]).deleted_at is None
    assert len(names(dialog)) == 2


def test_keeping_the_right_hand_contact_merges_the_left_into_it(
    services: Services, people: dict[str, int], dialog: DuplicatesDialog, qtbot: QtBot
) -> None:
    review = dialog.review
    keep_right = review.findChild(QRadioButton, "keepRight")
    at_text = QPoint(30, keep_right.height() // 2)  # the button is as wide as its column
    qtbot.mouseClick(keep_right, Qt.MouseButton.LeftButton, pos=at_text)
    keep, drop, choices = review.decision()
    assert (keep, drop) == (people["annie"], people["ann"])
    assert choices["title"] == "keep"  # the right's title, now the kept contact's own
    assert choices["company_id"] == "drop"  # the left's company
    qtbot.mouseClick(review.merge_button, Qt.MouseButton.LeftButton)
    annie = services.contacts.get(people["annie"])
    assert (annie.title, annie.company_name) == ("Head of buying", "Acme")
    assert services.contacts.get(people["ann"]).deleted_at is not None


def test_not_duplicates_is_remembered_and_undone(
    services: Services, people: dict[str, int], dialog: DuplicatesDialog, qtbot: QtBot
) -> None:
    dialog.select_row(1)
    assert dialog.review.title.text() == "Bob Stone and Robert Stone"
    qtbot.mouseClick(dialog.review.not_button, Qt.MouseButton.LeftButton)
    assert names(dialog) == [("Ann Lee (Acme)", "Annie Lee")]
    again = DuplicateFinder(services.clock).find()  # as after a restart
    assert [pair.second.name for pair in again] == ["Annie Lee"]
    qtbot.keyClick(dialog.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(dialog, qtbot)
    assert len(names(dialog)) == 2
    assert len(DuplicateFinder(services.clock).find()) == 2


def test_keyboard_moves_between_pairs_and_skip_goes_to_the_next(
    dialog: DuplicatesDialog, qtbot: QtBot
) -> None:
    title = dialog.review.title
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert title.text() == "Bob Stone and Robert Stone"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert title.text() == "Ann Lee and Annie Lee"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)  # the list's own keys too
    assert title.text() == "Bob Stone and Robert Stone"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Up)
    qtbot.mouseClick(dialog.review.skip_button, Qt.MouseButton.LeftButton)
    assert title.text() == "Bob Stone and Robert Stone"


def test_the_filter_narrows_the_pairs_by_words_and_by_what_found_them(
    dialog: DuplicatesDialog, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    kinds = dialog.filter_kind
    labels = [kinds.itemText(i) for i in range(kinds.count())]
    assert labels == ["Found any way (2)", "Same e-mail (1)", "Same phone (1)", "Similar name (0)"]
    qtbot.keyClick(dialog, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert dialog.filter_text.hasFocus()
    qtbot.keyClicks(dialog.filter_text, "robert")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert names(dialog) == [("Bob Stone", "Robert Stone")]
    assert dialog.review.title.text() == "Bob Stone and Robert Stone"
    assert dialog.status.text() == "1 of 2 possible duplicates"
    assert dialog.filter_text.hasFocus()  # typing goes on where it was
    assert not dialog.merge_all_button.isEnabled()  # none shown shares an e-mail

    dialog.filter_text.setText("555 123 4567")  # a number, written another way
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    dialog.filter_text.setText("nobody")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert dialog.status.text() == "None of the 2 possible duplicates match the filter."
    assert dialog.right.currentWidget() is dialog.empty

    dialog.filter_text.clear()
    kinds.setCurrentIndex(1)  # Same e-mail
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert names(dialog) == [("Ann Lee (Acme)", "Annie Lee")]
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: asked.append(str(a[2])) or QMessageBox.StandardButton.No
    )
    dialog.merge_all()  # on the pairs shown, and it says so
    assert "Merge the 1 pair shown that share an e-mail address?" in asked[0]

    dialog.merge_current()  # a merge keeps the filter; the pair merged is gone from it
    qtbot.waitUntil(lambda: dialog.model.found == 1)
    assert dialog.model.rowCount() == 0
    assert dialog.status.text() == "The one possible duplicate does not match the filter."
    kinds.setCurrentIndex(0)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    assert dialog.status.text() == "1 possible duplicate"


def test_a_pair_changed_elsewhere_is_refused_with_a_message(
    services: Services,
    people: dict[str, int],
    dialog: DuplicatesDialog,
    qtbot: QtBot,
    no_message_boxes: list[str],
) -> None:
    services.contacts.trash([people["annie"]])  # in the main window, while the dialog is open
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert no_message_boxes and "in the trash" in no_message_boxes[0]
    assert len(names(dialog)) == 2  # nothing changed
    assert services.contacts.get(people["ann"]).emails == (("work", "ann@example.com"),)


class GatedFinder(DuplicateFinder):
    """A finder that waits at the door until the test lets it in."""

    def __init__(self, services: Services) -> None:
        super().__init__(services.clock, services.actor_id)
        self.gate = threading.Event()

    def find(
        self,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[DuplicatePair]:
        self.gate.wait(10)
        return super().find(progress, cancelled)


def test_cancel_stops_the_search(
    services: Services, people: dict[str, int], dialog: DuplicatesDialog, qtbot: QtBot
) -> None:
    gated = GatedFinder(services)
    dialog.finder = gated
    dialog.start()
    assert dialog.searching and dialog.cancel_button.isVisible()
    assert dialog.status.text() == "Looking for duplicates…"
    dialog.grab().save("/tmp/dupes_searching.png")
    assert not dialog.table.isEnabled() and not dialog.review.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert services.contacts.get(people["annie"]).deleted_at is None  # no merge mid-search
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    gated.gate.set()
    settle(dialog, qtbot)
    assert dialog.status.text() == "Search cancelled."
    assert not dialog.cancel_button.isVisible() and dialog.again_button.isEnabled()
    qtbot.mouseClick(dialog.again_button, Qt.MouseButton.LeftButton)
    settle(dialog, qtbot)
    assert dialog.status.text() == "2 possible duplicates"


def test_opening_again_reuses_the_dialog(
    services: Services, dialog: DuplicatesDialog, qtbot: QtBot
) -> None:
    host = dialog.parentWidget()
    assert host is not None
    gated = dialog.finder = GatedFinder(services)  # holds the search until it is cancelled
    undo = QUndoStack(host)
    again = open_duplicates(host, services, ChangeBus(host), undo, ErrorReporter(host, "/tmp"))
    assert again is dialog and dialog.searching  # shown again, and looking afresh
    dialog.cancel()
    gated.gate.set()
    stop_duplicates(host)  # as the app does before the database closes: waits for the worker
    settle(dialog, qtbot)
    assert dialog.status.text() == "Search cancelled."


def test_no_duplicates_says_so(services: Services, qtbot: QtBot) -> None:
    services.contacts.create(ContactFields(first_name="Only", last_name="One"))
    host = QWidget()
    qtbot.addWidget(host)
    undo = QUndoStack(host)
    dialog = open_duplicates(host, services, ChangeBus(host), undo, ErrorReporter(host, "/tmp"))
    settle(dialog, qtbot)
    assert dialog.status.text() == "No likely duplicates."
    assert dialog.right.currentWidget() is dialog.empty
    dialog.merge_current()  # nothing to merge: nothing happens
    dialog.wait()


def contrast(label: QLabel, other: QColor) -> float:
    """WCAG contrast ratio of the label's text, as painted over its window colour, with
    ``other``: 1 the same, 21 black on white."""
    palette = label.palette()
    text, back = palette.color(label.foregroundRole()), palette.color(label.backgroundRole())
    a = text.alphaF()
    painted = [a * t + (1 - a) * b for t, b in zip(rgb(text), rgb(back), strict=True)]
    lighter, darker = sorted((luminance(painted), luminance(rgb(other))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def rgb(colour: QColor) -> list[float]:
    return [colour.redF(), colour.greenF(), colour.blueF()]


def luminance(channels: list[float]) -> float:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_values_not_chosen_stay_grey_and_readable_after_a_switch_to_dark(
    light: None, dialog: DuplicatesDialog, qtbot: QtBot, qapp: QApplication
) -> None:
    """A value not chosen is greyed with the palette's colours: switching to dark while the
    pair is shown left it light-theme grey on the dark window until the next pair."""
    review = dialog.review

    def value(name: str) -> QLabel:
        return review.findChild(QRadioButton, name).parentWidget().findChild(QLabel)

    grey, chosen = value("title_left"), value("title_right")  # the newer (right) by default
    added = [w for w in review.findChildren(QLabel) if w.text().startswith("Added ")]
    theme.apply(qapp, dark=True)
    qapp.processEvents()
    window = grey.palette().color(grey.backgroundRole())
    assert window.lightness() < 64  # dark now
    chosen_text = chosen.palette().color(chosen.foregroundRole())
    assert contrast(grey, window) >= 3  # readable on the dark window
    assert contrast(grey, chosen_text) >= 1.5  # and still greyer than the chosen value
    assert len(added) == 2 and all(contrast(when, window) >= 3 for when in added)  # hints too
    qtbot.mouseClick(review.findChild(QRadioButton, "title_left"), Qt.MouseButton.LeftButton)
    assert contrast(grey, chosen_text) == pytest.approx(1)  # chosen now: as the rest


def test_pairs_model_after_a_merge_passes_qt_checks(
    services: Services, people: dict[str, int], qtmodeltester: object
) -> None:
    model = PairsModel()
    pairs = DuplicateFinder(services.clock).find()
    model.set_pairs(pairs)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    first = pairs[0]
    model.after_merge(first.first, first.second.id)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 1
    model.set_filter("nobody", None)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert (model.rowCount(), model.found) == (0, 1)
    model.set_filter("", "phone")
    assert model.rowCount() == 1
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Score"


def test_past_merges_lists_them_and_takes_one_back_another_day(
    services: Services,
    people: dict[str, int],
    dialog: DuplicatesDialog,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    no_message_boxes: list[str],
    qtmodeltester: object,
) -> None:
    dialog.merge_current()  # Ann and Annie, the first pair
    settle(dialog, qtbot)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    past = dialog.show_past_merges()
    qtbot.addWidget(past)
    qtmodeltester.check(past.model)  # type: ignore[attr-defined]
    model = past.model
    assert [model.index(0, c).data() for c in (1, 2, 3)] == ["Ann Lee", "Annie Lee", ""]
    assert past.take_back_button.isEnabled()
    qtbot.mouseClick(past.take_back_button, Qt.MouseButton.LeftButton)
    assert services.contacts.get(people["annie"]).deleted_at is None
    assert model.index(0, 3).data().startswith("Taken back on ")
    assert not past.take_back_button.isEnabled()  # once is enough
    assert "are two again" in past.status.text()
    settle(dialog, qtbot)
    assert ("Ann Lee (Acme)", "Annie Lee") in names(dialog)  # looked for again

    dialog.merge_current()  # merged again, then Ann edited: taking it back is refused
    settle(dialog, qtbot)
    services.contacts.update(people["ann"], ContactFields(first_name="Ann", last_name="Lee-Park"))
    past.reload()
    qtbot.mouseClick(past.take_back_button, Qt.MouseButton.LeftButton)
    assert "was changed after the merge" in no_message_boxes[-1]
    assert services.contacts.get(people["annie"]).deleted_at is not None
