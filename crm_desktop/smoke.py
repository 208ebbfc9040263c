"""``crm-desktop --data-dir EMPTY_FOLDER --smoke``: prove a build works, then exit.

``check`` (the default) runs through what a first start does and a little more, each step named
so a failure says where it broke: the package metadata is there; every module of the package
and every dependency the metadata names import (a frozen build misses what PyInstaller did not
see, and the app imports some libraries only when used); the app icon renders (it needs Qt's
SVG support); the main window opens on a new, empty data folder and shows the welcome panel; a
contact is created through the real store, read back, found by search and listed. It exits 0
and prints ``smoke: OK``, or exits 1 and prints the failed step and why. The same line is
written to ``smoke-result.txt`` in the data folder: a windowed program on Windows has no
console to print to.

``start`` measures start-up for ``bench/frozen_start.py``: it runs the app as ``run_app`` does
and quits as soon as the contact list has painted its first rows, printing one JSON line whose
``shown_at`` is that moment (``time.time()``), ``cpu_s`` the CPU time the process had used and
``orm_loaded`` whether peewee had been imported by then (it should not have been). The line is
also written to ``smoke-start.json`` in the data folder.

Both insist on a data folder named on the command line (or in ``CRM_DESKTOP_DATA_DIR``), and
``check`` on one without a database, so a smoke run never writes into anybody's real data.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import sys
import time
from collections.abc import Callable
from typing import Any

from crm_desktop import APP_NAME, __version__, paths

CHECK, START = "check", "start"
MODES = (CHECK, START)
RESULT_FILE = "smoke-result.txt"
START_FILE = "smoke-start.json"  # what a ``start`` run saw, as it prints it
DISTRIBUTION = "crm-desktop"
# Besides every dependency named in the package metadata: modules of them the app needs.
LIBRARIES = ("playhouse.migrate",)
IMPORT_NAMES = {"pyside6-essentials": "PySide6", "pyside6": "PySide6"}  # where they differ
SMOKE_EMAIL = "smoke.test@example.com"
WAIT_SECONDS = 20.0


class SmokeFailure(Exception):
    """A step of the smoke run failed; ``str()`` is the reason a person reads."""


def run(data_dir: str | None, mode: str = CHECK) -> int:
    """Run the smoke ``mode`` on ``data_dir``; 0 when it passed, else 1 (2: refused to start)."""
    chosen = data_dir or os.environ.get(paths.ENV_DATA_DIR)
    if not chosen:
        return _finish(None, "", "name an empty data folder with --data-dir", code=2)
    data = paths.resolve(chosen)
    if mode == CHECK and data.database.exists():
        reason = f"{data.database} exists: the smoke test needs a new, empty data folder"
        return _finish(None, "", reason, code=2)
    step = "data folder"
    steps = _Steps(data)
    try:
        data.ensure()
        if mode == START:
            step = "start"
            return _start(data)
        for name, action in steps.plan():
            step = name  # named in the message if this one fails
            action()
    except Exception as exc:  # every failure becomes a reason, never a traceback
        return _finish(data, step, f"{type(exc).__name__}: {exc}", code=1)
    finally:
        steps.close()
    return _finish(data, "", steps.summary(), code=0)


def _finish(data: paths.DataPaths | None, step: str, text: str, *, code: int) -> int:
    if code == 0:
        line = f"smoke: OK: {text}"
    else:
        line = f"smoke: FAILED at {step}: {text}" if step else f"smoke: REFUSED: {text}"
    stream = sys.stdout if code == 0 else sys.stderr
    if stream is not None:
        print(line, file=stream, flush=True)
    if data is not None:
        with contextlib.suppress(OSError):  # the folder may be what failed
            (data.root / RESULT_FILE).write_text(line + "\n", encoding="utf-8")
    return code


def dependency_modules() -> list[str]:
    """The import names of the package's dependencies, read from its metadata (the lines with a
    marker, for extras or other Pythons and platforms, are left out)."""
    names = []
    import importlib.metadata  # here: the ``start`` run needs none of it

    for requirement in importlib.metadata.requires(DISTRIBUTION) or []:
        if ";" not in requirement:
            name = re.split(r"[\s<>=!~\[(]", requirement.strip(), maxsplit=1)[0]
            key = re.sub(r"[-_.]+", "-", name).lower()
            names.append(IMPORT_NAMES.get(key, key.replace("-", "_")))
    return names


def _use_offscreen_without_screen() -> None:
    """On Linux with no X11 or Wayland display, draw offscreen rather than abort."""
    has_screen = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    if sys.platform.startswith("linux") and not has_screen:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class _Steps:
    """The ``check`` run: each step a method, run in order by ``run``."""

    def __init__(self, data: paths.DataPaths) -> None:
        self.data = data
        self.facts: list[str] = []
        self.app: Any = None
        self.window: Any = None
        self.lock: Any = None

    def plan(self) -> list[tuple[str, Callable[[], None]]]:
        return [
            ("package metadata", self.metadata),
            ("imports", self.imports),
            ("Qt", self.qt),
            ("app icon", self.icon),
            ("main window", self.main_window),
            ("contact", self.contact),
        ]

    def close(self) -> None:
        """Close what the steps opened (the window, the database, the lock), quietly."""
        from crm_desktop.store import db

        if self.window is not None:
            self.window.close()
            self.window.wiring.finish()
            self.window.deleteLater()
            self.window = None
        if self.lock is not None:
            db.close()
            self.lock.release()
            self.lock = None

    def summary(self) -> str:
        return "; ".join(self.facts)

    def imports(self) -> None:
        import pkgutil

        import crm_desktop

        count = 0
        for module in pkgutil.walk_packages(crm_desktop.__path__, "crm_desktop."):
            if module.name != __name__:
                importlib.import_module(module.name)
                count += 1
        for name in (*dependency_modules(), *LIBRARIES):  # the app imports some only when used
            importlib.import_module(name)
        if count < 10:
            raise SmokeFailure(f"only {count} modules of the package were found")
        self.facts.append(f"{count} modules imported")

    def metadata(self) -> None:
        import importlib.metadata

        version = importlib.metadata.version(DISTRIBUTION)
        if version != __version__:
            raise SmokeFailure(f"metadata says version {version}, the package {__version__}")
        self.facts.append(f"version {version}")

    def qt(self) -> None:
        _use_offscreen_without_screen()
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance() or QApplication([sys.argv[0]])
        self.facts.append(f"Qt platform {self.app.platformName()}")

    def icon(self) -> None:
        from crm_desktop.ui.common.app_icon import app_icon, icon_renders

        if not icon_renders(app_icon()):
            raise SmokeFailure("the app icon does not render (is Qt's SVG support bundled?)")

    def main_window(self) -> None:
        from crm_desktop.app import create_main_window
        from crm_desktop.store.lock import DataFolderLock
        from crm_desktop.ui.common.app_icon import app_icon

        self.lock = DataFolderLock(self.data.lock_file).acquire()
        self.app.setApplicationName(APP_NAME)
        self.app.setWindowIcon(app_icon())
        self.window = create_main_window(self.data.root)
        self.window.show()
        handle = self.window.windowHandle()
        self._wait("the main window to be shown", lambda: handle.isExposed())
        page = self.window.wiring.contacts_page
        self._wait("the welcome panel", lambda: page.currentWidget() is page.welcome)
        self.facts.append("main window shown with the welcome panel")

    def contact(self) -> None:
        from crm_desktop.domain import finder
        from crm_desktop.domain.contacts import ContactFields

        wiring = self.window.wiring
        fields = ContactFields(
            first_name="Smoke", last_name="Test", emails=[("work", SMOKE_EMAIL)], tags=["smoke"]
        )
        created = wiring.services.contacts.create(fields)
        got = wiring.services.contacts.get(created.id)
        expected = ("Smoke Test", (("work", SMOKE_EMAIL),), ("smoke",))
        if (got.display_name, got.emails, got.tags) != expected:
            raise SmokeFailure(f"read back {got.display_name!r} {got.emails!r} {got.tags!r}")
        found = [hit.id for hit in finder.find("Smoke") if hit.kind == "contact"]
        if created.id not in found:
            raise SmokeFailure("search does not find the new contact")
        wiring.bus.publish(created.change)
        model = wiring.contacts.model
        self._wait("the contact list to show the contact", lambda: model.rowCount() == 1)
        shown = model.index(0, 0).data()
        if shown != "Smoke Test":
            raise SmokeFailure(f"the contact list shows {shown!r}")
        self.facts.append("a contact was created, read back, found and listed")

    def _wait(self, what: str, ready: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not ready():
            if time.monotonic() > deadline:
                raise SmokeFailure(f"waited {WAIT_SECONDS:.0f} s for {what}")
            self.app.processEvents()
            time.sleep(0.005)


def _start(data: paths.DataPaths) -> int:
    """Run the app as a person starts it; quit once the contact list painted its first rows."""
    _use_offscreen_without_screen()
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from crm_desktop.app import run_app
    from crm_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    seen: dict[str, float | bool] = {}

    class Probe(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and "shown_at" not in seen:
                view = watched.parent()
                if (
                    isinstance(view, QAbstractItemView)
                    and view.objectName() == "contactList"
                    and view.model().rowCount() > 0
                ):
                    seen["shown_at"] = time.time()
                    seen["cpu_s"] = time.process_time()
                    seen["orm_loaded"] = "peewee" in sys.modules  # see store/db.py
                    QTimer.singleShot(0, app.quit)
            return False

    probe = Probe()

    def watch() -> None:
        # The event loop's first act, before the window's first paint (Qt delivers the expose
        # that paints a new window after zero-time timers): watch the list's own paints. A
        # filter on the whole application would see every event of the start, and a search
        # of the window's children would make Python types for all of them: both cost it.
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.is_built("contacts"):
                table = window.wiring.contacts.table  # type: ignore[attr-defined]
                table.viewport().installEventFilter(probe)
                return
        app.installEventFilter(probe)  # no list yet: look at every paint

    QTimer.singleShot(0, watch)
    QTimer.singleShot(int(WAIT_SECONDS * 1000), app.quit)
    code = run_app(data)
    app.removeEventFilter(probe)
    if "shown_at" not in seen:
        raise SmokeFailure(f"the contact list showed no rows within {WAIT_SECONDS:.0f} s")
    import json  # here, after the paint: the app itself imports it later (peewee does)

    line = json.dumps({**seen, "exit": code})
    print(line, flush=True)  # nowhere on Windows (a windowed program): hence the file too
    (data.root / START_FILE).write_text(line + "\n", encoding="utf-8")
    return code
