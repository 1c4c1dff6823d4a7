"""Rule actions and scopes, on small documents with user packs (the shipped packs off)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import cleantext
from cleantext import Cleaner, Config
from cleantext.lines import normalise
from cleantext.model.trees import is_compiled
from cleantext.rules import engine

PROSE = ("The interior ministers of both countries signed the agreement in Calais on "
         "Thursday morning, officials said.")


def _config(tmp_path: Path, rules: str) -> Config:
    pack = tmp_path / "pack.toml"
    pack.write_text('[pack]\nname = "t"\ndescription = "test"\n' + rules, encoding="utf-8")
    return Config(rule_packs=(pack,), builtin_rules=False, use_model=False)


def _rule(rule_id: str, pattern: str, scope: str, action: str, match: str) -> str:
    return (f'\n[[rules]]\nid = "{rule_id}"\ncategory = "test"\ndescription = "d"\n'
            f"pattern = '''{pattern}'''\nscope = \"{scope}\"\naction = \"{action}\"\n"
            f"examples.match = [\"{match}\"]\n")


def test_strip_prefix_keeps_the_rest_of_the_line(tmp_path: Path) -> None:
    config = _config(tmp_path, _rule("t.label", r"advertisement\s*[:|-]?", "prefix",
                                     "strip-prefix", "Advertisement: x"))
    text = f"Title\n\nAdvertisement | {PROSE}\n"
    result = cleantext.clean_and_explain(text, config)
    assert result.text == f"Title\n\n{PROSE}\n"
    decision = result.decisions[2]
    assert decision.kept and decision.output == PROSE and decision.reason == "t.label"
    assert cleantext.clean(result.text, config) == result.text


def test_drop_block_takes_the_list_after_the_heading(tmp_path: Path) -> None:
    config = _config(tmp_path, _rule("t.box", "promo box", "standalone", "drop-block",
                                     "Promo box"))
    text = f"Title\n\n{PROSE}\n\nPromo box\n  • one\n  • two\nAfter the list.\n"
    result = cleantext.clean_and_explain(text, config)
    assert result.text == f"Title\n\n{PROSE}\n\nAfter the list.\n"
    assert [d.reason for d in result.dropped] == ["t.box", "t.box (block)", "t.box (block)"]


def test_inscriptis_nested_list_markers_are_list_markers(tmp_path: Path) -> None:
    # inscriptis writes "* " for a list's first level, "+ " and "o " for the nested ones.
    config = _config(tmp_path, _rule("t.box", "promo box", "standalone", "drop-block",
                                     "Promo box"))
    text = f"Title\n\n{PROSE}\n\nPromo box\n  * one\n+ two\no three\nAfter the list.\n"
    result = cleantext.clean_and_explain(text, config)
    assert result.text == f"Title\n\n{PROSE}\n\nAfter the list.\n"
    assert normalise("o Home") == "Home" and normalise("+ Home") == "Home"
    # a capital "O" opens a Portuguese sentence, not a list
    assert normalise("O governo anunciou") == "O governo anunciou"
    assert normalise("a) Home") == "Home" and normalise("O) Home") == "Home"
    assert normalise("a)Home") == "a)Home" and normalise("Oh my") == "Oh my"


def test_odd_whitespace_is_unprintable() -> None:
    # normalise_all looks for odd whitespace only in the lines str.isprintable fails.
    odd = [chr(c) for c in range(sys.maxunicode + 1)
           if (chr(c).isspace() and c != 32) or 0x200B <= c <= 0x200D or c in (0x2060, 0xFEFF)]
    assert len(odd) > 30 and not any(ch.isprintable() for ch in odd)
    assert normalise("a\u00a0b  c\u200bd\te") == "a b cd e"
    assert normalise("plain  double") == "plain double"


def test_drop_to_end_only_in_the_second_half(tmp_path: Path) -> None:
    config = _config(tmp_path, _rule("t.end", "the end marker", "standalone", "drop-to-end",
                                     "The end marker"))
    late = f"Title\n\n{PROSE}\n\n{PROSE}\n\nThe end marker\n\nFooter words here\n"
    assert cleantext.clean(late, config) == f"Title\n\n{PROSE}\n\n{PROSE}\n"
    early = f"Title\n\nThe end marker\n\n{PROSE}\n\n{PROSE}\n"
    # in the first half the marker is dropped alone: the article after it survives
    assert cleantext.clean(early, config) == f"Title\n\n{PROSE}\n\n{PROSE}\n"


def test_leading_and_trailing_scopes(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        _rule("t.lead", "marker", "leading", "drop", "marker")
        + _rule("t.trail", "tail", "trailing", "drop", "tail"),
    )
    text = f"marker\n\ntail\n\n{PROSE}\n\nmarker\n\ntail\n"
    result = cleantext.clean_and_explain(text, config)
    assert [(d.line_no, d.reason) for d in result.dropped] == [(1, "t.lead"), (9, "t.trail")]


def test_short_lines_are_matched_once_across_documents(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The memo of short lines' hits must work with zone rules in the pack (it once kept no
    # line out of a zone, which is nearly every line), and must not carry a zone hit over
    # to the same line outside the zone.
    if is_compiled(engine):
        pytest.skip("counts calls through a patched method, which compiled callers bypass")
    config = _config(
        tmp_path,
        _rule("t.lead", "marker", "leading", "drop", "marker")
        + _rule("t.menu", "menu", "standalone", "drop", "menu"),
    )
    cleaner = Cleaner(config)
    tried: list[str] = []
    match_line = engine._Group.match_line

    def counting(self: engine._Group, line: str, *args: Any) -> engine.Hit | None:
        if self.scope == "standalone":
            tried.append(line)
        return match_line(self, line, *args)

    monkeypatch.setattr(engine._Group, "match_line", counting)
    body = "\n\n".join([PROSE] * 6)
    first = cleaner.explain(f"marker\n\n{body}\n\nMenu\n\nSome short line\n\n{body}\n")
    second = cleaner.explain(f"Title\n\n{body}\n\nSome short line\n\nmarker\n\n{body}\n")
    assert [d.reason for d in first.dropped] == ["t.lead", "t.menu"]
    assert [d.reason for d in second.dropped] == []  # "marker" is outside the leading zone
    assert tried.count("Some short line") == 1
    assert tried.count(PROSE) == 24  # long lines are not remembered


def test_protect_wins_over_drop(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        _rule("t.drop", "share.*", "standalone", "drop", "Share")
        + _rule("t.keep", "share prices .*", "standalone", "protect", "Share prices fell"),
    )
    text = "Share\n\nShare prices fell\n"
    result = cleantext.clean_and_explain(text, config)
    assert result.text == "Share prices fell\n"
    assert result.decisions[2].reason == "t.keep"


def test_drop_with_caption_takes_the_alt_text_above(tmp_path: Path) -> None:
    config = _config(tmp_path, _rule("t.credit", r"image:\s*.+", "standalone",
                                     "drop-with-caption", "Image: AP"))
    text = f"Title\n\n{PROSE}\n\nFrankreich Calais Grenze\nImage: Reuters/J. Medina\n\n{PROSE}\n"
    result = cleantext.clean_and_explain(text, config)
    assert [d.category for d in result.dropped] == ["caption", "test"]


def test_requires_is_part_of_the_rule(tmp_path: Path) -> None:
    rules = _rule("t.req", r".{0,40}\d.{0,40}", "standalone", "drop", "Page 2") + \
        'requires = ["page"]\n'
    config = _config(tmp_path, rules)
    assert cleantext.clean("Page 2\n\nRoom 101\n", config) == "Room 101\n"


def test_prefix_candidates_are_the_rules_that_could_match() -> None:
    # The rules a line's first characters select (narrowed from those its first character
    # selects, both remembered) are exactly the shipped rules that partial-match the prefix,
    # plus those that could match a line starting with anything, in pack order.
    from cleantext.rules.schema import load_builtin_packs

    rules = [r for r in load_builtin_packs() if r.scope == "standalone" and r.action == "drop"]
    group = engine._Group(rules, "standalone")
    anywhere = {i for i, single in enumerate(group.singles)
                if single.match(engine._UNLIKELY_START, partial=True) is not None}
    assert anywhere == {entry[0] for entry in group._universal}
    # Most rules start with something (a word, a symbol) and are dispatched on it.
    assert 0 < len(anywhere) < len(rules) / 2
    lines = ["Share on Facebook", "Shares fell 3%", "S", "Sh", "© 2019 Example Media",
             "Photo: Reuters", "photo of the day", "Главная » Интересное", "12 comments"]
    for line in lines:
        key = line[:engine.PREFIX_CHARS]
        could = {i for i, single in enumerate(group.singles)
                 if single.match(key, partial=True) is not None}
        found = [entry[0] for entry in group._candidates(line, 0.05)]
        assert found == sorted(could | anywhere), line
        assert group._by_first[key[:1]] is not None
    # Asked again, a prefix is read from memory.
    assert group._candidates("Share this", 0.05) is group._by_prefix["Sha"]
    # A line of two characters, the first a NUL, has its own candidates, the universal rules
    # among them (the first characters' pools are kept apart from the prefixes).
    assert anywhere <= {entry[0] for entry in group._candidates("\0S", 0.05)}
    assert {entry[0] for entry in group._by_first["S"]}.isdisjoint(anywhere)


#: The shipped standalone rules without ``requires`` that could match a line starting with
#: any word: the engine searches each of them on nearly every line of every document.
_SEARCHED_ON_EVERY_LINE = {"caption.reuters-credit", "related.teaser-glued",
                           "related.keyword-cloud", "signoff.agency-initials"}


def test_few_shipped_rules_are_searched_on_every_line() -> None:
    # A rule that could start with any word and names no ``requires`` literal costs a regex
    # search on every line (a pattern such as '(?:\w+ ){1,3}thanks our sponsors' in the
    # large ad.label made the rules-only cleaner about 40% slower). A new one must be a
    # choice: give it ``requires``, start it with its own words, or add it here.
    from cleantext.rules.schema import load_builtin_packs

    rules = [r for r in load_builtin_packs() if r.scope == "standalone"]
    group = engine._Group(rules, "standalone")
    starts = ("Zqx", "zqx", "Жщ", "9q")
    unfiltered = {rule.id for i, rule in enumerate(rules)
                  if not rule.requires and any(group._could_start(i, key) for key in starts)}
    assert unfiltered == _SEARCHED_ON_EVERY_LINE
