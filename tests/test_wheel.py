"""The installable package: build the wheel, install it into a fresh virtual environment, run init and the suite
from an empty directory, and copy the notebooks out for JupyterLab.

The fresh environment is made without pip (this environment's pip installs into it with --python) and gets the
wheel itself with `pip install --no-deps --no-index` (the package and its data come only from the wheel); its pinned
dependencies are made visible from this test environment through a .pth file (so the test runs offline; their data
files, e.g. nbconvert's templates, through JUPYTER_PATH) and checked against the wheel's own Requires-Dist pins.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PRIVACY_INVENTORY_OUT", "PYTHONPATH", "VIRTUAL_ENV")}
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")  # the dependencies' data files (nbconvert templates) live with them
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from this checkout installed in it."""
    base = tmp_path_factory.mktemp("wheel")
    build = _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(base / "dist"), str(ROOT)], cwd=base)
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = sorted((base / "dist").glob("privacy_inventory-*.whl"))
    venv = base / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=base)  # pip comes from this environment (below)
    assert made.returncode == 0, made.stderr
    py = venv / "bin" / "python"
    purelib = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=base).stdout.strip())
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()] or [sysconfig.get_paths()["purelib"]]
    (purelib / "_privacy_inventory_test_deps.pth").write_text("\n".join(deps) + "\n")
    inst = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index", str(wheel)], cwd=base)
    assert inst.returncode == 0, inst.stderr[-2000:]
    return venv


def test_the_wheel_is_what_runs(installed: Path, tmp_path: Path) -> None:
    code = (
        "import json, privacy_inventory as p\n"
        "from importlib import metadata\n"
        "from packaging.requirements import Requirement\n"
        "from privacy_inventory.paths import demo_inventory, notebook_dir\n"
        "from privacy_inventory.declarations_io import load_declarations\n"
        "reqs = [Requirement(r) for r in metadata.requires('privacy-inventory') if 'extra' not in r]\n"
        "unmet = [str(r) for r in reqs if metadata.version(r.name) not in r.specifier]\n"
        "print(json.dumps({'module': p.__file__, 'demo': str(demo_inventory()), 'notebooks': sorted(x.name for x in notebook_dir().glob('*.ipynb')),\n"
        "  'activities': len(load_declarations(demo_inventory()).activities), 'unmet': unmet}))\n"
    )
    proc = _run([str(installed / "bin" / "python"), "-c", code], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    info = json.loads(proc.stdout)
    assert info["module"].startswith(str(installed)) and info["demo"].startswith(str(installed))
    assert "01_scan.ipynb" in info["notebooks"] and "06_changes.ipynb" in info["notebooks"]
    assert info["activities"] > 0 and info["unmet"] == []


def test_init_and_run_from_an_empty_directory(installed: Path, praxis: tuple[Path, Path], tmp_path: Path) -> None:
    db, app = praxis
    work = tmp_path / "empty"
    work.mkdir()
    cli = str(installed / "bin" / "privacy-inventory")
    init = _run([cli, "init", "lindenhof", "--db", f"praxis=sqlite:///{db}", "--config", str(app), "--org", "Zahnarztpraxis Lindenhof"], cwd=work)
    assert init.returncode == 0, init.stderr
    assert (work / "lindenhof" / "activities.yaml").is_file()
    run = _run([cli, "run", "--inventory", "lindenhof", "--db", f"praxis=sqlite:///{db}", "--config", str(app)], cwd=work)
    assert run.returncode == 0, run.stderr[-3000:]
    out = work / "reports" / "lindenhof"
    assert (out / "index.html").is_file() and (out / "ropa" / "ropa.xlsx").is_file() and (out / "dpia" / "dpia_register.csv").is_file()
    assert "Zahnarztpraxis Lindenhof" in (out / "index.html").read_text()
    assert not list((work / "reports").glob("*.partial"))
    assert json.loads((out / "manifest.json").read_text())["git_commit"] == "installed package (no checkout)"
    nbs = _run([cli, "notebooks", "nb"], cwd=work)
    assert nbs.returncode == 0, nbs.stderr
    assert (work / "nb" / "01_scan.ipynb").is_file() and (work / "nb" / "00_start.ipynb").is_file()
