"""The pipeline: mojibake fix, rules, structure, (model, context), assembly.

:class:`Cleaner` compiles everything a :class:`~cleantext.config.Config` names once; the
module-level :func:`clean` and :func:`clean_and_explain` reuse one cleaner per configuration.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator, Sequence

from cleantext import lines as _lines
from cleantext.config import Config
from cleantext.headline import find_title
from cleantext.learned import learned_notes, load_templates
from cleantext.metadata import MetadataBuilder, merge
from cleantext.model.context import EndMarkers
from cleantext.model.features import DROP, FREE, KEEP
from cleantext.model.linear import LineCall, LineModel, load_model
from cleantext.mojibake import fix_lines
from cleantext.result import BLANK, CONTENT, Cleaned, Decision
from cleantext.rules.engine import RuleSet, Verdict
from cleantext.rules.schema import Rule, check_unique, load_builtin_packs, load_pack
from cleantext.structure import Layout, kept_layout, layout


def load_rules(config: Config) -> tuple[Rule, ...]:
    """The rules a configuration asks for: shipped packs, then user packs, minus disabled ids."""
    rules: list[Rule] = list(load_builtin_packs()) if config.builtin_rules else []
    for path in config.rule_packs:
        rules.extend(load_pack(path))
    check_unique(rules)
    known = {r.id for r in rules}
    unknown = sorted(config.disabled_rules - known)
    if unknown:
        raise ValueError(f"disabled_rules names unknown rule id(s): {', '.join(unknown)}")
    return tuple(r for r in rules if r.id not in config.disabled_rules)


class Cleaner:
    """Cleans documents with one configuration; build it once, call it for many documents."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.rules = RuleSet(load_rules(self.config), timeout=self.config.rule_timeout)
        self.model: LineModel | None = (
            load_model(self.config.model_path) if self.config.use_model else None)
        self.templates = load_templates(self.config.profile_path)

    def clean(self, text: str, source: str | None = None) -> str:
        """The cleaned text of one document (what :meth:`explain` returns as ``text``, without
        building the per-line decisions and explanations; ``source``: see :meth:`explain`)."""
        _check_str(text)
        for _ in range(SETTLE_ROUNDS):
            text, settled = self._clean_round(text, source)
            if settled:
                break
        return text

    def _clean_round(self, text: str, source: str | None) -> tuple[str, bool]:
        """One cleaning of ``text``, and whether cleaning its output would leave it as it is
        as far as the zone rules go (:meth:`_settled`)."""
        doc = _lines.split(text)
        texts, _notes, norm, shape, verdicts, title = self._analyse(doc.lines, [], source)
        calls, title = self._model_calls(texts, norm, shape, verdicts, title, explain=False)
        kept = [True] * len(norm)
        out_texts = texts
        for i, outcome, verdict, call in _outcomes(norm, verdicts, calls, title):
            if call is not None:
                kept[i] = call.kept
            elif outcome == _DROP:
                kept[i] = False
            elif outcome == _STRIP:
                assert verdict is not None  # a strip comes with its rule's verdict
                if out_texts is texts:
                    out_texts = list(texts)
                out_texts[i] = _strip(texts[i], verdict)
        return (_lines.join(doc, kept, out_texts),
                self._settled(norm, shape, verdicts, kept))

    def explain(self, text: str, source: str | None = None) -> Cleaned:
        """The cleaned text with one :class:`Decision` per input line and the metadata.

        ``source`` names the document's source in the profile (default: ``config.source``).
        When the output would not clean to itself (:meth:`_settled`), the output is cleaned
        again (at most :data:`SETTLE_ROUNDS` times in all) and each line's decision is its
        last round's.
        """
        _check_str(text)
        result, settled = self._explain_round(text, source)
        for _ in range(SETTLE_ROUNDS - 1):
            if settled:
                break
            later, settled = self._explain_round(result.text, source)
            result = _compose(result, later)
        return result

    def _explain_round(self, text: str, source: str | None) -> tuple[Cleaned, bool]:
        """:meth:`explain` of ``text`` in one round, and whether it is settled
        (:meth:`_settled`)."""
        doc = _lines.split(text)
        raw = doc.lines
        n = len(raw)
        problems: list[str] = []
        texts, fix_notes, norm, shape, verdicts, title = self._analyse(raw, problems, source)
        calls, title = self._model_calls(texts, norm, shape, verdicts, title)

        kept = [True] * n
        out_texts = list(texts)
        decisions: list[Decision] = []
        meta = MetadataBuilder()
        if title is not None:
            meta.title = texts[title].strip()
        for i, outcome, verdict, call in _outcomes(norm, verdicts, calls, title):
            notes = (fix_notes[i],) if i in fix_notes else ()
            output = texts[i] if i in fix_notes else None
            if outcome == _BLANK:
                # a line the mojibake fix left blank ('Â\xa0' -> '\xa0') is written fixed
                decisions.append(Decision(i + 1, raw[i], True, BLANK, "blank", output=output,
                                          notes=notes))
                continue
            if call is not None:
                kept[i] = call.kept
                decisions.append(Decision(
                    i + 1, raw[i], call.kept, call.category, call.reason, score=call.score,
                    features=call.features, output=output if call.kept else None,
                    notes=(*notes, call.note) if call.note else notes))
                continue
            if verdict is None or outcome == _KEEP:
                reason = verdict.rule.id if verdict else (
                    "structure:title" if i == title else "default")
                decisions.append(Decision(i + 1, raw[i], True, CONTENT, reason,
                                          output=output, notes=notes))
                continue
            if outcome == _STRIP:
                out_texts[i] = _strip(texts[i], verdict)
                decisions.append(Decision(i + 1, raw[i], True, CONTENT, verdict.rule.id,
                                          output=out_texts[i], notes=notes))
                continue
            kept[i] = False
            if not verdict.via:
                meta.add_groups(verdict.groups, norm[i], verdict.category)
            reason = verdict.rule.id + (f" ({verdict.via})" if verdict.via else "")
            decisions.append(Decision(i + 1, raw[i], False, verdict.category, reason,
                                      notes=notes + learned_notes(verdict)))
        cleaned = _lines.join(doc, kept, out_texts)
        return (Cleaned(cleaned, tuple(decisions), meta.build(), tuple(problems)),
                self._settled(norm, shape, verdicts, kept))

    def _settled(self, norm: list[str], shape: Layout, verdicts: list[Verdict | None],
                 kept: list[bool]) -> bool:
        """Whether the cleaned text (the lines ``kept`` marks) needs no second cleaning for
        the zone rules' sake.

        A zone rule (a byline above the first paragraph, a cut caption after the last) sees a
        line by its place before the first or after the last prose line. Dropping prose lines
        (a teaser, a comment) moves those places, so a line the first cleaning kept may be in
        a zone of the cleaned text, where the rule drops it: cleaning would not be idempotent.
        ``False`` when a zone drop rule matches a kept line that only the cleaned text's zones
        hold (and no rule protected)."""
        after = kept_layout(norm, shape, kept)
        if after.first_prose == shape.first_prose and after.last_prose == shape.last_prose:
            return True
        moved = [i for i, k in enumerate(kept)
                 if k and norm[i] and not _protected(verdicts[i])
                 and ((after.leading(i) and not shape.leading(i))
                      or (after.trailing(i) and not shape.trailing(i)))]
        return not (moved and self.rules.zone_drops_any(norm, moved, after))

    def _analyse(self, raw: Sequence[str], problems: list[str], source: str | None = None,
                 ) -> tuple[
            list[str], dict[int, str], list[str], Layout, list[Verdict | None], int | None]:
        """Everything before the model: fixed lines and their notes, normalised lines, the
        layout, the rule verdicts and the title index (rule problems go to ``problems``;
        ``source`` ``None`` means ``config.source``)."""
        if self.config.fix_mojibake:
            texts, fix_notes = fix_lines(raw)
        else:
            texts, fix_notes = list(raw), {}
        norm = _lines.normalise_all(texts)
        shape = layout(norm)
        verdicts = self.rules.verdicts(norm, shape, texts, problems)
        if self.templates is not None:
            self.templates.mark(texts, verdicts,
                                self.config.source if source is None else source)
        return texts, fix_notes, norm, shape, verdicts, _find_title(norm, texts, verdicts,
                                                                      shape)

    def _model_calls(self, texts: list[str], norm: list[str], shape: Layout,
                     verdicts: list[Verdict | None], title: int | None,
                     explain: bool = True) -> tuple[dict[int, LineCall], int | None]:
        """The learned model's calls on the lines no rule decided (none without a model) and
        the title; ``explain=False`` skips the strongest-feature explanations of dropped
        lines.

        Cleaning the cleaned text looks for the headline among the lines kept, and a page
        whose first line the model dropped may open, cleaned, with another candidate. So the
        headline is looked for again among the kept lines; when it is another line, the
        model decides the kept lines again with that title, as cleaning the cleaned text
        would (at most :data:`TITLE_ROUNDS` rounds in all). Lines dropped in a round stay
        dropped, with that round's call. Without this, cleaning was not idempotent on such
        pages.
        """
        if self.model is None:
            return {}, title
        status = _rule_status(norm, verdicts, title)
        calls = self.model.decide(norm, texts, status, shape.prose, title, self.config.preset,
                                  self.config.context, explain=explain,
                                  ends=end_markers(verdicts))
        for _ in range(TITLE_ROUNDS - 1):
            for i, call in calls.items():
                if not call.kept:
                    status[i] = DROP
            found = _find_title(norm, texts, verdicts, shape, status)
            if found == title:
                break
            if title is not None:  # the old title is the model's again, unless a rule kept it
                status[title] = FREE if verdicts[title] is None else KEEP
            if found is not None:
                status[found] = KEEP
            title = found
            # the kept lines alone, as the cleaned text holds them
            idx = [i for i, s in enumerate(status) if s != DROP]
            where = {i: j for j, i in enumerate(idx)}
            latest = self.model.decide(
                [norm[i] for i in idx], [texts[i] for i in idx], [status[i] for i in idx],
                [shape.prose[i] for i in idx], None if title is None else where[title],
                self.config.preset, self.config.context, explain=explain)
            calls.update((idx[j], call) for j, call in latest.items())
        return calls, title


