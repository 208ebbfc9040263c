"""How a lead card looks on the board: painted, not a widget, so 10,000 cards cost nothing.

    ┃ Title of the lead                         €12,500
    ┃ Contact · Company
    ┃ Owner · 12 d in stage              Next 4 Mar  /  ⚠ No next step
A rotting card gets a red stripe and says so; a card with no follow-up a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from crm_desktop.domain.board import Card
from crm_desktop.ui.common.money import money
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.pipeline.card_model import CARD_ROLE

Index = QModelIndex | QPersistentModelIndex
MARGIN = 4  # around a card
PAD = 10  # inside it
STRIPE = 4

_LIGHT = {
    "card": "#ffffff",
    "border": "#dadce0",
    "muted": "#5f6368",
    "warn": "#b06000",
    "rot": "#c5221f",
    "won": "#188038",
    "lost": "#80868b",
    "due": "#1a73e8",
}
_DARK = {"card": "#2d2f31", "border": "#5f6368", "muted": "#bdc1c6", "warn": "#fdd663",
         "rot": "#f28b82", "won": "#81c995", "lost": "#9aa0a6", "due": "#8ab4f8"}  # fmt: skip


class CardDelegate(QStyledItemDelegate):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.now: Callable[[], datetime] = _local_now  # the board sets its clock here
        self._fonts: dict[str, _Fonts] = {}

    def _fonts_for(self, font: QFont) -> _Fonts:
        """The card's three fonts and their metrics, made once per view font."""
        found = self._fonts.get(font.key())
        if found is None:
            found = self._fonts[font.key()] = _Fonts(font)
        return found

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(option.rect.width() or 240, card_height(option.font))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card: Card | None = index.data(CARD_ROLE)
        if card is None:
            return
        palette = option.palette
        colors = _DARK if is_dark(palette) else _LIGHT
        box = QRectF(option.rect.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        path = QPainterPath()
        path.addRoundedRect(box, 6, 6)
        painter.fillPath(path, QColor(colors["card"]))
        border = (
            QApplication.palette().color(QPalette.ColorRole.Highlight)
            if selected
            else QColor(colors["border"])
        )
        painter.setPen(border)
        painter.drawPath(path)
        if selected or focused:
            painter.setPen(QApplication.palette().color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(box.adjusted(1, 1, -1, -1), 5, 5)
        stripe = _stripe_colour(card, colors)
        if stripe is not None:
            painter.setClipPath(path)
            painter.fillRect(QRectF(box.left(), box.top(), STRIPE, box.height()), stripe)
            painter.setClipping(False)
        self._texts(painter, option, card, box.toRect(), colors)
        painter.restore()

    def _texts(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        card: Card,
        box: QRect,
        colors: dict[str, str],
    ) -> None:
        fonts = self._fonts_for(option.font)
        normal, bold, small = fonts.normal, fonts.bold, fonts.small
        text = option.palette.color(QPalette.ColorRole.Text)
        inner = box.adjusted(PAD + STRIPE, PAD, -PAD, -PAD)
        line = fonts.normal_metrics.lineSpacing() + 3
        # first line: title, value on the right
        value = money(card.value_minor, card.currency, cents=False) if card.value_minor else ""
        painter.setFont(bold)
        value_width = fonts.bold_metrics.horizontalAdvance(value) + (8 if value else 0)
        row = QRect(inner.left(), inner.top(), inner.width(), line)
        painter.setPen(text)
        painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value)
        title = fonts.bold_metrics.elidedText(
            card.title, Qt.TextElideMode.ElideRight, inner.width() - value_width
        )
        painter.drawText(row, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        # second line: who
        painter.setFont(normal)
        painter.setPen(QColor(colors["muted"]))
        who = " · ".join(p for p in (card.contact_name, card.company_name) if p) or "No contact"
        row.translate(0, line)
        painter.drawText(
            row,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fonts.normal_metrics.elidedText(who, Qt.TextElideMode.ElideRight, row.width()),
        )
        # third line: owner and days in stage; the next step or its absence on the right
        painter.setFont(small)
        row.translate(0, line)
        right, right_colour = self._next_step(card, colors)
        painter.setPen(QColor(right_colour))
        painter.drawText(row, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, right)
        right_width = fonts.small_metrics.horizontalAdvance(right) + 8
        if card.status != "open":
            days = (
                "closed today" if not card.days_in_stage else f"closed {card.days_in_stage} d ago"
            )
        elif card.rotting:
            days = f"rotting {card.days_in_stage} d"
        else:
            days = f"{card.days_in_stage} d in stage"
        left = f"{card.owner_name or 'Nobody'} · {days}"
        painter.setPen(QColor(colors["rot"] if card.rotting else colors["muted"]))
        painter.drawText(
            row,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            fonts.small_metrics.elidedText(
                left, Qt.TextElideMode.ElideRight, row.width() - right_width
            ),
        )

    def _next_step(self, card: Card, colors: dict[str, str]) -> tuple[str, str]:
        if card.status == "won":
            return "Won", colors["won"]
        if card.status == "lost":
            return "Lost", colors["lost"]
        if card.next_due_at is None:
            return "⚠ No next step", colors["warn"]
        due = card.next_due_at.astimezone()
        late = due < self.now().astimezone()
        return f"{'Overdue' if late else 'Next'} {due:%d %b}", colors["rot"] if late else colors[
            "due"
        ]


def _local_now() -> datetime:
    return datetime.now().astimezone()


class _Fonts:
    def __init__(self, font: QFont) -> None:
        self.normal = QFont(font)
        self.bold = QFont(font)
        self.bold.setBold(True)
        self.small = QFont(font)
        self.small.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        self.normal_metrics = QFontMetrics(self.normal)
        self.bold_metrics = QFontMetrics(self.bold)
        self.small_metrics = QFontMetrics(self.small)


def card_height(font: QFont) -> int:
    """Every card's height: three lines of text and the padding."""
    return 2 * MARGIN + 2 * PAD + 3 * QFontMetrics(font).lineSpacing() + 8


def _stripe_colour(card: Card, colors: dict[str, str]) -> QColor | None:
    if card.rotting:
        return QColor(colors["rot"])
    if card.status == "won":
        return QColor(colors["won"])
    if card.status == "lost":
        return QColor(colors["lost"])
    return None
