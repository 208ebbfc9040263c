"""The full-text index (FTS5) over contacts, companies, leads and interactions.

One FTS5 table per kind (``search_contact``, ``search_company``, ...), its rowid the row's id,
so a query for contacts reads only contacts' doclists: that is how contacts come first cheaply.
The domain services keep the index in step by calling ``reindex``/``remove`` inside the same
transaction as their write. FTS syntax never reaches SQLite: user text is cut into words and
each is matched as a quoted prefix, so ``"``, ``*``, ``-``, ``:`` or ``(`` are searched as text.

Ranking: rows whose title (the name) has every word come first, in name order, then rows
that match elsewhere. bm25 is not used: for a prefix it counts every matching document of the
whole table (90 ms for "a" at a million contacts, measured), while the match itself, read
lazily through the prefix indexes, takes a fraction of a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

from crm_desktop.store.db import failures, sql

KIND_ORDER: Final = ("contact", "company", "lead", "interaction")

# Letters and digits; "_" splits words as the unicode61 tokenizer does.
_WORD = re.compile(r"[^\W_]+")


def table(kind: str) -> str:
    return f"search_{kind}"


def _joined(*parts: str) -> str:
    """SQL that joins text expressions with spaces, NULLs as empty (SQLite 3.40 lacks concat_ws)."""
    return " || ' ' || ".join(f"ifnull({part}, '')" for part in parts)


# Country calling codes of one and two digits (ITU-T E.164; the codes are prefix-free, so the
# first digits of a number tell its code's length); every other code has three.
_CODES_1 = "'1', '7'"
_CODES_2 = (
    "'20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46',"
    " '47', '48', '49', '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63',"
    " '64', '65', '66', '81', '82', '84', '86', '90', '91', '92', '93', '94', '95', '98'"
)
_NATIONAL = (
    f"substr(p.phone_key, CASE WHEN substr(p.phone_key, 1, 1) IN ({_CODES_1}) THEN 2"
    f" WHEN substr(p.phone_key, 1, 2) IN ({_CODES_2}) THEN 3 ELSE 4 END)"
)
# A phone's words, its digits, and its digits without the country code, so that "5551234567"
# finds +1 555 123 4567; a trunk 0 written after the code ("+44 (0)20 ...") is also dropped.
# A number written without a code ("(555) 123-4567") has no code to find: its digits are also
# indexed without their first one, two and three, which covers a code and an area code.
_PHONE_WORDS = (
    "p.phone || ' ' || p.phone_key || ' ' || CASE"
    " WHEN ltrim(p.phone) GLOB '[+]*' OR ltrim(p.phone) GLOB '00*' THEN"
    f" CASE WHEN {_NATIONAL} GLOB '0*' THEN {_NATIONAL} || ' ' || ltrim({_NATIONAL}, '0')"
    f" ELSE {_NATIONAL} END"
    " ELSE substr(p.phone_key, 2) || ' ' || substr(p.phone_key, 3) || ' '"
    " || substr(p.phone_key, 4) END"
)
# What each kind puts in (title, body). Deleted rows are left out, so the trash is not searched.
_CONTACT_BODY = _joined(
    "c.title",
    "co.name",
    "(SELECT group_concat(e.email, ' ') FROM contact_email e WHERE e.contact_id = c.id)",
    f"(SELECT group_concat({_PHONE_WORDS}, ' ') FROM contact_phone p WHERE p.contact_id = c.id)",
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
    "contact": f"SELECT c.id, c.display_name, {_CONTACT_BODY} FROM contact c"
    " LEFT JOIN company co ON co.id = c.company_id WHERE c.deleted_at IS NULL",
    "company": f"SELECT c.id, c.name, {_COMPANY_BODY} FROM company c WHERE c.deleted_at IS NULL",
    "lead": f"SELECT l.id, l.title, {_joined('l.next_step', 'l.source', 'l.notes')} FROM lead l"
    " WHERE l.deleted_at IS NULL",
    "interaction": "SELECT i.id, i.subject, i.body FROM interaction i"
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
    for kind in KIND_ORDER:
        sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {table(kind)} USING fts5(title, body,"
            " tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3', detail = column)"
        )


def reindex(kind: str, ids: Iterable[int]) -> None:
    """Bring the index entries of these rows in line with the tables (call inside the write)."""
    id_list = sorted(set(ids))
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql(f"DELETE FROM {table(kind)} WHERE rowid IN ({marks})", chunk)
        sql(
            f"INSERT INTO {table(kind)}(rowid, title, body) {_SOURCES[kind]} "
            f"AND {_ID_COLUMN[kind]} IN ({marks})",
            chunk,
        )


def reindex_range(kind: str, first_id: int, last_id: int) -> None:
    """Index a contiguous id range in one statement: how bulk loads fill the index."""
    sql(f"DELETE FROM {table(kind)} WHERE rowid BETWEEN ? AND ?", [first_id, last_id])
    sql(
        f"INSERT INTO {table(kind)}(rowid, title, body) {_SOURCES[kind]} "
        f"AND {_ID_COLUMN[kind]} BETWEEN ? AND ?",
        [first_id, last_id],
    )


def remove(kind: str, ids: Iterable[int]) -> None:
    id_list = list(ids)
    for start in range(0, len(id_list), 500):
        chunk = id_list[start : start + 500]
        sql(f"DELETE FROM {table(kind)} WHERE rowid IN ({','.join('?' * len(chunk))})", chunk)


def rebuild() -> None:
    """Empty and refill the whole index (after a bulk load, or to repair it)."""
    for kind in KIND_ORDER:
        sql(f"DELETE FROM {table(kind)}")
        sql(f"INSERT INTO {table(kind)}(rowid, title, body) {_SOURCES[kind]}")
        sql(f"INSERT INTO {table(kind)}({table(kind)}) VALUES ('optimize')")


def integrity_check() -> None:
    """FTS5's own check that the index matches its content; raises on a mismatch."""
    for kind in KIND_ORDER:
        sql(f"INSERT INTO {table(kind)}({table(kind)}) VALUES ('integrity-check')")


