"""Compiled rules: few passes over a whole document, bounded by timeouts.

All rules of one (protect/drop, scope) group are compiled into one alternation with a named
group per rule, run over the whole normalised document at once (``MULTILINE``), so a line costs
a handful of C-level regex steps however many rules there are. A pass that exceeds its time
budget (a catastrophically backtracking user pattern) falls back to line by line, then rule by
rule on the offending line, so the culprit is reported and every other line is still cleaned.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from cleantext.lines import LIST_MARKER
from cleantext.rules.schema import Rule
from cleantext.structure import Layout, word_count

_WHOLE_SCOPES = ("standalone", "leading", "trailing")


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
        alts = []
        for i, rule in enumerate(rules):
            flag = "(?-i:" if rule.case_sensitive else "(?i:"
            alts.append(f"(?P<_r{i}>{flag}{_body(rule)}))")
        body = "|".join(alts)
        if scope == "any":
            doc_pattern = f"(?:{body})"
        elif scope == "prefix":
            doc_pattern = f"^(?:{body})"
        else:
            doc_pattern = f"^(?:{body})$"
        self.doc = regex.compile(doc_pattern, regex.V1 | regex.MULTILINE)
        self.line = regex.compile(doc_pattern, regex.V1)

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
        for i in range(len(self.rules)):
            if m.start(f"_r{i}") >= 0:
                return i
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
        try:
            m = self.line.search(line, timeout=timeout)
        except TimeoutError:
            return self._one_by_one(line, timeout, problems, line_no)
        if m is None:
            return None
        return self._hit_from(m, line, timeout, problems, line_no)

    def match_document(self, lines: Sequence[str], text: str, starts: Sequence[int],
                       timeout: float, problems: list[str]) -> dict[int, Hit]:
        """Hits by line index, from whole-document passes (line by line after a timeout)."""
        hits: dict[int, Hit] = {}
        budget = timeout * 4 + len(text) / 2e6
        pos = 0
        n = len(lines)
        while pos <= len(text):
            try:
                m = self.doc.search(text, pos, timeout=budget)
            except TimeoutError:
                first = bisect.bisect_right(starts, pos) - 1
                for i in range(max(first, 0), n):
                    hit = self.match_line(lines[i], timeout, problems, i + 1)
                    if hit:
                        hits[i] = hit
                return hits
            if m is None:
                break
            i = bisect.bisect_right(starts, m.start()) - 1
            if "\n" in m.group(0):  # a pattern with \s ran across lines: judge this line alone
                hit = self.match_line(lines[i], timeout, problems, i + 1)
            else:
                hit = self._hit_from(m, lines[i], timeout, problems, i + 1)
            if hit:
                hits[i] = hit
            pos = starts[i + 1] if i + 1 < n else len(text) + 1
        return hits


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

    def verdicts(self, lines: Sequence[str], layout: Layout, raw: Sequence[str],
                 problems: list[str]) -> list[Verdict | None]:
        """One verdict per line (``None``: the rules have nothing to say about it).

        ``lines`` are the normalised lines, ``raw`` the original ones (for list markers).
        """
        n = len(lines)
        text = "\n".join(lines)
        starts = [0] * n
        offset = 0
        for i, line in enumerate(lines):
            starts[i] = offset
            offset += len(line) + 1
        protect: dict[int, Hit] = {}
        drop: dict[int, Hit] = {}
        for kind, group in self._groups:
            found = group.match_document(lines, text, starts, self.timeout, problems)
            target = protect if kind == "protect" else drop
            for i, hit in found.items():
                if not _in_scope(hit.rule.scope, i, layout):
                    continue
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
