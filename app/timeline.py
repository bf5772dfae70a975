"""Timelines: passages chosen by thread, party, kind, status or dates, ordered by when they were said."""
from __future__ import annotations

from archive import Archive

from . import passages
from .quote_pages import reflow
from .timeline_export import FORMATS, export_timeline, to_web_annotations


def build(archive: Archive, *, thread: str | None = None, by: str | None = None, kind: str | None = None,
          status: str | None = None, date_from: str | None = None, date_to: str | None = None,
          title: str | None = None) -> dict:
    """The timeline dict that every export format is written from."""
    rows = passages.query(archive, kind=kind, by=by, thread=thread, status=status,
                          date_from=date_from, date_to=date_to)
    events, undated = [], []
    for p in rows:
        event = {
            "passage_id": p["id"], "date": p["said_on"], "date_precision": p["date_precision"],
            # The page's line breaks and line-end hyphenation are undone, as in a letter; the
            # Web Annotation export keeps the exact text for its selectors.
            "by": p["by"], "kind": p["kind"], "status": p["status"], "quote": reflow(p["quote"]), "note": p["note"],
            "threads": p["threads"], "doc_id": p["doc_id"], "doc_title": p["doc_title"],
            "doc_date": p["doc_date"], "page": p["page"], "links": p["links"],
        }
        if p["end_page"] > p["page"]:
            event["end_page"] = p["end_page"]
        (events if p["said_on"] else undated).append(event)
    filters = {"thread": thread, "by": by, "kind": kind, "status": status, "from": date_from, "to": date_to}
    if title is None:
        chosen = [f"{k} {v}" for k, v in filters.items() if v]
        title = "Timeline" + (": " + ", ".join(chosen) if chosen else "")
    return {"title": title, "filters": filters, "events": events, "undated": undated}


def export(timeline: dict, fmt: str) -> str:
    return export_timeline(timeline, fmt)


def annotations(archive: Archive, archive_name: str = "Papertrail") -> str:
    """Every passage as W3C Web Annotation JSON-LD."""
    items = []
    for p in passages.query(archive):
        items.append({"passage_id": p["id"], "doc_id": p["doc_id"], "doc_title": p["doc_title"],
                      "page": p["page"], "start": p["start"], "end": p["end"], "quote": p["quote"],
                      "end_page": p["end_page"], "spans": p["spans"],
                      "prefix": p["prefix"], "suffix": p["suffix"], "kind": p["kind"], "by": p["by"],
                      "date": p["said_on"], "status": p["status"], "note": p["note"], "threads": p["threads"],
                      "created": p["created_at"], "modified": p["updated_at"]})
    return to_web_annotations(items, archive_name)


__all__ = ["FORMATS", "build", "export", "annotations"]
