"""How one timeline entry looks: a day header when a new day starts, the kind's badge, the
subject and local time, who and how, and the text: its first two lines, or all of it when the
entry is expanded."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from crm_desktop.ui.common.icons import kind_icon
from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.timeline.model import (
    BODY_ROLE,
    DAY_ROLE,
    ENTRY_ROLE,
    EXPANDED_ROLE,
    META_ROLE,
    TIME_ROLE,
)

PAD = 8  # inside an entry
ICON = 28
GAP = 10  # between the badge and the text
PREVIEW_LINES = 2
WRAP = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop

Index = QModelIndex | QPersistentModelIndex


class TimelineDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    # -- geometry --------------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fonts = _Fonts(option.font)
        width = self._view.viewport().width()
        height = self._header_height(fonts) if index.data(DAY_ROLE) else 0
        height += PAD + fonts.bold_metrics.lineSpacing() + fonts.small_metrics.lineSpacing()
        body = index.data(BODY_ROLE)
        if body:
            height += 4 + self._body_height(body, fonts, width, bool(index.data(EXPANDED_ROLE)))
        return QSize(width, max(height + PAD, ICON + 2 * PAD))

    def _text_width(self, width: int) -> int:
        return max(40, width - 4 - 2 * PAD - ICON - GAP - 4)

    @staticmethod
    def _header_height(fonts: _Fonts) -> int:
        return fonts.small_metrics.lineSpacing() + 14

    def _body_height(self, body: str, fonts: _Fonts, width: int, expanded: bool) -> int:
        text_width = self._text_width(width)
        if expanded:
            box = fonts.metrics.boundingRect(QRect(0, 0, text_width, 100_000), WRAP, body)
            return box.height()
        return len(_preview(body, fonts.normal, text_width)) * fonts.metrics.lineSpacing()

    # -- painting --------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        kind = index.data(ENTRY_ROLE).kind
        palette: QPalette = option.palette
        fonts = _Fonts(option.font)
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        top = rect.top()
        day = index.data(DAY_ROLE)
        if day:
            top += self._paint_header(painter, rect, day, fonts, palette)
        card = QRect(rect.left() + 2, top + 1, rect.width() - 4, rect.bottom() - top - 1)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(card, 6, 6)
        elif state & QStyle.StateFlag.State_MouseOver:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(card, 6, 6)
        if state & QStyle.StateFlag.State_HasFocus and not selected:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(0, 0, -1, -1), 6, 6)

        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text) if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        if selected:
            muted.setAlpha(200)
        icon_rect = QRect(card.left() + PAD, card.top() + PAD, ICON, ICON)
        kind_icon(kind, is_dark(palette)).paint(painter, icon_rect)

        left = icon_rect.right() + 1 + GAP
        width = card.right() - PAD - left
        y = card.top() + PAD
        time = index.data(TIME_ROLE)
        time_width = fonts.small_metrics.horizontalAdvance(time)
        line = fonts.bold_metrics.lineSpacing()
        painter.setFont(fonts.small)
        painter.setPen(muted)
        time_rect = QRect(card.right() - PAD - time_width, y, time_width, line)
        painter.drawText(
            time_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, time
        )
        painter.setFont(fonts.bold)
        painter.setPen(text)
        title = fonts.bold_metrics.elidedText(
            index.data(Qt.ItemDataRole.DisplayRole),
            Qt.TextElideMode.ElideRight,
            width - time_width - GAP,
        )
        painter.drawText(QRect(left, y, width, line), Qt.AlignmentFlag.AlignVCenter, title)
        y += line
        painter.setFont(fonts.small)
        painter.setPen(muted)
        meta_line = fonts.small_metrics.lineSpacing()
        meta = fonts.small_metrics.elidedText(
            index.data(META_ROLE), Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(QRect(left, y, width, meta_line), Qt.AlignmentFlag.AlignVCenter, meta)
        y += meta_line + 4
        body = index.data(BODY_ROLE)
        if body:
            painter.setFont(fonts.normal)
            painter.setPen(text)
            self._paint_body(painter, body, fonts, QRect(left, y, width, card.bottom() - y), index)
        painter.restore()

    def _paint_header(
        self, painter: QPainter, rect: QRect, day: str, fonts: _Fonts, palette: QPalette
    ) -> int:
        height = self._header_height(fonts)
        painter.setFont(fonts.small_bold)
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        box = QRect(rect.left() + PAD, rect.top() + 6, rect.width() - 2 * PAD, height - 8)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, day)
        start = box.left() + QFontMetrics(fonts.small_bold).horizontalAdvance(day) + GAP
        rule = palette.color(QPalette.ColorRole.Mid)
        painter.setPen(rule)
        middle = box.center().y() + 1
        painter.drawLine(start, middle, box.right(), middle)
        return height

    def _paint_body(
        self, painter: QPainter, body: str, fonts: _Fonts, box: QRect, index: Index
    ) -> None:
        if index.data(EXPANDED_ROLE):
            painter.drawText(box, WRAP, body)
            return
        line = fonts.metrics.lineSpacing()
        for number, text in enumerate(_preview(body, fonts.normal, box.width())):
            painter.drawText(
                QRect(box.left(), box.top() + number * line, box.width(), line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                text,
            )


class _Fonts:
    """The fonts of one entry, made from the view's font."""

    def __init__(self, base: QFont) -> None:
        self.normal = QFont(base)
        self.metrics = QFontMetrics(self.normal)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.bold_metrics = QFontMetrics(self.bold)
        self.small = QFont(base)
        self.small.setPointSizeF(base.pointSizeF() * 0.9)
        self.small_metrics = QFontMetrics(self.small)
        self.small_bold = QFont(self.small)
        self.small_bold.setBold(True)


def _preview(body: str, font: QFont, width: int) -> list[str]:
    """The text's first lines as wrapped at ``width``, the last one elided if more follows."""
    layout = QTextLayout(body.strip().replace("\n", "\u2028"), font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    text = layout.text()
    spans: list[tuple[int, int]] = []
    layout.beginLayout()
    while len(spans) <= PREVIEW_LINES:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        spans.append((line.textStart(), line.textLength()))
    layout.endLayout()
    lines = [text[start : start + length].rstrip("\u2028 ") for start, length in spans]
    if len(lines) > PREVIEW_LINES:
        # The last line shown runs to its paragraph's end, then says that more follows.
        last, newline, _ = text[spans[PREVIEW_LINES - 1][0] :].partition("\u2028")
        last = f"{last.rstrip()} …" if newline else last
        lines = lines[: PREVIEW_LINES - 1]
        lines.append(QFontMetrics(font).elidedText(last, Qt.TextElideMode.ElideRight, width))
    return lines
