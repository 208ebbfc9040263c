"""The company list and detail as a user drives them: pages beyond the first, every column
sorted both ways by header clicks, filtering as you type and by tag and owner, bulk tag, owner
and trash with undo, the trash view's restore, the place kept when the list is read again,
the editor opened from a row; the detail with its people and leads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from crm_desktop.domain import demo
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.company_list import SORTS, CompanyList, CompanyQuery
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import paged_model
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.companies import detail as detail_module
from crm_desktop.ui.companies.detail import CompanyDetailPanel
from crm_desktop.ui.companies.editor import CompanyEditor
from crm_desktop.ui.companies.list_panel import CompanyListPanel

COMPANIES = 150  # demo.generate makes one company per ten contacts


@pytest.fixture
def panel(services: Services, qtbot: QtBot) -> Iterator[CompanyListPanel]:
    demo.generate(COMPANIES * 10, seed=3, clock=services.clock)
    widget = CompanyListPanel(services, ChangeBus(), QUndoStack(), ErrorReporter(None, "/tmp"))
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    settle(widget, qtbot)
    yield widget
    widget.model.wait_for_count()


def settle(panel: CompanyListPanel, qtbot: QtBot) -> None:
    panel.model.wait_for_count()
    qtbot.waitUntil(lambda: not panel.model.counting)


def select(panel: CompanyListPanel, rows: list[int]) -> None:
    selection = panel.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            panel.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def column(panel: CompanyListPanel, number: int) -> list[str]:
    model = panel.model
    return [model.index(r, number).data() for r in range(model.rowCount())]


def click_header(panel: CompanyListPanel, qtbot: QtBot, section: int) -> None:
    header = panel.table.horizontalHeader()
    x = header.sectionViewportPosition(section) + 5
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_the_model_passes_qt_checks_and_pages_by_keyset(
    services: Services,
    panel: CompanyListPanel,
    qtbot: QtBot,
    qtmodeltester: object,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    model = panel.model
    assert model.rowCount() == COMPANIES  # the count arrived from the worker
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    ordered = [r.id for r in CompanyList().page(model.query, None, 1000)]
    model.refresh()
    assert model.counting and model.rowCount() == 100  # the first page at once, then the count
    settle(panel, qtbot)
    panel.table.scrollToBottom()
    assert model.row_id(COMPANIES - 1) == ordered[-1]
    monkeypatch.setattr(paged_model, "CACHE_PAGES", 1)  # every other page is a far jump
    assert [model.row_id(r) for r in range(0, COMPANIES, 13)] == ordered[::13]
    assert panel.empty.isHidden()


def ids(panel: CompanyListPanel) -> list[int]:
    return [panel.model.row_id(r) for r in range(panel.model.rowCount())]


@pytest.mark.parametrize("section", range(len(SORTS)))
def test_every_header_sorts_both_ways_in_sql(
    panel: CompanyListPanel, qtbot: QtBot, section: int
) -> None:
    header = panel.table.horizontalHeader()
    companies = CompanyList()
    # The list starts by name A to Z, so a click on Name turns it around; a first click on
    # another column sorts it A to Z, or most first for People.
    first = SORTS[section] in ("name", "people")
    for descending in (first, not first):
        click_header(panel, qtbot, section)
        settle(panel, qtbot)
        query = panel.model.query
        assert (query.sort, query.descending) == (SORTS[section], descending)
        expected = [r.id for r in companies.page(query, None, 1000)]
        assert ids(panel) == expected and len(expected) == COMPANIES
        assert header.sortIndicatorSection() == section
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        assert header.sortIndicatorOrder() == order
    shown = column(panel, section)  # as the last click left it
    if SORTS[section] == "people":  # fewest first now
        numbers = [int(n.replace(",", "")) for n in shown]
        assert numbers == sorted(numbers) and numbers[0] < numbers[-1]
    elif SORTS[section] in ("industry", "website", "phone"):  # Z to A now
        folded = [v.casefold() for v in shown]
        assert folded == sorted(folded, reverse=True) and folded[0] != folded[-1]
    tip = panel.model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "sort" in tip


def test_a_sorted_list_keeps_its_order_while_filtered(
    panel: CompanyListPanel, qtbot: QtBot
) -> None:
    click_header(panel, qtbot, SORTS.index("industry"))
    word = panel.model.list_row(0).name.split()[0]
    qtbot.keyClicks(panel.filters.text, word)
    settle(panel, qtbot)
    assert panel.model.query.sort == "industry" and panel.model.query.text == word
    assert ids(panel) == [r.id for r in CompanyList().page(panel.model.query, None, 1000)]


def test_filtering_as_you_type(panel: CompanyListPanel, qtbot: QtBot) -> None:
    counts: list[str] = []
    panel.counted.connect(counts.append)
    first = panel.model.list_row(0).name
    word = first.split()[0]
    qtbot.keyClicks(panel.filters.text, word)
    assert panel.model.query.text == word  # no pause: the list follows each key
    settle(panel, qtbot)
    assert 0 < panel.model.rowCount() < COMPANIES
    assert first in column(panel, 0)
    shown = panel.model.rowCount()
    assert counts[-1] == f"{shown} {'company' if shown == 1 else 'companies'}"
    panel.filters.text.clear()
    qtbot.keyClicks(panel.filters.text, "zzzzqqq")
    assert panel.model.rowCount() == 0
    assert panel.empty.isVisible() and "No companies match" in panel.empty.text()
    assert counts[-1] == "0 companies"


def test_tag_and_owner_filters(services: Services, panel: CompanyListPanel, qtbot: QtBot) -> None:
    tag_box, owner_box = panel.filters.tag, panel.filters.owner
    tagged = [r for r in CompanyList().page(CompanyQuery(), None, 1000) if r.tags]
    tag = tagged[0].tags.split(", ")[0]
    tag_box.setCurrentIndex(tag_box.findData(tag))
    settle(panel, qtbot)
    assert panel.model.query.tag == tag
    assert 0 < panel.model.rowCount() < COMPANIES
    assert all(tag in panel.model.list_row(r).tags for r in range(panel.model.rowCount()))
    owner = tagged[0].owner_id
    owner_box.setCurrentIndex(owner_box.findData(owner))
    settle(panel, qtbot)
    rows = [panel.model.list_row(r) for r in range(panel.model.rowCount())]
    assert rows and all(r.owner_id == owner and tag in r.tags for r in rows)
    tag_box.setCurrentIndex(0)
    owner_box.setCurrentIndex(owner_box.findData(0))  # "Nobody"
    settle(panel, qtbot)
    assert panel.model.rowCount() == 0 and "No companies match" in panel.empty.text()
    panel.bus.publish(services.companies.assign_owner([tagged[0].id], None))
    assert ids(panel) == [tagged[0].id]
    owner_box.setCurrentIndex(0)
    settle(panel, qtbot)
    assert panel.model.rowCount() == COMPANIES


def test_bulk_tag_and_trash_with_undo(
    services: Services, panel: CompanyListPanel, qtbot: QtBot
) -> None:
    chosen = [panel.model.row_id(r) for r in range(3)]
    services.companies.add_tags(chosen[:1], ["gala 2027"])  # already tagged: undo spares it
    select(panel, [0, 1, 2])
    panel.add_tag("Gala 2027")
    assert all("gala 2027" in services.companies.get(c).tags for c in chosen)
    assert "gala 2027" in panel.model.list_row(1).tags
    panel.undo.undo()
    assert [("gala 2027" in services.companies.get(c).tags) for c in chosen] == [
        True,
        False,
        False,
    ]
    panel.undo.redo()
    assert all("gala 2027" in services.companies.get(c).tags for c in chosen)

    select(panel, [0, 1])
    gone = chosen[:2]
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    settle(panel, qtbot)
    assert panel.model.rowCount() == COMPANIES - 2
    assert all(services.companies.get(c).deleted_at is not None for c in gone)
    panel.undo.undo()
    settle(panel, qtbot)
    assert panel.model.rowCount() == COMPANIES
    assert all(services.companies.get(c).deleted_at is None for c in gone)


def test_bulk_untag_and_owner_with_undo(
    services: Services, panel: CompanyListPanel, qtbot: QtBot
) -> None:
    chosen = [panel.model.row_id(r) for r in range(4)]
    services.companies.add_tags(chosen[:2], ["expo"])
    owners = {c: services.companies.get(c).owner_id for c in chosen}
    select(panel, [0, 1, 2, 3])
    panel.remove_tag("EXPO")
    assert not any("expo" in services.companies.get(c).tags for c in chosen)
    panel.undo.undo()
    assert [("expo" in services.companies.get(c).tags) for c in chosen] == [1, 1, 0, 0]

    select(panel, [0, 1, 2, 3])
    panel.assign_owner(None)
    assert all(services.companies.get(c).owner_id is None for c in chosen)
    assert all(panel.model.list_row(r).owner_name == "" for r in range(4))
    panel.undo.undo()
    assert {c: services.companies.get(c).owner_id for c in chosen} == owners
    panel.filters.trash.click()
    assert not panel.owner_action.isEnabled() and not panel.remove_tag_action.isEnabled()


def test_a_change_keeps_the_scroll_position_and_the_selection(
    services: Services, panel: CompanyListPanel, qtbot: QtBot
) -> None:
    table, bar = panel.table, panel.table.verticalScrollBar()
    table.scrollTo(panel.model.index(120, 0))
    qtbot.waitUntil(lambda: bar.value() > 60)
    scrolled = bar.value()
    select(panel, [bar.value() + 2, bar.value() + 3, bar.value() + 5])
    table.selectionModel().setCurrentIndex(
        panel.model.index(scrolled + 3, 0), QItemSelectionModel.SelectionFlag.NoUpdate
    )
    chosen = panel.selected_ids()
    current = panel.model.row_id(scrolled + 3)

    # A write elsewhere (the detail, another list) re-reads the list: the place stays, also
    # when a second write comes before the first re-read has its count.
    panel.bus.publish(services.companies.add_tags([chosen[0]], ["seen"]))
    assert panel.model.counting
    panel.bus.publish(services.companies.add_tags([chosen[1]], ["seen too"]))
    settle(panel, qtbot)
    assert bar.value() == scrolled
    assert panel.selected_ids() == chosen
    assert panel.model.row_id(table.currentIndex().row()) == current
    assert "seen" in panel.model.list_row(scrolled + 2).tags

    # Trashing one of the selected rows: the others stay selected where they now are.
    select(panel, [scrolled + 3])
    panel.trash_selected()
    settle(panel, qtbot)
    assert bar.value() == scrolled
    assert panel.model.rowCount() == COMPANIES - 1
    select(panel, [scrolled + 2, scrolled + 4])  # chosen[0] and chosen[2]
    panel.undo.undo()  # back it comes, and the selection with it
    settle(panel, qtbot)
    assert bar.value() == scrolled
    assert panel.selected_ids() == [chosen[0], chosen[2]]

    # A sort starts from the top.
    click_header(panel, qtbot, SORTS.index("phone"))
    assert bar.value() == 0


def test_the_trash_view_restores(services: Services, panel: CompanyListPanel, qtbot: QtBot) -> None:
    lost = services.companies.create(CompanyFields(name="Lost & Found Ltd")).id
    services.companies.trash([lost])
    panel.filters.trash.click()
    assert column(panel, 0) == ["Lost & Found Ltd"]
    assert not panel.trash_action.isEnabled() and panel.restore_action.isEnabled()
    select(panel, [0])
    panel.table.setFocus()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(panel.table, Qt.Key.Key_R, ctrl_shift)  # Ctrl+R is the window's "New follow-up"
    assert services.companies.get(lost).deleted_at is None
    assert panel.model.rowCount() == 0
    assert "trash is empty" in panel.empty.text()
    panel.undo.undo()
    assert column(panel, 0) == ["Lost & Found Ltd"]


def test_choosing_a_row_tells_the_detail(panel: CompanyListPanel, qtbot: QtBot) -> None:
    with qtbot.waitSignal(panel.company_chosen) as chosen:
        panel.table.setCurrentIndex(panel.model.index(5, 0))
    assert chosen.args == [panel.model.row_id(5)]


def test_enter_on_a_row_edits_it_and_new_company_opens_a_blank_editor(
    services: Services, panel: CompanyListPanel, qtbot: QtBot
) -> None:
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(2, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    editor = panel.findChild(CompanyEditor)
    assert editor is not None and editor.isVisible()
    assert editor.form.name.text() == panel.model.list_row(2).name
    editor.reject()
    qtbot.waitUntil(lambda: panel.findChild(CompanyEditor) is None)  # deleted on close

    assert panel.filters.new.defaultAction() is panel.new_company_action
    panel.filters.new.click()
    editor = panel.findChild(CompanyEditor)
    assert editor is not None and editor.form.name.text() == ""
    qtbot.keyClicks(editor.form.name, "Aaaardvark Holdings")
    with qtbot.waitSignal(panel.company_chosen) as chosen:
        editor.save()
    assert services.companies.get(chosen.args[0]).name == "Aaaardvark Holdings"
    settle(panel, qtbot)
    assert panel.model.list_row(0).name == "Aaaardvark Holdings"
    assert panel.model.rowCount() == COMPANIES + 1


def empty_state(detail: CompanyDetailPanel) -> QLabel:
    label = detail.findChild(QLabel, "companyDetailEmpty")
    assert label is not None
    return label


@pytest.fixture
def detail(services: Services, qtbot: QtBot) -> CompanyDetailPanel:
    widget = CompanyDetailPanel(services, ChangeBus(), ErrorReporter(None, "/tmp"))
    qtbot.addWidget(widget)
    widget.resize(500, 700)
    return widget


def test_the_detail_lists_people_and_leads(
    services: Services, detail: CompanyDetailPanel, qtbot: QtBot
) -> None:
    acme = services.companies.create(
        CompanyFields(
            name="Acme",
            industry="Retail",
            website="acme.example",
            phone="+44 20 7946 0000",
            address="1 Road, Town",
            tags=["vip"],
        )
    ).id
    zoe = services.contacts.create(
        ContactFields(first_name="Zoe", last_name="Adams", title="Buyer", company_id=acme)
    ).id
    services.contacts.create(ContactFields(first_name="Al", last_name="Zed", company_id=acme))
    services.pipeline.create_lead(LeadFields(title="Shop fit-out", company_id=acme, value_minor=1))
    with qtbot.waitActive(detail):
        detail.show()
        detail.activateWindow()
    assert empty_state(detail).isVisible()

    detail.show_company(acme)
    people, leads = detail.people, detail.leads
    assert [people.item(r).text() for r in range(people.count())] == [
        "Zoe Adams · Buyer",
        "Al Zed",
    ]
    assert "Shop fit-out" in leads.item(0).text()
    assert "https://acme.example" in detail.fields["companyWebsite"].text()
    assert 'href="tel:+442079460000"' in detail.fields["companyPhone"].text()
    assert detail.meta.text() == "Retail · Owner: Me · 2 people"
    assert detail.people_more.isHidden()

    people.setFocus()
    people.setCurrentRow(0)
    with qtbot.waitSignal(detail.contact_requested) as asked:
        qtbot.keyClick(people, Qt.Key.Key_Return)
    assert asked.args == [zoe]

    with qtbot.waitSignal(detail.edit_requested) as edit:
        detail.edit_button.click()
    assert edit.args == [acme]

    services.contacts.trash([zoe])  # showing the company again re-reads it
    detail.show_company(acme)
    assert people.count() == 1
    detail.clear()
    assert detail.company_id() is None
    assert empty_state(detail).isVisible()


def test_the_detail_follows_changes_and_says_how_many_more(
    services: Services, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bus = ChangeBus()
    widget = CompanyDetailPanel(services, bus, ErrorReporter(None, "/tmp"))
    qtbot.addWidget(widget)
    acme = services.companies.create(CompanyFields(name="Acme")).id
    for n in range(4):
        services.contacts.create(ContactFields(first_name=f"P{n}", company_id=acme))
    monkeypatch.setattr(detail_module, "PEOPLE_LIMIT", 3)
    widget.show_company(acme)
    assert widget.people.count() == 3 and widget.people_more.text() == "and 1 more"
    assert widget.leads_empty.isVisibleTo(widget) and not widget.leads.isVisibleTo(widget)

    bus.publish(services.companies.trash([acme]))
    qtbot.waitUntil(lambda: widget.trashed_banner.isVisibleTo(widget))
    assert not widget.edit_button.isEnabled()  # restore it first
    bus.publish(services.companies.empty_trash())
    assert widget.company_id() is None
