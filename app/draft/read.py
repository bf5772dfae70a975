"""Read quotations, and the citations attached to them, out of DOCX, Markdown, HTML and text files."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

MIN_INLINE_WORDS = 4
_QUOTE_STYLE_NAMES = {"quote", "block quotation", "quotation", "quotations", "intense quote",
                      "block text"}
_INLINE_QUOTE = re.compile(r"\u201c([^\u201c\u201d]+)\u201d|\"([^\"\n]+)\"")
_AFTER_QUOTE = re.compile(r"[.,;:!?]{0,2}\s*")
_PAREN_AFTER = re.compile(r"[.,;:!?]{0,2}\s*\(([^()]+)\)")
_TRAILING_PAREN = re.compile(r"\s+\(([^()]+)\)\s*$")
_PAGE_REF = re.compile(r"\bpp?\.\s*\d")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class _Unit:
    """One paragraph-like piece of a document with its note references taken out."""

    text: str
    is_block: bool
    location: str
    markers: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, citation)


def read_quotations(path: Path) -> list[dict]:
    """Quotations in a DOCX, Markdown, HTML or plain-text file, in reading order.

    Each is {"quote": str, "citation": str | None, "location": "paragraph N"}; a
    citation is the text of the footnote/endnote referenced right after the quote
    (without the note's closing full stop) or of a parenthetical citation.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"cannot read quotations: there is no file at {path}")
    readers = {".docx": _docx_units, ".md": _md_units, ".markdown": _md_units,
               ".html": _html_units, ".htm": _html_units, ".txt": _text_units, ".text": _text_units}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ValueError(f"cannot read quotations from {path.name}: use a .docx, .md, .html "
                         f"or .txt file")
    return [q for unit in reader(path) for q in _quotes_in(unit)]


def _inline_matches(text: str) -> list[re.Match]:
    return [m for m in _INLINE_QUOTE.finditer(text) if len((m.group(1) or m.group(2)).split()) >= MIN_INLINE_WORDS]


def inline_quotations(text: str) -> list[tuple[str, int, int]]:
    """Quotations typed inside a paragraph ("…" or “…”, four words or more) as (words, start, end),
    the offsets of the words inside the marks: what quote-check reads from a file, and what the
    app's live check finds in paragraphs typed by hand."""
    out = []
    for m in _inline_matches(text):
        group = 1 if m.group(1) is not None else 2
        out.append((_clean(m.group(group)), m.start(group), m.end(group)))
    return out


def citation_after(text: str, end: int) -> str | None:
    """The parenthetical citation right after a quotation whose closing mark ends at offset end
    ("… p. 1.” (Human Rights Watch, 006, 14 January 2013, p. 1)"), as quote-check reads it from a file
    when the quotation has no note, and the app's live check from a paragraph typed by hand."""
    paren = _PAREN_AFTER.match(text, end)
    return paren.group(1).strip() if paren else None


def _clean(text: str) -> str:
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _note_text(text: str) -> str:
    text = _clean(text).replace("\n", " ")
    return text[:-1] if text.endswith(".") else text


def _quotes_in(unit: _Unit) -> list[dict]:
    text = unit.text
    if unit.is_block:
        citation = unit.markers[0][1] if unit.markers else None
        if citation is None:
            found = _TRAILING_PAREN.search(text)
            before = text[:found.start()].rstrip() if found else ""
            if found and (_PAGE_REF.search(found.group(1)) or before[-1:] in ".!?…]\u201d\"'"):
                citation, text = found.group(1).strip(), before
        quote = _clean(text)
        if len(quote) >= 2 and quote[0] in "\u201c\"" and quote[-1] in "\u201d\"" \
                and not re.search("[\u201c\u201d\"]", quote[1:-1]):
            quote = quote[1:-1].strip()
        return [{"quote": quote, "citation": citation, "location": unit.location}] if quote else []
    quotes = []
    for match in _inline_matches(text):
        quote = _clean(match.group(1) or match.group(2))
        after = match.end() + _AFTER_QUOTE.match(text, match.end()).end() - match.end()
        citation = next((c for offset, c in unit.markers if match.end() <= offset <= after), None)
        if citation is None:
            citation = citation_after(text, match.end())
        quotes.append({"quote": quote, "citation": citation, "location": unit.location})
    return quotes


# -- DOCX --------------------------------------------------------------------------

def _docx_units(path: Path) -> list[_Unit]:
    import docx  # only DOCX reading needs it
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from lxml import etree

    from app.draft.export import SOURCE_STYLE

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for bad files
        raise ValueError(f"{path.name} is not a Word document that can be opened ({exc})") from None
    notes: dict[tuple[str, str], str] = {}
    for kind, reltype in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES)):
        for rel in document.part.rels.values():
            if rel.reltype == reltype and not rel.is_external:
                root = etree.fromstring(rel.target_part.blob)
                for note in root.iter(f"{_W}{kind}"):
                    body = "".join(t.text or "" for t in note.iter(f"{_W}t"))
                    notes[(kind, note.get(f"{_W}id"))] = _note_text(body)
    style_names = {s.style_id: s.name.lower() for s in document.styles if s.style_id}
    source_ids = {sid for sid, name in style_names.items() if name == SOURCE_STYLE.lower()}

    units: list[_Unit] = []
    counters = {"paragraph": 0, "table": 0}

    def paragraph(p, location: str | None) -> None:
        unit = _docx_paragraph(p, notes, source_ids)
        if not unit.text.strip():
            return
        if location is None:
            counters["paragraph"] += 1
            location = f"paragraph {counters['paragraph']}"
        unit.location = location
        style = p.find(f"{_W}pPr/{_W}pStyle")
        name = style_names.get(style.get(f"{_W}val"), "") if style is not None else ""
        indent = p.find(f"{_W}pPr/{_W}ind")
        left = indent.get(f"{_W}left") or indent.get(f"{_W}start") if indent is not None else None
        numbered = p.find(f"{_W}pPr/{_W}numPr") is not None or "list" in name
        unit.is_block = name in _QUOTE_STYLE_NAMES or (
            not numbered and left is not None and left.lstrip("-").isdigit() and int(left) >= 425)
        units.append(unit)

    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph(child, None)
        elif child.tag == f"{_W}tbl":
            counters["table"] += 1
            for r, row in enumerate(child.iterchildren(f"{_W}tr"), start=1):
                for c, cell in enumerate(row.iterchildren(f"{_W}tc"), start=1):
                    for p in cell.iter(f"{_W}p"):
                        paragraph(p, f"table {counters['table']}, row {r}, column {c}")
    return units


