"""One pair side by side: every field of both contacts in two columns, a choice per field of
which value the merged contact keeps, which contact survives, and what moves over.

Defaults follow ``merge.default_choices``: the value that is there, else the newer contact's;
both texts for notes. A field with the same value on both sides (or on neither) shows it once,
with nothing to choose. Emails, phones and tags are not chosen: the merged contact gets all of
them, shown under "After merge".
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.merge import (
    FIELDS,
    JOINABLE,
    MergeSide,
    Side,
    default_choices,
    merged_lists,
)
from crm_desktop.ui.common.form import heading

Column = Literal["left", "right", "both"]
_IDS: dict[Column, int] = {"left": 0, "right": 1, "both": 2}
_COLUMNS: dict[int, Column] = {v: k for k, v in _IDS.items()}
EMPTY = "—"


class _GreyLabel(QLabel):
    """A label whose text can be greyer than the rest (a hint, a value not chosen): the
    palette's placeholder colour, taken again at each palette change, so that it follows a
    switch between light and dark. Disabled, it is as grey as the rest."""

    _grey = False

    def set_grey(self, grey: bool) -> None:
        self._grey = grey
        self._recolour()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._recolour()  # setting the same colours again sends no second change
        super().changeEvent(event)

    def _recolour(self) -> None:
        palette = QPalette()  # no colour set: each is the parent's
        if self._grey:
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
                colour = self.palette().color(group, QPalette.ColorRole.PlaceholderText)
                palette.setColor(group, QPalette.ColorRole.WindowText, colour)
        self.setPalette(palette)


class _ClickLabel(_GreyLabel):
    """A value's text beside its radio button; clicking it picks the radio button."""

    clicked = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)


