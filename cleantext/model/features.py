"""Per-line features of one document, computed column by column in whole-document passes.

Every non-blank line gets one vector of floats (:data:`FEATURE_NAMES` order). Features are raw
quantities (counts, ratios, distances): the model is a set of decision trees, so no scaling is
needed. Each feature is one list comprehension over the document (or one prefix-sum pass), and
the rows are the columns zipped, which keeps extraction to a few microseconds per line. The
columns of a line's own text (:class:`_Local`) can be kept in a :class:`LineCache` across the
passes the model makes over one document, which see the same lines, fewer of them each time.

Neighbour features look at the previous/next *non-blank* line, so renderings with and without
blank lines between blocks look alike. Line status comes from the rules: ``DROP`` (a rule
dropped it), ``KEEP`` (protected, stripped or the title) or ``FREE`` (the model decides).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from itertools import chain, pairwise
from typing import Any, NamedTuple

from cleantext.stopwords import STOPWORDS as _STOPWORDS
from cleantext.stopwords import STOPWORDS_ANY, word_set

FREE = 0
KEEP = 1
DROP = -1


#: Each stopword and the languages whose list holds it (one pass over a document's words).
_STOPWORD_LANGS: dict[str, tuple[str, ...]] = {
    w: tuple(lang for lang, stops in _STOPWORDS.items() if w in stops)
    for w in sorted(STOPWORDS_ANY)
}

_TERMINAL = frozenset(".!?…。！？\"”’»)")
_BULLETS = frozenset("•*·▪►‣◦●○■□◆◇▸▹➤→–—+-o")  # "+", "o": inscriptis's nested lists
_SEPARATORS = "|»·>/•"
_QUOTES = frozenset("\"“«„'‘")
# Stopword tokens are the lowercased words with surrounding punctuation left on: cheap, and
# the trailing-comma/period forms are rare enough among stopwords.
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\b")
_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b|\b(?:19|20)\d\d\b")
_ANY_DIGIT = re.compile(r"[0-9]")
_DIGIT_RUN = re.compile(r"[0-9]+")
_MONTHS = word_set(
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec jan. feb. mar. apr. jun. "
    "jul. aug. sep. sept. oct. nov. dec. januar februar märz mai juni juli oktober "
    "dezember janvier février mars avril juin juillet août septembre octobre novembre "
    "décembre enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre gennaio febbraio aprile maggio giugno luglio settembre ottobre "
    "dicembre janeiro fevereiro março maio junho julho setembro outubro novembro dezembro "
    "monday tuesday wednesday thursday friday saturday sunday ago updated published"
)
#: Words of comment sections (and their headings) in the main languages of news.
_COMMENT = ("comment", "reply", "replies", "responses", "leave a", "says:", "said:", "wrote:",
            "kommentar", "antworten", "commentaire", "répondre", "comentário", "comentario",
            "responder", "commento", "rispondi", "комментар", "ответить", "komentar", "balas",
            "reageer", "reacties")
_COMMENT_HEADING = tuple(w for w in _COMMENT if not w.endswith(":"))
#: Comment words count on lines of at most this many words, comment-section headings on
#: lines of at most _HEADING_WORDS (no more than _COMMENT_WORDS).
_COMMENT_WORDS = 12
_HEADING_WORDS = 12
_COPYRIGHT = ("©", "(c)", "copyright", "rights reserved")
_URL = ("http", "www.", ".com", ".org", ".net", ".co.uk")


def _has(text: str, needles: Sequence[str]) -> float:
    for n in needles:
        if n in text:
            return 1.0
    return 0.0


def _counts(lines: Sequence[str], joined: str, chars: str) -> list[float]:
    """How many of ``chars`` each of ``lines`` holds, counting only the characters the
    text ``joined`` (the lines joined by newlines) holds (see :func:`_present`)."""
    present = _present(chars, joined)
    return [float(sum(map(s.count, present))) for s in lines]


def _present(needles: Sequence[str], joined: str) -> list[str]:
    """The needles the text ``joined`` (a document's lines joined by newlines) holds: a
    needle the whole text lacks is in none of its lines, so :func:`_has` need not look for
    it there, and most documents hold none of a list of rare needles."""
    return [n for n in needles if n in joined]


def _holding(lines: Sequence[str], joined: str, needles: Sequence[str]) -> list[float]:
    """:func:`_has` of each of ``lines`` (``joined``: them joined by newlines)."""
    present = _present(needles, joined)
    if not present:
        return [0.0] * len(lines)
    return [_has(s, present) for s in lines]


#: Names of the features, in vector order.
FEATURE_NAMES: tuple[str, ...] = (
    "chars", "words", "avg_word_len", "terminal", "ends_colon", "ends_alnum", "stop_ratio",
    "stop_count", "title_words", "digit_ratio", "commas", "separators", "quote_start",
    "url", "handle", "time", "date", "copyright", "month_word", "list_item", "indent",
    "prose", "repeats", "position", "char_position", "text_share",
    "prose_before", "prose_after", "in_block", "block_before", "block_after",
    "block_chars_before", "block_chars_after", "block_share", "block_lines",
    "segment_share", "segment_order", "segment_count", "comment_word", "comment_between",
    "prose_win2", "prose_win5", "chars_win3", "stop_win2", "list_win3",
    "keep_win2", "short_run", "list_run", "title_offset", "before_first_prose",
    "after_last_prose", "doc_prose_frac", "doc_lines", "doc_chars",
    "prev_chars", "prev_terminal", "prev_prose", "prev_list", "prev_stop", "prev_status",
    "next_chars", "next_terminal", "next_prose", "next_list", "next_stop", "next_status",
    "chars_after_block", "marker", "marker_before2", "marker_win5", "marker_rate_after",
    "prose_after_marker", "headline", "headline_run", "headline_win3", "nb_stop_max",
    "block_repeat",
)
N_FEATURES = len(FEATURE_NAMES)
_BLOCK_PENALTY = 30.0
_MARKER_PENALTY = 200.0
_AFTER_MARKER = 0.3
#: A list item's prose counts this much towards the main block: a teaser list whose items
#: run a headline and a standfirst on one line reads as prose, and must not outweigh the
#: article's paragraphs.
LIST_ITEM_WEIGHT = 0.5
_SHORT_WORDS = 5


def detect_language(split: Sequence[Sequence[str]]) -> str:
    """The stopword language with most hits among the words of the document's lines
    (``split``: each line's lowercased words; the first lines up to the one that brings the
    count past 3000 words)."""
    lines = 0
    words = 0
    for ws in split:
        lines += 1
        words += len(ws)
        if words > 3000:
            break
    # Only stopwords can hit, so only they are counted.
    stops = Counter(filter(STOPWORDS_ANY.__contains__, chain.from_iterable(split[:lines])))
    hits = dict.fromkeys(_STOPWORDS, 0)
    for w, n in stops.items():
        for lang in _STOPWORD_LANGS[w]:
            hits[lang] += n
    best, best_hits = "en", 0
    for lang, n in hits.items():  # the first language with the most hits, in _STOPWORDS order
        if n > best_hits:
            best, best_hits = lang, n
    return best


def _is_list(raw: str) -> bool:
    s = raw.lstrip()
    c = s[:1]
    if c in _BULLETS:
        return s[1:2] == " "
    if not c.isdigit():
        return False
    k = 1
    while k < len(s) and k < 3 and s[k].isdigit():
        k += 1
    return k < len(s) - 1 and s[k] in ".)" and s[k + 1] == " "


def main_block(weights: Sequence[float], breaks: Sequence[bool] = ()) -> tuple[int, int]:
    """The run of lines with the largest weight sum (Kadane); ``(0, -1)`` when all negative.

    ``breaks[j]`` true: no run spans lines ``j - 1`` and ``j`` (a run may start at ``j``).
    """
    best, best_lo, best_hi = 0.0, 0, -1
    cur, lo = 0.0, 0
    for j, w in enumerate(weights):
        if cur <= 0 or (breaks and breaks[j]):
            cur, lo = w, j
        else:
            cur += w
        if cur > best:
            best, best_lo, best_hi = cur, lo, j
    return best_lo, best_hi


def _prefix(values: Sequence[float]) -> list[float]:
    out = [0.0] * (len(values) + 1)
    acc = 0.0
    for j, v in enumerate(values):
        acc += v
        out[j + 1] = acc
    return out


def window_means(values: Sequence[float], k: int) -> list[float]:
    """Mean of ``values`` over ``[j-k, j+k]`` (clipped to the document) for each ``j``."""
    m = len(values)
    if not m:
        return []
    pre = _prefix(values)
    upper = pre[k + 1:] + [pre[m]] * min(k, m)
    lower = [0.0] * min(k, m) + pre[:max(0, m - k)]
    hi_n = list(range(k + 1, m + 1)) + [m] * min(k, m)
    lo_n = [0] * min(k, m) + list(range(max(0, m - k)))
    return [(u - lw) / (a - b) for u, lw, a, b in zip(upper, lower, hi_n, lo_n, strict=True)]


def repeated_pairs(lines: Sequence[str]) -> list[float]:
    """1.0 for each line that, with the line before or after it, occurs verbatim twice or more
    in the document: part of a repeated block (a menu or promo printed twice), which a
    repeated single line (a one-word heading) is not."""
    pairs = Counter(pairwise(lines))
    out = [0.0] * len(lines)
    for j, pair in enumerate(pairwise(lines)):
        if pairs[pair] > 1:
            out[j] = out[j + 1] = 1.0
    return out


def runs(flags: Sequence[bool]) -> list[int]:
    """For each position, the length of the run of ``True`` flags it sits in (0 if False)."""
    m = len(flags)
    out = [0] * m
    j = 0
    while j < m:
        if not flags[j]:
            j += 1
            continue
        k = j
        while k < m and flags[k]:
            k += 1
        out[j:k] = [k - j] * (k - j)
        j = k
    return out


def _distances(flags: Sequence[bool], big: float) -> tuple[list[float], list[float]]:
    """Lines back to the previous flagged line and forward to the next (``big`` when none)."""
    m = len(flags)
    before = [big] * m
    last = -1
    for j in range(m):
        if last >= 0:
            before[j] = float(j - last)
        if flags[j]:
            last = j
    after = [big] * m
    nxt = -1
    for j in range(m - 1, -1, -1):
        if nxt >= 0:
            after[j] = float(nxt - j)
        if flags[j]:
            nxt = j
    return before, after


def segments(prose: Sequence[float], nchars: Sequence[float],
             gap: int = 2) -> tuple[list[float], list[float], float]:
    """Prose segments: runs of prose lines with at most ``gap`` other lines between them.

    Returns per line the prose characters of its segment over those of the largest segment
    (0 outside segments), the segment's order relative to the largest one (negative before,
    positive after, 0 for the largest; lines outside segments take the next segment's order
    minus one half), and the number of segments.
    """
    m = len(prose)
    spans: list[tuple[int, int, float]] = []
    j = 0
    while j < m:
        if not prose[j]:
            j += 1
            continue
        a = b = j
        chars = 0.0
        k = j
        while k < m and k - b <= gap + 1:
            if prose[k]:
                b = k
                chars += nchars[k]
            k += 1
        spans.append((a, b, chars))
        j = b + 1
    share = [0.0] * m
    order = [0.0] * m
    if not spans:
        return share, order, 0.0
    main = max(range(len(spans)), key=lambda k: spans[k][2])
    top = spans[main][2] or 1.0
    pos = 0
    for k, (a, b, chars) in enumerate(spans):
        share[a:b + 1] = [chars / top] * (b - a + 1)
        order[pos:a] = [k - main - 0.5] * (a - pos)
        order[a:b + 1] = [float(k - main)] * (b - a + 1)
        pos = b + 1
    order[pos:] = [len(spans) - main - 0.5] * (m - pos)
    return share, order, float(len(spans))


class _Local(NamedTuple):
    """The columns of :func:`extract` that depend on nothing but each line's own text."""

    split: list[list[str]]  # the lowercased words
    nchars: list[float]
    nwords: list[float]
    last_chars: list[str]
    terminal: list[float]
    ends_colon: list[float]
    ends_alnum: list[float]
    title_words: list[float]
    digit_ratio: list[float]
    commas: list[float]
    separators: list[float]
    quote_start: list[float]
    url: list[float]
    handle: list[float]
    time: list[float]
    date: list[float]
    copyright: list[float]
    month_word: list[float]
    lists: list[float]
    indent: list[float]
    comment: list[float]
    heading: list[bool]
    marker: list[float]


