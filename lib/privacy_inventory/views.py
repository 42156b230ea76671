"""Tables the notebooks show: pandas frames built from stage outputs, styled the same way everywhere."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from privacy_inventory.models import Inventory
from privacy_inventory.wording import percent

_UUID = "pi"


_SHORT = 12  # characters: columns no longer than this keep each cell on one line


def styled(frame: pd.DataFrame, caption: str = "") -> "pd.io.formats.style.Styler":
    """A readable, deterministic table (element ids from its content, so rendered HTML is byte-stable)."""
    # ids stable across runs but distinct per table: with one id for all, a short column's no-wrap rule of one table
    # reached the cells of the same row and column in every other table of the page.
    digest = hashlib.sha1((caption + "\x1f" + frame.to_csv(index=False)).encode("utf-8")).hexdigest()[:8]
    style = frame.style.hide(axis="index").set_uuid(f"{_UUID}{digest}")
    style = style.set_table_attributes('class="pi-table"').set_properties(**{"text-align": "left", "vertical-align": "top"})
    style = style.set_table_styles([{"selector": "th", "props": [("text-align", "left"), ("background", "#eef2f7")]}])
    short = [c for c in frame.columns if frame.columns.is_unique and len(frame) and frame[c].astype(str).str.len().max() <= _SHORT]
    if short:  # a status or count never breaks letter by letter when a wide neighbour takes the page width
        style = style.set_properties(subset=short, **{"white-space": "nowrap"})
    return style.set_caption(caption) if caption else style


def sources_table(inventory: Inventory) -> pd.DataFrame:
    """Each database source: status, tables, columns and how many hold personal data."""
    rows = []
    for src in inventory.sources:
        cols = [c for t in src.tables for c in t.columns]
        rows.append(
            {
                "source": src.name,
                "database": src.dialect,
                "status": src.status,
                "tables": len(src.tables),
                "tables not read": sum(1 for t in src.tables if t.error),
                "views not read (--skip-views)": sum(1 for t in src.tables if t.skipped),
                "columns": len(cols),
                "personal columns": sum(1 for c in cols if c.category),
                "problem": src.error or "",
            }
        )
    return pd.DataFrame(rows, columns=["source", "database", "status", "tables", "tables not read", "views not read (--skip-views)", "columns", "personal columns", "problem"])


def category_summary(inventory: Inventory) -> pd.DataFrame:
    """How many columns and tables hold each data category."""
    cols: Counter[str] = Counter()
    tables: dict[str, set[str]] = {}
    for src in inventory.sources:
        for t in src.tables:
            for c in t.columns:
                if c.category:
                    cols[c.category] += 1
                    tables.setdefault(c.category, set()).add(f"{src.name}.{t.name}")
    rows = [{"category": k, "columns": cols[k], "tables": len(tables[k]), "example tables": ", ".join(sorted(tables[k])[:4])} for k in sorted(cols)]
    return pd.DataFrame(rows, columns=["category", "columns", "tables", "example tables"])


def personal_columns(inventory: Inventory, min_confidence: float = 0.0) -> pd.DataFrame:
    """Every column classified as personal data, with its confidence and masked evidence."""
    rows = [
        {"table": f"{src.name}.{t.name}", "column": c.name, "category": c.category, "confidence": percent(c.confidence), "flags": ", ".join(c.flags), "evidence": c.evidence}
        for src in inventory.sources
        for t in src.tables
        for c in t.columns
        if c.category and c.confidence >= min_confidence
    ]
    return pd.DataFrame(rows, columns=["table", "column", "category", "confidence", "flags", "evidence"])


def flagged_columns(inventory: Inventory) -> pd.DataFrame:
    """Columns needing the DPO's attention first: special categories, children, plain-text passwords, hidden data."""
    rows = [
        {"table": f"{src.name}.{t.name}", "column": c.name, "flags": ", ".join(c.flags), "category": c.category or "", "facts": _facts(c.facts)}
        for src in inventory.sources
        for t in src.tables
        for c in t.columns
        if c.flags
    ]
    return pd.DataFrame(rows, columns=["table", "column", "flags", "category", "facts"])


def _facts(facts: dict[str, float]) -> str:
    return ", ".join(f"{k}={int(v) if float(v).is_integer() else v}" for k, v in sorted(facts.items()))


def integrations_table(inventory: Inventory) -> pd.DataFrame:
    """Third-party integrations found in application config."""
    rows = [
        {"vendor": i.vendor, "role": i.role, "country": i.country, "file": i.file, "key": i.key, "categories": ", ".join(i.categories), "evidence": i.evidence}
        for i in inventory.integrations
    ]
    return pd.DataFrame(rows, columns=["vendor", "role", "country", "file", "key", "categories", "evidence"])


def config_findings_table(inventory: Inventory) -> pd.DataFrame:
    """Problems found in config files (secrets in plain text), masked."""
    rows = [{"severity": f.severity, "kind": f.kind, "file": f.file, "key": f.key, "detail": f.detail} for f in inventory.config_findings]
    return pd.DataFrame(rows, columns=["severity", "kind", "file", "key", "detail"])


