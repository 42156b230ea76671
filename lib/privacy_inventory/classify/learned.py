"""Learned combiner: plain weights over the rules' verdict, name words, table role and value shape settle unsure columns.

The weights are trained by bench/train_combiner.py from the labelled corpus of public schemas and shipped as
data/combiner.json (token -> weight), so inference is a sum of dictionary look-ups, deterministic and fast, and
the evidence names the features that weighed most, in words. Strong rule decisions (values that prove a category,
keys of person tables with high confidence) are kept; the model decides where the rules are unsure.
"""

from __future__ import annotations

import json
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from privacy_inventory.classify.tokens import singular, tokenize
from privacy_inventory.errors import InventoryError
from privacy_inventory.models import Classification, ColumnContext

PACKAGE_MODEL = Path(__file__).resolve().parents[1] / "data" / "combiner.json"
OFF = "off"


@dataclass(frozen=True)
class Model:
    """Weights of the two tasks (personal or not; which category) and the blend thresholds."""

    personal_bias: float
    personal: dict[str, float]
    classes: tuple[str, ...]
    category_bias: dict[str, float]
    category: dict[str, dict[str, float]]
    blend: dict[str, float]
    trained_on: tuple[str, ...] = ()
    columns: int = 0

    def p_personal(self, feats: list[str]) -> tuple[float, list[tuple[float, str]]]:
        """Probability the column is personal, and each present feature's contribution."""
        parts = [(self.personal[f], f) for f in feats if f in self.personal]
        z = self.personal_bias + sum(w for w, _ in parts)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))), parts

    def category_scores(self, feats: list[str]) -> dict[str, float]:
        """Softmax over the categories seen in training."""
        z = dict(self.category_bias)
        for f in feats:
            row = self.category.get(f)
            if row:
                for cls, w in row.items():
                    z[cls] = z.get(cls, 0.0) + w
        top = max(z.values()) if z else 0.0
        exp = {k: math.exp(v - top) for k, v in z.items()}
        total = sum(exp.values()) or 1.0
        return {k: exp[k] / total for k in sorted(exp)}


