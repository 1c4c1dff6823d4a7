"""The one configuration object of cleantext.

A :class:`Config` is immutable and hashable, so the rules, model and profile it names are
compiled once per distinct configuration and reused for every document cleaned with it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Preset = Literal["precision", "balanced", "recall"]
ContextMode = Literal["stacked", "viterbi", "hmm", "neighbours", "gap", "none"]

PRESETS: tuple[str, ...] = ("precision", "balanced", "recall")
CONTEXT_MODES: tuple[str, ...] = ("stacked", "viterbi", "hmm", "neighbours", "gap", "none")


@dataclass(frozen=True)
class Config:
    """How to clean. Every field has a default that suits news text.

    Attributes:
        rule_packs: extra TOML rule packs (paths) loaded after the shipped ones.
        disabled_rules: rule ids to switch off (shipped or user rules alike).
        builtin_rules: load the rule packs shipped in the package.
        fix_mojibake: repair mojibake with ftfy (only lines that could be mojibake are tried).
        preset: the model's threshold. ``balanced`` is the best out-of-fold F1 on the
            training pages that keeps macro recall 0.97 in each rendering; ``precision`` drops
            more (the most precise threshold that keeps recall 0.95), ``recall`` keeps more
            (the best F1 at recall 0.985). The model file records each one's scores.
        use_model: let the learned line model decide lines no rule decided.
        model_path: a model JSON written by ``cleantext train``; ``None`` uses the shipped one.
        context: how the model's calls are revised from their neighbours: ``gap`` (default)
            starts the article after the last run of dropped lines before its main block of
            text and ends it at the first run after it (outside, only lines the model is
            sure of stay, and the main prose block's lines before it), or at a comment-section
            heading after the article's text, after which none does; ``hmm``, ``viterbi``,
            ``neighbours`` and ``stacked`` smooth the scores; ``none`` takes each line alone.
        profile_path: a learned source profile (``cleantext learn``); ``None`` for none.
        source: the source (site) of the document, used to look up the profile.
        rule_timeout: seconds one rule may spend on one line before it is abandoned and reported.
    """

    rule_packs: tuple[Path, ...] = ()
    disabled_rules: frozenset[str] = frozenset()
    builtin_rules: bool = True
    fix_mojibake: bool = True
    preset: Preset = "balanced"
    use_model: bool = True
    model_path: Path | None = None
    context: ContextMode = "gap"
    profile_path: Path | None = None
    source: str | None = None
    rule_timeout: float = 0.05

    def __post_init__(self) -> None:
        # Accept friendly input types but store hashable, canonical ones.
        packs = tuple(Path(p) for p in self.rule_packs)
        object.__setattr__(self, "rule_packs", packs)
        object.__setattr__(self, "disabled_rules", frozenset(self.disabled_rules))
        if self.model_path is not None:
            object.__setattr__(self, "model_path", Path(self.model_path))
        if self.profile_path is not None:
            object.__setattr__(self, "profile_path", Path(self.profile_path))
        if self.preset not in PRESETS:
            raise ValueError(f"preset must be one of {', '.join(PRESETS)}, not {self.preset!r}")
        if self.context not in CONTEXT_MODES:
            raise ValueError(
                f"context must be one of {', '.join(CONTEXT_MODES)}, not {self.context!r}"
            )
        if not self.rule_timeout > 0:
            raise ValueError(f"rule_timeout must be positive, not {self.rule_timeout!r}")

    def replace(self, **changes: object) -> Config:
        """Return a copy with some fields changed (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @property
    def engine_key(self) -> tuple[object, ...]:
        """The fields that decide what gets compiled (everything but the per-document source)."""
        return (
            self.rule_packs,
            self.disabled_rules,
            self.builtin_rules,
            self.fix_mojibake,
            self.preset,
            self.use_model,
            self.model_path,
            self.context,
            self.profile_path,
            self.rule_timeout,
        )
