"""Token-level precision/recall/F1 of cleaned outputs against gold texts.

The article-extraction-benchmark convention: per document, the multiset of lowercase ``\\w+``
tokens of the prediction against that of the gold; macro = mean over documents, micro = over
all tokens pooled.

    python -m benchmarks.score PRED_DIR GOLD_DIR

``PRED_DIR`` holds ``<id>.txt`` (cleaned output); ``GOLD_DIR`` holds ``<id>.gold.txt``.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import regex

_TOKEN = regex.compile(r"\w+")


def tokens(text: str) -> Counter[str]:
    """The multiset of lowercase word tokens."""
    return Counter(_TOKEN.findall(text.lower()))


@dataclass(frozen=True)
class Scores:
    """Macro and micro precision/recall/F1 over a set of documents."""

    docs: int
    macro_p: float
    macro_r: float
    macro_f1: float
    micro_p: float
    micro_r: float
    micro_f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def doc_prf(pred: str, gold: str) -> tuple[float, float, float, int, int, int]:
    """P, R, F1 of one document, and (overlap, predicted, gold) token counts."""
    tp, tg = tokens(pred), tokens(gold)
    n_p, n_g = sum(tp.values()), sum(tg.values())
    overlap = sum((tp & tg).values())
    if not n_p and not n_g:
        return 1.0, 1.0, 1.0, 0, 0, 0
    p = overlap / n_p if n_p else 0.0
    r = overlap / n_g if n_g else 0.0
    return p, r, _f1(p, r), overlap, n_p, n_g


def score_pairs(pairs: Iterable[tuple[str, str]]) -> Scores:
    """Score (prediction, gold) text pairs."""
    n = 0
    sp = sr = sf = 0.0
    ov = tp = tg = 0
    for pred, gold in pairs:
        p, r, f, o, a, b = doc_prf(pred, gold)
        n += 1
        sp += p
        sr += r
        sf += f
        ov += o
        tp += a
        tg += b
    if not n:
        return Scores(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    mp = ov / tp if tp else 0.0
    mr = ov / tg if tg else 0.0
    return Scores(n, sp / n, sr / n, sf / n, mp, mr, _f1(mp, mr))


def score_dirs(pred_dir: Path, gold_dir: Path) -> Scores:
    """Score each ``<id>.gold.txt`` of ``gold_dir`` against ``pred_dir/<id>.txt`` (none: empty)."""
    pairs = []
    for gold_path in sorted(gold_dir.glob("*.gold.txt")):
        doc_id = gold_path.name[: -len(".gold.txt")]
        pred_path = pred_dir / f"{doc_id}.txt"
        pred = pred_path.read_text(encoding="utf-8") if pred_path.exists() else ""
        pairs.append((pred, gold_path.read_text(encoding="utf-8")))
    return score_pairs(pairs)


def read_pairs(folder: Path) -> list[tuple[str, str, str]]:
    """``(id, text, gold)`` of every pair in ``folder``: ``<id>.txt`` with ``<id>.gold.txt``,
    or the layout of ``corpus/`` (``input/<id>.txt`` with ``expected/<id>.txt``)."""
    if (folder / "input").is_dir() and (folder / "expected").is_dir():
        texts, golds, suffix = folder / "input", folder / "expected", ".txt"
    else:
        texts, golds, suffix = folder, folder, ".gold.txt"
    pairs = []
    for gold_path in sorted(golds.glob(f"*{suffix}")):
        doc_id = gold_path.name[: -len(suffix)]
        text_path = texts / f"{doc_id}.txt"
        if text_path.exists() and text_path != gold_path:
            pairs.append((doc_id, text_path.read_text(encoding="utf-8"),
                          gold_path.read_text(encoding="utf-8")))
    return pairs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.score")
    parser.add_argument("pred_dir", type=Path)
    parser.add_argument("gold_dir", type=Path)
    args = parser.parse_args(argv)
    s = score_dirs(args.pred_dir, args.gold_dir)
    print(f"docs {s.docs}")
    print(f"macro P {s.macro_p:.4f} R {s.macro_r:.4f} F1 {s.macro_f1:.4f}")
    print(f"micro P {s.micro_p:.4f} R {s.micro_r:.4f} F1 {s.micro_f1:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
