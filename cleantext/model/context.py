"""Context passes: revise per-line content probabilities using the neighbouring lines.

* :func:`neighbours`: jusText-style revision. Confident lines keep their class; an uncertain
  line takes the class of the nearest confident lines around it when both agree.
* :func:`posteriors`: a two-state HMM (content/chrome) over the non-blank lines, with learned
  transition probabilities and the model's probabilities as (prior-corrected) emissions;
  forward-backward gives each line's posterior probability of being content.
* :func:`viterbi`: the single most likely keep/drop path of that same HMM.
* :func:`after_gap`: the end of the article. After the main run of text, a gap of dropped lines
  (the model's drops and the rules', counted by :func:`rule_drops_before`) closes the article,
  and a later line is kept only on a high score (teasers, comment threads and footers after an
  article score like short article lines one by one; what gives them away is that they come
  after the article has visibly ended); :func:`after_end_marker` ends it at a comment-section
  heading that comes after the article's text.

All work on plain lists of floats in ``(0, 1)`` (and counts of rule drops).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import Counter
from collections.abc import Collection, Sequence
from typing import NamedTuple

import regex

from cleantext.model.features import (
    DROP,
    FREE,
    KEEP,
    LIST_ITEM_WEIGHT,
    main_block,
    window_means,
)

_EPS = 1e-6


def _clip(p: float) -> float:
    return min(max(p, _EPS), 1.0 - _EPS)


def neighbours(scores: Sequence[float], low: float, high: float) -> list[float]:
    """jusText-style revision of the uncertain scores (``low <= p < high``).

    An uncertain line between two confident lines of the same class (skipping other uncertain
    lines) takes that class's mean score; one at a document edge follows its only confident
    neighbour; otherwise it keeps its own score.
    """
    m = len(scores)
    out = list(scores)
    prev_conf: list[int] = [-1] * m
    last = -1
    for j in range(m):
        prev_conf[j] = last
        if not low <= scores[j] < high:
            last = j
    nxt = -1
    for j in range(m - 1, -1, -1):
        s = scores[j]
        if low <= s < high:
            a, b = prev_conf[j], nxt
            good_a = a >= 0 and scores[a] >= high
            good_b = b >= 0 and scores[b] >= high
            if a >= 0 and b >= 0:
                if good_a == good_b:
                    out[j] = (scores[a] + scores[b]) / 2.0
            elif a >= 0:
                out[j] = (s + scores[a]) / 2.0
            elif b >= 0:
                out[j] = (s + scores[b]) / 2.0
        else:
            nxt = j
    return out


def _emissions(scores: Sequence[float], prior: float, alpha: float) -> list[tuple[float, float]]:
    lp, lq = math.log(_clip(prior)), math.log(1.0 - _clip(prior))
    out = []
    for s in scores:
        p = _clip(s)
        out.append((alpha * (math.log(1.0 - p) - lq), alpha * (math.log(p) - lp)))
    return out


def _lse(a: float, b: float) -> float:
    if a > b:
        return a + math.log1p(math.exp(b - a))
    return b + math.log1p(math.exp(a - b))


def posteriors(scores: Sequence[float], trans: Sequence[Sequence[float]],
               start: Sequence[float], prior: float, alpha: float = 1.0) -> list[float]:
    """Forward-backward posterior P(content) of each line under the two-state HMM.

    Args:
        scores: the model's P(content) per line.
        trans: ``trans[a][b]`` = P(next state b | state a); state 0 = chrome, 1 = content.
        start: P(first state).
        prior: the share of content lines in training (divides the emissions into likelihoods).
        alpha: weight of the emissions against the transitions.
    """
    m = len(scores)
    if not m:
        return []
    em = _emissions(scores, prior, alpha)
    lt = [[math.log(_clip(trans[a][b])) for b in (0, 1)] for a in (0, 1)]
    fw = [(0.0, 0.0)] * m
    f0 = math.log(_clip(start[0])) + em[0][0]
    f1 = math.log(_clip(start[1])) + em[0][1]
    fw[0] = (f0, f1)
    for j in range(1, m):
        e0, e1 = em[j]
        n0 = _lse(f0 + lt[0][0], f1 + lt[1][0]) + e0
        n1 = _lse(f0 + lt[0][1], f1 + lt[1][1]) + e1
        f0, f1 = n0, n1
        fw[j] = (f0, f1)
    b0 = b1 = 0.0
    out = [0.0] * m
    for j in range(m - 1, -1, -1):
        a0 = fw[j][0] + b0
        a1 = fw[j][1] + b1
        out[j] = 1.0 / (1.0 + math.exp(min(700.0, a0 - a1)))
        e0, e1 = em[j]
        nb0 = _lse(lt[0][0] + e0 + b0, lt[0][1] + e1 + b1)
        nb1 = _lse(lt[1][0] + e0 + b0, lt[1][1] + e1 + b1)
        b0, b1 = nb0, nb1
    return out


def viterbi(scores: Sequence[float], trans: Sequence[Sequence[float]],
            start: Sequence[float], prior: float, alpha: float = 1.0,
            bias: float = 0.0) -> list[bool]:
    """The most likely content/chrome path; ``bias`` (log-odds) favours content when positive."""
    m = len(scores)
    if not m:
        return []
    em = _emissions(scores, prior, alpha)
    lt = [[math.log(_clip(trans[a][b])) for b in (0, 1)] for a in (0, 1)]
    v0 = math.log(_clip(start[0])) + em[0][0]
    v1 = math.log(_clip(start[1])) + em[0][1] + bias
    back: list[tuple[int, int]] = []
    for j in range(1, m):
        e0, e1 = em[j]
        c00, c10 = v0 + lt[0][0], v1 + lt[1][0]
        c01, c11 = v0 + lt[0][1], v1 + lt[1][1]
        p0 = 0 if c00 >= c10 else 1
        p1 = 0 if c01 >= c11 else 1
        v0 = (c00 if p0 == 0 else c10) + e0
        v1 = (c01 if p1 == 0 else c11) + e1 + bias
        back.append((p0, p1))
    state = 1 if v1 >= v0 else 0
    path = [False] * m
    path[m - 1] = bool(state)
    for j in range(m - 2, -1, -1):
        state = back[j][state]
        path[j] = bool(state)
    return path


#: Offsets (in non-blank lines) whose first-stage scores the second stage sees.
STACK_OFFSETS = (1, 2, 3, 4, 5)
#: First-stage features the second stage also sees (names from ``FEATURE_NAMES``).
STACK_COPIED = ("prose", "chars", "position", "in_block", "list_item", "short_run",
                "block_before", "block_after", "segment_share", "segment_order")
#: Names of the second-stage (stacked) features, in vector order.
STACK_NAMES: tuple[str, ...] = (
    "score", "status",
    *(f"score{sign}{o}" for o in STACK_OFFSETS for sign in ("-", "+")),
    "score_win2", "score_win5", "score_win10", "score_block", "score_block_before",
    "score_block_after", "score_block_share",
    *(f"f_{name}" for name in STACK_COPIED),
)


#: A main run shorter than this (in characters) is no article whose start or end the gaps
#: could find: a page that short has nothing to cut, and a lone headline or a stray line
#: that outscores a weak paragraph must not shut the paragraph out.
GAP_MIN_BLOCK_CHARS = 200


class EndMarkers(NamedTuple):
    """Lines where a rule saw the article end (document indices), for context ``gap``.

    ``anywhere``: lines a ``drop-to-end`` rule matched on its own line (a comment-section
    heading, an author box); they end the article wherever they follow enough kept text
    (:func:`after_end_marker`) and tell where the comments begin (:func:`comments_start`).
    ``below_run``: lines an ``ends_article`` rule dropped (a comment form, a share bar);
    they end the article only below its main run of text (:func:`main_run`), since the same
    line in a toolbar above the article, or between a standfirst and the body, ends nothing;
    the main run does not continue across them (:func:`marker_cuts`).
    """

    anywhere: tuple[int, ...] = ()
    below_run: tuple[int, ...] = ()

    def any(self) -> bool:
        """Whether there is a marker of either kind."""
        return bool(self.anywhere or self.below_run)


#: No end markers (the default of the functions that take them).
NO_END_MARKERS = EndMarkers()


def run_chars(rows: Sequence[Sequence[float]], chars_at: int, list_at: int) -> list[float]:
    """Per line, its characters as the main run counts them: a list item's count
    :data:`~cleantext.model.features.LIST_ITEM_WEIGHT` as much, as in the features' main
    block, since a teaser list whose items run a headline and a standfirst on one line scores
    like the article and must not outweigh it."""
    return [r[chars_at] * (LIST_ITEM_WEIGHT if r[list_at] else 1.0) for r in rows]


def main_run(scores: Sequence[float], chars: Sequence[float], run: int,
             ruled: Sequence[int] = (), comments: int | None = None,
             cuts: Collection[int] = ()) -> tuple[int, int] | None:
    """The main run of text (the stretch with the largest ``chars * (p - 0.5)`` sum) that the
    gaps start and end from, or ``None`` when it is shorter than
    :data:`GAP_MIN_BLOCK_CHARS` characters. The model passes ``chars`` as :func:`run_chars`
    counts them, so a lone list item is too short to be the main run.

    The run never spans ``run`` or more lines a rule dropped in a row (``ruled``, see
    :func:`rule_drops_before`): that is a gap already. Teasers after an article, each a
    headline and a standfirst with a byline and a date line the rules drop between them,
    score like the article one by one; without the split they would extend the main run, and
    the end-of-article gap would be looked for after them.

    ``comments``: the line where the comments begin (:func:`comments_start`), if known. A
    run that would start there or later gives way to the best run above it, when there is
    one: a short article above a long comment thread must not lose to the thread, whose
    comments read like article text one by one.

    ``cuts``: lines the run does not continue into, as after ``run`` rule drops in a row:
    those just after an end marker that ends the article below its main run
    (:func:`marker_cuts`). A share bar or a bare date line between an article and the
    teasers under it splits them, and the larger part, the article, is the run; without the
    cut, teasers that score like the article would join it, and the marker would lie inside
    the run, where it ends nothing.
    """
    found = _best_run(scores, chars, run, ruled, cuts)
    if found is not None and comments is not None and found[0] >= comments:
        above = _best_run(scores[:comments], chars[:comments], run, ruled[:comments], cuts)
        if above is not None:
            return above
    return found


def _best_run(scores: Sequence[float], chars: Sequence[float], run: int,
              ruled: Sequence[int], cuts: Collection[int] = ()) -> tuple[int, int] | None:
    """:func:`main_run` without the comments' line (``cuts`` past the last line are ignored)."""
    breaks: Sequence[bool] = ()
    if ruled or cuts:
        breaks = [bool(ruled) and ruled[j] >= run for j in range(len(scores))]
        for j in cuts:
            if 0 <= j < len(breaks):
                breaks[j] = True
    lo, hi = main_block([c * (p - 0.5) for c, p in zip(chars, scores, strict=True)], breaks)
    if hi < lo or sum(chars[lo:hi + 1]) < GAP_MIN_BLOCK_CHARS:
        return None
    return lo, hi


