"""Shared fixtures: the seed corpus shipped in ``corpus/``."""

from __future__ import annotations

import importlib.machinery
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED_NAMES = sorted(p.stem for p in (CORPUS / "input").glob("*.txt"))


def compiled(module: ModuleType) -> bool:
    """Whether ``module`` was compiled by the compiled build (setup.py, CLEANTEXT_COMPILE=1)."""
    return str(module.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


@pytest.fixture(params=SEED_NAMES)
def seed_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def read_seed(name: str) -> str:
    return (CORPUS / "input" / f"{name}.txt").read_text(encoding="utf-8")
