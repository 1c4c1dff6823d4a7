"""The learned end of the article: candidates, their features, the end forest in the model."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from cleantext.model.ending import END_NAMES, end_candidates, first_end
from cleantext.model.features import FEATURE_NAMES, FREE, KEEP
from cleantext.model.linear import _CHARS, DEFAULT_END, LineModel, load_model
from cleantext.model.trees import Forest
from tests.test_model import _tiny_model

AHEAD_4 = END_NAMES.index("ahead_mean_4")
#: An end forest that says "over" (log-odds +3) when the next four lines' mean score is at most
#: 0.35, "not over" (-3) otherwise.
ENDER = Forest(0.0, ((AHEAD_4, 0.35, 3.0, -3.0, 0.0),), len(END_NAMES))


def _rows(chars: list[float]) -> list[tuple[float, ...]]:
    row = [0.0] * len(FEATURE_NAMES)
    out = []
    for c in chars:
        row[_CHARS] = c
        out.append(tuple(row))
    return out


def test_candidates_are_the_open_lines_after_the_main_run() -> None:
    chars = [300.0] * 3 + [40.0, 40.0, 10.0, 40.0]
    scores = [0.95] * 3 + [0.3, 0.25, 0.995, 0.4]
    stat = [FREE] * 5 + [KEEP, FREE]  # line 5: a rule kept it (not a candidate)
    ruled = [0, 0, 0, 0, 0, 0, 2]
    lines, feats = end_candidates(scores, _rows(chars), stat, ruled, 2, _CHARS)
    assert lines == [3, 4, 6]
    assert all(len(f) == len(END_NAMES) for f in feats)
    first = dict(zip(END_NAMES, feats[0], strict=True))
    last = dict(zip(END_NAMES, feats[2], strict=True))
    assert first["score"] == 0.3 and first["ahead_mean_2"] == pytest.approx(0.275)
    assert first["ahead_mean_4"] == pytest.approx((0.3 + 0.25 + 0.4) / 3)
    assert first["behind_mean_4"] == first["main_mean"] == pytest.approx(0.95)
    assert first["rest_char_share"] == pytest.approx(120 / 1030)
    assert first["since_lines"] == 0 and last["since_lines"] == 2
    assert first["since_rule_drops"] == 0 and last["since_rule_drops"] == 2
    assert first["ahead_rule_drops_4"] == 2
    assert last["since_main_chars"] == pytest.approx(80 / 900)
    assert last["line_chars"] == 40.0
    # No main run (a page of short lines): no candidates.
    assert end_candidates([0.2] * 4, _rows([30.0] * 4), [FREE] * 4, (), 2, _CHARS) == ([], [])


def test_first_end() -> None:
    assert first_end([0.1, 0.85, 0.95], 0.8) == 1
    assert first_end([0.1, 0.85, 0.95], 0.9) == 2
    assert first_end([0.1, 0.2], 0.8) is None
    assert first_end([], 0.8) is None


def _article_then_tail() -> tuple[list[float], list[tuple[float, ...]], list[int]]:
    # An article (three long lines), then a line that still reads like it, then a tail whose
    # lines score 0.1-0.2 with one high line among them.
    chars = [300.0] * 3 + [80.0] * 5
    scores = [0.95] * 3 + [0.6, 0.2, 0.1, 0.95, 0.1]
    return scores, _rows(chars), [FREE] * 8


def test_learned_end_drops_the_tail_but_not_its_high_lines() -> None:
    scores, rows, stat = _article_then_tail()
    model = dataclasses.replace(_tiny_model(), ender=ENDER, end=(0.8, 0.9))
    # The next four lines' mean first drops to 0.35 at line 4: the article is over there.
    assert model.learned_end(scores, rows, stat) == [False] * 4 + [True, True, False, True]
    # A higher ``high`` takes the high line too; no end forest, no end.
    assert dataclasses.replace(model, end=(0.8, 1.0)).learned_end(scores, rows, stat) == (
        [False] * 4 + [True] * 4)
    assert not any(_tiny_model().learned_end(scores, rows, stat))
    # A sentence of GUARD_WORDS words or more inside the main prose block after the end
    # stays (the forest may have found the end too early); a long line that does not end a
    # sentence does not, nor does a sentence outside the block (a teaser's standfirst).
    words, terminal = FEATURE_NAMES.index("words"), FEATURE_NAMES.index("terminal")
    in_block = FEATURE_NAMES.index("in_block")
    sentence = {words: 14.0, terminal: 1.0}
    rows[5] = tuple(sentence.get(k, x) for k, x in enumerate(rows[5]))
    rows[7] = tuple(14.0 if k == words else x for k, x in enumerate(rows[7]))
    assert model.learned_end(scores, rows, stat) == [False] * 4 + [True, True, False, True]
    rows[5] = tuple(1.0 if k == in_block else x for k, x in enumerate(rows[5]))
    rows[7] = tuple(1.0 if k == in_block else x for k, x in enumerate(rows[7]))
    assert model.learned_end(scores, rows, stat) == [False] * 4 + [True, False, False, True]
    # A threshold the forest never reaches ends nothing.
    assert not any(dataclasses.replace(model, end=(0.99, 0.9)).learned_end(scores, rows, stat))


def test_gap_context_applies_the_learned_end() -> None:
    scores, rows, stat = _article_then_tail()
    model = dataclasses.replace(_tiny_model(), ender=ENDER, end=(0.8, 0.9), gap=(2, 0.9))
    final = [s >= 0.05 for s in scores]  # a low threshold: the model drops no line itself
    guarded = [False] * 8
    kept, _ = model.close(scores, rows, stat, final, guarded, "gap")
    assert kept == [True] * 4 + [False, False, True, False]
    # Without an end forest, no gap of dropped lines comes and the tail stays.
    kept, _ = _tiny_model().close(scores, rows, stat, final, guarded, "gap")
    assert kept == final
    # Other context modes ignore it.
    kept, _ = model.close(scores, rows, stat, final, guarded, "none")
    assert kept == final


def test_end_forest_json_round_trip(tmp_path: Path) -> None:
    model = dataclasses.replace(_tiny_model(), ender=ENDER, end=(0.7, 0.8))
    path = tmp_path / "m.json"
    model.save(path)
    again = load_model(path)
    assert again == model
    data = json.loads(path.read_text())
    assert data["context"]["end"] == {"threshold": 0.7, "high": 0.8}
    assert data["end_features"] == list(END_NAMES)
    del data["context"]["end"]  # the settings default when a file names none
    assert LineModel.from_dict(data).end == DEFAULT_END
    data["end_features"] = data["end_features"][:-1]
    with pytest.raises(ValueError, match="end features"):
        LineModel.from_dict(data)
    # A model file from before the end forest loads without one.
    del data["ender"]
    assert LineModel.from_dict(data).ender is None


def test_end_rows_label_the_lines_after_the_last_gold_line() -> None:
    from cleantext import Cleaner, Config
    from cleantext.model.train import Pair, _fit_ender, end_rows, prepare

    body = [f"Paragraph {j} tells what happened in the town on the night of the storm, and "
            "why it matters to the readers of this newspaper." for j in range(4)]
    close = "The council meets again on Monday."
    tail = ["Weather in Leeds", "Our partners in print", "Letters to the editor"]
    text = "\n".join(["Storm hits the town", *body, close, *tail])
    gold = "\n".join(["Storm hits the town", *body, close])
    prep = prepare(Pair("f", "d", text, gold, "site.com"), Cleaner(Config(use_model=False)))
    # The closing line scores low, as short lines do: the main run ends before it.
    lines = prep.extra["lines"]
    scores = [0.9 if y and line != close else 0.2 for y, line in zip(prep.labels, lines,
                                                                        strict=True)]
    feats, labels = end_rows(prep, scores, 2)
    assert labels == [False, True, True, True]
    assert all(len(f) == len(END_NAMES) for f in feats)
    # A document without gold lines gives no rows, and rows of one class no forest.
    empty = dataclasses.replace(prep, labels=[False] * len(prep.labels))
    assert end_rows(empty, scores, 2) == ([], [])
    assert _fit_ender([empty], [scores], 2) is None