def comments_start(idx: Sequence[int], ends: Sequence[int], scores: Sequence[float],
                   chars: Sequence[float], prose: Sequence[bool], title: int) -> int | None:
    """The model line where the comments begin, or ``None``: the first line after the first
    end marker (a comment-section heading or an author box a rule found; ``ends`` are document
    indices, ``idx`` each model line's), when at least :data:`GAP_MIN_BLOCK_CHARS` characters
    of prose scoring 0.5 or more lie between the headline (model line ``title``, ``-1`` when
    none was found) and it. A comment counter in the toolbar under the headline has no article
    text above it and starts nothing; without a headline, nothing is known to start."""
    if not ends or title < 0:
        return None
    first = min(ends)
    start = next((j for j, i in enumerate(idx) if i > first), len(idx))
    text = sum(c for j, (c, p, s) in enumerate(zip(chars, prose, scores, strict=True))
               if title < j < start and p and s >= 0.5)
    return start if text >= GAP_MIN_BLOCK_CHARS else None


def after_gap(scores: Sequence[float], chars: Sequence[float], status: Sequence[int],
              dropped: Sequence[bool], run: int, high: float,
              ruled: Sequence[int] = (), comments: int | None = None,
              cuts: Collection[int] = ()) -> list[bool]:
    """Per line: whether the end-of-article gap drops it.

    The main run is the stretch with the largest ``chars * (p - 0.5)`` sum, never across
    ``run`` lines a rule dropped in a row (see :func:`main_run`). After it, ``run``
    consecutive lines that are dropped end the article: lines the model itself drops
    (``dropped``) and lines a rule dropped (``ruled[j]`` of them just before line ``j``; the
    model never sees those, see :func:`rule_drops_before`). A share bar, a comment form or a
    footer a rule recognised says the article is over as plainly as lines the model drops.
    Lines a rule kept (``status`` not ``FREE``) neither count nor break a gap. From the end on,
    a line the model left open is dropped unless it scores ``high`` or more, whatever else
    would keep it (the long-prose guard included: comment threads are long prose). A main run
    of fewer than :data:`GAP_MIN_BLOCK_CHARS` characters ends nothing. ``comments``,
    ``cuts``: see :func:`main_run`.
    """
    return gap_after_run(main_run(scores, chars, run, ruled, comments, cuts), scores, status,
                         dropped, run, high, ruled)


