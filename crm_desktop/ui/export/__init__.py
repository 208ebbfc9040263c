"""File > Export…: contacts to CSV or vCard, follow-ups to iCalendar."""

from crm_desktop.ui.export.dialog import ExportDialog, open_export_dialog

__all__ = ["ExportDialog", "open_export_dialog"]
