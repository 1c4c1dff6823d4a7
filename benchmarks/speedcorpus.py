"""A deterministic synthetic speed corpus: news-like documents with site chrome and mojibake.

Every document has a headline, a byline with a date, 4-30 paragraphs of news-like prose (built
from a word list and sentence templates, with curly quotes, dashes and accented names), and
chrome lines drawn from a list of realistic ones (skip-links, menus, "Share", "Advertisement",
image credits, "Read more" teasers, newsletter blurbs, copyright lines) before, inside and after
the article. About 5% of the non-blank lines carry mojibake: the line's UTF-8 bytes decoded as
Windows-1252 (undefined bytes as Latin-1, as in real scraped text), so "café" becomes "cafÃ©" and
a curly apostrophe "â€™".

The same ``(megabytes, seed)`` always gives the same documents (``random.Random(seed)``, no
other source of randomness). :func:`cached_corpus` writes them once as JSONL under a cache
folder (default ``~/.cache/cleantext-bench``) and reads them back on later runs.

    python -m benchmarks.speedcorpus --mb 50 OUT.jsonl
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path

#: Bump when the generator changes, so cached corpora of an older generator are not reused.
VERSION = 1

MOJIBAKE_RATE = 0.05

_WORD_TEXT = """
the of and to in a is that for on was with he it as at by his said from are be this have an
they which not or has but had were their been its one who after more new would year also
people two first government police minister there when than over into last about year
other some could million percent state city officials week may told while home where before
between under since such police report country security said court law group during three
including company market president national public former support still during according
money health plan agency council foreign border officers centre command control smugglers
ferry port migrants talks agreement deal share prices economy growth bank rates inflation
election vote party leader campaign voters parliament committee inquiry evidence judge trial
hospital patients doctors staff service funding schools teachers students university research
climate energy power emissions weather storm flood rain fire crews residents village town
investors shares profit quarter sales workers union strike pay talks industry factory jobs
"""
_WORDS = _WORD_TEXT.split()

_NAMES = ["Theresa May", "Bernard Cazeneuve", "José Álvarez", "Zoë Brennan", "François Hollande",
          "Søren Nielsen", "Ana Müller", "Chloé Dubois", "Renée Zellweger", "Łukasz Nowak",
          "Jane Smith", "David Cameron", "Angela Merkel", "Nuño Pérez", "Björn Larsson"]
_PLACES = ["Calais", "Paris", "Zürich", "Kraków", "São Paulo", "Montréal", "Dover", "London",
           "Brussels", "Malmö", "Reykjavík", "Lyon", "Berlin", "Málaga", "Geneva"]
_ORGS = ["the Home Office", "the European Commission", "the Police Federation", "Eurotunnel",
         "the Ministry of the Interior", "the Bank of England", "Médecins Sans Frontières",
         "the United Nations", "the Fédération Française", "the Met Office"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]

_TEMPLATES = [
    "{s}.",
    "{s}, {name} said on {day}.",
    "“{s},” said {name}, a spokesperson for {org}.",
    "{s} — the first such move since {year}.",
    "In {place}, {s2}.",
    "{name} told reporters in {place} that {s2}.",
    "{s}, according to figures published by {org}.",
    "“We’re not going to {w} the {w2},” {name} said.",
    "{s}; {s2}.",
    "The {w} would cost about €{n} million, {org} said.",
]

_HEAD_CHROME = [
    "Skip to main content", "Skip to navigation", "Menu", "Search", "Sign in", "Subscribe",
    "Home", "News", "World", "UK", "Business", "Politics", "Sport", "Culture", "Opinion",
    "Live", "Toggle menu", "Log in / Register", "Accessibility links", "Topics",
]
_BODY_CHROME = [
    "Advertisement", "Share", "Share this article", "Tweet", "Email", "Print",
    "Image: Reuters/{name}", "Image caption: {place} on {day}", "Photo: AFP / Getty Images",
    "Read more: {headline}", "Related: {headline}", "Story continues below advertisement",
    "Click here to see more", "Watch: {headline}", "(Image: PA)", "Copyright: dpa",
]
_FOOT_CHROME = [
    "Share", "Share on Facebook", "Share on Twitter", "Comments", "Read more",
    "Sign up for our daily newsletter and get the best stories in your inbox every morning.",
    "Newsletter: The morning briefing — everything you need to know, free.",
    "© {year} {publisher}. All rights reserved.", "Terms of use | Privacy policy | Cookies",
    "Follow us on Facebook, Twitter and Instagram", "More from {publisher}",
    "Topics: {w} · {w2} · {place}", "About the author", "Most read", "Back to top",
]
_PUBLISHERS = ["The Daily Courier", "Reuters", "Le Monde Éditions", "News Group Ltd",
               "Deutsche Welle", "The Herald", "Global News Network"]


def _sloppy_cp1252() -> list[str]:
    """Byte -> character as Windows-1252 decodes it, undefined bytes as Latin-1."""
    table = []
    for b in range(256):
        try:
            table.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            table.append(chr(b))
    return table


def garble(line: str, table: list[str]) -> str:
    """The mojibake of ``line``: its UTF-8 bytes read as Windows-1252."""
    return "".join(table[b] for b in line.encode("utf-8"))


class _Writer:
    """One generator's state: the seeded random source and the decode table."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.table = _sloppy_cp1252()

    def _fill(self, template: str) -> str:
        r = self.rng
        return template.format(
            s=self._clause(), s2=self._clause().lower(), name=r.choice(_NAMES),
            day=r.choice(_DAYS), org=r.choice(_ORGS), place=r.choice(_PLACES),
            year=r.randint(1990, 2024), w=r.choice(_WORDS), w2=r.choice(_WORDS),
            n=r.randint(2, 900), headline=self._headline(), publisher=r.choice(_PUBLISHERS))

    def _clause(self) -> str:
        words = self.rng.choices(_WORDS, k=self.rng.randint(6, 22))
        return " ".join(words).capitalize()

    def _headline(self) -> str:
        r = self.rng
        words = r.choices(_WORDS, k=r.randint(4, 9))
        words[0] = words[0].capitalize()
        words.insert(r.randrange(1, len(words)), r.choice(_PLACES))
        return " ".join(words)

    def _paragraph(self) -> str:
        r = self.rng
        return " ".join(self._fill(r.choice(_TEMPLATES)) for _ in range(r.randint(1, 5)))

    def _byline(self) -> str:
        r = self.rng
        date = f"{r.randint(1, 28)} {r.choice(_MONTHS)} {r.randint(2015, 2024)}"
        return r.choice([f"By {r.choice(_NAMES)} | {date}", f"{date} — {r.choice(_NAMES)}",
                         f"By {r.choice(_NAMES)}, {r.choice(_PLACES)} correspondent",
                         f"Published {r.choice(_DAYS)} {date}, updated {r.randint(1, 12)}:"
                         f"{r.randint(10, 59)} GMT"])

    def _mojibake(self, line: str) -> str:
        if line.isascii():
            line = f"{line} “{self.rng.choice(_NAMES)}’s café”"
        return garble(line, self.table)

    def document(self) -> str:
        """One document: chrome, headline, byline, paragraphs with chrome, footer chrome."""
        r = self.rng
        lines: list[str] = []
        lines += r.sample(_HEAD_CHROME, r.randint(0, 8))
        lines += [self._headline(), self._byline(), ""]
        for _ in range(r.randint(4, 30)):
            lines += [self._paragraph(), ""]
            if r.random() < 0.25:
                lines += [self._fill(r.choice(_BODY_CHROME)), ""]
        lines += [self._fill(c) for c in r.sample(_FOOT_CHROME, r.randint(1, 7))]
        return "\n".join(self._mojibake(x) if x and r.random() < MOJIBAKE_RATE else x
                         for x in lines) + "\n"


