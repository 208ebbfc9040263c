"""Build CRM Desktop for this platform: ``python packaging/build.py`` from the repository root.

1. Renders ``resources/app_icon.svg`` into ``build/icons/`` (PNG sizes, a Windows .ico and a
   macOS .icns, each holding PNG images), with Qt's own SVG renderer: no other tool needed.
2. Runs PyInstaller on ``packaging/crm_desktop.spec``: a one-folder bundle in ``dist/`` —
   ``dist/crm-desktop/`` on Linux and Windows, ``dist/CRM Desktop.app`` on macOS.
3. Prints the bundle's size and its ten largest files; ``--archive`` also packs it (tar.xz on
   Linux, zip elsewhere) and prints that size, the stand-in for an installer's.

Options after ``--`` go to the spec (``--name``, ``--entry``, ``--no-filter``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "crm_desktop.spec"
SVG = ROOT / "resources" / "app_icon.svg"
ICON_DIR = ROOT / "build" / "icons"
APP_NAME = "CRM Desktop"
EXE_NAME = "crm-desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold a PNG, by pixel size (the @2x ones share sizes with others).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)
MB = 1024 * 1024


# -- icons ---------------------------------------------------------------------------------


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """The SVG drawn at each size, as PNG bytes (Qt renders it; no screen needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"build: {svg} is not a valid SVG")
    pngs: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        pngs[size] = bytes(data.data())
    return pngs


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose images are PNGs (Windows Vista and later read them)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    entries, images = b"", b""
    offset = 6 + 16 * len(pngs)
    for size, png in sorted(pngs.items()):
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset)
        images += png
        offset += len(png)
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns whose elements are PNGs."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make_icons(svg: Path = SVG, out: Path = ICON_DIR) -> Path:
    """Write app_icon.png (256), app_icon-<size>.png, app_icon.ico and app_icon.icns to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs(svg, PNG_SIZES)
    for size, png in pngs.items():
        (out / f"app_icon-{size}.png").write_bytes(png)
    (out / "app_icon.png").write_bytes(pngs[256])
    (out / "app_icon.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (out / "app_icon.icns").write_bytes(icns_bytes(pngs))
    return out


# -- the bundle ----------------------------------------------------------------------------


def bundle_path(dist: Path, name: str = EXE_NAME) -> Path:
    """Where PyInstaller put the bundle: the .app on macOS, else the one-folder directory."""
    if sys.platform == "darwin":
        return dist / (f"{APP_NAME}.app" if name == EXE_NAME else f"{name}.app")
    return dist / name


def executable_path(dist: Path, name: str = EXE_NAME) -> Path:
    """The program to run inside the bundle."""
    bundle = bundle_path(dist, name)
    if sys.platform == "darwin":
        return bundle / "Contents" / "MacOS" / name
    return bundle / (f"{name}.exe" if sys.platform == "win32" else name)


def files_by_size(folder: Path) -> list[tuple[int, Path]]:
    """Every file under ``folder`` (links not followed) with its size, largest first."""
    found = [
        (path.lstat().st_size, path)
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    ]
    return sorted(found, key=lambda item: (-item[0], str(item[1])))


def size_report(folder: Path, top: int = 10) -> str:
    files = files_by_size(folder)
    total = sum(size for size, _ in files)
    lines = [f"bundle {folder}: {total / MB:.1f} MB in {len(files)} files; the largest:"]
    lines += [f"  {size / MB:7.1f} MB  {path.relative_to(folder)}" for size, path in files[:top]]
    return "\n".join(lines)


def archive(folder: Path) -> Path:
    """Pack the bundle as the stand-in for an installer: .tar.xz on Linux, .zip elsewhere."""
    if sys.platform.startswith("linux"):
        target = folder.parent / f"{folder.name}-linux.tar.xz"
        with tarfile.open(target, "w:xz", preset=6) as tar:
            tar.add(folder, arcname=folder.name)
        return target
    made = shutil.make_archive(str(folder), "zip", folder.parent, folder.name)
    return Path(made)


def run_pyinstaller(dist: Path, work: Path, spec_args: list[str], clean: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    if clean:
        command.append("--clean")
    command += [str(SPEC), "--", *spec_args]
    env = dict(os.environ, CRM_ICON_DIR=str(ICON_DIR))
    subprocess.run(command, check=True, cwd=ROOT, env=env)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    spec_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    own = argv[: argv.index("--")] if "--" in argv else argv
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where bundles go")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--archive", action="store_true", help="also pack the bundle")
    parser.add_argument("--icons-only", action="store_true", help="only render the icons")
    args = parser.parse_args(own)
    started = time.monotonic()
    print(f"build: icons in {make_icons()}", flush=True)
    if args.icons_only:
        return 0
    try:
        run_pyinstaller(args.dist, args.work, spec_args, args.clean)
    except subprocess.CalledProcessError as exc:
        print(f"build: PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    name = spec_args[spec_args.index("--name") + 1] if "--name" in spec_args else EXE_NAME
    bundle = bundle_path(args.dist, name)
    if not executable_path(args.dist, name).is_file():
        print(f"build: no program at {executable_path(args.dist, name)}", file=sys.stderr)
        return 1
    print(size_report(bundle))
    if args.archive:
        packed = archive(bundle)
        print(f"archive {packed}: {packed.stat().st_size / MB:.1f} MB")
    print(f"build: done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
