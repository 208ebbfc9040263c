"""The follow-up editor's fields: title, who or what it is about, due date and time with quick
picks, note, assignee, repeat; with a line under each for what is wrong with it."""

from __future__ import annotations

import html
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QToolButton,
    QWidget,
)

from crm_desktop.domain.followups import ReminderFields, ReminderItem
from crm_desktop.domain.reminder_pane import REPEAT_UNITS, About, due_choices
from crm_desktop.domain.staff import StaffMember
from crm_desktop.ui.common import form as forms

LINES = ("title", "due_at", "recurrence", "other")  # where each problem is shown
NOBODY = About(None, "", None, "")


class FollowUpForm(QWidget):
    edited = Signal()  # the user changed something

    def __init__(
        self, now: datetime, tz: tzinfo, staff: list[StaffMember], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tz = tz
        self._about = NOBODY
        self.title = QLineEdit(self)
        self.title.setObjectName("followUpTitleEdit")
        self.title.setPlaceholderText("What to do, e.g. Call about the quote")
        self.title.setClearButtonEnabled(True)
        self.about_label = QLabel(self)
        self.about_label.setObjectName("followUpAbout")
        self.about_label.setTextFormat(Qt.TextFormat.RichText)
        self.about_clear = QToolButton(self)
        self.about_clear.setObjectName("followUpAboutClear")
        self.about_clear.setText("×")
        self.about_clear.setAutoRaise(True)
        self.about_clear.setToolTip("Not about anyone")
        self.about_clear.setAccessibleName("Not about anyone")
        self.about_clear.clicked.connect(self._clear_about)

        self.due_date = QDateEdit(self)
        self.due_date.setObjectName("followUpDueDate")
        self.due_date.setCalendarPopup(True)
        self.due_date.setDisplayFormat("ddd d MMM yyyy")
        self.due_time = QTimeEdit(self)
        self.due_time.setObjectName("followUpDueTime")
        self.due_time.setDisplayFormat("HH:mm")
        self.picks: dict[str, QPushButton] = {}
        for choice in due_choices(now, tz):
            button = QPushButton(choice.label, self)
            button.setObjectName(f"followUpPick_{choice.key}")
            button.setProperty("role", "pick")
            local = choice.when.astimezone(tz)
            button.setToolTip(f"{local:%a} {local.day} {local:%b, %H:%M}")
            button.clicked.connect(lambda _=False, when=choice.when: self.set_due(when))
            self.picks[choice.key] = button

        self.note = QPlainTextEdit(self)
        self.note.setObjectName("followUpNoteEdit")
        self.note.setPlaceholderText("Anything to remember")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 4 + 12)
        self.assignee = QComboBox(self)
        self.assignee.setObjectName("followUpAssigneeCombo")
        for member in staff:
            self.assignee.addItem(member.name, member.id)
        self.repeat = QCheckBox("Every", self)
        self.repeat.setObjectName("followUpRepeatCheck")
        self.every = QSpinBox(self)
        self.every.setObjectName("followUpRepeatEvery")
        self.every.setRange(1, 999)
        self.unit = QComboBox(self)
        self.unit.setObjectName("followUpRepeatUnit")
        for unit in REPEAT_UNITS:
            self.unit.addItem(unit, unit)
        self.problems = {
            name: forms.problem_label(self, f"followUp_{name}Problem") for name in LINES
        }
        self.snooze_note = QLabel(self)
        self.snooze_note.setObjectName("followUpSnoozeNote")
        self.snooze_note.setProperty("role", "hint")
        self.snooze_note.setWordWrap(True)
        self.snooze_note.hide()
        self._lay_out()
        self._connect()
        self._repeat_toggled()

    def _lay_out(self) -> None:
        about_row = QHBoxLayout()
        about_row.setSpacing(4)
        about_row.addWidget(self.about_label, 1)
        about_row.addWidget(self.about_clear)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_date, 1)
        due_row.addWidget(self.due_time)
        picks = QHBoxLayout()
        picks.setSpacing(4)
        for button in self.picks.values():
            picks.addWidget(button)
        picks.addStretch(1)
        repeat_row = QHBoxLayout()
        repeat_row.addWidget(self.repeat)
        repeat_row.addWidget(self.every)
        repeat_row.addWidget(self.unit)
        repeat_row.addStretch(1)

        self.layout_form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setVerticalSpacing(10)
        form.addRow("&Title", forms.stacked(self, self.title, self.problems["title"], spacing=4))
        form.addRow("About", about_row)
        self._about_row = form.rowCount() - 1
        due = forms.stacked(
            self, due_row, picks, self.snooze_note, self.problems["due_at"], spacing=4
        )
        form.addRow("&Due", due)
        form.addRow("&Note", self.note)
        form.addRow("&For", self.assignee)
        form.addRow(
            "&Repeat", forms.stacked(self, repeat_row, self.problems["recurrence"], spacing=4)
        )
        form.addRow(self.problems["other"])

    def _connect(self) -> None:
        for signal in (
            self.title.textEdited,
            self.note.textChanged,
            self.due_date.dateChanged,
            self.due_time.timeChanged,
            self.assignee.currentIndexChanged,
            self.repeat.toggled,
            self.every.valueChanged,
            self.unit.currentIndexChanged,
        ):
            signal.connect(self.edited)
        self.repeat.toggled.connect(self._repeat_toggled)
        self.every.valueChanged.connect(self._name_units)

    # -- filling -----------------------------------------------------------------------------

    def load(self, item: ReminderItem) -> None:
        self.title.setText(item.title)
        self.set_due(item.due_at)
        self.note.setPlainText(item.note)
        self.select_assignee(item.assignee_id)
        self.repeat.setChecked(item.recur_every is not None)
        self.every.setValue(item.recur_every or 1)
        if item.recur_unit is not None:
            self.unit.setCurrentIndex(self.unit.findData(item.recur_unit))
        if item.remind_at != item.due_at:
            local = item.remind_at.astimezone(self._tz)
            self.snooze_note.setText(
                f"Snoozed until {local:%a} {local.day} {local:%b, %H:%M}; saving clears the snooze."
            )
            self.snooze_note.show()

    def select_assignee(self, staff_id: int | None) -> None:
        found = self.assignee.findData(staff_id)
        if found < 0:
            self.assignee.addItem("Nobody" if staff_id is None else "(someone removed)", staff_id)
            found = self.assignee.count() - 1
        self.assignee.setCurrentIndex(found)

    @property
    def about(self) -> About:
        return self._about

    def set_about(self, about: About) -> None:
        self._about = about
        parts = []
        if about.contact_id is not None:
            parts.append(f"<b>{html.escape(about.contact_name)}</b>")
        if about.lead_id is not None:
            parts.append(f"lead <b>{html.escape(about.lead_title)}</b>")
        self.about_label.setText(" · ".join(parts))
        self.layout_form.setRowVisible(self._about_row, bool(parts))

    def _clear_about(self) -> None:
        self.set_about(NOBODY)
        self.edited.emit()

    def set_due(self, when: datetime) -> None:
        local = when.astimezone(self._tz)
        self.due_date.setDate(QDate(local.year, local.month, local.day))
        self.due_time.setTime(QTime(local.hour, local.minute))

    def _repeat_toggled(self) -> None:
        on = self.repeat.isChecked()
        self.every.setEnabled(on)
        self.unit.setEnabled(on)
        self._name_units()

    def _name_units(self) -> None:
        one = self.every.value() == 1
        for index in range(self.unit.count()):
            unit = str(self.unit.itemData(index))
            self.unit.setItemText(index, unit.removesuffix("s") if one else unit)

    # -- reading -----------------------------------------------------------------------------

    def due(self) -> datetime:
        day, at = self.due_date.date(), self.due_time.time()
        return datetime(
            day.year(), day.month(), day.day(), at.hour(), at.minute(), tzinfo=self._tz
        ).astimezone(UTC)

    def values(self) -> ReminderFields:
        repeat = self.repeat.isChecked()
        return ReminderFields(
            title=self.title.text(),
            due_at=self.due(),
            note=self.note.toPlainText(),
            assignee_id=self.assignee.currentData(),
            contact_id=self._about.contact_id,
            lead_id=self._about.lead_id,
            recur_every=self.every.value() if repeat else None,
            recur_unit=self.unit.currentData() if repeat else None,
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        lines = dict.fromkeys(LINES, "")
        for name, text in problems.items():
            line = name if name in lines else "other"
            lines[line] = f"{lines[line]} {text}".strip()
        for name, label in self.problems.items():
            label.setText(lines[name])
            label.setVisible(bool(lines[name]))
        self.title.setProperty("invalid", bool(lines["title"]))
        self.title.style().unpolish(self.title)
        self.title.style().polish(self.title)
