"""Rule packs as data: the TOML format, loading and validation.

A pack is a TOML file::

    [pack]
    name = "nav"
    description = "Navigation: skip-links, menu toggles, breadcrumbs."

    [[rules]]
    id = "nav.skip-link"
    category = "nav"
    description = "Accessibility skip-links in any numbering or indentation."
    pattern = 'skip (?:to|navigation)\\b.{0,40}'
    scope = "standalone"
    action = "drop"
    examples.match = ["Skip to main content", "  2. Skip to main menu"]
    examples.no_match = ["Skipping school is a crime, the minister said."]

Patterns are for the ``regex`` module (V1 syntax), matched case-insensitively (unless
``case_sensitive``) against the *normalised* line: list marker removed, whitespace squeezed,
ends trimmed. ``{DATE}``, ``{MONTH}``, ``{TIME}``, ``{ISODATETIME}``, ``{NAME}`` and
``{PLACE}`` expand to shared sub-patterns (see :mod:`cleantext.rules.macros`). Named groups
``author``, ``date``, ``published``, ``modified``, ``categories``, ``credit`` and ``title``
become metadata.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import regex

from cleantext.rules.macros import expand

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

Scope = Literal["standalone", "any", "prefix", "leading", "trailing"]
Action = Literal["drop", "drop-block", "drop-to-end", "drop-with-caption", "strip-prefix",
                 "extract", "protect"]

SCOPES: dict[str, str] = {
    "standalone": "the whole line matches, anywhere in the document",
    "any": "the pattern is found anywhere inside the line",
    "prefix": "the pattern matches at the start of the line",
    "leading": "the whole line matches, before the first line of prose",
    "trailing": "the whole line matches, after the last line of prose",
}
ACTIONS: dict[str, str] = {
    "drop": "drop the line",
    "extract": "drop the line and keep its named groups as metadata",
    "drop-block": "drop the line and the list items that follow it",
    "drop-to-end": "drop the line and everything after it (only in the document's second half)",
    "drop-with-caption": "drop the line and a caption-like line just above it",
    "strip-prefix": "keep the line without the matched prefix",
    "protect": "keep the line whatever a drop rule or the model says",
}
METADATA_GROUPS = frozenset(
    {"title", "author", "date", "published", "modified", "categories", "credit"}
)
#: In ``requires``, stands for any decimal digit.
DIGIT = "<digit>"
_ANY_DIGIT = re.compile(r"\d")
_ID = regex.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)+$")
_KNOWN_KEYS = frozenset(
    {"id", "category", "description", "pattern", "scope", "action", "case_sensitive",
     "examples", "max_words", "requires", "max_prose_share", "ends_article"}
)


class RulePackError(ValueError):
    """A rule pack could not be loaded; the message names the file, the rule and the problem."""


@dataclass(frozen=True)
class Rule:
    """One rule of a pack. See the module docstring for the TOML form."""

    id: str
    category: str
    description: str
    pattern: str
    scope: Scope
    action: Action
    case_sensitive: bool = False
    max_words: int | None = None
    requires: tuple[tuple[str, ...], ...] = ()
    #: A drop rule with a share drops nothing in a document where the lines it matches are
    #: more than this share of the document's prose lines (see :mod:`cleantext.structure`):
    #: a sign that loses its meaning when most of the running text carries it (an escaped
    #: entity in alt text, against a page whose whole text came escaped).
    max_prose_share: float | None = None
    #: A line this rule drops after the article's main run of text ends the article for the
    #: model's ``gap`` context (:meth:`cleantext.model.linear.LineModel.close`): a comment
    #: form or a share bar below the article says the article is over, but the same line
    #: above the article, or in the first half of a page, ends nothing. ``drop-to-end`` rules
    #: end it wherever they stand.
    ends_article: bool = False
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    source: str = "<memory>"
    #: Shipped with cleantext: audited against pathological lines by the test suite
    #: (``tests/test_rules.py``), so it runs without the per-line timeout, which costs about
    #: 20 µs per ``regex`` call. User rules always run under ``Config.rule_timeout``.
    shipped: bool = False

    @property
    def flags(self) -> int:
        flags: int = regex.V1
        if not self.case_sensitive:
            flags |= regex.IGNORECASE
        return flags

    @property
    def anchored(self) -> str:
        """The pattern wrapped for its scope, as matched against one normalised line."""
        pattern = expand(self.pattern)
        if self.scope == "any":
            return f"(?:{pattern})"
        if self.scope == "prefix":
            return f"^(?:{pattern})"
        return f"^(?:{pattern})$"

    @cached_property
    def _compiled(self) -> Any:
        return regex.compile(self.anchored, self.flags)

    def compiled(self) -> Any:
        """The compiled, scope-anchored pattern (compiled once per rule)."""
        return self._compiled

    def matches(self, normalised_line: str, timeout: float | None = None) -> Any:
        """The match object of this rule on one normalised line, or ``None``.

        The ``requires`` precondition and ``max_words`` are part of the rule: a line that
        fails them does not match.
        """
        if self.max_words is not None and len(normalised_line.split()) > self.max_words:
            return None
        if self.requires and not satisfies(self, normalised_line.casefold()):
            return None
        return self.compiled().search(normalised_line, timeout=timeout)


def _fail(source: str, rule_id: str | None, message: str) -> RulePackError:
    where = f"{source}: rule {rule_id!r}" if rule_id else source
    return RulePackError(f"{where}: {message}")


def _str_list(value: object, source: str, rule_id: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(source, rule_id, f"{key} must be a list of strings")
    return tuple(value)


def _requires(value: object, source: str, rule_id: str) -> tuple[tuple[str, ...], ...]:
    """``requires``: literals one of which the line must hold (or a list of such lists)."""
    if not isinstance(value, list):
        raise _fail(source, rule_id, "requires must be a list of strings or of string lists")
    if all(isinstance(v, str) for v in value):
        groups = [value] if value else []
    elif all(isinstance(v, list) and v and all(isinstance(x, str) for x in v) for v in value):
        groups = value
    else:
        raise _fail(source, rule_id, "requires must be a list of strings or of string lists")
    out = []
    for group in groups:
        if any(not x for x in group):
            raise _fail(source, rule_id, "requires holds an empty string")
        out.append(tuple(x if x == DIGIT else x.casefold() for x in group))
    return tuple(out)


#: A ``requires`` group as matched: its literals, and whether any digit also satisfies it.
Need = tuple[tuple[str, ...], bool]


def needs_of(requires: tuple[tuple[str, ...], ...]) -> tuple[Need, ...]:
    """``requires`` in the form :func:`meets` checks: each group's literals without
    :data:`DIGIT`, and whether :data:`DIGIT` was among them."""
    return tuple((tuple(x for x in group if x != DIGIT), DIGIT in group) for group in requires)


def meets(needs: tuple[Need, ...], casefolded_line: str) -> bool:
    """Whether a (case-folded) line holds, for every group of ``needs`` (:func:`needs_of`),
    one of its literals or, where the group allows it, a digit."""
    for literals, digit in needs:
        for lit in literals:
            if lit in casefolded_line:
                break
        else:
            if not digit or _ANY_DIGIT.search(casefolded_line) is None:
                return False
    return True


def satisfies(rule: Rule, casefolded_line: str) -> bool:
    """Whether a (case-folded) line passes the rule's ``requires`` precondition."""
    return meets(needs_of(rule.requires), casefolded_line)


