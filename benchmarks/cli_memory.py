"""Peak memory of the ``cleantext`` CLI on a large JSONL shard and a large single text file.

Generates the inputs in a temporary folder, runs the CLI on each in a child process, and reports
the child's peak resident set size (``ru_maxrss`` of ``RUSAGE_CHILDREN`` in a small wrapper
process around the CLI, so each run is measured alone; it covers the worker processes too, as
the largest single process), the peak sum over the CLI's process tree when psutil is
installed, and the wall time. :func:`run_cli` is what ``python -m benchmarks`` uses too.

    python benchmarks/cli_memory.py                      # 1 GB JSONL + 200 MB text
    python benchmarks/cli_memory.py --jsonl-mb 200 --text-mb 200 --workers 2
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ARTICLE = (
    "Skip to main content\n\nPolice to share command centre in Calais\n\n"
    "By Jane Smith, Home Affairs Correspondent\n\n"
    + "British and French police will share a command centre in Calais to tackle people "
    "smugglers, the Home Secretary said on Thursday after talks in Paris.\n\n" * 12
    + "Advertisement\n\nShare this article\n\nRelated: Migrants in the Channel\n"
)


def make_jsonl(path: Path, megabytes: float, texts: Sequence[str] = ()) -> int:
    """Write about ``megabytes`` MiB of records, cycling through ``texts`` (default: one
    article, numbered); return the byte size."""
    target = megabytes * 2**20
    size = 0
    source = itertools.cycle(texts) if texts else None
    with open(path, "w", encoding="utf-8") as f:
        for i in itertools.count():
            if size >= target:
                break
            text = next(source) if source else f"Story {i}\n\n" + ARTICLE
            line = json.dumps({"id": i, "url": f"https://example.com/{i}", "text": text}) + "\n"
            f.write(line)
            size += len(line)
    return size


def make_text(path: Path, megabytes: int) -> int:
    target = megabytes * 2**20
    size = 0
    with open(path, "w", encoding="utf-8") as f:
        while size < target:
            f.write(ARTICLE)
            f.write("\n")
            size += len(ARTICLE) + 1
    return size


# Runs the CLI (argv[1:]) and prints its exit code, the peak RSS (KiB) of its largest process
# and the CPU seconds of all its processes: a fresh process, so no earlier child is mixed in.
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(code, u.ru_maxrss, u.ru_utime + u.ru_stime)\n"
)


@dataclass(frozen=True)
class CliRun:
    """One CLI run: exit code, wall seconds, peak RSS of its largest process and (with
    psutil) the peak of the sum over its process tree, in MiB, and the CPU seconds of all
    its processes."""

    code: int
    seconds: float
    peak_mb: float
    tree_peak_mb: float | None
    cpu: float = 0.0


def _tree_rss(proc: subprocess.Popen[str]) -> float | None:
    """The summed RSS (MiB) of ``proc``'s descendants now, or ``None`` without psutil."""
    try:
        import psutil
    except ImportError:
        return None
    try:
        kids = psutil.Process(proc.pid).children(recursive=True)
    except psutil.Error:
        return 0.0
    total = 0
    for kid in kids:
        with contextlib.suppress(psutil.Error):
            total += kid.memory_info().rss
    return total / 2**20


def run_cli(args: Sequence[str], poll: float = 0.1) -> CliRun:
    """Run ``python -m cleantext ARGS`` in a wrapper process and measure it."""
    cmd = [sys.executable, "-c", _WRAPPER, sys.executable, "-m", "cleantext", *args]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    tree: float | None = None
    while proc.poll() is None:
        now = _tree_rss(proc)
        if now is not None:
            tree = max(tree or 0.0, now)
        time.sleep(poll)
    out = proc.communicate()[0].split()
    elapsed = time.monotonic() - start
    if proc.returncode != 0 or len(out) != 3:
        raise RuntimeError(f"the measuring wrapper failed (exit {proc.returncode}): {out}")
    return CliRun(int(out[0]), elapsed, int(out[1]) / 1024, tree, float(out[2]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jsonl-mb", type=int, default=1024)
    parser.add_argument("--text-mb", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=("jsonl", "text"))
    parser.add_argument("--dir", type=Path, help="work folder (default: a temp folder)")
    ns = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=ns.dir) as tmp:
        base = Path(tmp)
        common = ["--workers", str(ns.workers), "--quiet"]
        runs = (("jsonl", "JSONL", "shard.jsonl", make_jsonl, ns.jsonl_mb),
                ("text", "text ", "big.txt", make_text, ns.text_mb))
        for kind, label, name, make, megabytes in runs:
            if ns.only not in (None, kind):
                continue
            path = base / name
            size = make(path, megabytes)
            run = run_cli([*common, str(path)])
            tree = f" (process tree {run.tree_peak_mb:.0f} MB)" if run.tree_peak_mb else ""
            print(f"{label} {size / 2**20:.0f} MB, {ns.workers} workers: peak RSS "
                  f"{run.peak_mb:.0f} MB{tree}, {run.seconds:.0f} s "
                  f"({size / 2**20 / run.seconds:.2f} MB/s), exit {run.code}")
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
