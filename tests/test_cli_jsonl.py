"""The clean command on JSONL corpora: fields, order, passthrough, gzip, explain field, workers."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from cleantext.cli import jsonl as jl
from cleantext.cli import main
from tests.cli_helpers import CHROME, CLEAN, NO_MODEL, run, script


def records(n: int) -> list[dict[str, object]]:
    return [{"id": i, "text": f"Story {i}\n\n" + (CHROME if i % 2 else CLEAN), "lang": "en"}
            for i in range(n)]


def write_jsonl(path: Path, recs: list[dict[str, object]], **dump: object) -> bytes:
    data = "".join(json.dumps(r, **dump) + "\n" for r in recs).encode()  # type: ignore[arg-type]
    path.write_bytes(gzip.compress(data, mtime=0) if path.suffix == ".gz" else data)
    return data


def read_jsonl(path: Path) -> list[dict[str, object]]:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return [json.loads(line) for line in data.decode().splitlines()]


def test_cleans_the_field_keeps_the_rest(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "shard.jsonl"
    before = write_jsonl(path, records(6))
    assert run(path) == 1
    assert f"Cleaned {path}" in capsys.readouterr().err
    after = read_jsonl(path)
    assert [r["id"] for r in after] == list(range(6))
    for rec in after:
        assert rec["lang"] == "en"
        assert rec["text"] == f"Story {rec['id']}\n\n" + CLEAN
    # Unchanged records are written back byte for byte.
    old_lines = before.decode().splitlines()
    new_lines = path.read_text(encoding="utf-8").splitlines()
    assert new_lines[0] == old_lines[0] and new_lines[2] == old_lines[2]
    assert run(path) == 0


def test_style_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "compact.jsonl"
    write_jsonl(path, [{"text": CHROME, "t": "Zürich"}], separators=(",", ":"),
                ensure_ascii=False)
    assert run(path) == 1
    assert path.read_text(encoding="utf-8") == json.dumps(
        {"text": CLEAN, "t": "Zürich"}, separators=(",", ":"), ensure_ascii=False) + "\n"


def test_malformed_records_pass_through(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    lines = [json.dumps({"text": CHROME}).encode(), b"{not json", b"[1, 2]",
             b'{"text": "caf\xe9"}', json.dumps({"body": "x"}).encode(), b"",
             json.dumps({"text": CHROME}).encode()]
    path.write_bytes(b"\r\n".join(lines))  # CRLF and no final newline
    assert run(path) == 123
    err = capsys.readouterr().err
    assert f"{path}:2: malformed JSON" in err
    assert f"{path}:3: record is a JSON list" in err
    assert f"{path}:4: invalid UTF-8" in err
    assert f"warning: {path}:5: no field 'text'" in err
    assert "Traceback" not in err
    out = path.read_bytes().split(b"\r\n")
    assert len(out) == len(lines)
    assert out[1:6] == lines[1:6]
    assert json.loads(out[0])["text"] == CLEAN and json.loads(out[6])["text"] == CLEAN


def test_field_and_explain_field(tmp_path: Path) -> None:
    path = tmp_path / "body.jsonl"
    write_jsonl(path, [{"body": CHROME, "text": "untouched Advertisement"}])
    assert run("--field", "body", "--explain-field", "cleantext", path) == 1
    rec = read_jsonl(path)[0]
    assert rec["body"] == CLEAN and rec["text"] == "untouched Advertisement"
    info = rec["cleantext"]
    assert isinstance(info, dict)
    assert [d["reason"] for d in info["dropped"]] == ["nav.skip-link", "ad.label"]
    assert info["dropped"][0]["text"] == "Skip to main content"
    assert info["metadata"]["title"] == "Title here"
    # The explanation of the first run survives the second, which changes nothing.
    assert run("--field", "body", "--explain-field", "cleantext", path) == 0
    assert read_jsonl(path)[0] == rec


def test_gzip_in_place(tmp_path: Path) -> None:
    path = tmp_path / "shard.jsonl.gz"
    write_jsonl(path, records(5))
    assert run(path) == 1
    assert path.read_bytes()[:2] == b"\x1f\x8b"
    assert all(r["text"].endswith(CLEAN) for r in read_jsonl(path))  # type: ignore[union-attr]
    first = path.read_bytes()
    assert run(path) == 0
    assert path.read_bytes() == first


def test_diff_and_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.jsonl"
    before = write_jsonl(path, records(3))
    assert run("--check", path) == 1
    assert run("--diff", path) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- {path}\t(original)\n+++ {path}\t(cleaned)\n@@ -2 +2 @@\n-")
    assert path.read_bytes() == before


def test_explain_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.jsonl"
    write_jsonl(path, records(2))
    assert run("--explain", path) == 1
    out = capsys.readouterr().out
    assert f"{path}:2:3: drop nav" in out


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch,
                     capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    data = "".join(json.dumps(r) + "\n" for r in records(3)).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert run("--jsonl", "-") == 1
    out = capsysbinary.readouterr().out
    assert [json.loads(x)["text"].endswith(CLEAN) for x in out.splitlines()] == [True] * 3


def test_console_script_jsonl_stdin() -> None:
    data = "".join(json.dumps(r) + "\n" for r in records(2)).encode()
    proc = script(NO_MODEL, "--jsonl", "--workers", "2", "-", stdin=data)
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stdout.splitlines()) == 2


def test_workers_identical_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jl, "BATCH_RECORDS", 7)
    recs = records(60)
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl.gz"
    write_jsonl(one, recs)
    write_jsonl(many, recs)
    assert main([NO_MODEL, "--workers", "1", str(one)]) == 1
    assert main([NO_MODEL, "--workers", "2", str(many)]) == 1
    assert gzip.decompress(many.read_bytes()) == one.read_bytes()
