"""Everything Qt. Never imports the store or peewee: it talks to the domain services."""
