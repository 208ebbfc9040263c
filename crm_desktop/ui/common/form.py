"""The pieces every editor dialog shares: its heading, a field with its message line under it,
the Save/Cancel row with Ctrl+Enter, the "Discard changes?" question. (A typing pause:
``timers.debounce``.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def heading(parent: QWidget, name: str, text: str = "") -> QLabel:
    """The dialog's title line: larger and bold."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    return as_title(label, 1.35)


def as_title(label: QLabel, scale: float) -> QLabel:
    """Make ``label`` a title: ``scale`` times its size, and bold."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def problem_label(parent: QWidget, name: str) -> QLabel:
    """A field's message line, hidden while there is nothing to say."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setProperty("role", "problem")
    label.setWordWrap(True)
    label.hide()
    return label


def stacked(parent: QWidget | None, *parts: QWidget | QHBoxLayout, spacing: int = 2) -> QWidget:
    """Fields (widgets or rows of them) with their message line underneath, as one widget."""
    box = QWidget(parent)
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(spacing)
    for part in parts:
        if isinstance(part, QWidget):
            layout.addWidget(part)
        else:
            layout.addLayout(part)
    return box


@dataclass(frozen=True)
class SaveRow:
    layout: QHBoxLayout
    save: QPushButton
    cancel: QPushButton


def save_row(dialog: QDialog, hint_name: str, save: Callable[[], object]) -> SaveRow:
    """The hint, Save (also Ctrl+Enter) and Cancel (Esc: the dialog's reject) at the bottom."""
    buttons = QDialogButtonBox(dialog)
    save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
    save_button.setObjectName("saveButton")
    save_button.setDefault(True)
    save_button.setToolTip("Save (Ctrl+Enter)")
    cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
    cancel_button.setObjectName("cancelButton")
    cancel_button.setToolTip("Close without saving (Esc)")
    save_button.clicked.connect(save)
    cancel_button.clicked.connect(dialog.reject)
    hint = QLabel("Ctrl+Enter saves · Esc cancels", dialog)
    hint.setObjectName(hint_name)
    hint.setProperty("role", "hint")
    row = QHBoxLayout()
    row.addWidget(hint, 1)
    row.addWidget(buttons)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog).activated.connect(save)
    return SaveRow(row, save_button, cancel_button)


def confirm_discard(parent: QWidget, question: str) -> bool:
    """Ask before unsaved edits are thrown away; True when the user says to discard them."""
    answer = QMessageBox.question(
        parent,
        "Discard changes?",
        question,
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Discard
