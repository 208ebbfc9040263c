"""The pipeline board at scale, offscreen: run as ``python -m bench.board_ui DB`` in its own
process; prints one JSON object of figures (milliseconds, medians).

- open: build the Pipeline page on the default pipeline and paint the board;
- drop: move a card to another column (what a drop does once it is let go: the lead stored
  with its StageChange row, both columns and their totals updated) and repaint both columns;
- owner / text: choose an owner, or type a word, in the filters and repaint the board.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.opening import open_store
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.pipeline.page import PipelinePage

TEXT = "renewal"


def _ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(path: Path, runs: int = 9) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    open_store(path, path.parent / "backups")
    services = Services.create()
    settings = QSettings(str(path.parent / "bench-window.ini"), QSettings.Format.IniFormat)
    parts = (services, ChangeBus(), QUndoStack(), ErrorReporter(None, str(path.parent)))
    figures: dict[str, list[float]] = {"open": [], "drop": [], "owner": [], "text": []}
    page: PipelinePage | None = None
    for _ in range(runs):
        if page is not None:
            page.close()
            page.deleteLater()
            app.processEvents()

        def build() -> PipelinePage:
            made = PipelinePage(*parts, settings)
            made.resize(1600, 900)
            made.show()
            made.board.viewport().repaint()
            for column in made.board.columns:
                column.cards.viewport().repaint()
            return made

        start = time.perf_counter()
        page = build()
        figures["open"].append((time.perf_counter() - start) * 1000)
    assert page is not None
    board = page.board
    state = board.state
    assert state is not None
    first, second = board.columns[0], board.columns[1]
    for n in range(runs * 2):
        source, target = (first, second) if n % 2 == 0 else (second, first)
        lead = source.model.ids()[3]
        before = target.model.ids()[2]

        def drop(lead: int = lead, before: int = before, source=source, target=target) -> None:
            board.move_lead(lead, target.model.stage_id, before)
            target.repaint()  # the header and the cards
            source.repaint()

        figures["drop"].append(_ms(drop))
    board.undo.clear()
    owners = [page.filters.owner.itemData(i) for i in range(2, page.filters.owner.count())]
    for n in range(runs):

        def by_owner(at: int = n) -> None:
            page.filters.owner.setCurrentIndex(2 + at % len(owners))
            for column in board.columns:
                column.cards.viewport().repaint()

        figures["owner"].append(_ms(by_owner))
        page.filters.owner.setCurrentIndex(0)

        def by_text() -> None:
            page.filters.text.setText(TEXT)
            page.filters.changed.emit()  # what the typing timer does after the last key
            for column in board.columns:
                column.cards.viewport().repaint()

        figures["text"].append(_ms(by_text))
        page.filters.text.clear()
        page.filters.changed.emit()
    page.filters.clear()
    result = {name: statistics.median(values) for name, values in figures.items()}
    result["open_leads"] = float(state.open_summary().count)
    db.close()
    return result


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