def _check_str(text: object) -> None:
    if not isinstance(text, str):
        raise TypeError(
            f"cleantext cleans str, not {type(text).__name__}; decode bytes first "
            "(for example data.decode('utf-8'))")


#: How many times at most the model decides a document: once, then again on the lines it kept
#: while the headline found among them is another line (:meth:`Cleaner._model_calls`).
TITLE_ROUNDS = 3

#: How many times at most one document is cleaned: once, then again while its output would not
#: clean to itself (:meth:`Cleaner._settled`).
SETTLE_ROUNDS = 3

#: What happens to a line (:func:`_outcomes`).
_BLANK, _MODEL, _KEEP, _STRIP, _DROP = range(5)


def _outcomes(norm: list[str], verdicts: list[Verdict | None], calls: dict[int, LineCall],
              title: int | None) -> Iterator[tuple[int, int, Verdict | None, LineCall | None]]:
    """Per line: its index, what happens to it, its rule verdict and the model's call (the
    model decides only lines no rule decided, the title excepted; a rule's protect keeps)."""
    for i, verdict in enumerate(verdicts):
        if not norm[i]:
            yield i, _BLANK, verdict, None
            continue
        call = calls.get(i) if verdict is None and i != title else None
        if call is not None:
            yield i, _MODEL, verdict, call
        elif verdict is None or verdict.action == "protect":
            yield i, _KEEP, verdict, None
        elif verdict.action == "strip":
            yield i, _STRIP, verdict, None
        else:
            yield i, _DROP, verdict, None


