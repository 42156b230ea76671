"""--jobs auto (the command line's default): worker processes only for sources big enough, and the same bytes either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_inventory.cli import build_parser
from privacy_inventory.commands import _fanout
from privacy_inventory.scan import estate as estate_mod
from privacy_inventory.scan import executors
from privacy_inventory.scan.database import ScanOptions
from privacy_inventory.scan.estate import resolve_auto, scan_estate
from privacy_inventory.scan.executors import AUTO, FanOut
from privacy_inventory.scan.sources import SourceSpec
from support.estates import three_sources

OPTIONS = ScanOptions(progress=False, sample_size=50)


@pytest.fixture(scope="module")
def sources(imvbox_db: Path, tmp_path_factory: pytest.TempPathFactory) -> list[SourceSpec]:
    """The demo, a copy of it under another name, and a source that cannot be opened."""
    return three_sources(imvbox_db, tmp_path_factory.mktemp("auto"))


@pytest.fixture(scope="module")
def one_job(sources: list[SourceSpec]) -> str:
    return scan_estate(sources, options=OPTIONS, fanout=FanOut(jobs=1)).to_json()


def _cores(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    monkeypatch.setattr(executors, "usable_cores", lambda: n)
    monkeypatch.setattr(estate_mod, "usable_cores", lambda: n)


def test_command_line_defaults_to_auto_and_still_refuses_zero() -> None:
    parser = build_parser()
    assert _fanout(parser.parse_args(["scan", "--db", "sqlite:///x.sqlite", "--out", "o"])).jobs == AUTO
    assert _fanout(parser.parse_args(["scan", "--db", "sqlite:///x.sqlite", "--out", "o", "--jobs", "3"])).jobs == 3
    with pytest.raises(SystemExit):
        parser.parse_args(["scan", "--db", "sqlite:///x.sqlite", "--out", "o", "--jobs", "0"])


def test_run_defaults_to_auto_and_its_scan_stage_takes_it(tmp_path: Path) -> None:
    """`run` scans like `scan` (one worker per core for a big source); the notebooks' own default stays 1."""
    parser = build_parser()
    assert parser.parse_args(["run"]).jobs == AUTO and parser.parse_args(["run", "--jobs", "2"]).jobs == 2
    with pytest.raises(SystemExit):
        parser.parse_args(["run", "--jobs", "many"])
    from privacy_inventory.errors import InventoryError
    from privacy_inventory.stages import run_scan_stage

    for bad in ("many", 0, True, 1.5):
        with pytest.raises(InventoryError, match="jobs: must be a whole number >= 1 or 'auto'"):
            run_scan_stage(["nowhere=sqlite:///nowhere.sqlite"], out_dir=str(tmp_path), jobs=bad)  # type: ignore[arg-type]


def test_small_sources_stay_in_this_process(sources: list[SourceSpec], monkeypatch: pytest.MonkeyPatch) -> None:
    _cores(monkeypatch, 8)
    fanout, plans = resolve_auto(sources, OPTIONS, FanOut(jobs=AUTO))
    assert fanout.jobs == 1 and sorted(plans) == ["copy", "gone", "imvbox"]  # planned once, reused
    _cores(monkeypatch, 1)
    assert resolve_auto(sources, OPTIONS, FanOut(jobs=AUTO)) == (FanOut(jobs=1), {})  # one core: nothing to plan ahead


def test_big_sources_get_one_job_per_core_at_most_four(sources: list[SourceSpec], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(executors, "AUTO_MIN_COLUMNS", 1)
    for cores, jobs in ((2, 2), (16, executors.AUTO_MAX_JOBS)):
        _cores(monkeypatch, cores)
        assert resolve_auto(sources, OPTIONS, FanOut(jobs=AUTO))[0].jobs == jobs
    assert resolve_auto(sources, OPTIONS, FanOut(jobs=AUTO, shard_by="source"))[0].jobs == 3  # whole sources: one job each
    assert resolve_auto(sources, OPTIONS, FanOut(jobs=AUTO, executor="dask"))[0].jobs == 1  # a cluster has its own workers


@pytest.mark.parametrize("big", [False, True])
def test_auto_gives_the_bytes_of_one_job(sources: list[SourceSpec], one_job: str, monkeypatch: pytest.MonkeyPatch, big: bool) -> None:
    """Inline (small) and with forked workers (big: the threshold lowered so the demo counts as big) alike."""
    _cores(monkeypatch, 2)
    if big:
        monkeypatch.setattr(executors, "AUTO_MIN_COLUMNS", 1)
    assert scan_estate(sources, options=OPTIONS, fanout=FanOut(jobs=AUTO)).to_json() == one_job
