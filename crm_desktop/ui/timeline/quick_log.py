"""The quick-log bar: log a call, email, meeting, note, message or visit in a few keystrokes,
optionally with a follow-up N days later (both in one transaction, one undo step)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, QTimeZone, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from crm_desktop.domain.clock import Clock
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.timeline import KINDS
from crm_desktop.ui.common.icons import kind_icon
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.timeline.actions import InteractionActions
from crm_desktop.ui.timeline.model import KIND_NAMES

INTERACTION_KINDS = KINDS[:-2]  # without "stage" and "followup", which are never logged by hand
ERROR_COLOURS = ("#b3261e", "#f2b8b5")  # on a light window, on a dark one


def kind_combo(parent: QWidget, name: str) -> QComboBox:
    """A combo of the interaction kinds, each with its icon; ``currentData()`` is the kind."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    dark = is_dark(parent.palette())
    for kind in INTERACTION_KINDS:
        combo.addItem(kind_icon(kind, dark), KIND_NAMES[kind][0], kind)
    combo.setAccessibleName("Kind")
    return combo


def when_edit(parent: QWidget, name: str) -> QDateTimeEdit:
    """A date-and-time field holding wall-clock time in the clock's zone (see to_wall)."""
    edit = QDateTimeEdit(parent)
    edit.setObjectName(name)
    edit.setTimeZone(QTimeZone(QTimeZone.Initialization.UTC))  # no system-zone DST rules
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setAccessibleName("When")
    return edit


def to_wall(when: datetime, zone: tzinfo) -> QDateTime:
    local = when.astimezone(zone)
    return QDateTime(
        QDate(local.year, local.month, local.day),
        QTime(local.hour, local.minute),
        QTimeZone(QTimeZone.Initialization.UTC),
    )


def from_wall(value: QDateTime, zone: tzinfo) -> datetime:
    day, time = value.date(), value.time()
    return datetime(day.year(), day.month(), day.day(), time.hour(), time.minute(), tzinfo=zone)


def show_problems(label: QLabel, problems: dict[str, str]) -> None:
    """Put validation messages under a form, in a red readable on the current palette."""
    colour = ERROR_COLOURS[is_dark(label.palette())]
    label.setStyleSheet(f"color: {colour};")
    label.setText("\n".join(problems.values()))
    label.setVisible(bool(problems))


