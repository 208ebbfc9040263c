"""Character sets of text files: what people call them, the ones a person may choose when a
file's was guessed wrong, telling the common 8-bit ones apart, and checking that a chosen one
reads the whole file.

An 8-bit file (one that is not UTF-8) carries no label, and every 8-bit character set reads
almost any bytes. What tells them apart is whether the result reads as words: the right one
gives "Müller", "Łódź", "Иван"; a wrong one gives "MŸller", "£ódŸ", "Èâàí", words that mix
scripts ("Mьller"), symbols inside words ("Wroc³aw"), capitals in the middle, or accented
letters that no one language uses together ("pøíliš").

A file may also be UTF-8 but for a few lines, rows that a program writing Windows-1252 added
to it (Excel appending to a UTF-8 CSV). Read whole as Windows-1252 its UTF-8 turns to "CafÃ©";
so each of its lines is read in the one of the two it is in (``MIXED``), and the lines that are
not UTF-8 are named for the person to check.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from crm_desktop.interchange.errors import UnreadableFile

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# The codec of a UTF-8 file with some lines in Windows-1252: each line read in its own.
MIXED = "utf-8-cp1252"

# Python's codec name -> what people call it (in "Found: ... · Windows-1251, comma").
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    MIXED: "UTF-8 and Windows-1252",
    "utf-16": "UTF-16 with BOM",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
    "utf-32": "UTF-32",
    "cp1252": "Windows-1252",
    "mac_roman": "Mac Roman",
    "cp1250": "Windows-1250",
    "cp1251": "Windows-1251",
    "cp1253": "Windows-1253",
    "cp1254": "Windows-1254",
    "latin-1": "ISO-8859-1",
    "iso8859-15": "ISO-8859-15",
    "cp932": "Shift-JIS",
    "gbk": "GBK",
}
# The character sets a person may choose for a text file, with the languages each is for: the
# ones spreadsheets and address books write, commonest first.
CHOICES: tuple[tuple[str, str], ...] = (
    ("utf-8", "UTF-8 (every language)"),
    ("utf-16-le", "UTF-16 (every language)"),  # as Windows writes it; a byte order mark is kept
    # out of the header (``header_names``), so this reads files with one and without
    ("cp1252", "Windows-1252 (Western European)"),
    ("mac_roman", "Mac Roman (Western European)"),
    ("cp1250", "Windows-1250 (Central European)"),
    ("cp1251", "Windows-1251 (Cyrillic)"),
    ("cp1253", "Windows-1253 (Greek)"),
    ("cp1254", "Windows-1254 (Turkish)"),
    ("latin-1", "ISO-8859-1 (Western European)"),
    ("iso8859-15", "ISO-8859-15 (Western European)"),
    ("cp932", "Shift-JIS (Japanese)"),
    ("gbk", "GBK (Simplified Chinese)"),
)

# The 8-bit character sets a file is read in when it is not UTF-8, in order of preference:
# Windows-1252 unless another reads clearly better.
EIGHT_BIT = ("cp1252", "mac_roman", "cp1250", "cp1251", "cp1253", "cp1254")
# The accented letters of languages written in Latin letters. Read right, the accented
# letters of a word all belong to one language ("příliš"); read wrong, often not ("pøíliš").
_LANGUAGES = {
    "German": "äöüß",
    "French": "àâçéèêëîïôœùûüÿ",
    "Spanish": "áéíñóúü",
    "Portuguese": "àáâãçéêíóôõú",
    "Italian": "àèéìíîòóù",
    "Catalan": "àçèéíïòóúü",
    "Dutch": "áéëíïóöúü",
    "Danish, Norwegian": "åæéø",
    "Swedish, Finnish": "åäöé",
    "Icelandic": "áðéíóúýþæö",
    "Estonian": "äõöüšž",
    "Polish": "ąćęłńóśźż",
    "Czech": "áčďéěíňóřšťúůýž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Hungarian": "áéíóöőúüű",
    "Croatian, Slovene": "čćđšž",
    "Romanian": "ăâîșşțţ",
    "Turkish": "çğıİöşüâî",
    "Albanian": "çë",
}
_ALPHABETS = {name: frozenset(letters + letters.upper()) for name, letters in _LANGUAGES.items()}
_ANY_LANGUAGE = frozenset([*_ALPHABETS, "Greek", "Cyrillic"])
# A run of letters and bytes above ASCII, with at least one of the latter: a word to judge.
_TOKEN = re.compile(rb"[A-Za-z\x80-\xff]*[\x80-\xff][A-Za-z\x80-\xff]*")
_DISTINCT_TOKENS = 5000  # the first this many different ones are enough, and quick to judge
_EVIDENCE = 3  # fewer words than this with accented letters: too few to go by
_WORDS = 0.8  # another character set must read at least this share of them as words,
_MARGIN = 0.1  # and this much more than Windows-1252 does, either as words of any language
_ONE_LANGUAGE = 0.97  # or, this share at least, as words of one language ("Győr", "Kőszegi"),
_ONE_LANGUAGE_EVIDENCE = 30  # when there are this many accented words at least
_CHUNK = 1024 * 1024

Reading = list[tuple[str, frozenset[str]]]  # each word as read, and the languages it is a word of


def encoding_name(encoding: str) -> str:
    """ "Windows-1251" for "cp1251": the codec as a person calls it."""
    return ENCODING_NAMES.get(encoding, encoding)


def guess_eight_bit(sample: bytes, readable: list[str]) -> str | None:
    """Which of ``readable`` (from ``EIGHT_BIT``) reads ``sample`` as words: Windows-1252 when
    it can read the file and no other is clearly better, or when there are too few accented
    words to tell; ``None`` when Windows-1252 can't and no other is convincing either."""
    tokens = list(islice(Counter(_TOKEN.findall(sample)).items(), _DISTINCT_TOKENS))
    counts = [count for _, count in tokens]
    default = "cp1252" if "cp1252" in readable else None
    if sum(counts) < _EVIDENCE:
        return default
    readings = {codec: _reading(tokens, codec) for codec in readable}
    if default is None:  # any that reads the words as words will do
        better = [c for c in readable if _shares(_found(readings[c]), counts)[0] >= _WORDS]
    else:
        better = [
            codec
            for codec in readable
            if codec != default and _better(readings[codec], readings[default], counts)
        ]
    if not better:
        return default
    return max(better, key=lambda codec: _shares(_found(readings[codec]), counts))


