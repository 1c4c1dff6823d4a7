"""Mojibake repair with ftfy, behind a guard that costs next to nothing on clean text.

Only a line holding a character sequence that UTF-8 misread as Latin-1/cp1252 (or a C1 control
character) can be mojibake; such lines go to ftfy, every other line is left alone. ftfy runs with
only its encoding fixes on, so curly quotes, ligatures and widths are kept as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import ftfy
import regex

from cleantext.lines import is_blank

# A UTF-8 lead byte read as Latin-1/cp1252 (Â..ô) followed by a continuation byte read the same
# way (U+0080..U+00BF or the cp1252 letters at 0x80..0x9F), or a stray C1 control character.
_SUSPECT = regex.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030"
    "\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161"
    "\u203a\u0153\u017e\u0178]|[\u0080-\u009f]",
    regex.V0,
)
# The characters a suspect sequence starts with: one search for these (a single character
# class, which regex scans fast) rules out most texts before _SUSPECT is tried.
_SUSPECT_START = regex.compile("[\u0080-\u009f\u00c2-\u00f4]", regex.V0)
_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)


def could_be_mojibake(text: str) -> bool:
    """The cheap guard: ``False`` means ftfy would not change ``text``'s encoding."""
    return _SUSPECT_START.search(text) is not None and _SUSPECT.search(text) is not None


def fix_lines(lines: Sequence[str]) -> tuple[list[str], dict[int, str]]:
    """Repair the lines that need it.

    Returns the lines (repaired where needed) and, by line index, a note naming ftfy's steps.
    """
    out = list(lines)
    notes: dict[int, str] = {}
    if not lines or not could_be_mojibake("\n".join(lines)):
        return out, notes
    for i, line in enumerate(lines):
        # A blank line stays blank, whatever ftfy would make of it (a lone NEL, U+0085, reads
        # as Windows-1252's '…'): fixing it would write a line where the output keeps a blank
        # one.
        if not could_be_mojibake(line) or is_blank(line):
            continue
        fixed, explanation = ftfy.fix_and_explain(line, config=_CONFIG)
        if fixed != line and "\n" not in fixed:
            out[i] = fixed
            steps = ", ".join(step[1] for step in explanation or ()) or "fix_encoding"
            notes[i] = f"mojibake fixed ({steps})"
    return out, notes
