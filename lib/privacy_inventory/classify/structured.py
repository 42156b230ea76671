"""Personal data inside documents (JSON, jsonb, arrays, hstore, composite rows, XML): each path is classified like a column.

A `profile` jsonb column holding `{"contact": {"phone": ...}}` is a phone-number column at
`$.contact.phone`. The sampled documents are taken apart into leaves (path -> values), keys
included, and every path is given to the column classifier with its last key as the column name.
Documents cut short by the sampling limit are read as far as they go. Keys that look like data
(an e-mail as a key, a key seen in one document only) never appear in a path: they become `*`, and
the keys themselves are classified at `<path>.<keys>`.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from itertools import islice
from dataclasses import replace
from typing import Any

from privacy_inventory.classify import is_person_table
from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.names import match_name
from privacy_inventory.classify.tables import table_words
from privacy_inventory.classify.shapes import KEY_WORDS, VALUE_WORDS
from privacy_inventory.classify.tokens import tokenize
from privacy_inventory.models import Classification, ColumnContext

MAX_PATHS = 24  # paths classified per column, the most frequent first
MAX_DEPTH = 12
MAX_VALUES = 400  # values per path
EVIDENCE_PATHS = 6
NAME_ONLY, CLEAR = 0.7, 0.9  # a column verdict below NAME_ONLY gives way to a path found at CLEAR or above
_DOC_TYPES = ("JSON", "HSTORE", "ROW(", "ARRAY")  # PostgreSQL arrays, hstore and composite rows are sampled as to_jsonb(...)
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]{0,63}$")
_TOKEN = re.compile(r'\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(true|false|null)|([{}\[\]:,]))', re.S)
_SETTING_WORDS = frozenset({"setting", "settings", "preference", "preferences", "option", "options", "config", "prefs"})
ARRAY, DYNAMIC, KEYS = "[*]", "*", "<keys>"

Leaf = tuple[tuple[Any, ...], Any]  # raw path (keys, None for an array item) -> scalar value


def document_kind(data_type: str, values: Sequence[Any]) -> str | None:
    """'json' or 'xml' when the column holds documents (by its type, else by most sampled values), else None."""
    upper = (data_type or "").upper()
    if "XML" in upper:
        return "xml"
    if upper.endswith("]") or any(hint in upper for hint in _DOC_TYPES):
        return "json"
    if not _may_hold_documents(values):
        return None
    heads = [h for h in islice((t.lstrip()[:5] for t in values if type(t) is str), 50) if h]
    if not heads:
        return None
    if sum(1 for h in heads if h[0] in "{[") >= 0.5 * len(heads):
        return "json"
    if sum(1 for h in heads if h == "<?xml") >= 0.5 * len(heads):
        return "xml"
    return None


def _may_hold_documents(values: Sequence[Any]) -> bool:
    """False when no text value has a `{`, `[` or `<?xml` at all (then none starts a document): one pass in C."""
    try:
        joined = "".join(filter(None, values))
    except TypeError:  # something else than text among the values: the careful look decides
        return True
    return "{" in joined or "[" in joined or "<?xml" in joined


def json_leaves(text: str) -> list[Leaf]:
    """Scalars of a JSON document with their paths, read as far as the (maybe cut) text goes; no recursion."""
    leaves: list[Leaf] = []
    stack: list[list[Any]] = []  # [kind, current key, expecting a key]
    pos = 0
    while True:
        match = _TOKEN.match(text, pos)
        if match is None:
            return leaves
        pos = match.end()
        string, number, literal, punct = match.groups()
        top = stack[-1] if stack else None
        if punct in ("{", "["):
            if top is None and leaves:
                return leaves
            stack.append(["obj" if punct == "{" else "arr", None, punct == "{"])
        elif punct in ("}", "]"):
            if not stack:
                return leaves
            stack.pop()
            if not stack:
                return leaves
        elif punct == ":":
            if top is not None and top[0] == "obj":
                top[2] = False
        elif punct == ",":
            if top is not None and top[0] == "obj":
                top[2] = True
        elif top is None:
            return leaves  # a bare scalar is not a document
        elif top[0] == "obj" and top[2]:
            top[1] = _unescape(string) if string is not None else None
        elif len(stack) <= MAX_DEPTH:
            value = _unescape(string) if string is not None else (number if number is not None else (None if literal == "null" else literal))
            leaves.append((tuple(f[1] if f[0] == "obj" else None for f in stack), value))


def xml_leaves(text: str) -> list[Leaf]:
    """Element texts and attributes of an XML document with their paths, read as far as it parses (no entities fetched)."""
    parser = ET.XMLPullParser(events=("start", "end"))
    leaves: list[Leaf] = []
    path: list[str] = []
    try:
        parser.feed(text)
        for event, elem in parser.read_events():
            tag = elem.tag.rsplit("}", 1)[-1] if isinstance(elem.tag, str) else ""
            if event == "start":
                path.append(tag)
                leaves.extend(((*path, a.rsplit("}", 1)[-1]), v) for a, v in sorted(elem.attrib.items()))
            else:
                if elem.text and elem.text.strip() and len(elem) == 0:
                    leaves.append((tuple(path), elem.text.strip()))
                path.pop()
                elem.clear()
    except ET.ParseError:
        pass
    return leaves


def _unescape(raw: str) -> str:
    try:
        return json.loads(f'"{raw}"')
    except ValueError:
        return raw


def paths_and_values(docs: Sequence[list[Leaf]]) -> dict[str, list[Any]]:
    """Values by display path (`$.contact.phone`, `$.phones[*]`); data-like keys become `*`, and their values `.<keys>`."""
    need = min(2, len(docs))
    norm: list[dict[tuple[Any, ...], tuple[str, ...]]] = [{(): ()} for _ in docs]
    out: dict[str, list[Any]] = defaultdict(list)
    depth = 0
    while any(len(p) > depth for doc in docs for p, _ in doc):
        counts: Counter[tuple[tuple[str, ...], str]] = Counter()
        for i, doc in enumerate(docs):
            counts.update({(norm[i][p[:depth]], p[depth]) for p, _ in doc if len(p) > depth and p[depth] is not None})
        for i, doc in enumerate(docs):
            for p, _ in doc:
                if len(p) <= depth or p[: depth + 1] in norm[i]:
                    continue
                parent, key = norm[i][p[:depth]], p[depth]
                if key is None:
                    norm[i][p[: depth + 1]] = (*parent, ARRAY)
                elif _KEY.match(str(key)) and counts[(parent, key)] >= need:
                    norm[i][p[: depth + 1]] = (*parent, str(key))
                else:
                    norm[i][p[: depth + 1]] = (*parent, DYNAMIC)
                    out[_display((*parent, KEYS))].append(str(key))
        depth += 1
    for i, doc in enumerate(docs):
        for p, value in doc:
            out[_display(norm[i][p])].append(value)
    return dict(out)


def _display(parts: Sequence[str]) -> str:
    return "$" + "".join(part if part == ARRAY else f".{part}" for part in parts)


def _leaf_names(path: str, column: str) -> list[str]:
    """Column names a path is classified under: its last real key, then its last two (`name.first` -> `name_first`, `first_name`)."""
    parts = [p for p in re.split(r"\.|\[\*\]", path[1:]) if p and p not in (DYNAMIC, KEYS)]
    if not parts:
        return [column]
    return [parts[-1]] + ([f"{parts[-2]}_{parts[-1]}", f"{parts[-1]}_{parts[-2]}"] if len(parts) > 1 else [])


def _personal_keys(keys: Sequence[Any]) -> bool:
    """Whether the keys of `{"key": ..., "value": ...}` entries name a person's fields (`first_name`, `phone`)."""
    distinct = sorted({str(k) for k in keys if isinstance(k, str) and k.strip()})[:50]
    named = sum(1 for k in distinct if any(r.category and r.category != "user.account.settings" for r in match_name(k)[:1]))
    return bool(distinct) and named >= max(1, 0.3 * len(distinct))


