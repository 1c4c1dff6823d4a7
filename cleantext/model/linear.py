"""The line model: boosted trees over :mod:`cleantext.model.features`, from JSON.

Two stages. The first scores each line from its own features (and its document's); the second
(``stacked`` context) re-scores each line from the first stage's scores of its neighbours and
its place relative to the best-scoring run of text. The other context passes (``neighbours``,
``hmm``, ``viterbi``) smooth the first stage's scores instead, and ``gap`` ends the article at
the first run of dropped lines (by the model or a rule) after its main block, or earlier where
a third forest, the end forest, finds it over (:mod:`cleantext.model.ending`). Inference is pure
Python: the trees are compiled to nested ``if``s at load time (:mod:`cleantext.model.trees`).

:meth:`LineModel.decide` runs the model, the context pass and the long-prose guard over one
document and returns a :class:`LineCall` for each line the rules left open. In every context
mode a numbered item that continues a kept one is kept (:func:`continue_lists`), and a kept
line that repeats another kept line's text is dropped with reason ``repeat``
(:func:`drop_repeats`).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cleantext.model import context as _context
from cleantext.model.context import NO_END_MARKERS, EndMarkers
from cleantext.model.ending import END_NAMES, first_end, iter_candidates
from cleantext.model.features import DROP, FEATURE_NAMES, FREE, KEEP, LineCache, extract
from cleantext.model.trees import Forest
from cleantext.structure import is_prose

FORMAT = "cleantext-line-model"
VERSION = 2
#: Probability given to lines the rules decided, for the context passes.
RULE_KEEP_SCORE = 0.995
RULE_DROP_SCORE = 0.02
#: The long-prose guard: a line of at least this many words, ending a sentence, inside the
#: document's main prose block is kept whatever the model says.
GUARD_WORDS = 12
_SENTENCE_END = frozenset(".!?…。！？")
_CLOSERS = "\"'”’»)]"
_TOP_FEATURES = 4
#: ``True`` widens the long-prose guard from the main prose block to any line of running text
#: of GUARD_WORDS words or more (costs about 0.01-0.03 macro F1: comments are long prose).
GUARD_ANYWHERE = False
#: Explanations follow the paths through this many of the first trees (the largest steps).
EXPLAIN_TREES = 12
#: Most scoring passes over one document (see :meth:`LineModel.decide`). Each pass but the
#: last drops a line, so this only bounds the work on a pathological document; on the 543
#: train pages no document takes more than 6 (4 cut the re-scoring short and left one page
#: that a second cleaning changed).
MAX_PASSES = 16
#: Context ``gap`` also ends the article at an end marker (a comment-section heading a rule
#: found, :func:`cleantext.model.context.after_end_marker`) with at least this many characters of
#: kept text before it.
END_MIN_CHARS = 500
#: The end-of-article gap (``run``, ``high``; :func:`cleantext.model.context.after_gap`) of a
#: model file that does not name one (``cleantext train`` tunes it).
DEFAULT_GAP = (2, 0.6)
#: The learned end's settings (``threshold``, ``high``; :meth:`LineModel.learned_end`) of a
#: model file that has an end forest but does not name them.
DEFAULT_END = (0.9, 0.9)

_F = {name: k for k, name in enumerate(FEATURE_NAMES)}
_COPIED = tuple(_F[name] for name in _context.STACK_COPIED)
_WORDS, _IN_BLOCK, _CHARS = _F["words"], _F["in_block"], _F["chars"]
_TITLE_OFFSET, _TERMINAL = _F["title_offset"], _F["terminal"]
#: How many end candidates :meth:`LineModel.learned_end` scores at a time.
_END_CHUNK = 8
#: Why context ``gap`` dropped a line (the note a ``context`` drop carries,
#: :attr:`LineCall.note`): which end of the article it lies beyond (:meth:`LineModel.close`).
WHY_AFTER_GAP = "after the article's end: a gap of dropped lines below its main run of text"
WHY_BEFORE_GAP = "before the article's start: a gap of dropped lines above its main run of text"
WHY_LEARNED_END = "after the article's end, as the end forest reads the lines below its main run"
WHY_END_MARKER = "after the end marker {marker!r}"
#: The note a ``repeat`` drop carries when the line was one of two copies of a text printed
#: back to back inside the article (:func:`~cleantext.model.context.twin_copies`).
WHY_TWIN = "one of two copies printed back to back inside the article, like alt text over a caption"
#: How much of an end marker's text a note quotes.
_MARKER_CHARS = 60


@dataclass(frozen=True)
class LineCall:
    """The model's call on one line the rules left open."""

    kept: bool
    score: float
    reason: str  # "model", "context", "guard" or "repeat"
    category: str
    features: tuple[tuple[str, float], ...]
    # why context ``gap`` dropped the line (``WHY_*``), for a ``context`` drop; for a
    # ``repeat`` drop, :data:`WHY_TWIN` when neither copy stays
    note: str = ""


