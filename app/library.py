"""Documents as users see them: list, show, correct metadata (and keep search in step)."""
from __future__ import annotations

import gc
import json
from contextlib import contextmanager

from archive import Archive, documents, listing
from archive.errors import BadInput

LOW_CONFIDENCE = 0.6


def public_doc(d: dict) -> dict:
    """The documented shape of a document in listings."""
    out = {k: d[k] for k in ("id", "title", "date", "senders", "recipients", "kind", "pages",
                             "file_name", "added_at")}
    out["unsure"] = unsure_fields(d)
    if d.get("no_text"):
        out["text_problem"] = d.get("text_problem") or "no usable text"
    if d.get("needs_ocr_pages"):
        out["needs_ocr_pages"] = d["needs_ocr_pages"]
    return out


def unsure_fields(d: dict) -> list[str]:
    """Fields the reader was not sure about and a person should confirm."""
    if d.get("confirmed"):
        return []
    unsure = []
    if d.get("date") is None or d.get("date_conf", 1) < LOW_CONFIDENCE:
        unsure.append("date")
    if not d.get("senders") or d.get("senders_conf", 1) < LOW_CONFIDENCE:
        unsure.append("senders")
    if not d.get("recipients") or d.get("recipients_conf", 1) < LOW_CONFIDENCE:
        unsure.append("recipients")
    if d.get("title_conf", 1) < LOW_CONFIDENCE:
        unsure.append("title")
    return unsure


def document_count(archive: Archive) -> int:
    return archive.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def list_docs(archive: Archive) -> list[dict]:
    return documents.list_documents(archive.db)


# unsure_fields() for each bit set the listing's query computes (the same rules, worked out by SQLite)
_UNSURE = [[f for bit, f in enumerate(listing.UNSURE_FIELDS) if bits >> bit & 1]
           for bits in range(1 << len(listing.UNSURE_FIELDS))]


def public_docs(archive: Archive, limit: int | None = None) -> list[dict]:
    """Every document (the newest `limit` when given) as public_doc() dicts, newest first: the
    `docs` listing and the window's library, read in one query (a third of a second at 20,000)."""
    with _no_cycle_collection():
        return _public_docs(archive, limit)


@contextmanager
def _no_cycle_collection():
    """Thousands of small dicts and lists built in a row (none refers back to another) make
    Python's cycle collector walk the growing heap again and again: a sixth of the listing's
    time at 20,000 letters. It pauses meanwhile; what it would have found is collected after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _public_docs(archive: Archive, limit: int | None) -> list[dict]:
    sep, unsure = listing.SEP, _UNSURE
    out = []
    for (doc_id, title, date, kind, pages, file_name, added_at, bits, problem, senders,
         recipients) in listing.listing(archive.db, LOW_CONFIDENCE, limit):
        d = {"id": doc_id, "title": title, "date": date,
             "senders": senders.split(sep) if senders else [],
             "recipients": recipients.split(sep) if recipients else [],
             "kind": kind, "pages": pages, "file_name": file_name, "added_at": added_at,
             "unsure": unsure[bits][:]}
        if problem is not None:
            no_text, text_problem, needs_ocr = json.loads(problem)
            if no_text:
                d["text_problem"] = text_problem or "no usable text"
            if needs_ocr:
                d["needs_ocr_pages"] = needs_ocr
        out.append(d)
    return out


def newest_docs(archive: Archive, limit: int) -> tuple[list[dict], int]:
    """The newest `limit` documents as public_doc() dicts (a first screenful for the window,
    shown while the rest load) and how many documents there are."""
    return public_docs(archive, limit), document_count(archive)


def passage_counts(archive: Archive, doc_ids: list[str] | None = None) -> dict[str, int]:
    """{doc_id: number of passages} for documents with any (only these when given)."""
    sql = "SELECT doc_id, COUNT(*) FROM passages"
    params: list = []
    if doc_ids is not None:
        sql += f" WHERE doc_id IN ({','.join('?' * len(doc_ids))})"
        params = doc_ids
    return dict(archive.db.execute(sql + " GROUP BY doc_id", params).fetchall())


def show_doc(archive: Archive, doc_ref: str, page: int | None = None) -> dict:
    doc_id = archive.resolve_doc(doc_ref)
    d = documents.get_document(archive.db, doc_id)
    rows = archive.db.execute(
        "SELECT page, text, source, problem FROM pages WHERE doc_id = ? ORDER BY page", [doc_id]).fetchall()
    if page is not None:
        if not 1 <= page <= d["pages"]:
            raise BadInput(f"page {page} does not exist: the document has {d['pages']} page(s)")
        rows = [r for r in rows if r[0] == page]
    out = public_doc(d)
    out.update({"language": d["language"], "ocr_pages": d["ocr_pages"],
                "confidence": {"title": d["title_conf"], "date": d["date_conf"], "senders": d["senders_conf"],
                               "recipients": d["recipients_conf"], "kind": d["kind_conf"]},
                "text": [{"page": r[0], "text": r[1], "source": r[2], **({"problem": r[3]} if r[3] else {})}
                         for r in rows]})
    from .correspondence import details
    out.update(details(archive, doc_id))
    return out


def edit_doc(archive: Archive, doc_ref: str, *, title: str | None = None, date: str | None = None,
             senders: list[str] | None = None, recipients: list[str] | None = None,
             kind: str | None = None, confirm: bool = False) -> dict:
    from archive.dates import DateError, parse_date
    doc_id = archive.resolve_doc(doc_ref)
    parsed = None
    clear = False
    if date is not None:
        if date.strip().lower() in ("", "none", "unknown"):
            clear = True
        else:
            try:
                parsed = parse_date(date)
            except DateError as exc:
                raise BadInput(str(exc)) from None
    with archive.transaction():
        documents.update_metadata(archive.db, doc_id, title=title, date=parsed, date_clear=clear,
                                  senders=senders, recipients=recipients, kind=kind)
        if confirm:
            archive.db.execute("UPDATE documents SET confirmed = 1 WHERE id = ?", [doc_id])
    archive.index_documents([doc_id])
    return documents.get_document(archive.db, doc_id)


def get_doc(archive: Archive, doc_id: str) -> dict:
    """One document's metadata (full id)."""
    return documents.get_document(archive.db, doc_id)


def page_count(archive: Archive, doc_id: str) -> int:
    return documents.get_document(archive.db, doc_id)["pages"]


def page_layout(archive: Archive, doc_id: str, page: int) -> dict:
    """A page's text and word boxes (unrotated PDF coordinates) for viewers and highlighting:
    {"text", "words": [(start, end, x0, y0, x1, y1)], "width", "height", "rotation", "source"}."""
    from archive.pdftext import unpack_words
    row = documents.get_page(archive.db, doc_id, page)
    return {"text": row["text"], "words": unpack_words(row["words"]), "width": row["width"],
            "height": row["height"], "rotation": row["rotation"], "source": row["source"],
            "problem": row["problem"]}


def span_rects(archive: Archive, doc_id: str, page: int, start: int, end: int) -> list[tuple]:
    """Rectangles covering page text[start:end], one per line (unrotated PDF coordinates)."""
    from archive.pdftext import rects_for_span
    row = documents.get_page(archive.db, doc_id, page)
    return rects_for_span(row["words"], start, end)


def original_path(archive: Archive, doc_id: str):
    """Path of the stored original (read-only; never modify it)."""
    return archive.store.path_for(doc_id)