def _protected(verdict: Verdict | None) -> bool:
    return verdict is not None and verdict.action == "protect"


def _compose(first: Cleaned, second: Cleaned) -> Cleaned:
    """The cleaning of ``first``'s input in two rounds, ``second`` being the cleaning of
    ``first.text``: each line ``first`` wrote takes its decision in ``second`` (under its
    own number and text), the metadata of both are merged and the title is ``second``'s.
    The lines ``first`` wrote are the kept lines whose written text is not blank; ``second``
    decides them, in order, as its non-blank lines."""
    later = iter([d for d in second.decisions if d.category != BLANK])
    decisions: list[Decision] = []
    for d in first.decisions:
        if d.kept and d.category != BLANK and _lines.normalise(
                d.line if d.output is None else d.output):
            e = next(later)
            output = (d.output if e.output is None else e.output) if e.kept else None
            d = Decision(d.line_no, d.line, e.kept, e.category, e.reason, score=e.score,
                         features=e.features, output=output, notes=d.notes + e.notes)
        decisions.append(d)
    metadata = dataclasses.replace(merge(first.metadata, second.metadata),
                                   title=second.metadata.title)
    return Cleaned(second.text, tuple(decisions), metadata, first.problems + second.problems)


def _rule_status(norm: list[str], verdicts: list[Verdict | None], title: int | None) -> list[int]:
    """Per line: ``DROP`` (a rule dropped it), ``KEEP`` (protected, stripped, title) or ``FREE``."""
    status = [FREE] * len(norm)
    for i, verdict in enumerate(verdicts):
        if verdict is not None:
            status[i] = DROP if verdict.action == "drop" else KEEP
    if title is not None:
        status[title] = KEEP
    return status


