"""The stage editor: one pipeline's name and its stages, edited in place (name, win probability,
kind, rotting days), added, removed (asking where a stage's leads go) and reordered.

Nothing is written until OK, which applies it all in one transaction and puts it on the undo
stack as one step; Cancel leaves everything as it was. The rules are the domain's
(``edit_problems``), shown next to what they are about while the user types.

Keys: F2 or typing edits a cell; Alt+Up/Alt+Down move a stage; Ctrl+N adds one; Delete removes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.pipelines import (
    MAX_ROTTING_DAYS,
    PipelineAdmin,
    PipelineEdit,
    StageDraft,
    edit_problems,
)
from crm_desktop.ui.common import form as forms
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.common.undo import record

Report = Callable[[str, BaseException], None]
Index = QModelIndex | QPersistentModelIndex

NAME, PROBABILITY, KIND, ROTTING, LEADS = range(5)
HEADERS = ("Stage", "Win chance", "Kind", "Rotting after", "Leads")
FIELDS = {"name": NAME, "probability": PROBABILITY, "kind": KIND, "rotting_days": ROTTING}
KINDS = {"open": "Open", "won": "Won", "lost": "Lost"}  # plain words: typing picks them
_COLOURS = {False: ("#c5221f", "#5f6368"), True: ("#f28b82", "#9aa0a6")}  # problem, muted


@dataclass(frozen=True)
class StageRow:
    """A stage in the editor: what it will be, and the leads it will hold once applied."""

    name: str
    probability: int
    kind: str = "open"
    rotting_days: int | None = None
    id: int | None = None
    leads: int = 0
    trashed: int = 0

    def draft(self) -> StageDraft:
        return StageDraft(self.name, self.probability, self.kind, self.rotting_days, self.id)


class StageTableModel(QAbstractTableModel):
    """The stages being edited, one row each; problems show in red with their message."""

    def __init__(self, rows: list[StageRow], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = list(rows)
        self._problems: dict[tuple[int, int], str] = {}
        self.problem_colour = QColor(_COLOURS[False][0])

    def rows(self) -> list[StageRow]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags if index.column() == LEADS else flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        problem = self._problems.get((index.row(), column))
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(row, column)
        if role == Qt.ItemDataRole.EditRole:
            values = (row.name, row.probability, row.kind, row.rotting_days or 0, row.leads)
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem or _TIPS[column]
        if role == Qt.ItemDataRole.ForegroundRole and problem:
            return self.problem_colour
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PROBABILITY, ROTTING, LEADS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == LEADS:
            return False
        row, column = self._rows[index.row()], index.column()
        if column == NAME and isinstance(value, str):
            changed = replace(row, name=value)
        elif column == PROBABILITY and isinstance(value, int) and 0 <= value <= 100:
            changed = replace(row, probability=value)
        elif column == KIND and value in KINDS:
            changed = replace(row, kind=str(value))
        elif column == ROTTING and isinstance(value, int) and 0 <= value <= MAX_ROTTING_DAYS:
            changed = replace(row, rotting_days=value or None)
        else:
            return False
        if changed != row:
            self._rows[index.row()] = changed
            self.dataChanged.emit(index, index)
        return True

    # -- whole rows ------------------------------------------------------------------------

    def insert(self, at: int, row: StageRow) -> None:
        self.beginInsertRows(QModelIndex(), at, at)
        self._rows.insert(at, row)
        self.endInsertRows()

    def remove(self, at: int) -> StageRow:
        self.beginRemoveRows(QModelIndex(), at, at)
        row = self._rows.pop(at)
        self.endRemoveRows()
        return row

    def move(self, at: int, by: int) -> bool:
        """Move row ``at`` one up (``by`` -1) or down (+1); False at either end."""
        to = at + by
        if not (0 <= at < len(self._rows) and 0 <= to < len(self._rows)):
            return False
        self.beginMoveRows(QModelIndex(), at, at, QModelIndex(), to + 1 if by > 0 else to)
        self._rows.insert(to, self._rows.pop(at))
        self.endMoveRows()
        return True

    def replace_row(self, at: int, row: StageRow) -> None:
        self._rows[at] = row
        self.dataChanged.emit(self.index(at, 0), self.index(at, LEADS))

    def set_problems(self, problems: dict[tuple[int, int], str]) -> None:
        if problems != self._problems:
            self._problems = problems
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, LEADS))


_TIPS = (
    "The stage's name, as its column on the board shows it",
    "How likely a lead here is to be won: its value is weighted by this in the forecast",
    "Open stages hold leads in progress; a won or lost stage closes them",
    "A lead that sits here longer than this is marked as rotting",
    "The leads in this stage, closed and trashed ones included",
)


def _shown(row: StageRow, column: int) -> str:
    if column == NAME:
        return row.name
    if column == PROBABILITY:
        return f"{row.probability} %"
    if column == KIND:
        return KINDS.get(row.kind, row.kind)
    if column == ROTTING:
        return "Never" if row.rotting_days is None else _days(row.rotting_days)
    return f"{row.leads:,}" if row.leads else ""


def _days(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


class StageDelegate(QStyledItemDelegate):
    """Editors fit for each column: a spin box for percent and days, a list of kinds."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = index.column()
        if column == KIND:
            combo = QComboBox(parent)
            combo.setObjectName("kindEditor")
            for kind, label in KINDS.items():
                combo.addItem(label, kind)
            combo.activated.connect(lambda _: self.commitData.emit(combo))
            return combo
        if column in (PROBABILITY, ROTTING):
            spin = QSpinBox(parent)
            spin.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == PROBABILITY:
                spin.setObjectName("probabilityEditor")
                spin.setRange(0, 100)
                spin.setSuffix(" %")
            else:
                spin.setObjectName("rottingEditor")
                spin.setRange(0, MAX_ROTTING_DAYS)
                spin.setSuffix(" days")
                spin.setSpecialValueText("Never")  # shown at 0: the stage does not rot
            return spin
        edit = QLineEdit(parent)
        edit.setObjectName("stageNameEditor")
        edit.setFrame(False)
        return edit

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QSpinBox):
            editor.setValue(int(value))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QSpinBox):
            editor.interpretText()
            model.setData(index, editor.value())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())


