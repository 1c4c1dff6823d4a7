"""The learned end of the article (context ``gap``).

The end-of-article gap (:func:`cleantext.model.context.after_gap`) waits for ``run`` lines in a
row that the model drops. After many articles no such gap comes: a teaser list, a staff list
or a "support us" box scores 0.1-0.5 line by line, above the balanced threshold, so the page
runs on to its footer. What gives the tail away is its shape: the scores after a line stay
low on average, rules drop lines among them, and the main run of text is well behind.

:func:`end_candidates` turns each line after the main run that the rules left open into one
feature vector (:data:`END_NAMES`): the first stage's scores ahead of it and behind it, how
much of the page and of the main run's text lies before and after it, the rule drops near it,
and the line's own first-stage features. A small forest, trained on where the gold article
ends (``cleantext train``), gives each candidate P(the article is over); the first candidate
at ``threshold`` or more ends the article (:func:`first_end`).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Sequence

from cleantext.model.context import main_run, run_chars
from cleantext.model.features import FEATURE_NAMES, FREE

_LIST = FEATURE_NAMES.index("list_item")
#: A score under this counts as low in the candidate's window counts.
END_LOW = 0.1

_CONTEXT_NAMES = (
    "score", "ahead_mean_2", "ahead_mean_4", "ahead_mean_8", "ahead_max_4", "ahead_min_2",
    "behind_mean_4", "main_mean", "rest_mean", "rest_high_share", "rest_char_share",
    "since_main_chars", "since_lines", "since_rule_drops", "ahead_rule_drops_4",
    "ahead_low_4", "behind_low_4", "main_log_chars", "chars",
)
#: The features of an end candidate: its context, then its own first-stage features.
END_NAMES: tuple[str, ...] = _CONTEXT_NAMES + tuple(f"line_{n}" for n in FEATURE_NAMES)


def _mean(values: Sequence[float], default: float) -> float:
    return sum(values) / len(values) if values else default


def end_candidates(scores: Sequence[float], rows: Sequence[Sequence[float]],
                   status: Sequence[int], ruled: Sequence[int], run: int,
                   chars_at: int, comments: int | None = None, cuts: Collection[int] = (),
                   ) -> tuple[list[int], list[tuple[float, ...]]]:
    """The lines after the main run that the rules left open (indices into ``scores``) and
    their :data:`END_NAMES` feature vectors; none when there is no main run
    (:func:`~cleantext.model.context.main_run` with ``run``, ``comments`` and ``cuts``).

    ``scores``: the first stage's per line; ``rows``: the first-stage feature rows
    (``chars_at``: the index of the line length among them); ``ruled``: the lines a rule
    dropped just before each line (:func:`~cleantext.model.context.rule_drops_before`).
    """
    pairs = list(iter_candidates(scores, rows, status, ruled, run, chars_at, comments, cuts))
    return [j for j, _ in pairs], [f for _, f in pairs]


def iter_candidates(scores: Sequence[float], rows: Sequence[Sequence[float]],
                    status: Sequence[int], ruled: Sequence[int], run: int,
                    chars_at: int, comments: int | None = None, cuts: Collection[int] = (),
                    found: tuple[int, int] | None = None,
                    ) -> Iterator[tuple[int, tuple[float, ...]]]:
    """:func:`end_candidates` one ``(line, features)`` at a time, first line first, so that
    the search for the end can stop at it. ``found``: the main run, when the caller has it
    (``None``: worked out here)."""
    chars = [r[chars_at] for r in rows]
    if found is None:
        found = main_run(scores, run_chars(rows, chars_at, _LIST), run, ruled, comments, cuts)
    if found is None:
        return
    lo, hi = found
    free = [j for j in range(hi + 1, len(scores)) if status[j] == FREE]
    if not free:
        return
    fs = [scores[j] for j in free]
    fc = [chars[j] for j in free]
    n = len(free)
    rest_chars = [0.0] * (n + 1)
    rest_weighted = [0.0] * (n + 1)
    rest_high = [0] * (n + 1)
    for k in range(n - 1, -1, -1):
        rest_chars[k] = rest_chars[k + 1] + fc[k]
        rest_weighted[k] = rest_weighted[k + 1] + fc[k] * fs[k]
        rest_high[k] = rest_high[k + 1] + (fs[k] >= 0.5)
    total = sum(chars) or 1.0
    main_chars = sum(chars[lo:hi + 1]) or 1.0
    main_mean = _mean(scores[lo:hi + 1], 0.5)
    log_main = math.log1p(main_chars)
    since_chars = 0.0
    since_ruled = 0
    prev = hi
    for k, j in enumerate(free):
        since_ruled += sum(ruled[prev + 1:j + 1]) if ruled else 0
        prev = j
        ahead4 = fs[k:k + 4]
        behind4 = fs[max(0, k - 4):k]
        context = (
            fs[k], _mean(fs[k:k + 2], 0.0), _mean(ahead4, 0.0), _mean(fs[k:k + 8], 0.0),
            max(ahead4), min(fs[k:k + 2]), _mean(behind4, main_mean), main_mean,
            rest_weighted[k] / max(rest_chars[k], 1.0), rest_high[k] / (n - k),
            rest_chars[k] / total, since_chars / main_chars, float(k), float(since_ruled),
            float(sum(ruled[q] for q in free[k:k + 4]) if ruled else 0),
            float(sum(s < END_LOW for s in ahead4)), float(sum(s < END_LOW for s in behind4)),
            log_main, fc[k],
        )
        yield j, context + tuple(rows[j])
        since_chars += fc[k]


def first_end(probs: Sequence[float], threshold: float) -> int | None:
    """The position of the first candidate whose P(the article is over) reaches
    ``threshold``, or ``None``."""
    return next((k for k, p in enumerate(probs) if p >= threshold), None)
