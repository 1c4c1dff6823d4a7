"""Cleaning one text column of a table: a pyarrow ``Table``, a pandas ``DataFrame`` or a dict
of columns (numpy arrays or lists), the batch formats of Ray Data's ``map_batches``.

Per-record errors never lose a record. A value that cannot be cleaned (``None``, a number,
bytes, or anything :func:`cleantext.clean` raises on) is kept as it was and the error,
``"<ExceptionType>: <message>"``, goes to the error column; the error column is ``None`` (null)
where the record was cleaned. So the output has exactly the input's rows, in order.

The schema stays the same from batch to batch: the text column keeps its type (a pyarrow
``string`` stays ``string``, nulls stay null; a column that is not text at all, such as
``int64``, is returned unchanged with an error on every row) and the error column is always
added (or replaced, if the batch already has it) as a string column: pyarrow ``string``,
pandas ``object`` holding ``str`` or ``None``, numpy ``object``.

This module imports neither pyarrow nor pandas: it recognises a batch by its type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cleantext.cleaner import Cleaner
from cleantext.sources import source_of_value


def clean_values(values: Sequence[object], cleaner: Cleaner,
                 sources: Sequence[object] | None = None) -> tuple[list[object],
                                                                  list[str | None]]:
    """Clean each value; return the new values (originals where cleaning failed) and the
    errors (``None`` where it did not). ``sources``: per value, its source in the cleaner's
    learned profile (a URL gives its registered domain; ``None`` or a non-string: no
    source, so no learned drops)."""
    out: list[object] = []
    errors: list[str | None] = []
    for k, value in enumerate(values):
        source = sources[k] if sources is not None else None
        try:
            out.append(cleaner.clean(value, source_of_value(source)))  # type: ignore[arg-type]
            errors.append(None)
        except Exception as exc:  # one bad record must not fail the batch
            out.append(value)
            errors.append(error_text(exc))
    return out, errors


def error_text(exc: BaseException) -> str:
    """How an error is written in the error column: ``"TypeError: ..."``."""
    return f"{type(exc).__name__}: {exc}"


def clean_table(batch: Any, cleaner: Cleaner, text_column: str, error_column: str,
                source_column: str | None = None) -> Any:
    """Clean ``text_column`` of ``batch`` (see the module docstring); returns the same kind.
    ``source_column`` names the column giving each record's source for a learned profile."""
    if text_column == error_column:
        raise ValueError(f"the text and error columns must differ (both {text_column!r})")
    module = type(batch).__module__.split(".")[0]
    if module == "pyarrow":
        return _arrow(batch, cleaner, text_column, error_column, source_column)
    if module == "pandas":
        return _pandas(batch, cleaner, text_column, error_column, source_column)
    if isinstance(batch, Mapping):
        return _columns(batch, cleaner, text_column, error_column, source_column)
    raise TypeError(f"cannot clean a batch of type {type(batch).__name__}; give a "
                    "pyarrow.Table, a pandas.DataFrame or a dict of columns")


def _missing(column: str, names: Sequence[str]) -> KeyError:
    return KeyError(f"the batch has no column {column!r} (columns: "
                    f"{', '.join(map(str, names)) or 'none'})")


def _arrow(table: Any, cleaner: Cleaner, text_column: str, error_column: str,
           source_column: str | None) -> Any:
    import pyarrow as pa

    names = list(table.column_names)
    if text_column not in names:
        raise _missing(text_column, names)
    column = table.column(text_column)
    if source_column is not None and source_column not in names:
        raise _missing(source_column, names)
    sources = table.column(source_column).to_pylist() if source_column is not None else None
    values, errors = clean_values(column.to_pylist(), cleaner, sources)
    if any(e is None for e in errors):  # something was cleaned: rebuild the column
        try:
            new = pa.array(values, type=column.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            new = pa.array(values)
        table = table.set_column(names.index(text_column), text_column, new)
    error_array = pa.array(errors, type=pa.string())
    if error_column in names:
        return table.set_column(names.index(error_column), error_column, error_array)
    return table.append_column(pa.field(error_column, pa.string()), error_array)


def _pandas(frame: Any, cleaner: Cleaner, text_column: str, error_column: str,
            source_column: str | None) -> Any:
    import pandas as pd

    if text_column not in frame.columns:
        raise _missing(text_column, list(frame.columns))
    column = frame[text_column]
    if source_column is not None and source_column not in frame.columns:
        raise _missing(source_column, list(frame.columns))
    sources = frame[source_column].tolist() if source_column is not None else None
    values, errors = clean_values(column.tolist(), cleaner, sources)
    out = frame.copy(deep=False)
    if any(e is None for e in errors):
        try:
            out[text_column] = pd.Series(values, index=frame.index, dtype=column.dtype)
        except (TypeError, ValueError):
            out[text_column] = pd.Series(values, index=frame.index, dtype=object)
    out[error_column] = pd.Series(errors, index=frame.index, dtype=object)
    return out


def _columns(batch: Mapping[str, Any], cleaner: Cleaner, text_column: str,
             error_column: str, source_column: str | None) -> dict[str, Any]:
    if text_column not in batch:
        raise _missing(text_column, list(batch))
    if source_column is not None and source_column not in batch:
        raise _missing(source_column, list(batch))
    sources = list(batch[source_column]) if source_column is not None else None
    column = batch[text_column]
    out = dict(batch)
    if hasattr(column, "tolist") and hasattr(column, "dtype"):  # a numpy array
        import numpy as np

        values, errors = clean_values(column.tolist(), cleaner, sources)
        if any(e is None for e in errors):
            new_text = np.empty(len(values), dtype=object)
            new_text[:] = values
            out[text_column] = new_text
        new_errors = np.empty(len(errors), dtype=object)
        new_errors[:] = errors
        out[error_column] = new_errors
        return out
    values, errors = clean_values(list(column), cleaner, sources)
    out[text_column] = values
    out[error_column] = errors
    return out
