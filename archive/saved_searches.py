"""Saved searches: a named query the library lists and re-runs."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .db import add_migration


def _m3(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE saved_searches (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            query TEXT NOT NULL,
            sort TEXT NOT NULL DEFAULT 'relevance',
            created_at TEXT NOT NULL
        )""")


add_migration(3, _m3)
