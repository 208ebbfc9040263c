"""The tables: their columns. The indexes (and every other piece of DDL) are made by
``migrations.py``, step by step, which is the schema's one history.

Every table of user data carries a stable ``uid`` beside its integer key and a ``version``
counter bumped on every update, for the day laptops sync with a team server. Deleted rows leave
a ``Tombstone``. Contacts, companies and leads are soft-deleted first (``deleted_at``).
"""

from __future__ import annotations

import peewee

from crm_desktop.store.db import database
from crm_desktop.store.fields import DayField, TimestampField
from crm_desktop.store.values import new_uid


class BaseModel(peewee.Model):
    id = peewee.AutoField()
    uid = peewee.CharField(max_length=32, unique=True, default=new_uid)
    version = peewee.IntegerField(default=1)
    created_at = TimestampField()
    updated_at = TimestampField()

    class Meta:
        database = database
        legacy_table_names = False


class Staff(BaseModel):
    name = peewee.CharField()
    email = peewee.CharField(default="")
    role = peewee.CharField(default="")
    is_default = peewee.BooleanField(default=False)


class Company(BaseModel):
    name = peewee.CharField()
    sort_name = peewee.CharField()
    website = peewee.CharField(default="")
    industry = peewee.CharField(default="")
    phone = peewee.CharField(default="")
    address = peewee.TextField(default="")
    notes = peewee.TextField(default="")
    owner = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    owner_id: int | None
    deleted_at = TimestampField(null=True)
    # Kept by store.denormalised so every list column sorts through an index.
    people_count = peewee.IntegerField(default=0)  # living contacts who work there
    tag_names = peewee.CharField(default="")  # "customer, vip": the tags in name order


class Contact(BaseModel):
    first_name = peewee.CharField(default="")
    last_name = peewee.CharField(default="")
    display_name = peewee.CharField()
    sort_name = peewee.CharField()  # casefolded "last first", the list's default order
    title = peewee.CharField(default="")
    company = peewee.ForeignKeyField(Company, null=True, on_delete="SET NULL", index=True)
    company_id: int | None
    primary_email = peewee.CharField(default="")  # denormalised for the list view
    primary_phone = peewee.CharField(default="")
    address = peewee.TextField(default="")
    address_label = peewee.CharField(default="")  # "home", "work"... as e-mails' and phones'
    birthday = DayField(null=True)
    preferred_channel = peewee.CharField(default="")
    do_not_contact = peewee.BooleanField(default=False)
    source = peewee.CharField(default="")
    referred_by = peewee.ForeignKeyField("self", null=True, on_delete="SET NULL")
    referred_by_id: int | None
    lifecycle = peewee.CharField(default="lead")
    owner = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    owner_id: int | None
    personal_notes = peewee.TextField(default="")
    preferences = peewee.TextField(default="")
    stay_in_touch_days = peewee.IntegerField(null=True)
    last_contacted_at = TimestampField(null=True)
    deleted_at = TimestampField(null=True)
    # Kept by store.denormalised so every list column sorts and filters through an index.
    company_sort = peewee.CharField(default="")  # the company's sort_name, "" without one
    tag_names = peewee.CharField(default="")  # "customer, vip": the tags in name order
    next_due_at = TimestampField(null=True)  # the earliest open follow-up's remind_at


class ContactEmail(BaseModel):
    contact = peewee.ForeignKeyField(Contact, backref="emails", on_delete="CASCADE", index=True)
    contact_id: int
    label = peewee.CharField(default="")
    email = peewee.CharField()
    email_key = peewee.CharField(index=True)  # casefolded, for duplicate finding
    position = peewee.IntegerField(default=0)


class ContactPhone(BaseModel):
    contact = peewee.ForeignKeyField(Contact, backref="phones", on_delete="CASCADE", index=True)
    contact_id: int
    label = peewee.CharField(default="")
    phone = peewee.CharField()
    phone_key = peewee.CharField(index=True)  # digits only, for duplicate finding
    position = peewee.IntegerField(default=0)


class Tag(BaseModel):
    name = peewee.CharField(unique=True)  # stored casefolded-unique through name_key
    name_key = peewee.CharField(unique=True)


