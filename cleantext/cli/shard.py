"""Cleaning one whole JSONL shard into a destination file (the unit of work of a cluster run).

Each record is cleaned exactly as local JSONL cleaning does it (:func:`.jsonl.clean_record`:
same output bytes, every other field and the record order kept). On top of that, a record that
could not be cleaned although it is a JSON object (its field is missing or not a string, or
cleaning raised) is written with its original text and the reason under ``error_field``
(``"TypeError: ..."``, as :mod:`cleantext.tables` writes it), so the error travels with the
data. A line that is not a JSON object is written through unchanged and reported, as locally.
The destination is written atomically, only once the whole shard was read.
"""

from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from cleantext.cleaner import Cleaner
from cleantext.cli.files import AtomicSink, Input, Target, os_reason
from cleantext.cli.jsonl import BatchJob, _dumps_like, clean_record, split_ending
from cleantext.cli.workers import set_cleaner
from cleantext.tables import clean_values, error_text

#: Per-record messages kept per shard (the rest are only counted).
MAX_MESSAGES = 20


@dataclass
class ShardResult:
    """What became of one shard.

    Attributes:
        records: lines read (records, malformed lines and blank lines).
        changed: whether the output differs from the input.
        malformed: lines that are not JSON objects (passed through, reported).
        tagged: records written with an ``error_field`` (not cleaned).
        failed: why the shard could not be cleaned at all (nothing written), or ``""``.
        messages: the first :data:`MAX_MESSAGES` record messages, as ``line: message``.
    """

    records: int = 0
    changed: bool = False
    malformed: int = 0
    tagged: int = 0
    failed: str = ""
    messages: list[str] = field(default_factory=list)

    def note(self, line_no: int, message: str) -> None:
        if len(self.messages) < MAX_MESSAGES:
            self.messages.append(f"{line_no}: {message}")


class _WriteError(Exception):
    def __init__(self, exc: OSError) -> None:
        super().__init__(os_reason(exc))


def tag_record(body: bytes, error_field: str, reason: str) -> bytes | None:
    """``body`` (a JSON object) with ``error_field: reason`` added; ``None`` if not an object."""
    try:
        raw = body.decode("utf-8")
        record = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    record[error_field] = reason
    return _dumps_like(record, raw).encode("utf-8")


def clean_line(body: bytes, job: BatchJob, error_field: str,
               cleaner: Cleaner) -> tuple[bytes | None, str | None, str | None]:
    """Clean one record line: (new line or ``None`` to keep it, malformed message, tag)."""
    try:
        out = clean_record(body, job)
    except Exception as exc:  # a record that breaks the cleaner is kept
        reason = error_text(exc)
        tagged = tag_record(body, error_field, reason)
        if tagged is None:
            return None, f"cannot be cleaned ({reason}); passed through unchanged", None
        return tagged, None, reason
    if out.error is not None:
        return None, out.error, None
    if out.warning is None:
        return out.new, None, None
    # The field is missing or not a string: say why in the record, with the library's words.
    record = json.loads(body.decode("utf-8"))
    if job.field in record:
        reason = clean_values([record[job.field]], cleaner)[1][0] or out.warning
    else:
        reason = f"KeyError: no field {job.field!r} in the record"
    return tag_record(body, error_field, reason), None, reason


def clean_shard(src: Path, dest: Path, *, gz: bool, job: BatchJob, error_field: str,
                cleaner: Cleaner) -> ShardResult:
    """Clean the JSONL file ``src`` into ``dest`` (atomically); never raises for bad data."""
    set_cleaner(cleaner)  # clean_record uses the process's cleaner
    result = ShardResult()
    try:
        source = Input(Target(src, str(src), Path(src.name), "jsonl", gz))
    except OSError as exc:
        result.failed = f"cannot read: {os_reason(exc)}"
        return result
    sink = AtomicSink(dest, gz=gz, source=src, always=True)

    def write(data: bytes) -> None:
        try:
            sink.write(data)
        except OSError as exc:
            raise _WriteError(exc) from exc

    try:
        for raw in source.stream:
            result.records += 1
            body, ending = split_ending(raw)
            new, malformed, tag = clean_line(body, job, error_field, cleaner)
            if malformed is not None:
                result.malformed += 1
                result.note(result.records, malformed)
            if tag is not None:
                result.tagged += 1
                result.note(result.records, f"not cleaned: {tag}")
            if new is not None:
                result.changed = True
            write((new if new is not None else body) + ending)
        try:
            sink.commit(result.changed)
        except OSError as exc:
            raise _WriteError(exc) from exc
    except _WriteError as exc:
        sink.discard()
        result.failed = f"cannot write {dest}: {exc}"
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        sink.discard()
        reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
        if isinstance(exc, (EOFError, gzip.BadGzipFile, zlib.error)):
            reason = f"corrupt gzip data ({exc or 'truncated'})"
        result.failed = f"cannot read: {reason}"
    finally:
        source.close()
    return result
