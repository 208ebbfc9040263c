"""Where things live: the database, backups, logs and the instance lock.

By default everything sits in the platform's user data and log folders for "CRM Desktop".
``--data-dir DIR`` or the environment variable ``CRM_DESKTOP_DATA_DIR`` put everything in one
folder instead (tests, demos, portable use). The demo database always lives in a folder of its
own, never beside the user's real data.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from platformdirs import PlatformDirs

from crm_desktop import APP_NAME

ENV_DATA_DIR = "CRM_DESKTOP_DATA_DIR"
DATABASE_NAME = "crm.sqlite3"


class DataPaths(NamedTuple):
    """The files of one data folder."""

    root: Path
    log_dir: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_NAME

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def lock_file(self) -> Path:
        return self.root / "crm.lock"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "crm-desktop.log"

    def ensure(self) -> DataPaths:
        """Create the folders; raise ``PermissionError`` with a readable text if we can't."""
        for folder in (self.root, self.backups, self.log_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise PermissionError(f"Cannot create the folder {folder}: {exc.strerror}") from exc
        return self


def resolve(data_dir: str | os.PathLike[str] | None = None, *, demo: bool = False) -> DataPaths:
    """Pick the data folder: explicit argument, then the environment, then platformdirs."""
    chosen = data_dir if data_dir is not None else os.environ.get(ENV_DATA_DIR) or None
    if chosen is not None:
        root = Path(chosen).expanduser().resolve()
        return DataPaths(root=root, log_dir=root / "logs")
    dirs = PlatformDirs(APP_NAME, appauthor=False)
    root = dirs.user_data_path
    log_dir = dirs.user_log_path
    if demo:
        root = root / "demo"
        log_dir = log_dir / "demo"
    return DataPaths(root=root, log_dir=log_dir)
