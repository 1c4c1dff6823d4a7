"""Applying a learned profile while cleaning: template lines become drop verdicts.

The cleaner calls :meth:`Templates.mark` right after the rules, before the title is chosen and
before the model runs, so a learned drop counts as a rule drop everywhere (the model sees the
line as dropped). A line some rule already decided (dropped, protected or stripped) keeps that
rule's verdict. Each learned drop carries a note with its count and share.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cleantext.profile import Profile, line_key, load
from cleantext.rules.engine import Verdict
from cleantext.rules.schema import Rule

#: The category of a line dropped because it is its source's template.
CATEGORY = "template"


@dataclass(frozen=True)
class LearnedVerdict(Verdict):
    """A drop verdict from the profile; ``note`` says how often the line was seen."""

    note: str = ""


class Templates:
    """The template lines of every source of a profile, ready for lookup."""

    def __init__(self, profile: Profile) -> None:
        # Only the template lines are kept (not the profile's tails): a cleaner stays small.
        self._by_source: dict[str, dict[str, tuple[int, float]]] = {
            name: found for name in sorted(profile.sources)
            if (found := profile.templates(name))}
        self._documents = {name: profile.sources[name].documents for name in self._by_source}
        self._rules: dict[str, Rule] = {}

    def sources(self) -> list[str]:
        """The sources with at least one template line."""
        return list(self._by_source)

    def _rule(self, source: str) -> Rule:
        rule = self._rules.get(source)
        if rule is None:
            rule = Rule(id=f"learned:{source}", category=CATEGORY,
                        description=f"A line repeated across the documents of {source}",
                        pattern="", scope="standalone", action="drop", source="<profile>")
            self._rules[source] = rule
        return rule

    def mark(self, texts: list[str], verdicts: list[Verdict | None],
             source: str | None) -> None:
        """Turn the undecided lines of ``texts`` that are ``source``'s template into drops."""
        if source is None:
            return
        table = self._by_source.get(source)
        if not table:
            return
        documents = self._documents[source]
        for i, line in enumerate(texts):
            if verdicts[i] is not None:
                continue
            found = table.get(line_key(line))
            if found is None:
                continue
            count, share = found
            verdicts[i] = LearnedVerdict(
                "drop", self._rule(source), {}, CATEGORY,
                note=f"learned: in {count} of {documents} documents of {source} "
                     f"(share {share:.2f})")


def load_templates(path: Path | None) -> Templates | None:
    """The templates of the profile at ``path`` (``None`` for no profile)."""
    if path is None:
        return None
    return Templates(load(path, tails=False))


def learned_notes(verdict: Verdict) -> tuple[str, ...]:
    """The note of a learned drop, as a 1-tuple; ``()`` for any other verdict."""
    return (verdict.note,) if isinstance(verdict, LearnedVerdict) and verdict.note else ()
