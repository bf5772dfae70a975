"""Migration 6: passages that run across a page break, and whose words a passage quotes and how."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .db import add_migration
from .parties import register_party_reference


def _m6(db: sqlite_utils.Database) -> None:
    """Passages that run across a page break, and whose words a passage quotes and how they were put.

    end_page is the page the passage ends on (end is an offset in that page's text); words_by is whose
    words the quotation is (NULL: the document's author); manner is written, said or reported ('' lets
    Papertrail work it out); said_in describes where quoted words were first said or written."""
    db.execute("ALTER TABLE passages ADD COLUMN end_page INTEGER")
    db.execute("UPDATE passages SET end_page = page")
    db.execute("ALTER TABLE passages ADD COLUMN words_by INTEGER REFERENCES parties(id)")
    db.execute("ALTER TABLE passages ADD COLUMN manner TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE passages ADD COLUMN said_in TEXT NOT NULL DEFAULT ''")


add_migration(6, _m6)
register_party_reference("passages", "words_by")
