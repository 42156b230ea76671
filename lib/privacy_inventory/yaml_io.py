"""Safe YAML reading shared by every reader: no duplicate keys, no surprises, every error as `file:line`."""

from __future__ import annotations

import difflib
import re
import typing
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from privacy_inventory.errors import InventoryError
from privacy_inventory.masking import mask_value
from privacy_inventory.safe_files import decode_bom, read_regular

MAX_NODES = 1_000_000  # a YAML alias bomb expands far beyond this; real files stay well below
_MERGE_TAG = "tag:yaml.org,2002:merge"

Loc = tuple[str | int, ...]


class Locator:
    """Maps a location inside the loaded data (keys and list indexes) back to its line in the file."""

    def __init__(self, path: str, lines: dict[Loc, int]) -> None:
        self.path = path
        self._lines = lines

    def line(self, loc: Loc) -> int:
        """The line of the deepest known node on `loc` (a missing key points at its parent mapping)."""
        loc = tuple(loc)
        while loc and loc not in self._lines:
            loc = loc[:-1]
        return self._lines.get(loc, 1)

    def where(self, loc: Loc = ()) -> str:
        """`path:line` for an InventoryError source."""
        return f"{self.path}:{self.line(loc)}"

    def error(self, loc: Loc, message: str) -> InventoryError:
        """An InventoryError pointing at `loc`, prefixed with the dotted location (e.g. `activities[3].key`)."""
        where = format_loc(loc)
        return InventoryError(self.where(loc), f"{where}: {message}" if where else message)


