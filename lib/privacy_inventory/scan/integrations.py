"""Match flat config entries against the vendor catalogue: which third parties get data, and which secrets leak."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import urlsplit

from privacy_inventory.masking import mask_secret, mask_url, url_secrets
from privacy_inventory.models import ConfigFinding, Flow, Integration
from privacy_inventory.scan.config_files import ConfigEntry, read_config_paths
from privacy_inventory.scan.secret_refs import is_secret_reference
from privacy_inventory.scan.flows import config_flows, segments
from privacy_inventory.vendors import Catalogue, IdentifierFormat, Vendor, load_catalogue

# Values under these keys are prose, not configuration: a vendor named in a note is not an integration.
_PROSE_KEYS = frozenset({"about", "comment", "comments", "description", "help", "label", "message", "note", "notes", "summary", "text", "title", "todo"})
_OFF = frozenset({"", "false", "0", "no", "off", "none", "null", "disabled", "~"})
_TRUE = frozenset({"true", "1", "yes", "on", "enabled"})
_PLACEHOLDER = re.compile(
    r"^(?:\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|%\([^)]*\)s|\{\{.*\}\}|<[^>]*>|ENV\[.*\]|env\(.*\)|os\.environ.*|!env\s.*|[xX*.#_-]+)$"
)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_HOSTNAME = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
_CAMEL = re.compile(r"([a-z0-9])([A-Z])")

_STRENGTH = {"id": 4, "host": 3, "name": 2, "key": 1}


@dataclass(frozen=True)
class _Rules:
    """One vendor's detection, compiled once."""

    vendor: Vendor
    keys: tuple[re.Pattern[str], ...]
    hosts: tuple[str, ...]
    ids: tuple[tuple[IdentifierFormat, re.Pattern[str], re.Pattern[str] | None], ...]
    names: frozenset[str]
    endpoints: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (label, host/path pattern) of its server-side APIs


@dataclass(frozen=True)
class _Hit:
    """Why one entry points to one vendor."""

    strength: int
    key: str
    evidence: str


def _bounded(pattern: str) -> re.Pattern[str]:
    """A key pattern that matches whole words of a key path (`stripe` in `stripe_key`, not in `stripes`)."""
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")


_COMPILED: dict[int, tuple[Catalogue, tuple[_Rules, ...]]] = {}


def _compile(catalogue: Catalogue) -> tuple[_Rules, ...]:
    """Compile every vendor's patterns once per catalogue object."""
    cached = _COMPILED.get(id(catalogue))
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    if len(_COMPILED) > 8:
        _COMPILED.clear()
    rules = []
    for v in catalogue.vendors:
        d = v.detection
        ids = tuple((f, re.compile(f.pattern), _bounded(f.key_pattern) if f.key_pattern else None) for f in d.ids)
        eps = tuple((e.label, re.compile(e.pattern)) for e in d.endpoints)
        rules.append(_Rules(v, tuple(_bounded(p) for p in d.keys), tuple(d.hosts), ids, frozenset(n.lower() for n in d.names), eps))
    _COMPILED[id(catalogue)] = (catalogue, tuple(rules))
    return tuple(rules)


def norm_key(key: str) -> str:
    """Lower-case a key path with camelCase split, so `stripeKey`, `STRIPE_KEY` and `stripe.key` look alike."""
    return _CAMEL.sub(r"\1_\2", key).lower()


def _last(key: str) -> str:
    """The last dotted segment of a normalised key."""
    return key.rsplit(".", 1)[-1]


def _items(value: str | tuple[str, ...]) -> list[str]:
    """A value as a list of texts (a list value gives its items)."""
    return [value] if isinstance(value, str) else list(value)


def _is_placeholder(text: str) -> bool:
    """Environment and secret-store references, templates and blanks hold no secret (`${STRIPE_KEY}`, `vault:...`, `xxxx`)."""
    s = text.strip()
    return not s or s.lower() in _OFF - {"0", "false", "no", "off"} or bool(_PLACEHOLDER.match(s)) or is_secret_reference(s)


