"""Compiled rules, matched line by line under timeouts.

Rules are grouped by kind (protect/drop) and scope. A line is tried only against the rules
that could match a line starting with its first characters, whole-line rules only on short
lines, zone rules only in their zone; the hits of short lines are remembered, since menus and
footers repeat across a source's documents. Every match of a user rule runs under a timeout,
so a catastrophically backtracking user pattern is abandoned for that line and reported, and
the other rules still clean it. Shipped rules are audited against pathological lines by the
test suite and run without it (a ``regex`` timeout costs about 20 µs per call).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from cleantext.lines import LIST_MARKER
from cleantext.rules.schema import Need, Rule, meets, needs_of
from cleantext.structure import Layout, word_count

_WHOLE_SCOPES = ("standalone", "leading", "trailing")
_ZONED_SCOPES = ("leading", "trailing")
#: Whole-line rules (standalone, leading, trailing) without ``max_words`` apply to lines of at
#: most this many words: chrome that fills a whole line is short.
WHOLE_LINE_MAX_WORDS = 40
#: Lines of at most this many words have their rule hits remembered across documents.
MEMO_MAX_WORDS = 12
MEMO_MAX_ENTRIES = 200_000
#: How many leading characters of a line pick the rules worth trying on it.
PREFIX_CHARS = 3
#: A start no line has (private-use characters): a rule that could match a line starting with
#: it could match a line starting with anything, and is tried on every line.
_UNLIKELY_START = "\ue000\ue001\ue002"
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


#: What a group tries on a line, per rule: its index in the group, the most words a line it
#: applies to may have, and its ``requires`` (:func:`~cleantext.rules.schema.needs_of`).
_Entry = tuple[int, int, tuple[Need, ...]]


class _Group:
    """Rules of one scope and one kind (protect or drop).

    Anchored groups dispatch on a line's first characters: only the rules that could match a
    line starting that way are tried (``regex`` partial matching decides, soundly, once per
    distinct prefix; rules that could match a line starting with anything are tried on
    every line without being partial-matched). Each rule is compiled once, alone: combining
    rules into one alternation costs seconds of compile time with real packs and buys
    little. The rules a prefix selects are kept as :data:`_Entry` tuples, so that trying a
    line reads each rule's word limit and ``requires`` literals straight from them.
    """

    def __init__(self, rules: Sequence[Rule], scope: str) -> None:
        self.rules = tuple(rules)
        self.scope = scope
        self.singles = tuple(r.compiled() for r in rules)
        self.limits = tuple(
            r.max_words or (WHOLE_LINE_MAX_WORDS if scope in _WHOLE_SCOPES else None)
            for r in rules
        )
        # A line longer than every rule of the group allows is not even tried.
        self.max_words: int | None = None if None in self.limits else max(
            limit for limit in self.limits if limit is not None)
        entries = tuple(
            (i, sys.maxsize if limit is None else limit, needs_of(rule.requires))
            for i, (rule, limit) in enumerate(zip(self.rules, self.limits, strict=True)))
        self._entries: tuple[_Entry, ...] = entries
        # Rules that could match a line starting with anything (``.{0,80}\bcopyright``,
        # ``(?=.*\d)...``) are candidates for every line: they are left out of the partial
        # matches that select a prefix's rules and put back in, in pack order.
        universal = [e for e in entries if self._could_start(e[0], _UNLIKELY_START)]
        self._universal: tuple[_Entry, ...] = tuple(universal)
        self._dispatched: tuple[_Entry, ...] = tuple(e for e in entries if e not in universal)
        self._by_prefix: dict[str, tuple[_Entry, ...]] = {}  # a prefix's candidates
        self._by_first: dict[str, tuple[_Entry, ...]] = {}  # a first character's dispatched

    def _candidates(self, line: str, timeout: float) -> tuple[_Entry, ...]:
        if self.scope == "any":
            return self._entries
        key = line[:PREFIX_CHARS]
        found = self._by_prefix.get(key)
        if found is not None:
            return found
        # A rule that could match a line starting with ``key`` could match one starting with
        # its first character: a new prefix is tried only on the dispatched rules its first
        # character selects (themselves remembered), so most prefixes cost a few partial
        # matches; the universal rules join them in pack order.
        first = key[:1]
        pool = self._by_first.get(first)
        if pool is None:
            pool = self._select(self._dispatched, first, timeout)
            _remember(self._by_first, first, pool)
        found = pool if key == first else self._select(pool, key, timeout)
        if self._universal:
            found = tuple(sorted(found + self._universal))  # pack order: by index
        _remember(self._by_prefix, key, found)
        return found

    def _could_start(self, i: int, key: str, timeout: float = 0.05) -> bool:
        """Whether rule ``i`` could match a line starting with ``key`` (a partial match; a
        timeout counts as could)."""
        rule, single = self.rules[i], self.singles[i]
        try:
            # positional partial=True: keyword arguments cost regex a third of the call
            hit = (single.match(key, None, None, None, True) if rule.shipped
                   else single.match(key, partial=True, timeout=timeout))
        except TimeoutError:
            return True
        return hit is not None

    def _select(self, entries: tuple[_Entry, ...], key: str,
                timeout: float) -> tuple[_Entry, ...]:
        """The ``entries`` whose rule could match a line starting with ``key``."""
        return tuple(entry for entry in entries if self._could_start(entry[0], key, timeout))

    def match_line(self, line: str, words: int, timeout: float, problems: list[str],
                   line_no: int, folded: list[str]) -> Hit | None:
        """The first rule of the group (in pack order) that matches the normalised line.

        ``folded`` caches the case-folded line for ``requires`` checks (computed on demand).
        """
        for i, limit, needs in self._candidates(line, timeout):
            if words > limit:
                continue
            if needs:
                if not folded:
                    folded.append(line.casefold())
                if not meets(needs, folded[0]):
                    continue
            rule = self.rules[i]
            try:
                m = (self.singles[i].search(line) if rule.shipped
                     else self.singles[i].search(line, timeout=timeout))
            except TimeoutError:
                problems.append(
                    f"rule {rule.id} ({rule.source}) timed out after {timeout:g}s on line "
                    f"{line_no} ({len(line)} characters); the other rules still ran on it"
                )
                continue
            if m is not None:
                return Hit(rule, _groups(m, rule), m.end())
        return None


def _remember(cache: dict[str, tuple[_Entry, ...]], key: str,
              entries: tuple[_Entry, ...]) -> None:
    """Remember a key's candidates, forgetting everything once the cache is full."""
    if len(cache) >= PREFIX_CACHE_ENTRIES:
        cache.clear()
    cache[key] = entries


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
        # Rule hits of short lines, which repeat across a source's documents (menus, footers):
        # those of the groups whose scope does not depend on where the line stands. A leading
        # or trailing group is tried afresh on every line of its zone (those groups are small).
        self._free = tuple(k for k, (_, g) in enumerate(self._groups)
                           if g.scope not in _ZONED_SCOPES)
        self._zoned = tuple(k for k, (_, g) in enumerate(self._groups)
                            if g.scope in _ZONED_SCOPES)
        # The free groups as tried on every line: each with the most words of a line it
        # applies to (their scopes hold everywhere, so no zone is checked).
        self._free_groups = tuple(
            (group, sys.maxsize if group.max_words is None else group.max_words)
            for group in (self._groups[k][1] for k in self._free))
        self._memo: dict[str, tuple[Hit | None, ...]] = {}

    def _hits(self, keys: Sequence[int], line: str, words: int, i: int, layout: Layout,
              problems: list[str], folded: list[str]) -> list[Hit | None]:
        """The first hit in each of the groups ``keys`` (the zone groups) on line ``i``
        (``None`` where the line is too long for the group or outside its zone)."""
        hits: list[Hit | None] = []
        for k in keys:
            group = self._groups[k][1]
            if (group.max_words is not None and words > group.max_words) or not _in_scope(
                    group.scope, i, layout):
                hits.append(None)
            else:
                hits.append(group.match_line(line, words, self.timeout, problems, i + 1,
                                             folded))
        return hits

    def zone_drops_any(self, lines: Sequence[str], indices: Sequence[int],
                       layout: Layout) -> bool:
        """Whether a drop (or strip) rule of a zone scope (leading, trailing) matches any of
        the normalised lines ``indices`` under ``layout``: whether their place in a zone of
        the cleaned text decides them (:meth:`cleantext.cleaner.Cleaner._settled`)."""
        drops = [k for k in self._zoned if self._groups[k][0] == "drop"]
        problems: list[str] = []  # a timed-out rule counts as no match here
        for i in indices:
            line = lines[i]
            if any(self._hits(drops, line, line.count(" ") + 1, i, layout, problems, [])):
                return True
        return False

    def verdicts(self, lines: Sequence[str], layout: Layout, raw: Sequence[str],
                 problems: list[str]) -> list[Verdict | None]:
        """One verdict per line (``None``: the rules have nothing to say about it).

        ``lines`` are the normalised lines, ``raw`` the original ones (for list markers).
        """
        n = len(lines)
        protect: dict[int, Hit] = {}
        drop: dict[int, Hit] = {}
        capped: dict[int, Hit] = {}  # hits of drop rules with a max_prose_share
        groups = self._groups
        free, zoned = self._free, self._zoned
        free_groups, timeout = self._free_groups, self.timeout
        outside: tuple[None, ...] = (None,) * len(zoned)  # the zone groups' hits outside zones
        memo = self._memo
        found: list[Hit | None] = [None] * len(groups)
        for i, line in enumerate(lines):
            if not line:
                continue
            words = line.count(" ") + 1
            folded: list[str] = []
            known = memo.get(line) if words <= MEMO_MAX_WORDS else None
            if known is None:
                before = len(problems)
                known = tuple([None if words > most else
                               group.match_line(line, words, timeout, problems, i + 1, folded)
                               for group, most in free_groups])
                # A line on which a rule timed out is tried again when it comes back.
                if words <= MEMO_MAX_WORDS and len(problems) == before:
                    if len(memo) >= MEMO_MAX_ENTRIES:
                        memo.clear()
                    memo[line] = known
            # Zone groups are tried only on lines in a zone (the leading or the trailing one).
            zone_hits: Sequence[Hit | None] = (
                self._hits(zoned, line, words, i, layout, problems, folded)
                if zoned and (layout.leading(i) or layout.trailing(i)) else outside)
            if not any(known) and not any(zone_hits):
                continue  # most lines: no rule matched
            for k, hit in zip(free, known, strict=True):
                found[k] = hit
            for k, hit in zip(zoned, zone_hits, strict=True):
                found[k] = hit
            for (kind, _), hit in zip(groups, found, strict=True):
                if hit is None:
                    continue
                target = (protect if kind == "protect"
                          else drop if hit.rule.max_prose_share is None else capped)
                if i not in target:
                    target[i] = hit
        for i, hit in _within_share(capped, layout).items():
            drop.setdefault(i, hit)
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


