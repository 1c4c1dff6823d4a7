"""``cleantext learn`` and learned profiles: counting, thresholds, merging, cleaning."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleantext import Config, clean, clean_and_explain
from cleantext.cli import main
from cleantext.learned import CATEGORY
from cleantext.lines import normalise
from cleantext.profile import (
    Learner,
    Profile,
    SourceCounts,
    dumps,
    from_json,
    line_key,
    load,
    merge,
    save,
)
from cleantext.sources import SourceRule, registered_domain
from tests.conftest import CORPUS, SEED_NAMES, read_seed
from tests.test_golden import _decisions_record as _golden_record

#: A paragraph every source runs (wire copy): article text, never template.
SYNDICATED = ("Led by one British and one French senior commander, the unit will report to the "
              "interior ministers of both countries, officials said on Thursday.")

#: Each source's header and footer lines (none of them is dropped by a shipped rule).
SOURCES = {
    "alpha.com": (["Alpha Daily - Home - World - Sport"],
                  ["Alpha Daily is an independent voice for the valley since 1921.",
                   "Get the Alpha morning briefing"]),
    "beta.co.uk": (["Beta News | Latest"],
                   ["Follow Beta on social media", "Beta Media Group, 10 Fleet Street, London"]),
    "gamma.org": (["GAMMA REVIEW"],
                  ["Gamma is supported by readers like you. Donate today.",
                   "Gamma Review is published by the Gamma Trust"]),
}

WORDS = ("council", "harbour", "minister", "river", "election", "budget", "storm", "school",
         "hospital", "farmers", "railway", "court", "museum", "bridge", "festival", "police",
         "village", "market", "energy", "water")


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return "The " + " ".join(words) + " were discussed at length on Tuesday evening."


def synthetic(n_per_source: int, seed: int = 0, syndicate_every: int = 3) -> list[
        tuple[str, str]]:
    """``(source, text)`` documents: each source's header and footer around a unique body;
    every ``syndicate_every``-th document of every source carries :data:`SYNDICATED`."""
    rng = random.Random(seed)
    docs = []
    for i in range(n_per_source):
        for name, (header, footer) in SOURCES.items():
            body = [f"Story number {i} from {name.split('.')[0]} about the {rng.choice(WORDS)}"]
            body += [_sentence(rng, 12) for _ in range(4)]
            if i % syndicate_every == 0:
                body.insert(2, SYNDICATED)
            docs.append((name, "\n\n".join(header + body + footer) + "\n"))
    return docs


def learned(docs: list[tuple[str, str]], **kw: object) -> Profile:
    learner = Learner(**kw)  # type: ignore[arg-type]
    for source, text in docs:
        learner.add(source, text)
    return learner.profile


# ---------------------------------------------------------------------------------------------
# Keys, sources


def test_line_key_folds_case_digits_punctuation() -> None:
    assert line_key("Page 9 of 12 —  NEXT »") == "page 0 of 0 next"
    assert line_key("© 2024 Beta Media   Group") == "0 beta media group"
    assert line_key("• Comment on articles") == "comment on articles"
    assert line_key("Copyright 2019, Beta!") == line_key("copyright 2024 beta")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
@example("o\r0")  # inscriptis's nested-list marker "o " (hypothesis found it)
@example("+ item")
def test_line_key_ascii_fast_path_matches_the_general_rule(text: str) -> None:
    text = text.replace("\n", " ")
    norm = normalise(text)
    expected = re.sub(r"[\W_]+", " ", re.sub(r"\d+", "0", norm.casefold())).strip()
    assert line_key(text) == expected


def test_registered_domain() -> None:
    assert registered_domain("https://www.bbc.co.uk/news/x") == "bbc.co.uk"
    assert registered_domain("http://edition.cnn.com:80/a?b=c") == "cnn.com"
    assert registered_domain("https://www.smh.com.au/world") == "smh.com.au"
    assert registered_domain("news.asahi.co.jp") == "asahi.co.jp"
    assert registered_domain("www.spiegel.de/politik") == "spiegel.de"
    assert registered_domain("Reuters") == "Reuters"
    assert registered_domain("http://127.0.0.1/x") == "127.0.0.1"


def test_source_rule(tmp_path: Path) -> None:
    path = tmp_path / "site-a" / "004-newsweek.txt"
    assert SourceRule.build().for_path(path) == "site-a"
    assert SourceRule.build(pattern=r"^\d+-(?P<source>[a-z]+)").for_path(path) == "newsweek"
    assert SourceRule.build(pattern=r"^(\d+)-").for_path(path) == "004"
    assert SourceRule.build(pattern=r"^x").for_path(path) is None
    assert SourceRule.build("fixed", pattern="^x").for_path(path) == "fixed"
    rule = SourceRule.build(field="url")
    assert rule.for_record({"url": "https://www.dw.com/en/x"}) == "dw.com"
    assert rule.for_record({"url": 3}) is None
    assert rule.for_record({}) is None
    with pytest.raises(ValueError, match="source-pattern"):
        SourceRule.build(pattern="(")


# ---------------------------------------------------------------------------------------------
# Learning


def test_template_lines_are_learned_per_source() -> None:
    profile = learned(synthetic(12))
    for name, (header, footer) in SOURCES.items():
        template = profile.templates(name)
        assert set(template) == {line_key(x) for x in header + footer}, name
        assert all(count == 12 and share == 1.0 for count, share in template.values())
    # The syndicated paragraph is on a third of every source's pages: never template.
    assert all(line_key(SYNDICATED) not in profile.templates(s) for s in SOURCES)


def test_duplicate_documents_count_once() -> None:
    article = "Home\n\nA republished story body that is long enough to count as prose.\n"
    docs = [("s", article)] * 10 + [("s", f"Home\n\nAnother story about {w}.\n")
                                     for w in ("rain", "snow", "wind")]
    profile = learned(docs)
    counts = profile.sources["s"]
    assert (counts.documents, counts.duplicates) == (4, 9)
    assert set(profile.templates("s")) == {"home"}


def test_thresholds() -> None:
    docs = [("s", f"Promo line\n\nBody {i}\n") for i in range(4)]
    docs += [("s", f"Body only {i}\n") for i in range(4)]
    assert "promo line" in learned(docs, min_docs=3, min_share=0.5).templates("s")
    assert "promo line" not in learned(docs, min_docs=5, min_share=0.5).templates("s")
    assert "promo line" not in learned(docs, min_docs=3, min_share=0.6).templates("s")
    with pytest.raises(ValueError, match="min_share"):
        Learner(min_share=0)
    with pytest.raises(ValueError, match="min_docs"):
        Learner(min_docs=0)


def test_profile_is_deterministic_and_round_trips(tmp_path: Path) -> None:
    docs = synthetic(6)
    a, b = dumps(learned(docs)), dumps(learned(docs))
    assert a == b
    save(learned(docs), tmp_path / "p.json")
    again = load(tmp_path / "p.json")
    assert dumps(again) == a
    data = json.loads(a)
    entry = data["sources"]["alpha.com"]
    assert entry["documents"] == 6
    assert entry["lines"][0] == {"count": 6, "line": entry["lines"][0]["line"], "share": 1.0}
    assert list(data) == sorted(data)


def test_bounded_memory_keeps_frequent_lines_and_error_bounds() -> None:
    rng = random.Random(1)
    learner = Learner(min_docs=2, min_share=0.3, max_lines=60)
    truth: dict[str, int] = {}
    for i in range(400):
        lines = ["Header of the site"] if i % 2 == 0 else []
        lines += ["".join(rng.choice("abcdefghij ") for _ in range(24)) for _ in range(10)]
        lines.append("rotating promo " + ("abcdefg"[i % 7]))
        text = "\n".join(lines) + "\n"
        for key in {line_key(x) for x in lines}:
            truth[key] = truth.get(key, 0) + 1
        learner.add("s", text)
        assert len(learner.profile.sources["s"].counts) <= 60
    counts = learner.profile.sources["s"]
    assert counts.floor > 0
    for key, true in truth.items():
        if true > counts.floor:
            assert key in counts.counts
        if key in counts.counts:
            assert counts.counts[key] <= true <= counts.counts[key] + counts.errors.get(key, 0)
    assert set(learner.profile.templates("s")) == {"header of the site"}


# ---------------------------------------------------------------------------------------------
# Merging


_LINES = st.sampled_from(["home", "menu", "share", "a b", "c d", "e f", "g", "h", "Home!", "9"])
_DOC = st.tuples(st.sampled_from(["x", "y", "z"]),
                 st.lists(_LINES, min_size=0, max_size=5).map(lambda ls: "\n".join(ls)))


@settings(max_examples=60, deadline=None)
@given(st.lists(_DOC, max_size=30), st.lists(_DOC, max_size=30))
def test_merge_of_shard_profiles_equals_profile_of_union(
        shard_a: list[tuple[str, str]], shard_b: list[tuple[str, str]]) -> None:
    # Shards hold different documents (a duplicate stays in one shard; see cleantext.profile).
    in_a = set(shard_a)
    shard_b = [d for d in shard_b if d not in in_a]
    union = learned(shard_a + shard_b, min_docs=2)
    merged = merge([learned(shard_a, min_docs=2), learned(shard_b, min_docs=2)])
    assert dumps(merged) == dumps(union)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=200), st.integers(1, 199))
def test_merge_after_pruning_keeps_the_error_bounds(ids: list[int], cut: int) -> None:
    docs = [("s", f"line {i % 5} x\nrare {i} y\nrare {i + 1} z") for i in ids]
    docs = list(dict.fromkeys(docs))
    truth: dict[str, int] = {}
    for _, text in docs:
        for key in {line_key(x) for x in text.split("\n")}:
            truth[key] = truth.get(key, 0) + 1
    a = learned(docs[:cut], max_lines=8)
    b = learned(docs[cut:], max_lines=8)
    counts = merge([a, b]).sources["s"]
    assert counts.documents == len(docs)
    for key, true in truth.items():
        if true > counts.floor:
            assert key in counts.counts
        if key in counts.counts:
            assert counts.counts[key] <= true <= counts.counts[key] + counts.errors.get(key, 0)


def test_compact_profile_cleans_the_same_and_refuses_to_merge(tmp_path: Path) -> None:
    profile = learned(synthetic(6))
    save(profile, tmp_path / "full.json")
    save(profile, tmp_path / "small.json", compact=True)
    small = load(tmp_path / "small.json")
    assert small.compact
    for name in SOURCES:
        assert small.templates(name) == profile.templates(name)
        assert set(small.sources[name].counts) == set(profile.templates(name))
    assert dumps(small) == (tmp_path / "small.json").read_text(encoding="utf-8")
    assert (tmp_path / "small.json").stat().st_size < (tmp_path / "full.json").stat().st_size
    with pytest.raises(ValueError, match="compact"):
        merge([small, profile])
    lean = load(tmp_path / "full.json", tails=False)
    assert lean.compact and dumps(lean) == dumps(small)


def test_merge_refuses_different_thresholds() -> None:
    with pytest.raises(ValueError, match="min_docs"):
        merge([Profile(min_docs=2), Profile(min_docs=3)])
    assert merge([Profile(min_docs=2), Profile(min_docs=3)], min_docs=4).min_docs == 4


def test_bad_profile_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a cleantext profile"):
        from_json({"sources": {}})
    with pytest.raises(ValueError, match="count"):
        from_json({"format": "cleantext-profile/1",
                   "sources": {"s": {"documents": 1, "tail": [["x", -1]]}}})
    path = tmp_path / "p.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        load(path)
    with pytest.raises(ValueError, match="cannot read"):
        load(tmp_path / "missing.json")


def test_source_counts_share() -> None:
    assert SourceCounts().share(3) == 0.0


# ---------------------------------------------------------------------------------------------
# Cleaning with a profile


@pytest.fixture(scope="module")
def synthetic_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("profile") / "profile.json"
    save(learned(synthetic(12)), path)
    return path


def test_clean_drops_templates_and_keeps_syndicated_text(synthetic_profile: Path) -> None:
    for name, text in synthetic(3, seed=99, syndicate_every=1):
        config = Config(profile_path=synthetic_profile, source=name)
        result = clean_and_explain(text, config)
        assert clean(text, config) == result.text  # the fast path learns the same drops
        header, footer = SOURCES[name]
        by_line = {d.line: d for d in result.decisions}
        for line in header + footer:
            d = by_line[line]
            assert not d.kept and d.reason == f"learned:{name}" and d.category == CATEGORY
            assert d.notes == (f"learned: in 12 of 12 documents of {name} (share 1.00)",)
        assert SYNDICATED in result.text
        assert by_line[SYNDICATED].kept
        # Without the profile, or for an unknown source, nothing is learned.
        for config in (Config(), Config(profile_path=synthetic_profile, source="other.net"),
                       Config(profile_path=synthetic_profile)):
            again = clean_and_explain(text, config)
            assert not any(d.reason.startswith("learned:") for d in again.decisions)


def test_learned_drops_happen_before_title_and_model(synthetic_profile: Path) -> None:
    from cleantext.cleaner import Cleaner, _rule_status, model_inputs
    from cleantext.model.features import DROP

    name, text = synthetic(1, seed=5)[0]
    cleaner = Cleaner(Config(profile_path=synthetic_profile))
    result = cleaner.explain(text, name)
    # The header line would otherwise be the title; the story line is the title now.
    assert result.metadata.title is not None and result.metadata.title.startswith("Story")
    assert [d.line for d in result.decisions if d.reason == "structure:title"] == [
        result.metadata.title]
    # The model sees the learned lines as dropped, and does not decide them.
    learned_lines = [d.line_no - 1 for d in result.decisions if d.reason.startswith("learned:")]
    assert learned_lines and all(result.decisions[i].score is None for i in learned_lines)
    raw = tuple(text.split("\n"))[:-1]
    _t, _f, norm, _s, verdicts, title = cleaner._analyse(raw, [], name)
    status = _rule_status(norm, verdicts, title)
    assert all(status[i] == DROP for i in learned_lines)
    # Without a source (as in training), the model's inputs are the rules' alone.
    training_status = model_inputs(cleaner, text)[4]
    assert not any(training_status[i] == DROP for i in learned_lines)


def test_protect_rule_wins_over_learned_drop(tmp_path: Path, synthetic_profile: Path) -> None:
    pack = tmp_path / "keep.toml"
    pack.write_text(
        '[pack]\nname = "keep"\ndescription = "test"\n\n[[rules]]\nid = "keep.gamma"\n'
        'category = "content"\ndescription = "keep the masthead"\npattern = "GAMMA REVIEW"\n'
        'scope = "standalone"\naction = "protect"\nexamples.match = ["GAMMA REVIEW"]\n',
        encoding="utf-8")
    name, text = next(d for d in synthetic(1) if d[0] == "gamma.org")
    result = clean_and_explain(text, Config(profile_path=synthetic_profile, source=name,
                                            rule_packs=(pack,)))
    assert "GAMMA REVIEW" in result.text
    assert "Gamma Review is published by the Gamma Trust" not in result.text


def test_seeds_as_five_sources_give_the_golden_outputs(tmp_path: Path) -> None:
    profile = tmp_path / "seeds.json"
    pattern = r"^\d+-(?P<source>[a-z]+)"
    assert main(["learn", str(CORPUS / "input"), "--source-pattern", pattern,
                 "-o", str(profile), "-q"]) == 0
    data = json.loads(profile.read_text(encoding="utf-8"))
    assert sorted(data["sources"]) == ["dw", "newspaper", "newsweek", "police", "wire"]
    # One page per source: nothing reaches min_docs, so nothing is learned ...
    assert all(not entry["lines"] for entry in data["sources"].values())
    # ... while pooling the sources would make the syndicated sentence a "template".
    pooled = tmp_path / "pooled.json"
    assert main(["learn", str(CORPUS / "input"), "--source", "all", "--min-docs", "2",
                 "--min-share", "0.4", "-o", str(pooled), "-q"]) == 0
    lines = json.loads(pooled.read_text(encoding="utf-8"))["sources"]["all"]["lines"]
    assert [r["line"][:40] for r in lines] == ["led by one british and one french senior"]
    rule = SourceRule.build(pattern=pattern)
    for name in SEED_NAMES:
        source = rule.for_path(CORPUS / "input" / f"{name}.txt")
        out = clean(read_seed(name), Config(profile_path=profile, source=source))
        assert out == (CORPUS / "expected" / f"{name}.txt").read_text(encoding="utf-8"), name


def test_seeds_with_more_pages_per_source_still_give_the_golden_outputs(
        tmp_path: Path) -> None:
    """Each seed's source gets six more pages carrying the seed's chrome (the lines its golden
    output drops) around other bodies: the chrome is learned, the seeds still come out exactly
    as their golden files say, and the sentences the seeds share survive."""
    rng = random.Random(7)
    learner = Learner()
    for name in SEED_NAMES:
        text = read_seed(name)
        result = clean_and_explain(text)
        chrome = [d.line for d in result.dropped]
        learner.add(name, text)
        for _ in range(6):
            body = [_sentence(rng, 10) for _ in range(5)]
            learner.add(name, "\n\n".join(chrome[:3] + body + chrome[3:]) + "\n")
    path = tmp_path / "p.json"
    save(learner.profile, path)
    for name in SEED_NAMES:
        chrome = {line_key(normalise(d.line))
                  for d in clean_and_explain(read_seed(name)).dropped}
        assert set(learner.profile.templates(name)) == chrome, name
        result = clean_and_explain(read_seed(name), Config(profile_path=path, source=name))
        assert result.text == (CORPUS / "expected" / f"{name}.txt").read_text(encoding="utf-8")
        # The rules had already dropped the seeds' chrome: their reasons win.
        assert _golden_record(result) == json.loads(
            (CORPUS / "expected" / f"{name}.decisions.json").read_text(encoding="utf-8"))
    for shared in ("This remains an EU problem", "Led by one British and one French"):
        assert any(shared in clean(read_seed(n), Config(profile_path=path, source=n))
                   for n in SEED_NAMES)


# ---------------------------------------------------------------------------------------------
# Command line


def _write_corpus(path: Path, docs: list[tuple[str, str]]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for i, (name, text) in enumerate(docs):
            f.write(json.dumps({"id": i, "url": f"https://www.{name}/story/{i}",
                                "text": text}) + "\n")


def test_cli_learn_then_clean_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus.jsonl"
    docs = synthetic(9)
    _write_corpus(corpus, docs)
    profile = tmp_path / "profile.json"
    assert main(["learn", str(corpus), "--source-field", "url", "-o", str(profile)]) == 0
    assert "27 document(s)" in capsys.readouterr().err
    assert sorted(json.loads(profile.read_text())["sources"]) == sorted(SOURCES)

    # Learning on two shards and merging gives the same bytes.
    half = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _write_corpus(half[0], docs[:13])
    _write_corpus(half[1], docs[13:])
    parts = [tmp_path / "a.json", tmp_path / "b.json"]
    for shard, part in zip(half, parts, strict=True):
        assert main(["learn", str(shard), "--source-field", "url", "-o", str(part), "-q"]) == 0
    merged = tmp_path / "merged.json"
    assert main(["learn", "--merge", *map(str, parts), "-o", str(merged), "-q"]) == 0
    assert merged.read_bytes() == profile.read_bytes()

    assert main(["--no-use-model", "--workers", "1", "--profile", str(profile),
                 "--source-field", "url", "--explain-field", "removed", str(corpus)]) == 1
    capsys.readouterr()
    out = [json.loads(x) for x in corpus.read_text().splitlines()]
    for rec, (name, _text) in zip(out, docs, strict=True):
        header, footer = SOURCES[name]
        assert not any(x in rec["text"] for x in header + footer)
        reasons = {r["reason"] for r in rec["removed"]["dropped"]}
        assert reasons == {f"learned:{name}"}
        assert rec["removed"]["dropped"][0]["notes"] == [
            f"learned: in 9 of 9 documents of {name} (share 1.00)"]
    assert sum(SYNDICATED in rec["text"] for rec in out) == 9


def test_cli_clean_text_files_by_folder(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    for i, (name, text) in enumerate(synthetic(4)):
        folder = tmp_path / "sites" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    profile = tmp_path / "p.json"
    assert main(["learn", str(tmp_path / "sites"), "-o", str(profile), "-q"]) == 0
    target = tmp_path / "sites" / "beta.co.uk" / "1.txt"
    assert main(["--no-use-model", "--workers", "1", "--profile", str(profile), "--explain",
                 str(target)]) == 1
    out = capsys.readouterr().out
    assert (":1: drop template      learned:beta.co.uk [learned: in 4 of 4 documents of "
            "beta.co.uk (share 1.00)] | Beta News | Latest\n") in out
    # --source names every input's source; an unknown one learns nothing.
    assert main(["--no-use-model", "--workers", "1", "--profile", str(profile), "--source",
                 "nowhere", "--explain", str(target)]) == 0
    assert "learned:" not in capsys.readouterr().out


def test_cli_learn_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, synthetic(1))
    assert main(["learn", str(corpus), "-o", str(tmp_path / "p.json")]) == 2
    assert "--source-field" in capsys.readouterr().err
    assert main(["learn", str(tmp_path / "missing"), "-o", str(tmp_path / "p.json")]) == 2
    assert main(["learn", str(corpus), "--source-field", "url", "--min-share", "2",
                 "-o", str(tmp_path / "p.json")]) == 2
    assert "min_share" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("[]", encoding="utf-8")
    assert main(["learn", "--merge", str(bad), "-o", str(tmp_path / "m.json")]) == 2
    assert main(["--profile", str(bad), str(corpus)]) == 2
    assert "not a cleantext profile" in capsys.readouterr().err


def test_cli_learn_reports_bad_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.jsonl"
    _write_corpus(corpus, synthetic(2))
    with open(corpus, "a", encoding="utf-8") as f:
        f.write("{not json\n[1]\n" + json.dumps({"url": "https://x.com"}) + "\n"
                + json.dumps({"text": "no source"}) + "\n")
    out = tmp_path / "p.json"
    assert main(["learn", str(corpus), "--source-field", "url", "-o", str(out)]) == 123
    err = capsys.readouterr().err
    assert "c.jsonl:7: malformed record" in err and "c.jsonl:8: record is not a JSON" in err
    assert "1 document(s) had no source" in err and "1 record(s) had no string field" in err
    assert json.loads(out.read_text())["sources"]["alpha.com"]["documents"] == 2


def test_settings_file_names_the_profile_and_the_source_field(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _write_corpus(corpus, synthetic(4))
    assert main(["learn", str(corpus), "--source-field", "url", "-o",
                 str(tmp_path / "p.json"), "-q"]) == 0
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleantext]\nprofile = "p.json"\nsource-field = "url"\nuse_model = false\n',
        encoding="utf-8")
    assert main(["--workers", "1", "--explain", str(corpus)]) == 1
    out = capsys.readouterr().out
    assert "learned:gamma.org [learned: in 4 of 4 documents of gamma.org" in out
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleantext]\nprofile = "p.json"\nsource_pattern = 3\n', encoding="utf-8")
    assert main(["--workers", "1", "--explain", str(corpus)]) == 2
    assert "source_pattern must be a string" in capsys.readouterr().err