def _local(lines: list[str], raws: list[str]) -> _Local:
    """The :class:`_Local` columns of some of a document's lines (``lines`` normalised,
    ``raws`` as written)."""
    m = len(lines)
    lowered = [s.lower() for s in lines]
    split = [s.split() for s in lowered]
    nchars = [float(len(s)) for s in lines]
    nwords = [float(len(ws)) for ws in split]
    nw1 = [w or 1.0 for w in nwords]
    last_chars = [s[-1] for s in lines]
    # Cheap signals: substring tests, and two small regexes on the lines with digits only.
    digits = [0.0] * m
    joined = "\n".join(lines)
    if _ANY_DIGIT.search(joined):
        starts = [int(x) for x in _prefix([c + 1.0 for c in nchars])]
        for mt in _DIGIT_RUN.finditer(joined):
            j = bisect_right(starts, mt.start()) - 1
            digits[j] += mt.end() - mt.start()
    dated = [(s if d else "") for s, d in zip(lines, digits, strict=True)]
    low_joined = "\n".join(lowered)
    time_col = [float(bool(s) and _TIME.search(s) is not None) for s in dated]
    date_col = [float(bool(s) and _DATE.search(s) is not None) for s in dated]
    month_col = [float(not _MONTHS.isdisjoint(ws)) for ws in split]
    comment = [_has(s, _COMMENT) if w <= _COMMENT_WORDS else 0.0
               for s, w in zip(lowered, nwords, strict=True)]
    return _Local(
        split=split,
        nchars=nchars,
        nwords=nwords,
        last_chars=last_chars,
        terminal=[float(c in _TERMINAL) for c in last_chars],
        ends_colon=[float(c == ":") for c in last_chars],
        ends_alnum=[float(c.isalnum()) for c in last_chars],
        title_words=[sum(map(str.istitle, s.split())) / w
                     for s, w in zip(lines, nw1, strict=True)],
        digit_ratio=[d / c for d, c in zip(digits, nchars, strict=True)],
        commas=[float(s.count(",")) for s in lines],
        separators=_counts(lines, joined, _SEPARATORS),
        quote_start=[float(s[0] in _QUOTES) for s in lines],
        url=_holding(lowered, low_joined, _URL),
        handle=[float("@" in s or "#" in s) for s in lines],
        time=time_col,
        date=date_col,
        copyright=_holding(lowered, low_joined, _COPYRIGHT),
        month_word=month_col,
        lists=[float(_is_list(r)) for r in raws],
        indent=[float(len(r) - len(r.lstrip())) for r in raws],
        comment=comment,
        # A comment-section heading ("12 comments", "Leave a reply") is a short line with a
        # comment word that ends no sentence. (A heading word is a comment word, and a heading
        # no longer than a comment line, so only lines with a comment word are looked at.)
        heading=[c > 0 and w <= _HEADING_WORDS and s[-1] not in ".!?"
                 and _has(s, _COMMENT_HEADING) > 0
                 for s, w, c in zip(lowered, nwords, comment, strict=True)],
        # Comment-section rhythm: marker lines (a comment word, or a short line with a time,
        # a date or a month/"ago" word, or a short handle-like line: usernames and
        # timestamps) between long prose lines, after the main block.
        marker=[float(c > 0 or (w <= 8 and (t > 0 or d > 0 or mo > 0))
                      or (w <= 3 and s[-1:] == ":"))
                for c, w, t, d, mo, s in zip(comment, nwords, time_col, date_col, month_col,
                                             lines, strict=True)],
    )


