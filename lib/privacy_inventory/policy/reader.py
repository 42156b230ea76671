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


def _statement(s: Sentence, term: str, key: str, related: tuple[str, ...] = (), condition: str = "") -> PolicyStatement:
    """Tie a recognised key to its sentence, so every declaration can be traced to the wording."""
    return PolicyStatement(s.section, s.index, s.text, term, key, s.line, related, condition)


def _add(target: dict[str, list[PolicyStatement]], st: PolicyStatement) -> None:
    """Add a statement once per (key, sentence)."""
    if all(x.index != st.index for x in target[st.key]):
        target[st.key].append(st)


_CLAUSE_END = re.compile(r"[;:]|\s[-–—]\s|,\s+(?=(?:as|because|since|while|whereas|but|so)\b)|\s+but\s+", re.IGNORECASE)


def clause_span(text: str, pos: int) -> tuple[int, int]:
    """The clause of a sentence around one position: between semicolons, colons, dashes or a "but"/"as" turn."""
    start, end = 0, len(text)
    for m in _CLAUSE_END.finditer(text):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """Blank out spans (keeping offsets), so nothing is read from them."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _names_controller(fragment: str, controller: tuple[str, ...]) -> bool:
    """True when a fragment names the controller itself (its legal or short name)."""
    return any(n and re.search(rf"(?<!\w){re.escape(n)}(?!\w)", fragment, re.IGNORECASE) for n in controller)


_DEFINED = re.compile(r"((?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*)\s*\(\s*((?:[\"“'‘][^\"”’)]{1,40}[\"”'’]\s*,?\s*(?:or\s+|and\s+)?)+)\)")
_PROPER_SUBJECT = re.compile(r"(?:^|[,;]\s*|\b(?:and|but|so|while|whereas)\s+)((?-i:[A-Z])[\w&.+-]*(?:\s+(?-i:[A-Z])[\w&.+-]*){0,3})\s*$")
_NOT_NAMES = {"we", "our", "us", "i", "it", "this", "that", "these", "those", "the", "you", "your", "they", "if", "when", "where", "but", "and"}


def controller_names(text: str) -> tuple[str, ...]:
    """Names a policy gives its controller: `Fernly Finance DAC ("Fernly", "we")` and brand-like names (IMVBox) it repeats."""
    names: set[str] = set()
    for m in _DEFINED.finditer(text):
        quoted = re.findall(r"[\"“'‘]([^\"”’]+)[\"”'’]", m.group(2))
        if any(q.strip().lower() in {"we", "us", "our", "the company", "the controller"} for q in quoted):
            names.add(m.group(1).strip())
            names.update(q.strip() for q in quoted if q.strip().lower() not in _NOT_NAMES)
    brands = re.findall(r"(?<![\w./@])([A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*|[a-z]+[A-Z][A-Za-z0-9]*)(?![\w@])", text)
    names.update(b for b in set(brands) if brands.count(b) >= 3 and len(b) > 2 and not b.isupper())
    return tuple(sorted(names))


def _someone_else(subject: str, lex: Lexicon, controller: tuple[str, ...]) -> bool:
    """True when the words before a denial make someone other than the controller its subject."""
    if _names_controller(subject, controller) or re.search(r"\b(?:we|our)\b", subject[-20:], re.IGNORECASE):
        return False
    if lex.third_party_subject.search(subject):
        return True
    m = _PROPER_SUBJECT.search(subject.strip())
    return bool(m) and m.group(1).split()[0].lower() not in _NOT_NAMES


def third_party_clauses(text: str, lex: Lexicon, controller: tuple[str, ...] = ()) -> list[tuple[int, int, str]]:
    """Clauses about a third party's own settings, policies or practices: (start, end, wording that shows it)."""
    out: list[tuple[int, int, str]] = []
    for rx in lex.third_party_own:
        for m in rx.finditer(text):
            if _names_controller(m.group(0), controller):
                continue
            a, b = clause_span(text, m.start())
            out.append((a, b, " ".join(m.group(0).split()).lower()))
    return sorted(set(out))


def _denials(text: str, lex: Lexicon, controller: tuple[str, ...]) -> dict[str, str]:
    """Denials the controller makes in a sentence: kind -> condition or scope ("" when absolute).

    A denial whose subject is someone else ("Stripe does not store ...", "they do not sell ...") is not ours.
    """
    found: dict[str, str] = {}
    for kind, rx in lex.denials.items():
        for m in rx.finditer(text):
            a, b = clause_span(text, m.start())
            if not re.match(r"we\b", m.group(0), re.IGNORECASE) and _someone_else(text[a : m.start()], lex, controller):
                continue
            clause = text[a:b]
            cond = lex.conditions.search(clause) or lex.scoped.search(clause)
            condition = " ".join(cond.group(0).split()).lower() if cond else ""
            if kind not in found or (found[kind] and not condition):
                found[kind] = condition
    return found


