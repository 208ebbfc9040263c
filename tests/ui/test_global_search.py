"""The Ctrl+K box: results as you type, grouped by kind, driven from the keyboard."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (
    QApplication,
    QLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.finder import Found, find
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import theme
from crm_desktop.ui.search.global_search import GlobalSearch
from crm_desktop.ui.search.model import Role, RowType, SearchResultsModel

HITS = [
    Found("contact", 11, "Ann Lee", "Buyer, Acme Tools · ann@acme.example"),
    Found("contact", 12, "Annika Berg", "Berg & Co"),
    Found("company", 21, "Annex Logistics", "Logistics · 14 people"),
    Found("lead", 31, "Annual renewal", "Proposal · EUR 12,500"),
    Found("interaction", 41, "Annual review call", "Call · Ann Lee · 27 Feb 2026"),
]


class FakeFinder:
    """Returns the hits whose title has the typed text, and remembers what it was asked."""

    def __init__(self, hits: list[Found] = HITS) -> None:
        self.hits = hits
        self.asked: list[str] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, text: str) -> list[Found]:
        self.asked.append(text)
        self.threads.append(threading.current_thread())
        return [hit for hit in self.hits if text.casefold() in hit.title.casefold()]


@pytest.fixture
def finder() -> FakeFinder:
    return FakeFinder()


@pytest.fixture
def make_field(qtbot: QtBot) -> Iterator[Callable[..., GlobalSearch]]:
    windows: list[QWidget] = []  # qtbot holds them weakly

    def make(find: Callable[[str], list[Found]], **options: int) -> GlobalSearch:
        window = QWidget()
        windows.append(window)
        window.setObjectName("host")
        layout = QVBoxLayout(window)
        # A minimum size pushed to the window makes the offscreen platform warn: none here.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        field = GlobalSearch(find, window, **options)
        other = QPushButton("Elsewhere", window)
        other.setObjectName("elsewhere")
        layout.addWidget(field)
        layout.addStretch(1)
        layout.addWidget(other)
        window.resize(640, 480)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        field.focus_search()
        qtbot.waitUntil(field.hasFocus)
        return field

    yield make


@pytest.fixture
def field(make_field: Callable[..., GlobalSearch], finder: FakeFinder) -> GlobalSearch:
    return make_field(finder)


def results(field: GlobalSearch) -> QListView:
    view = field.window().findChild(QListView, "globalSearchResults")
    assert view is not None
    return view


def shown_rows(field: GlobalSearch) -> list[str]:
    model = field.model
    return [
        f"[{model.index(r, 0).data()}]"
        if model.index(r, 0).data(Role.ROW_TYPE) is RowType.HEADER
        else model.index(r, 0).data()
        for r in range(model.rowCount())
    ]


def type_and_wait(qtbot: QtBot, field: GlobalSearch, text: str) -> None:
    qtbot.keyClicks(field, text)
    qtbot.waitUntil(lambda: results(field).isVisible())


def test_field_is_findable_with_its_placeholder(field: GlobalSearch) -> None:
    found = field.window().findChild(QLineEdit, "globalSearch")
    assert found is field
    assert field.placeholderText() == "Search everything (Ctrl+K)"
    assert field.isClearButtonEnabled()
    view = field.window().findChild(QListView, "globalSearchResults")
    assert view is None or not view.isVisible()  # the list is made when results first show


def test_typing_shows_hits_grouped_by_kind(
    qtbot: QtBot, field: GlobalSearch, finder: FakeFinder
) -> None:
    type_and_wait(qtbot, field, "ann")
    assert shown_rows(field) == [
        "[Contacts]",
        "Ann Lee",
        "Annika Berg",
        "[Companies]",
        "Annex Logistics",
        "[Leads]",
        "Annual renewal",
        "[Interactions]",
        "Annual review call",
    ]
    assert finder.asked == ["ann"]  # one search once typing paused, not one per key
    assert field.current_hit() == HITS[0]  # the first hit is highlighted: Enter opens it
    window = field.window()
    field_bottom = field.mapTo(window, QPoint(0, field.height())).y()
    assert results(field).mapTo(window, QPoint(0, 0)).y() >= field_bottom
    assert field.hasFocus()  # the list never takes the keyboard


def test_results_follow_the_text(qtbot: QtBot, field: GlobalSearch, finder: FakeFinder) -> None:
    type_and_wait(qtbot, field, "ann")
    qtbot.keyClicks(field, "u")
    narrowed = ["[Leads]", "Annual renewal", "[Interactions]", "Annual review call"]
    qtbot.waitUntil(lambda: shown_rows(field) == narrowed)  # the answer comes from the worker
    assert finder.asked[-1] == "annu"
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: not results(field).isVisible())
    assert finder.asked[-1] == "annu"  # empty text is not searched


def test_down_skips_headers_and_enter_opens(qtbot: QtBot, field: GlobalSearch) -> None:
    type_and_wait(qtbot, field, "ann")
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)  # over the "Companies" header
    assert field.current_hit() == HITS[2]
    with qtbot.waitSignal(field.open_requested, timeout=1000) as opened:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert opened.args == ["company", 21]
    assert not results(field).isVisible()
    assert field.text() == "ann"


def test_up_wraps_to_the_last_hit(qtbot: QtBot, field: GlobalSearch) -> None:
    type_and_wait(qtbot, field, "ann")
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.current_hit() == HITS[4]
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert field.current_hit() == HITS[0]


def test_enter_right_after_typing_opens_the_first_hit_of_the_whole_text(
    qtbot: QtBot, make_field: Callable[..., GlobalSearch], finder: FakeFinder
) -> None:
    field = make_field(finder, delay_ms=60_000)  # typing has not paused yet when Enter comes
    qtbot.keyClicks(field, "annex")
    with qtbot.waitSignal(field.open_requested, timeout=1000) as opened:
        qtbot.keyClick(field, Qt.Key.Key_Enter)
    assert opened.args == ["company", 21]
    assert finder.asked == ["annex"]


def test_typing_searches_off_the_window_thread_and_keeps_the_newest(
    qtbot: QtBot, make_field: Callable[..., GlobalSearch]
) -> None:
    release = threading.Event()

    class SlowFinder(FakeFinder):
        def __call__(self, text: str) -> list[Found]:
            if text == "an":
                release.wait(5)  # a slow word: the window keeps taking keys meanwhile
            return super().__call__(text)

    slow = SlowFinder()
    field = make_field(slow, delay_ms=0)
    qtbot.keyClicks(field, "an")
    qtbot.wait(50)
    qtbot.keyClicks(field, "nual")  # typed while "an" is still being searched
    assert field.text() == "annual"
    release.set()
    qtbot.waitUntil(lambda: slow.asked[-1:] == ["annual"] and results(field).isVisible())
    field.wait_for_search()
    qtbot.wait(20)
    assert [r for r in shown_rows(field) if not r.startswith("[")] == [
        "Annual renewal", "Annual review call"
    ]  # fmt: skip
    assert threading.main_thread() not in slow.threads


def test_escape_closes_then_clears(qtbot: QtBot, field: GlobalSearch) -> None:
    type_and_wait(qtbot, field, "ann")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not results(field).isVisible()
    assert field.text() == "ann"
    qtbot.keyClick(field, Qt.Key.Key_Down)  # brings the results back
    assert results(field).isVisible()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert field.text() == ""
    assert not results(field).isVisible()


def test_no_matches_says_so(qtbot: QtBot, field: GlobalSearch) -> None:
    type_and_wait(qtbot, field, "xyz")
    assert shown_rows(field) == ["No matches for “xyz”"]
    assert field.current_hit() is None
    with qtbot.assertNotEmitted(field.open_requested):
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert results(field).isVisible()


def test_clicking_a_hit_opens_it(qtbot: QtBot, field: GlobalSearch) -> None:
    type_and_wait(qtbot, field, "ann")
    view = results(field)
    rect = view.visualRect(field.model.index(4, 0))  # "Annex Logistics"
    with qtbot.waitSignal(field.open_requested, timeout=1000) as opened:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == ["company", 21]
    assert field.hasFocus()


def test_clicking_a_header_opens_nothing(qtbot: QtBot, field: GlobalSearch) -> None:
    type_and_wait(qtbot, field, "ann")
    view = results(field)
    rect = view.visualRect(field.model.index(3, 0))  # "Companies"
    with qtbot.assertNotEmitted(field.open_requested):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.isVisible()


def test_leaving_the_field_closes_the_results(qtbot: QtBot, field: GlobalSearch) -> None:
    type_and_wait(qtbot, field, "ann")
    other = field.window().findChild(QPushButton, "elsewhere")
    other.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: not results(field).isVisible())


def test_focus_search_selects_the_text_and_shows_results_again(
    qtbot: QtBot, field: GlobalSearch
) -> None:
    type_and_wait(qtbot, field, "ann")
    field.window().findChild(QPushButton, "elsewhere").setFocus()
    qtbot.waitUntil(lambda: not field.hasFocus())
    field.focus_search()
    assert field.hasFocus() and field.selectedText() == "ann"
    qtbot.waitUntil(lambda: results(field).isVisible())


def test_model(qtmodeltester: ModelTester) -> None:
    model = SearchResultsModel()
    model.show_results("ann", HITS)
    qtmodeltester.check(model)
    header, hit = model.index(0, 0), model.index(1, 0)
    assert not header.flags() & Qt.ItemFlag.ItemIsSelectable
    assert hit.flags() & Qt.ItemFlag.ItemIsSelectable
    assert hit.data(Role.KIND) == "contact" and hit.data(Role.ID) == 11
    assert hit.data(Role.SUBTITLE) == HITS[0].subtitle
    assert header.data(Role.ID) is None
    assert model.step(-1, 1) == 1 and model.step(2, 1) == 4 and model.step(1, -1) == 8
    model.show_results("zz", [])
    qtmodeltester.check(model)
    assert model.step(-1, 1) == -1
    assert model.hit(0) is None and model.hit(99) is None
    model.clear()
    assert model.rowCount() == 0 and model.rowCount(QModelIndex()) == 0


def test_with_the_real_finder(
    qtbot: QtBot, services: Services, make_field: Callable[..., GlobalSearch]
) -> None:
    ann = services.contacts.create(ContactFields(first_name="Ann", last_name="Lee")).id
    field = make_field(find)
    type_and_wait(qtbot, field, '"(ann')
    with qtbot.waitSignal(field.open_requested, timeout=1000) as opened:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert opened.args == ["contact", ann]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_screenshot(qtbot: QtBot, field: GlobalSearch, dark: bool) -> None:
    """Renders the open results in both palettes (to $CRM_SHOTS when set, for a look)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, dark=dark)
    try:
        type_and_wait(qtbot, field, "ann")
        qtbot.keyClick(field, Qt.Key.Key_Down)
        window, popup = field.window().grab(), results(field).parentWidget().grab()
        assert not window.isNull() and not popup.isNull()
        folder = os.environ.get("CRM_SHOTS")
        if folder:
            name = "dark" if dark else "light"
            window.save(os.path.join(folder, f"search-{name}.png"))
            popup.save(os.path.join(folder, f"search-{name}-popup.png"))
    finally:
        theme.apply(app, dark=False)
