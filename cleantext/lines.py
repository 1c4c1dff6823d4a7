"""Splitting a document into lines and joining the kept ones back, losslessly.

Each line keeps its own ending (``\\n`` or ``\\r\\n``), so LF, CRLF and even mixed files come
back as they went in; a leading byte-order mark and the presence of a final newline survive too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import regex

BOM = "\ufeff"

# Horizontal whitespace and invisible characters that scrapers leave around (never a newline).
_SPACE_RUN = re.compile(r"[^\S\n ][^\S\n]*| [^\S\n]+")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]+")
# A leading list marker: bullets, dashes, "1." / "1)" / "(a)" numbering, and the "+" and "o"
# that inscriptis writes for the second and third levels of nested lists.
LIST_MARKER = regex.compile(
    r"^[^\S\n]*(?:[•*·▪►‣◦●○■□◆◇▸▹➤→–—+-]|o|\(?\d{1,3}[.)]|\(?[a-zA-Z]\))[^\S\n]+", regex.V0
)
_MARKER_FIRST = frozenset("•*·▪►‣◦●○■□◆◇▸▹➤→–—+-(0123456789"
                          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: A line starting with one of these letters has a list marker only as ``a) ``.
_LETTER_ONLY = frozenset("abcdefghijklmnpqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")  # not "o"
_ODD_SPACE = re.compile(r"[^\S ]|  |[\u200b-\u200d\u2060\ufeff]")


@dataclass(frozen=True)
class Document:
    """A document split into lines.

    Attributes:
        lines: the lines without their endings.
        endings: each line's ending: ``"\\n"``, ``"\\r\\n"`` or ``""`` (only the last line).
        bom: whether the text started with a byte-order mark (not part of ``lines[0]``).
    """

    lines: tuple[str, ...]
    endings: tuple[str, ...]
    bom: bool = False

    @property
    def final_newline(self) -> bool:
        return bool(self.endings) and self.endings[-1] != ""


def split(text: str) -> Document:
    """Split ``text`` on ``\\n`` (``\\r\\n`` counts as one ending); nothing else splits a line."""
    bom = text.startswith(BOM)
    if bom:
        text = text[1:]
    if not text:
        return Document((), (), bom)
    parts = text.split("\n")
    last = parts.pop()
    lines: list[str] = []
    endings: list[str] = []
    for part in parts:
        if part.endswith("\r"):
            lines.append(part[:-1])
            endings.append("\r\n")
        else:
            lines.append(part)
            endings.append("\n")
    if last:
        lines.append(last)
        endings.append("")
    return Document(tuple(lines), tuple(endings), bom)


def is_blank(line: str) -> bool:
    """Whether ``line`` shows nothing: only whitespace and zero-width characters (a lone
    U+FEFF inside a document is one), which :func:`normalise_all` makes an empty line."""
    s = line.strip()
    return not s or (not s.isprintable() and not _ZERO_WIDTH.sub("", s).strip())


def join(doc: Document, kept: Sequence[bool], texts: Sequence[str] | None = None) -> str:
    """Join the kept lines of ``doc`` back into text.

    Blank lines between two kept lines are written as they were when nothing between the two
    was removed; when something was, the run collapses to one blank line (or none if there was
    none). No blank line leads or trails. ``texts`` replaces a kept line's text (a mojibake fix
    or a stripped prefix).
    """
    lines = texts if texts is not None else doc.lines
    out: list[str] = []
    pending: list[int] = []  # indices of blank lines seen since the last kept content line
    removed_since = False
    have_content = False
    last_idx = -1
    for i, line in enumerate(doc.lines):
        if is_blank(line):
            pending.append(i)
            continue
        if not kept[i]:
            removed_since = True
            continue
        if have_content and pending:
            chosen = pending[:1] if removed_since else pending
            for j in chosen:
                out.append(doc.lines[j])
                out.append(doc.endings[j])
        out.append(lines[i])
        out.append(doc.endings[i])
        last_idx = len(out) - 1
        have_content = True
        pending = []
        removed_since = False
    if last_idx < 0:
        return BOM if doc.bom else ""
    del out[last_idx + 1 :]
    if not doc.final_newline:
        out[last_idx] = ""
    elif out[last_idx] == "":
        out[last_idx] = doc.endings[-1]
    return (BOM if doc.bom else "") + "".join(out)


def normalise_all(lines: Sequence[str]) -> list[str]:
    """The form rules match against: list marker removed, whitespace squeezed and trimmed.

    Never adds or removes a line. Most lines need only ``strip()``; the regexes run only on
    lines that start like a list item or hold odd whitespace. Every whitespace character but
    the space, and every zero-width one, is unprintable, so the odd-whitespace regex runs only
    on the few lines ``str.isprintable`` fails (on the others a double space is all it could
    find).
    """
    out: list[str] = []
    append = out.append
    for line in lines:
        s = line.strip()
        if not s:
            append("")
            continue
        first = s[0]
        if first in _MARKER_FIRST and (first not in _LETTER_ONLY or s[1:2] == ")"):
            m = LIST_MARKER.match(s)
            if m:
                s = s[m.end():].lstrip()
        if ("  " in s) if s.isprintable() else _ODD_SPACE.search(s):
            s = _SPACE_RUN.sub(" ", _ZERO_WIDTH.sub("", s)).strip()
        append(s)
    return out


def normalise(line: str) -> str:
    """:func:`normalise_all` for one line (which must not hold a newline)."""
    return normalise_all([line])[0]
