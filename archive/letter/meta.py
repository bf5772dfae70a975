"""Guess a letter's title, date, senders, recipients, kind and language from its extracted text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import PartialDate

from .dates import _letter_date, detect_document_language, detect_language
from .parties import _closing_index, _fill_parties
from .text import _SALUTATION, _prepare
from .title import _kind, _title, _title_from_file

__all__ = ["LetterMeta", "detect_document_language", "detect_language", "extract_metadata", "CONFIRM_BELOW"]

CONFIRM_BELOW = 0.6  # confidences under this should be shown to the user for confirmation


@dataclass
class LetterMeta:
    """Best guesses about one document; each *_conf is 0..1, below CONFIRM_BELOW means "ask the user"."""

    title: str = ""
    title_conf: float = 0.0
    date: PartialDate | None = None
    date_conf: float = 0.0
    senders: list[str] = field(default_factory=list)
    senders_conf: float = 0.0
    recipients: list[str] = field(default_factory=list)
    recipients_conf: float = 0.0
    kind: str = "letter"
    kind_conf: float = 0.0
    language: str = "other"


_HEADER = re.compile(
    r"(from|de|to|para|à|a|cc|date|fecha|sent|enviado|envoyé|envoye|subject|asunto|objet|re)\s*:\s*(.*)", re.I
)
_HEADER_KEY = {
    "from": "from", "de": "from", "to": "to", "para": "to", "à": "to", "a": "to", "cc": "cc", "date": "date",
    "fecha": "date", "sent": "sent", "enviado": "sent", "envoyé": "sent", "envoye": "sent",
    "subject": "subject", "asunto": "subject", "objet": "subject", "re": "subject",
}  # fmt: skip


# "Tomás Rivera <trivera@amazonwatch.org>": a name with its address, alone on a line.
_NAMED_ADDRESS = re.compile(r"[^<>:@]{2,80}<[^<>@\s]+@[^<>\s]+>")
_MESSAGE_COUNT = re.compile(r"\d{1,4}\s+(?:messages?|mensajes?|e-?mails?|courriels?)", re.I)


def _unlabelled_sender(lines: list[str], headers: dict) -> None:
    """A webmail's printed message (Gmail's) gives its sender without a label: a name with its
    address on the line over the date, over "To:". The account the page was printed from stands
    at the top in the same form, but not over a "To:"."""
    if "from" in headers or "to" not in headers:
        return
    to = headers["to"][0]
    for i in range(to - 1, max(-1, to - 4), -1):
        if _NAMED_ADDRESS.fullmatch(lines[i]):
            headers["from"] = (i, lines[i])
            if i + 1 < to and "sent" not in headers and "date" not in headers:
                headers["sent"] = (i + 1, lines[i + 1])
            # Over the thread's first message: its subject, then how many messages it holds.
            if i >= 2 and "subject" not in headers and _MESSAGE_COUNT.fullmatch(lines[i - 1]):
                headers["subject"] = (i - 2, lines[i - 2])
            return


def extract_metadata(pages: list[str], pdf_meta: dict | None = None, file_name: str = "", *,
                     layout: dict | None = None, heights: dict | None = None) -> LetterMeta:
    """Best-guess metadata for a document from its page texts and, where known, the layout of its
    first and last pages (layout.Line tuples by page number, with the page heights);
    never raises, low confidence when unsure."""
    try:
        return _extract(pages, pdf_meta, file_name, layout, heights)
    except Exception:  # noqa: BLE001 - a guess must never stop a document from being ingested
        title, conf = _title_from_file(file_name)
        return LetterMeta(title=title, title_conf=conf)


def _extract(pages: object, pdf_meta: object, file_name: object, layout=None, heights=None) -> LetterMeta:
    doc = _prepare(pages, layout, heights)
    meta_in = pdf_meta if isinstance(pdf_meta, dict) else {}
    lines = doc.lines
    headers: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(lines[:30]):
        if m := _HEADER.match(line):
            value = m[2].strip()
            if not value and i + 1 < len(lines) and not _HEADER.match(lines[i + 1]):
                value = lines[i + 1]  # header labels and values laid out in two columns
            headers.setdefault(_HEADER_KEY[m[1].lower()], (i, value))
    _unlabelled_sender(lines, headers)
    sal = next((i for i, line in enumerate(lines[:60]) if len(line) <= 120 and _SALUTATION.match(line)), None)
    close = _closing_index(doc.tail)
    result = LetterMeta(language=detect_language(doc.page1[:6000] or " ".join(doc.tail)[:6000]))
    result.kind, result.kind_conf = _kind(doc, headers, sal, close)
    used = {i for i, _ in headers.values()}
    if sal is not None:
        used.add(sal)
    result.date, result.date_conf, date_idx = _letter_date(doc, headers, sal, close, meta_in)
    if date_idx is not None:
        used.add(date_idx)
    _fill_parties(result, doc, headers, sal, close, date_idx, used)
    result.title, result.title_conf = _title(doc, headers, sal, used, meta_in, file_name,
                                             result.senders + result.recipients)
    return result
