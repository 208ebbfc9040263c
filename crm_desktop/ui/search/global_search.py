"""The Ctrl+K box: type-ahead over contacts, companies, leads and interactions.

The field keeps the keyboard the whole time. Its results live in a frameless list laid over
the window just under the field (a child widget, not a window of its own, so nothing can take
focus from the field or be placed elsewhere by a window manager); the field drives the list
with Up, Down, Enter and Escape. Each keystroke restarts a short single-shot timer and the
search runs once typing pauses, so a fast typist never waits on the database.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QFocusEvent,
    QFont,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.finder import Found
from crm_desktop.ui.common.worker import BackgroundReads
from crm_desktop.ui.search.model import Role, RowType, SearchResultsModel

log = logging.getLogger(__name__)

DEBOUNCE_MS = 120
POPUP_MIN_WIDTH = 440
POPUP_MAX_HEIGHT = 480
_PAD = 12  # left and right padding of a row's text

_OPEN_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_OWN_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, *_OPEN_KEYS, Qt.Key.Key_Escape)


class GlobalSearch(QLineEdit):
    """The search field. ``find`` turns text into hits (the app passes ``finder.find``)."""

    open_requested = Signal(str, int)  # kind ("contact", "company", "lead", "interaction"), id

    def __init__(
        self,
        find: Callable[[str], list[Found]],
        parent: QWidget | None = None,
        *,
        delay_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("globalSearch")
        self.setPlaceholderText("Search everything (Ctrl+K)")
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(240)
        self._find = find
        self._asked = ""  # the text a search on the worker is running for
        self._host: QWidget | None = None  # the window the popup is laid over

        self.model = SearchResultsModel(self)
        self.view = QListView()
        self.view.setObjectName("globalSearchResults")
        self.view.setAccessibleName("Search results")
        self.view.setModel(self.model)
        self.view.setItemDelegate(_ResultDelegate(self.view))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setMouseTracking(True)
        self.view.entered.connect(self._hovered)
        self.view.clicked.connect(self._clicked)
        self._popup = _Outline(self.view, self)  # moves to the window when first shown
        self._popup.hide()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._search)
        self.textChanged.connect(self._timer.start)
        # Typing searches on a worker thread, so a slow word never freezes the window; a key
        # that needs the hits at once (Enter, Down) searches right away instead.
        self._reads = BackgroundReads(self)
        self._reads.answered.connect(self._on_answer)
        self._reads.failed.connect(self._on_failure)

    # -- what the main window uses ---------------------------------------------------------

    @Slot()
    def focus_search(self) -> None:
        """Put the cursor in the field with its text selected, showing earlier results again."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()
        if self.text().strip():
            self._timer.start()

    def current_hit(self) -> Found | None:
        """The highlighted hit, which Enter opens."""
        return self.model.hit(self.view.currentIndex().row())

    # -- keys and focus --------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Claim our keys before a window shortcut (an Escape bound elsewhere, say) takes them.
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._wants(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def _wants(self, event: QKeyEvent) -> bool:
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if not plain or event.key() not in _OWN_KEYS:
            return False
        return event.key() != Qt.Key.Key_Escape or self._popup.isVisible() or bool(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if self._popup.isVisible() and not self._timer.isActive():
                self._move(1 if key == Qt.Key.Key_Down else -1)
            elif self.text().strip():
                self._search_now()
        elif key in _OPEN_KEYS:
            if self._timer.isActive() or self._searching():  # right after typing: the whole text
                self._search_now()
            if self._popup.isVisible():
                self._open(self.current_hit() or self.model.hit(self.model.step(-1, 1)))
            elif self.text().strip():
                self._search_now()
        elif key == Qt.Key.Key_Escape and self._popup.isVisible():
            self._close_popup()
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # The field's own context menu takes focus for a moment: keep the results then.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._close_popup()
        super().focusOutEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._close_popup()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._popup.isVisible():
            self._place_popup()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self._host and event.type() == QEvent.Type.Resize
        if resized and self._popup.isVisible():
            self._place_popup()
        return super().eventFilter(watched, event)

    # -- searching and opening -------------------------------------------------------------

    @Slot()
    def _search(self) -> None:
        """Typing paused: search on the worker; the newest answer is shown when it comes."""
        self._timer.stop()
        text = self.text().strip()
        if not text:
            self._reads.cancel()
            self._asked = ""
            self.model.clear()
            self._close_popup()
            return
        find = self._find
        self._asked = text
        self._reads.request(lambda: (text, find(text)))

    def _search_now(self) -> None:
        self._timer.stop()
        self._reads.cancel()
        text = self.text().strip()
        self._asked = ""
        if not text:
            self.model.clear()
            self._close_popup()
            return
        self._show(text, self._find(text))

    def _searching(self) -> bool:
        return bool(self._asked)

    def wait_for_search(self, msecs: int = 10_000) -> None:
        """Block until a search in flight has answered (tests, and before closing)."""
        self._reads.wait(msecs)

    def _on_answer(self, answer: object) -> None:
        text, hits = cast(tuple[str, list[Found]], answer)
        if text == self._asked:
            self._asked = ""
            if text == self.text().strip():
                self._show(text, hits)

    def _on_failure(self, exc: object) -> None:
        self._asked = ""
        log.error("Search failed", exc_info=exc if isinstance(exc, BaseException) else None)

    def _show(self, text: str, hits: list[Found]) -> None:
        self.model.show_results(text, hits)
        self._highlight(self.model.step(-1, 1))
        if self.hasFocus():
            self._place_popup()

    def _move(self, delta: int) -> None:
        row = self.model.step(self.view.currentIndex().row(), delta)
        if row >= 0:
            self._highlight(row)

    def _highlight(self, row: int) -> None:
        index = self.model.index(row, 0) if row >= 0 else QModelIndex()
        self.view.setCurrentIndex(index)
        if index.isValid():
            self.view.scrollTo(index)

    @Slot(QModelIndex)
    def _hovered(self, index: QModelIndex) -> None:
        if self.model.hit(index.row()) is not None:
            self._highlight(index.row())

    @Slot(QModelIndex)
    def _clicked(self, index: QModelIndex) -> None:
        self._open(self.model.hit(index.row()))

    def _open(self, hit: Found | None) -> None:
        if hit is None:
            return
        self._close_popup()
        self.open_requested.emit(hit.kind, hit.id)

    # -- the popup -------------------------------------------------------------------------

    def _place_popup(self) -> None:
        """Lay the list over the window under the field, as tall as its rows allow."""
        host = self.window()
        if host is self:
            return  # a lone field has no window to show a list in
        if self._host is not host:
            if self._host is not None:
                self._host.removeEventFilter(self)
            self._host = host
            self._popup.setParent(host)
            host.installEventFilter(self)
        below = self.mapTo(host, QPoint(0, self.height() + 2))
        width = min(max(self.width(), POPUP_MIN_WIDTH), host.width() - 16)
        x = max(8, min(below.x(), host.width() - width - 8))
        frame = 2 * _Outline.WIDTH
        rows = sum(self.view.sizeHintForRow(row) for row in range(self.model.rowCount()))
        room = host.height() - below.y() - 8
        height = max(min(rows + frame, POPUP_MAX_HEIGHT, room), 0)
        self._popup.setGeometry(QRect(x, below.y(), width, height))
        self._popup.raise_()
        self._popup.show()

    def _close_popup(self) -> None:
        self._timer.stop()
        self._popup.hide()


class _Outline(QWidget):
    """A thin line around the results, so they stand out over a list of the same colour."""

    WIDTH = 1

    def __init__(self, view: QListView, parent: QWidget) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*(self.WIDTH,) * 4)
        layout.addWidget(view)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))


