"""One run of the clean command: read every target, clean it, write or report, pick the exit code.

The main process turns the targets into a stream of work items (see :mod:`.workers`), takes the
results back in order and, per target, writes the output (in place, to ``--output-dir`` or to
stdout), prints diffs and explanations, and reports. Nothing of a target is written unless the
whole target was read and cleaned without error.
"""

from __future__ import annotations

import difflib
import gzip
import hashlib
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol, cast

from cleantext.cli.files import AtomicSink, Input, Target, os_reason
from cleantext.cli.jsonl import Batch, RecordOut, jsonl_items
from cleantext.cli.progress import Progress
from cleantext.cli.textfile import (
    InputError,
    StreamJoiner,
    WholeResult,
    Window,
    WindowResult,
    text_items,
)
from cleantext.cli.workers import Item, Pipeline
from cleantext.config import Config
from cleantext.sources import SourceRule

EXIT_OK = 0
EXIT_CHANGED = 1
EXIT_USAGE = 2
EXIT_FAILED = 123

#: Record-level messages shown per file before the rest are only counted.
MAX_RECORD_MESSAGES = 20


@dataclass(frozen=True)
class Options:
    """What to do with the cleaned text (from the command line)."""

    check: bool = False
    diff: bool = False
    explain: bool = False
    output_dir: Path | None = None
    quiet: bool = False
    verbose: bool = False
    field: str = "text"
    explain_field: str | None = None
    sources: SourceRule | None = None  # how to name each document's source (with a profile)
    html_field: str | None = None
    html_config: Config | None = None

    @property
    def writes(self) -> bool:
        return not (self.check or self.diff or self.explain)


class Sink(Protocol):
    def write(self, data: bytes) -> None: ...

    def commit(self, changed: bool) -> None: ...

    def discard(self) -> None: ...


