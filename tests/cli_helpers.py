"""Shared helpers of the CLI tests (imported by the tests/test_cli*.py modules)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cleantext import Config, clean
from cleantext.cli import main

REPO = Path(__file__).resolve().parent.parent

#: A chrome-laden article: the rules drop "Skip to main content" and "Advertisement".
CHROME = (
    "Skip to main content\n\nTitle here\n\n"
    "A long sentence of real article text that goes on for many words.\n\nAdvertisement\n"
)
CLEAN = "Title here\n\nA long sentence of real article text that goes on for many words.\n"

#: The CLI tests pin the rule-only pipeline, so they do not depend on the state of the model.
NO_MODEL = "--no-use-model"
CONFIG = Config(use_model=False)


def cleaned(text: str) -> str:
    """What the CLI should write for ``text``."""
    return clean(text, CONFIG)


def run(*args: str | Path) -> int:
    """``main()`` with the rule-only pipeline and one worker (fast, in-process)."""
    argv = [NO_MODEL, "--workers", "1", *map(str, args)]
    return main(argv)


def script(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run the installed ``cleantext`` console script in a subprocess."""
    exe = Path(sys.executable).with_name("cleantext")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "cleantext"]
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    return subprocess.run([*cmd, *map(str, args)], input=stdin, capture_output=True, cwd=cwd,
                          timeout=timeout, env=env, check=False)
