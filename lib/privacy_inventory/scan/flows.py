"""What an integration sends, read from the config that sets it up: events, their parameters, fields mapped, endpoints.

The shapes (which key segments hold events, parameters or mappings; what makes a section server-side) are data in
data/flow_shapes.yaml. The names found are classified by the column classifier (classify/), so `diagnosis_code` in an
event is health data for the same reason a `diagnosis_code` column is; no separate word list decides what is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from privacy_inventory.models import Flow
from privacy_inventory.scan.config_files import ConfigEntry
from privacy_inventory.scan.flow_classify import classify_names, shapes

_CAMEL = re.compile(r"([a-z0-9])([A-Z])")
_TEMPLATE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.\[\]]*)\s*\}\}|\{([a-z_][a-z0-9_.]*)\}")
_URL = re.compile(r"^https?://([^/?#\s]+)(/[^?#\s]*)?", re.IGNORECASE)
_TRUE = frozenset({"true", "1", "yes", "on", "enabled"})
_NAME = re.compile(r"^[A-Za-z$_@][A-Za-z0-9_.$@ -]{0,79}$")


def _words(name: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in shapes().get(name) or ())


def segments(key: str) -> list[str]:
    """`meta.conversionsApi.events.0.name` -> ['meta', 'conversions_api', 'events', '0', 'name']."""
    return [_CAMEL.sub(r"\1_\2", s).lower() for s in key.split(".")]


@dataclass
class _Event:
    """One event (or field list) being gathered from the flat entries of one file."""

    section: tuple[str, ...]  # key path before the event-list segment (or the param segment)
    key: str  # the config key path of the event, as written
    kind: str  # event | fields | mapping
    name: str = ""
    params: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)  # application fields named in templates (`{{ user.email }}`)


def _items(value: str | tuple[str, ...]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _names(values: Iterable[str]) -> list[str]:
    """Plain names from a list value (config may write `email, phone` in one string)."""
    out = []
    for v in values:
        for part in re.split(r"[\s,;]+", v.strip()):
            if part and _NAME.match(part) and not part.startswith("${"):
                out.append(part)
    return out


def _templates(values: Iterable[str]) -> set[str]:
    """Application fields a template value pulls in (`{{ patient.diagnosis }}` -> `diagnosis`)."""
    found = set()
    for v in values:
        for m in _TEMPLATE.finditer(v):
            path = (m.group(1) or m.group(2) or "").replace("[", ".").replace("]", "")
            last = [p for p in path.split(".") if p and not p.isdigit()]
            if last:
                found.add(last[-1])
    return found


def _raw_parts(key: str) -> list[str]:
    return key.split(".")


def find_events(entries: Sequence[ConfigEntry]) -> list[_Event]:
    """Events, field lists and mappings of one file's entries (one file at a time, in key order)."""
    ev_keys, name_keys, param_keys, map_keys = _words("event_keys"), _words("name_keys"), _words("param_keys"), _words("mapping_keys")
    events: dict[str, _Event] = {}
    for entry in entries:
        segs, raw = segments(entry.key), _raw_parts(entry.key)
        values = _items(entry.value)
        ev = next((i for i, s in enumerate(segs) if s in ev_keys and i > 0), None)
        if ev is not None:
            _event_entry(events, segs, raw, ev, values, name_keys, param_keys, entry.key)
            continue
        pk = next((i for i, s in enumerate(segs) if (s in param_keys or s in map_keys) and i > 0), None)
        if pk is None:
            continue
        kind = "mapping" if segs[pk] in map_keys else "fields"
        ident = ".".join(raw[: pk + 1])
        e = events.setdefault(ident, _Event(tuple(segs[:pk]), ident, kind, raw[pk]))
        _add_params(e, raw[pk + 1 :], values, kind == "mapping")
    return [e for _, e in sorted(events.items()) if e.name or e.params]


