"""Read a published privacy policy (Markdown or plain text) into sentences, then into declarations."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from privacy_inventory.errors import InventoryError
from privacy_inventory.safe_files import decode_bom, read_regular
from privacy_inventory.policy.declarations import (
    ChildrenStatement,
    PolicyDeclarations,
    PolicyStatement,
    RetentionStatement,
    TransferStatement,
)
from privacy_inventory.policy.lexicon import Lexicon, TermMatch, load_lexicon, match_entries, parse_period

MAX_BYTES = 5_000_000
_ABBREVIATIONS = {"e.g.", "i.e.", "etc.", "inc.", "ltd.", "co.", "no.", "mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "approx.", "art.", "cf."}
_ENGLISH = set(
    "the of and to in a is that for it as with be by on not this are or from at which we you your our us "
    "may will can have has information data personal any such use other if about when what how".split()
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_LIST_MARK = re.compile(r"^(?:\\?-\s*|[*+•]\s+|\d{1,3}[.)]\s+)")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the policy: its text, its headings, and where it is."""

    section: str
    section_path: tuple[str, ...]
    index: int
    line: int
    text: str


def clean_inline(text: str) -> str:
    """Remove Markdown/HTML markup from one line, keeping the words a reader sees."""
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!>])", r"\1", text)
    text = text.replace("**", "").replace("__", "").replace("`", "")
    text = re.sub(r"(?<!\w)\*(\S[^*]*?)\*(?!\w)", r"\1", text)
    return " ".join(text.split())


def _heading(raw: str, next_line: str) -> tuple[int, str] | None:
    """Return (level, title) when a line is a heading: #, **bold line**, ALL CAPS, setext or a short label."""
    stripped = raw.strip()
    m = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", stripped)
    if m:
        return len(m.group(1)), clean_inline(m.group(2))
    if re.fullmatch(r"(=+|-+)", next_line.strip()) and stripped and not _LIST_MARK.match(stripped):
        return (1 if next_line.strip().startswith("=") else 2), clean_inline(stripped)
    if re.fullmatch(r"(\*\*|__)[^*_]+(\*\*|__):?", stripped):
        return 2, clean_inline(stripped).rstrip(":")
    text = clean_inline(stripped)
    words = text.split()
    if not words or len(words) > 10 or len(text) > 90:
        return None
    if text.isupper() and any(c.isalpha() for c in text):
        return 2, text
    dashed = bool(re.match(r"^\\?-\s*\S", stripped))
    if dashed and len(words) <= 12 and not text.endswith((".", "!", "?", ";", ",")):
        return 3, _LIST_MARK.sub("", text).rstrip(":").strip()
    if text[-1] not in ".!?;:,)" and (text[0].isupper() or text[0].isdigit()):
        return 4, text
    return None


