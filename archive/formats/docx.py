"""Word letters (.docx) read with python-docx: headings, paragraphs, tables and footnotes, in order."""
from __future__ import annotations

import io
import zipfile

from ..pdftext import ExtractionError
from .render import Block, clean_text

_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def read_docx(data: bytes) -> tuple[list[Block], dict]:
    """(blocks in reading order, document properties as PDF-style metadata)."""
    import docx
    from docx.oxml.ns import qn
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ExtractionError(f"damaged: the Word file cannot be opened ({_reason(exc)})") from None
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise several types for broken files
        raise ExtractionError(f"damaged: the Word file cannot be opened ({_reason(exc)})") from None
    blocks: list[Block] = []
    try:
        header = document.sections[0].header if document.sections else None
        if header is not None and not header.is_linked_to_previous:
            lines = [clean_text(p.text).strip() for p in header.paragraphs]
            if any(lines):
                blocks.append(Block("meta", "\n".join(line for line in lines if line)))
    except Exception:  # noqa: BLE001 - a letterhead we cannot read is left out, not fatal
        pass
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            block = _paragraph(child, qn)
            if block is not None:
                blocks.append(block)
        elif child.tag == qn("w:tbl"):
            rows = _table(child, qn)
            if rows:
                blocks.append(Block("table", rows=rows))
    notes = _footnotes(document, qn)
    if notes:
        blocks.append(Block("rule", "—"))
        blocks.extend(Block("note", f"[{n}] {text}") for n, text in notes)
    return blocks, _properties(document)


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0][:120] if text else "") or type(exc).__name__


def _paragraph(p, qn) -> Block | None:
    parts: list[str] = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:footnoteReference")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append(" ")
        elif node.tag == qn("w:br"):
            parts.append("\n")
        else:
            parts.append(f"[{node.get(qn('w:id'))}]")
    text = clean_text("".join(parts)).strip()
    if not text:
        return None
    style = ""
    ppr = p.find(qn("w:pPr"))
    if ppr is not None and (ps := ppr.find(qn("w:pStyle"))) is not None:
        style = (ps.get(qn("w:val")) or "").lower()
    if style in ("title", "heading1"):
        return Block("h1", text)
    if style == "heading2":
        return Block("h2", text)
    if style.startswith("heading"):
        return Block("h3", text)
    return Block("p", text)


def _table(tbl, qn) -> list[list[str]]:
    rows = []
    for tr in tbl.iter(qn("w:tr")):
        cells = []
        for tc in tr.iter(qn("w:tc")):
            text = " ".join("".join(t.text or "" for t in para.iter(qn("w:t"))) for para in tc.iter(qn("w:p")))
            cells.append(" ".join(clean_text(text).split()))
        if any(cells):
            rows.append([c or " " for c in cells])
    return rows


def _footnotes(document, qn) -> list[tuple[str, str]]:
    from lxml import etree
    for rel in document.part.rels.values():
        if rel.reltype == _FOOTNOTES and not rel.is_external:
            try:
                root = etree.fromstring(rel.target_part.blob)
            except Exception:  # noqa: BLE001 - unreadable footnotes are left out
                return []
            out = []
            for note in root.iter(qn("w:footnote")):
                number = note.get(qn("w:id"))
                if note.get(qn("w:type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = " ".join(clean_text("".join(t.text or "" for t in note.iter(qn("w:t")))).split())
                if text:
                    out.append((number, text))
            return out
    return []


def _properties(document) -> dict:
    meta: dict = {}
    try:
        core = document.core_properties
        if core.title:
            meta["title"] = core.title.strip()
        if core.author:
            meta["author"] = core.author.strip()
        if core.created:
            meta["creationDate"] = core.created.strftime("D:%Y%m%d%H%M%S")
        if core.modified:
            meta["modDate"] = core.modified.strftime("D:%Y%m%d%H%M%S")
    except Exception:  # noqa: BLE001 - broken properties are not worth failing a letter for
        pass
    return meta
