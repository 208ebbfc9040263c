"""The frame: menus, the central overview and the status bar. Layout and actions only."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from crm_desktop import APP_NAME, __version__


class MainWindow(QMainWindow):
    def __init__(self, data_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1100, 720)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        self.headline = QLabel(central)
        self.headline.setObjectName("overviewHeadline")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.headline.setFont(font)
        self.due_list = QListWidget(central)
        self.due_list.setObjectName("dueList")
        layout.addWidget(self.headline)
        layout.addWidget(QLabel("Follow-ups due now and today:", central))
        layout.addWidget(self.due_list, 1)
        self.setCentralWidget(central)

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("statusCounts")
        self.statusBar().addWidget(QLabel(f"Data folder: {data_folder}", self))
        self.statusBar().addPermanentWidget(self.counts_label)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def show_summary(self, counts: Mapping[str, int], due: Sequence[str]) -> None:
        """Show the database's counts and the follow-ups that need attention."""
        self.headline.setText(
            f"{_count(counts.get('contacts', 0), 'contact')} · "
            f"{_count(counts.get('companies', 0), 'company', 'companies')} · "
            f"{_count(counts.get('leads_open', 0), 'open lead')}"
        )
        self.counts_label.setText(_count(counts.get("reminders_open", 0), "open follow-up"))
        self.due_list.clear()
        self.due_list.addItems(list(due) or ["Nothing due. Well done."])

    def _about(self) -> None:
        QMessageBox.about(
            self, f"About {APP_NAME}", f"{APP_NAME} {__version__}\nAn offline-first desktop CRM."
        )


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else many or one + 's'}"
