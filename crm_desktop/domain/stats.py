"""Row counts for the status bar and ``crm-desktop stats``."""

from __future__ import annotations

from crm_desktop.store.models import Company, Contact, Interaction, Lead, Reminder, Staff


def summary() -> dict[str, int]:
    return {
        "contacts": Contact.select().where(Contact.deleted_at.is_null()).count(),
        "contacts_in_trash": Contact.select().where(Contact.deleted_at.is_null(False)).count(),
        "companies": Company.select().where(Company.deleted_at.is_null()).count(),
        "leads_open": Lead.select().where(Lead.status == "open", Lead.deleted_at.is_null()).count(),
        "leads_won": Lead.select().where(Lead.status == "won", Lead.deleted_at.is_null()).count(),
        "leads_lost": Lead.select().where(Lead.status == "lost", Lead.deleted_at.is_null()).count(),
        "interactions": Interaction.select().count(),
        "reminders_open": Reminder.select().where(Reminder.status == "open").count(),
        "staff": Staff.select().count(),
    }
