"""Single-process throughput of the pipeline on folders of ``*.txt`` documents.

    python -m benchmarks.speed ../shared/train/aeb ../shared/train/aeb-rpmain-blank corpus/input

Reports MB/s and documents/s of ``Cleaner.clean`` for rules only and for the full pipeline
(rules + model + context), after one warm-up pass (compiled rules, prefix tables and memo
filled, as in a long batch run). ``*.gold.txt`` files are skipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from cleantext import Cleaner, Config


def load(folders: list[Path]) -> list[str]:
    docs = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            if not path.name.endswith(".gold.txt"):
                docs.append(path.read_text(encoding="utf-8"))
    return docs


def measure(cleaner: Cleaner, docs: list[str]) -> tuple[float, float]:
    """MB/s and documents/s of one pass over ``docs``."""
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    start = time.perf_counter()
    for doc in docs:
        cleaner.clean(doc)
    elapsed = time.perf_counter() - start
    return size / elapsed, len(docs) / elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    docs = load(args.folders)
    if not docs:
        print("no *.txt documents found", file=sys.stderr)
        return 2
    size = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    print(f"{len(docs)} documents, {size:.1f} MB\n")
    print("| pipeline | start-up s | MB/s | docs/s |")
    print("|---|---|---|---|")
    for name, config in (("rules only", Config(use_model=False)), ("rules + model + context",
                                                                  Config())):
        start = time.perf_counter()
        cleaner = Cleaner(config)
        startup = time.perf_counter() - start
        measure(cleaner, docs)  # warm-up
        mbs, dps = measure(cleaner, docs)
        print(f"| {name} | {startup:.2f} | {mbs:.2f} | {dps:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
