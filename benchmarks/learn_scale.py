"""``cleantext learn`` on a large synthetic corpus: wall time and peak memory.

    python -m benchmarks.learn_scale --docs 1000000 --sources 1000 --out /tmp/scale.json
    python -m benchmarks.learn_scale --docs 600 --sources 20 --corpus demo.jsonl   # just write

This process generates the documents (seeded, deterministic) and streams them as JSONL into
``cleantext learn - --source-field url`` running in a subprocess; nothing is written to disk but
the profile. The wall time is the subprocess's (generation overlaps with it, on another core);
the peak RSS is the subprocess's alone (``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, taken
after it exits; this process never starts another child).

Each document: a URL on its source's host, 3 header and 2 footer lines of its source, a title
and 8-14 body lines unique to the document, a wire paragraph shared by all sources on a fifth of
the documents, and a source-specific promo on 60% of them. Sources take turns (document ``i`` is
from source ``i % sources``), the worst case for memory: every source's table is live at once.
At the end the profile is checked: every source's header and footer lines are template, nothing
but them and the promo is (the promo, on 60% of pages, is template once a source has enough
pages for its share to settle above 0.5).
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from cleantext.profile import line_key
from cleantext.sources import registered_domain

_ALPHA = "abcdefghijklmnopqrstuvwxyz"
_WIRE = ("Led by one British and one French senior commander, the unit will report to the "
         "interior ministers of both countries, officials said on Thursday.")


def _word(n: int) -> str:
    """A letters-only word for ``n`` (digits would all normalise to 0)."""
    out = []
    while True:
        n, r = divmod(n, 26)
        out.append(_ALPHA[r])
        if n == 0:
            return "".join(out)


def _site(s: int) -> tuple[str, list[str], list[str], str]:
    name = "site" + _word(s)
    header = [f"{name.capitalize()} News - Home - World - Business - Sport",
              f"Welcome to {name}, your daily {_word(s * 7 + 3)} report",
              "Menu"]
    footer = [f"{name.capitalize()} is published by the {_word(s * 11 + 5)} group",
              f"Contact the {name} newsroom about this story"]
    promo = f"Subscribe to the {name} {_word(s * 13 + 1)} newsletter for more"
    return f"https://www.{name}.com", header, footer, promo


def documents(n_docs: int, n_sources: int, seed: int = 0) -> Iterator[bytes]:
    """The corpus as JSONL lines (bytes, newline-terminated)."""
    rng = random.Random(seed)
    sites = [_site(s) for s in range(n_sources)]
    for i in range(n_docs):
        host, header, footer, promo = sites[i % n_sources]
        w = _word(i)
        body = [f"The {w} story: officials in {_word(i * 31 + j)} said the {_word(i * 17 + j)} "
                f"plan would go ahead, and residents of {_word(i * 13 + j)} welcomed it."
                for j in range(rng.randint(8, 14))]
        if rng.random() < 0.2:
            body.insert(2, _WIRE)
        lines = [*header, f"Headline about {w} and the {_word(i * 3 + 1)} vote", *body]
        if rng.random() < 0.6:
            lines.append(promo)
        lines += footer
        text = "\n\n".join(lines) + "\n"
        yield (json.dumps({"url": f"{host}/story/{w}", "text": text}) + "\n").encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("learn_scale_profile.json"))
    parser.add_argument("--max-lines", type=int, default=None)
    parser.add_argument("--corpus", type=Path,
                        help="only write the corpus to this JSONL file (a demo corpus) and exit")
    ns = parser.parse_args(argv)
    if ns.corpus is not None:
        with open(ns.corpus, "wb") as f:
            f.writelines(documents(ns.docs, ns.sources))
        return 0
    cmd = [sys.executable, "-m", "cleantext", "learn", "-", "--source-field", "url",
           "-o", str(ns.out)]
    if ns.max_lines:
        cmd += ["--max-lines", str(ns.max_lines)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    size = 0
    chunk: list[bytes] = []
    for rec in documents(ns.docs, ns.sources):
        chunk.append(rec)
        if len(chunk) == 2000:
            data = b"".join(chunk)
            size += len(data)
            proc.stdin.write(data)
            chunk = []
    data = b"".join(chunk)
    size += len(data)
    proc.stdin.write(data)
    proc.stdin.close()
    code = proc.wait()
    wall = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if code != 0:
        print(f"cleantext learn exited with {code}", file=sys.stderr)
        return 1
    profile = json.loads(ns.out.read_text(encoding="utf-8"))
    sources = profile["sources"]
    templates = sum(len(s["lines"]) for s in sources.values())
    wire_learned = sum(any("led by one british" in r["line"] for r in s["lines"])
                       for s in sources.values())
    floors = sorted(s["floor"] for s in sources.values())
    per_source = {len(s["lines"]) for s in sources.values()}
    wrong = 0  # sources that missed a header/footer line or learned a non-chrome line
    for s in range(ns.sources):
        host, header, footer, promo = _site(s)
        fixed = {line_key(x) for x in header + footer}
        learned = {r["line"] for r in sources.get(registered_domain(host), {}).get("lines", [])}
        wrong += not fixed <= learned <= fixed | {line_key(promo)}
    print(f"documents: {ns.docs:,} from {ns.sources:,} sources ({size / 1e9:.2f} GB of JSONL)")
    print(f"wall time: {wall:.1f} s ({ns.docs / wall:,.0f} documents/s)")
    print(f"peak RSS of cleantext learn: {peak_kib / 1024:.0f} MiB")
    print(f"profile: {ns.out.stat().st_size / 1e6:.1f} MB, {len(sources):,} sources, "
          f"{templates:,} template lines (per source: {sorted(per_source)}), "
          f"floor min/median/max {floors[0]}/{floors[len(floors) // 2]}/{floors[-1]}, "
          f"wire paragraph learned by {wire_learned} sources")
    ok = wrong == 0 and wire_learned == 0 and len(sources) == ns.sources
    print("check:", "every source learned its 5 header/footer lines, at most its promo besides, "
          "and no article line" if ok else f"FAILED ({wrong} sources wrong)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
