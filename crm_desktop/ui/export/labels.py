"""The words of the export dialog's choices: what to export, in which format, which contacts,
vCard version and calendar style."""

from __future__ import annotations

WHAT_LABELS = {"contacts": "Contacts", "deals": "Deals", "followups": "Follow-ups"}
# The formats each kind of export is written in, the first the one to switch to.
WHAT_FORMATS = {
    "contacts": ("csv", "xlsx", "vcard"),
    "deals": ("csv", "xlsx"),
    "followups": ("ics",),
}
FORMAT_LABELS = {
    "csv": "CSV spreadsheet (Excel, Google Contacts, Outlook)",
    "xlsx": "Excel workbook (.xlsx: Excel, Numbers, LibreOffice, Google Sheets)",
    "vcard": "vCard address book (phones, Apple Contacts, Thunderbird)",
    "ics": "iCalendar follow-ups (Outlook, Google Calendar, Apple Calendar)",
}
VERSION_LABELS = {"3.0": "3.0: most address books", "4.0": "4.0: the newer standard"}
# Events first, the default: every calendar takes them, while Outlook and Google Calendar skip
# an .ics file's to-dos, and a follow-up exported there would be lost without a word.
STYLE_LABELS = {
    "event": "15-minute events (Outlook, Google Calendar, Apple Calendar)",
    "todo": "To-dos with an alarm (Apple Reminders, Thunderbird; Outlook and Google skip them)",
}
WHICH_LABELS = {
    "all": "All contacts",
    "filtered": "The contacts the list shows now, with its search and filters",
    "selected": "The selected contacts",
}
