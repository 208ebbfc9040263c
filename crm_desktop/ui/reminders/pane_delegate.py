"""How the reminders pane's rows look, and where they take clicks.

A section header: its name in small capitals with the count as a badge (red for a non-empty
Overdue), and a rule. A reminder: a check box, the title and the time on the first line (the
time red when overdue); the contact and lead (links: a click opens them) and the assignee,
repeat and snooze on the second; a "⋯" button on the hovered or selected row opens its menu.
"Show more": a link-coloured line.

``layout()`` places every part once, for painting and for hit-testing alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from crm_desktop.ui.common.theme import is_dark
from crm_desktop.ui.reminders.pane_model import (
    ABOUT_ROLE,
    COUNT_ROLE,
    HEADER,
    KIND_ROLE,
    LATE_ROLE,
    META_ROLE,
    MORE,
    REMINDER,
    WHEN_ROLE,
)

PAD = 8
GAP = 8
CHECK = 16
MENU = 22
LATE = ("#c5221f", "#f28b82")  # light, dark
BADGE_LATE_BG = ("#fce8e6", "#5c2b29")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Layout:
    card: QRect
    check: QRect
    title: QRect
    when: QRect
    contact: QRect  # empty when there is none
    lead: QRect
    meta: QRect
    menu: QRect


class PaneDelegate(QStyledItemDelegate):
    """Paints the rows. A click on the "⋯" button emits ``menu_requested(index, global
    point)``; on the contact or lead, ``open_requested("contact" or "lead", index)``; on the
    check box (or Space) ticks the row in the model."""

    menu_requested = Signal(object, object)  # QModelIndex, QPoint
    open_requested = Signal(str, object)  # "contact" or "lead", QModelIndex

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    # -- geometry --------------------------------------------------------------------------

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        fonts = _Fonts(option.font)
        width = self._view.viewport().width()
        kind = index.data(KIND_ROLE)
        if kind == HEADER:
            return QSize(width, fonts.small_bold_metrics.lineSpacing() + 16)
        if kind == MORE:
            return QSize(width, fonts.metrics.lineSpacing() + 10)
        lines = fonts.metrics.lineSpacing() + fonts.small_metrics.lineSpacing()
        return QSize(width, lines + 2 * PAD + 2)

    def layout(
        self, option: QStyleOptionViewItem, index: Index, menu_shown: bool | None = None
    ) -> Layout:
        """Where each part of a reminder row goes. The "⋯" button shows on a hovered or selected
        row (``menu_shown`` None), or as told (a click: the pointer is over the row)."""
        fonts = _Fonts(option.font)
        rect: QRect = option.rect
        card = rect.adjusted(4, 1, -4, -1)
        line = fonts.metrics.lineSpacing()
        small = fonts.small_metrics.lineSpacing()
        top = card.top() + PAD
        check = QRect(card.left() + PAD, top + (line - CHECK) // 2, CHECK, CHECK)
        left = check.right() + 1 + GAP
        hot = QStyle.StateFlag.State_MouseOver | QStyle.StateFlag.State_Selected
        show_menu = bool(option.state & hot) if menu_shown is None else menu_shown
        menu = QRect(card.right() - PAD - MENU + 1, card.center().y() - MENU // 2, MENU, MENU)
        right = (menu.left() - 4) if show_menu else card.right() - PAD
        when_text = index.data(WHEN_ROLE) or ""
        when_width = _width(fonts.small_metrics, when_text)
        when = QRect(right - when_width + 1, top, when_width, line)
        title = QRect(left, top, max(0, when.left() - GAP - left), line)
        y = top + line
        meta_text = index.data(META_ROLE) or ""
        meta_width = min(_width(fonts.small_metrics, meta_text), (right - left) // 2)
        meta = QRect(right - meta_width + 1, y, meta_width, small)
        space = max(0, meta.left() - GAP - left)
        contact_text, lead_text = index.data(ABOUT_ROLE) or ("", "")
        contact_width = min(_width(fonts.small_metrics, contact_text), space)
        contact = QRect(left, y, contact_width, small) if contact_text else QRect()
        lead_left = left + (
            contact_width + fonts.small_metrics.horizontalAdvance(" · ") if contact_text else 0
        )
        lead_width = min(_width(fonts.small_metrics, lead_text), max(0, left + space - lead_left))
        lead = QRect(lead_left, y, lead_width, small) if lead_text and lead_width > 0 else QRect()
        return Layout(card, check, title, when, contact, lead, meta, menu if show_menu else QRect())

    # -- painting --------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        kind = index.data(KIND_ROLE)
        if kind == HEADER:
            self._paint_header(painter, option, index)
        elif kind == MORE:
            self._paint_more(painter, option, index)
        else:
            self._paint_reminder(painter, option, index)
        painter.restore()

    def _paint_header(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        fonts = _Fonts(option.font)
        palette: QPalette = option.palette
        dark = is_dark(palette)
        rect: QRect = option.rect
        title = str(index.data(Qt.ItemDataRole.DisplayRole)).upper()
        count = int(index.data(COUNT_ROLE) or 0)
        late = index.data(Qt.ItemDataRole.DisplayRole) == "Overdue" and count > 0
        box = QRect(
            rect.left() + PAD + 4, rect.top() + 8, rect.width() - 2 * PAD - 8, rect.height() - 10
        )
        painter.setFont(fonts.small_bold)
        painter.setPen(
            QColor(LATE[dark]) if late else palette.color(QPalette.ColorRole.PlaceholderText)
        )
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(box, align, title)
        x = box.left() + fonts.small_bold_metrics.horizontalAdvance(title) + 6
        badge_text = f"{count:,}"
        badge_w = fonts.small_bold_metrics.horizontalAdvance(badge_text) + 12
        badge_h = fonts.small_bold_metrics.height() + 2
        badge = QRect(x, box.center().y() - badge_h // 2 + 1, badge_w, badge_h)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(
            QColor(BADGE_LATE_BG[dark]) if late else palette.color(QPalette.ColorRole.AlternateBase)
        )
        painter.drawRoundedRect(badge, badge_h / 2, badge_h / 2)
        painter.setPen(QColor(LATE[dark]) if late else palette.color(QPalette.ColorRole.Text))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, badge_text)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        middle = badge.center().y() + 1
        if badge.right() + GAP < box.right():
            painter.drawLine(badge.right() + GAP, middle, box.right(), middle)

    def _paint_more(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        fonts = _Fonts(option.font)
        palette: QPalette = option.palette
        rect: QRect = option.rect.adjusted(4, 1, -4, -1)
        self._background(painter, option, rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Link
        painter.setPen(palette.color(role))
        painter.setFont(fonts.normal)
        text_rect = rect.adjusted(PAD + CHECK + GAP, 0, -PAD, 0)
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(index.data())
        )

    def _paint_reminder(
        self, painter: QPainter, option: QStyleOptionViewItem, index: Index
    ) -> None:
        fonts = _Fonts(option.font)
        palette: QPalette = option.palette
        dark = is_dark(palette)
        parts = self.layout(option, index)
        selected = self._background(painter, option, parts.card)
        text = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text) if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        if selected:
            muted.setAlpha(210)
        late = QColor(text) if selected else QColor(LATE[dark])
        link = text if selected else palette.color(QPalette.ColorRole.Link)

        # A round-cornered box of its own: the style's is near invisible on the dark palette.
        ring = QColor(text) if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        painter.setPen(QPen(ring, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(parts.check).adjusted(0.7, 0.7, -0.7, -0.7), 3.5, 3.5)

        center = Qt.AlignmentFlag.AlignVCenter
        painter.setFont(fonts.small)
        painter.setPen(late if index.data(LATE_ROLE) else muted)
        painter.drawText(parts.when, Qt.AlignmentFlag.AlignRight | center, index.data(WHEN_ROLE))
        painter.setFont(fonts.normal)
        painter.setPen(text)
        title = fonts.metrics.elidedText(
            str(index.data()), Qt.TextElideMode.ElideRight, parts.title.width()
        )
        painter.drawText(parts.title, Qt.AlignmentFlag.AlignLeft | center, title)

        painter.setFont(fonts.small)
        small = fonts.small_metrics
        contact_text, lead_text = index.data(ABOUT_ROLE) or ("", "")
        painter.setPen(link)
        if not parts.contact.isNull():
            shown = small.elidedText(
                contact_text, Qt.TextElideMode.ElideRight, parts.contact.width()
            )
            painter.drawText(parts.contact, Qt.AlignmentFlag.AlignLeft | center, shown)
        if not parts.lead.isNull():
            if not parts.contact.isNull():
                painter.setPen(muted)
                dot = QRect(
                    parts.contact.right() + 1,
                    parts.lead.top(),
                    parts.lead.left() - parts.contact.right() - 1,
                    parts.lead.height(),
                )
                painter.drawText(dot, Qt.AlignmentFlag.AlignCenter, "·")
                painter.setPen(link)
            shown = small.elidedText(lead_text, Qt.TextElideMode.ElideRight, parts.lead.width())
            painter.drawText(parts.lead, Qt.AlignmentFlag.AlignLeft | center, shown)
        painter.setPen(muted)
        meta = small.elidedText(
            index.data(META_ROLE) or "", Qt.TextElideMode.ElideLeft, parts.meta.width()
        )
        painter.drawText(parts.meta, Qt.AlignmentFlag.AlignRight | center, meta)
        if not parts.menu.isNull():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(QPalette.ColorRole.Button))
            painter.drawRoundedRect(parts.menu, 4, 4)
            painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
            painter.setFont(fonts.bold)
            painter.drawText(parts.menu, Qt.AlignmentFlag.AlignCenter, "⋯")

    def _background(self, painter: QPainter, option: QStyleOptionViewItem, card: QRect) -> bool:
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected or state & QStyle.StateFlag.State_MouseOver:
            role = QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.AlternateBase
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.color(role))
            painter.drawRoundedRect(card, 6, 6)
        if state & QStyle.StateFlag.State_HasFocus and not selected:
            painter.setPen(palette.color(QPalette.ColorRole.Highlight))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(0, 0, -1, -1), 6, 6)
        return selected

    # -- clicks and keys -------------------------------------------------------------------

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        if index.data(KIND_ROLE) != REMINDER:
            return False
        if isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Space,
                Qt.Key.Key_Select,
            ):
                return self._tick(index)
            return False
        if not isinstance(event, QMouseEvent) or event.button() != Qt.MouseButton.LeftButton:
            return False
        parts = self.layout(option, index, menu_shown=True)
        at: QPoint = event.position().toPoint()
        hit = next(
            (
                name
                for name in ("check", "menu", "contact", "lead")
                if getattr(parts, name).contains(at)
            ),
            None,
        )
        if hit is None:
            return False
        if event.type() == QEvent.Type.MouseButtonRelease:
            if hit == "check":
                return self._tick(index)
            if hit == "menu":
                self.menu_requested.emit(
                    index, self._view.viewport().mapToGlobal(parts.menu.bottomLeft())
                )
            else:
                self.open_requested.emit(hit, index)
        return event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
        )

    @staticmethod
    def _tick(index: Index) -> bool:
        model = index.model()
        return bool(
            model and model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
        )


def _width(metrics: QFontMetrics, text: str) -> int:
    """Room for ``text`` (a little over its advance, which elidedText would otherwise cut)."""
    return metrics.horizontalAdvance(text) + 3 if text else 0


class _Fonts:
    """The fonts of one row, made from the view's font."""

    def __init__(self, base: QFont) -> None:
        self.normal = QFont(base)
        self.metrics = QFontMetrics(self.normal)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.small = QFont(base)
        self.small.setPointSizeF(base.pointSizeF() * 0.9)
        self.small_metrics = QFontMetrics(self.small)
        self.small_bold = QFont(self.small)
        self.small_bold.setBold(True)
        self.small_bold.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.small_bold_metrics = QFontMetrics(self.small_bold)