def _host_of(token: str, bare: bool) -> str | None:
    """The hostname a token names: a URL's host, an email's domain, or (when bare) the token itself."""
    token = token.strip().strip("'\"(),;")
    if _URL.match(token) or token.startswith("//"):
        try:
            host = urlsplit(token if not token.startswith("//") else "https:" + token).hostname
        except ValueError:
            return None
    elif not bare:
        return None
    elif "@" in token and "/" not in token:
        host = token.rsplit("@", 1)[1]
    else:
        host = re.split(r"[/:?#]", token, maxsplit=1)[0]
    host = (host or "").lower().rstrip(".")
    return host if _HOSTNAME.match(host) else None


def _host_matches(host: str, pattern: str) -> bool:
    """A hostname equals a vendor domain, is under it, or fits its wildcard."""
    if "*" in pattern:
        return fnmatchcase(host, pattern)
    return host == pattern or host.endswith("." + pattern)


def url_path(token: str) -> str:
    """`host/path` of a URL token, lower-cased, without scheme, credentials or query ('' when not a URL)."""
    token = token.strip().strip("'\"(),;")
    if not _URL.match(token):
        return ""
    try:
        parts = urlsplit(token)
    except ValueError:
        return ""
    return ((parts.hostname or "") + parts.path).lower()


def _endpoint(token: str, rules: Sequence[_Rules]) -> tuple[str, str] | None:
    """(vendor key, label) of the server-side API a URL token names, if any."""
    path = url_path(token)
    for rule in rules if path else ():
        for label, rx in rule.endpoints:
            if rx.match(path):
                return rule.vendor.key, label
    return None


def _entry_hits(entry: ConfigEntry, nkey: str, rules: _Rules, selector: bool,
                endpoint_of: Callable[[str], tuple[str, str] | None]) -> list[_Hit]:
    """Every reason one config entry points to one vendor (a URL of another vendor's server-side API is that vendor's)."""
    hits: list[_Hit] = []
    vendor = rules.vendor
    items = _items(entry.value)
    prose = _last(nkey) in _PROSE_KEYS
    for item in [] if prose else items:
        bare = not any(ch.isspace() for ch in item.strip())
        tokens = [item.strip()] if bare else [t for t in re.split(r"[\s,]+", item) if t]
        for token in tokens:
            for fmt, rx, key_rx in rules.ids:
                if rx.fullmatch(token) and (key_rx is None or key_rx.search(nkey)):
                    shown = f", masked {mask_secret(token)}" if fmt.secret else ""
                    hits.append(_Hit(4, entry.key, f"identifier format {fmt.shape} ({fmt.label}{shown}) in {entry.key}"))
            api = endpoint_of(token)
            if api is not None and api[0] == vendor.key:
                hits.append(_Hit(4, entry.key, f"server-side endpoint {url_path(token)} ({api[1]}) in {entry.key}"))
                continue
            host = _host_of(token, bare)
            if host and api is None and any(_host_matches(host, h) for h in rules.hosts):
                hits.append(_Hit(3, entry.key, f"hostname {host} in {entry.key}"))
        if selector:
            for name in re.split(r"[\s,]+", item.strip().lower()):
                if name in rules.names:
                    hits.append(_Hit(2, entry.key, f"value {name!r} names {vendor.name} in {entry.key}"))
    configured = any(i.strip().lower() not in _OFF for i in items) if items else False
    if configured and any(rx.search(nkey) for rx in rules.keys):
        hits.append(_Hit(1, entry.key, f"key name {entry.key} matches {vendor.name}"))
    return hits


def _suffix_prefix(nkey: str, words: Sequence[str]) -> str | None:
    """If a key ends with one of `words` (`auth.facebook.fields`), the part before it (`auth.facebook`)."""
    for word in words:
        if nkey == word:
            return None
        for sep in "._-":
            if nkey.endswith(sep + word):
                return nkey[: -len(word) - 1]
    return None


