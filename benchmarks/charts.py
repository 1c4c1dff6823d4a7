"""PNG charts of a benchmark run (matplotlib, from the ``bench`` extra).

Each function takes the rows the runner stored in ``results.json`` and writes one PNG. When
matplotlib is missing, :func:`draw` writes nothing and says so in its note.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def draw(data: dict[str, Any], out: Path) -> tuple[list[Path], str]:
    """Write the charts of ``data`` into ``out``: (files written, a note or "")."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        return [], (f"charts skipped: cannot import matplotlib ({e}); "
                    "install the bench extra: pip install -e '.[bench]'")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    speed = data.get("speed", [])
    if speed:
        fig, ax = plt.subplots(figsize=(8, 0.45 * len(speed) + 1.2))
        names = [r["engine"] for r in speed]
        ax.barh(names, [r["mb_s"] for r in speed],
                color=["tab:blue" if r["engine"].startswith("cleantext") else "tab:gray"
                       for r in speed])
        ax.set_xscale("log")
        ax.invert_yaxis()
        ax.set_xlabel("MB/s, one process (log scale)")
        ax.set_title(f"Speed on the {data.get('speed_corpus', {}).get('mb', '?')} MB "
                     "speed corpus")
        written.append(_save(fig, out / "speed.png"))
    quality = data.get("quality", [])
    if quality:
        folders = list(dict.fromkeys(r["folder"] for r in quality))
        methods = list(dict.fromkeys(r["method"] for r in quality))
        fig, ax = plt.subplots(figsize=(max(7, 1.6 * len(folders) + 4), 4.5))
        width = 0.8 / len(methods)
        by_key = {(r["folder"], r["method"]): r["macro_f1"] for r in quality}
        for j, method in enumerate(methods):
            xs = [i + j * width for i in range(len(folders))]
            ax.bar(xs, [by_key.get((f, method), 0.0) for f in folders], width, label=method)
        ax.set_xticks([i + 0.4 - width / 2 for i in range(len(folders))], folders,
                      rotation=15)
        ax.set_ylim(0, 1)
        ax.set_ylabel("macro token F1")
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        ax.set_title("Quality against the gold")
        written.append(_save(fig, out / "quality.png"))
    sizes = data.get("sizes", [])
    if sizes:
        fig, ax = plt.subplots(figsize=(6, 3.5))
        ax.plot([r["size_bytes"] for r in sizes], [r["mb_s"] for r in sizes], marker="o")
        ax.set_xscale("log")
        ax.set_ylim(bottom=0)
        ax.set_xlabel("document size (bytes)")
        ax.set_ylabel("MB/s")
        ax.set_title("Full pipeline by document size")
        written.append(_save(fig, out / "sizes.png"))
    return written, ""


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    import matplotlib.pyplot as plt
    plt.close(fig)
    return path
