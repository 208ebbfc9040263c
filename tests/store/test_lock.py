"""One writer per data folder: a second taker is refused with a message naming the folder, and
the OS frees the lock when its owner dies, even by SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from crm_desktop import paths
from crm_desktop.store.errors import DataFolderLocked
from crm_desktop.store.lock import DataFolderLock
from tests.child import errors, python_child, read_line


@pytest.fixture
def holder(data_paths: paths.DataPaths) -> Iterator[subprocess.Popen[str]]:
    """Another process that holds the data folder's lock until it is killed."""
    code = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from crm_desktop.store.lock import DataFolderLock
        lock = DataFolderLock(Path({str(data_paths.lock_file)!r})).acquire()
        print("locked", flush=True)
        time.sleep(120)
        """
    )
    with python_child(code) as proc:
        line = read_line(proc)
        assert line == "locked", errors(proc) or line
        yield proc


def test_a_second_lock_on_the_same_folder_is_refused(data_paths: paths.DataPaths) -> None:
    first = DataFolderLock(data_paths.lock_file).acquire()
    try:
        assert first.held
        second = DataFolderLock(data_paths.lock_file)
        with pytest.raises(DataFolderLocked) as caught:
            second.acquire()
        message = str(caught.value)
        assert str(data_paths.root) in message
        assert f"process {os.getpid()}" in message
        assert "Close it first" in message
        assert not second.held
    finally:
        first.release()
    assert not first.held


def test_after_release_the_lock_can_be_taken_again(data_paths: paths.DataPaths) -> None:
    with DataFolderLock(data_paths.lock_file) as lock:
        assert lock.held
    assert not lock.held
    again = DataFolderLock(data_paths.lock_file).acquire()
    try:
        assert again.held
        assert data_paths.lock_file.read_text().strip() == str(os.getpid())
    finally:
        again.release()
    again.release()  # releasing twice is harmless
    with DataFolderLock(data_paths.lock_file) as third:  # and it can be taken once more
        assert third.held


def test_locks_on_different_folders_do_not_meet(tmp_path: Path) -> None:
    with DataFolderLock(tmp_path / "a" / "crm.lock"), DataFolderLock(tmp_path / "b" / "crm.lock"):
        pass


def test_a_lock_file_left_by_a_dead_process_does_not_block(data_paths: paths.DataPaths) -> None:
    data_paths.lock_file.write_text("999999999")  # a crash left the file, but no lock
    with DataFolderLock(data_paths.lock_file) as lock:
        assert lock.held
        assert data_paths.lock_file.read_text() == str(os.getpid())


def test_a_lock_held_by_another_process_blocks_until_it_is_killed(
    data_paths: paths.DataPaths, holder: subprocess.Popen[str]
) -> None:
    with pytest.raises(DataFolderLocked) as caught:
        DataFolderLock(data_paths.lock_file).acquire()
    message = str(caught.value)
    assert str(data_paths.root) in message
    assert f"process {holder.pid}" in message

    holder.send_signal(signal.SIGKILL)
    assert holder.wait(10) == -signal.SIGKILL

    deadline = time.monotonic() + 5
    while True:  # the OS drops the lock with the process; allow a moment for it to be reaped
        try:
            lock = DataFolderLock(data_paths.lock_file).acquire()
            break
        except DataFolderLocked:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    try:
        assert lock.held
        assert data_paths.lock_file.read_text() == str(os.getpid())
    finally:
        lock.release()
