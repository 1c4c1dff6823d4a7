"""Grouped-by-site cross-validation of the learned layer on folders of (text, gold) pairs.

    python -m benchmarks.evaluate PAIRS_DIR... [--folds 5] [--seed N] [--out FILE]
                                  [--save-models DIR | --models DIR]

Pages are grouped by the registered domain of their URL (``manifest.jsonl``), and all
renderings of a page fall in the same fold, so a model is never tested on a site it trained on.
Each fold's model is trained with :func:`cleantext.model.train.fit` (thresholds tuned on an
inner grouped split of the training folds only) and put into a :class:`~cleantext.Cleaner`;
the text the pipeline writes is scored against the gold. Reports macro and micro token P/R/F1
per folder.

Retraining the fold models after any change moves one split's scores by about ±0.005, more
than a rule that touches a few pages is worth. To measure a change to the rules or the
context passes alone, save the fold models once (``--save-models DIR``, before the change)
and score the changed code with those same models (``--models DIR``, no training, no
scikit-learn). The fold models only fit code with the same line features.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from cleantext.cleaner import Cleaner
from cleantext.config import Config
from cleantext.model import train as T
from cleantext.model.labels import tokens
from cleantext.model.linear import LineModel, load_model

SYSTEMS = ("no cleaning", "rules only", "rules+model", "rules+model+gap",
           "rules+model+neighbours", "rules+model+hmm", "rules+model+viterbi",
           "rules+model+stacked")
_MODE = {"rules+model": "none", "rules+model+gap": "gap",
         "rules+model+neighbours": "neighbours", "rules+model+hmm": "hmm",
         "rules+model+viterbi": "viterbi", "rules+model+stacked": "stacked"}


def _counts(prep: T.Prepared, keep: Sequence[bool],
            rule_dropped: bool = False) -> tuple[int, int, int]:
    """Overlap, predicted and gold token counts; ``rule_dropped`` also keeps the lines the
    rules dropped (which the model never sees)."""
    pred: Counter[str] = Counter(prep.extra["dropped_tokens"]) if rule_dropped else Counter()
    for k, t in zip(keep, prep.line_tokens, strict=False):
        if k:
            pred.update(t)
    return (sum((pred & prep.gold_tokens).values()), sum(pred.values()),
            sum(prep.gold_tokens.values()))


def _table(results: dict[tuple[str, str], list[tuple[int, int, int]]],
           folders: list[str]) -> str:
    out = ["| pairs | system | macro P | macro R | macro F1 | micro P | micro R | micro F1 |",
           "|---|---|---|---|---|---|---|---|"]
    for folder in folders:
        for system in SYSTEMS:
            rows = results.get((folder, system), [])
            if not rows:
                continue
            ps, rs, fs = [], [], []
            for o, a, b in rows:
                if not a and not b:
                    p = r = f = 1.0
                else:
                    p = o / a if a else 0.0
                    r = o / b if b else 0.0
                    f = 2 * p * r / (p + r) if p + r else 0.0
                ps.append(p)
                rs.append(r)
                fs.append(f)
            o = sum(x[0] for x in rows)
            a = sum(x[1] for x in rows)
            b = sum(x[2] for x in rows)
            mp, mr = o / a if a else 0.0, o / b if b else 0.0
            mf = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
            n = len(rows)
            out.append(f"| {folder} | {system} | {sum(ps) / n:.3f} | {sum(rs) / n:.3f} | "
                       f"{sum(fs) / n:.3f} | {mp:.3f} | {mr:.3f} | {mf:.3f} |")
    return "\n".join(out)


def _pipeline_counts(cleaner: Cleaner, prep: T.Prepared) -> tuple[int, int, int]:
    """Token counts of the full pipeline's output (rules, model stage, assembly) on a pair."""
    pred = tokens(cleaner.explain(prep.pair.text).text)
    return (sum((pred & prep.gold_tokens).values()), sum(pred.values()),
            sum(prep.gold_tokens.values()))


def _fold_keys(preps: Sequence[T.Prepared], folds: Sequence[Sequence[int]]) -> list[list[str]]:
    """Each fold's test pages as ``folder/doc_id``."""
    return [[f"{preps[i].pair.folder}/{preps[i].pair.doc_id}" for i in fold] for fold in folds]


def _fold_path(folder: Path, k: int) -> Path:
    """Where ``--save-models`` writes fold ``k``'s model and ``--models`` reads it."""
    return folder / f"fold{k}.json"


