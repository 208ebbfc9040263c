"""The timeline of a contact or a company, with the quick-log bar above it.

Keys on the list: Up/Down move, Enter/Space/double-click show the whole text, F2 edits an
interaction, Del deletes it (Ctrl+Z brings it back). Stage changes and follow-ups are history
and stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.interactions import InteractionEntry, InteractionFields
from crm_desktop.domain.services import Services
from crm_desktop.domain.timeline import KINDS, TimelineEntry, TimelineService
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.icons import kind_icon
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.timeline.actions import InteractionActions, Report, fields_of
from crm_desktop.ui.timeline.delegate import TimelineDelegate
from crm_desktop.ui.timeline.model import KIND_NAMES, TimelineModel
from crm_desktop.ui.timeline.quick_log import (
    QuickLogBar,
    from_wall,
    kind_combo,
    show_problems,
    to_wall,
    when_edit,
)

NO_SCOPE = "Open a contact or a company to see what has happened with them."
NOTHING_YET = "Nothing logged yet. Press Ctrl+L to log a call, email or note."
NO_PEOPLE = "Nobody works here yet. Add a person to this company to log calls and notes."
NONE_OF_KIND = {
    "stage": "No stage changes yet. They appear here when a lead moves on the board.",
    "followup": "No completed follow-ups yet. They appear here once marked done.",
}
TOGGLE_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class InteractionDialog(QDialog):
    """Edit one interaction: kind, when, subject and text; problems show in the dialog."""

    def __init__(
        self,
        entry: InteractionEntry,
        clock: Clock,
        submit: Callable[[InteractionFields], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timelineEditDialog")
        self.setWindowTitle("Edit entry")
        self._original = fields_of(entry)
        self._clock = clock
        self._submit = submit
        self.kind = kind_combo(self, "timelineEditKind")
        self.kind.setCurrentIndex(max(0, self.kind.findData(entry.kind)))
        self.when = when_edit(self, "timelineEditWhen")
        self.when.setDateTime(to_wall(entry.occurred_at, clock.local_tz))
        self.subject = QLineEdit(entry.subject, self)
        self.subject.setObjectName("timelineEditSubject")
        self.body = QPlainTextEdit(entry.body, self)
        self.body.setObjectName("timelineEditBody")
        self.body.setTabChangesFocus(True)
        self.error = QLabel(self)
        self.error.setObjectName("timelineEditError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.setObjectName("timelineEditButtons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("&Kind", self.kind)
        form.addRow("&When", self.when)
        form.addRow("&Subject", self.subject)
        form.addRow("&Text", self.body)
        form.addRow(self.error)
        form.addRow(buttons)
        self.resize(460, 320)

    def accept(self) -> None:
        fields = replace(
            self._original,
            kind=self.kind.currentData(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
            occurred_at=from_wall(self.when.dateTime(), self._clock.local_tz),
        )
        try:
            self._submit(fields)
        except ValidationError as exc:
            show_problems(self.error, exc.problems)
            return
        super().accept()


class TimelineWidget(QWidget):
    """Quick-log bar, kind filter and the timeline list of one contact or company."""

    message = Signal(str)  # a short note for the status bar: what was done, how to undo it

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self._services = services
        self._report = report
        self._people = 0  # how many people the company shown has
        self._keep: tuple[str, int, int] | None = None  # source, id, row: selected before a reset
        timeline = TimelineService(services.interactions, services.followups)
        self.interactions = InteractionActions(services, timeline, bus, undo_stack, report)
        self.quick_log = QuickLogBar(self.interactions, services.clock, self)
        self.quick_log.logged.connect(self._logged)
        self.model = TimelineModel(timeline, services.clock, bus, parent=self)
        self.model.loadFailed.connect(lambda exc: report("load the timeline", exc))

        self.filter = QComboBox(self)
        self.filter.setObjectName("timelineFilter")
        self.filter.setAccessibleName("Show kinds")
        self.filter.addItem("All kinds", None)
        for kind in KINDS:
            self.filter.addItem(KIND_NAMES[kind][1], kind)
        self.filter.currentIndexChanged.connect(self._filter_changed)
        title = QLabel("<b>Timeline</b>", self)
        title.setObjectName("timelineTitle")

        self.list = QListView(self)
        self.list.setObjectName("timelineList")
        self.list.setAccessibleName("Timeline")
        self.list.setModel(self.model)
        self.delegate = TimelineDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMouseTracking(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.doubleClicked.connect(lambda index: self.toggle(index.row()))
        self.list.installEventFilter(self)
        self.list.selectionModel().currentChanged.connect(self._update_actions)
        # After the view's own handlers (connected by setModel), so a kept selection stays.
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.modelReset.connect(self._restore_current)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_empty_state)
        self.empty = QLabel(self)
        self.empty.setObjectName("timelineEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("timelinePages")
        self.pages.addWidget(self.list)
        self.pages.addWidget(self.empty)

        self.edit_action = self._action("&Edit…", "timelineEdit", QKeySequence(Qt.Key.Key_F2))
        self.edit_action.triggered.connect(self.edit_current)
        self.delete_action = self._action(
            "&Delete", "timelineDelete", QKeySequence(QKeySequence.StandardKey.Delete)
        )
        self.delete_action.triggered.connect(self.delete_current)
        show_all = QAction("Show whole text\tEnter", self.list)
        show_all.setObjectName("timelineExpand")
        show_all.triggered.connect(lambda: self.toggle(self.list.currentIndex().row()))
        self.list.insertAction(self.edit_action, show_all)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.quick_log)
        layout.addLayout(header)
        layout.addWidget(self.pages, 1)
        self._refresh_icons()
        self._update_empty_state()
        self._update_actions()

    # -- what is shown ---------------------------------------------------------------------

    def show_contact(self, contact_id: int | None) -> None:
        """Show a contact's timeline and log with them (None: show nothing)."""
        self.quick_log.set_contact(contact_id)
        self.model.reset_for(contact_id=contact_id)

    def show_company(self, company_id: int) -> None:
        """Show a company's timeline; the quick-log bar asks which of its people it was with."""
        try:
            people = self._services.companies.get(company_id).people
        except Exception as exc:
            self._report("open the company's timeline", exc)
            return
        self._people = len(people)
        self.quick_log.set_people(people)
        self.model.reset_for(company_id=company_id)

    @Slot()
    def focus_log(self) -> None:
        """Ctrl+L: start logging in the quick-log bar."""
        self.quick_log.focus_log()

    # -- acting on the current entry -------------------------------------------------------

    def toggle(self, row: int) -> None:
        """Show the whole text of the entry at ``row``, or only its first lines again."""
        if not 0 <= row < self.model.rowCount():
            return
        self.model.toggle_expanded(row)
        index = self.model.index(row)
        self.delegate.sizeHintChanged.emit(index)
        self.list.scrollTo(index)

    @Slot()
    def edit_current(self) -> None:
        entry = self._current_entry()
        if entry is None or not entry.editable:
            return
        try:
            stored = self._services.interactions.get(entry.id)
        except Exception as exc:
            self._report("open the entry", exc)
            return
        dialog = InteractionDialog(
            stored, self._services.clock, lambda f: self.interactions.edit(entry.id, f), self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def delete_current(self) -> None:
        entry = self._current_entry()
        if entry is not None and entry.editable and self.interactions.delete(entry.id):
            self.message.emit(f"Deleted “{entry.subject or entry.kind}”. Ctrl+Z brings it back.")

    # -- events ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in TOGGLE_KEYS
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.toggle(self.list.currentIndex().row())
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._refresh_icons()
        super().changeEvent(event)

    # -- helpers ---------------------------------------------------------------------------

    def _action(self, text: str, name: str, keys: QKeySequence) -> QAction:
        action = QAction(text, self.list)
        action.setObjectName(name)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.addAction(action)
        return action

    def _current_entry(self) -> TimelineEntry | None:
        index = self.list.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _select(self, source: str, entry_id: int, fallback: int = -1) -> None:
        """Make that entry current; if it is gone, the row at ``fallback`` (e.g. after Del)."""
        row = self.model.row_of(source, entry_id)
        if row < 0:
            row = min(fallback, self.model.rowCount() - 1)
        if row >= 0:
            index = self.model.index(row)
            self.list.setCurrentIndex(index)
            self.list.scrollTo(index)

    def _logged(self, interaction_id: int) -> None:
        self._select("interaction", interaction_id)

    def _remember_current(self) -> None:
        entry = self._current_entry()
        row = self.list.currentIndex().row()
        self._keep = (entry.source, entry.id, row) if entry is not None else None

    def _restore_current(self) -> None:
        if self._keep is not None:
            self._select(*self._keep)
        self._update_actions()

    def _filter_changed(self) -> None:
        kind = self.filter.currentData()
        self.model.set_kinds(None if kind is None else {kind})

    def _update_actions(self) -> None:
        entry = self._current_entry()
        editable = entry is not None and entry.editable
        self.edit_action.setEnabled(editable)
        self.delete_action.setEnabled(editable)

    def _update_empty_state(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.pages.setCurrentWidget(self.list if has_rows else self.empty)
        if has_rows:
            return
        kind = self.filter.currentData()
        if self.model.contact_id is None and self.model.company_id is None:
            text = NO_SCOPE
        elif self.model.company_id is not None and not self._people:
            text = NO_PEOPLE
        elif kind is None:
            text = NOTHING_YET
        else:
            text = NONE_OF_KIND.get(
                kind, f"No {KIND_NAMES[kind][1].lower()} yet. Press Ctrl+L to log one."
            )
        self.empty.setText(text)

    def _refresh_icons(self) -> None:
        dark = is_dark(self.palette())
        for row in range(1, self.filter.count()):
            self.filter.setItemIcon(row, kind_icon(self.filter.itemData(row), dark))
