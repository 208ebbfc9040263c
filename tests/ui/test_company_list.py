"""The company list and detail as a user drives them: pages beyond the first, the name order
turned around by a header click (the other columns don't sort), filtering as you type, bulk
tag and trash with undo, the trash view's restore; the detail with its people and leads."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from crm_desktop.domain import demo
from crm_desktop.domain.companies import CompanyFields
from crm_desktop.domain.company_list import CompanyList
from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.pipeline import LeadFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import paged_model
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.companies import detail as detail_module
from crm_desktop.ui.companies.detail import CompanyDetailPanel
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


def test_the_name_header_turns_the_order_around_and_the_others_stay_put(
    panel: CompanyListPanel, qtbot: QtBot
) -> None:
    header = panel.table.horizontalHeader()
    names = column(panel, 0)
    click_header(panel, qtbot, 1)  # Industry: no index to sort by at scale
    assert not panel.model.query.descending and column(panel, 0) == names
    assert header.sortIndicatorSection() == 0
    assert panel.model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    click_header(panel, qtbot, 0)
    assert panel.model.query.descending
    settle(panel, qtbot)
    assert column(panel, 0) == names[::-1]
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def test_filtering_as_you_type(panel: CompanyListPanel, qtbot: QtBot) -> None:
    counts: list[str] = []
    panel.counted.connect(counts.append)
    first = panel.model.list_row(0).name
    word = first.split()[0]
    qtbot.keyClicks(panel.filter, word)
    assert panel.model.query.text == word  # no pause: the list follows each key
    settle(panel, qtbot)
    assert 0 < panel.model.rowCount() < COMPANIES
    assert first in column(panel, 0)
    shown = panel.model.rowCount()
    assert counts[-1] == f"{shown} {'company' if shown == 1 else 'companies'}"
    panel.filter.clear()
    qtbot.keyClicks(panel.filter, "zzzzqqq")
    assert panel.model.rowCount() == 0
    assert panel.empty.isVisible() and "No companies match" in panel.empty.text()
    assert counts[-1] == "0 companies"


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


def test_the_trash_view_restores(services: Services, panel: CompanyListPanel, qtbot: QtBot) -> None:
    lost = services.companies.create(CompanyFields(name="Lost & Found Ltd")).id
    services.companies.trash([lost])
    panel.trash.click()
    assert column(panel, 0) == ["Lost & Found Ltd"]
    assert not panel.trash_action.isEnabled() and panel.restore_action.isEnabled()
    select(panel, [0])
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert services.companies.get(lost).deleted_at is None
    assert panel.model.rowCount() == 0
    assert "trash is empty" in panel.empty.text()
    panel.undo.undo()
    assert column(panel, 0) == ["Lost & Found Ltd"]


def test_choosing_a_row_tells_the_detail(panel: CompanyListPanel, qtbot: QtBot) -> None:
    with qtbot.waitSignal(panel.company_chosen) as chosen:
        panel.table.setCurrentIndex(panel.model.index(5, 0))
    assert chosen.args == [panel.model.row_id(5)]


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
    bus.publish(services.companies.empty_trash())
    assert widget.company_id() is None
