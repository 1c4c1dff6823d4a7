"""Named chrome of real news sites goes; article sentences that use the same words stay.

Each line of ``tests/cases/chrome_lines.json`` is set between two sentences of a short
article and cleaned, with the rules alone and with the default pipeline. Every ``drop``
line (site furniture of major outlets, several languages) must be dropped, every ``keep``
line (an article's sentence or heading with the same words) kept. The rules' own examples
test each pattern alone; these test the pipeline around them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleantext import Cleaner, Config

CASES = json.loads((Path(__file__).parent / "cases" / "chrome_lines.json")
                   .read_text(encoding="utf-8"))
BEFORE = ("Storm hits the south coast\n"
          "The storm brought heavy rain and strong winds to much of the region on Tuesday, "
          "forcing schools to close and cancelling trains.\n")
AFTER = ("\nOfficials said the damage would take weeks to repair, and urged residents to stay "
         "indoors until the warning expired late on Wednesday evening.\n")


def _kept(cleaner: Cleaner, line: str) -> bool:
    result = cleaner.explain(BEFORE + line + AFTER)
    (decision,) = [d for d in result.decisions if d.line == line]
    return decision.kept


@pytest.fixture(scope="module", params=["rules only", "default"])
def cleaner(request: pytest.FixtureRequest) -> Cleaner:
    return Cleaner(Config(use_model=request.param == "default"))


def test_the_cases_are_distinct_lines() -> None:
    drop, keep = CASES["drop"], CASES["keep"]
    assert len(drop) > 300 and len(keep) > 50
    assert len(set(drop)) == len(drop) and len(set(keep)) == len(keep)
    assert not set(drop) & set(keep)


def test_named_chrome_is_dropped(cleaner: Cleaner) -> None:
    kept = [line for line in CASES["drop"] if _kept(cleaner, line)]
    assert not kept, f"{len(kept)} chrome lines kept: {kept[:10]}"


def test_article_lines_with_the_same_words_stay(cleaner: Cleaner) -> None:
    dropped = [line for line in CASES["keep"] if not _kept(cleaner, line)]
    assert not dropped, f"{len(dropped)} article lines dropped: {dropped[:10]}"
