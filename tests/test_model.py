"""The learned layer: features, JSON model, context passes, shipped model, training command."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cleantext import Cleaner, Config
from cleantext.model import context
from cleantext.model.features import DROP, FEATURE_NAMES, FREE, KEEP, extract
from cleantext.model.labels import label_lines
from cleantext.model.linear import LineModel, load_model

DOC = [
    "  • Home",
    "  • World",
    "Big storm hits the coast",
    "By Jane Doe | 12 March 2020",
    "The storm arrived on Tuesday night and knocked out power to thousands of homes.",
    "",
    "Officials said the damage would take weeks to repair, and schools were closed.",
    "Share on Twitter @news",
    "© 2020 News Corp. All rights reserved.",
]


def _feats() -> tuple[list[int], list[list[float]]]:
    norm = [line.strip().lstrip("• ").strip() for line in DOC]
    prose = [len(s.split()) >= 8 for s in norm]
    status = [FREE] * len(DOC)
    status[2] = KEEP
    status[8] = DROP
    return extract(norm, DOC, status, prose, 2)


def _tiny_model() -> LineModel:
    weights = [0.0] * len(FEATURE_NAMES)
    weights[FEATURE_NAMES.index("prose")] = 3.0
    return LineModel(
        weights=tuple(weights), intercept=-1.0, means=tuple([0.0] * len(FEATURE_NAMES)),
        thresholds={"none": {"balanced": 0.5}},
        trans=((0.9, 0.1), (0.1, 0.9)), start=(0.5, 0.5), prior=0.5, alpha=1.0,
        band=(0.3, 0.7), meta={"command": "test"},
    )


def test_features_finite_and_deterministic() -> None:
    idx, rows = _feats()
    assert idx == [0, 1, 2, 3, 4, 6, 7, 8]
    assert all(len(r) == len(FEATURE_NAMES) for r in rows)
    assert all(math.isfinite(x) for r in rows for x in r)
    assert _feats() == (idx, rows)
    f = {name: k for k, name in enumerate(FEATURE_NAMES)}
    assert rows[0][f["list_item"]] == 1.0
    assert rows[3][f["separators"]] > 0 and rows[3][f["date"]] == 1.0
    assert rows[6][f["handle"]] == 1.0
    assert rows[7][f["copyright"]] == 1.0


def test_json_round_trip(tmp_path: Path) -> None:
    model = _tiny_model()
    path = tmp_path / "m.json"
    model.save(path)
    again = load_model(path)
    assert again == model
    assert json.loads(path.read_text())["format"] == "cleantext-line-model"


def test_inference_matches_hand_computation() -> None:
    model = _tiny_model()
    row = [0.0] * len(FEATURE_NAMES)
    row[FEATURE_NAMES.index("prose")] = 1.0
    assert model.score(row) == pytest.approx(1 / (1 + math.exp(-2.0)))
    row[FEATURE_NAMES.index("prose")] = 0.0
    assert model.score(row) == pytest.approx(1 / (1 + math.exp(1.0)))
    assert model.threshold("none", "balanced") == 0.5
    assert model.threshold("viterbi", "recall") == 0.5


def test_neighbours_revises_uncertain_lines() -> None:
    scores = [0.9, 0.5, 0.9, 0.1, 0.5, 0.1]
    out = context.neighbours(scores, 0.3, 0.7)
    assert out[1] == pytest.approx(0.9)
    assert out[4] == pytest.approx(0.1)
    assert out[0] == 0.9 and out[3] == 0.1


def test_hmm_and_viterbi_smooth_isolated_flips() -> None:
    trans = ((0.95, 0.05), (0.05, 0.95))
    scores = [0.1, 0.1, 0.1, 0.9, 0.9, 0.4, 0.9, 0.9, 0.1, 0.1]
    path = context.viterbi(scores, trans, (0.5, 0.5), 0.5)
    assert path == [False, False, False, True, True, True, True, True, False, False]
    post = context.posteriors(scores, trans, (0.5, 0.5), 0.5)
    assert post[5] > 0.5 and post[0] < 0.5
    assert all(0.0 <= p <= 1.0 for p in post)
    assert context.viterbi([], trans, (0.5, 0.5), 0.5) == []


def test_labels() -> None:
    gold = ["Big storm hits the coast", "The storm arrived on Tuesday night and more."]
    norm = ["Home", "Big storm hits the coast", "The storm arrived on Tuesday", ""]
    assert label_lines(norm, gold) == [False, True, True, False]


def test_shipped_model_loads_and_scores() -> None:
    model = load_model()
    assert len(model.weights) == len(FEATURE_NAMES)
    assert model.meta["documents"] > 0 and "cv" in model.meta
    _, rows = _feats()
    assert all(0.0 < model.score(r) < 1.0 for r in rows)


def test_pipeline_explains_model_drops() -> None:
    text = "\n".join(["Home", "World", "Sport", "Weather", "Big storm hits the coast",
                      *["The storm arrived on Tuesday night and knocked out power to "
                        f"thousands of homes in district {k}." for k in range(8)],
                      "Most read", "Ten things to do", "Contact us", "Careers"]) + "\n"
    res = Cleaner(Config()).explain(text)
    model_lines = [d for d in res.decisions if d.reason in ("model", "context")]
    assert model_lines and all(d.score is not None for d in model_lines)
    assert all(d.features for d in model_lines if not d.kept)
    assert "district 7" in res.text


def test_train_command(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from cleantext.model.train import main

    pairs = tmp_path / "pairs"
    pairs.mkdir()
    manifest = []
    for k in range(6):
        body = [f"Paragraph {j} of story {k} tells what happened in the town, and why it "
                "matters to readers." for j in range(5)]
        text = ["Home", "News", "Sport", f"Story {k} headline", *body, "Related", "Contact"]
        (pairs / f"d{k}.txt").write_text("\n".join(text) + "\n")
        (pairs / f"d{k}.gold.txt").write_text("\n".join([f"Story {k} headline", *body]) + "\n")
        manifest.append(json.dumps({"id": f"d{k}", "url": f"https://site{k % 3}.com/a"}))
    (pairs / "manifest.jsonl").write_text("\n".join(manifest) + "\n")
    out = tmp_path / "model.json"
    assert main([str(pairs), "-o", str(out), "--folds", "2"]) == 0
    model = load_model(out)
    assert model.meta["documents"] == 6
    assert model.meta["command"].startswith("cleantext train")
    assert "cv" in model.meta
