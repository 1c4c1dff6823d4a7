"""Per-line features of one document, computed in whole-document passes.

Every non-blank line gets one vector of floats (:data:`FEATURE_NAMES` order). Neighbour
features look at the previous/next *non-blank* line, so renderings with and without blank lines
between blocks look alike. Line status comes from the rules: ``DROP`` (a rule dropped it),
``KEEP`` (protected, stripped or the title) or ``FREE`` (the model decides).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import regex

FREE = 0
KEEP = 1
DROP = -1

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the of and to a in is that for it on was with as he she by at from his her be "
        "are this have has had not but or an they which we you were been their will "
        "would there said who its also more about after than when into one all can if so "
        "our what"
    ),
    "de": _words(
        "der die das und ist nicht ein eine einen dem den des zu mit von im auf für sich "
        "es auch als an wie bei nach aus wird werden hat sind sie er wir ich aber noch "
        "war oder dass so um über nur zum zur vor"
    ),
    "fr": _words(
        "le la les de des du et est un une dans pour que qui sur pas par au aux avec ce "
        "cette il elle ils sont ont plus ne se en sa son ses mais ou été être leur nous "
        "vous"
    ),
    "es": _words(
        "el la los las de del y que en un una es por con para no se su sus al lo como "
        "más pero fue ha han este esta son entre sobre también ya muy sin"
    ),
    "it": _words(
        "il lo la gli le di del della dei delle e che un una è per con non si da al alla "
        "nel nella sono come più ma anche ha hanno questo questa dopo stato"
    ),
    "pt": _words(
        "o a os as de do da dos das e que em um uma é para com não se por no na nos nas "
        "ao mais como mas foi ser são tem seu sua ele ela também já"
    ),
    "ru": _words(
        "и в не на что с по как это он она они к из за от для у о же был была было были "
        "так но бы его ее их до при уже или также который которые"
    ),
    "id": _words(
        "yang dan di ke dari ini itu dengan untuk tidak ada dalam akan pada juga oleh "
        "karena saya kami mereka sudah atau bisa telah adalah menjadi tersebut"
    ),
    "nl": _words(
        "de het een en van in is dat op te voor met zijn niet aan er maar ook als bij "
        "door om naar dan nog wordt werd heeft"
    ),
}

_MONTHS = _words(
        "january february march april may june july august september october november "
        "december jan feb mar apr jun jul aug sep sept oct nov dec januar februar märz "
        "mai juni juli oktober dezember janvier février mars avril juin juillet août "
        "septembre octobre novembre décembre enero febrero marzo abril mayo junio julio "
        "agosto septiembre octubre noviembre diciembre gennaio febbraio aprile maggio "
        "giugno luglio settembre ottobre dicembre janeiro fevereiro março maio junho "
        "julho setembro outubro novembro dezembro monday tuesday wednesday thursday "
        "friday saturday sunday ago updated published"
    )
_PUNCT = "\"'“”‘’«»()[]{}.,:;!?…-–—|/*•·"
_TERMINAL = frozenset(".!?…。！？\"”’»)")
_BULLETS = frozenset("•*·▪►‣◦●○■□◆◇▸▹➤→–—-")
_SEPARATORS = frozenset("|»·>/•")
_NO_SEPARATORS = str.maketrans(dict.fromkeys(_SEPARATORS))
_QUOTES = frozenset("\"“«„'‘")
_NO_DIGITS = str.maketrans(dict.fromkeys("0123456789"))
_SIGNALS = regex.compile(
    r"(?P<url>https?://|www\.|\.(?:com|org|net|co\.uk)\b)|(?P<handle>(?<!\w)[@#]\w)"
    r"|(?P<time>\b\d{1,2}[:.]\d\d\b(?:\s?[ap]\.?m\b)?)|(?P<date>\b\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}\b"
    r"|\b(?:19|20)\d\d\b)|(?P<copy>©|\(c\)|copyright|all rights reserved)",
    regex.V0 | regex.IGNORECASE,
)
_SIGNAL_NAMES = ("url", "handle", "time", "date", "copy")

#: Names of the features, in vector order.
FEATURE_NAMES: tuple[str, ...] = (
    "len", "words", "avg_word_len", "terminal", "ends_colon", "ends_alnum", "stop_ratio",
    "stop_count", "title_case", "upper_words", "digit_ratio", "comma_ratio", "quote_start",
    "url", "handle", "time", "date", "copyright", "month_word", "list_item", "indent",
    "separators", "prose", "short", "position", "position_sq", "char_position",
    "repeated", "prose_before", "prose_after", "prose_near", "in_block", "before_block",
    "after_block", "block_edge", "prose_win2", "prose_win5", "chars_win3", "short_run",
    "list_run", "rule_drop_near", "before_title", "after_last_prose", "before_first_prose",
    "doc_prose_frac", "doc_lines",
    "prev_len", "prev_terminal", "prev_prose", "prev_list", "prev_stop",
    "next_len", "next_terminal", "next_prose", "next_list", "next_stop",
    "short_out_block", "list_in_block", "list_out_block", "prose_in_block", "short_in_block",
)
N_FEATURES = len(FEATURE_NAMES)
_BLOCK_PENALTY = 30.0


def detect_language(word_lists: Sequence[list[str]]) -> str:
    """The stopword language with most hits among the document's first ~3000 words."""
    counts = dict.fromkeys(_STOPWORDS, 0)
    seen = 0
    bag: Counter[str] = Counter()
    for words in word_lists:
        bag.update(words)
        seen += len(words)
        if seen > 3000:
            break
    for lang, stops in _STOPWORDS.items():
        counts[lang] = sum(bag[w] for w in stops if w in bag)
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] else "en"


