"""HTML inputs on the command line: ``*.html`` / ``*.htm`` files and ``--html-field``.

An HTML file is never rewritten in place: its article text goes to ``--output-dir`` as
``<name>.txt`` (mirroring the input tree), or its line decisions to stdout with ``--explain``.
Folder walks pick up ``*.html`` / ``*.htm`` only with ``--output-dir`` (an in-place run leaves
them alone, as before). Files are cleaned one by one in the main process with
:func:`cleantext.clean_html` (trafilatura first, cleantext after it).

In JSONL, ``--html-field NAME`` cleans the HTML in each record's ``NAME`` and writes the article
text to ``--field`` (the record's ``url`` field, when a string, is passed to trafilatura).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleantext.cli.explain import explain_rows
from cleantext.cli.files import AtomicSink, Target, UsageError, os_reason
from cleantext.config import Config
from cleantext.result import Cleaned

if TYPE_CHECKING:
    from cleantext.cli.jsonl import RecordOut

EXIT_OK, EXIT_CHANGED, EXIT_FAILED = 0, 1, 123


def require_trafilatura() -> None:
    """Raise :class:`UsageError` naming the extra when trafilatura is missing."""
    from cleantext.html import trafilatura_module

    try:
        trafilatura_module()
    except ImportError as exc:
        raise UsageError(str(exc)) from None


def output_path(target: Target, output_dir: Path) -> Path:
    """Where the text of an HTML target goes: ``<output_dir>/<rel without suffix>.txt``."""
    return output_dir / target.rel.with_suffix(".txt")


def check_usage(html: Sequence[Target], others: Sequence[Target], output_dir: Path | None,
                explain: bool, check: bool, diff: bool) -> None:
    """Refuse what would rewrite HTML in place or write two inputs to one output."""
    if not html:
        return
    if check or diff or (output_dir is None and not explain):
        raise UsageError(f"{html[0].display}: HTML inputs are never rewritten in place; give "
                         "--output-dir DIR to write their text as DIR/<name>.txt (or --explain)")
    if output_dir is None:
        return
    seen = {os.path.abspath(output_dir / t.rel): t.display for t in others if t.path}
    for t in html:
        dest = os.path.abspath(output_path(t, output_dir))
        if dest in seen:
            raise UsageError(f"--output-dir: {seen[dest]} and {t.display} would both be "
                             f"written to {dest}")
        seen[dest] = t.display


def _read(path: Path) -> str | bytes:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data  # trafilatura finds the encoding


def run_html(targets: Sequence[Target], config: Config, output_dir: Path | None,
             explain: bool, quiet: bool) -> int:
    """Clean the HTML targets one by one; the exit status (0, 1 written, 123 failed)."""
    from cleantext.html import clean_html

    status = EXIT_OK
    for t in targets:
        assert t.path is not None
        try:
            cleaned = clean_html(_read(t.path), config=config)
        except OSError as exc:
            print(f"error: {t.display}: cannot read: {os_reason(exc)}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        if explain:
            out = "".join(f"{t.display}:{row}\n" for row in explain_rows(cleaned))
            sys.stdout.write(out)
            sys.stdout.flush()
        if output_dir is None:
            continue
        dest = output_path(t, output_dir)
        try:
            sink = AtomicSink(dest, gz=False, source=None, always=True)
            sink.write(cleaned.text.encode("utf-8"))
            sink.commit(True)
        except OSError as exc:
            print(f"error: {t.display}: cannot write {dest}: {os_reason(exc)}", file=sys.stderr)
            status = EXIT_FAILED
            continue
        status = max(status, EXIT_CHANGED)
        if not quiet:
            print(f"Cleaned {t.display} -> {dest}", file=sys.stderr)
    return status


def html_record(record: dict[str, Any], raw: str, field: str, html_field: str,
                explain_field: str | None, explain: bool, config: Config) -> RecordOut:
    """What becomes of a record whose HTML is in ``html_field``: its article text goes to
    ``field`` (and what was removed to ``explain_field``)."""
    from cleantext.cli.jsonl import RecordOut, _dumps_like, explanation
    from cleantext.html import clean_html

    value = record.get(html_field)
    if not isinstance(value, str):
        what = "no" if html_field not in record else f"a non-string ({type(value).__name__})"
        return RecordOut(warning=f"{what} field {html_field!r}; record passed through unchanged")
    url = record.get("url")
    cleaned: Cleaned = clean_html(value, url=url if isinstance(url, str) else None,
                                  config=config)
    rows = tuple(explain_rows(cleaned)) if explain else ()
    changed = record.get(field) != cleaned.text
    if explain_field is not None and (changed or explain_field not in record):
        record[field] = cleaned.text
        record[explain_field] = explanation(cleaned)
        return RecordOut(new=_dumps_like(record, raw).encode("utf-8"), explain=rows)
    if changed:
        record[field] = cleaned.text
        return RecordOut(new=_dumps_like(record, raw).encode("utf-8"), explain=rows)
    return RecordOut(explain=rows)