def _docx_paragraph(p, notes: dict, source_ids: set) -> _Unit:
    parts: list[str] = []
    markers: list[tuple[int, str]] = []
    for run in p.iter(f"{_W}r"):
        if any(a.tag in (f"{_W}del", f"{_W}moveFrom") for a in run.iterancestors()):
            continue
        style = run.find(f"{_W}rPr/{_W}rStyle")
        if style is not None and style.get(f"{_W}val") in source_ids:
            cited = "".join(t.text or "" for t in run.iter(f"{_W}t")).strip()
            markers.append((len("".join(parts)), cited[1:-1] if cited.startswith("(") else cited))
            continue
        for item in run:
            tag = item.tag[len(_W):] if item.tag.startswith(_W) else ""
            if tag == "t":
                parts.append(item.text or "")
            elif tag == "tab":
                parts.append("\t")
            elif tag in ("br", "cr"):
                parts.append("\n")
            elif tag == "noBreakHyphen":
                parts.append("-")
            elif tag in ("footnoteReference", "endnoteReference"):
                note = notes.get((tag[:-9], item.get(f"{_W}id")))
                if note is not None:
                    markers.append((len("".join(parts)), note))
    return _Unit("".join(parts), False, "", markers)


# -- Markdown and plain text ---------------------------------------------------------

