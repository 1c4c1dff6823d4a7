"""``cleantext --engine ray``: clean JSONL shards on a Ray cluster.

The driver (this process) lists the shards and makes a Ray Data dataset with one row per
shard; a pool of actors (``--workers`` of them, default: every CPU of the cluster) each builds
its cleaner once, from a :class:`~cleantext.bundle.ConfigBundle` (the configuration plus the
bytes of its rule packs, model and profile, read here and shipped with the job), then cleans
whole shards with :func:`.shard.clean_shard` and writes each to its place under
``--output-dir``. So the output is what local cleaning writes, byte for byte and in record
order, except that a record that could not be cleaned also carries ``--error-field``.

Inputs and ``--output-dir`` must be paths every node can reach (a shared file system); the
driver only sees per-shard counts and the first messages of each shard.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleantext.bundle import ConfigBundle
from cleantext.cleaner import Cleaner
from cleantext.cli.files import Target, UsageError
from cleantext.cli.jsonl import BatchJob
from cleantext.cli.run import EXIT_CHANGED, EXIT_FAILED, EXIT_OK
from cleantext.cli.settings import Settings
from cleantext.cli.shard import ShardResult, clean_shard
from cleantext.sources import SourceRule

#: The default ``--error-field``.
ERROR_FIELD = "clean_error"


class ShardCleaner:
    """The actor class: one cleaner per worker, then whole shards, one per call."""

    def __init__(self, bundle: ConfigBundle, field: str, explain_field: str | None,
                 error_field: str, sources: SourceRule | None = None) -> None:
        import tempfile

        self._folder = tempfile.TemporaryDirectory(prefix="cleantext-")
        self.cleaner = Cleaner(bundle.materialise(self._folder.name))
        self.job = BatchJob([], field, explain_field, False, sources)
        self.error_field = error_field

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        rows: list[dict[str, Any]] = []
        for index, src, dest, gz in zip(batch["index"], batch["src"], batch["dest"],
                                        batch["gz"], strict=True):
            result = clean_shard(Path(str(src)), Path(str(dest)), gz=bool(gz), job=self.job,
                                 error_field=self.error_field, cleaner=self.cleaner)
            rows.append({"index": int(index), **_row(result)})
        return {key: np.array([r[key] for r in rows]) for key in rows[0]}


def _row(result: ShardResult) -> dict[str, Any]:
    return {"records": result.records, "changed": result.changed,
            "malformed": result.malformed, "tagged": result.tagged, "failed": result.failed,
            "messages": "\n".join(m.replace("\n", " ") for m in result.messages)}


def check_request(ns: argparse.Namespace, targets: list[Target]) -> None:
    """Raise :class:`UsageError` for what the Ray engine cannot do."""
    for flag, on in (("--check", ns.check), ("--diff", ns.diff), ("--explain", ns.explain)):
        if on:
            raise UsageError(f"--engine ray writes cleaned copies; {flag} is not supported "
                             "(use the local engine)")
    if ns.output_dir is None:
        raise UsageError("--engine ray needs --output-dir (it does not rewrite in place)")
    if any(t.is_stdin for t in targets):
        raise UsageError("--engine ray reads files, not standard input")
    others = [t.display for t in targets if t.kind != "jsonl"]
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3
                                         else "")
        raise UsageError(f"--engine ray cleans JSONL shards (*.jsonl, *.jsonl.gz, or any file "
                         f"with --jsonl); not JSONL: {shown} (narrow a folder with "
                         "--include '*.jsonl*')")
    if ns.explain_field is not None and ns.explain_field == ns.error_field:
        raise UsageError("--explain-field and --error-field must differ")


def run_ray(ns: argparse.Namespace, settings: Settings, targets: list[Target],
            sources: SourceRule | None = None) -> int:
    """Clean ``targets`` on Ray as ``ns`` asks; return the exit code (problems of discovery
    are the caller's). ``sources`` names each record's source for a learned profile."""
    check_request(ns, targets)
    if settings.field == ns.error_field:
        raise UsageError(f"--error-field must differ from the text field ({settings.field!r})")
    from cleantext.ray import require_ray

    try:
        ray = require_ray()
    except ImportError as exc:
        raise UsageError(str(exc)) from None
    try:
        bundle = ConfigBundle.from_config(settings.config)
    except ValueError as exc:
        raise UsageError(f"bad cleaning settings: {exc}") from None
    if not targets:
        return EXIT_OK
    output_dir: Path = ns.output_dir
    tally = _Tally(ns.quiet, ns.verbose, ns.error_field)
    connecting = time.perf_counter()
    with _cluster(ray, ns.address, ns.verbose):
        started = time.perf_counter()
        workers = settings.workers or int(ray.cluster_resources().get("CPU", 1))
        workers = max(1, min(workers, len(targets)))
        if ns.verbose:
            _say(f"cleaning {len(targets)} shard(s) on Ray with {workers} worker(s) "
                 f"(cluster ready in {started - connecting:.1f} s); {bundle.nbytes:,} bytes "
                 "of settings files shipped")
        rows = _results(ray, targets, output_dir, bundle, settings.field, ns.explain_field,
                        ns.error_field, workers, sources)
        for row in _guarded(rows):
            if row is None:
                tally.status = EXIT_FAILED
                break
            target = targets[int(row["index"])]
            tally.add(row, target.display, output_dir / target.rel)
        elapsed = time.perf_counter() - started
    if ns.verbose:
        _say(f"{tally.cleaned} file(s) cleaned, {tally.unchanged} unchanged, {tally.failed} "
             f"failed, {tally.records:,} records in {elapsed:.1f} s "
             f"({tally.records / elapsed:,.0f} records/s)")
    if ns.exit_zero_even_if_changed and tally.status == EXIT_CHANGED:
        return EXIT_OK
    return tally.status


@dataclass
class _Tally:
    """The driver's report: messages as shards finish, counts and the exit code."""

    quiet: bool
    verbose: bool
    error_field: str
    status: int = EXIT_OK
    records: int = 0
    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, row: dict[str, Any], display: str, dest: Path) -> None:
        for line in str(row["messages"]).splitlines():
            number, _, message = line.partition(": ")
            level = "warning" if message.startswith("not cleaned: ") else "error"
            if level == "error" or not self.quiet:
                _say(f"{level}: {display}:{number}: {message}")
        if row["failed"]:
            _say(f"error: {display}: {row['failed']}")
            self.failed += 1
            self.status = EXIT_FAILED
            return
        self.records += int(row["records"])
        if int(row["malformed"]):
            _say(f"{display}: {int(row['malformed'])} malformed record(s)")
            self.status = EXIT_FAILED
        if int(row["tagged"]):
            _say(f"{display}: {int(row['tagged'])} record(s) not cleaned, with the reason in "
                 f"{self.error_field!r}")
        if bool(row["changed"]):
            self.cleaned += 1
            self.status = max(self.status, EXIT_CHANGED)
            if not self.quiet:
                _say(f"Cleaned {display} -> {dest}")
        else:
            self.unchanged += 1
            if self.verbose:
                _say(f"Unchanged {display} -> {dest}")


