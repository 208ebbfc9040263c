"""What the record forms (the company's, the contact's) build and do alike: a line field and a
text field, a combo of (label, data) that can select a value it does not list, the tags typed
comma-separated with offers of the tags in use, and the message lines under the checked fields
(with one at the bottom for the rest)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QPlainTextEdit, QWidget

from crm_desktop.ui.common import form as forms

MOST_OFFERS = 20  # tags offered at once


def line_edit(parent: QWidget, name: str, placeholder: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def text_edit(parent: QWidget, name: str, placeholder: str) -> QPlainTextEdit:
    """A plain text field that Tab leaves (it does not type a tab)."""
    edit = QPlainTextEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    return edit


def item_combo(parent: QWidget, name: str, items: Iterable[tuple[str, object]]) -> QComboBox:
    """A combo of ``items`` (label, data)."""
    box = QComboBox(parent)
    box.setObjectName(name)
    for text, data in items:
        box.addItem(text, data)
    return box


def select_data(box: QComboBox, data: object, text_if_missing: str) -> None:
    """Select the item holding ``data``; one not listed (a staff member since removed) is added
    as ``text_if_missing``, so saving keeps it."""
    index = box.findData(data)
    if index < 0:
        box.addItem(text_if_missing, data)
        index = box.count() - 1
    box.setCurrentIndex(index)


# -- the message lines ---------------------------------------------------------------------


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """Flag a field for the editor's style sheet (a red frame)."""
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def problem_labels(parent: QWidget, names: Iterable[str]) -> dict[str, QLabel]:
    """A hidden message line per name: ``{name}Problem``. Name one of them "other"."""
    return {name: forms.problem_label(parent, f"{name}Problem") for name in names}


def show_messages(labels: dict[str, QLabel], problems: dict[str, str]) -> None:
    """Each problem on its field's line; those of fields without a line together on "other".
    A line with nothing to say is hidden."""
    rest = [text for name, text in problems.items() if name not in labels or name == "other"]
    for name, label in labels.items():
        text = "\n".join(rest) if name == "other" else problems.get(name, "")
        label.setText(text)
        label.setVisible(bool(text))


# -- tags ----------------------------------------------------------------------------------


def split_tags(text: str) -> list[str]:
    """The tags typed in ``text``: comma separated, blanks dropped."""
    return [part.strip() for part in text.split(",") if part.strip()]


def tag_offers(text: str, tags: Sequence[str]) -> list[str]:
    """The ``tags`` that complete the one typed after the last comma of ``text`` (none for an
    empty one), without those typed already; at most ``MOST_OFFERS``."""
    done, _, typing = text.rpartition(",")
    typed = {part.strip().casefold() for part in done.split(",")}
    key = typing.strip().casefold()
    offers = [
        tag
        for tag in tags
        if key and tag.casefold().startswith(key) and tag.casefold() not in typed
    ]
    return offers[:MOST_OFFERS]


def with_tag(text: str, chosen: str) -> str:
    """``text`` with the tag typed after its last comma replaced by ``chosen``, ready for the
    next one."""
    done = text.rpartition(",")[0]
    return f"{done}, {chosen}, ".lstrip(", ")


def offers_completer(parent: QWidget, model: QStringListModel, edit: QLineEdit) -> QCompleter:
    """A completer for ``edit`` that pops up ``model``'s strings as they are, unfiltered."""
    completer = QCompleter(model, parent)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    completer.setWidget(edit)
    return completer


def show_offers(completer: QCompleter | None, model: QStringListModel, offers: list[str]) -> None:
    """Put ``offers`` in ``model`` and pop ``completer`` up with them (or close it: none)."""
    model.setStringList(offers)
    if completer is None:
        return
    if offers:
        completer.complete()
    elif (popup := completer.popup()) is not None:
        popup.hide()