def _recognise(s: Sentence, text: str, lex: Lexicon, out: dict[str, dict[str, list[PolicyStatement]]], controller: tuple[str, ...] = ()) -> None:
    """Recognise categories, purposes, recipients and denials in one sentence (its third-party clauses blanked out)."""
    denials = _denials(text, lex, controller)
    absolute = {k for k, c in denials.items() if not c}
    cats = match_entries(lex.categories, text)
    related = tuple(sorted({k for m in cats for k in m.keys}))
    for m in cats:
        for key in m.keys:
            _add(out["not_collected" if "collect" in absolute else "categories"], _statement(s, m.term, key))
    sharing = bool(lex.sharing_verbs.search(text)) and not lex.source_context.search(text)
    for m in match_entries(lex.purposes, text):
        target = "denied_purposes" if "use" in absolute else "purposes"
        extra = [lex.purpose_when_shared[k] for k in m.keys if sharing and k in lex.purpose_when_shared and target == "purposes"]
        for key in (*m.keys, *extra):
            _add(out[target], _statement(s, m.term, key, related))
    for kind in sorted(denials):
        _add(out["denials"], _statement(s, f"denial: {kind}", kind, related, denials[kind]))
    if absolute & {"sell", "share"} or lex.source_context.search(text):
        return
    for name, rtype in lex.recipient_types.items():
        hits = match_entries(rtype.entries, text)
        if not hits and sharing and s.section:
            hits = [TermMatch(f"{h.term} (heading)", h.keys, h.start, h.end) for h in match_entries(rtype.entries, s.section)]
        if hits:
            _add(out["recipient_types"], _statement(s, hits[0].term, name, related))


def _transfer(s: Sentence, text: str, lex: Lexicon) -> TransferStatement | None:
    """A transfer statement when the sentence speaks of international transfer, or names a transfer-only safeguard."""
    hit = next((p.search(text) for p in lex.transfer_patterns if p.search(text)), None)
    safeguards = tuple(sorted(k for k, rx in lex.safeguards.items() if rx.search(text)))
    destinations = tuple(sorted(k for k, rx in lex.destinations.items() if rx.search(text)))
    if hit is not None:
        return TransferStatement(_statement(s, hit.group(0).lower(), "transfer"), safeguards, destinations)
    specific = [g for g in safeguards if g in lex.specific_safeguards]
    if specific:  # "we rely on standard contractual clauses" is about transfers under any heading
        return TransferStatement(_statement(s, specific[0].replace("_", " "), "transfer"), safeguards, destinations)
    # Under a transfers heading, a sentence naming a safeguard is a transfer statement even without the word "transfer".
    under_heading = any(p.search(t) for t in s.section_path for p in lex.transfer_patterns) or any(
        "transfer" in t.lower() for t in s.section_path)
    if under_heading and safeguards:
        return TransferStatement(_statement(s, f"{safeguards[0].replace('_', ' ')} (heading)", "transfer"), safeguards, destinations)
    return None


def _retention(s: Sentence, text: str, lex: Lexicon) -> RetentionStatement | None:
    """A retention statement: a keep/retain/delete verb plus a period, or any such verb under a retention heading."""
    verb = lex.retention_verbs.search(text)
    if not verb:
        return None
    period = parse_period(text, lex)
    under_heading = any("retention" in t.lower() or "retain" in t.lower() for t in s.section_path)
    if period is None and not under_heading:
        return None
    return RetentionStatement(_statement(s, verb.group(0).lower(), "retention"), period)


def _children(s: Sentence, text: str, lex: Lexicon) -> ChildrenStatement | None:
    """A children statement with the minimum age it names and what it promises."""
    rx = lex.children
    mention = rx["mention"].search(text) if "mention" in rx else None
    if mention is None:
        return None
    age_m = rx["min_age"].search(text) if "min_age" in rx else None
    age = int(age_m.group("age") or age_m.group("age2")) if age_m else None
    flags = {k: bool(rx[k].search(text)) for k in ("not_knowingly", "not_directed", "deletes") if k in rx}
    st = _statement(s, mention.group(0).lower(), "children")
    return ChildrenStatement(st, age, flags.get("not_knowingly", False), flags.get("not_directed", False), flags.get("deletes", False))


def parse_policy_text(text: str, source: str, lexicon: Lexicon | None = None, controller: tuple[str, ...] = ()) -> PolicyDeclarations:
    """Turn policy text into declarations; InventoryError(source, ...) when nothing can be read from it.

    `controller`: the controller's own names, so "Fernly's privacy settings" stays the controller's word.
    """
    _check_text(text, source)
    lex = lexicon or load_lexicon()
    sentences = split_sentences(text)
    out: dict[str, dict[str, list[PolicyStatement]]] = {
        k: defaultdict(list) for k in ("categories", "purposes", "recipient_types", "denials", "not_collected", "denied_purposes")
    }
    decl = PolicyDeclarations(source=source, sentence_count=len(sentences))
    names = tuple(sorted({n.strip() for n in (*controller, *controller_names(text)) if n and n.strip()}))
    for s in sentences:
        aside = third_party_clauses(s.text, lex, names)
        if aside:  # one note per sentence, naming every wording that showed a third party's own words
            decl.set_aside.append(_statement(s, "; ".join(sorted({w for _, _, w in aside})), "third_party_own"))
        text = _mask(s.text, [(a, b) for a, b, _ in aside])
        _recognise(s, text, lex, out, names)
        for item, target in ((_transfer(s, text, lex), decl.transfers), (_retention(s, text, lex), decl.retention), (_children(s, text, lex), decl.children)):
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


def read_policy(path: Path, lexicon: Lexicon | None = None, controller: tuple[str, ...] = ()) -> PolicyDeclarations:
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
    return parse_policy_text(text, source, lexicon, controller)
