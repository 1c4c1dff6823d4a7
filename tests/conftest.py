"""Shared fixtures: the seed corpus shipped in ``corpus/``."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_NAMES = sorted(p.stem for p in (CORPUS / "input").glob("*.txt"))


@pytest.fixture(params=SEED_NAMES)
def seed_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def read_seed(name: str) -> str:
    return (CORPUS / "input" / f"{name}.txt").read_text(encoding="utf-8")
