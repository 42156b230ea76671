"""Classify the names an integration's config says it sends, with the same classifier as database columns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from privacy_inventory.classify import classify_column
from privacy_inventory.classify.combine import CHILD_NOUNS
from privacy_inventory.classify.tokens import singular, tokenize
from privacy_inventory.models import ColumnContext


_CAMEL = re.compile(r"([a-z0-9])([A-Z])")


@lru_cache(maxsize=1)
def shapes() -> dict[str, Any]:
    """data/flow_shapes.yaml, read once."""
    from privacy_inventory.yaml_io import load_yaml

    return load_yaml(Path(str(resources.files("privacy_inventory") / "data" / "flow_shapes.yaml")))


def readable(name: str) -> str:
    """The name the classifier reads: reserved prefixes and hash markers off, vendor short names written out."""
    sh = shapes()
    text = _CAMEL.sub(r"\1_\2", name.strip()).lower()
    for prefix in sh.get("name_prefixes") or ():
        text = text.removeprefix(str(prefix))
    for affix in sh.get("hashed_affixes") or ():
        a = str(affix)
        text = text.removeprefix(a) if not a.startswith("_") else text.removesuffix(a)
    text = text.strip("_ .")
    return _aliases().get(text, text)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Vendors' short field names written out (`em` -> email), from data/flow_shapes.yaml, read once."""
    return {str(k).lower(): str(v) for k, v in (shapes().get("aliases") or {}).items()}


def _personal(category: str | None) -> bool:
    return bool(category) and (category == "user" or str(category).startswith("user."))


def _children_words(names: Sequence[str]) -> list[str]:
    """The names whose words say the data is about children (the classifier's own child nouns)."""
    return sorted({n for n in names if n and any(singular(w) in CHILD_NOUNS for w in tokenize(n))})


def classify_names(event: str, names: Sequence[str], section: Sequence[str]) -> tuple[list[str], list[str], bool, str]:
    """(categories, special groups, about children, evidence) for one event's name and the names it carries."""
    shown = {n: readable(n) for n in names}
    said = readable(event) if event else ""
    context = said if event else (section[-1] if section else "")
    siblings = tuple(sorted(set(shown.values())))
    cats: set[str] = set()
    special: set[str] = set()
    children = False
    why: list[str] = []
    todo = [(n, shown[n]) for n in sorted(names)] + ([(event, said)] if event else [])
    for name, text in todo:
        c = classify_column(ColumnContext(table=context or "event", column=text, data_type="", sibling_columns=siblings, table_role="person"))
        if not _personal(c.category):
            continue
        cats.add(str(c.category))
        groups = [f.split(":", 1)[1] for f in c.flags if f.startswith("special:")]
        special.update(groups)
        children = children or "children" in c.flags
        written = f" ({text})" if text != name.lower() else ""
        why.append(f"{name}{written} -> {c.category}" + (f" [{', '.join(sorted(groups))}]" if groups else ""))
    kids = _children_words([event, *names, *section])
    if kids:
        children = True
        why.append(f"about children: {', '.join(kids)}")
    return sorted(cats), sorted(special), children, "; ".join(why)