def gap_after_run(found: tuple[int, int] | None, scores: Sequence[float],
                  status: Sequence[int], dropped: Sequence[bool], run: int, high: float,
                  ruled: Sequence[int] = ()) -> list[bool]:
    """:func:`after_gap` after the main run ``found`` (:func:`main_run`), for a caller that
    has it already."""
    m = len(scores)
    out = [False] * m
    if found is None:
        return out
    hi = found[1]
    streak = 0
    closed = False
    for j in range(hi + 1, m):
        if not closed and ruled and ruled[j]:
            streak += ruled[j]
            closed = streak >= run
        if status[j] != FREE:
            continue
        if closed:
            out[j] = scores[j] < high
            continue
        streak = streak + 1 if dropped[j] else 0
        closed = streak >= run
    return out


def before_gap(scores: Sequence[float], chars: Sequence[float], status: Sequence[int],
               dropped: Sequence[bool], run: int, high: float, ruled: Sequence[int] = (),
               spared: Sequence[bool] = (), comments: int | None = None,
               cuts: Collection[int] = ()) -> list[bool]:
    """Per line: whether the start-of-article gap drops it (the mirror of :func:`after_gap`).

    Walking back from the main run (the stretch with the largest ``chars * (p - 0.5)`` sum),
    ``run`` consecutive dropped lines (the model's, ``dropped``, and a rule's, ``ruled``)
    say the page's header is over: the menus, the teaser lists and the toolbars above them
    are not the article. Before that gap, a line the model left open is dropped unless it
    scores ``high`` or more or is ``spared`` (lines in the document's main prose block, so
    that an article whose scores dip in the middle is not cut at the dip). Lines a rule kept
    (``status`` not ``FREE``) neither count nor break a gap. ``comments``, ``cuts``: see
    :func:`main_run`.
    """
    return gap_before_run(main_run(scores, chars, run, ruled, comments, cuts), scores, status,
                          dropped, run, high, ruled, spared)


