"""Read application config files (YAML, JSON, TOML, INI, .env) into flat dotted key/value pairs."""

from __future__ import annotations

import configparser
import datetime as dt
import json
import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from privacy_inventory.errors import InventoryError
from privacy_inventory.models import ConfigFinding
from privacy_inventory.safe_files import decode_bom, present, read_regular

MAX_BYTES = 5 * 1024 * 1024
MAX_ENTRIES = 50_000
MAX_DEPTH = 64

_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml", ".ini": "ini", ".cfg": "ini", ".env": "env"}
_SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".tox", ".venv", "venv", "node_modules", "__pycache__", ".mypy_cache", ".pytest_cache"})
_SKIP_FILES = frozenset({"package-lock.json", "composer.lock", "npm-shrinkwrap.json"})
_ENV_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s*(.*)$")

Value = str | tuple[str, ...]


class ConfigEntry(NamedTuple):
    """One leaf of a config file: where it is, its dotted key path, and its value as text (or list of texts)."""

    file: str
    key: str
    value: Value


class ConfigRead(NamedTuple):
    """What reading a set of paths gave: the entries, problems with discovered files, and the files read."""

    entries: list[ConfigEntry]
    findings: list[ConfigFinding]
    files: list[str]


def config_format(name: str) -> str | None:
    """The parser for a file name (`.env.production` and `app.env` are .env files), or None if unknown."""
    lower = name.lower()
    if lower == ".env" or lower.startswith(".env."):
        return "env"
    return _SUFFIXES.get(os.path.splitext(lower)[1])


def read_config_paths(paths: Sequence[Path]) -> ConfigRead:
    """Read named files (errors raise) and directories (unknown files skipped, broken ones recorded)."""
    entries: list[ConfigEntry] = []
    findings: list[ConfigFinding] = []
    files: list[str] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for file, shown in _walk(path):
                try:
                    entries.extend(read_config_file(file, shown))
                except InventoryError as exc:
                    findings.append(ConfigFinding("config_unreadable", shown, "", "medium", exc.message))
                    continue
                files.append(shown)
        elif present(path):
            shown = _shown(path)
            _check_link(path, path.parent, shown)
            if config_format(path.name) is None:
                raise InventoryError(shown, "unknown config file type (expected .yaml, .yml, .json, .toml, .ini, .cfg or .env)")
            entries.extend(read_config_file(path, shown))
            files.append(shown)
        else:
            raise InventoryError(str(given), "no such file or directory")
    entries.sort(key=lambda e: (e.file, e.key))
    findings.sort(key=lambda f: (f.file, f.key, f.kind))
    return ConfigRead(entries, findings, sorted(set(files)))


def _shown(path: Path) -> str:
    """The path as the user gave it when relative, else just its name: no absolute machine paths in output."""
    if not path.is_absolute() and ".." not in path.parts:
        return path.as_posix()
    return path.name


def _real(path: Path) -> Path | None:
    """Where a path really leads, or None for a symbolic link loop."""
    try:
        return Path(os.path.realpath(path, strict=True))
    except FileNotFoundError:
        return Path(os.path.realpath(path))
    except (OSError, RuntimeError):
        return None


def _check_link(path: Path, root: Path, shown: str) -> None:
    """Refuse a symbolic link that leads outside the scanned folder (a link loop is read, and reported, as such)."""
    if path.is_symlink() and os.path.exists(path):  # a dangling link or a loop is reported by the reader
        target, base = _real(path), _real(root)
        if target is not None and base is not None and not target.is_relative_to(base):
            raise InventoryError(shown, "symbolic link points outside the scanned folder; not followed")


def _walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Config files under a folder in sorted order, without following links out of it.

    Pipes, devices, dangling links and link loops with a config name are yielded too: reading them
    fails with one line, which the caller records as a finding instead of skipping them silently.
    """
    real_root = _real(root) or root.absolute()
    for folder, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(names):
            file = Path(folder) / name
            if name in _SKIP_FILES or config_format(name) is None:
                continue
            target = _real(file) if file.is_symlink() else None
            if target is not None and not target.is_relative_to(real_root):
                continue
            if file.is_dir():
                continue
            yield file, file.relative_to(root).as_posix()


def read_config_file(path: Path, shown: str | None = None) -> list[ConfigEntry]:
    """Parse one file into flat entries; every problem is an InventoryError naming the file (and line)."""
    shown = shown or path.name
    fmt = config_format(path.name)
    if fmt is None:
        raise InventoryError(shown, "unknown config file type")
    text = _read_text(path, shown)
    data = _PARSERS[fmt](text, shown)
    out: list[ConfigEntry] = []
    for key, value in _flatten(data, "", 0, shown):
        out.append(ConfigEntry(shown, key, value))
        if len(out) > MAX_ENTRIES:
            raise InventoryError(shown, f"more than {MAX_ENTRIES} keys; not a config file?")
    return out


def _read_text(path: Path, shown: str) -> str:
    """Read a capped amount of text from a regular file (UTF-8, or UTF-16/32 with a BOM), refusing binary content."""
    raw = read_regular(path, shown, "config file", MAX_BYTES)
    if len(raw) > MAX_BYTES:
        raise InventoryError(shown, f"file is over the {MAX_BYTES // (1024 * 1024)} MB limit for config files")
    text = decode_bom(raw, shown)
    if text is not None:
        return text
    if b"\x00" in raw:
        raise InventoryError(shown, "binary content (NUL bytes), not a text config file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InventoryError(shown, f"not UTF-8 text (invalid byte at offset {exc.start}); binary file?") from None


class _Yaml12Loader(yaml.SafeLoader):
    """Safe loader where only true/false are booleans (YAML 1.2), so a key `on:` stays `on`."""


_Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _parse_yaml(text: str, shown: str) -> Any:
    """YAML, possibly several documents (each becomes a numbered branch)."""
    try:
        docs = [d for d in yaml.load_all(text, Loader=_Yaml12Loader) if d is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "parse error"
        raise InventoryError(shown, f"malformed YAML{line}: {problem}") from None
    except RecursionError:
        raise InventoryError(shown, "malformed YAML: nested too deeply") from None
    if not docs:
        return {}
    return docs[0] if len(docs) == 1 else {str(i): d for i, d in enumerate(docs)}


def _parse_json(text: str, shown: str) -> Any:
    """JSON; the error keeps the parser's line number but never the offending text."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InventoryError(shown, f"malformed JSON at line {exc.lineno}: {exc.msg}") from None
    except RecursionError:
        raise InventoryError(shown, "malformed JSON: nested too deeply") from None