@dataclass(frozen=True)
class LineModel:
    """Trees, thresholds and context parameters of a trained model (see :func:`load_model`)."""

    stage1: Forest
    stage2: Forest | None
    thresholds: dict[str, dict[str, float]]
    trans: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    prior: float
    alpha: float
    band: tuple[float, float]
    meta: dict[str, Any]
    gap: tuple[int, float] = DEFAULT_GAP
    ender: Forest | None = None
    end: tuple[float, float] = DEFAULT_END

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        """Build from the JSON structure :meth:`to_dict` writes."""
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        if data.get("version") != VERSION or tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ValueError("model was trained with a different feature set; retrain it")
        stage2 = None
        if data.get("stage2") is not None:
            if tuple(data.get("stack_features", ())) != _context.STACK_NAMES:
                raise ValueError("model was trained with different stacked features; retrain it")
            stage2 = Forest.from_dict(data["stage2"], len(_context.STACK_NAMES))
        ender = None
        if data.get("ender") is not None:
            if tuple(data.get("end_features", ())) != END_NAMES:
                raise ValueError("model was trained with different end features; retrain it")
            ender = Forest.from_dict(data["ender"], len(END_NAMES))
        ctx = data["context"]
        t = ctx["transitions"]
        gap = ctx.get("gap")
        end = ctx.get("end")
        return cls(
            stage1=Forest.from_dict(data["stage1"], len(FEATURE_NAMES)),
            stage2=stage2,
            thresholds={mode: {k: float(v) for k, v in per.items()}
                        for mode, per in data["thresholds"].items()},
            trans=((float(t[0][0]), float(t[0][1])), (float(t[1][0]), float(t[1][1]))),
            start=(float(ctx["start"][0]), float(ctx["start"][1])),
            prior=float(ctx["prior"]),
            alpha=float(ctx["alpha"]),
            band=(float(ctx["band"][0]), float(ctx["band"][1])),
            meta=dict(data.get("training", {})),
            gap=DEFAULT_GAP if gap is None else (int(gap["run"]), float(gap["high"])),
            ender=ender,
            end=DEFAULT_END if end is None else (float(end["threshold"]), float(end["high"])),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (plain data only)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "features": list(FEATURE_NAMES),
            "stack_features": list(_context.STACK_NAMES),
            "end_features": list(END_NAMES),
            "thresholds": {mode: dict(per) for mode, per in self.thresholds.items()},
            "context": {
                "transitions": [list(self.trans[0]), list(self.trans[1])],
                "start": list(self.start),
                "prior": self.prior,
                "alpha": self.alpha,
                "band": list(self.band),
                "gap": {"run": self.gap[0], "high": self.gap[1]},
                "end": {"threshold": self.end[0], "high": self.end[1]},
            },
            "training": self.meta,
            "stage1": self.stage1.to_dict(),
            "stage2": self.stage2.to_dict() if self.stage2 is not None else None,
            "ender": self.ender.to_dict() if self.ender is not None else None,
        }

    def save(self, path: Path) -> None:
        """Write the model as JSON (trees on compact lines)."""
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
                        + "\n", encoding="utf-8")

    def threshold(self, mode: str, preset: str) -> float:
        """The P(content) threshold of a context mode and preset (0.5 when not tuned)."""
        return self.thresholds.get(mode, {}).get(preset, 0.5)

    def score(self, row: Sequence[float]) -> float:
        """First-stage P(content) of one feature vector."""
        return self.stage1.proba([row])[0]

    def sequence_scores(self, rows: Sequence[Sequence[float]], stat: Sequence[int],
                        skip: Sequence[bool] = ()) -> list[float]:
        """Per non-blank line: the first stage's score, or a fixed score for rule-decided lines
        (and for ``skip``ped lines, which are kept whatever they score)."""
        if skip:
            stat = [KEEP if k else s for s, k in zip(stat, skip, strict=True)]
        free = [r for r, s in zip(rows, stat, strict=True) if s == FREE]
        it = iter(self.stage1.proba(free))
        return [next(it) if s == FREE else RULE_KEEP_SCORE if s == KEEP else RULE_DROP_SCORE
                for s in stat]

    def stacked_scores(self, scores: Sequence[float], rows: Sequence[Sequence[float]],
                       stat: Sequence[int]) -> list[float]:
        """Second-stage scores (the first stage's where there is no second stage)."""
        if self.stage2 is None:
            return list(scores)
        feats = _context.stack_features(scores, stat, rows, _COPIED, _CHARS)
        free = [r for r, s in zip(feats, stat, strict=True) if s == FREE]
        it = iter(self.stage2.proba(free))
        return [next(it) if s == FREE else p for s, p in zip(stat, scores, strict=True)]

    def revise(self, scores: Sequence[float], mode: str, threshold: float,
               rows: Sequence[Sequence[float]] = (), stat: Sequence[int] = ()) -> list[bool]:
        """Keep/drop per line after the context pass ``mode`` (``stacked`` needs rows, stat)."""
        if mode in ("none", "gap"):
            return [s >= threshold for s in scores]
        if mode == "stacked":
            return [s >= threshold for s in self.stacked_scores(scores, rows, stat)]
        if mode == "neighbours":
            return [s >= threshold for s in _context.neighbours(scores, *self.band)]
        if mode == "hmm":
            post = _context.posteriors(scores, self.trans, self.start, self.prior, self.alpha)
            return [s >= threshold for s in post]
        if mode == "viterbi":
            bias = -math.log(threshold / (1.0 - threshold))
            return _context.viterbi(scores, self.trans, self.start, self.prior, self.alpha,
                                    bias)
        raise ValueError(f"unknown context mode {mode!r}")

    def close(self, scores: Sequence[float], rows: Sequence[Sequence[float]],
              stat: Sequence[int], final: list[bool], guarded: list[bool],
              mode: str, ruled: Sequence[int] = (), ends: EndMarkers = NO_END_MARKERS,
              idx: Sequence[int] = ()) -> tuple[list[bool], list[bool]]:
        """``final`` and ``guarded`` with the lines before the start and after the end of the
        article taken out (context ``gap`` only; :meth:`close_explained` without the notes)."""
        final, guarded, _why = self.close_explained(scores, rows, stat, final, guarded, mode,
                                                    ruled, ends, idx)
        return final, guarded

    def close_explained(self, scores: Sequence[float], rows: Sequence[Sequence[float]],
                        stat: Sequence[int], final: list[bool], guarded: list[bool],
                        mode: str, ruled: Sequence[int] = (),
                        ends: EndMarkers = NO_END_MARKERS, idx: Sequence[int] = (),
                        norm: Sequence[str] = ()) -> tuple[list[bool], list[bool], list[str]]:
        """``final`` and ``guarded`` (from :meth:`revise` and :func:`guard`) with the lines
        before the start and after the end of the article taken out of both (context ``gap``
        only): the gaps before and after the main run of text (``ruled``: lines a rule
        dropped before each line, :func:`~cleantext.model.context.rule_drops_before`; see
        :func:`~cleantext.model.context.before_gap` and
        :func:`~cleantext.model.context.after_gap`), the learned end (:meth:`learned_end`, when
        the model has an end forest), then the first end marker
        (``ends``; ``idx``: each line's document index) with :data:`END_MIN_CHARS` of kept
        text before it: a ``drop-to-end`` rule's line anywhere, an ``ends_article`` rule's
        line below the main run (:func:`~cleantext.model.context.below_run`). The main run
        the gaps and the learned end start from lies above the comments when an article is
        found above them (:func:`comments_start`).

        The third list says, per line taken out, why (``WHY_*``; ``""`` for the others): the
        first of the gap after the run, the gap before it, the learned end and the end marker
        (quoted from ``norm``, the document's normalised lines, when given) that takes it."""
        if mode != "gap":
            return final, guarded, [""] * len(scores)
        run, high = self.gap
        dropped = [s == FREE and not (f or g)
                   for s, f, g in zip(stat, final, guarded, strict=True)]
        chars = [r[_CHARS] for r in rows]
        weighed = _context.run_chars(rows, _CHARS, _F["list_item"])
        comments, cuts = run_limits(scores, rows, ends, idx, chars)
        found = _context.main_run(scores, weighed, run, ruled, comments, cuts)
        shut = _context.gap_after_run(found, scores, stat, dropped, run, high, ruled)
        why = [WHY_AFTER_GAP if c else "" for c in shut]
        head = _context.gap_before_run(found, scores, stat, dropped, run, high, ruled,
                                       [r[_IN_BLOCK] > 0 for r in rows])
        shut = _add_cause(shut, head, why, WHY_BEFORE_GAP)
        if self.ender is not None and found is not None:
            late = self.learned_end(scores, rows, stat, ruled, comments, cuts, found)
            shut = _add_cause(shut, late, why, WHY_LEARNED_END)
        markers: list[int] = list(ends.anywhere)
        if ends.below_run:
            markers = _context.below_run(ends, found, idx)
        if markers:
            kept = [s == KEEP or ((f or g) and not c)
                    for s, f, g, c in zip(stat, final, guarded, shut, strict=True)]
            first = _context.first_end_marker(idx, chars, kept, markers, END_MIN_CHARS)
            if first is not None:
                quoted = _quote(norm[first[0]]) if norm else ""
                shut = _add_cause(shut, _context.after_end_marker(first, stat), why,
                                  WHY_END_MARKER.format(marker=quoted))
        final, guarded = _take_out(final, guarded, shut)
        return final, guarded, why

    def learned_end(self, scores: Sequence[float], rows: Sequence[Sequence[float]],
                    stat: Sequence[int], ruled: Sequence[int] = (),
                    comments: int | None = None, cuts: Collection[int] = (),
                    found: tuple[int, int] | None = None) -> list[bool]:
        """Per line: whether it comes after the end the end forest finds
        (:mod:`cleantext.model.ending`), the rules left it open, it scores under the end's
        ``high`` and it is not a sentence of :data:`GUARD_WORDS` words or more inside the
        document's main prose block (the long-prose guard's lines, :func:`guard`). The end is
        the first line after the main run whose P(the article is over) reaches the end's
        ``threshold``; no end forest, no end.

        Such sentences are spared because an end found too early must not eat the article's
        last paragraphs (a list between two paragraphs reads like a teaser list to the
        forest). A sentence outside the main prose block (a teaser's standfirst, an author's
        bio) is not: it is as much the page's as the lines around it. The comment threads
        after an article, long prose too, are left to the gap and the end markers
        (:meth:`close`). ``comments``: where the comments begin, for the main run
        (:func:`comments_start`); ``cuts``: where it may not continue
        (:func:`~cleantext.model.context.marker_cuts`); ``found``: the main run, when the
        caller has it (``None``: worked out here)."""
        out = [False] * len(scores)
        if self.ender is None:
            return out
        threshold, high = self.end
        # The candidates are read a few at a time: the end is usually among the first.
        candidates = iter_candidates(scores, rows, stat, ruled, self.gap[0], _CHARS, comments,
                                     cuts, found)
        while chunk := list(itertools.islice(candidates, _END_CHUNK)):
            first = first_end(self.ender.proba([f for _, f in chunk]), threshold)
            if first is not None:
                break
        else:
            return out
        for j in range(chunk[first][0], len(scores)):
            row = rows[j]
            out[j] = (stat[j] == FREE and scores[j] < high
                      and not (row[_WORDS] >= GUARD_WORDS and row[_TERMINAL]
                               and row[_IN_BLOCK] > 0))
        return out

    def explain_row(self, row: Sequence[float],
                    stacked: Sequence[float] | None = None) -> tuple[tuple[str, float], ...]:
        """The strongest contributions to the log-odds along the first trees' paths, largest
        first (second-stage features when ``stacked`` is given and there is a second stage)."""
        if stacked is not None and self.stage2 is not None:
            contrib = self.stage2.contributions(stacked, EXPLAIN_TREES)
            names = _context.STACK_NAMES
        else:
            contrib = self.stage1.contributions(row, EXPLAIN_TREES)
            names = FEATURE_NAMES
        top = sorted(contrib.items(), key=lambda kv: -abs(kv[1]))[:_TOP_FEATURES]
        return tuple((names[k], round(v, 3)) for k, v in top)

    def _pass(self, norm: Sequence[str], raw: Sequence[str], status: Sequence[int],
              is_prose: Sequence[bool], title: int | None, threshold: float,
              mode: str, explain: bool, first: bool, ends: EndMarkers = NO_END_MARKERS,
              cache: LineCache | None = None) -> tuple[_Pass, _Pass, bool]:
        """One pass of the model over the lines ``status`` does not mark dropped: the pass
        before its end-finding (scores and context revision), the pass's calls, and whether
        the calls read anything the cleaned text will not hold (rule drops between the lines,
        end markers; always ``True`` after the first pass, which alone closes the gaps)."""
        idx, rows = extract(norm, raw, status, is_prose, title, cache)
        stat = [status[i] for i in idx]
        lines = [norm[i] for i in idx]
        guarded = guard(rows, lines, stat)
        # Without context smoothing a guarded line's score decides nothing: unless it is to
        # be explained, it is not scored at all. The gap context reads every line's score.
        skip = guarded if mode == "none" and not explain else ()
        scores = self.sequence_scores(rows, stat, skip)
        opened = _Pass(idx, rows, stat, scores, self.revise(scores, mode, threshold, rows, stat),
                       guarded, [False] * len(idx), [raw[i] for i in idx], lines)
        if first and mode == "gap":  # the article ends once; later passes re-check the rest
            ruled = _context.rule_drops_before(idx, status, norm)
            marked = ends.any() or any(ruled)
            return opened, self._finish(opened, mode, "close", norm, ruled, ends), marked
        # Later passes look for the end again, on the page as its cleaned text will read (no
        # rule drops between the lines); see decide() for how cleaning stays idempotent.
        return opened, self._finish(opened, mode, "end" if mode == "gap" else "", norm), True

    def _finish(self, opened: _Pass, mode: str, closing: str, norm: Sequence[str],
                ruled: Sequence[int] = (), ends: EndMarkers = NO_END_MARKERS) -> _Pass:
        """A pass's keep/drop calls from its scores and context revision (``opened``): with
        ``closing`` ``"close"`` the article's start and end taken out (:meth:`close`), with
        ``"end"`` only the learned end (:meth:`learned_end`); then numbered lists continued
        and repeated lines dropped. The result says why the ending took each line out
        (``norm``: the document's normalised lines, to quote an end marker and to see which
        lines stand back to back)."""
        idx, rows, stat, scores = opened.idx, opened.rows, opened.stat, opened.scores
        final, guarded = opened.final, opened.guarded
        why: Sequence[str] = ()
        if closing == "close":
            final, guarded, why = self.close_explained(scores, rows, stat, final, guarded,
                                                       mode, ruled, ends, idx, norm)
        elif closing == "end" and self.ender is not None:
            late = self.learned_end(scores, rows, stat)
            final, guarded = _take_out(final, guarded, late)
            why = [WHY_LEARNED_END if x else "" for x in late]
        final = continue_lists(final, guarded, stat, opened.raw)
        final, guarded, copies, twins = drop_repeats(final, guarded, stat, scores, rows,
                                                     opened.lines, idx, norm, opened.raw)
        if any(copies):  # a copy's note says whether it was a twin, and nothing else
            why = [WHY_TWIN if t else "" if c else w
                   for c, t, w in zip(copies, twins, why or [""] * len(idx), strict=True)]
        return _Pass(idx, rows, stat, scores, final, guarded, copies, opened.raw, opened.lines,
                     why)

    def decide(self, norm: Sequence[str], raw: Sequence[str], status: Sequence[int],
               is_prose: Sequence[bool], title: int | None, preset: str,
               mode: str, explain: bool = True,
               ends: EndMarkers = NO_END_MARKERS) -> dict[int, LineCall]:
        """Calls for the ``FREE`` lines of one document, keyed by line index.

        The document is re-scored without the lines the model dropped until nothing more is
        dropped (at most :data:`MAX_PASSES` passes), so that cleaning a cleaned text changes
        nothing: the last pass saw exactly the lines that are kept, and they score the same
        in the cleaned text. Context ``gap`` ends the article on the first pass only (a later
        pass would end it again at lines that pass re-scored, eating into the article); the
        learned end (:meth:`learned_end`) is looked for on every pass, on later ones without
        the rule drops between lines, as the cleaned text has none. The first pass of
        cleaning the cleaned text ends the article too, without the rule drops and end
        markers the last pass read, so once a pass drops nothing its ending is checked as
        that first pass will make it (:meth:`close` on the same scores, no rule drops, no end
        markers); the lines the check drops are dropped ("context") and the lines re-scored.
        ``ends``: the end markers, lines a rule dropped as the start of the comments or of the
        author box, or as chrome that ends the article below its main run (see :meth:`close`).
        The features of each line's own text are computed on the first pass and reused by the
        later ones (:class:`~cleantext.model.features.LineCache`).
        """
        threshold = self.threshold(mode, preset)
        current = list(status)
        calls: dict[int, LineCall] = {}
        cache = LineCache()  # each line's own features, for every pass
        for k in range(MAX_PASSES):
            opened, ps, marked = self._pass(norm, raw, current, is_prose, title, threshold,
                                            mode, explain, first=k == 0, ends=ends, cache=cache)
            dropped = False
            stacked: list[tuple[float, ...]] | None = None
            for j, i in enumerate(ps.idx):
                if ps.stat[j] != FREE:
                    continue
                kept = ps.final[j] or ps.guarded[j]
                if kept and not explain:
                    calls[i] = _KEPT
                    continue
                if kept:
                    reason = ("guard" if not ps.final[j] else
                              "model" if ps.scores[j] >= threshold else "context")
                    calls[i] = LineCall(True, round(ps.scores[j], 4), reason, "content", ())
                    continue
                if not explain:
                    calls[i] = _DROPPED
                    current[i] = DROP
                    dropped = True
                    continue
                if mode == "stacked" and self.stage2 is not None and stacked is None:
                    stacked = _context.stack_features(ps.scores, ps.stat, ps.rows, _COPIED,
                                                      _CHARS)
                feats = self.explain_row(ps.rows[j], stacked[j] if stacked else None)
                reason = ("repeat" if ps.copies[j] else
                          "context" if ps.scores[j] >= threshold else "model")
                calls[i] = LineCall(False, round(ps.scores[j], 4), reason,
                                    _category(norm[i], ps.rows[j], j, len(ps.idx)), feats,
                                    ps.why[j] if reason in ("context", "repeat") and ps.why else "")
                current[i] = DROP
                dropped = True
            if not dropped and mode == "gap" and marked:
                dropped = self._drop_as_cleaned(opened, ps, calls, current, norm, explain)
            if not dropped:
                break
        return calls

    def _drop_as_cleaned(self, opened: _Pass, ps: _Pass, calls: dict[int, LineCall],
                         current: list[int], norm: Sequence[str], explain: bool) -> bool:
        """Drop (in ``calls`` and ``current``) the lines pass ``ps`` kept that the first pass
        of cleaning the cleaned text would drop: its ending (:meth:`close`) on the same
        scores without the rule drops and end markers ``ps`` read (context ``gap``, a pass
        that dropped nothing). Whether any line was dropped."""
        check = self._finish(opened, "gap", "close", norm)
        dropped = False
        for j, i in enumerate(ps.idx):
            if (ps.stat[j] != FREE or not (ps.final[j] or ps.guarded[j])
                    or check.final[j] or check.guarded[j]):
                continue
            current[i] = DROP
            dropped = True
            if not explain:
                calls[i] = _DROPPED
                continue
            calls[i] = LineCall(False, round(ps.scores[j], 4),
                                "repeat" if check.copies[j] else "context",
                                _category(norm[i], ps.rows[j], j, len(ps.idx)),
                                self.explain_row(ps.rows[j]),
                                check.why[j] if check.why else "")
        return dropped