def split_sentences(text: str) -> list[Sentence]:
    """Split a policy into sentences, each with its section path, 1-based index and line number."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    path: list[tuple[int, str]] = []
    sentences: list[Sentence] = []
    para: list[str] = []
    para_line = 0

    def flush() -> None:
        nonlocal para
        if para:
            body = clean_inline(" ".join(para))
            for part in _split_paragraph(body):
                titles = tuple(t for _, t in path)
                sentences.append(Sentence(titles[-1] if titles else "", titles, len(sentences) + 1, para_line, part))
        para = []

    for i, raw in enumerate(lines):
        stripped = raw.strip()
        if stripped.startswith(">"):
            stripped = stripped.lstrip("> ").strip()
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not stripped or re.fullmatch(r"(=+|-{3,}|\*{3,}|_{3,})", stripped):
            flush()
            continue
        head = None if para else _heading(stripped, nxt)
        if head and head[1]:
            flush()
            level, title = head
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, title))
            continue
        if _LIST_MARK.match(stripped) and para:
            flush()
        if not para:
            para_line = i + 1
        para.append(_LIST_MARK.sub("", stripped) if not para else stripped)
    flush()
    return sentences


def _split_paragraph(body: str) -> list[str]:
    """Split one paragraph at sentence ends, not after abbreviations like "e.g." or "U.S."."""
    parts: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(body):
        before = body[start : m.start()].split()
        last = before[-1].lower().strip("\"'”’)(") if before else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.){2,}", last):
            continue
        parts.append(body[start : m.start()].strip())
        start = m.end()
    parts.append(body[start:].strip())
    return [p for p in parts if p]


def english_ratio(text: str) -> float:
    """Share of words that are common English function words (about 0.3-0.5 for English prose)."""
    words = re.findall(r"[^\W\d_]+", text.lower())
    return sum(w in _ENGLISH for w in words) / len(words) if words else 0.0


def _check_text(text: str, source: str) -> None:
    """Refuse empty or binary input with one clear line."""
    if not text or not text.strip():
        raise InventoryError(source, "privacy policy is empty")
    sample = text[:20000]
    if "\x00" in sample:
        raise InventoryError(source, "not a text file (binary content); expected a Markdown or plain-text privacy policy")
    controls = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    letters = sum(1 for c in sample if c.isalpha())
    if controls > len(sample) * 0.02 or letters < len(sample) * 0.3:
        raise InventoryError(source, "not readable text (binary or garbled content); expected a Markdown or plain-text privacy policy")


def _statement(s: Sentence, term: str, key: str, related: tuple[str, ...] = ()) -> PolicyStatement:
    """Tie a recognised key to its sentence, so every declaration can be traced to the wording."""
    return PolicyStatement(s.section, s.index, s.text, term, key, s.line, related)


def _add(target: dict[str, list[PolicyStatement]], st: PolicyStatement) -> None:
    """Add a statement once per (key, sentence)."""
    if all(x.index != st.index for x in target[st.key]):
        target[st.key].append(st)


def _recognise(s: Sentence, lex: Lexicon, out: dict[str, dict[str, list[PolicyStatement]]]) -> None:
    """Recognise categories, purposes, recipients and denials in one sentence."""
    text = s.text
    denied = {k for k, rx in lex.denials.items() if rx.search(text)}
    cats = match_entries(lex.categories, text)
    related = tuple(sorted({k for m in cats for k in m.keys}))
    for m in cats:
        for key in m.keys:
            _add(out["not_collected" if "collect" in denied else "categories"], _statement(s, m.term, key))
    for m in match_entries(lex.purposes, text):
        for key in m.keys:
            _add(out["purposes"], _statement(s, m.term, key, related))
    for kind in sorted(denied):
        _add(out["denials"], _statement(s, f"denial: {kind}", kind, related))
    if denied & {"sell", "share"} or lex.source_context.search(text):
        return
    sharing = bool(lex.sharing_verbs.search(text))
    for name, rtype in lex.recipient_types.items():
        hits = match_entries(rtype.entries, text)
        if not hits and sharing and s.section:
            hits = [TermMatch(f"{h.term} (heading)", h.keys, h.start, h.end) for h in match_entries(rtype.entries, s.section)]
        if hits:
            _add(out["recipient_types"], _statement(s, hits[0].term, name, related))


def _transfer(s: Sentence, lex: Lexicon) -> TransferStatement | None:
    """A transfer statement when the sentence speaks of international transfer, with safeguards and destinations."""
    hit = next((p.search(s.text) for p in lex.transfer_patterns if p.search(s.text)), None)
    safeguards = tuple(sorted(k for k, rx in lex.safeguards.items() if rx.search(s.text)))
    destinations = tuple(sorted(k for k, rx in lex.destinations.items() if rx.search(s.text)))
    if hit is not None:
        return TransferStatement(_statement(s, hit.group(0).lower(), "transfer"), safeguards, destinations)
    # Under a transfers heading, a sentence naming a safeguard is a transfer statement even without the word "transfer".
    under_heading = any(p.search(t) for t in s.section_path for p in lex.transfer_patterns) or any(
        "transfer" in t.lower() for t in s.section_path)
    if under_heading and safeguards:
        return TransferStatement(_statement(s, f"{safeguards[0].replace('_', ' ')} (heading)", "transfer"), safeguards, destinations)
    return None


def _retention(s: Sentence, lex: Lexicon) -> RetentionStatement | None:
    """A retention statement: a keep/retain/delete verb plus a period, or any such verb under a retention heading."""
    if not lex.retention_verbs.search(s.text):
        return None
    period = parse_period(s.text, lex)
    under_heading = any("retention" in t.lower() or "retain" in t.lower() for t in s.section_path)
    if period is None and not under_heading:
        return None
    term = lex.retention_verbs.search(s.text).group(0).lower()  # type: ignore[union-attr]
    return RetentionStatement(_statement(s, term, "retention"), period)


def _children(s: Sentence, lex: Lexicon) -> ChildrenStatement | None:
    """A children statement with the minimum age it names and what it promises."""
    rx = lex.children
    mention = rx["mention"].search(s.text) if "mention" in rx else None
    if mention is None:
        return None
    age_m = rx["min_age"].search(s.text) if "min_age" in rx else None
    age = int(age_m.group("age") or age_m.group("age2")) if age_m else None
    flags = {k: bool(rx[k].search(s.text)) for k in ("not_knowingly", "not_directed", "deletes") if k in rx}
    st = _statement(s, mention.group(0).lower(), "children")
    return ChildrenStatement(st, age, flags.get("not_knowingly", False), flags.get("not_directed", False), flags.get("deletes", False))


def parse_policy_text(text: str, source: str, lexicon: Lexicon | None = None) -> PolicyDeclarations:
    """Turn policy text into declarations; InventoryError(source, ...) when nothing can be read from it."""
    _check_text(text, source)
    lex = lexicon or load_lexicon()
    sentences = split_sentences(text)
    out: dict[str, dict[str, list[PolicyStatement]]] = {
        k: defaultdict(list) for k in ("categories", "purposes", "recipient_types", "denials", "not_collected")
    }
    decl = PolicyDeclarations(source=source, sentence_count=len(sentences))
    for s in sentences:
        _recognise(s, lex, out)
        for item, target in ((_transfer(s, lex), decl.transfers), (_retention(s, lex), decl.retention), (_children(s, lex), decl.children)):
            if item is not None:
                target.append(item)  # type: ignore[arg-type]
    for name, data in out.items():
        setattr(decl, name, dict(data))
    decl.sections = list(dict.fromkeys(t for s in sentences for t in s.section_path))
    ratio = english_ratio(" ".join(s.text for s in sentences))
    if ratio < 0.12:
        if decl.statement_count < 5:
            raise InventoryError(source, "no English privacy-policy statements recognised (the text looks like another language; the lexicon covers English)")
        decl.warnings.append(f"the text is mostly not English ({ratio:.0%} common English words); statements may be missing")
    if decl.statement_count == 0:
        raise InventoryError(source, "no privacy-policy statements recognised (no data categories, purposes, recipients, transfers, retention or children statements)")
    return decl.sorted()


def read_policy(path: Path, lexicon: Lexicon | None = None) -> PolicyDeclarations:
    """Read a policy file (UTF-8 Markdown or text) into declarations; every failure is one InventoryError line."""
    source = str(path)
    data = read_regular(Path(path), source, "privacy-policy file (.md or .txt)", MAX_BYTES)
    if len(data) > MAX_BYTES:
        raise InventoryError(source, f"privacy-policy file is larger than {MAX_BYTES // 1_000_000} MB; expected a text policy")
    text = decode_bom(data, source)
    if text is None:
        if b"\x00" in data[:20000]:
            raise InventoryError(source, "not a text file (binary content); expected a Markdown or plain-text privacy policy")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return parse_policy_text(text, source, lexicon)
