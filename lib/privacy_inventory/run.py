"""Run the notebook suite with papermill, keep the executed notebooks and render each to HTML without code."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from privacy_inventory.errors import InventoryError
from privacy_inventory.manifest import write_manifest
from privacy_inventory.report.pdf import write_dpia_pdf
from privacy_inventory.report.site import write_site
from privacy_inventory.masking import scrub
from privacy_inventory.safe_files import present
from privacy_inventory.out_guard import STAGE_MARK, check_scratch, check_target, config_paths, guard_output, output_lock, sqlite_files
from privacy_inventory.paths import STAGE_ENV, RunLayout, cli_default_out, demo_inventory, from_cwd, notebook_dir, project_root
from privacy_inventory.scan.estate import parse_sources
from privacy_inventory.scan.sources import braced

log = logging.getLogger(__name__)
SUITE = ("01_scan", "02_data_map", "03_ropa", "04_dpia", "05_policy_gap", "06_changes")
URL_ENV_PREFIX = "PRIVACY_INVENTORY_DB_"
CELL_TIMEOUT_S = 3600  # a cell that runs longer than this is stuck, not slow


def _ipc_kernel_manager(runtime: Path) -> type:
    """Kernels on unix sockets in a private directory: no TCP port races with other processes, no plain-text TCP."""
    from jupyter_client.manager import AsyncKernelManager

    class IpcKernelManager(AsyncKernelManager):  # type: ignore[misc]
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            self.ip = str(runtime / "kernel")

        async def start_kernel(self, **kw: Any) -> None:
            """The kernel's own log (shutdown noise) stays out of the run's one-line output; cell errors are reported."""
            import subprocess

            kw.setdefault("stderr", subprocess.DEVNULL)
            await super().start_kernel(**kw)

    return IpcKernelManager


def suite_notebooks() -> list[Path]:
    """The suite's notebooks present in this checkout, in the order they must run."""
    return [p for p in (notebook_dir() / f"{name}.ipynb" for name in SUITE) if p.exists()]


def url_parameters(databases: Sequence[str], env: dict[str, str]) -> list[str]:
    """Move each database URL into an environment variable so no URL (or password) is written into a notebook."""
    specs = parse_sources(databases)
    params = []
    for i, (raw, spec) in enumerate(zip(databases, specs)):
        var = f"{URL_ENV_PREFIX}{i}"
        env[var] = braced(raw.split("=", 1)[1] if raw.startswith(f"{spec.name}=") else raw)  # expanded in the kernel exactly as `scan` expands it
        params.append(f"{spec.name}=${{{var}}}")
    return params


def preflight(inventory_dir: Path, policy: Path) -> None:
    """Check declarations, overrides and the policy before any notebook runs, so a typo is reported against its file."""
    from privacy_inventory.declarations_io import load_declarations

    from privacy_inventory.dpia.overrides import load_overrides
    from privacy_inventory.review import load_review

    if any(inventory_dir.glob("*.y*ml")):
        load_declarations(inventory_dir)
    if present(inventory_dir / "overrides.yaml"):
        load_review(inventory_dir / "overrides.yaml")
    if present(inventory_dir / "dpia.yaml"):
        load_overrides(inventory_dir / "dpia.yaml")
    if present(policy):
        from privacy_inventory.policy import read_policy

        read_policy(policy)


def run_suite(args: argparse.Namespace) -> int:
    """Execute every notebook in order into a staging directory, then swap it in whole (atomic output).

    With no --db it assesses the IMVBox demo; with --db and no --inventory it is a discovery assessment
    of that organisation alone: declarations drafted from its own scan, never the demo's files.
    """
    from privacy_inventory.scan.scope import check_patterns

    check_patterns(getattr(args, "include", None) or [], "--include")  # a bad pattern stops the run before anything is written
    check_patterns(getattr(args, "exclude", None) or [], "--exclude")
    discovery = getattr(args, "inventory", None) is None and bool(args.db)
    org = ""
    if discovery:
        org = discovery_org(args)
        out = from_cwd(args.out) if args.out else cli_default_out(_slug(org))
        inventory_dir = out / DRAFT_DIR
    else:
        inventory_dir = from_cwd(args.inventory) if getattr(args, "inventory", None) else demo_inventory()
        if not inventory_dir.is_dir():
            raise InventoryError(str(args.inventory), "declared inventory directory not found")
        out = from_cwd(args.out) if args.out else cli_default_out(inventory_dir.name)
    policy = from_cwd(args.policy) if getattr(args, "policy", None) else inventory_dir / "privacy-policy.md"
    stage = out.with_name(out.name + ".partial")
    guard_output(out, run_inputs(args, None if discovery else inventory_dir, policy), replaces=True)
    check_scratch(stage)
    check_scratch(out.with_name(out.name + ".old"))
    with output_lock(out):
        if not discovery:
            preflight(inventory_dir, policy)
        elif policy.exists():
            from privacy_inventory.policy import read_policy

            read_policy(policy)
        return _run_locked(args, inventory_dir, out, stage, org)


