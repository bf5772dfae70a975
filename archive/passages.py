"""Passages (tagged spans of a document's text), their status history, threads and typed links."""
from __future__ import annotations

import json

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from . import Archive, register_check_hook, register_index_hook
from .db import add_migration
from .parties import register_party_reference

KINDS = ("commitment", "claim", "rebuttal", "question")
MANNERS = ("written", "said", "reported")
STATUSES = ("open", "fulfilled", "partly-fulfilled", "broken", "withdrawn")        # a commitment's
QUESTION_STATES = ("unanswered", "answered", "partly-answered", "declined")     # a question's
# A link reads left to right: "A rebuts B". A question asks-about a commitment or claim; a reply
# answers, partly-answers or declines (does not address) a question.
ANSWERING = {"answers": "answered", "partly-answers": "partly-answered", "declines": "declined"}
RELATIONS = ("rebuts", "contradicts", "fulfils", "reiterates", "supersedes", "responds-to",
             "asks-about", *ANSWERING)


def statuses_for(kind: str) -> tuple[str, ...]:
    """The statuses a passage of this kind can have (none for claims and rebuttals)."""
    return STATUSES if kind == "commitment" else QUESTION_STATES if kind == "question" else ()


def _m2(db: sqlite_utils.Database) -> None:
    db.execute(f"""
        CREATE TABLE passages (
            id TEXT PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            page INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            quote TEXT NOT NULL,            -- W3C TextQuoteSelector: exact, prefix, suffix
            prefix TEXT NOT NULL DEFAULT '',
            suffix TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL CHECK (kind IN ('commitment','claim','rebuttal')),
            by_party INTEGER REFERENCES parties(id),
            said_on TEXT,                   -- partial ISO date
            said_on_sort INTEGER NOT NULL DEFAULT 0,
            note TEXT NOT NULL DEFAULT '',
            orphaned INTEGER NOT NULL DEFAULT 0,
            anchor_conf REAL NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX passages_doc ON passages(doc_id, page)")
    db.execute("CREATE INDEX passages_said ON passages(said_on_sort)")
    db.execute("""
        CREATE TABLE status_history (
            id INTEGER PRIMARY KEY,
            passage_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            on_date TEXT,
            note TEXT NOT NULL DEFAULT '',
            evidence_id TEXT REFERENCES passages(id) ON DELETE SET NULL,
            recorded_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX status_history_passage ON status_history(passage_id, id)")
    db.execute("""
        CREATE TABLE threads (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE
        )""")
    db.execute("""
        CREATE TABLE passage_threads (
            passage_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            thread_id INTEGER NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
            PRIMARY KEY (passage_id, thread_id)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE links (
            source_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            relation TEXT NOT NULL,
            target_id TEXT NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            PRIMARY KEY (source_id, relation, target_id)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX links_target ON links(target_id)")


add_migration(2, _m2)
register_party_reference("passages", "by_party")


# Current status = the latest history row; a view keeps the rule in one place.
CURRENT_STATUS_SQL = """(SELECT h.status FROM status_history h WHERE h.passage_id = p.id
                         ORDER BY h.id DESC LIMIT 1)"""

PASSAGE_SELECT = f"""
    SELECT p.id, p.doc_id, p.page, p.start, p.end, p.quote, p.prefix, p.suffix, p.kind,
           p.by_party, pt.name AS by_name, p.said_on, p.said_on_sort, p.note, p.orphaned, p.anchor_conf,
           p.created_at, p.updated_at, {CURRENT_STATUS_SQL} AS status,
           (SELECT json_group_array(t.name) FROM passage_threads x JOIN threads t ON t.id = x.thread_id
             WHERE x.passage_id = p.id) AS threads,
           d.title AS doc_title, d.date AS doc_date, d.language AS language, d.kind AS doc_kind,
           COALESCE(p.end_page, p.page) AS end_page, p.words_by, pw.name AS words_by_name, p.manner, p.said_in,
           p.to_party, pto.name AS to_name,
           (SELECT json_group_array(name) FROM (SELECT a.name FROM passage_parties x JOIN parties a
             ON a.id = x.party_id WHERE x.passage_id = p.id ORDER BY x.position)) AS also_by,
           (SELECT json_group_array(name) FROM (SELECT a.name FROM document_parties dp JOIN parties a
             ON a.id = dp.party_id WHERE dp.doc_id = p.doc_id AND dp.role = 'sender' ORDER BY dp.position))
             AS doc_senders,
           (SELECT json_group_array(name) FROM (SELECT a.name FROM document_parties dp JOIN parties a
             ON a.id = dp.party_id WHERE dp.doc_id = p.doc_id AND dp.role = 'recipient' ORDER BY dp.position))
             AS doc_recipients,
           CASE WHEN COALESCE(p.end_page, p.page) > p.page THEN
             (SELECT json_group_array(n) FROM (SELECT length(g.text) AS n FROM pages g WHERE g.doc_id = p.doc_id
               AND g.page >= p.page AND g.page < p.end_page ORDER BY g.page)) END AS page_lengths
    FROM passages p LEFT JOIN documents d ON d.id = p.doc_id LEFT JOIN parties pt ON pt.id = p.by_party
         LEFT JOIN parties pw ON pw.id = p.words_by LEFT JOIN parties pto ON pto.id = p.to_party"""


def row_to_passage(cur, row) -> dict:
    d = dict(zip([c[0] for c in cur.description], row))
    d["threads"] = sorted(json.loads(d["threads"] or "[]"), key=str.lower)
    # A party named in the letterhead and again in the signature is listed once.
    d["doc_senders"] = list(dict.fromkeys(json.loads(d["doc_senders"] or "[]")))
    d["doc_recipients"] = list(dict.fromkeys(json.loads(d["doc_recipients"] or "[]")))
    d["page_lengths"] = json.loads(d["page_lengths"] or "[]")
    also = [n for n in json.loads(d.pop("also_by") or "[]") if n != d["by_name"]]
    d["by_names"] = list(dict.fromkeys(([d["by_name"]] if d["by_name"] else []) + also))
    d["orphaned"] = bool(d["orphaned"])
    return d


def select_passages(db: sqlite_utils.Database, where: str = "", params: list | None = None,
                    order: str = "p.said_on_sort, p.created_at") -> list[dict]:
    sql = PASSAGE_SELECT + (f" WHERE {where}" if where else "") + f" ORDER BY {order}"
    cur = db.execute(sql, params or [])
    return [row_to_passage(cur, r) for r in cur.fetchall()]


def links_of(db: sqlite_utils.Database, ids: list[str] | None = None) -> dict[str, list[dict]]:
    """Links seen from each end: {passage_id: [{"relation", "passage_id", "direction"}]}."""
    out: dict[str, list[dict]] = {}
    if ids is None:
        rows = db.execute("SELECT source_id, relation, target_id FROM links").fetchall()
    else:
        rows = []
        for i in range(0, len(ids), 400):
            chunk = ids[i:i + 400]
            marks = ",".join("?" * len(chunk))
            rows += db.execute(
                f"SELECT source_id, relation, target_id FROM links WHERE source_id IN ({marks}) "
                f"OR target_id IN ({marks})", chunk + chunk).fetchall()
        rows = list(dict.fromkeys(rows))
    for src, rel, dst in rows:
        out.setdefault(src, []).append({"relation": rel, "passage_id": dst, "direction": "out"})
        out.setdefault(dst, []).append({"relation": rel, "passage_id": src, "direction": "in"})
    return out


def status_history(db: sqlite_utils.Database, passage_id: str) -> list[dict]:
    cur = db.execute("""SELECT status, on_date, note, evidence_id, recorded_at FROM status_history
                        WHERE passage_id = ? ORDER BY id""", [passage_id])
    return [dict(zip([c[0] for c in cur.description], r)) for r in cur.fetchall()]


def set_parties(db: sqlite_utils.Database, passage_id: str, party_ids: list[int]) -> None:
    """Who made a passage: by_party is the first, passage_parties the others, in order."""
    ids = list(dict.fromkeys(i for i in party_ids if i is not None))
    db.execute("UPDATE passages SET by_party = ? WHERE id = ?", [ids[0] if ids else None, passage_id])
    db.execute("DELETE FROM passage_parties WHERE passage_id = ?", [passage_id])
    for pos, pid in enumerate(ids[1:], 1):
        db.execute("INSERT INTO passage_parties (passage_id, position, party_id) VALUES (?, ?, ?)",
                   [passage_id, pos, pid])


def party_ids_of(db: sqlite_utils.Database, passage_id: str) -> list[int]:
    first = db.execute("SELECT by_party FROM passages WHERE id = ?", [passage_id]).fetchone()
    rest = [r[0] for r in db.execute(
        "SELECT party_id FROM passage_parties WHERE passage_id = ? ORDER BY position", [passage_id])]
    return list(dict.fromkeys(([first[0]] if first and first[0] else []) + rest))


def ensure_thread(db: sqlite_utils.Database, name: str) -> int:
    name = " ".join(name.split())
    row = db.execute("SELECT id FROM threads WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    return db.execute("INSERT INTO threads (name) VALUES (?)", [name]).lastrowid


def set_threads(db: sqlite_utils.Database, passage_id: str, names: list[str]) -> None:
    db.execute("DELETE FROM passage_threads WHERE passage_id = ?", [passage_id])
    ids = {ensure_thread(db, n) for n in names if n.strip()}
    if ids:
        db["passage_threads"].insert_all([{"passage_id": passage_id, "thread_id": t} for t in ids])


def _index_passages(archive: Archive, w, doc: dict) -> None:
    senders = [f"p{i}" for i in doc["sender_ids"]]
    recipients = [f"p{i}" for i in doc["recipient_ids"]]
    for p in select_passages(archive.db, "p.doc_id = ?", [doc["id"]]):
        w.add_passage(passage_id=p["id"], doc_id=doc["id"], rev=doc["revision"],
                      text=p["quote"] + "\n" + p["note"], language=doc["language"],
                      by=[f"p{i}" for i in party_ids_of(archive.db, p["id"])], kind=p["kind"],
                      status=p["status"] or "", threads=[t.lower() for t in p["threads"]],
                      date_sort=p["said_on_sort"], senders=senders,
                      # to: on a question is whom it is addressed to
                      recipients=[f"p{p['to_party']}"] if p["to_party"] else recipients,
                      doc_kind=doc["kind"])


def _check_passages(archive: Archive, indexed: dict[str, int]) -> list[str]:
    have = {k.split(":", 1)[1] for k in indexed if k.startswith("passage:")}
    want = {r[0] for r in archive.db.execute("SELECT id FROM passages WHERE doc_id IS NOT NULL")}
    problems = [f"passage {p[:8]} is not in the search index" for p in sorted(want - have)]
    problems += [f"search index has passage {p[:8]}, which is not in the database" for p in sorted(have - want)]
    return problems


register_index_hook(_index_passages)
register_check_hook(_check_passages)
