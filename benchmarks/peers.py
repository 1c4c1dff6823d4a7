"""The peers cleantext is measured against: each one an adapter from text (or HTML) to text.

* ``floor``: read, split into lines, join: the cost of touching every line and nothing else,
  and "no cleaning" for quality.
* ``C4``: datatrove's ``C4QualityFilter`` applied to one document's text (its line filters:
  terminal punctuation, at least 3 words, no "javascript", no cookie/policy phrases, citations
  removed; a page with "lorem ipsum" or a curly bracket is dropped whole, giving ""). The
  5-sentence page minimum is off (``min_num_sentences=-1``): it is a page filter, not a line
  filter, and its sentence splitter needs spaCy.
* ``jusText``: every non-blank line wrapped in ``<p>`` and classified by jusText with a
  language stoplist (English by default); the non-boilerplate paragraphs are kept.
* ``trafilatura``: ``trafilatura.extract`` on the page's HTML (comments excluded, as the gold
  excludes them).

The packages come from the ``bench`` extra (``pip install -e '.[bench]'``). A peer whose
package is missing is returned with ``run=None`` and a note saying what to install.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Peer:
    """One peer: its name, its input kind, the adapter (``None`` when unavailable) and a note."""

    name: str
    kind: str  # "text" or "html"
    run: Callable[[str], str] | None
    note: str = ""


def floor(text: str) -> str:
    """Split into lines and join them again: no cleaning."""
    return "\n".join(text.splitlines())


def _missing(name: str, kind: str, package: str, error: Exception) -> Peer:
    return Peer(name, kind, None,
                f"{name} skipped: cannot import {package} ({error}); "
                "install the bench extra: pip install -e '.[bench]'")


def c4_peer() -> Peer:
    """datatrove's C4 quality filter, line filters on (see the module docstring)."""
    try:
        from datatrove.data import Document
        from datatrove.pipeline.filters.c4_filters import C4QualityFilter
    except ImportError as e:
        return _missing("C4 (datatrove)", "text", "datatrove", e)
    c4 = C4QualityFilter(min_num_sentences=-1)

    def run(text: str) -> str:
        doc = Document(text=text, id="bench")
        verdict = c4.filter(doc)
        kept = verdict[0] if isinstance(verdict, tuple) else verdict
        return doc.text if kept else ""

    return Peer("C4 (datatrove)", "text", run)


def justext_peer(language: str = "English") -> Peer:
    """jusText on lines: each line one ``<p>``, paragraphs classified with ``language``."""
    try:
        import justext
        stoplist = justext.get_stoplist(language)
    except (ImportError, ValueError) as e:
        return _missing("jusText", "text", "justext", e)

    def run(text: str) -> str:
        paras = [f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip()]
        if not paras:
            return ""
        page = "<html><body>" + "".join(paras) + "</body></html>"
        return "\n".join(p.text for p in justext.justext(page, stoplist)
                         if not p.is_boilerplate)

    return Peer("jusText", "text", run)


def trafilatura_peer() -> Peer:
    """trafilatura's main-text extraction from HTML."""
    try:
        import trafilatura
    except ImportError as e:
        return _missing("trafilatura", "html", "trafilatura", e)

    def run(page: str) -> str:
        return trafilatura.extract(page, include_comments=False) or ""

    return Peer("trafilatura", "html", run)


def text_peers(language: str = "English") -> list[Peer]:
    """The peers that read text: floor, C4, jusText."""
    return [Peer("floor (split + join)", "text", floor), c4_peer(), justext_peer(language)]
