"""The mapping page's line about what the file's rows are. A file no known program wrote has
that guessed from its columns, so the line is a choice: "Each row is: a person / a company /
a deal / an activity"; choosing another kind has the columns guessed again for it. A known
export's rows are what its program wrote: the line only says so."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from crm_desktop.interchange.opened import OpenedFile
from crm_desktop.interchange.row_kinds import ROW_WORDS

KIND_WORDS = {
    "contact": "people",
    "company": "companies",
    "deal": "deals",
    "activity": "activities",
}


class KindChoice(QWidget):
    chosen = Signal(str)  # the kind a person picked: "contact", "company", "deal", "activity"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importRecordKind")
        self.label = QLabel("Each &row is:", self)
        self.choice = QComboBox(self)
        self.choice.setObjectName("importRecordKindChoice")
        self.choice.setAccessibleName("Each row is")
        self.choice.setToolTip(
            "What each row of the file becomes, guessed from its columns' names. Choose "
            "another if the guess is wrong: the columns are then matched again."
        )
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for kind, words in ROW_WORDS.items():
            self.choice.addItem(words, kind)
        self.label.setBuddy(self.choice)
        self.choice.activated.connect(lambda _i: self.chosen.emit(self.choice.currentData()))
        self.note = QLabel(self)
        self.note.setObjectName("importRecordKindNote")
        self.note.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.choice)
        row.addWidget(self.note, 1)

    def show_for(self, file: OpenedFile) -> None:
        """A choice for a guessed file, its guess (or last choice) picked; a line for others."""
        self.label.setVisible(file.guessed)
        self.choice.setVisible(file.guessed)
        if file.guessed:
            self.choice.setCurrentIndex(self.choice.findData(file.record_kind))
            if file.record_kind == file.guessed_kind:
                note = "— guessed from the columns' names; choose another if it is wrong."
            else:  # chosen over the guess, now or for a file like it before
                note = (
                    "— as you chose for this file's columns (their names suggested"
                    f" {KIND_WORDS[file.guessed_kind]})."
                )
            self.note.setText(note)
        else:
            self.note.setText(
                f"Each row of the file becomes one of your {KIND_WORDS[file.record_kind]}."
            )
