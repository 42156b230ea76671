"""Pictures among sampled values: image bytes, base64 image data, data: URIs and links to image files.

A photo stored in a person's row looks like a secret to an entropy test (30 distinct random-looking strings), but its
first bytes say what it is: PNG, JPEG, GIF, WebP, HEIC/AVIF and TIFF files start with fixed magic numbers, and base64
keeps them readable once its first characters are decoded.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from typing import Any, Iterable

from privacy_inventory.classify.context import Candidate, Context, ref_noun
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tables import head_noun, table_words
from privacy_inventory.classify.tokens import singular

# (magic bytes, offset, format): the file signatures of the common picture formats.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG"), (b"\xff\xd8\xff", 0, "JPEG"), (b"GIF87a", 0, "GIF"), (b"GIF89a", 0, "GIF"),
    (b"WEBP", 8, "WebP"), (b"ftypheic", 4, "HEIC"), (b"ftypheix", 4, "HEIC"), (b"ftypmif1", 4, "HEIC"),
    (b"ftypavif", 4, "AVIF"), (b"II*\x00", 0, "TIFF"), (b"MM\x00*", 0, "TIFF"),
)
_DATA_URI = re.compile(r"^data:image/[a-z0-9.+-]+[;,]", re.I)
_IMAGE_LINK = re.compile(r"^(?:https?://|/|\.{0,2}/?[\w.-]+/)[^\s?#]*\.(?:jpe?g|png|gif|webp|heic|avif|bmp|tiff?|svg)"
                         r"(?:[?#]\S*)?$", re.I)
_SVG = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<svg[\s>]", re.I)
_B64_HEAD = re.compile(r"^[A-Za-z0-9+/]{16}")


def _format_of_bytes(head: bytes) -> str | None:
    """The picture format whose signature `head` starts with, else None."""
    if head[:4] == b"RIFF" and head[8:12] != b"WEBP":
        return None  # RIFF holds WAV and AVI too
    for magic, offset, name in _MAGIC:
        if head[offset:offset + len(magic)] == magic:
            return name
    return None


def image_format(value: Any) -> str | None:
    """'PNG', 'JPEG', ... for image bytes, base64 image data or a data: URI; 'link' for a URL or path to an image file."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return _format_of_bytes(bytes(value[:16]))
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) < 16 and "." not in text and ":" not in text and text[:1] != "<":
        return None  # no data: URI, SVG, 16-character base64 head or file extension can be in it
    # Each pattern needs a character (`:`, `<`, `.`) or a length that a quick test rules out first.
    if ":" in text and _DATA_URI.match(text):
        return "data URI"
    if "<" in text and _SVG.match(text):
        return "SVG"
    if len(text) >= 16 and _B64_HEAD.match(text):
        try:
            found = _format_of_bytes(base64.b64decode(text[:16], validate=True))
        except (binascii.Error, ValueError):
            found = None
        if found is not None:
            return found
    if "." in text and _IMAGE_LINK.match(text) and len(text) <= 2048:
        return "link"
    return None


def image_share(values: Iterable[Any]) -> tuple[int, int, bool]:
    """(values that are pictures, non-null values, whether any is the picture's data rather than a link to it)."""
    hits = total = 0
    data = False
    for value, times in _distinct(values):
        if value is None or value == "":
            continue
        total += times
        kind = image_format(value)
        if kind is not None:
            hits += times
            data = data or kind != "link"
    return hits, total, data


def _distinct(values: Iterable[Any]) -> Iterable[tuple[Any, int]]:
    """(value, how often) for each distinct value, so a repeated one is looked at once; value by value if unhashable."""
    seq = values if isinstance(values, (tuple, list)) else list(values)
    try:
        return Counter(seq).items()
    except TypeError:  # a bytearray
        return [(value, 1) for value in seq]


def is_image_text(text: str) -> bool:
    """Base64 image data, a data: URI or an SVG document: a picture, never a secret."""
    kind = image_format(text)
    return kind is not None and kind != "link"


_PAYLOAD = frozenset({"data", "payload", "blob", "content", "image", "img", "file", "filename", "path", "url", "uri", "bytes",
                      "base64", "binary", "body", "src", "raw", "picture", "photo", "thumbnail", "thumb"})
_IMAGE_WORDS = frozenset({"image", "img", "pic", "picture", "photo"})  # `employee_image`, `user_img`: the person's picture
_PROPERTY = frozenset({"size", "type", "width", "height", "mime", "hash", "checksum", "count", "format", "default",
                       "color", "colour", "alt", "caption", "crop", "position", "x", "y", "id", "ids"})


def _picture_table(c: Context) -> bool:
    """The table is named after pictures of people (`avatars`, `user_photos`, `profile_pictures`)."""
    nouns = active().words("picture_nouns")
    return head_noun(c.ctx.table) in nouns or any(w in nouns for w in table_words(c.ctx.table)[-2:])


def picture_candidate(c: Context) -> Candidate | None:
    """A picture stored in (or linked from) a person's row, or the payload of a person's pictures table: a self-image."""
    if c.org_table or not (c.person_table or c.belongs):
        return None
    toks = c.tokens
    if not toks or set(toks) & _PROPERTY:
        return None
    named = bool({singular(t) for t in toks} & active().words("picture_nouns")) or (
        singular(toks[-1]) in _IMAGE_WORDS and len(toks) > 1 and (ref_noun(toks[:-1]) or "profile" in toks))
    hits, total, data = image_share(c.ctx.values)
    if total >= 3 and hits >= 0.8 * total:
        what = "image files (PNG/JPEG/GIF/WebP data by their first bytes)" if data else "links to image files"
        if c.person_table or named or _picture_table(c):
            where = f"person table '{c.ctx.table}'" if c.person_table else f"'{c.ctx.table}', which belongs to a person"
            return Candidate("user.content.self_image", 0.7, f"{hits}/{total} sampled values are {what} in {where}: "
                             "a picture of the person", "values")
        return None
    if _picture_table(c) and toks[-1] in _PAYLOAD and not (total and hits < 0.2 * total and c.prepared.texts and
                                                          all(" " in t for t in c.prepared.texts[:24])):
        return Candidate("user.content.self_image", 0.6, f"'{c.ctx.column}' holds the picture itself in "
                         f"'{c.ctx.table}', a table of pictures that belongs to a person", "values")
    return None
