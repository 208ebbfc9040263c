"""The export dialog's choices of contacts (all, those the list shows, the selected ones) and of
follow-ups (open only, to-dos or events, one contact's); the deals' are in ``deals_box``."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.ui.common.form_fields import item_combo
from crm_desktop.ui.export.labels import STYLE_LABELS, WHICH_LABELS


class ContactsBox(QGroupBox):
    """One radio button per ``WHICH_LABELS`` key, ``which`` checked when it can be: "filtered"
    needs the list's query, "selected" a selection."""

    def __init__(
        self, which: str, filtered: bool, selected: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__("Contacts", parent)
        self.setObjectName("exportWhich")
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for key, label in WHICH_LABELS.items():
            button = QRadioButton(label, self)
            button.setObjectName(f"exportWhich_{key}")
            self.group.addButton(button)
            self.buttons[key] = button
            layout.addWidget(button)
        self.buttons["filtered"].setEnabled(filtered)
        self.buttons["selected"].setEnabled(selected)
        chosen = self.buttons.get(which, self.buttons["all"])
        (chosen if chosen.isEnabled() else self.buttons["all"]).setChecked(True)

    def which(self) -> str:
        return next((k for k, b in self.buttons.items() if b.isChecked()), "all")


class FollowUpsBox(QGroupBox):
    """Open follow-ups only, to-dos or events, and (shown when a contact is) that contact's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Follow-ups", parent)
        self.setObjectName("exportFollowUps")
        self.open_only = QCheckBox("Open follow-ups only (not done or cancelled ones)", self)
        self.open_only.setObjectName("exportOpenOnly")
        self.open_only.setChecked(True)
        self.style_combo = item_combo(
            self, "exportStyle", [(label, key) for key, label in STYLE_LABELS.items()]
        )
        # as wide as the box allows, not as its longest choice: that squeezed "Write as" away
        self.style_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.style_combo.setMinimumContentsLength(30)
        self.one_contact = QCheckBox(self)
        self.one_contact.setObjectName("exportOneContact")
        form = QFormLayout(self)
        form.addRow(self.open_only)
        form.addRow("Write as", self.style_combo)
        form.addRow(self.one_contact)