def _reading(tokens: list[tuple[bytes, int]], codec: str) -> Reading:
    return [(text, _languages(text)) for text in (token.decode(codec) for token, _ in tokens)]


def _found(reading: Reading) -> list[frozenset[str]]:
    return [languages for _, languages in reading]


def _better(reading: Reading, usual: Reading, counts: list[int]) -> bool:
    """Whether ``reading`` is clearly better than ``usual`` (Windows-1252's), the words
    occurring ``counts`` times. Either, of the words the two read differently (the others tell
    nothing apart), it reads clearly more as words; or, with enough words to go by, it reads
    nearly all the file's words as one language where Windows-1252 needs several, for the
    whole file and for the words read differently alike. Hungarian needs the second: "Győr",
    "Kőszegi" and "Szűcs" read as Windows-1252 are words too, of Portuguese or Estonian
    ("Gyõr", "Kõszegi") and French ("Szûcs")."""
    differ = [i for i, (text, _) in enumerate(reading) if text != usual[i][0]]
    seen = [counts[i] for i in differ]
    if sum(seen) < _EVIDENCE:
        return False
    words = _shares([reading[i][1] for i in differ], seen)[0]
    words_usual, one_usual_differ = _shares([usual[i][1] for i in differ], seen)
    if words >= _WORDS and words >= words_usual + _MARGIN:
        return True
    one = _shares(_found(reading), counts)[1]
    one_usual = _shares(_found(usual), counts)[1]
    return (
        sum(counts) >= _ONE_LANGUAGE_EVIDENCE
        and one >= max(_ONE_LANGUAGE, one_usual + _MARGIN)
        and one_usual_differ < _ONE_LANGUAGE
    )


def _shares(found: list[frozenset[str]], counts: list[int]) -> tuple[float, float]:
    """Of words read as ``found`` (the languages each is a word of), occurring ``counts`` times:
    the share that are words of some language, and the largest share of one language."""
    total = sum(counts)
    if not total:
        return 0.0, 0.0
    languages: Counter[str] = Counter()
    for names, count in zip(found, counts, strict=True):
        languages.update(dict.fromkeys(names, count))
    words = sum(count for names, count in zip(found, counts, strict=True) if names)
    top = languages.most_common(1)[0][1] if languages else 0
    return words / total, top / total


def _languages(text: str) -> frozenset[str]:
    """The languages ``text`` reads as a word of (none when it is no word at all): letters of
    one script, capitals only at the start (or all capitals), its accented Latin letters all
    from one language. Punctuation, symbols and figures around it ("“Müller”", "5€") are not
    part of the word; a typographic apostrophe ("O’Brien") is."""
    start, end = 0, len(text)
    while start < end and unicodedata.category(text[start])[0] in "PSNZ":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in "PSNZ":
        end -= 1
    word = text[start:end].rstrip("ªº")  # "Nº", "1ª": ordinal signs end a word
    if word.isascii():
        return _ANY_LANGUAGE  # only the punctuation around it was above ASCII
    parts = word.split("’")
    if not all(part.isalpha() for part in parts):
        return frozenset()
    if any(part[1:] != part[1:].lower() and not part.isupper() for part in parts):
        return frozenset()
    scripts = {_script(char) for char in word if char != "’"}
    if scripts == {"Latin"}:
        accents = {char for char in word if not char.isascii() and char != "’"}
        return frozenset(name for name, letters in _ALPHABETS.items() if accents <= letters)
    if scripts in ({"Greek"}, {"Cyrillic"}):
        return frozenset(scripts)
    return frozenset()


