"""Labels for training: which scraped lines are article text, and token-level scores.

A scraped line is content when, normalised, it equals a gold line, is a long enough part of one,
or contains a long gold line that makes up most of it. Gold files are typed or converted
separately from the scraped text, so a paragraph can differ from its scraped line only in
spacing and punctuation (``“ creator ”`` for ``“creator”``, a straight quote for a curly one);
a line of :data:`MIN_KEY_WORDS` or more words whose word sequence occurs in the gold's is
content too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import regex

from cleantext.lines import normalise_all

_TOKEN = regex.compile(r"\w+")
#: A scraped line this long (characters) that occurs inside a gold line is content.
MIN_PART = 25
#: A scraped line of this many words or more whose lowercase word sequence occurs inside the
#: gold's (ignoring spacing and punctuation) is content.
MIN_KEY_WORDS = 6


def tokens(text: str) -> Counter[str]:
    """The multiset of lowercase word tokens (``\\w+``)."""
    return Counter(_TOKEN.findall(text.lower()))


def prf(pred: Counter[str], gold: Counter[str]) -> tuple[float, float, float]:
    """Token-level precision, recall and F1 of one document (empty vs empty scores 1)."""
    np_, ng = sum(pred.values()), sum(gold.values())
    if not np_ and not ng:
        return 1.0, 1.0, 1.0
    overlap = sum((pred & gold).values())
    p = overlap / np_ if np_ else 0.0
    r = overlap / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def gold_lines(gold_text: str) -> list[str]:
    """The normalised non-empty lines of a gold file."""
    return [g for g in normalise_all(gold_text.splitlines()) if g]


def word_key(text: str) -> str:
    """The lowercase word tokens of ``text`` joined by single spaces, punctuation dropped."""
    return " ".join(_TOKEN.findall(text.lower()))


def label_lines(norm: Sequence[str], gold: Iterable[str]) -> list[bool]:
    """Per line of ``norm``: whether it is article text according to the gold lines."""
    gl = list(gold)
    exact = set(gl)
    joined = "\n".join(gl)
    long_gold = [g for g in gl if len(g) >= MIN_PART]
    gold_keys = f" {' | '.join(word_key(g) for g in gl)} "

    def is_content(s: str) -> bool:
        if not s:
            return False
        if s in exact or (len(s) >= MIN_PART and s in joined):
            return True
        if any(g in s and 2 * len(g) >= len(s) for g in long_gold if len(g) <= len(s)):
            return True
        key = word_key(s)
        return key.count(" ") + 1 >= MIN_KEY_WORDS and f" {key} " in gold_keys

    return [is_content(s) for s in norm]
