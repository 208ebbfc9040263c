"""The Ctrl+K box: type-ahead over contacts, companies, leads and interactions.

The field keeps the keyboard the whole time. Its results live in a frameless list laid over
the window just under the field (a child widget, not a window of its own, so nothing can take
focus from the field or be placed elsewhere by a window manager); the field drives the list
with Up, Down, Enter and Escape. Each keystroke restarts a short single-shot timer and the
search runs once typing pauses, so a fast typist never waits on the database.

The list and how it paints (``popup.py``) are made when results are first shown: the field
alone is part of every start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QFocusEvent, QHideEvent, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QLineEdit, QListView, QWidget

from crm_desktop.ui.common.worker import BackgroundReads

if TYPE_CHECKING:
    from crm_desktop.domain.finder import Found  # its module is imported by the first search
    from crm_desktop.ui.search.model import SearchResultsModel
    from crm_desktop.ui.search.popup import ResultsPopup

log = logging.getLogger(__name__)

DEBOUNCE_MS = 120
POPUP_MIN_WIDTH = 440
POPUP_MAX_HEIGHT = 480

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

        self._model: SearchResultsModel | None = None  # made at the first search
        self._results: ResultsPopup | None = None  # made when first shown

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

    @property
    def model(self) -> SearchResultsModel:
        """The results (made now if they were not yet)."""
        if self._model is None:
            from crm_desktop.ui.search.model import SearchResultsModel

            self._model = SearchResultsModel(self)
        return self._model

    @property
    def view(self) -> QListView:
        """The list of results (made now if it was not yet)."""
        return self._popup().view

    def _popup(self) -> ResultsPopup:
        if self._results is None:
            from crm_desktop.ui.search.popup import ResultsPopup

            self._results = ResultsPopup(self.model, POPUP_MIN_WIDTH, self)
            self._results.hide()  # moves to the window when first shown
            self._results.view.entered.connect(self._hovered)
            self._results.view.clicked.connect(self._clicked)
        return self._results

    def _popup_visible(self) -> bool:
        return self._results is not None and self._results.isVisible()

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
        if self._results is None:
            return None
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
        return event.key() != Qt.Key.Key_Escape or self._popup_visible() or bool(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            if self._popup_visible() and not self._timer.isActive():
                self._move(1 if key == Qt.Key.Key_Down else -1)
            elif self.text().strip():
                self._search_now()
        elif key in _OPEN_KEYS:
            if self._timer.isActive() or self._searching():  # right after typing: the whole text
                self._search_now()
            if self._popup_visible():
                self._open(self.current_hit() or self.model.hit(self.model.step(-1, 1)))
            elif self.text().strip():
                self._search_now()
        elif key == Qt.Key.Key_Escape and self._popup_visible():
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
        if self._popup_visible():
            self._place_popup()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        resized = watched is self._host and event.type() == QEvent.Type.Resize
        if resized and self._popup_visible():
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
        text, hits = cast("tuple[str, list[Found]]", answer)
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
        popup = self._popup()
        if self._host is not host:
            if self._host is not None:
                self._host.removeEventFilter(self)
            self._host = host
            popup.setParent(host)
            host.installEventFilter(self)
        below = self.mapTo(host, QPoint(0, self.height() + 2))
        width = min(max(self.width(), POPUP_MIN_WIDTH), host.width() - 16)
        x = max(8, min(below.x(), host.width() - width - 8))
        frame = 2 * popup.WIDTH
        rows = sum(self.view.sizeHintForRow(row) for row in range(self.model.rowCount()))
        room = host.height() - below.y() - 8
        height = max(min(rows + frame, POPUP_MAX_HEIGHT, room), 0)
        popup.setGeometry(QRect(x, below.y(), width, height))
        popup.raise_()
        popup.show()

    def _close_popup(self) -> None:
        self._timer.stop()
        if self._results is not None:
            self._results.hide()
