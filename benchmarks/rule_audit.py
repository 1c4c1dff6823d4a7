"""Audit the shipped rules on pages with gold text: false drops, per-rule counts, missed chrome.

Usage::

    python -m benchmarks.rule_audit DIR [DIR ...] [--top N] [--list RULE_ID] [--json PATH]

Each DIR holds ``<id>.txt`` pages and ``<id>.gold.txt`` gold article text (the layout of
``../shared/train/aeb*``). Every page is cleaned with the rules alone
(``Config(use_model=False)``) and the report shows:

(a) false drops: dropped lines whose tokens are mostly in the gold (rule id, line). A rule
    must never eat a sentence of the article, so this list should be (close to) empty;
(b) per rule id: lines dropped and false drops, and where its drops sit against the
    article's span on the page (from the first to the last line in the gold): before it,
    inside it, after it. ``E`` marks the rules whose line ends the article (``ends_article``
    or ``drop-to-end``): a rule that drops lines after the span and hardly any inside it is a
    candidate for ``ends_article``;
(c) the most frequent surviving lines that are not in the gold, normalised (digits -> 0) and
    counted once per page id, to find classes of chrome worth a rule;
plus a bag-of-words token F1 of the cleaned text against the gold (before and after cleaning).

A line is "in the gold" when it is short (1-3 tokens) and equals a gold line, or
when it is longer and at least half of its token n-grams (trigrams; bigrams for 4-5 tokens)
occur in the gold.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from cleantext import Config, clean_and_explain
from cleantext.lines import normalise
from cleantext.rules.schema import load_builtin_packs

_TOKEN = regex.compile(r"\w+", regex.V1)
_DIGIT = regex.compile(r"\d")


def tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def _ngrams(toks: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(toks[i:i + n]) for i in range(len(toks) - n + 1)]


class Gold:
    """The gold text of one page, indexed for line membership tests."""

    def __init__(self, text: str) -> None:
        self.lines = [tuple(tokens(line)) for line in text.splitlines() if line.strip()]
        self.line_set = set(self.lines)
        flat = [t for line in self.lines for t in line]
        self.tokens = Counter(flat)
        self.grams = {2: set(_ngrams(flat, 2)), 3: set(_ngrams(flat, 3))}

    def contains(self, line: str) -> bool:
        toks = tokens(line)
        if not toks:
            return False
        if len(toks) <= 3:
            return tuple(toks) in self.line_set
        n = 2 if len(toks) <= 5 else 3
        grams = _ngrams(toks, n)
        hits = sum(1 for g in grams if g in self.grams[n])
        return hits * 2 >= len(grams)


def bow_f1(predicted: str, gold: Counter[str]) -> tuple[int, int, int]:
    """(overlap, predicted tokens, gold tokens) of two bags of words."""
    pred = Counter(tokens(predicted))
    overlap = sum((pred & gold).values())
    return overlap, sum(pred.values()), sum(gold.values())


def f1(overlap: int, pred: int, gold: int) -> float:
    if not pred or not gold or not overlap:
        return 0.0
    p, r = overlap / pred, overlap / gold
    return 2 * p * r / (p + r)


@dataclass
class RuleStats:
    dropped: int = 0
    false: int = 0
    before: int = 0  # drops above the article's span on the page
    inside: int = 0  # drops between its first and its last gold line
    after: int = 0  # drops below it


@dataclass
class Report:
    pages: int = 0
    dropped: int = 0
    false_drops: list[tuple[str, str, str]] = field(default_factory=list)  # (page, rule, line)
    rules: dict[str, RuleStats] = field(default_factory=lambda: defaultdict(RuleStats))
    survivors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    survivor_lines: int = 0
    drops_by_rule: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    f1_before: list[float] = field(default_factory=list)
    f1_after: list[float] = field(default_factory=list)
    micro_before: list[int] = field(default_factory=lambda: [0, 0, 0])
    micro_after: list[int] = field(default_factory=lambda: [0, 0, 0])


def audit(folders: Iterable[Path], config: Config) -> Report:
    report = Report()
    for folder in folders:
        for page in sorted(folder.glob("*.txt")):
            if page.name.endswith(".gold.txt"):
                continue
            gold_path = page.with_name(page.stem + ".gold.txt")
            if not gold_path.exists():
                continue
            text = page.read_text(encoding="utf-8")
            gold_text = gold_path.read_text(encoding="utf-8")
            gold = Gold(gold_text)
            gold_bag = Counter(tokens(gold_text))
            result = clean_and_explain(text, config)
            report.pages += 1
            page_id = page.stem
            in_gold = [gold.contains(d.line.strip()) for d in result.decisions]
            span = [k for k, hit in enumerate(in_gold) if hit]
            for k, decision in enumerate(result.decisions):
                line = decision.line.strip()
                if not line:
                    continue
                if decision.kept:
                    if not in_gold[k]:
                        key = _DIGIT.sub("0", normalise(line))[:120]
                        report.survivors[key].add(page_id)
                        report.survivor_lines += 1
                    continue
                if decision.category == "blank":
                    continue
                rule = decision.reason
                report.dropped += 1
                stats = report.rules[rule]
                stats.dropped += 1
                if span:
                    if k < span[0]:
                        stats.before += 1
                    elif k > span[-1]:
                        stats.after += 1
                    else:
                        stats.inside += 1
                report.drops_by_rule[rule].append(line)
                if in_gold[k]:
                    stats.false += 1
                    report.false_drops.append((f"{folder.name}/{page_id[:12]}", rule, line))
            for target, micro, source in (
                (report.f1_before, report.micro_before, text),
                (report.f1_after, report.micro_after, result.text),
            ):
                counts = bow_f1(source, gold_bag)
                target.append(f1(*counts))
                for k in range(3):
                    micro[k] += counts[k]
    return report


def _short(line: str, width: int = 110) -> str:
    return line if len(line) <= width else line[: width - 1] + "…"


def render(report: Report, top: int, list_rule: str | None) -> str:
    out: list[str] = []
    false = len(report.false_drops)
    mean_b = sum(report.f1_before) / max(len(report.f1_before), 1)
    mean_a = sum(report.f1_after) / max(len(report.f1_after), 1)
    out.append(f"pages: {report.pages}")
    out.append(f"lines dropped by rules: {report.dropped}")
    out.append(f"false drops (dropped lines mostly in the gold): {false}")
    out.append(f"surviving non-gold lines: {report.survivor_lines}")
    out.append(
        f"token F1 (bag of words) uncleaned -> rules only: mean {mean_b:.4f} -> {mean_a:.4f}; "
        f"micro {f1(*report.micro_before):.4f} -> {f1(*report.micro_after):.4f}"
    )
    out.append("")
    out.append("(a) false drops")
    for page, rule, line in report.false_drops:
        out.append(f"  {rule:38s} {page}  {_short(line)}")
    if not report.false_drops:
        out.append("  none")
    out.append("")
    out.append("(b) per rule: lines dropped, false drops, and where the drops sit against the"
               " article's span (E: the rule's line ends the article)")
    out.append(f"  {'rule':44s} {'dropped':>7s} {'false':>5s}  E {'before':>6s} {'inside':>6s} "
               f"{'after':>6s}")
    ends = ending_rules()
    for rule, stats in sorted(report.rules.items(), key=lambda kv: (-kv[1].dropped, kv[0])):
        mark = "E" if rule.split(" ")[0] in ends else " "
        out.append(f"  {rule:44s} {stats.dropped:7d} {stats.false:5d}  {mark} "
                   f"{stats.before:6d} {stats.inside:6d} {stats.after:6d}")
    out.append("")
    out.append(f"(c) top {top} surviving non-gold lines (pages, digits -> 0)")
    ranked = sorted(report.survivors.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for line, pages in ranked[:top]:
        out.append(f"  {len(pages):4d}  {_short(line)}")
    if list_rule:
        out.append("")
        out.append(f"lines dropped by {list_rule}")
        for rule, lines in sorted(report.drops_by_rule.items()):
            if rule == list_rule or rule.startswith(list_rule + " "):
                for line in lines:
                    out.append(f"  {rule:30s} {_short(line)}")
    return "\n".join(out)


def ending_rules() -> frozenset[str]:
    """The ids of the shipped rules whose line ends the article (``ends_article`` or
    ``drop-to-end``)."""
    return frozenset(r.id for r in load_builtin_packs()
                     if r.ends_article or r.action == "drop-to-end")


def summary(report: Report) -> dict[str, object]:
    return {
        "pages": report.pages,
        "dropped": report.dropped,
        "false_drops": len(report.false_drops),
        "surviving_non_gold": report.survivor_lines,
        "f1_mean_before": sum(report.f1_before) / max(len(report.f1_before), 1),
        "f1_mean_after": sum(report.f1_after) / max(len(report.f1_after), 1),
        "f1_micro_before": f1(*report.micro_before),
        "f1_micro_after": f1(*report.micro_after),
        "rules": {k: {"dropped": v.dropped, "false": v.false, "before": v.before,
                      "inside": v.inside, "after": v.after}
                  for k, v in report.rules.items()},
        "false_drop_lines": [list(x) for x in report.false_drops],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.rule_audit",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path, help="folders of <id>.txt/<id>.gold.txt")
    parser.add_argument("--top", type=int, default=60, help="surviving non-gold lines to show")
    parser.add_argument("--list", dest="list_rule", help="also list every line this rule dropped")
    parser.add_argument("--json", type=Path, help="write a JSON summary here")
    args = parser.parse_args(argv)
    for folder in args.folders:
        if not folder.is_dir():
            parser.error(f"{folder} is not a folder")
    report = audit(args.folders, Config(use_model=False))
    print(render(report, args.top, args.list_rule))
    if args.json:
        args.json.write_text(json.dumps(summary(report), indent=2, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
