"""Frozen start-up against a bare Qt window frozen the same way, and the bundle's size.

Run from the repository root: ``python -m bench.frozen_start`` (after ``pip install -e
.[package]``). It builds what is missing — the app with ``packaging/build.py`` into ``dist/``, and
a bare program (a QMainWindow holding an empty table) with the same spec into
``build/frozen_start/`` — then starts each several times, alternating, and reports medians:

- app: the frozen app, started as a person starts it (``--smoke start`` runs ``run_app`` and
  quits once the contact list has painted rows) on a copy of the 100,000-contact benchmark
  database, made in a temporary folder (the app migrates and backs up what it opens, so the
  cache in ``bench/.cache/`` is only ever read);
- bare: the bare window, until its empty table has painted.

Each time is from just before the process is started to the moment of that paint, so it
includes loading the bundle. The first start of each is a warm-up and not counted (the page
cache is warm after it: these are warm starts). Qt draws offscreen unless DISPLAY is set (run it
under ``xvfb-run`` for a real X server). Prints a markdown report; ``--json`` prints JSON instead.
Exit status 1 if a target was missed: the app within 1.5x of bare and under 1 s, the bundle
under 150 MB and its archive (tar.xz on Linux: the stand-in for an installer) under 60 MB.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE_DB = ROOT / "bench" / ".cache" / "demo-100000.sqlite3"
WORK = ROOT / "build" / "frozen_start"
BARE_NAME = "bare-window"
TARGET_RATIO, TARGET_SECONDS, TARGET_BUNDLE_MB, TARGET_ARCHIVE_MB = 1.5, 1.0, 150.0, 60.0
BARE_SCRIPT = '''"""A bare Qt window (an empty table), frozen like the app."""
import json
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QTableView

app = QApplication(sys.argv)
seen = {}


class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "shown_at" not in seen:
            view = watched.parent()
            if isinstance(view, QAbstractItemView) and view.objectName() == "bareTable":
                seen["shown_at"] = time.time()
                seen["cpu_s"] = time.process_time()
                QTimer.singleShot(0, app.quit)
        return False


probe = Probe()
window = QMainWindow()
window.setWindowTitle("Bare window")
table = QTableView(window)
table.setObjectName("bareTable")
table.setModel(QStandardItemModel(0, 9, table))
table.viewport().installEventFilter(probe)  # as the app's probe: on the table's paints only
window.setCentralWidget(table)
window.resize(1200, 800)
window.show()
QTimer.singleShot(20000, app.quit)
app.exec()
print(json.dumps(seen), flush=True)
'''


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crm_build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ensure_builds(build: ModuleType, rebuild: bool) -> tuple[Path, Path]:
    app = build.executable_path(ROOT / "dist")
    if rebuild or not app.is_file():
        subprocess.run(
            [sys.executable, str(ROOT / "packaging" / "build.py")], check=True, stdout=sys.stderr
        )
    bare_dist = WORK / "dist"
    bare = build.executable_path(bare_dist, BARE_NAME)
    script = WORK / "bare_window.py"
    stale = not script.is_file() or script.read_text(encoding="utf-8") != BARE_SCRIPT
    if rebuild or stale or not bare.is_file():
        WORK.mkdir(parents=True, exist_ok=True)
        script.write_text(BARE_SCRIPT, encoding="utf-8")
        command = [sys.executable, str(ROOT / "packaging" / "build.py")]
        command += ["--dist", str(bare_dist), "--work", str(WORK / "work")]
        command += ["--", "--name", BARE_NAME, "--entry", str(script)]
        subprocess.run(command, check=True, stdout=sys.stderr)  # the report alone on stdout
    return app, bare


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CRM_DESKTOP_DATA_DIR", None)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _start_seconds(command: list[str]) -> tuple[float, float]:
    """Seconds from just before ``command`` starts to the paint it reports (``shown_at``), and
    the CPU seconds it had used by then (less disturbed by other work on the machine)."""
    started = time.time()
    done = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=120)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    said = json.loads(lines[-1]) if lines else {}
    if done.returncode != 0 or "shown_at" not in said:
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr[-1500:]}")
    return float(said["shown_at"]) - started, float(said["cpu_s"])


def measure(app: Path, bare: Path, data: Path, runs: int) -> dict[str, list[float]]:
    app_command = [str(app), "--data-dir", str(data), "--smoke", "start"]
    _start_seconds(app_command)  # warm-up; also migrates the copy (and backs it up) once
    _start_seconds([str(bare)])
    times: dict[str, list[float]] = {"app": [], "bare": [], "app_cpu": [], "bare_cpu": []}
    for _ in range(runs):
        for name, command in (("bare", [str(bare)]), ("app", app_command)):
            wall, cpu = _start_seconds(command)
            times[name].append(wall)
            times[f"{name}_cpu"].append(cpu)
    return times


def report(times: dict[str, list[float]], build: ModuleType, archive: bool) -> dict[str, Any]:
    app_s, bare_s = statistics.median(times["app"]), statistics.median(times["bare"])
    bundle = build.bundle_path(ROOT / "dist")
    files = build.files_by_size(bundle)
    result: dict[str, Any] = {
        "runs": len(times["app"]),
        "screen": "X11 " + os.environ["DISPLAY"] if os.environ.get("DISPLAY") else "offscreen",
        "app_s": round(app_s, 3),
        "bare_s": round(bare_s, 3),
        "ratio": round(app_s / bare_s, 2),
        "ratio_pairs": _quartiles(
            [app / bare for app, bare in zip(times["app"], times["bare"], strict=True)]
        ),
        "app_cpu_s": round(statistics.median(times["app_cpu"]), 3),
        "bare_cpu_s": round(statistics.median(times["bare_cpu"]), 3),
        "load_average": round(os.getloadavg()[0], 2),
        "app_all_s": [round(t, 3) for t in times["app"]],
        "bare_all_s": [round(t, 3) for t in times["bare"]],
        "bundle_mb": round(sum(size for size, _ in files) / build.MB, 1),
        "bundle_files": len(files),
        "largest": [
            [str(path.relative_to(bundle)), round(size / build.MB, 1)] for size, path in files[:10]
        ],
    }
    if archive:
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / bundle.name
            shutil.copytree(bundle, copy, symlinks=True)
            packed = build.archive(copy)
            result["archive"] = packed.name.replace(bundle.name, "<bundle>")
            result["archive_mb"] = round(packed.stat().st_size / build.MB, 1)
    result["pass"] = {
        "ratio": result["ratio"] <= TARGET_RATIO,
        "under_1s": app_s < TARGET_SECONDS,
        "bundle": result["bundle_mb"] < TARGET_BUNDLE_MB,
        "archive": result.get("archive_mb", 0.0) < TARGET_ARCHIVE_MB,
    }
    return result


def _quartiles(values: list[float]) -> list[float]:
    """First quartile, median and third quartile, to two places."""
    q1, median, q3 = statistics.quantiles(values, n=4) if len(values) > 1 else values * 3
    return [round(q1, 2), round(median, 2), round(q3, 2)]


def markdown(result: dict[str, Any]) -> str:
    ok = {True: "PASS", False: "FAIL"}
    passed = result["pass"]
    q1, median, q3 = result["ratio_pairs"]
    rows = [
        f"Frozen start-up, warm, median of {result['runs']} ({result['screen']}; load average "
        f"{result['load_average']} on {os.cpu_count()} cores):",
        "",
        "| figure | value | target | |",
        "| --- | --- | --- | --- |",
        f"| bare window (empty table) | {result['bare_s']:.3f} s "
        f"(CPU {result['bare_cpu_s']:.3f} s) | | |",
        f"| app, 100,000 contacts, list painted | {result['app_s']:.3f} s "
        f"(CPU {result['app_cpu_s']:.3f} s) | < 1 s | {ok[passed['under_1s']]} |",
        f"| app / bare | {result['ratio']:.2f}x | <= 1.5x | {ok[passed['ratio']]} |",
        "| app / bare, each run against the bare run just before it: quartiles "
        f"| {q1:.2f}x / {median:.2f}x / {q3:.2f}x | | |",
        f"| one-folder bundle | {result['bundle_mb']:.1f} MB, {result['bundle_files']} files "
        f"| < 150 MB | {ok[passed['bundle']]} |",
    ]
    if "archive_mb" in result:
        rows.append(
            f"| {result['archive']} (installer stand-in) | {result['archive_mb']:.1f} MB "
            f"| < 60 MB | {ok[passed['archive']]} |"
        )
    rows += ["", "Ten largest files:", ""]
    rows += [f"- {mb:.1f} MB `{name}`" for name, mb in result["largest"]]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", type=Path, default=CACHE_DB, help="the database to copy")
    parser.add_argument("--rebuild", action="store_true", help="rebuild both bundles first")
    parser.add_argument("--no-archive", action="store_true", help="skip packing the bundle")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.db.is_file():
        print(f"No {args.db}: make it with `python -m bench --sizes 100000`.", file=sys.stderr)
        return 2
    build = _build_module()
    app, bare = _ensure_builds(build, args.rebuild)
    with tempfile.TemporaryDirectory(prefix="crm-frozen-start-") as scratch:
        data = Path(scratch) / "data"
        data.mkdir()
        shutil.copyfile(args.db, data / "crm.sqlite3")  # the cache itself is only read
        times = measure(app, bare, data, args.runs)
    result = report(times, build, archive=not args.no_archive)
    print(json.dumps(result, indent=2) if args.json else markdown(result))
    return 0 if all(result["pass"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
