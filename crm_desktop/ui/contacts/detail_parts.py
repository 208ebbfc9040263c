"""Parts of the contact detail panel: how a lead, a follow-up, a birthday, links and tags read;
the panel's colours in light and dark palettes; and its small building blocks (banners, labels,
the list sections with their empty states)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date, tzinfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.contact_overview import FollowUpLine, LeadLine
from crm_desktop.domain.contacts import ContactDetail
from crm_desktop.ui.common.money import money
from crm_desktop.ui.common.theme import link
from crm_desktop.ui.contacts.detail_empty import MUTED, empty_style

_LIGHT: dict[str, str] = {
    "muted": MUTED[False],
    "warn_bg": "#fef7e0",
    "warn": "#f9ab00",
    "warn_text": "#7a4100",
    "overdue": "#c5221f",
    "chip_bg": "#d2e3fc",
    "chip": "#174ea6",
}
_DARK: dict[str, str] = {
    "muted": MUTED[True],
    "warn_bg": "#3a3220",
    "warn": "#b08d2f",
    "warn_text": "#fde293",
    "overdue": "#f28b82",
    "chip_bg": "#233a5e",
    "chip": "#d2e3fc",
}
# lifecycle: (background, text)
_BADGES_LIGHT = {
    "lead": ("#c6dafc", "#0b3d91"),
    "prospect": ("#e4c9fa", "#5b1682"),
    "customer": ("#b7e1c1", "#0b4f24"),
    "former": ("#d5d7da", "#3c4043"),
}
_BADGES_DARK = {
    "lead": ("#233a5e", "#d2e3fc"),
    "prospect": ("#3f2a52", "#e9d2fd"),
    "customer": ("#1e3d2a", "#ceead6"),
    "former": ("#3c4043", "#e8eaed"),
}


def colors(dark: bool) -> dict[str, str]:
    return _DARK if dark else _LIGHT


def lead_text(lead: LeadLine) -> str:
    parts = [lead.title, lead.stage_name]
    if lead.value_minor:
        parts.append(money(lead.value_minor, lead.currency))
    if lead.status == "open" and lead.expected_close is not None:
        parts.append(f"closes {lead.expected_close:%d %b %Y}")
    return " · ".join(parts)


def follow_up_text(item: FollowUpLine, local: tzinfo) -> str:
    when = item.remind_at.astimezone(local)
    flag = "Overdue · " if item.overdue else ""
    return f"{flag}{when:%a %d %b %Y, %H:%M} · {item.title}"


def birthday_text(birthday: date | None, today: date) -> str:
    if birthday is None:
        return ""
    age = today.year - birthday.year - ((today.month, today.day) < (birthday.month, birthday.day))
    shown = f"{birthday.day} {birthday:%B %Y}"
    return f"{shown} · age {age}" if 0 <= age < 130 else shown


def address_title(label: str) -> str:
    """The address row's title: "Address", or with its label, "Work address"."""
    label = " ".join(label.split())
    return f"{label[:1].upper()}{label[1:]} address" if label else "Address"


def links(scheme: str, values: Sequence[tuple[str, str]]) -> str:
    """Rich text with one clickable ``mailto:``/``tel:`` link per line and its label after it."""
    lines = []
    for label, value in values:
        target = value if scheme == "mailto:" else _dialable(value)
        tail = f" <span style='color:gray'>{html.escape(label)}</span>" if label else ""
        lines.append(link(scheme + target, value) + tail)
    return "<br>".join(lines)


def chips(tags: Sequence[str], dark: bool) -> str:
    c = colors(dark)
    return "&nbsp; ".join(
        f"<span style='background-color:{c['chip_bg']}; color:{c['chip']};'>"
        f"&nbsp;{html.escape(tag)}&nbsp;</span>"
        for tag in tags
    )


