"""JSONL corpora: one document per record, streamed in batches.

Each record's ``--field`` (default ``text``) is cleaned; every other field and the record order
are kept. A record that does not change is written back byte for byte; a changed one is
re-serialised in the style it came in (compact or spaced separators, escaped or raw non-ASCII).
A malformed record (bad JSON, bad UTF-8, not an object) is reported with ``file:line`` and
written through unchanged, never dropped. With ``--explain-field NAME`` each cleaned record
also gets ``NAME: {"dropped": [...], "metadata": {...}, "problems": [...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cleantext.cli.explain import explain_rows, verdict
from cleantext.cli.files import Input, Target
from cleantext.cli.workers import Item, current_cleaner
from cleantext.result import BLANK, Cleaned
from cleantext.sources import SourceRule

if TYPE_CHECKING:
    from cleantext.config import Config

#: A batch is cut after this many records or this many bytes, whichever comes first.
BATCH_RECORDS = 256
BATCH_BYTES = 1024 * 1024


@dataclass(frozen=True)
class RecordOut:
    """What became of one line of a JSONL file.

    Attributes:
        new: the new record (without line ending), or ``None`` to write the line unchanged.
        error: why the record is malformed (it is passed through), if it is.
        warning: something worth saying that is not an error (no text field).
        explain: ``--explain`` rows for the record.
    """

    new: bytes | None = None
    error: str | None = None
    warning: str | None = None
    explain: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchJob:
    """A batch of raw record lines (without endings) and how to clean them."""

    lines: list[bytes]
    field: str
    explain_field: str | None
    explain: bool
    sources: SourceRule | None = None
    #: ``--html-field``: clean the HTML in this field, write the text to ``field``.
    html_field: str | None = None
    html_config: Config | None = None


def explanation(cleaned: Cleaned) -> dict[str, Any]:
    """The JSON value written under ``--explain-field``."""
    dropped = []
    for d in cleaned.decisions:
        if d.category == BLANK or (d.kept and d.output is None):
            continue
        row: dict[str, Any] = {"line": d.line_no, "action": verdict(d), "category": d.category,
                               "reason": d.reason, "text": d.line}
        if d.output is not None:
            row["output"] = d.output
        if d.score is not None:
            row["score"] = round(d.score, 4)
        if d.reason.startswith("learned:") and d.notes:
            row["notes"] = list(d.notes)
        dropped.append(row)
    out: dict[str, Any] = {"dropped": dropped, "metadata": cleaned.metadata.as_dict()}
    if cleaned.problems:
        out["problems"] = list(cleaned.problems)
    return out


def _dumps_like(record: dict[str, Any], raw: str) -> str:
    """Serialise ``record`` in the style of the line it was read from."""
    compact = True
    if record:
        first = next(iter(record))
        compact = not raw.lstrip().startswith("{" + json.dumps(first, ensure_ascii=False) + ": ")
        compact = compact and not raw.lstrip().startswith("{" + json.dumps(first) + ": ")
    ascii_only = raw.isascii() and "\\u" in raw
    separators = (",", ":") if compact else (", ", ": ")
    return json.dumps(record, ensure_ascii=ascii_only, separators=separators)


def clean_record(raw_bytes: bytes, job: BatchJob) -> RecordOut:
    """Clean one record line (no line ending)."""
    if not raw_bytes.strip():
        return RecordOut()
    try:
        raw = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        return RecordOut(error=f"invalid UTF-8 at byte {exc.start} of the line; "
                               "record passed through unchanged")
    try:
        record = json.loads(raw)
    except ValueError as exc:
        msg = getattr(exc, "msg", str(exc))
        col = getattr(exc, "colno", None)
        where = f" at column {col}" if col is not None else ""
        return RecordOut(error=f"malformed JSON ({msg}{where}); record passed through unchanged")
    if not isinstance(record, dict):
        return RecordOut(error=f"record is a JSON {type(record).__name__}, not an object; "
                               "passed through unchanged")
    if job.html_field is not None and job.html_config is not None:
        from cleantext.cli.htmlfiles import html_record

        return html_record(record, raw, job.field, job.html_field, job.explain_field,
                           job.explain, job.html_config)
    value = record.get(job.field)
    if not isinstance(value, str):
        what = "no" if job.field not in record else f"a non-string ({type(value).__name__})"
        return RecordOut(warning=f"{what} field {job.field!r}; record passed through unchanged")
    cleaner = current_cleaner()
    site = job.sources.for_record(record) if job.sources is not None else None
    if job.explain_field is None and not job.explain:
        text = cleaner.clean(value, site)
        if text == value:
            return RecordOut()
        record[job.field] = text
        return RecordOut(new=_dumps_like(record, raw).encode("utf-8"))
    cleaned = cleaner.explain(value, site)
    rows = tuple(explain_rows(cleaned)) if job.explain else ()
    changed = cleaned.text != value
    if job.explain_field is not None and (changed or job.explain_field not in record):
        # An unchanged text that already carries an explanation was cleaned before: keep the
        # explanation of what was removed then, so a second run changes nothing.
        record[job.field] = cleaned.text
        record[job.explain_field] = explanation(cleaned)
        return RecordOut(new=_dumps_like(record, raw).encode("utf-8"), explain=rows)
    if changed:
        record[job.field] = cleaned.text
        return RecordOut(new=_dumps_like(record, raw).encode("utf-8"), explain=rows)
    return RecordOut(explain=rows)


def clean_batch(job: BatchJob) -> list[RecordOut]:
    """Clean a batch of record lines (run by a worker)."""
    return [clean_record(line, job) for line in job.lines]


@dataclass(frozen=True)
class Batch:
    """What the main process keeps of a batch: the raw lines, their endings, the first line no."""

    lines: list[bytes]
    endings: list[bytes]
    first_line: int


def split_ending(line: bytes) -> tuple[bytes, bytes]:
    if line.endswith(b"\r\n"):
        return line[:-2], b"\r\n"
    if line.endswith(b"\n"):
        return line[:-1], b"\n"
    return line, b""


def jsonl_items(index: int, target: Target, source: Input, field: str,
                explain_field: str | None, explain: bool,
                sources: SourceRule | None = None, html_field: str | None = None,
                html_config: Config | None = None) -> Iterator[Item]:
    """The work items of one JSONL file: batches of records, read as they are needed."""
    lines: list[bytes] = []
    endings: list[bytes] = []
    size = 0
    line_no = 1
    last_pos = 0

    def flush() -> Item:
        nonlocal lines, endings, size, line_no, last_pos
        pos = source.position()
        item = Item("batch", index, clean_batch,
                    BatchJob(lines, field, explain_field, explain, sources, html_field,
                             html_config),
                    keep=Batch(lines, endings, line_no), nbytes=pos - last_pos)
        last_pos = pos
        line_no += len(lines)
        lines, endings, size = [], [], 0
        return item

    for raw in source.stream:
        body, ending = split_ending(raw)
        lines.append(body)
        endings.append(ending)
        size += len(raw)
        if len(lines) >= BATCH_RECORDS or size >= BATCH_BYTES:
            yield flush()
    if lines:
        yield flush()