def model_from_dict(data: dict[str, Any], source: str = "combiner") -> Model:
    """A Model from its JSON form; a malformed file is one clear line."""
    try:
        p, cat = data["personal"], data["category"]
        return Model(float(p["bias"]), {str(k): float(w) for k, w in p["weights"].items()}, tuple(cat["classes"]),
                     {str(k): float(w) for k, w in cat["bias"].items()},
                     {str(f): {str(c): float(w) for c, w in row.items()} for f, row in cat["weights"].items()},
                     {str(k): float(w) for k, w in data.get("blend", {}).items()},
                     tuple(data.get("trained_on", ())), int(data.get("columns", 0)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InventoryError(source, f"not a combiner model file ({type(exc).__name__}: {exc})") from None


@lru_cache(maxsize=32)
def load(path: str) -> Model:
    """Read a model file (cached by path)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InventoryError(path, f"cannot read the combiner model: {exc}") from None
    return model_from_dict(data, path)


_SETTING: list[str] = [OFF]
_RECORDER: list[list[dict[str, Any]]] = []


def configure(setting: str = OFF) -> None:
    """'' = the package's model, 'off' = rules only, else a model file's path."""
    _SETTING[0] = setting or ""


def active_model() -> Model | None:
    """The model in force, or None (rules only, or no model shipped)."""
    setting = _SETTING[0]
    if setting == OFF:
        return None
    return _package_model() if not setting else load(setting)


@lru_cache(maxsize=1)
def _package_model() -> Model | None:
    """The shipped model, or None when the package has none (looked for once, not per column)."""
    return load(str(PACKAGE_MODEL)) if PACKAGE_MODEL.is_file() else None


@contextmanager
def recording() -> Iterator[list[dict[str, Any]]]:
    """Collect every column's features and rule verdict (training), with the model switched off meanwhile."""
    rows: list[dict[str, Any]] = []
    before = _SETTING[0]
    _RECORDER.append(rows)
    _SETTING[0] = OFF
    try:
        yield rows
    finally:
        _RECORDER.remove(rows)
        _SETTING[0] = before


# ------------------------------------------------------------------------------------------------ features
_BUCKETS = (0.5, 0.7, 0.8, 0.9, 0.95)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TOKENISH = re.compile(r"^[A-Za-z0-9+/=_\-.$]{20,}$")
_WORD = re.compile(r"[a-z]{3,}")
_SOURCES = (("primary key", "pk"), ("foreign key", "fk"), ("person table", "persontable"), ("hides it", "hidden"),
            ("sampled values are", "values"), ("no personal-data signal", "nothing"), ("but ", "vetoed"),
            ("not personal", "notpersonal"), ("document paths", "document"), ("no sampled values", "novalues"),
            ("by its name", "named"), ("not a person", "notperson"), ("organisation", "org"))


def _bucket(x: float) -> str:
    for i, edge in enumerate(_BUCKETS):
        if x < edge:
            return str(i)
    return str(len(_BUCKETS))


def _dtype(data_type: str) -> str:
    d = (data_type or "").lower()
    for key, words in (("bool", ("bool", "bit", "tinyint(1)")), ("int", ("int", "serial")),
                       ("time", ("date", "time")), ("num", ("float", "real", "double", "decimal", "numeric", "money")),
                       ("json", ("json",)), ("blob", ("blob", "binary", "bytea")),
                       ("text", ("char", "text", "string", "clob", "uuid"))):
        if any(w in d for w in words):
            return key
    return "other"


def _value_features(values: tuple[Any, ...]) -> list[str]:
    """Cheap shape of up to 60 sampled values (never the values themselves)."""
    texts = [v if type(v) is str else str(v) for v in values[:120] if v is not None][:60]
    if not texts:
        return ["v:empty"]
    n = len(texts)
    out = []
    distinct = len(set(texts))
    if distinct <= 2:
        out.append("v:two")
    elif distinct <= 6 and n >= 10:
        out.append("v:enum")
    elif distinct >= 0.9 * n:
        out.append("v:unique")
    share = {"num": 0, "at": 0, "space": 0, "url": 0, "date": 0, "token": 0, "cap": 0}
    length = 0
    for t in texts:
        length += len(t)
        if t.replace(".", "", 1).lstrip("-").isdigit():
            share["num"] += 1
            continue
        if "@" in t:
            share["at"] += 1
        if " " in t:
            share["space"] += 1
        elif t[:1].isupper() and t[1:].isalpha() and t[1:].islower():
            share["cap"] += 1
        if t.startswith(("http://", "https://")):
            share["url"] += 1
        elif _DATE.match(t):
            share["date"] += 1
        elif " " not in t and _TOKENISH.match(t):
            share["token"] += 1
    out += [f"v:{k}" for k, c in share.items() if c >= 0.5 * n]
    mean = length / n
    out.append("v:len" + ("0" if mean < 4 else "1" if mean < 12 else "2" if mean < 40 else "3"))
    return out


def _rule_features(verdict: Classification) -> list[str]:
    cat = verdict.category or "none"
    coarse = ".".join(cat.split(".")[:2])
    q = _bucket(verdict.confidence)
    ev = verdict.evidence.lower()
    out = [f"r:{cat}", f"rc:{coarse}", f"rq:{'p' if verdict.category else 'n'}{q}", f"rcq:{coarse}|{q}"]
    out += [f"rs:{code}" for needle, code in _SOURCES if needle in ev]
    head = ev.split("-> ", 1)
    if len(head) == 2:
        label = re.split(r"[,;(]", head[1], maxsplit=1)[0]
        out += [f"rl:{w}" for w in _WORD.findall(label)[:6]]
    return out


def features(ctx: ColumnContext, verdict: Classification) -> list[str]:
    """The column's features: name and table words, role, keys, type, value shape, the rules' verdict (sorted)."""
    toks = [t for t in tokenize(ctx.column) if not t.isdigit()] or ["_"]
    ttoks = [singular(t) for t in tokenize(ctx.table) if not t.isdigit()] or ["_"]
    role = ctx.table_role or "none"
    out = {f"c:{t}" for t in toks}
    out.add(f"cl:{toks[-1]}")
    out.add(f"cf:{toks[0]}")
    out.update(f"cb:{a}_{b}" for a, b in zip(toks, toks[1:]))
    out.update(f"t:{t}" for t in ttoks)
    out.add(f"th:{ttoks[-1]}")
    out.add(f"role:{role}")
    out.add(f"xr:{role}|{toks[-1]}")
    dtype = _dtype(ctx.data_type)
    out.add(f"dt:{dtype}")
    if ctx.primary_key:
        out.add("k:pk")
    if ctx.references or ctx.referenced_table:
        out.add(f"k:ref|{ctx.referenced_role or 'unknown'}")
    if ctx.references_person_table:
        out.add("k:refperson")
    if ctx.table_references_person:
        out.add("k:belongs")
    shape = _value_features(ctx.values)
    out.update(shape)
    rule = _rule_features(verdict)
    out.update(rule)
    coarse = rule[1][3:]
    out.add(f"xq:{role}|{coarse}")
    out.add(f"xd:{coarse}|{dtype}")
    out.update(f"xv:{coarse}|{v[2:]}" for v in shape)
    out.update(f"xl:{coarse}|{w[3:]}" for w in rule if w.startswith(("rs:", "rl:")))
    return sorted(out)


# ------------------------------------------------------------------------------------------------ words
_WORDS = {"c": "name word '{}'", "cl": "name ending '{}'", "cf": "name starting '{}'", "cb": "name words '{}'",
          "t": "table word '{}'", "th": "table noun '{}'", "role": "table role {}", "xr": "{} table with name ending",
          "dt": "stored as {}", "k": "key {}", "v": "values {}", "r": "rules said {}", "rc": "rules said {}",
          "rq": "rules' confidence", "rcq": "rules' confidence in {}", "rs": "rules' evidence ({})", "rl": "rule '{}'",
          "xq": "{} with the rules' verdict"}
_VALUE_WORDS = {"empty": "empty", "two": "one or two distinct", "enum": "few distinct (an enum)",
                "unique": "all distinct", "num": "numbers", "at": "contain '@'", "space": "contain spaces",
                "url": "URLs", "date": "dates", "token": "long tokens", "cap": "capitalised words",
                "len0": "very short", "len1": "short", "len2": "medium length", "len3": "long text"}


def describe(feature: str) -> str:
    """A feature in words (`c:dob` -> name word 'dob')."""
    kind, _, value = feature.partition(":")
    if kind == "v":
        return f"values {_VALUE_WORDS.get(value, value)}"
    if kind == "xr":
        role, _, last = value.partition("|")
        return f"name ending '{last}' in a {role} table"
    if kind == "xq":
        role, _, coarse = value.partition("|")
        return f"rules said {coarse} in a {role} table"
    if kind in ("xd", "xv", "xl"):
        coarse, _, what = value.partition("|")
        what = {"xd": "stored as {}", "xv": "values {}", "xl": "rules' reason '{}'"}[kind].format(
            _VALUE_WORDS.get(what, what) if kind == "xv" else what)
        return f"rules said {coarse}, {what}"
    if kind == "rq":
        return "rules' confidence"
    if kind == "rcq":
        coarse, _, q = value.partition("|")
        return f"rules' confidence in {coarse}"
    if kind == "k":
        return {"pk": "primary key", "refperson": "points at a person table",
                "belongs": "table belongs to a person"}.get(value, "points at a " + value.partition("|")[2] + " table")
    return _WORDS.get(kind, "{}").format(value.replace("_", " ") if kind == "cb" else value)


def _top(parts: list[tuple[float, str]], sign: float, n: int = 3) -> str:
    chosen = sorted((p for p in parts if p[0] * sign > 0), key=lambda p: (-abs(p[0]), p[1]))[:n]
    seen: list[str] = []
    for _, f in chosen:
        words = describe(f)
        if words not in seen:
            seen.append(words)
    return ", ".join(seen) or "the base rate"


# ------------------------------------------------------------------------------------------------ blend
def _strong(verdict: Classification, model: Model) -> bool:
    """Rule verdicts the model never overrides: values that prove a category, very confident decisions."""
    ev = verdict.evidence
    if verdict.category and "sampled values are valid" in ev and verdict.confidence >= model.blend.get("keep_values", 0.8):
        return True
    return verdict.confidence >= model.blend.get("keep", 0.97)


def decide(model: Model, feats: list[str], verdict: Classification) -> tuple[str | None, float, str] | None:
    """The model's verdict (category, confidence, evidence) where it overrides the rules, else None.

    Where the rules are unsure (confidence under `unsure`) the model's probability decides at `cut`; elsewhere it
    overrides them only when it is sure (`hi` for personal, `lo` for not personal).
    """
    if _strong(verdict, model):
        return None
    p, parts = model.p_personal(feats)
    b = model.blend
    unsure = verdict.confidence < b.get("unsure", 0.0)
    hi, lo = (b.get("cut", 0.5), b.get("cut", 0.5)) if unsure else (b.get("hi", 0.9), b.get("lo", 0.1))
    trained = f"learned from {model.columns} labelled columns of {len(model.trained_on)} applications"
    if verdict.category is None and p >= hi:
        scores = model.category_scores(feats)
        cat = max(scores, key=lambda k: (scores[k], k))
        why = _top(parts, 1.0)
        return cat, round(p, 3), (f"learned: personal ({p:.2f}) from {why}; category {cat} ({scores[cat]:.2f}) "
                                  f"[{trained}]; the rules said: {verdict.evidence}")
    if verdict.category is not None and p < lo:
        why = _top(parts, -1.0)
        return None, round(1.0 - p, 3), (f"learned: not personal ({1.0 - p:.2f}) from {why} [{trained}]; "
                                         f"the rules said {verdict.category}: {verdict.evidence}")
    return None


def refine(ctx: ColumnContext, verdict: Classification) -> Classification:
    """The rules' verdict, or the model's where the rules are unsure and the model is sure."""
    if _RECORDER:
        _RECORDER[-1].append({"table": ctx.table, "column": ctx.column, "features": features(ctx, verdict),
                              "category": verdict.category, "confidence": verdict.confidence,
                              "evidence": verdict.evidence})
        return verdict
    model = active_model()
    if model is None:
        return verdict
    if _strong(verdict, model):
        return verdict
    decided = decide(model, features(ctx, verdict), verdict)
    if decided is None:
        return verdict
    category, confidence, evidence = decided
    flags = verdict.flags if category is not None else ()
    return Classification(category, confidence, evidence, flags, verdict.facts)
