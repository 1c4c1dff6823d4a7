"""The clean command on text files: in place, stdin, --check, --diff, --explain, --output-dir,
exit codes, folders, settings, subcommands, workers and the streamed large-file path."""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

import pytest

from cleantext import lines
from cleantext.cleaner import Cleaner
from cleantext.cli import main
from cleantext.cli import textfile as tf
from cleantext.cli.progress import LineProgress, NoProgress, make_progress
from cleantext.cli.workers import set_cleaner
from cleantext.config import Config
from tests.cli_helpers import CHROME, CLEAN, NO_MODEL, cleaned, run, script


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(CHROME, encoding="utf-8")
    return path


def test_fixture_is_what_the_rules_clean() -> None:
    assert cleaned(CHROME) == CLEAN


def test_in_place_then_idempotent(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(article) == 1
    assert article.read_text(encoding="utf-8") == CLEAN
    err = capsys.readouterr().err
    assert f"Cleaned {article}" in err
    # A second run finds nothing to do.
    mtime = article.stat().st_mtime_ns
    assert run(article) == 0
    assert capsys.readouterr().err == ""
    assert article.stat().st_mtime_ns == mtime


def test_check(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--check", article) == 1
    assert article.read_text(encoding="utf-8") == CHROME
    assert f"Would clean {article}" in capsys.readouterr().err
    article.write_text(CLEAN, encoding="utf-8")
    assert run("--check", article) == 0


def test_diff(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--diff", article) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"--- {article}\t(original)\n+++ {article}\t(cleaned)\n")
    assert "\n-Skip to main content\n" in out
    assert "\n-Advertisement\n" in out
    assert "\n Title here\n" in out
    assert article.read_text(encoding="utf-8") == CHROME
    article.write_text(CLEAN, encoding="utf-8")
    assert run("--diff", article) == 0
    assert capsys.readouterr().out == ""


def test_diff_marks_missing_final_newline(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(CHROME.rstrip("\n"), encoding="utf-8")
    assert run("--diff", path) == 1
    assert "\\ No newline at end of file" in capsys.readouterr().out


def test_explain(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--explain", article) == 1
    out = capsys.readouterr().out
    assert f"{article}:1: drop nav" in out
    assert "nav.skip-link | Skip to main content" in out
    assert f"{article}:7: drop ad" in out
    assert f"{article}:3: keep content" in out
    assert article.read_text(encoding="utf-8") == CHROME


def test_exit_zero_even_if_changed(article: Path) -> None:
    assert run("--exit-zero-even-if-changed", article) == 0
    assert article.read_text(encoding="utf-8") == CLEAN


def test_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(CHROME, encoding="utf-8")
    b.write_text(CLEAN, encoding="utf-8")
    assert run("--quiet", a, b) == 1
    assert capsys.readouterr().err == ""
    a.write_text(CHROME, encoding="utf-8")
    assert run("--verbose", a, b) == 1
    err = capsys.readouterr().err
    assert f"Cleaned {a}" in err and f"Unchanged {b}" in err
    assert "1 file(s) cleaned, 1 unchanged, 0 failed" in err


def test_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch,
                         capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(CHROME.encode())))
    assert run("-") == 1
    captured = capsysbinary.readouterr()
    assert captured.out == CLEAN.encode()
    assert captured.err == b""


def test_console_script_stdin_and_files(tmp_path: Path) -> None:
    proc = script(NO_MODEL, "-", stdin=CHROME.encode())
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == CLEAN.encode()
    path = tmp_path / "a.txt"
    path.write_text(CHROME, encoding="utf-8")
    proc = script(NO_MODEL, path)
    assert proc.returncode == 1
    assert proc.stderr.decode().strip() == f"Cleaned {path}"
    assert path.read_text(encoding="utf-8") == CLEAN
    assert script(NO_MODEL, path).returncode == 0


def test_python_dash_m_help() -> None:
    proc = script("--help")
    assert proc.returncode == 0
    text = proc.stdout.decode()
    for needle in ("--check", "--diff", "--explain", "--output-dir", "--jsonl", "--field",
                   "--explain-field", "--workers", "exit codes:", "123", "examples:",
                   "[tool.cleantext]", "cleantext train"):
        assert needle in text, needle
    assert "cleantext learn" in text


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "no paths given" in capsys.readouterr().err
    assert main(["--bogus", "x"]) == 2
    assert "unrecognized arguments" in capsys.readouterr().err
    assert main(["--workers", "0", str(tmp_path)]) == 2
    assert main(["--check", "--output-dir", str(tmp_path / "o"), str(tmp_path)]) == 2


def test_bom_crlf_no_final_newline_byte_for_byte(tmp_path: Path) -> None:
    text = "\ufeff" + CHROME.replace("\n", "\r\n").rstrip("\r\n")
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    assert run(path) == 1
    want = ("\ufeff" + CLEAN.replace("\n", "\r\n").rstrip("\r\n")).encode("utf-8")
    assert path.read_bytes() == want
    assert run(path) == 0
    assert path.read_bytes() == want


def test_folder_walk_include_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "drafts").mkdir()
    (tmp_path / ".git").mkdir()
    files = {
        "a.txt": True, "sub/b.txt": True, "sub/deeper/c.txt": True, "notes.md": False,
        "drafts/d.txt": False, ".git/e.txt": False,
    }
    for rel in files:
        (tmp_path / rel).write_text(CHROME, encoding="utf-8")
    assert run("--exclude", "drafts", tmp_path) == 1
    for rel, expected in files.items():
        assert ((tmp_path / rel).read_text(encoding="utf-8") == CLEAN) is expected, rel
    capsys.readouterr()
    (tmp_path / "notes.md").write_text(CHROME, encoding="utf-8")
    assert run("--include", "*.md", tmp_path) == 1
    assert (tmp_path / "notes.md").read_text(encoding="utf-8") == CLEAN


def test_output_dir_mirrors_tree(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(CHROME, encoding="utf-8")
    (src / "sub" / "b.txt").write_text(CLEAN, encoding="utf-8")
    (src / "sub" / "b.txt").chmod(0o640)
    out = tmp_path / "out"
    assert run("--output-dir", out, src) == 1
    assert (out / "a.txt").read_text(encoding="utf-8") == CLEAN
    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == CLEAN
    assert (out / "sub" / "b.txt").stat().st_mode & 0o777 == 0o640
    assert (src / "a.txt").read_text(encoding="utf-8") == CHROME


def test_pyproject_settings_and_flags_override(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleantext]\nuse_model = false\ndisabled_rules = ["ad.label"]\n', encoding="utf-8")
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    path = sub / "a.txt"
    path.write_text(CHROME, encoding="utf-8")
    # Found by searching upward from the input; the ad line survives.
    assert main(["--workers", "1", str(path)]) == 1
    assert "Advertisement" in path.read_text(encoding="utf-8")
    assert "Skip to main content" not in path.read_text(encoding="utf-8")
    # A flag overrides the file.
    path.write_text(CHROME, encoding="utf-8")
    assert main(["--workers", "1", "--disable", "nav.skip-link", str(path)]) == 1
    text = path.read_text(encoding="utf-8")
    assert "Skip to main content" in text and "Advertisement" not in text


def test_config_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.txt"
    path.write_text(CHROME, encoding="utf-8")
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text("[tool.cleantext]\nlinewidth = 3\n", encoding="utf-8")
    assert run(path) == 2
    err = capsys.readouterr().err
    assert "unknown key 'linewidth'" in err and "Traceback" not in err
    cfg.write_text('[tool.cleantext]\npreset = "loud"\n', encoding="utf-8")
    assert run(path) == 2
    assert "preset must be one of" in capsys.readouterr().err
    cfg.write_text('[tool.cleantext]\ndisabled_rules = ["no.such-rule"]\n', encoding="utf-8")
    assert run(path) == 2
    assert "no.such-rule" in capsys.readouterr().err
    other = tmp_path / "cleantext.toml"
    other.write_text("use-model = false\nworkers = 1\n", encoding="utf-8")
    assert main(["--config", str(other), str(path)]) == 1
    assert path.read_text(encoding="utf-8") == CLEAN
    assert main(["--config", str(tmp_path / "nope.toml"), str(path)]) == 2


def test_train_dispatch(monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    seen: list[list[str]] = []
    fake = types.ModuleType("cleantext.model.train")

    def fake_main(argv: list[str]) -> int:
        seen.append(argv)
        return 0

    fake.main = fake_main  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "cleantext.model.train", fake)
    assert main(["train", "--epochs", "3"]) == 0
    assert seen == [["--epochs", "3"]]
    monkeypatch.setitem(sys.modules, "cleantext.model.train", None)
    assert main(["train"]) == 2
    assert "not available" in capsys.readouterr().err


def test_workers_identical_output(tmp_path: Path) -> None:
    one, many = tmp_path / "one", tmp_path / "many"
    for root in (one, many):
        root.mkdir()
        for i in range(12):
            body = CHROME if i % 3 else CLEAN
            (root / f"f{i:02}.txt").write_text(f"Story {i}\n\n" + body, encoding="utf-8")
    assert main([NO_MODEL, "--workers", "1", str(one)]) == 1
    assert main([NO_MODEL, "--workers", "2", str(many)]) == 1
    for path in sorted(one.iterdir()):
        assert path.read_bytes() == (many / path.name).read_bytes()


DOCS = [
    CHROME,
    CHROME.replace("\n", "\r\n"),
    "\ufeff" + CHROME.rstrip("\n"),
    "Advertisement\n\nSkip to main content\n",
    "\ufeffAdvertisement",
    "",
    "\n\n\n",
    "Title\n\n\n\nBody line one that is long enough to be prose, really it is.\n"
    "Advertisement\n\n\nMore text here.\n\n",
]


@pytest.mark.parametrize("doc", DOCS)
def test_stream_joiner_matches_join(doc: str) -> None:
    """One window through the streaming join gives exactly what clean() gives."""
    cleaner = Cleaner(Config(use_model=False))
    set_cleaner(cleaner)
    bom = doc.startswith(lines.BOM)
    body = doc[1:] if bom else doc
    joiner = tf.StreamJoiner(bom)
    out = joiner.feed(body, tf.clean_window((body, 0, False)))
    out += joiner.finish(body.endswith("\n"))
    assert out == cleaner.clean(doc)


def test_large_file_streams_in_windows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above LARGE_FILE a file is cleaned window by window; paragraphs stay intact."""
    monkeypatch.setattr(tf, "LARGE_FILE", 1000)
    monkeypatch.setattr(tf, "WINDOW_CHARS", 700)
    monkeypatch.setattr(tf, "READ_BYTES", 256)
    paragraph = ("Police said a long sentence of real article text went on for many words "
                 "in Calais.\n\nAdvertisement\n\n")
    text = "\ufeffTitle here\r\n\r\n" + paragraph * 60 + "The end of the story is here."
    path = tmp_path / "big.txt"
    path.write_bytes(text.encode("utf-8"))
    assert run(path) == 1
    out = path.read_bytes().decode("utf-8")
    assert out.startswith("\ufeffTitle here\r\n\r\nPolice said")
    assert "Advertisement" not in out
    assert out.count("Police said") == 60
    assert "\n\n\n" not in out
    assert out.endswith("in Calais.\n\nThe end of the story is here.")
    assert run(path) == 0
    # Bad bytes deep in a streamed file: message with the exact offset, file untouched.
    bad = text.encode("utf-8") + b"\n\xc3\x28 tail\n"
    path.write_bytes(bad)
    assert run(path) == 123
    assert path.read_bytes() == bad


def test_progress_only_on_a_tty() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(make_progress(10, 1, quiet=False, stream=io.StringIO()), NoProgress)
    assert isinstance(make_progress(10, 1, quiet=True, stream=Tty()), NoProgress)
    stream = Tty()
    bar = make_progress(10, 1, quiet=False, stream=stream)
    assert not isinstance(bar, NoProgress)
    bar.update(nbytes=10, files=1, records=3)
    bar.write("Cleaned x")
    bar.close()
    line = LineProgress(2**20, 2, stream)
    line.update(nbytes=2**20, files=1, records=5)
    line.write("hello")
    line.close()
    assert "files 1/2, records 5" in stream.getvalue()