def run_inputs(args: argparse.Namespace, inventory_dir: Path | None, policy: Path) -> list[tuple[str, Path]]:
    """Every path a run reads, named by its option, so the output can never be one of them (a discovery's drafts are outputs)."""
    inputs = [("--inventory", inventory_dir)] if inventory_dir is not None else []
    inputs += [("--policy", policy)] if inventory_dir is not None or getattr(args, "policy", None) else []
    inputs += [("--config", from_cwd(p)) for p in config_paths(list(args.config))]
    inputs += [("--db", from_cwd(p)) for p in sqlite_files(list(args.db))]
    for option in ("previous", "review", "dpia"):
        value = getattr(args, option, None)
        if value:
            inputs.append((f"--{option}", from_cwd(value)))
    return inputs


def _run_locked(args: argparse.Namespace, inventory_dir: Path, out: Path, stage: Path, org: str = "") -> int:
    """The run itself, once the output is known to be safe to replace and is locked; `org` names a discovery's organisation."""
    discovery = bool(org)
    policy = from_cwd(args.policy) if getattr(args, "policy", None) else inventory_dir / "privacy-policy.md"
    _prepare_stage(stage)
    env: dict[str, str] = {STAGE_ENV: f"{os.path.abspath(out)}{os.pathsep}{os.path.abspath(stage)}"}
    parameters: dict[str, Any] = {
        "databases": url_parameters(args.db, env),
        "configs": [_config_from_cwd(c) for c in args.config],
        "inventory_dir": portable(inventory_dir),
        "policy_file": portable(policy) if getattr(args, "policy", None) else "",
        "previous_dir": portable(from_cwd(args.previous)) if getattr(args, "previous", None) else "",
        "out_dir": portable(out),
        "sample_size": args.sample_size,
        "timeout": args.timeout,
        "skip_views": bool(getattr(args, "skip_views", False)),
        "jobs": getattr(args, "jobs", 1),
        "include": sorted(set(getattr(args, "include", []) or [])),  # scope filters, recorded in manifest.json
        "exclude": sorted(set(getattr(args, "exclude", []) or [])),
    }
    notebooks = suite_notebooks()
    if not policy.exists():
        notebooks = [nb for nb in notebooks if nb.stem != "05_policy_gap"]
        print("no privacy policy given (--policy, or privacy-policy.md in the inventory): the policy gap is not assessed", file=sys.stderr)
    started = dt.datetime.now(dt.timezone.utc)
    layout = RunLayout(stage)
    if discovery:  # scan first, draft this organisation's declarations from its own scan, then assess
        (stage / DRAFT_DIR).mkdir(parents=True)
        execute_suite(parameters, layout, env, notebooks[:1])
        _draft_declarations(layout, stage / DRAFT_DIR, org)
        execute_suite(parameters, layout, env, notebooks[1:])
    else:
        execute_suite(parameters, layout, env, notebooks)
    write_dpia_pdf(stage)
    configs = [from_cwd(c.partition("=")[2]) if "=" in c and not from_cwd(c).exists() else from_cwd(c) for c in args.config]
    inputs = [*([] if discovery else [inventory_dir]), *configs, *_sqlite_files(args.db)]  # a discovery's drafts are outputs
    write_manifest(stage, parameters, inputs, started, dt.datetime.now(dt.timezone.utc))
    write_site(stage)
    swap_into_place(stage, out)
    print(f"assessment written to {out}" + (f" (discovery: declarations drafted in {out / DRAFT_DIR}, all marked draft)" if discovery else ""))
    problems = run_warnings(out)
    for line in problems:
        print(f"privacy-inventory: warning: {line}", file=sys.stderr)
    return 1 if problems else 0


DRAFT_DIR = "draft-inventory"


def discovery_org(args: argparse.Namespace) -> str:
    """The organisation a discovery run assesses: --org, else the first database source's name."""
    org = getattr(args, "org", None)
    if org and org.strip():
        return " ".join(org.split())
    return sorted(s.name for s in parse_sources(args.db))[0]


def _slug(org: str) -> str:
    from privacy_inventory.onboarding import slug

    return slug(org)


def _draft_declarations(layout: RunLayout, directory: Path, org: str) -> None:
    """Draft the organisation's declarations from the scan the first notebook wrote."""
    from privacy_inventory.models import Inventory
    from privacy_inventory.onboarding import write_starter

    write_starter(directory, Inventory.load(layout.inventory_json), org)


def _config_from_cwd(arg: str) -> str:
    """`[NAME=]PATH` of --config with PATH relative to the current directory, made portable."""
    name, sep, rest = arg.partition("=")
    if sep and name and "/" not in name and not from_cwd(arg).exists():
        return f"{name}={portable(from_cwd(rest))}"
    return portable(from_cwd(arg))


