"""Packaging: the resource helper, the spec's lists and filters, the icons, and the ``--smoke``
run unfrozen (the frozen one runs in .ci/run through packaging/smoke_test.py)."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtGui import QImage

from crm_desktop import paths, resources, smoke
from crm_desktop.ui.common.app_icon import app_icon, icon_renders

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "crm_desktop.spec"


def _spec_namespace() -> dict[str, Any]:
    """The spec's literal lists and its filter functions, without running PyInstaller."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    namespace: dict[str, Any] = {"Path": Path, "sys": sys}
    kept: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            if name.isupper():
                namespace[name] = ast.literal_eval(node.value)  # fails if not a plain literal
        elif isinstance(node, ast.FunctionDef) and node.name in {"_qt_part", "_kept"}:
            kept.append(node)
    exec(compile(ast.Module(body=kept, type_ignores=[]), str(SPEC), "exec"), namespace)
    return namespace


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("crm_build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the resource helper ------------------------------------------------------------------


def test_resources_are_found_from_source() -> None:
    assert resources.resources_dir() == ROOT / "resources"
    assert resources.require(resources.APP_ICON).is_file()


def test_resources_are_found_in_a_frozen_bundle(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("app_icon.svg") == tmp_path / "resources" / "app_icon.svg"


def test_a_missing_resource_says_what_to_do() -> None:
    with pytest.raises(resources.MissingResource, match=r"no_such\.svg is missing: reinstall"):
        resources.require("no_such.svg")


def test_the_app_icon_renders(qapp: object) -> None:
    assert icon_renders(app_icon())


# -- the spec -------------------------------------------------------------------------------


def test_the_spec_lists_are_plain_literals_that_keep_svg_and_the_platforms() -> None:
    spec = _spec_namespace()
    excluded = spec["QT_EXCLUDED_LIBRARIES"]
    assert excluded and all(isinstance(name, str) for name in excluded)
    assert not [name for name in excluded if "Svg".startswith(name)], "the icons need QtSvg"
    for platform, required in spec["QT_REQUIRED_PLUGINS"].items():
        assert any(name.endswith("qoffscreen") for name in required), platform
        for name in required:
            assert name not in spec["QT_EXCLUDED_PLUGINS"]
            assert name.split("/")[0] not in spec["QT_EXCLUDED_PLUGIN_FOLDERS"]
    assert "platforms/qxcb" in spec["QT_REQUIRED_PLUGINS"]["linux"]
    assert "tkinter" in spec["EXCLUDED_MODULES"]


def test_the_package_never_imports_a_module_the_spec_leaves_out() -> None:
    """A module left out of the bundle would fail to import only in the frozen app, and only
    on the path that reaches it: ``multiprocessing`` (a process pool), say."""
    spec = _spec_namespace()
    excluded = set(spec["EXCLUDED_MODULES"]) | set(spec["EXCLUDED_OFF_WINDOWS"])
    found = []
    for path in sorted((ROOT / "crm_desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if any(".".join(parts[:n]) in excluded for n in range(1, len(parts) + 1)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
        if "ProcessPoolExecutor" in path.read_text(encoding="utf-8"):
            found.append(f"{path.relative_to(ROOT)}: ProcessPoolExecutor needs multiprocessing")
    assert {"multiprocessing", "ctypes"} <= excluded
    assert not found


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/lib/libQt6Core.so.6", True),
        ("PySide6/Qt/lib/libQt6Svg.so.6", True),
        ("PySide6/Qt/lib/libQt6Qml.so.6", False),
        ("PySide6/Qt/lib/libQt6QuickControls2.so.6", False),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", False),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/qml/QtQuick/Controls/qmldir", False),
        # Windows wheels keep the DLLs at the top of PySide6
        ("PySide6/Qt6Widgets.dll", True),
        ("PySide6/Qt6Quick.dll", False),
        ("PySide6/plugins/platforms/qwindows.dll", True),
        ("PySide6/plugins/platforms/qdirect2d.dll", False),
        ("PySide6/plugins/styles/qmodernwindowsstyle.dll", True),
        # macOS wheels ship frameworks
        ("PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui", True),
        ("PySide6/Qt/lib/QtSvg.framework/Versions/A/QtSvg", True),
        ("PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml", False),
        ("PySide6/Qt/lib/QtPdf.framework/Resources/Info.plist", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        # not Qt at all
        ("peewee.py", True),
        ("resources/app_icon.svg", True),
    ],
)
def test_the_spec_filter_keeps_what_the_app_uses(dest: str, kept: bool) -> None:
    spec = _spec_namespace()
    assert spec["_kept"]((dest, "/src", "BINARY")) is kept


def _names(requirements: list[str]) -> set[str]:
    return {
        re.sub(r"[-_.]+", "-", re.split(r"[\s<>=!~;\[]", r, maxsplit=1)[0]).lower()
        for r in requirements
    }


def test_every_dependency_is_named_in_the_spec() -> None:
    """A library added to pyproject's dependencies must be looked at for the frozen build."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bundled = _names(list(_spec_namespace()["BUNDLED_DISTRIBUTIONS"]))
    missing = _names(project["dependencies"]) - bundled
    assert not missing, f"add these to BUNDLED_DISTRIBUTIONS in {SPEC.name}: {sorted(missing)}"


# -- the icons ------------------------------------------------------------------------------


def test_the_icon_files_hold_every_size(qapp: object) -> None:
    build = _build_module()
    pngs = build.render_pngs(resources.require(resources.APP_ICON), (16, 32, 256))
    assert all(png.startswith(b"\x89PNG") for png in pngs.values())
    ico = build.ico_bytes(pngs)
    assert struct.unpack("<HHH", ico[:6]) == (0, 1, 3)
    assert not QImage.fromData(ico).isNull()
    icns = build.icns_bytes(
        build.render_pngs(resources.require(resources.APP_ICON), (16, 32, 64, 128, 256, 512, 1024))
    )
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)


# -- the smoke run, unfrozen ----------------------------------------------------------------


def test_smoke_passes_on_a_new_data_folder(
    qapp: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "new" / "data"
    assert smoke.run(str(folder)) == 0
    said = capsys.readouterr().out
    assert "smoke: OK" in said and "welcome panel" in said and "created, read back" in said
    assert (folder / "crm.sqlite3").is_file()
    assert (folder / smoke.RESULT_FILE).read_text(encoding="utf-8").startswith("smoke: OK")


def test_smoke_refuses_a_folder_that_has_a_database(
    store: paths.DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert smoke.run(str(store.root)) == 2
    assert "needs a new, empty data folder" in capsys.readouterr().err


def test_smoke_refuses_without_a_named_folder(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv(paths.ENV_DATA_DIR, raising=False)
    assert smoke.run(None) == 2
    assert "smoke: REFUSED: name an empty data folder" in capsys.readouterr().err


def test_smoke_fails_with_the_step_and_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert smoke.run(str(blocker / "data")) == 1
    err = capsys.readouterr().err
    assert "smoke: FAILED at data folder: PermissionError: Cannot create the folder" in err
    assert "Traceback" not in err


def test_smoke_from_the_command_line(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop(paths.ENV_DATA_DIR, None)
    done = subprocess.run(
        [sys.executable, "-m", "crm_desktop", "--data-dir", str(tmp_path / "d"), "--smoke"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("smoke: OK")


def test_the_release_workflow_runs_on_runners_and_actions_github_still_has() -> None:
    """macos-13 (the Intel image) was retired on 2025-12-04 and Node 20 actions were removed
    from the runners on 2026-09-16: a tag would wait for a runner forever, or fail at setup."""
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert re.findall(r"- os: (\S+)", text) == ["windows-latest", "macos-15", "macos-15-intel"]
    node24 = {
        "actions/checkout": 5,
        "actions/setup-python": 6,
        "actions/upload-artifact": 6,
        "actions/download-artifact": 6,
    }
    used = {name: int(major) for name, major in re.findall(r"uses: (actions/[\w-]+)@v(\d+)", text)}
    assert used.keys() == node24.keys()
    assert all(used[name] >= major for name, major in node24.items()), used
    for step in ("python packaging/build.py", "python packaging/smoke_test.py"):
        assert step in text


def test_the_release_tests_what_ships_in_the_order_it_is_made() -> None:
    """The signed app is smoke-tested (the hardened runtime changes how it runs) and notarized
    before it goes into the disk image; the Windows installer is installed, upgraded and
    uninstalled; only a tag of three numbers starts a release (Inno Setup takes nothing else)."""
    text = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    steps = [
        "sign_and_notarize.sh sign-app",
        "name: Smoke-test the signed app",
        "sign_and_notarize.sh notarize-app",
        "make_dmg.sh",
        "sign_and_notarize.sh sign-dmg",
        "sign_and_notarize.sh notarize ",
    ]
    where = [text.index(step) for step in steps]
    assert where == sorted(where)
    installed = text.index("name: Install, upgrade and uninstall it")
    assert text.index("build_installer.ps1") < installed
    assert '"the data folder was touched"' in text[installed:]
    assert 'tags: ["v[0-9]+.[0-9]+.[0-9]+"]' in text
    plist = (ROOT / "packaging" / "macos" / "entitlements.plist").read_text(encoding="utf-8")
    assert "<key>" not in plist  # no hardened-runtime exception without a reason written down


def test_the_packaging_scripts_pass_shellcheck() -> None:
    scripts = sorted((ROOT / "packaging").glob("*/*.sh"))
    assert scripts
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed here")
    done = subprocess.run(["shellcheck", *map(str, scripts)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
