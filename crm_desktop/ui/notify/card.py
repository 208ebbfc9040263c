"""The in-app notification: a card in the main window's lower right corner with Done, Snooze and
Open, for one due reminder or a summary of several. Non-modal: work goes on around it.

Cards stack upwards; a fourth card folds them all into one summary, so a burst of reminders never
buries the window.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsDropShadowEffect,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStatusBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.notifying import SNOOZE_CHOICES, DueReminder
from crm_desktop.ui.common.icons import kind_icon
from crm_desktop.ui.common.theme import is_dark

MAX_CARDS = 3  # more than this and the stack folds into one summary
SHOWN_TITLES = 3  # titles a summary lists before "and N more"
BULK_LIMIT = 500  # Done and Snooze on more than this at once: review them in the list instead
MARGIN = 16


def snooze_label(minutes: int) -> str:
    if minutes % 1440 == 0:
        days = minutes // 1440
        return "1 day" if days == 1 else f"{days} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return f"{minutes} min"


def when_text(item: DueReminder, tz: tzinfo) -> str:
    text = f"due {item.due_at.astimezone(tz):%a %d %b %H:%M}"
    if item.remind_at != item.due_at:
        text += ", snoozed"
    return text


class NotificationCard(QFrame):
    """One notification. ``ids`` are the reminders it stands for (one, or a summary's many)."""

    done = Signal(object)  # tuple[int, ...]
    snoozed = Signal(object, int)  # ids, minutes
    opened = Signal(object)  # ids
    dismissed = Signal()

    def __init__(
        self,
        ids: Sequence[int],
        heading: str,
        title: str,
        detail: str,
        titles: Sequence[str],
        snooze_minutes: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reminderNotification")
        self.ids = tuple(ids)
        self.titles = tuple(titles)
        self.heading = heading
        self.closing = False  # set once removed, until Qt deletes it
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(380)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        many = len(self.ids) > 1

        icon = QLabel(self)
        icon.setPixmap(kind_icon("followup", is_dark(self.palette())).pixmap(28, 28))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading_label = QLabel(heading, self)
        self.heading_label.setObjectName("notificationHeading")
        self.heading_label.setWordWrap(True)
        close = QToolButton(self)
        close.setObjectName("notificationDismiss")
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss (the follow-up stays on your list)")
        close.clicked.connect(self._dismiss)
        self.title_label = QLabel(title, self)
        self.title_label.setObjectName("notificationTitle")
        self.title_label.setWordWrap(True)
        self.title_label.setVisible(bool(title))
        self.detail_label = QLabel(detail, self)
        self.detail_label.setObjectName("notificationDetail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)

        self.open_button = QPushButton("Open", self)
        self.open_button.setObjectName("notificationOpen")
        self.open_button.setToolTip("Show " + ("them" if many else "it") + " in the app")
        self.snooze_button = QToolButton(self)
        self.snooze_button.setObjectName("notificationSnooze")
        self.snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        self.snooze_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.snooze_minutes = snooze_minutes
        self.snooze_button.setText(f"Snooze {'all ' if many else ''}{snooze_label(snooze_minutes)}")
        menu = QMenu(self.snooze_button)
        menu.setObjectName("notificationSnoozeMenu")
        for minutes in sorted({*SNOOZE_CHOICES, snooze_minutes}):
            action = QAction(f"Snooze {snooze_label(minutes)}", menu)
            action.setData(minutes)
            menu.addAction(action)
        menu.triggered.connect(lambda action: self._snooze(int(action.data())))
        self.snooze_button.setMenu(menu)
        self.done_button = QPushButton("All done" if many else "Done", self)
        self.done_button.setObjectName("notificationDone")
        self.done_button.setDefault(True)

        top = QHBoxLayout()
        top.addWidget(self.heading_label, 1)
        top.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.open_button, self.snooze_button, self.done_button):
            buttons.addWidget(button)
        text = QVBoxLayout()
        text.setSpacing(4)
        text.addLayout(top)
        text.addWidget(self.title_label)
        text.addWidget(self.detail_label)
        text.addSpacing(4)
        text.addLayout(buttons)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 10, 10, 10)
        outer.setSpacing(10)
        outer.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(text, 1)

        if len(self.ids) > BULK_LIMIT:
            for button in (self.snooze_button, self.done_button):
                button.setEnabled(False)
                button.setToolTip(f"More than {BULK_LIMIT:,} at once: Open them to review.")
            self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self.opened.emit(self.ids))
        self.snooze_button.clicked.connect(lambda: self._snooze(self.snooze_minutes))
        self.done_button.clicked.connect(lambda: self.done.emit(self.ids))
        self._style()

    def _snooze(self, minutes: int) -> None:
        self.snoozed.emit(self.ids, minutes)

    def _dismiss(self) -> None:
        self.dismissed.emit()

    def _style(self) -> None:
        dark = is_dark(self.palette())
        border, accent, muted = (
            ("#3c3d40", "#8ab4f8", "#9aa0a6") if dark else ("#d0d4da", "#1a73e8", "#5f6368")
        )
        self.setStyleSheet(
            f"#reminderNotification {{ border: 1px solid {border}; border-left: 4px solid "
            f"{accent}; border-radius: 8px; background: palette(window); }}"
            "#notificationHeading { font-weight: 600; }"
            "#notificationTitle { font-weight: 600; font-size: 11pt; }"
            f"#notificationDetail {{ color: {muted}; }}"
        )
        shadow = QGraphicsDropShadowEffect(self)
        shadow.setBlurRadius(18)
        shadow.setOffset(0, 3)
        shadow.setColor(Qt.GlobalColor.black if dark else Qt.GlobalColor.darkGray)
        self.setGraphicsEffect(shadow)


