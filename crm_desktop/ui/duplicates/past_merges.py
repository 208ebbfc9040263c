"""Past merges…: every merge made, newest first, and "Take back" for one of them another day
(``domain.merge_records``). Ctrl+Z takes a merge back in the session that made it; this is for
the merge noticed to be wrong after the app was closed.

A merge whose kept contact was changed since is refused with the reason (those changes would be
lost): the message says what changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import DomainError
from crm_desktop.domain.merge import MergeService
from crm_desktop.domain.merge_records import PastMerge, history, take_back
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.common.text_table import TextTable

HEADERS = ("Merged on", "Kept", "Merged into it", "")


class PastMergesDialog(QDialog):
    def __init__(
        self,
        merges: MergeService,
        bus: ChangeBus,
        report: ErrorReporter,
        taken_back: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        """``taken_back`` is called after a merge was taken back (the pairs shown changed)."""
        super().__init__(parent)
        self.setObjectName("pastMergesDialog")
        self.setWindowTitle("Past merges")
        self.merges, self.bus, self.report, self._taken_back = merges, bus, report, taken_back
        self._merges: list[PastMerge] = []  # newest first, a few hundred at most (``history``)
        self.model = TextTable(HEADERS, parent=self)
        self.table = QTableView(self)
        self.table.setObjectName("pastMerges")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.table.doubleClicked.connect(lambda _index: self.take_back_current())
        intro = QLabel(
            "Taking a merge back puts both contacts as they were before it. Calls and "
            "follow-ups added since stay with the kept contact.",
            self,
        )
        intro.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("pastMergesStatus")
        self.status.setWordWrap(True)
        self.take_back_button = QPushButton("&Take back", self)
        self.take_back_button.setObjectName("takeBackButton")
        self.take_back_button.clicked.connect(self.take_back_current)
        close = QPushButton("Close", self)
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.take_back_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(760, 420)
        self.reload()

    def reload(self) -> None:
        self._merges = history()
        tz = self.merges.clock.local_tz
        self.model.set_rows(
            [
                (
                    f"{past.merged_at.astimezone(tz):%Y-%m-%d %H:%M}",
                    past.kept_name,
                    past.dropped_name,
                    ""
                    if past.undone_at is None
                    else f"Taken back on {past.undone_at.astimezone(tz):%Y-%m-%d}",
                )
                for past in self._merges
            ]
        )
        if self._merges:
            self.table.selectRow(0)
        else:
            self.status.setText("No merges yet.")
        self._enable()

    def _current(self) -> PastMerge | None:
        row = self.table.currentIndex().row()
        return self._merges[row] if 0 <= row < len(self._merges) else None

    def _enable(self) -> None:
        past = self._current()
        self.take_back_button.setEnabled(past is not None and past.undone_at is None)

    def take_back_current(self) -> None:
        past = self._current()
        if past is None or past.undone_at is not None:
            return
        answer = QMessageBox.question(
            self,
            "Take back this merge?",
            f"Take back the merge of “{past.dropped_name}” into “{past.kept_name}”? Both "
            "come back as they were before it.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            change = take_back(self.merges, past.record_id)
        except DomainError as exc:  # refused: said plainly, nothing changed
            QMessageBox.warning(self, "Take back this merge", str(exc))
            return
        except Exception as exc:  # a fault: reported, nothing changed (one transaction)
            self.report("take back the merge", exc)
            return
        self.bus.publish(change)
        row = self.table.currentIndex().row()
        self.reload()
        self.table.selectRow(row)
        self.status.setText(f"“{past.dropped_name}” and “{past.kept_name}” are two again.")
        self._taken_back()


def open_past_merges(
    parent: QWidget,
    merges: MergeService,
    bus: ChangeBus,
    report: ErrorReporter,
    taken_back: Callable[[], None],
) -> PastMergesDialog:
    dialog = PastMergesDialog(merges, bus, report, taken_back, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