def _sibling(prefix: str, hit_keys: set[str]) -> bool:
    """A field list or flag belongs to a vendor when it sits beside one of the vendor's keys."""
    for hk in hit_keys:
        for sep in "._-":
            if hk.startswith(prefix + sep) and "." not in hk[len(prefix) + 1 :]:
                return True
    return False


def _refine(vendor: Vendor, file_entries: list[tuple[ConfigEntry, str]], hit_keys: set[str], cat: Catalogue) -> tuple[list[str], str]:
    """Categories the config itself declares (field lists, PII flags) win over the catalogue's defaults."""
    categories = set(vendor.categories)
    notes: list[str] = []
    for entry, nkey in file_entries:
        prefix = _suffix_prefix(nkey, cat.field_keys)
        if not prefix or not _sibling(prefix, hit_keys):
            continue
        fields = [f for i in _items(entry.value) if not _is_placeholder(i) for f in re.split(r"[\s,]+", i.strip().lower()) if f]
        mapped = {cat.field_categories[f] for f in fields if f in cat.field_categories}
        if mapped:
            categories = mapped if not notes else categories | mapped
            notes.append(f"categories from {entry.key} ({len(fields)} fields, {len(fields) - sum(f in cat.field_categories for f in fields)} unmapped)")
    for flag, extra in sorted(vendor.detection.flags.items()):
        for entry, nkey in file_entries:
            prefix = _suffix_prefix(nkey, [flag])
            on = isinstance(entry.value, str) and entry.value.strip().lower() in _TRUE
            if on and prefix and _sibling(prefix, hit_keys):
                categories |= set(extra)
                notes.append(f"{entry.key} is true")
    return sorted(categories), "".join(f"; {n}" for n in notes)


def match_integrations(entries: Sequence[ConfigEntry], catalogue: Catalogue, source: str = "config") -> list[Integration]:
    """One Integration per (file, vendor), keyed on the entry with the strongest evidence."""
    rules = _compile(catalogue)
    selectors = frozenset(catalogue.selector_keys)
    by_file: dict[str, list[tuple[ConfigEntry, str]]] = {}
    for entry in entries:
        by_file.setdefault(entry.file, []).append((entry, norm_key(entry.key)))
    known: dict[str, tuple[str, str] | None] = {}

    def endpoint_of(token: str) -> tuple[str, str] | None:
        """_endpoint() once per token, whichever vendor's rules are being tried."""
        if token not in known:
            known[token] = _endpoint(token, rules)
        return known[token]

    out: list[Integration] = []
    for file, file_entries in sorted(by_file.items()):
        found: list[tuple[_Rules, list[_Hit]]] = []
        for rule in rules:
            hits: list[_Hit] = []
            for entry, nkey in file_entries:
                hits.extend(_entry_hits(entry, nkey, rule, _last(nkey) in selectors, endpoint_of))
            if hits:
                found.append((rule, sorted(hits, key=lambda h: (-h.strength, h.key, h.evidence))))
        apis = [tuple(segments(h.key))[:-1] for _, hits in found for h in hits if h.evidence.startswith("server-side endpoint")]
        flows = _owners(config_flows([e for e, _ in file_entries], apis), {r.vendor.key: {h.key for h in hits} for r, hits in found})
        for rule, hits in found:
            best, keys = hits[0], {h.key for h in hits}
            more = f"; {len(keys) - 1} more key{'s' if len(keys) > 2 else ''}" if len(keys) > 1 else ""
            categories, notes = _refine(rule.vendor, file_entries, {norm_key(k) for k in keys}, catalogue)
            v = rule.vendor
            mine = flows.get(v.key, [])
            categories = sorted(set(categories) | {c for f in mine for c in f.categories})
            out.append(
                Integration(source, file, best.key, v.key, v.role, v.country, list(v.purposes), categories,
                            best.evidence + more + notes + _flow_note(mine), flows=mine)
            )
    out.sort(key=lambda i: (i.source, i.file, i.key, i.vendor))
    return out


