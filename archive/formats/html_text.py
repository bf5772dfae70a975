"""HTML mail bodies as plain text: paragraphs kept, quoted blocks (<blockquote>) marked with "> "."""
from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = {"p", "div", "section", "article", "header", "footer", "ul", "ol", "table", "tr", "h1", "h2", "h3",
          "h4", "h5", "h6", "pre", "hr", "address", "center", "dl", "dt", "dd", "blockquote", "li"}
_SKIP = {"style", "script", "head", "title", "xml", "o:p"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[tuple[int, str]] = []     # (quote depth, text)
        self.current: list[str] = []
        self.depth = 0
        self.skip = 0
        self.pre = 0

    def _flush(self, blank: bool = False) -> None:
        text = "".join(self.current)
        self.current = []
        if self.pre:
            for line in text.split("\n"):
                self.lines.append((self.depth, line.rstrip()))
        else:
            text = " ".join(text.split())
            if text:
                self.lines.append((self.depth, text))
        if blank and self.lines and self.lines[-1][1] != "":
            self.lines.append((self.depth, ""))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag == "br":
            self._flush()
        elif tag in _BLOCK:
            self._flush(blank=tag in ("p", "blockquote", "table", "h1", "h2", "h3", "hr", "ul", "ol"))
            if tag == "blockquote":
                self.depth += 1
            elif tag == "pre":
                self.pre += 1
            elif tag == "li":
                self.current.append("• ")
        elif tag in ("td", "th") and self.current:
            self.current.append("  ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self._flush(blank=tag in ("p", "blockquote", "table", "h1", "h2", "h3", "ul", "ol"))
            if tag == "blockquote":
                self.depth = max(0, self.depth - 1)
            elif tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML body; lines inside <blockquote> start with "> " (once per level)."""
    parser = _Text()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser copes with nearly anything; keep what was read
        pass
    parser._flush()
    out = [("> " * depth if text else ">" * depth) + text for depth, text in parser.lines]
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")
