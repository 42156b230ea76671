"""The subject and body of a message between people are what they wrote, whatever a settings word in the name says."""

from __future__ import annotations

from privacy_inventory.classify.context import Candidate, Context
from privacy_inventory.classify.publicity import message_parties

_TEXT = frozenset({"body", "subject", "text", "content", "message", "html", "plain", "markdown"})


def message_text(c: Context, chosen: Candidate) -> Candidate | None:
    """`mail_body` in a table whose rows go from one person to another: a private message, not an e-mail template."""
    if chosen.category is not None or chosen.source != "name" or c.org_table or not c.tokens:
        return None
    if c.tokens[-1] not in _TEXT or c.ctx.primary_key or c.ctx.references:
        return None
    parties = message_parties(tuple(c.ctx.sibling_columns))
    if parties is None:
        return None
    return Candidate("user.content.private", 0.65, f"'{c.ctx.column}' is the {c.tokens[-1]} of a message: rows of "
                     f"'{c.ctx.table}' go from '{parties[0]}' to '{parties[1]}' (a message a person wrote, not an "
                     "e-mail template or setting)", "name")
