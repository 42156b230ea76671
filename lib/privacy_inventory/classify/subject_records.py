"""A table named with a system word whose rows point at people of a kind (contacts, patients), not at the app's users."""

from __future__ import annotations

from typing import Sequence

from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.ownership import GENERIC_PEOPLE
from privacy_inventory.classify.tables import head_noun, table_words


def system_named_record(table: str, subject: Sequence[str]) -> tuple[str, str] | None:
    """(role, why) when a `task` or `job` row points at a contact or patient by that table's key: a record about them.

    A queue's job or a cron task acts for the application's accounts (`users`) when it names a person at all; one
    that points at a kind of person the application keeps records about (not its own logins) is one of those records
    (a to-do about a contact, a follow-up task of a patient). Settings tables keep their role: a person's settings are
    decided elsewhere."""
    kinds = [s for s in subject if head_noun(s) not in GENERIC_PEOPLE]
    if not kinds or set(table_words(table)) & active().words("settings_table_nouns"):
        return None
    return "content", (f"named '{head_noun(table)}' (a system word), but its rows point at {kinds[0]}, people the "
                       "application keeps records about, not its own accounts: records about that person")