def _is_list(raw: str) -> bool:
    s = raw.lstrip()
    if len(s) < 2:
        return False
    if s[0] in _BULLETS and s[1] == " ":
        return True
    k = 0
    while k < len(s) and k < 3 and s[k].isdigit():
        k += 1
    return 0 < k < len(s) - 1 and s[k] in ".)" and s[k + 1] == " "


def _log(x: float) -> float:
    return math.log1p(x)


def _block(weights: list[float]) -> tuple[int, int]:
    """The run of lines with the largest weight sum (Kadane); ``(0, -1)`` when all negative."""
    best, best_lo, best_hi = 0.0, 0, -1
    cur, lo = 0.0, 0
    for j, w in enumerate(weights):
        if cur <= 0:
            cur, lo = w, j
        else:
            cur += w
        if cur > best:
            best, best_lo, best_hi = cur, lo, j
    return best_lo, best_hi


def extract(norm: Sequence[str], raw: Sequence[str], status: Sequence[int],
            is_prose: Sequence[bool], title: int | None = None) -> tuple[list[int],
                                                                        list[list[float]]]:
    """Feature vectors of the non-blank lines.

    Args:
        norm: the normalised lines (empty for blank lines).
        raw: the lines as written (for list markers and indentation).
        status: per line ``FREE``, ``KEEP`` or ``DROP`` (from the rules).
        is_prose: per line, whether the structure pass counts it as prose.
        title: index of the detected title line, if any.

    Returns:
        The indices of the non-blank lines and one feature vector for each.
    """
    idx = [i for i, s in enumerate(norm) if s]
    m = len(idx)
    if not m:
        return [], []
    lines = [norm[i] for i in idx]
    words = [s.split() for s in lines]
    lowered = [[w.strip(_PUNCT).lower() for w in ws] for ws in words]
    stops = _STOPWORDS[detect_language(lowered)]
    nchars = [len(s) for s in lines]
    nwords = [len(ws) for ws in words]
    prose = [bool(is_prose[i]) and status[i] != DROP for i in idx]
    lists = [_is_list(raw[i]) for i in idx]
    drops = [status[i] == DROP for i in idx]
    stop_ratio = [0.0] * m
    terminal = [False] * m
    for j in range(m):
        lw = lowered[j]
        if lw:
            stop_ratio[j] = sum(1 for w in lw if w in stops) / len(lw)
        terminal[j] = lines[j][-1] in _TERMINAL

    # Regex signals in one pass over the joined document, mapped back to lines.
    signals = [[0.0] * len(_SIGNAL_NAMES) for _ in range(m)]
    joined = "\n".join(lines)
    starts = [0] * m
    pos = 0
    for j in range(m):
        starts[j] = pos
        pos += nchars[j] + 1
    line_of = 0
    for mt in _SIGNALS.finditer(joined):
        at = mt.start()
        while line_of + 1 < m and starts[line_of + 1] <= at:
            line_of += 1
        name = mt.lastgroup
        if name:
            signals[line_of][_SIGNAL_NAMES.index(name)] = 1.0

    counts = Counter(lines)
    total_chars = float(sum(nchars)) or 1.0

    # Distance (in non-blank lines) to the nearest prose line before and after.
    big = float(m)
    before = [big] * m
    last = -1
    for j in range(m):
        before[j] = float(j - last) if last >= 0 else big
        if prose[j]:
            last = j
    after = [big] * m
    nxt = -1
    for j in range(m - 1, -1, -1):
        after[j] = float(nxt - j) if nxt >= 0 else big
        if prose[j]:
            nxt = j

    weights = [float(nchars[j]) if prose[j] else -_BLOCK_PENALTY for j in range(m)]
    lo, hi = _block(weights)

    # Prefix sums for windows.
    pp = [0] * (m + 1)
    pc = [0] * (m + 1)
    pd = [0] * (m + 1)
    for j in range(m):
        pp[j + 1] = pp[j] + prose[j]
        pc[j + 1] = pc[j] + nchars[j]
        pd[j + 1] = pd[j] + drops[j]

    def win(prefix: list[int], j: int, k: int) -> tuple[int, int]:
        a = max(0, j - k)
        b = min(m, j + k + 1)
        return prefix[b] - prefix[a], b - a

    short = [nwords[j] <= 5 and not prose[j] for j in range(m)]
    short_run = _runs(short)
    list_run = _runs(lists)
    first_prose = next((j for j in range(m) if prose[j]), m)
    last_prose = next((j for j in range(m - 1, -1, -1) if prose[j]), -1)
    title_j = idx.index(title) if title is not None and title in idx else -1
    doc_prose = pp[m] / m
    doc_lines = _log(m) / 7.0

    out: list[list[float]] = []
    for j in range(m):
        s = lines[j]
        nc = nchars[j]
        nw = nwords[j]
        ws = words[j]
        lw = lowered[j]
        letters_upper = 0
        caps = 0
        for w in ws:
            c = w[0]
            if c.isupper():
                letters_upper += 1
                if len(w) > 1 and w.isupper():
                    caps += 1
        digits = nc - len(s.translate(_NO_DIGITS))
        commas = s.count(",")
        seps = nc - len(s.translate(_NO_SEPARATORS))
        in_block = lo <= j <= hi
        pw2, nw2 = win(pp, j, 2)
        pw5, nw5 = win(pp, j, 5)
        cw3, nw3 = win(pc, j, 3)
        dn, _ = win(pd, j, 2)
        p, n_ = j - 1, j + 1
        sig = signals[j]
        is_short = short[j]
        row = [
            _log(nc) / 6.0,
            _log(nw) / 4.0,
            min(nc / (nw or 1), 15.0) / 10.0,
            float(terminal[j]),
            float(s[-1] == ":"),
            float(s[-1].isalnum()),
            stop_ratio[j],
            _log(sum(1 for w in lw if w in stops)) / 3.0,
            letters_upper / (nw or 1),
            caps / (nw or 1),
            digits / nc,
            min(commas / (nw or 1), 1.0),
            float(s[0] in _QUOTES),
            sig[0], sig[1], sig[2], sig[3], sig[4],
            float(any(w in _MONTHS for w in lw)),
            float(lists[j]),
            min((len(raw[idx[j]]) - len(raw[idx[j]].lstrip())) / 4.0, 2.0),
            min(seps, 5) / 5.0,
            float(prose[j]),
            float(is_short),
            j / m,
            (j / m) ** 2,
            pc[j] / total_chars,
            float(counts[s] > 1),
            _log(before[j]) / 5.0,
            _log(after[j]) / 5.0,
            _log(min(before[j], after[j])) / 5.0,
            float(in_block),
            _log(lo - j) / 5.0 if j < lo else 0.0,
            _log(j - hi) / 5.0 if j > hi else 0.0,
            float(j in (lo, hi)),
            pw2 / nw2,
            pw5 / nw5,
            _log(cw3 / nw3) / 6.0,
            _log(short_run[j]) / 4.0 if is_short else 0.0,
            _log(list_run[j]) / 4.0 if lists[j] else 0.0,
            dn / 4.0,
            float(0 <= j < title_j),
            float(j > last_prose),
            float(j < first_prose),
            doc_prose,
            doc_lines,
        ]
        for q in (p, n_):
            if 0 <= q < m:
                row += [_log(nchars[q]) / 6.0, float(terminal[q]), float(prose[q]),
                        float(lists[q]), stop_ratio[q]]
            else:
                row += [0.0, 0.0, 0.0, 0.0, 0.0]
        row += [
            float(is_short and not in_block),
            float(lists[j] and in_block),
            float(lists[j] and not in_block),
            float(prose[j] and in_block),
            float(is_short and in_block),
        ]
        out.append(row)
    return idx, out


def _runs(flags: list[bool]) -> list[int]:
    """For each position, the length of the run of equal ``True`` flags it sits in (0 if False)."""
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
        for q in range(j, k):
            out[q] = k - j
        j = k
    return out
