"""A tiny standalone HTML writer (inline CSS, no JS, no CDN) where every piece of text is escaped."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from urllib.parse import quote

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #1d2733; line-height: 1.45; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #345; padding-bottom: .3rem; }
h2 { font-size: 1.25rem; margin-top: 2.2rem; border-bottom: 1px solid #ccd; }
h3 { font-size: 1.05rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #ccd3dd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #dde4ee; }
tr:nth-child(even) td { background: #f6f8fb; }
dl { display: grid; grid-template-columns: minmax(12rem, 18rem) 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.flag { color: #a40000; font-weight: 600; }
.note { color: #556; font-size: .9rem; }
ul.plain { margin: 0; padding-left: 1.1rem; }
"""

FLAG_MARKERS = ("MISSING:", "WARNING:", "draft, not confirmed")


class Markup(str):
    """Text that is already HTML (built by this module), so it is not escaped a second time."""


def esc(value: object) -> Markup:
    """Escape any value for HTML text or attribute use; Markup passes through unchanged."""
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def element(tag: str, *children: object, cls: str | None = None, anchor: str | None = None) -> Markup:
    """`<tag class=.. id=..>children</tag>`, with every non-Markup child escaped."""
    attrs = "".join(f' {name}="{esc(value)}"' for name, value in (("id", anchor), ("class", cls)) if value)
    return Markup(f"<{tag}{attrs}>{''.join(esc(c) for c in children)}</{tag}>")


def text_block(value: object, flag_markers: Sequence[str] = FLAG_MARKERS) -> Markup:
    """A value as HTML: a list becomes a bullet list, newlines become <br>, text with a marker (MISSING:) is highlighted."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, (list, tuple)):
        if not value:
            return Markup("")
        if len(value) == 1:
            return text_block(value[0], flag_markers)
        return element("ul", *(element("li", text_block(v, flag_markers)) for v in value), cls="plain")
    text = "" if value is None else str(value)
    body = Markup("<br>".join(esc(line) for line in text.split("\n")))
    if any(marker in text for marker in flag_markers):
        return element("span", body, cls="flag")
    return body


def table(header: Sequence[str], rows: Iterable[Sequence[object]], caption: str | None = None) -> Markup:
    """A table with a header row; cells may be text, numbers, lists or Markup."""
    head = element("tr", *(element("th", h) for h in header))
    body = [element("tr", *(element("td", text_block(cell)) for cell in row)) for row in rows]
    parts = [element("caption", caption)] if caption else []
    return element("table", *parts, element("thead", head), element("tbody", *body))


def definition_list(pairs: Iterable[tuple[str, object]]) -> Markup:
    """Label/value pairs as a two-column definition list (one activity's record, for instance)."""
    items: list[Markup] = []
    for label, value in pairs:
        items += [element("dt", label), element("dd", text_block(value))]
    return element("dl", *items)


def section(title: str, *body: object, anchor: str | None = None, level: int = 2) -> Markup:
    """A titled section; `anchor` makes it linkable from a table of contents."""
    return element("section", element(f"h{level}", title), *body, anchor=anchor)


def link_list(links: Iterable[tuple[str, str]]) -> Markup:
    """A bullet list of in-page links (anchor, label), e.g. a table of contents."""
    items = [Markup(f'<li><a href="#{esc(anchor)}">{esc(label)}</a></li>') for anchor, label in links]
    return element("ul", *items)


def page(title: str, *body: object, subtitle: str | None = None) -> str:
    """A complete standalone HTML document (UTF-8, inline CSS, no scripts), ending with a newline."""
    intro = [element("p", subtitle, cls="note")] if subtitle else []
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"{element('h1', title)}\n"
        + "".join(f"{esc(part)}\n" for part in (*intro, *body))
        + "</body>\n</html>\n"
    )


def href(path: str) -> str:
    """A relative link target, percent-encoded (works from file:// and any static server)."""
    return quote(path, safe="/")


def join(*parts: object) -> Markup:
    """Concatenate pieces of HTML, escaping every piece that is not already Markup."""
    return Markup("".join(esc(p) for p in parts))


def link(path: str, label: object) -> Markup:
    """A relative link; the label is escaped unless it is Markup (an image, say)."""
    return Markup(f'<a href="{esc(href(path))}">{esc(label)}</a>')


def badge(value: str) -> Markup:
    """A severity, level or verdict as a coloured label that still reads as text (not colour alone)."""
    return element("span", value, cls=f"sev sev-{value.lower().replace(' ', '-')}")


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 table`, `2 tables`, `3 data categories`."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"
