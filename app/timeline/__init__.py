"""Timelines: passages chosen by thread, party, kind, status or dates, ordered by when they were said."""
from __future__ import annotations

from datetime import datetime, timezone

from archive import Archive
from archive.errors import NotFound

from .. import passages
from ..quotes.pages import reflow
from .export import CSV_BOM, FORMATS, export_timeline, to_web_annotations


def build(archive: Archive, *, thread: str | None = None, by: str | None = None, kind: str | None = None,
          status: str | None = None, date_from: str | None = None, date_to: str | None = None,
          title: str | None = None) -> dict:
    """The timeline dict that every export format is written from."""
    rows = passages.query(archive, kind=kind, by=by, thread=thread, status=status,
                          date_from=date_from, date_to=date_to)
    history = _histories(archive)
    events, undated = [], []
    for p in rows:
        event = {
            "passage_id": p["id"], "date": p["said_on"], "date_precision": p["date_precision"],
            # The page's line breaks and line-end hyphenation are undone, as in a letter; the
            # Web Annotation export keeps the exact text for its selectors.
            "by": p["by"], "by_all": p["by_all"], "to": p["to"],
            "kind": p["kind"], "status": p["status"], "quote": reflow(p["quote"]), "note": p["note"],
            "threads": p["threads"], "doc_id": p["doc_id"], "doc_title": p["doc_title"],
            "doc_date": p["doc_date"], "page": p["page"], "links": p["links"],
            "history": history.get(p["id"], []),
        }
        if p["end_page"] > p["page"]:
            event["end_page"] = p["end_page"]
        (events if p["said_on"] else undated).append(event)
    filters = {"thread": thread, "by": by, "kind": kind, "status": status, "from": date_from, "to": date_to}
    if title is None:
        chosen = [f"{k} {v}" for k, v in filters.items() if v]
        title = "Timeline" + (": " + ", ".join(chosen) if chosen else "")
    return {"title": title, "filters": filters, "events": events, "undated": undated}


def _histories(archive: Archive) -> dict[str, list[dict]]:
    """Every passage's status changes, oldest first, in one query."""
    out: dict[str, list[dict]] = {}
    for pid, status, on_date, note, evidence_id, recorded_at in archive.db.execute(
            "SELECT passage_id, status, on_date, note, evidence_id, recorded_at FROM status_history ORDER BY id"):
        out.setdefault(pid, []).append({"status": status, "on_date": on_date, "note": note,
                                        "evidence_id": evidence_id, "recorded_at": recorded_at})
    return out


def _moment(stamp: str) -> datetime:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)   # the exporter reports an unreadable stamp
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def check_exportable(timeline: dict, fmt: str) -> None:
    """TimelineJS shows nothing but "Timeline configuration has no events" for a file without dated
    passages: refuse to write one."""
    if fmt == "timelinejs" and not timeline["events"]:
        undated = len(timeline["undated"])
        raise NotFound("no dated passages match, so there is nothing for TimelineJS to show"
                       + (f" ({undated} undated passage(s) match: give them a said-on date, or export "
                          "csv, json, html or md, which list them)" if undated else
                          ": widen the filters (see: threads, passages)"))


def export(timeline: dict, fmt: str) -> str:
    check_exportable(timeline, fmt)
    return export_timeline(timeline, fmt)


def export_bytes(timeline: dict, fmt: str) -> bytes:
    """The contents of an export file: a CSV file starts with the UTF-8 byte-order mark, which is how
    Excel knows it is UTF-8 (without it, "Coalición" opens as "CoaliciÃ³n")."""
    text = export(timeline, fmt)
    return ((CSV_BOM if fmt == "csv" else "") + text).encode("utf-8")


def annotations(archive: Archive, archive_name: str = "Papertrail") -> str:
    """Every passage as W3C Web Annotation JSON-LD; `modified` is the latest change to the passage,
    its status or its links."""
    items = []
    history = _histories(archive)
    rows = passages.query(archive)
    linked = {}
    for source, target, created in archive.db.execute("SELECT source_id, target_id, created_at FROM links"):
        for pid in (source, target):
            linked[pid] = max(linked.get(pid, ""), created)
    for p in rows:
        if p["doc_id"] is None:
            continue     # a question written directly annotates no letter
        changes = [p["updated_at"], linked.get(p["id"], "")] + [h["recorded_at"] for h in history.get(p["id"], [])]
        items.append({"passage_id": p["id"], "doc_id": p["doc_id"], "doc_title": p["doc_title"],
                      "page": p["page"], "start": p["start"], "end": p["end"], "quote": p["quote"],
                      "end_page": p["end_page"], "spans": p["spans"],
                      "prefix": p["prefix"], "suffix": p["suffix"], "kind": p["kind"], "by": p["by"],
                      "by_all": p["by_all"], "to": p["to"],
                      "date": p["said_on"], "status": p["status"], "note": p["note"], "threads": p["threads"],
                      "history": history.get(p["id"], []), "links": p["links"],
                      "created": p["created_at"], "modified": max((c for c in changes if c), key=_moment)})
    return to_web_annotations(items, archive_name)


__all__ = ["FORMATS", "build", "check_exportable", "export", "export_bytes", "annotations"]