def gap_before_run(found: tuple[int, int] | None, scores: Sequence[float],
                   status: Sequence[int], dropped: Sequence[bool], run: int, high: float,
                   ruled: Sequence[int] = (), spared: Sequence[bool] = ()) -> list[bool]:
    """:func:`before_gap` before the main run ``found`` (:func:`main_run`), for a caller that
    has it already."""
    m = len(scores)
    out = [False] * m
    if found is None:
        return out
    lo = found[0]
    streak = 0
    closed = False
    for j in range(lo - 1, -1, -1):
        if not closed and ruled and ruled[j + 1]:
            streak += ruled[j + 1]
            closed = streak >= run
        if status[j] != FREE:
            continue
        if closed:
            out[j] = scores[j] < high and not (spared and spared[j])
            continue
        streak = streak + 1 if dropped[j] else 0
        closed = streak >= run
    return out


def below_run(ends: EndMarkers, found: tuple[int, int] | None,
              idx: Sequence[int]) -> list[int]:
    """The end markers (document indices) that end the article given its main run ``found``
    (model lines, :func:`main_run`; ``idx``: each model line's document index): every
    ``anywhere`` marker, and the ``below_run`` markers after the run's last line."""
    last = idx[found[1]] if found is not None else None
    return sorted(list(ends.anywhere)
                  + [e for e in ends.below_run if last is not None and e > last])


