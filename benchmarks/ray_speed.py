"""Records per second of ``cleantext --engine ray`` on a local cluster against the local CLI.

    python -m benchmarks.ray_speed corpus/input ../shared/train/aeb --shards 4 --records 1000

Builds ``--shards`` JSONL shards of ``--records`` records each from the ``*.txt`` documents of
the given folders (each record is one whole document, taken in turn; ``*.gold.txt`` skipped)
in a temporary folder, then runs, each in its own process, on the same shards:

* ``cleantext --workers 1 SHARDS --output-dir OUT`` (one process: the baseline),
* ``cleantext --workers N SHARDS --output-dir OUT`` (local processes, for reference),
* ``cleantext --engine ray --workers N SHARDS --output-dir OUT`` (starts a local Ray cluster
  with every CPU of this machine, then N actors).

For each it prints the wall time of the whole command (start-up included) and records/s over
it; for Ray also the time to bring the cluster up and the records/s of the cleaning phase once
the cluster is up (actor start and per-actor cleaner build included). The outputs of the three
runs are compared: they must be byte-identical (the shards hold no poisoned record).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.speed import load


def write_shards(folder: Path, docs: list[str], shards: int, per_shard: int) -> int:
    folder.mkdir(parents=True)
    size = 0
    for s in range(shards):
        path = folder / f"part-{s:03d}.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for i in range(per_shard):
                n = s * per_shard + i
                f.write(json.dumps({"id": n, "text": docs[n % len(docs)]}) + "\n")
        size += path.stat().st_size
    return size


def run(label: str, argv: list[str], records: int) -> tuple[float, str]:
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "cleantext", *argv], env=env,
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        sys.exit(f"{label} failed ({proc.returncode}):\n{proc.stderr}")
    print(f"| {label} | {wall:.1f} | {records / wall:.0f} |", flush=True)
    return wall, proc.stderr


def same_output(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir())
    return names == sorted(p.name for p in b.iterdir()) and all(
        (a / n).read_bytes() == (b / n).read_bytes() for n in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of *.txt documents")
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--records", type=int, default=1000, help="records per shard")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2,
                        help="processes / Ray actors for the parallel runs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    docs = load(args.folders)
    if not docs:
        print("no *.txt documents found", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="ray-speed-"))
    try:
        shards = work / "in"
        total = args.shards * args.records
        size = write_shards(shards, docs, args.shards, args.records)
        print(f"{args.shards} shards x {args.records} records = {total:,} records "
              f"({size / 1e6:.1f} MB, {len(docs)} distinct documents), "
              f"{args.workers} workers, {os.cpu_count()} CPUs\n")
        print("| run | wall s | records/s |")
        print("|---|---|---|")
        n = str(args.workers)
        run("local CLI, 1 process", ["--workers", "1", "-q", str(shards),
                                     "--output-dir", str(work / "one")], total)
        run(f"local CLI, {n} processes", ["--workers", n, "-q", str(shards),
                                          "--output-dir", str(work / "many")], total)
        _, err = run(f"--engine ray, {n} actors", ["--engine", "ray", "--workers", n, "-v",
                                                  str(shards), "--output-dir",
                                                  str(work / "ray")], total)
        ready = re.search(r"cluster ready in ([\d.]+) s", err)
        phase = re.search(r"records in ([\d.]+) s \(([\d,]+) records/s\)", err)
        if ready and phase:
            print(f"\nRay: cluster up in {ready.group(1)} s; cleaning phase {phase.group(1)} s "
                  f"= {phase.group(2)} records/s")
        same = same_output(work / "one", work / "ray") and same_output(work / "one",
                                                                       work / "many")
        print(f"outputs identical across the three runs: {same}")
        return 0 if same else 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
