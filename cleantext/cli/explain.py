"""``--explain``: one row per non-blank input line saying what happened to it and why."""

from __future__ import annotations

from collections.abc import Iterator

from cleantext.result import BLANK, Cleaned, Decision


def verdict(decision: Decision) -> str:
    """``keep``, ``drop`` or ``edit`` (kept with a changed text: a stripped prefix, a fix)."""
    if not decision.kept:
        return "drop"
    return "edit" if decision.output is not None else "keep"


def explain_rows(cleaned: Cleaned, line_offset: int = 0) -> Iterator[str]:
    """Rows like ``3: drop nav            nav.skip-link | Skip to main content``.

    The reason is a rule id, ``model`` (with the model's score ``p=0.12``), ``context``,
    ``structure:title``, ``default``, ... Problems (a rule that timed out) follow as
    ``problem:`` rows.
    """
    for d in cleaned.decisions:
        if d.category == BLANK:
            continue
        score = f" p={d.score:.2f}" if d.score is not None else ""
        line = d.line if d.output is None else f"{d.line}  =>  {d.output}"
        if d.reason.startswith("learned:") and d.notes:
            score = f" [{'; '.join(d.notes)}]"
        elif d.reason in ("context", "repeat") and not d.kept and d.notes:
            # which end of the article the line lies beyond, or that it was printed twice
            score += f" [{d.notes[-1]}]"
        yield f"{d.line_no + line_offset}: {verdict(d)} {d.category:<13} {d.reason}{score} | {line}"
    for problem in cleaned.problems:
        yield f"problem: {problem}"
