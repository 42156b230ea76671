"""Records joined to a person by a link table (`meeting_attendee(meeting_id, client_id)`): that person's records too."""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

from privacy_inventory.classify.tokens import tokenize

Hop = tuple[str, str, str]
_KEY_WORDS = frozenset({"id", "ids", "uuid", "guid", "fk", "pk"})
_STAMP_WORDS = frozenset({"created", "updated", "modified", "deleted", "at", "on", "date", "time", "timestamp", "ts"})
_AUDIT_DATE = frozenset({"created", "updated", "modified", "deleted", "changed", "inserted", "synced", "last"})
_DATE_WORDS = frozenset({"at", "date", "on", "time", "day", "when"})


def is_link_row(columns: Sequence[str], linked: set[str]) -> bool:
    """Only keys and audit stamps beside the references: a row that joins two records and says nothing itself."""
    return len(linked) >= 2 and all(c in linked or set(tokenize(c)) <= (_KEY_WORDS | _STAMP_WORDS) for c in columns)


def has_own_date(columns: Sequence[str]) -> bool:
    """A date of its own (`happened_at`, `meeting_date`), not an audit stamp: an event or a record, not a label."""
    for c in columns:
        toks = set(tokenize(c))
        if toks & _DATE_WORDS and not toks & _AUDIT_DATE and len(toks) > 1:
            return True
    return False


def linked_records(names: Sequence[str], columns: Mapping[str, Sequence[str]],
                   edges: Mapping[str, Sequence[tuple[str, tuple[str, bool]]]], paths: Mapping[str, tuple[Hop, ...]],
                   people: set[str], role_of: Callable[[str], str], is_audit: Callable[[str], bool]) -> dict[str, tuple[Hop, ...]]:
    """Tables a link row of a person's joins to that person, with the path in words.

    `meeting_attendee` points at a client and at a meeting and holds nothing else: each meeting is a record about the
    clients it links. Only a table with a date of its own (an event, a call, an activity) is taken so: a `tag` or a
    `group` joined the same way is a label many people share, not one of their records. Reference data, settings,
    organisations and system tables are never reached."""
    out: dict[str, tuple[Hop, ...]] = {}
    for link in names:
        path = paths.get(link)
        if path is None or len(path) != 1:
            continue
        linked = {col for col, _ in edges.get(link, ())}
        if not is_link_row(columns.get(link, ()), linked):
            continue
        for col, (target, _) in edges.get(link, ()):
            if target in paths or target in out or target in people or target == link or is_audit(col):
                continue
            if role_of(target) not in ("content", "other") or not has_own_date(columns.get(target, ())):
                continue
            out[target] = ((target, f"id <- {link}.{col}", link),) + path
    return out
