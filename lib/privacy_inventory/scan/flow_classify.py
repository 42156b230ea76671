"""Classify the names an integration's config says it sends, with the same classifier as database columns."""

from __future__ import annotations

from collections.abc import Sequence

from privacy_inventory.classify import classify_column
from privacy_inventory.classify.combine import CHILD_NOUNS
from privacy_inventory.classify.tokens import singular, tokenize
from privacy_inventory.models import ColumnContext


def _personal(category: str | None) -> bool:
    return bool(category) and (category == "user" or str(category).startswith("user."))


def _children_words(names: Sequence[str]) -> list[str]:
    """The names whose words say the data is about children (the classifier's own child nouns)."""
    return sorted({n for n in names if n and any(singular(w) in CHILD_NOUNS for w in tokenize(n))})


def classify_names(event: str, names: Sequence[str], section: Sequence[str]) -> tuple[list[str], list[str], bool, str]:
    """(categories, special groups, about children, evidence) for one event's name and the names it carries."""
    from privacy_inventory.scan.flows import readable

    shown = {n: readable(n) for n in names}
    context = readable(event) if event else (section[-1] if section else "")
    siblings = tuple(sorted(set(shown.values())))
    cats: set[str] = set()
    special: set[str] = set()
    children = False
    why: list[str] = []
    todo = [(n, shown[n]) for n in sorted(names)] + ([(event, readable(event))] if event else [])
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