#: The calls on a line when no explanation is wanted (only ``kept`` is read).
_DROPPED = LineCall(False, 0.0, "model", "boilerplate", ())
_KEPT = LineCall(True, 1.0, "model", "content", ())


@dataclass(frozen=True)
class _Pass:
    idx: list[int]
    rows: list[tuple[float, ...]]
    stat: list[int]
    scores: list[float]
    final: list[bool]
    guarded: list[bool]
    copies: list[bool]
    raw: list[str]  # the lines as written
    lines: list[str]  # the normalised lines
    why: Sequence[str] = ()  # why the context dropped each line (``WHY_*``; "" for none)


def continue_lists(final: Sequence[bool], guarded: Sequence[bool], stat: Sequence[int],
                   lines: Sequence[str]) -> list[bool]:
    """``final`` with the numbered items that continue a kept numbered item kept too
    (:func:`~cleantext.model.context.numbered_continuations`; ``lines``: the model's lines
    as written), in every context mode."""
    kept = [f or g for f, g in zip(final, guarded, strict=True)]
    more = _context.numbered_continuations(lines, kept, stat)
    return [f or c for f, c in zip(final, more, strict=True)]


def drop_repeats(final: Sequence[bool], guarded: Sequence[bool], stat: Sequence[int],
                 scores: Sequence[float], rows: Sequence[Sequence[float]],
                 lines: Sequence[str], idx: Sequence[int], doc_lines: Sequence[str],
                 written: Sequence[str]
                 ) -> tuple[list[bool], list[bool], list[bool], list[bool]]:
    """``final`` and ``guarded`` without the kept lines that repeat another kept line's text
    (:func:`~cleantext.model.context.repeated_copies`) or stand twice back to back inside
    the article (:func:`~cleantext.model.context.twin_copies`), in every context mode;
    then the flags of all those copies, and of the twins among them. ``lines``: the
    model's normalised lines, ``written`` the same lines as written, ``idx`` their indices
    among the document's normalised ``doc_lines``."""
    kept = [f or g for f, g in zip(final, guarded, strict=True)]
    title = _title_line(rows)
    in_block = [r[_IN_BLOCK] > 0 for r in rows]
    twins = _context.twin_copies(lines, kept, guarded, stat, in_block,
                                 _context.back_to_back(idx, doc_lines, written), title)
    copies = [c or t for c, t in zip(
        _context.repeated_copies(lines, kept, stat, scores, in_block, title), twins, strict=True)]
    if not any(copies):
        return list(final), list(guarded), copies, twins
    return (*_take_out(final, guarded, copies), copies, twins)


