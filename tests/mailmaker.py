"""Real e-mails (RFC 5322, as the standard library writes them) and Word letters for the tests."""
from __future__ import annotations

import io
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from pathlib import Path

import docx
import pymupdf
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

SIGNED_LETTER = """Acme Mining Ltd
12 Quarry Road, Leeds

3 March 2020

Open Rights Watch
Helen Marsh

Dear Ms Marsh,

We commit to publish the human rights impact assessment by June 2020.

Yours sincerely,

Jürgen Müller
Director, Acme Mining Ltd"""


def letter_pdf(text: str = SIGNED_LETTER) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_htmlbox(pymupdf.Rect(60, 60, 535, 800),
                        f'<div style="white-space:pre-wrap;font-family:sans-serif;font-size:11pt">{text}</div>')
    data = doc.tobytes()
    doc.close()
    return data


def word_letter(paragraphs: list[str] | None = None, *, heading: str = "Human rights impact assessment",
                table: list[list[str]] | None = None, footnote: str | None = None, title: str = "") -> bytes:
    """A .docx with a heading, paragraphs, an optional table and an optional footnote on the
    first paragraph (python-docx cannot write footnotes, so the part is added by hand)."""
    d = docx.Document()
    if title:
        d.core_properties.title = title
    d.add_heading(heading, level=1)
    first = None
    for text in paragraphs or ["Open Rights Watch", "14 February 2020", "Dear Mr Müller,",
                               "We ask Acme Mining Ltd to publish its impact assessment.",
                               "Yours sincerely,", "Helen Marsh", "Open Rights Watch"]:
        p = d.add_paragraph(text)
        first = first or p
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    if footnote:
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{w}">'
               f'<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               f'<w:footnote w:id="1"><w:p><w:r><w:t>{footnote}</w:t></w:r></w:p></w:footnote></w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml.encode(), d.part.package)
        d.part.relate_to(part, RT.FOOTNOTES)
        from docx.oxml import parse_xml
        first._p.append(parse_xml(f'<w:r xmlns:w="{w}"><w:footnoteReference w:id="1"/></w:r>'))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def email(*, sender=("Jürgen Müller", "juergen@acme-mining.com"), to=(("Helen Marsh", "helen@orw.org"),),
          cc=(), subject="Re: Publication of the impact assessment", when=datetime(2020, 3, 3, 10, 15,
          tzinfo=timezone(timedelta(hours=1))), body="We will publish it.", html: str | None = None,
          message_id="<reply-1@acme-mining.com>", in_reply_to: str | None = None, references=(),
          attachments=()) -> bytes:
    """An e-mail as a mail program sends it: non-ASCII headers are RFC 2047 encoded on output."""
    m = EmailMessage()
    m["From"] = Address(sender[0], addr_spec=sender[1])
    m["To"] = [Address(n, addr_spec=a) for n, a in to]
    if cc:
        m["Cc"] = [Address(n, addr_spec=a) for n, a in cc]
    m["Subject"] = subject
    m["Date"] = format_datetime(when)
    m["Message-ID"] = message_id
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
    if references:
        m["References"] = " ".join(references)
    m.set_content(body)
    if html is not None:
        m.add_alternative(html, subtype="html")
    for name, ctype, data in attachments:
        main, sub = ctype.split("/")
        if ctype == "message/rfc822":
            from email import message_from_bytes, policy
            m.add_attachment(message_from_bytes(data, policy=policy.default), filename=name)
        else:
            m.add_attachment(data, maintype=main, subtype=sub, filename=name)
    return m.as_bytes()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

QUOTED_REPLY = """Dear Ms Marsh,

We will publish the assessment by June 2020.

Best regards,
Jürgen

On 14 February 2020, Helen Marsh <helen@orw.org> wrote:
> Will Acme publish the human rights impact assessment?
> We expect an answer within a month.
"""


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
