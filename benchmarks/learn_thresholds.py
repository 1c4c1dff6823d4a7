"""Measure ``min_docs`` / ``min_share`` for ``cleantext learn`` (the numbers behind the defaults).

    python -m benchmarks.learn_thresholds [--aeb ../shared/train/aeb] \
        > benchmarks/results/learn_thresholds.md

Two measurements, line occurrences counted over every page:

1. **Synthetic sites** (seeded, reproducible). Each site has 2 to 200 pages. Its chrome: 2-5 lines
   on every page, and 0-3 promos each on 55-95% of pages (these should be learned), plus a
   "live" badge on 20-35% of pages (chrome too rare to learn from frequency alone). Its content:
   a unique title and body per page, a wire paragraph shared with other sites on ~30% of pages,
   and *follow-ups*: stories whose background paragraph is reused on 5-40% of the site's pages
   (content that repeats inside one site; it must survive). For each threshold pair: the share
   of chrome occurrences learned (recall) and of content occurrences lost.
2. **AEB pages** (``--aeb``, optional): pages grouped by registered domain; on every site with
   at least two pages, the lines learned with each threshold pair, split into lines of the gold
   article text (false drops) and the rest (chrome). Few sites have more than two pages, so this
   mostly tests ``min_docs`` = 2.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from pathlib import Path

from cleantext.lines import normalise
from cleantext.profile import Learner, line_key
from cleantext.sources import registered_domain

SHARES = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MIN_DOCS = (2, 3, 5)
_WORDS = ("council", "harbour", "minister", "river", "election", "budget", "storm", "school",
          "hospital", "farmers", "railway", "court", "museum", "bridge", "festival", "police",
          "village", "market", "energy", "water", "trial", "league", "season", "vote", "border",
          "talks", "prices", "wages", "strike", "ferry", "airport")


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."


def synthetic_sites(seed: int = 0) -> list[tuple[str, list[tuple[str, bool]]]]:
    """``(site, lines)`` pages; each line is ``(text, is_chrome)``."""
    rng = random.Random(seed)
    wire = [_sentence(rng, 25) for _ in range(40)]
    pages: list[tuple[str, list[tuple[str, bool]]]] = []
    sizes = [2] * 15 + [3] * 15 + [5] * 15 + [10] * 15 + [30] * 10 + [100] * 5 + [200] * 3
    for s, size in enumerate(sizes):
        site = f"site{s}"
        fixed = [f"{site} {_sentence(rng, rng.randint(2, 8))}" for _ in range(rng.randint(2, 5))]
        promos = [(f"{site} promo {_sentence(rng, 6)}", rng.uniform(0.55, 0.95))
                  for _ in range(rng.randint(0, 3))]
        badge = (f"{site} live {_sentence(rng, 2)}", rng.uniform(0.2, 0.35))
        stories = [(_sentence(rng, 30), rng.uniform(0.05, 0.4)) for _ in range(3)]
        for _ in range(size):
            lines = [(x, True) for x in fixed[:1]]
            lines += [(_sentence(rng, 10), False)]  # title
            lines += [(p, True) for p, share in promos if rng.random() < share]
            if rng.random() < badge[1]:
                lines.append((badge[0], True))
            lines += [(_sentence(rng, 30), False) for _ in range(rng.randint(3, 10))]
            lines += [(b, False) for b, share in stories if rng.random() < share]
            if rng.random() < 0.3:
                lines.append((rng.choice(wire), False))
            lines += [(x, True) for x in fixed[1:]]
            pages.append((site, lines))
    return pages


def measure_synthetic() -> list[str]:
    pages = synthetic_sites()
    learner = Learner(min_docs=1, min_share=1.0)
    for site, lines in pages:
        learner.add(site, "\n".join(t for t, _ in lines) + "\n")
    profile = learner.profile
    rows = ["| min_docs | min_share | chrome learned | content lost |", "|---|---|---|---|"]
    for min_docs in MIN_DOCS:
        for share in SHARES:
            chrome = chrome_hit = content = content_hit = 0
            for site, lines in pages:
                counts = profile.sources[site]
                for text, is_chrome in lines:
                    count = counts.counts.get(line_key(normalise(text)), 0)
                    hit = counts.is_template(count, min_docs, share)
                    if is_chrome:
                        chrome += 1
                        chrome_hit += hit
                    else:
                        content += 1
                        content_hit += hit
            rows.append(f"| {min_docs} | {share} | {chrome_hit / chrome:.1%} | "
                        f"{content_hit / content:.2%} |")
    n_sites = len({s for s, _ in pages})
    return [f"Synthetic: {len(pages)} pages from {n_sites} sites (seed 0).", "", *rows]


def measure_aeb(folder: Path) -> list[str]:
    by_site: dict[str, list[str]] = defaultdict(list)
    for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        by_site[registered_domain(rec["url"])].append(rec["id"])
    multi = {s: ids for s, ids in by_site.items() if len(ids) >= 2}
    learner = Learner(min_docs=1, min_share=1.0)
    gold: dict[str, set[str]] = defaultdict(set)
    for site, ids in sorted(multi.items()):
        for item in ids:
            learner.add(site, (folder / f"{item}.txt").read_text(encoding="utf-8"))
            for g in (folder / f"{item}.gold.txt").read_text(encoding="utf-8").splitlines():
                if g.strip():
                    gold[site].add(line_key(normalise(g)))
    profile = learner.profile
    pages = sum(len(ids) for ids in multi.values())
    rows = ["| min_docs | min_share | learned lines | of them gold article lines |",
            "|---|---|---|---|"]
    examples: list[str] = []
    for min_docs in MIN_DOCS:
        for share in (0.5, 0.8):
            total = bad = 0
            for site in multi:
                counts = profile.sources[site]
                for key, count in counts.counts.items():
                    if counts.is_template(count, min_docs, share):
                        total += 1
                        if key in gold[site]:
                            bad += 1
                            if min_docs == 2 and share == 0.5 and len(examples) < 5:
                                examples.append(f"{site}: {key[:70]!r}")
            rows.append(f"| {min_docs} | {share} | {total} | {bad} |")
    sizes = sorted({len(v) for v in multi.values()})
    n_gold = sum(len(g) for g in gold.values())
    return [f"AEB: {pages} pages from the {len(multi)} sites with at least two pages "
            f"(pages per site: {sizes}); {n_gold} distinct gold article lines.", "", *rows, "",
            "Gold lines learned at min_docs 2, share 0.5 (examples):", "",
            *[f"- {e}" for e in examples]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--aeb", type=Path, help="the aeb/ folder (text, gold, manifest)")
    ns = parser.parse_args(argv)
    out = ["# cleantext learn: thresholds", "",
           "Made by `python -m benchmarks.learn_thresholds"
           + (" --aeb PATH" if ns.aeb else "") + "`.", "", *measure_synthetic()]
    if ns.aeb:
        out += ["", *measure_aeb(ns.aeb)]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
