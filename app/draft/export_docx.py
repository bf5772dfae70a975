"""DOCX writer for letter drafts: Word styles, real footnotes or endnotes, a landscape appendix."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from app.draft.export_layout import (APPENDIX_HEADERS, curly, kept_with_next, letter_order, made_parts,
                                     sender_lines, status_details)
from app.draft.model import Appendix, Draft, Paragraph, Quote, human_date

# Paragraph style of block quotations and character style of parenthetical
# citations in DOCX files; draft_read relies on them to read quotes back exactly.
QUOTE_STYLE = "Block Quotation"
SOURCE_STYLE = "Quotation Source"
BODY_FONT = "Cambria"


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
            paragraph.add_run(curly(item.text))
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
        contents = [[(row.undertaking, False)], [(p, False) for p in made_parts(row)],
                    [(row.source.text(), False)],
                    [(row.status, True)] + [(p, False) for p in status_details(row)],
                    [(q, False) for q in row.question_lines()] or [("", False)]]
        cells = table.add_row().cells
        for cell, lines in zip(cells[:-1], contents):
            paragraph = cell.paragraphs[0]
            for i, (text, bold) in enumerate(lines):
                run = _docx_text(paragraph, text, bold=bold, size=9)
                if i < len(lines) - 1:
                    run.add_break()
        # Each question a paragraph of its own, so that where one ends and the next starts shows.
        for i, (text, _bold) in enumerate(contents[-1]):
            paragraph = cells[-1].paragraphs[0] if i == 0 else cells[-1].add_paragraph()
            _docx_text(paragraph, text, size=9)
            paragraph.paragraph_format.space_after, paragraph.paragraph_format.line_spacing = Pt(3), 1.0
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


def write_docx(draft: Draft, path: Path) -> None:
    """Write draft as a Word document whose styles draft_read can read quotes back from."""
    draft = Draft.from_dict(_xml_safe(draft.to_dict()))
    document = docx.Document()
    _docx_styles(document)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    _docx_page_numbers(section)
    _docx_properties(document, draft)
    notes = None if draft.citation_style == "inline" else _DocxNotes(
        document, "footnote" if draft.citation_style == "footnotes" else "endnote")

    right = WD_ALIGN_PARAGRAPH.RIGHT
    if sender_lines(draft):
        _docx_lines(document, sender_lines(draft), right, bold_first=True, space_after=4)
    _docx_lines(document, [human_date(draft.date)], right, space_after=18)
    if draft.to.strip():
        _docx_lines(document, draft.to.strip().splitlines(), space_after=18)
    if draft.subject:
        _docx_text(document.add_paragraph(), f"Re: {draft.subject}", bold=True)
    if draft.salutation:
        document.add_paragraph(draft.salutation)

    body, trailing = letter_order(draft)
    styles = {"body": None, "heading1": "Heading 1", "heading2": "Heading 2", "bullet": "List Bullet"}
    kept = kept_with_next(body)
    keep_until = -1
    paragraph = None
    for i, block in enumerate(body):
        if isinstance(block, Appendix):
            _docx_appendix(document, block)
            paragraph = None
            continue
        _docx_portrait(document)
        keep_until = kept.get(i, keep_until)
        if isinstance(block, Paragraph):
            paragraph = document.add_paragraph(style=styles[block.style])
            _docx_runs(paragraph, block.runs, notes)
            if i < keep_until:
                # A lead-in (and the headings above it) must not end a page whose quotation starts the next.
                paragraph.paragraph_format.keep_with_next = True
        elif block.block:
            paragraph = document.add_paragraph(style=QUOTE_STYLE)
            paragraph.add_run(block.text)
            _docx_cite(paragraph, notes, block)
        else:
            paragraph = document.add_paragraph()
            _docx_runs(paragraph, [block], notes)

    _docx_portrait(document)
    if draft.closing and paragraph is not None:
        # Nor start a page alone: the body's last lines go over with it (Word's widow control
        # makes that two at least).
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.widow_control = True
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


_APP_XML = ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>Papertrail</Application><DocSecurity>0</DocSecurity></Properties>")


def _docx_properties(document, draft: Draft) -> None:
    """The file's own properties, instead of python-docx's template ones (created 2013, "generated
    by python-docx", "Microsoft Macintosh Word", a blank thumbnail)."""
    from datetime import datetime, timezone
    now = datetime.now(timezone.utc).replace(microsecond=0)
    author = "; ".join(e.splitlines()[0].strip() for e in draft.from_ if e.strip())
    props = document.core_properties
    props.title = f"Re: {draft.subject}" if draft.subject else ""
    props.subject = draft.subject or ""
    props.author = props.last_modified_by = author
    props.comments = props.keywords = props.category = ""
    props.created = props.modified = now
    props.revision = 1
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _APP_XML.encode("utf-8")


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
