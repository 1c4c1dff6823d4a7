"""The benchmark runner's quick mode, the speed corpus and the peer adapters.

The quick run must pass with or without the ``bench`` extra: a missing peer is skipped with a
note, which is then what the report must show.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from benchmarks import peers, run, speedcorpus
from benchmarks.score import read_pairs
from benchmarks.speed import chunks, interleaved, size_rate, size_rates

ROOT = Path(__file__).resolve().parent.parent


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def test_quick_run_writes_every_table(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = run.main(["--quick", "--out", str(out), "--cache", str(tmp_path / "cache")])
    assert code == 0
    md = (out / "README.md").read_text(encoding="utf-8")
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))

    for section in ("## Targets", "## Speed, one process", "## Document size", "## Batch CLI",
                    "## Quality"):
        assert section in md
    assert "python -m benchmarks --quick" in md  # the exact command is recorded
    engines = [r["engine"] for r in data["speed"]]
    assert engines[0] == "floor (split + join)"
    assert [name for name, _ in run.LAYERS] == [e for e in engines if e.startswith("cleantext")]
    for name, _ in run.LAYERS:
        assert f"| {name} |" in md
    assert all(r["mb_s"] > 0 for r in data["speed"])
    assert [r["size_bytes"] for r in data["sizes"]] == list(run.SIZES)
    assert [r["workers"] for r in data["cli"]] == [1]
    assert data["cli"][0]["peak_rss_mb"] > 0
    quality = {(r["folder"], r["method"]): r for r in data["quality"]}
    assert ("corpus/", "no cleaning") in quality
    # corpus/'s gold is cleantext's golden output: the default must reproduce it exactly
    assert quality[("corpus/", "cleantext: default")]["macro_f1"] == pytest.approx(1.0)
    assert quality[("corpus/", "no cleaning")]["macro_f1"] < 1.0
    targets = [t["target"] for t in data["targets"]]
    assert len(targets) == 5
    assert "| CLI 2 workers vs 1 worker (MB/s) | ≥ 1.8× | not run (--quick) | n/a |" in md

    for module, peer in (("datatrove", "C4 (datatrove)"), ("justext", "jusText")):
        if _has(module):
            assert f"| {peer} |" in md
        else:
            assert f"{peer} skipped: cannot import {module}" in md
    if _has("matplotlib"):
        assert (out / "speed.png").stat().st_size > 0
        assert "![speed](speed.png)" in md
    else:
        assert "charts skipped: cannot import matplotlib" in md


def test_missing_peer_is_skipped_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("datatrove", "justext", "trafilatura"):
        for name in [m for m in sys.modules if m.startswith(f"{module}.")] + [module]:
            monkeypatch.setitem(sys.modules, name, None)  # makes the import fail
    for peer in (peers.c4_peer(), peers.justext_peer(), peers.trafilatura_peer()):
        assert peer.run is None
        assert "skipped" in peer.note and "pip install -e '.[bench]'" in peer.note
    assert peers.text_peers()[0].run is peers.floor


def test_floor_keeps_every_line() -> None:
    assert peers.floor("a\nb\r\n\nc\n") == "a\nb\n\nc"


@pytest.mark.skipif(not _has("datatrove"), reason="datatrove (bench extra) not installed")
def test_c4_peer_drops_lines_without_terminal_punctuation() -> None:
    c4 = peers.c4_peer()
    assert c4.run is not None
    text = "Share\nThe ministers met in Calais on Thursday.\nRead more\n"
    assert c4.run(text) == "The ministers met in Calais on Thursday."


@pytest.mark.skipif(not _has("justext"), reason="justext (bench extra) not installed")
def test_justext_peer_keeps_prose_lines() -> None:
    jt = peers.justext_peer()
    assert jt.run is not None
    prose = ("British and French police will share a command centre in Calais to tackle the "
             "people smugglers who have been operating at the port, the Home Secretary said on "
             "Thursday after talks with her French counterpart in Paris.")
    out = jt.run(f"Share\n{prose}\nAdvertisement\n")
    assert prose in out
    assert "Advertisement" not in out


def test_speed_corpus_is_deterministic_with_mojibake() -> None:
    docs = list(speedcorpus.generate(0.3, seed=7))
    assert docs == list(speedcorpus.generate(0.3, seed=7))
    assert docs != list(speedcorpus.generate(0.3, seed=8))
    assert sum(len(d.encode("utf-8")) for d in docs) >= 0.3e6
    lines = [x for d in docs for x in d.splitlines() if x]
    garbled = sum("Ã" in x or "â€" in x for x in lines) / len(lines)
    assert 0.03 < garbled < 0.07
    assert any(x == "Advertisement" for x in lines)
    assert speedcorpus.garble("café ’", speedcorpus._sloppy_cp1252()) == "cafÃ© â€™"


def test_cached_corpus_is_written_once(tmp_path: Path) -> None:
    path = speedcorpus.cached_corpus(0.05, seed=1, cache=tmp_path)
    first = path.stat().st_mtime_ns
    assert speedcorpus.cached_corpus(0.05, seed=1, cache=tmp_path).stat().st_mtime_ns == first
    assert speedcorpus.read_jsonl(path) == list(speedcorpus.generate(0.05, seed=1))


def test_chunks_end_at_line_ends_and_cover_the_text() -> None:
    text = "".join(f"line {i} " + "x" * (i % 50) + "\n" for i in range(2000))
    pieces = list(chunks(text, 1000))
    assert "".join(pieces) == text
    assert all(p.endswith("\n") for p in pieces)
    assert all(len(p) >= 1000 for p in pieces[:-1])
    rate = size_rate(len, text, 1000, budget=0.0, min_docs=3)
    assert rate.docs == 3
    seen: list[str] = []
    rates = size_rates(seen.append, text, [1000, 5000], budget=0.0, rounds=2)
    assert [r.docs for r in rates] == [2, 2]  # one document per size per round
    assert seen[0] == pieces[0] and seen[2] == pieces[1]  # each size's next piece


def test_interleaved_gives_every_function_every_document_once() -> None:
    docs = [f"doc {i}" for i in range(11)]
    seen: list[list[str]] = [[], []]
    rates = interleaved([seen[0].append, seen[1].append], docs, rounds=3)
    assert seen[0] == docs and seen[1] == docs
    assert [r.docs for r in rates] == [11, 11]
    assert all(r.mb == pytest.approx(sum(len(d) for d in docs) / 1e6) for r in rates)


def test_read_pairs_reads_the_corpus_layout() -> None:
    pairs = read_pairs(ROOT / "corpus")
    assert len(pairs) == 5
    assert all(doc_id and text and gold for doc_id, text, gold in pairs)


def _corpus_pairs(folder: Path) -> Path:
    """The five seed documents laid out as (text, gold) pairs in ``folder``."""
    folder.mkdir()
    for src in sorted((ROOT / "corpus" / "input").glob("*.txt")):
        (folder / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
        gold = (ROOT / "corpus" / "expected" / src.name).read_text(encoding="utf-8")
        (folder / f"{src.stem}.gold.txt").write_text(gold, encoding="utf-8")
    return folder


def test_model_params_compares_variants_on_pairs(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sklearn")
    from benchmarks import model_params

    pairs = _corpus_pairs(tmp_path / "pairs")
    code = model_params.main([str(pairs), "--variant", 'small={"max_iter": 5}',
                              "--drop", "marker,block_repeat", "--span-oracle",
                              "--doc-oracle"])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith('small {"max_iter": 5} without block_repeat,marker\n')
    assert "  threshold " in out and "  pairs " in out
    assert "  span oracle: threshold " in out
    assert "  document oracle: pairs " in out
    with pytest.raises(SystemExit):
        model_params.main([str(pairs), "--drop", "no_such_feature"])


def test_evaluate_scores_again_with_saved_fold_models(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("sklearn")
    from benchmarks import evaluate

    pairs = _corpus_pairs(tmp_path / "pairs")
    models = tmp_path / "models"

    def table(*extra: str) -> list[str]:
        assert evaluate.main([str(pairs), *extra]) == 0
        return [line for line in capsys.readouterr().out.splitlines() if line.startswith("|")]

    trained = table("--save-models", str(models))
    assert sorted(p.name for p in models.iterdir()) == [
        "fold0.json", "fold1.json", "fold2.json", "fold3.json", "fold4.json", "folds.json"]
    assert table("--models", str(models)) == trained
    # the saved models are the ones scored: with every threshold at 0.999 the model drops
    # lines it kept before, and recall falls
    for path in models.glob("fold[0-9]*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["thresholds"] = {mode: {preset: 0.999 for preset in presets}
                              for mode, presets in data["thresholds"].items()}
        path.write_text(json.dumps(data), encoding="utf-8")
    strict = table("--models", str(models))
    row = next(i for i, line in enumerate(trained) if "| rules+model |" in line)
    assert strict[:row] == trained[:row]
    assert float(strict[row].split("|")[4]) < float(trained[row].split("|")[4])
    with pytest.raises(SystemExit, match="another split"):
        evaluate.main([str(pairs), "--models", str(models), "--seed", "3"])
    with pytest.raises(SystemExit, match=r"folds\.json not found"):
        evaluate.main([str(pairs), "--models", str(tmp_path)])


def test_title_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = ("The harbour council approved a new sea wall after winter storms flooded the old "
            "town twice in one month, officials said.")
    pages = {"a": ("Home\nNews\nHarbour council approves new sea wall\n" + body + "\n",
                   "Harbour council approves new sea wall\n" + body + "\n"),
             # a short line right above the body is taken for a cut page's headline
             "b": ("Home\nNews\n" + body + "\n", "A headline the page never prints\n" + body),
             "c": (body + "\n", "A headline the page never prints\n" + body)}
    for doc_id, (text, gold) in pages.items():
        (tmp_path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (tmp_path / f"{doc_id}.gold.txt").write_text(gold, encoding="utf-8")
    from benchmarks import titles

    for args in ([], ["--rules-only"]):
        assert titles.main([str(tmp_path), *args]) == 0
        assert f"| {tmp_path.name} | 3 | 1 | 1 | 1 |" in capsys.readouterr().out


def test_rule_audit_places_each_drop_against_the_article(tmp_path: Path) -> None:
    para = ("The harbour council approved a new sea wall after winter storms flooded the old "
            "town twice in one month, officials said on {day}.")
    body = [para.format(day=day) for day in ("Monday", "Tuesday")]
    text = "\n".join(["Skip to main content", body[0], "Advertisement", body[1],
                      "Tags: harbour, storms", "Share"]) + "\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a.gold.txt").write_text("\n".join(body) + "\n", encoding="utf-8")
    from benchmarks import rule_audit
    from cleantext import Config

    report = rule_audit.audit([tmp_path], Config(use_model=False))
    where = {rule: (s.before, s.inside, s.after) for rule, s in report.rules.items()}
    assert where["nav.skip-link"] == (1, 0, 0)
    assert where["ad.label"] == (0, 1, 0)
    assert where["related.tags"] == (0, 0, 1)
    rendered = rule_audit.render(report, top=0, list_rule=None)
    tags = next(line for line in rendered.splitlines() if "related.tags" in line)
    skip = next(line for line in rendered.splitlines() if "nav.skip-link" in line)
    assert tags.split()[3:] == ["E", "0", "0", "1"]  # the tag list ends the article
    assert skip.split()[3:] == ["1", "0", "0"]