class StdoutSink:
    """Standard output (for ``-``): written as the results come."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data)

    def commit(self, changed: bool) -> None:
        self.stream.flush()

    def discard(self) -> None:
        self.stream.flush()


@dataclass
class FileState:
    """The progress of one target through the run."""

    target: Target
    sink: Sink | None
    failed: bool = False
    changed: bool = False
    in_hash: Any = field(default_factory=hashlib.sha256)
    out_hash: Any = field(default_factory=hashlib.sha256)
    joiner: StreamJoiner | None = None
    final_newline: bool = False
    diff_header: bool = False
    record_errors: int = 0
    record_warnings: int = 0


@dataclass
class Totals:
    cleaned: int = 0
    unchanged: int = 0
    failed: int = 0
    records: int = 0


def keeplines(text: str) -> list[str]:
    """``text`` split after each ``\\n`` only (``str.splitlines`` also splits on \\r, \\f, ...)."""
    parts = text.split("\n")
    out = [p + "\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff that marks a missing final newline like ``diff -u`` does."""
    out = []
    for line in difflib.unified_diff(keeplines(before), keeplines(after),
                                     f"{name}\t(original)", f"{name}\t(cleaned)"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


class Runner:
    """Runs the clean command over a list of targets."""

    def __init__(self, targets: list[Target], options: Options, pipeline: Pipeline,
                 progress: Progress, stdout: BinaryIO) -> None:
        self.targets = targets
        self.opts = options
        self.pipeline = pipeline
        self.progress = progress
        self.stdout = stdout
        self.totals = Totals()
        self.status = EXIT_OK

    # -- reporting ------------------------------------------------------------------------

    def say(self, message: str) -> None:
        """A normal message (hidden by ``--quiet``)."""
        if not self.opts.quiet:
            self.progress.write(message)

    def error(self, message: str) -> None:
        """An error message (always shown)."""
        self.progress.write(f"error: {message}")

    def out(self, text: str) -> None:
        self.stdout.write(text.encode("utf-8"))

    # -- items --------------------------------------------------------------------------

    def items(self) -> Iterator[Item]:
        opts = self.opts
        for index, target in enumerate(self.targets):
            yield Item("start", index)
            try:
                source = Input(target)
            except OSError as exc:
                yield Item("error", index, keep=f"{target.display}: cannot read: "
                                                f"{os_reason(exc)}")
                continue
            try:
                if target.kind == "jsonl":
                    yield from jsonl_items(index, target, source, opts.field,
                                           opts.explain_field, opts.explain, opts.sources,
                                           opts.html_field, opts.html_config)
                else:
                    site = opts.sources.for_path(target.path) if opts.sources else None
                    yield from text_items(index, target, source, opts.explain, site)
                yield Item("end", index)
            except InputError as exc:
                yield Item("error", index, keep=str(exc))
            except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
                reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
                if isinstance(exc, (EOFError, gzip.BadGzipFile, zlib.error)):
                    reason = f"corrupt gzip data ({exc or 'truncated'})"
                yield Item("error", index, keep=f"{target.display}: cannot read: {reason}")
            finally:
                source.close()

    def make_sink(self, target: Target) -> Sink | None:
        if not self.opts.writes:
            return None
        if target.path is None:
            return StdoutSink(self.stdout)
        if self.opts.output_dir is not None:
            dest = self.opts.output_dir / target.rel
            return AtomicSink(dest, gz=target.gz, source=target.path, always=True)
        return AtomicSink(target.path, gz=target.gz, source=target.path, always=False)

    # -- the loop -------------------------------------------------------------------------

    def run(self) -> int:
        states: dict[int, FileState] = {}
        try:
            for item, result in self.pipeline.run(self.items()):
                if item.tag == "start":
                    target = self.targets[item.file]
                    states[item.file] = FileState(target, None)
                    try:
                        states[item.file].sink = self.make_sink(target)
                    except OSError as exc:
                        self._fail(states[item.file], f"{target.display}: cannot write: "
                                                      f"{os_reason(exc)}")
                    continue
                state = states[item.file]
                self.progress.update(nbytes=item.nbytes)
                if state.failed:
                    if item.tag in ("end", "error"):
                        del states[item.file]
                    continue
                try:
                    self._handle(state, item, result)
                except BrokenPipeError:
                    raise  # our stdout's reader went away; entry_point ends quietly
                except OSError as exc:
                    self._fail(state, f"{state.target.display}: cannot write: {os_reason(exc)}")
                if item.tag in ("end", "error"):
                    del states[item.file]
        finally:
            for state in states.values():
                if state.sink is not None:
                    state.sink.discard()
        if self.opts.verbose:
            t = self.totals
            verb = "cleaned" if self.opts.writes else "would be cleaned"
            self.progress.write(f"{t.cleaned} file(s) {verb}, {t.unchanged} unchanged, "
                                f"{t.failed} failed" + (f", {t.records:,} records" if t.records
                                                        else ""))
        return self.status

    def _fail(self, state: FileState, message: str) -> None:
        state.failed = True
        if state.sink is not None:
            state.sink.discard()
        self.error(message)
        self.totals.failed += 1
        self.status = EXIT_FAILED
        self.progress.update(files=1)

    def _emit(self, state: FileState, data: bytes) -> None:
        state.out_hash.update(data)
        if state.sink is not None:
            state.sink.write(data)

    def _handle(self, state: FileState, item: Item, result: Any) -> None:
        target = state.target
        if item.tag == "error":
            self._fail(state, str(item.keep))
        elif item.tag == "whole":
            assert isinstance(result, WholeResult)
            before: str = item.keep
            state.changed = result.text != before
            if state.sink is not None:
                state.sink.write(result.text.encode("utf-8"))
            if self.opts.diff and state.changed:
                self.out(unified_diff(before, result.text, target.display))
            self._explain(target.display, result.explain)
        elif item.tag == "window":
            assert isinstance(result, WindowResult)
            window: Window = item.keep
            if window.first:
                state.joiner = StreamJoiner(window.bom)
                if window.bom:
                    state.in_hash.update("\ufeff".encode())
            assert state.joiner is not None
            state.in_hash.update(window.text.encode("utf-8"))
            state.final_newline = window.text.endswith("\n") if window.text else (
                state.final_newline)
            self._emit(state, state.joiner.feed(window.text, result).encode("utf-8"))
            self._explain(target.display, result.explain)
        elif item.tag == "batch":
            self._batch(state, item.keep, result)
        elif item.tag == "end":
            self._end(state)

    def _explain(self, prefix: str, rows: tuple[str, ...]) -> None:
        if rows:
            self.out("".join(f"{prefix}:{row}\n" for row in rows))

    def _batch(self, state: FileState, batch: Batch, results: list[RecordOut]) -> None:
        target = state.target
        self.totals.records += len(results)
        self.progress.update(records=len(results))
        for offset, rec in enumerate(results):
            line_no = batch.first_line + offset
            raw, ending = batch.lines[offset], batch.endings[offset]
            if rec.new is not None:
                state.changed = True
                if self.opts.diff:
                    if not state.diff_header:
                        self.out(f"--- {target.display}\t(original)\n"
                                 f"+++ {target.display}\t(cleaned)\n")
                        state.diff_header = True
                    self.stdout.write(f"@@ -{line_no} +{line_no} @@\n".encode()
                                      + b"-" + raw + b"\n+" + rec.new + b"\n")
            if state.sink is not None:
                state.sink.write((rec.new if rec.new is not None else raw) + ending)
            if rec.error is not None:
                state.record_errors += 1
                self.status = EXIT_FAILED
                if state.record_errors <= MAX_RECORD_MESSAGES:
                    self.error(f"{target.display}:{line_no}: {rec.error}")
            if rec.warning is not None:
                state.record_warnings += 1
                if state.record_warnings <= MAX_RECORD_MESSAGES:
                    self.say(f"warning: {target.display}:{line_no}: {rec.warning}")
            self._explain(f"{target.display}:{line_no}", rec.explain)

    def _end(self, state: FileState) -> None:
        target = state.target
        if state.joiner is not None:
            self._emit(state, state.joiner.finish(state.final_newline).encode("utf-8"))
            state.changed = state.in_hash.digest() != state.out_hash.digest()
            if self.opts.diff and state.changed:
                self.say(f"note: {target.display}: too large to diff (over "
                         "8 MB); use --output-dir and diff the copies")
        for count, what in ((state.record_errors, "malformed record(s)"),
                            (state.record_warnings, "record(s) without a text field")):
            if count > MAX_RECORD_MESSAGES:
                self.progress.write(f"{target.display}: {count} {what} in all "
                                    f"(first {MAX_RECORD_MESSAGES} shown)")
        if state.sink is not None:
            state.sink.commit(state.changed)
        self.progress.update(files=1)
        if state.changed:
            self.totals.cleaned += 1
            self.status = max(self.status, EXIT_CHANGED)
            if target.is_stdin and self.opts.writes:
                return
            if not self.opts.writes:
                self.say(f"Would clean {target.display}")
            elif self.opts.output_dir is not None:
                self.say(f"Cleaned {target.display} -> {self.opts.output_dir / target.rel}")
            else:
                self.say(f"Cleaned {target.display}")
        else:
            self.totals.unchanged += 1
            if self.opts.verbose:
                where = (f" -> {self.opts.output_dir / target.rel}"
                         if self.opts.output_dir is not None and not target.is_stdin else "")
                self.say(f"Unchanged {target.display}{where}")


def stdout_binary() -> BinaryIO:
    """Standard output as bytes."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        return buffer  # type: ignore[no-any-return]
    return cast(BinaryIO, _TextAsBinary(sys.stdout))  # pragma: no cover


class _TextAsBinary:  # pragma: no cover - only when stdout was replaced by a text-only stream
    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, data: bytes) -> int:
        self.stream.write(data.decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self.stream.flush()