class LineCache:
    """The :class:`_Local` features of one document's lines, by line index, for the passes
    :meth:`cleantext.model.linear.LineModel.decide` makes over it: a later pass sees the
    same lines (fewer of them), so each line's own features are computed once."""

    def __init__(self) -> None:
        self._rows: dict[int, tuple[Any, ...]] = {}

    def local(self, idx: Sequence[int], lines: list[str], raws: list[str]) -> _Local:
        """The :class:`_Local` columns of the lines ``idx`` (``lines`` and ``raws`` are
        theirs), computing only those of lines not seen before."""
        rows = self._rows
        missing = [j for j, i in enumerate(idx) if i not in rows]
        if len(missing) == len(idx):
            fresh = _local(lines, raws)
            rows.update(zip(idx, zip(*fresh, strict=True), strict=True))
            return fresh
        if missing:
            more = _local([lines[j] for j in missing], [raws[j] for j in missing])
            rows.update(zip([idx[j] for j in missing], zip(*more, strict=True), strict=True))
        return _Local(*map(list, zip(*[rows[i] for i in idx], strict=True)))


def extract(norm: Sequence[str], raw: Sequence[str], status: Sequence[int],
            is_prose: Sequence[bool], title: int | None = None,
            cache: LineCache | None = None) -> tuple[list[int], list[tuple[float, ...]]]:
    """Feature vectors of the non-blank lines no rule dropped.

    Lines a rule dropped are left out like blank lines: the model sees the document as it
    would be with them gone, so cleaning an already cleaned text sees the same neighbours.

    Args:
        norm: the normalised lines (empty for blank lines).
        raw: the lines as written (for list markers and indentation).
        status: per line ``FREE``, ``KEEP`` or ``DROP`` (from the rules).
        is_prose: per line, whether the structure pass counts it as prose.
        title: index of the detected title line, if any.
        cache: the features of the document's lines that depend on the line alone, kept
            from an earlier call on the same document (``None``: computed afresh).

    Returns:
        The indices of those lines and one feature vector for each.
    """
    idx = [i for i, s in enumerate(norm) if s and status[i] != DROP]
    m = len(idx)
    if not m:
        return [], []
    lines = [norm[i] for i in idx]
    raws = [raw[i] for i in idx]
    own = _local(lines, raws) if cache is None else cache.local(idx, lines, raws)
    split, nchars, nwords = own.split, own.nchars, own.nwords
    lists, terminal, comment, marker = own.lists, own.terminal, own.comment, own.marker
    stat = [float(status[i]) for i in idx]
    stops = _STOPWORDS[detect_language(split)]
    nw1 = [w or 1.0 for w in nwords]
    has_stop = stops.__contains__
    stop_count = [float(sum(map(has_stop, ws))) for ws in split]
    stop_ratio = [c / w for c, w in zip(stop_count, nw1, strict=True)]
    prose = [float(bool(is_prose[i])) for i in idx]
    total_chars = sum(nchars) or 1.0
    fm = float(m)

    counts = Counter(lines)
    block_repeat = repeated_pairs(lines)
    big = fm
    prose_flags = [p > 0 for p in prose]
    before, after = _distances(prose_flags, big)
    marker_before2 = [0.0, *[max(a, b) for a, b in zip([0.0, *marker[:-2]], marker[:-1],
                                                        strict=True)]] if m > 1 else [0.0]
    # The main block: prose characters against a cost per other line, a high one for the
    # marker lines, and prose right after a marker counting less, so that a comment section
    # (username/date line, comment, "Reply", ...) does not merge into the article.
    # A comment-section heading ("12 comments", "Leave a reply") is never inside the block.
    lo, hi = main_block([(c * _AFTER_MARKER if mb else c) * (LIST_ITEM_WEIGHT if li else 1.0)
                         if p
                         else -total_chars if hd
                         else -_MARKER_PENALTY if mk else -_BLOCK_PENALTY
                         for c, p, mk, mb, hd, li in zip(nchars, prose, marker, marker_before2,
                                                         own.heading, lists, strict=True)])
    pc = _prefix(nchars)
    block_chars = pc[hi + 1] - pc[lo] if hi >= lo else 0.0
    block_share = block_chars / total_chars
    block_lines = float(hi - lo + 1) if hi >= lo else 0.0
    if hi < lo:  # no block: everything is "before" it
        lo = hi = m
    short = [w <= _SHORT_WORDS and not p for w, p in zip(nwords, prose, strict=True)]
    first_prose = prose_flags.index(True) if any(prose_flags) else m
    last_prose = m - 1 - prose_flags[::-1].index(True) if first_prose < m else -1
    title_j = idx.index(title) if title is not None and title in idx else -1
    rng = range(m)
    seg_share, seg_order, seg_count = segments(prose, nchars)
    # A comment-section marker between the main block and the line (after it or before it).
    between = [0.0] * m
    seen = 0.0
    for j in range(hi + 1, m):
        between[j] = seen
        seen = max(seen, comment[j])
    seen = 0.0
    for j in range(min(lo, m) - 1, -1, -1):
        between[j] = seen
        seen = max(seen, comment[j])
    after_n = m - hi - 1
    marker_rate = sum(marker[hi + 1:]) / after_n if after_n > 0 else 0.0
    # Teasers: headline-like lines (3-16 words, no sentence end, few stopwords) in runs.
    headline = [float(3 <= w <= 16 and c not in ".!…:" and r < 0.3 and not p)
                for w, c, r, p in zip(nwords, own.last_chars, stop_ratio, prose, strict=True)]
    keeps = [float(s == KEEP) for s in stat]
    prev = [0.0, *stat[:-1]]
    nxt_ = [*stat[1:], 0.0]

    def shift(col: list[float], fill: float = 0.0) -> tuple[list[float], list[float]]:
        return [fill, *col[:-1]], [*col[1:], fill]

    prev_chars, next_chars = shift(nchars)
    prev_term, next_term = shift(terminal)
    prev_prose, next_prose = shift(prose)
    prev_list, next_list = shift(lists)
    prev_stop, next_stop = shift(stop_ratio)

    cols: list[Sequence[float]] = [
        nchars,
        nwords,
        [c / w for c, w in zip(nchars, nw1, strict=True)],
        terminal,
        own.ends_colon,
        own.ends_alnum,
        stop_ratio,
        stop_count,
        own.title_words,
        own.digit_ratio,
        own.commas,
        own.separators,
        own.quote_start,
        own.url,
        own.handle,
        own.time,
        own.date,
        own.copyright,
        own.month_word,
        lists,
        own.indent,
        prose,
        [float(counts[s]) for s in lines],
        [j / fm for j in rng],
        [pc[j] / total_chars for j in rng],
        [c / total_chars for c in nchars],
        before,
        after,
        [float(lo <= j <= hi) for j in rng],
        [float(lo - j) if j < lo else 0.0 for j in rng],
        [float(j - hi) if j > hi else 0.0 for j in rng],
        [(pc[lo] - pc[j + 1]) / total_chars if j < lo else 0.0 for j in rng],
        [(pc[j] - pc[hi + 1]) / total_chars if j > hi else 0.0 for j in rng],
        [block_share] * m,
        [block_lines] * m,
        seg_share,
        seg_order,
        [seg_count] * m,
        comment,
        between,
        window_means(prose, 2),
        window_means(prose, 5),
        window_means(nchars, 3),
        window_means(stop_ratio, 2),
        window_means(lists, 3),
        window_means(keeps, 2),
        [float(r) for r in runs(short)],
        [float(r) for r in runs([x > 0 for x in lists])],
        [float(j - title_j) if title_j >= 0 else -1.0 for j in rng],
        [float(j < first_prose) for j in rng],
        [float(j > last_prose) for j in rng],
        [sum(prose) / fm] * m,
        [fm] * m,
        [total_chars] * m,
        prev_chars, prev_term, prev_prose, prev_list, prev_stop, prev,
        next_chars, next_term, next_prose, next_list, next_stop, nxt_,
        [pc[j] - pc[hi + 1] if j > hi else 0.0 for j in rng],
        marker,
        marker_before2,
        window_means(marker, 5),
        [marker_rate if j > hi else 0.0 for j in rng],
        [float(p > 0 and mb > 0) for p, mb in zip(prose, marker_before2, strict=True)],
        headline,
        [float(r) for r in runs([h > 0 for h in headline])],
        window_means(headline, 3),
        [max(a, b) for a, b in zip(prev_stop, next_stop, strict=True)],
        block_repeat,
    ]
    return idx, list(zip(*cols, strict=True))
