"""Finding the files to clean, and writing results atomically.

Discovery walks folders recursively (without following symlinked folders, so a symlink loop
cannot trap it), keeps the files whose name or relative path matches an ``--include`` glob and
none of the ``--exclude`` globs. Files named on the command line are always taken.

Every write goes to a temporary file in the destination's own folder, which is then renamed over
the destination with :func:`os.replace`: a reader (or a crash, even ``kill -9``) sees either the
old file or the complete new one, never a torn one. Permissions are copied from the source.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import gzip
import io
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Kind = Literal["text", "jsonl", "html"]

#: Globs taken when walking a folder and no ``--include`` is given.
DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt", "*.jsonl", "*.jsonl.gz")
#: HTML pages, also taken by folder walks with ``--output-dir`` (see :mod:`.htmlfiles`).
HTML_INCLUDE: tuple[str, ...] = ("*.html", "*.htm")
#: Folders never entered when walking (version control, virtual environments, caches).
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "__pycache__",
                       "node_modules", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
#: Suffix of the temporary files written next to their destination.
TEMP_SUFFIX = ".cleantext-tmp"
#: How much output an :class:`AtomicSink` holds in memory before it spills to its temp file.
SPILL_BYTES = 4 * 1024 * 1024

STDIN = "-"

_AddFn = Callable[[Path, str, Path, int], None]


class UsageError(Exception):
    """A problem with what the user asked for (exit code 2)."""


@dataclass(frozen=True)
class Target:
    """One input to clean.

    Attributes:
        path: the file (``None`` for standard input).
        display: how messages name it.
        rel: its path relative to the folder given on the command line (for ``--output-dir``).
        kind: ``text`` (one document), ``jsonl`` (one document per record) or ``html`` (a
            page, cleaned with :func:`cleantext.clean_html`).
        gz: whether the file is gzip-compressed.
        size: its size on disk in bytes (0 for standard input).
    """

    path: Path | None
    display: str
    rel: Path
    kind: Kind
    gz: bool
    size: int = 0

    @property
    def is_stdin(self) -> bool:
        return self.path is None


@dataclass(frozen=True)
class Problem:
    """A path that could not be taken, with the exit code it calls for."""

    message: str
    code: int


def kind_of(name: str, force_jsonl: bool) -> tuple[Kind, bool]:
    """Whether ``name`` is JSONL and whether it is gzip-compressed."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    base = lower[:-3] if gz else lower
    jsonl = force_jsonl or base.endswith((".jsonl", ".ndjson"))
    if not jsonl and not gz and base.endswith((".html", ".htm")):
        return "html", False
    return ("jsonl" if jsonl else "text"), gz


def matches(rel: str, patterns: Sequence[str]) -> bool:
    """Whether a POSIX relative path or its last part matches one of the globs."""
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(name, p) or fnmatch.fnmatchcase(rel, p) for p in patterns)


def os_reason(exc: OSError) -> str:
    """A short reason for an ``OSError`` ("Permission denied", "symlink loop", ...)."""
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return exc.strerror or type(exc).__name__


def discover(
    args: Sequence[str],
    include: Sequence[str],
    exclude: Sequence[str],
    force_jsonl: bool = False,
    skip: Iterable[Path] = (),
) -> tuple[list[Target], list[Problem]]:
    """The targets named by ``args`` (files, folders, ``-``), in a stable order.

    Missing paths are usage errors (code 2); symlink loops and unreadable folders are
    processing errors (code 123). Each file is taken once even when named twice. Folders in
    ``skip`` (an output folder) are not entered.
    """
    targets: list[Target] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    skip_real = {os.path.realpath(p) for p in skip}
    include = tuple(include) or DEFAULT_INCLUDE

    def add(path: Path, display: str, rel: Path, st_size: int) -> None:
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        kind, gz = kind_of(path.name, force_jsonl)
        targets.append(Target(path, display, rel, kind, gz, st_size))

    stdin_seen = False
    for arg in args:
        if arg == STDIN:
            if stdin_seen:
                problems.append(Problem("'-' (standard input) may be given only once", 2))
            stdin_seen = True
            kind, _ = kind_of("", force_jsonl)
            targets.append(Target(None, "<stdin>", Path("stdin"), kind, False))
            continue
        path = Path(arg)
        try:
            st = path.stat()
        except OSError as exc:
            if exc.errno == errno.ENOENT and not path.is_symlink():
                problems.append(Problem(f"{arg}: no such file or directory", 2))
            else:
                problems.append(Problem(f"{arg}: cannot read: {os_reason(exc)}", 123))
            continue
        if path.is_dir():
            _walk(path, arg, include, exclude, skip_real, add, problems)
        else:
            add(path, arg, Path(path.name), st.st_size)
    return targets, problems


