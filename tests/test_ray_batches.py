"""The Ray integration's parts that need no cluster: batch cleaning (pyarrow, pandas, dicts),
the configuration bundle shipped to workers, one-shard cleaning, CLI usage errors, imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import Config, clean
from cleantext.bundle import ConfigBundle
from cleantext.cleaner import Cleaner
from cleantext.cli import main
from cleantext.cli.jsonl import BatchJob
from cleantext.cli.shard import clean_shard
from cleantext.profile import Learner, Profile
from cleantext.profile import save as save_profile
from cleantext.ray import CleanBatches, clean_batch
from tests.ray_helpers import WIDGET, texts, write_pack

CONFIG = Config(use_model=False)
TEXTS = texts(6)
NONE_ERROR = "TypeError: cleantext cleans str, not NoneType"


def test_pyarrow_batch() -> None:
    pa = pytest.importorskip("pyarrow")
    table = pa.table({"id": [1, 2, 3, 4], "text": [TEXTS[0], None, TEXTS[1], TEXTS[2]]})
    out = clean_batch(table, config=CONFIG)
    assert out.column_names == ["id", "text", "clean_error"]
    assert out.schema.field("text").type == pa.string()
    assert out.schema.field("clean_error").type == pa.string()
    rows = out.to_pylist()
    assert [r["id"] for r in rows] == [1, 2, 3, 4]
    assert [r["text"] for r in rows] == [clean(TEXTS[0], CONFIG), None,
                                         clean(TEXTS[1], CONFIG), clean(TEXTS[2], CONFIG)]
    assert rows[1]["clean_error"].startswith(NONE_ERROR)
    assert [r["clean_error"] for r in rows if r["id"] != 2] == [None] * 3


def test_pyarrow_schema_is_stable() -> None:
    """No error in a batch still gives a string error column; a non-text column is kept."""
    pa = pytest.importorskip("pyarrow")
    out = clean_batch(pa.table({"text": [TEXTS[0]]}), config=CONFIG)
    assert out.schema.field("clean_error").type == pa.string()
    big = pa.table({"body": pa.array([TEXTS[3]], type=pa.large_string())})
    out = clean_batch(big, text_column="body", error_column="err", config=CONFIG)
    assert out.schema.field("body").type == pa.large_string()
    assert out.column("body").to_pylist() == [clean(TEXTS[3], CONFIG)]
    ints = clean_batch(pa.table({"text": [1, 2]}), config=CONFIG)
    assert ints.column("text").to_pylist() == [1, 2]
    assert ints.schema.field("text").type == pa.int64()
    assert all(e.startswith("TypeError: cleantext cleans str, not int")
               for e in ints.column("clean_error").to_pylist())
    # Cleaning an already cleaned table replaces its error column instead of adding one.
    again = clean_batch(clean_batch(pa.table({"text": [None]}), config=CONFIG), config=CONFIG)
    assert again.column_names == ["text", "clean_error"]


def test_pandas_batch() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"text": [TEXTS[0], 42, None, TEXTS[4]], "n": [1, 2, 3, 4]},
                         index=[10, 11, 12, 13])
    out = clean_batch(frame, config=CONFIG)
    assert list(out.columns) == ["text", "n", "clean_error"]
    assert list(out.index) == [10, 11, 12, 13]
    assert out["text"].tolist()[0] == clean(TEXTS[0], CONFIG)
    assert out["text"].tolist()[1] == 42
    assert out["text"].tolist()[3] == clean(TEXTS[4], CONFIG)
    errors = out["clean_error"].tolist()
    assert errors[0] is None and errors[3] is None
    assert errors[1].startswith("TypeError: cleantext cleans str, not int")
    assert errors[2].startswith(NONE_ERROR)
    assert frame["text"].tolist()[0] == TEXTS[0]  # the input batch is not modified


def test_dict_batches() -> None:
    np = pytest.importorskip("numpy")
    arrays = {"text": np.array([TEXTS[1], None], dtype=object), "id": np.array([1, 2])}
    out = clean_batch(arrays, config=CONFIG)
    assert out["text"][0] == clean(TEXTS[1], CONFIG) and out["text"][1] is None
    assert out["clean_error"][0] is None and out["clean_error"][1].startswith(NONE_ERROR)
    assert list(out["id"]) == [1, 2]
    lists = clean_batch({"text": [TEXTS[2], b"raw"]}, config=CONFIG)
    assert lists["text"] == [clean(TEXTS[2], CONFIG), b"raw"]
    assert lists["clean_error"][1].startswith("TypeError: cleantext cleans str, not bytes")


def test_bad_batches() -> None:
    with pytest.raises(KeyError, match="no column 'body'"):
        clean_batch({"text": ["x"]}, text_column="body")
    with pytest.raises(ValueError, match="must differ"):
        clean_batch({"text": ["x"]}, error_column="text")
    with pytest.raises(TypeError, match="cannot clean a batch"):
        clean_batch(["x"])


def test_bundle_ships_the_files_as_data(tmp_path: Path) -> None:
    """The worker side needs none of the driver's files: they travel inside the bundle."""
    pack = write_pack(tmp_path)
    profile = tmp_path / "profile.json"
    save_profile(Profile(), profile)
    profile_bytes = profile.read_bytes()
    config = Config(rule_packs=(pack,), profile_path=profile, use_model=False)
    bundle = ConfigBundle.from_config(config)
    assert bundle.nbytes == len(pack.read_bytes()) + len(profile.read_bytes())
    pack.unlink()
    profile.unlink()
    worker = bundle.materialise(tmp_path / "worker")
    assert worker.rule_packs[0] != pack and worker.rule_packs[0].name == "widgets.toml"
    assert worker.rule_packs[0].read_text(encoding="utf-8").count("test.widget-bar") == 1
    assert worker.profile_path is not None
    assert worker.profile_path.read_bytes() == profile_bytes
    assert worker.replace(rule_packs=config.rule_packs,
                          profile_path=config.profile_path) == config
    # The class map_batches builds on each worker uses the shipped pack.
    batches = CleanBatches(bundle, text_column="body")
    out = batches({"body": [f"{WIDGET}\n\nCouncil approves the bridge plan.\n"]})
    assert out["body"] == ["Council approves the bridge plan.\n"]
    assert out["clean_error"] == [None]


