"""Train the learned combiner (classify/learned.py) from the labelled corpus, and write it as plain weights.

    .venv/bin/python bench/train_combiner.py            # all applications -> lib/privacy_inventory/data/combiner.json
    .venv/bin/python bench/train_combiner.py --out /tmp/m.json --without zulip

Each application's corpus database is scanned by the rules alone, with the knowledge fitted on that application
held out (as the scorer does), and every column's features (name and table words, role, keys, type, value
shape, the rules' verdict) are recorded with its label. A logistic regression says personal or not and a naive
Bayes model which category (scikit-learn; deterministic: lbfgs, one thread, features in sorted order). Only features seen in at least two applications are kept, so no weight names one schema's own words.
The weights are rounded and written as JSON; the scanner only sums them (no scikit-learn at scan time).
bench/score_corpus.py trains one model per held-out application with the same code (leave-one-application-out).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "lib"))

OUT = ROOT / "lib" / "privacy_inventory" / "data" / "combiner.json"
MIN_APPS = 3  # a feature must occur in this many training applications
MIN_CLASS = 5  # a category needs this many training columns
C_PERSONAL, ALPHA = 0.2, 0.5  # logistic regression's inverse regularisation; naive Bayes' smoothing
DIGITS, PRUNE, PRUNE_NB = 4, 0.002, 0.25
# Blend thresholds (classify/learned.py decide): tuned by the leave-one-application-out score only.
BLEND = {"unsure": 0.6, "cut": 0.4, "hi": 0.95, "lo": 0.05, "keep": 0.97, "keep_values": 0.8}

Rows = dict[str, list[dict[str, Any]]]


def record(app: str, db: Path, sample_size: int, exclude: tuple[str, ...]) -> list[dict[str, Any]]:
    """The rules' scan of one corpus database, every column's features and verdict recorded."""
    from privacy_inventory.classify import learned
    from privacy_inventory.scan.database import ScanOptions, scan_source
    from privacy_inventory.scan.sources import parse_source

    options = ScanOptions(progress=False, sample_size=sample_size, timeout_s=600.0, exclude_fitted_on=exclude,
                          combiner=learned.OFF)
    with learned.recording() as rows:
        scan_source(parse_source(f"{app}=sqlite:///{db}"), options)
    return rows


def collect(apps: list[str], workdir: Path, rows: int = 30, seed: int = 11, sample_size: int = 200) -> Rows:
    """Recorded rows of every application, each joined with its label (held-out knowledge while recording)."""
    import score_corpus

    out: Rows = {}
    for app in sorted(apps):
        db = score_corpus.build_db(app, workdir, rows, seed)
        labels = score_corpus.read_labels(app)
        recorded = record(app, db, sample_size, (app,))
        for row in recorded:
            label = labels.get((row["table"], row["column"]))
            row["label"] = label.category if label else None
            row["optional"] = bool(label.optional) if label else True
        out[app] = sorted(recorded, key=lambda r: (r["table"], r["column"]))
    return out


def _vocabulary(rows: Rows, apps: list[str]) -> list[str]:
    seen: dict[str, set[str]] = {}
    for app in apps:
        for row in rows[app]:
            for f in row["features"]:
                seen.setdefault(f, set()).add(app)
    return sorted(f for f, where in seen.items() if len(where) >= MIN_APPS)


def _matrix(samples: list[dict[str, Any]], index: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    data, cols, ptr = [], [], [0]
    for row in samples:
        present = sorted({index[f] for f in row["features"] if f in index})
        cols += present
        data += [1.0] * len(present)
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(samples), len(index)))


def _fit(x: Any, y: list[Any], c: float, weights: Any) -> Any:
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        return LogisticRegression(C=c, solver="lbfgs", max_iter=3000, tol=1e-6).fit(x, y, sample_weight=weights)


def _naive_bayes(x: Any, y: list[str]) -> Any:
    """Which category: multinomial naive Bayes (log-probabilities per feature and class are the weights)."""
    from sklearn.naive_bayes import MultinomialNB

    return MultinomialNB(alpha=ALPHA).fit(x, y)


def _balanced(samples: list[dict[str, Any]]) -> Any:
    """Each application weighs the same in training, however many columns it has."""
    import numpy as np

    counts: dict[str, int] = {}
    for r in samples:
        counts[r["app"]] = counts.get(r["app"], 0) + 1
    return np.array([len(samples) / len(counts) / counts[r["app"]] for r in samples])


def _r(w: float) -> float:
    return round(float(w), DIGITS) + 0.0


def train(rows: Rows, apps: list[str], blend: dict[str, float] | None = None) -> dict[str, Any]:
    """A model (JSON-ready dict) fitted on `apps` only."""
    apps = sorted(apps)
    vocab = _vocabulary(rows, apps)
    index = {f: i for i, f in enumerate(vocab)}
    scored = [{**r, "app": app} for app in apps for r in rows[app] if not r["optional"]]
    x = _matrix(scored, index)
    personal = _fit(x, [int(r["label"] is not None) for r in scored], C_PERSONAL, _balanced(scored))
    weights = {f: _r(w) for f, w in zip(vocab, personal.coef_[0]) if abs(w) >= PRUNE}

    counts: dict[str, int] = {}
    for r in scored:
        if r["label"]:
            counts[r["label"]] = counts.get(r["label"], 0) + 1
    classes = sorted(k for k, n in counts.items() if n >= MIN_CLASS)
    keep = [r for r in scored if r["label"] in classes]
    cat = _naive_bayes(_matrix(keep, index), [r["label"] for r in keep])
    order = list(cat.classes_)
    logp = cat.feature_log_prob_
    cat_weights: dict[str, dict[str, float]] = {}
    for j, f in enumerate(vocab):
        centre = float(logp[:, j].mean())  # the same amount on every class changes no softmax: keep the differences
        row = {order[k]: _r(logp[k][j] - centre) for k in range(len(order)) if abs(logp[k][j] - centre) >= PRUNE_NB}
        if row:
            cat_weights[f] = dict(sorted(row.items()))
    return {
        "about": "privacy-inventory learned combiner: logistic-regression weights per feature (bench/train_combiner.py)",
        "trained_on": apps,
        "columns": len(scored),
        "blend": dict(sorted((blend or BLEND).items())),
        "personal": {"bias": _r(personal.intercept_[0]), "weights": dict(sorted(weights.items()))},
        "category": {"classes": order, "bias": {order[k]: _r(cat.class_log_prior_[k]) for k in range(len(order))},
                     "weights": dict(sorted(cat_weights.items()))},
    }


def dump(model: dict[str, Any]) -> str:
    """The model file's text (sorted keys, one line per feature would be large: compact but stable)."""
    return json.dumps(model, sort_keys=True, separators=(",", ":"), ensure_ascii=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    import score_corpus

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--without", action="append", default=[], help="leave this application out")
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    apps = [a["app"] for a in score_corpus.read_apps() if a["app"] not in args.without]
    with tempfile.TemporaryDirectory(prefix="combiner-") as tmp:
        rows = collect(apps, Path(tmp), args.rows, args.seed)
    model = train(rows, apps)
    text = dump(model)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {len(text) / 1e6:.2f} MB, {len(model['personal']['weights'])} personal weights, "
          f"{len(model['category']['classes'])} categories, {model['columns']} columns of {len(apps)} applications")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