@contextmanager
def bulk_loading(hash_bytes: int = 64 << 20) -> Iterator[None]:
    """FTS5 settings for a bulk load, put back after: buffer more pending terms before writing
    a segment (fewer small segments, a third of the time at 1M contacts), and no incremental
    merging of segments at each commit (a third of the index's time in a 100k import, in five
    commits; measured). The few segments a load leaves are merged later, a little at each write
    once automerge is back; FTS5's crisis merge still bounds them meanwhile."""
    before = {kind: (_option(kind, "hashsize"), _option(kind, "automerge")) for kind in KIND_ORDER}
    for kind in KIND_ORDER:
        _set_option(kind, "hashsize", hash_bytes)
        _set_option(kind, "automerge", 0)
    try:
        yield
    finally:
        for kind, (hash_size, automerge) in before.items():
            _set_option(kind, "hashsize", hash_size)
            _set_option(kind, "automerge", automerge)


_DEFAULTS = {"hashsize": 1 << 20, "automerge": 4}  # FTS5's own


def hashsize(kind: str) -> int:
    """FTS5's pending-terms memory for one kind's table (its default is 1 MiB)."""
    return _option(kind, "hashsize")


def _option(kind: str, name: str) -> int:
    row = sql(f"SELECT v FROM {table(kind)}_config WHERE k = ?", [name]).fetchone()
    return int(row[0]) if row else _DEFAULTS[name]


def _set_option(kind: str, name: str, value: int) -> None:
    sql(f"INSERT INTO {table(kind)}({table(kind)}, rank) VALUES (?, ?)", [name, value])


