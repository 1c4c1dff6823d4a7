"""Which source (site) a document comes from: a JSONL field, its folder, or its file name.

``cleantext learn`` groups documents by source with these rules and the clean command looks the
profile up with the same ones, so a profile learned on a corpus applies to the same corpus:

* ``--source NAME``: every document is from ``NAME``;
* a JSONL record: its ``--source-field`` value; a value that looks like a URL (or a bare host
  name) gives its *registered domain* (:func:`registered_domain`);
* a text file: the first group (or the group named ``source``) of ``--source-pattern`` searched
  in the file name; without a pattern, the name of the file's folder.

Anything else (no field, no match, standard input) has no source: it gets no learned drops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: Second-level labels under which registrations happen one level deeper (``bbc.co.uk``):
#: a short, documented heuristic instead of the full Public Suffix List.
SECOND_LEVEL = frozenset({
    "ac", "co", "com", "edu", "gov", "gv", "ltd", "me", "mil", "net", "ne", "nic", "nom", "or",
    "org", "plc", "sch", "go", "gob", "govt", "in", "info", "ind", "gen", "web",
})

_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)+\.?(?::\d+)?$")


def registered_domain(value: str) -> str:
    """The registered domain of a URL or host name, lower-cased; other values unchanged.

    The last two labels of the host, or the last three when the second-to-last label is a
    common second-level label (``co``, ``com``, ``org``, ``ac``, ``gov``, ...) under a two-letter
    country code, as in ``bbc.co.uk``, ``smh.com.au`` or ``asahi.co.jp``. ``www.`` and ports
    go. A value that is not a URL or host (``"Reuters"``) is returned stripped, as it is.

    >>> registered_domain("https://www.bbc.co.uk/news/uk-123")
    'bbc.co.uk'
    >>> registered_domain("https://edition.cnn.com/2019/01/01/x.html")
    'cnn.com'
    >>> registered_domain("news.example.org:8080")
    'example.org'
    >>> registered_domain("Reuters")
    'Reuters'
    """
    text = value.strip()
    host: str | None = None
    if "://" in text:
        host = urlsplit(text).hostname
    elif _HOST.match(text.split("/", 1)[0]):
        host = urlsplit("//" + text).hostname
    if not host:
        return text
    host = host.rstrip(".").lower()
    labels = [label for label in host.split(".") if label]
    if len(labels) <= 2 or all(label.isdigit() for label in labels):
        return host
    if len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def source_of_value(value: object) -> str | None:
    """The source a record's source field names: a URL or host gives its registered domain;
    ``None`` for a missing, blank or non-string value."""
    if not isinstance(value, str) or not value.strip():
        return None
    return registered_domain(value) or None


def add_source_arguments(group: Any) -> None:
    """Add ``--source-field`` and ``--source-pattern``, which ``cleantext learn`` and the clean
    command share (``group``: an argparse parser or argument group)."""
    group.add_argument("--source-field", metavar="NAME",
                       help="JSONL: the record field naming each document's source (a URL "
                            "gives its registered domain)")
    group.add_argument("--source-pattern", metavar="REGEX",
                       help="text files: the source is the group named 'source' (or the "
                            "first group) of REGEX searched in the file name (default: the "
                            "folder name)")


@dataclass(frozen=True)
class SourceRule:
    """How to name the source of each document (see the module docstring).

    Attributes:
        fixed: every document's source (``--source``).
        field: the JSONL record field holding the source (``--source-field``).
        pattern: a regex searched in a text file's name (``--source-pattern``).
        folders: without a pattern, a text file's source is its folder's name.
    """

    fixed: str | None = None
    field: str | None = None
    pattern: re.Pattern[str] | None = None
    folders: bool = True

    @classmethod
    def build(cls, fixed: str | None = None, field: str | None = None,
              pattern: str | None = None, folders: bool = True) -> SourceRule:
        """A rule from command-line values; a bad pattern raises :class:`ValueError`."""
        compiled = None
        if pattern is not None:
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"--source-pattern {pattern!r} is not a valid regex: "
                                 f"{exc}") from None
        return cls(fixed, field, compiled, folders)

    def for_path(self, path: Path | None) -> str | None:
        """The source of a text file (``None`` for standard input or no match)."""
        if self.fixed is not None:
            return self.fixed
        if path is None:
            return None
        if self.pattern is not None:
            m = self.pattern.search(path.name)
            if m is None:
                return None
            if "source" in self.pattern.groupindex:
                found = m.group("source")
            else:
                found = m.group(1) if self.pattern.groups else m.group(0)
            return found or None
        if self.folders:
            return Path(path).resolve().parent.name or None
        return None

    def for_record(self, record: dict[str, Any]) -> str | None:
        """The source of a JSONL record (``None`` without a usable field)."""
        if self.fixed is not None:
            return self.fixed
        if self.field is None:
            return None
        return source_of_value(record.get(self.field))
