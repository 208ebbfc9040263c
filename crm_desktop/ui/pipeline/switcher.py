"""The pipeline switcher: a combo of the pipelines (with their open leads) and a menu to make a
new one, rename, edit the stages of or remove the one shown. Each change is one undoable step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QWidget,
)

from crm_desktop.domain.changes import Change
from crm_desktop.domain.errors import ValidationError
from crm_desktop.domain.pipelines import PipelineAdmin, PipelineSummary
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.pipeline.stage_editor import StageEditor

Report = Callable[[str, BaseException], None]
Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PipelineListModel(QAbstractListModel):
    """The pipelines in switcher order: "Sales · 12 open"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PipelineSummary] = []

    def set_pipelines(self, rows: list[PipelineSummary]) -> None:
        if rows == self._rows:
            return
        if [r.id for r in rows] == [r.id for r in self._rows]:  # same list: no reset
            self._rows = list(rows)
            self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def pipeline(self, row: int) -> PipelineSummary:
        return self._rows[row]

    def row_of(self, pipeline_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == pipeline_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.name} · {row.open_leads:,} open"
        if role == Qt.ItemDataRole.ToolTipRole:
            default = " (the default pipeline)" if row.is_default else ""
            return f"{row.name}{default}: {row.open_leads:,} open leads"
        if role == ID_ROLE:
            return row.id
        return None


