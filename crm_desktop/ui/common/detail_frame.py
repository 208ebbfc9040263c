"""The frame a record's detail panel is built in (the contact's, the lead's).

The panel is a stack of two pages, edge to edge: what to do when nothing is shown, and the
content. The content is a splitter: the record's facts in a frameless scroll area, and beside
them (or below) what goes with them, such as the timeline, given three parts of the room to the
facts' two. The record's name heads the facts (``form.as_title``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)


def content_splitter(parent: QWidget, orientation: Qt.Orientation, name: str) -> QSplitter:
    """The content's splitter, whose parts cannot be dragged shut."""
    splitter = QSplitter(orientation, parent)
    splitter.setObjectName(name)
    splitter.setChildrenCollapsible(False)
    return splitter


def facts_scroll(parent: QWidget, name: str) -> QScrollArea:
    """A frameless scroll area for the facts; it sizes them to its width."""
    scroll = QScrollArea(parent)
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    return scroll


def add_beside(content: QSplitter, widget: QWidget) -> None:
    """Add ``widget`` after the facts, with three parts of the room to their two."""
    content.addWidget(widget)
    content.setStretchFactor(0, 2)
    content.setStretchFactor(1, 3)


def fill_panel(panel: QWidget, pages: QStackedWidget, empty: QWidget, content: QWidget) -> None:
    """Put the ``empty`` and ``content`` pages in ``pages``, and ``pages`` over all of ``panel``."""
    pages.addWidget(empty)
    pages.addWidget(content)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(pages)
