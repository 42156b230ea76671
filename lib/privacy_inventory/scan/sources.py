"""Turn a `--db [NAME=]URL` argument into a named, validated source whose secrets are known for scrubbing."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import is_secret_param, mask_url, masked_url

_NAME = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


@dataclass(frozen=True)
class SourceSpec:
    """A database to scan: display name, the real URL (never printed) and its masked form."""

    name: str
    url: URL = field(repr=False)
    masked: str
    secrets: tuple[str, ...] = field(default=(), repr=False)

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()


_BRACED = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_TOP = re.compile(r"\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
MAX_DEPTH = 10


def expand_env(text: str, what: str) -> tuple[str, tuple[str, ...]]:
    """Replace `${VAR}` (and `$VAR`) by the environment's values; the one expansion scan, run, init and notebooks share.

    A value may itself hold `${OTHER}` references, expanded the same way (nested, any number,
    repeated); a bare `$` inside a value is literal (passwords keep their `$`). `$$` is a literal `$`.
    An unset variable or a loop is one error naming the variable, never its value.
    """
    used: list[str] = []

    def expand(part: str, pattern: re.Pattern[str], chain: tuple[str, ...]) -> str:
        def _sub(match: re.Match[str]) -> str:
            if match.group(0) == "$$":
                return "$"
            var = match.group(1) or match.group(match.lastindex or 1)
            if var in chain or len(chain) >= MAX_DEPTH:
                raise InventoryError(what, f"environment variable {var} refers to itself (through {' -> '.join((*chain, var))})")
            if var not in os.environ:
                raise InventoryError(what, f"environment variable {var} is not set")
            value = expand(os.environ[var], _BRACED, (*chain, var))
            used.append(value)
            return value

        return pattern.sub(_sub, part)

    return expand(text, _TOP, ()), tuple(used)


def braced(text: str) -> str:
    """The same text with every top-level `$VAR` written `${VAR}`, so it expands identically when it is itself a value."""
    return _TOP.sub(lambda m: m.group(0) if m.group(0) == "$$" or m.group(1) else "${" + m.group(2) + "}", text)


def parse_source(spec: str) -> SourceSpec:
    """Parse `NAME=URL` or `URL` (URL may be `${VAR}` or contain `${VAR}` parts)."""
    spec = spec.strip()
    name = ""
    head, sep, tail = spec.partition("=")
    if sep and _NAME.match(head) and "://" not in head and ("://" in tail or tail.startswith("$")):
        name, spec = head, tail
    label = name or mask_url(spec)
    raw, env_secrets = expand_env(spec, label)
    if not raw:
        raise InventoryError(label, "empty database URL")
    if raw.partition("://")[2].count("@") > 1:
        raise InventoryError(label, "database URL has more than one '@': percent-encode an '@' in the user name or password as %40 (and '/' as %2F)")
    try:
        url = make_url(raw)
    except (ArgumentError, ValueError) as exc:
        raise InventoryError(label, f"malformed database URL ({_reason(exc)}); expected e.g. postgresql://user@host/db or sqlite:///path.db") from None
    secrets = {str(url.password)} if url.password else set()
    secrets.update(str(v) for k, v in url.query.items() if is_secret_param(k) and isinstance(v, str) and v)
    secrets.update(s for s in env_secrets if s)
    masked = masked_url(raw)
    if not name:
        name = default_source_name(url)
    if not _NAME.match(name):
        raise InventoryError(label, f"source name {name!r} must be 1-64 letters, digits, '_', '.' or '-'")
    return SourceSpec(name=name, url=url, masked=masked, secrets=tuple(sorted(set(secrets))))


def default_source_name(url: URL) -> str:
    """Name a source after its database (SQLite: the file name without extension)."""
    if url.get_backend_name() == "sqlite":
        db = url.database or ""
        if db.startswith("file:"):
            db = db[5:].split("?", 1)[0]
        stem = Path(db).stem if db and db != ":memory:" else "memory"
        return re.sub(r"[^A-Za-z0-9_.\-]", "_", stem)[:64] or "sqlite"
    db = url.database or url.host or url.get_backend_name()
    return re.sub(r"[^A-Za-z0-9_.\-]", "_", db)[:64]


def _reason(exc: Exception) -> str:
    """A short, credential-free reason from a URL parser error."""
    text = str(exc).split("\n", 1)[0]
    return "could not parse it" if "://" in text or "@" in text else text
