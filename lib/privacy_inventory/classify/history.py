"""Behaviour logs of one person: in a viewing or rating history, the content reference is what the person consumed."""

from __future__ import annotations

from privacy_inventory.classify.context import ID_TOKENS, Candidate, Context
from privacy_inventory.classify.tables import MEDIA_TABLES
from privacy_inventory.classify.tables import table_words
from privacy_inventory.classify.tokens import singular, tokenize

# Things people watch, listen to, read or play.
MEDIA_NOUNS = frozenset({
    "film", "movie", "video", "episode", "show", "series", "season", "track", "song", "album", "media", "title",
    "book", "audiobook", "ebook", "podcast", "programme", "program", "clip", "recording", "lecture", "lesson",
    "course", "game", "stream", "trailer", "documentary", "music", "artist", "playlist", "channel", "asset",
})
# Table words of a person's consumption log (history, ratings, watch-later and favourites lists).
HISTORY_WORDS = MEDIA_TABLES | frozenset({
    "history", "later", "rating", "favorite", "favourite", "download", "queue", "continue", "seen", "scrobble",
    "listening", "reading", "read", "played", "heard", "consumption", "resume",
})


def content_ref(column: str) -> str | None:
    """The media noun a column refers to (`film_id`, `filmId`, `episode`), else None."""
    toks = tokenize(column)
    if len(toks) > 1 and toks[-1] in ID_TOKENS:
        toks = toks[:-1]
    if len(toks) != 1:
        return None
    noun = singular(toks[0])
    return noun if noun in MEDIA_NOUNS else None


def media_candidate(c: Context) -> Candidate | None:
    """The one content reference of a consumption log that belongs to a person -> user.behavior.media_consumption."""
    if not c.belongs or c.person_table:
        return None
    words = set(table_words(c.ctx.table))
    if not words & HISTORY_WORDS:
        return None
    noun = content_ref(c.ctx.column)
    if noun is None:
        return None
    refs = sorted(s for s in c.ctx.sibling_columns if content_ref(s) is not None)
    if refs and refs[0] != c.ctx.column:
        return None  # one column per table: the first content reference stands for the record
    return Candidate("user.behavior.media_consumption", 0.75,
                     f"'{c.ctx.column}' names the {noun} in '{c.ctx.table}', a person's viewing, rating or "
                     "watch-list log", "key")