def _load_fold_models(folder: Path, keys: list[list[str]]) -> list[LineModel]:
    """The fold models ``--save-models`` wrote to ``folder``, after checking that they were
    saved for this same split (the same pages in the same test folds)."""
    index = folder / "folds.json"
    if not index.exists():
        raise SystemExit(f"evaluate: {index} not found (write it with --save-models)")
    saved = json.loads(index.read_text(encoding="utf-8"))
    if saved.get("test") != keys:
        raise SystemExit(f"evaluate: the models in {folder} were saved for another split "
                         f"(--folds {saved.get('folds')}, --seed {saved.get('seed')}; pass "
                         f"the same folders and options)")
    return [load_model(_fold_path(folder, k)) for k in range(len(keys))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.evaluate")
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--preset", default="balanced", choices=("precision", "balanced",
                                                                   "recall"))
    parser.add_argument("--seed", type=int, default=None,
                        help="shuffle the sites before they are dealt into folds (another "
                             "split of the same sizes; repeat with several seeds to see how "
                             "much the scores move with the split)")
    parser.add_argument("--out", type=Path, default=None, help="also write the table here")
    saved = parser.add_mutually_exclusive_group()
    saved.add_argument("--save-models", type=Path, default=None, metavar="DIR",
                       help="also write each fold's model (fold<k>.json) and the split "
                            "(folds.json) to DIR, for --models")
    saved.add_argument("--models", type=Path, default=None, metavar="DIR",
                       help="score with the fold models saved in DIR instead of training "
                            "them, so that only the rules and context passes differ from "
                            "the run that saved them")
    args = parser.parse_args(argv)
    started = time.time()
    preps = T.prepare_all(args.dirs, lambda m: print(m, file=sys.stderr))
    folders = [d.name for d in args.dirs]
    results: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    # One cleaner per system; each fold's model is set on them, so the scores are those of
    # the text the pipeline writes. They are built without the shipped model, so that a
    # feature set it was not trained with can be evaluated before it is retrained.
    rules_only = Cleaner(Config(use_model=False))
    cleaners = {system: Cleaner(Config(use_model=False, context=mode,  # type: ignore[arg-type]
                                       preset=args.preset))
                for system, mode in _MODE.items()}
    split = T._group_folds(preps, args.folds, args.seed)
    keys = _fold_keys(preps, split)
    loaded = _load_fold_models(args.models, keys) if args.models else None
    if args.save_models:
        args.save_models.mkdir(parents=True, exist_ok=True)
        (args.save_models / "folds.json").write_text(
            json.dumps({"folds": args.folds, "seed": args.seed, "test": keys},
                       ensure_ascii=False) + "\n", encoding="utf-8")
    for k, test in enumerate(split):
        held = set(test)
        train = [p for i, p in enumerate(preps) if i not in held]
        if loaded is not None:
            model = loaded[k]
        else:
            model, _ = T.fit(train, folds=4)
            if args.save_models:
                model.save(_fold_path(args.save_models, k))
        print(f"fold {k + 1}: {len(train)} train / {len(test)} test docs", file=sys.stderr)
        for cleaner in cleaners.values():
            cleaner.model = model
        for i in test:
            p = preps[i]
            key = p.pair.folder
            results.setdefault((key, "no cleaning"), []).append(
                _counts(p, [True] * len(p.status), rule_dropped=True))
            results.setdefault((key, "rules only"), []).append(_pipeline_counts(rules_only, p))
            for system, cleaner in cleaners.items():
                results.setdefault((key, system), []).append(_pipeline_counts(cleaner, p))
    table = _table(results, folders)
    cmd = "python -m benchmarks.evaluate " + " ".join(str(d) for d in args.dirs)
    if args.folds != 5 or args.preset != "balanced":
        cmd += f" --folds {args.folds} --preset {args.preset}"
    if args.seed is not None:
        cmd += f" --seed {args.seed}"
    how = ""
    if args.models:
        cmd += f" --models {args.models}"
        how = (f" Fold models loaded from {args.models}, not retrained: only the rules and "
               f"context passes differ from the run that saved them.")
    text = (f"Grouped (registered domain) {args.folds}-fold CV, preset {args.preset}, scoring "
            f"the pipeline's output text.{how} Command: `{cmd}` "
            f"({time.time() - started:.0f} s)\n\n{table}\n")
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