def marker_cuts(ends: EndMarkers, idx: Sequence[int], scores: Sequence[float] = (),
                chars: Sequence[float] = (), min_chars: float = 0.0) -> frozenset[int]:
    """The model lines just after a ``below_run`` end marker (``idx``: each model line's
    document index), where the main run does not continue (:func:`main_run`).

    With ``min_chars``, a marker cuts only below ``min_chars`` characters (``chars`` per model
    line) of lines scoring 0.5 or more (``scores``): a date line or a share bar between the
    headline and the article's first paragraph lies above the article, and cutting there
    would part the headline from the text it heads."""
    if not ends.below_run:
        return frozenset()
    cuts = set()
    above = list(itertools.accumulate(
        c if p >= 0.5 else 0.0 for c, p in zip(chars, scores, strict=True))) if min_chars else []
    for marker in ends.below_run:
        j = bisect.bisect_right(idx, marker)
        if 0 < j < len(idx) and (not min_chars or above[j - 1] >= min_chars):
            cuts.add(j)
    return frozenset(cuts)


def first_end_marker(idx: Sequence[int], chars: Sequence[float], kept: Sequence[bool],
                     markers: Sequence[int], min_chars: float) -> tuple[int, int] | None:
    """The first end marker (a document index among ``markers``) that follows at least
    ``min_chars`` characters of kept text (``kept``, ``chars`` per model line; ``idx``: each
    model line's document index), with the first model line after it; ``None`` when no
    marker does."""
    seen = 0.0
    j = 0
    for marker in sorted(markers):
        while j < len(idx) and idx[j] < marker:
            if kept[j]:
                seen += chars[j]
            j += 1
        if seen >= min_chars:
            return marker, j
    return None


def after_end_marker(found: tuple[int, int] | None, status: Sequence[int]) -> list[bool]:
    """Per model line: whether it comes after the end marker ``found`` by
    :func:`first_end_marker` (a line a rule took for the start of the comments or of the
    author box, such as '34 Comments', after enough kept text: a counter in the toolbar
    above an article has little kept text before it and ends nothing). Only lines the model
    left open (``status`` ``FREE``) are flagged; none when no marker was found."""
    start = len(status) if found is None else found[1]
    return [q >= start and s == FREE for q, s in enumerate(status)]


