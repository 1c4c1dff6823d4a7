"""Speed, memory and quality of cleantext against its peers, in one run, on the same inputs.

    python -m benchmarks [PAIR_DIR ...] [--html HTML_DIR] [--quick] [--full] [--profile]
                         [--out DIR]

Inputs: ``corpus/`` (always), every PAIR_DIR of ``<id>.txt`` + ``<id>.gold.txt`` pairs, and a
speed corpus generated deterministically (:mod:`benchmarks.speedcorpus`, cached outside the
repository). Measures, in order:

1. speed of the peers (floor, datatrove's C4 line filter, jusText on lines) and of each
   cleantext layer (rules only; + mojibake fix; + model, the default (context "gap"); the
   model with context "none", which leaves out the end-of-article gap) over
   the whole speed corpus in this process, after a warm-up on other generated documents;
2. MB/s of the default pipeline on single documents of 1 KB, 10 KB, 100 KB and 1 MB;
3. the batch CLI on a JSONL copy of the speed corpus with 1 and 2 workers (wall MB/s, peak
   RSS); with ``--full`` also the peak RSS on a 1 GB JSONL file;
4. token precision/recall/F1 (macro and micro) per pair folder, cleantext beside the peers;
   with ``--html`` also trafilatura (and cleantext's HTML path when available) on the HTML;
5. with ``--profile``, a cProfile of the default pipeline on 2 MB of the speed corpus.

Writes ``README.md`` (tables, targets with pass/miss, notes), ``results.json`` and PNG charts
to ``--out`` (default ``benchmarks/results/``). ``--quick`` is the CI smoke run: a 1 MB speed
corpus, ``corpus/`` only, one CLI worker, under a minute.
"""

from __future__ import annotations

import argparse
import importlib
import resource
import shlex
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import charts, peers, speedcorpus
from benchmarks.cli_memory import make_jsonl, run_cli
from benchmarks.report import Report, table
from benchmarks.score import read_pairs, score_pairs
from benchmarks.speed import interleaved, size_rates, time_pass
from cleantext import Cleaner, Config

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
DEFAULT_OUT = Path(__file__).resolve().parent / "results"

SIZES = (1_000, 10_000, 100_000, 1_000_000)
LAYERS: tuple[tuple[str, Config], ...] = (
    ("cleantext: rules only", Config(use_model=False, fix_mojibake=False)),
    ("cleantext: + mojibake fix", Config(use_model=False)),
    ("cleantext: + model (default)", Config()),
    ("cleantext: model, context none", Config(context="none")),
)
FULL = "cleantext: + model (default)"
C4 = "C4 (datatrove)"
JUSTEXT = "jusText"

# The targets of the benchmark issue.
TARGET_C4 = 1.0
TARGET_JUSTEXT = 12.0
TARGET_WORKERS = 1.8
TARGET_FLAT = 1.25
TARGET_RSS_MB = 200.0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0],
                                epilog="See benchmarks/run.py for what is measured.")
    p.add_argument("folders", nargs="*", type=Path, metavar="PAIR_DIR",
                   help="folders of <id>.txt + <id>.gold.txt pairs (corpus/ is always used)")
    p.add_argument("--html", type=Path, metavar="DIR",
                   help="folder of <id>.html pages for trafilatura and the HTML path")
    p.add_argument("--html-gold", type=Path, metavar="DIR",
                   help="gold of the --html pages (default: DIR without its '-html' suffix)")
    p.add_argument("--quick", action="store_true",
                   help="CI smoke run: 1 MB speed corpus, corpus/ only, one CLI worker")
    p.add_argument("--full", action="store_true",
                   help="also measure the CLI's peak RSS on a 1 GB JSONL file (slow)")
    p.add_argument("--full-mb", type=float, default=1024, help=argparse.SUPPRESS)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help="where to write README.md, results.json and the charts "
                        "(default: benchmarks/results)")
    p.add_argument("--speed-mb", type=float,
                   help="size of the generated speed corpus (default 50; 1 with --quick)")
    p.add_argument("--seed", type=int, default=0, help="seed of the speed corpus (default 0)")
    p.add_argument("--cache", type=Path,
                   help="where the speed corpus is cached (default ~/.cache/cleantext-bench)")
    p.add_argument("--language", default="English", help="jusText stoplist (default English)")
    p.add_argument("--profile", action="store_true",
                   help="also profile the default pipeline (cProfile) on up to 2 MB of the "
                        "speed corpus; writes profile.txt and the top functions to the report")
    return p.parse_args(argv)


