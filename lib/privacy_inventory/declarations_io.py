"""Read a declarations directory (our YAML and/or Fides YAML) into one validated Declarations, each problem at its file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from privacy_inventory.declarations import FIDES_KEYS, OUR_FILES, Declarations, DeclarationsFile
from privacy_inventory.errors import InventoryError, checked
from privacy_inventory.fides.project import declarations_from_fides
from privacy_inventory.yaml_io import Loc, Locator, load_yaml_located, validation_errors


def load_declarations(directory: Path) -> Declarations:
    """Read and validate a declarations directory; the first problem is raised as one `file:line` error."""
    return checked(*check_declarations(directory))


def check_declarations(directory: Path) -> tuple[Declarations | None, list[InventoryError]]:
    """Read a declarations directory and return every problem found (for a notebook to list them all)."""
    directory = Path(directory)
    if not directory.is_dir():
        return None, [InventoryError(str(directory), "declarations directory not found")]
    # Not only regular files: a dangling link or a pipe named activities.yaml is an error, never skipped silently.
    paths = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())
    return check_files(paths, str(directory))


def check_files(paths: list[Path], label: str, fides_only: bool = False) -> tuple[Declarations | None, list[InventoryError]]:
    """Validate and merge declaration files (ours and/or Fides) into one Declarations, with every problem."""
    merged: dict[str, list[tuple[Any, Locator, Loc]]] = {k: [] for k in OUR_FILES}
    problems: list[InventoryError] = []
    fides: list[tuple[Any, Locator]] = []  # read together: systems and datasets refer to each other across files
    for path in paths:
        try:
            _read_file(Path(path), merged, problems, fides_only, fides)
        except InventoryError as exc:
            problems.append(exc)
    if fides:
        for kind, items in declarations_from_fides(fides, problems).items():
            merged[kind].extend(items)
    if not problems and not any(merged.values()):
        names = ", ".join(f"{n}.yaml" for n in OUR_FILES)
        problems.append(InventoryError(label, f"no declarations found (expected {names} or Fides YAML with system: lists)"))
    if len(merged["controller"]) > 1:
        _, locator, loc = merged["controller"][1]
        problems.append(locator.error(loc, "a second controller is declared (only one is allowed)"))
    if problems:
        return None, _sort(problems)
    result = Declarations(
        controller=merged["controller"][0][0] if merged["controller"] else None,
        activities=[item for item, _, _ in merged["activities"]],
        recipients=[item for item, _, _ in merged["recipients"]],
    )
    for (kind, index, *rest), message in result.cross_problems():
        _, locator, loc = merged[kind][index]
        problems.append(locator.error(loc + tuple(rest), message))
    return (None, _sort(problems)) if problems else (result.sorted(), [])


def _read_file(path: Path, merged: dict[str, list[tuple[Any, Locator, Loc]]], problems: list[InventoryError], fides_only: bool, fides: list[tuple[Any, Locator]]) -> None:
    """Validate one file (ours or Fides) and add its items, with where they came from, to `merged`."""
    data, locator = load_yaml_located(path)
    ours = path.stem in OUR_FILES and not fides_only
    if not isinstance(data, dict):
        if ours:
            problems.append(locator.error((), f"expected a mapping with top-level {', '.join(OUR_FILES)}, got {type(data).__name__}"))
        return
    if any(k in data for k in FIDES_KEYS) and not any(k in data for k in OUR_FILES):
        fides.append((data, locator))
        return
    if fides_only:
        problems.append(locator.error((), f"not a Fides file: no top-level {', '.join(FIDES_KEYS)} list"))
        return
    if not ours and not any(k in data for k in OUR_FILES):
        return  # another stage's YAML (e.g. DPIA overrides) living next to the declarations
    try:
        parsed = DeclarationsFile.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_errors(exc, locator, DeclarationsFile))
        return
    if parsed.controller is not None:
        merged["controller"].append((parsed.controller, locator, ("controller",)))
    for kind in ("activities", "recipients"):
        merged[kind].extend((item, locator, (kind, i)) for i, item in enumerate(getattr(parsed, kind)))


def _sort(problems: list[InventoryError]) -> list[InventoryError]:
    def line_key(e: InventoryError) -> tuple[str, int, str]:
        path, _, line = e.source.rpartition(":")
        return (path, int(line), e.message) if line.isdigit() else (e.source, 0, e.message)

    return sorted(problems, key=line_key)
