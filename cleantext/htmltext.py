"""Rendering a whole HTML page to plain text, one block a line (standard library only).

This is the fallback of :func:`cleantext.clean_html` when trafilatura finds no main text: the
page is rendered whole, chrome included, and cleantext's rules and model do all the work (the
line model was trained on renderings of this kind). Script, style, noscript, template, head and
svg content is skipped, as are elements marked ``hidden`` or styled ``display:none``. Block
elements start a new line, list items are written ``  • item``, whitespace is collapsed and no
line is empty.
"""

from __future__ import annotations

from html.parser import HTMLParser

import regex

#: Elements whose content is never text of the page.
SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
#: Elements that start and end a block (a line of their own).
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main", "menu",
    "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "ul",
})
#: Elements without an end tag (never pushed on the skip stack).
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
BULLET = "  • "

_SPACE = regex.compile(r"\s+")
_HIDDEN_STYLE = regex.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", regex.IGNORECASE)


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._parts: list[str] = []
        self._prefix = ""
        self._skip: list[str] = []  # open elements whose content is skipped (outermost first)

    def _flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self._parts)).strip()
        if text:
            self.lines.append(self._prefix + text)
        self._parts = []
        self._prefix = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip:
            if tag == self._skip[-1] and tag not in VOID:
                self._skip.append(tag)
            return
        style = next((v or "" for k, v in attrs if k == "style"), "")
        hidden = any(k == "hidden" for k, _ in attrs) or bool(_HIDDEN_STYLE.search(style))
        if tag in SKIP or (hidden and tag not in VOID):
            self._skip.append(tag)
            return
        if tag in BLOCK:
            self._flush()
            if tag == "li":
                self._prefix = BULLET
        elif tag == "img":
            return

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if tag == self._skip[-1]:
                self._skip.pop()
            return
        if tag in BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def render(html: str) -> str:
    """The text of a whole page, one block a line, ending with a newline (``""`` if none)."""
    parser = _Renderer()
    parser.feed(html)
    parser.close()
    return "".join(line + "\n" for line in parser.lines)
