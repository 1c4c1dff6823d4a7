"""Single-process throughput of the pipeline on folders of ``*.txt`` documents.

    python -m benchmarks.speed ../shared/train/aeb ../shared/train/aeb-rpmain-blank corpus/input

Reports MB/s and documents/s of ``Cleaner.clean`` for rules only and for the full pipeline
(rules + model + context). Each cleaner first warms up on 0.2 MB of generated documents
(:mod:`benchmarks.speedcorpus`), never on the measured ones: the rules remember the hits of
short lines, so a second pass over the same documents would time mostly memo lookups. The
measured pass cleans every document once, as a batch run does. ``*.gold.txt`` files are
skipped.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import speedcorpus
from cleantext import Cleaner, Config

#: MB of generated documents each cleaner cleans before it is timed.
WARM_UP_MB = 0.2


def load(folders: list[Path]) -> list[str]:
    docs = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            if not path.name.endswith(".gold.txt"):
                docs.append(path.read_text(encoding="utf-8"))
    return docs


@dataclass(frozen=True)
class Rate:
    """Timed work: megabytes (10**6 bytes of UTF-8) and documents in ``seconds`` of wall time
    and ``cpu`` seconds of this process's CPU time (which other jobs on a busy machine disturb
    far less than the wall time)."""

    mb: float
    docs: int
    seconds: float
    cpu: float = 0.0

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.mb + other.mb, self.docs + other.docs, self.seconds + other.seconds,
                    self.cpu + other.cpu)

    @property
    def mb_s(self) -> float:
        return self.mb / self.seconds if self.seconds > 0 else float("inf")

    @property
    def cpu_mb_s(self) -> float:
        """MB per CPU second."""
        return self.mb / self.cpu if self.cpu > 0 else float("inf")

    @property
    def docs_s(self) -> float:
        return self.docs / self.seconds if self.seconds > 0 else float("inf")


def megabytes(docs: Sequence[str]) -> float:
    """The UTF-8 size of ``docs`` in MB (10**6 bytes)."""
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def time_pass(fn: Callable[[str], object], docs: Sequence[str]) -> Rate:
    """Call ``fn`` on every document once and time the whole pass."""
    start, cpu = time.perf_counter(), time.process_time()
    for doc in docs:
        fn(doc)
    return Rate(megabytes(docs), len(docs), time.perf_counter() - start,
                time.process_time() - cpu)


def interleaved(fns: Sequence[Callable[[str], object]], docs: Sequence[str],
                rounds: int) -> list[Rate]:
    """Time every ``fn`` over all of ``docs``, in ``rounds`` slices taken in turn (slice 1 by
    each function, then slice 2 by each, ...), so a change in the machine's load during the
    run falls on all of them alike rather than on whichever ran at that moment."""
    n = len(docs)
    bounds = [n * r // rounds for r in range(rounds + 1)]
    totals = [Rate(0.0, 0, 0.0) for _ in fns]
    for r in range(rounds):
        part = docs[bounds[r]:bounds[r + 1]]
        for i, fn in enumerate(fns):
            totals[i] = totals[i] + time_pass(fn, part)
    return totals


def chunks(text: str, size: int) -> Iterator[str]:
    """Consecutive pieces of ``text`` of at least ``size`` characters (about as many bytes for
    mostly ASCII text), each ending at a line end."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        piece = text[start:end]
        yield piece
        start = end


def _clean_for(fn: Callable[[str], object], pieces: Iterator[str], budget: float,
               min_docs: int) -> Rate:
    """Clean pieces until ``budget`` seconds have passed and ``min_docs`` were cleaned."""
    mb = 0.0
    n = 0
    start, cpu = time.perf_counter(), time.process_time()
    for piece in pieces:
        fn(piece)
        mb += len(piece.encode("utf-8")) / 1e6
        n += 1
        if n >= min_docs and time.perf_counter() - start >= budget:
            break
    return Rate(mb, n, time.perf_counter() - start, time.process_time() - cpu)


def size_rate(fn: Callable[[str], object], text: str, size: int, budget: float,
              min_docs: int = 2) -> Rate:
    """Clean distinct ``size``-byte documents cut from ``text`` until ``budget`` seconds have
    passed and at least ``min_docs`` were cleaned (or ``text`` runs out). Distinct pieces, not
    one piece again and again, so no cache sees the same lines twice."""
    return _clean_for(fn, chunks(text, size), budget, min_docs)


def size_rates(fn: Callable[[str], object], text: str, sizes: Sequence[int], budget: float,
               rounds: int = 1) -> list[Rate]:
    """:func:`size_rate` for every size, in ``rounds`` turns of ``budget / rounds`` seconds
    (at least one document) per size, each size drawing the next pieces of its own cut of
    ``text``: interleaved, like :func:`interleaved`, against changes in the machine's load."""
    streams = [chunks(text, size) for size in sizes]
    totals = [Rate(0.0, 0, 0.0) for _ in sizes]
    for _ in range(rounds):
        for i, stream in enumerate(streams):
            totals[i] = totals[i] + _clean_for(fn, stream, budget / rounds, 1)
    return totals


def measure(cleaner: Cleaner, docs: list[str]) -> tuple[float, float]:
    """MB/s and documents/s of one pass over ``docs``."""
    rate = time_pass(cleaner.clean, docs)
    return rate.mb_s, rate.docs_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    docs = load(args.folders)
    if not docs:
        print("no *.txt documents found", file=sys.stderr)
        return 2
    size = megabytes(docs)
    print(f"{len(docs)} documents, {size:.1f} MB\n")
    print("| pipeline | start-up s | MB/s | docs/s |")
    print("|---|---|---|---|")
    for name, config in (("rules only", Config(use_model=False)), ("rules + model + context",
                                                                  Config())):
        start = time.perf_counter()
        cleaner = Cleaner(config)
        startup = time.perf_counter() - start
        for doc in speedcorpus.generate(WARM_UP_MB, seed=1):
            cleaner.clean(doc)
        mbs, dps = measure(cleaner, docs)
        print(f"| {name} | {startup:.2f} | {mbs:.2f} | {dps:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
