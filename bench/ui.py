"""The contact list and detail at scale, offscreen: run as ``python -m bench.ui DB`` in its own
process (so its memory is the app's alone); prints one JSON object of figures.

- first screen: build the list panel on the database and paint it (the count arrives later,
  from its worker thread, as in the app);
- end and back: scroll to the last row and paint, then to the first and paint;
- filter: type into the filter and paint the narrowed list: a rare name, one letter (half of
  all contacts match), a common word;
- open contact: show a contact with 1,000 interactions in the detail, with its timeline's first
  screen painted;
- memory: the process's resident set after all of it.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from crm_desktop.domain.contacts import ContactFields
from crm_desktop.domain.interactions import InteractionFields
from crm_desktop.domain.services import Services
from crm_desktop.store import db
from crm_desktop.store.opening import open_store
from crm_desktop.ui.common.changes import ChangeBus
from crm_desktop.ui.common.errors import ErrorReporter
from crm_desktop.ui.contacts.detail import ContactDetailPanel
from crm_desktop.ui.contacts.list_panel import ContactListPanel
from crm_desktop.ui.timeline.widget import TimelineWidget

HEAVY_INTERACTIONS = 1000
FILTERS = {"filter": "Benchmark", "filter_letter": "a", "filter_common": "manager"}


def _ms(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _heavy_contact(services: Services) -> int:
    """A contact with 1,000 interactions (made once in the cached database)."""
    found = services.contacts.duplicates(ContactFields(first_name="Heavy", last_name="Benchmark"))
    if found:
        return found[0].contact_id
    contact_id = services.contacts.create(
        ContactFields(first_name="Heavy", last_name="Benchmark")
    ).id
    now = services.clock.now()
    for n in range(HEAVY_INTERACTIONS):
        services.interactions.log(
            contact_id,
            InteractionFields(
                kind=("call", "email", "meeting", "note")[n % 4],
                subject=f"Conversation {n}",
                body="What was said and agreed. " * 4,
                occurred_at=now - timedelta(hours=7 * n + 1),
            ),
        )
    return contact_id


def _list_run(app: QApplication, services: Services, *parts: object) -> dict[str, float]:
    """One opening of the list: first screen, end and back, a filter typed."""
    bus, undo, report = parts
    start = time.perf_counter()
    panel = ContactListPanel(services, bus, undo, report)  # type: ignore[arg-type]
    panel.resize(1200, 800)
    panel.show()
    table = panel.table
    table.viewport().repaint()
    first = (time.perf_counter() - start) * 1000
    panel.model.wait_for_count(60_000)
    while panel.model.counting:
        app.processEvents()
    end = _ms(lambda: (table.scrollToBottom(), table.viewport().repaint()))
    back = _ms(lambda: (table.scrollToTop(), table.viewport().repaint()))

    def type_filter(text: str) -> float:
        def typed() -> None:
            panel.filters.text.setText(text)
            panel.filters.changed.emit()  # what the typing timer does after the last key
            table.viewport().repaint()

        took = _ms(typed)
        panel.model.wait_for_count()
        return took

    figures = {"first": first, "end": end, "back": back}
    for key, text in FILTERS.items():
        figures[key] = type_filter(text)
    panel.close()
    panel.deleteLater()
    app.processEvents()
    return figures


def measure(path: Path, runs: int = 5) -> dict[str, float]:
    app = QApplication.instance() or QApplication([])
    open_store(path, path.parent / "backups")
    services = Services.create()
    heavy = _heavy_contact(services)
    bus, undo, report = ChangeBus(), QUndoStack(), ErrorReporter(None, str(path.parent))
    figures: dict[str, list[float]] = {"open": []}
    for _ in range(runs):
        for name, value in _list_run(app, services, bus, undo, report).items():
            figures.setdefault(name, []).append(value)

    timeline = TimelineWidget(services, bus, undo, report)
    detail = ContactDetailPanel(services, bus, undo, report, timeline=timeline)
    detail.contact_changed.connect(lambda cid: timeline.show_contact(cid))
    detail.resize(700, 900)
    detail.show()
    for _ in range(runs):
        detail.clear()
        app.processEvents()

        def open_contact() -> None:
            detail.show_contact(heavy)
            detail.repaint()

        figures["open"].append(_ms(open_contact))
    result = {name: statistics.median(values) for name, values in figures.items()}
    result["rss_mb"] = _rss_mb()
    db.close()
    return result


if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1]))))
