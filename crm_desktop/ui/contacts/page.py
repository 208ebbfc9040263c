"""The Contacts page: the list beside the detail, or a welcome panel on an empty database.

The detail may be handed in as a function that builds it: until it is wanted (a contact
picked, ``detail`` asked for) its empty state stands in, which looks the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui.contacts.detail_empty import DetailStandIn
from crm_desktop.ui.contacts.list_panel import ContactListPanel

if TYPE_CHECKING:
    from crm_desktop.ui.contacts.detail import ContactDetailPanel


class WelcomePanel(QWidget):
    add_contact = Signal()
    load_sample = Signal()
    import_file = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        title = QLabel("Welcome to CRM Desktop", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            "Your customers, what happened with them and what should happen next, all on this "
            "computer. Start with your first contact, bring them in from another program, or "
            "look around with sample data.",
            self,
        )
        text.setWordWrap(True)
        # A fixed width: a wrapped label aligned in a box layout otherwise gets its one-line
        # height at a narrower width, and its lines are cut off (seen on the first run).
        text.setFixedWidth(520)
        text.setMinimumHeight(text.heightForWidth(520))
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        for name, label, signal in (
            ("addContactButton", "Add a contact  (Ctrl+N)", self.add_contact),
            ("loadSampleButton", "Load sample data", self.load_sample),
            ("importButton", "Import contacts…  (Ctrl+I)", self.import_file),
        ):
            button = QPushButton(label, self)
            button.setObjectName(name)
            button.setMinimumWidth(260)
            button.clicked.connect(signal)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)


class ContactsPage(QStackedWidget):
    detail_built = Signal(object)  # the ContactDetailPanel, once it is there

    def __init__(
        self,
        contacts: ContactListPanel,
        detail: ContactDetailPanel | Callable[[], ContactDetailPanel],
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactsPage")
        self.contacts, self.settings = contacts, settings
        self._detail: ContactDetailPanel | None = None
        self._build_detail: Callable[[], ContactDetailPanel] | None = None
        self.welcome = WelcomePanel(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.addWidget(contacts)
        if isinstance(detail, QWidget):
            self._detail = detail
            self.splitter.addWidget(detail)
        else:
            self._build_detail = detail
            self.splitter.addWidget(DetailStandIn(lambda: self.detail.new_contact(), self))
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.addWidget(self.splitter)
        self.addWidget(self.welcome)
        contacts.contact_chosen.connect(lambda contact_id: self.detail.show_contact(contact_id))
        contacts.model.counted.connect(self._counted)
        self.welcome.add_contact.connect(lambda: self.detail.new_contact())
        if not contacts.model.counting:  # counted before this page listened
            self._counted(contacts.model.rowCount())
        with contacts.model.holding():  # a remembered sort order: one read
            self._restore()

    @property
    def detail(self) -> ContactDetailPanel:
        """The contact detail, built now if it was not yet."""
        if self._detail is None:
            assert self._build_detail is not None
            detail = self._build_detail()
            self._detail, self._build_detail = detail, None
            sizes = self.splitter.sizes()
            stand_in = self.splitter.replaceWidget(1, detail)  # same place and size
            self.splitter.setSizes(sizes)  # and kept there when the splitter lays out again
            if stand_in is not None:
                stand_in.deleteLater()
            self.detail_built.emit(detail)
        return self._detail

    def has_detail(self) -> bool:
        """Whether the detail is built (before, nobody is shown in it)."""
        return self._detail is not None

    def _counted(self, total: int) -> None:
        empty = total == 0 and not self.contacts.filters.is_filtering()
        nothing = empty and not self.contacts.model.query.trashed
        self.setCurrentWidget(self.welcome if nothing else self.splitter)

    def _restore(self) -> None:
        for key, restore in (
            ("contacts/splitter", self.splitter.restoreState),
            ("contacts/columns", self.contacts.table.horizontalHeader().restoreState),
        ):
            value = self.settings.value(key)
            if isinstance(value, QByteArray):
                restore(value)

    def save_layout(self) -> None:
        self.settings.setValue("contacts/splitter", self.splitter.saveState())
        self.settings.setValue(
            "contacts/columns", self.contacts.table.horizontalHeader().saveState()
        )
