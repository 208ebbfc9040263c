"""Why was a lead lost: one question for the board and the lead detail alike, offering the
common reasons (``COMMON_LOST_REASONS``) and taking the user's own words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from crm_desktop.domain.pipeline import COMMON_LOST_REASONS


class LostReasonDialog(QDialog):
    """Pick a common reason or type one; "Mark as lost" is enabled once there is a reason."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lostReasonDialog")
        self.setWindowTitle("Mark as lost")
        question = QLabel(f"Why was “{title}” lost?", self)
        question.setObjectName("lostReasonQuestion")
        question.setTextFormat(Qt.TextFormat.PlainText)
        question.setWordWrap(True)
        self.combo = QComboBox(self)
        self.combo.setObjectName("lostReasonCombo")
        self.combo.setAccessibleName("Reason")
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.combo.addItems(["", *COMMON_LOST_REASONS])
        if (line := self.combo.lineEdit()) is not None:
            line.setPlaceholderText("Pick a reason or type your own")
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton("Mark as lost", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("markLostButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.combo.editTextChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )
        self.ok_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(self.combo)
        layout.addWidget(buttons)
        self.resize(380, 130)
        self.combo.setFocus()

    def reason(self) -> str:
        return " ".join(self.combo.currentText().split())


def ask_lost_reason(parent: QWidget | None, title: str) -> str | None:
    """Ask why the lead ``title`` was lost and wait for the answer; None when cancelled."""
    dialog = LostReasonDialog(title, parent)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return (dialog.reason() or None) if accepted else None
    finally:
        dialog.deleteLater()