def single_card(
    item: DueReminder, tz: tzinfo, snooze_minutes: int, heading: str = "Follow-up due"
) -> NotificationCard:
    detail = " · ".join(
        part
        for part in (item.about, when_text(item, tz), "repeats" if item.recurring else "")
        if part
    )
    return NotificationCard((item.id,), heading, item.title, detail, (item.title,), snooze_minutes)


def summary_card(
    ids: Sequence[int], titles: Sequence[str], heading: str, snooze_minutes: int
) -> NotificationCard:
    """A card for many reminders: the first few titles, then how many more."""
    shown = [f"• {title}" for title in titles[:SHOWN_TITLES]]
    rest = len(ids) - len(shown)
    if rest > 0:
        shown.append(f"and {rest:,} more")
    return NotificationCard(
        ids, heading, "", "\n".join(shown), titles[:SHOWN_TITLES], snooze_minutes
    )


def count_text(count: int) -> str:
    return "1 follow-up" if count == 1 else f"{count:,} follow-ups"


class NotificationStack(QWidget):
    """Holds the cards in the host window's lower right corner (or, with no host, the screen's)."""

    def __init__(self, host: QWidget | None) -> None:
        super().__init__(host)
        self.setObjectName("reminderNotifications")
        self.host = host
        if host is None:
            self.setWindowFlags(
                Qt.WindowType.Tool
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
            self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        else:
            host.installEventFilter(self)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(8, 8, 8, 8)
        self.column.setSpacing(10)
        self.hide()

    def cards(self) -> list[NotificationCard]:
        return [
            w for w in self.findChildren(NotificationCard) if w.parent() is self and not w.closing
        ]

    def add(self, card: NotificationCard, snooze_minutes: int) -> NotificationCard:
        """Show ``card`` at the bottom; fold everything into one summary past ``MAX_CARDS``."""
        cards = self.cards()
        if len(cards) >= MAX_CARDS:
            ids = [i for c in (*cards, card) for i in c.ids]
            titles = [t for c in (*cards, card) for t in c.titles]
            for old in cards:
                self.remove(old)
            card.deleteLater()
            card = summary_card(ids, titles, f"{count_text(len(ids))} are due", snooze_minutes)
        card.setParent(self)
        self.column.addWidget(card)
        card.dismissed.connect(lambda: self.remove(card))
        card.show()
        self.place()
        self.show()
        self.raise_()
        return card

    def remove(self, card: NotificationCard) -> None:
        card.closing = True
        self.column.removeWidget(card)
        card.hide()
        card.deleteLater()
        if not self.cards():
            self.hide()
        else:
            self.place()

    def drop(self, ids: Sequence[int]) -> None:
        """Remove the cards of single reminders among ``ids`` (done or snoozed elsewhere)."""
        gone = set(ids)
        for card in self.cards():
            if len(card.ids) == 1 and card.ids[0] in gone:
                self.remove(card)

    def clear(self) -> None:
        for card in self.cards():
            self.remove(card)

    def place(self) -> None:
        self.adjustSize()
        size = self.sizeHint()
        if self.host is not None:
            area = self.host.rect()
            bottom = area.bottom() - MARGIN
            status = self.host.findChild(
                QStatusBar, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if status is not None and status.isVisible():
                bottom -= status.height()
        else:
            screen = self.screen()
            area = screen.availableGeometry() if screen is not None else self.rect()
            bottom = area.bottom() - MARGIN
        self.setGeometry(
            area.right() - MARGIN - size.width(),
            bottom - size.height(),
            size.width(),
            size.height(),
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.host
            and event.type() in (QEvent.Type.Resize, QEvent.Type.Show)
            and self.isVisible()
        ):
            self.place()
        return False
