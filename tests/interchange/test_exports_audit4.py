"""The exports audited against the programs that take them in, which are stricter than our own
importer: Excel opening a Google or Outlook CSV, calendar and address book readers (RFC 5545 and
RFC 6350 TEXT), Excel's limits on a workbook's cells."""

from __future__ import annotations

import pytest

from crm_desktop.interchange import csv_writer


@pytest.mark.parametrize(
    "value",
    [
        "-2+3+cmd|' /C calc'!A0",  # OWASP's example: sums before the link to another program
        '+1+HYPERLINK("https://evil.example","Click")',
        "@A1+cmd|' /C calc'!A0",
        "-1*SUM(A1:A9)",
        "+$A$1&cmd|' /C calc'!A0",
    ],
)
def test_a_formula_behind_numbers_and_operators_is_defused_for_google_and_outlook(
    value: str,
) -> None:
    assert csv_writer.defused_for_import([value]) == ["'" + value]


@pytest.mark.parametrize(
    "value",
    ["+81-3-1234-5678 ext. 123", "+1 (555) 010-9999 x12", "- send the offer (today)", "-5 A1"],
)
def test_what_only_looks_like_one_still_goes_as_it_is(value: str) -> None:
    assert csv_writer.defused_for_import([value]) == [value]
