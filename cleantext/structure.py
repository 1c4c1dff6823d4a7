"""The shape of a document: which lines are prose, where the article body starts and ends.

Zone-scoped rules, the drop-to-end guard and the structural protections (title, subheadings,
article lists) all read this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from cleantext.stopwords import STOPWORDS_ANY

_TERMINAL = regex.compile(r"[.!?…:;。！？][\"”’'»)\]]*$")
_WORD = regex.compile(r"\S+")
PROSE_MIN_WORDS = 8
PROSE_ANY_WORDS = 20
#: A long unpunctuated line with fewer function words than this share is a word list. Long
#: article sentences written without punctuation in the train gold hold about twice that
#: share or more (a scratch count, not a repo command).
WORD_LIST_MAX_STOP_SHARE = 0.1
_PUNCTUATION = regex.compile(r"[.,;:!?…。，、！？،؛]")
_COVERED = regex.compile(r"[\p{Latin}\p{Cyrillic}]")
_LETTER = regex.compile(r"\p{L}")
_COVERED_SHARE = 0.8
_QUOTES = "\"'“”‘’«»()[]"
#: Chinese and Japanese script, written without spaces between words.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]")
#: How many characters of that script :func:`is_prose` counts as a word (a Chinese word is
#: one to two characters, a Japanese one two to three with its particles).
UNSPACED_CHARS_PER_WORD = 2


def word_count(line: str) -> int:
    return len(line.split())


def is_prose(normalised: str) -> bool:
    """A line of running text: a sentence of 8+ words, or any line of 20+ words that is not
    a word list (:func:`is_word_list`). Chinese and Japanese, written without spaces, count
    a word per :data:`UNSPACED_CHARS_PER_WORD` characters of their script."""
    n = word_count(normalised)
    if n < PROSE_MIN_WORDS and not normalised.isascii():
        n = max(n, len(_UNSPACED.findall(normalised)) // UNSPACED_CHARS_PER_WORD)
    if n >= PROSE_ANY_WORDS:
        return not is_word_list(normalised)
    return n >= PROSE_MIN_WORDS and _TERMINAL.search(normalised) is not None


def is_word_list(normalised: str) -> bool:
    """A long line of words strung together with no punctuation and (almost) no function
    words: a tag cloud, a flattened menu, an archive's month list. Only lines written in a
    script the stopword lists cover (Latin, Cyrillic) are judged; a line in another script
    is never a word list here."""
    if _PUNCTUATION.search(normalised) is not None:
        return False
    words = normalised.casefold().split()
    lettered = [w for w in words if _LETTER.search(w)]
    covered = sum(1 for w in lettered if _COVERED.search(w))
    if not lettered or covered < len(lettered) * _COVERED_SHARE:
        return False
    stops = sum(1 for w in words if w.strip(_QUOTES) in STOPWORDS_ANY)
    return stops < len(words) * WORD_LIST_MAX_STOP_SHARE


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
    return _from_prose(normalised, [is_prose(line) and not (excluded and excluded[i])
                                    for i, line in enumerate(normalised)])


def kept_layout(normalised: Sequence[str], shape: Layout, kept: Sequence[bool]) -> Layout:
    """The layout the cleaned text will have, in the indices of ``normalised``: ``shape``
    (the document's :func:`layout`) with only the lines ``kept`` marks counting as prose."""
    return _from_prose(normalised, [p and k for p, k in zip(shape.prose, kept, strict=True)])


def _from_prose(normalised: Sequence[str], prose: list[bool]) -> Layout:
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
