"""What cleaning returns: the text, one decision per input line, and extracted metadata."""

from __future__ import annotations

from dataclasses import dataclass, field

#: Category of a kept line of article text.
CONTENT = "content"
#: Category of a blank line (kept as paragraph separation, or collapsed).
BLANK = "blank"


@dataclass(frozen=True)
class Decision:
    """What happened to one input line.

    Attributes:
        line_no: 1-based number of the line in the input.
        line: the line as it was in the input (without its line ending).
        kept: whether the line is in the output.
        category: ``content`` or ``blank`` for kept lines; for dropped lines the kind of chrome
            (``nav``, ``share``, ``ad``, ``image-credit``, ``caption``, ``byline``, ``dateline``,
            ``subscription``, ``comments``, ``author-bio``, ``related``, ``legal``, ...).
        reason: why: a rule id (``nav.skip-link``), ``model``, ``context``, ``repeat`` (a
            copy of a line kept elsewhere, or one of two copies printed back to back inside
            the article), ``structure:title``, ``learned:<source>``, ...
        score: the learned model's probability that the line is article text, when it ran.
        features: the model's strongest features for this line, as (name, contribution) pairs.
        output: the text written for the line when it differs from ``line`` (a mojibake fix or a
            stripped prefix); ``None`` when the line was written verbatim or dropped.
        notes: anything else worth knowing (a repaired encoding, a rule that timed out, ...).
    """

    line_no: int
    line: str
    kept: bool
    category: str
    reason: str
    score: float | None = None
    features: tuple[tuple[str, float], ...] = ()
    output: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Metadata:
    """Facts pulled from the dropped lines (bylines, datelines, credits, ...)."""

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    dates: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    #: The site's name (from the HTML, with :func:`cleantext.clean_html`).
    site_name: str | None = None

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict, without empty fields."""
        out: dict[str, object] = {}
        for name in ("title", "authors", "published", "modified", "dates", "categories", "credits",
                     "site_name"):
            value = getattr(self, name)
            if value:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out


@dataclass(frozen=True)
class Cleaned:
    """The result of :func:`cleantext.clean_and_explain`."""

    text: str
    decisions: tuple[Decision, ...]
    metadata: Metadata = field(default_factory=Metadata)
    problems: tuple[str, ...] = ()

    @property
    def dropped(self) -> tuple[Decision, ...]:
        """The decisions of the dropped non-blank lines."""
        return tuple(d for d in self.decisions if not d.kept and d.category != BLANK)

    @property
    def changed(self) -> bool:
        """Whether anything but blank-line collapsing changed."""
        return any((not d.kept and d.category != BLANK) or d.output is not None
                   for d in self.decisions)
