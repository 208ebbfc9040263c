"""Smoke-test the frozen build: ``python packaging/smoke_test.py`` after ``packaging/build.py``.

Runs the bundle's program with a new temporary data folder and ``--smoke`` (see
``crm_desktop/smoke.py``): it must create the folder, open its main window with the welcome
panel, create, read back, find and list a contact, and exit 0. Then it starts the program again
on that folder as a person would (``--smoke start``): the contact list must paint its row, with
the first screen read before the ORM was loaded. Qt draws offscreen where there is no screen
(Linux without DISPLAY, or ``--offscreen`` anywhere, as CI does). Exits 0 when the build passed,
else 1 with the reason.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULT_FILE = "smoke-result.txt"  # as crm_desktop/smoke.py writes them
START_FILE = "smoke-start.json"


def _build_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("crm_packaging_build", HERE / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def smoke_env(offscreen: bool) -> dict[str, str]:
    """The environment for the frozen program: no inherited data folder; offscreen if asked
    or if there is no screen to draw on."""
    env = dict(os.environ)
    env.pop("CRM_DESKTOP_DATA_DIR", None)
    no_screen = sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
    )
    if offscreen or no_screen:
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_smoke(program: Path, offscreen: bool, timeout: float) -> tuple[bool, str]:
    """Run one smoke test of ``program``; (passed, what happened)."""
    if not program.is_file():
        return False, f"no program at {program}: run packaging/build.py first"
    scratch = Path(tempfile.mkdtemp(prefix="crm-smoke-"))
    data = scratch / "data"  # not there yet: the program must create it
    try:
        started = time.monotonic()
        try:
            done = subprocess.run(
                [str(program), "--data-dir", str(data), "--smoke"],
                env=smoke_env(offscreen),
                capture_output=True,
                text=True,
                timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            return False, f"{program} did not finish within {timeout:.0f} s"
        except OSError as exc:
            return False, f"{program} could not be started: {exc}"
        seconds = time.monotonic() - started
        result_file = data / RESULT_FILE
        result = result_file.read_text(encoding="utf-8").strip() if result_file.exists() else ""
        if not (
            done.returncode == 0
            and result.startswith("smoke: OK")
            and (data / "crm.sqlite3").exists()
        ):
            said = (result or done.stderr.strip() or done.stdout.strip() or "nothing")[-2000:]
            return False, f"{program} exited {done.returncode} after {seconds:.1f} s: {said}"
        passed, started_text = _start_again(program, data, offscreen, timeout)
        if not passed:
            return False, started_text
        return True, f"{result} ({seconds:.1f} s); {started_text}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _start_again(program: Path, data: Path, offscreen: bool, timeout: float) -> tuple[bool, str]:
    """``--smoke start`` on the folder the check filled: the real start, to its list's paint."""
    command = [str(program), "--data-dir", str(data), "--smoke", "start"]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, env=smoke_env(offscreen), capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return False, f"{program} --smoke start did not finish within {timeout:.0f} s"
    seconds = time.monotonic() - started
    seen_file = data / START_FILE
    try:
        seen = json.loads(seen_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        seen = {}
    if done.returncode != 0 or "shown_at" not in seen:
        said = (done.stderr.strip() or done.stdout.strip() or "nothing")[-2000:]
        return False, f"{program} --smoke start exited {done.returncode}: {said}"
    if seen.get("orm_loaded") is not False:
        return False, "the first screen loaded the ORM before it painted (see store/db.py)"
    return True, f"started again: the list painted without the ORM ({seconds:.1f} s)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=HERE.parent / "dist")
    parser.add_argument("--program", type=Path, help="the frozen program (default: in --dist)")
    parser.add_argument(
        "--offscreen", action="store_true", help="draw offscreen even with a screen"
    )
    parser.add_argument("--timeout", type=float, default=180.0)
    args = parser.parse_args(argv)
    program = args.program or _build_module().executable_path(args.dist)
    passed, text = run_smoke(program, args.offscreen, args.timeout)
    print(("smoke test passed: " if passed else "smoke test FAILED: ") + text, flush=True)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
