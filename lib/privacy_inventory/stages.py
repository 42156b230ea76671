"""The suite's stages as plain functions: each reads the files earlier stages wrote and writes its own."""

from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from privacy_inventory.errors import InventoryError
from privacy_inventory.inventory import write_scan_outputs
from privacy_inventory.models import Inventory
from privacy_inventory.paths import DEFAULT_ORG, inventory_path, is_demo, layout_for, resolve
from privacy_inventory.scan.database import ScanOptions
from privacy_inventory.scan.estate import parse_sources, scan_estate
from privacy_inventory.scan.executors import AUTO, FanOut


def demo_database_path(inventory_dir: Path) -> Path:
    """Next to the demo's declarations in a checkout; in the user's cache when the package directory is read-only."""
    if os.access(inventory_dir, os.W_OK):
        return inventory_dir / "imvbox.sqlite"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "privacy-inventory"
    return cache / "imvbox.sqlite"


def ensure_demo_database(inventory_dir: Path) -> Path:
    """Generate the IMVBox demo database, rewriting it only when its bytes change."""
    from privacy_inventory.demo.imvbox import build_imvbox

    target = demo_database_path(inventory_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fresh = Path(tmp) / "imvbox.sqlite"
        build_imvbox(fresh)
        if not target.exists() or _sha256(target) != _sha256(fresh):
            os.replace(fresh, target)
    return target


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def default_sources(inventory_dir: Path, databases: Sequence[str], configs: Sequence[str], build_demo: bool = True) -> tuple[list[str], list[str]]:
    """With no databases given, assess the IMVBox demo: its generated database and its app config.

    The scan stage (re)builds the demo database; later stages pass build_demo=False and read the same file.
    """
    dbs = list(databases)
    cfgs = [_config_arg(c) for c in configs]
    if not dbs:
        if not is_demo(inventory_dir):
            raise InventoryError("databases", "no database given; name at least one --db URL (only the demo organisation has a built-in database)")
        db = demo_database_path(inventory_dir)
        db = ensure_demo_database(inventory_dir) if build_demo or not db.exists() else db
        dbs = [f"{DEFAULT_ORG}=sqlite:///{db}"]
        if not cfgs and (inventory_dir / "app-config").is_dir():
            cfgs = [f"{DEFAULT_ORG}-app={inventory_dir / 'app-config'}"]
    return dbs, cfgs


def _config_arg(arg: str) -> str:
    """Resolve the path part of `[NAME=]PATH` against the project root."""
    name, sep, rest = arg.partition("=")
    if sep and name and "/" not in name and not Path(arg).exists():
        return f"{name}={resolve(rest, rest)}"
    return str(resolve(arg, arg))


def check_parameters(**params: Any) -> None:
    """Notebook parameters come from papermill or a person: check their types before anything runs."""
    for name, value in params.items():
        if name in ("databases", "configs"):
            if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
                raise InventoryError(name, f"must be a list of strings, not {type(value).__name__}")
        elif name == "sample_size":
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise InventoryError(name, f"must be a whole number >= 0, not {value!r}")
        elif not isinstance(value, (str, os.PathLike)):
            raise InventoryError(name, f"must be a path or text, not {type(value).__name__}")


def run_scan_stage(databases: Sequence[str] = (), configs: Sequence[str] = (), inventory_dir: str = "", out_dir: str = "", sample_size: int = 200, timeout_s: float = 30.0, jobs: int | str = 1, skip_views: bool = False,
                   include: Sequence[str] = (), exclude: Sequence[str] = ()) -> Inventory:
    """Scan every source, apply the DPO's review, and write scan/columns.csv, integrations.csv, inventory.json, stale-review.json."""
    check_parameters(databases=databases, configs=configs, inventory_dir=inventory_dir, out_dir=out_dir, sample_size=sample_size)
    if jobs != AUTO and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise InventoryError("jobs", f"must be a whole number >= 1 or 'auto', not {jobs!r}")
    if isinstance(timeout_s, bool) or not isinstance(timeout_s, (int, float)) or not math.isfinite(timeout_s) or timeout_s <= 0:
        raise InventoryError("timeout", f"must be a finite number of seconds > 0, not {timeout_s!r}")
    if not isinstance(skip_views, bool):
        raise InventoryError("skip_views", f"must be True or False, not {skip_views!r}")
    inv_dir = inventory_path(inventory_dir)
    from privacy_inventory.review import honour_review, review_if_any

    review = review_if_any(inv_dir)  # the DPO's overrides.yaml, checked before a long scan
    dbs, cfgs = default_sources(inv_dir, databases, configs)
    specs = parse_sources(dbs)
    progress = not os.environ.get("PRIVACY_INVENTORY_NO_PROGRESS")
    from privacy_inventory.classify.lexicon import check_file, user_lexicon

    lexicons = user_lexicon(inv_dir)  # the organisation's own vocabulary, <inventory>/lexicon.yaml
    for path in lexicons:
        check_file(path)
    from privacy_inventory.scan.scope import check_patterns

    scope = {"include": check_patterns(list(include), "include"), "exclude": check_patterns(list(exclude), "exclude")}
    inventory = scan_estate(specs, cfgs, ScanOptions(sample_size=sample_size, timeout_s=float(timeout_s), progress=progress, skip_views=skip_views, lexicons=lexicons, **scope), FanOut(jobs=jobs))
    failed = [s for s in inventory.sources if s.status == "failed"]
    if failed and len(failed) == len(inventory.sources):
        raise InventoryError(failed[0].name, f"{failed[0].error}" + (f" (and {len(failed) - 1} more sources failed)" if len(failed) > 1 else ""))
    scan_dir = layout_for(out_dir).scan
    inventory, _ = honour_review(inventory, review, scan_dir)  # stale decisions -> scan/stale-review.json
    write_scan_outputs(inventory, scan_dir)
    return inventory


def load_inventory(out_dir: str = "") -> Inventory:
    """The scan stage's inventory.json for this run."""
    return Inventory.load(layout_for(out_dir).inventory_json)


def load_org_declarations(inventory_dir: str = "") -> Any:
    """The organisation's declared inventory (controller, activities, recipients)."""
    from privacy_inventory.declarations_io import load_declarations

    return load_declarations(inventory_path(inventory_dir))


def write_json(path: Path, data: Any) -> Path:
    """Sorted, indented JSON with a final newline: stable bytes for stable inputs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=_plain) + "\n", encoding="utf-8")
    return path


def _plain(obj: Any) -> Any:
    if hasattr(obj, "model_dump"):
        return obj.model_dump(mode="json")
    if hasattr(obj, "__dataclass_fields__"):
        return asdict(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return sorted(obj)
    if isinstance(obj, Path):
        return obj.as_posix()
    return str(obj)


def findings_frame(findings: Sequence[Any]) -> Any:
    """Findings as a table, most severe first."""
    import pandas as pd

    rows = [{"severity": f.severity, "finding": f.title, "detail": f.detail, "count": "" if f.count is None else f.count, "about": ", ".join(sorted(f.subjects))} for f in findings]
    return pd.DataFrame(rows, columns=["severity", "finding", "detail", "count", "about"])


def run_data_map_stage(inventory_dir: str = "", out_dir: str = "") -> tuple[Any, list[Any]]:
    """Build the data map from the scan and the declarations; write GraphML, node-link JSON, the figure, findings."""
    from privacy_inventory.datamap.graph import build_data_map, write_graphml, write_node_link_json
    from privacy_inventory.datamap.counts import write_counts
    from privacy_inventory.datamap.figure import draw_data_map
    from privacy_inventory.datamap.queries import data_map_findings
    from privacy_inventory.findings import sort_findings

    layout = layout_for(out_dir)
    inventory, declarations = load_inventory(out_dir), load_org_declarations(inventory_dir)
    graph = build_data_map(inventory, declarations)
    layout.data_map.mkdir(parents=True, exist_ok=True)
    write_graphml(graph, layout.data_map / "data-map.graphml")
    write_node_link_json(graph, layout.data_map / "data-map.json")
    draw_data_map(graph, layout.data_map / "data-map")
    write_counts(graph, layout.data_map / "summary.json")
    findings = sort_findings(data_map_findings(graph, inventory, declarations))
    write_json(layout.data_map / "findings.json", [f.to_dict() for f in findings])
    return graph, findings


def run_ropa_stage(inventory_dir: str = "", out_dir: str = "", dpia_status: dict[str, str] | None = None) -> Any:
    """The Art. 30 record from the scan and the declarations, as XLSX, CSV and HTML (DPIA column filled when known)."""
    from privacy_inventory.ropa.files import write_ropa
    from privacy_inventory.ropa.record import build_ropa

    from privacy_inventory.fides.export import export_fides

    layout = layout_for(out_dir)
    inventory, declarations = load_inventory(out_dir), load_org_declarations(inventory_dir)
    if dpia_status is None:  # the record's "DPIA needed" is the same screening the DPIA stage runs, so page and files agree
        dpia_status = screening_status(inventory, declarations, resolve(inventory_dir, f"inventory/{DEFAULT_ORG}"))
    ropa = build_ropa(inventory, declarations, dpia_status)
    write_ropa(ropa, layout.ropa)
    write_json(layout.ropa / "findings.json", [f.to_dict() for f in ropa.findings])
    fides_dir = layout.out / "fides"
    fides_dir.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(export_fides(inventory, declarations).items()):
        (fides_dir / name).write_text(text, encoding="utf-8")
    return ropa


def screening_status(inventory: Inventory, declarations: Any, inv_dir: Path) -> dict[str, str]:
    """Art. 35 screening verdict per activity from the scan and the DPO's answers (dpia.yaml); the DPIA stage refines it with its counts."""
    from privacy_inventory.dpia.overrides import load_overrides, screening_answers
    from privacy_inventory.dpia.screening import dpia_status, screen

    overrides_file = inv_dir / "dpia.yaml"
    answers = screening_answers(load_overrides(overrides_file)) if overrides_file.exists() else None
    return dpia_status(screen(inventory, declarations, None, answers=answers))