def _event_entry(events: dict[str, _Event], segs: list[str], raw: list[str], ev: int, values: list[str],
                 name_keys: frozenset[str], param_keys: frozenset[str], key: str) -> None:
    """One entry at or under an event list: `events = [a, b]`, `events.0.name`, `events.<name>.params...`."""
    section = tuple(segs[:ev])
    rest, rest_raw = segs[ev + 1 :], raw[ev + 1 :]
    if not rest:  # a list of event names
        for name in _names(values):
            ident = ".".join(raw[: ev + 1]) + f"[{name}]"
            events.setdefault(ident, _Event(section, ident, "event", name))
        return
    ident = ".".join(raw[: ev + 2])
    e = events.setdefault(ident, _Event(section, ident, "event", "" if rest[0].isdigit() else rest_raw[0]))
    tail, tail_raw = rest[1:], rest_raw[1:]
    if not tail:  # `events.<name>: [params]` or `events.<n>: name`
        if rest[0].isdigit():
            e.name = e.name or next(iter(_names(values)), "")
        else:
            _add_params(e, [], values, False)
        return
    if tail[0] in name_keys and len(tail) == 1 and isinstance(values, list) and len(values) == 1 and rest[0].isdigit():
        e.name = e.name or next(iter(_names(values)), "")
        return
    pk = next((i for i, s in enumerate(tail) if s in param_keys), None)
    if pk is not None:
        _add_params(e, tail_raw[pk + 1 :], values, False)


def _add_params(e: _Event, below: list[str], values: list[str], mapping: bool) -> None:
    """A list value names parameters; a sub-key is a parameter whose value may be a template or (mapping) a source field."""
    if below:
        e.params.add(below[0])
        if mapping:
            e.sources.update(_names(values))
        e.sources.update(_templates(values))
        return
    e.params.update(_names(values))
    e.sources.update(_templates(values))


def server_side(section: tuple[str, ...], entries: Sequence[ConfigEntry], endpoint_hit: bool) -> bool:
    """Sent from the controller's servers: a server-side segment in its path, a true server-side flag beside it, or an endpoint."""
    words = _words("server_side_keys")
    if endpoint_hit or any(s in words for s in section):
        return True
    for entry in entries:
        segs = segments(entry.key)
        if len(segs) >= 2 and segs[-1] in words and tuple(segs[:-1]) == section[: len(segs) - 1] and isinstance(entry.value, str):
            if entry.value.strip().lower() in _TRUE:
                return True
    return False


def endpoint_of(section: tuple[str, ...], entries: Sequence[ConfigEntry]) -> str:
    """The host and path of a URL inside the section (never its query string, where tokens live)."""
    for entry in entries:
        segs = segments(entry.key)
        if tuple(segs[: len(section)]) != section:
            continue
        for item in _items(entry.value):
            m = _URL.match(item.strip())
            if m and "@" not in m.group(1):
                return (m.group(1) + (m.group(2) or "")).lower()
    return ""


def classify_event(e: _Event, server: bool, endpoint: str) -> Flow:
    """The categories an event carries: its parameters, the application fields it maps, and its own name."""
    names = sorted(e.params | e.sources)
    cats, special, children, evidence = classify_names(e.name if e.kind == "event" else "", names, e.section)
    return Flow(name=e.name, key=e.key, kind=e.kind, section=".".join(e.section), params=sorted(e.params), sources=sorted(e.sources - e.params), categories=cats,
                special=special, children=children, server_side=server, endpoint=endpoint, evidence=evidence)


def config_flows(entries: Sequence[ConfigEntry], endpoint_sections: Iterable[tuple[str, ...]] = ()) -> list[Flow]:
    """Every flow one file's entries describe, classified, in key order."""
    hits = set(endpoint_sections)
    out = []
    for e in find_events(entries):
        endpoint = endpoint_of(e.section, entries)
        on_endpoint = any(e.section[: len(h)] == h or h[: len(e.section)] == e.section for h in hits)
        out.append(classify_event(e, server_side(e.section, entries, on_endpoint), endpoint))
    return sorted(out, key=lambda f: (f.key, f.name))