def model_inputs(cleaner: Cleaner, text: str) -> tuple[
        tuple[str, ...], list[str], list[str], tuple[bool, ...], list[int], int | None,
        EndMarkers]:
    """What the model sees of ``text`` under ``cleaner``'s rules (for training and tests):
    raw lines, fixed lines, normalised lines, prose flags, rule status, title index, end
    markers (:func:`end_markers`)."""
    raw = _lines.split(text).lines
    texts, _notes, norm, shape, verdicts, title = cleaner._analyse(raw, [])
    return (raw, texts, norm, shape.prose, _rule_status(norm, verdicts, title), title,
            end_markers(verdicts))


def end_markers(verdicts: Sequence[Verdict | None]) -> EndMarkers:
    """The lines where a rule saw the article end, for the model's ``gap`` context: those a
    ``drop-to-end`` rule matched on its own line (a comment-section heading, an author box),
    where the article may end even when the rule itself, in the first half of the text,
    dropped only that line; and those an ``ends_article`` rule dropped, which end it below its
    main run of text."""
    own = [(i, v.rule) for i, v in enumerate(verdicts)
           if v is not None and not v.via and v.action == "drop"]
    return EndMarkers(tuple(i for i, rule in own if rule.action == "drop-to-end"),
                      tuple(i for i, rule in own if rule.ends_article))


def _find_title(norm: list[str], texts: list[str], verdicts: list[Verdict | None],
                shape: Layout, status: Sequence[int] = ()) -> int | None:
    """The headline's index (:func:`cleantext.headline.find_title`) among lines no rule
    dropped that are not list items (``texts``: the lines as written); with ``status``, among
    the lines it does not mark ``DROP`` (the model's drops too)."""
    if status:
        dropped = [s == DROP for s in status]
    else:
        dropped = [v is not None and v.action == "drop" for v in verdicts]
    return find_title(norm, dropped, shape, texts)


def _strip(text: str, verdict: Verdict) -> str:
    """``text`` without the prefix the rule matched (measured on the normalised line)."""
    stripped = text.lstrip()
    marker = _lines.LIST_MARKER.match(text)
    if marker:
        stripped = text[marker.end():]
    # The match ran over the normalised line, whose whitespace runs are squeezed; walk the raw
    # line consuming the same number of non-space characters.
    want = sum(1 for ch in _lines.normalise(text)[: verdict.strip_to] if not ch.isspace())
    pos = 0
    while pos < len(stripped) and want:
        if not stripped[pos].isspace():
            want -= 1
        pos += 1
    return stripped[pos:].lstrip()


@functools.lru_cache(maxsize=8)
def _cleaner_for(config: Config) -> Cleaner:
    return Cleaner(config)


def get_cleaner(config: Config | None = None) -> Cleaner:
    """The shared :class:`Cleaner` for ``config`` (built on first use, then reused; one for
    all sources, so pass ``config.source`` to its methods)."""
    config = config or Config()
    return _cleaner_for(config if config.source is None else config.replace(source=None))


def clean(text: str, config: Config | None = None) -> str:
    """Strip site chrome from the plain text of one scraped article.

    >>> clean("Skip to main content\\n\\nPolice to share command centre in Calais\\n")
    'Police to share command centre in Calais\\n'
    """
    return get_cleaner(config).clean(text, config.source if config else None)


def clean_and_explain(text: str, config: Config | None = None) -> Cleaned:
    """Like :func:`clean`, with a :class:`Decision` for every input line and the metadata."""
    return get_cleaner(config).explain(text, config.source if config else None)
