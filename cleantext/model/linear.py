"""The line model: logistic regression over :mod:`cleantext.model.features`, from JSON.

Inference is a dot product per line (pure Python). :meth:`LineModel.decide` runs the model and
the context pass over one document and returns a :class:`LineCall` for each line the rules
left open.
"""

from __future__ import annotations

import json
import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cleantext.model import context as _context
from cleantext.model.features import DROP, FEATURE_NAMES, FREE, KEEP, extract

FORMAT = "cleantext-line-model"
#: Probability given to lines the rules decided, for the context pass.
RULE_KEEP_SCORE = 0.995
RULE_DROP_SCORE = 0.02
_TOP_FEATURES = 4


@dataclass(frozen=True)
class LineCall:
    """The model's call on one line the rules left open."""

    kept: bool
    score: float
    reason: str  # "model" or "context"
    category: str
    features: tuple[tuple[str, float], ...]


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class LineModel:
    """Weights and context parameters of a trained model (see :func:`load_model`)."""

    weights: tuple[float, ...]
    intercept: float
    means: tuple[float, ...]
    thresholds: dict[str, dict[str, float]]
    trans: tuple[tuple[float, float], tuple[float, float]]
    start: tuple[float, float]
    prior: float
    alpha: float
    band: tuple[float, float]
    meta: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        """Build from the JSON structure :meth:`to_dict` writes."""
        if data.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file")
        names = tuple(data["features"])
        if names != FEATURE_NAMES:
            raise ValueError("model was trained with a different feature set; retrain it")
        ctx = data["context"]
        t = ctx["transitions"]
        return cls(
            weights=tuple(float(w) for w in data["weights"]),
            intercept=float(data["intercept"]),
            means=tuple(float(x) for x in data["means"]),
            thresholds={mode: {k: float(v) for k, v in per.items()}
                        for mode, per in data["thresholds"].items()},
            trans=((float(t[0][0]), float(t[0][1])), (float(t[1][0]), float(t[1][1]))),
            start=(float(ctx["start"][0]), float(ctx["start"][1])),
            prior=float(ctx["prior"]),
            alpha=float(ctx["alpha"]),
            band=(float(ctx["band"][0]), float(ctx["band"][1])),
            meta=dict(data.get("training", {})),
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (plain data only)."""
        return {
            "format": FORMAT,
            "version": 1,
            "features": list(FEATURE_NAMES),
            "weights": list(self.weights),
            "intercept": self.intercept,
            "means": list(self.means),
            "thresholds": {mode: dict(per) for mode, per in self.thresholds.items()},
            "context": {
                "transitions": [list(self.trans[0]), list(self.trans[1])],
                "start": list(self.start),
                "prior": self.prior,
                "alpha": self.alpha,
                "band": list(self.band),
            },
            "training": self.meta,
        }

    def save(self, path: Path) -> None:
        """Write the model as JSON."""
        path.write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")

    def threshold(self, mode: str, preset: str) -> float:
        """The P(content) threshold of a context mode and preset (0.5 when not tuned)."""
        return self.thresholds.get(mode, {}).get(preset, 0.5)

    def score(self, row: Sequence[float]) -> float:
        """P(content) of one feature vector."""
        return _sigmoid(self.intercept + sum(map(operator.mul, self.weights, row)))

    def explain_row(self, row: Sequence[float]) -> tuple[tuple[str, float], ...]:
        """The strongest contributions ``w * (x - mean)`` to the log-odds, largest first."""
        contrib = [(FEATURE_NAMES[k], w * (x - mu))
                   for k, (w, x, mu) in enumerate(zip(self.weights, row, self.means, strict=False))]
        contrib.sort(key=lambda c: -abs(c[1]))
        return tuple((name, round(v, 3)) for name, v in contrib[:_TOP_FEATURES])

    def sequence_scores(self, rows: Sequence[Sequence[float]], stat: Sequence[int]) -> list[float]:
        """Per non-blank line: the model's score, or a fixed score for rule-decided lines."""
        out = []
        for row, s in zip(rows, stat, strict=False):
            if s == KEEP:
                out.append(RULE_KEEP_SCORE)
            elif s == DROP:
                out.append(RULE_DROP_SCORE)
            else:
                out.append(self.score(row))
        return out

    def revise(self, scores: Sequence[float], mode: str, threshold: float) -> list[bool]:
        """Keep/drop per line after the context pass ``mode``."""
        if mode == "none":
            return [s >= threshold for s in scores]
        if mode == "neighbours":
            return [s >= threshold for s in _context.neighbours(scores, *self.band)]
        if mode == "hmm":
            post = _context.posteriors(scores, self.trans, self.start, self.prior, self.alpha)
            return [s >= threshold for s in post]
        if mode == "viterbi":
            bias = math.log(0.5 / (1 - 0.5)) - math.log(threshold / (1.0 - threshold))
            return _context.viterbi(scores, self.trans, self.start, self.prior, self.alpha,
                                    bias)
        raise ValueError(f"unknown context mode {mode!r}")

    def decide(self, norm: Sequence[str], raw: Sequence[str], status: Sequence[int],
               is_prose: Sequence[bool], title: int | None, preset: str,
               mode: str) -> dict[int, LineCall]:
        """Calls for the ``FREE`` lines of one document, keyed by line index."""
        idx, rows = extract(norm, raw, status, is_prose, title)
        stat = [status[i] for i in idx]
        scores = self.sequence_scores(rows, stat)
        threshold = self.threshold(mode, preset)
        final = self.revise(scores, mode, threshold)
        m = len(idx)
        calls: dict[int, LineCall] = {}
        for j, i in enumerate(idx):
            if stat[j] != FREE:
                continue
            alone = scores[j] >= threshold
            kept = final[j]
            reason = "model" if kept == alone else "context"
            feats = self.explain_row(rows[j]) if not kept else ()
            cat = "content" if kept else _category(norm[i], rows[j], j, m)
            calls[i] = LineCall(kept, round(scores[j], 4), reason, cat, feats)
        return calls


_F = {name: k for k, name in enumerate(FEATURE_NAMES)}


def _category(line: str, row: Sequence[float], j: int, m: int) -> str:
    """A guess at the kind of chrome a dropped line is."""
    low = line.lower()
    if low.startswith("by ") or low.startswith("von ") or low.startswith("par "):
        return "byline"
    if row[_F["copyright"]]:
        return "legal"
    if row[_F["url"]] or row[_F["handle"]]:
        return "share"
    if (row[_F["date"]] or row[_F["month_word"]] or row[_F["time"]]) and row[_F["words"]] < 0.6:
        return "dateline"
    if row[_F["after_block"]] > 0:
        return "related" if row[_F["words"]] > 0.45 else "footer"
    if row[_F["before_block"]] > 0 or row[_F["list_item"]] or row[_F["short"]]:
        return "nav"
    return "boilerplate"


def load_model(path: Path | None = None) -> LineModel:
    """Load a model JSON; ``None`` loads the one shipped in the package."""
    if path is None:
        text = resources.files("cleantext.model").joinpath("default.json").read_text("utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("model JSON must be an object")
    return LineModel.from_dict(data)
