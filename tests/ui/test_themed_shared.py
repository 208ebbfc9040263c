"""``ui.common.themed.ThemedWidget``: a widget restyled for light or dark the first time and
then only when a palette change turns one into the other; and the contact and lead detail
panels built on it (contact, lead, company) following the palette."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette, QUndoStack
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.services import Services
from crm_desktop.ui.common import theme
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.themed import ThemedWidget
from crm_desktop.ui.companies.detail import CompanyDetailPanel
from crm_desktop.ui.contacts.detail import ContactDetailPanel
from crm_desktop.ui.pipeline.lead_detail import LeadDetail


def report(what: str, exc: BaseException) -> None:
    raise AssertionError(f"reported: {what}: {exc}")


def palette(window: str, text: str) -> QPalette:
    colours = QPalette()
    colours.setColor(QPalette.ColorRole.Window, QColor(window))
    colours.setColor(QPalette.ColorRole.WindowText, QColor(text))
    return colours


LIGHT = palette("#ffffff", "#000000")
LIGHT_TOO = palette("#f4f4f4", "#202020")
DARK = palette("#202124", "#e8eaed")


class Recorder(ThemedWidget):
    def __init__(self) -> None:
        super().__init__()
        self.styled: list[bool] = []
        self._restyle()

    def _restyle_for(self, dark: bool) -> None:
        self.styled.append(dark)


@pytest.fixture
def stack() -> Iterator[QUndoStack]:
    undo = QUndoStack()
    yield undo
    undo.clear()


def test_restyled_only_when_light_turns_dark_or_back(qtbot: QtBot) -> None:
    widget = Recorder()
    qtbot.addWidget(widget)
    widget.setPalette(LIGHT)
    styled = list(widget.styled)  # once when built, and again if that palette was dark
    assert styled[-1] is False
    widget.setPalette(LIGHT_TOO)  # another light palette: nothing to do
    assert widget.styled == styled
    widget.setPalette(DARK)
    widget.setPalette(DARK)
    assert widget.styled == [*styled, True]


@pytest.mark.parametrize("kind", [ContactDetailPanel, LeadDetail, CompanyDetailPanel])
def test_detail_panels_follow_the_palette(
    qtbot: QtBot,
    qapp: QApplication,
    services: Services,
    stack: QUndoStack,
    kind: type[ThemedWidget],
) -> None:
    theme.apply(qapp, dark=False)
    try:
        if kind is CompanyDetailPanel:
            panel: ThemedWidget = CompanyDetailPanel(services, ChangeBus(), report)
        else:
            panel = kind(services, ChangeBus(), stack, report)  # type: ignore[call-arg]
        qtbot.addWidget(panel)
        light = panel.styleSheet()
        theme.apply(qapp, dark=True)
        qtbot.waitUntil(lambda: panel.styleSheet() != light)
        dark = panel.styleSheet()
        assert light and dark
        theme.apply(qapp, dark=False)
        qtbot.waitUntil(lambda: panel.styleSheet() == light)
    finally:
        theme.apply(qapp, dark=False)


def test_a_shown_contacts_links_take_the_new_themes_colour(
    qtbot: QtBot, qapp: QApplication, services: Services, stack: QUndoStack
) -> None:
    """A label's links keep the colour they had when its text was set: without the colour in
    the link, they stayed dark blue on dark grey after a switch to dark."""
    contact = services.contacts.create(
        ContactFields(first_name="Ann", last_name="Lee", emails=[("work", "ann@acme.example")])
    ).id
    theme.apply(qapp, dark=False)
    try:
        panel = ContactDetailPanel(services, ChangeBus(), stack, report)
        qtbot.addWidget(panel)
        panel.show_contact(contact)
        email = panel.fields["contactEmails"]
        light_link = qapp.palette().color(QPalette.ColorRole.Link).name()
        assert "mailto:ann@acme.example" in email.text() and light_link in email.text()
        theme.apply(qapp, dark=True)
        dark_link = qapp.palette().color(QPalette.ColorRole.Link).name()
        assert dark_link != light_link
        qtbot.waitUntil(lambda: dark_link in email.text())
    finally:
        theme.apply(qapp, dark=False)
