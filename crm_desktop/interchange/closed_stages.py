"""What a deal's stage name says of its status: won or lost ("Closed Won", "Verloren"), and
also when the status word is not the name's last, as in Zoho's standard stage "Closed-Lost to
Competition"."""

from __future__ import annotations

from crm_desktop.interchange.words import fold, status_of_stage


def closed_status(stage: str) -> str:
    """ "won" or "lost" when a stage's name says the deal was won or lost, else ""."""
    found = status_of_stage(stage)
    if found:
        return found
    # Only right after "Closed" ("Closed-Lost to Competition", "Closed Won - paid"): a word
    # elsewhere may say something else ("Win-back", "Lost and found").
    words = fold(stage).split()
    if len(words) > 2 and words[0] == "closed":
        return status_of_stage(words[1])
    return ""
