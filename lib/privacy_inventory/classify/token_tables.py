"""Tables of a person's tokens, judged from the reference graph: pointing at a person, or at another table of them.

`oauth_access_tokens` pointing at `users` holds that person's tokens; `oauth_refresh_tokens` points only at
`oauth_access_tokens`, and a refresh token belongs to whoever its access token belongs to (RFC 6749 section 1.5):
its rows are that person's tokens too (issue 11 class 10), not the system's.
"""

from __future__ import annotations

from typing import Callable, Sequence

from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tables import head_noun, table_words
from privacy_inventory.classify.tokens import singular, tokenize

TOKEN_NOUNS = frozenset({"token", "session", "code", "credential", "secret"})
PERSONS_TOKENS = "but its rows are a person's tokens"  # what the evidence of such a table says


def _holds_tokens(name: str) -> bool:
    """Named like a table of tokens, and not of an application's or a server's (`oauth_clients`, `smtp_tokens`)."""
    words = set(table_words(name))
    if head_noun(name) not in TOKEN_NOUNS and not words & active().words("credential_table_words"):
        return False
    return not (words & active().words("system_secret_words") - {"app", "application"} or "client" in words)


def person_tokens(name: str, subject: Sequence[str]) -> str | None:
    """Why a token table pointing at a person holds that person's tokens; None when it is not one."""
    if not subject or not _holds_tokens(name):
        return None
    return f"named '{head_noun(name)}', {PERSONS_TOKENS} (refers to {subject[0]})"


def chained_tokens(tables: Sequence, refs: dict[str, dict[str, tuple[str, bool]]],
                   role_of: Callable[[str], tuple[str, str]]) -> dict[str, str]:
    """Token tables (judged system tables, or nothing) that point at a table of a person's tokens: why each is one too.

    The pointer may be declared or named after the end of that table's name (`access_token_id` -> `oauth_access_tokens`).
    """
    personal = {name for name in refs if role_of(name)[0] == "content" and _holds_tokens(name)}
    by_words = {table_words(t.name): t.name for t in sorted(tables, key=lambda t: t.name)}
    out: dict[str, str] = {}
    for t in sorted(tables, key=lambda t: t.name):
        if role_of(t.name)[0] not in ("system", "other") or not _holds_tokens(t.name):
            continue
        for col in sorted(c.name for c in t.columns):
            target = refs[t.name].get(col, ("", False))[0] or _by_name_end(col, table_words(t.name), by_words)
            if target and target != t.name and target in personal:
                out[t.name] = (f"named '{head_noun(t.name)}', {PERSONS_TOKENS} through '{target}' ({col}), whose "
                               "tokens are a person's")
                break
    return out


def _by_name_end(column: str, own: tuple[str, ...], by_words: dict[tuple[str, ...], str]) -> str:
    """The table whose name ends in the column's words before `id` (`access_token_id` -> `oauth_access_tokens`);
    of several, the one whose name starts like the column's own table (`sync_access_tokens` for `sync_refresh_tokens`)."""
    toks = tuple(singular(t) for t in tokenize(column))
    if len(toks) < 3 or toks[-1] != "id":
        return ""
    stem = toks[:-1]
    found = [name for words, name in by_words.items() if len(words) > len(stem) and words[-len(stem):] == stem]
    if len(found) > 1:
        found = [name for name in found if table_words(name)[:1] == own[:1]]
    return found[0] if len(found) == 1 else ""
