"""Readers for what arrives besides PDF: e-mail (.eml, .msg, .mbox) and Word letters (.docx).

Each reader turns its file into text laid out as PDF pages in memory (so the viewer, word
boxes, highlights and citations work as for a PDF); the original is stored untouched."""
from __future__ import annotations

import zipfile
from io import BytesIO

# What ingest accepts, by suffix, when it looks through a folder.
SUFFIXES = (".pdf", ".eml", ".msg", ".docx", ".mbox")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def suffix_of(file_name: str) -> str:
    name = (file_name or "").lower()
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 else ""


def detect(data: bytes, file_name: str = "") -> str:
    """"pdf", "eml", "msg", "docx", "mbox" or "unsupported": by content first, then by the file's
    suffix. An unrecognised .pdf (or nameless) file is "pdf", whose reader says that it is not one."""
    head = data[:1024]
    suffix = suffix_of(file_name)
    if head.startswith(OLE_MAGIC):      # before the PDF test: an attached PDF may start in its first sectors
        return "msg" if suffix == ".msg" or _ole_is_message(data) else "pdf"
    if b"%PDF" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") and (suffix == ".docx" or _zip_is_docx(data)):
        return "docx"
    if suffix == ".mbox" or (head.startswith(b"From ") and suffix in ("", ".mbx")):
        return "mbox"
    if suffix == ".eml" or looks_like_message(head):
        return "eml"
    if suffix in (".docx", ".msg"):
        return suffix[1:]      # named so but not such a file: its reader says what is wrong
    if suffix and suffix != ".pdf" and len(suffix) <= 6:
        return "unsupported"   # notes.txt, letter.doc: say so rather than "not a PDF"
    return "pdf"


def looks_like_message(head: bytes) -> bool:
    """Headers of an Internet message: a From: line and a Date:, Subject: or Message-ID: one."""
    text = head[:1024].decode("latin-1").lower()
    lines = text.splitlines()[:40]
    names = {line.split(":", 1)[0].strip() for line in lines if ":" in line and not line.startswith((" ", "\t"))}
    return "from" in names and bool(names & {"date", "subject", "message-id"}) and \
        not text.lstrip().startswith("<")


def _zip_is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _ole_is_message(data: bytes) -> bool:
    return "__substg1.0_".encode("utf-16-le") in data     # a directory entry name: MS-OXMSG streams
