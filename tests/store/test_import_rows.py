"""The bulk helpers an import writes with."""

from __future__ import annotations

import time
import uuid

from crm_desktop.store.import_rows import new_uids


def test_new_uids_are_unique_time_ordered_version_7_uuids() -> None:
    before = time.time_ns() // 1_000_000
    made = new_uids(70_000)
    after = time.time_ns() // 1_000_000
    assert len(set(made)) == len(made) == 70_000
    assert made == sorted(made)  # rows written in this order append to each uid index
    for text in (made[0], made[12_345], made[-1]):
        value = uuid.UUID(text)
        assert (value.version, value.variant) == (7, uuid.RFC_4122)
        assert before <= value.int >> 80 <= after  # the Unix time in milliseconds
        assert len(text) == 32 and text == text.lower()
    assert new_uids(0) == []