def format_loc(loc: Loc) -> str:
    """Render ('activities', 3, 'legal_basis') as `activities[3].legal_basis`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml(path: str | Path, *, allow_empty: bool = False) -> Any:
    """Load one YAML document safely; raise InventoryError("path:line", what) for anything wrong."""
    return load_yaml_located(path, allow_empty=allow_empty)[0]


def load_yaml_located(path: str | Path, *, allow_empty: bool = False, packaged: bool = False) -> tuple[Any, Locator]:
    """Like load_yaml, plus a Locator to report later (e.g. validation) errors at their line.

    `packaged`: a file shipped with the package, parsed by libyaml when PyYAML has it (the same nodes, the
    same constructor, about ten times faster); any problem is reported by the pure-Python parser's words.
    """
    if packaged and hasattr(yaml, "CSafeLoader"):
        try:
            return _load_located(path, allow_empty, yaml.CSafeLoader)
        except InventoryError:
            pass
    return _load_located(path, allow_empty, yaml.SafeLoader)


def _load_located(path: str | Path, allow_empty: bool, make_loader: Any) -> tuple[Any, Locator]:
    """One document and the line of every key and item, parsed by `make_loader`."""
    name = str(path)
    text = _read_text(Path(path), name)
    loader: Any = None
    try:
        loader = make_loader(text)
        node = loader.get_single_node()
        if node is None:
            if allow_empty:
                return None, Locator(name, {})
            raise InventoryError(f"{name}:1", "file is empty (no YAML document)")
        lines: dict[Loc, int] = {}
        _index(node, name, lines)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = ": ".join(str(p) for p in (exc.context, exc.problem) if p) or "malformed YAML"
        raise InventoryError(f"{name}:{line}", f"malformed YAML: {what}") from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, max(exc.position, 0)) + 1
        raise InventoryError(f"{name}:{line}", f"unprintable character #x{exc.character:04x} (binary file?)") from None
    except yaml.YAMLError as exc:
        raise InventoryError(f"{name}:1", f"malformed YAML: {' '.join(str(exc).split())[:200]}") from None
    except RecursionError:
        raise InventoryError(f"{name}:1", "YAML is nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, Locator(name, lines)


def _read_text(path: Path, name: str) -> str:
    """Read a regular file as text (UTF-8, or UTF-16/32 with a byte-order mark), refusing pipes, folders and binary content."""
    raw = read_regular(path, name, "YAML file")
    text = decode_bom(raw, name)
    if text is not None:
        return text
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise InventoryError(f"{name}:{line}", "binary file (NUL byte), expected YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise InventoryError(f"{name}:{line}", "not UTF-8 text (binary file?), expected YAML") from None
    return text


def _index(root: Node, name: str, lines: dict[Loc, int]) -> None:
    """Record the line of every key and list item, rejecting duplicate keys (iterative: no deep recursion)."""
    stack: list[tuple[Node, Loc]] = [(root, ())]
    visits = 0
    lines[()] = root.start_mark.line + 1
    while stack:
        node, loc = stack.pop()
        visits += 1
        if visits > MAX_NODES:
            raise InventoryError(f"{name}:{node.start_mark.line + 1}", f"document expands to more than {MAX_NODES} nodes (alias bomb?)")
        if isinstance(node, MappingNode):
            seen: dict[tuple[str, str], int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == _MERGE_TAG:
                    stack.append((value_node, loc))
                    continue
                line = key_node.start_mark.line + 1
                if isinstance(key_node, ScalarNode):
                    ident = (key_node.tag, key_node.value)
                    if ident in seen:
                        raise InventoryError(
                            f"{name}:{line}",
                            f"duplicate key '{key_node.value}' (first defined on line {seen[ident]})",
                        )
                    seen[ident] = line
                    child = loc + (key_node.value,)
                    lines.setdefault(child, line)
                    stack.append((value_node, child))
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                child = loc + (i,)
                lines.setdefault(child, item.start_mark.line + 1)
                stack.append((item, child))


class FieldProblem(ValueError):
    """Raise inside a pydantic validator to report a problem at a named sub-field (for the right line)."""

    def __init__(self, field: str | tuple[str | int, ...] | None, message: str) -> None:
        self.field: Loc = (field,) if isinstance(field, str) else tuple(field or ())
        super().__init__(f"{format_loc(self.field)}: {message}" if self.field else message)
        self.message = message


def validation_errors(exc: Any, locator: Locator, model: Any = None, base: Loc = ()) -> list[InventoryError]:
    """Turn a pydantic ValidationError into one `file:line` InventoryError per problem, sorted by line."""
    out = []
    for err in exc.errors(include_url=False):
        loc = base + tuple(p for p in err["loc"] if isinstance(p, (str, int)) and not _is_tag(p))
        ctx = err.get("ctx") or {}
        original = ctx.get("error")
        kind = err["type"]
        if isinstance(original, FieldProblem):
            loc, message = loc + original.field, original.message
        elif kind == "literal_error":
            options = ctx.get("expected", "").replace(" or ", ", ").replace("'", "")
            message = f"{show_value(err['input'])} is not one of {options}"
        elif kind == "extra_forbidden":
            allowed = _fields_at(model, loc[len(base):-1]) if model is not None else []
            hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
            message = f"unknown field; did you mean '{close[0]}'?" if close else f"unknown field{hint}"
        elif kind == "missing":
            message = "required field is missing"
        elif kind in ("value_error", "assertion_error") and original is not None:
            message = str(original)
        else:
            message = f"{err['msg']} (got {show_value(err.get('input'))})"
        out.append(locator.error(loc, message))
    return sorted(out, key=lambda e: (e.source, e.message))


def show_value(value: Any) -> str:
    """Echo a wrong value only when it looks like a keyword; anything else (maybe personal) is masked."""
    if isinstance(value, str):
        if re.fullmatch(r"[A-Za-z0-9_.*:/ \-]{1,60}", value):
            return repr(value)
        return f"text {mask_value(value)}"
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, (int, float)) and abs(value) < 100_000:
        return f"{type(value).__name__} {value!r}"
    return f"a {type(value).__name__}"


def _is_tag(part: str | int) -> bool:
    """Pydantic adds validator/union tags such as 'function-after[...]' to locations; they are not keys."""
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


def _fields_at(model: Any, loc: Loc) -> list[str]:
    """The field names of the (nested) pydantic model found by following `loc` from `model`."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
    return sorted(getattr(current, "model_fields", {}) or {})


def _inner_model(annotation: Any) -> Any:
    """The first pydantic model class inside an annotation such as `list[X] | None`."""
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None
