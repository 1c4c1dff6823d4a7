"""Optional compiled build: ``CLEANTEXT_COMPILE=1 pip install .`` compiles the hot modules with
mypyc (see the README's "Compiled build"). Without the variable this is a plain setuptools
build of the pure-Python package, whose metadata is all in pyproject.toml.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

from setuptools import setup

#: The modules compiled: the ones the profile of the default pipeline spends its time in, and
#: learned.py, whose LearnedVerdict subclasses a compiled class. Interpreted stay trees.py, which
#: exec()s the trees of a model loaded at run time (the shipped model's trees are compiled as
#: cleantext/model/_forests.py instead), and cleaner.py, whose public methods must reject a
#: non-str with their own message (a compiled ``text: str`` raises mypyc's TypeError first).
COMPILED = [
    "cleantext/learned.py",
    "cleantext/lines.py",
    "cleantext/structure.py",
    "cleantext/headline.py",
    "cleantext/rules/engine.py",
    "cleantext/rules/schema.py",
    "cleantext/model/features.py",
    "cleantext/model/context.py",
    "cleantext/model/ending.py",
    "cleantext/model/linear.py",
    "cleantext/model/_forests.py",
]
#: The generated module of the shipped model's forests (not in git).
FORESTS = Path("cleantext/model/_forests.py")


def write_forests() -> None:
    """Write :data:`FORESTS` from the shipped model (trees.py is loaded on its own: the build
    environment has none of cleantext's dependencies)."""
    spec = importlib.util.spec_from_file_location("_cleantext_trees", "cleantext/model/trees.py")
    assert spec is not None and spec.loader is not None
    trees = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = trees  # dataclasses looks its module up
    spec.loader.exec_module(trees)
    data = json.loads(Path("cleantext/model/default.json").read_text(encoding="utf-8"))
    forests = []
    for key, names in (("stage1", "features"), ("stage2", "stack_features"),
                       ("ender", "end_features")):
        if data.get(key) is not None:
            n_features = len(data[names])
            forests.append((*trees.forest_parts(data[key], n_features), n_features))
    FORESTS.write_text(trees.module_source(forests), encoding="utf-8")


#: What the compiled build needs: mypy (mypyc comes with it), and the typed dependencies of the
#: compiled modules, which mypy checks as it compiles them.
BUILD_REQUIRES = ["mypy>=2.4", "regex>=2023.10.3", "ftfy>=6.1",
                  "tomli>=2.0; python_version < '3.11'"]
COMPILE = os.environ.get("CLEANTEXT_COMPILE") == "1"
#: pip runs this file for the build requirements and the metadata first (egg_info, dist_info),
#: then for the wheel: only the wheel needs the compiled modules.
METADATA_ONLY = bool({"egg_info", "dist_info"} & set(sys.argv[1:]))

ext_modules = []
if COMPILE and not METADATA_ONLY:
    from mypyc.build import mypycify

    write_forests()
    ext_modules = mypycify(COMPILED, opt_level="3")

setup(ext_modules=ext_modules, setup_requires=BUILD_REQUIRES if COMPILE else [])
