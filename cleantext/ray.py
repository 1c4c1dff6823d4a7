"""Cleaning corpora on a Ray cluster with Ray Data (the ``ray`` extra).

>>> import ray.data, cleantext
>>> from cleantext.ray import clean_dataset
>>> ds = ray.data.read_json("s3://bucket/shards/")                      # doctest: +SKIP
>>> clean_dataset(ds, config=cleantext.Config(profile_path="profile.json")) \\
...     .write_parquet("s3://bucket/clean/")                             # doctest: +SKIP

* :func:`clean_batch` cleans one batch (pyarrow ``Table``, pandas ``DataFrame`` or dict of
  columns) in the calling process; usable as a plain ``map_batches`` function.
* :class:`CleanBatches` is the callable class for ``map_batches`` with an actor pool: each
  worker builds its cleaner (rules, model, profile) once, from a :class:`ConfigBundle`.
* :func:`clean_dataset` wires the two: it reads the files the configuration names on the
  driver, ships them to the workers *as data* and returns the lazily cleaned dataset.

Per-record errors are recorded, never raised (see :mod:`cleantext.tables`): the output has
exactly the input's records, the original text kept and ``"TypeError: ..."`` in the error
column where cleaning failed. Leave Ray Data's ``DataContext.max_errored_blocks`` at 0: a
skipped block loses every record in it.

Importing this module does not import Ray; the functions that need it import it when called
and say how to install it when it is missing.
"""

from __future__ import annotations

import tempfile
import warnings
from typing import Any

from cleantext.bundle import ConfigBundle
from cleantext.cleaner import Cleaner, get_cleaner
from cleantext.config import Config
from cleantext.tables import clean_table

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "CleanBatches",
    "ConfigBundle",
    "clean_batch",
    "clean_dataset",
    "require_ray",
]

#: What to install when Ray is missing.
INSTALL_HINT = "pip install 'cleantext-news[ray]'"
#: Records per ``map_batches`` call of :func:`clean_dataset` (a few seconds of work).
DEFAULT_BATCH_SIZE = 256


def require_ray() -> Any:
    """The ``ray`` module, with Ray Data loaded; an ``ImportError`` that says what to install
    when it is missing."""
    try:
        import ray
        import ray.data  # Ray Data is a separate part of the ray package
    except ImportError as exc:
        raise ImportError(f"cleantext.ray needs Ray Data, which is not installed ({exc}); "
                          f"try: {INSTALL_HINT}") from exc
    return ray


def clean_batch(batch: Any, *, text_column: str = "text", error_column: str = "clean_error",
                config: Config | None = None, source_column: str | None = None) -> Any:
    """Clean ``text_column`` of one batch; return a batch of the same kind with the cleaned
    text and an ``error_column`` (``None`` where the record was cleaned).

    Works on a pyarrow ``Table``, a pandas ``DataFrame`` or a dict of columns. ``config``'s
    files are read where this runs: on a cluster use :class:`CleanBatches` or
    :func:`clean_dataset`, which ship them. ``source_column`` names the column that gives each
    record's source in ``config``'s learned profile (a URL gives its registered domain).
    """
    return clean_table(batch, get_cleaner(config), text_column, error_column, source_column)


class CleanBatches:
    """The callable class for ``Dataset.map_batches``: builds one cleaner per worker.

    >>> ds.map_batches(CleanBatches, batch_format="pyarrow",                # doctest: +SKIP
    ...                fn_constructor_kwargs={"bundle": ConfigBundle.from_config(config)},
    ...                compute=ray.data.ActorPoolStrategy(min_size=1, max_size=8))

    Args:
        bundle: the configuration with its files (:meth:`ConfigBundle.from_config`, built on
            the driver); ``None`` for the defaults.
        text_column: the column to clean.
        error_column: the column that receives per-record errors.
        source_column: the column giving each record's source for the learned profile.
    """

    def __init__(self, bundle: ConfigBundle | None = None, *, text_column: str = "text",
                 error_column: str = "clean_error", source_column: str | None = None) -> None:
        # The folder lives as long as the worker: a cleaner may read its files lazily.
        self._folder = tempfile.TemporaryDirectory(prefix="cleantext-")
        bundle = bundle or ConfigBundle(Config())
        self.config = bundle.materialise(self._folder.name)
        self.cleaner = Cleaner(self.config)
        self.text_column = text_column
        self.error_column = error_column
        self.source_column = source_column

    def __call__(self, batch: Any) -> Any:
        return clean_table(batch, self.cleaner, self.text_column, self.error_column,
                           self.source_column)


def clean_dataset(ds: Any, *, text_column: str = "text", error_column: str = "clean_error",
                  config: Config | None = None,
                  concurrency: int | tuple[int, int] | None = None,
                  batch_size: int = DEFAULT_BATCH_SIZE,
                  source_column: str | None = None) -> Any:
    """The dataset ``ds`` with ``text_column`` cleaned and ``error_column`` added (lazy).

    The rule packs, model and profile ``config`` names are read here, on the driver, and
    shipped to the workers with the job; a bad rule pack or model fails here, once.

    Args:
        ds: a ``ray.data.Dataset`` with a text column.
        text_column: the column to clean.
        error_column: the column that receives per-record errors (``None`` if none).
        config: how to clean (``None``: the defaults).
        concurrency: the most cleaning workers (actors), or ``(min, max)``; ``None`` lets
            Ray Data choose. The pool starts with one worker and grows while CPUs are free:
            a fixed pool as large as the cluster would leave no CPU for the tasks that read
            the input, and the job would stall.
        batch_size: records per call (smaller batches spread better, larger ones cost less).
        source_column: the column giving each record's source in ``config``'s learned
            profile (a URL gives its registered domain); ``None``: no learned drops.

    Returns:
        a ``ray.data.Dataset`` with the same records, in pyarrow blocks.
    """
    ray = require_ray()
    if text_column == error_column:
        raise ValueError(f"the text and error columns must differ (both {text_column!r})")
    bundle = ConfigBundle.from_config(config)
    get_cleaner(config)  # load rules and model once here, so bad settings fail on the driver
    if ray.data.DataContext.get_current().max_errored_blocks != 0:
        warnings.warn("DataContext.max_errored_blocks is not 0: a block that fails is "
                      "dropped with all its records; cleantext records per-record errors "
                      "in the error column and needs no block skipping", stacklevel=2)
    options: dict[str, Any] = {}
    if concurrency is not None:
        low, high = (1, concurrency) if isinstance(concurrency, int) else concurrency
        options["compute"] = ray.data.ActorPoolStrategy(min_size=min(low, high),
                                                        max_size=high)
    return ds.map_batches(
        CleanBatches,
        fn_constructor_kwargs={"bundle": bundle, "text_column": text_column,
                               "error_column": error_column, "source_column": source_column},
        batch_format="pyarrow",
        batch_size=batch_size,
        num_cpus=1,
        **options,
    )
