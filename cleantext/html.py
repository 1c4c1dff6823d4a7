"""HTML in, clean article out: trafilatura finds the main text, cleantext cleans what it returns.

Needs the ``html`` extra (``pip install 'cleantext-news[html]'``); this module imports
trafilatura only when a page is cleaned, so it can be imported without it.

How a page is cleaned (:func:`clean_html`):

1. trafilatura reads the page twice: once tuned for recall (``favor_recall``, comments off,
   tables on), whose text is what gets cleaned, and once tuned for precision
   (``favor_precision``), whose lines are trafilatura's own stricter reading of the article.
   The page's headline (trafilatura's title) is put first, as cleantext keeps the title.
2. cleantext cleans the recall text. Its rules apply to every line; its learned line model only
   decides the lines trafilatura's precise reading left out (a line the model would drop but
   that both readings kept stays, with reason ``trafilatura:precise``). The model, trained on
   whole-page renderings, costs recall when it judges every line of text that is already
   mostly article; on the recall-only lines it helps (measured, in and out of sample, in
   ``benchmarks/html_quality.py``).
3. When trafilatura finds nothing, the whole page is rendered to text (one block a line, see
   :mod:`cleantext.htmltext`) and cleantext does all the work; ``Cleaned.problems`` says so.

Metadata comes from both: trafilatura's title, authors, date, site name and categories, with
the gaps filled (and lists extended) from what cleantext pulled out of the dropped lines.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from types import ModuleType
from typing import Any

import regex

from cleantext import lines as _lines
from cleantext.cleaner import Cleaner, get_cleaner
from cleantext.config import Config
from cleantext.htmltext import render
from cleantext.metadata import merge, parse_date
from cleantext.mojibake import fix_lines
from cleantext.result import CONTENT, Cleaned, Decision, Metadata

INSTALL_HINT = "pip install 'cleantext-news[html]'"

#: trafilatura's settings for the text that is cleaned (chosen for recall) ...
RECALL_SETTINGS: dict[str, Any] = {
    "output_format": "txt", "include_comments": False, "include_tables": True,
    "favor_recall": True,
}
#: ... and for its precise reading, whose lines the model may not drop.
PRECISION_SETTINGS: dict[str, Any] = {
    "output_format": "txt", "include_comments": False, "include_tables": True,
    "favor_precision": True,
}

#: Reason of a line the model would have dropped but trafilatura's precise reading kept.
PRECISE_REASON = "trafilatura:precise"
FALLBACK_NOTE = ("trafilatura found no main text; the whole page was rendered to text and "
                 "cleaned")

_ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")


def trafilatura_module() -> ModuleType:
    """trafilatura, imported now; a clear ImportError naming the extra when it is missing."""
    try:
        # by name, so that type-checking this module needs no trafilatura (the compiled
        # build's environment has none)
        return importlib.import_module("trafilatura")
    except ImportError as exc:
        raise ImportError(
            "cleantext.clean_html needs trafilatura, which is not installed; "
            f"install the html extra: {INSTALL_HINT}") from exc


@dataclass(frozen=True)
class Extraction:
    """What trafilatura made of one page.

    Attributes:
        text: the text to clean: trafilatura's recall reading with the headline first, or the
            whole page rendered to text when trafilatura found nothing.
        precise: the (stripped) lines of trafilatura's precise reading, headline included;
            empty for a fallback or when that reading found nothing (the model then decides
            every line no rule decided).
        metadata: trafilatura's title, authors, date, site name and categories.
        fallback: whether trafilatura found nothing and ``text`` is the whole page.
    """

    text: str
    precise: frozenset[str]
    metadata: Metadata
    fallback: bool = False


def with_title(text: str, title: str | None) -> str:
    """``text`` with ``title`` as its first line (unless it already starts with it)."""
    if not title:
        return text
    first = text.lstrip().split("\n", 1)[0].strip()
    if first == title:
        return text
    return f"{title}\n{text}"


def _metadata(doc: Any) -> Metadata:
    """cleantext metadata from a trafilatura ``Document`` (``None``: empty)."""
    if doc is None:
        return Metadata()
    authors = tuple(a.strip() for a in (getattr(doc, "author", None) or "").split(";")
                    if a.strip())
    raw_date = (getattr(doc, "date", None) or "").strip()
    date = raw_date[:10] if _ISO_DATE.match(raw_date) else parse_date(raw_date)
    categories = tuple(c.strip() for c in (getattr(doc, "categories", None) or ())
                       if isinstance(c, str) and c.strip())
    title = (getattr(doc, "title", None) or "").strip() or None
    site = (getattr(doc, "sitename", None) or "").strip() or None
    return Metadata(title=title, authors=authors, published=date,
                    dates=(date,) if date else (), categories=categories, site_name=site)


def extract(html: str | bytes, *, url: str | None = None) -> Extraction:
    """Run trafilatura on a page (both readings and the metadata); see :class:`Extraction`."""
    traf = trafilatura_module()
    recall = traf.extract(html, url=url, **RECALL_SETTINGS)
    meta = _metadata(traf.extract_metadata(html, default_url=url))
    if not recall or not recall.strip():
        page = html if isinstance(html, str) else html.decode("utf-8", errors="replace")
        return Extraction(render(page), frozenset(), meta, fallback=True)
    precise_text = traf.extract(html, url=url, **PRECISION_SETTINGS) or ""
    precise = {line.strip() for line in precise_text.split("\n") if line.strip()}
    if precise and meta.title:
        precise.add(meta.title)
    text = with_title(recall, meta.title)
    return Extraction(text if text.endswith("\n") else text + "\n", frozenset(precise), meta)


def clean_extraction(extraction: Extraction, cleaner: Cleaner) -> Cleaned:
    """Clean an :class:`Extraction`'s text with ``cleaner``; the model may not drop a line of
    trafilatura's precise reading; metadata merged from both."""
    cleaned = cleaner.explain(extraction.text)
    problems = cleaned.problems + ((FALLBACK_NOTE,) if extraction.fallback else ())
    metadata = merge(extraction.metadata, cleaned.metadata)
    restore = [d for d in cleaned.decisions
               if not d.kept and d.reason in ("model", "context")
               and d.line.strip() in extraction.precise]
    if not restore:
        return replace(cleaned, metadata=metadata, problems=problems)
    doc = _lines.split(extraction.text)
    fixed: dict[int, str] = {}
    if cleaner.config.fix_mojibake:
        texts, notes = fix_lines([d.line for d in restore])
        fixed = {restore[i].line_no: texts[i] for i in notes}
    restored = {d.line_no: Decision(d.line_no, d.line, True, CONTENT, PRECISE_REASON,
                                    score=d.score, output=fixed.get(d.line_no))
                for d in restore}
    decisions = tuple(restored.get(d.line_no, d) for d in cleaned.decisions)
    kept = [d.kept for d in decisions]
    texts_out = [d.output if d.output is not None else d.line for d in decisions]
    text = _lines.join(doc, kept, texts_out)
    return Cleaned(text, decisions, metadata, problems)


def clean_html(html: str | bytes, *, url: str | None = None,
               config: Config | None = None) -> Cleaned:
    """Clean one HTML page: trafilatura extracts the main text, cleantext cleans it.

    ``url`` helps trafilatura (and its metadata); ``config`` is the cleaning configuration
    (default ``Config()``). Raises ``ImportError`` naming the ``html`` extra when trafilatura
    is not installed.

    >>> clean_html("<html><body><article><p>...</p></article></body></html>")  # doctest: +SKIP
    """
    return clean_extraction(extract(html, url=url), get_cleaner(config))
