"""The system tray: an icon with the overdue count, balloon messages, and keeping the app running
in the tray when the window is closed so that reminders keep firing.

Where there is no tray (offscreen, a bare X server, some Linux desktops) every method is a quiet
no-op and the in-app notification is the only one: ``available`` says which.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from crm_desktop import APP_NAME
from crm_desktop.domain.notifying import OVERDUE_CAP
from crm_desktop.ui.common.icons import kind_icon

MESSAGE_MS = 8000


def tray_pixmap(overdue: int, size: int = 64) -> QPixmap:
    """The follow-up badge, with a red count in the corner when something is overdue."""
    pixmap = kind_icon("followup", False).pixmap(size, size)
    if overdue <= 0:
        return pixmap
    text = str(overdue) if overdue < 100 else "99+"
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    diameter = size * (0.62 if len(text) < 3 else 0.75)
    spot = QRectF(size - diameter, size - diameter, diameter, diameter)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#d93025"))
    painter.drawEllipse(spot)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(diameter * (0.62 if len(text) < 3 else 0.45)))
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(spot, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


def tooltip_text(overdue: int) -> str:
    if overdue <= 0:
        return f"{APP_NAME}: nothing overdue"
    more = "+" if overdue >= OVERDUE_CAP else ""
    return f"{APP_NAME}: {overdue:,}{more} overdue follow-up" + ("" if overdue == 1 else "s")


class TrayIcon(QObject):
    """The tray icon and its menu. ``available`` is False where the platform has no tray."""

    show_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    message_clicked = Signal()

    def __init__(self, parent: QObject | None = None, *, available: bool | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trayIcon")
        if available is None:
            available = QSystemTrayIcon.isSystemTrayAvailable()
        self.available = available
        self.overdue = 0
        self.last_message: tuple[str, str] | None = None  # what the last balloon said
        self.icon: QSystemTrayIcon | None = None
        self.menu = QMenu()
        self.menu.setObjectName("trayMenu")
        for text, signal in (
            (f"Show {APP_NAME}", self.show_requested),
            ("Notification settings…", self.settings_requested),
            (None, None),
            ("Quit", self.quit_requested),
        ):
            if text is None or signal is None:
                self.menu.addSeparator()
                continue
            action = QAction(text, self.menu)
            action.triggered.connect(signal.emit)
            self.menu.addAction(action)
        if self.available:
            self.icon = QSystemTrayIcon(QIcon(tray_pixmap(0)), self)
            self.icon.setContextMenu(self.menu)
            self.icon.setToolTip(tooltip_text(0))
            self.icon.activated.connect(self._activated)
            self.icon.messageClicked.connect(self.message_clicked.emit)
            self.icon.show()

    def set_overdue(self, count: int) -> None:
        if count == self.overdue:
            return
        self.overdue = count
        if self.icon is not None:
            self.icon.setIcon(QIcon(tray_pixmap(count)))
            self.icon.setToolTip(tooltip_text(count))

    def notify(self, title: str, body: str) -> None:
        self.last_message = (title, body)
        if self.icon is not None and self.icon.isVisible():
            self.icon.showMessage(title, body, QIcon(tray_pixmap(0)), MESSAGE_MS)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_requested.emit()


def bring_forward(window: QWidget) -> None:
    """Show ``window`` (hidden to the tray, or minimised) in front, keeping it maximised if so."""
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


class CloseToTray(QObject):
    """Closing ``window`` with its title-bar button hides it to the tray instead, when ``keep()``
    says so and a tray exists; the app (and its reminders) keep running. Closing from code
    (File > Quit, ``quit()``) still closes: only a close from the window system is kept."""

    def __init__(self, window: QWidget, tray: TrayIcon, keep: Callable[[], bool]) -> None:
        super().__init__(window)
        self.window = window
        self.tray = tray
        self.keep = keep
        self.quitting = False
        self.told = False  # the "still running" balloon is shown once per run
        window.installEventFilter(self)
        tray.show_requested.connect(self.restore)
        tray.quit_requested.connect(self.quit)

    def hides_on_close(self, spontaneous: bool) -> bool:
        return spontaneous and not self.quitting and self.tray.available and self.keep()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.window
            and event.type() == QEvent.Type.Close
            and self.hides_on_close(event.spontaneous())
        ):
            event.ignore()
            self.window.hide()
            if not self.told:
                self.told = True
                self.tray.notify(
                    f"{APP_NAME} is still running",
                    "Follow-up reminders keep coming. Quit from the tray icon's menu.",
                )
            return True
        return False

    def restore(self) -> None:
        bring_forward(self.window)

    def quit(self) -> None:
        self.quitting = True
        self.window.close()
        QCoreApplication.quit()