#: A numbered list item: ``4) Lego Star Wars``, ``12. Read the label``, ``• 3. Stir``.
_NUMBERED = regex.compile(r"\s*(?:[•·*▪–-]\s*)?\(?(\d{1,3})[.)]\s+\S")


def numbered_continuations(lines: Sequence[str], kept: Sequence[bool],
                           status: Sequence[int]) -> list[bool]:
    """Per line (``lines`` as written: normalising strips the numbers): whether it is a
    numbered item (``4) ...``, ``12. ...``) that is not kept and comes right after a kept
    item numbered one less (the numbered lines between them, if any, decide the chain).

    The next entry of a list the article runs (a listicle's products, a recipe's steps)
    looks like a menu line to a model that sees one short line at a time; its number says it
    belongs to the article. A chain runs only from a kept item, so a "most read" list after
    the article, numbered from 1, is not revived by it."""
    out = [False] * len(lines)
    last: tuple[int, bool] | None = None
    for j, line in enumerate(lines):
        m = _NUMBERED.match(line)
        if m is None:
            continue
        n = int(m.group(1))
        keep = kept[j] or status[j] == KEEP
        if not keep and status[j] == FREE and last == (n - 1, True):
            out[j] = keep = True
        last = (n, keep)
    return out


def repeated_copies(lines: Sequence[str], kept: Sequence[bool], status: Sequence[int],
                    scores: Sequence[float], in_block: Sequence[bool],
                    title: int = -1) -> list[bool]:
    """Per line (``lines`` normalised): whether it is a kept line whose exact text another
    kept line already gives, so that the article says each thing once.

    Pages print a line twice: the headline in a breadcrumb and above the article, a related
    link in a sidebar and in a teaser list, a pull quote lifted from the body. Of the kept
    copies of a text, the one that stays is, in this order: one the rules kept (the
    headline), one in the main prose block (``in_block``), the highest ``scores``, the
    first. A text the lines hold three times or more stays whole inside the main block: it
    is the article's own structure (the same subheadings over each day of a meal plan, the same
    question to each of five interviewees), unless it is the headline's text (line ``title``):
    a headline printed over and over is the alt text of each of the article's images. Lines
    without a letter or a digit (``* * *``) stay too. Only ``FREE`` lines are taken out."""
    m = len(lines)
    out = [False] * m
    live = [j for j in range(m) if (kept[j] and status[j] == FREE) or status[j] == KEEP]
    if len(live) < 2:
        return out
    count = Counter(lines)
    if count.most_common(1)[0][1] < 2:
        return out
    order = sorted((j for j in live if count[lines[j]] > 1),
                   key=lambda j: (status[j] != KEEP, not in_block[j], -scores[j], j))
    headline = lines[title] if 0 <= title < m else None
    seen: set[str] = set()
    for j in order:
        text = lines[j]
        if text not in seen:
            seen.add(text)
        elif (status[j] == FREE and (text == headline or not (in_block[j] and count[text] > 2))
              and any(ch.isalnum() for ch in text)):
            out[j] = True
    return out


#: A line printed twice back to back has at least this many words to be taken for an image's
#: alt text over its caption (:func:`twin_copies`).
TWIN_MIN_WORDS = 3


def back_to_back(idx: Sequence[int], doc_lines: Sequence[str],
                 written: Sequence[str]) -> list[bool]:
    """Per model line (``idx``: its index among the document's normalised ``doc_lines``):
    whether the next model line prints the same text right under it, as written (``written``,
    list markers included), with nothing but blank lines between them."""
    out = [False] * len(idx)
    for j in range(len(idx) - 1):
        a, b = idx[j], idx[j + 1]
        # The normalised lines differ for most pairs: that check costs no new string.
        out[j] = (doc_lines[a] == doc_lines[b] and written[j].strip() == written[j + 1].strip()
                  and not any(doc_lines[q] for q in range(a + 1, b)))
    return out