def generate(megabytes: float, seed: int = 0) -> Iterator[str]:
    """Documents until their UTF-8 size reaches ``megabytes`` MB (10**6 bytes)."""
    writer = _Writer(seed)
    target = megabytes * 1e6
    size = 0
    while size < target:
        doc = writer.document()
        size += len(doc.encode("utf-8"))
        yield doc


def default_cache() -> Path:
    """``$XDG_CACHE_HOME/cleantext-bench`` (``~/.cache/cleantext-bench`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cleantext-bench"


def write_jsonl(docs: Iterator[str] | list[str], path: Path) -> None:
    """Write one ``{"id", "text"}`` record per document (atomically: a temp file, renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        for i, doc in enumerate(docs):
            f.write(json.dumps({"id": i, "text": doc}, ensure_ascii=False) + "\n")
    tmp.replace(path)


def read_jsonl(path: Path) -> list[str]:
    """The ``text`` fields of a JSONL file."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def cached_corpus(megabytes: float, seed: int = 0, cache: Path | None = None) -> Path:
    """The JSONL file of ``generate(megabytes, seed)``, generated on first use."""
    folder = cache if cache is not None else default_cache()
    path = folder / f"speed-v{VERSION}-seed{seed}-{megabytes:g}mb.jsonl"
    if not path.exists():
        write_jsonl(generate(megabytes, seed), path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speedcorpus",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="JSONL file to write")
    parser.add_argument("--mb", type=float, default=50.0, help="size in MB (default 50)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_jsonl(generate(args.mb, args.seed), args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