class ContactTag(BaseModel):
    contact = peewee.ForeignKeyField(Contact, on_delete="CASCADE")
    contact_id: int
    tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE", index=True)
    tag_id: int


class CompanyTag(BaseModel):
    company = peewee.ForeignKeyField(Company, on_delete="CASCADE")
    company_id: int
    tag = peewee.ForeignKeyField(Tag, on_delete="CASCADE", index=True)
    tag_id: int


class Pipeline(BaseModel):
    name = peewee.CharField()
    position = peewee.IntegerField(default=0)
    is_default = peewee.BooleanField(default=False)


STAGE_KINDS = ("open", "won", "lost")


class Stage(BaseModel):
    pipeline = peewee.ForeignKeyField(Pipeline, backref="stages", on_delete="CASCADE")
    pipeline_id: int
    name = peewee.CharField()
    position = peewee.IntegerField(default=0)
    probability = peewee.IntegerField(default=0)  # percent, 0..100
    kind = peewee.CharField(default="open")
    rotting_days = peewee.IntegerField(null=True)


class Lead(BaseModel):
    title = peewee.CharField()
    contact = peewee.ForeignKeyField(Contact, null=True, on_delete="SET NULL", index=True)
    contact_id: int | None
    company = peewee.ForeignKeyField(Company, null=True, on_delete="SET NULL", index=True)
    company_id: int | None
    pipeline = peewee.ForeignKeyField(Pipeline, on_delete="RESTRICT")
    pipeline_id: int
    stage = peewee.ForeignKeyField(Stage, on_delete="RESTRICT")
    stage_id: int
    position = peewee.IntegerField(default=0)  # order within its column
    value_minor = peewee.IntegerField(default=0)  # money in minor units (cents)
    currency = peewee.CharField(max_length=3, default="EUR")
    expected_close = DayField(null=True)
    source = peewee.CharField(default="")
    owner = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    owner_id: int | None
    next_step = peewee.CharField(default="")
    status = peewee.CharField(default="open")  # open, won, lost
    probability = peewee.IntegerField(default=0)
    closed_at = TimestampField(null=True)
    lost_reason = peewee.CharField(default="")
    stage_entered_at = TimestampField()
    deleted_at = TimestampField(null=True)
    notes = peewee.TextField(default="")  # what else there is to know: the other side's needs


class StageChange(BaseModel):
    lead = peewee.ForeignKeyField(Lead, backref="stage_changes", on_delete="CASCADE")
    lead_id: int
    from_stage = peewee.ForeignKeyField(Stage, null=True, on_delete="SET NULL")
    from_stage_id: int | None
    to_stage = peewee.ForeignKeyField(Stage, on_delete="RESTRICT")
    to_stage_id: int
    changed_at = TimestampField()
    changed_by = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    changed_by_id: int | None
    seconds_in_previous = peewee.IntegerField(default=0)  # how long it sat in from_stage


INTERACTION_KINDS = ("call", "email", "meeting", "note", "message", "visit")


class Interaction(BaseModel):
    contact = peewee.ForeignKeyField(Contact, backref="interactions", on_delete="CASCADE")
    contact_id: int
    lead = peewee.ForeignKeyField(Lead, null=True, on_delete="SET NULL", index=True)
    lead_id: int | None
    kind = peewee.CharField()
    direction = peewee.CharField(default="")  # inbound, outbound or empty
    subject = peewee.CharField(default="")
    body = peewee.TextField(default="")
    occurred_at = TimestampField()
    duration_minutes = peewee.IntegerField(null=True)
    outcome = peewee.CharField(default="")
    staff = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    staff_id: int | None


RECURRENCE_UNITS = ("days", "weeks", "months", "years")