def records_frame(records: Iterable[object], columns: list[str]) -> pd.DataFrame:
    """A frame from dataclass-like records, keeping only the named attributes, lists joined."""
    rows = []
    for rec in records:
        row = {}
        for col in columns:
            value = getattr(rec, col, "")
            row[col] = ", ".join(map(str, value)) if isinstance(value, (list, tuple, set)) else value
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def frame(rows: list[dict[str, object]], empty: str) -> pd.DataFrame:
    """Rows as a table with lists joined; a one-line message when there is nothing to show."""
    if not rows:
        return pd.DataFrame({"result": [empty]})
    clean = [{k: ", ".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v for k, v in r.items() if k != "node"} for r in rows]
    return pd.DataFrame(clean)


def activities_overview(ropa: object) -> pd.DataFrame:
    """Art. 35(7)(a): each processing activity, its purposes, legal basis, subjects, retention and DPIA verdict."""
    from privacy_inventory.ropa.files import ropa_rows

    keep = ["Activity", "(b) Purposes", "Legal basis (Art. 6)", "(c) Data subjects", "(f) Time limits for erasure", "DPIA needed"]
    return pd.DataFrame([{k: row[k] for k in keep} for row in ropa_rows(ropa)], columns=keep)  # type: ignore[arg-type]


def screening_verdicts(screening: list[object]) -> pd.DataFrame:
    """One row per activity: the verdict and which WP248 criteria are met."""
    rows = [
        {"activity": s.name, "verdict": s.verdict, "criteria met": s.met, "met": ", ".join(c.name for c in s.criteria if c.status == "met"),  # type: ignore[attr-defined]
         "needs the DPO's answer": ", ".join(c.name for c in s.criteria if c.status not in ("met", "not met"))}  # type: ignore[attr-defined]
        for s in screening
    ]
    return pd.DataFrame(rows, columns=["activity", "verdict", "criteria met", "met", "needs the DPO's answer"])


def screening_criteria(screening: list[object]) -> pd.DataFrame:
    """Every criterion of every activity with its evidence, met ones first."""
    from privacy_inventory.dpia.screening import screening_rows

    rows = [r for r in screening_rows(screening) if r["status"] != "not met"]  # type: ignore[arg-type]
    return pd.DataFrame(rows, columns=["activity", "verdict", "criterion", "status", "evidence", "reviewed"])


def register_frame(register: object, residual: bool = False) -> pd.DataFrame:
    """The risk register (most serious first); with `residual`, the measures, residual risk and the DPO's decision."""
    from privacy_inventory.dpia.register import register_rows

    cols = ["level", "title", "severity", "likelihood", "count", "scope", "factors"]
    if residual:
        cols = ["title", "level", "measures", "owner", "due", "residual_level", "decision", "reviewed_by", "reviewed_on", "review_reason"]
    unset = {"owner": "to set in dpia.yaml", "due": "to set"}  # shown blank-but-visible so the DPO fills them
    return pd.DataFrame([{c: r[c] or unset.get(c, "") for c in cols} for r in register_rows(register)], columns=cols)  # type: ignore[arg-type]


def policy_statements(policy: object) -> pd.DataFrame:
    """What the policy declares about data categories, each tied to the sentence it came from."""
    rows = [
        {"category": key, "wording": st.term, "section": st.section, "sentence": st.text}
        for key, statements in policy.categories.items()  # type: ignore[attr-defined]
        for st in statements[:1]
    ]
    return pd.DataFrame(rows, columns=["category", "wording", "section", "sentence"])


def policy_purposes(policy: object) -> pd.DataFrame:
    """Each purpose the policy states (read by meaning), with the wording and the sentence and place it came from."""
    rows = [
        {"purpose": key, "wording": st.term, "where": st.where, "sentence": st.quote}
        for key, statements in policy.purposes.items()  # type: ignore[attr-defined]
        for st in statements[:1]
    ]
    return frame(rows, "the policy states no purpose the lexicon recognises")


def policy_reading_notes(policy: object) -> pd.DataFrame:
    """How sentences were read: transfer safeguards named, conditional or scoped denials, purposes denied, third parties' own words set aside."""
    rows = [{"reading": "transfer safeguards named", "wording": ", ".join(g.replace("_", " ") for g in t.safeguards) or "none",
             "where": t.statement.where, "sentence": t.statement.quote} for t in policy.transfers]  # type: ignore[attr-defined]
    rows += [{"reading": f"denial ({st.key})" + (f", only {st.condition}" if st.condition else ", absolute"), "wording": st.condition or st.key,
              "where": st.where, "sentence": st.quote} for sts in policy.denials.values() for st in sts]  # type: ignore[attr-defined]
    rows += [{"reading": f"purpose denied: {key}", "wording": st.term, "where": st.where, "sentence": st.quote}
             for key, sts in policy.denied_purposes.items() for st in sts]  # type: ignore[attr-defined]
    rows += [{"reading": "set aside: a third party's own settings or policy", "wording": st.term, "where": st.where, "sentence": st.quote}
             for st in policy.set_aside]  # type: ignore[attr-defined]
    return frame(rows, "no transfer, denial or third-party statement found")


def figure(path: object, alt: str) -> object:
    """An SVG figure inline, with a text alternative for screen readers (nbconvert keeps it)."""
    import html as _html
    from pathlib import Path as _Path

    from IPython.display import HTML

    svg = _Path(str(path)).read_text(encoding="utf-8")
    svg = svg[svg.find("<svg"):] if "<svg" in svg else svg
    return HTML(f'<figure role="img" aria-label="{_html.escape(alt)}" style="margin:0">{svg}<figcaption style="font-size:90%;color:#444">{_html.escape(alt)}</figcaption></figure>')
