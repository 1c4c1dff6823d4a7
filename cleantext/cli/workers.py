"""Running cleaning work on several cores with output in input order.

The main process reads the inputs and cuts them into work items (a document, a window of a very
large document, a batch of JSONL records); worker processes clean them; the main process takes
the results back *in the order the items were made* and writes them. So ``--workers 4`` writes
exactly what ``--workers 1`` writes. At most a few items per worker are in flight, so memory
stays bounded however large the input.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from cleantext.cleaner import Cleaner
from cleantext.config import Config

_CLEANER: Cleaner | None = None


def init_worker(config: Config) -> None:
    """Build this process's cleaner (once per worker, not once per item)."""
    global _CLEANER
    _CLEANER = Cleaner(config)


def set_cleaner(cleaner: Cleaner) -> None:
    """Use an already built cleaner in this process (``--workers 1``)."""
    global _CLEANER
    _CLEANER = cleaner


def current_cleaner() -> Cleaner:
    """The cleaner of this process (set by :func:`init_worker` or :func:`set_cleaner`)."""
    if _CLEANER is None:  # pragma: no cover - a programming error
        raise RuntimeError("no cleaner set up in this process")
    return _CLEANER


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Item:
    """One step of the stream of work.

    Attributes:
        tag: what it is (``start``, ``end``, ``error`` or a kind of work).
        file: index of the target it belongs to.
        fn: the function a worker runs on ``payload`` (``None``: nothing to compute).
        payload: the argument of ``fn`` (sent to the worker, so keep it small).
        keep: what the main process needs with the result (not sent to workers).
        nbytes: input bytes it accounts for, for the progress bar.
    """

    tag: str
    file: int
    fn: Callable[[Any], Any] | None = None
    payload: Any = None
    keep: Any = None
    nbytes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class Pipeline:
    """Runs the ``fn`` of each item, in-process or on a pool, yielding results in order."""

    def __init__(self, workers: int, config: Config, cleaner: Cleaner) -> None:
        self.workers = workers
        set_cleaner(cleaner)
        self._pool: Pool | None = None
        if workers > 1:
            if "fork" in multiprocessing.get_all_start_methods():
                # Forked workers inherit the cleaner built above: no second compile per worker.
                self._pool = multiprocessing.get_context("fork").Pool(workers)
            else:  # pragma: no cover - Windows, macOS spawn
                self._pool = multiprocessing.get_context("spawn").Pool(
                    workers, initializer=init_worker, initargs=(config,))

    def run(self, items: Iterable[Item]) -> Iterator[tuple[Item, Any]]:
        """``(item, fn(item.payload))`` for every item, in the order of ``items``."""
        if self._pool is None:
            for item in items:
                yield item, (item.fn(item.payload) if item.fn is not None else None)
            return
        limit = 2 * self.workers + 2
        window: deque[tuple[Item, AsyncResult[Any] | None]] = deque()
        in_flight = 0
        for item in items:
            pending = self._pool.apply_async(item.fn, (item.payload,)) if item.fn else None
            window.append((item, pending))
            in_flight += pending is not None
            while in_flight > limit or len(window) > 4 * limit:
                done, result = window.popleft()
                in_flight -= result is not None
                yield done, (result.get() if result is not None else None)
        while window:
            done, result = window.popleft()
            yield done, (result.get() if result is not None else None)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