def twin_copies(lines: Sequence[str], kept: Sequence[bool], guarded: Sequence[bool],
                status: Sequence[int], in_block: Sequence[bool], next_same: Sequence[bool],
                title: int = -1) -> list[bool]:
    """Per line (``lines`` normalised): whether it is a kept copy of a text the page prints
    exactly twice, the two copies back to back (``next_same[j]``: line ``j + 1`` repeats line
    ``j``, :func:`back_to_back`) inside the main block (``in_block``): an image's alt text
    over its caption, a video's title over its player. The article says a thing once and
    does not print it again under itself, so neither copy is the article's.

    Above the block, a headline printed twice (in a breadcrumb and over the article) keeps
    a copy (:func:`repeated_copies` drops the other); a text printed three times or more (a
    table's header over each table) is the article's structure; the headline's text (line
    ``title``), lines of fewer than :data:`TWIN_MIN_WORDS` words or without a letter or a
    digit, and lines a rule decided stay too, and so does a pair with a copy the long-prose
    guard keeps (``guarded``): long prose is never dropped. Only ``FREE`` lines are taken
    out."""
    out = [False] * len(lines)
    if not any(next_same):
        return out
    count = Counter(lines)
    headline = lines[title] if 0 <= title < len(lines) else None
    for j, same in enumerate(next_same):
        text = lines[j]
        if (same and count[text] == 2 and text != headline
                and not guarded[j] and not guarded[j + 1]
                and status[j] == FREE and status[j + 1] == FREE
                and in_block[j] and in_block[j + 1]
                and len(text.split()) >= TWIN_MIN_WORDS and any(ch.isalnum() for ch in text)):
            out[j], out[j + 1] = kept[j], kept[j + 1]
    return out


def rule_drops_before(idx: Sequence[int], status: Sequence[int],
                      lines: Sequence[str]) -> list[int]:
    """For each model line (``idx``: its index among the document's ``lines``), how many
    non-blank lines a rule dropped (``status`` ``DROP``) since the previous model line."""
    out = []
    prev = -1
    for i in idx:
        out.append(sum(1 for q in range(prev + 1, i) if status[q] == DROP and lines[q]))
        prev = i
    return out


def stack_features(scores: Sequence[float], status: Sequence[int],
                   rows: Sequence[Sequence[float]], copied: Sequence[int],
                   chars: int) -> list[tuple[float, ...]]:
    """Second-stage feature vectors: each line's first-stage score, its neighbours' scores
    (``-1`` past the document's edges), windowed means, where the line sits relative to the
    run of lines with the largest score-weighted text (max-subarray of ``chars * (p - 0.5)``)
    and a few first-stage features (indices ``copied``; ``chars`` is that of the line length).
    """
    m = len(scores)
    if not m:
        return []
    rng = range(m)
    nchars = [r[chars] for r in rows]
    lo, hi = main_block([c * (s - 0.5) for c, s in zip(nchars, scores, strict=True)])
    total = sum(nchars) or 1.0
    share = (sum(nchars[lo:hi + 1]) / total) if hi >= lo else 0.0
    if hi < lo:
        lo = hi = m
    pad = [-1.0] * STACK_OFFSETS[-1]
    padded = [*pad, *scores, *pad]
    base = STACK_OFFSETS[-1]
    cols: list[Sequence[float]] = [scores, [float(s) for s in status]]
    for o in STACK_OFFSETS:
        cols.append(padded[base - o:base - o + m])
        cols.append(padded[base + o:base + o + m])
    cols += [
        window_means(scores, 2), window_means(scores, 5), window_means(scores, 10),
        [float(lo <= j <= hi) for j in rng],
        [float(lo - j) if j < lo else 0.0 for j in rng],
        [float(j - hi) if j > hi else 0.0 for j in rng],
        [share] * m,
    ]
    cols += [[r[k] for r in rows] for k in copied]
    return list(zip(*cols, strict=True))