def run_limits(scores: Sequence[float], rows: Sequence[Sequence[float]], ends: EndMarkers,
               idx: Sequence[int], chars: Sequence[float] | None = None,
               ) -> tuple[int | None, frozenset[int]]:
    """What bounds the main run of context ``gap`` (``ends``: the end markers, ``idx``: each
    model line's document index): the line where the comments begin
    (:func:`comments_start`) and the lines it does not continue into
    (:func:`~cleantext.model.context.marker_cuts`). Closing the article and training the end
    forest both read them here, so that the forest learns from the runs it will see.
    ``chars``: each line's length, when the caller has them (read from ``rows`` otherwise)."""
    if not ends.any():
        return None, frozenset()
    if chars is None:
        chars = [r[_CHARS] for r in rows]
    cuts = _context.marker_cuts(ends, idx, scores, chars, END_MIN_CHARS)
    return comments_start(scores, rows, ends.anywhere, idx, chars), cuts


def comments_start(scores: Sequence[float], rows: Sequence[Sequence[float]],
                   ends: Sequence[int], idx: Sequence[int],
                   chars: Sequence[float]) -> int | None:
    """The model line where the comments begin
    (:func:`~cleantext.model.context.comments_start`; ``ends``: the end markers' document
    indices, ``idx``: each model line's, ``chars``: each line's length), with the headline
    and the prose flags read from the feature ``rows``."""
    if not ends:
        return None
    title = _title_line(rows)
    return _context.comments_start(idx, ends, scores, chars,
                                   [r[_F["prose"]] > 0 for r in rows], title)


