"""Break opportunities inside very long tokens of a page's tables, so printed columns wrap at spaces, not inside words.

CSS `overflow-wrap: anywhere` lets a table cell shrink to one letter, and Chromium then sizes narrow columns so that
ordinary words break mid-word. Instead the print copy keeps words whole (`overflow-wrap: break-word`, which does not
shrink a column) and gives only tokens longer than LONG characters (keys such as `retention:imvbox.session_log`,
URLs, category lists without spaces) `<wbr>` break points after their punctuation, or every CHUNK characters.
"""

from __future__ import annotations

import re

LONG = 22  # a token longer than this may break inside (a word of this length still fits a narrow column)
CHUNK = 16  # longest run without a break point inside a long token
_TABLE = re.compile(r"(<table\b.*?</table>)", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")
_RUN = re.compile(r"[^\s<>]{%d,}" % (LONG + 1))
_UNIT = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);|.", re.S)
_AFTER = frozenset("_./:-,;=?#@|+\\)]}")
_SKIP = ("<style", "<script", "<svg", "<math")


def _break_token(token: str) -> str:
    """`<wbr>` after punctuation once a few characters have passed, and at least every CHUNK characters."""
    out: list[str] = []
    since = 0
    units = _UNIT.findall(token)
    for i, unit in enumerate(units):
        out.append(unit)
        since += 1
        last = i == len(units) - 1
        if not last and ((unit in _AFTER and since >= 4) or since >= CHUNK):
            out.append("<wbr>")
            since = 0
    return "".join(out)


def _break_text(text: str) -> str:
    return _RUN.sub(lambda m: _break_token(m.group(0)), text)


def _break_table(html: str) -> str:
    parts = _TAG.split(html)
    skipping = 0
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            low = part.lower()
            if low.startswith(_SKIP):
                skipping += 1
            elif skipping and low.startswith(tuple("</" + s[1:] for s in _SKIP)):
                skipping -= 1
        elif part and not skipping:
            parts[i] = _break_text(part)
    return "".join(parts)


def soft_break_tables(html: str) -> str:
    """The page with `<wbr>` break points inside the long tokens of its tables' text (tags, styles, scripts untouched)."""
    return _TABLE.sub(lambda m: _break_table(m.group(1)), html)
