"""Rows a person wrote: a column naming each row's author makes its table's text that person's, unless it is bookkeeping.

`creator_id` on a moderation report or `raised_by` on a grievance names the person who wrote the row, so the row's
reason and description are that person's words. The same word is bookkeeping when the application puts it on most of
its tables (OpenMRS's `creator`, a framework's `created_by` on every record, reference data included): then it says
who typed a row in, not whose words the row holds. The schema itself tells the two apart, by how many tables carry it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Mapping, Sequence

from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tables import head_noun, table_words
from privacy_inventory.classify.tokens import singular, tokenize

if TYPE_CHECKING:
    from privacy_inventory.classify.context import Context

_ID_WORDS = frozenset({"id", "ids", "uuid", "guid", "fk", "pk", "uid"})
# A column name on at least this share of the schema's tables (and on this many tables) is the schema's bookkeeping.
BOOKKEEPING_SHARE, BOOKKEEPING_MIN_TABLES = 0.4, 5


def author_column(column: str) -> bool:
    """`creator_id`, `reporter`, `raised_by`, `submittedBy`, `item_creator_id`: names who wrote the row."""
    toks = [t for t in tokenize(column) if not t.isdigit()]
    while toks and toks[-1] in _ID_WORDS:
        toks.pop()
    if not toks:
        return False
    if toks[-1] == "by":
        return len(toks) >= 2 and toks[-2] in active().words("authoring_verbs")
    return toks[-1] == singular(toks[-1]) and toks[-1] in active().words("author_nouns")  # `search_authors`: a list


def _key(column: str) -> str:
    """The column's words, so `creatorId` and `creator_id` count as one naming convention."""
    return " ".join(tokenize(column))


def bookkeeping_authors(tables: Sequence[Iterable[str]]) -> frozenset[str]:
    """Author columns the schema puts on most tables (a framework's `creator`): who typed a row in, not its author."""
    counts: dict[str, int] = {}
    for columns in tables:
        for key in {_key(c) for c in columns if author_column(c)}:
            counts[key] = counts.get(key, 0) + 1
    n = len(tables)
    return frozenset(k for k, c in counts.items() if c >= BOOKKEEPING_MIN_TABLES and c >= BOOKKEEPING_SHARE * n)


def written_by(columns: Iterable[str], bookkeeping: frozenset[str]) -> str | None:
    """The first column (in order) naming the person who wrote each row, bookkeeping columns aside."""
    return next((c for c in columns if author_column(c) and _key(c) not in bookkeeping), None)


def _named_thing(columns: Iterable[str]) -> bool:
    """A row with a `name` of its own is a thing its creator made (a group, a project, a feed), not their writing."""
    return any(tokenize(c) == ("name",) for c in columns)


def authored_tables(tables: Sequence[tuple[str, Sequence[str]]], role_of: Callable[[str], str],
                    refs: Mapping[str, Mapping[str, tuple[str, bool]]] | None = None,
                    audit: Callable[[str], bool] = lambda col: False) -> dict[str, str]:
    """Tables whose rows a person wrote or filed: {table: why}. Only in a schema that has people.

    Rows of no other role that name their author (`creator_id`), and tables named like a system's application
    whose rows point at a person and hold no software's settings (`registration_application.local_user_id`)."""
    if not any(role_of(name) == "person" for name, _ in tables):
        return {}
    bookkeeping = bookkeeping_authors([columns for _, columns in tables])
    out = {}
    for name, columns in tables:
        column = written_by(columns, bookkeeping) if role_of(name) == "other" and not _named_thing(columns) else None
        if column is not None:
            carried = sum(1 for _, cols in tables if any(_key(c) == _key(column) for c in cols))
            out[name] = (f"rows written by a person: '{column}' names each row's author (on {carried} of "
                         f"{len(tables)} tables: not bookkeeping the schema puts on every record)")
        elif role_of(name) == "system" and head_noun(name) in active().words("filing_nouns"):
            filer = _filer(columns, (refs or {}).get(name, {}), role_of, audit)
            if filer is not None:
                out[name] = (f"named '{head_noun(name)}', but its rows point at a person ({filer}) and hold no "
                             "software's settings or secrets: what that person filed, not an installed application")
    return out


def _filer(columns: Sequence[str], refs: Mapping[str, tuple[str, bool]], role_of: Callable[[str], str],
           audit: Callable[[str], bool]) -> str | None:
    """`table.column` of the person a filed row points at (not an audit actor), when no column is a software's."""
    software = active().words("software_app_words")
    if any(set(tokenize(c)) & software for c in columns):
        return None
    return next((f"{target} by '{col}'" for col, (target, _) in sorted(refs.items())
                 if role_of(target) == "person" and not audit(col)), None)


def nobodys_text(c: "Context") -> str | None:
    """Why a text column's table holds no one's words: its rows name no person (no author, owner, sender or subject).

    A login banner or an organisation's notice board is text, but nobody's personal data; when its values are not
    text people write either (titles, stock phrases), nothing says a person is behind it. None when someone is."""
    from privacy_inventory.classify.context import owned_by_person
    from privacy_inventory.classify.publicity import message_parties

    ctx = c.ctx
    siblings = tuple(ctx.sibling_columns)
    if c.person_table or ctx.table_subjects or ctx.record_of or owned_by_person(ctx.table, siblings) \
            or any(author_column(s) for s in siblings) or message_parties(siblings) is not None:
        return None
    return f"the rows of '{ctx.table}' name no person (no author, owner or person they are about): no one's words"


_THING_KEYS = frozenset({"id", "code", "number", "key", "uuid", "no", "ref"})
_TITLE_WORDS = frozenset({"title", "desc", "description", "summary", "subject", "heading"})


def copied_title(c: "Context") -> str | None:
    """`course_title` beside `course_code`: the title of the course the row points at, copied in; nobody's words.

    Names, titles and descriptions of things are not personal (CONVENTIONS.md); a row that keeps the title of another
    thing next to that thing's code or id copies it from there. Not the row's own thing (`goal_title` in a goals table),
    nor a post, message or person, whose words or names it may copy."""
    toks = c.tokens
    if len(toks) < 2 or toks[-1] not in _TITLE_WORDS:
        return None
    thing = singular(toks[-2])
    k = active()
    people_or_text = (k.words("public_content_nouns") | k.words("private_content_nouns") | k.words("attached_content_nouns")
                      | k.words("person_ref_nouns") | k.words("owner_nouns"))
    if thing in people_or_text or thing in {singular(w) for w in table_words(c.ctx.table)}:
        return None
    for sibling in c.ctx.sibling_columns:
        stoks = tokenize(sibling)
        if sibling != c.ctx.column and len(stoks) >= 2 and stoks[-1] in _THING_KEYS and singular(stoks[-2]) == thing:
            return (f"the {toks[-1]} of the {thing} that '{sibling}' names, copied into the row (a thing's title, not "
                    "text a person wrote)")
    return None


def copies_published(c: "Context") -> bool:
    """`original_post_body` in a report: the text of a published post, copied; public like the post itself."""
    return any(singular(t) in active().words("published_nouns") for t in c.tokens[:-1])
