"""The headline finder: cut pages that open with the headline, whole pages that open with a
menu, and pages where no line names what the article is about."""

from __future__ import annotations

import cleantext
from cleantext import Config
from cleantext.headline import content_words, find_title
from cleantext.lines import normalise_all
from cleantext.structure import layout

BODY = [
    "Harbour council approves a new sea wall after winter storms flooded the old town "
    "twice in one month, officials said on Tuesday.",
    "The sea wall will rise two metres above the current harbour defences and should be "
    "finished before next winter, the council said.",
    "Residents of the old town had asked for better flood defences for years, and the "
    "council's engineers agreed the storms proved them right.",
]
MENU = ["Home", "World", "Business", "Sport", "Weather", "Subscribe to our newsletter"]
HEADLINE = "Harbour council approves new sea wall"
TEASERS = ["Football club signs striker from rival", "Prices of bread rise again in shops"]


def _title(lines: list[str], dropped: frozenset[int] = frozenset()) -> str | None:
    norm = normalise_all(lines)
    found = find_title(norm, [i in dropped for i in range(len(norm))], layout(norm))
    return None if found is None else norm[found]


def test_the_first_line_of_a_cut_page() -> None:
    assert _title([HEADLINE, "", *BODY]) == HEADLINE


def test_the_headline_above_the_body_of_a_whole_page() -> None:
    lines = [*MENU, *TEASERS, HEADLINE, "By Jane Smith", *BODY, *TEASERS]
    assert _title(lines) == HEADLINE
    # a rule's drop is never the headline
    assert _title(lines, dropped=frozenset({lines.index(HEADLINE)})) is None


def test_the_closest_match_wins() -> None:
    # a teaser on the same story shares fewer of its words with the body
    lines = [*MENU, HEADLINE, *TEASERS, "Harbour council approves sea wall plan", *BODY]
    assert _title(lines) == HEADLINE
    # and of two lines that match as well, the nearer one
    lines = [*MENU, HEADLINE, *TEASERS, "Sea wall: harbour council approves new one", *BODY]
    assert _title(lines) == "Sea wall: harbour council approves new one"


def test_no_headline_when_nothing_names_the_article() -> None:
    # a menu far above the body is not the headline, and no line shares its words
    lines = [*MENU, *TEASERS * 4, *BODY]
    assert _title(lines) is None
    # but a short first line close to the body still is (a cut page with an odd headline)
    assert _title(["A winter to remember", "", *BODY]) == "A winter to remember"


def test_list_items_and_logos_are_never_the_headline() -> None:
    # a bulleted teaser on the story, first and close to the body, shares its words: still
    # a list item, not the headline; the headline below it is
    bullet = "  • Harbour council sea wall approved"
    lines = [bullet, HEADLINE, *BODY]
    norm = normalise_all(lines)
    found = find_title(norm, [False] * len(norm), layout(norm), lines)
    assert found is not None and norm[found] == HEADLINE
    assert _title(lines) == "Harbour council sea wall approved"  # without the raw lines
    # a logo's alt text that names the site the body quotes
    logo = "Harbour Council News Logo"
    assert _title([logo, *MENU, *BODY]) is None
    assert _title([logo, HEADLINE, *BODY]) == HEADLINE


def test_content_words_skip_stopwords_of_every_language() -> None:
    assert content_words("The council and la mairie: 2 sea walls") == frozenset(
        {"council", "mairie", "sea", "walls"})


def test_the_pipeline_keeps_the_headline_and_reports_it() -> None:
    text = "\n".join([*MENU, *TEASERS, HEADLINE, *BODY]) + "\n"
    result = cleantext.clean_and_explain(text, Config(use_model=False))
    assert result.metadata.title == HEADLINE
    assert [d.line for d in result.decisions if d.reason == "structure:title"] == [HEADLINE]


def test_the_cleaner_passes_list_markers_to_the_headline_finder() -> None:
    text = "\n".join(["  • Harbour council sea wall approved", HEADLINE, *BODY]) + "\n"
    config = Config(use_model=False)
    assert cleantext.clean_and_explain(text, config).metadata.title == HEADLINE
