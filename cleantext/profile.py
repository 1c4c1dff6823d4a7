"""Learned source profiles: each source's repeated lines, counted in bounded memory.

A *profile* holds, per source (site), how many distinct documents were seen and in how many of
them each normalised line occurred. A line is *template* for a source when it occurs in at least
``min_docs`` of the source's distinct documents and in at least ``min_share`` of them; the
cleaner drops such lines with reason ``learned:<source>``. Counting is per source only, so text
that several sources share (syndicated wire copy) is never template unless one source repeats it
on most of its own pages.

Line key (:func:`line_key`): the line with its list marker removed (as the rules see it:
``1.``, ``(a)``, a bullet), case-folded, every run of digits turned into one ``0``, every run
of punctuation, symbols and whitespace squeezed to one space, ends trimmed. So "Page 9 of 12"
and "page 10 of 31" share the key ``page 0 of 0``. Lines whose key is empty or longer than
:data:`MAX_KEY_CHARS` are not counted (chrome lines are short; long lines are prose).

Exact duplicate documents (the same text, hashed to 8 bytes) count once per source.

Bounded memory (:class:`SourceCounts`): each source keeps at most ``max_lines`` lines. When a
source's table outgrows that, it is pruned *lossy-counting* style (Manku and Motwani, 2002): the
source's ``floor`` is raised to the smallest value that leaves at most ``max_lines // 2`` lines
whose upper bound (``count + error``) exceeds it, and the others are forgotten. A line first seen
after a prune starts with ``error = floor`` (it may have occurred that many times unseen). The
guarantees, per source:

* every line that occurred in more than ``floor`` documents is in the table;
* for every line in the table, ``count <= true count <= count + error`` (and ``error <= floor``);
* template decisions use the lower bound ``count``, so pruning can hide a template line but never
  invent one. With at most ``L`` counted lines per document, ``floor`` stays below about
  ``2 * L * documents / max_lines``: with the default 1000 and 40 lines a page, a line on more
  than 8% of a source's pages is always kept, far below the default ``min_share``.

While no source was pruned (``floor == 0`` everywhere), counts are exact and
``merge(learn(A), learn(B)) == learn(A + B)`` for shards with no document in common. After
pruning, a merge adds the floors (the error bounds add up). Shard by a hash of the document to
keep duplicates in one shard.

The profile file is JSON written by :func:`dumps`, sorted keys throughout. Per source:
``documents``, ``duplicates``, ``floor``, ``lines`` (the template lines, for review: ``line``,
``count``, ``share``, and ``error`` when nonzero) and ``tail`` (the other counted lines as
``[line, count]`` or ``[line, count, error]``, kept so that profiles can be merged), each list
sorted by count (descending) then line; shares are rounded to 4 decimals. The same input gives a
byte-identical file. A *compact* profile (``"compact": true``, ``cleantext learn --compact``)
has no tails: it is what you ship to the cleaners (the tails dominate the size), not what you
merge.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cleantext import lines as _lines

#: Identifies the file format (and its version) in the ``format`` field.
FORMAT = "cleantext-profile/1"
#: Lines whose key is longer than this are not counted (prose, not chrome).
MAX_KEY_CHARS = 250
#: Default minimum number of a source's distinct documents a template line occurs in.
DEFAULT_MIN_DOCS = 3
#: Default minimum share of a source's distinct documents a template line occurs in.
DEFAULT_MIN_SHARE = 0.5
#: Default number of lines counted per source before the table is pruned.
DEFAULT_MAX_LINES = 1000

_DIGITS = re.compile(r"\d+")
_NON_WORD = re.compile(r"[\W_]+")
#: ASCII bytes: letters to lower case, digits to ``0``, everything else to a space.
_ASCII_TABLE = bytes(
    ord("0") if chr(c).isdigit() else ord(chr(c).lower()) if chr(c).isalpha() else 32
    for c in range(128)) + bytes(range(128, 256))
_ZEROS = re.compile(rb"00+")
#: First characters of a line that may start a numbered or bulleted list marker.
_MARKER_START = frozenset("•*·▪►‣◦●○■□◆◇▸▹➤→–—+o-(0123456789")  # LIST_MARKER's first characters


class ProfileError(ValueError):
    """A profile file that cannot be read, or profiles that cannot be merged."""


def line_key(line: str) -> str:
    """The key of one line (see the module docstring); ``""`` for a blank line.

    >>> line_key("  2. Page 9 of 12 —  NEXT »")
    'page 0 of 0 next'
    """
    s = line.strip()
    if not s:
        return ""
    if s[0] in _MARKER_START or s[1:2] == ")":
        m = _lines.LIST_MARKER.match(s)
        if m:
            s = s[m.end():]
    if s.isascii():  # the common case, three times as fast; same result as the general rule
        b = s.encode("ascii").translate(_ASCII_TABLE)
        if b"00" in b:
            b = _ZEROS.sub(b"0", b)
        return b" ".join(b.split()).decode("ascii")
    return _NON_WORD.sub(" ", _DIGITS.sub("0", s.casefold())).strip()


def document_keys(text: str) -> set[str]:
    """The distinct keys of a document's countable lines."""
    keys = {line_key(line) for line in text.split("\n")}
    keys.discard("")
    if any(len(k) > MAX_KEY_CHARS for k in keys):
        keys = {k for k in keys if len(k) <= MAX_KEY_CHARS}
    return keys