def style_sheet(dark: bool) -> str:
    c = colors(dark)
    badges = _BADGES_DARK if dark else _BADGES_LIGHT
    lifecycle = "\n".join(
        f'QLabel#lifecycleBadge[lifecycle="{name}"] {{ background: {bg}; color: {fg}; }}'
        for name, (bg, fg) in badges.items()
    )
    return f"""
        QLabel#lifecycleBadge {{ border-radius: 9px; padding: 2px 10px; font-weight: 600; }}
        {lifecycle}
        QFrame#trashedBanner, QFrame#doNotContactBanner {{
            background: {c["warn_bg"]}; border: 1px solid {c["warn"]}; border-radius: 6px;
        }}
        QFrame#trashedBanner QLabel, QFrame#doNotContactBanner QLabel {{
            background: transparent; border: none; color: {c["warn_text"]};
        }}
        QLabel#contactMeta, QLabel#contactSubtitle, QLabel[role="hint"] {{ color: {c["muted"]}; }}
        {empty_style(dark)}
    """


def subtitle(detail: ContactDetail) -> str:
    """“Title at Company”, the company a link (``company:<id>``)."""
    company = (
        link(f"company:{detail.company_id}", detail.company_name) if detail.company_name else ""
    )
    title = html.escape(detail.title)
    if title and company:
        return f"{title} at {company}"
    return title or company


def none_yet(what: str, can_edit: bool) -> str:
    return f"<i>No {what} yet.{' Press F2 to add one.' if can_edit else ''}</i>"


def info_label(name: str, selectable: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def banner(name: str, text: str) -> tuple[QFrame, QHBoxLayout]:
    """A tinted strip with a message; buttons can be added to the returned layout."""
    frame = QFrame()
    frame.setObjectName(name)
    label = QLabel(text, frame)
    label.setObjectName(f"{name}Text")
    label.setWordWrap(True)  # a narrow panel wraps the message rather than widening the window
    layout = QHBoxLayout(frame)
    layout.setContentsMargins(12, 6, 8, 6)
    layout.addWidget(label, 1)
    return frame, layout


class ListSection(QWidget):
    """A heading with an “add” button, a short list, and a line saying what to do when empty.

    The list is ``name``; its rows carry their id in ``UserRole``; ``activated(id)`` on Enter
    or double-click.
    """

    add_clicked = Signal()
    activated = Signal(int)
    MAX_ROWS = 6  # taller lists scroll inside

    def __init__(self, name: str, title: str, add: str, empty: str) -> None:
        super().__init__()
        heading = QLabel(title, self)
        heading.setObjectName(f"{name}Heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.add_button = QPushButton(add, self)
        self.add_button.setObjectName(f"{name}AddButton")
        self.add_button.setFlat(True)
        self.add_button.clicked.connect(self.add_clicked)
        self.items = QListWidget(self)
        self.items.setObjectName(name)
        self.items.setAlternatingRowColors(True)
        self.items.itemActivated.connect(
            lambda item: self.activated.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.empty = QLabel(empty, self)
        self.empty.setObjectName(f"{name}Empty")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.empty.setProperty("role", "hint")
        row = QHBoxLayout()
        row.addWidget(heading)
        row.addStretch(1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(row)
        layout.addWidget(self.items)
        layout.addWidget(self.empty)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def fill(self, rows: Sequence[tuple[int, str, QColor | None]]) -> None:
        self.items.clear()
        for row_id, text, color in rows:
            item = QListWidgetItem(text, self.items)
            item.setData(Qt.ItemDataRole.UserRole, row_id)
            if color is not None:
                item.setForeground(QBrush(color))
        self.empty.setVisible(not rows)
        self.items.setVisible(bool(rows))
        if rows:
            shown = min(len(rows), self.MAX_ROWS)
            frame = 2 * self.items.frameWidth()
            self.items.setFixedHeight(self.items.sizeHintForRow(0) * shown + frame + 2)


def _dialable(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"+{digits}" if phone.strip().startswith("+") else digits
