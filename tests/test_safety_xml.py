"""Safety, written files: control characters in table or column names (legal in SQLite and PostgreSQL) never make XML invalid."""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from conftest import ROOT
from privacy_inventory.cli import main
from privacy_inventory.stages import run_data_map_stage, run_ropa_stage

C0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
TABLE = "cust\x01omers\x1b[31m"


def _hostile_db(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute(f'CREATE TABLE "{TABLE}" (id INTEGER PRIMARY KEY, "e\x07mail" TEXT, "full\x0cname" TEXT, "phone\x1f" TEXT)')
    conn.executemany(f'INSERT INTO "{TABLE}" VALUES (?, ?, ?, ?)', [(i, f"u{i}@example.org", f"Ada Lovelace {i}", f"+44 20 7946 0{i:03d}") for i in range(40)])
    conn.commit()
    conn.close()
    return path


def test_data_map_graphml_svg_and_ropa_html_stay_valid(tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert main(["scan", "--db", f"sqlite:///{_hostile_db(tmp_path / 'ctl.sqlite')}", "--out", str(out / "scan")]) == 0
    org = str(ROOT / "tests" / "fixtures" / "canary_org")
    run_data_map_stage(org, str(out))
    run_ropa_stage(org, str(out))
    written = sorted(p for p in out.rglob("*") if p.suffix in (".graphml", ".svg", ".html"))
    assert {p.name for p in written} >= {"data-map.graphml", "data-map.svg", "ropa.html"}
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert not C0.search(text), path
        if path.suffix != ".html":
            ET.parse(path)  # well-formed XML or it raises
    graph = nx.read_graphml(out / "data-map" / "data-map.graphml")
    tables = [n for n in graph.nodes if n.startswith("table:")]
    assert tables == ["table:ctl.cust\\u0001omers\\u001b[31m"], tables  # the name is kept, its control characters spelled out
    assert "omers" in (out / "data-map" / "data-map.svg").read_text(encoding="utf-8")
