"""The frame: navigation, pages, the search field, the reminders dock, menus, status bar.

Layout and actions only: ``app.py`` builds the feature widgets and hands them in, and connects
the actions' ``triggered`` signals to what they do. A page may be handed in as a function that
builds it: it is built the first time it is shown or asked for (``page``), so a start builds
only the page it opens on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QByteArray, QSettings, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from crm_desktop import APP_NAME, __version__


class MainWindow(QMainWindow):
    files_dropped = Signal(list)  # local files dropped on the window: paths, to import

    def __init__(
        self, data_folder: str, settings: QSettings, undo: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)
        self.settings = settings
        self.undo = undo

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(150)
        self.navigation.setFrameShape(QListWidget.Shape.NoFrame)
        self.navigation.setSpacing(2)
        self.navigation.setStyleSheet("QListWidget::item { padding: 8px 12px; }")
        font = self.navigation.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.navigation.setFont(font)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("pages")
        self._page_keys: list[str] = []
        self._builders: dict[str, Callable[[], QWidget]] = {}  # pages not built yet
        self._building: set[str] = set()
        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)
        self.navigation.currentRowChanged.connect(self._show_row)
        self.navigation.currentRowChanged.connect(lambda _row: self._show_count())
        self._counts: dict[str, str] = {}  # page key -> "1,234 contacts"

        self.toolbar = QToolBar("Search", self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

        self.reminders_dock = QDockWidget("Follow-ups", self)
        self.reminders_dock.setObjectName("remindersDock")
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.reminders_dock)

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("statusCounts")
        folder = QLabel(f"Data folder: {data_folder}", self)
        folder.setObjectName("statusDataFolder")
        self.statusBar().addWidget(folder)
        self.statusBar().addPermanentWidget(self.counts_label)
        self._build_actions()

    # -- what app.py hands in ------------------------------------------------------------------

    def add_page(self, key: str, title: str, page: QWidget | Callable[[], QWidget]) -> None:
        """Add a page, or a function that builds it when first shown (``restore_layout``
        shows the first page: until then none is current)."""
        if isinstance(page, QWidget):
            widget = page
        else:
            widget = QWidget()  # stands in until the page is built
            widget.setObjectName(f"{key}PageToBuild")
            self._builders[key] = page
        widget.setParent(self.pages)
        self.pages.addWidget(widget)
        self._page_keys.append(key)
        item = QListWidgetItem(title, self.navigation)
        item.setData(Qt.ItemDataRole.UserRole, key)
        shortcut = QAction(self)
        shortcut.setShortcut(QKeySequence(f"Ctrl+{len(self._page_keys)}"))
        shortcut.triggered.connect(lambda _=False, k=key: self.show_page(k))
        self.addAction(shortcut)

    def set_search(self, field: QWidget) -> None:
        spacer = QWidget(self.toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addWidget(field)
        field.setMinimumWidth(360)

    def set_reminders(self, widget: QWidget) -> None:
        self.reminders_dock.setWidget(widget)

    def show_page(self, key: str) -> None:
        if key in self._page_keys:
            self.navigation.setCurrentRow(self._page_keys.index(key))

    def is_built(self, key: str) -> bool:
        return key in self._page_keys and key not in self._builders

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self._page_keys):
            self.page(self._page_keys[row])  # built now if it was not yet
        self.pages.setCurrentIndex(row)

    def set_count(self, key: str, text: str) -> None:
        """What page ``key`` counts ("1,234 contacts"); the status bar shows the current one's."""
        self._counts[key] = text
        self._show_count()

    def _show_count(self) -> None:
        self.counts_label.setText(self._counts.get(self.current_page(), ""))

    def current_page(self) -> str:
        row = self.navigation.currentRow()
        return self._page_keys[row] if row >= 0 else ""

    def page(self, key: str) -> QWidget:
        """Page ``key``, built now if it was not yet (a build that fails is tried again the
        next time the page is wanted)."""
        index = self._page_keys.index(key)
        build = self._builders.get(key)
        if build is None:
            return cast(QWidget, self.pages.widget(index))
        if key in self._building:
            raise RuntimeError(f"the {key} page asked for itself while being built")
        self._building.add(key)
        try:
            widget = build()
        finally:
            self._building.discard(key)
        del self._builders[key]
        stand_in = cast(QWidget, self.pages.widget(index))
        widget.setParent(self.pages)
        self.pages.insertWidget(index, widget)
        if self.navigation.currentRow() == index:
            self.pages.setCurrentIndex(index)
        self.pages.removeWidget(stand_in)
        stand_in.deleteLater()
        return widget

    # -- menus -----------------------------------------------------------------------------------

    def _action(
        self,
        text: str,
        keys: QKeySequence | QKeySequence.StandardKey | str | None = None,
        name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        if name:
            action.setObjectName(name)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.new_contact_action = self._action("&New contact…", "Ctrl+N", "newContactAction")
        self.new_lead_action = self._action("New &lead…", "Ctrl+Shift+N", "newLeadAction")
        self.new_company_action = self._action("New c&ompany…", None, "newCompanyAction")
        self.new_follow_up_action = self._action("New &follow-up…", "Ctrl+R", "newFollowUpAction")
        self.sample_data_action = self._action("Load &sample data", None, "sampleDataAction")
        self.import_action = self._action("&Import…", "Ctrl+I", "importAction")
        self.import_history_action = self._action("Import &history…", None, "importHistoryAction")
        self.export_action = self._action("&Export…", "Ctrl+Shift+E", "exportAction")
        self.duplicates_action = self._action("Find &duplicates…", None, "duplicatesAction")
        quit_action = self._action("&Quit", std.Quit)
        quit_action.triggered.connect(self.close)

        self.undo_action = self.undo.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence(std.Undo))
        self.redo_action = self.undo.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence(std.Redo)])
        self.search_action = self._action("&Search everything", "Ctrl+K", "searchAction")
        self.log_action = self._action("&Log an interaction", "Ctrl+L", "logAction")
        self.edit_contact_action = self._action("&Edit contact…", "F2", "editContactAction")

        self.notification_settings_action = self._action(
            "&Notification settings…", None, "notificationSettingsAction"
        )
        self.toggle_reminders = self.reminders_dock.toggleViewAction()
        self.toggle_reminders.setText("&Follow-ups pane")
        self.toggle_reminders.setShortcut(QKeySequence("Ctrl+Shift+F"))
        self.about_action = self._action(f"&About {APP_NAME}")
        self.about_action.triggered.connect(self._about)

        menus = (
            ("&File", (self.new_contact_action, self.new_company_action, self.new_lead_action,
                       self.new_follow_up_action, None, self.import_action,
                       self.import_history_action, self.export_action, self.sample_data_action,
                       None, quit_action)),
            ("&Edit", (self.undo_action, self.redo_action, None, self.edit_contact_action,
                       self.log_action, self.search_action, None, self.duplicates_action)),
            ("&View", (self.toggle_reminders, None, self.notification_settings_action)),
            ("&Help", (self.about_action,)),
        )  # fmt: skip
        for title, actions in menus:
            menu = self.menuBar().addMenu(title)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # here: its enums cost a start a millisecond

        QMessageBox.about(
            self, f"About {APP_NAME}", f"{APP_NAME} {__version__}\nAn offline-first desktop CRM."
        )

    # -- remembered between runs -----------------------------------------------------------------

    def restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        page = str(self.settings.value("window/page", ""))
        if self._page_keys:  # the page it was on, else the first
            self.show_page(page if page in self._page_keys else self._page_keys[0])

    def save_layout(self) -> None:
        for index in range(self.pages.count()):  # pages not built yet changed nothing
            page = self.pages.widget(index)
            if page is not None and hasattr(
                page, "save_layout"
            ):  # pages with splitters and columns to remember
                page.save_layout()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/page", self.current_page())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_layout()
        super().closeEvent(event)

    # -- files dropped on the window: imported ---------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
