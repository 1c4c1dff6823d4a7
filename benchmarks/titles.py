"""How often ``metadata.title`` is the gold headline, per folder of (text, gold) pairs.

    python -m benchmarks.titles ../shared/train/aeb ../shared/train/aeb-inscriptis \
        ../shared/train/aeb-rpmain-blank [--rules-only]

The gold's first line is its headline. A title counts as right when it equals that line after
normalising (:func:`cleantext.lines.normalise`) and case folding. By default the titles are
those of the default pipeline, shipped model included: the headline finder
(:mod:`cleantext.headline`) looks first among the lines the rules left, then again among
those the model kept (``Cleaner._model_calls``). ``--rules-only`` counts the first look alone.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from cleantext import Cleaner, Config
from cleantext.lines import normalise
from cleantext.model.train import load_pairs


def _same(a: str, b: str) -> bool:
    return normalise(a).casefold() == normalise(b).casefold()


def count(folder: Path, cleaner: Cleaner) -> Counter[str]:
    """``right``, ``wrong`` and ``none`` (no title found) over the folder's pairs."""
    out: Counter[str] = Counter()
    for pair in load_pairs(folder):
        gold = pair.gold.splitlines()[0] if pair.gold.strip() else ""
        title = cleaner.explain(pair.text).metadata.title
        out["none" if not title else "right" if _same(title, gold) else "wrong"] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--rules-only", action="store_true",
                        help="the rules-only pipeline's titles (the headline finder's first "
                             "look), not the default pipeline's")
    args = parser.parse_args(argv)
    cleaner = Cleaner(Config(use_model=not args.rules_only))
    print("| pairs | documents | title right | wrong | none |")
    print("|---|---|---|---|---|")
    for folder in args.folders:
        c = count(folder, cleaner)
        n = sum(c.values())
        print(f"| {folder.name} | {n} | {c['right']} | {c['wrong']} | {c['none']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
