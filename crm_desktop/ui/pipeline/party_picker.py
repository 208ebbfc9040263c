"""Who a lead is with: a field that finds people and companies as you type, shows the chosen ones
as removable chips, and can create a new contact on the spot.

The field keeps the keyboard: Up and Down move through the results, Enter chooses, Escape
closes the list, Backspace in the empty field removes the last chip. The results are a list
laid over the window under the field (a child widget, as in the global search, so nothing
takes focus from the field). Each keystroke restarts a short timer; the search runs once
typing pauses, through the full-text index, on a worker thread.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from enum import Enum
from typing import Any, cast

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.lead_overview import (
    PartyChoice,
    company_choice,
    contact_choice,
    people_and_companies,
)
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.worker import BackgroundReads
from crm_desktop.ui.contacts.editor import ContactEditor

log = logging.getLogger(__name__)

Report = Callable[[str, BaseException], None]
Find = Callable[[str], Sequence[PartyChoice]]

DEBOUNCE_MS = 150
POPUP_MAX_HEIGHT = 340
HEADINGS = {"contact": "People", "company": "Companies"}
_Index = QModelIndex | QPersistentModelIndex
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_OWN_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, *_ENTER, Qt.Key.Key_Escape)


class RowType(Enum):
    HEADER = "header"
    CHOICE = "choice"
    CREATE = "create"
    MESSAGE = "message"


class Role:
    ROW_TYPE = Qt.ItemDataRole.UserRole + 1  # a RowType
    SUBTITLE = Qt.ItemDataRole.UserRole + 2  # str, choices only
    CHOICE = Qt.ItemDataRole.UserRole + 3  # the PartyChoice, choices only


class PartyResultsModel(QAbstractListModel):
    """Choices under a "People" and a "Companies" header, then "Create contact “…”…"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[RowType, str, PartyChoice | None]] = []

    def show_results(self, text: str, found: Sequence[PartyChoice], can_create: bool) -> None:
        rows: list[tuple[RowType, str, PartyChoice | None]] = []
        for choice in found:
            if not rows or rows[-1][2] is None or rows[-1][2].kind != choice.kind:
                rows.append((RowType.HEADER, HEADINGS.get(choice.kind, choice.kind), None))
            rows.append((RowType.CHOICE, choice.name, choice))
        if not found:
            rows.append((RowType.MESSAGE, f"No people or companies match “{text}”", None))
        if can_create:
            rows.append((RowType.CREATE, f"Create contact “{text}”…", None))
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def row_type(self, row: int) -> RowType | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def choice(self, row: int) -> PartyChoice | None:
        return self._rows[row][2] if 0 <= row < len(self._rows) else None

    def step(self, row: int, delta: int) -> int:
        """The next choosable row (a choice or "Create") from ``row`` going ``delta``, wrapping;
        ``row`` -1 gives the first (or last). -1 when there is none."""
        count = len(self._rows)
        start = row if 0 <= row < count else (-1 if delta > 0 else count)
        for offset in range(1, count + 1):
            candidate = (start + offset * delta) % count
            if self._rows[candidate][0] in (RowType.CHOICE, RowType.CREATE):
                return candidate
        return -1

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, text, choice = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Role.ROW_TYPE:
            return kind
        if role == Role.CHOICE:
            return choice
        if role == Role.SUBTITLE:
            return choice.subtitle if choice is not None else None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return ", ".join(p for p in (text, choice.subtitle if choice else "") if p)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        pickable = self.row_type(index.row()) in (RowType.CHOICE, RowType.CREATE)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        return flags | Qt.ItemFlag.ItemIsSelectable if pickable else flags


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
        self._host: QWidget | None = None
        self.contact_chip = _Chip("partyContactChip", "person", self)
        self.company_chip = _Chip("partyCompanyChip", "company", self)
        self.contact_chip.removed.connect(lambda: self._remove("contact"))
        self.company_chip.removed.connect(lambda: self._remove("company"))
        self.edit = QLineEdit(self)
        self.edit.setObjectName("partyPickerEdit")
        self.edit.setAccessibleName("Person or company")
        self.edit.installEventFilter(self)
        self.model = PartyResultsModel(self)
        self.view = self._results_view()
        self._popup = _Outline(self.view, self)
        self._popup.setObjectName("partyPickerPopup")
        self._popup.hide()
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
        if watched is self._host and event.type() == QEvent.Type.Resize:
            if self._popup.isVisible():
                self._place_popup()
            return False
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

    def _results_view(self) -> QListView:
        view = QListView()
        view.setObjectName("partyPickerResults")
        view.setAccessibleName("People and companies found")
        view.setModel(self.model)
        view.setItemDelegate(_Delegate(view))
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setFrameShape(QFrame.Shape.NoFrame)
        view.setMouseTracking(True)
        view.entered.connect(lambda index: self._hover(index.row()))
        view.clicked.connect(lambda index: self._activate(index.row()))
        return view

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
        """Lay the list over the window under the field (or above it when there is no room)."""
        host = self.window()
        if host is self:
            return
        if self._host is not host:
            if self._host is not None:
                self._host.removeEventFilter(self)
            self._host = host
            self._popup.setParent(host)
            host.installEventFilter(self)
        rows = sum(self.view.sizeHintForRow(row) for row in range(self.model.rowCount()))
        wanted = min(rows + 2 * _Outline.WIDTH, POPUP_MAX_HEIGHT)
        below = self.edit.mapTo(host, QPoint(0, self.edit.height() + 2))
        above = self.edit.mapTo(host, QPoint(0, -2))
        room_below = host.height() - below.y() - 8
        width = min(max(self.edit.width(), 380), host.width() - 16)
        x = max(8, min(below.x(), host.width() - width - 8))
        if wanted <= room_below or room_below >= above.y() - 8:
            rect = QRect(x, below.y(), width, max(0, min(wanted, room_below)))
        else:
            height = max(0, min(wanted, above.y() - 8))
            rect = QRect(x, above.y() - height, width, height)
        self._popup.setGeometry(rect)
        self._popup.raise_()
        self._popup.show()

    def _close_popup(self) -> None:
        self._timer.stop()
        self._reads.cancel()
        self._asked = ""
        self._popup.hide()


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