_MD_NOTE_DEF = re.compile(r"^\[\^([^\]]+)\]:\s?(.*)$")
_MD_LINK = re.compile(r"(?<!\\)!?\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_MD_TOKEN = re.compile(r"\\([!-/:-@\[-`{-~])|\\\n|  +\n|\[\^([^\]]+)\]|<br\s*/?>|&#?\w+;"
                       r"|(?<![\w*])\*{1,3}(?=\S)|(?<=\S)\*{1,3}|(?<!\w)_{1,3}(?=\S)|(?<=\S)_{1,3}(?!\w)"
                       r"|\n", re.IGNORECASE)


def _md_inline(source: str, notes: dict[str, str]) -> tuple[str, list[tuple[int, str]]]:
    """Markdown inline text to plain text, with the offsets of footnote references."""
    source = _MD_LINK.sub(r"\1", source)
    out: list[str] = []
    markers: list[tuple[int, str]] = []
    pos = 0
    for token in _MD_TOKEN.finditer(source):
        out.append(source[pos:token.start()])
        pos = token.end()
        raw = token.group(0)
        if token.group(1):
            out.append(token.group(1))
        elif token.group(2):
            if token.group(2) in notes:
                markers.append((len("".join(out)), notes[token.group(2)]))
        elif raw.endswith("\n") and raw != "\n" or raw.lower().startswith("<br"):
            out.append("\n")  # hard line break
        elif raw == "\n":
            out.append(" ")
        elif raw.startswith("&"):
            out.append(html.unescape(raw))
    out.append(source[pos:])
    return "".join(out), markers


def _md_units(path: Path) -> list[_Unit]:
    lines = _read_text_file(path).split("\n")
    notes: dict[str, str] = {}
    kept: list[str] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            kept.append("")
            continue
        definition = _MD_NOTE_DEF.match(line) if not in_fence else None
        if definition is None:
            kept.append("" if in_fence else line)
            continue
        body = [definition.group(2)]
        kept.append("")
        while i < len(lines) and lines[i].startswith(("    ", "\t")):
            body.append(lines[i].strip())
            kept.append("")
            i += 1
        notes[definition.group(1)] = _note_text(_md_inline(" ".join(body), {})[0])
    units: list[_Unit] = []
    for block in _md_blocks(kept):
        quoted = all(re.match(r"^ {0,3}>", line) for line in block)
        if quoted:
            body = "\n".join(re.sub(r"^ {0,3}> ?", "", line) for line in block)
            paras = [p for p in re.split(r"\n\s*\n", body) if p.strip()]
            pieces = [_md_inline(p, notes) for p in paras]
            text, markers = "", []
            for piece, marks in pieces:
                markers += [(offset + len(text), c) for offset, c in marks]
                text += piece + "\n"
            units.append(_Unit(text.rstrip("\n"), True, "", markers))
            continue
        if all(line.lstrip().startswith("|") for line in block):
            rows = [line for line in block if not re.match(r"^\s*\|[\s:|-]+\|\s*$", line)]
            for row in rows:
                cells = re.split(r"(?<!\\)\|", row.strip().strip("|"))
                text, markers = _md_inline(" \u2003 ".join(cells), notes)
                units.append(_Unit(text, False, "", markers))
            continue
        source = "\n".join(re.sub(r"^\s*(#{1,6}\s+|[-+*]\s+|\d+[.)]\s+)", "", line) for line in block)
        text, markers = _md_inline(source, notes)
        units.append(_Unit(text, False, "", markers))
    return _numbered(units)


def _md_blocks(lines: list[str]) -> list[list[str]]:
    """Group lines into blank-line separated blocks, keeping a "> " quotation together."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        is_quote = bool(re.match(r"^ {0,3}>", line))
        if not line.strip() or (current and is_quote != bool(re.match(r"^ {0,3}>", current[-1]))):
            if current:
                blocks.append(current)
            current = [line] if line.strip() else []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


def _text_units(path: Path) -> list[_Unit]:
    text = _read_text_file(path)
    notes: dict[str, str] = {}
    for match in re.finditer(r"(?m)^\[\^?(\d+)\]:?[ \t]+(.+)$", text):
        notes[match.group(1)] = _note_text(match.group(2))
    units = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines or re.match(r"^\[\^?\d+\]:?[ \t]", lines[0]):
            continue
        is_block = all(ln.startswith(("    ", "\t", ">")) for ln in lines)
        body = "\n".join(re.sub(r"^(?:>\s?|\s+)", "", ln) if is_block else ln for ln in lines)
        if not is_block:
            body = re.sub(r"\s*\n\s*", " ", body)
        markers: list[tuple[int, str]] = []
        out: list[str] = []
        pos = 0
        for ref in re.finditer(r"\[\^?(\d+)\]", body):
            out.append(body[pos:ref.start()])
            pos = ref.end()
            if ref.group(1) in notes:
                markers.append((len("".join(out)), notes[ref.group(1)]))
            else:
                out.append(ref.group(0))
        out.append(body[pos:])
        units.append(_Unit("".join(out), is_block, "", markers))
    return _numbered(units)


def _numbered(units: list[_Unit]) -> list[_Unit]:
    units = [u for u in units if u.text.strip()]
    for n, unit in enumerate(units, start=1):
        unit.location = f"paragraph {n}"
    return units


def _read_text_file(path: Path) -> str:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # old Windows exports
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- HTML --------------------------------------------------------------------------

_VOID = {"br", "img", "hr", "meta", "link", "input", "col", "area", "base", "wbr", "source"}
_UNIT_TAGS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt",
              "figcaption", "pre", "address"}
_SKIP = {"script", "style", "head", "template", "noscript"}


class _Node:
    def __init__(self, tag: str, attrs: dict, parent: _Node | None) -> None:
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(_Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:  # a stray end tag closes nothing
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def _html_units(path: Path) -> list[_Unit]:
    builder = _TreeBuilder()
    builder.feed(_read_text_file(path))
    builder.close()
    by_id: dict[str, _Node] = {}
    stack = [builder.root]
    while stack:
        node = stack.pop()
        if node.attrs.get("id"):
            by_id.setdefault(node.attrs["id"], node)
        stack.extend(c for c in node.children if isinstance(c, _Node))
    note_ids: set[str] = set()
    units: list[_Unit] = []

    def note_target(node: _Node) -> str | None:
        anchors = [node] if node.tag == "a" else [c for c in node.children
                                                   if isinstance(c, _Node) and c.tag == "a"]
        for a in anchors:
            href = a.attrs.get("href", "")
            if href.startswith("#") and href[1:] in by_id:
                return href[1:]
        return None

    def collect(node: _Node, out: list[str], markers: list, in_quote: bool) -> None:
        for child in node.children:
            if isinstance(child, str):
                out.append(re.sub(r"\s+", " ", child))
                continue
            tag = child.tag
            if tag in _SKIP or "backref" in child.attrs.get("class", ""):
                continue
            if tag == "br":
                out.append("\n")
            elif tag in ("sup", "a") and (tag == "sup" or "noteref" in child.attrs.get("role", "")
                                          + child.attrs.get("class", "")) and note_target(child):
                target = note_target(child)
                note_ids.add(target)
                markers.append((len("".join(out)), ("#", target)))
            elif tag == "cite" and (in_quote or _ends_with_quote("".join(out))):
                cited = _clean(_plain(child)).strip()
                markers.append((len("".join(out)), cited[1:-1] if cited.startswith("(") else cited))
            elif tag == "q":
                out.append("\u201c")
                collect(child, out, markers, in_quote)
                out.append("\u201d")
            elif tag == "p" and in_quote:
                out.append("\n")
                collect(child, out, markers, in_quote)
                out.append("\n")
            else:
                collect(child, out, markers, in_quote)

    def walk(node: _Node) -> None:
        for child in node.children:
            if not isinstance(child, _Node) or child.tag in _SKIP:
                continue
            if child.tag == "blockquote" or child.tag in _UNIT_TAGS and not _has_blocks(child):
                out: list[str] = []
                markers: list = []
                collect(child, out, markers, child.tag == "blockquote")
                text = "".join(out)
                # The element's id stands in for the location until notes are known.
                units.append(_Unit(text, child.tag == "blockquote", child.attrs.get("id", ""),
                                   markers))
            else:
                walk(child)

    walk(builder.root)
    resolved = []
    for unit in units:
        if unit.location and unit.location in note_ids:
            continue  # the text of a note, not part of the letter
        unit.markers = [(offset, _note_text(_plain(by_id[c[1]])) if isinstance(c, tuple) else c)
                        for offset, c in unit.markers]
        unit.text = unit.text.strip("\n ") if not unit.is_block else unit.text
        resolved.append(unit)
    return _numbered(resolved)


def _has_blocks(node: _Node) -> bool:
    return any(isinstance(c, _Node) and (c.tag in _UNIT_TAGS or c.tag in ("blockquote", "ul",
               "ol", "table", "div")) for c in node.children)


def _ends_with_quote(text: str) -> bool:
    return bool(re.search(r"[\u201d\"][.,;:!?]{0,2}\s*$", text))


def _plain(node: _Node) -> str:
    parts = []
    for child in node.children:
        if isinstance(child, str):
            parts.append(child)
        elif child.tag not in _SKIP and "backref" not in child.attrs.get("class", "") \
                and child.tag != "sup":
            parts.append("\n" if child.tag == "br" else _plain(child))
    return re.sub(r"[ \t\r\n]+", " ", "".join(parts)).replace("\u21a9", "").strip()