def test_bundle_of_the_defaults_ships_nothing() -> None:
    assert ConfigBundle.from_config().files == ()
    assert ConfigBundle.from_config().materialise("/nonexistent") == Config()


def test_bundle_names_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"model_path: cannot read .*missing\.json"):
        ConfigBundle.from_config(Config(model_path=tmp_path / "missing.json"))
    with pytest.raises(ValueError, match=r"rule_packs: .* is a folder"):
        ConfigBundle.from_config(Config(rule_packs=(tmp_path,)))


def test_clean_shard_keeps_every_record(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": 0, "text": TEXTS[0]}), json.dumps({"id": 1, "text": 7}),
             "not json", json.dumps({"id": 3}), json.dumps({"id": 4, "text": TEXTS[3]}), ""]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dest = tmp_path / "out" / "in.jsonl"
    result = clean_shard(src, dest, gz=False, job=BatchJob([], "text", None, False),
                         error_field="err", cleaner=Cleaner(CONFIG))
    assert (result.records, result.malformed, result.tagged, result.failed) == (6, 1, 2, "")
    assert result.changed
    out = dest.read_text(encoding="utf-8").split("\n")
    assert len(out) == len(lines) + 1
    assert json.loads(out[0]) == {"id": 0, "text": clean(TEXTS[0], CONFIG)}
    rec = json.loads(out[1])
    assert rec["text"] == 7 and rec["err"].startswith("TypeError: cleantext cleans str, not int")
    assert out[2] == "not json" and out[5] == ""
    assert json.loads(out[3]) == {"id": 3, "err": "KeyError: no field 'text' in the record"}
    assert json.loads(out[4])["text"] == clean(TEXTS[3], CONFIG)
    assert result.messages[0].startswith("2: not cleaned: TypeError")
    missing = clean_shard(tmp_path / "nope.jsonl", tmp_path / "o2.jsonl", gz=False,
                          job=BatchJob([], "text", None, False), error_field="err",
                          cleaner=Cleaner(CONFIG))
    assert missing.failed.startswith("cannot read") and not (tmp_path / "o2.jsonl").exists()


