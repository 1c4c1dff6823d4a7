"""trafilatura alone vs trafilatura + cleantext, on the same HTML pages, with the same scorer.

    python -m benchmarks.html_quality HTML_DIR GOLD_DIR [--pairs-out DIR]
        [--cv-train PAIRS_DIR... [--folds 5]]

``HTML_DIR`` holds ``<id>.html``; ``GOLD_DIR`` holds ``<id>.gold.txt`` (headline on line 1,
then the article). Every system's text starts with trafilatura's title of the page (what
:func:`cleantext.clean_html` does), so the title is never what tells two rows apart. Prints a
Markdown table of token precision/recall/F1 (``benchmarks.score``), macro and micro, with the
wall time of each system over all pages (trafilatura's runs included). ``--pairs-out`` also
writes trafilatura's recall text as ``<id>.txt`` next to a copy of ``<id>.gold.txt``: a pair
folder for ``cleantext train``.

The shipped line model was trained on (whole-page renderings of) the training pages, so on them
its rows are in-sample. ``--cv-train`` adds out-of-sample rows: the pages are split into folds
by site (as ``benchmarks.evaluate`` does), a model is trained with
:func:`cleantext.model.train.fit` on the ``PAIRS_DIR`` pairs of the other folds' pages only, and
each page is cleaned with its fold's model. That needs the ``train`` extra (in ``dev``).

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

    if pages:  # warm up (trafilatura's first call loads its settings), untimed
        extract(pages[0].html)
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
    rows.append(cleaned_rows("**clean_html (default)**: favor_recall + rules, model (balanced) "
                             "only on lines favor_precision left out", Config(), True))
    rows.append(cleaned_rows("clean_html with preset precision", Config(preset="precision"),
                             True))
    return rows


def cv_rows(html_dir: Path, gold_dir: Path, train_dirs: list[Path],
            folds: int = 5) -> list[dict[str, Any]]:
    """Out-of-sample rows: each page cleaned by a model trained without its site's pages."""
    from cleantext.model import train as T

    pages = {p.name: p for p in _load(html_dir, gold_dir)}
    preps = T.prepare_all(train_dirs, lambda m: print(m, file=sys.stderr))
    systems = {
        "favor_recall + cleantext rules + model (balanced) on every line, CV":
            (Config(), False),
        "**clean_html (default)**, CV": (Config(), True),
        "clean_html with preset precision, CV": (Config(preset="precision"), True),
    }
    cleaners = {name: Cleaner(cfg) for name, (cfg, _) in systems.items()}
    outs: dict[str, list[tuple[str, str]]] = {name: [] for name in systems}
    spent = dict.fromkeys(systems, 0.0)
    extraction: dict[str, Extraction] = {}
    extract_seconds: dict[str, float] = {}
    done: set[str] = set()  # a page whose renderings fall in two folds is tested once
    for k, test in enumerate(T._group_folds(preps, folds)):
        test_ids = {preps[i].pair.doc_id for i in test}
        train = [p for p in preps if p.pair.doc_id not in test_ids]
        model, _ = T.fit(train, folds=4, modes=(Config().context,))
        print(f"fold {k + 1}: trained on {len(train)} pairs", file=sys.stderr)
        tested = sorted((test_ids & pages.keys()) - done)
        done.update(tested)
        for doc_id in tested:
            t0 = time.perf_counter()
            extraction[doc_id] = extract(pages[doc_id].html)
            extract_seconds[doc_id] = time.perf_counter() - t0
        for name, (_, hybrid) in systems.items():
            cleaner = cleaners[name]
            cleaner.model = model
            for doc_id in tested:
                t0 = time.perf_counter()
                ex = extraction[doc_id]
                text = (clean_extraction(ex, cleaner).text if hybrid
                        else cleaner.clean(ex.text))
                spent[name] += time.perf_counter() - t0 + extract_seconds[doc_id]
                outs[name].append((text, pages[doc_id].gold))
    return [_row(name, outs[name], spent[name]) for name in systems]


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
    """Write ``<id>.txt`` (the text clean_html cleans), a copy of ``<id>.gold.txt`` and of the
    gold folder's ``manifest.jsonl``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    if (gold_dir / "manifest.jsonl").exists():  # urls, so training groups the pairs by site
        shutil.copyfile(gold_dir / "manifest.jsonl", out_dir / "manifest.jsonl")
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
    parser.add_argument("--cv-train", type=Path, nargs="+", metavar="PAIRS_DIR",
                        help="add out-of-sample rows: models trained by site-grouped folds "
                             "on these (text, gold) pair folders")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    rows = html_rows(args.html_dir, args.gold_dir)
    if args.cv_train:
        rows += cv_rows(args.html_dir, args.gold_dir, args.cv_train, args.folds)
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
