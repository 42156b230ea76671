"""Executed notebooks made clean and stable, and rendered to self-contained HTML without code."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from privacy_inventory.masking import scrub

_VOLATILE_CELL_KEYS = ("execution",)
_VOLATILE_PAPERMILL_KEYS = ("start_time", "end_time", "duration", "exception")
_CDN_SCRIPT = re.compile(r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.I)
_MERMAID_BLOCK = re.compile(r"<script type=\"module\">\s*document\.addEventListener\(\"DOMContentLoaded\", async \(\) => \{.*?</script>", re.S)
_MATHJAX_BLOCK = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")
_ANY_REMOTE = re.compile(r"https?://cdn[^\"' )]*", re.I)


def clean_executed_notebook(path: Path, secrets: Sequence[str] = ()) -> None:
    """Drop run timings and mask secrets, so an executed notebook leaks nothing and is stable."""
    if not path.exists():
        return
    book = json.loads(path.read_text(encoding="utf-8"))
    pm = book.get("metadata", {}).get("papermill", {})
    for key in (*_VOLATILE_PAPERMILL_KEYS, "input_path", "output_path"):
        pm.pop(key, None)
    for index, cell in enumerate(book.get("cells", [])):
        meta = cell.get("metadata", {})
        if "injected-parameters" in meta.get("tags", []):
            cell["id"] = f"injected-parameters-{index}"
        for key in _VOLATILE_CELL_KEYS:
            meta.pop(key, None)
        for key in _VOLATILE_PAPERMILL_KEYS:
            meta.get("papermill", {}).pop(key, None)
    text = _ADDRESS.sub(">", json.dumps(book, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    path.write_text(scrub(text, secrets), encoding="utf-8")


def render_html(notebook: Path, target: Path) -> Path:
    """HTML without code cells or prompts, with no asset fetched from a CDN (opens offline)."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.mathjax_url = ""
    book = nbformat.read(str(notebook), as_version=4)
    body, _ = exporter.from_notebook_node(book, resources={"metadata": {"name": page_title(book)}})
    body = _with_index_link(_offline(body))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(body, encoding="utf-8")
    return target


def page_title(book: object) -> str:
    """The page's title: the notebook's first level-1 heading (never nbconvert's default, "Notebook")."""
    for cell in getattr(book, "cells", []):
        if cell.get("cell_type") == "markdown":
            for line in str(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "privacy-inventory report"


_INDEX_LINK = ('<nav class="pi-nav" style="font-family:system-ui,sans-serif;font-size:90%;padding:6px 12px">'
               '<a href="index.html">&larr; Back to the index of this assessment</a></nav>')


def _with_index_link(html: str) -> str:
    """Every page links back to index.html (the assessment's front page, in the same folder)."""
    match = re.search(r"<body[^>]*>", html, re.I)
    return html[:match.end()] + _INDEX_LINK + html[match.end():] if match else _INDEX_LINK + html


def _offline(html: str) -> str:
    """Remove scripts that would load from the network (MathJax, Mermaid, require.js)."""
    html = _MATHJAX_BLOCK.sub("", html)
    html = _MERMAID_BLOCK.sub("", html)
    html = _CDN_SCRIPT.sub("", html)
    return html


def remote_references(html: str) -> list[str]:
    """Any CDN reference still present (tests assert there are none)."""
    return sorted(set(_ANY_REMOTE.findall(html)))