class _ResultDelegate(QStyledItemDelegate):
    """Paints a hit as its title over a dimmer line of context; headers as small bold labels."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.height()
        row_type = index.data(Role.ROW_TYPE)
        if row_type is RowType.HIT:
            height = 2 * line + 10
        elif row_type is RowType.HEADER:
            height = line + 10
        else:
            height = line + 24
        return QSize(POPUP_MIN_WIDTH, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        base_font: QFont = option.font
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_rect = rect.adjusted(_PAD, 0, -_PAD, 0)
        dim = palette.color(QPalette.ColorRole.PlaceholderText)
        row_type = index.data(Role.ROW_TYPE)
        painter.save()
        if row_type is RowType.HIT:
            if selected:
                painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
                dim = palette.color(QPalette.ColorRole.HighlightedText)
            lines = text_rect.adjusted(0, 5, 0, -5)
            role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            painter.setPen(palette.color(role))
            _draw_line(painter, lines, index.data(), Qt.AlignmentFlag.AlignTop)
            small = QFont(base_font)
            small.setPointSizeF(base_font.pointSizeF() * 0.9)
            painter.setFont(small)
            painter.setPen(dim)
            _draw_line(painter, lines, index.data(Role.SUBTITLE), Qt.AlignmentFlag.AlignBottom)
        elif row_type is RowType.HEADER:
            if index.row() > 0:
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(rect.left(), rect.top(), rect.right(), rect.top())
            bold = QFont(base_font)
            bold.setBold(True)
            bold.setPointSizeF(base_font.pointSizeF() * 0.85)
            painter.setFont(bold)
            painter.setPen(dim)
            _draw_line(
                painter, text_rect.adjusted(0, 0, 0, -2), index.data(), Qt.AlignmentFlag.AlignBottom
            )
        else:
            italic = QFont(base_font)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(dim)
            _draw_line(painter, text_rect, index.data(), Qt.AlignmentFlag.AlignVCenter)
        painter.restore()


def _draw_line(painter: QPainter, rect: QRect, text: str, align: Qt.AlignmentFlag) -> None:
    """One line of text in ``rect``, elided at the right when it does not fit."""
    elided = painter.fontMetrics().elidedText(text or "", Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignLeft), elided)
