"""Parties (organisations and people) with aliases, so every spelling finds the same party."""
from __future__ import annotations

import re

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .errors import BadInput, NotFound


def clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name or "").strip(" ,;")


_LEGAL = re.compile(r"[,\s]+(ltd|limited|inc|incorporated|llc|llp|plc|corp|corporation|co|gmbh|ag|s\.?a|"
                    r"s\.?l|s\.?a\.?s|b\.?v|n\.?v|sarl|srl)\.?$", re.I)


def name_key(name: str) -> str:
    """Spelling-insensitive key: case, punctuation, "The", and legal suffixes (Ltd, Inc., S.A.) ignored."""
    name = clean_name(name)
    name = re.sub(r"^the\s+", "", name, flags=re.I)
    name = _LEGAL.sub("", name)
    return re.sub(r"[^\w]+", " ", name.casefold()).strip()


def find_party(db: sqlite_utils.Database, name: str) -> int | None:
    name = clean_name(name)
    if not name:
        return None
    row = db.execute("SELECT party_id FROM party_aliases WHERE alias = ?", [name]).fetchone()
    if row:
        return row[0]
    row = db.execute("SELECT id FROM parties WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    key = name_key(name)
    if not key:
        return None
    row = db.execute("SELECT party_id FROM party_aliases WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def stored_names(db: sqlite_utils.Database, names: list[str]) -> list[str]:
    """Names as the archive would store them (read-only): each known party under its own name
    ("Google" for a letter's "Google Inc" when the archive knows Google), once, in order."""
    out: list[str] = []
    for name in names:
        name = clean_name(name)
        if not name:
            continue
        pid = find_party(db, name)
        name = party_name(db, pid) if pid is not None else name
        if name not in out:
            out.append(name)
    return out


def sender_names(db: sqlite_utils.Database):
    """(doc_id, name) for every document's senders, under their names and each of their aliases."""
    return db.execute(
        "SELECT dp.doc_id, p.name FROM document_parties dp JOIN parties p ON p.id = dp.party_id "
        "WHERE dp.role = 'sender' UNION ALL SELECT dp.doc_id, a.alias FROM document_parties dp "
        "JOIN party_aliases a ON a.party_id = dp.party_id WHERE dp.role = 'sender'")


def ensure_party(db: sqlite_utils.Database, name: str) -> int:
    """The party known by this name or alias, created if new (call inside a transaction)."""
    name = clean_name(name)
    if not name:
        raise BadInput("a party needs a name")
    found = find_party(db, name)
    if found is not None:
        return found
    cur = db.execute("INSERT INTO parties (name) VALUES (?)", [name])
    pid = cur.lastrowid
    db.execute("INSERT OR IGNORE INTO party_aliases (alias, party_id, key) VALUES (?, ?, ?)",
               [name, pid, name_key(name)])
    return pid


def party_name(db: sqlite_utils.Database, pid: int) -> str:
    row = db.execute("SELECT name FROM parties WHERE id = ?", [pid]).fetchone()
    if not row:
        raise NotFound(f"no party with id {pid}")
    return row[0]


def matching_party_ids(db: sqlite_utils.Database, text: str) -> list[int]:
    """Parties whose name or an alias equals text, else contains it (for search filters)."""
    text = clean_name(text)
    exact = find_party(db, text)
    if exact is not None:
        return [exact]
    rows = db.execute(
        "SELECT DISTINCT party_id FROM party_aliases WHERE alias LIKE ? ESCAPE '\\'",
        ["%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"]).fetchall()
    return [r[0] for r in rows]


def add_alias(db: sqlite_utils.Database, name: str, alias: str) -> tuple[int, list[int]]:
    """Make alias another name of party `name`. When alias was its own party, that party is
    merged into this one; returns (party id, ids of parties merged away)."""
    alias = clean_name(alias)
    if not alias:
        raise BadInput("the alias is empty")
    pid = ensure_party(db, name)
    other = find_party(db, alias)
    merged: list[int] = []
    if other is not None and other != pid:
        _merge(db, other, pid)
        merged.append(other)
    db.execute("INSERT OR REPLACE INTO party_aliases (alias, party_id, key) VALUES (?, ?, ?)",
               [alias, pid, name_key(alias)])
    return pid, merged


def _merge(db: sqlite_utils.Database, src: int, dst: int) -> None:
    db.execute("UPDATE party_aliases SET party_id = ? WHERE party_id = ?", [dst, src])
    db.execute("UPDATE document_parties SET party_id = ? WHERE party_id = ?", [dst, src])
    for table, column in _party_refs:
        db.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", [dst, src])
    db.execute("DELETE FROM parties WHERE id = ?", [src])


# Other tables that reference parties register here so a merge updates them too.
_party_refs: list[tuple[str, str]] = []


def register_party_reference(table: str, column: str) -> None:
    _party_refs.append((table, column))


def _uses(db: sqlite_utils.Database, pid: int) -> int:
    """How many rows (documents' sender and recipient entries, passages, …) name the party."""
    from . import passages  # noqa: F401 - registers the passages' reference to parties
    total = db.execute("SELECT COUNT(*) FROM document_parties WHERE party_id = ?", [pid]).fetchone()[0]
    for table, column in _party_refs:
        total += db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", [pid]).fetchone()[0]
    return total


def existing_party(db: sqlite_utils.Database, name: str) -> int:
    pid = find_party(db, name)
    if pid is None:
        raise NotFound(f"no party named {clean_name(name)!r}: see `parties` for the names")
    return pid


def rename_party(db: sqlite_utils.Database, name: str, new_name: str) -> int:
    """Give a party a new display name; the old one stays an alias, so search still finds it."""
    new_name = clean_name(new_name)
    if not new_name:
        raise BadInput("the new name is empty")
    pid = existing_party(db, name)
    other = find_party(db, new_name)
    if other is not None and other != pid:
        raise BadInput(f"{new_name!r} is already another party: merge the two with `party-merge`")
    db.execute("UPDATE parties SET name = ? WHERE id = ?", [new_name, pid])
    db.execute("INSERT OR REPLACE INTO party_aliases (alias, party_id, key) VALUES (?, ?, ?)",
               [new_name, pid, name_key(new_name)])
    return pid


def merge_parties(db: sqlite_utils.Database, source: str, target: str) -> tuple[int, int]:
    """Fold party `source` into `target`: its documents, passages and names (as aliases) move."""
    src, dst = existing_party(db, source), existing_party(db, target)
    if src == dst:
        raise BadInput(f"{clean_name(source)!r} and {clean_name(target)!r} are already the same party")
    _merge(db, src, dst)
    return src, dst


def delete_party(db: sqlite_utils.Database, name: str) -> tuple[int, list[str]]:
    """Remove a party read in error: it is taken off the documents that list it as sender or
    recipient. A party that passages are credited to is kept (merge it instead). Returns the
    party's id and the ids of the documents it was taken off."""
    from . import passages  # noqa: F401 - registers the passages' reference to parties
    pid = existing_party(db, name)
    for table, column in _party_refs:
        n = db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?", [pid]).fetchone()[0]
        if n:
            raise BadInput(f"{party_name(db, pid)!r} is named by {n} {table.rstrip('s')}(s): "
                           f"merge it into the right party with `party-merge` instead")
    docs = [r[0] for r in db.execute("SELECT DISTINCT doc_id FROM document_parties WHERE party_id = ?", [pid])]
    db.execute("DELETE FROM document_parties WHERE party_id = ?", [pid])
    db.execute("DELETE FROM party_aliases WHERE party_id = ?", [pid])
    db.execute("DELETE FROM parties WHERE id = ?", [pid])
    return pid, docs


def prune_unused(db: sqlite_utils.Database, candidates: list[int] | None = None) -> int:
    """Delete parties nothing names any more (after a correction removed them); returns how many."""
    ids = candidates if candidates is not None else [r[0] for r in db.execute("SELECT id FROM parties")]
    gone = [pid for pid in ids if _uses(db, pid) == 0]
    for pid in gone:
        db.execute("DELETE FROM party_aliases WHERE party_id = ?", [pid])
        db.execute("DELETE FROM parties WHERE id = ?", [pid])
    return len(gone)


_LIST_SQL = """
    SELECT p.id, p.name,
           (SELECT json_group_array(alias) FROM party_aliases a
             WHERE a.party_id = p.id AND a.alias <> p.name) AS aliases,
           (SELECT COUNT(DISTINCT doc_id) FROM document_parties d WHERE d.party_id = p.id) AS documents
    FROM parties p ORDER BY p.name COLLATE NOCASE"""     # through the indexes of migration 10


def list_parties(db: sqlite_utils.Database) -> list[dict]:
    rows = db.execute(_LIST_SQL).fetchall()
    import json
    out = [{"id": r[0], "name": r[1], "aliases": sorted(json.loads(r[2] or "[]")), "documents": r[3]}
           for r in rows]
    named: dict[int, int] = {}
    for table, column in _party_refs:
        for pid, n in db.execute(f"SELECT {column}, COUNT(*) FROM {table} WHERE {column} IS NOT NULL GROUP BY {column}"):
            named[pid] = named.get(pid, 0) + n
    for party in out:
        party["passages"] = named.get(party["id"], 0)
    return out
