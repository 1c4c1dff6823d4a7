"""Bad input gets a clear one-line error, the other inputs go on, and nothing is lost."""

from __future__ import annotations

import gzip
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleantext.cli import files as cli_files
from tests.cli_helpers import CHROME, CLEAN, NO_MODEL, cleaned, run

ROOT = os.geteuid() == 0 if hasattr(os, "geteuid") else False


def test_invalid_utf8_names_file_and_offset(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.txt"
    data = CHROME.encode() + b"caf\xe9 au lait\n"
    bad.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text(CHROME, encoding="utf-8")
    assert run(bad, good) == 123
    err = capsys.readouterr().err
    offset = len(CHROME.encode()) + 3
    assert f"error: {bad}: invalid UTF-8 at byte offset {offset}" in err
    assert "Traceback" not in err
    assert bad.read_bytes() == data
    assert good.read_text(encoding="utf-8") == CLEAN


def test_nul_bytes_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bin.txt"
    data = b"Advertisement\n\x00\x01\x02"
    path.write_bytes(data)
    assert run(path) == 123
    assert f"{path}: contains a NUL byte at byte offset 14" in capsys.readouterr().err
    assert path.read_bytes() == data


def test_missing_path_is_a_usage_error(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(CHROME, encoding="utf-8")
    assert run(tmp_path / "nope.txt", good) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"error: {tmp_path / 'nope.txt'}: no such file or directory"
    assert good.read_text(encoding="utf-8") == CHROME  # nothing done on a usage error


def test_symlink_loop(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    good = tmp_path / "sub" / "good.txt"
    good.write_text(CHROME, encoding="utf-8")
    assert run(tmp_path) == 123
    err = capsys.readouterr().err
    assert "symlink loop" in err and "Traceback" not in err
    assert good.read_text(encoding="utf-8") == CLEAN
    assert run(tmp_path / "a.txt") == 123
    assert capsys.readouterr().err.strip().endswith("cannot read: symlink loop")


def test_symlinked_file_is_cleaned_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(CHROME, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert run(link) == 1
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == CLEAN


def test_permissions_kept(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(CHROME, encoding="utf-8")
    path.chmod(0o640)
    assert run(path) == 1
    assert path.stat().st_mode & 0o777 == 0o640


def test_unwritable_destination(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(CHROME, encoding="utf-8")
    b.write_text(CHROME, encoding="utf-8")
    real_replace = os.replace

    def refuse(src: str, dst: str) -> None:
        if str(dst).endswith("a.txt"):
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(cli_files.os, "replace", refuse)
    assert run(a, b) == 123
    err = capsys.readouterr().err
    assert f"error: {a}: cannot write: Permission denied" in err
    assert a.read_text(encoding="utf-8") == CHROME
    assert b.read_text(encoding="utf-8") == CLEAN
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(cli_files.TEMP_SUFFIX)]


@pytest.mark.skipif(ROOT, reason="root can read and write any file")
def test_unreadable_and_read_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unreadable = tmp_path / "u.txt"
    unreadable.write_text(CHROME, encoding="utf-8")
    unreadable.chmod(0)
    readonly = tmp_path / "r.txt"
    readonly.write_text(CHROME, encoding="utf-8")
    readonly.chmod(0o444)
    assert run(unreadable, readonly) == 123
    err = capsys.readouterr().err
    assert f"{unreadable}: cannot read: Permission denied" in err
    assert f"{readonly}: cannot write: Permission denied" in err
    assert readonly.read_text(encoding="utf-8") == CHROME


def test_corrupt_gzip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.jsonl.gz"
    data = gzip.compress(b'{"text": "Advertisement"}\n' * 1000)[:-20]
    path.write_bytes(data)
    assert run(path) == 123
    assert "corrupt gzip data" in capsys.readouterr().err
    assert path.read_bytes() == data


def test_sigkill_leaves_every_file_whole(tmp_path: Path) -> None:
    """kill -9 in the middle of a batch: each file is its old self or its cleaned self."""
    paragraph = "A long sentence of real article text that goes on for many words.\n\n"
    originals = {}
    for i in range(150):
        text = f"Skip to main content\n\nStory {i}\n\n" + paragraph * 400 + "Advertisement\n"
        path = tmp_path / f"f{i:03}.txt"
        path.write_text(text, encoding="utf-8")
        originals[path] = text
    template = cleaned(originals[tmp_path / "f000.txt"])
    cmd = [sys.executable, "-m", "cleantext", NO_MODEL, "--workers", "1", str(tmp_path)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    done = 0
    deadline = time.monotonic() + 60
    while done < 20 and time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        done += line.startswith("Cleaned")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    old = new = 0
    for i, (path, text) in enumerate(originals.items()):
        now = path.read_text(encoding="utf-8")
        expected = template.replace("Story 0\n", f"Story {i}\n")
        assert now in (text, expected), f"{path.name} is torn ({len(now)} chars)"
        old += now == text
        new += now == expected
    assert new >= 20 and old >= 1
    print(f"after SIGKILL: {new} cleaned, {old} untouched, 0 torn of {len(originals)}")
