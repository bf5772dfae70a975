"""The archive's listings: of documents (the `docs` command, the window's library), one row per
document with the names of its senders and recipients, read without joining the parties; and
the indexes the list of parties needs (migration 10).

At 20,000 letters the join read 120,000 document–party rows for every listing (0.6 s of the
`docs` command's 1.5 s). The names are kept on the document instead, in two columns that triggers
keep in step with `document_parties` and `parties`, so every way of changing them (ingest, edits,
re-reading, renames, merges, deletions) updates the listing without the code having to remember."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .db import add_migration, fetch_all

SEP = "\x1f"        # between names; clean_name() leaves no such character in a name


def _names(role: str, doc: str) -> str:
    """SQL for one role's party names of document `doc`, in letter order; a party named twice
    (two aliases merged into one) appears once, at its first place, as the listing always showed."""
    return f"""(SELECT coalesce(group_concat(name, char(31)), '') FROM (
                   SELECT replace(p.name, char(31), ' ') AS name, MIN(dp.position) AS pos
                   FROM document_parties dp JOIN parties p ON p.id = dp.party_id
                   WHERE dp.doc_id = {doc} AND dp.role = '{role}'
                   GROUP BY dp.party_id ORDER BY pos))"""


def _refresh(doc: str) -> str:
    return f"sender_names = {_names('sender', doc)}, recipient_names = {_names('recipient', doc)}"


def refresh_all(db: sqlite_utils.Database) -> None:
    """Work out every document's names again (after rows were copied in bulk, as `recover` does,
    where a document can arrive with names whose party rows could not be read)."""
    db.execute(f"UPDATE documents SET {_refresh('documents.id')}")


def _m9(db: sqlite_utils.Database) -> None:
    """Party names kept on each document for listings (see the module's docstring). A migration
    that later rebuilds `documents` or `document_parties` must create these triggers again."""
    db.execute("ALTER TABLE documents ADD COLUMN sender_names TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE documents ADD COLUMN recipient_names TEXT NOT NULL DEFAULT ''")
    refresh_all(db)
    db.execute(f"""CREATE TRIGGER document_parties_listed_insert AFTER INSERT ON document_parties BEGIN
                       UPDATE documents SET {_refresh('NEW.doc_id')} WHERE id = NEW.doc_id; END""")
    db.execute(f"""CREATE TRIGGER document_parties_listed_delete AFTER DELETE ON document_parties BEGIN
                       UPDATE documents SET {_refresh('OLD.doc_id')} WHERE id = OLD.doc_id; END""")
    db.execute(f"""CREATE TRIGGER document_parties_listed_update AFTER UPDATE ON document_parties BEGIN
                       UPDATE documents SET {_refresh('documents.id')} WHERE id IN (OLD.doc_id, NEW.doc_id); END""")
    db.execute(f"""CREATE TRIGGER parties_listed_rename AFTER UPDATE OF name ON parties BEGIN
                       UPDATE documents SET {_refresh('documents.id')}
                       WHERE id IN (SELECT doc_id FROM document_parties WHERE party_id = NEW.id); END""")
    # Everything the listing reads, in its order: SQLite reads this index alone, without a sort
    # (7 MB at 20,000 letters; a quarter of the listing's time).
    db.execute(f"CREATE INDEX documents_listing ON documents({_ORDER}, {', '.join(_LISTED)})")


_ORDER = "date_sort DESC, title COLLATE NOCASE, id"
_LISTED = ("date", "kind", "pages", "file_name", "added_at", "confirmed", "date_conf", "senders_conf",
           "recipients_conf", "title_conf", "no_text", "text_problem", "needs_ocr_pages", "sender_names",
           "recipient_names")

add_migration(9, _m9)


def _m10(db: sqlite_utils.Database) -> None:
    """The list of parties (the parties dialog, the inspector's and the timeline's choices) read
    every alias once per party for want of an index, and counted each party's letters through a
    temporary table: 1.3 s at 20,000 letters and 2,700 parties, 0.1 s with these."""
    db.execute("CREATE INDEX party_aliases_party ON party_aliases(party_id)")
    db.execute("CREATE INDEX document_parties_party_doc ON document_parties(party_id, doc_id)")
    db.execute("DROP INDEX document_parties_party")     # the new one serves its lookups too


add_migration(10, _m10)

# The fields a person should confirm, as the bits the listing's query computes (see unsure_bits).
UNSURE_FIELDS = ("date", "senders", "recipients", "title")
_UNSURE_SQL = """CASE WHEN confirmed THEN 0 ELSE
                     (date IS NULL OR date_conf < :low)
                     | ((sender_names = '' OR senders_conf < :low) << 1)
                     | ((recipient_names = '' OR recipients_conf < :low) << 2)
                     | ((title_conf < :low) << 3) END"""     # | and << bind alike in SQLite

# A document without usable text or with pages waiting for OCR (few of them): its problem.
_PROBLEM_SQL = """CASE WHEN no_text OR needs_ocr_pages != '[]'
                       THEN json_array(no_text, text_problem, json(needs_ocr_pages)) END"""



_LISTING_SQL = (f"SELECT id, title, date, kind, pages, file_name, added_at, {_UNSURE_SQL}, {_PROBLEM_SQL}, "
                f"sender_names, recipient_names FROM documents ORDER BY {_ORDER}")


def listing(db: sqlite_utils.Database, low_confidence: float, limit: int | None = None) -> list[tuple]:
    """Every document (the newest `limit` when given), newest first, then by title and id, as
    tuples (id, title, date, kind, pages, file_name, added_at, unsure, problem, sender_names,
    recipient_names): `unsure` is a bit set over UNSURE_FIELDS (bit 0 the date), `problem` None or
    a JSON [no_text, text_problem, needs_ocr_pages], the names SEP-joined."""
    sql = _LISTING_SQL
    params: dict = {"low": low_confidence}
    if limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = limit
    return fetch_all(db, sql, params)[1]
