"""Check that the database, the stored originals and the search index agree."""
from __future__ import annotations

from typing import Callable

from archive import Archive

# Later features add checks of their own (e.g. orphaned passages).
EXTRA_CHECKS: list[Callable[[Archive], list[dict]]] = []


def check(archive: Archive, verify_hashes: bool = True) -> list[dict]:
    """Problems found, each {"kind", "message", "fix"}; empty when all is well."""
    problems: list[dict] = []

    def add(kind: str, message: str, fix: str) -> None:
        problems.append({"kind": kind, "message": message, "fix": fix})

    result = archive.db.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        add("database", f"database damaged: {result}", "restore the archive from a backup")
    for (n,) in archive.db.execute(
            "SELECT COUNT(*) FROM pages WHERE doc_id NOT IN (SELECT id FROM documents)").fetchall():
        if n:
            add("orphan", f"{n} page row(s) belong to no document", "run `reindex` after a backup")
    for doc_id, pages, have in archive.db.execute("""
            SELECT d.id, d.pages, (SELECT COUNT(*) FROM pages p WHERE p.doc_id = d.id)
            FROM documents d""").fetchall():
        if pages != have:
            add("orphan", f"document {doc_id[:12]} should have {pages} page(s) but has {have}",
                "re-add the original file")
    for doc_id, page in _undecodable_pages(archive):
        add("bad-text", f"page {page} of document {doc_id[:12]} has text that is not valid UTF-8 "
            "(shown with � in its place)", f"read the page again from its original with `reextract {doc_id[:12]}`")
    stored = archive.store.digests()
    ids = {r[0] for r in archive.db.execute("SELECT id FROM documents")}
    for doc_id in sorted(ids - stored):
        add("missing-file", f"original file of document {doc_id[:12]} is missing",
            "restore it from a backup or re-add the PDF")
    if verify_hashes:
        for doc_id in sorted(ids & stored):
            if not archive.store.verify(doc_id):
                add("changed-file", f"original file of document {doc_id[:12]} has been modified",
                    "restore it from a backup or re-add the PDF")
    for digest in sorted(stored - ids):
        add("orphan", f"stored file {digest[:12]} belongs to no document (an interrupted ingest)",
            "add it again or ignore it")
    for message in archive.index_problems():
        add("index", message, "run `reindex`")
    for extra in EXTRA_CHECKS:
        problems.extend(extra(archive))
    return problems


def _undecodable_pages(archive: Archive) -> list[tuple[str, int]]:
    bad = []
    for doc_id, page, raw in archive.db.execute("SELECT doc_id, page, CAST(text AS BLOB) FROM pages"):
        try:
            (raw or b"").decode("utf-8")
        except UnicodeDecodeError:
            bad.append((doc_id, page))
    return bad


def _orphaned_passages(archive: Archive) -> list[dict]:
    rows = archive.db.execute("""SELECT p.id, p.quote, d.title FROM passages p JOIN documents d
                                 ON d.id = p.doc_id WHERE p.orphaned = 1""").fetchall()
    return [{"kind": "orphaned-passage",
             "message": f"passage {pid[:8]} (“{' '.join(q.split())[:50]}”) can no longer be found in “{t}”",
             "fix": f"tag the passage again and delete the old one with `untag {pid[:8]}`"}
            for pid, q, t in rows]


EXTRA_CHECKS.append(_orphaned_passages)
