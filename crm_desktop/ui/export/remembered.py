"""The last export's choices (format, layouts, version, style and folder), kept in the app's
settings and taken up again by the next export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QComboBox


def restore(settings: QSettings | None, combos: dict[str, QComboBox]) -> Path:
    """Set ``combos`` to the last export's choices; the folder to propose (the last one, if it
    is still there)."""
    if settings is None:
        return default_folder()
    for key, combo in combos.items():
        index = combo.findData(settings.value(f"export/{key}"))
        if index >= 0:
            combo.setCurrentIndex(index)
    folder = Path(str(settings.value("export/folder", "")))
    return folder if str(folder) not in ("", ".") and folder.is_dir() else default_folder()


def remember(settings: QSettings | None, combos: dict[str, QComboBox], folder: Path) -> None:
    if settings is None:
        return
    for key, combo in combos.items():
        settings.setValue(f"export/{key}", combo.currentData())
    settings.setValue("export/folder", str(folder))


def default_folder() -> Path:
    """The user's documents folder if there is one, else their home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()
