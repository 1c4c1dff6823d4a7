"""Plain-text files: one file is one document.

A file up to :data:`LARGE_FILE` bytes is read whole and cleaned exactly as
:func:`cleantext.clean` would. A larger file (a dump, not an article) is streamed: it is cut into
windows of about :data:`WINDOW_CHARS` characters at paragraph breaks (a blank line), each window is
cleaned on its own, and the kept lines are joined back by :class:`StreamJoiner` with the same
blank-line, line-ending, BOM and final-newline rules as the whole-document join. Memory then
depends on the window size, not the file size. Rules that look at a line's place in the document
(leading/trailing/second-half zones, the title) see the window as the document.

Bytes are checked as they are read: a NUL byte or invalid UTF-8 stops the file with an error
naming the byte offset, and nothing is written for it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass

from cleantext import lines as _lines
from cleantext.cli.explain import explain_rows
from cleantext.cli.files import Input, Target
from cleantext.cli.workers import Item, current_cleaner
from cleantext.result import Cleaned

#: Files larger than this (bytes) are streamed in windows.
LARGE_FILE = 8 * 1024 * 1024
#: Target size of one window of a streamed file (characters).
WINDOW_CHARS = 1024 * 1024
#: Bytes read at a time.
READ_BYTES = 1024 * 1024


class InputError(Exception):
    """The file cannot be cleaned (bad bytes); nothing is written for it."""


# ---------------------------------------------------------------------------------------------
# Worker side


@dataclass(frozen=True)
class WholeResult:
    text: str
    explain: tuple[str, ...]


@dataclass(frozen=True)
class WindowResult:
    """Per line of the window: kept or not, and the text to write when it differs."""

    kept: bytes
    replaced: dict[int, str]
    explain: tuple[str, ...]


def clean_whole(payload: tuple[str, bool] | tuple[str, bool, str | None]) -> WholeResult:
    """Clean one whole document (run by a worker); an optional third item names its source."""
    text, explain = payload[0], payload[1]
    site = payload[2] if len(payload) > 2 else None
    cleaner = current_cleaner()
    if not explain:
        return WholeResult(cleaner.clean(text, site), ())
    cleaned = cleaner.explain(text, site)
    return WholeResult(cleaned.text, tuple(explain_rows(cleaned)))


def clean_window(payload: tuple[str, int, bool] | tuple[str, int, bool, str | None],
                 ) -> WindowResult:
    """Decide the lines of one window of a large document (run by a worker); an optional
    fourth item names the document's source."""
    text, line_offset, explain = payload[0], payload[1], payload[2]
    site = payload[3] if len(payload) > 3 else None
    cleaned: Cleaned = current_cleaner().explain(text, site)
    kept = bytes(d.kept for d in cleaned.decisions)
    replaced = {i: d.output for i, d in enumerate(cleaned.decisions)
                if d.kept and d.output is not None}
    rows = tuple(explain_rows(cleaned, line_offset)) if explain else ()
    return WindowResult(kept, replaced, rows)


# ---------------------------------------------------------------------------------------------
# Main-process side


class StreamJoiner:
    """:func:`cleantext.lines.join`, fed window by window.

    Blank lines between two kept lines are written as they were when nothing between them was
    dropped, collapsed to one otherwise; no blank line leads or trails; the last kept line keeps
    its ending only if the document ended with a newline; a leading BOM is kept.
    """

    def __init__(self, bom: bool) -> None:
        self.bom = bom
        self._pending: list[str] = []
        self._removed_since = False
        self._have_content = False
        self._held_ending = ""

    def feed(self, window: str, result: WindowResult) -> str:
        doc = _lines.split(window)
        out: list[str] = []
        for i, line in enumerate(doc.lines):
            ending = doc.endings[i]
            if _lines.is_blank(line):
                self._pending.append(line + ending)
                continue
            if not result.kept[i]:
                self._removed_since = True
                continue
            if self._have_content:
                out.append(self._held_ending)
                if self._pending:
                    out.extend(self._pending[:1] if self._removed_since else self._pending)
            elif self.bom:
                out.append(_lines.BOM)
            out.append(result.replaced.get(i, line))
            self._held_ending = ending
            self._have_content = True
            self._pending = []
            self._removed_since = False
        return "".join(out)

    def finish(self, final_newline: bool) -> str:
        if not self._have_content:
            return _lines.BOM if self.bom else ""
        return self._held_ending if final_newline else ""


@dataclass(frozen=True)
class Window:
    """What the main process keeps of a window while a worker cleans it."""

    text: str
    first: bool
    bom: bool


def _bad_utf8(display: str, offset: int, data: bytes) -> InputError:
    snippet = data[:4].hex(" ")
    return InputError(
        f"{display}: invalid UTF-8 at byte offset {offset} (bytes {snippet}); file left untouched")


def _nul(display: str, offset: int) -> InputError:
    return InputError(f"{display}: contains a NUL byte at byte offset {offset} "
                      "(binary file?); skipped")


def decode_whole(data: bytes, display: str) -> str:
    """Strict UTF-8 decoding with errors that name the byte offset."""
    nul = data.find(b"\0")
    if nul >= 0:
        raise _nul(display, nul)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad_utf8(display, exc.start, data[exc.start:exc.end]) from None


def text_items(index: int, target: Target, source: Input, explain: bool,
               site: str | None = None) -> Iterator[Item]:
    """The work items of one text file (raises :class:`InputError` or ``OSError``); ``site``
    is the document's source in the profile."""
    if target.is_stdin or target.size <= LARGE_FILE:
        data = source.stream.read()
        text = decode_whole(data, target.display)
        yield Item("whole", index, clean_whole, (text, explain, site), keep=text,
                   nbytes=len(data))
        return
    yield from _windows(index, target, source, explain, site)


def _windows(index: int, target: Target, source: Input, explain: bool,
             site: str | None = None) -> Iterator[Item]:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    fed = 0
    buffer = ""
    first = True
    bom = False
    line_offset = 0
    last_pos = 0
    while True:
        chunk = source.stream.read(READ_BYTES)
        final = not chunk
        nul = chunk.find(b"\0")
        if nul >= 0:
            raise _nul(target.display, fed + nul)
        pending = len(decoder.getstate()[0])
        try:
            buffer += decoder.decode(chunk, final)
        except UnicodeDecodeError as exc:
            offset = fed - pending + exc.start
            raise _bad_utf8(target.display, offset, exc.object[exc.start:exc.end]) from None
        fed += len(chunk)
        if first and buffer.startswith(_lines.BOM):
            bom = True
            buffer = buffer[1:]
        while len(buffer) >= WINDOW_CHARS or (final and buffer):
            cut = len(buffer) if final else _cut_point(buffer)
            if cut <= 0:
                break
            window, buffer = buffer[:cut], buffer[cut:]
            pos = source.position()
            yield Item("window", index, clean_window, (window, line_offset, explain, site),
                       keep=Window(window, first, bom), nbytes=pos - last_pos)
            last_pos = pos
            line_offset += window.count("\n")
            first = False
        if final:
            break
    if first:  # an empty file (or only a BOM)
        yield Item("window", index, clean_window, ("", 0, explain),
                   keep=Window("", True, bom), nbytes=0)


def _cut_point(buffer: str) -> int:
    """Where to end a window: after the last blank line's newline, else after the last newline.

    Returns 0 when the buffer holds no complete line yet.
    """
    pos = buffer.rfind("\n\n")
    crlf = buffer.rfind("\n\r\n")
    if pos >= 0 or crlf >= 0:
        return max(pos, crlf) + 1
    return buffer.rfind("\n") + 1
