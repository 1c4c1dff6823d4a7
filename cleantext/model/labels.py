"""Labels for training: which scraped lines are article text, and token-level scores.

A scraped line is content when, normalised, it equals a gold line, is a long enough part of one,
or contains a long gold line that makes up most of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import regex

from cleantext.lines import normalise_all

_TOKEN = regex.compile(r"\w+")
#: A scraped line this long (characters) that occurs inside a gold line is content.
MIN_PART = 25


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


def label_lines(norm: Sequence[str], gold: Iterable[str]) -> list[bool]:
    """Per line of ``norm``: whether it is article text according to the gold lines."""
    gl = list(gold)
    exact = set(gl)
    joined = "\n".join(gl)
    long_gold = [g for g in gl if len(g) >= MIN_PART]
    out = []
    for s in norm:
        if not s:
            out.append(False)
        elif s in exact or (len(s) >= MIN_PART and s in joined):
            out.append(True)
        else:
            out.append(any(g in s and 2 * len(g) >= len(s) for g in long_gold if len(g) <= len(s)))
    return out
