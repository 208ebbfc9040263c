"""The CRM's rules in plain Python over the store. No Qt here."""
