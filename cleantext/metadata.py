"""Pulling metadata (authors, dates, categories, credits) out of dropped lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from cleantext.result import Metadata
from cleantext.rules.macros import DATE

_DATE_RE = regex.compile(DATE, regex.V1 | regex.IGNORECASE)
_MONTH_NUMBERS = {
    # en
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # de, fr, es, it, pt (full forms; English prefixes above catch many of the rest)
    "januar": 1, "februar": 2, "märz": 3, "mai": 5, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12, "janvier": 1, "février": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "août": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "enero": 1,
    "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12, "gennaio": 1,
    "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
    "ottobre": 10, "dicembre": 12, "janeiro": 1, "fevereiro": 2, "março": 3, "maio": 5,
    "junho": 6, "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
}
_PARTS = regex.compile(r"\d+|\p{L}+", regex.V1)
_CATEGORY_SPLIT = regex.compile(r"\s*(?:[,|·•/]|\s-\s)\s*", regex.V1)


def _month(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return _MONTH_NUMBERS.get(w) or _MONTH_NUMBERS.get(w[:3])


def parse_date(text: str) -> str | None:
    """An ISO ``YYYY-MM-DD`` for the first date in ``text``, or ``None``."""
    m = _DATE_RE.search(text)
    if not m:
        return None
    parts = _PARTS.findall(m.group(0))
    numbers = [int(p) for p in parts if p.isdigit()]
    words = [p for p in parts if not p.isdigit()]
    month = next((mm for mm in (_month(w) for w in words) if mm), None)
    year = next((n for n in numbers if n >= 1800), None)
    if year is None:
        return None
    rest = [n for n in numbers if n < 1800]
    if month is not None:
        if not rest:
            return None
        day = rest[0]
    elif len(rest) == 2:
        a, b = rest
        if m.group(0).startswith(str(year)):  # ISO y-m-d
            month, day = a, b
        elif a > 12:  # d/m/y
            day, month = a, b
        elif b > 12:  # m/d/y
            month, day = a, b
        else:  # d.m.y is the more common reading outside the US; "/" stays ambiguous
            if "/" in m.group(0):
                return None
            day, month = a, b
    else:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def all_dates(text: str) -> list[str]:
    """Every date in ``text``, as ISO strings, in order."""
    out = []
    for m in _DATE_RE.finditer(text):
        iso = parse_date(m.group(0))
        if iso:
            out.append(iso)
    return out


@dataclass
class MetadataBuilder:
    """Collects metadata while a document is cleaned; :meth:`build` freezes it."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    dates: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)

    def add_groups(self, groups: dict[str, str | None], line: str, category: str) -> None:
        """Record a dropped line's named groups (and dates, for bylines and datelines)."""
        author = (groups.get("author") or "").strip(" ,;|·-")
        if author:
            _add(self.authors, author)
        for key in ("published", "date"):
            iso = parse_date(groups.get(key) or "")
            if iso and self.published is None:
                self.published = iso
            if iso:
                _add(self.dates, iso)
        iso = parse_date(groups.get("modified") or "")
        if iso:
            self.modified = self.modified or iso
            _add(self.dates, iso)
        cats = groups.get("categories") or ""
        for cat in _CATEGORY_SPLIT.split(cats.strip()):
            cat = cat.strip(" .,;")
            if cat and len(cat) <= 60:
                _add(self.categories, cat)
        credit = (groups.get("credit") or "").strip()
        if credit:
            _add(self.credits, credit)
        title = (groups.get("title") or "").strip()
        if title and self.title is None:
            self.title = title
        if category in ("byline", "dateline") and not any(
            groups.get(k) for k in ("published", "date", "modified")
        ):
            for iso in all_dates(line):
                if self.published is None:
                    self.published = iso
                _add(self.dates, iso)

    def build(self) -> Metadata:
        return Metadata(
            title=self.title,
            authors=tuple(self.authors),
            published=self.published,
            modified=self.modified,
            dates=tuple(self.dates),
            categories=tuple(self.categories),
            credits=tuple(self.credits),
        )


def _add(items: list[str], value: str) -> None:
    if value not in items:
        items.append(value)


def merge(first: Metadata, second: Metadata) -> Metadata:
    """``first`` with the gaps filled from ``second`` (lists are unioned, in order)."""

    def union(a: Iterable[str], b: Iterable[str]) -> tuple[str, ...]:
        out: list[str] = []
        for v in (*a, *b):
            _add(out, v)
        return tuple(out)

    return Metadata(
        title=first.title or second.title,
        authors=union(first.authors, second.authors),
        published=first.published or second.published,
        modified=first.modified or second.modified,
        dates=union(first.dates, second.dates),
        categories=union(first.categories, second.categories),
        credits=union(first.credits, second.credits),
        site_name=first.site_name or second.site_name,
    )