def words(text: str) -> list[str]:
    """The words of user text, as the index cuts them (prefixes of indexed words match)."""
    return _WORD.findall(text)


def match_expression(text: str) -> str:
    """User text as a safe FTS5 query: every word a quoted prefix, all of them required."""
    words = _WORD.findall(text)  # no casefold: FTS5 folds case (not ß -> ss) on both sides
    return " ".join(f'"{word}"*' for word in words)


def search(text: str, kinds: Sequence[str] = KIND_ORDER, limit_per_kind: int = 10) -> list[Hit]:
    """Hits grouped by kind in ``kinds`` order (contacts first by default); within a kind,
    title matches (rank 0, by name) before matches elsewhere (rank 1)."""
    expression = match_expression(text)
    if not expression:
        return []
    hits: list[Hit] = []
    for kind in kinds:
        name = table(kind)
        try:
            titled = sql(
                f"SELECT rowid, title FROM {name} WHERE {name} MATCH ? LIMIT ?",
                [f"title : ({expression})", limit_per_kind],
            ).fetchall()
            found = {row[0] for row in titled}
            others: list[tuple[int, str]] = []
            if len(titled) < limit_per_kind:
                others = [
                    row
                    for row in sql(
                        f"SELECT rowid, title FROM {name} WHERE {name} MATCH ? LIMIT ?",
                        [expression, limit_per_kind + len(titled)],
                    ).fetchall()
                    if row[0] not in found
                ][: limit_per_kind - len(titled)]
        except failures("OperationalError"):
            # A few rare letters split differently in the tokenizer and make a phrase query,
            # which detail=column refuses: those find nothing rather than fail.
            return hits
        hits.extend(Hit(kind, int(i), t, 0.0) for i, t in sorted(titled, key=_by_title))
        hits.extend(Hit(kind, int(i), t, 1.0) for i, t in sorted(others, key=_by_title))
    return hits


# How a list narrows to the rows matching some text (see ``list_clause``).
FEW_MATCHES = 2000  # up to this many: their ids, read from the index once, listed in the SQL
DENSE_MATCHES = 150_000  # from this many (at a short prefix): each row looked up as it is read


def list_clause(kind: str, id_sql: str, text: str, in_order: bool) -> tuple[str, list[object]]:
    """SQL true for the rows (id ``id_sql``) whose entry matches ``text``, for a list that reads
    them in an index's order (``in_order``) or counts them. Measured at 1M contacts:

    - a few matches: their ids inline (under a millisecond);
    - more: the index's matches as a subquery read once; for a page, ``+`` keeps SQLite on the
      sort index, looking each row up among them (5 ms at 29k matches, 80 ms at 480k);
    - very many, for a page: each row's own entry sought while the sort index is walked (5 ms
      for "a", which matches half the contacts; see ``_dense`` for longer words,
      whose prefix merges every matching term on each seek: 3.7 s for "call" as a prefix).

    A word of four letters or more is matched as the few indexed words it begins (``_terms``)
    where there are few: FTS5 reads a prefix without a prefix index of its own by merging the
    doclists of all its words in full before giving a first row (6.9 ms for the first 2,001
    rows of "manager"* at 1M contacts, 0.5 ms for "manager" OR "managers")."""
    terms = {word: _terms(kind, word) for word in words(text) if len(word) > 3}
    expression = _indexed_expression(text, terms)
    ids = matching(kind, expression, FEW_MATCHES + 1)
    if len(ids) <= FEW_MATCHES:
        return f"{id_sql} IN ({','.join(str(i) for i in ids) or 'NULL'})", []
    name = table(kind)
    if in_order and _dense(kind, text, terms):
        return (
            f"EXISTS (SELECT 1 FROM {name} WHERE {name} MATCH ? AND {name}.rowid = {id_sql})",
            [expression],
        )
    plus = "+" if in_order else ""
    return f"{plus}{id_sql} IN (SELECT rowid FROM {name} WHERE {name} MATCH ?)", [expression]


