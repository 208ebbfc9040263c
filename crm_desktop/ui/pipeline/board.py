"""The lead board (``leadBoard``): one column per stage of a pipeline, cards dragged between.

A move goes through ``PipelineService.move_before`` and is undoable (``place``/``put_back``
restore the lead and its stage history exactly). After a move the board does not read
everything again: the board state re-reads the one lead, and the two column models and
headers are told what changed, so a drop costs a few milliseconds at 10,000 open leads.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QWidget

from crm_desktop.domain.board import Board, BoardQuery, BoardState
from crm_desktop.domain.changes import Change
from crm_desktop.domain.pipeline import StageInfo
from crm_desktop.domain.services import Services
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.undo import record
from crm_desktop.ui.pipeline.card_delegate import CardDelegate
from crm_desktop.ui.pipeline.card_model import StageCardsModel
from crm_desktop.ui.pipeline.column import StageColumn
from crm_desktop.ui.pipeline.lost_reason import ask_lost_reason

# What the board shows is also changed by these kinds of writes elsewhere.
_CARES = ("lead", "stage", "pipeline", "contact", "company", "staff", "reminder")


class LeadBoard(QScrollArea):
    open_lead = Signal(int)
    changed = Signal()  # the columns' totals changed (a move, a filter, a reload)

    def __init__(
        self,
        services: Services,
        bus: ChangeBus,
        undo: QUndoStack,
        report: ErrorReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("leadBoard")
        self.services, self.bus, self.undo, self.report = services, bus, undo, report
        self.board = Board(services.clock)
        self.ask_reason: Callable[[QWidget, str], str | None] = ask_lost_reason
        self.delegate = CardDelegate(self)
        self.delegate.now = services.clock.now
        self.state: BoardState | None = None
        self.columns: list[StageColumn] = []
        self._own_change = False
        self._stale = False  # something changed while the board was hidden
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = self._inner = QWidget(self)
        inner.setObjectName("leadBoardColumns")
        self._row = QHBoxLayout(inner)
        self._row.setContentsMargins(8, 8, 8, 8)
        self._row.setSpacing(8)
        self._row.addStretch(1)
        self.setWidget(inner)
        bus.changed.connect(self._on_change)

    # -- what is shown -------------------------------------------------------------------------

    @property
    def query(self) -> BoardQuery | None:
        return self.state.query if self.state is not None else None

    def set_query(self, query: BoardQuery) -> None:
        """Show the board for ``query`` (a pipeline and its filters), keeping the current card."""
        keep = self.current_lead()
        self.state = self.board.open(query)
        if [c.model.stage_id for c in self.columns] != [s.id for s in self.state.stages]:
            self._build_columns(self.state.stages)
        for column in self.columns:
            column.model.set_ids(self.state.ids(column.model.stage_id))
        self._show_totals()
        if keep is not None:
            self.select_lead(keep, focus=False)

    def reload(self) -> None:
        if self.state is not None:
            self.set_query(self.state.query)

    def column_of_stage(self, stage_id: int) -> StageColumn:
        return next(c for c in self.columns if c.model.stage_id == stage_id)

    def current_lead(self) -> int | None:
        """The selected card's lead (one column at a time has a selection)."""
        for column in self.columns:
            if column.cards.selectionModel().hasSelection():
                return column.cards.current_lead()
        return None

    def select_lead(self, lead_id: int, focus: bool = True) -> bool:
        for column in self.columns:
            row = column.model.row_of(lead_id)
            if row >= 0:
                for other in self.columns:
                    if other is not column and other.cards.selectionModel().hasSelection():
                        other.cards.clearSelection()
                index = column.model.index(row)
                column.cards.setCurrentIndex(index)
                column.cards.scrollTo(index)
                if focus:
                    column.cards.setFocus()
                self.ensureWidgetVisible(column)
                return True
        return False

    def _build_columns(self, stages: list[StageInfo]) -> None:
        for column in self.columns:
            self._row.removeWidget(column)
            column.deleteLater()
        self.columns = []
        for position, stage in enumerate(stages):
            model = StageCardsModel(self.board, stage.id, self)
            column = StageColumn(model, self.delegate, self._inner)
            model.dropped.connect(self._dropped, Qt.ConnectionType.QueuedConnection)
            column.cards.open_requested.connect(self.open_lead)
            column.cards.move_requested.connect(self._keyboard_move)
            column.cards.focus_requested.connect(self._focus_step)
            column.cards.trash_requested.connect(self.trash_lead)
            self._row.insertWidget(position, column)
            self.columns.append(column)

    def _show_totals(self) -> None:
        if self.state is None:
            return
        for column, totals in zip(self.columns, self.state.columns(), strict=True):
            column.show_totals(totals)
        self.changed.emit()

    # -- moving --------------------------------------------------------------------------------

    def move_lead(self, lead_id: int, stage_id: int, before_id: int | None) -> bool:
        """Move a lead on the board (as a drop or a key does), undoably. False if not done."""
        if self.state is None:
            return False
        pipeline = self.services.pipeline
        try:
            stage = next(s for s in self.state.stages if s.id == stage_id)
            reason = ""
            title = pipeline.get(lead_id).title
            if stage.kind == "lost" and self.state.stage_of(lead_id) != stage_id:
                answer = self.ask_reason(self, title)
                if not answer:
                    return False
                reason = answer
            place = pipeline.place(lead_id)
            self._apply(lead_id, pipeline.move_before(lead_id, stage_id, before_id, reason))
        except Exception as exc:  # shown to the user; the board stays as it was
            self.report("move the lead", exc)
            self.reload()
            return False
        text = f"Move “{title}” to {stage.name}"

        def undo() -> None:  # the redo starts from ``place`` again, so it undoes the same way
            self._apply(lead_id, pipeline.put_back(place))

        def redo() -> None:
            self._apply(lead_id, pipeline.move_before(lead_id, stage_id, before_id, reason))

        record(self.undo, text, undo, redo, lambda exc: self.report(f"undo “{text}”", exc))
        return True

    def trash_lead(self, lead_id: int) -> None:
        pipeline = self.services.pipeline
        try:
            title = pipeline.get(lead_id).title
            self.bus.publish(pipeline.trash([lead_id]))
        except Exception as exc:
            self.report("move the lead to the trash", exc)
            return
        text = f"Trash “{title}”"
        record(
            self.undo,
            text,
            lambda: self.bus.publish(pipeline.restore([lead_id])),
            lambda: self.bus.publish(pipeline.trash([lead_id])),
            lambda exc: self.report(f"undo “{text}”", exc),
        )

    def _apply(self, lead_id: int, change: Change) -> None:
        """Show a lead where the database now has it, and tell the rest of the window."""
        if self.state is None:
            return
        old = self.state.stage_of(lead_id)
        self.state.reread(lead_id)
        new = self.state.stage_of(lead_id)
        if old is not None:
            self.column_of_stage(old).model.take(lead_id)
        if new is not None:
            self.column_of_stage(new).model.put(self.state.row_of(lead_id), lead_id)
        self._show_totals()
        if new is not None:
            self.select_lead(lead_id)
        self._own_change = True
        try:
            self.bus.publish(change)
        finally:
            self._own_change = False

    def _dropped(self, lead_id: int, stage_id: int, before_id: object) -> None:
        before = before_id if isinstance(before_id, int) else None
        if self.state is None:
            return
        ids = self.state.ids(stage_id)
        if self.state.stage_of(lead_id) == stage_id:
            row = ids.index(lead_id)
            following = ids[row + 1] if row + 1 < len(ids) else None
            if before == following:
                return  # let go where it was
        self.move_lead(lead_id, stage_id, before)

    def _keyboard_move(self, lead_id: int, right: int, down: int) -> None:
        if self.state is None:
            return
        stage_id = self.state.stage_of(lead_id)
        stages = [s.id for s in self.state.stages]
        if stage_id is None:
            return
        if right:
            target = stages.index(stage_id) + right
            if 0 <= target < len(stages):
                column = self.state.ids(stages[target])
                self.move_lead(lead_id, stages[target], column[0] if column else None)
            return
        ids = self.state.ids(stage_id)
        row = ids.index(lead_id)
        if down < 0 and row > 0:
            self.move_lead(lead_id, stage_id, ids[row - 1])
        elif down > 0 and row + 1 < len(ids):
            self.move_lead(lead_id, stage_id, ids[row + 2] if row + 2 < len(ids) else None)

    def _focus_step(self, step: int) -> None:
        current = next((c for c in self.columns if c.cards.hasFocus()), None)
        if current is None:
            return
        at = self.columns.index(current) + step
        if not 0 <= at < len(self.columns):
            return
        row = max(0, current.cards.currentIndex().row())
        target = self.columns[at]
        target.cards.setFocus()
        if target.model.rowCount():
            index = target.model.index(min(row, target.model.rowCount() - 1))
            target.cards.setCurrentIndex(index)
        self.ensureWidgetVisible(target)

    # -- changes made elsewhere ----------------------------------------------------------------

    def _on_change(self, change: Change) -> None:
        if self._own_change or self.state is None:
            return
        if not any(change.affects(kind) for kind in _CARES):
            return
        if self.isVisible():
            QTimer.singleShot(0, self.reload)  # after the writer is done publishing
        else:
            self._stale = True  # read once when shown, not on every write elsewhere

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.reload()
