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

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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


def compile_batch(base: float, trees: Sequence[Node], n_features: int) -> BatchFn:
    """A function mapping rows to raw scores (log-odds), the trees inlined as nested
    conditional expressions added up in tree order."""
    names = ", ".join(f"x{k}" for k in range(n_features))
    src = ["def batch(rows):", "    out = []", "    append = out.append",
           f"    for {names}{',' if n_features == 1 else ''} in rows:"]
    total = repr(float(base))
    for k in range(0, len(trees), _TREES_PER_SUM):
        terms = " + ".join(_expr(tree) for tree in trees[k:k + _TREES_PER_SUM])
        src.append(f"        s = {total} + {terms}")
        total = "s"
    src += [f"        append({total})", "    return out"]
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(src), "<cleantext-forest>", "exec"), namespace)
    fn: BatchFn = namespace["batch"]
    return fn


@dataclass(frozen=True)
class Forest:
    """Boosted trees over feature vectors of length ``n_features``."""

    base: float
    trees: tuple[Node, ...]
    n_features: int
    _batch: BatchFn = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_batch", compile_batch(self.base, self.trees, self.n_features))

    @classmethod
    def from_dict(cls, data: dict[str, Any], n_features: int) -> Forest:
        """Build from the JSON structure :meth:`to_dict` writes."""
        trees = tuple(node_from_json(t, n_features) for t in data["trees"])
        return cls(_num(data["base"]), trees, n_features)

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
