"""trafilatura alone vs trafilatura + cleantext, on the same HTML pages, with the same scorer.

    python -m benchmarks.html_quality HTML_DIR GOLD_DIR [--pairs-out DIR]

``HTML_DIR`` holds ``<id>.html``; ``GOLD_DIR`` holds ``<id>.gold.txt`` (headline on line 1,
then the article). Every system's text starts with trafilatura's title of the page (what
:func:`cleantext.clean_html` does), so the title is never what tells two rows apart. Prints a
Markdown table of token precision/recall/F1 (``benchmarks.score``), macro and micro, with the
wall time of each system over all pages (trafilatura's runs included). ``--pairs-out`` also
writes trafilatura's recall text as ``<id>.txt`` next to a copy of ``<id>.gold.txt``: a pair
folder for ``cleantext train``.

Needs the ``html`` extra (``pip install -e '.[html]'``).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.score import score_pairs
from cleantext.cleaner import Cleaner
from cleantext.config import Config
from cleantext.html import (
    HTML_CONFIG,
    PRECISION_SETTINGS,
    RECALL_SETTINGS,
    Extraction,
    clean_extraction,
    extract,
    trafilatura_module,
    with_title,
)

#: trafilatura's defaults with comments off (the issue's "trafilatura alone").
DEFAULT_SETTINGS: dict[str, Any] = {"output_format": "txt", "include_comments": False,
                                    "include_tables": True}


class _Page:
    """One page: its HTML, gold, cleantext's extraction and trafilatura's three readings."""

    def __init__(self, name: str, html: str, gold: str) -> None:
        self.name, self.html, self.gold = name, html, gold
        self.texts: dict[str, str] = {}
        self.extraction: Extraction | None = None


def _load(html_dir: Path, gold_dir: Path) -> list[_Page]:
    pages = []
    for gold_path in sorted(gold_dir.glob("*.gold.txt")):
        name = gold_path.name[: -len(".gold.txt")]
        html_path = html_dir / f"{name}.html"
        if html_path.exists():
            pages.append(_Page(name, html_path.read_text(encoding="utf-8"),
                               gold_path.read_text(encoding="utf-8")))
    return pages


def _row(name: str, pairs: list[tuple[str, str]], seconds: float) -> dict[str, Any]:
    s = score_pairs(pairs)
    return {"name": name, "P_macro": s.macro_p, "R_macro": s.macro_r, "F1_macro": s.macro_f1,
            "P_micro": s.micro_p, "R_micro": s.micro_r, "F1_micro": s.micro_f1,
            "docs": s.docs, "seconds": seconds}


def html_rows(html_dir: Path, gold_dir: Path) -> list[dict[str, Any]]:
    """Score trafilatura alone and trafilatura + cleantext on the pages of ``html_dir`` that
    have a gold in ``gold_dir``; one dict per system (name, P/R/F1 macro and micro, docs,
    seconds)."""
    traf = trafilatura_module()
    pages = _load(html_dir, gold_dir)
    timing: dict[str, float] = {}

    def timed(key: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        out = fn()
        timing[key] = timing.get(key, 0.0) + time.perf_counter() - t0
        return out

    for page in pages:
        meta = timed("meta", lambda p=page: traf.extract_metadata(p.html))
        title = meta.title if meta is not None else None
        for key, settings in (("default", DEFAULT_SETTINGS), ("recall", RECALL_SETTINGS),
                              ("precision", PRECISION_SETTINGS)):
            text = timed(key, lambda p=page, s=settings: traf.extract(p.html, **s)) or ""
            page.texts[key] = with_title(text, title)
        page.extraction = timed("extract", lambda p=page: extract(p.html))

    rows = []
    for key, label in (("default", "trafilatura alone (defaults, comments off)"),
                       ("recall", "trafilatura alone (favor_recall)"),
                       ("precision", "trafilatura alone (favor_precision)")):
        rows.append(_row(label, [(p.texts[key], p.gold) for p in pages],
                         timing.get(key, 0.0) + timing.get("meta", 0.0)))

    def cleaned_rows(label: str, config: Config, hybrid: bool) -> dict[str, Any]:
        cleaner = Cleaner(config)
        t0 = time.perf_counter()
        outs = []
        for p in pages:
            assert p.extraction is not None
            if hybrid:
                outs.append(clean_extraction(p.extraction, cleaner).text)
            else:
                outs.append(cleaner.clean(p.extraction.text))
        spent = time.perf_counter() - t0 + timing.get("extract", 0.0)
        return _row(label, [(o, p.gold) for o, p in zip(outs, pages, strict=True)], spent)

    rows.append(cleaned_rows("favor_recall + cleantext rules only", Config(use_model=False),
                             False))
    for preset in ("balanced", "precision", "recall"):
        rows.append(cleaned_rows(f"favor_recall + cleantext rules + model ({preset}) on every "
                                 "line", Config(preset=preset), False))
    rows.append(cleaned_rows("clean_html, balanced: model only on lines favor_precision left "
                             "out", Config(), True))
    rows.append(cleaned_rows("**clean_html (default)**: as above, precision preset",
                             HTML_CONFIG, True))
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table."""
    out = ["| system | macro P | macro R | macro F1 | micro P | micro R | micro F1 | docs | s |",
           "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['name']} | {r['P_macro']:.3f} | {r['R_macro']:.3f} | "
                   f"{r['F1_macro']:.3f} | {r['P_micro']:.3f} | {r['R_micro']:.3f} | "
                   f"{r['F1_micro']:.3f} | {r['docs']} | {r['seconds']:.1f} |")
    return "\n".join(out)


def write_pairs(html_dir: Path, gold_dir: Path, out_dir: Path) -> int:
    """Write ``<id>.txt`` (the text clean_html cleans) and a copy of ``<id>.gold.txt``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    n = 0
    for page in _load(html_dir, gold_dir):
        (out_dir / f"{page.name}.txt").write_text(extract(page.html).text, encoding="utf-8")
        shutil.copyfile(gold_dir / f"{page.name}.gold.txt", out_dir / f"{page.name}.gold.txt")
        n += 1
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.html_quality")
    parser.add_argument("html_dir", type=Path)
    parser.add_argument("gold_dir", type=Path)
    parser.add_argument("--pairs-out", type=Path, metavar="DIR",
                        help="also write trafilatura's recall text + gold pairs to DIR")
    args = parser.parse_args(argv)
    rows = html_rows(args.html_dir, args.gold_dir)
    if not rows or not rows[0]["docs"]:
        print(f"no <id>.html in {args.html_dir} with a gold in {args.gold_dir}", file=sys.stderr)
        return 2
    print(table(rows))
    if args.pairs_out is not None:
        n = write_pairs(args.html_dir, args.gold_dir, args.pairs_out)
        print(f"\nwrote {n} pairs to {args.pairs_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
