"""The store: SQLite through Peewee. No Qt here."""
