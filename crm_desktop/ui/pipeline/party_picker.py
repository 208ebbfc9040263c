"""Who a lead is with: a field that finds people and companies as you type, shows the chosen ones
as removable chips, and can create a new contact on the spot.

The field keeps the keyboard: Up and Down move through the results, Enter chooses, Escape
closes the list, Backspace in the empty field removes the last chip. The results are a list
laid over the window under the field (a child widget, as in the global search, so nothing
takes focus from the field; see ``party_results``). Each keystroke restarts a short timer; the
search runs once typing pauses, through the full-text index, on a worker thread.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from typing import cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from crm_desktop.domain.lead_overview import (
    PartyChoice,
    company_choice,
    contact_choice,
    people_and_companies,
)
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.common.worker import BackgroundReads
from crm_desktop.ui.contacts.editor import ContactEditor
from crm_desktop.ui.pipeline.party_results import PartyResultsModel, PartyResultsPopup, RowType

log = logging.getLogger(__name__)

Report = Callable[[str, BaseException], None]
Find = Callable[[str], Sequence[PartyChoice]]

DEBOUNCE_MS = 150
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_OWN_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, *_ENTER, Qt.Key.Key_Escape)


class _Chip(QFrame):
    """A chosen person or company: "Person  Ann Lee  ×"."""

    removed = Signal()

    def __init__(self, name: str, what: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel(self)
        self.label.setObjectName(f"{name}Label")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName(f"{name}Clear")
        self.clear_button.setText("×")
        self.clear_button.setAutoRaise(True)
        self.clear_button.setToolTip(f"Remove the {what}")
        self.clear_button.setAccessibleName(f"Remove the {what}")
        self.clear_button.clicked.connect(self.removed)
        self._what = what
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(self.clear_button)

    def show_choice(self, choice: PartyChoice) -> None:
        heading = "Person" if choice.kind == "contact" else "Company"
        self.label.setText(
            f"<span style='font-size:small'>{heading}</span>&nbsp; {html.escape(choice.name)}"
        )
        self.setToolTip(" · ".join(p for p in (choice.name, choice.subtitle) if p))


class PartyPicker(QWidget):
    """Picks a lead's contact and company. ``changed()`` when either is set or removed;
    ``committed()`` when a row of the list was chosen (the editor moves focus on)."""

    changed = Signal()
    committed = Signal()

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        parent: QWidget | None = None,
        *,
        find: Find = people_and_companies,
        delay_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("partyPicker")
        self._services, self._bus, self._undo, self._report = services, bus, undo_stack, report
        self._find = find
        self._contact: PartyChoice | None = None
        self._company: PartyChoice | None = None
        self._dark: bool | None = None
        self.contact_chip = _Chip("partyContactChip", "person", self)
        self.company_chip = _Chip("partyCompanyChip", "company", self)
        self.contact_chip.removed.connect(lambda: self._remove("contact"))
        self.company_chip.removed.connect(lambda: self._remove("company"))
        self.edit = QLineEdit(self)
        self.edit.setObjectName("partyPickerEdit")
        self.edit.setAccessibleName("Person or company")
        self.edit.installEventFilter(self)
        self.model = PartyResultsModel(self)
        self._popup = PartyResultsPopup(self.model, self)
        self.view = self._popup.view
        self.view.entered.connect(lambda index: self._hover(index.row()))
        self.view.clicked.connect(lambda index: self._activate(index.row()))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._search_typed)
        self.edit.textEdited.connect(self._timer.start)
        # Typing searches on a worker thread, so a slow word never freezes the dialog; a key
        # that needs the results at once (Enter, Down) searches right away instead.
        self._asked = ""  # the text a search on the worker is running for
        self._reads = BackgroundReads(self)
        self._reads.answered.connect(self._on_answer)
        self._reads.failed.connect(self._on_failure)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.contact_chip)
        layout.addWidget(self.company_chip)
        layout.addWidget(self.edit, 1)
        self._stretch = QWidget(self)
        layout.addWidget(self._stretch, 1)
        self._update_view()
        self._restyle()

    # -- what was chosen -------------------------------------------------------------------

    def contact(self) -> PartyChoice | None:
        return self._contact

    def company(self) -> PartyChoice | None:
        return self._company

    def contact_id(self) -> int | None:
        return self._contact.id if self._contact else None

    def company_id(self) -> int | None:
        return self._company.id if self._company else None

    def load(
        self,
        contact_id: int | None,
        company_id: int | None,
        contact_name: str = "",
        company_name: str = "",
    ) -> None:
        """Show a stored lead's contact and company (names are the fallback for rows in the
        trash, which the picker itself would not offer). Does not emit ``changed``."""
        self._contact = self._company = None
        if contact_id is not None:
            self._contact = contact_choice(contact_id) or PartyChoice(
                "contact", contact_id, contact_name or f"#{contact_id}", "", None, ""
            )
        if company_id is not None:
            self._company = company_choice(company_id) or PartyChoice(
                "company", company_id, company_name or f"#{company_id}", "", company_id, ""
            )
        self._update_view()

    def choose(self, choice: PartyChoice) -> None:
        """Take ``choice`` as if the user picked it: a person brings their company along."""
        if choice.kind == "contact":
            self._contact = choice
            if choice.company_id is not None:
                self._company = PartyChoice(
                    "company", choice.company_id, choice.company_name, "", choice.company_id, ""
                )
        else:
            self._company = choice
        self.edit.clear()
        self._close_popup()
        self._update_view()
        self.changed.emit()

    def create_contact(self) -> ContactEditor:
        """Open the contact editor with what was typed; the saved contact is chosen."""
        text = " ".join(self.edit.text().split())
        self._close_popup()
        editor = ContactEditor(
            self._services, self._bus, self._undo, self._report, None, self.window()
        )
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        _prefill(editor, text)
        editor.saved.connect(self._created)
        editor.open()
        return editor

    # -- searching -------------------------------------------------------------------------

    def search_now(self) -> None:
        """Search what is typed on this thread and show it (Enter and Down need it at once)."""
        self._timer.stop()
        self._reads.cancel()
        self._asked = ""
        text = self._text()
        if not text:
            self._show("", [])
            return
        try:
            found = list(self._find(text))
        except Exception:  # a failed look-up must not get in the way of typing; the log has it
            log.exception("Party search failed")
            found = []
        self._show(text, found)

    def wait_for_search(self, msecs: int = 10_000) -> None:
        """Block until a search in flight has answered (tests, and before the store closes)."""
        self._reads.wait(msecs)

    def _search_typed(self) -> None:
        """Typing paused: search on the worker; the newest answer is shown when it comes."""
        text = self._text()
        if not text:
            self._reads.cancel()
            self._asked = ""
            self._show("", [])
            return
        find = self._find
        self._asked = text
        self._reads.request(lambda: (text, list(find(text))))

    def _on_answer(self, answer: object) -> None:
        text, found = cast(tuple[str, list[PartyChoice]], answer)
        if text == self._asked:
            self._asked = ""
            if text == self._text():
                self._show(text, found)

    def _on_failure(self, exc: object) -> None:
        self._asked = ""
        log.error("Party search failed", exc_info=exc if isinstance(exc, BaseException) else None)

    def _text(self) -> str:
        return " ".join(self.edit.text().split())

    def _show(self, text: str, found: list[PartyChoice]) -> None:
        if not text:
            self.model.clear()
            self._close_popup()
            return
        self.model.show_results(text, found, can_create=True)
        self._highlight(self.model.step(-1, 1))
        if self.edit.hasFocus():
            self._place_popup()

    def popup_visible(self) -> bool:
        return self._popup.isVisible()

    def current_row(self) -> int:
        return self.view.currentIndex().row()

    # -- keys and focus --------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.edit:
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self._wants(event):
                event.accept()
                return True
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(event)
        elif kind == QEvent.Type.FocusOut:
            self._close_popup()
        return False

    def _wants(self, event: QKeyEvent) -> bool:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        busy = self._popup.isVisible() or self._timer.isActive() or bool(self._asked)
        return plain and event.key() in _OWN_KEYS and busy

    def _key(self, event: QKeyEvent) -> bool:
        """Handle a key in the field; True when it is used up here."""
        key = event.key()
        has_text = bool(self.edit.text().strip())
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if self._popup.isVisible() and not self._timer.isActive() and not self._asked:
                row = self.model.step(self.current_row(), 1 if key == Qt.Key.Key_Down else -1)
                self._highlight(row)
            elif has_text:
                self.search_now()
            return True
        if key in _ENTER and has_text:
            if self._timer.isActive() or self._asked or not self._popup.isVisible():
                self.search_now()
            self._activate(self.current_row())
            return True
        if key == Qt.Key.Key_Escape and self._popup.isVisible():
            self._close_popup()
            return True
        if key == Qt.Key.Key_Backspace and not self.edit.text() and self._company is not None:
            self._remove("company")
            return True
        if key == Qt.Key.Key_Backspace and not self.edit.text() and self._contact is not None:
            self._remove("contact")
            return True
        return False

    # -- helpers ---------------------------------------------------------------------------

    def _hover(self, row: int) -> None:
        if self.model.row_type(row) in (RowType.CHOICE, RowType.CREATE):
            self._highlight(row)

    def _highlight(self, row: int) -> None:
        index = self.model.index(row, 0) if row >= 0 else QModelIndex()
        self.view.setCurrentIndex(index)
        if index.isValid():
            self.view.scrollTo(index)

    def _activate(self, row: int) -> None:
        kind = self.model.row_type(row)
        choice = self.model.choice(row)
        if kind is RowType.CHOICE and choice is not None:
            self.choose(choice)
            self.committed.emit()
        elif kind is RowType.CREATE:
            self.create_contact()

    def _created(self, contact_id: int) -> None:
        choice = contact_choice(contact_id)
        if choice is not None:
            self.choose(choice)
            self.committed.emit()

    def _remove(self, kind: str) -> None:
        if kind == "contact":
            self._contact = None
        else:
            self._company = None
        self._update_view()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.changed.emit()

    def _update_view(self) -> None:
        for chip, choice in (
            (self.contact_chip, self._contact),
            (self.company_chip, self._company),
        ):
            chip.setVisible(choice is not None)
            if choice is not None:
                chip.show_choice(choice)
        full = self._contact is not None and self._company is not None
        self.edit.setVisible(not full)
        self._stretch.setVisible(full)
        if self._contact is None and self._company is None:
            hint = "Type a name, email or company…"
        elif self._contact is None and self._company is not None:
            hint = f"Add a person at {self._company.name} (optional)…"
        else:
            hint = "Add a company (optional)…"
        self.edit.setPlaceholderText(hint)
        self.setFocusProxy(self.edit if not full else self.contact_chip.clear_button)

    def _place_popup(self) -> None:
        host = self.window()
        if host is not self:
            self._popup.show_under(self.edit, host)

    def _close_popup(self) -> None:
        self._timer.stop()
        self._reads.cancel()
        self._asked = ""
        self._popup.hide()

    # -- looks -----------------------------------------------------------------------------

    def _restyle(self) -> None:
        dark = is_dark(self.palette())
        if dark == self._dark:
            return
        self._dark = dark
        chip_bg, chip = ("#233a5e", "#d2e3fc") if dark else ("#d2e3fc", "#174ea6")
        self.setStyleSheet(
            f"""
            QFrame#partyContactChip, QFrame#partyCompanyChip {{
                background: {chip_bg}; border-radius: 11px;
            }}
            QFrame#partyContactChip QLabel, QFrame#partyCompanyChip QLabel,
            QFrame#partyContactChip QToolButton, QFrame#partyCompanyChip QToolButton {{
                color: {chip}; background: transparent;
            }}
            """
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)


def _prefill(editor: ContactEditor, text: str) -> None:
    """An email address goes to the first email row; a name is split into first and last."""
    if not text:
        return
    if "@" in text and " " not in text:
        editor.form.emails.set_values([("work", text)])
        return
    first, _, last = text.partition(" ")
    editor.form.first_name.setText(first)
    editor.form.last_name.setText(last)
