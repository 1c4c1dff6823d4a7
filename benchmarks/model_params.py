"""Compare first-stage tree settings and feature ablations by grouped out-of-fold scores.

    python -m benchmarks.model_params PAIRS_DIR... [--variant NAME=JSON]... [--drop NAME,...]
                                      [--span-oracle] [--doc-oracle]

Each variant fits the first stage (the line model every context but ``stacked`` reads) on the pairs
of four folds and scores the fifth, folds grouped by site as in ``cleantext train``; then one
threshold, pooled over every folder, is picked as the best macro F1 with every folder's macro
recall at least 0.97 (the ``balanced`` rule), the long-prose guard included. It prints, per
variant, that threshold and the pooled and per-folder macro P/R/F1. A variant is a name and a JSON
object of scikit-learn ``HistGradientBoostingClassifier`` parameters laid over the shipped
first-stage ones; ``--drop`` removes features (comma-separated names) from every variant, for
ablations. Without ``--variant`` it compares the shipped settings with the depth-4 trees of the
second stage. ``--span-oracle`` adds, per variant, the scores when every line outside the gold span
(before the first or after the last line the gold keeps) is dropped as well: what a perfect finder
of the article's start and end would add. ``--doc-oracle`` adds the scores when each document gets
its own threshold, the one an oracle picks for it (its best F1 at recall at least 0.97, else its
best recall): an upper bound for any per-document thresholding or smoothing that only moves the cut
through the scores' order. Needs the ``train`` extra (in ``dev``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cleantext.model import train as T
from cleantext.model.features import FEATURE_NAMES, FREE
from cleantext.model.linear import RULE_KEEP_SCORE, LineModel
from cleantext.model.trees import Forest

_MIN_RECALL = 0.97
_DEFAULT_VARIANTS = {
    "shipped": {},
    "depth4": {"max_depth": 4, "min_samples_leaf": 40},
}


def oof_scores(preps: Sequence[T.Prepared], params: dict[str, Any],
               keep_cols: Sequence[int]) -> list[list[float]]:
    """First-stage P(content) per non-blank line, each document scored by a model trained
    without its fold (rule-kept lines get the score the pipeline gives them)."""
    out: list[list[float]] = [[] for _ in preps]
    for fold in T._group_folds(preps, 5):
        held = set(fold)
        xs = [[r[k] for k in keep_cols] for i, p in enumerate(preps) if i not in held
              for r, s in zip(p.rows, p.status, strict=True) if s == FREE]
        ys = [y for i, p in enumerate(preps) if i not in held
              for y, s in zip(p.labels, p.status, strict=True) if s == FREE]
        forest = T._fit_forest(xs, ys, len(keep_cols), {**T._STAGE1_PARAMS, **params})
        for i in fold:
            p = preps[i]
            free = iter(forest.proba([[r[k] for k in keep_cols]
                                      for r, s in zip(p.rows, p.status, strict=True)
                                      if s == FREE]))
            out[i] = [next(free) if s == FREE else RULE_KEEP_SCORE for s in p.status]
    return out


def gold_span(prep: T.Prepared) -> tuple[int, int]:
    """First and last line the gold keeps (the whole document when it keeps none)."""
    kept = [j for j, y in enumerate(prep.labels) if y]
    return (kept[0], kept[-1]) if kept else (0, len(prep.labels) - 1)


def _probe(preps: Sequence[T.Prepared]) -> LineModel:
    """A model for :func:`cleantext.model.train.keep_flags` with given scores (its trees
    are never read)."""
    return T._model(Forest(0.0, (), len(FEATURE_NAMES)), None, preps)


def _folder_means(per: dict[str, list[tuple[float, float, float]]],
                  ) -> dict[str, tuple[float, ...]]:
    """Macro P/R/F1 per folder from per-document scores."""
    return {f: tuple(sum(r[k] for r in v) / len(v) for k in range(3)) for f, v in per.items()}


def best_threshold(preps: Sequence[T.Prepared], scores: Sequence[Sequence[float]],
                   span_oracle: bool = False) -> dict[str, Any]:
    """The pooled ``balanced`` threshold (picked as ``cleantext train`` picks it) and the macro
    scores it gives, pooled and per folder (with ``span_oracle``, lines outside each
    document's gold span are dropped too)."""
    probe = _probe(preps)
    spans = [gold_span(p) if span_oracle else (0, len(p.labels) - 1) for p in preps]
    pooled_rows: list[T.Row] = []
    folders: dict[float, dict[str, tuple[float, ...]]] = {}
    for t in T._THRESHOLDS:
        docs: list[tuple[str, tuple[float, float, float]]] = []
        for p, sc, (lo, hi) in zip(preps, scores, spans, strict=True):
            keep = [k and lo <= j <= hi
                    for j, k in enumerate(T.keep_flags(probe, p, "none", t, sc))]
            docs.append((p.pair.folder, T.doc_scores(p, keep)))
        pooled_rows.append(T.score_row(t, docs))
        per: dict[str, list[tuple[float, float, float]]] = {}
        for folder, prf in docs:
            per.setdefault(folder, []).append(prf)
        folders[t] = _folder_means(per)
    best = T._pick(pooled_rows, _MIN_RECALL)
    return {"threshold": best.threshold, "pooled": [best.precision, best.recall, best.f1],
            "folders": folders[best.threshold]}


def doc_oracle(preps: Sequence[T.Prepared],
               scores: Sequence[Sequence[float]]) -> dict[str, tuple[float, ...]]:
    """Macro P/R/F1 per folder when each document is cut at its own best threshold (the best
    F1 with recall at least 0.97, else the best recall), the long-prose guard included."""
    probe = _probe(preps)
    per: dict[str, list[tuple[float, float, float]]] = {}
    for p, sc in zip(preps, scores, strict=True):
        best = max((T.doc_scores(p, T.keep_flags(probe, p, "none", t, sc))
                    for t in T._THRESHOLDS),
                   key=lambda r: (r[1] >= _MIN_RECALL, r[2] if r[1] >= _MIN_RECALL else r[1]))
        per.setdefault(p.pair.folder, []).append(best)
    return _folder_means(per)


def _fmt(prf: Sequence[float]) -> str:
    return f"P {prf[0]:.3f} R {prf[1]:.3f} F1 {prf[2]:.3f}"


def main(argv: list[str] | None = None) -> int:
    """Run the comparison; prints one block per variant."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.model_params",
                                     description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dirs", nargs="+", type=Path, metavar="PAIRS_DIR")
    parser.add_argument("--variant", action="append", default=[], metavar="NAME=JSON",
                        help='e.g. big=\'{"max_iter": 300, "learning_rate": 0.05}\'')
    parser.add_argument("--drop", default="", metavar="NAME,...",
                        help="feature names to leave out of every variant")
    parser.add_argument("--span-oracle", action="store_true",
                        help="also score each variant with the lines outside the gold span "
                             "dropped (an upper bound for finding the article's start and end)")
    parser.add_argument("--doc-oracle", action="store_true",
                        help="also score each variant with a threshold picked per document by "
                             "an oracle (an upper bound for per-document thresholds)")
    args = parser.parse_args(argv)
    variants: dict[str, dict[str, Any]] = {}
    for spec in args.variant:
        name, sep, raw = spec.partition("=")
        try:
            params = json.loads(raw) if sep else None
        except json.JSONDecodeError as exc:
            parser.error(f"--variant {spec!r}: {exc}")
        if not isinstance(params, dict):
            parser.error(f"--variant {spec!r}: give NAME=JSON object")
        variants[name] = params
    dropped = {n for n in args.drop.split(",") if n}
    unknown = dropped - set(FEATURE_NAMES)
    if unknown:
        parser.error(f"unknown feature(s): {', '.join(sorted(unknown))}")
    keep_cols = [k for k, n in enumerate(FEATURE_NAMES) if n not in dropped]
    preps = T.prepare_all(args.dirs, lambda m: print(m, file=sys.stderr))
    for name, params in (variants or _DEFAULT_VARIANTS).items():
        scores = oof_scores(preps, params, keep_cols)
        print(f"{name} {json.dumps(params)}"
              + (f" without {','.join(sorted(dropped))}" if dropped else ""))
        for oracle in (False, True) if args.span_oracle else (False,):
            label = "span oracle: " if oracle else ""
            best = best_threshold(preps, scores, oracle)
            print(f"  {label}threshold {best['threshold']:.2f}  pooled {_fmt(best['pooled'])}")
            for folder, prf in best["folders"].items():
                print(f"  {label}{folder:18s} {_fmt(prf)}")
        if args.doc_oracle:
            for folder, prf in doc_oracle(preps, scores).items():
                print(f"  document oracle: {folder:18s} {_fmt(prf)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
