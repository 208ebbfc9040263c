"""Edit > Find duplicates…: the pairs found over the whole database on the left, the chosen
pair side by side on the right, with Merge, Not duplicates and Skip; and "Merge all found by
e-mail…" for the many pairs an import can leave (``domain.merge_many``), on a worker thread
behind a progress dialog with Cancel, undone in one step; "Past merges…" to take one back
another day (``past_merges``).

The search runs on a worker thread (its own connection) with a progress bar and Cancel, so the
window stays responsive. The dialog is not modal: the rest of the app can be used beside it,
and Ctrl+Z in it undoes the last step on the app's undo stack (a merge, say).
"""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.duplicates import Cancelled, DuplicateFinder, DuplicatePair, PairSide
from crm_desktop.domain.merge import MergeService
from crm_desktop.domain.merge_many import MergedMany, by_email, merge_all
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.timers import debounce
from crm_desktop.ui.common.worker import BackgroundReads
from crm_desktop.ui.duplicates.actions import MergeActions
from crm_desktop.ui.duplicates.pairs_model import PairsModel
from crm_desktop.ui.duplicates.past_merges import PastMergesDialog, open_past_merges
from crm_desktop.ui.duplicates.review import MergeReview
from crm_desktop.ui.importing.runner import ImportRunner

FILTER_DELAY_MS = 150  # typing in the filter: the list follows once the keys pause
KIND_LABELS = (
    ("Found any way", None),
    ("Same e-mail", "email"),
    ("Same phone", "phone"),
    ("Similar name", "name"),
)


class _Progress(QObject):
    """Carries the finder's progress from the worker thread to the bar (a queued signal)."""

    step = Signal(int, int)


