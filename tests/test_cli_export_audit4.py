"""``crm-desktop export`` audited against the programs that open its files: Outlook imports only
the events of an iCalendar file and skips its to-dos without a word, so ``--events`` says it is
the choice for Outlook as well as for Google Calendar."""

from __future__ import annotations

import argparse

from crm_desktop import cli_export


def test_the_events_option_says_it_is_the_one_for_outlook_and_google_calendar() -> None:
    commands = argparse.ArgumentParser(prog="crm-desktop").add_subparsers()
    cli_export.add_parser(commands, argparse.ArgumentParser(add_help=False))
    shown = " ".join(commands.choices["export"].format_help().split())
    assert "instead of to-dos (for Outlook and Google Calendar, which ignore to-dos)" in shown