def _setting_keys(ranked: Sequence[str], names: dict[str, list[str]], values: dict[str, list[Any]]) -> frozenset[str]:
    """Key paths of key/value entries whose keys name no person's field: options of a record, not facts about a person."""
    out = set()
    for path in ranked:
        toks = tokenize(names[path][0])
        if not toks or toks[-1] not in KEY_WORDS:
            continue
        parent = path.rsplit(".", 1)[0]
        has_value = any(q.rsplit(".", 1)[0] == parent and tokenize(names[q][0])[-1:] and tokenize(names[q][0])[-1] in VALUE_WORDS
                        for q in ranked if q != path)
        if has_value and not _personal_keys(values[path]):
            out.add(names[path][0])
    return frozenset(out)


def _persons_row(ctx: ColumnContext) -> bool:
    """A person's own row, or a membership row named after people that points at one (`company_user`, `team_member`)."""
    if ctx.table_role == "person":
        return True
    if ctx.table_role == "content":
        nouns = active().words("person_table_nouns")
        return bool(ctx.table_references_person) and any(w in nouns for w in table_words(ctx.table))
    return ctx.table_role is None and is_person_table(ctx.table, ctx.sibling_columns)


def _holds_answers(ctx: ColumnContext, verdict: Classification) -> bool:
    """The column's name says it keeps answers to a form or survey (`responses`, `answers`, `form_data`), no system's."""
    if ctx.table_role in ("organisation", "reference", "system") or verdict.category == "user.content.public":
        return False
    toks = tokenize(ctx.column)
    words = active().words("answer_document_words")
    return bool(toks) and (toks[-1] in words or " ".join(toks[-2:]) in words or " ".join(toks) in words)


