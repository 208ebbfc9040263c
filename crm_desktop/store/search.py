"""The full-text index (FTS5) over contacts, companies, leads and interactions.

One FTS5 table; each row's rowid encodes its kind in the high bits (``kind << 40 | id``) so a
query can ask one kind at a time with a cheap rowid range, which is how contacts come first.
The index is kept in step by the domain services, which call ``reindex`` inside the same
transaction as their write. FTS syntax never reaches SQLite: user text is cut into words and
each is matched as a quoted prefix, so ``"``, ``*``, ``-``, ``:`` or ``(`` are searched as text.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

import peewee

from crm_desktop.store.db import sql

KIND_BITS: Final = 40
KINDS: Final = {"contact": 1, "company": 2, "lead": 3, "interaction": 4}
KIND_ORDER: Final = ("contact", "company", "lead", "interaction")
CANDIDATES_PER_KIND: Final = 200

CREATE_SQL: Final = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_index USING fts5("
    "title, body, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', detail = column)"
)

# Letters and digits; "_" splits words as the unicode61 tokenizer does.
_WORD = re.compile(r"[^\W_]+")


def _joined(*parts: str) -> str:
    """SQL that joins text expressions with spaces, NULLs as empty (SQLite 3.40 lacks concat_ws)."""
    return " || ' ' || ".join(f"ifnull({part}, '')" for part in parts)


# What each kind puts in (title, body). Deleted rows are left out, so the trash is not searched.
_CONTACT_BODY = _joined(
    "c.title",
    "co.name",
    "(SELECT group_concat(e.email, ' ') FROM contact_email e WHERE e.contact_id = c.id)",
    # The digits, also without a 1-3 digit country code, so "5551234567" finds +1 555 123 4567.
    "(SELECT group_concat(p.phone || ' ' || p.phone_key || ' ' || substr(p.phone_key, 2) || ' '"
    " || substr(p.phone_key, 3) || ' ' || substr(p.phone_key, 4), ' ')"
    " FROM contact_phone p WHERE p.contact_id = c.id)",
    "(SELECT group_concat(t.name, ' ') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
    " WHERE ct.contact_id = c.id)",
    "c.personal_notes",
    "c.preferences",
)
_COMPANY_BODY = _joined(
    "c.website",
    "c.industry",
    "c.phone",
    "c.address",
    "c.notes",
    "(SELECT group_concat(t.name, ' ') FROM company_tag ct JOIN tag t ON t.id = ct.tag_id"
    " WHERE ct.company_id = c.id)",
)
_SOURCES: Final = {
    "contact": f"SELECT (1 << 40) | c.id, c.display_name, {_CONTACT_BODY} FROM contact c"
    " LEFT JOIN company co ON co.id = c.company_id WHERE c.deleted_at IS NULL",
    "company": f"SELECT (2 << 40) | c.id, c.name, {_COMPANY_BODY} FROM company c"
    " WHERE c.deleted_at IS NULL",
    "lead": f"SELECT (3 << 40) | l.id, l.title, {_joined('l.next_step', 'l.source')} FROM lead l"
    " WHERE l.deleted_at IS NULL",
    "interaction": "SELECT (4 << 40) | i.id, i.subject, i.body FROM interaction i"
    " JOIN contact ic ON ic.id = i.contact_id AND ic.deleted_at IS NULL WHERE 1",
}
_ID_COLUMN: Final = {"contact": "c.id", "company": "c.id", "lead": "l.id", "interaction": "i.id"}


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    rank: float


def create() -> None:
    sql(CREATE_SQL)


def _rowid(kind: str, row_id: int) -> int:
    return (KINDS[kind] << KIND_BITS) | row_id


def reindex(kind: str, ids: Iterable[int]) -> None:
    """Bring the index entries of these rows in line with the tables (call inside the write)."""
    id_list = sorted(set(ids))
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql(
            f"DELETE FROM search_index WHERE rowid IN ({marks})",
            [_rowid(kind, i) for i in chunk],
        )
        sql(
            f"INSERT INTO search_index(rowid, title, body) {_SOURCES[kind]} "
            f"AND {_ID_COLUMN[kind]} IN ({marks})",
            chunk,
        )


def reindex_range(kind: str, first_id: int, last_id: int) -> None:
    """Index a contiguous id range in one statement: how bulk loads fill the index."""
    sql(
        "DELETE FROM search_index WHERE rowid BETWEEN ? AND ?",
        [_rowid(kind, first_id), _rowid(kind, last_id)],
    )
    sql(
        f"INSERT INTO search_index(rowid, title, body) {_SOURCES[kind]} "
        f"AND {_ID_COLUMN[kind]} BETWEEN ? AND ?",
        [first_id, last_id],
    )


def remove(kind: str, ids: Iterable[int]) -> None:
    rowids = [_rowid(kind, i) for i in ids]
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        sql(f"DELETE FROM search_index WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)


def rebuild() -> None:
    """Drop and refill the whole index (after a bulk load, or to repair it)."""
    sql("DELETE FROM search_index")
    for kind in KIND_ORDER:
        sql(f"INSERT INTO search_index(rowid, title, body) {_SOURCES[kind]}")
    sql("INSERT INTO search_index(search_index) VALUES ('optimize')")


def match_expression(text: str) -> str:
    """User text as a safe FTS5 query: every word a quoted prefix, all of them required."""
    words = _WORD.findall(text)  # no casefold: FTS5 folds case (not ß -> ss) on both sides
    return " ".join(f'"{word}"*' for word in words)


def search(text: str, kinds: Sequence[str] = KIND_ORDER, limit_per_kind: int = 10) -> list[Hit]:
    """Ranked hits, grouped by kind in ``kinds`` order (contacts first by default).

    Each kind reads at most CANDIDATES_PER_KIND matches in rowid order and ranks those by bm25
    (titles weigh ten times the body), so a one-letter prefix over a million rows stays fast.
    """
    expression = match_expression(text)
    if not expression:
        return []
    hits: list[Hit] = []
    for kind in kinds:
        low = KINDS[kind] << KIND_BITS
        try:
            rows = sql(
                "SELECT rowid, title, bm25(search_index, 10.0, 1.0) FROM search_index "
                "WHERE search_index MATCH ? AND rowid BETWEEN ? AND ? LIMIT ?",
                [expression, low, low + (1 << KIND_BITS) - 1, CANDIDATES_PER_KIND],
            ).fetchall()
        except (sqlite3.OperationalError, peewee.OperationalError):
            # A few rare letters split differently in the tokenizer and make a phrase query,
            # which detail=column refuses: those find nothing rather than fail.
            return hits
        ranked = sorted(rows, key=lambda row: (row[2], row[1].casefold()))[:limit_per_kind]
        hits.extend(
            Hit(kind, row[0] & ((1 << KIND_BITS) - 1), row[1], float(row[2])) for row in ranked
        )
    return hits
