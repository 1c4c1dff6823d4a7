"""Training the line model: ``cleantext train PAIRS_DIR... -o model.json``.

A pairs folder holds ``<id>.txt`` (scraped text) and ``<id>.gold.txt`` (article text), and
optionally ``manifest.jsonl`` with each id's ``url`` (pages of one site are kept in one fold).
numpy and scikit-learn (the ``train`` extra) are imported inside the functions that need them.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleantext.model.features import DROP, FEATURE_NAMES, FREE, KEEP, extract
from cleantext.model.labels import gold_lines, label_lines, prf, tokens
from cleantext.model.linear import LineModel

MODES = ("none", "neighbours", "hmm", "viterbi")
_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
_ALPHAS = (0.35, 0.5, 0.75, 1.0)
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


@dataclass
class Pair:
    """One (scraped text, gold) pair."""

    folder: str
    doc_id: str
    text: str
    gold: str
    group: str


@dataclass
class Prepared:
    """A pair run through the rules, with features, labels and tokens per non-blank line."""

    pair: Pair
    status: list[int]
    rows: list[list[float]]
    labels: list[bool]
    line_tokens: list[Counter[str]]
    gold_tokens: Counter[str]
    extra: dict[str, Any] = field(default_factory=dict)


def registered_domain(url: str) -> str:
    """``news.bbc.co.uk`` -> ``bbc.co.uk``; a crude public-suffix rule good enough for grouping."""
    host = url.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    parts = host.split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in _SECOND_LEVEL:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def load_pairs(folder: Path) -> list[Pair]:
    """The pairs of one folder, grouped by the registered domain of their URL when known."""
    urls: dict[str, str] = {}
    manifest = folder / "manifest.jsonl"
    if manifest.exists():
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                urls[str(rec["id"])] = str(rec.get("url", ""))
    pairs = []
    for gold_path in sorted(folder.glob("*.gold.txt")):
        doc_id = gold_path.name[: -len(".gold.txt")]
        text_path = folder / f"{doc_id}.txt"
        if not text_path.exists():
            continue
        url = urls.get(doc_id, "")
        group = registered_domain(url) if url else doc_id
        pairs.append(Pair(folder.name, doc_id, text_path.read_text(encoding="utf-8"),
                          gold_path.read_text(encoding="utf-8"), group))
    return pairs


def prepare(pair: Pair, cleaner: Any) -> Prepared:
    """Run the rules of ``cleaner`` (a rules-only :class:`~cleantext.Cleaner`) over a pair."""
    from cleantext.cleaner import model_inputs

    _raw, texts, norm, prose, status, title = model_inputs(cleaner, pair.text)
    idx, rows = extract(norm, texts, status, prose, title)
    labels_all = label_lines(norm, gold_lines(pair.gold))
    return Prepared(
        pair=pair,
        status=[status[i] for i in idx],
        rows=rows,
        labels=[labels_all[i] for i in idx],
        line_tokens=[tokens(texts[i]) for i in idx],
        gold_tokens=tokens(pair.gold),
    )


def doc_scores(prep: Prepared, keep: Sequence[bool]) -> tuple[float, float, float]:
    """Token P/R/F1 of a document when the non-blank lines flagged in ``keep`` are kept."""
    pred: Counter[str] = Counter()
    for k, t in zip(keep, prep.line_tokens, strict=False):
        if k:
            pred.update(t)
    return prf(pred, prep.gold_tokens)


def _fit_lr(preps: Sequence[Prepared], c: float) -> tuple[list[float], float, list[float]]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    xs = [r for p in preps for r, s in zip(p.rows, p.status, strict=False) if s == FREE]
    ys = [y for p in preps for y, s in zip(p.labels, p.status, strict=False) if s == FREE]
    x = np.asarray(xs, dtype=float)
    y = np.asarray(ys, dtype=int)
    mu = x.mean(axis=0)
    sd = x.std(axis=0)
    sd[sd < 1e-9] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit((x - mu) / sd, y)
    w = lr.coef_[0] / sd
    b = float(lr.intercept_[0] - (w * mu).sum())
    return [float(v) for v in w], b, [float(v) for v in mu]


def _transitions(preps: Sequence[Prepared]) -> tuple[list[list[float]], list[float], float]:
    counts = [[1.0, 1.0], [1.0, 1.0]]
    starts = [1.0, 1.0]
    pos = tot = 0
    for p in preps:
        lab = [int(y or s == KEEP) if s != DROP else 0
               for y, s in zip(p.labels, p.status, strict=False)]
        if lab:
            starts[lab[0]] += 1
        for a, b in itertools.pairwise(lab):
            counts[a][b] += 1
        for y, s in zip(p.labels, p.status, strict=False):
            if s == FREE:
                pos += int(y)
                tot += 1
    trans = [[c / sum(row) for c in row] for row in counts]
    return trans, [s / sum(starts) for s in starts], pos / max(tot, 1)


def _group_folds(preps: Sequence[Prepared], k: int) -> list[list[int]]:
    """Indices of ``preps`` split into ``k`` folds, whole groups (sites) at a time."""
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(preps):
        groups.setdefault(p.pair.group, []).append(i)
    folds: list[list[int]] = [[] for _ in range(k)]
    for name in sorted(groups, key=lambda g: (-len(groups[g]), g)):
        smallest = min(range(k), key=lambda f: len(folds[f]))
        folds[smallest].extend(groups[name])
    return [f for f in folds if f]


def _base_model(preps: Sequence[Prepared], c: float) -> LineModel:
    w, b, mu = _fit_lr(preps, c)
    trans, start, prior = _transitions(preps)
    return LineModel(
        weights=tuple(w), intercept=b, means=tuple(mu),
        thresholds={mode: {"precision": 0.5, "balanced": 0.35, "recall": 0.2} for mode in MODES},
        trans=((trans[0][0], trans[0][1]), (trans[1][0], trans[1][1])),
        start=(start[0], start[1]), prior=prior, alpha=0.5, band=(0.25, 0.6), meta={},
    )


def decisions(model: LineModel, prep: Prepared, mode: str, threshold: float) -> list[bool]:
    """Keep flags of a prepared document's non-blank lines under ``model`` and ``mode``."""
    scores = model.sequence_scores(prep.rows, prep.status)
    final = model.revise(scores, mode, threshold)
    return [s == KEEP or (s == FREE and k) for s, k in zip(prep.status, final, strict=False)]


