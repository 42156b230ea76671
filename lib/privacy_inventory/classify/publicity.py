"""Whether the text people write in a table is published: posts are; comments, replies, entries only on published things.

A comment under a forum post or a blog article is public like the post; a comment on a task, a ticket, a student's
marking period or a contact is read by the people who work on that record, so it is private. The table's own name
(`post_comments`) or a reference to the thing commented on (`post_id`, `id_article`) says which.
"""

from __future__ import annotations

from functools import lru_cache

from privacy_inventory.classify.knowledge import active, register_cache
from privacy_inventory.classify.tables import content_kind, head_noun, table_words
from privacy_inventory.classify.tokens import singular, tokenize

_LINK_WORDS = frozenset({"id", "ids", "uuid", "guid", "fk", "key"})


@register_cache
def _clear() -> None:
    content_of.cache_clear()


def _commented_on(siblings: tuple[str, ...]) -> list[str]:
    """The things a reply's row points at by name (`task_id` -> task, `id_post` -> post), sorted."""
    found = set()
    for sibling in siblings:
        toks = tuple(t for t in tokenize(sibling) if not t.isdigit())
        if len(toks) >= 2 and toks[-1] in _LINK_WORDS:
            found.add(singular(toks[-2]))
        elif len(toks) >= 2 and toks[0] == "id":
            found.add(singular(toks[1]))
    return sorted(found)


_SENDER = frozenset({"from", "sender", "author", "poster"})
_RECIPIENT = frozenset({"to", "recipient", "recipients", "receiver", "addressee", "bcc", "cc"})
_PARTY_REST = frozenset({"user", "users", "id", "ids", "uid", "address", "addresses", "member", "members", "person",
                         "email", "multiple", "name", "contact", "group"})


def _party(toks: tuple[str, ...], words: frozenset[str]) -> bool:
    """`from_user`, `to_address`, `sender_id`, `recipient`: a party of a message, not `to_date` or `from_stock`."""
    return bool(toks) and toks[0] in words and all(t in _PARTY_REST or t in words for t in toks[1:])


def message_parties(siblings: tuple[str, ...]) -> tuple[str, str] | None:
    """(sender column, recipient column) when the rows are messages from one person to another, else None."""
    sender = recipient = None
    for sibling in siblings:
        toks = tuple(t for t in tokenize(sibling) if not t.isdigit())
        if sender is None and _party(toks, _SENDER):
            sender = sibling
        elif recipient is None and _party(toks, _RECIPIENT):
            recipient = sibling
    return (sender, recipient) if sender and recipient else None


@lru_cache(maxsize=8192)
def content_of(table: str, siblings: tuple[str, ...]) -> tuple[str | None, str]:
    """('public' | 'private' | None, why in words when a reply's table decided it) for the text of this table."""
    kind = content_kind(table)
    parties = message_parties(siblings) if kind is None else None
    if parties is not None:
        return "private", f" (messages: rows of '{table}' have a sender '{parties[0]}' and a recipient '{parties[1]}')"
    replies = active().words("attached_content_nouns")
    if kind != "public" or head_noun(table) not in replies:
        return kind, ""
    published = active().words("public_content_nouns") - replies
    named = [w for w in table_words(table)[:-1] if w in published]
    if named:
        return "public", f" (replies to a published {named[0]})"
    targets = _commented_on(siblings)
    on_public = [t for t in targets if t in published]
    if on_public:
        return "public", f" (replies to a published {on_public[0]}: '{head_noun(table)}' rows point at it)"
    others = [t for t in targets if t not in replies and t not in active().words("person_ref_nouns")]
    what = f"'{others[0]}' records" if others else "records that are not published posts"
    return "private", f" (comments on {what}, read by the people working on them: not published)"
