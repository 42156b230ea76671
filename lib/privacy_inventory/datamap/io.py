"""The data map on disk: GraphML for yEd/Gephi/Cytoscape and node-link JSON, byte-identical across runs."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from privacy_inventory.errors import InventoryError


def _sorted_graph(g: nx.DiGraph) -> nx.DiGraph:
    """The same graph with nodes, edges and attribute names in sorted order, so every export is byte-identical."""
    out = nx.DiGraph(**dict(sorted(g.graph.items())))
    for nid in sorted(g.nodes):
        out.add_node(nid, **dict(sorted(g.nodes[nid].items())))
    for u, v in sorted(g.edges):
        out.add_edge(u, v, **dict(sorted(g.edges[u, v].items())))
    return out


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """A name as XML 1.0 can hold it: a control character (legal in a table name) is written as `\\uXXXX`."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _flat(value: Any) -> Any:
    """GraphML holds no lists or None: lists become ';'-joined strings, None an empty string; text made XML-safe."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return xml_safe(";".join(str(v) for v in sorted(value)))
    if isinstance(value, str):
        return xml_safe(value)
    return "" if value is None else value


def write_graphml(g: nx.DiGraph, path: Path) -> Path:
    """Write the map as GraphML (yEd, Gephi, Cytoscape), list attributes joined with ';'; byte-identical across runs."""
    flat = nx.DiGraph(**{k: _flat(v) for k, v in sorted(g.graph.items())})
    for nid in sorted(g.nodes):
        flat.add_node(_flat(nid), **{k: _flat(v) for k, v in sorted(g.nodes[nid].items())})
    for u, v in sorted(g.edges):
        flat.add_edge(_flat(u), _flat(v), **{k: _flat(x) for k, x in sorted(g.edges[u, v].items())})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml_xml(flat, path, encoding="utf-8", prettyprint=True)
    return path


def node_link(g: nx.DiGraph) -> dict[str, Any]:
    """The map as plain node-link data (lists kept as lists), nodes and edges sorted."""
    sg = _sorted_graph(g)
    data = nx.node_link_data(sg, edges="edges")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["edges"] = sorted(data["edges"], key=lambda e: (e["source"], e["target"]))
    return data


def write_node_link_json(g: nx.DiGraph, path: Path) -> Path:
    """Write the map as node-link JSON (D3, networkx), sorted keys and Unix newlines; byte-identical across runs."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(node_link(g), indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n"
    path.write_text(text, encoding="utf-8", newline="")
    return path


def read_node_link_json(path: Path) -> nx.DiGraph:
    """The map as the data-map stage wrote it, so later stages read it rather than rebuild it."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return _sorted_graph(nx.node_link_graph(data, directed=True, edges="edges"))
    except FileNotFoundError:
        raise InventoryError(str(path), "data map not found; run the data-map stage (02_data_map) first") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InventoryError(str(path), f"not a valid data-map file ({type(exc).__name__})") from None