def _parse_toml(text: str, shown: str) -> Any:
    """TOML via the standard library (its messages carry line and column)."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InventoryError(shown, f"malformed TOML: {exc}") from None
    except RecursionError:
        raise InventoryError(shown, "malformed TOML: nested too deeply") from None


_TOP = "\x00top"


def _parse_ini(text: str, shown: str) -> Any:
    """INI with `[section] key = value`; keys before any section are top-level; `%(X)s` is left as written."""
    parser = configparser.ConfigParser(
        interpolation=None, default_section="\x00none", inline_comment_prefixes=("#", ";"), strict=True
    )
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    try:
        parser.read_string(f"[{_TOP}]\n{text}")
    except configparser.DuplicateSectionError as exc:
        raise InventoryError(shown, f"malformed INI at line {(exc.lineno or 1) - 1}: duplicate section [{exc.section}]") from None
    except configparser.DuplicateOptionError as exc:
        raise InventoryError(shown, f"malformed INI at line {(exc.lineno or 1) - 1}: duplicate key {exc.option!r} in [{exc.section}]") from None
    except configparser.ParsingError as exc:
        line = exc.errors[0][0] - 1 if exc.errors else "?"
        raise InventoryError(shown, f"malformed INI at line {line}: expected `key = value` or `[section]`") from None
    except configparser.Error as exc:
        raise InventoryError(shown, f"malformed INI: {type(exc).__name__}") from None
    data: dict[str, Any] = {}
    for section in parser.sections():
        values = {k: v for k, v in parser.items(section, raw=True)}
        if section == _TOP:
            data.update(values)
        else:
            data[section] = values
    return data


def _parse_env(text: str, shown: str) -> Any:
    """`.env` files: `KEY=value`, optional `export`, quotes (double quotes may span lines), `#` comments."""
    data: dict[str, str] = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        lineno, line = i + 1, lines[i].strip()
        i += 1
        if not line or line.startswith("#"):
            continue
        match = _ENV_LINE.match(line)
        if not match:
            raise InventoryError(shown, f"malformed .env at line {lineno}: expected KEY=value")
        key, value = match.group(1), match.group(2).strip()
        if value[:1] in ("'", '"'):
            quote, body = value[0], value[1:]
            while quote not in body:
                if quote == "'" or i >= len(lines):
                    raise InventoryError(shown, f"malformed .env at line {lineno}: unterminated quoted value")
                body += "\n" + lines[i]
                i += 1
            value = body[: body.index(quote)]
        else:
            value = re.split(r"\s+#", value, maxsplit=1)[0].strip()
        data[key] = value
    return data


_PARSERS = {"yaml": _parse_yaml, "json": _parse_json, "toml": _parse_toml, "ini": _parse_ini, "env": _parse_env}


def _scalar(value: Any) -> str:
    """A leaf value as text: booleans as true/false, null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _flatten(node: Any, prefix: str, depth: int, shown: str) -> Iterator[tuple[str, Value]]:
    """Walk nested maps/lists into dotted keys; a list of plain values stays one entry."""
    if depth > MAX_DEPTH:
        raise InventoryError(shown, f"nested deeper than {MAX_DEPTH} levels (recursive YAML alias?)")
    if isinstance(node, dict):
        for k in node:
            yield from _flatten(node[k], f"{prefix}.{k}" if prefix else str(k), depth + 1, shown)
    elif isinstance(node, (list, tuple)):
        if prefix and all(not isinstance(x, (dict, list, tuple)) for x in node):
            yield prefix, tuple(_scalar(x) for x in node)
        elif not prefix and not all(isinstance(x, (dict, list, tuple)) for x in node):
            raise InventoryError(shown, "expected a mapping of keys at the top level")
        else:
            for n, item in enumerate(node):
                yield from _flatten(item, f"{prefix}.{n}" if prefix else str(n), depth + 1, shown)
    elif prefix:
        yield prefix, _scalar(node)
    else:
        raise InventoryError(shown, "expected a mapping of keys at the top level")
