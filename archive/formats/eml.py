"""Internet messages (.eml, RFC 5322) read with the standard library's email package."""
from __future__ import annotations

import re
from email import policy
from email.policy import EmailPolicy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime

from ..pdftext import ExtractionError
from .html_text import html_to_text
from .message import Attachment, Message, Person

_ID = re.compile(r"<[^<>\s]+>")


class _Policy(EmailPolicy):
    """The standard library's default policy, remembering parsed headers: finding the body and the
    attachments reads each part's Content-Type many times, and parsing it again each time was a
    third of the time spent reading an e-mail. Parsed headers are immutable, so sharing is safe."""

    _parsed: dict = {}

    def header_fetch_parse(self, name, value):
        if type(value) is not str:
            return super().header_fetch_parse(name, value)
        key = (name.lower(), value)
        header = self._parsed.get(key)
        if header is None:
            if len(self._parsed) > 4096:
                self._parsed.clear()
            header = self._parsed[key] = super().header_fetch_parse(name, value)
        return header


POLICY = _Policy()


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name)
    except Exception:  # noqa: BLE001 - a malformed header is read as missing, not fatal
        return ""
    return " ".join(str(value).split()) if value is not None else ""


def _people(msg: EmailMessage, name: str) -> list[Person]:
    try:
        header = msg.get(name)
        if header is None:
            return []
        addresses = getattr(header, "addresses", None)
        if addresses is not None:
            return [Person(" ".join(a.display_name.split()), a.addr_spec.strip("<>")) for a in addresses
                    if a.display_name or a.addr_spec]
    except Exception:  # noqa: BLE001 - fall back to the lenient parser below
        pass
    raw = msg.get_all(name, failobj=[]) if hasattr(msg, "get_all") else []
    return [Person(n, a) for n, a in getaddresses([str(r) for r in raw]) if n or a]


def parse_eml(data: bytes) -> Message:
    if not data.strip():
        raise ExtractionError("not an e-mail: the file is empty")
    try:
        msg = BytesParser(policy=POLICY).parsebytes(data)
    except Exception as exc:  # noqa: BLE001 - the parser is lenient; this is real damage
        raise ExtractionError(f"damaged: the e-mail cannot be read ({type(exc).__name__})") from None
    if not any(k.lower() in ("from", "to", "subject", "date", "message-id") for k in msg.keys()):
        raise ExtractionError("not an e-mail: the file has no message headers (From:, To:, Subject:, Date:)")
    return from_email_message(msg)


def from_email_message(msg: EmailMessage) -> Message:
    out = Message(subject=_header(msg, "subject"), sender=_people(msg, "from"), to=_people(msg, "to"),
                  cc=_people(msg, "cc"), date_header=_header(msg, "date"),
                  message_id=_first_id(_header(msg, "message-id")),
                  in_reply_to=_first_id(_header(msg, "in-reply-to")),
                  references=_ID.findall(_header(msg, "references")))
    if out.date_header:
        try:
            out.sent = parsedate_to_datetime(out.date_header)
        except (TypeError, ValueError, IndexError):
            out.warnings.append(f"the Date header cannot be read: {out.date_header[:60]}")
    out.body = _body(msg, out)
    out.attachments = _attachments(msg, out)
    return out


def _first_id(value: str) -> str:
    found = _ID.findall(value)
    return found[0] if found else value.strip()


def _body(msg: EmailMessage, out: Message) -> str:
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except Exception:  # noqa: BLE001
        part = None
    if part is None:
        if msg.get_content_maintype() == "text":
            part = msg
        else:
            return ""
    try:
        content = part.get_content()
    except Exception:  # noqa: BLE001 - an unknown charset: read the bytes as best we can
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace")
        out.warnings.append("the body's character set is unknown; read as UTF-8")
    if not isinstance(content, str):
        return ""
    if part.get_content_subtype() == "html":
        return html_to_text(content)
    return content


def _attachments(msg: EmailMessage, out: Message) -> list[Attachment]:
    found: list[Attachment] = []
    try:
        parts = list(msg.iter_attachments())
    except Exception:  # noqa: BLE001
        return found
    for n, part in enumerate(parts, start=1):
        ctype = part.get_content_type()
        name = part.get_filename() or ""
        try:
            if ctype == "message/rfc822":
                inner = part.get_content()
                data = inner.as_bytes(policy=policy.default) if hasattr(inner, "as_bytes") else bytes(inner)
                name = name or f"{_header(inner, 'subject') or 'attached message'}.eml"
            else:
                data = part.get_payload(decode=True) or b""
        except Exception as exc:  # noqa: BLE001 - one unreadable attachment is listed, not fatal
            out.warnings.append(f"attachment {n} cannot be decoded ({type(exc).__name__})")
            data = b""
        name = " ".join(name.split()) or f"attachment-{n}"
        found.append(Attachment(name, ctype, data))
    return found