def _title_line(rows: Sequence[Sequence[float]]) -> int:
    """The headline's model line, read from the feature ``rows`` (``-1`` when none)."""
    return next((j for j, r in enumerate(rows) if r[_TITLE_OFFSET] == 0.0), -1)


def _quote(line: str) -> str:
    """``line`` as a note quotes it: its first :data:`_MARKER_CHARS` characters."""
    return line if len(line) <= _MARKER_CHARS else line[:_MARKER_CHARS - 1] + "…"


def _add_cause(shut: Sequence[bool], more: Sequence[bool], why: list[str],
               cause: str) -> list[bool]:
    """``shut`` with the lines ``more`` flags shut too, each newly shut line's ``why`` set to
    ``cause``."""
    out = list(shut)
    for j, (c, m) in enumerate(zip(shut, more, strict=True)):
        if m and not c:
            out[j] = True
            why[j] = cause
    return out


def _take_out(final: Sequence[bool], guarded: Sequence[bool],
              out: Sequence[bool]) -> tuple[list[bool], list[bool]]:
    """``final`` and ``guarded`` with the lines flagged in ``out`` kept by neither."""
    return ([f and not o for f, o in zip(final, out, strict=True)],
            [g and not o for g, o in zip(guarded, out, strict=True)])


def guard(rows: Sequence[Sequence[float]], lines: Sequence[str], stat: Sequence[int],
          anywhere: bool | None = None) -> list[bool]:
    """Lines of long well-formed prose the model may not drop: at least :data:`GUARD_WORDS`
    words, ending a sentence, inside the document's main prose block (``lines`` are the
    normalised lines the rows describe). With ``anywhere`` (default :data:`GUARD_ANYWHERE`)
    any line of running text that long is kept, inside the main block or not
    (:func:`cleantext.structure.is_prose`)."""
    if anywhere is None:
        anywhere = GUARD_ANYWHERE
    if anywhere:
        return [s != DROP and r[_WORDS] >= GUARD_WORDS and is_prose(line)
                for r, line, s in zip(rows, lines, stat, strict=True)]
    return [s != DROP and r[_WORDS] >= GUARD_WORDS and r[_IN_BLOCK] > 0
            and line.rstrip(_CLOSERS)[-1:] in _SENTENCE_END
            for r, line, s in zip(rows, lines, stat, strict=True)]


def _category(line: str, row: Sequence[float], j: int, m: int) -> str:
    """A guess at the kind of chrome a dropped line is."""
    low = line.lower()
    if low.startswith(("by ", "von ", "par ")):
        return "byline"
    if row[_F["copyright"]]:
        return "legal"
    if row[_F["url"]] or row[_F["handle"]]:
        return "share"
    if (row[_F["date"]] or row[_F["month_word"]] or row[_F["time"]]) and row[_WORDS] < 10:
        return "dateline"
    if row[_F["block_after"]] > 0:
        return "related" if row[_WORDS] > 6 else "footer"
    if row[_F["block_before"]] > 0 or row[_F["list_item"]] or row[_F["short_run"]]:
        return "nav"
    return "boilerplate"


def load_model(path: Path | None = None) -> LineModel:
    """Load a model JSON; ``None`` loads the one shipped in the package."""
    if path is None:
        text = resources.files("cleantext.model").joinpath("default.json").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("model JSON must be an object")
    return LineModel.from_dict(data)
