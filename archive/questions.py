"""Migration 7: questions as passages, passages made by several parties, questions written directly.

A question is a passage of kind 'question'. One tagged in a letter has a document like any passage;
one written directly (a question we mean to ask, not yet in a letter) has none: doc_id is NULL and
its words are its quote. to_party is whom a question is addressed to. Its state (unanswered,
answered, partly-answered, declined) is kept in status_history, as a commitment's status is.

passage_parties lists the parties after the first that a passage was made by (a commitment
undertaken by a company and its owner together); by_party stays the first."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .db import add_migration
from .parties import register_party_reference

KINDS = ("commitment", "claim", "rebuttal", "question")

_COLUMNS = ("id, doc_id, page, start, end, quote, prefix, suffix, kind, by_party, said_on, said_on_sort, note, "
            "orphaned, anchor_conf, created_at, updated_at, end_page, words_by, manner, said_in")


def _m7(db: sqlite_utils.Database) -> None:
    kinds = ",".join(repr(k) for k in KINDS)
    db.execute(f"""
        CREATE TABLE passages_new (
            id TEXT PRIMARY KEY,
            doc_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            quote TEXT NOT NULL,
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ({kinds})),
            by_party INTEGER REFERENCES parties(id),
            said_on TEXT,
            said_on_sort INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            orphaned INTEGER NOT NULL DEFAULT 0,
            anchor_conf REAL NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            end_page INTEGER,
            words_by INTEGER REFERENCES parties(id),
            manner TEXT NOT NULL DEFAULT '',
            said_in TEXT NOT NULL DEFAULT '',
            to_party INTEGER REFERENCES parties(id),
            CHECK (doc_id IS NOT NULL OR kind = 'question')
        )""")
    db.execute(f"INSERT INTO passages_new ({_COLUMNS}) SELECT {_COLUMNS} FROM passages")
    db.execute("DROP TABLE passages")
    db.execute("ALTER TABLE passages_new RENAME TO passages")
    db.execute("CREATE INDEX passages_doc ON passages(doc_id, page)")
    db.execute("CREATE INDEX passages_said ON passages(said_on_sort)")
    db.execute("CREATE INDEX passages_kind ON passages(kind)")
    db.execute("""
        CREATE TABLE passage_parties (
            passage_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            party_id INTEGER NOT NULL REFERENCES parties(id),
            PRIMARY KEY (passage_id, position)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX passage_parties_party ON passage_parties(party_id)")


add_migration(7, _m7, rebuilds_table=True)
register_party_reference("passages", "to_party")
register_party_reference("passage_parties", "party_id")