def _script(char: str) -> str:
    code = ord(char)
    if code < 0x80 or 0xC0 <= code < 0x250:
        return "Latin"
    if 0x370 <= code < 0x400:
        return "Greek"
    if 0x400 <= code < 0x530:
        return "Cyrillic"
    return "other"


def check_readable(path: Path, encoding: str) -> None:
    """``UnreadableFile`` unless ``encoding`` reads every byte of ``path``, naming the byte and
    its line where it stops: a character set chosen by hand is checked whole before the file
    is shown, so that a wrong choice is said at once rather than imported as "�"."""
    name = encoding_name(encoding)
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise UnreadableFile(f"“{encoding}” is not a character set we know.") from None
    line, offset, after_cr = 1, 0, False
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            state = decoder.getstate()
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                held = len(exc.object) - len(chunk)  # bytes the decoder kept from before
                decoder.setstate(state)
                read = decoder.decode(chunk[: max(0, exc.start - held)])
                line += _line_breaks(read, after_cr)
                bad = " ".join(f"0x{byte:02X}" for byte in exc.object[exc.start : exc.end][:4])
                where = offset - held + exc.start + 1
                what = (
                    f"the file ends in the middle of a {name} character (line {line:,})"
                    if not chunk
                    else f"line {line:,} has {bad} (byte {where:,} of the file), which is not "
                    f"{name} text"
                )
                raise UnreadableFile(
                    f"“{path.name}” cannot be read as {name}: {what}. Choose another character set."
                ) from None
            except UnicodeError as exc:  # a byte order mark missing where the codec needs one
                raise UnreadableFile(
                    f"“{path.name}” cannot be read as {name} ({exc}). Choose another character set."
                ) from None
            if not chunk:
                return
            line += _line_breaks(text, after_cr)
            after_cr = text.endswith("\r") or (after_cr and not text)
            offset += len(chunk)


def _line_breaks(text: str, after_cr: bool) -> int:
    """Line ends in ``text``: "\\r\\n", "\\n" or "\\r" (as the CSV reader counts them); a
    "\\n" right after a "\\r" that ended the text before is the same line end."""
    count = text.count("\n") + text.count("\r") - text.count("\r\n")
    return count - 1 if after_cr and text.startswith("\n") else count


# -- UTF-8 with some lines in Windows-1252 --------------------------------------------------


def lines_not_utf8(path: Path) -> list[int]:
    """The lines of ``path`` that are not UTF-8, when the rest of it is: at least as many lines
    are UTF-8 with letters beyond ASCII as are not UTF-8 at all. Otherwise none: a Windows-1252
    file has a line that reads as UTF-8 by accident now and then ("Ã©" is the bytes of "é")."""
    utf8, others = 0, []
    for number, line in enumerate(_byte_lines(path), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            others.append(number)
        else:
            utf8 += 1
    return others if utf8 >= len(others) else []


def _byte_lines(path: Path) -> Iterator[bytes]:
    """The lines of ``path``, ended as the CSV reader ends them ("\\r\\n", "\\n" or "\\r")."""
    held = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            lines = (held + chunk).splitlines(keepends=True)
            held = lines.pop()  # it may go on in the next chunk (a "\r" may have its "\n" there)
            yield from lines
    if held:
        yield held


def _line_text(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return line.decode("cp1252", errors="replace")


class _MixedDecoder(codecs.BufferedIncrementalDecoder):
    """Whole lines, each as UTF-8 or, when it is not, as Windows-1252. A line's bytes are held
    until its end comes, so that a chunk of the file never splits one."""

    def _buffer_decode(self, input: ReadableBuffer, errors: str, final: bool) -> tuple[str, int]:
        lines = bytes(input).splitlines(keepends=True)
        if lines and not final:
            lines.pop()
        return "".join(_line_text(line) for line in lines), sum(len(line) for line in lines)


def _mixed_decode(data: ReadableBuffer, errors: str = "strict") -> tuple[str, int]:
    return _MixedDecoder(errors).decode(data, final=True), len(bytes(data))


def _find_mixed(name: str) -> codecs.CodecInfo | None:
    if name != MIXED.replace("-", "_"):  # the name as codecs.lookup passes it on
        return None
    return codecs.CodecInfo(
        name=MIXED,
        encode=codecs.utf_8_encode,
        decode=_mixed_decode,
        incrementalencoder=codecs.getincrementalencoder("utf-8"),
        incrementaldecoder=_MixedDecoder,
    )


codecs.register(_find_mixed)  # answers to MIXED's name alone
