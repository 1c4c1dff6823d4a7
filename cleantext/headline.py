"""Which line is the article's headline.

A scraped page seldom opens with its headline. Whole pages open with a menu, and the
headline sits just above the article's first paragraph, among teasers, captions and
bylines. Cut pages often open with it. :func:`find_title` tries both. It looks first at
the first line the rules left, then at the lines just above the article's main block of
prose, and picks a line whose content words come back in that block: a headline names what
the article is about, and the opening paragraphs say it again.

The title is kept whatever the model says, and it becomes ``metadata.title``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cleantext.lines import LIST_MARKER
from cleantext.model.features import main_block
from cleantext.stopwords import STOPWORDS_ANY
from cleantext.structure import Layout, word_count

#: A headline has this many words at least, and at most.
MIN_WORDS = 3
MAX_WORDS = 30
#: How many of the lines above the article's main prose block may hold its headline.
WINDOW_LINES = 30
#: A page opening with a short line this close above that block opens with its headline.
NEAR_LINES = 8
#: How many words of the block's opening lines the candidates are checked against.
BODY_WORDS = 500
#: A candidate needs this many of its distinct content words in the block, and this share.
MIN_SHARED = 2
MIN_SHARE = 0.5
#: What each line of distance from the block costs a candidate's score.
DISTANCE_COST = 0.02
#: A non-prose line between prose lines costs the prose block this many characters.
_GAP_COST = 30.0
_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits
_LETTERS = re.compile(r"[^\W\d_]{2}")  # two letters in a row


def content_words(line: str) -> frozenset[str]:
    """The distinct case-folded words of ``line`` that carry meaning: no stopword of any of
    the languages the model knows, no ASCII word shorter than three letters."""
    return frozenset(w for w in _WORD.findall(line.casefold())
                     if w not in STOPWORDS_ANY and (len(w) > 2 or not w.isascii()))


def _shared(line: str, body: frozenset[str]) -> tuple[int, float]:
    words = content_words(line)
    if not words:
        return 0, 0.0
    shared = len(words & body)
    return shared, shared / len(words)


#: A line ending in one of these words is the alt text of a site's or a sponsor's logo
#: ("The Real Deal Logo", "sky news logo"), not a headline.
_LOGO = re.compile(r"\blogos?\W*$", re.IGNORECASE)


def _first_line(norm: Sequence[str], kept: Sequence[bool], shape: Layout) -> int | None:
    """The first line the rules left, if it is short and not prose (the cut-page headline)."""
    for i, line in enumerate(norm):
        if not kept[i]:
            continue
        if shape.prose[i] or word_count(line) > MAX_WORDS:
            return None
        return i
    return None


def could_be_headline(line: str, raw: str = "") -> bool:
    """Whether a normalised line may be a headline at all: it holds a word of two letters
    or more (``0…``, ``00A`` or ``12:45`` name nothing), is not a list item (``raw``: the
    line as written, with its list marker, if any; a headline is not a menu entry or a
    teaser bullet) and not a logo's alt text."""
    return (_LETTERS.search(line) is not None and _LOGO.search(line) is None
            and LIST_MARKER.match(raw) is None)


def find_title(norm: Sequence[str], dropped: Sequence[bool], shape: Layout,
               raw: Sequence[str] = ()) -> int | None:
    """The index of the headline among the normalised lines ``norm``, or ``None``.

    ``dropped`` flags the lines the rules dropped, which are never the headline; the list
    items among the lines as written (``raw``) are never it either (nor a logo's alt text,
    see :func:`could_be_headline`), though they count as lines. The
    article's main prose block is the run of lines with the most prose characters, less
    :data:`_GAP_COST` for each other line. A candidate shares at least :data:`MIN_SHARED` of
    its distinct content words (and :data:`MIN_SHARE` of them) with the words of that block's
    opening lines (up to :data:`BODY_WORDS` words). In order, the headline is:

    1. the first line the rules left, if it is short, not prose, and a candidate;
    2. else the best candidate among the :data:`WINDOW_LINES` lines above the block, of
       :data:`MIN_WORDS` to :data:`MAX_WORDS` words (score: shared words times their share,
       less :data:`DISTANCE_COST` per line of distance);
    3. else that first line, if at most :data:`NEAR_LINES` lines sit between it and the
       block (or if there is no prose block at all).
    """
    kept = [bool(line) and not d for line, d in zip(norm, dropped, strict=True)]
    first = _first_line(norm, kept, shape)
    if first is not None and not could_be_headline(norm[first], raw[first] if raw else ""):
        first = None
    lo, hi = main_block([float(len(line)) if shape.prose[i] and kept[i] else
                         -_GAP_COST if kept[i] else 0.0 for i, line in enumerate(norm)])
    if hi < lo:
        return first
    opening: list[str] = []
    seen = 0
    for i in range(lo, hi + 1):
        if kept[i] and shape.prose[i]:
            opening.append(norm[i])
            seen += word_count(norm[i])
            if seen > BODY_WORDS:
                break
    # every word, stopwords too: a candidate's content words are looked up in it
    body = frozenset(_WORD.findall(" ".join(opening).casefold()))
    if first is not None and first < lo and word_count(norm[first]) >= MIN_WORDS:
        shared, share = _shared(norm[first], body)
        if shared >= MIN_SHARED and share >= MIN_SHARE:
            return first
    best: tuple[float, int] | None = None
    distance = 0
    for j in range(lo - 1, -1, -1):
        if not kept[j]:
            continue
        distance += 1
        if distance > WINDOW_LINES:
            break
        if not MIN_WORDS <= word_count(norm[j]) <= MAX_WORDS or not could_be_headline(
                norm[j], raw[j] if raw else ""):
            continue
        shared, share = _shared(norm[j], body)
        if shared >= MIN_SHARED and share >= MIN_SHARE:
            score = shared * share - DISTANCE_COST * distance
            if best is None or score > best[0]:
                best = (score, j)
    if best is not None:
        return best[1]
    near = first is not None and first < lo and sum(kept[first:lo]) <= NEAR_LINES
    return first if near else None