def macro(model: LineModel, preps: Sequence[Prepared], mode: str,
          threshold: float) -> tuple[float, float, float]:
    """Macro P/R/F1 over documents."""
    if not preps:
        return 0.0, 0.0, 0.0
    tot = [0.0, 0.0, 0.0]
    for p in preps:
        for k, v in enumerate(doc_scores(p, decisions(model, p, mode, threshold))):
            tot[k] += v
    return tot[0] / len(preps), tot[1] / len(preps), tot[2] / len(preps)


def _objective(p: float, r: float, f: float) -> float:
    # Recall matters more than precision: F2-like weighting.
    return 5 * p * r / (4 * p + r) if p + r else 0.0


def fit(preps: Sequence[Prepared], folds: int = 5, c: float = 1.0,
        log: Any = None) -> tuple[LineModel, dict[str, Any]]:
    """Fit a model; tune thresholds and the HMM weight on out-of-fold (grouped) predictions."""
    # Out-of-fold: each fold is scored by a model that never saw its sites.
    oof: list[tuple[LineModel, list[Prepared]]] = []
    for fold in _group_folds(preps, folds):
        held = set(fold)
        train = [p for i, p in enumerate(preps) if i not in held]
        oof.append((_base_model(train, c), [preps[i] for i in fold]))
    final = _base_model(preps, c)
    best_alpha, best_obj = final.alpha, -1.0
    for alpha in _ALPHAS:
        obj = 0.0
        for m, test in oof:
            m2 = _with(m, alpha=alpha)
            obj += _objective(*macro(m2, test, "hmm", 0.5)) * len(test)
        if obj > best_obj:
            best_alpha, best_obj = alpha, obj
    oof = [(_with(m, alpha=best_alpha), t) for m, t in oof]
    scores: dict[str, Any] = {"alpha": best_alpha, "modes": {}}
    thresholds: dict[str, dict[str, float]] = {}
    for mode in MODES:
        table = []
        for t in _THRESHOLDS:
            agg = [0.0, 0.0, 0.0]
            for m, test in oof:
                for k, v in enumerate(macro(m, test, mode, t)):
                    agg[k] += v * len(test)
            n = len(preps)
            table.append((t, agg[0] / n, agg[1] / n, agg[2] / n))
        bal = max(table, key=lambda row: _objective(row[1], row[2], row[3]))
        prec = max((row for row in table if row[0] >= bal[0]), key=lambda row: row[3])
        near = [row for row in table if row[0] <= bal[0] and row[3] >= bal[3] - 0.01]
        recall_row = max(near, key=lambda row: (row[2], row[0]))
        thresholds[mode] = {"precision": prec[0], "balanced": bal[0],
                            "recall": recall_row[0]}
        scores["modes"][mode] = {"threshold": bal[0], "precision": round(bal[1], 4),
                                 "recall": round(bal[2], 4), "f1": round(bal[3], 4)}
        if log:
            log(f"{mode:11s} t={bal[0]:.2f} P={bal[1]:.4f} R={bal[2]:.4f} F1={bal[3]:.4f}")
    model = _with(final, alpha=best_alpha, thresholds=thresholds)
    scores["thresholds"] = thresholds
    return model, scores