def _within_share(hits: dict[int, Hit], layout: Layout) -> dict[int, Hit]:
    """``hits`` (line index to the hit of a drop rule with a ``max_prose_share``) without
    those of the rules whose hits in this document are more than that share of its prose
    lines: such a rule has misread the document, and its drops would eat the article."""
    if not hits:
        return hits
    on_prose: dict[Rule, int] = {}
    for i, hit in hits.items():
        if layout.prose[i]:
            on_prose[hit.rule] = on_prose.get(hit.rule, 0) + 1
    prose = sum(layout.prose)
    over = {rule for rule, count in on_prose.items()
            if count > (rule.max_prose_share or 1.0) * prose}
    return {i: hit for i, hit in hits.items() if hit.rule not in over}


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


# Function words of the main news languages: alt text ("Frankreich Calais Flüchtlinge Grenze")
# is a string of keywords, while a headline or standfirst above a picture reads as a sentence.
_FUNCTION_WORDS = frozenset(
    [
        "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "by", "from", "and",
        "or", "is", "are", "was", "were", "has", "have", "had", "will", "be", "that",
        "this", "it", "its", "as", "his", "her", "their", "der", "die", "das", "ein",
        "eine", "und", "ist", "sind", "hat", "mit", "von", "zu", "im", "auf", "für", "le",
        "la", "les", "un", "une", "des", "du", "de", "et", "est", "sont", "dans", "pour",
        "sur", "avec", "el", "los", "las", "y", "en", "es", "por", "con", "il", "lo", "gli",
        "di", "che", "è", "o", "os", "as", "do", "da", "em", "um", "uma", "com", "para",
        "не", "и", "в", "на", "что",
    ]
)


def _looks_like_alt_text(line: str) -> bool:
    return sum(w in _FUNCTION_WORDS for w in line.casefold().split()) <= 1


_CAPTION_END = regex.compile(r"[.!?…:;][\"”’'»)]*$")


def _drop_caption(out: list[Verdict | None], j: int, rule: Rule, lines: Sequence[str],
                  layout: Layout) -> None:
    line = lines[j]
    if (line and out[j] is None and not layout.prose[j] and word_count(line) <= 15
            and not _CAPTION_END.search(line) and _looks_like_alt_text(line)):
        out[j] = Verdict("drop", rule, {}, "caption", via="caption")