def document_hash(text: str) -> int:
    """An 8-byte hash of the exact text (for counting duplicate documents once)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass
class SourceCounts:
    """The counted lines of one source (see the module docstring for the guarantees).

    Attributes:
        documents: distinct documents seen.
        duplicates: exact duplicate documents seen (and not counted).
        floor: lines with at most this many occurrences may have been forgotten.
        counts: key -> documents it was counted in (a lower bound).
        errors: key -> how many occurrences it may have had before it was (re)counted; only
            nonzero errors are stored.
    """

    documents: int = 0
    duplicates: int = 0
    floor: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)

    def add_keys(self, keys: Iterable[str], max_lines: int) -> None:
        """Count one distinct document's keys."""
        self.documents += 1
        counts = self.counts
        floor = self.floor
        for key in keys:
            c = counts.get(key)
            if c is None:
                counts[key] = 1
                if floor:
                    self.errors[key] = floor
            else:
                counts[key] = c + 1
        if len(counts) > max_lines:
            self.prune(max_lines // 2)

    def prune(self, keep: int) -> None:
        """Raise ``floor`` so that at most ``keep`` lines remain, and forget the others."""
        counts, errors = self.counts, self.errors
        if len(counts) <= keep:
            return
        uppers = sorted((c + errors.get(k, 0) for k, c in counts.items()), reverse=True)
        self.floor = max(self.floor, uppers[keep])
        floor = self.floor
        gone = [k for k, c in counts.items() if c + errors.get(k, 0) <= floor]
        for key in gone:
            del counts[key]
            errors.pop(key, None)

    def share(self, count: int) -> float:
        return count / self.documents if self.documents else 0.0

    def is_template(self, count: int, min_docs: int, min_share: float) -> bool:
        return count >= min_docs and count >= min_share * self.documents


@dataclass
class Profile:
    """Per-source line counts and the thresholds that make a line template."""

    min_docs: int = DEFAULT_MIN_DOCS
    min_share: float = DEFAULT_MIN_SHARE
    max_lines: int = DEFAULT_MAX_LINES
    sources: dict[str, SourceCounts] = field(default_factory=dict)
    compact: bool = False  # only the template lines were kept: cleans, cannot be merged

    def __post_init__(self) -> None:
        check_thresholds(self.min_docs, self.min_share, self.max_lines)

    def templates(self, source: str) -> dict[str, tuple[int, float]]:
        """The template lines of ``source``: key -> (count, share); empty when unknown."""
        counts = self.sources.get(source)
        if counts is None:
            return {}
        return {k: (c, counts.share(c)) for k, c in counts.counts.items()
                if counts.is_template(c, self.min_docs, self.min_share)}


def check_thresholds(min_docs: int, min_share: float, max_lines: int) -> None:
    """Raise :class:`ValueError` for thresholds that make no sense."""
    if isinstance(min_docs, bool) or not isinstance(min_docs, int) or min_docs < 1:
        raise ValueError(f"min_docs must be a positive integer, not {min_docs!r}")
    if not 0.0 < min_share <= 1.0:
        raise ValueError(f"min_share must be in (0, 1], not {min_share!r}")
    if isinstance(max_lines, bool) or not isinstance(max_lines, int) or max_lines < 2:
        raise ValueError(f"max_lines must be an integer of at least 2, not {max_lines!r}")


class Learner:
    """Streams documents into a :class:`Profile`, in bounded memory per source.

    >>> learner = Learner(min_docs=2)
    >>> for body in ("one", "two", "three"):
    ...     _ = learner.add("example.com", "Skip to content\\n" + body + "\\n")
    >>> sorted(learner.profile.templates("example.com"))
    ['skip to content']
    """

    def __init__(self, min_docs: int = DEFAULT_MIN_DOCS, min_share: float = DEFAULT_MIN_SHARE,
                 max_lines: int = DEFAULT_MAX_LINES) -> None:
        self.profile = Profile(min_docs, min_share, max_lines)
        self._seen: dict[str, set[int]] = {}

    def add(self, source: str, text: str) -> bool:
        """Count one document of ``source``; ``False`` if it duplicates one already counted."""
        counts = self.profile.sources.get(source)
        if counts is None:
            counts = self.profile.sources[source] = SourceCounts()
            self._seen[source] = set()
        seen = self._seen[source]
        digest = document_hash(text)
        if digest in seen:
            counts.duplicates += 1
            return False
        seen.add(digest)
        counts.add_keys(document_keys(text), self.profile.max_lines)
        return True


def merge(profiles: Sequence[Profile], min_docs: int | None = None,
          min_share: float | None = None, max_lines: int | None = None) -> Profile:
    """One profile counting what all of ``profiles`` counted (see the module docstring).

    Thresholds not given must agree across the profiles (``max_lines`` defaults to the largest).
    """
    if not profiles:
        raise ProfileError("nothing to merge")
    if any(p.compact for p in profiles):
        raise ProfileError("a compact profile (written with --compact) cannot be merged: "
                           "merge the full profiles, then write the result with --compact")

    def agreed(name: str, given: Any) -> Any:
        if given is not None:
            return given
        values = {getattr(p, name) for p in profiles}
        if len(values) > 1:
            raise ProfileError(f"the profiles were learned with different {name} "
                               f"({', '.join(map(str, sorted(values)))}); choose one with "
                               f"--{name.replace('_', '-')}")
        return values.pop()

    out = Profile(agreed("min_docs", min_docs), agreed("min_share", min_share),
                  max_lines if max_lines is not None else max(p.max_lines for p in profiles))
    for name in sorted({s for p in profiles for s in p.sources}):
        parts = [p.sources[name] for p in profiles if name in p.sources]
        merged = SourceCounts()
        for part in parts:
            merged.documents += part.documents
            merged.duplicates += part.duplicates
            merged.floor += part.floor
        for key in sorted({k for part in parts for k in part.counts}):
            count = 0
            error = 0
            for part in parts:
                c = part.counts.get(key)
                if c is None:
                    error += part.floor  # it may have occurred up to floor times there
                else:
                    count += c
                    error += part.errors.get(key, 0)
            merged.counts[key] = count
            if error:
                merged.errors[key] = error
        if len(merged.counts) > out.max_lines:
            merged.prune(out.max_lines // 2)
        out.sources[name] = merged
    return out


# ---------------------------------------------------------------------------------------------
# The file


#: JSON string literal of a str, as ``json.dumps(s, ensure_ascii=False)`` writes it (fast).
_string = json.encoder.encode_basestring


def _rows(counts: SourceCounts, min_docs: int, min_share: float) -> tuple[list[str], list[str]]:
    template: list[str] = []
    other: list[str] = []
    for key, count in sorted(counts.counts.items(), key=lambda kv: (-kv[1], kv[0])):
        error = counts.errors.get(key, 0)
        if counts.is_template(count, min_docs, min_share):
            row: dict[str, Any] = {"count": count, "line": key,
                                   "share": round(counts.share(count), 4)}
            if error:
                row["error"] = error
            template.append(json.dumps(row, ensure_ascii=False, sort_keys=True))
        else:
            other.append(f"[{_string(key)}, {count}, {error}]" if error
                         else f"[{_string(key)}, {count}]")
    return template, other


def _block(rows: list[str], indent: str) -> str:
    if not rows:
        return "[]"
    inner = ",\n".join(indent + "  " + r for r in rows)
    return "[\n" + inner + "\n" + indent + "]"


def chunks(profile: Profile, compact: bool = False) -> Iterator[str]:
    """The text of :func:`dumps`, one source at a time (to write big profiles in bounded
    memory)."""
    compact = compact or profile.compact
    yield ("{\n"
           f'  "compact": {json.dumps(compact)},\n'
           f'  "format": {json.dumps(FORMAT)},\n'
           f'  "max_lines": {profile.max_lines},\n'
           f'  "min_docs": {profile.min_docs},\n'
           f'  "min_share": {json.dumps(float(profile.min_share))},\n'
           '  "sources": {')
    names = sorted(profile.sources)
    for n, name in enumerate(names):
        counts = profile.sources[name]
        template, other = _rows(counts, profile.min_docs, profile.min_share)
        if compact:
            other = []
        yield (("\n" if n == 0 else ",\n")
               + f"    {json.dumps(name, ensure_ascii=False)}: {{\n"
               f'      "documents": {counts.documents},\n'
               f'      "duplicates": {counts.duplicates},\n'
               f'      "floor": {counts.floor},\n'
               f'      "lines": {_block(template, "      ")},\n'
               f'      "tail": {_block(other, "      ")}\n'
               "    }")
    yield "\n  }\n}\n" if names else "}\n}\n"


def dumps(profile: Profile, compact: bool = False) -> str:
    """The profile as deterministic, reviewable JSON text (see the module docstring).

    ``compact`` leaves the ``tail`` out: a much smaller file that cleans the same but can no
    longer be merged.
    """
    return "".join(chunks(profile, compact))


def write(profile: Profile, stream: IO[bytes], compact: bool = False) -> None:
    """Write the text of :func:`dumps` to a binary stream, UTF-8, one source at a time."""
    for chunk in chunks(profile, compact):
        stream.write(chunk.encode("utf-8"))


def save(profile: Profile, path: Path, compact: bool = False) -> None:
    """Write the profile to ``path`` (UTF-8, ``\\n`` line endings; see :func:`dumps`)."""
    with open(path, "wb") as f:
        write(profile, f, compact)


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ProfileError(f"{what} must be a non-negative integer, not {value!r}")
    return value


def from_json(data: Any, where: str = "profile", tails: bool = True) -> Profile:
    """A :class:`Profile` from the parsed JSON of a profile file (checked).

    ``tails=False`` reads only the template lines (enough to clean; the result is compact).
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ProfileError(f"{where}: not a cleantext profile (expected \"format\": {FORMAT!r})")
    try:
        profile = Profile(data.get("min_docs", DEFAULT_MIN_DOCS),
                          float(data.get("min_share", DEFAULT_MIN_SHARE)),
                          data.get("max_lines", DEFAULT_MAX_LINES))
    except (TypeError, ValueError) as exc:
        raise ProfileError(f"{where}: {exc}") from None
    profile.compact = data.get("compact") is True or not tails
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise ProfileError(f"{where}: \"sources\" must be an object")
    for name, entry in sources.items():
        at = f"{where}: source {name!r}"
        if not isinstance(entry, dict):
            raise ProfileError(f"{at} must be an object")
        counts = SourceCounts(_int(entry.get("documents", 0), f"{at} documents"),
                              _int(entry.get("duplicates", 0), f"{at} duplicates"),
                              _int(entry.get("floor", 0), f"{at} floor"))
        for row in _entry_rows(entry, at, tails):
            key, count, error = row
            counts.counts[key] = count
            if error:
                counts.errors[key] = error
        profile.sources[name] = counts
    return profile


def _entry_rows(entry: Mapping[str, Any], at: str,
                tails: bool) -> Iterator[tuple[str, int, int]]:
    for row in entry.get("lines", []):
        if not isinstance(row, dict) or not isinstance(row.get("line"), str):
            raise ProfileError(f"{at}: bad \"lines\" row {row!r}")
        yield (row["line"], _int(row.get("count"), f"{at} count"),
               _int(row.get("error", 0), f"{at} error"))
    for row in entry.get("tail", []) if tails else ():
        if (not isinstance(row, list) or len(row) not in (2, 3)
                or not isinstance(row[0], str)):
            raise ProfileError(f"{at}: bad \"tail\" row {row!r}")
        yield (row[0], _int(row[1], f"{at} count"),
               _int(row[2] if len(row) == 3 else 0, f"{at} error"))


def load(path: Path, tails: bool = True) -> Profile:
    """Read a profile file written by :func:`save` (raises :class:`ProfileError`);
    ``tails=False``: only the template lines (see :func:`from_json`)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profile: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ProfileError(f"{path}: profile is not UTF-8 ({exc.reason})") from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ProfileError(f"{path}: profile is not valid JSON ({exc})") from None
    return from_json(data, str(path), tails)