def look_inside(ctx: ColumnContext, verdict: Classification, classify: Callable[[ColumnContext], Classification]) -> tuple[Classification, list[dict[str, Any]]]:
    """The column's verdict completed by what its documents hold, and the personal paths found (path, category, evidence)."""
    kind = document_kind(ctx.data_type, ctx.values)
    if kind is None:
        return verdict, []
    parse = json_leaves if kind == "json" else xml_leaves
    docs = [parse(v) for v in ctx.values if isinstance(v, str) and v.strip()]
    docs = [d for d in docs if d]
    if not docs:
        return verdict, []
    values = paths_and_values(docs)
    ranked = sorted((p for p in values if any(v is not None for v in values[p])), key=lambda p: (-len(values[p]), p))[:MAX_PATHS]
    names = {p: _leaf_names(p, ctx.column) for p in ranked}
    # Fields of the documents are columns of a table named after the column, each row belonging to the outer row;
    # bare items and data-like keys are the column's own values.
    owned = ctx.table_role != "business" and (ctx.table_references_person or is_person_table(ctx.table, ctx.sibling_columns))
    found: list[tuple[str, Classification]] = []
    settings = _setting_keys(ranked, names, values)  # `{"key": "theme", "value": 3}`: no person's key/value record
    for path in sorted(ranked):
        parent = path.rsplit(".", 1)[0]
        siblings = tuple(sorted({names[q][0] for q in ranked if q != path and q.rsplit(".", 1)[0] == parent} - settings))
        for name in names[path]:
            table = ctx.column if name != ctx.column else ctx.table
            leaf = classify(replace(ctx, table=table, column=name, data_type="", sibling_columns=siblings, primary_key=False, references=None,
                                    references_person_table=False, table_references_person=owned, values=tuple(values[path][:MAX_VALUES])))
            if leaf.category is not None:
                found.append((path, leaf))
                break
    what = "XML elements" if kind == "xml" else "document paths"
    if not found and settings and verdict.category is None and set(tokenize(ctx.column)) & _SETTING_WORDS and _persons_row(ctx):
        return replace(verdict, category="user.account.settings", confidence=0.55, evidence=(
            f"{len(docs)} sampled documents are key/value option entries ({', '.join(sorted(settings))}) in a person's "
            f"own row: that person's settings")), []
    if not found:
        return replace(verdict, evidence=f"{verdict.evidence}; inside {len(docs)} sampled documents: {len(ranked)} {what}, none personal"), []
    best_path, best = sorted(found, key=lambda f: (-f[1].confidence, f[0]))[0]
    shown = "; ".join(f"{p}: {c.evidence}" for p, c in found[:EVIDENCE_PATHS]) + (f"; and {len(found) - EVIDENCE_PATHS} more paths" if len(found) > EVIDENCE_PATHS else "")
    paths = [{"path": p, "category": c.category, "confidence": round(float(c.confidence), 2), "evidence": c.evidence} for p, c in found]
    if _holds_answers(ctx, verdict):  # the whole document is what the person answered, whatever fields it asked for
        return replace(verdict, category="user.content.private", confidence=max(0.7, round(float(verdict.confidence), 3)), evidence=(
            f"'{ctx.column}' holds a person's answers to a form ({len(found)} of {len(ranked)} {what} hold personal data, "
            f"{best_path} most clearly): one private document as a whole; inside: {shown}"),
            flags=tuple(sorted(set(verdict.flags) | {f for _, c in found for f in c.flags if f != "hidden_by_name"})),
            facts={**verdict.facts, **best.facts}), paths
    take = verdict.category is None or (verdict.confidence < NAME_ONLY and best.confidence >= CLEAR)  # a clear name keeps its category
    flags = set(verdict.flags) | {f for _, c in found for f in c.flags if f != "hidden_by_name"}
    merged = Classification(
        category=best.category if take else verdict.category,
        confidence=best.confidence if take else verdict.confidence,
        evidence=(f"{len(found)} of {len(ranked)} {what} hold personal data, {best_path} most clearly" if take else verdict.evidence) + f"; inside: {shown}",
        flags=tuple(sorted(flags)),
        facts={**verdict.facts, **(best.facts if take else {})},
    )
    return merged, paths
