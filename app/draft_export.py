"""Export a follow-up letter draft to DOCX (real footnotes), PDF, Markdown or HTML."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import docx
import pymupdf
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from archive.atomic import atomic_path

from app.draft_model import Appendix, AppendixRow, Draft, Paragraph, Quote, Run, human_date

FORMATS = ("docx", "pdf", "md", "html")
# Paragraph style of block quotations and character style of parenthetical
# citations in DOCX files; draft_read relies on them to read quotes back exactly.
QUOTE_STYLE = "Block Quotation"
SOURCE_STYLE = "Quotation Source"
APPENDIX_HEADERS = ("Undertaking", "Made by / when", "Source",
                    "Status (date, evidence)", "Open questions")
BODY_FONT = "Cambria"


def export_draft(draft: Draft, fmt: str, path: Path) -> None:
    """Write draft to path as fmt ("docx", "pdf", "md" or "html"), all or nothing."""
    writers = {"docx": _write_docx, "pdf": _write_pdf, "md": _write_md, "html": _write_html}
    if fmt not in writers:
        raise ValueError(f"cannot export a draft as {fmt!r}; choose one of {', '.join(FORMATS)}")
    if not isinstance(draft, Draft):
        raise TypeError(f"export_draft needs a Draft, not {type(draft).__name__}")
    draft.__post_init__()  # blocks may have been changed since the draft was made
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot export to {path}: the folder {path.parent} does not exist")
    # Write next to the target and rename, so a failure never leaves a half-written file.
    with atomic_path(path) as tmp:
        writers[fmt](draft, tmp)


# -- shared layout ---------------------------------------------------------------

def _letter_order(draft: Draft) -> tuple[list, list[Appendix]]:
    """Blocks that go before the closing, and appendices that follow the signatures."""
    blocks = list(draft.blocks)
    trailing: list[Appendix] = []
    while blocks and isinstance(blocks[-1], Appendix):
        trailing.insert(0, blocks.pop())
    return blocks, trailing


def _sender_lines(draft: Draft) -> list[str]:
    # The last line of a signatory entry is usually the organisation; show each once.
    seen: list[str] = []
    for entry in draft.from_:
        lines = [line.strip() for line in entry.splitlines() if line.strip()]
        if lines and lines[-1] not in seen:
            seen.append(lines[-1])
    return seen


def _status_parts(row: AppendixRow) -> tuple[str, str, str]:
    when = f"as of {human_date(row.status_date)}" if row.status_date else ""
    evidence = f"Evidence: {row.status_evidence}" if row.status_evidence else ""
    return row.status, when, evidence


def _made_parts(row: AppendixRow) -> list[str]:
    return [p for p in (row.made_by, human_date(row.made_on)) if p]


def _curly(text: str) -> str:
    return f"\u201c{text}\u201d"


# -- DOCX ------------------------------------------------------------------------

class _DocxNotes:
    """Collects footnotes or endnotes and adds them to the package as a real part."""

    def __init__(self, document, kind: str) -> None:
        self.document, self.kind, self.texts = document, kind, []
        self.title = kind.capitalize()

    def reference(self, paragraph, text: str) -> None:
        self.texts.append(text)
        run = paragraph.add_run(style=f"{self.title} Reference")
        ref = OxmlElement(f"w:{self.kind}Reference")
        ref.set(qn("w:id"), str(len(self.texts)))
        run._r.append(ref)

    def attach(self) -> None:
        if not self.texts:
            return
        kind, title = self.kind, self.title
        special = "".join(
            f'<w:{kind} w:type="{t}" w:id="{i}"><w:p><w:pPr><w:spacing w:after="0" '
            f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{t}/></w:r></w:p></w:{kind}>'
            for i, t in ((-1, "separator"), (0, "continuationSeparator")))
        notes = "".join(
            f'<w:{kind} w:id="{n}"><w:p><w:pPr><w:pStyle w:val="{title}Text"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{title}Reference"/></w:rPr><w:{kind}Ref/></w:r>'
            f'<w:r><w:t xml:space="preserve"> {xml_escape(text)}</w:t></w:r></w:p></w:{kind}>'
            for n, text in enumerate(self.texts, start=1))
        element = parse_xml(f"<w:{kind}s {nsdecls('w', 'r')}>{special}{notes}</w:{kind}s>")
        content_type = CT.WML_FOOTNOTES if kind == "footnote" else CT.WML_ENDNOTES
        reltype = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
        main = self.document.part
        part = XmlPart(PackURI(f"/word/{kind}s.xml"), content_type, element, main.package)
        main.relate_to(part, reltype)
        # Word expects settings to name the separator notes.
        settings = self.document.settings.element
        # Endnotes end the letter's own section, so they come before a landscape appendix.
        position = '<w:pos w:val="sectEnd"/>' if kind == "endnote" else ""
        props = parse_xml(f'<w:{kind}Pr {nsdecls("w")}>{position}<w:{kind} w:id="-1"/>'
                          f'<w:{kind} w:id="0"/></w:{kind}Pr>')
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(props)
        else:
            settings.append(props)


def _docx_styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15
    for name, size in (("Heading 1", 13), ("Heading 2", 11.5)):
        heading = styles[name]
        heading.font.name, heading.font.size = BODY_FONT, Pt(size)
        heading.font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
        heading.font.italic = False
        fonts = heading.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # theme fonts would override the serif
        heading.paragraph_format.space_before, heading.paragraph_format.space_after = Pt(14), Pt(6)
    quote = styles.add_style(QUOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = normal
    quote.font.size = Pt(10.5)
    fmt = quote.paragraph_format
    fmt.left_indent, fmt.right_indent = Cm(1.25), Cm(1.25)
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(4), Pt(10), 1.1
    for kind in ("Footnote", "Endnote"):
        text = styles.add_style(f"{kind} Text", WD_STYLE_TYPE.PARAGRAPH)
        text.base_style = normal
        text.font.size = Pt(9)
        text.paragraph_format.space_after, text.paragraph_format.line_spacing = Pt(2), 1.0
        ref = styles.add_style(f"{kind} Reference", WD_STYLE_TYPE.CHARACTER)
        ref.font.superscript = True
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb, link.font.underline = RGBColor(0x1F, 0x4E, 0x99), True
    styles.add_style(SOURCE_STYLE, WD_STYLE_TYPE.CHARACTER)


def _docx_page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for piece in ("Page ", "PAGE", " of ", "NUMPAGES"):
        if piece.isupper():
            field = parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="{piece}"><w:r><w:rPr>'
                              f'<w:sz w:val="17"/><w:color w:val="666666"/></w:rPr>'
                              f'<w:t>1</w:t></w:r></w:fldSimple>')
            paragraph._p.append(field)
        else:
            run = paragraph.add_run(piece)
            run.font.size, run.font.color.rgb = Pt(8.5), RGBColor(0x66, 0x66, 0x66)


def _docx_text(paragraph, text: str, bold=False, italic=False, size=None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if size:
        run.font.size = Pt(size)
    return run


def _docx_lines(document, lines: list[str], align=None, bold_first=False, space_after=8):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    for i, line in enumerate(lines):
        run = _docx_text(paragraph, line, bold=bold_first and i == 0)
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def _docx_cite(paragraph, notes: _DocxNotes | None, quote: Quote) -> None:
    if notes is None:
        paragraph.add_run(f" ({quote.citation.text()})", style=SOURCE_STYLE)
    else:
        notes.reference(paragraph, quote.citation.text() + ".")


def _docx_runs(paragraph, runs: list, notes) -> None:
    for item in runs:
        if isinstance(item, Quote):
            paragraph.add_run(_curly(item.text))
            _docx_cite(paragraph, notes, item)
        elif item.link:
            run = paragraph.add_run(item.text, style="Hyperlink")
            run.bold, run.italic = item.bold or None, item.italic or None
            link = OxmlElement("w:hyperlink")
            link.set(qn("r:id"), paragraph.part.relate_to(item.link, RT.HYPERLINK, is_external=True))
            link.append(run._r)
            paragraph._p.append(link)
        else:
            _docx_text(paragraph, item.text, item.bold, item.italic)


def _docx_appendix(document, appendix: Appendix) -> None:
    previous = document.sections[-1]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = previous.page_height, previous.page_width
    document.add_heading(appendix.title, level=1)
    if not appendix.rows:
        document.add_paragraph("No commitments recorded.")
        return
    widths = [Cm(w) for w in (7.6, 4.0, 5.0, 4.6, 4.1)]
    table = document.add_table(rows=1, cols=len(APPENDIX_HEADERS))
    table.style, table.alignment, table.autofit = "Table Grid", WD_TABLE_ALIGNMENT.CENTER, False
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader {nsdecls("w")}/>'))
    for cell, title in zip(header.cells, APPENDIX_HEADERS):
        cell._tc.get_or_add_tcPr().append(parse_xml(
            f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="E7EAF0"/>'))
        _docx_text(cell.paragraphs[0], title, bold=True, size=9)
    for row in appendix.rows:
        status, when, evidence = _status_parts(row)
        contents = [[(row.undertaking, False)], [(p, False) for p in _made_parts(row)],
                    [(row.source.text(), False)],
                    [(status, True)] + [(p, False) for p in (when, evidence) if p],
                    [(row.open_questions, False)]]
        cells = table.add_row().cells
        for cell, lines in zip(cells, contents):
            paragraph = cell.paragraphs[0]
            for i, (text, bold) in enumerate(lines):
                run = _docx_text(paragraph, text, bold=bold, size=9)
                if i < len(lines) - 1:
                    run.add_break()
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid LibreOffice lays out by
    for row in table.rows:
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        for cell, width in zip(row.cells, widths):
            cell.width = width
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
            cell.paragraphs[0].paragraph_format.line_spacing = 1.0


def _docx_portrait(document) -> None:
    previous = document.sections[-1]
    if previous.orientation == WD_ORIENT.LANDSCAPE:
        section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = previous.page_height, previous.page_width


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value):
    """The value with characters XML cannot hold removed (text pasted from PDFs has them)."""
    if isinstance(value, str):
        return _XML_INVALID.sub("", value)
    if isinstance(value, dict):
        return {k: _xml_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_xml_safe(v) for v in value]
    return value


def _write_docx(draft: Draft, path: Path) -> None:
    draft = Draft.from_dict(_xml_safe(draft.to_dict()))
    document = docx.Document()
    _docx_styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    _docx_page_numbers(section)
    document.core_properties.title = f"Re: {draft.subject}"
    document.core_properties.author = "; ".join(e.splitlines()[0] for e in draft.from_ if e.strip())
    notes = None if draft.citation_style == "inline" else _DocxNotes(
        document, "footnote" if draft.citation_style == "footnotes" else "endnote")

    right = WD_ALIGN_PARAGRAPH.RIGHT
    if _sender_lines(draft):
        _docx_lines(document, _sender_lines(draft), right, bold_first=True, space_after=4)
    _docx_lines(document, [human_date(draft.date)], right, space_after=18)
    if draft.to.strip():
        _docx_lines(document, draft.to.strip().splitlines(), space_after=18)
    if draft.subject:
        _docx_text(document.add_paragraph(), f"Re: {draft.subject}", bold=True)
    if draft.salutation:
        document.add_paragraph(draft.salutation)

    body, trailing = _letter_order(draft)
    styles = {"body": None, "heading1": "Heading 1", "heading2": "Heading 2", "bullet": "List Bullet"}
    for block in body:
        if isinstance(block, Appendix):
            _docx_appendix(document, block)
            continue
        _docx_portrait(document)
        if isinstance(block, Paragraph):
            paragraph = document.add_paragraph(style=styles[block.style])
            _docx_runs(paragraph, block.runs, notes)
        elif block.block:
            paragraph = document.add_paragraph(style=QUOTE_STYLE)
            paragraph.add_run(block.text)
            _docx_cite(paragraph, notes, block)
        else:
            _docx_runs(document.add_paragraph(), [block], notes)

    _docx_portrait(document)
    if draft.closing:
        closing = document.add_paragraph(draft.closing)
        closing.paragraph_format.space_before = Pt(8)
        # The closing must not end a page whose signatures start the next one.
        closing.paragraph_format.keep_with_next = True
        closing.paragraph_format.keep_together = True
    _docx_signatures(document, draft.from_)
    for appendix in trailing:
        _docx_appendix(document, appendix)
    if notes is not None:
        notes.attach()
    document.save(str(path))


def _docx_signatures(document, signatories: list[str]) -> None:
    entries = [[ln.strip() for ln in e.splitlines() if ln.strip()] for e in signatories]
    entries = [e for e in entries if e]
    if not entries:
        return
    columns = min(len(entries), 3)
    table = document.add_table(rows=0, cols=columns)
    for start in range(0, len(entries), columns):
        row = table.add_row()
        # A signature is never split over two pages, and the rows of a long list of
        # signatories stay together, as they stay with the closing above them.
        row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
        last_row = start + columns >= len(entries)
        for cell, lines in zip(row.cells, entries[start:start + columns]):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_before = Pt(36)  # room to sign
            paragraph.paragraph_format.keep_together = True
            paragraph.paragraph_format.keep_with_next = (not last_row) or None
            for i, line in enumerate(lines):
                run = _docx_text(paragraph, line, bold=i == 0)
                if i < len(lines) - 1:
                    run.add_break()


# -- HTML (also the source of the PDF) --------------------------------------------

_HTML_CSS = """
body { font-family: Georgia, Cambria, "Times New Roman", serif; font-size: 11pt;
  line-height: 1.45; color: #1b1b1b; max-width: 44em; margin: 2.5em auto; padding: 0 1.5em; }
.sender { text-align: right; margin: 0; }
.sender b { font-size: 12pt; }
.date { text-align: right; margin: 0.3em 0 2em 0; }
.to { margin: 0 0 2em 0; }
.subject { font-weight: bold; }
blockquote { margin: 0.4em 2.2em 1em 2.2em; font-size: 10.5pt; }
blockquote p { margin: 0 0 0.4em 0; }
cite { font-style: normal; }
sup.fnref { font-size: 7.5pt; line-height: 0; }
sup.fnref a { text-decoration: none; color: inherit; }
h2 { font-size: 13pt; color: #1f2a44; margin: 1.4em 0 0.4em 0; }
h3 { font-size: 11.5pt; color: #1f2a44; margin: 1.2em 0 0.3em 0; }
.closing { margin-top: 1.2em; }
.signatures td { padding: 2.6em 3em 0 0; vertical-align: top; }
.notes { margin-top: 2em; font-size: 9pt; }
.notes h2 { font-size: 10pt; }
.appendix table { border-collapse: collapse; width: 100%; font-size: 9pt; line-height: 1.3; }
.appendix th, .appendix td { border: 0.6pt solid #777; padding: 4pt 5pt; text-align: left;
  vertical-align: top; }
.appendix th { background-color: #e7eaf0; }
@media print { .appendix { page-break-before: always; } thead { display: table-header-group; } }
"""


class _HtmlNotes:
    """Numbers notes as they are referenced; renders the reference marks."""

    def __init__(self, style: str, linked: bool = True) -> None:
        self.style, self.linked, self.texts = style, linked, []

    def cite(self, quote: Quote) -> str:
        if self.style == "inline":
            return f' <cite class="source">({html.escape(quote.citation.text())})</cite>'
        self.texts.append(quote.citation.text() + ".")
        n = len(self.texts)
        mark = f'<a href="#fn{n}">{n}</a>' if self.linked else str(n)
        return f'<sup class="fnref" id="fnref{n}">{mark}</sup>'

    def section(self) -> str:
        if not self.texts:
            return ""
        items = "".join(f'<li id="fn{n}">{html.escape(t)} <a href="#fnref{n}" class="backref" '
                        f'aria-label="back to text">\u21a9</a></li>'
                        for n, t in enumerate(self.texts, start=1))
        return f'<section class="notes"><h2>Notes</h2><ol>{items}</ol></section>'


def _html_inline(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _html_runs(runs: list, notes: _HtmlNotes) -> str:
    out = []
    for item in runs:
        if isinstance(item, Quote):
            out.append(f'<span class="quote">{_html_inline(_curly(item.text))}</span>'
                       + notes.cite(item))
            continue
        text = _html_inline(item.text)
        if item.bold:
            text = f"<strong>{text}</strong>"
        if item.italic:
            text = f"<em>{text}</em>"
        if item.link:
            text = f'<a href="{html.escape(item.link)}">{text}</a>'
        out.append(text)
    return "".join(out)


def _html_appendix(appendix: Appendix) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in APPENDIX_HEADERS)
    rows = []
    for row in appendix.rows:
        status, when, evidence = _status_parts(row)
        status_html = "<br>".join([f"<strong>{_html_inline(status)}</strong>"]
                                  + [_html_inline(p) for p in (when, evidence) if p])
        cells = [_html_inline(row.undertaking), "<br>".join(map(_html_inline, _made_parts(row))),
                 _html_inline(row.source.text()), status_html, _html_inline(row.open_questions)]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    table = (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
             if rows else "<p>No commitments recorded.</p>")
    return f'<section class="appendix"><h2>{html.escape(appendix.title)}</h2>{table}</section>'


def _html_parts(draft: Draft, notes: _HtmlNotes, notes_section: bool) -> list[tuple[str, str]]:
    """The letter as ("letter" | "appendix", html) pieces in reading order."""
    parts: list[tuple[str, str]] = []
    out: list[str] = []
    sender = _sender_lines(draft)
    if sender:
        lines = [f"<b>{html.escape(sender[0])}</b>"] + [html.escape(s) for s in sender[1:]]
        out.append(f'<p class="sender">{"<br>".join(lines)}</p>')
    out.append(f'<p class="date">{html.escape(human_date(draft.date))}</p>')
    if draft.to.strip():
        out.append(f'<p class="to">{_html_inline(draft.to.strip())}</p>')
    if draft.subject:
        out.append(f'<p class="subject">Re: {html.escape(draft.subject)}</p>')
    if draft.salutation:
        out.append(f"<p>{html.escape(draft.salutation)}</p>")
    body, trailing = _letter_order(draft)
    bullets: list[str] = []
    for block in body + [None]:
        if bullets and not (isinstance(block, Paragraph) and block.style == "bullet"):
            out.append(f"<ul>{''.join(bullets)}</ul>")
            bullets = []
        if block is None:
            break
        if isinstance(block, Appendix):
            parts.append(("letter", "".join(out)))
            parts.append(("appendix", _html_appendix(block)))
            out = []
        elif isinstance(block, Quote) and block.block:
            paras = [f"<p>{html.escape(p)}</p>" for p in block.text.split("\n")]
            paras[-1] = paras[-1][:-4] + notes.cite(block) + "</p>"
            out.append(f"<blockquote>{''.join(paras)}</blockquote>")
        elif isinstance(block, Quote):
            out.append(f"<p>{_html_runs([block], notes)}</p>")
        elif block.style == "bullet":
            bullets.append(f"<li>{_html_runs(block.runs, notes)}</li>")
        else:
            tag = {"body": "p", "heading1": "h2", "heading2": "h3"}[block.style]
            out.append(f"<{tag}>{_html_runs(block.runs, notes)}</{tag}>")
    if draft.closing:
        out.append(f'<p class="closing" id="closing">{html.escape(draft.closing)}</p>')
    entries = [[ln.strip() for ln in e.splitlines() if ln.strip()] for e in draft.from_]
    # The PDF writer finds the closing and the first signature by their ids.
    cells = [f'<td id="signature{n}">' + "<br>".join(
        [f"<b>{html.escape(e[0])}</b>"] + [html.escape(x) for x in e[1:]]) + "</td>"
        for n, e in enumerate((e for e in entries if e), start=1)]
    if cells:
        out.append(f'<table class="signatures"><tr>{"".join(cells)}</tr></table>')
    if notes_section:
        out.append(notes.section())
    parts.append(("letter", "".join(out)))
    parts.extend(("appendix", _html_appendix(a)) for a in trailing)
    return [(kind, piece) for kind, piece in parts if piece]


def _write_html(draft: Draft, path: Path) -> None:
    notes = _HtmlNotes(draft.citation_style)
    body = "".join(piece for _, piece in _html_parts(draft, notes, notes_section=True))
    title = html.escape(f"Re: {draft.subject}" if draft.subject else "Letter")
    page = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>{_HTML_CSS}</style>\n</head>\n<body>\n"
            f'<article class="letter">\n{body}\n</article>\n</body>\n</html>\n')
    path.write_text(page, encoding="utf-8")


# -- Markdown ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&!])")


def _md_escape(text: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    # A line that starts like a list item or heading must stay plain text.
    escaped = re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", escaped)
    return re.sub(r"(?m)^(\s*)([-+=])", r"\1\\\2", escaped)


def _md_runs(runs: list, cite) -> str:
    out = []
    for item in runs:
        if isinstance(item, Quote):
            out.append(_md_escape(_curly(item.text)).replace("\n", "\\\n") + cite(item))
            continue
        text = item.text
        core = text.strip()
        if not core:
            out.append(_md_escape(text))
            continue
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        core = _md_escape(core).replace("\n", "\\\n")
        if item.bold:
            core = f"**{core}**"
        if item.italic:
            core = f"*{core}*"
        if item.link:
            core = f"[{core}](<{item.link.replace('>', '%3E').replace(' ', '%20')}>)"
        out.append(lead + core + trail)
    return "".join(out)


def _md_cell(text: str) -> str:
    return _md_escape(text).replace("\n", "<br>")


def _write_md(draft: Draft, path: Path) -> None:
    notes: list[str] = []

    def cite(quote: Quote) -> str:
        if draft.citation_style == "inline":
            return f" ({_md_escape(quote.citation.text())})"
        notes.append(quote.citation.text() + ".")
        return f"[^{len(notes)}]"

    out: list[str] = []
    sender = _sender_lines(draft)
    if sender:
        out.append("\\\n".join(_md_escape(s) for s in sender))
    out.append(_md_escape(human_date(draft.date)))
    if draft.to.strip():
        out.append("\\\n".join(_md_escape(s) for s in draft.to.strip().splitlines()))
    if draft.subject:
        out.append(f"**Re: {_md_escape(draft.subject)}**")
    if draft.salutation:
        out.append(_md_escape(draft.salutation))
    body, trailing = _letter_order(draft)
    for block in body:
        if isinstance(block, Appendix):
            out.append(_md_appendix(block))
        elif isinstance(block, Quote) and block.block:
            paras = [_md_escape(p) for p in block.text.split("\n")]
            paras[-1] += cite(block)
            out.append("\n>\n".join(f"> {p}" for p in paras))
        elif isinstance(block, Quote):
            out.append(_md_runs([block], cite))
        else:
            prefix = {"body": "", "heading1": "## ", "heading2": "### ", "bullet": "- "}[block.style]
            out.append(prefix + _md_runs(block.runs, cite))
    if draft.closing:
        out.append(_md_escape(draft.closing))
    for entry in draft.from_:
        lines = [ln.strip() for ln in entry.splitlines() if ln.strip()]
        if lines:
            out.append("\\\n".join([f"**{_md_escape(lines[0])}**"] + [_md_escape(x) for x in lines[1:]]))
    out.extend(_md_appendix(a) for a in trailing)
    text = "\n\n".join(out) + "\n"
    # Consecutive bullets form one list.
    text = re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", text)
    if notes:
        text += "\n" + "".join(f"[^{n}]: {_md_escape(t)}\n" for n, t in enumerate(notes, start=1))
    path.write_text(text, encoding="utf-8")


def _md_appendix(appendix: Appendix) -> str:
    lines = [f"## {_md_escape(appendix.title)}", ""]
    if not appendix.rows:
        return "\n".join(lines + ["No commitments recorded."])
    lines.append("| " + " | ".join(APPENDIX_HEADERS) + " |")
    lines.append("|" + "---|" * len(APPENDIX_HEADERS))
    for row in appendix.rows:
        status, when, evidence = _status_parts(row)
        status_cell = "<br>".join([f"**{_md_cell(status)}**" if status else ""]
                                  + [_md_cell(p) for p in (when, evidence) if p])
        cells = [_md_cell(row.undertaking), "<br>".join(map(_md_cell, _made_parts(row))),
                 _md_cell(row.source.text()), status_cell, _md_cell(row.open_questions)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- PDF (HTML laid out by MuPDF's Story) -------------------------------------------

_PDF_CSS = """
body { font-family: serif; font-size: 10.5pt; line-height: 1.38; color: #1b1b1b; }
p { margin: 0 0 7pt 0; }
.sender { text-align: right; margin: 0 0 2pt 0; }
.date { text-align: right; margin: 0 0 22pt 0; }
.to { margin: 0 0 20pt 0; }
.subject { font-weight: bold; margin-bottom: 10pt; }
blockquote { margin: 2pt 30pt 9pt 30pt; font-size: 10pt; line-height: 1.3; }
blockquote p { margin: 0 0 4pt 0; }
cite { font-style: normal; }
sup { font-size: 7pt; }
a { color: #1f4e99; text-decoration: none; }
sup a { color: #1b1b1b; }
h2 { font-size: 12.5pt; color: #1f2a44; margin: 12pt 0 5pt 0; }
h3 { font-size: 11pt; color: #1f2a44; margin: 10pt 0 4pt 0; }
ul { margin: 0 0 7pt 0; }
.closing { margin-top: 10pt; }
.signatures td { padding: 30pt 40pt 0 0; vertical-align: top; }
.notes { margin-top: 16pt; font-size: 9pt; }
.notes h2 { font-size: 10pt; }
.backref { display: none; }
.appendix table { border-collapse: collapse; width: 100%; font-size: 8.5pt; line-height: 1.25; }
.appendix th, .appendix td { border: 0.6pt solid #777777; padding: 3pt 4pt; text-align: left;
  vertical-align: top; }
.appendix th { background-color: #e7eaf0; }
.fn p { font-size: 8.5pt; line-height: 1.25; margin: 0 0 2pt 0; }
"""
_PDF_MARGINS = (65, 62, 65, 70)  # left, top, right, bottom in points
_PDF_APPENDIX_WIDTHS = (30, 15, 20, 18, 17)  # percent of the table width


def _pdf_place(story, previous: list, rect):
    """Lay the story out up to and including a page in rect; report what landed there."""
    story.reset()
    for earlier in previous:
        story.place(earlier)
        story.draw(None)  # MuPDF only moves on to the next page's content once drawn
    more, filled = story.place(rect)
    refs: list[int] = []
    links: list[tuple] = []
    ends: dict[str, pymupdf.Rect] = {}

    def seen(pos) -> None:
        if pos.id and pos.id.startswith("fnref") and pos.open_close & 1:
            if int(pos.id[5:]) not in refs:
                refs.append(int(pos.id[5:]))
        if pos.href and pos.href.startswith(("http:", "https:", "mailto:")) and pos.open_close & 1:
            links.append((pymupdf.Rect(pos.rect), pos.href))
        if pos.id in ("closing", "signature1") and pos.open_close & 2:
            ends[pos.id] = pymupdf.Rect(pos.rect)

    story.element_positions(seen)
    return more, pymupdf.Rect(filled), refs, links, ends


def _pdf_orphaned_closing(ends: dict, content, signed: bool) -> pymupdf.Rect | None:
    """Where the closing sits if it ends this page without the first signature under it."""
    closing = ends.get("closing")
    if closing is None or not signed or "signature1" in ends:
        return None
    if closing.y0 <= content.y0 + 1:
        return None  # already at the top of a page: moving it on would gain nothing
    return closing


def _pdf_notes(refs: list[int], texts: list[str], width: float):
    """A story holding the page-bottom notes for refs, and its height."""
    body = "".join(f'<p><sup>{n}</sup> {html.escape(texts[n - 1])}</p>' for n in refs)
    notes_html = f'<div class="fn">{body}</div>'
    story = pymupdf.Story(notes_html, user_css=_PDF_CSS)
    _, filled = story.place(pymupdf.Rect(0, 0, width, 2000))
    return notes_html, pymupdf.Rect(filled).y1 + 2


def _pdf_flow(writer, piece: str, mediabox, notes: list[str] | None, marks: dict) -> None:
    """Write one portrait letter or landscape appendix run of pages."""
    left, top, right, bottom = _PDF_MARGINS
    content = pymupdf.Rect(mediabox.x0 + left, mediabox.y0 + top,
                           mediabox.x1 - right, mediabox.y1 - bottom)
    for share in _PDF_APPENDIX_WIDTHS:  # MuPDF sizes columns from the header cells, in points
        width = content.width * share / 100 - 12  # less the padding and borders
        piece = piece.replace("<th>", f'<th style="width: {width:.0f}pt">', 1)
    story = pymupdf.Story(piece, user_css=_PDF_CSS)
    signed = 'id="signature1"' in piece
    done: list = []
    more = True
    while more:
        rect = content
        more, filled, refs, links, ends = _pdf_place(story, done, rect)
        if notes is not None and refs:
            # Reserve room for this page's notes, then lay the page out again; the
            # notes of any reference pushed to the next page simply go there.
            _, height = _pdf_notes(refs, notes, content.width)
            rect = pymupdf.Rect(content.x0, content.y0, content.x1, content.y1 - height - 10)
            more, filled, refs, links, ends = _pdf_place(story, done, rect)
        closing = _pdf_orphaned_closing(ends, content, signed)
        if closing is not None:
            # End the page above the closing, so it starts the next page with the
            # signatures (MuPDF keeps a box whose top is exactly the page's bottom).
            shorter = pymupdf.Rect(rect.x0, rect.y0, rect.x1, closing.y0 - 2)
            placed = _pdf_place(story, done, shorter)
            if "closing" in placed[4]:  # it stayed after all: keep the full page, lose nothing
                placed = _pdf_place(story, done, rect)
            else:
                rect = shorter
            more, filled, refs, links, ends = placed
        note_story = None
        if notes is not None and refs:
            notes_html, height = _pdf_notes(refs, notes, content.width)
            note_story = pymupdf.Story(notes_html, user_css=_PDF_CSS)
            note_rect = pymupdf.Rect(content.x0, content.y1 - height, content.x1, content.y1 + 4)
            note_story.place(note_rect)
        if more and filled.is_empty:
            raise ValueError("the letter has an element too large to fit on a page")
        device = writer.begin_page(mediabox)
        story.draw(device)
        page_no = marks["pages"]
        if note_story is not None:
            note_story.draw(device)
            marks["rules"].append((page_no, content.x0, note_rect.y0 - 5))
        writer.end_page()
        marks["links"].extend((page_no, r, uri) for r, uri in links)
        marks["pages"] += 1
        done.append(rect)


def _write_pdf(draft: Draft, path: Path) -> None:
    # The PDF's notes are not clickable: they sit at the foot of the same page.
    notes = _HtmlNotes(draft.citation_style, linked=False)
    parts = _html_parts(draft, notes, notes_section=draft.citation_style == "endnotes")
    page_notes = notes.texts if draft.citation_style == "footnotes" else None
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    marks = {"pages": 0, "rules": [], "links": []}
    for kind, piece in parts:
        mediabox = pymupdf.paper_rect("a4-l" if kind == "appendix" else "a4")
        _pdf_flow(writer, piece, mediabox, page_notes, marks)
    writer.close()

    # Second pass: things that need the finished page count or absolute positions.
    document = pymupdf.open("pdf", buffer.getvalue())
    total = document.page_count
    for number, page in enumerate(document, start=1):
        label = f"Page {number} of {total}"
        width = pymupdf.get_text_length(label, fontname="tiro", fontsize=8.5)
        page.insert_text(((page.rect.width - width) / 2, page.rect.height - 32), label,
                         fontname="tiro", fontsize=8.5, color=(0.4, 0.4, 0.4))
    for page_no, x, y in marks["rules"]:
        document[page_no].draw_line((x, y), (x + 140, y), color=(0.45, 0.45, 0.45), width=0.5)
    for page_no, rect, uri in marks["links"]:
        document[page_no].insert_link({"kind": pymupdf.LINK_URI, "from": rect, "uri": uri})
    document.set_metadata({"title": f"Re: {draft.subject}", "author": "; ".join(
        e.splitlines()[0] for e in draft.from_ if e.strip()), "creator": "Papertrail"})
    document.save(str(path), garbage=3, deflate=True)
    document.close()
