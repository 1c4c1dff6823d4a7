"""clean_html: trafilatura in front, cleantext after it; the fallback; the CLI; the extra."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleantext import Cleaner, Config, clean_html
from cleantext import html as H
from cleantext.cli import main
from cleantext.htmltext import render
from cleantext.result import Metadata

trafilatura = pytest.importorskip("trafilatura")

PARAGRAPHS = (
    "The harbour council voted on Tuesday evening to build a new sea wall along the eastern "
    "quay, ending two years of argument over how the town should protect its oldest streets.",
    "Councillors approved the plan by nine votes to four after a debate that lasted more than "
    "three hours, with residents filling the public gallery and the corridor outside.",
    "The wall will rise two metres above the present quay and will be built in stages so that "
    "the fishing fleet can keep landing its catch while the work goes on.",
    "Engineers told the meeting that the old wall, built in the eighteen-sixties, had been "
    "breached three times in the last decade and could not be repaired at a reasonable cost.",
)

#: A news page whose chrome ("Advertisement", a share prompt, a byline) sits inside the
#: article element, where trafilatura keeps it.
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour council approves new sea wall | Coastal Gazette</title>
<meta property="og:title" content="Harbour council approves new sea wall">
<meta property="og:site_name" content="Coastal Gazette">
<meta name="author" content="Jane Porter">
<meta property="article:published_time" content="2024-03-05T09:30:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav>
<article>
<h1>Harbour council approves new sea wall</h1>
<p>By Tom Reed</p>
<p>{PARAGRAPHS[0]}</p>
<p>Advertisement</p>
<p>{PARAGRAPHS[1]}</p>
<p>Share this article</p>
<p>{PARAGRAPHS[2]}</p>
<p>{PARAGRAPHS[3]}</p>
</article>
<footer><p>Contact us | Privacy policy | Terms</p></footer>
</body></html>
"""

#: A page whose only text sits in a block marked as comments: with comments off, trafilatura
#: finds no main text at all.
FALLBACK_PAGE = """<html><head><title>Ferry timetable</title><style>p {color: red}</style>
</head><body><script>var promo = "script text";</script>
<div id="comments" class="comments">
<p>Skip to main content</p>
<h1>Ferry timetable changes from Monday</h1>
<p>The ferry operator said on Friday that the first morning sailing will leave fifteen minutes
later from Monday, because of repairs to the linkspan at the island terminal.</p>
<p>Advertisement</p>
<ul><li>The 07:40 sailing now leaves at 07:55.</li>
<li>The last Sunday sailing is withdrawn.</li></ul>
<p>Passengers with bookings will be moved to the new times automatically, a spokesman said.</p>
<div hidden>Hidden promo text</div>
</div></body></html>
"""


def test_trafilatura_alone_keeps_the_chrome() -> None:
    # The premise of the tests below: this chrome is in what trafilatura returns.
    for settings in (H.RECALL_SETTINGS, H.PRECISION_SETTINGS):
        text = trafilatura.extract(PAGE, **settings)
        assert "Advertisement" in text and "Share this article" in text
        assert "By Tom Reed" in text


def test_clean_html_removes_the_chrome_and_keeps_the_article() -> None:
    result = clean_html(PAGE)
    lines = result.text.splitlines()
    assert lines[0] == "Harbour council approves new sea wall"
    assert lines[1:] == list(PARAGRAPHS)
    assert result.text.endswith("\n")
    assert not result.problems
    dropped = {d.line: d.reason for d in result.dropped}
    assert dropped["Advertisement"] == "ad.label"
    assert dropped["Share this article"] == "share.label"
    assert "By Tom Reed" in dropped


def test_metadata_merges_trafilatura_and_cleantext() -> None:
    meta = clean_html(PAGE, url="https://gazette.example/news/sea-wall").metadata
    assert meta.title == "Harbour council approves new sea wall"
    assert meta.site_name == "Coastal Gazette"
    assert meta.published == "2024-03-05"
    # trafilatura's author (the meta tag) first, then the one cleantext found in the byline.
    assert meta.authors == ("Jane Porter", "Tom Reed")
    assert meta.as_dict()["site_name"] == "Coastal Gazette"


def test_fallback_renders_the_whole_page_when_trafilatura_finds_nothing() -> None:
    assert trafilatura.extract(FALLBACK_PAGE, **H.RECALL_SETTINGS) is None
    extraction = H.extract(FALLBACK_PAGE)
    assert extraction.fallback and extraction.text == render(FALLBACK_PAGE)
    result = clean_html(FALLBACK_PAGE)
    assert result.problems == (H.FALLBACK_NOTE,)
    assert "Ferry timetable changes from Monday" in result.text
    assert "  • The 07:40 sailing now leaves at 07:55." in result.text
    assert "spokesman said." in result.text
    assert "Skip to main content" not in result.text
    assert "Advertisement" not in result.text


