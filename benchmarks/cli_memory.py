"""Peak memory of the ``cleantext`` CLI on a large JSONL shard and a large single text file.

Generates the inputs in a temporary folder, runs the CLI on each in a child process, and reports
the child's peak resident set size (``ru_maxrss`` of ``RUSAGE_CHILDREN``, which covers the worker
processes too, as the largest single process) and the wall time.

    python benchmarks/cli_memory.py                      # 1 GB JSONL + 200 MB text
    python benchmarks/cli_memory.py --jsonl-mb 200 --text-mb 200 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ARTICLE = (
    "Skip to main content\n\nPolice to share command centre in Calais\n\n"
    "By Jane Smith, Home Affairs Correspondent\n\n"
    + "British and French police will share a command centre in Calais to tackle people "
    "smugglers, the Home Secretary said on Thursday after talks in Paris.\n\n" * 12
    + "Advertisement\n\nShare this article\n\nRelated: Migrants in the Channel\n"
)


def make_jsonl(path: Path, megabytes: int) -> int:
    """Write about ``megabytes`` MB of records; return the byte size."""
    target = megabytes * 2**20
    size = 0
    i = 0
    with open(path, "w", encoding="utf-8") as f:
        while size < target:
            line = json.dumps({"id": i, "url": f"https://example.com/{i}",
                               "text": f"Story {i}\n\n" + ARTICLE}) + "\n"
            f.write(line)
            size += len(line)
            i += 1
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


def measure(args: list[str]) -> tuple[float, float, int]:
    """(peak RSS in MB of the largest child, seconds, exit code) of one CLI run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "cleantext", *args], check=False,
                          stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print("  (peak not above an earlier child's; run one input per invocation)")
    return peak / 1024, elapsed, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jsonl-mb", type=int, default=1024)
    parser.add_argument("--text-mb", type=int, default=200)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--only", choices=("jsonl", "text"))
    parser.add_argument("--dir", type=Path, help="work folder (default: a temp folder)")
    ns = parser.parse_args()
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
            peak, secs, code = measure([*common, str(path)])
            print(f"{label} {size / 2**20:.0f} MB, {ns.workers} workers: peak RSS {peak:.0f} "
                  f"MB, {secs:.0f} s ({size / 2**20 / secs:.2f} MB/s), exit {code}")
            path.unlink()


if __name__ == "__main__":
    main()
