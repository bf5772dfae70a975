"""Saved searches (named queries stored in the archive) and search results written out as CSV."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from archive import Archive
from archive.atomic import atomic_path
from archive.documents import now_iso
from archive.errors import BadInput, NotFound

from .search import search

SORTS = ("relevance", "date")
CSV_COLUMNS = ("doc_id", "title", "date", "page", "score", "snippet")


def list_saved(archive: Archive) -> list[dict]:
    """Every saved search, by name: [{"id", "name", "query", "sort", "created_at"}]."""
    cur = archive.db.execute(
        "SELECT id, name, query, sort, created_at FROM saved_searches ORDER BY name COLLATE NOCASE")
    return [dict(zip([c[0] for c in cur.description], row)) for row in cur.fetchall()]


def save_search(archive: Archive, name: str, query: str, sort: str = "relevance",
                replace: bool = False) -> dict:
    """Store a query under a name; the query is checked first so a saved search always runs."""
    name = " ".join((name or "").split())
    if not name:
        raise BadInput("a saved search needs a name")
    if not (query or "").strip():
        raise BadInput("the query is empty: type a search before saving it")
    if sort not in SORTS:
        raise BadInput(f"sort must be one of {', '.join(SORTS)}")
    search(archive, query, limit=1)   # raises QueryError with the user's message
    with archive.transaction():
        row = archive.db.execute("SELECT id FROM saved_searches WHERE name = ?", [name]).fetchone()
        if row and not replace:
            raise BadInput(f"a saved search called {name!r} exists: choose another name or replace it")
        if row:
            archive.db.execute("UPDATE saved_searches SET query = ?, sort = ? WHERE id = ?",
                               [query, sort, row[0]])
            sid = row[0]
        else:
            sid = archive.db.execute(
                "INSERT INTO saved_searches (name, query, sort, created_at) VALUES (?, ?, ?, ?)",
                [name, query, sort, now_iso()]).lastrowid
    return get_saved(archive, sid)


def get_saved(archive: Archive, search_id: int) -> dict:
    for s in list_saved(archive):
        if s["id"] == search_id:
            return s
    raise NotFound(f"no saved search with id {search_id}")


def delete_saved(archive: Archive, search_id: int) -> None:
    get_saved(archive, search_id)
    with archive.transaction():
        archive.db.execute("DELETE FROM saved_searches WHERE id = ?", [search_id])


def plain_snippet(snippet: str) -> str:
    """A snippet without its <mark> tags and HTML escapes, for CSV and tooltips."""
    import html
    return html.unescape(re.sub(r"</?mark>", "", snippet))


def export_results_csv(archive: Archive, query: str, path: str | Path, sort: str = "relevance") -> int:
    """Write every hit of a query to a CSV file (replaced atomically); returns the number of rows."""
    results = search(archive, query, limit=0, sort=sort)
    path = Path(path)
    if path.is_dir():
        raise BadInput(f"{path} is a folder: choose a file name for the CSV")
    if not path.parent.is_dir():
        raise BadInput(f"the folder {path.parent} does not exist: choose another place")
    # utf-8-sig: the byte-order mark tells Excel the file is UTF-8
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_COLUMNS)
        for h in results.hits:
            writer.writerow([h.doc_id, h.title, h.date or "", h.page, f"{h.score:.4f}",
                             plain_snippet(h.snippet)])
    return len(results.hits)