def test_render_one_block_a_line() -> None:
    text = render(FALLBACK_PAGE)
    assert text.splitlines()[:2] == ["Skip to main content", "Ferry timetable changes from Monday"]
    assert "  • The last Sunday sailing is withdrawn." in text.splitlines()
    for hidden in ("script text", "color: red", "Hidden promo text", "Ferry timetable\n"):
        assert hidden not in text
    assert "" not in text.splitlines()
    assert render("<p>a &amp; <b>b</b></p><br>c<p></p>") == "a & b\nc\n"


def test_model_drops_only_lines_outside_the_precise_reading() -> None:
    text = (
        "Harbour council approves new sea wall\n" + "\n".join(PARAGRAPHS[:3]) + "\n"
        "Weather\nSport\nJobs\nPuzzles\nObituaries\n"
        "Jane Porter is the Gazette's local democracy reporter\n"
    )
    cleaner = Cleaner(Config(preset="precision"))  # drops the menu and the bio below
    plain = cleaner.explain(text)
    model_dropped = [d.line for d in plain.dropped if d.reason == "model"]
    assert len(model_dropped) >= 2, "fixture: the model should drop the menu and the bio"
    outside = model_dropped[-1]
    precise = frozenset(line for line in text.splitlines() if line != outside)
    result = H.clean_extraction(H.Extraction(text, precise, Metadata()), cleaner)
    by_line = {d.line: d for d in result.decisions}
    for line in model_dropped[:-1]:
        assert by_line[line].kept and by_line[line].reason == H.PRECISE_REASON
        assert line in result.text.splitlines()
    assert not by_line[outside].kept and outside not in result.text


def test_cli_writes_html_text_to_output_dir(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "page.html").write_text(PAGE, encoding="utf-8")
    (src / "sub" / "fallback.htm").write_text(FALLBACK_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["--workers", "1", str(src), "--output-dir", str(out)]) == 1
    assert (out / "page.txt").read_text(encoding="utf-8") == clean_html(PAGE).text
    assert "Ferry timetable changes" in (out / "sub" / "fallback.txt").read_text(
        encoding="utf-8")
    assert (src / "page.html").read_text(encoding="utf-8") == PAGE  # input untouched
    assert "Cleaned" in capsys.readouterr().err


def test_cli_refuses_to_rewrite_html_in_place(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main(["--workers", "1", str(page)]) == 2
    assert "--output-dir" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8") == PAGE
    assert main(["--workers", "1", "--explain", str(page)]) == 0
    assert "ad.label | Advertisement" in capsys.readouterr().out


def test_cli_jsonl_html_field(tmp_path: Path) -> None:
    shard = tmp_path / "pages.jsonl"
    records = [{"id": 1, "html": PAGE}, {"id": 2, "other": "no html here"}]
    shard.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    argv = ["--workers", "1", str(shard), "--html-field", "html", "--field", "body",
            "--explain-field", "ct"]
    assert main(argv) == 1
    first, second = (json.loads(line) for line in shard.read_text().splitlines())
    assert first["body"] == clean_html(PAGE).text and first["html"] == PAGE
    assert first["ct"]["metadata"]["site_name"] == "Coastal Gazette"
    assert second == records[1]
    assert main(argv) == 0  # a second run changes nothing


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import trafilatura -> ImportError
    with pytest.raises(ImportError, match=r"pip install 'cleantext-news\[html\]'"):
        clean_html(PAGE)
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    assert main([str(page), "--output-dir", str(tmp_path / "out")]) == 2
    assert "cleantext-news[html]" in capsys.readouterr().err


def test_importing_cleantext_does_not_import_trafilatura() -> None:
    code = ("import sys, cleantext, cleantext.html, cleantext.cli.main; "
            "assert 'trafilatura' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_benchmark_html_rows(tmp_path: Path) -> None:
    from benchmarks.html_quality import html_rows, table

    html_dir, gold_dir = tmp_path / "html", tmp_path / "gold"
    html_dir.mkdir()
    gold_dir.mkdir()
    (html_dir / "p1.html").write_text(PAGE, encoding="utf-8")
    gold = "Harbour council approves new sea wall\n" + "\n".join(PARAGRAPHS) + "\n"
    (gold_dir / "p1.gold.txt").write_text(gold, encoding="utf-8")
    rows = html_rows(html_dir, gold_dir)
    keys = {"name", "P_macro", "R_macro", "F1_macro", "P_micro", "R_micro", "F1_micro", "docs",
            "seconds"}
    assert rows and all(set(r) == keys and r["docs"] == 1 for r in rows)
    alone = next(r for r in rows if r["name"].startswith("trafilatura alone (defaults"))
    default = next(r for r in rows if r["name"].startswith("**clean_html (default)"))
    assert alone["P_macro"] < 1.0 and default["P_macro"] == 1.0  # the chrome is gone
    assert default["R_macro"] == 1.0
    assert "| system |" in table(rows)
