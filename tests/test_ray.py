"""Cleaning on a local Ray cluster (2 CPUs): the CLI's ``--engine ray`` over JSONL shards and
:func:`cleantext.ray.clean_dataset` over a Ray Data dataset.

The cluster's temp folder and ``HOME`` are inside pytest's temp folder; it is shut down at the
end of the module. The configuration includes a user rule pack that is *deleted* before the
workers start, so the tests fail if the workers read the driver's paths instead of the files
shipped with the job.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cleantext import Config, clean
from cleantext.cli import main
from tests.ray_helpers import WIDGET, write_pack, write_shards

ray = pytest.importorskip("ray")
pytest.importorskip("ray.data")

SHARDS, PER_SHARD, POISON = 4, 500, 777


@dataclass(frozen=True)
class Shards:
    folder: Path
    records: list[dict[str, Any]]
    pack: Path
    want: dict[int, Any]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    base = tmp_path_factory.mktemp("ray")
    temp = base / "t"
    own_temp = None
    # Ray's unix sockets live under the temp folder; their paths must stay under ~107 bytes.
    if len(str(temp)) > 50:
        own_temp = Path(tempfile.mkdtemp(prefix="ctray", dir="/tmp"))
        temp = own_temp
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HOME", str(base / "home"))
        mp.delenv("RAY_ADDRESS", raising=False)
        ray.init(num_cpus=2, include_dashboard=False, _temp_dir=str(temp),
                 logging_level=logging.WARNING)
        try:
            yield ray
        finally:
            ray.shutdown()
            if own_temp is not None:
                shutil.rmtree(own_temp, ignore_errors=True)


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Shards:
    """The input shards, a user rule pack, and what local ``clean()`` makes of each record."""
    folder = tmp_path_factory.mktemp("shards")
    records = write_shards(folder / "in", SHARDS, PER_SHARD, poison=POISON)
    pack = write_pack(folder)
    config = Config(rule_packs=(pack,))
    want = {r["id"]: clean(r["text"], config) if isinstance(r["text"], str) else r["text"]
            for r in records}
    return Shards(folder, records, pack, want)


def test_cli_engine_ray(cluster: Any, shards: Shards,
                        capsys: pytest.CaptureFixture[str]) -> None:
    folder, records, want = shards.folder, shards.records, shards.want
    out = folder / "out"
    code = main(["--engine", "ray", "--workers", "2", "--rule-pack", str(shards.pack), "-v",
                 str(folder / "in"), "--output-dir", str(out)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "4 file(s) cleaned, 0 unchanged, 0 failed, 2,000 records" in err
    assert f"part-1.jsonl:{POISON - PER_SHARD + 1}: not cleaned: TypeError" in err
    got: list[dict[str, Any]] = []
    for s in range(SHARDS):
        lines = (out / f"part-{s}.jsonl").read_text(encoding="utf-8").splitlines()
        got.extend(json.loads(line) for line in lines)
    assert len(got) == len(records) == SHARDS * PER_SHARD
    assert [r["id"] for r in got] == [r["id"] for r in records]  # order kept in each shard
    for before, after in zip(records, got, strict=True):
        assert after["text"] == want[before["id"]]
        assert after["meta"] == before["meta"] and after["lang"] == "en"
        if before["id"] == POISON:
            assert after["text"] is None
            assert after["clean_error"].startswith("TypeError: cleantext cleans str")
        else:
            assert "clean_error" not in after
    assert sum(WIDGET in r["text"] for r in records if r["text"]) > 100
    assert not any(WIDGET in r["text"] for r in got if r["text"])  # the user pack ran


def test_clean_dataset(cluster: Any, shards: Shards, tmp_path: Path) -> None:
    from cleantext.ray import clean_dataset

    folder, records, want = shards.folder, shards.records, shards.want
    pack = tmp_path / shards.pack.name
    shutil.copyfile(shards.pack, pack)
    ds = cluster.data.read_json(sorted(str(p) for p in (folder / "in").glob("*.jsonl")),
                                lines=True)
    cleaned = clean_dataset(ds, config=Config(rule_packs=(pack,)), concurrency=2)
    pack.unlink()  # the workers start only now: they must use the shipped copy
    rows = cleaned.take_all()
    assert len(rows) == len(records)
    assert sorted(r["id"] for r in rows) == [r["id"] for r in records]
    for row in rows:
        assert row["text"] == want[row["id"]]
        if row["id"] == POISON:
            assert row["text"] is None
            assert row["clean_error"].startswith("TypeError: cleantext cleans str")
        else:
            assert row["clean_error"] is None
    assert not any(WIDGET in r["text"] for r in rows if r["text"])
