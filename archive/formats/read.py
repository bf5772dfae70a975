"""Read an e-mail or Word file into what ingest stores: pages with word boxes, metadata, the
quoted earlier messages, and the attachments that are documents in their own right."""
from __future__ import annotations

import hashlib

from ..letter.meta import LetterMeta, detect_language, extract_metadata
from ..pdftext import ExtractionError
from . import detect, suffix_of
from .message import Message
from .quoted import find_quoted
from .render import Block, clean_text, map_spans, render_pages

MAX_DEPTH = 3           # e-mails attached to e-mails attached to …
_CHILD_TYPES = {"application/pdf": "pdf", "message/rfc822": "eml", "application/vnd.ms-outlook": "msg",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"}


def read_other(data: bytes, file_name: str, *, ocr: bool = False, depth: int = 0) -> dict:
    """The worker's answer for a non-PDF file: {"ok": True, pages, meta, …} or {"ok": False, "error"}."""
    kind = detect(data, file_name)
    try:
        if kind in ("eml", "msg"):
            return _read_message(_parse(kind, data), kind, ocr, depth)
        if kind == "docx":
            return _read_docx(data, file_name)
        if kind == "mbox":
            return {"ok": False, "error": "a mailbox: add the .mbox file itself, not a message cut out of it"}
    except ExtractionError as exc:
        return {"ok": False, "error": str(exc)}
    except MemoryError:
        return {"ok": False, "error": "damaged: the file needs more memory than allowed to read"}
    return {"ok": False, "error": f"unsupported: {suffix_of(file_name) or 'this'} files cannot be read; add PDF, "
                                  f"e-mail (.eml, .msg, .mbox) or Word (.docx) files"}


def _parse(kind: str, data: bytes) -> Message:
    if kind == "msg":
        from .msg import parse_msg
        return parse_msg(data)
    from .eml import parse_eml
    return parse_eml(data)


def render_original(data: bytes, file_name: str) -> bytes | None:
    """The PDF pages shown for a stored non-PDF original (None for a PDF), laid out as at ingest."""
    kind = detect(data, file_name)
    if kind in ("eml", "msg"):
        message = _parse(kind, data)
        blocks, _body_at, _body = message_blocks(message)
        from .render import render_pdf
        return render_pdf(blocks)
    if kind == "docx":
        from .docx import read_docx
        from .render import render_pdf
        return render_pdf(read_docx(data)[0])
    return None


# -- e-mail ---------------------------------------------------------------------------------------

def message_blocks(message: Message) -> tuple[list[Block], int, str]:
    """(blocks, number of blocks before the body, the body text that quote offsets refer to)."""
    blocks = [Block("h1", clean_text(message.subject).strip() or "(no subject)")]
    head = []
    if message.sender:
        head.append("From: " + ", ".join(p.shown for p in message.sender))
    if message.to:
        head.append("To: " + ", ".join(p.shown for p in message.to))
    if message.cc:
        head.append("Cc: " + ", ".join(p.shown for p in message.cc))
    if message.date_header:
        head.append("Date: " + message.date_header)
    if message.attachments:
        head.append("Attachments: " + ", ".join(f"{a.name} ({_size(len(a.data))})" for a in message.attachments))
    if head:
        blocks.append(Block("meta", clean_text("\n".join(head))))
    before = len(blocks)
    body = clean_text(message.body).strip("\n")
    for para in _paragraphs(body):
        quoted = all(line.lstrip().startswith(">") for line in para.split("\n"))
        blocks.append(Block("quote" if quoted else "p", para))
    return blocks, before, body


def _paragraphs(body: str) -> list[str]:
    out, current = [], []
    for line in body.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            out.append("\n".join(current))
            current = []
    if current:
        out.append("\n".join(current))
    return out


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else (f"{n / 1024:.0f} KB" if n < 1024 ** 2 else f"{n / 1024 ** 2:.1f} MB")


def _read_message(message: Message, kind: str, ocr: bool, depth: int) -> dict:
    blocks, before, body = message_blocks(message)
    pdf, pages = render_pages(blocks)
    texts = [p.text for p in pages]
    quotes = []
    found = find_quoted(body)
    if found:
        head_source = "\n\n".join(b.source() for b in blocks[:before])
        offset = len(head_source) + 2
        source = head_source + "\n\n" + body
        spans = map_spans(source, [(q.start + offset, q.end + offset) for q in found], texts)
        for q, pieces in zip(found, spans):
            for page, start, end in pieces:
                quotes.append({"page": page, "start": start, "end": end, "author": q.author,
                               "address": q.address, "date": q.date.iso() if q.date else None})
    sent = message.sent
    date = None
    if sent is not None:
        from ..dates import PartialDate
        date = PartialDate(sent.year, sent.month, sent.day)
    meta = LetterMeta(
        title=clean_text(message.subject).strip() or "(no subject)", title_conf=1.0,
        date=date, date_conf=1.0 if date else 0.0,
        senders=[p.party for p in message.sender], senders_conf=1.0 if message.sender else 0.0,
        recipients=[p.party for p in message.to + message.cc],
        recipients_conf=1.0 if (message.to or message.cc) else 0.0,
        kind="email", kind_conf=1.0, language=detect_language(body[:20000] or message.subject))
    attachments, children = _attachments(message, ocr, depth)
    return {
        "ok": True, "pages": [p.__dict__ for p in pages], "pdf_meta": {}, "warnings": message.warnings[:5],
        "language": meta.language, "meta": meta, "format": kind, "rendered": pdf, "quotes": quotes,
        "message": {
            "message_id": message.message_id, "in_reply_to": message.in_reply_to,
            "references": message.references, "subject": message.subject,
            "sent_at": sent.isoformat() if sent else None, "date_header": message.date_header,
            "from": [[p.name, p.address] for p in message.sender],
            "to": [[p.name, p.address] for p in message.to], "cc": [[p.name, p.address] for p in message.cc]},
        "attachments": attachments, "children": children,
    }


def _child_kind(name: str, content_type: str, data: bytes) -> str | None:
    if data[:1024].find(b"%PDF") >= 0:
        return "pdf"
    kind = _CHILD_TYPES.get(content_type.lower()) or {".pdf": "pdf", ".eml": "eml", ".msg": "msg",
                                                      ".docx": "docx"}.get(suffix_of(name))
    return kind


def _attachments(message: Message, ocr: bool, depth: int) -> tuple[list[dict], list[dict]]:
    listed, children = [], []
    for a in message.attachments:
        entry = {"name": a.name, "content_type": a.content_type, "size": len(a.data), "id": None, "error": ""}
        kind = _child_kind(a.name, a.content_type, a.data) if a.data else None
        if kind and depth < MAX_DEPTH:
            name = a.name if suffix_of(a.name) == "." + kind else f"{a.name}.{kind}"
            if kind == "pdf":
                from ..extractor import extract_job
                result = extract_job(a.data, name, None, ocr)
            else:
                result = read_other(a.data, name, ocr=ocr, depth=depth + 1)
            if result.get("ok"):
                digest = hashlib.sha256(a.data).hexdigest()
                entry["id"] = digest
                children.append({**result, "data": a.data, "file_name": name, "digest": digest})
            else:
                entry["error"] = result.get("error", "cannot be read")
        listed.append(entry)
    return listed, children


# -- Word -----------------------------------------------------------------------------------------

def _read_docx(data: bytes, file_name: str) -> dict:
    from .docx import read_docx
    blocks, properties = read_docx(data)
    if not any(b.source().strip() for b in blocks):
        raise ExtractionError("empty: the Word file has no text")
    pdf, pages = render_pages(blocks)
    texts = [p.text for p in pages]
    language = detect_language("\n".join(texts)[:20000])
    meta = extract_metadata(pages=texts, pdf_meta=properties, file_name=file_name)
    return {"ok": True, "pages": [p.__dict__ for p in pages], "pdf_meta": properties, "warnings": [],
            "language": language, "meta": meta, "format": "docx", "rendered": pdf, "quotes": [],
            "attachments": [], "children": []}
