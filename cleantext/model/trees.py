"""Gradient-boosted decision trees from plain JSON, evaluated in pure Python.

A tree is a nested list: a leaf is a number (its contribution to the log-odds); a split is
``[feature, threshold, left, right, value]`` where rows with ``x[feature] <= threshold`` go
left and ``value`` is the node's own (shrunk) output, used only for explanations. A
:class:`Forest` adds its trees' leaves to ``base``.

For speed the forest is compiled once, at load time, into one Python function: each tree
becomes a nested conditional expression over local variables, and a row's score is one sum of
those expressions, so the running sum stays on the interpreter's stack instead of being stored
and reloaded for every tree (generated from the numbers only: feature indices are checked
ints and thresholds/leaves are checked finite floats). The sum adds the trees in order, as
:meth:`Forest.walk` does, so the scores are the same floats. :meth:`Forest.walk` is the
straightforward tree walk the compiled code is tested against.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.machinery
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

Node = float | tuple[int, float, "Node", "Node", float]
BatchFn = Callable[[Sequence[Sequence[float]]], list[float]]


def sigmoid(z: float) -> float:
    """The logistic function, safe for large ``|z|``."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _num(x: object) -> float:
    if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
        raise ValueError(f"tree value must be a finite number, not {x!r}")
    return float(x)


def node_from_json(data: Any, n_features: int) -> Node:
    """A node from its JSON form (validated)."""
    if isinstance(data, list):
        if len(data) != 5:
            raise ValueError("a split node is [feature, threshold, left, right, value]")
        f = data[0]
        if isinstance(f, bool) or not isinstance(f, int) or not 0 <= f < n_features:
            raise ValueError(f"bad feature index {f!r}")
        return (f, _num(data[1]), node_from_json(data[2], n_features),
                node_from_json(data[3], n_features), _num(data[4]))
    return _num(data)


def node_to_json(node: Node) -> Any:
    """The JSON form of a node."""
    if isinstance(node, tuple):
        f, t, left, right, v = node
        return [f, t, node_to_json(left), node_to_json(right), v]
    return node


def _expr(node: Node) -> str:
    """A tree as one nested conditional expression (its leaf's value for a row)."""
    if isinstance(node, tuple):
        f, t, left, right, _v = node
        return f"({_expr(left)} if x{f} <= {t!r} else {_expr(right)})"
    # A zero leaf adds -0.0, which leaves every float (-0.0 included) exactly as it was.
    return repr(node) if node else "-0.0"


#: Trees summed in one expression (a longer chain of additions nests the compiler deeper).
_TREES_PER_SUM = 50


def _sums(base: float, trees: Sequence[Node]) -> list[str]:
    """The running sum of a row's score: the values assigned to ``s`` in turn, one per chunk
    of :data:`_TREES_PER_SUM` trees added in tree order (none without trees)."""
    total = repr(float(base))
    out = []
    for k in range(0, len(trees), _TREES_PER_SUM):
        out.append(f"{total} + " + " + ".join(_expr(t) for t in trees[k:k + _TREES_PER_SUM]))
        total = "s"
    return out


def _result(base: float, sums: Sequence[str]) -> str:
    """A row's score once the ``sums`` have run."""
    return "s" if sums else repr(float(base))


def forest_key(base: float, trees: Sequence[Node], n_features: int) -> str:
    """A digest of the sums a forest compiles to: the compiled build (:func:`module_source`)
    finds a forest's native function by it."""
    text = "\n".join([str(n_features), repr(float(base)), *_sums(base, trees)])
    return hashlib.sha256(text.encode()).hexdigest()


def compile_batch(base: float, trees: Sequence[Node], n_features: int) -> BatchFn:
    """A function mapping rows to raw scores (log-odds), the trees inlined as nested
    conditional expressions added up in tree order."""
    names = ", ".join(f"x{k}" for k in range(n_features))
    sums = _sums(base, trees)
    src = ["def batch(rows):", "    out = []", "    append = out.append",
           f"    for {names}{',' if n_features == 1 else ''} in rows:"]
    src += [f"        s = {value}" for value in sums]
    src += [f"        append({_result(base, sums)})", "    return out"]
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(src), "<cleantext-forest>", "exec"), namespace)
    fn: BatchFn = namespace["batch"]
    return fn