class _Outline(QWidget):
    """A thin line around the results, so they stand out over the dialog."""

    WIDTH = 1

    def __init__(self, view: QListView, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(self.WIDTH,) * 4)
        layout.addWidget(view)

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class _Delegate(QStyledItemDelegate):
    """A choice as its name over a dimmer line; headers small and bold; "Create" in italics."""

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        line = option.fontMetrics.height()
        kind = index.data(Role.ROW_TYPE)
        subtitle = index.data(Role.SUBTITLE)
        if kind is RowType.CHOICE and subtitle:
            return QSize(300, 2 * line + 10)
        return QSize(300, line + (8 if kind is RowType.HEADER else 12))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        base: QFont = option.font
        kind = index.data(Role.ROW_TYPE)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_rect = rect.adjusted(12, 0, -12, 0)
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        ink = palette.color(QPalette.ColorRole.Text)
        painter.save()
        if selected and kind in (RowType.CHOICE, RowType.CREATE):
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
            dim = ink = palette.color(QPalette.ColorRole.HighlightedText)
        font = QFont(base)
        subtitle = index.data(Role.SUBTITLE)
        if kind is RowType.CHOICE:
            painter.setPen(ink)
            align = Qt.AlignmentFlag.AlignTop if subtitle else Qt.AlignmentFlag.AlignVCenter
            lines = text_rect.adjusted(0, 5, 0, -5)
            _line(painter, lines, index.data(), align)
            if subtitle:
                font.setPointSizeF(base.pointSizeF() * 0.9)
                painter.setFont(font)
                painter.setPen(dim)
                _line(painter, lines, subtitle, Qt.AlignmentFlag.AlignBottom)
        elif kind is RowType.HEADER:
            if index.row() > 0:
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
            font.setBold(True)
            font.setPointSizeF(base.pointSizeF() * 0.85)
            painter.setFont(font)
            painter.setPen(dim)
            _line(
                painter, text_rect.adjusted(0, 0, 0, -2), index.data(), Qt.AlignmentFlag.AlignBottom
            )
        else:
            if kind is RowType.CREATE and index.row() > 0 and not selected:
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
            font.setItalic(kind is RowType.MESSAGE)
            font.setBold(kind is RowType.CREATE)
            painter.setFont(font)
            painter.setPen(ink if kind is RowType.CREATE else dim)
            _line(painter, text_rect, index.data(), Qt.AlignmentFlag.AlignVCenter)
        painter.restore()


def _line(painter: QPainter, rect: QRect, text: str, align: Qt.AlignmentFlag) -> None:
    elided = painter.fontMetrics().elidedText(text or "", Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignLeft), elided)
