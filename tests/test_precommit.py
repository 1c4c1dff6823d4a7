"""The ``cleantext`` hook of .pre-commit-hooks.yaml, run through the real pre-commit framework.

``pre-commit try-repo`` installs this repository's *committed* state (``--ref`` = HEAD) into a
fresh virtualenv, so commit the CLI before expecting this test to see a change. Building that
virtualenv needs pip and a package index, and takes a while; the test is skipped when
pre-commit or git is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_helpers import CHROME, CLEAN, REPO

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).with_name("pre-commit"))


def _git(*args: str, cwd: Path) -> str:
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    proc = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True)
    return proc.stdout.strip()


@pytest.mark.skipif(not Path(PRE_COMMIT).exists(), reason="pre-commit is not installed "
                    "(pip install pre-commit, or the dev extra)")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_hook_fixes_file_and_fails_like_a_fixer(tmp_path: Path) -> None:
    head = _git("rev-parse", "HEAD", cwd=REPO)
    hooks = _git("show", "HEAD:.pre-commit-hooks.yaml", cwd=REPO)
    assert "id: cleantext" in hooks
    work = tmp_path / "work"
    work.mkdir()
    _git("init", "-q", cwd=work)
    article = work / "article.txt"
    article.write_text(CHROME, encoding="utf-8")
    # Pin the rule-only pipeline: the test is about the hook, not the model.
    (work / "pyproject.toml").write_text("[tool.cleantext]\nuse_model = false\n",
                                         encoding="utf-8")
    (work / "notes.md").write_text(CHROME, encoding="utf-8")
    _git("add", ".", cwd=work)
    _git("commit", "-q", "-m", "chrome-laden article", cwd=work)

    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    env.pop("VIRTUAL_ENV", None)
    cmd = [PRE_COMMIT, "try-repo", str(REPO), "cleantext", "--ref", head, "--all-files"]
    first = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=600,
                           check=False)
    log = first.stdout + first.stderr
    if "An unexpected error has occurred" in log and ("pip" in log or "index" in log):
        pytest.skip(f"pre-commit could not build the hook environment:\n{log[-2000:]}")
    assert first.returncode == 1, log
    assert "Failed" in log and "files were modified by this hook" in log, log
    assert article.read_text(encoding="utf-8") == CLEAN
    assert (work / "notes.md").read_text(encoding="utf-8") == CHROME  # not a .txt file