def module_source(forests: Sequence[tuple[float, Sequence[Node], int]]) -> str:
    """A typed module of one function per forest ``(base, trees, n_features)``, the same
    sums as :func:`compile_batch` over ``float`` locals, and ``FORESTS``, the functions by
    :func:`forest_key`. The compiled build (``setup.py``) writes it for the shipped model and
    compiles it with mypyc, where the comparisons and the additions are of C doubles, in the
    same order, so the scores are the same floats."""
    src = ['"""The shipped model\'s forests for mypyc (generated by setup.py; do not edit)."""',
           "", "from __future__ import annotations", "",
           "from collections.abc import Callable, Sequence", ""]
    keys = []
    for i, (base, trees, n_features) in enumerate(forests):
        sums = _sums(base, trees)
        src += ["", f"def forest_{i}(rows: Sequence[Sequence[float]]) -> list[float]:",
                "    out: list[float] = []",
                "    for row in rows:",
                "        r = tuple(row)",
                f"        if len(r) != {n_features}:",
                f"            raise ValueError(f'a row of {{len(r)}} values, not {n_features}')"]
        src += [f"        x{k}: float = r[{k}]" for k in range(n_features)]
        src += [f"        s{': float' if j == 0 else ''} = {value}"
                for j, value in enumerate(sums)]
        src += [f"        out.append({_result(base, sums)})", "    return out", ""]
        keys.append(f"    {forest_key(base, trees, n_features)!r}: forest_{i},")
    src += ["", "FORESTS: dict[str, Callable[[Sequence[Sequence[float]]], list[float]]] = {",
            *keys, "}", ""]
    return "\n".join(src)


def is_compiled(module: ModuleType) -> bool:
    """Whether ``module`` was loaded from an extension module (compiled by the compiled build,
    setup.py with CLEANTEXT_COMPILE=1), not from its Python source."""
    return str(module.__file__).endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES))


@functools.cache
def _native() -> dict[str, BatchFn]:
    """The compiled build's forests by :func:`forest_key`: none in the pure-Python build,
    which runs the exec'd code even where a build left the generated source beside it."""
    try:
        module = importlib.import_module("cleantext.model._forests")
    except ImportError:
        return {}
    if not is_compiled(module):
        return {}
    found: dict[str, BatchFn] = module.FORESTS
    return found


def forest_parts(data: dict[str, Any], n_features: int) -> tuple[float, tuple[Node, ...]]:
    """The base and the trees of a forest's JSON form (validated)."""
    return _num(data["base"]), tuple(node_from_json(t, n_features) for t in data["trees"])


@dataclass(frozen=True)
class Forest:
    """Boosted trees over feature vectors of length ``n_features``."""

    base: float
    trees: tuple[Node, ...]
    n_features: int
    _batch: BatchFn = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        native = _native()
        fn = native.get(forest_key(self.base, self.trees, self.n_features)) if native else None
        object.__setattr__(self, "_batch",
                           fn or compile_batch(self.base, self.trees, self.n_features))

    @classmethod
    def from_dict(cls, data: dict[str, Any], n_features: int) -> Forest:
        """Build from the JSON structure :meth:`to_dict` writes."""
        base, trees = forest_parts(data, n_features)
        return cls(base, trees, n_features)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"base": self.base, "trees": [node_to_json(t) for t in self.trees]}

    def raw(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """Log-odds of each row (compiled code)."""
        return self._batch(rows)

    def proba(self, rows: Sequence[Sequence[float]]) -> list[float]:
        """P(positive) of each row."""
        return [sigmoid(z) for z in self._batch(rows)]

    def walk(self, row: Sequence[float]) -> float:
        """Log-odds of one row by walking the trees (reference implementation)."""
        s = self.base
        for node in self.trees:
            while isinstance(node, tuple):
                node = node[2] if row[node[0]] <= node[1] else node[3]
            s += node
        return s

    def contributions(self, row: Sequence[float], limit: int | None = None) -> dict[int, float]:
        """Per feature, its summed effect on the log-odds along the row's decision paths
        (through the first ``limit`` trees, which carry the largest steps of the boosting)."""
        out: dict[int, float] = {}
        for node in self.trees[:limit]:
            while isinstance(node, tuple):
                f, t, left, right, v = node
                child = left if row[f] <= t else right
                cv = child[4] if isinstance(child, tuple) else child
                out[f] = out.get(f, 0.0) + cv - v
                node = child
        return out
