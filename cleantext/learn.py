"""``cleantext learn``: learn each source's repeated lines from its own documents.

    cleantext learn corpus.jsonl --source-field url -o profile.json
    cleantext learn sites/ -o profile.json                   # one folder per source
    cleantext learn pages/ --source-pattern '^(?P<source>[^_]+)_' -o profile.json
    cleantext learn --merge shard1.json shard2.json -o profile.json [--compact]

Then ``cleantext --profile profile.json --source-field url corpus.jsonl`` (or
``Config(profile_path=..., source=...)``) drops every line that is its source's template, with
reason ``learned:<source>``. See :mod:`cleantext.profile` for the counting and its bounds, and
:mod:`cleantext.sources` for how a document's source is named.

Why the defaults ``--min-docs 3 --min-share 0.5`` (measured with
``python -m benchmarks.learn_thresholds --aeb ../shared/train/aeb``, table in
``benchmarks/results/learn_thresholds.md``):

* ``min_share``: on 1,700 synthetic pages from 78 sites (2-200 pages each; chrome on every page
  or on 55-95% of pages; content that a site itself repeats, follow-up background paragraphs on
  5-40% of its pages), share 0.5 is the knee: from 0.4 to 0.5 the content lost halves (0.92% ->
  0.40% of content line occurrences, at min_docs 3) for 0.6 points of chrome recall (91.9% ->
  91.3%); going on to 0.7 saves 0.38 points of content for 5.5 points of recall.
* ``min_docs``: on the 55 AEB sites with two pages, min_docs 2 learns 4,993 lines of which 36
  are gold article lines (1.4% of those pages' 2,497 gold lines): two pages of one site can share
  article text (a timeline, a related story, a repeated name). With 3, a line must recur on
  three distinct pages; on the synthetic sites that lowers content loss (0.54% -> 0.40%) for
  2 points of recall.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cleantext.cli.files import Input, Target, UsageError, discover
from cleantext.profile import (
    DEFAULT_MAX_LINES,
    DEFAULT_MIN_DOCS,
    DEFAULT_MIN_SHARE,
    Learner,
    Profile,
    ProfileError,
    check_thresholds,
    load,
    merge,
    save,
    write,
)
from cleantext.sources import SourceRule, add_source_arguments

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_FAILED = 123
#: Problems shown per run before the rest are only counted.
MAX_MESSAGES = 20


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``cleantext learn``."""
    p = _Parser(prog="cleantext learn", description=__doc__,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files and folders (*.txt, *.jsonl, *.jsonl.gz) to learn from, '-' "
                        "for JSONL on standard input; with --merge, profiles to merge")
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help="where to write the profile ('-': standard output)")
    p.add_argument("--merge", action="store_true",
                   help="merge the profiles given as PATHs instead of reading documents")
    add_source_arguments(p)
    p.add_argument("--source", metavar="NAME", help="every document is from NAME")
    p.add_argument("--field", default="text", metavar="NAME",
                   help="JSONL: the record field holding the text (default: text)")
    p.add_argument("--jsonl", action="store_true", help="read every input as JSONL")
    p.add_argument("--include", action="append", metavar="GLOB",
                   help="files to take when walking folders (default: *.txt *.jsonl "
                        "*.jsonl.gz)")
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help="files and folders to skip when walking folders")
    p.add_argument("--min-docs", type=int, metavar="N",
                   help=f"a template line is in at least N of its source's distinct documents "
                        f"(default: {DEFAULT_MIN_DOCS})")
    p.add_argument("--min-share", type=float, metavar="F",
                   help=f"... and in at least this share of them (default: {DEFAULT_MIN_SHARE})")
    p.add_argument("--max-lines", type=int, metavar="N",
                   help=f"lines counted per source before the rarest are pruned "
                        f"(default: {DEFAULT_MAX_LINES})")
    p.add_argument("--compact", action="store_true",
                   help="write only the template lines: a small profile that cleans the same "
                        "but cannot be merged")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    return p


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Run ``cleantext learn`` with ``argv``; return the exit code."""
    parser = build_parser()
    try:
        ns = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        _err(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_OK
    try:
        if ns.merge:
            return _merge(ns)
        return _learn(ns)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE


def _write(profile: Profile, output: str, compact: bool) -> None:
    if output == "-":
        sys.stdout.flush()
        write(profile, sys.stdout.buffer, compact)
        sys.stdout.buffer.flush()
        return
    try:
        save(profile, Path(output), compact)
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the profile: {exc.strerror or exc}") from None


def _summary(profile: Profile, output: str, quiet: bool) -> None:
    if quiet:
        return
    docs = sum(s.documents for s in profile.sources.values())
    dups = sum(s.duplicates for s in profile.sources.values())
    lines = sum(len(profile.templates(name)) for name in profile.sources)
    print(f"{docs:,} document(s) ({dups:,} exact duplicate(s) not counted) from "
          f"{len(profile.sources):,} source(s); {lines:,} template line(s) -> {output}",
          file=sys.stderr)


def _merge(ns: argparse.Namespace) -> int:
    if not ns.paths:
        raise UsageError("--merge needs the profiles to merge")
    profiles = []
    for path in ns.paths:
        try:
            profiles.append(load(Path(path)))
        except ProfileError as exc:
            raise UsageError(str(exc)) from None
    try:
        merged = merge(profiles, ns.min_docs, ns.min_share, ns.max_lines)
    except (ProfileError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    _write(merged, ns.output, ns.compact)
    _summary(merged, ns.output, ns.quiet)
    return EXIT_OK


def _learn(ns: argparse.Namespace) -> int:
    if not ns.paths:
        raise UsageError("no paths given (files, folders, or '-' for JSONL on standard input)")
    min_docs = DEFAULT_MIN_DOCS if ns.min_docs is None else ns.min_docs
    min_share = DEFAULT_MIN_SHARE if ns.min_share is None else ns.min_share
    max_lines = DEFAULT_MAX_LINES if ns.max_lines is None else ns.max_lines
    try:
        check_thresholds(min_docs, min_share, max_lines)
        rule = SourceRule.build(ns.source, ns.source_field, ns.source_pattern)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    targets, problems = discover(ns.paths, tuple(ns.include or ()), tuple(ns.exclude or ()),
                                 force_jsonl=ns.jsonl or ns.paths == ["-"])
    for p in problems:
        if p.code == EXIT_USAGE:
            raise UsageError(p.message)
    if any(t.kind == "jsonl" for t in targets) and rule.fixed is None and rule.field is None:
        raise UsageError("JSONL input needs --source-field NAME (the record field naming each "
                         "document's source) or --source NAME")
    run = _Run(Learner(min_docs, min_share, max_lines), rule, ns.field)
    for p in problems:
        run.problem(p.message)
    for target in targets:
        run.target(target)
    if run.unsourced and not ns.quiet:
        print(f"warning: {run.unsourced:,} document(s) had no source and were not counted",
              file=sys.stderr)
    if run.textless and not ns.quiet:
        print(f"warning: {run.textless:,} record(s) had no string field {ns.field!r} and were "
              "not counted", file=sys.stderr)
    if run.failures > MAX_MESSAGES:
        _err(f"{run.failures:,} problem(s) in all (first {MAX_MESSAGES} shown)")
    _write(run.learner.profile, ns.output, ns.compact)
    _summary(run.learner.profile, ns.output, ns.quiet)
    return EXIT_FAILED if run.failures else EXIT_OK


class _Run:
    """The state of one learning run over the targets."""

    def __init__(self, learner: Learner, rule: SourceRule, field: str) -> None:
        self.learner = learner
        self.rule = rule
        self.field = field
        self.failures = 0
        self.unsourced = 0
        self.textless = 0

    def problem(self, message: str) -> None:
        self.failures += 1
        if self.failures <= MAX_MESSAGES:
            _err(message)

    def document(self, source: str | None, text: str) -> None:
        if source is None:
            self.unsourced += 1
        else:
            self.learner.add(source, text)

    def target(self, target: Target) -> None:
        try:
            stream = Input(target)
        except OSError as exc:
            self.problem(f"{target.display}: cannot read: {exc.strerror or exc}")
            return
        try:
            if target.kind == "jsonl":
                self._records(target, stream)
            else:
                data = stream.stream.read()
                if b"\0" in data:
                    self.problem(f"{target.display}: contains a NUL byte (binary file?); "
                                 "skipped")
                    return
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.problem(f"{target.display}: invalid UTF-8 at byte offset "
                                 f"{exc.start}; skipped")
                    return
                self.document(self.rule.for_path(target.path), text)
        except (OSError, EOFError) as exc:
            self.problem(f"{target.display}: cannot read: {exc}")
        finally:
            stream.close()

    def _records(self, target: Target, stream: Input) -> None:
        for line_no, raw in enumerate(stream.stream, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
            except ValueError as exc:
                self.problem(f"{target.display}:{line_no}: malformed record ({exc}); skipped")
                continue
            if not isinstance(record, dict):
                self.problem(f"{target.display}:{line_no}: record is not a JSON object; "
                             "skipped")
                continue
            text = record.get(self.field)
            if not isinstance(text, str):
                self.textless += 1
                continue
            self.document(self.rule.for_record(record), text)
