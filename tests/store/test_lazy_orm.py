"""Before anything asks for peewee, ``db.sql`` runs on a plain sqlite3 connection per thread;
peewee then takes over the thread's connection, so a start reads its first screen without
loading the ORM and nothing read before is lost after. Run in a fresh interpreter: the test
process has loaded peewee long ago."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import sys, threading
from pathlib import Path
from crm_desktop.store import db

path = Path(sys.argv[1])
db.connect(path)
db.sql("CREATE TEMP TABLE seen (x)")  # a temporary table lives on its one connection
db.sql("INSERT INTO seen VALUES (1)")
assert db.sql("PRAGMA journal_mode").fetchone()[0] == "wal"
assert db.sql("PRAGMA foreign_keys").fetchone()[0] == 1
assert "peewee" not in sys.modules, "loaded before it was asked for"

other = {}
def read():
    other["count"] = db.sql("SELECT count(*) FROM sqlite_master").fetchone()[0]
    try:
        db.sql("SELECT x FROM seen")
    except db.failures("OperationalError"):
        other["own connection"] = True  # the worker's connection is not the main thread's
    db.close()
    other["closed"] = getattr(db._plain, "connection", None) is None
worker = threading.Thread(target=read)
worker.start()
worker.join()
assert other == {"count": 0, "own connection": True, "closed": True}, other

database = db.database  # peewee now
assert "peewee" in sys.modules
with db.write():
    db.sql("INSERT INTO seen VALUES (2)")
assert [r[0] for r in db.sql("SELECT x FROM seen ORDER BY x")] == [1, 2]
try:
    db.sql("SELECT nothing FROM nowhere")
except db.failures("OperationalError") as exc:
    print("caught", type(exc).__module__)
db.close()
print("ok")
"""


def test_a_thread_reads_without_peewee_then_peewee_takes_its_connection_over(
    tmp_path: Path,
) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "crm.sqlite3")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["caught", "peewee", "ok"]


def test_a_damaged_file_is_refused_before_peewee_is_loaded(tmp_path: Path) -> None:
    broken = tmp_path / "crm.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    code = (
        "import sys\nfrom pathlib import Path\nfrom crm_desktop.store import db\n"
        "from crm_desktop.store.errors import NotADatabase\n"
        f"try:\n    db.connect(Path({str(broken)!r}))\n"
        "except NotADatabase as exc:\n    print('refused:', exc)\n"
        "print('peewee' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    said = done.stdout.splitlines()
    assert said[0].startswith("refused:") and "damaged" in said[0]
    assert said[1] == "False"