def _guarded(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any] | None]:
    """The rows, then ``None`` if the Ray job itself failed (after saying why)."""
    try:
        yield from rows
    except Exception as exc:  # a worker died, the cluster went away, ...
        _say(f"error: the Ray job failed; shards not reported above may not have been "
             f"written: {type(exc).__name__}: {exc}")
        yield None


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def _cluster(ray: Any, address: str | None, verbose: bool) -> Iterator[None]:
    """Connect to (or start) a cluster unless this process already did; quiet Ray Data."""
    owned = not ray.is_initialized()
    if owned:
        options: dict[str, Any] = {"address": address, "logging_level": logging.WARNING}
        if address is None:
            options["include_dashboard"] = False
        try:
            ray.init(**options)
        except Exception as exc:  # ConnectionError, ValueError, ... from a bad address
            where = f" at {address}" if address else ""
            raise UsageError(f"cannot start or reach a Ray cluster{where}: {exc}") from None
    context = ray.data.DataContext.get_current()
    bars = context.enable_progress_bars
    data_logger = logging.getLogger("ray.data")
    level = data_logger.level
    context.enable_progress_bars = False
    if not verbose:
        data_logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        context.enable_progress_bars = bars
        data_logger.setLevel(level)
        if owned:
            ray.shutdown()


def _results(ray: Any, targets: list[Target], output_dir: Path, bundle: ConfigBundle,
             field: str, explain_field: str | None, error_field: str,
             workers: int, sources: SourceRule | None = None) -> Iterator[dict[str, Any]]:
    """Run the shards through the actor pool; yield one row per shard as each finishes."""
    rows = [{"index": i, "src": str(Path(t.path).resolve()) if t.path else "",
             "dest": str((output_dir / t.rel).resolve()), "gz": t.gz}
            for i, t in enumerate(targets)]
    ds = ray.data.from_items(rows, override_num_blocks=len(rows))
    out = ds.map_batches(
        ShardCleaner,
        fn_constructor_kwargs={"bundle": bundle, "field": field,
                               "explain_field": explain_field, "error_field": error_field,
                               "sources": sources},
        batch_size=1,
        batch_format="numpy",
        # One shard at a time per actor: shards are large, so queueing them evens nothing out.
        compute=ray.data.ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=1),
        num_cpus=1,
    )
    yield from out.iter_rows()