class MoveLeadsDialog(QDialog):
    """Asks where the leads of a stage that is being removed should go."""

    def __init__(self, row: StageRow, targets: list[StageRow], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("moveLeadsDialog")
        self.setWindowTitle("Move the leads")
        self.setMinimumWidth(400)
        trashed = f" ({row.trashed:,} of them in the trash)" if row.trashed else ""
        leads = f"{row.leads:,} lead{'' if row.leads == 1 else 's'}{trashed}"
        text = QLabel(
            f"“{row.name}” holds {leads}. Their stage history in “{row.name}” goes with the"
            " stage (Undo brings it back). Move them to:",
            self,
        )
        text.setWordWrap(True)
        self.target = QComboBox(self)
        self.target.setObjectName("moveTargetCombo")
        for stage in targets:
            self.target.addItem(f"{stage.name} ({KINDS[stage.kind]})", stage.id)
        text.setBuddy(self.target)
        buttons = QDialogButtonBox(self)
        self.move_button = buttons.addButton(
            "Move and remove", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.move_button.setObjectName("moveLeadsButton")
        self.move_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).setObjectName("keepStageButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (text, self.target, buttons):
            layout.addWidget(widget)

    def chosen(self) -> int:
        return int(self.target.currentData())


class StageEditor(QDialog):
    """Edit the pipeline ``pipeline_id``: its name and stages."""

    def __init__(
        self,
        admin: PipelineAdmin,
        pipeline_id: int,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stageEditor")
        self.admin, self.bus, self.undo_stack, self.report = admin, bus, undo_stack, report
        self.outline = admin.outline(pipeline_id)
        self.moves: dict[int, int] = {}  # removed stage id -> where its leads go
        self._dark: bool | None = None
        rows = [
            StageRow(s.name, s.probability, s.kind, s.rotting_days, s.id)
            for s in self.outline.stages
        ]
        for i, row in enumerate(rows):
            if (held := self.outline.held.get(row.id or 0)) is not None:
                rows[i] = replace(row, leads=held.total, trashed=held.trashed)
        self.model = StageTableModel(rows, self)
        self.setWindowTitle(f"Edit pipeline “{self.outline.name}”")
        self._build()
        self._start = self.edit()
        self.model.dataChanged.connect(self._validate)
        self.model.rowsInserted.connect(self._validate)
        self.model.rowsRemoved.connect(self._validate)
        self.model.rowsMoved.connect(self._validate)
        self.name_edit.textChanged.connect(self._validate)
        self._restyle()
        self._validate()
        self.table.setCurrentIndex(self.model.index(0, NAME))
        self.table.setFocus()

    def _build(self) -> None:
        self.resize(680, 440)
        self.name_edit = QLineEdit(self.outline.name, self)
        self.name_edit.setObjectName("pipelineNameEdit")
        name_label = QLabel("Pipeline &name", self)
        name_label.setBuddy(self.name_edit)
        self.name_problem = forms.problem_label(self, "pipelineNameProblem")
        self.table = QTableView(self)
        self.table.setObjectName("stageTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(StageDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column, width in ((PROBABILITY, 96), (KIND, 96), (ROTTING, 112), (LEADS, 64)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._enable)

        side = QVBoxLayout()
        self.add_button = self._button("addStageButton", "&Add stage", "Ctrl+N", self.add_stage)
        self.remove_button = self._button("removeStageButton", "&Remove", "Del", self.remove_stage)
        self.up_button = self._button(
            "moveUpButton", "Move &up", "Alt+Up", lambda: self.move_stage(-1)
        )
        self.down_button = self._button(
            "moveDownButton", "Move &down", "Alt+Down", lambda: self.move_stage(1)
        )
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            side.addWidget(button)
        side.addStretch(1)
        QShortcut(QKeySequence("Ctrl+N"), self).activated.connect(self.add_stage)
        QShortcut(QKeySequence("Alt+Up"), self).activated.connect(lambda: self.move_stage(-1))
        QShortcut(QKeySequence("Alt+Down"), self).activated.connect(lambda: self.move_stage(1))
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_stage)

        self.problems = forms.problem_label(self, "stageProblems")
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("okButton")
        self.ok_button.setToolTip("Apply every change as one step you can undo")
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setObjectName("cancelButton")
        self.ok_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.reject)
        hint = QLabel("F2 edits · Alt+↑/↓ moves · Del removes", self)
        hint.setObjectName("stageEditorHint")
        hint.setProperty("role", "hint")

        name_row = QHBoxLayout()
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        stages_label = QLabel("&Stages, in the board's order", self)
        stages_label.setBuddy(self.table)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.addLayout(name_row)
        layout.addWidget(self.name_problem)
        layout.addSpacing(6)
        layout.addWidget(stages_label)
        layout.addLayout(middle, 1)
        layout.addWidget(self.problems)
        layout.addLayout(bottom)

    def _button(self, name: str, text: str, keys: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(f"{text.replace('&', '')} ({keys})")
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _restyle(self) -> None:
        dark = is_dark(self.palette())
        if dark == self._dark:
            return
        self._dark = dark
        problem, muted = _COLOURS[dark]
        self.model.problem_colour = QColor(problem)
        self.setStyleSheet(
            f'QLabel[role="problem"] {{ color: {problem}; }}'
            f' QLabel[role="hint"] {{ color: {muted}; }}'
            f' QLineEdit[invalid="true"] {{ border: 1px solid {problem}; border-radius: 3px;'
            " padding: 2px 3px; }"
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)

    # -- what the user does ----------------------------------------------------------------

    def edit(self) -> PipelineEdit:
        """The pipeline as the dialog now says it should be."""
        drafts = tuple(row.draft() for row in self.model.rows())
        return PipelineEdit(self.name_edit.text(), drafts, dict(self.moves))

    def current_row(self) -> int:
        return self.table.currentIndex().row()

    def add_stage(self) -> None:
        """A new open stage below the current one (or before the first closed stage)."""
        rows = self.model.rows()
        at = self.current_row() + 1
        if at <= 0:
            at = next((i for i, r in enumerate(rows) if r.kind != "open"), len(rows))
        above = rows[at - 1] if at > 0 else None
        taken = {r.name.casefold() for r in rows}
        names = ("New stage" if i == 1 else f"New stage {i}" for i in range(1, len(rows) + 2))
        name = next(n for n in names if n.casefold() not in taken)
        open_above = above is not None and above.kind == "open"
        probability = above.probability if open_above and above else 0
        rotting = above.rotting_days if open_above and above else None
        self.model.insert(at, StageRow(name, probability, "open", rotting))
        index = self.model.index(at, NAME)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def remove_stage(self) -> None:
        at = self.current_row()
        if at < 0:
            return
        row = self.model.rows()[at]
        if row.leads:
            targets = [r for r in self.model.rows() if r.id is not None and r.id != row.id]
            if not targets:
                QMessageBox.information(
                    self, "Nowhere to move", f"No other stage can take the leads of “{row.name}”."
                )
                return
            ask = MoveLeadsDialog(row, targets, self)
            if ask.exec() != QDialog.DialogCode.Accepted:
                return
            target = ask.chosen()
            assert row.id is not None  # only stages that exist hold leads
            for source, there in list(self.moves.items()):
                if there == row.id:
                    self.moves[source] = target
            self.moves[row.id] = target
            to = next(i for i, r in enumerate(self.model.rows()) if r.id == target)
            into = self.model.rows()[to]
            grown = replace(into, leads=into.leads + row.leads, trashed=into.trashed + row.trashed)
            self.model.replace_row(to, grown)
        self.model.remove(at)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(min(at, self.model.rowCount() - 1), NAME))
        self.table.setFocus()

    def move_stage(self, by: int) -> None:
        at = self.current_row()
        if at >= 0 and self.model.move(at, by):
            self.table.setCurrentIndex(
                self.model.index(at + by, self.table.currentIndex().column())
            )

    def _enable(self) -> None:
        at, count = self.current_row(), self.model.rowCount()
        self.remove_button.setEnabled(at >= 0)
        self.up_button.setEnabled(at > 0)
        self.down_button.setEnabled(0 <= at < count - 1)

    def _validate(self) -> bool:
        """Show what is wrong next to it; OK only when all is well."""
        problems = edit_problems(self.outline, self.edit())
        cells: dict[tuple[int, int], str] = {}
        lines: list[str] = []
        for key, message in problems.items():
            parts = key.split(".")
            if parts[0] == "stages" and len(parts) == 3:
                cells[(int(parts[1]), FIELDS[parts[2]])] = message
            if key != "name" and message not in lines:
                lines.append(message)
        self.model.set_problems(cells)
        _show(self.name_problem, problems.get("name", ""))
        self.name_edit.setProperty("invalid", "name" in problems)
        self.name_edit.style().unpolish(self.name_edit)
        self.name_edit.style().polish(self.name_edit)
        _show(self.problems, "\n".join(lines))
        self.ok_button.setEnabled(not problems)
        self._enable()
        return not problems

    def is_dirty(self) -> bool:
        return self.edit() != self._start

    # -- OK and Cancel ---------------------------------------------------------------------

    def apply(self) -> None:
        if not self._validate():
            return
        if not self.is_dirty():
            self.accept()
            return
        edit, admin, bus, report = self.edit(), self.admin, self.bus, self.report
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # moving many leads takes time
        try:
            applied = admin.apply(self.outline.id, edit)
        except ValidationError as exc:
            _show(self.problems, "\n".join(exc.problems.values()))
            self.ok_button.setEnabled(False)
            return
        except Exception as exc:
            report("change the pipeline", exc)
            return
        finally:
            QApplication.restoreOverrideCursor()
        bus.publish(*applied.changes)
        text = f"Edit pipeline “{edit.name.strip()}”"
        record(
            self.undo_stack,
            text,
            lambda: bus.publish(admin.restore(applied.before)),
            lambda: bus.publish(admin.restore(applied.after)),
            lambda exc: report(f"undo or redo “{text}”", exc),
        )
        self.accept()

    def reject(self) -> None:
        if self.is_dirty() and not forms.confirm_discard(
            self,
            "Close without applying your changes to this pipeline?",
        ):
            return
        super().reject()


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))