def _with(model: LineModel, **changes: Any) -> LineModel:
    import dataclasses

    return dataclasses.replace(model, **changes)


def prepare_all(dirs: Sequence[Path], log: Any = None) -> list[Prepared]:
    """Load and prepare every pair of the folders with a rules-only cleaner."""
    from cleantext.cleaner import Cleaner
    from cleantext.config import Config

    cleaner = Cleaner(Config(use_model=False))
    preps: list[Prepared] = []
    for d in dirs:
        pairs = load_pairs(Path(d))
        if log:
            log(f"{d}: {len(pairs)} pairs")
        preps.extend(prepare(p, cleaner) for p in pairs)
    return preps


def main(argv: list[str] | None = None) -> int:
    """``cleantext train PAIRS_DIR... -o model.json``."""
    parser = argparse.ArgumentParser(prog="cleantext train",
                                     description="Train the line model on (text, gold) pairs.")
    parser.add_argument("dirs", nargs="+", type=Path, metavar="PAIRS_DIR")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("-C", dest="c", type=float, default=1.0, help="inverse L2 strength")
    args = parser.parse_args(argv)
    try:
        import numpy  # noqa: F401
        import sklearn  # type: ignore[import-untyped]  # noqa: F401
    except ImportError:
        print("cleantext train needs the 'train' extra: pip install 'cleantext-news[train]'",
              file=sys.stderr)
        return 2

    def log(msg: str) -> None:
        print(msg, file=sys.stderr)

    started = time.time()
    preps = prepare_all(args.dirs, log)
    if len(preps) < 2:
        print("need at least two pairs", file=sys.stderr)
        return 2
    folds = max(2, min(args.folds, len({p.pair.group for p in preps})))
    model, scores = fit(preps, folds=folds, c=args.c, log=log)
    argv_used = list(sys.argv[1:]) if argv is None else list(argv)
    meta = {
        "command": "cleantext train " + " ".join(argv_used),
        "data": [str(d) for d in args.dirs],
        "documents": len(preps),
        "lines": sum(len(p.rows) for p in preps),
        "features": len(FEATURE_NAMES),
        "cv": {"folds": folds, "grouped_by": "registered domain", **scores},
        "seconds": round(time.time() - started, 1),
    }
    model = _with(model, meta=meta)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.output)
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