class Bench:
    """One benchmark run: its settings, the speed corpus and the report being filled."""

    def __init__(self, args: argparse.Namespace, command: str) -> None:
        self.args = args
        self.quick: bool = args.quick
        self.speed_mb: float = args.speed_mb or (1.0 if self.quick else 50.0)
        self.budget = 0.25 if self.quick else 1.5
        self.cache: Path = args.cache or speedcorpus.default_cache()
        self.report = Report(command)
        self.text_peers = peers.text_peers(args.language)
        for peer in self.text_peers:
            if peer.run is None:
                self.report.note(peer.note)
        self.cleaners: dict[str, Cleaner] = {}
        self.startup: dict[str, float] = {}
        self.rates: dict[str, float] = {}

    def log(self, text: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)

    def cleaner(self, name: str, config: Config) -> Cleaner:
        if name not in self.cleaners:
            start = time.perf_counter()
            self.cleaners[name] = Cleaner(config)
            self.startup[name] = time.perf_counter() - start
        return self.cleaners[name]

    # -- 1. speed ------------------------------------------------------------------------

    def speed(self) -> list[str]:
        self.jsonl = speedcorpus.cached_corpus(self.speed_mb, self.args.seed, self.cache)
        docs = speedcorpus.read_jsonl(self.jsonl)
        self.docs = docs
        warm_mb = 0.1 if self.quick else 0.5
        warm = list(speedcorpus.generate(warm_mb, self.args.seed + 1))
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
        self.report.data["speed_corpus"] = {"mb": round(mb, 2), "docs": len(docs),
                                            "seed": self.args.seed, "file": self.jsonl.name}
        engines: list[tuple[str, Callable[[str], object]]] = [
            (p.name, p.run) for p in self.text_peers if p.run is not None]
        engines += [(name, self.cleaner(name, config).clean) for name, config in LAYERS]
        for name, fn in engines:
            self.log(f"speed: warm-up of {name}")
            for doc in warm:
                fn(doc)
        rounds = 2 if self.quick else 5
        self.log(f"speed: {len(engines)} engines, {rounds} interleaved rounds")
        rates = interleaved([fn for _, fn in engines], docs, rounds)
        rows = []
        for (name, _), rate in zip(engines, rates, strict=True):
            self.rates[name] = rate.cpu_mb_s
            rows.append({"engine": name, "mb_s": rate.cpu_mb_s, "wall_mb_s": rate.mb_s,
                         "docs_s": rate.docs / rate.cpu if rate.cpu else None,
                         "cpu_s": rate.cpu, "wall_s": rate.seconds,
                         "startup_s": self.startup.get(name)})
        self.report.data["speed"] = rows
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.report.data["process_peak_rss_mb"] = rss
        floor = self.rates.get(self.text_peers[0].name)
        body = [f"The speed corpus: {len(docs)} generated news-like documents, {mb:.1f} MB "
                f"(seed {self.args.seed}; chrome lines mixed in, ~5% of lines with mojibake). "
                f"Each engine cleans all of it once in this process, after a warm-up on "
                f"{warm_mb:g} MB of other generated documents, in {rounds} interleaved rounds "
                f"(1/{rounds} of the corpus by every engine, then the next, ...) so that the "
                "load of other jobs falls on all engines alike. MB/s is per CPU second of this "
                "process (`time.process_time`), which other jobs disturb far less than the wall "
                "clock; wall MB/s beside it. Start-up is building the `Cleaner` (the compiled "
                "rule packs are shared by all layers, so the first pays for them).", ""]
        body += table(["engine", "MB/s", "wall MB/s", "docs/s", "CPU s", "wall s",
                       "time × floor", "start-up s"],
                      [[r["engine"], r["mb_s"], r["wall_mb_s"], round(r["docs_s"] or 0),
                        r["cpu_s"], r["wall_s"], (floor / r["mb_s"]) if floor else None,
                        r["startup_s"]] for r in rows])
        body += ["", f"Peak RSS of this process after the speed passes: {rss:.0f} MB (it holds "
                 "the whole speed corpus in memory)."]
        return body

    # -- 2. document sizes ---------------------------------------------------------------

    def sizes(self) -> list[str]:
        text = "".join(self.docs)
        fn = self.cleaners[FULL].clean
        rounds = 1 if self.quick else 3
        self.log(f"sizes: {', '.join(map(_human, SIZES))}, {rounds} interleaved rounds")
        rows = []
        for size, rate in zip(SIZES, size_rates(fn, text, SIZES, self.budget, rounds),
                              strict=True):
            rows.append({"size_bytes": size, "docs": rate.docs, "mb": rate.mb,
                         "cpu_s": rate.cpu, "mb_s": rate.cpu_mb_s, "wall_mb_s": rate.mb_s})
        self.report.data["sizes"] = rows
        speeds = [r["mb_s"] for r in rows]
        self.flatness = max(speeds) / min(speeds)
        body = [f"The default pipeline on single documents cut from the speed corpus (distinct "
                f"pieces, each ending at a line end), cleaned one after another for at least "
                f"{self.budget:g} s per size, in {rounds} interleaved round(s). MB/s per CPU "
                "second, wall beside it.", ""]
        body += table(["size", "documents cleaned", "MB", "CPU s", "MB/s", "wall MB/s"],
                      [[_human(r["size_bytes"]), r["docs"], r["mb"], r["cpu_s"], r["mb_s"],
                        r["wall_mb_s"]] for r in rows])
        body += ["", f"Flatness (max/min MB/s): {self.flatness:.2f}."]
        return body

    # -- 3. the CLI ----------------------------------------------------------------------

    def cli(self) -> list[str]:
        workers = (1,) if self.quick else (1, 2)
        size = self.jsonl.stat().st_size / 1e6
        rows = []
        with tempfile.TemporaryDirectory(prefix="cleantext-bench-") as tmp:
            config = Path(tmp) / "defaults.toml"
            config.write_text("", encoding="utf-8")
            for n in workers:
                self.log(f"CLI: {n} worker(s)")
                run = run_cli(["--config", str(config), "--workers", str(n), "--quiet",
                               "--exit-zero-even-if-changed", "--output-dir",
                               str(Path(tmp) / f"out{n}"), str(self.jsonl)])
                if run.code != 0:
                    self.report.note(f"the CLI with {n} worker(s) exited {run.code}")
                rows.append({"workers": n, "seconds": run.seconds, "mb_s": size / run.seconds,
                             "cpu_s": run.cpu, "peak_rss_mb": run.peak_mb,
                             "tree_peak_rss_mb": run.tree_peak_mb, "input_mb": size})
        self.report.data["cli"] = rows
        body = [f"`cleantext --workers N --output-dir TMP` on the speed corpus as JSONL "
                f"({size:.1f} MB), default settings, in a child process; wall time including "
                "start-up (the speed-up needs free cores, so it is the figure most hurt by "
                "other jobs on the machine). CPU s: all its processes together. Peak RSS: the "
                "largest single process (main or worker); process tree: the peak of their sum, "
                "sampled every 0.1 s (needs psutil).", ""]
        body += table(["workers", "wall s", "MB/s (wall)", "CPU s", "peak RSS MB",
                       "process tree MB"],
                      [[r["workers"], r["seconds"], r["mb_s"], r["cpu_s"], r["peak_rss_mb"],
                        r["tree_peak_rss_mb"]] for r in rows])
        if len(rows) == 2 and rows[1]["cpu_s"]:
            bound = rows[0]["cpu_s"] / rows[1]["cpu_s"] * 2
            body += ["", f"CPU seconds with 2 workers are {rows[1]['cpu_s'] / rows[0]['cpu_s']:.2f}"
                     f"× those with 1: on two otherwise idle cores the speed-up could be at "
                     f"most about {bound:.2f}×."]
        if self.quick:
            body += ["", "(--quick: one worker only.)"]
        if self.args.full:
            body += ["", *self.full_rss()]
        return body

    def full_rss(self) -> list[str]:
        self.cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="cleantext-bench-", dir=self.cache) as tmp:
            path = Path(tmp) / "shard.jsonl"
            self.log(f"full: writing a {self.args.full_mb:g} MiB JSONL file")
            size = make_jsonl(path, self.args.full_mb, self.docs)
            config = Path(tmp) / "defaults.toml"
            config.write_text("", encoding="utf-8")
            self.log("full: the CLI on it (2 workers)")
            run = run_cli(["--config", str(config), "--workers", "2", "--quiet",
                           "--exit-zero-even-if-changed", "--output-dir", str(Path(tmp) / "o"),
                           str(path)])
        self.report.data["full"] = {"input_mb": size / 2**20, "seconds": run.seconds,
                                    "peak_rss_mb": run.peak_mb,
                                    "tree_peak_rss_mb": run.tree_peak_mb, "exit": run.code}
        tree = f", process tree {run.tree_peak_mb:.0f} MB" if run.tree_peak_mb else ""
        return [f"`--full`: a {size / 2**20:.0f} MiB JSONL file (the speed corpus cycled), "
                f"2 workers: peak RSS {run.peak_mb:.0f} MB{tree}, {run.seconds:.0f} s, "
                f"exit {run.code}."]

    # -- 4. quality ----------------------------------------------------------------------

    def quality(self) -> list[str]:
        methods: list[tuple[str, Callable[[str], str]]] = [
            ("no cleaning" if p.name.startswith("floor") else p.name, p.run)
            for p in self.text_peers if p.run is not None]
        methods += [("cleantext: rules only", self.cleaner("q:rules", Config(
                        use_model=False)).clean),
                    ("cleantext: default", self.cleaners[FULL].clean),
                    ("cleantext: context none", self.cleaners[LAYERS[3][0]].clean)]
        folders = [CORPUS] + ([] if self.quick else list(self.args.folders))
        if self.quick and self.args.folders:
            self.report.note("--quick scores corpus/ only; the pair folders given were skipped")
        rows = []
        for folder in folders:
            pairs = read_pairs(folder)
            if not pairs:
                self.report.note(f"{folder}: no (text, gold) pairs found; skipped")
                continue
            label = "corpus/" if folder == CORPUS else folder.name
            for name, fn in methods:
                self.log(f"quality: {label}: {name}")
                s = score_pairs((fn(text), gold) for _, text, gold in pairs)
                rows.append({"folder": label, "method": name, "docs": s.docs,
                             "macro_p": s.macro_p, "macro_r": s.macro_r, "macro_f1": s.macro_f1,
                             "micro_p": s.micro_p, "micro_r": s.micro_r, "micro_f1": s.micro_f1})
        self.report.data["quality"] = rows
        body = ["Token precision, recall and F1 (lowercase `\\w+` multisets, "
                "`benchmarks/score.py`): macro = mean over documents, micro = pooled tokens.",
                "", *table(["pairs", "method", "docs", "macro P", "macro R", "macro F1",
                            "micro P", "micro R", "micro F1"],
                           [[r["folder"], r["method"], r["docs"], r["macro_p"], r["macro_r"],
                             r["macro_f1"], r["micro_p"], r["micro_r"], r["micro_f1"]]
                            for r in rows])]
        body += ["", "corpus/'s gold is cleantext's own reviewed golden output "
                 "(`corpus/expected/`), so cleantext's default scores 1.0 there by "
                 "construction; it is a check, not a measure. The shipped model was trained on "
                 "the three `../shared/train` folders, so cleantext's scores on them are "
                 "in-sample: for held-out figures see the grouped cross-validation in "
                 "`benchmarks/results/cv.md`."]
        return body

    def html(self) -> list[str]:
        html_dir: Path = self.args.html
        gold_dir: Path = self.args.html_gold or html_dir.with_name(
            html_dir.name.removesuffix("-html"))
        pages = []
        for gold_path in sorted(gold_dir.glob("*.gold.txt")):
            page = html_dir / (gold_path.name[: -len(".gold.txt")] + ".html")
            if page.exists():
                pages.append((page.read_text(encoding="utf-8", errors="replace"),
                              gold_path.read_text(encoding="utf-8")))
        body = [f"{len(pages)} pages of `{html_dir}` scored against the gold of `{gold_dir}`."]
        rows: list[dict[str, Any]] = []
        traf = peers.trafilatura_peer()
        if traf.run is None:
            self.report.note(traf.note)
        elif pages:
            self.log("html: trafilatura")
            run = traf.run
            outputs: list[str] = []
            rate = time_pass(lambda page: outputs.append(run(page)), [p for p, _ in pages])
            s = score_pairs(zip(outputs, [g for _, g in pages], strict=True))
            rows.append({"method": "trafilatura (HTML)", "docs": s.docs, "mb_s": rate.cpu_mb_s,
                         "macro_p": s.macro_p, "macro_r": s.macro_r, "macro_f1": s.macro_f1,
                         "micro_f1": s.micro_f1})
            body += ["", *table(["method", "docs", "MB/s of HTML (CPU)", "macro P", "macro R",
                                 "macro F1", "micro F1"],
                                [[r["method"], r["docs"], r["mb_s"], r["macro_p"], r["macro_r"],
                                  r["macro_f1"], r["micro_f1"]] for r in rows])]
        try:
            html_quality = importlib.import_module("benchmarks.html_quality")
        except ImportError:
            self.report.note("trafilatura + cleantext on HTML unavailable: "
                             "benchmarks.html_quality is not in this checkout")
        else:
            self.log("html: benchmarks.html_quality")
            extra: list[dict[str, Any]] = html_quality.html_rows(html_dir, gold_dir)
            if extra:
                headers = list(dict.fromkeys(k for r in extra for k in r))
                body += ["", "From `benchmarks.html_quality.html_rows`:", "",
                         *table(headers, [[r.get(h) for h in headers] for r in extra])]
            rows += extra
        self.report.data["html"] = rows
        return body

    # -- profile -------------------------------------------------------------------------

    def profile(self, out: Path) -> list[str]:
        import cProfile
        import io
        import pstats

        docs, mb = [], 0.0
        for doc in self.docs:
            docs.append(doc)
            mb += len(doc.encode("utf-8")) / 1e6
            if mb >= 2.0:
                break
        fn = self.cleaners[FULL].clean
        self.log(f"profile: the default pipeline on {mb:.1f} MB")
        prof = cProfile.Profile()
        prof.runcall(lambda: [fn(d) for d in docs])
        text = io.StringIO()
        stats = pstats.Stats(prof, stream=text).strip_dirs()
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats(40)
        out.mkdir(parents=True, exist_ok=True)
        (out / "profile.txt").write_text(text.getvalue(), encoding="utf-8")
        rows = []
        total = stats.total_tt  # type: ignore[attr-defined]
        ranked = sorted(stats.stats.items(),  # type: ignore[attr-defined]
                        key=lambda kv: kv[1][2], reverse=True)
        for (file, line, func), (_cc, calls, tottime, cumtime, _callers) in ranked[:15]:
            rows.append([f"`{func}` ({file}:{line})", calls, tottime, 100 * tottime / total,
                         cumtime])
        return [f"cProfile of the default pipeline on {len(docs)} speed-corpus documents "
                f"({mb:.1f} MB, {total:.1f} s under the profiler); the 15 functions with the "
                "most own time (full listing: `profile.txt`).", "",
                *table(["function", "calls", "own s", "own %", "cumulative s"], rows)]

    # -- targets -------------------------------------------------------------------------

    def targets(self) -> list[str]:
        full = self.rates.get(FULL)
        rows: list[list[object]] = []

        def ratio_row(what: str, peer: str, need: float) -> None:
            have = self.rates.get(peer)
            if full is None or have is None:
                rows.append([what, f"≥ {need:g}×", f"not measured ({peer} skipped)", "n/a"])
                return
            r = full / have
            rows.append([what, f"≥ {need:g}×",
                         f"{full:.2f} / {have:.2f} MB/s (CPU) = {r:.2f}×",
                         _verdict(r >= need, f"{r / need:.2f} of the target")])

        ratio_row("full pipeline vs C4 line filter (MB/s)", C4, TARGET_C4)
        ratio_row("full pipeline vs jusText (MB/s)", JUSTEXT, TARGET_JUSTEXT)
        cli = {r["workers"]: r["mb_s"] for r in self.report.data.get("cli", [])}
        if 1 in cli and 2 in cli:
            r = cli[2] / cli[1]
            rows.append(["CLI 2 workers vs 1 worker (MB/s)", f"≥ {TARGET_WORKERS:g}×",
                         f"{cli[2]:.2f} / {cli[1]:.2f} MB/s (wall) = {r:.2f}×",
                         _verdict(r >= TARGET_WORKERS, f"{r / TARGET_WORKERS:.2f} of the "
                                  "target")])
        else:
            rows.append(["CLI 2 workers vs 1 worker (MB/s)", f"≥ {TARGET_WORKERS:g}×",
                         "not run (--quick)", "n/a"])
        rows.append(["MB/s flat from 1 KB to 1 MB (max/min)", f"≤ {TARGET_FLAT:g}",
                     f"{self.flatness:.2f}",
                     _verdict(self.flatness <= TARGET_FLAT, f"{self.flatness:.2f} > "
                              f"{TARGET_FLAT:g}")])
        full_run = self.report.data.get("full")
        if full_run:
            peak = max(full_run["peak_rss_mb"], full_run["tree_peak_rss_mb"] or 0.0)
            verdict = _verdict(peak <= TARGET_RSS_MB, f"{peak - TARGET_RSS_MB:.0f} MB over")
            if full_run["input_mb"] < 1000:
                verdict = f"n/a (ran {full_run['input_mb']:.0f} MiB, not 1 GB)"
            rows.append(["CLI peak RSS on a 1 GB JSONL", f"≤ {TARGET_RSS_MB:g} MB",
                         f"{peak:.0f} MB (largest process or tree sum, whichever is higher)",
                         verdict])
        else:
            cli_rows = self.report.data.get("cli", [])
            seen = max((r["peak_rss_mb"] for r in cli_rows), default=None)
            rows.append(["CLI peak RSS on a 1 GB JSONL", f"≤ {TARGET_RSS_MB:g} MB",
                         "not run (use --full)" + (f"; {seen:.0f} MB on the speed corpus"
                                                   if seen is not None else ""), "n/a"])
        self.report.data["targets"] = [dict(zip(("target", "need", "measured", "verdict"), r,
                                                strict=True)) for r in rows]
        return ["Benchmark figures of this run, not timed tests. The machine may be shared "
                "and busy (see the load average above): absolute MB/s are noisy, the ratios "
                "less so.", "", *table(["target", "need", "measured", "verdict"], rows)]


