"""Compiled rules: few passes over a whole document, bounded by timeouts.

All rules of one (protect/drop, scope) group are compiled into one alternation with a named
group per rule, run over the whole normalised document at once (``MULTILINE``), so a line costs
a handful of C-level regex steps however many rules there are. A pass that exceeds its time
budget (a catastrophically backtracking user pattern) falls back to line by line, then rule by
rule on the offending line, so the culprit is reported and every other line is still cleaned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import regex

from cleantext.lines import LIST_MARKER
from cleantext.rules.schema import Rule
from cleantext.structure import Layout, word_count

_WHOLE_SCOPES = ("standalone", "leading", "trailing")
#: Whole-line rules (standalone, leading, trailing) without ``max_words`` apply to lines of at
#: most this many words: chrome that fills a whole line is short.
WHOLE_LINE_MAX_WORDS = 40
#: Lines of at most this many words have their rule hits remembered across documents.
MEMO_MAX_WORDS = 12
MEMO_MAX_ENTRIES = 200_000
#: How many leading characters of a line pick the rules worth trying on it.
PREFIX_CHARS = 3
PREFIX_CACHE_ENTRIES = 100_000


@dataclass(frozen=True)
class Hit:
    """A rule that matched a line: the rule, its named groups, and where the match ended."""

    rule: Rule
    groups: dict[str, str | None]
    end: int


@dataclass(frozen=True)
class Verdict:
    """What the rules decided for one line."""

    action: str  # "drop", "protect" or "strip"
    rule: Rule
    groups: dict[str, str | None]
    category: str
    strip_to: int = 0
    via: str = ""  # "" for the rule's own line, or "block", "to-end", "caption"


class _Group:
    """Rules of one scope and one kind (protect or drop), compiled into one pattern."""

    def __init__(self, rules: Sequence[Rule], scope: str) -> None:
        self.rules = tuple(rules)
        self.scope = scope
        self.singles = tuple(r.compiled() for r in rules)
        self.line = self._combine(range(len(rules)))
        # Whole-line rules are for short lines: a line longer than every rule of the group
        # allows is not even tried.
        limits = [r.max_words or (WHOLE_LINE_MAX_WORDS if scope in _WHOLE_SCOPES else None)
                  for r in rules]
        self.max_words: int | None = None if None in limits else max(
            limit for limit in limits if limit is not None)
        # Anchored groups dispatch on a line's first characters: only the rules that could
        # match a line starting that way (regex partial matching decides, soundly) are tried.
        self._by_prefix: dict[str, Any] = {}
        self._by_subset: dict[tuple[int, ...], Any] = {}

    def _combine(self, indices: Iterable[int]) -> Any:
        alts = []
        for i in indices:
            rule = self.rules[i]
            flag = "(?-i:" if rule.case_sensitive else "(?i:"
            alts.append(f"(?P<_r{i}>{flag}{_body(rule)}))")
        if not alts:
            return None
        body = "|".join(alts)
        if self.scope == "any":
            return regex.compile(f"(?:{body})", regex.V1)
        if self.scope == "prefix":
            return regex.compile(f"^(?:{body})", regex.V1)
        return regex.compile(f"^(?:{body})$", regex.V1)

    def _pattern_for(self, line: str, timeout: float) -> Any:
        if self.scope == "any":
            return self.line
        key = line[:PREFIX_CHARS]
        try:
            return self._by_prefix[key]
        except KeyError:
            pass
        subset = []
        for i, single in enumerate(self.singles):
            try:
                if single.match(key, partial=True, timeout=timeout) is not None:
                    subset.append(i)
            except TimeoutError:
                subset.append(i)
        chosen = tuple(subset)
        if chosen not in self._by_subset:
            self._by_subset[chosen] = self._combine(chosen)
        if len(self._by_prefix) >= PREFIX_CACHE_ENTRIES:
            self._by_prefix.clear()
        pattern = self._by_prefix[key] = self._by_subset[chosen]
        return pattern

    def _hit_from(self, m: Any, line: str, timeout: float, problems: list[str],
                  line_no: int) -> Hit | None:
        name = m.lastgroup
        index = int(name[2:]) if name and name.startswith("_r") else self._which(m)
        rule = self.rules[index]
        if rule.max_words is None or word_count(line) <= rule.max_words:
            return Hit(rule, _groups(m, rule), m.end(f"_r{index}") - m.start(f"_r{index}"))
        # The first matching rule does not apply to this line; ask the later ones one by one.
        return self._one_by_one(line, timeout, problems, line_no, start=index + 1)

    def _which(self, m: Any) -> int:
        # The combined pattern may hold only a subset of the rules (prefix dispatch), and
        # lastgroup can name a rule's own metadata group: find the rule group that matched.
        for name in m.re.groupindex:
            if name.startswith("_r") and m.start(name) >= 0:
                return int(name[2:])
        raise AssertionError("a combined match without a rule group")

    def _one_by_one(self, line: str, timeout: float, problems: list[str], line_no: int,
                    start: int = 0) -> Hit | None:
        for i in range(start, len(self.rules)):
            rule = self.rules[i]
            try:
                m = self.singles[i].search(line, timeout=timeout)
            except TimeoutError:
                problems.append(
                    f"rule {rule.id} ({rule.source}) timed out after {timeout:g}s on line "
                    f"{line_no} ({len(line)} characters); the other rules still ran on it"
                )
                continue
            if m and (rule.max_words is None or word_count(line) <= rule.max_words):
                return Hit(rule, _groups(m, rule), m.end())
        return None

    def match_line(self, line: str, timeout: float, problems: list[str],
                   line_no: int) -> Hit | None:
        pattern = self._pattern_for(line, timeout)
        if pattern is None:
            return None
        try:
            m = pattern.search(line, timeout=timeout)
        except TimeoutError:
            return self._one_by_one(line, timeout, problems, line_no)
        if m is None:
            return None
        return self._hit_from(m, line, timeout, problems, line_no)


def _body(rule: Rule) -> str:
    anchored = rule.anchored
    if rule.scope == "any":
        return anchored
    if rule.scope == "prefix":
        return anchored[1:]
    return anchored[1:-1]


def _groups(m: Any, rule: Rule) -> dict[str, str | None]:
    names = rule.compiled().groupindex
    return {name: m.group(name) for name in names} if names else {}


class RuleSet:
    """A compiled set of rules; build once per configuration, use for every document."""

    def __init__(self, rules: Sequence[Rule], timeout: float = 0.05) -> None:
        self.rules = tuple(rules)
        self.timeout = timeout
        self._groups: list[tuple[str, _Group]] = []
        for kind in ("protect", "drop"):
            for scope in ("standalone", "leading", "trailing", "prefix", "any"):
                chosen = [r for r in rules if r.scope == scope and
                          ((r.action == "protect") == (kind == "protect"))]
                if chosen:
                    self._groups.append((kind, _Group(chosen, scope)))
        # Rule hits of short lines, which repeat across a source's documents (menus, footers).
        self._memo: dict[str, tuple[Hit | None, ...]] = {}

    def verdicts(self, lines: Sequence[str], layout: Layout, raw: Sequence[str],
                 problems: list[str]) -> list[Verdict | None]:
        """One verdict per line (``None``: the rules have nothing to say about it).

        ``lines`` are the normalised lines, ``raw`` the original ones (for list markers).
        """
        n = len(lines)
        protect: dict[int, Hit] = {}
        drop: dict[int, Hit] = {}
        groups = self._groups
        memo = self._memo
        for i, line in enumerate(lines):
            if not line:
                continue
            words = line.count(" ") + 1
            found = memo.get(line) if words <= MEMO_MAX_WORDS else None
            if found is None:
                before = len(problems)
                zoned = False
                hits: list[Hit | None] = []
                for _, group in groups:
                    if (group.max_words is not None and words > group.max_words) or (
                            group.scope in ("leading", "trailing")
                            and not _in_scope(group.scope, i, layout)):
                        zoned = zoned or group.scope in ("leading", "trailing")
                        hits.append(None)
                    else:
                        hits.append(group.match_line(line, self.timeout, problems, i + 1))
                found = tuple(hits)
                # Remember only what holds for the line wherever it stands in a document.
                if words <= MEMO_MAX_WORDS and len(problems) == before and not zoned:
                    if len(memo) >= MEMO_MAX_ENTRIES:
                        memo.clear()
                    memo[line] = found
            for (kind, _), hit in zip(groups, found):
                if hit is None or not _in_scope(hit.rule.scope, i, layout):
                    continue
                target = protect if kind == "protect" else drop
                if i not in target:
                    target[i] = hit
        out: list[Verdict | None] = [None] * n
        for i, hit in protect.items():
            out[i] = Verdict("protect", hit.rule, hit.groups, "content")
        for i, hit in drop.items():
            if out[i] is not None:
                continue
            if hit.rule.action == "strip-prefix":
                out[i] = Verdict("strip", hit.rule, hit.groups, hit.rule.category,
                                 strip_to=hit.end)
            else:
                out[i] = Verdict("drop", hit.rule, hit.groups, hit.rule.category)
        # Actions that reach other lines fill only lines no rule decided themselves.
        for i in sorted(drop):
            rule = drop[i].rule
            verdict = out[i]
            if verdict is None or verdict.rule is not rule or verdict.action != "drop":
                continue
            if rule.action == "drop-block":
                _drop_block(out, i, rule, raw)
            elif rule.action == "drop-to-end" and layout.second_half(i):
                for j in range(i + 1, n):
                    if out[j] is None:
                        out[j] = Verdict("drop", rule, {}, rule.category, via="to-end")
                break
            elif rule.action == "drop-with-caption" and i > 0:
                _drop_caption(out, i - 1, rule, lines, layout)
        return out


def _in_scope(scope: str, i: int, layout: Layout) -> bool:
    if scope == "leading":
        return layout.leading(i)
    if scope == "trailing":
        return layout.trailing(i)
    return True


def _drop_block(out: list[Verdict | None], i: int, rule: Rule, raw: Sequence[str]) -> None:
    j = i + 1
    while j < len(raw) and not raw[j].strip():
        j += 1
    while j < len(raw) and LIST_MARKER.match(raw[j]):
        if out[j] is None:
            out[j] = Verdict("drop", rule, {}, rule.category, via="block")
        j += 1


_CAPTION_END = regex.compile(r"[.!?…:;][\"”’'»)]*$")


def _drop_caption(out: list[Verdict | None], j: int, rule: Rule, lines: Sequence[str],
                  layout: Layout) -> None:
    line = lines[j]
    if (line and out[j] is None and not layout.prose[j] and word_count(line) <= 15
            and not _CAPTION_END.search(line)):
        out[j] = Verdict("drop", rule, {}, "caption", via="caption")
