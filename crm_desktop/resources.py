"""Where the app's bundled files (icons, style sheets, translations) are: one helper for all.

From source they are in ``resources/`` at the top of the repository, beside the package. In a
PyInstaller build the spec copies that folder into the bundle, and the frozen program finds it
under ``sys._MEIPASS`` (the folder the bundle was unpacked to, or the one-folder bundle's
``_internal``).
"""

from __future__ import annotations

import sys
from pathlib import Path

FOLDER = "resources"
APP_ICON = "app_icon.svg"


class MissingResource(FileNotFoundError):
    """A file the app ships with is not where it should be: a broken install or build."""


def resources_dir() -> Path:
    """The folder holding the bundled files, frozen or from source."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / FOLDER
    return Path(__file__).resolve().parent.parent / FOLDER


def resource_path(*parts: str) -> Path:
    """The path of one bundled file, e.g. ``resource_path("app_icon.svg")``; not checked."""
    return resources_dir().joinpath(*parts)


def require(*parts: str) -> Path:
    """Like ``resource_path``, but raise ``MissingResource`` with a readable text if absent."""
    path = resource_path(*parts)
    if not path.is_file():
        raise MissingResource(f"The file {path} is missing: reinstall CRM Desktop.")
    return path
