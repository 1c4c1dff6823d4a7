"""The ``cleantext`` command line: argument parsing and subcommand dispatch.

``main(argv)`` never raises for bad input and never calls ``sys.exit``: it returns the exit code,
so tests (and other programs) can call it directly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cleantext import __version__
from cleantext.cli import htmlfiles as _html
from cleantext.cli import settings as _settings
from cleantext.cli.files import DEFAULT_INCLUDE, HTML_INCLUDE, Target, UsageError, discover
from cleantext.cli.progress import make_progress
from cleantext.cli.run import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Options, Runner, stdout_binary
from cleantext.cli.workers import Pipeline, default_workers
from cleantext.config import CONTEXT_MODES, PRESETS
from cleantext.sources import SourceRule, add_source_arguments

PROG = "cleantext"

DESCRIPTION = """\
Strip site chrome (navigation, share bars, ads, credits, bylines, promos) from the plain text
of scraped news articles, in files, folders, standard input and JSONL corpora.

By default every file is rewritten in place (atomically) and each changed file is reported as
"Cleaned <path>" on stderr, like a pre-commit fixer. Folders are searched recursively for
*.txt, *.jsonl and *.jsonl.gz (change that with --include/--exclude). A *.txt file is one
document; in a *.jsonl(.gz) file each record is one document (its --field is cleaned, every
other field and the record order are kept, malformed records are reported and passed through).
"""

EPILOG = """\
examples:
  cleantext article.txt                 clean a file in place
  cleantext corpus/                     clean every *.txt / *.jsonl(.gz) under corpus/
  cleantext --check corpus/             report what would change; exit 1 if anything would
  cleantext --diff article.txt          show the changes as a unified diff; write nothing
  cleantext --explain article.txt       show every line's decision and its rule id or score
  cleantext - < in.txt > out.txt        standard input to standard output
  cleantext --jsonl - < in.jsonl > out.jsonl
  cleantext shard.jsonl.gz --field body --explain-field cleantext
                                        clean the "body" of each record, add what was removed
  cleantext corpus/ --output-dir clean/ write cleaned copies mirroring corpus/
  cleantext pages/ --output-dir text/   write each *.html page's article as text/<name>.txt
  cleantext train --help                train the line model (subcommand)

configuration:
  [tool.cleantext] in the nearest pyproject.toml above the inputs (or --config FILE) may set
  rule_packs, disabled_rules, preset, use_model, model, context, fix_mojibake, profile,
  source_field, source_pattern, include, exclude, field and workers. Flags override it;
  unknown keys are an error.

exit codes:
  0    nothing changed (or would change)
  1    something changed or would change (0 with --exit-zero-even-if-changed)
  2    usage error: bad flag, bad config, a path that does not exist
  123  an input could not be processed (invalid UTF-8, NUL bytes, unreadable or unwritable,
       symlink loop, malformed JSONL records); the other inputs are still processed

subcommands:
  cleantext train ...                   train the line model (see cleantext train --help)
  cleantext learn ...                   learn each source's repeated lines into a profile
                                        (see cleantext learn --help)
