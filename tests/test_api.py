"""The public API: clean, clean_and_explain, Config, user packs, hostile patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleantext
from cleantext import Config, RulePackError

CHROME_DOC = (
    "Skip to main content\n\n"
    "Police to share command centre in Calais\n\n"
    "British police will be deployed to Calais to target people-smuggling gangs, "
    "the Home Office said on Thursday.\n\n"
    "Advertisement\n\n"
    "The centre will be led by one British and one French senior commander.\n"
)


def test_public_api_is_declared() -> None:
    for name in cleantext.__all__:
        assert hasattr(cleantext, name), name
    assert {"clean", "clean_and_explain", "Config", "Cleaned", "Decision"} <= set(
        cleantext.__all__)


def test_clean_drops_chrome_and_keeps_text() -> None:
    out = cleantext.clean(CHROME_DOC)
    assert "Skip to main content" not in out
    assert "Advertisement" not in out
    assert out.startswith("Police to share command centre in Calais\n\nBritish police")
    assert "\n\n\n" not in out


def test_one_decision_per_line_with_reasons() -> None:
    result = cleantext.clean_and_explain(CHROME_DOC)
    assert [d.line_no for d in result.decisions] == list(range(1, 10))
    dropped = {d.line: d for d in result.dropped}
    assert dropped["Skip to main content"].reason == "nav.skip-link"
    assert dropped["Skip to main content"].category == "nav"
    assert dropped["Advertisement"].category == "ad"
    assert result.changed


def test_crlf_and_missing_final_newline_are_preserved() -> None:
    crlf = CHROME_DOC.replace("\n", "\r\n").rstrip("\r\n")
    out = cleantext.clean(crlf)
    assert "\r\n" in out and out.count("\n") == out.count("\r\n")
    assert not out.endswith("\n")
    assert cleantext.clean(out) == out


def test_bom_is_kept() -> None:
    assert cleantext.clean("\ufeff" + CHROME_DOC).startswith("\ufeffPolice")


def test_mojibake_is_fixed_and_recorded() -> None:
    text = ("Calais fences\n\nThe British government has pledged Â£22m â€” more than before, "
            "it said today.\n")
    result = cleantext.clean_and_explain(text)
    assert "£22m — more" in result.text
    fixed = [d for d in result.decisions if d.output is not None]
    assert fixed and "mojibake" in fixed[0].notes[0]


def test_a_line_of_whitespace_stays_a_blank_line_through_the_mojibake_fix() -> None:
    # U+0085 (NEL) is whitespace to str.strip(), so the line is blank; ftfy would read it as
    # Windows-1252's '…' and make it a line of text the output had no place for. With a
    # second cleaning round (the leading byline), that made clean_and_explain raise
    # StopIteration (found by hypothesis in tests/test_properties.py).
    text = ZONE_LEAD + "Skip to main content\n\n\x85\nThe the the the the the the the.\n"
    result = cleantext.clean_and_explain(text)
    assert result.text == cleantext.clean(text) == cleantext.clean(result.text)
    nel = [d for d in result.decisions if d.line == "\x85"]
    assert len(nel) == 1 and nel[0].category == "blank" and nel[0].output is None
    # A line the fix leaves blank is written fixed, and its decision says so.
    text = ("Police chiefs say the new centre will open in the spring, officials said.\n"
            "Â\xa0\nThe council voted on Tuesday to approve the new budget after a debate.\n")
    result = cleantext.clean_and_explain(text)
    blank = result.decisions[1]
    assert blank.category == "blank" and blank.output == "\xa0" and blank.notes
    assert result.text.split("\n")[1] == "\xa0"


def test_mojibake_fix_can_be_switched_off() -> None:
    text = ("Calais fences\n\nThe government pledged Â£22m to secure the port, "
            "the Home Office said.\n")
    assert "Â£22m" in cleantext.clean(text, Config(fix_mojibake=False))


def test_config_is_immutable_hashable_and_validated() -> None:
    config = Config(disabled_rules={"ad.label"})  # type: ignore[arg-type]
    assert isinstance(config.disabled_rules, frozenset)
    assert hash(config) == hash(Config(disabled_rules=frozenset({"ad.label"})))
    with pytest.raises(AttributeError):
        config.preset = "recall"  # type: ignore[misc]
    with pytest.raises(ValueError, match="preset"):
        Config(preset="fast")  # type: ignore[arg-type]
    assert config.replace(preset="recall").preset == "recall"


def test_disabled_rule_keeps_its_line() -> None:
    out = cleantext.clean(CHROME_DOC, Config(disabled_rules=frozenset({"ad.label"}),
                                             use_model=False))
    assert "Advertisement" in out


def _write_pack(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


HOSTILE_PACK = """
[pack]
name = "hostile"
description = "A catastrophically backtracking pattern."