def parse_rule(raw: Mapping[str, Any], source: str) -> Rule:
    """Validate one ``[[rules]]`` table and build the :class:`Rule`."""
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _ID.match(rule_id):
        raise _fail(source, str(rule_id) if rule_id else None,
                    "id must be dotted lowercase words, like 'nav.skip-link'")
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise _fail(source, rule_id, f"unknown key(s): {', '.join(sorted(unknown))}")
    for key in ("category", "description", "pattern"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(source, rule_id, f"{key} is required and must be a non-empty string")
    scope = raw.get("scope", "standalone")
    if scope not in SCOPES:
        raise _fail(source, rule_id, f"scope {scope!r} is not one of {', '.join(SCOPES)}")
    action = raw.get("action", "drop")
    if action not in ACTIONS:
        raise _fail(source, rule_id, f"action {action!r} is not one of {', '.join(ACTIONS)}")
    if action == "strip-prefix" and scope != "prefix":
        raise _fail(source, rule_id, "action 'strip-prefix' needs scope 'prefix'")
    case_sensitive = raw.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise _fail(source, rule_id, "case_sensitive must be true or false")
    max_words = raw.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
        raise _fail(source, rule_id, "max_words must be a positive integer")
    requires = _requires(raw.get("requires", []), source, rule_id)
    share = raw.get("max_prose_share")
    if share is not None and (isinstance(share, bool) or not isinstance(share, int | float)
                              or not 0 < share <= 1):
        raise _fail(source, rule_id, "max_prose_share must be a number above 0 and at most 1")
    if share is not None and action == "protect":
        raise _fail(source, rule_id, "max_prose_share applies to drop rules, not 'protect'")
    ends_article = raw.get("ends_article", False)
    if not isinstance(ends_article, bool):
        raise _fail(source, rule_id, "ends_article must be true or false")
    if ends_article and action not in ("drop", "drop-block", "extract"):
        raise _fail(source, rule_id, "ends_article applies to 'drop', 'drop-block' and "
                    "'extract' rules ('drop-to-end' ends the article already)")
    examples = raw.get("examples", {})
    if not isinstance(examples, dict) or set(examples) - {"match", "no_match"}:
        raise _fail(source, rule_id, "examples must be a table with 'match' and 'no_match'")
    match = _str_list(examples.get("match", []), source, rule_id, "examples.match")
    no_match = _str_list(examples.get("no_match", []), source, rule_id, "examples.no_match")
    if not match:
        raise _fail(source, rule_id, "examples.match needs at least one line the rule matches")
    rule = Rule(
        id=rule_id,
        category=raw["category"].strip(),
        description=raw["description"].strip(),
        pattern=raw["pattern"],
        scope=scope,
        action=action,
        case_sensitive=case_sensitive,
        max_words=max_words,
        requires=requires,
        max_prose_share=None if share is None else float(share),
        ends_article=ends_article,
        examples_match=match,
        examples_no_match=no_match,
        source=source,
    )
    try:
        compiled = rule.compiled()
    except regex.error as exc:
        raise _fail(source, rule_id, f"pattern does not compile: {exc}") from None
    unknown_groups = {g for g in compiled.groupindex if g not in METADATA_GROUPS}
    if unknown_groups:
        raise _fail(source, rule_id,
                    f"named group(s) {', '.join(sorted(unknown_groups))} are not metadata "
                    f"fields ({', '.join(sorted(METADATA_GROUPS))}); use (?:...) instead")
    return rule


def parse_pack(data: Mapping[str, Any], source: str) -> tuple[Rule, ...]:
    """Validate a parsed TOML pack."""
    unknown = set(data) - {"pack", "rules"}
    if unknown:
        raise _fail(source, None, f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise _fail(source, None, "a pack needs at least one [[rules]] table")
    rules = []
    seen: set[str] = set()
    for raw in raw_rules:
        if not isinstance(raw, dict):
            raise _fail(source, None, "each [[rules]] entry must be a table")
        rule = parse_rule(raw, source)
        if rule.id in seen:
            raise _fail(source, rule.id, "duplicate rule id in this pack")
        seen.add(rule.id)
        rules.append(rule)
    return tuple(rules)


def load_pack(path: Path | str) -> tuple[Rule, ...]:
    """Load and validate a user rule pack from a TOML file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(str(path), None, "no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(str(path), None, f"cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise _fail(str(path), None, f"is not valid TOML: {exc}") from None
    return parse_pack(data, str(path))


def builtin_pack_names() -> tuple[str, ...]:
    """The shipped packs, as ``packs/<name>.toml`` and ``sites/<name>.toml`` resource names."""
    names = []
    root = resources.files("cleantext.rules")
    for folder in ("packs", "sites"):
        for entry in sorted(root.joinpath(folder).iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                names.append(f"{folder}/{entry.name}")
    return tuple(names)


def load_builtin_packs() -> tuple[Rule, ...]:
    """Load every shipped pack, generic packs first, then site packs."""
    root = resources.files("cleantext.rules")
    rules: list[Rule] = []
    for name in builtin_pack_names():
        source = f"cleantext/rules/{name}"
        try:
            data = tomllib.loads(root.joinpath(name).read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise _fail(source, None, f"is not valid TOML: {exc}") from None
        rules.extend(dataclasses.replace(r, shipped=True) for r in parse_pack(data, source))
    return tuple(rules)


def check_unique(rules: Iterable[Rule]) -> None:
    """Raise if two rules (from any packs) share an id."""
    seen: dict[str, str] = {}
    for rule in rules:
        if rule.id in seen:
            raise _fail(rule.source, rule.id, f"id already used in {seen[rule.id]}")
        seen[rule.id] = rule.source