def _owners(flows: list[Flow], keys: dict[str, set[str]]) -> dict[str, list[Flow]]:
    """Each flow goes to the vendor(s) whose keys share the longest section prefix with it (at least its top segment)."""
    out: dict[str, list[Flow]] = {}
    for flow in flows:
        section = flow.section.split(".") if flow.section else []
        best, owners = 0, []
        for vendor, vkeys in sorted(keys.items()):
            depth = max((_common(section, segments(k)[:-1]) for k in vkeys), default=0)
            if depth > best:
                best, owners = depth, [vendor]
            elif depth == best and depth:
                owners.append(vendor)
        for vendor in owners:
            out.setdefault(vendor, []).append(flow)
    return out


def _common(a: Sequence[str], b: Sequence[str]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _flow_note(flows: list[Flow]) -> str:
    """`; sends 2 events (server-side): Purchase, Lead` for the evidence column."""
    if not flows:
        return ""
    names = ", ".join(sorted({f.name for f in flows if f.name}))
    where = " (server-side)" if any(f.server_side for f in flows) else ""
    return f"; config sends {len(flows)} event{'s' if len(flows) != 1 else ''} or field list{'s' if len(flows) != 1 else ''}{where}: {names}"


def _secret_reason(nkey: str, text: str, catalogue: Catalogue) -> str | None:
    """Why a value is a secret in plain text (masked), or None when it is public, a reference or blank."""
    s = text.strip()
    if _is_placeholder(s):
        return None
    public = False
    for rule in _compile(catalogue):
        for fmt, rx, key_rx in rule.ids:
            if rx.fullmatch(s) and (key_rx is None or key_rx.search(nkey)):
                if fmt.secret:
                    return f"{fmt.label} in plain text ({mask_secret(s)})"
                public = True
    if public:  # the whole value is an identifier its vendor publishes (a pixel id, a Sentry DSN's public key)
        return None
    for sf in catalogue.secret_formats:
        if re.fullmatch(sf.pattern, s):
            return f"{sf.label} in plain text ({mask_secret(s)})"
    for token in re.split(r"\s+", s):
        if not _URL.match(token):
            continue
        found = url_secrets(token)
        scheme = token.split("://", 1)[0].lower()
        if found.password and not _is_placeholder(found.password):
            return f"connection URL with a password in plain text ({mask_url(token)})"
        if found.user and found.password is None and scheme in ("http", "https") and not _is_placeholder(found.user):
            host = re.split(r"[/:?#]", token.split(found.user + "@", 1)[-1], maxsplit=1)[0]
            return f"URL with an embedded key in plain text ({scheme}://{mask_secret(found.user)}@{host})"
        if any(not _is_placeholder(p) for p in found.params):
            return f"URL with a secret parameter in plain text ({mask_url(token)})"
    last = _last(nkey)
    if not public and s.lower() not in _TRUE | _OFF and any(last == n or last.endswith(("_" + n, "-" + n)) for n in catalogue.secret_key_names):
        return f"value of a secret-named key in plain text ({mask_secret(s)})"
    return None


def find_secrets(entries: Sequence[ConfigEntry], catalogue: Catalogue) -> list[ConfigFinding]:
    """Secrets written into config files (API keys, passwords, tokens, keyed DSNs), masked."""
    out: list[ConfigFinding] = []
    for entry in entries:
        nkey = norm_key(entry.key)
        for item in _items(entry.value):
            reason = _secret_reason(nkey, item, catalogue)
            if reason:
                detail = f"{reason}; move it to a secret store and rotate it"
                out.append(ConfigFinding("secret_in_config", entry.file, entry.key, "high", detail))
                break
    return out


def scan_config_paths(
    paths: Sequence[Path], source: str = "config", *, catalogue_path: Path | None = None
) -> tuple[list[Integration], list[ConfigFinding], list[str]]:
    """Scan config files and folders: integrations found, findings (secrets, unreadable files), files read."""
    catalogue = load_catalogue(catalogue_path)
    read = read_config_paths(paths)
    integrations = match_integrations(read.entries, catalogue, source)
    findings = read.findings + find_secrets(read.entries, catalogue)
    findings.sort(key=lambda f: (f.file, f.key, f.kind))
    return integrations, findings, read.files