[[rules]]
id = "hostile.nested"
category = "test"
description = "Nested quantifiers."
pattern = '(a+)+$'
scope = "any"
examples.match = ["aaaa"]
examples.no_match = ["bbb"]
"""


def test_catastrophic_user_pattern_times_out_for_that_line_only(tmp_path: Path) -> None:
    pack = _write_pack(tmp_path / "hostile.toml", HOSTILE_PACK)
    evil = "a" * 50_000 + "!"
    text = CHROME_DOC + "\n" + evil + "\n"
    config = Config(rule_packs=(pack,))
    # (a+)+$ on 50,000 "a"s would run for longer than the universe exists: that this returns
    # at all, with the problem reported, shows the timeout abandoned the rule on that line.
    result = cleantext.clean_and_explain(text, config)
    assert any("hostile.nested" in p and "line 11" in p for p in result.problems)
    # the rest of the document was still cleaned by the other rules
    assert "Skip to main content" not in result.text
    assert "Advertisement" not in result.text
    assert evil in result.text


def test_user_pack_adds_a_rule(tmp_path: Path) -> None:
    pack = _write_pack(tmp_path / "mine.toml", """
[pack]
name = "mine"
description = "Site furniture of example.com"

[[rules]]
id = "example.promo"
category = "subscription"
description = "Example's promo line."
pattern = 'visit the example shop.*'
scope = "standalone"
examples.match = ["Visit the Example shop for mugs"]
examples.no_match = ["The example shop closed."]
""")
    text = CHROME_DOC + "\nVisit the Example shop for mugs\n"
    result = cleantext.clean_and_explain(text, Config(rule_packs=(pack,)))
    assert [d.reason for d in result.dropped if "Example" in d.line] == ["example.promo"]


def test_bad_user_pack_names_file_and_rule(tmp_path: Path) -> None:
    pack = _write_pack(tmp_path / "bad.toml", """
[[rules]]
id = "bad.regex"
category = "x"
description = "Unbalanced."
pattern = '(unclosed'
examples.match = ["x"]
""")
    with pytest.raises(RulePackError, match=r"bad\.toml: rule 'bad\.regex': pattern does not"):
        cleantext.clean("x", Config(rule_packs=(pack,)))


def test_missing_pack_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="no such file"):
        cleantext.clean("x", Config(rule_packs=(tmp_path / "nope.toml",)))


def test_bytes_input_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="decode bytes first"):
        cleantext.clean(b"Share\n")  # type: ignore[arg-type]


# The teaser on top is the first prose line, so the byline under it is outside the leading zone
# where "byline.by-author" looks; the teaser's rule drops it, and in the cleaned text the byline
# opens the article, inside that zone.
ZONE_LEAD = (
    "Read more: Police chiefs say the new centre will open in the spring of next year.\n"
    "By DPF Admin20th August 2015August 6th, 2019Area Updates, Latest News\n"
)
ZONE_DOC = ZONE_LEAD + (
    "Police will share a command centre in Calais with French officers, the Home Office said.\n"
    "The centre opens next month and will hold forty officers from both countries.\n"
)


@pytest.mark.parametrize("use_model", [False, True])
def test_a_line_the_cleaned_text_puts_in_a_zone_is_cleaned_as_there(use_model: bool) -> None:
    config = Config(use_model=use_model)
    once = cleantext.clean(ZONE_DOC, config)
    assert "DPF Admin" not in once
    assert once.startswith("Police will share a command centre")
    assert cleantext.clean(once, config) == once
    result = cleantext.clean_and_explain(ZONE_DOC, config)
    assert result.text == once
    byline = result.decisions[1]
    assert (byline.line_no, byline.kept, byline.reason) == (2, False, "byline.by-author")
    assert result.metadata.authors == ("DPF Admin",)
    assert result.metadata.published == "2015-08-20"
    # the lines the second round kept keep their own numbers and text
    assert [d.line_no for d in result.decisions if d.kept] == [3, 4]
    assert all(d.line == ZONE_DOC.split("\n")[d.line_no - 1] for d in result.decisions)


def test_a_mojibake_fix_survives_a_second_round() -> None:
    text = (ZONE_LEAD +
            "The government has pledged Â£22m â€” more than before, the Home Office said today.\n"
            "The centre opens next month and will hold forty officers from both countries.\n")
    result = cleantext.clean_and_explain(text, Config(use_model=False))
    assert "DPF Admin" not in result.text  # dropped in the second round
    fixed = result.decisions[2]
    assert fixed.kept and fixed.output is not None and "£22m —" in fixed.output
    assert fixed.notes  # the repair is still recorded after the second round
    assert result.text == cleantext.clean(text, Config(use_model=False))
