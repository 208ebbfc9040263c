"""A file picked for import, read far enough to show it: what it is, where it comes from, its
first rows, and the column mapping its preset proposes; then its records, mapped as chosen.

The wizard and the ``import`` command both start here, so a file is recognised the same way
in both. vCards have no columns: their cards are read whole (they are small) and shown as a
table of name, e-mail, phone, company and tags.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from crm_desktop.domain.imported import ImportedContact, ImportedRecord
from crm_desktop.interchange.csv_reader import read_csv
from crm_desktop.interchange.mapping import date_order, records
from crm_desktop.interchange.presets import PRESETS, Preset, detect_preset, preset_for
from crm_desktop.interchange.sniff import file_kind
from crm_desktop.interchange.table import Table
from crm_desktop.interchange.targets import TARGET_FIELDS, target_label
from crm_desktop.interchange.vcard_reader import read_vcards
from crm_desktop.interchange.xlsx_reader import read_xlsx

PREVIEW_ROWS = 20
VCARD = ("vcard", "vCard file")  # the source of a vCard file: key and label
CARD_COLUMNS = ["Name", "E-mail", "Phone", "Company", "Title", "Tags"]


@dataclass
class OpenedFile:
    path: Path
    kind: str  # "csv", "xlsx" or "vcard"
    header: list[str]
    preview: list[list[str]]  # the first rows, as text, one list per row
    source: str  # the preset's key ("google", "outlook", ...) or "vcard"
    source_label: str  # "Google Contacts CSV"
    record_kind: str  # "contact", "company", "deal" or "activity"
    mapping: dict[int, str] = field(default_factory=dict)  # column -> target, as proposed
    table: Table | None = None
    cards: list[ImportedContact] = field(default_factory=list)
    preset: Preset | None = None
    day_first: bool | None = None  # how dates like 03/04/2024 read, if a person said so
    guessed_kind: str = ""  # what the rows were guessed to be, whatever ``read_as`` says since

    @property
    def has_columns(self) -> bool:
        return self.table is not None

    @property
    def guessed(self) -> bool:
        """Whether no known program wrote the file: its columns, and what its rows are, were
        guessed from the header (a person may say otherwise with ``read_as``)."""
        return self.preset is not None and self.preset.key == "generic"

    def read_as(self, kind: str) -> None:
        """Read a guessed file's rows as ``kind`` ("contact", "company", "deal", "activity"):
        its mapping is guessed again for records of that kind."""
        if not self.guessed:
            raise ValueError(f"{self.source_label}: its rows are what its program wrote")
        self.preset = preset_for("generic", self.header, kind)
        self.record_kind = kind
        self.mapping = dict(self.preset.mapping)

    def describe(self) -> str:
        """ "Google Contacts CSV · UTF-8, comma" — what the wizard says it found ("Google
        Contacts columns · sheet “People”" for a workbook); "· header on line 4" when lines
        above the header were passed over; the table's notice when it has one."""
        label = self.source_label
        if self.kind == "xlsx" and label.endswith(" CSV"):  # a workbook in that program's layout
            label = f"{label.removesuffix(' CSV')} columns"
        parts = [label]
        if self.table is not None and self.kind == "csv":
            parts.append(f"{self.table.encoding_name}, {self.table.delimiter_name}")
        if self.table is not None and self.kind == "xlsx":
            parts.append(f"sheet “{self.table.sheet}”")
        if self.table is not None and self.table.header_line > 1:
            parts.append(f"header on line {self.table.header_line}")
        if self.table is not None and self.table.notice:
            parts.append(self.table.notice)
        if self.cards:
            parts.append(f"{len(self.cards):,} cards")
        return " · ".join(parts)

    def target_choices(self) -> list[tuple[str, str]]:
        """The fields a column can go to, with those the preset chose (labelled ones) too."""
        choices = list(TARGET_FIELDS.get(self.record_kind, []))
        known = {key for key, _ in choices}
        for target in self.mapping.values():
            if target not in known:
                known.add(target)
                choices.append((target, target_label(target)))
        return choices

    def total(self) -> int | None:
        """How many records there are (counted once; a CSV's count is known after reading)."""
        if self.table is None:
            return len(self.cards)
        return self.table.count_rows()

    def date_order(self, mapping: Mapping[int, str] | None = None) -> tuple[bool, bool | None]:
        """Whether the date columns hold dates that read either way, and which way the
        file's first rows show (see ``mapping.date_order``)."""
        if self.table is None:
            return False, None
        return date_order(self.table, self.mapping if mapping is None else mapping)

    def records(self, mapping: Mapping[int, str] | None = None) -> Iterator[ImportedRecord]:
        if self.table is None:
            return iter(self.cards)
        if mapping is None and self.preset is not None:
            return records(self.table, self.preset, day_first=self.day_first)
        day_first = self.preset.day_first if self.preset is not None else None
        day_first = day_first if self.day_first is None else self.day_first
        chosen = self.mapping if mapping is None else mapping
        return records(self.table, dict(chosen), self.record_kind, day_first=day_first)


def source_label(key: str) -> str:
    """How a person calls the source an import recorded ("google" -> "Google Contacts CSV")."""
    if key == VCARD[0]:
        return VCARD[1]
    return PRESETS[key][0] if key in PRESETS else key


def open_file(
    path: Path | str, sheet: str | None = None, *, encoding: str | None = None
) -> OpenedFile:
    """Read ``path`` far enough to show it; ``UnreadableFile`` says why it can't be. A CSV
    file is read in ``encoding`` when given (the user chose it because detection guessed
    wrong), and its table keeps it for the import; workbooks and vCards say their own."""
    path = Path(path)
    kind = file_kind(path)
    if kind == "vcard":
        cards = read_vcards(path)
        return OpenedFile(
            path=path,
            kind=kind,
            header=list(CARD_COLUMNS),
            preview=[_card_row(c) for c in cards[:PREVIEW_ROWS]],
            source=VCARD[0],
            source_label=VCARD[1],
            record_kind="contact",
            cards=cards,
        )
    table = read_xlsx(path, sheet) if kind == "xlsx" else read_csv(path, encoding=encoding)
    preset = detect_preset(table.header)
    return OpenedFile(
        path=path,
        kind=kind,
        header=list(table.header),
        preview=[list(row.values) for row in table.preview(PREVIEW_ROWS)],
        source=preset.key,
        source_label=preset.label,
        record_kind=preset.kind,
        mapping=dict(preset.mapping),
        table=table,
        preset=preset,
        guessed_kind=preset.kind,
    )


def _card_row(card: ImportedContact) -> list[str]:
    name = card.full_name or " ".join(p for p in (card.first_name, card.last_name) if p)
    return [
        name,
        ", ".join(value for _, value in card.emails),
        ", ".join(value for _, value in card.phones),
        card.company,
        card.title,
        ", ".join(card.tags),
    ]