class Reminder(BaseModel):
    title = peewee.CharField()
    note = peewee.TextField(default="")
    due_at = TimestampField()
    remind_at = TimestampField()  # due_at, or snoozed_until when snoozed: what fires
    assignee = peewee.ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    assignee_id: int | None
    contact = peewee.ForeignKeyField(Contact, null=True, on_delete="CASCADE", index=True)
    contact_id: int | None
    lead = peewee.ForeignKeyField(Lead, null=True, on_delete="CASCADE", index=True)
    lead_id: int | None
    status = peewee.CharField(default="open")  # open, done, cancelled
    snoozed_until = TimestampField(null=True)
    recur_every = peewee.IntegerField(null=True)
    recur_unit = peewee.CharField(null=True)
    notified_at = TimestampField(null=True)
    completed_at = TimestampField(null=True)
    # The occurrence of a recurring reminder whose completion brought this one.
    follows = peewee.ForeignKeyField(
        "self", null=True, on_delete="SET NULL", index=True, backref="followers"
    )
    follows_id: int | None


class Tombstone(peewee.Model):
    """What was deleted outright, so a sync can tell the server."""

    id = peewee.AutoField()
    table = peewee.CharField()
    uid = peewee.CharField(max_length=32, index=True)
    deleted_at = TimestampField()

    class Meta:
        database = database
        table_name = "tombstone"


class ImportBatch(peewee.Model):
    """One import of one file: what it was, how it went, and whether it was undone."""

    id = peewee.AutoField()
    uid = peewee.CharField(max_length=32, unique=True, default=new_uid)
    file_name = peewee.CharField()
    source = peewee.CharField(default="")  # the preset recognised: "google", "vcard", ...
    mode = peewee.CharField(default="create")  # create, upsert (create and update), update
    started_at = TimestampField()
    finished_at = TimestampField(null=True)
    created_count = peewee.IntegerField(default=0)
    updated_count = peewee.IntegerField(default=0)
    skipped_count = peewee.IntegerField(default=0)
    rejected_count = peewee.IntegerField(default=0)
    report = peewee.TextField(default="")  # JSON: the rejected rows, line and reason
    reverted_at = TimestampField(null=True)

    class Meta:
        database = database
        table_name = "import_batch"


class ImportItem(peewee.Model):
    """A row an import created or updated; ``before`` (JSON) holds an updated row as it was."""

    id = peewee.AutoField()
    batch = peewee.ForeignKeyField(ImportBatch, backref="items", on_delete="CASCADE")
    table = peewee.CharField()
    row_id = peewee.IntegerField()
    action = peewee.CharField()  # created, updated
    before = peewee.TextField(null=True)

    class Meta:
        database = database
        table_name = "import_item"
        indexes = ((("batch", "table", "row_id"), False),)


class ExternalKey(peewee.Model):
    """An id another program gave one of our rows ("hubspot:contact:1234"), so that importing
    that program's file again matches the row instead of duplicating it."""

    id = peewee.AutoField()
    table = peewee.CharField()
    row_id = peewee.IntegerField()
    key = peewee.CharField()

    class Meta:
        database = database
        table_name = "external_key"
        indexes = ((("table", "key"), True), (("table", "row_id"), False))


class MergeRecord(peewee.Model):
    """One merge of two contacts, kept so that it can be taken back after the app was closed:
    ``record`` (JSON) holds both contacts' rows as they were before it, the rows it moved, and
    the kept contact as the merge left it (to tell whether it was changed since)."""

    id = peewee.AutoField()
    uid = peewee.CharField(max_length=32, unique=True, default=new_uid)
    merged_at = TimestampField()
    keep_id = peewee.IntegerField()  # not foreign keys: a record outlives a contact deleted
    drop_id = peewee.IntegerField()
    kept_name = peewee.CharField()  # the two names as they were before the merge
    dropped_name = peewee.CharField()
    record = peewee.TextField()
    undone_at = TimestampField(null=True)

    class Meta:
        database = database
        table_name = "merge_record"


USER_TABLES: tuple[type[peewee.Model], ...] = (
    Staff,
    Company,
    Contact,
    ContactEmail,
    ContactPhone,
    Tag,
    ContactTag,
    CompanyTag,
    Pipeline,
    Stage,
    Lead,
    StageChange,
    Interaction,
    Reminder,
)
ALL_TABLES: tuple[type[peewee.Model], ...] = (
    *USER_TABLES,
    Tombstone,
    ImportBatch,
    ImportItem,
    ExternalKey,
    MergeRecord,
)