@pytest.mark.parametrize(("extra", "message"), [
    ([], "needs --output-dir"),
    (["--check"], "--check is not supported"),
    (["--output-dir", "OUT", "DOC"], "not JSONL: "),
    (["--output-dir", "OUT", "--error-field", "text"], "must differ from the text field"),
    (["--output-dir", "OUT", "--explain-field", "e", "--error-field", "e"], "must differ"),
])
def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                          extra: list[str], message: str) -> None:
    shard = tmp_path / "a.jsonl"
    shard.write_text('{"text": "x"}\n', encoding="utf-8")
    (tmp_path / "doc.txt").write_text("x\n", encoding="utf-8")
    names = {"OUT": str(tmp_path / "out"), "DOC": str(tmp_path / "doc.txt")}
    args = [names.get(a, a) for a in extra]
    assert main(["--engine", "ray", *args, str(shard)]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_address_needs_the_ray_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shard = tmp_path / "a.jsonl"
    shard.write_text('{"text": "x"}\n', encoding="utf-8")
    assert main(["--address", "auto", str(shard), "--output-dir", str(tmp_path / "o")]) == 2
    assert "--address needs --engine ray" in capsys.readouterr().err


def test_imports_stay_light() -> None:
    """Importing cleantext (and cleantext.ray) imports no Ray, pandas or pyarrow."""
    code = ("import sys, cleantext, cleantext.ray, cleantext.cli.main\n"
            "heavy = [m for m in ('ray', 'pandas', 'pyarrow') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                     tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cleantext.ray import clean_dataset, require_ray

    monkeypatch.setitem(sys.modules, "ray", None)  # makes `import ray` fail
    with pytest.raises(ImportError, match=r"pip install 'cleantext-news\[ray\]'"):
        require_ray()
    with pytest.raises(ImportError, match=r"cleantext-news\[ray\]"):
        clean_dataset(object())
    shard = tmp_path / "a.jsonl"
    shard.write_text('{"text": "x"}\n', encoding="utf-8")
    assert main(["--engine", "ray", str(shard), "--output-dir", str(tmp_path / "o")]) == 2
    assert "pip install 'cleantext-news[ray]'" in capsys.readouterr().err


def test_clean_shard_gzip_and_explain_field(tmp_path: Path) -> None:
    import gzip

    src = tmp_path / "in.jsonl.gz"
    lines = [json.dumps({"text": f"{WIDGET}\n\nCouncil approves the bridge plan.\n"}),
             json.dumps({"text": None})]
    src.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    dest = tmp_path / "out.jsonl.gz"
    config = Config(rule_packs=(write_pack(tmp_path),), use_model=False)
    result = clean_shard(src, dest, gz=True, job=BatchJob([], "text", "why", False),
                         error_field="err", cleaner=Cleaner(config))
    assert (result.records, result.tagged, result.failed) == (2, 1, "")
    out = [json.loads(line) for line in gzip.decompress(dest.read_bytes()).splitlines()]
    assert out[0]["text"] == "Council approves the bridge plan.\n"
    assert [d["reason"] for d in out[0]["why"]["dropped"]] == ["test.widget-bar"]
    assert out[1]["text"] is None and out[1]["err"].startswith(NONE_ERROR)


def test_clean_dataset_builds_the_map(monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    """What clean_dataset asks of Ray Data, checked without starting a cluster."""
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    from cleantext.ray import clean_dataset

    class FakeDataset:
        def map_batches(self, fn: object, **kwargs: object) -> dict[str, object]:
            return {"fn": fn, **kwargs}

    pack = write_pack(tmp_path)
    call = clean_dataset(FakeDataset(), text_column="body", config=Config(rule_packs=(pack,)),
                         concurrency=3)
    assert call["fn"] is CleanBatches and call["batch_format"] == "pyarrow"
    kwargs = call["fn_constructor_kwargs"]
    assert isinstance(kwargs, dict) and kwargs["text_column"] == "body"
    assert kwargs["bundle"].files[0].data == pack.read_bytes()
    compute = call["compute"]
    assert isinstance(compute, ray.data.ActorPoolStrategy)
    assert (compute.min_size, compute.max_size) == (1, 3)
    context = ray.data.DataContext.get_current()
    monkeypatch.setattr(context, "max_errored_blocks", 5)
    with pytest.warns(UserWarning, match="max_errored_blocks"):
        clean_dataset(FakeDataset())
    with pytest.raises(ValueError, match="must differ"):
        clean_dataset(FakeDataset(), error_column="text")


def test_source_column_applies_the_learned_profile(tmp_path: Path) -> None:
    """Each record is looked up in the profile under its own source (URLs give domains)."""
    learner = Learner(min_docs=2)
    bodies = ["The council approved the budget after a long debate on Monday evening.",
              "Rail strikes were called off after the union accepted the improved offer.",
              "The museum reopened its west wing after three years of restoration work."]
    for body in bodies:
        learner.add("example.com", f"Example Daily promo line\n{body}\n")
    profile = tmp_path / "profile.json"
    save_profile(learner.profile, profile)
    config = Config(profile_path=profile, use_model=False)
    text = f"Example Daily promo line\n{bodies[0]}\n"
    out = clean_batch({"text": [text, text, text],
                       "url": ["https://www.example.com/a", "https://other.org/b", None]},
                      config=config, source_column="url")
    assert out["text"] == [f"{bodies[0]}\n", text, text]
    assert out["clean_error"] == [None, None, None]
    with pytest.raises(KeyError, match="no column 'site'"):
        clean_batch({"text": [text]}, config=config, source_column="site")


def test_ray_shard_cleaner_looks_up_each_record_source(tmp_path: Path) -> None:
    """The '--engine ray' actor applies a learned profile by --source-field, as local runs do."""
    from cleantext.cli.ray_engine import ShardCleaner
    from cleantext.sources import SourceRule

    learner = Learner(min_docs=2)
    bodies = ["The council approved the budget after a long debate on Monday evening.",
              "Rail strikes were called off after the union accepted the improved offer."]
    for body in bodies:
        learner.add("example.com", f"Example Daily promo line\n{body}\n")
    profile = tmp_path / "profile.json"
    save_profile(learner.profile, profile)
    bundle = ConfigBundle.from_config(Config(profile_path=profile, use_model=False))
    shard = tmp_path / "in.jsonl"
    text = f"Example Daily promo line\n{bodies[0]}\n"
    shard.write_text("".join(json.dumps({"url": url, "text": text}) + "\n"
                             for url in ("https://example.com/x", "https://other.org/y")),
                     encoding="utf-8")
    actor = ShardCleaner(bundle, "text", None, "clean_error",
                         SourceRule.build(None, "url", None))
    actor({"index": [0], "src": [str(shard)], "dest": [str(tmp_path / "out.jsonl")],
           "gz": [False]})
    records = [json.loads(line) for line in
               (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records] == [f"{bodies[0]}\n", text]