def run_warnings(out: Path) -> list[str]:
    """What a finished run could not do or found stale: failed sources and tables, stale reviews and overrides."""
    import json

    lines: list[str] = []
    inv = out / "scan" / "inventory.json"
    if inv.exists():
        for src in json.loads(inv.read_text(encoding="utf-8")).get("sources", []):
            if src.get("status") == "failed":
                lines.append(f"{src['name']}: not scanned: {src.get('error')}")
            for table in src.get("tables", []):
                if table.get("error"):
                    lines.append(f"{src['name']}.{table['name']}: {table['error']}")
    stale_review = out / "scan" / "stale-review.json"
    if stale_review.exists():
        for item in json.loads(stale_review.read_text(encoding="utf-8")):
            lines.append(f"overrides.yaml: stale decision: {item.get('reason') or item}")
    dpia_findings = out / "dpia" / "findings.json"
    if dpia_findings.exists():
        for f in json.loads(dpia_findings.read_text(encoding="utf-8")):
            if f.get("kind") == "stale_override":
                lines.append(f"dpia.yaml: {f.get('title')}")
    return lines


def portable(path: Path) -> str:
    """A path relative to the project root when it is inside it, so notebooks don't carry machine paths."""
    try:
        return path.resolve().relative_to(project_root()).as_posix()
    except ValueError:
        return str(path)


def _prepare_stage(stage: Path) -> None:
    """An empty staging directory next to the target (same filesystem, so the final rename is atomic)."""
    try:
        if stage.exists():
            check_scratch(stage)
            shutil.rmtree(stage)
        stage.mkdir(parents=True)
        (stage / STAGE_MARK).write_text("staging directory of a privacy-inventory run; safe to delete\n", encoding="utf-8")
    except OSError as exc:
        raise InventoryError(str(stage.parent), f"output directory is not writable ({exc.strerror or exc})") from None


def swap_into_place(stage: Path, out: Path) -> None:
    """Replace the previous assessment by the finished one; a failed run never reaches this point."""
    old = out.with_name(out.name + ".old")
    if old.exists():
        check_scratch(old)
        shutil.rmtree(old)
    if out.exists():
        check_target(out, replaces=True)
        os.replace(out, old)
    (stage / STAGE_MARK).unlink(missing_ok=True)
    os.replace(stage, out)
    if old.exists():
        shutil.rmtree(old)


def _sqlite_files(databases: Sequence[str]) -> list[Path]:
    """SQLite files among the scanned databases, to hash their content into the manifest."""
    files = []
    for spec in parse_sources(databases) if databases else []:
        if spec.dialect == "sqlite" and spec.url.database:
            files.append(Path(spec.url.database))
    return files


def execute_suite(parameters: dict[str, Any], layout: RunLayout, env: dict[str, str], notebooks: Sequence[Path] | None = None) -> list[Path]:
    """Run the notebooks with papermill in a kernel that sees the URL variables, then render HTML."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from privacy_inventory.render import clean_executed_notebook, render_html

    layout.notebooks.mkdir(parents=True, exist_ok=True)
    secrets = tuple(v for k, v in env.items() if k != STAGE_ENV)
    saved = {k: os.environ.get(k) for k in (*env, "PRIVACY_INVENTORY_NO_PROGRESS", "PYDEVD_DISABLE_FILE_VALIDATION")}
    os.environ.update(env)
    os.environ["PRIVACY_INVENTORY_NO_PROGRESS"] = "1"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    written: list[Path] = []
    runtime = Path(tempfile.mkdtemp(prefix="pi-kernel-"))
    try:
        for nb in notebooks or suite_notebooks():
            target = layout.notebooks / nb.name
            print(f"running {nb.name}", file=sys.stderr)
            began = time.monotonic()
            try:
                pm.execute_notebook(
                    str(nb), str(target), parameters=parameters, kernel_name="python3", progress_bar=False, cwd=str(Path.cwd()),
                    log_output=False, execution_timeout=CELL_TIMEOUT_S, extra_arguments=["--IPKernelApp.log_level=ERROR"],
                    kernel_manager_class=_ipc_kernel_manager(runtime),
                )
            except PapermillExecutionError as exc:
                clean_executed_notebook(target, secrets)
                cell = exc.exec_count if exc.exec_count is not None else exc.cell_index
                raise InventoryError(f"notebooks/{nb.name}", f"cell {cell} failed: {scrub(exc.ename, secrets)}: {scrub(str(exc.evalue), secrets)} (partial output kept in {layout.out})") from None
            clean_executed_notebook(target, secrets)
            written.append(render_html(target, layout.out / f"{nb.stem}.html"))
            print(f"  {nb.name}: {time.monotonic() - began:.1f} s", file=sys.stderr)
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return written
