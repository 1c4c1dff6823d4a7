"""A progress bar on stderr: files, records and MB/s, only when stderr is a terminal.

It uses tqdm when installed (``pip install "cleantext-news[cli]"``) and falls back to a plain
one-line counter otherwise. Nothing is drawn when stderr is piped or with ``--quiet``.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol, TextIO


class Progress(Protocol):
    def update(self, nbytes: int = 0, files: int = 0, records: int = 0) -> None: ...

    def write(self, message: str) -> None: ...

    def close(self) -> None: ...


class NoProgress:
    """Draws nothing; messages go straight to stderr."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def update(self, nbytes: int = 0, files: int = 0, records: int = 0) -> None:
        pass

    def write(self, message: str) -> None:
        print(message, file=self.stream, flush=True)

    def close(self) -> None:
        pass


class _Counts:
    def __init__(self, total_files: int) -> None:
        self.total_files = total_files
        self.files = 0
        self.records = 0
        self.nbytes = 0
        self.start = time.monotonic()

    def add(self, nbytes: int, files: int, records: int) -> None:
        self.nbytes += nbytes
        self.files += files
        self.records += records

    def postfix(self) -> str:
        text = f"files {self.files}/{self.total_files}"
        if self.records:
            text += f", records {self.records:,}"
        return text


class TqdmProgress:
    """A tqdm bar measuring input bytes, with files and records as a postfix."""

    def __init__(self, total_bytes: int, total_files: int, stream: TextIO) -> None:
        import importlib

        tqdm = importlib.import_module("tqdm").tqdm
        self.counts = _Counts(total_files)
        self.bar: Any = tqdm(total=total_bytes or None, unit="B", unit_scale=True,
                             unit_divisor=1024, file=stream, desc="cleantext", leave=False,
                             dynamic_ncols=True)

    def update(self, nbytes: int = 0, files: int = 0, records: int = 0) -> None:
        self.counts.add(nbytes, files, records)
        if files or records:
            self.bar.set_postfix_str(self.counts.postfix(), refresh=False)
        self.bar.update(nbytes)

    def write(self, message: str) -> None:
        self.bar.write(message, file=sys.stderr)

    def close(self) -> None:
        self.bar.close()


class LineProgress:
    """The fallback without tqdm: one line redrawn with ``\\r`` at most ten times a second."""

    def __init__(self, total_bytes: int, total_files: int, stream: TextIO) -> None:
        self.counts = _Counts(total_files)
        self.total_bytes = total_bytes
        self.stream = stream
        self._last = 0.0

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        mb = self.counts.nbytes / 2**20
        rate = mb / max(now - self.counts.start, 1e-6)
        total = f"/{self.total_bytes / 2**20:.1f}" if self.total_bytes else ""
        self.stream.write(f"\rcleantext: {self.counts.postfix()}, {mb:.1f}{total} MB, "
                          f"{rate:.1f} MB/s\x1b[K")
        self.stream.flush()

    def update(self, nbytes: int = 0, files: int = 0, records: int = 0) -> None:
        self.counts.add(nbytes, files, records)
        self._draw()

    def write(self, message: str) -> None:
        self.stream.write("\r\x1b[K" + message + "\n")
        self._draw(force=True)

    def close(self) -> None:
        self.stream.write("\r\x1b[K")
        self.stream.flush()


def make_progress(total_bytes: int, total_files: int, quiet: bool,
                  stream: TextIO | None = None) -> Progress:
    """The right progress display for ``stream`` (stderr by default)."""
    stream = stream or sys.stderr
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if quiet or not tty:
        return NoProgress(stream)
    try:
        return TqdmProgress(total_bytes, total_files, stream)
    except ImportError:
        return LineProgress(total_bytes, total_files, stream)
