"""HTML and Markdown writers for letter drafts; the HTML is also what the PDF writer lays out."""

from __future__ import annotations

import html
import re
from pathlib import Path

from app.draft.export_layout import (APPENDIX_HEADERS, curly, kept_with_next, letter_order, made_parts,
                                     sender_lines, status_details, status_parts)
from app.draft.model import Appendix, Draft, Paragraph, Quote, human_date

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
.appendix p.question { margin: 0 0 0.35em 0; }
@media print { .appendix { page-break-before: always; } thead { display: table-header-group; } }
"""


class HtmlNotes:
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


def _html_runs(runs: list, notes: HtmlNotes) -> str:
    out = []
    for item in runs:
        if isinstance(item, Quote):
            out.append(f'<span class="quote">{_html_inline(curly(item.text))}</span>'
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
        status_html = "<br>".join([f"<strong>{_html_inline(row.status)}</strong>"]
                                  + [_html_inline(p) for p in status_details(row)])
        cells = [_html_inline(row.undertaking), "<br>".join(map(_html_inline, made_parts(row))),
                 _html_inline(row.source.text()), status_html,
                 "".join(f'<p class="question">{_html_inline(q)}</p>' for q in row.question_lines())]
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    table = (f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
             if rows else "<p>No commitments recorded.</p>")
    return f'<section class="appendix"><h2>{html.escape(appendix.title)}</h2>{table}</section>'


def html_parts(draft: Draft, notes: HtmlNotes, notes_section: bool, keep_marks: bool = False
               ) -> list[tuple[str, str]]:
    """The letter as ("letter" | "appendix", html) pieces in reading order; with keep_marks, each lead-in
    (from its first heading) is marked id="keepN" and the quotation it introduces id="nextN", for the
    PDF writer to keep them on one page."""
    parts: list[tuple[str, str]] = []
    out: list[str] = []
    sender = sender_lines(draft)
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
    body, trailing = letter_order(draft)
    marks = {}
    for n, (first, quote) in enumerate(kept_with_next(body).items() if keep_marks else (), start=1):
        marks[first], marks[quote] = f' id="keep{n}"', f' id="next{n}"'
    # The body's last block, wrapped as id="lastblock" for the PDF writer to keep its last lines
    # with the closing.
    last = len(body) - 1 if keep_marks and draft.closing and body and not isinstance(body[-1], Appendix) else -1
    bullets: list[str] = []
    for i, block in enumerate(body + [None]):
        mark = marks.get(i, "")
        if bullets and not (isinstance(block, Paragraph) and block.style == "bullet"):
            out.append(f"<ul>{''.join(bullets)}</ul>")
            bullets = []
            if block is None and last >= 0:
                out[-1] = f'<div id="lastblock">{out[-1]}</div>'
        if block is None:
            break
        written = len(out)
        if isinstance(block, Appendix):
            parts.append(("letter", "".join(out)))
            parts.append(("appendix", _html_appendix(block)))
            out = []
        elif isinstance(block, Quote) and block.block:
            paras = [f"<p>{html.escape(p)}</p>" for p in block.text.split("\n")]
            paras[-1] = paras[-1][:-4] + notes.cite(block) + "</p>"
            out.append(f"<blockquote{mark}>{''.join(paras)}</blockquote>")
        elif isinstance(block, Quote):
            out.append(f"<p>{_html_runs([block], notes)}</p>")
        elif block.style == "bullet":
            bullets.append(f"<li{mark}>{_html_runs(block.runs, notes)}</li>")
        else:
            tag = {"body": "p", "heading1": "h2", "heading2": "h3"}[block.style]
            out.append(f"<{tag}{mark}>{_html_runs(block.runs, notes)}</{tag}>")
        if i == last and len(out) > written:
            out[-1] = f'<div id="lastblock">{out[-1]}</div>'
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


def write_html(draft: Draft, path: Path) -> None:
    """Write draft as one standalone HTML page with its own stylesheet."""
    notes = HtmlNotes(draft.citation_style)
    body = "".join(piece for _, piece in html_parts(draft, notes, notes_section=True))
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
            out.append(_md_escape(curly(item.text)).replace("\n", "\\\n") + cite(item))
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
    # Plain Markdown only: converters that drop raw HTML (pandoc to DOCX or PDF) turned
    # "Broken<br>as of April 2021" into "Brokenas of April 2021".
    return " ".join(_md_escape(text).split())


def write_md(draft: Draft, path: Path) -> None:
    """Write draft as Markdown, with footnotes in the [^n] syntax."""
    notes: list[str] = []

    def cite(quote: Quote) -> str:
        if draft.citation_style == "inline":
            return f" ({_md_escape(quote.citation.text())})"
        notes.append(quote.citation.text() + ".")
        return f"[^{len(notes)}]"

    out: list[str] = []
    sender = sender_lines(draft)
    if sender:
        out.append("\\\n".join(_md_escape(s) for s in sender))
    out.append(_md_escape(human_date(draft.date)))
    if draft.to.strip():
        out.append("\\\n".join(_md_escape(s) for s in draft.to.strip().splitlines()))
    if draft.subject:
        out.append(f"**Re: {_md_escape(draft.subject)}**")
    if draft.salutation:
        out.append(_md_escape(draft.salutation))
    body, trailing = letter_order(draft)
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
        status, when, evidence, note = status_parts(row)
        head = ", ".join(p for p in (f"**{_md_cell(status)}**" if status else "", _md_cell(when)) if p)
        # "**Not met**, as of May 2021; Evidence: …; Note: …; Answered in …: …"
        later = [*row.inconsistent_with, *row.answers]
        status_cell = "; ".join(p for p in (head, _md_cell(evidence), _md_cell(note), *map(_md_cell, later)) if p)
        # Markdown tables have no line breaks: the questions follow one another in their cell.
        cells = [_md_cell(row.undertaking), ", ".join(map(_md_cell, made_parts(row))),
                 _md_cell(row.source.text()), status_cell, " ".join(map(_md_cell, row.question_lines()))]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
