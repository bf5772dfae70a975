"""E-mail and Word documents in the app: what `show` adds, the pages the viewer draws, and who
said a passage tagged inside a quoted earlier message."""
from __future__ import annotations

from pathlib import Path

from archive import Archive
from archive import conversations, correspondence
from archive.dates import PartialDate
from archive.formats import OLE_MAGIC


def details(archive: Archive, doc_id: str) -> dict:
    """Headers, attachments, "attached to" and reply links of a document (empty for a plain PDF)."""
    out: dict = {}
    row = correspondence.get(archive.db, doc_id)
    if row and row["format"] != "pdf":
        out["format"] = row["format"]
    if row and (row["message_id"] or row["sent_at"] or row["addresses"]):
        out["message"] = {"message_id": row["message_id"], "in_reply_to": row["in_reply_to"],
                          "references": row["refs"], "sent_at": row["sent_at"], "date_header": row["date_header"],
                          **{k: [{"name": n, "address": a} for n, a in v] for k, v in row["addresses"].items()}}
        if row["quotes"]:
            out["quoted"] = [{"page": q["page"], "author": q["author"], "address": q["address"], "date": q["date"]}
                             for q in row["quotes"]]
    listed = correspondence.attachments_of(archive.db, doc_id)
    if listed:
        out["attachments"] = [{"name": a["name"], "content_type": a["content_type"], "size": a["size"],
                               "id": a["child_id"], **({"error": a["error"]} if a["error"] else {})} for a in listed]
    parents = correspondence.attached_to(archive.db, doc_id)
    if parents:
        out["attached_to"] = parents
    answered = conversations.replies_to(archive.db, doc_id)
    if answered:
        out["replies_to"] = answered
    later = conversations.answered_by(archive.db, doc_id)
    if later:
        out["answered_by"] = later
    return out


def page_source(archive: Archive, doc_id: str) -> Path:
    """The PDF the viewer draws a document's pages from: the original for a PDF; for an e-mail or
    Word file its laid-out pages, made again from the original when they are missing."""
    original = archive.store.path_for(doc_id)
    try:
        with open(original, "rb") as f:
            head = f.read(1024)
    except OSError:
        return original         # the viewer reports the missing original
    if b"%PDF" in head and not head.startswith((OLE_MAGIC, b"PK\x03\x04")):
        return original     # (an Outlook file may hold an attached PDF in its first sectors)
    rendered = correspondence.rendered_path(archive.path, doc_id)
    if not rendered.exists():
        from archive.formats.read import render_original
        name = archive.db.execute("SELECT file_name FROM documents WHERE id = ?", [doc_id]).fetchone()
        try:
            pdf = render_original(archive.store.read(doc_id), name[0] if name else "")
        except Exception:  # noqa: BLE001 - the viewer then reports that the pages cannot be drawn
            return rendered
        if pdf:
            correspondence.save_rendered(archive.path, doc_id, pdf)
    return rendered


def quoted_speaker(archive: Archive, doc_id: str, page: int, start: int, end: int) -> tuple[str, PartialDate | None] | None:
    """(who, when) for a passage inside a quoted earlier message; None outside one."""
    q = correspondence.quoted_at(archive.db, doc_id, page, start, end)
    if q is None:
        return None
    who = correspondence.quote_author(archive.db, q)
    return who, PartialDate.from_iso(q["date"]) if q.get("date") else None