def _verdict(ok: bool, miss: str) -> str:
    return "pass" if ok else f"miss ({miss})"


def _human(size: int) -> str:
    return f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1000} KB"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; write the report. Returns the exit code."""
    args_list = sys.argv[1:] if argv is None else list(argv)
    args = parse_args(args_list)
    for folder in [*args.folders, *([args.html] if args.html else [])]:
        if not folder.is_dir():
            print(f"python -m benchmarks: not a folder: {folder}", file=sys.stderr)
            return 2
    bench = Bench(args, shlex.join(["python", "-m", "benchmarks", *args_list]))
    report = bench.report
    start = time.perf_counter()
    report.section("Speed, one process", bench.speed())
    report.section("Document size", bench.sizes())
    report.section("Batch CLI", bench.cli())
    report.section("Quality", bench.quality())
    if args.html:
        report.section("HTML", bench.html())
    if args.profile:
        report.section("Profile", bench.profile(args.out))
    report.sections.insert(0, ("Targets", bench.targets()))
    report.data["seconds"] = time.perf_counter() - start
    pngs, note = charts.draw(report.data, args.out)
    if note:
        report.note(note)
    if pngs:
        report.section("Charts", [f"![{p.stem}]({p.name})" for p in pngs])
    written = report.write(args.out)
    bench.log(f"done in {report.data['seconds']:.0f} s: "
              + ", ".join(str(p) for p in written + pngs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