class DuplicatesDialog(QDialog):
    def __init__(
        self,
        finder: DuplicateFinder,
        merges: MergeService,
        bus: ChangeBus,
        undo: QUndoStack,
        report: ErrorReporter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle("Find duplicates")
        self.finder, self.merges, self.report = finder, merges, report
        self.decisions = MergeActions(finder, merges, bus, undo, report)
        self.decisions.listen(self._changed_by_undo)
        self._stop = threading.Event()
        self.searching = False

        self.status = QLabel(self)
        self.status.setObjectName("duplicatesStatus")
        self.progress = QProgressBar(self)
        self.progress.setObjectName("duplicatesProgress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(220)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("cancelFindButton")
        self.cancel_button.clicked.connect(self.cancel)
        self.again_button = QPushButton("Find again", self)
        self.again_button.setObjectName("findAgainButton")
        self.again_button.clicked.connect(self.start)
        self.past_button = QPushButton("&Past merges…", self)
        self.past_button.setObjectName("pastMergesButton")
        self.past_button.setToolTip("Every merge made, to take one back another day")
        self.past_button.clicked.connect(self.show_past_merges)
        self.merge_all_button = QPushButton("Merge all found by e-&mail…", self)
        self.merge_all_button.setObjectName("mergeAllButton")
        self.merge_all_button.setToolTip(
            "Merge every pair that shares an e-mail address and whose names agree, each as "
            "Merge would with nothing changed; Ctrl+Z takes them all back"
        )
        self.merge_all_button.clicked.connect(self.merge_all)
        self.merge_all_button.setEnabled(False)
        self.merging = ImportRunner(self)  # the merges of "Merge all", on a worker thread
        self.merging.progressed.connect(self._merge_progressed)
        self.merging.finished.connect(self._merged_all)
        self.merging.failed.connect(self._merged_all)
        self._merge_progress: QProgressDialog | None = None  # while "Merge all" runs
        self._note = ""  # what "Merge all" did, until the search after it has answered
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.merge_all_button)
        top.addWidget(self.past_button)
        top.addWidget(self.again_button)

        self.model = PairsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("duplicatePairs")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Fixed widths: sizing to contents measures every row, slow at tens of thousands.
        header.resizeSection(0, header.fontMetrics().horizontalAdvance("Score") + 24)
        header.resizeSection(1, 150)
        header.resizeSection(2, 150)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.filter_text = QLineEdit(self)
        self.filter_text.setObjectName("duplicatesFilter")
        self.filter_text.setPlaceholderText("Filter by name, company, e-mail or phone")
        self.filter_text.setToolTip("Ctrl+F")
        self.filter_text.setClearButtonEnabled(True)
        typed = debounce(self, FILTER_DELAY_MS, self._apply_filter)
        self.filter_text.textChanged.connect(lambda _text: typed.start())
        self.filter_kind = QComboBox(self)
        self.filter_kind.setObjectName("duplicatesKind")
        self.filter_kind.setToolTip("Show the pairs one kind of rule found")
        self.filter_kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for label, kind in KIND_LABELS:
            self.filter_kind.addItem(label, kind)
        self.filter_kind.currentIndexChanged.connect(lambda _index: self._apply_filter())
        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        filters.addWidget(self.filter_text, 1)
        filters.addWidget(self.filter_kind)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)

        self.review = MergeReview(self)
        self.review.merge_requested.connect(self.merge_current)
        self.review.not_duplicates_requested.connect(self.not_duplicates)
        self.review.skip_requested.connect(self.next_pair)
        self.empty = QLabel(self)
        self.empty.setObjectName("reviewPlaceholder")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.right = QStackedWidget(self)
        self.right.addWidget(self.empty)
        self.right.addWidget(self.review)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("duplicatesSplitter")
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([460, 640])

        close = QPushButton("Close", self)
        close.setObjectName("closeDuplicatesButton")
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

        undo_action = undo.createUndoAction(self, "&Undo")
        undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        redo_action = undo.createRedoAction(self, "&Redo")
        redo_action.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)]
        )
        self.addActions([undo_action, redo_action])
        keys = (
            ("Ctrl+Return", self.merge_current),
            ("Ctrl+Enter", self.merge_current),
            ("Alt+Down", self.next_pair),
            ("Alt+Up", self.previous_pair),
            (QKeySequence.StandardKey.Find, self.focus_filter),
        )
        for sequence, slot in keys:
            QShortcut(QKeySequence(sequence), self).activated.connect(slot)

        self._progress = _Progress(self)
        self._progress.step.connect(self._on_progress)
        self._reads = BackgroundReads(self)
        self._reads.answered.connect(self._on_found)
        self._reads.failed.connect(self._on_failed)
        self.resize(1180, 720)
        self._show_empty("Press “Find again” to look for duplicates.")

    # -- finding ---------------------------------------------------------------------------

    def start(self) -> None:
        """Search the whole database on the worker (a search under way is cancelled first)."""
        self._stop.set()
        stop = self._stop = threading.Event()
        self.searching = True
        self.status.setText("Looking for duplicates…")
        self.progress.setRange(0, 0)  # busy until the first step is done
        self.table.setEnabled(False)  # the pairs shown may be out of date until it answers
        self.review.setEnabled(False)
        self.progress.show()
        self.cancel_button.show()
        self.again_button.setEnabled(False)
        self.merge_all_button.setEnabled(False)
        if self.model.rowCount() == 0:
            self._show_empty("Looking for duplicates…")
        step, finder = self._progress.step, self.finder

        def find() -> list[DuplicatePair] | None:
            try:
                return finder.find(progress=step.emit, cancelled=stop.is_set)
            except Cancelled:
                return None  # an answer, not a failure: nothing to log

        self._reads.request(find)

    def cancel(self) -> None:
        self._stop.set()
        self.merging.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the workers are idle (tests; before the database closes)."""
        return self._reads.wait(msecs) and self.merging.wait(msecs)

    def _on_progress(self, done: int, total: int) -> None:
        if done:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _on_found(self, pairs: Any) -> None:
        self._finished()
        if pairs is None:
            self.status.setText("Search cancelled.")
            self._show_empty("The search was cancelled. Press “Find again” to start over.")
            return
        note, self._note = self._note, ""
        self.model.set_pairs(pairs)
        self._after_change(0)
        if note:
            self.status.setText(f"{note} {self.status.text()}")

    def _on_failed(self, exc: Any) -> None:
        self._finished()
        self.status.setText("The search failed.")
        self.report("find duplicates", exc)

    def _finished(self) -> None:
        self.searching = False
        self.table.setEnabled(True)
        self.review.setEnabled(True)
        self.progress.hide()
        self.cancel_button.hide()
        self.again_button.setEnabled(True)

    def _count_by_email(self) -> None:
        count = len(by_email(self.model.pairs()))
        self.merge_all_button.setEnabled(count > 0 and not self.searching)
        self.merge_all_button.setText(
            f"Merge all {count:,} found by e-&mail…" if count else "Merge all found by e-&mail…"
        )

    # -- the pair shown --------------------------------------------------------------------

    def current_pair(self) -> DuplicatePair | None:
        return self.model.pair(self.table.currentIndex().row())

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def next_pair(self) -> None:
        self.select_row(self.table.currentIndex().row() + 1)

    def previous_pair(self) -> None:
        self.select_row(max(0, self.table.currentIndex().row() - 1))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        pair = self.model.pair(current.row())
        if pair is None:
            return
        try:
            left, right = self.merges.side(pair.first.id), self.merges.side(pair.second.id)
        except Exception as exc:  # gone since the search: say so, keep the dialog usable
            self.report("show this pair", exc)
            return
        self.review.show_pair(left, right, ", ".join(pair.reasons))
        self.right.setCurrentWidget(self.review)

    def _show_empty(self, text: str) -> None:
        self.empty.setText(text)
        self.right.setCurrentWidget(self.empty)

    def _after_change(self, row: int, focus: bool = True) -> None:
        """Count the pairs left and show the one now on ``row`` (or the last)."""
        count, found = self.model.rowCount(), self.model.found
        self._count_by_email()
        self._count_kinds()
        if found == 0:
            self.status.setText("No likely duplicates.")
            self._show_empty("No likely duplicates left. Nice and tidy.")
            return
        if count == 0:
            self.status.setText(
                "The one possible duplicate does not match the filter."
                if found == 1
                else f"None of the {found:,} possible duplicates match the filter."
            )
            self._show_empty("No pair matches the filter. Clear it to see them all.")
            return
        if self.model.filtered:
            self.status.setText(f"{count:,} of {found:,} possible duplicates")
        else:
            self.status.setText(f"{count:,} possible duplicate{'s' if count != 1 else ''}")
        self.select_row(min(row, count - 1))
        if focus:
            self.table.setFocus()

    # -- the filter ------------------------------------------------------------------------

    def focus_filter(self) -> None:
        self.filter_text.setFocus()
        self.filter_text.selectAll()

    def _apply_filter(self) -> None:
        shown = self.current_pair()
        self.model.set_filter(self.filter_text.text(), self.filter_kind.currentData())
        pairs = self.model.pairs()
        row = pairs.index(shown) if shown in pairs else 0
        self._after_change(row, focus=False)  # the typing goes on in the filter

    def _count_kinds(self) -> None:
        found = self.model.kind_counts()
        for index, (label, kind) in enumerate(KIND_LABELS):
            count = self.model.found if kind is None else found[kind]
            self.filter_kind.setItemText(index, f"{label} ({count:,})")

    # -- decisions -------------------------------------------------------------------------

    def merge_current(self) -> None:
        pair = self.current_pair()
        if pair is None or self.searching or self.right.currentWidget() is not self.review:
            return
        row = self.table.currentIndex().row()
        keep_id, drop_id, choices = self.review.decision()
        names = {pair.first.id: pair.first.name, pair.second.id: pair.second.name}
        text = f"Merge “{names[drop_id]}” into “{names[keep_id]}”"
        if self.decisions.merge(keep_id, drop_id, choices, text) is None:
            return
        kept = self.merges.side(keep_id).detail
        company = kept.company_name
        side = PairSide(
            keep_id, kept.uid, kept.display_name, company, kept.first_name, kept.last_name
        )
        self.model.after_merge(side, drop_id)
        self._after_change(row)

    def merge_all(self) -> None:
        """Ask, then merge every pair found by e-mail on the worker, behind a progress dialog."""
        pairs = self.model.pairs()
        count = len(by_email(pairs))
        if not count or self.searching or self.merging.running():
            return
        shown = " shown" if self.model.filtered else ""
        answer = QMessageBox.question(
            self,
            "Merge all found by e-mail",
            f"Merge the {count:,} pair{'s' if count != 1 else ''}{shown} that share an e-mail "
            "address?\n\nIn each, the contact added first stays and takes the other's details "
            "where its own are empty (the newer where both have one); every interaction, lead, "
            "follow-up, e-mail, phone and tag of both is kept. Pairs whose names do not agree "
            "are left for you to review.\n\nCtrl+Z takes them all back.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        progress = QProgressDialog("Merging duplicates…", "Cancel", 0, count, self)
        progress.setObjectName("mergeAllProgress")
        progress.setWindowTitle("Merge all found by e-mail")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.canceled.connect(self.merging.cancel)
        self._merge_progress = progress
        self.merge_all_button.setEnabled(False)
        self.again_button.setEnabled(False)
        merges = self.merges
        self.merging.start(lambda said, cancelled: merge_all(merges, pairs, said, cancelled))

    def _merge_progressed(self, done: int, _total: int) -> None:
        if self._merge_progress is not None:
            self._merge_progress.setValue(done)

    def _merged_all(self, outcome: object) -> None:
        progress, self._merge_progress = self._merge_progress, None
        if progress is not None:
            progress.hide()  # not close(): that would say "canceled"
            progress.deleteLater()
        if not isinstance(outcome, MergedMany):
            error = outcome if isinstance(outcome, Exception) else RuntimeError(str(outcome))
            self.report("merge the duplicates", error)
            self.start()
            return
        self.decisions.merged_many(outcome)
        if outcome.results:
            self.decisions.bus.publish(outcome.change())
        if outcome.error is not None:
            self.report("merge all the duplicates (those merged before it stay)", outcome.error)
        self._note = outcome.summary()  # said with the count of the pairs left
        self.start()  # the pairs left, as they are now

    def show_past_merges(self) -> PastMergesDialog:
        """Past merges…: one can be taken back; the pairs are looked for again after that."""
        return open_past_merges(self, self.merges, self.decisions.bus, self.report, self.start)

    def not_duplicates(self) -> None:
        pair = self.current_pair()
        if pair is None or self.searching:
            return
        row = self.table.currentIndex().row()
        if self.decisions.not_duplicates(pair):
            self.model.remove(row)
            self._after_change(row)

    def _changed_by_undo(self) -> None:
        try:
            shown = self.isVisible()
        except RuntimeError:  # the dialog is gone; its undo steps outlive it
            return
        if shown:
            self.start()  # an undo or redo changed the pairs: look again

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        super().closeEvent(event)
