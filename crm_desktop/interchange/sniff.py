"""What a file is, by its bytes rather than its name: CSV text, an XLSX workbook or vCards; which
encoding its text is in; which delimiter its CSV uses. Every "no" is an ``UnreadableFile`` whose
message says in plain words what the file looks like instead.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path
from typing import Literal

from crm_desktop.interchange.charsets import EIGHT_BIT, MIXED, guess_eight_bit, lines_not_utf8
from crm_desktop.interchange.errors import UnreadableFile

FileKind = Literal["csv", "xlsx", "vcard"]

HEAD_BYTES = 64 * 1024
_CHUNK = 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")

# An Office 97 file: an old Excel workbook (.xls), or a Word document, or any Office file saved
# with a password (its content is encrypted inside such a container).
_OFFICE_97 = b"\xd0\xcf\x11\xe0"
# Byte signatures of files people pick by mistake, with what to tell them.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document, not a CSV, spreadsheet or vCard"),
    (b"\x89PNG", "a PNG picture, not a CSV, spreadsheet or vCard"),
    (b"\xff\xd8\xff", "a JPEG picture, not a CSV, spreadsheet or vCard"),
    (b"GIF8", "a GIF picture, not a CSV, spreadsheet or vCard"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
    (b"SQLite format 3", "an SQLite database, not a CSV, spreadsheet or vCard"),
    (b"Rar!", "a RAR archive: unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive: unpack it first"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# How much of a file that is neither UTF-8 nor UTF-16 is read to tell the 8-bit encodings apart.
_EIGHT_BIT_SAMPLE = _CHUNK


def file_kind(path: Path | str) -> FileKind:
    """ "csv", "xlsx" or "vcard", from the file's content (a CSV named .xlsx is still a CSV).
    "xlsx" is any spreadsheet workbook ``xlsx_reader`` reads: Excel's .xlsx and old .xls, and
    OpenDocument's .ods (LibreOffice, Numbers' export)."""
    path = Path(path)
    head = _head(path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        _check_workbook(path)
        return "xlsx"
    if head.startswith(_OFFICE_97):
        from crm_desktop.interchange.xlsx_reader import opens_as_workbook  # loads calamine

        if opens_as_workbook(path):
            return "xlsx"
        raise UnreadableFile(
            f"“{path.name}” is an Office 97 file that is not a workbook we can read: a Word "
            "document, a workbook saved with a password, or a damaged one. Open it in Excel or "
            "LibreOffice and save it as .xlsx or CSV, without a password."
        )
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise UnreadableFile(f"“{path.name}” looks like {what}.")
    encoding = bom_encoding(head) or _nul_pattern_encoding(head)
    text = head.decode(encoding or "utf-8", errors="replace")
    if not text.strip("\ufeff \t\r\n\x00"):
        raise UnreadableFile(f"“{path.name}” is empty: there is nothing in it to import.")
    if encoding is None and _looks_binary(head):
        raise UnreadableFile(
            f"“{path.name}” looks like a binary file, not a CSV, spreadsheet or vCard."
        )
    if text.lstrip("\ufeff \t\r\n").upper().startswith("BEGIN:VCARD"):
        return "vcard"
    return "csv"


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(HEAD_BYTES)
    except FileNotFoundError:
        raise UnreadableFile(f"“{path.name}” does not exist (was it moved or deleted?).") from None
    except IsADirectoryError:
        raise UnreadableFile(f"“{path.name}” is a folder, not a file.") from None
    except PermissionError:
        raise UnreadableFile(f"“{path.name}” cannot be opened: permission denied.") from None
    except OSError as exc:
        raise UnreadableFile(f"“{path.name}” cannot be read: {exc.strerror or exc}.") from None


def _check_workbook(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, EOFError, OSError):
        raise UnreadableFile(
            f"“{path.name}” looks like a spreadsheet workbook but is damaged or cut short: "
            "open it in Excel or LibreOffice and save it again."
        ) from None
    if "xl/workbook.xml" in names or b"opendocument.spreadsheet" in mimetype:
        return
    if any(name.startswith("word/") for name in names):
        raise UnreadableFile(f"“{path.name}” is a Word document, not a spreadsheet or CSV.")
    if "Index/Document.iwa" in names or b"apple.numbers" in mimetype:
        raise UnreadableFile(
            f"“{path.name}” is an Apple Numbers document: in Numbers, choose File > Export To > "
            "CSV or Excel, and import that file."
        )
    raise UnreadableFile(f"“{path.name}” is a zip archive, not a spreadsheet: unpack it first.")


def bom_encoding(head: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    return None


def _nul_pattern_encoding(head: bytes) -> str | None:
    """UTF-16 without a byte order mark: mostly-ASCII text has a zero in every other byte."""
    sample = head[: len(head) - len(head) % 2][:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sum(1 for i in range(0, len(sample), 2) if sample[i] == 0)
    odd = sum(1 for i in range(1, len(sample), 2) if sample[i] == 0)
    if odd >= pairs * 0.3 and even <= pairs * 0.02:
        return "utf-16-le"
    if even >= pairs * 0.3 and odd <= pairs * 0.02:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 100)


def detect_encoding(path: Path | str) -> str:
    """The codec that reads the whole file without error: a byte order mark's, UTF-16 by its
    zero bytes, else UTF-8 if every byte of the file fits, UTF-8 with Windows-1252 lines if
    only a few lines do not (``charsets.MIXED``), else the 8-bit one (Windows-1252, Mac Roman
    as Excel for Mac writes plain CSV, Central European, Cyrillic, Greek, Turkish) that reads
    the accented letters as words; Windows-1252 when that is not clear."""
    path = Path(path)
    head = _head(path)
    found = bom_encoding(head) or _nul_pattern_encoding(head)
    if found:
        return found
    if _decodes(path, "utf-8"):
        return "utf-8"
    if lines_not_utf8(path):
        return MIXED
    readable = [codec for codec in EIGHT_BIT if _decodes(path, codec)]
    with path.open("rb") as handle:
        sample = handle.read(_EIGHT_BIT_SAMPLE)
    guessed = guess_eight_bit(sample, readable)
    if guessed:
        return guessed
    raise UnreadableFile(
        f"“{path.name}” is in a text encoding we cannot read (we read UTF-8, UTF-16 and the "
        "usual 8-bit ones): save it again as “CSV UTF-8” and import that, or choose its "
        "character set in the import window."
    )


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_delimiter(sample: str) -> str:
    """Comma, semicolon, tab or pipe: the one that splits the first rows into the same number
    of fields (more than one); a comma when nothing does (a one-column file)."""
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end in the middle of a row
    text = "".join(lines[:200])
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        same = sum(1 for row in rows if len(row) == width) / len(rows)
        score = (round(same, 1), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best
