"""The mapping page's question about dates such as 03/04/2024: 3 April or March 4?

Shown only when a column that goes to a date holds such dates. The file's own dates usually
tell (a 25/12/1980 somewhere puts the day first; the import reads the whole file for one), and
the first choice follows them; a person who knows better picks day or month first, which the
import then uses for every date of the file.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from crm_desktop.interchange.opened import OpenedFile

DAY_FIRST = "3 April (day first)"
MONTH_FIRST = "March 4 (month first)"


class DateOrderRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dateOrder")
        self._file: OpenedFile | None = None
        label = QLabel("Dates such as 03/04/2024 &are:", self)
        self.choice = QComboBox(self)
        self.choice.setObjectName("dateOrderChoice")
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        label.setBuddy(self.choice)
        self.choice.currentIndexChanged.connect(self._chosen)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.choice)
        row.addStretch(1)
        self.hide()

    def show_for(self, file: OpenedFile, mapping: dict[int, str]) -> None:
        """Ask if the columns ``mapping`` reads as dates hold dates that read either way; a
        choice made for this file before stays."""
        ambiguous, shown = file.date_order(mapping)
        self._file = None  # filling the list is no choice of the person's
        self.choice.clear()
        if shown is None:
            self.choice.addItem(f"{MONTH_FIRST}, as nothing in the first rows tells", None)
        else:
            self.choice.addItem(f"As the file shows: {DAY_FIRST if shown else MONTH_FIRST}", None)
        self.choice.addItem(DAY_FIRST, True)
        self.choice.addItem(MONTH_FIRST, False)
        chosen = 0 if file.day_first is None else self.choice.findData(file.day_first)
        self.choice.setCurrentIndex(max(0, chosen))
        self._file = file
        self.setVisible(ambiguous)

    def _chosen(self, _index: int) -> None:
        if self._file is not None:
            self._file.day_first = self.choice.currentData()
