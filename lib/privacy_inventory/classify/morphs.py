"""Polymorphic references (`notifiable_id` + `notifiable_type`): which rows they point at, and whether those are people.

Laravel morphs, Rails polymorphic associations and Django generic relations keep a row id and, beside it, the model
or table it belongs to. The id alone names no table (`notifiable`, `commentable`), so the type column says what it
points at: sampled values naming a person model (`App\\Models\\User`, `Acme::Customer`) make the id a person's id,
values naming only things (`App\\Models\\Invoice`) make it no person's. With no values, the morph's own name may say it
(data/lexicon_references.yaml `person_morph_names`: a notification's notifiable, a token's tokenable).
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from privacy_inventory.classify.knowledge import active
from privacy_inventory.classify.tables import head_noun, table_words
from privacy_inventory.classify.tokens import singular, tokenize

MORPH = "morph"  # how a reference was found, beside "declared" and "named"
_ID_WORDS = frozenset({"id", "uuid", "guid", "pk", "key"})
_TYPE_WORDS = frozenset({"type", "model", "class", "kind", "content type"})
_SEPARATORS = re.compile(r"\\+|::|/|\.")


def morph_pairs(columns: Iterable[str]) -> dict[str, tuple[str, str]]:
    """id column -> (type column, morph name) for each `X_id` that has an `X_type` (or `XType`, `X_model`) beside it."""
    by_stem: dict[tuple[str, ...], dict[str, str]] = {}
    for col in columns:
        toks = tokenize(col)
        if len(toks) < 2:
            continue
        if toks[-1] in _ID_WORDS:
            by_stem.setdefault(toks[:-1], {}).setdefault("id", col)
        elif toks[-1] in _TYPE_WORDS:
            by_stem.setdefault(toks[:-1], {}).setdefault("type", col)
    return {cols["id"]: (cols["type"], " ".join(stem)) for stem, cols in sorted(by_stem.items())
            if "id" in cols and "type" in cols}


def model_words(value: str) -> tuple[str, ...]:
    """`App\\Models\\Auth\\User` -> ('user',); `Acme::LoyaltyMember` -> ('loyalty', 'member'); `blog.post` -> ('post',)."""
    last = [p for p in _SEPARATORS.split(str(value).strip()) if p][-1:] or [""]
    return tuple(singular(t) for t in tokenize(last[0]) if not t.isdigit())


def _table_for(words: tuple[str, ...], tables: Sequence[str]) -> str | None:
    """The table a model's words name: same words, else same head noun; the first in name order wins."""
    if not words:
        return None
    for name in sorted(tables):
        if table_words(name) == words:
            return name
    for name in sorted(tables):
        if head_noun(name) == words[-1] and len(table_words(name)) == 1:
            return name
    return None


def is_person_morph(name: str) -> bool:
    """The morph's own name says a person fills it (`notifiable`, `tokenable`, `causer`)."""
    return singular(name.split()[-1]) in active().words("person_morph_names") if name else False


def main_person_table(person_tables: Sequence[str], referenced: dict[str, int]) -> str | None:
    """The schema's people of reference: a table named `user(s)`, else the person table most others point at."""
    named = sorted(t for t in person_tables if table_words(t) in (("user",), ("person",), ("people",)))
    if named:
        return named[0]
    ranked = sorted(person_tables, key=lambda t: (-referenced.get(t, 0), t))
    return ranked[0] if ranked else None


_MODEL = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:(?:\\\\?|::|\.)[A-Za-z_][A-Za-z0-9_]*)*$")


def _is_model_name(value: str) -> bool:
    """`App\\Models\\User`, `Acme::Member`, `auth.user`, `Customer`: a class or model name, not a word of an enum."""
    return len(value) <= 120 and bool(_MODEL.match(value)) and (
        any(sep in value for sep in ("\\", "::", ".")) or value[:1].isupper())


def morph_by_values(type_values: Sequence[object], person_tables: Sequence[str]) -> tuple[str | None, str]:
    """(person table or None, why) from the sampled values of a morph's type column; ("", why) when they say nothing.

    Only class or model names count (an `X_type` of `individual`/`business` is an enum, not a morph); the evidence
    names the models by their last word only (`User`, `Invoice`)."""
    values = sorted({str(v).strip() for v in type_values if v is not None and str(v).strip()})
    models = [m for m in values if _is_model_name(m)]
    if not models or len(models) < len(values):
        return "", "its type column holds no model names"
    people = {m: _table_for(model_words(m), person_tables) for m in models}
    qualified = any(sep in m for m in models for sep in ("\\", "::", "."))
    shown = ", ".join(sorted({[p for p in _SEPARATORS.split(m) if p][-1] for m in models})[:3])
    if all(people.values()):
        return people[models[0]], f"its type column names only person models ({shown})"
    if not qualified:
        return "", "its type column holds no qualified model names"
    if any(people.values()):
        return None, f"its type column names people and things ({shown}): rows of several kinds, not one person's"
    return None, f"its type column names no person model ({shown})"


def link_person_morphs(tables: Sequence, refs: dict[str, dict[str, tuple[str, bool]]], people: frozenset[str]) -> None:
    """Add `notifiable_id`-like morphs to the reference graph, pointing at the schema's people of reference."""
    referenced: dict[str, int] = {}
    for name, cols in refs.items():
        for target in {target for target, _ in cols.values() if target != name}:
            referenced[target] = referenced.get(target, 0) + 1
    main = main_person_table(sorted(people), referenced)
    if main is None:
        return
    for t in tables:
        for id_col, (_type_col, name) in morph_pairs(c.name for c in t.columns).items():
            if id_col not in refs[t.name] and is_person_morph(name):
                refs[t.name][id_col] = (main, False)


def resolve_by_values(references: dict[str, list[str]], columns: Sequence[str], samples: dict[str, list],
                      person_tables: Sequence[str]) -> None:
    """At scan time: a morph's sampled types decide whether its id points at a person (and which table) or not."""
    for id_col, (type_col, name) in morph_pairs(columns).items():
        if (references.get(id_col) or ["", "", ""])[2] == "declared":
            continue  # a declared foreign key says where it points
        target, why = morph_by_values(samples.get(type_col, []), person_tables)
        if target == "":
            continue  # no model names sampled: the morph's name (or nothing) decides
        references[id_col] = [target, "person", f"morph: {why}"] if target else ["", "other", f"morph: {why}"]


def morph_how(morphs: dict[str, tuple[str, str]], column: str) -> str:
    """How a reference found by the morph's name alone is told in the evidence ('' when the column is no morph)."""
    if column not in morphs:
        return ""
    type_col, name = morphs[column]
    if is_person_morph(name):
        return f"morph: '{name}' is a role a person fills, beside its type column '{type_col}'"
    return f"morph: beside its type column '{type_col}'"
