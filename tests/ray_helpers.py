"""Shared data of the Ray tests: article-like records from the seed corpus, a user rule pack."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CORPUS

#: A line no shipped rule drops; the user pack below drops it.
WIDGET = "Widget bar of the Tribune"

PACK = """
[[rules]]
id = "test.widget-bar"
category = "nav"
description = "The Tribune's widget bar (a test rule)."
pattern = '''widget bar of the tribune'''
scope = "standalone"
examples.match = ["Widget bar of the Tribune"]
examples.no_match = ["The widget bar of the Tribune was closed on Monday, the council said."]
"""


def write_pack(folder: Path) -> Path:
    path = folder / "widgets.toml"
    path.write_text(PACK, encoding="utf-8")
    return path


def texts(n: int) -> list[str]:
    """``n`` short article-like texts: windows over the seed articles, some with chrome."""
    seeds = [p.read_text(encoding="utf-8").splitlines()
             for p in sorted((CORPUS / "input").glob("*.txt"))]
    out = []
    for i in range(n):
        lines = seeds[i % len(seeds)]
        start = (i * 7) % max(1, len(lines) - 8)
        window = lines[start:start + 8]
        if i % 3 == 0:
            window = [WIDGET, "", *window, "", "Advertisement"]
        out.append("\n".join(window) + "\n")
    return out


def write_shards(folder: Path, shards: int, per_shard: int,
                 poison: int | None = None) -> list[dict[str, object]]:
    """Write ``shards`` JSONL files of ``per_shard`` records (record ``poison`` gets a null
    text); return the records in file order."""
    folder.mkdir(parents=True, exist_ok=True)
    all_texts = texts(shards * per_shard)
    records: list[dict[str, object]] = []
    for s in range(shards):
        with open(folder / f"part-{s}.jsonl", "w", encoding="utf-8") as f:
            for i in range(per_shard):
                n = s * per_shard + i
                rec: dict[str, object] = {"id": n, "text": all_texts[n], "lang": "en",
                                          "meta": {"shard": s}}
                if n == poison:
                    rec["text"] = None
                records.append(rec)
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return records
