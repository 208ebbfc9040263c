"""Notes from a file joined to the notes already stored, line by line.

An import never replaces a contact's or a company's notes: what the user wrote stays. The
file's notes are a free text, then "Label: value" lines for the columns that have no field of
their own ("Nickname: Bob", "Lead status: Connected"). Importing the same file again, or a newer
export of the same records, must not pile these up, so a line already in the notes is not added
again, and a labelled line whose label is already there is a newer value of the same column:
it takes the old line's place when the import updates, and is left out when it only fills gaps.
"""

from __future__ import annotations

import re

# "Label: value": a short label without a line break, as the readers write extra columns.
_LABELLED = re.compile(r"([^:\n]{1,60}): ")


def _label(line: str) -> str | None:
    found = _LABELLED.match(line)
    return found.group(1).strip().casefold() if found else None


def joined_notes(stored: str, given: str, *, replace: bool = False) -> str:
    """``stored`` with the lines of ``given`` it lacks after it as a paragraph of its own;
    where both have a line with the same label, the file's takes its place if ``replace``."""
    if not given or given in stored:
        return stored
    if not stored or stored in given:
        return given
    lines = stored.split("\n")
    present = {line.strip() for line in lines}
    labelled: dict[str, int] = {}
    for index, line in enumerate(lines):
        label = _label(line)
        if label is not None:
            labelled.setdefault(label, index)
    added: list[str] = []
    for line in given.split("\n"):
        text = line.strip()
        if not text:
            if added and added[-1]:
                added.append("")  # keep the file's paragraphs apart
            continue
        if text in present:
            continue
        label = _label(line)
        if label is not None and label in labelled:
            if replace:
                lines[labelled[label]] = line
                present.add(text)
            continue
        added.append(line)
        present.add(text)
    while added and not added[-1]:
        added.pop()
    joined = "\n".join(lines)
    return f"{joined}\n\n" + "\n".join(added) if added else joined