Terms = dict[str, list[tuple[str, int]] | None]  # a word -> the indexed words it begins


def _indexed_expression(text: str, terms: Terms) -> str:
    """``match_expression(text)``, with each word ``terms`` knows the indexed words of as those
    words (every word required, as there)."""
    parts: list[str] = []
    for word in words(text):
        found = terms.get(word)
        if found:
            parts.append("(" + " OR ".join(f'"{term}"' for term, _ in found) + ")")
        else:
            parts.append(f'"{word}"*')
    return " AND ".join(parts)  # FTS5 wants AND spelt out next to a bracket


def matching(kind: str, expression: str, limit: int) -> list[int]:
    """Up to ``limit`` ids of ``kind`` whose entry matches the FTS5 ``expression`` (as
    ``match_expression`` or ``list_clause`` make it)."""
    if not expression:
        return []
    name = table(kind)
    try:
        rows = sql(
            f"SELECT rowid FROM {name} WHERE {name} MATCH ? LIMIT ?", [expression, limit]
        ).fetchall()
    except failures("OperationalError"):
        return []  # see search(): a phrase query detail=column refuses finds nothing
    return [int(row[0]) for row in rows]


def _dense(kind: str, text: str, terms: Terms) -> bool:
    """Whether ``text`` matches so many rows (``DENSE_MATCHES``) that walking the sort index
    finds a page after a few hundred checks of each row's own entry, and its expression is cheap
    to check one row at a time. Words of one to three letters are prefix-indexed; a longer word
    must have its few indexed terms (``terms``: "manager" -> "manager" OR "managers"), each a
    single doclist: at 1M contacts "manager" (29 %) took 13 ms a page that way against 50-76 ms
    as a prefix."""
    counts: list[int] = []
    for word in words(text):
        if len(word) <= 3:
            counts.append(count_matches(kind, word, DENSE_MATCHES))
        else:
            found = terms.get(word)
            if found is None:
                return False
            counts.append(sum(docs for _, docs in found))
    return bool(counts) and min(counts) >= DENSE_MATCHES


MAX_TERMS = 8  # a prefix of more indexed words than this is read as a set instead


def _terms(kind: str, word: str) -> list[tuple[str, int]] | None:
    """The index's words starting with ``word`` and how many rows hold each (FTS5's vocabulary
    table, made per connection in ``temp``); None when there are too many or none."""
    vocabulary = f"temp.{table(kind)}_terms"
    sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {vocabulary} USING fts5vocab(main, {table(kind)}, row)"
    )
    folded = _fold(word)
    above = folded[:-1] + chr(ord(folded[-1]) + 1)
    rows = sql(
        f"SELECT term, doc FROM {vocabulary} WHERE term >= ? AND term < ? LIMIT ?",
        [folded, above, MAX_TERMS + 1],
    ).fetchall()
    if not rows or len(rows) > MAX_TERMS:
        return None
    return [(str(term), int(docs)) for term, docs in rows]


def _fold(word: str) -> str:
    """A word as the unicode61 tokenizer stores it: lower case, without diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def count_matches(kind: str, text: str, limit: int | None = None) -> int:
    """How many rows of ``kind`` match ``text`` (counting stops at ``limit``): the index holds
    no deleted rows, so this is also the size of an unfiltered list narrowed by the text."""
    expression = match_expression(text)
    if not expression:
        return 0
    name = table(kind)
    inner = f"SELECT rowid FROM {name} WHERE {name} MATCH ?"
    if limit is not None:
        inner += f" LIMIT {int(limit)}"
    try:
        return int(sql(f"SELECT count(*) FROM ({inner})", [expression]).fetchone()[0])
    except failures("OperationalError"):
        return 0  # see search(): a phrase query detail=column refuses finds nothing


def _by_title(row: tuple[int, str]) -> tuple[str, int]:
    return (row[1].casefold(), row[0])
