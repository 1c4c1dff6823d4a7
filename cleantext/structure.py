"""The shape of a document: which lines are prose, where the article body starts and ends.

Zone-scoped rules, the drop-to-end guard and the structural protections (title, subheadings,
article lists) all read this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

_TERMINAL = regex.compile(r"[.!?…:;。！？][\"”’'»)\]]*$")
_WORD = regex.compile(r"\S+")
PROSE_MIN_WORDS = 8
PROSE_ANY_WORDS = 20


def word_count(line: str) -> int:
    return len(line.split())


def is_prose(normalised: str) -> bool:
    """A line of running text: a sentence of 8+ words, or any line of 20+ words."""
    n = word_count(normalised)
    if n >= PROSE_ANY_WORDS:
        return True
    return n >= PROSE_MIN_WORDS and _TERMINAL.search(normalised) is not None


@dataclass(frozen=True)
class Layout:
    """Where the prose is.

    Attributes:
        prose: per line, whether it is prose.
        first_prose: index of the first prose line (``len(lines)`` when there is none).
        last_prose: index of the last prose line (``-1`` when there is none).
        half: index of the first line at or after which half of the prose text has been seen.
    """

    prose: tuple[bool, ...]
    first_prose: int
    last_prose: int
    half: int

    def leading(self, i: int) -> bool:
        return i < self.first_prose and self.last_prose >= 0

    def trailing(self, i: int) -> bool:
        return i > self.last_prose >= 0

    def body(self, i: int) -> bool:
        return self.first_prose <= i <= self.last_prose

    def second_half(self, i: int) -> bool:
        return i >= self.half and self.last_prose >= 0


def layout(normalised: Sequence[str], excluded: Sequence[bool] | None = None) -> Layout:
    """Compute the layout; lines flagged in ``excluded`` (already known chrome) are not prose."""
    prose = [is_prose(line) and not (excluded and excluded[i]) for i, line in
             enumerate(normalised)]
    indices = [i for i, p in enumerate(prose) if p]
    if not indices:
        n = len(normalised)
        return Layout(tuple(prose), n, -1, n)
    total = sum(len(normalised[i]) for i in indices)
    seen = 0
    half = indices[-1]
    for i in indices:
        seen += len(normalised[i])
        if seen * 2 >= total:
            half = i + 1
            break
    return Layout(tuple(prose), indices[0], indices[-1], half)
