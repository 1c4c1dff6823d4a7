"""Every shipped rule against its own examples, and rule-pack validation.

A rule "fires" on a line as the engine applies it: the pattern matches the normalised line and
the line is within the rule's ``max_words``. Zone scopes (leading/trailing) depend on the whole
document and are exercised by the golden tests.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleantext import Config, RulePackError, clean, clean_and_explain
from cleantext.cleaner import load_rules
from cleantext.lines import normalise
from cleantext.rules.schema import Rule, load_builtin_packs, load_pack
from cleantext.structure import word_count

RULES = load_builtin_packs()
NO_MODEL = Config(use_model=False)


def fires(rule: Rule, line: str) -> bool:
    norm = normalise(line)
    if rule.matches(norm, timeout=1.0) is None:
        return False
    return rule.max_words is None or word_count(norm) <= rule.max_words


def test_shipped_ids_are_unique() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_matches_its_examples(rule: Rule) -> None:
    assert rule.examples_match, f"{rule.id} has no examples.match"
    missed = [line for line in rule.examples_match if not fires(rule, line)]
    assert not missed, f"{rule.id} ({rule.source}) does not match: {missed}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_spares_its_counter_examples(rule: Rule) -> None:
    assert rule.examples_no_match, f"{rule.id} needs at least one examples.no_match line"
    wrong = [line for line in rule.examples_no_match if fires(rule, line)]
    assert not wrong, f"{rule.id} ({rule.source}) wrongly matches: {wrong}"


PROSE = [
    "The minister said on Tuesday that the agreement would be signed by the end of the month.",
    "Share prices fell sharply after the company warned that profits would be lower this year.",
    "By the end of the year we could easily see the number of migrants double, she said.",
    "Photographs by the survivors were shown to the inquiry on Monday afternoon.",
    "Sign up rates for the programme rose by a third, according to the ministry.",
    "He said he got it from a friend in Calais.",
    "Reporting by the BBC showed that smugglers charged up to £10,000 per person.",
    "Copyright law was changed in 2019, he said.",
    "The deal was signed November 19, 2019 in Calais.",
]


@pytest.mark.parametrize("line", PROSE)
def test_no_drop_rule_fires_on_prose(line: str) -> None:
    hits = [r.id for r in RULES if r.action != "protect" and fires(r, line)]
    assert not hits, f"{hits} fire on prose: {line!r}"


# Lines that make badly written patterns backtrack catastrophically: long runs of one
# character class, alternating classes, and repeated chrome words.
PATHOLOGICAL = [
    "a" * 5000, "A" * 5000, "1" * 5000, "." * 5000, "© " * 2500, "by " * 1700,
    "John Smith " * 450, "Photo: " * 700, "a1" * 2500, "(" * 3000 + ")" * 3000,
    "Share " * 800 + "!", " ".join(["word"] * 2000) + " x", "aA " * 1600 + ";",
    "Image: Reuters/" * 300, "12:30 " * 800, "Advertisement - " * 300 + "x",
]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_shipped_rule_survives_pathological_lines(rule: Rule) -> None:
    # Shipped rules run without the per-line timeout (RuleSet), so none may backtrack
    # catastrophically: each must give its answer on every line well within 0.5 s (the
    # timeout turns a hang into a failure here; these lines take milliseconds).
    assert rule.shipped
    for line in PATHOLOGICAL:
        norm = normalise(line)
        try:
            rule.compiled().search(norm, timeout=0.5)
        except TimeoutError:
            pytest.fail(f"{rule.id} backtracks catastrophically on {line[:30]!r}...")


# --- user packs and validation -------------------------------------------------------------

GOOD_RULE = """
[[rules]]
id = "{rid}"
category = "nav"
description = "A test rule."
pattern = '''{pattern}'''
scope = "{scope}"
examples.match = ["Widget bar"]
examples.no_match = ["The widget bar was closed on Monday, the council said."]
"""


def write_pack(tmp_path: Path, body: str, name: str = "pack.toml") -> Path:
    path = tmp_path / name
    path.write_text('[pack]\nname = "test"\n' + body, encoding="utf-8")
    return path


def rule_text(rid: str = "test.widget-bar", pattern: str = "widget bar",
              scope: str = "standalone") -> str:
    return GOOD_RULE.format(rid=rid, pattern=pattern, scope=scope)


def assert_pack_error(path: Path, *needles: str) -> None:
    with pytest.raises(RulePackError) as info:
        load_pack(path)
    message = str(info.value)
    assert str(path) in message
    for needle in needles:
        assert needle in message, message


def test_bad_id(tmp_path: Path) -> None:
    path = write_pack(tmp_path, rule_text(rid="Bad Id!"))
    assert_pack_error(path, "Bad Id!", "id")


def test_bad_scope(tmp_path: Path) -> None:
    path = write_pack(tmp_path, rule_text(scope="everywhere"))
    assert_pack_error(path, "test.widget-bar", "everywhere")


def test_bad_regex(tmp_path: Path) -> None:
    path = write_pack(tmp_path, rule_text(pattern="widget (bar"))
    assert_pack_error(path, "test.widget-bar", "compile")


def test_missing_examples(tmp_path: Path) -> None:
    body = rule_text().replace('examples.match = ["Widget bar"]\n', "")
    path = write_pack(tmp_path, body)
    assert_pack_error(path, "test.widget-bar", "examples.match")


def test_unknown_key(tmp_path: Path) -> None:
    body = rule_text().replace('scope = "standalone"', 'scope = "standalone"\ncolour = "red"')
    path = write_pack(tmp_path, body)
    assert_pack_error(path, "test.widget-bar", "colour")


def test_duplicate_id(tmp_path: Path) -> None:
    path = write_pack(tmp_path, rule_text() + rule_text())
    assert_pack_error(path, "test.widget-bar", "duplicate")


def test_invalid_toml(tmp_path: Path) -> None:
    path = write_pack(tmp_path, "[[rules]]\nid = 'unterminated\n")
    assert_pack_error(path, "TOML")


def test_user_pack_id_clashing_with_shipped_rule(tmp_path: Path) -> None:
    path = write_pack(tmp_path, rule_text(rid="nav.skip-link"))
    with pytest.raises(RulePackError) as info:
        load_rules(Config(rule_packs=(path,), use_model=False))
    assert "nav.skip-link" in str(info.value)


def test_user_pack_works_through_config(tmp_path: Path) -> None:
    path = write_pack(tmp_path, rule_text())
    text = "Widget bar\n\nThe council closed the road on Monday after the storm, officials said.\n"
    assert clean(text, NO_MODEL) == text
    config = Config(rule_packs=(path,), use_model=False)
    result = clean_and_explain(text, config)
    assert result.text == (
        "The council closed the road on Monday after the storm, officials said.\n"
    )
    assert [d.reason for d in result.dropped] == ["test.widget-bar"]


def test_disabled_rules_turns_a_rule_off() -> None:
    text = "Skip to main content\n\nThe council closed the road on Monday, officials said.\n"
    assert clean(text, NO_MODEL).startswith("The council")
    config = Config(disabled_rules=frozenset({"nav.skip-link"}), use_model=False)
    assert clean(text, config) == text


def test_unknown_disabled_rule_raises() -> None:
    config = Config(disabled_rules=frozenset({"nav.no-such-rule"}), use_model=False)
    with pytest.raises(ValueError, match=re.escape("nav.no-such-rule")):
        clean("Hello\n", config)


def test_bad_max_prose_share(tmp_path: Path) -> None:
    body = rule_text().replace('scope = "standalone"',
                               'scope = "standalone"\nmax_prose_share = 1.5')
    assert_pack_error(write_pack(tmp_path, body), "test.widget-bar", "max_prose_share")


def test_ends_article_is_a_flag_of_drop_rules(tmp_path: Path) -> None:
    body = rule_text().replace('scope = "standalone"', 'scope = "standalone"\nends_article = 1')
    assert_pack_error(write_pack(tmp_path, body), "test.widget-bar", "true or false")
    for action in ("protect", "drop-to-end", "strip-prefix"):
        body = rule_text(scope="prefix").replace(
            'scope = "prefix"', f'scope = "prefix"\naction = "{action}"\nends_article = true')
        assert_pack_error(write_pack(tmp_path, body), "test.widget-bar", "ends_article")
    body = rule_text().replace('scope = "standalone"', 'scope = "standalone"\nends_article = true')
    (rule,) = load_pack(write_pack(tmp_path, body))
    assert rule.ends_article


def test_max_prose_share_on_a_protect_rule(tmp_path: Path) -> None:
    body = rule_text().replace('scope = "standalone"',
                               'scope = "standalone"\naction = "protect"\nmax_prose_share = 0.5')
    assert_pack_error(write_pack(tmp_path, body), "test.widget-bar", "protect")


_SENTENCE = "The council closed the road number {} on Monday after the storm, officials said."


def test_escaped_entity_lines_go_while_few() -> None:
    caption = "The mayor speaks at the town&#39;s hall on March 6, 2019, in front of reporters."
    body = [_SENTENCE.format(k) for k in range(5)]
    result = clean_and_explain("\n\n".join([body[0], caption, *body[1:]]) + "\n", NO_MODEL)
    assert [d.reason for d in result.dropped] == ["markup.escaped-entity"]
    assert result.text == "\n\n".join(body) + "\n"


def test_escaped_entity_lines_stay_when_the_whole_text_came_escaped() -> None:
    # Two of five prose lines carry an entity: more than the rule's third, so it misread
    # the document and drops nothing.
    lines = [_SENTENCE.format(k) for k in range(5)]
    lines[1] = lines[1].replace("council", "council&#39;s board")
    lines[3] = lines[3].replace("storm", "&quot;storm&quot;")
    text = "\n\n".join(lines) + "\n"
    assert clean(text, NO_MODEL) == text