class QuickLogBar(QFrame):
    """Kind, when, subject, text and "follow up in N days"; Enter in the subject logs."""

    logged = Signal(int)  # the new interaction's id

    def __init__(self, actions: InteractionActions, clock: Clock, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("quickLog")
        self._actions = actions
        self._clock = clock
        self._contact_id: int | None = None
        self._when_touched = False

        self.kind = kind_combo(self, "quickLogKind")
        self.contact = QComboBox(self)  # company timelines: whom it was with
        self.contact.setObjectName("quickLogContact")
        self.contact.setAccessibleName("With")
        self.contact.setVisible(False)
        self.when = when_edit(self, "quickLogWhen")
        self.when.dateTimeChanged.connect(self._when_changed)
        self.subject = QLineEdit(self)
        self.subject.setObjectName("quickLogSubject")
        self.subject.setPlaceholderText("Subject (Enter logs)")
        self.subject.setAccessibleName("Subject")
        self.subject.returnPressed.connect(self.log)
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("quickLogBody")
        self.body.setPlaceholderText("What was said or agreed (Ctrl+Enter logs)")
        self.body.setAccessibleName("Text")
        self.body.setTabChangesFocus(True)
        self.body.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.body.installEventFilter(self)
        self.follow_up = QSpinBox(self)
        self.follow_up.setObjectName("quickLogFollowUp")
        self.follow_up.setRange(0, 365)
        self.follow_up.setPrefix("Follow up in ")
        self.follow_up.setSuffix(" days")
        self.follow_up.setSpecialValueText("No follow-up")
        self.follow_up.setAccessibleName("Follow up in days")
        self.follow_up.setToolTip("Creates a reminder this many days from now")
        self.button = QPushButton("&Log", self)
        self.button.setObjectName("quickLogButton")
        self.button.clicked.connect(self.log)
        self.error = QLabel(self)
        self.error.setObjectName("quickLogError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        for widget in (self.kind, self.contact, self.when):
            top.addWidget(widget)
        top.addStretch(1)
        grid.addLayout(top, 0, 0)
        grid.addWidget(self.subject, 1, 0)
        grid.addWidget(self.body, 2, 0)
        # The follow-up and the button under the text, not beside the kind and the time: the
        # bar then stays narrow enough for the detail beside the list on a 1280-pixel screen.
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.follow_up)
        bottom.addWidget(self.button)
        grid.addLayout(bottom, 3, 0)
        grid.addWidget(self.error, 4, 0)
        for first, second in (
            (self.kind, self.contact),
            (self.contact, self.when),
            (self.when, self.subject),
            (self.subject, self.body),
            (self.body, self.follow_up),
            (self.follow_up, self.button),
        ):
            QWidget.setTabOrder(first, second)
        self._reset_when()
        self.set_contact(None)

    # -- whom it is about ------------------------------------------------------------------

    def set_contact(self, contact_id: int | None) -> None:
        """Log with this contact (None: nobody chosen, the bar is disabled)."""
        self._contact_id = contact_id
        self.contact.clear()
        self.contact.setVisible(False)
        self._enable(contact_id is not None)

    def set_people(self, people: Sequence[tuple[int, str]]) -> None:
        """Log with one of these people (a company's): the bar shows whom to pick."""
        self._contact_id = None
        self.contact.clear()
        for contact_id, name in people:
            self.contact.addItem(name, contact_id)
        self.contact.setVisible(True)
        self._enable(bool(people))

    # -- logging ---------------------------------------------------------------------------

    @Slot()
    def focus_log(self) -> None:
        """Ctrl+L: put the cursor in the subject, ready to log (the time follows now)."""
        if not self._when_touched:
            self._reset_when()
        self.subject.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.subject.selectAll()

    @Slot()
    def log(self) -> bool:
        """Log what the bar holds; problems show under it. True when it was logged."""
        contact_id = (
            self._contact_id if self._contact_id is not None else self.contact.currentData()
        )
        if contact_id is None:
            return False
        fields = InteractionFields(
            kind=self.kind.currentData(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
            occurred_at=from_wall(self.when.dateTime(), self._clock.local_tz)
            if self._when_touched
            else None,
        )
        try:
            interaction_id = self._actions.log(int(contact_id), fields, self.follow_up.value())
        except ValidationError as exc:
            show_problems(self.error, exc.problems)
            target = self.follow_up if {"follow_up", "title"} & exc.problems.keys() else None
            (target or self.subject).setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        show_problems(self.error, {})
        self.subject.clear()
        self.body.clear()
        self.follow_up.setValue(0)
        self._reset_when()
        self.logged.emit(interaction_id)
        return True

    # -- helpers ---------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.body
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.log()
            return True
        return super().eventFilter(watched, event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            dark = is_dark(self.palette())
            for row in range(self.kind.count()):
                self.kind.setItemIcon(row, kind_icon(self.kind.itemData(row), dark))
        super().changeEvent(event)

    def _enable(self, enabled: bool) -> None:
        for widget in (
            self.kind,
            self.contact,
            self.when,
            self.subject,
            self.body,
            self.follow_up,
            self.button,
        ):
            widget.setEnabled(enabled)
        self.subject.setPlaceholderText(
            "Subject (Enter logs)" if enabled else "Open a contact to log a call, email or note"
        )

    def _reset_when(self) -> None:
        self.when.blockSignals(True)
        self.when.setDateTime(to_wall(self._clock.now(), self._clock.local_tz))
        self.when.blockSignals(False)
        self._when_touched = False

    def _when_changed(self) -> None:
        self._when_touched = True