class PipelineSwitcher(QWidget):
    """Emits ``pipeline_chosen(id)`` when the user picks a pipeline (or makes a new one)."""

    pipeline_chosen = Signal(int)

    def __init__(
        self,
        admin: PipelineAdmin,
        bus: ChangeBus,
        undo_stack: QUndoStack,
        report: Report,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pipelineSwitcher")
        self.admin, self.bus, self.undo_stack, self.report = admin, bus, undo_stack, report
        self.editor: StageEditor | None = None
        self.model = PipelineListModel(self)
        self.combo = QComboBox(self)
        self.combo.setObjectName("pipelineCombo")
        self.combo.setModel(self.model)
        self.combo.setToolTip("The pipeline the board shows")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.activated.connect(self._chosen)
        menu = QMenu(self)
        self.new_action = self._action(
            menu, "newPipelineAction", "&New pipeline…", self.new_pipeline
        )
        self.rename_action = self._action(menu, "renamePipelineAction", "&Rename…", self.rename)
        self.stages_action = self._action(
            menu, "editStagesAction", "Edit &stages…", self.edit_stages
        )
        menu.addSeparator()
        self.remove_action = self._action(
            menu, "removePipelineAction", "Re&move pipeline…", self.remove
        )
        self.menu_button = QPushButton("Pipeline", self)
        self.menu_button.setObjectName("pipelineMenuButton")
        self.menu_button.setToolTip("Make, rename, edit or remove pipelines")
        self.menu_button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.menu_button)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)  # once, after the writer is done publishing
        self._reload_timer.timeout.connect(self.reload)
        bus.changed.connect(self._on_change)
        self.reload()

    def _action(self, menu: QMenu, name: str, text: str, slot: Callable[[], object]) -> QAction:
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(slot)
        return action

    # -- which pipeline ----------------------------------------------------------------------

    def current_id(self) -> int | None:
        row = self.combo.currentIndex()
        return self.model.pipeline(row).id if row >= 0 else None

    def set_current(self, pipeline_id: int) -> None:
        row = self.model.row_of(pipeline_id)
        if row >= 0:
            self.combo.setCurrentIndex(row)
            self._enable()

    def reload(self) -> None:
        """Read the pipelines again; a pipeline that went is replaced by the default one."""
        shown = self.current_id()
        try:
            pipelines = self.admin.pipelines()
        except Exception as exc:
            self.report("read the pipelines", exc)
            return
        self.model.set_pipelines(pipelines)
        row = self.model.row_of(shown) if shown is not None else -1
        if row < 0:
            row = next((i for i, p in enumerate(pipelines) if p.is_default), 0)
        self.combo.setCurrentIndex(row if pipelines else -1)
        self._enable()
        if shown is not None and self.current_id() != shown and self.current_id() is not None:
            self.pipeline_chosen.emit(self.current_id())

    def _on_change(self, change: Change) -> None:
        if any(change.affects(kind) for kind in ("pipeline", "stage", "lead")):
            self._reload_timer.start()

    def _chosen(self, row: int) -> None:
        self._enable()
        if row >= 0:
            self.pipeline_chosen.emit(self.model.pipeline(row).id)

    def _enable(self) -> None:
        row = self.combo.currentIndex()
        chosen = row >= 0
        for action in (self.rename_action, self.stages_action):
            action.setEnabled(chosen)
        self.remove_action.setEnabled(chosen and not self.model.pipeline(row).is_default)

    # -- the menu ----------------------------------------------------------------------------

    def new_pipeline(self) -> None:
        done = self._ask_until("New pipeline", "", self.admin.create_pipeline, "make the pipeline")
        if done is None:
            return
        name, change = done
        pipeline_id = change.id
        after = self.admin.snapshot(pipeline_id)
        self._done(
            f"New pipeline “{name.strip()}”",
            change,
            lambda: self.admin.remove_pipeline(pipeline_id),
            lambda: self.admin.restore(after),
        )
        self.reload()
        self.set_current(pipeline_id)
        self.pipeline_chosen.emit(pipeline_id)

    def rename(self) -> None:
        pipeline_id = self.current_id()
        if pipeline_id is None:
            return
        old = self.model.pipeline(self.combo.currentIndex()).name

        def rename(name: str) -> Change:
            return self.admin.rename_pipeline(pipeline_id, name)

        done = self._ask_until("Rename pipeline", old, rename, "rename the pipeline")
        if done is None or done[0].strip() == old:
            return
        new = done[0]
        self._done(
            f"Rename pipeline “{old}”",
            done[1],
            lambda: rename(old),
            lambda: rename(new),
        )

    def edit_stages(self) -> None:
        pipeline_id = self.current_id()
        if pipeline_id is None:
            return
        try:
            editor = StageEditor(
                self.admin, pipeline_id, self.bus, self.undo_stack, self.report, self.window()
            )
        except Exception as exc:
            self.report("open the pipeline's stages", exc)
            return
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.destroyed.connect(lambda: setattr(self, "editor", None))
        self.editor = editor
        editor.open()

    def remove(self) -> None:
        pipeline_id = self.current_id()
        if pipeline_id is None:
            return
        name = self.model.pipeline(self.combo.currentIndex()).name
        answer = QMessageBox.question(
            self,
            "Remove pipeline?",
            f"Remove the pipeline “{name}” and its stages? Ctrl+Z brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            before = self.admin.snapshot(pipeline_id)
            change = self.admin.remove_pipeline(pipeline_id)
        except Exception as exc:
            self.report(f"remove the pipeline “{name}”", exc)
            return
        self._done(
            f"Remove pipeline “{name}”",
            change,
            lambda: self.admin.restore(before),
            lambda: self.admin.remove_pipeline(pipeline_id),
        )

    # -- helpers -----------------------------------------------------------------------------

    def _ask_until(
        self, title: str, text: str, attempt: Callable[[str], Change], what: str
    ) -> tuple[str, Change] | None:
        """Ask for a name until ``attempt`` takes it (None: the user gave up, or it failed)."""
        problem = ""
        while True:
            label = f"{problem}\n\nName:" if problem else "Name:"
            name, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
            if not ok:
                return None
            try:
                return name, attempt(name)
            except ValidationError as exc:
                problem, text = "\n".join(exc.problems.values()), name
            except Exception as exc:
                self.report(what, exc)
                return None

    def _done(
        self, text: str, change: Change, undo: Callable[[], Change], redo: Callable[[], Change]
    ) -> None:
        self.bus.publish(change)
        record(
            self.undo_stack,
            text,
            lambda: self.bus.publish(undo()),
            lambda: self.bus.publish(redo()),
            lambda exc: self.report(f"undo or redo “{text}”", exc),
        )