"""

#: Subcommands: name -> module whose ``main(argv)`` runs it (imported only when used).
SUBCOMMANDS: dict[str, str] = {
    "train": "cleantext.model.train",
    "learn": "cleantext.learn",
}


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are exceptions, so :func:`main` returns the exit code."""

    def error(self, message: str) -> Any:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The parser of the clean command."""
    p = _Parser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files and folders to clean; '-' reads stdin and writes stdout")
    mode = p.add_argument_group("what to do")
    mode.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 if any file would change")
    mode.add_argument("--diff", action="store_true",
                      help="print a unified diff of the changes on stdout; write nothing")
    mode.add_argument("--explain", action="store_true",
                      help="print each line's decision (keep/drop/edit, category, rule id or "
                           "model score) on stdout; write nothing")
    mode.add_argument("--output-dir", metavar="DIR", type=Path,
                      help="write cleaned copies under DIR, mirroring the input tree, instead "
                           "of rewriting in place")
    mode.add_argument("-q", "--quiet", action="store_true",
                      help="print only errors; no progress bar")
    mode.add_argument("-v", "--verbose", action="store_true",
                      help="also report unchanged files, the config file used and a summary")
    mode.add_argument("--exit-zero-even-if-changed", action="store_true",
                      help="exit 0 even when files changed (errors still exit 123)")
    mode.add_argument("--workers", type=int, metavar="N",
                      help="worker processes (default: all cores); output is identical for "
                           "any N")
    mode.add_argument("--version", action="version", version=f"%(prog)s {__version__}")

    sel = p.add_argument_group("which files")
    sel.add_argument("--include", action="append", metavar="GLOB",
                     help="clean files matching GLOB when walking folders (repeatable; "
                          "default: *.txt *.jsonl *.jsonl.gz); files named on the command "
                          "line are always cleaned")
    sel.add_argument("--exclude", action="append", metavar="GLOB",
                     help="skip files and folders matching GLOB (name or relative path) "
                          "when walking folders (repeatable)")

    js = p.add_argument_group("JSONL")
    js.add_argument("--jsonl", action="store_true",
                    help="read every input (and stdin) as JSONL, whatever its name")
    js.add_argument("--field", metavar="NAME",
                    help="the record field holding the text (default: text)")
    js.add_argument("--explain-field", metavar="NAME",
                    help="add the removed lines, their reasons and the extracted metadata "
                         "under NAME in each cleaned record")
    js.add_argument("--html-field", metavar="NAME",
                    help="clean the HTML page in each record's NAME (trafilatura, then "
                         "cleantext; needs the html extra) and write its text to --field")

    cfg = p.add_argument_group("cleaning (override [tool.cleantext])")
    cfg.add_argument("--config", metavar="FILE", type=Path,
                     help="read settings from FILE ([tool.cleantext] of a pyproject.toml, "
                          "or the top level of another TOML file) instead of searching")
    cfg.add_argument("--rule-pack", action="append", metavar="FILE",
                     help="an extra TOML rule pack (repeatable)")
    cfg.add_argument("--disable", action="append", metavar="RULE_ID",
                     help="switch a rule off (repeatable or comma-separated)")
    cfg.add_argument("--preset", choices=PRESETS,
                     help="precision drops more, recall keeps more (default: balanced)")
    cfg.add_argument("--use-model", action=argparse.BooleanOptionalAction, default=None,
                     help="let the learned line model decide lines no rule decided")
    cfg.add_argument("--model", metavar="FILE", help="a model written by 'cleantext train'")
    cfg.add_argument("--context", choices=CONTEXT_MODES,
                     help="how the model's calls are revised from neighbouring lines "
                          "(default: gap, which starts the article after the last run "
                          "of dropped lines before its main text and ends it at the first "
                          "run after it, or at a comment-section heading after it)")
    cfg.add_argument("--fix-mojibake", action=argparse.BooleanOptionalAction, default=None,
                     help="repair mojibake with ftfy (default: on)")
    cfg.add_argument("--profile", metavar="FILE", help="a learned source profile")
    cfg.add_argument("--source", metavar="NAME",
                     help="the source (site) of the inputs, to pick the profile's entry")
    add_source_arguments(cfg)

    scale = p.add_argument_group("scale out (the ray extra)")
    scale.add_argument("--engine", choices=("local", "ray"), default="local",
                       help="local: processes on this machine; ray: JSONL shards on a Ray "
                            "cluster, one actor per --workers, into --output-dir (paths "
                            "every node can reach)")
    scale.add_argument("--address", metavar="ADDR",
                       help="the Ray cluster to use ('auto': the one started on this node "
                            "with 'ray start'); default: RAY_ADDRESS, else a local one")
    scale.add_argument("--error-field", metavar="NAME", default="clean_error",
                       help="with --engine ray, a record that could not be cleaned keeps its "
                            "text and gets the reason under NAME (default: clean_error)")
    return p


def _flag_values(ns: argparse.Namespace) -> dict[str, Any]:
    disabled = None
    if ns.disable:
        disabled = tuple(r.strip() for arg in ns.disable for r in arg.split(",") if r.strip())
    return {
        "rule_packs": tuple(Path(p) for p in ns.rule_pack) if ns.rule_pack else None,
        "disabled_rules": disabled,
        "preset": ns.preset,
        "use_model": ns.use_model,
        "model_path": Path(ns.model) if ns.model else None,
        "context": ns.context,
        "fix_mojibake": ns.fix_mojibake,
        "profile_path": Path(ns.profile) if ns.profile else None,
        "include": tuple(ns.include) if ns.include else None,
        "exclude": tuple(ns.exclude) if ns.exclude else None,
        "field": ns.field,
        "workers": ns.workers,
        "source_field": ns.source_field,
        "source_pattern": ns.source_pattern,
    }


def _err(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)


def run_subcommand(name: str, argv: Sequence[str]) -> int:
    """Import the subcommand's module only now, and run its ``main(argv)``."""
    module_name = SUBCOMMANDS[name]
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        missing = getattr(exc, "name", None) or str(exc)
        if missing and (module_name.startswith(missing) or missing.startswith("cleantext")):
            _err(f"'{PROG} {name}' is not available in this installation "
                 f"({module_name} could not be imported)")
        else:
            _err(f"'{PROG} {name}' needs {missing!s}, which is not installed; "
                 f"try: pip install 'cleantext-news[{name}]'")
        return EXIT_USAGE
    entry: Callable[[list[str]], int | None] | None = getattr(module, "main", None)
    if entry is None:
        _err(f"'{PROG} {name}' is not available in this installation "
             f"({module_name} has no main())")
        return EXIT_USAGE
    code = entry(list(argv))
    return int(code or 0)


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (``sys.argv[1:]`` by default); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        return run_subcommand(args[0], args[1:])
    parser = build_parser()
    try:
        ns = parser.parse_args(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        _err(str(exc))
        return EXIT_USAGE
    except SystemExit as exc:  # --help, --version
        return int(exc.code or 0) if isinstance(exc.code, int) else EXIT_OK
    try:
        return _clean(ns)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _err("interrupted; files not yet written were left as they were")
        return 130


def _clean(ns: argparse.Namespace) -> int:
    if not ns.paths:
        raise UsageError("no paths given (give files, folders, or '-' for standard input; "
                         "see --help)")
    if sum((ns.check, ns.diff, ns.explain)) and ns.output_dir is not None:
        raise UsageError("--output-dir writes files; it cannot be combined with "
                         "--check, --diff or --explain")
    if ns.workers is not None and ns.workers < 1:
        raise UsageError("--workers must be at least 1")
    config_path: Path | None = ns.config
    if config_path is None:
        config_path = _settings.find_config(ns.paths)
    elif not config_path.is_file():
        raise UsageError(f"{config_path}: config file not found")
    file_values = _settings.from_file(config_path) if config_path is not None else {}
    flags = _flag_values(ns)
    flags["source"] = ns.source
    settings = _settings.merge(file_values, flags, config_path)
    if ns.verbose and config_path is not None:
        print(f"using settings from {config_path}", file=sys.stderr)

    from cleantext.cleaner import get_cleaner
    from cleantext.rules.schema import RulePackError

    try:
        cleaner = get_cleaner(settings.config)
    except (RulePackError, ValueError, OSError) as exc:
        raise UsageError(f"bad cleaning settings: {exc}") from None

    output_dir: Path | None = ns.output_dir
    include = settings.include
    if output_dir is not None and tuple(include) == DEFAULT_INCLUDE:
        include = (*include, *HTML_INCLUDE)  # HTML pages are written as text to --output-dir
    targets, problems = discover(ns.paths, include, settings.exclude,
                                 force_jsonl=ns.jsonl,
                                 skip=[output_dir] if output_dir is not None else [])
    usage = [p for p in problems if p.code == EXIT_USAGE]
    if usage:
        for p in usage:
            _err(p.message)
        return EXIT_USAGE
    html_targets = [t for t in targets if t.kind == "html"]
    targets = [t for t in targets if t.kind != "html"]
    _html.check_usage(html_targets, targets, output_dir, ns.explain, ns.check, ns.diff)
    if html_targets or ns.html_field:
        _html.require_trafilatura()
    if output_dir is not None:
        _check_outputs(targets, output_dir)
    for p in problems:
        _err(p.message)

    if ns.engine == "ray":
        from cleantext.cli.ray_engine import run_ray

        status = run_ray(ns, settings, targets, _source_rule(settings))
        return EXIT_FAILED if problems else status
    if ns.address is not None:
        raise UsageError("--address needs --engine ray")

    opts = Options(check=ns.check, diff=ns.diff, explain=ns.explain, output_dir=output_dir,
                   quiet=ns.quiet, verbose=ns.verbose, field=settings.field,
                   explain_field=ns.explain_field, sources=_source_rule(settings),
                   html_field=ns.html_field, html_config=settings.config)
    workers = settings.workers or default_workers()
    workers = min(workers, max(1, _parallel_units(targets)))
    # Fork the workers before the progress bar may start a thread.
    pipeline = Pipeline(workers, settings.config, cleaner)
    progress = make_progress(sum(t.size for t in targets), len(targets), ns.quiet)
    try:
        status = Runner(targets, opts, pipeline, progress, stdout_binary()).run()
    finally:
        pipeline.close()
        progress.close()
    if html_targets:
        status = max(status, _html.run_html(html_targets, settings.config, output_dir,
                                            ns.explain, ns.quiet))
    if problems:
        status = EXIT_FAILED
    if ns.exit_zero_even_if_changed and status == 1:
        status = EXIT_OK
    return status


def _source_rule(settings: _settings.Settings) -> SourceRule | None:
    """How to name each document's source, when a profile is in use (``None`` otherwise)."""
    if settings.config.profile_path is None:
        return None
    try:
        return SourceRule.build(settings.config.source, settings.source_field,
                                settings.source_pattern)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _parallel_units(targets: list[Target]) -> int:
    """How many work items the targets give, at least (a large or JSONL file gives many)."""
    from cleantext.cli.textfile import LARGE_FILE

    units = 0
    for t in targets:
        units += 1 if t.kind == "text" and (t.size <= LARGE_FILE) and not t.is_stdin else 64
    return units


def _check_outputs(targets: list[Target], output_dir: Path) -> None:
    seen: dict[str, str] = {}
    for t in targets:
        if t.path is None:
            continue
        dest = os.path.abspath(output_dir / t.rel)
        if dest == os.path.abspath(t.path):
            raise UsageError(f"--output-dir would overwrite the input {t.display}")
        if dest in seen:
            raise UsageError(f"--output-dir: {seen[dest]} and {t.display} would both be "
                             f"written to {dest}")
        seen[dest] = t.display


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