def _walk(root: Path, display_root: str, include: Sequence[str], exclude: Sequence[str],
          skip_real: set[str], add: _AddFn, problems: list[Problem]) -> None:
    def onerror(exc: OSError) -> None:
        where = exc.filename or str(root)
        problems.append(Problem(f"{where}: cannot read folder: {os_reason(exc)}", 123))

    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        here = Path(dirpath)
        rel_dir = here.relative_to(root)
        kept_dirs = []
        for d in sorted(dirnames):
            rel = (rel_dir / d).as_posix()
            if d in SKIP_DIRS or matches(rel, exclude):
                continue
            if os.path.realpath(here / d) in skip_real:
                continue
            kept_dirs.append(d)
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            if name.endswith(TEMP_SUFFIX):
                continue
            rel_path = rel_dir / name
            rel = rel_path.as_posix()
            if not matches(rel, include) or matches(rel, exclude):
                continue
            path = here / name
            display = os.path.join(display_root, rel)
            try:
                size = path.stat().st_size
            except OSError as exc:
                problems.append(Problem(f"{display}: cannot read: {os_reason(exc)}", 123))
                continue
            add(path, display, rel_path, size)


class AtomicSink:
    """Output for one file, written atomically when committed.

    Output is held in memory up to :data:`SPILL_BYTES`, then spilled to a temp file in the
    destination's folder. :meth:`commit` renames the temp file over the destination (only when
    ``changed`` or ``always``); :meth:`discard` removes it. ``source`` gives the permissions.
    """

    def __init__(self, dest: Path, *, gz: bool, source: Path | None, always: bool) -> None:
        # Write through symlinks: replace the file a link points to, not the link.
        self.dest = Path(os.path.realpath(dest))
        self.gz = gz
        self.source = source
        self.always = always
        self._buffer = io.BytesIO()
        self._fd: int | None = None
        self._tmp: str | None = None
        self._raw: io.BufferedWriter | None = None
        self._gzip: gzip.GzipFile | None = None

    def write(self, data: bytes) -> None:
        if self._raw is None:
            self._buffer.write(data)
            if self._buffer.tell() >= SPILL_BYTES:
                self._spill()
        else:
            self._out().write(data)

    def _out(self) -> io.BufferedWriter | gzip.GzipFile:
        if self._gzip is not None:
            return self._gzip
        assert self._raw is not None
        return self._raw

    def _spill(self) -> None:
        self.dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.dest.name}.", suffix=TEMP_SUFFIX,
                                   dir=self.dest.parent)
        self._tmp = tmp
        self._raw = os.fdopen(fd, "wb")
        if self.gz:
            # mtime=0 and no file name: the same input always gives the same bytes.
            self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0)
        self._out().write(self._buffer.getvalue())
        self._buffer = io.BytesIO()

    def commit(self, changed: bool) -> None:
        """Put the output in place if it changed (or always, for ``--output-dir``)."""
        if not (changed or self.always):
            self.discard()
            return
        if self.dest.exists() and not os.access(self.dest, os.W_OK):
            self.discard()
            raise PermissionError(errno.EACCES, "Permission denied (read-only file)",
                                  str(self.dest))
        try:
            if self._raw is None:
                self._spill()
            assert self._raw is not None and self._tmp is not None
            if self._gzip is not None:
                self._gzip.close()
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            mode = _mode_of(self.source) if self.source is not None else None
            if mode is None:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            os.chmod(self._tmp, mode)
            os.replace(self._tmp, self.dest)
            self._tmp = None
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Drop the output; the destination is left as it was."""
        if self._raw is not None and not self._raw.closed:
            try:
                if self._gzip is not None:
                    self._gzip.close()
            except OSError:
                pass
            self._raw.close()
        if self._tmp is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._tmp)
            self._tmp = None
        self._buffer = io.BytesIO()


def _mode_of(path: Path) -> int | None:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return None


class Input:
    """An open target: its (decompressed) byte stream and how far into the file we are."""

    def __init__(self, target: Target) -> None:
        import sys

        self._raw: io.BufferedIOBase
        if target.path is None:
            self._raw = sys.stdin.buffer  # type: ignore[assignment]
            self._owned = False
        else:
            self._raw = open(target.path, "rb")  # noqa: SIM115 - closed in close()
            self._owned = True
        self.stream: io.BufferedIOBase = (
            gzip.GzipFile(fileobj=self._raw, mode="rb") if target.gz else self._raw)

    def position(self) -> int:
        """Bytes consumed from the file on disk (compressed bytes for ``.gz``)."""
        try:
            return self._raw.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        if self.stream is not self._raw:
            self.stream.close()
        if self._owned:
            self._raw.close()