class MergeReview(QWidget):
    merge_requested = Signal()
    not_duplicates_requested = Signal()
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeReview")
        self._left: MergeSide | None = None
        self._right: MergeSide | None = None
        self._groups: dict[str, QButtonGroup] = {}
        self._after: dict[str, QLabel] = {}

        self.title = heading(self, "reviewTitle", "")
        self.reasons = QLabel(self)
        self.reasons.setObjectName("reviewReasons")
        self.reasons.setWordWrap(True)
        self.fields_area = QScrollArea(self)
        self.fields_area.setObjectName("mergeFields")
        self.fields_area.setWidgetResizable(True)
        self.fields_area.setFrameShape(QFrame.Shape.NoFrame)
        self.fields_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        self.merge_button = QPushButton("&Merge", self)
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setToolTip("Make them one contact with the chosen values (Ctrl+Enter)")
        self.not_button = QPushButton("&Not duplicates", self)
        self.not_button.setObjectName("notDuplicatesButton")
        self.not_button.setToolTip("These are different people: don't show this pair again")
        self.skip_button = QPushButton("S&kip", self)
        self.skip_button.setObjectName("skipButton")
        self.skip_button.setToolTip("Decide later: go to the next pair (Alt+Down)")
        self.merge_button.clicked.connect(self.merge_requested)
        self.not_button.clicked.connect(self.not_duplicates_requested)
        self.skip_button.clicked.connect(self.skip_requested)
        hint = QLabel("Ctrl+Enter merges · Alt+Down / Alt+Up: next / previous pair", self)
        hint.setObjectName("reviewHint")
        hint.setProperty("role", "hint")
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        for button in (self.skip_button, self.not_button, self.merge_button):
            button.setAutoDefault(False)  # Enter alone never merges: Ctrl+Enter does
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.reasons)
        layout.addWidget(self.fields_area, 1)
        layout.addLayout(buttons)

    # -- showing a pair --------------------------------------------------------------------

    def show_pair(self, left: MergeSide, right: MergeSide, reasons: str) -> None:
        self._left, self._right = left, right
        self.title.setText(f"{left.detail.display_name} and {right.detail.display_name}")
        self.reasons.setText(f"Why they look alike: {reasons}")
        self._groups.clear()
        self._after.clear()
        grid_host = QWidget()
        grid_host.setObjectName("mergeGrid")
        grid = QGridLayout(grid_host)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(16)
        self._keep = QButtonGroup(grid_host)
        for column, side, name in ((1, left, "keepLeft"), (2, right, "keepRight")):
            radio = QRadioButton(f"Keep {side.detail.display_name}", grid_host)
            radio.setObjectName(name)
            font = radio.font()
            font.setBold(True)
            radio.setFont(font)
            radio.setToolTip("This contact stays; the other goes to the trash, merged into it")
            self._keep.addButton(radio, column - 1)
            grid.addWidget(radio, 0, column)
        self._keep.button(0).setChecked(True)
        self._keep.idToggled.connect(self._keep_changed)
        row = 1
        for column, side in ((1, left), (2, right)):
            detail = side.detail
            when = f"Added {detail.created_at:%d %b %Y}, changed {detail.updated_at:%d %b %Y}"
            grid.addWidget(_muted(when, grid_host), row, column)
        row += 1
        defaults = default_choices(left.detail, right.detail)
        for field, label in FIELDS:
            self._field_row(grid, grid_host, row, field, label, defaults[field])
            row += 1
        lists = (
            ("emails", "Emails", _each(left.detail.emails), _each(right.detail.emails)),
            ("phones", "Phones", _each(left.detail.phones), _each(right.detail.phones)),
            ("tags", "Tags", list(left.detail.tags), list(right.detail.tags)),
        )
        for what, label, mine, theirs in lists:
            if not (mine or theirs):
                continue  # neither has any
            grid.addWidget(_name_label(label, grid_host), row, 0, Qt.AlignmentFlag.AlignTop)
            for column, items in ((1, mine), (2, theirs)):
                text = ("\n" if what != "tags" else ", ").join(items) or EMPTY
                grid.addWidget(_wrapped(text, grid_host), row, column, Qt.AlignmentFlag.AlignTop)
            row = self._after_row(grid, grid_host, row + 1, what)
        grid.addWidget(_name_label("Linked", grid_host), row, 0, Qt.AlignmentFlag.AlignTop)
        for column, side in ((1, left), (2, right)):
            grid.addWidget(_wrapped(_counts(side), grid_host), row, column)
        moving = "Every interaction, lead and follow-up of both ends up on the kept contact."
        grid.addWidget(_muted(moving, grid_host), row + 1, 1, 1, 3)
        grid.setRowStretch(row + 2, 1)
        self.fields_area.setWidget(grid_host)
        self._refresh_after()

    def _field_row(
        self, grid: QGridLayout, host: QWidget, row: int, field: str, label: str, default: Side
    ) -> None:
        assert self._left is not None and self._right is not None
        left_text, right_text = self._left.shown[field], self._right.shown[field]
        if not (left_text or right_text):
            return  # empty on both: nothing to see or choose
        grid.addWidget(_name_label(label, host), row, 0, Qt.AlignmentFlag.AlignTop)
        if left_text == right_text:
            value = _wrapped(left_text, host)
            value.setObjectName(f"same_{field}")
            value.setToolTip("The same on both")
            grid.addWidget(value, row, 1, 1, 2)
            return
        group = QButtonGroup(host)
        self._groups[field] = group
        cells: list[tuple[Column, str]] = [("left", left_text), ("right", right_text)]
        if field in JOINABLE and left_text and right_text:
            cells.append(("both", "Both"))
        for column, text in cells:
            cell = _choice(host, group, _IDS[column], text or EMPTY, f"{field}_{column}")
            grid.addWidget(cell, row, 1 + _IDS[column], Qt.AlignmentFlag.AlignTop)
        picked: Column = "both" if default == "both" else "left" if default == "keep" else "right"
        group.button(_IDS[picked]).setChecked(True)

    def _after_row(self, grid: QGridLayout, host: QWidget, row: int, what: str) -> int:
        after = _wrapped("", host)
        after.setObjectName(f"after_{what}")
        font = after.font()
        font.setItalic(True)
        after.setFont(font)
        self._after[what] = after
        grid.addWidget(after, row, 1, 1, 3)
        return row + 1

    def _keep_changed(self, _id: int, checked: bool) -> None:
        if checked:
            self._refresh_after()

    def _refresh_after(self) -> None:
        if self._left is None or self._right is None:
            return
        keep, drop = self._kept()
        emails, phones, tags = merged_lists(keep.detail, drop.detail)
        texts = {
            "emails": ", ".join(value for _, value in emails),
            "phones": ", ".join(value for _, value in phones),
            "tags": ", ".join(tags),
        }
        for what, text in texts.items():
            if what in self._after:
                self._after[what].setText(f"After merge: {text}")

    # -- what the user decided -------------------------------------------------------------

    def keeps_left(self) -> bool:
        return self._keep.checkedId() == 0

    def set_keep(self, left: bool) -> None:
        self._keep.button(0 if left else 1).setChecked(True)

    def choice(self, field: str) -> Column | None:
        """Which column's value ``field`` keeps; None when both sides agree."""
        group = self._groups.get(field)
        return None if group is None else _COLUMNS[group.checkedId()]

    def choose(self, field: str, column: Column) -> None:
        self._groups[field].button(_IDS[column]).setChecked(True)

    def decision(self) -> tuple[int, int, dict[str, Side]]:
        """(keep id, drop id, choices) as ``MergeService.merge`` takes them."""
        keep, drop = self._kept()
        left_kept = self.keeps_left()
        choices: dict[str, Side] = {}
        for field, group in self._groups.items():
            column = _COLUMNS[group.checkedId()]
            if column == "both":
                choices[field] = "both"
            else:
                choices[field] = "keep" if (column == "left") == left_kept else "drop"
        return keep.detail.id, drop.detail.id, choices

    def _kept(self) -> tuple[MergeSide, MergeSide]:
        assert self._left is not None and self._right is not None
        if self.keeps_left():
            return self._left, self._right
        return self._right, self._left


def _choice(host: QWidget, group: QButtonGroup, id_: int, text: str, name: str) -> QWidget:
    cell = QWidget(host)
    row = QHBoxLayout(cell)
    row.setContentsMargins(0, 0, 0, 0)
    radio = QRadioButton(cell)
    radio.setObjectName(name)
    radio.setAccessibleName(text)
    label = _ClickLabel(text, cell)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.clicked.connect(radio.click)
    radio.toggled.connect(lambda chosen: label.set_grey(not chosen))
    label.set_grey(True)
    group.addButton(radio, id_)
    row.addWidget(radio, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label, 1)
    return cell


def _name_label(text: str, host: QWidget) -> QLabel:
    label = QLabel(text, host)
    label.setProperty("role", "fieldName")
    return label


def _wrapped(text: str, host: QWidget) -> QLabel:
    label = QLabel(text, host)
    label.setWordWrap(True)
    return label


def _muted(text: str, host: QWidget) -> QLabel:
    label = _GreyLabel(text, host)
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    label.set_grey(True)
    return label


def _each(pairs: tuple[tuple[str, str], ...]) -> list[str]:
    """Labelled values as lines: "ann@example.com (work)"."""
    return [f"{value} ({label})" if label else value for label, value in pairs]


def _counts(side: MergeSide) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    return ", ".join(
        (
            count(side.interactions, "interaction", "interactions"),
            count(side.leads, "lead", "leads"),
            count(side.reminders, "open follow-up", "open follow-ups"),
        )
    )
