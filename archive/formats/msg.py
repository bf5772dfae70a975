"""Outlook messages (.msg) read with python-oxmsg (MIT licence; extract-msg is GPL-3.0, which
Papertrail, distributed under a permissive licence, cannot take in)."""
from __future__ import annotations

import re
from email.utils import getaddresses, parsedate_to_datetime

from ..pdftext import ExtractionError
from .html_text import html_to_text
from .message import Attachment, Message, Person

_ID = re.compile(r"<[^<>\s]+>")
_PID_RECIPIENT_TYPE = 0x0C15
_PID_MESSAGE_ID = 0x1035
_PID_REFERENCES = 0x1039
_PID_IN_REPLY_TO = 0x1042
_TO, _CC = 1, 2


def parse_msg(data: bytes) -> Message:
    try:
        from oxmsg import Message as OutlookMessage
    except ImportError:
        raise ExtractionError("unsupported: reading Outlook .msg files needs python-oxmsg "
                              "(pip install python-oxmsg), or save the message as .eml") from None
    try:
        msg = OutlookMessage.load(data)
        return _convert(msg)
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - olefile and oxmsg raise many types for broken files
        text = str(exc).strip().splitlines()
        raise ExtractionError(f"damaged: the Outlook message cannot be read "
                              f"({(text[0][:120] if text else '') or type(exc).__name__})") from None


def _people(value: str | None) -> list[Person]:
    return [Person(" ".join(n.split()), a) for n, a in getaddresses([value or ""]) if n or a]


def _convert(msg) -> Message:
    props = msg.properties
    headers = msg.message_headers   # the internet headers, when the message came from outside
    lower = {k.lower(): v for k, v in headers.items()}
    out = Message(subject=" ".join((msg.subject or lower.get("subject", "")).split()))
    out.sender = _people(msg.sender)
    to, cc = [], []
    for r in msg.recipients:
        person = Person(" ".join((r.name or "").split()), (r.email_address or "").strip())
        if not (person.name or person.address):
            continue
        kind = r.properties.int_prop_value(_PID_RECIPIENT_TYPE) or _TO
        (cc if kind == _CC else to if kind == _TO else []).append(person)
    out.to = to or _people(lower.get("to"))
    out.cc = cc or _people(lower.get("cc"))
    out.sent = msg.sent_date
    if lower.get("date"):
        out.date_header = " ".join(lower["date"].split())
        try:
            out.sent = parsedate_to_datetime(out.date_header) or out.sent
        except (TypeError, ValueError, IndexError):
            pass
    elif out.sent is not None:
        out.date_header = out.sent.strftime("%a, %d %b %Y %H:%M:%S %z").strip()
    message_id = props.str_prop_value(_PID_MESSAGE_ID) or lower.get("message-id", "")
    out.message_id = (_ID.findall(message_id) or [message_id.strip()])[0] if message_id else ""
    in_reply_to = props.str_prop_value(_PID_IN_REPLY_TO) or lower.get("in-reply-to", "")
    out.in_reply_to = (_ID.findall(in_reply_to) or [in_reply_to.strip()])[0] if in_reply_to else ""
    out.references = _ID.findall(props.str_prop_value(_PID_REFERENCES) or lower.get("references", ""))
    body = msg.body
    if not (body and body.strip()):
        html = msg.html_body
        body = html_to_text(html) if html else ""
    out.body = body or ""
    for n, a in enumerate(msg.attachments, start=1):
        if not a.attached_by_value:
            out.attachments.append(Attachment(a.file_name or f"attachment-{n}", "", b""))
            continue
        out.attachments.append(Attachment(a.file_name or f"attachment-{n}", a.mime_type or "", a.file_bytes or b""))
    return out
