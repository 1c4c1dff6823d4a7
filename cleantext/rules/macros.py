"""Named sub-patterns that any rule pattern may use as ``{NAME}``.

They keep packs readable and the date and name shapes consistent across packs.
"""

from __future__ import annotations

import regex

_MONTHS_EN = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    "|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTHS_OTHER = (
    "januar|februar|märz|mai|juni|juli|oktober|dezember"  # de
    "|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"  # fr
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
    "|diciembre"  # es
    "|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|dicembre"  # it
    "|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro"  # pt
    "|januari|februari|maart|mei|augustus|maret|agustus|desember"  # nl, id
    "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"  # ru
)
MONTH = rf"(?:(?:{_MONTHS_EN}|{_MONTHS_OTHER})\.?)"
_DAY = r"(?:[0-3]?\d(?:st|nd|rd|th|\.)?)"
_YEAR = r"(?:1[89]\d\d|2[01]\d\d)"
DATE = (
    rf"(?:{_DAY}\s*(?:de\s+)?{MONTH},?\s*(?:de\s+)?{_YEAR}"  # 20th August 2015, 20. August 2015
    rf"|{MONTH}\s*{_DAY},?\s*{_YEAR}"  # August 20, 2015
    rf"|{_YEAR}-[01]\d-[0-3]\d"  # 2015-08-20
    rf"|[0-3]?\d[./][01]?\d[./]{_YEAR}"  # 20.08.2015, 20/08/2015
    rf"|[01]?\d/[0-3]?\d/{_YEAR})"  # 08/20/2015
)
TIME = r"(?:[0-2]?\d[:.h][0-5]\d(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|UTC|GMT)(?:[+-]\d+)?)?)"
# A machine timestamp (ISO 8601 with its time): 2019-11-19T12:48:14Z, 2019-11-19T12:48+01:00.
ISODATETIME = r"(?:\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)"
# A person's name as bylines write it: 1-4 capitalised words, initials allowed.
NAME = (
    r"(?:\p{Lu}[\p{L}'’.-]*"
    r"(?:\s+(?:van|von|de|der|da|di|la|le|bin|al)?\s*\p{Lu}[\p{L}'’.-]*){0,3})"
)

# A place as datelines and reporting credits write it: 1-4 capitalised words, maybe with a
# comma before a state or country ("Hong Kong", "Washington, D.C.", "Lagos, Nigeria").
PLACE = r"(?:\p{Lu}[\p{L}'’.-]*(?:,?\s+\p{Lu}[\p{L}'’.-]*){0,3})"

MACROS: dict[str, str] = {"MONTH": MONTH, "DATE": DATE, "TIME": TIME,
                          "ISODATETIME": ISODATETIME, "NAME": NAME, "PLACE": PLACE}
_MACRO_REF = regex.compile(r"\{(MONTH|DATE|TIME|ISODATETIME|NAME|PLACE)\}")


def expand(pattern: str) -> str:
    """Replace ``{DATE}``-style references with their sub-patterns."""
    expanded: str = _MACRO_REF.sub(lambda m: MACROS[m.group(1)], pattern)
    return expanded
