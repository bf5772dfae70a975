"""E-mail headers, attachments and reply links: what puts a document in its conversation."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils

from .dates import find_dates
from .db import add_migration
from .parties import name_key

RENDERED_DIR = "rendered"
HOW = ("headers", "letter", "hand")


def _m5(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE correspondence (
            doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
            format TEXT NOT NULL,               -- eml | msg | docx | pdf
            message_id TEXT NOT NULL DEFAULT '',
            in_reply_to TEXT NOT NULL DEFAULT '',
            refs TEXT NOT NULL DEFAULT '[]',     -- JSON list of Message-IDs (References:)
            sent_at TEXT,                        -- ISO date and time with the sender's UTC offset
            date_header TEXT NOT NULL DEFAULT '',
            addresses TEXT NOT NULL DEFAULT '{}',  -- JSON {"from"|"to"|"cc": [[name, address]]}
            quotes TEXT NOT NULL DEFAULT '[]',   -- JSON [{page, start, end, author, address, date}]
            letter_refs TEXT NOT NULL DEFAULT '[]'  -- JSON ISO dates of "your letter of …"
        )""")
    db.execute("CREATE INDEX correspondence_message_id ON correspondence(message_id)")
    db.execute("""
        CREATE TABLE attachments (
            parent_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            content_type TEXT NOT NULL DEFAULT '',
            size INTEGER NOT NULL DEFAULT 0,
            child_id TEXT,                      -- the attachment as a document, when it is one
            error TEXT NOT NULL DEFAULT '',     -- why a document attachment could not be read
            PRIMARY KEY (parent_id, position)
        )""")
    db.execute("CREATE INDEX attachments_child ON attachments(child_id)")
    db.execute("""
        CREATE TABLE replies (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            replies_to TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            how TEXT NOT NULL,                  -- headers | letter | hand
            created_at TEXT NOT NULL,
            PRIMARY KEY (doc_id, replies_to)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX replies_to ON replies(replies_to)")
    db.execute("""
        CREATE TABLE reply_rejections (
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            replies_to TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            PRIMARY KEY (doc_id, replies_to)
        ) WITHOUT ROWID""")


add_migration(5, _m5)


# -- parties from addresses --------------------------------------------------------------------------

_WEBMAIL = {"gmail", "googlemail", "outlook", "hotmail", "live", "yahoo", "gmx", "web", "icloud", "me", "aol",
            "protonmail", "proton", "mail", "yandex", "posteo", "riseup", "orange", "free", "laposte", "zoho"}
_SECOND_LEVEL = {"co", "com", "org", "net", "ac", "gov", "gob", "gouv", "or", "ne", "go", "edu", "ltd", "plc"}


def domain_label(address: str) -> str:
    """The name part of an address's domain, run together: "acme" for jane@mail.acme.co.uk ("" for webmail)."""
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    labels = [x for x in domain.split(".") if x]
    if len(labels) < 2:
        return ""
    labels = labels[:-1]
    if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    label = re.sub(r"[^0-9a-z]", "", labels[-1])      # acme-mining.com: "acmemining"
    return "" if label in _WEBMAIL else label


class PartyDomains:
    """Known parties by the forms an address's domain may take: an alias that is the domain or the
    address itself, the name run together ("acme" for Acme Ltd) or its initials ("orw")."""

    def __init__(self, db: sqlite_utils.Database):
        self.exact: dict[str, str] = {}
        self.by_label: dict[str, str] = {}
        rows = db.execute("SELECT a.alias, p.name FROM party_aliases a JOIN parties p ON p.id = a.party_id").fetchall()
        rows += db.execute("SELECT name, name FROM parties").fetchall()
        self.add(rows)

    def add(self, rows) -> None:
        """Learn (alias, party name) pairs; names not yet parties (the same batch's letters) too."""
        for alias, name in rows:
            if not alias:
                continue
            self.exact.setdefault(alias.casefold(), name)
            key = name_key(alias)
            words = key.split()
            if not words:
                continue
            self.by_label.setdefault("".join(words), name)
            if len(words) >= 3:
                self.by_label.setdefault("".join(w[0] for w in words), name)

    def organisation(self, address: str) -> str:
        address = address.casefold()
        domain = address.rpartition("@")[2]
        for key in (address, domain):
            if key and key in self.exact and "@" not in self.exact[key]:
                return self.exact[key]
        label = domain_label(address)
        return self.by_label.get(label, "") if len(label) >= 3 else ""


def _named(people: list, domains: PartyDomains) -> list[str]:
    out: list[str] = []
    for name, address in people:
        org = domains.organisation(address) if address else ""
        for party in (org, name or address):
            if party and party.casefold() not in (p.casefold() for p in out):
                out.append(party)
    return out


# -- "your letter of 14 February 2020" ------------------------------------------------------------

# "your letter of", one pattern for each first word: each begins with plain letters, which the
# regular expression engine finds as fast as str.find does, in the lowercased text; the word
# boundary before them is checked after (a sixth of the time of one pattern with the boundary
# and all the first words; this runs on every letter ingested).
_LETTER_OF_EACH = tuple(re.compile(p) for p in (
    r"your\s+(?:letter|e-?mail|message|note|correspondence|reply|response)s?\s+(?:dated|of|from|on|sent)\b",
    r"su\s+(?:carta|comunicación|correo)\s+(?:del|de\s+fecha|fechad[ao])\b",
    r"vuestra\s+(?:carta|comunicación|correo)\s+(?:del|de\s+fecha|fechad[ao])\b",
    r"votre\s+(?:lettre|courrier|courriel|message)\s+(?:du|en\s+date\s+du|daté\s+du)\b"))
_LETTER_OF = re.compile("|".join(rf"\b{p.pattern}" for p in _LETTER_OF_EACH), re.I)


def letter_refs(text: str) -> list[str]:
    """Dates (ISO) of earlier letters this text answers: "Thank you for your letter of 14 February 2020"."""
    found: list[str] = []
    head = text[:8000]
    for end in _letter_of_ends(head):
        window = head[end:end + 40]
        dates = find_dates(window)
        if dates and dates[0][1] <= 6:
            iso = dates[0][0].iso()
            if iso not in found:
                found.append(iso)
    return found


def _letter_of_ends(text: str) -> list[int]:
    """Where each "your letter of" in the text ends."""
    low = text.lower()
    if len(low) != len(text):           # a letter whose lowercase is longer ("İ"): as it is
        return [m.end() for m in _LETTER_OF.finditer(text)]
    found = sorted((m.start(), m.end()) for pattern in _LETTER_OF_EACH for m in pattern.finditer(low)
                   if not m.start() or not (low[m.start() - 1].isalnum() or low[m.start() - 1] == "_"))
    return [end for _, end in found]


# -- storing what ingest read -----------------------------------------------------------------------

def prepare_rows(db: sqlite_utils.Database, rows: list[dict], summaries: list[dict], results: list[dict]) -> None:
    """Before documents are inserted: parties from e-mail addresses (an address whose domain belongs to
    a known party adds that organisation), and what the ingest report says about formats."""
    domains = None
    for row, summary, result in zip(rows, summaries, results):
        message = result.get("message")
        if message:
            if domains is None:
                domains = PartyDomains(db)
                # A signed letter attached to its covering e-mail names the organisation the
                # sender's address belongs to, before it is a party.
                domains.add([(n, n) for r, res in zip(rows, results) if not res.get("message")
                             for n in r["senders"] + r["recipients"]])
            row["senders"] = summary["senders"] = _named(message["from"], domains)
            row["recipients"] = summary["recipients"] = _named(message["to"] + message["cc"], domains)
        if result.get("format"):
            summary["format"] = result["format"]
        if result.get("attached_to"):
            summary["attached_to"] = result["attached_to"]
        if result.get("attachments"):
            summary["attachments"] = [{"name": a["name"], "id": a["id"], **({"error": a["error"]} if a["error"] else {})}
                                      for a in result["attachments"]]


def _own_text(result: dict) -> str:
    """The first pages' text without the quoted earlier messages (their "your letter of" is not ours)."""
    texts = [p["text"] for p in result["pages"][:3]]
    for q in sorted(result.get("quotes", []), key=lambda q: -q["start"]):
        if q["page"] <= len(texts):
            t = texts[q["page"] - 1]
            texts[q["page"] - 1] = t[:q["start"]] + " " * (q["end"] - q["start"]) + t[q["end"]:]
    return "\n".join(texts)


def store_extras(db: sqlite_utils.Database, items: list[tuple[str, dict]]) -> None:
    """After documents are inserted (same transaction): headers, quoted blocks, attachments and the
    reply links that the new documents make."""
    rows, attachments = [], []
    for doc_id, result in items:
        refs = letter_refs(_own_text(result))
        message = result.get("message") or {}
        if result.get("format") or refs:
            rows.append({
                "doc_id": doc_id, "format": result.get("format") or "pdf",
                "message_id": message.get("message_id", ""), "in_reply_to": message.get("in_reply_to", ""),
                "refs": json.dumps(message.get("references", [])), "sent_at": message.get("sent_at"),
                "date_header": message.get("date_header", ""),
                "addresses": json.dumps({k: message[k] for k in ("from", "to", "cc") if k in message},
                                        ensure_ascii=False),
                "quotes": json.dumps(result.get("quotes", []), ensure_ascii=False),
                "letter_refs": json.dumps(refs)})
        for n, a in enumerate(result.get("attachments", []), start=1):
            attachments.append({"parent_id": doc_id, "position": n, "name": a["name"],
                                "content_type": a["content_type"], "size": a["size"], "child_id": a["id"],
                                "error": a["error"]})
    if rows:
        db["correspondence"].insert_all(rows, replace=True)
    if attachments:
        db["attachments"].insert_all(attachments, replace=True)
    from .conversations import link_replies
    link_replies(db, [doc_id for doc_id, _ in items])


# -- what the viewer and the commands read ----------------------------------------------------------

def get(db: sqlite_utils.Database, doc_id: str) -> dict | None:
    cur = db.execute("SELECT * FROM correspondence WHERE doc_id = ?", [doc_id])
    row = cur.fetchone()
    if row is None:
        return None
    d = dict(zip([c[0] for c in cur.description], row))
    for key in ("refs", "addresses", "quotes", "letter_refs"):
        d[key] = json.loads(d[key])
    return d


def attachments_of(db: sqlite_utils.Database, doc_id: str) -> list[dict]:
    cur = db.execute("""SELECT a.position, a.name, a.content_type, a.size, a.child_id, a.error, d.title
                        FROM attachments a LEFT JOIN documents d ON d.id = a.child_id
                        WHERE a.parent_id = ? ORDER BY a.position""", [doc_id])
    names = [c[0] for c in cur.description]
    out = []
    for row in cur.fetchall():
        d = dict(zip(names, row))
        if d["title"] is None:
            d["child_id"] = None        # not a document (or one since removed): listed only
        out.append(d)
    return out


def attached_to(db: sqlite_utils.Database, doc_id: str) -> list[dict]:
    """The messages this document was attached to (one per message that carried it)."""
    cur = db.execute("""SELECT DISTINCT d.id, d.title, d.date FROM attachments a JOIN documents d ON d.id = a.parent_id
                        WHERE a.child_id = ? ORDER BY d.date_sort, d.id""", [doc_id])
    return [dict(zip(("id", "title", "date"), r)) for r in cur.fetchall()]


def quoted_at(db: sqlite_utils.Database, doc_id: str, page: int, start: int, end: int) -> dict | None:
    """The innermost quoted earlier message that holds page text[start:end], or None."""
    row = db.execute("SELECT quotes FROM correspondence WHERE doc_id = ?", [doc_id]).fetchone()
    if not row:
        return None
    best = None
    for q in json.loads(row[0]):
        if q["page"] == page and q["start"] <= start and end <= q["end"] + 1:
            if best is None or q["end"] - q["start"] < best["end"] - best["start"]:
                best = q
    return best


def quote_author(db: sqlite_utils.Database, quote: dict) -> str:
    """The party a quoted block is said by: the address's organisation when known, else the person."""
    if quote.get("address"):
        org = PartyDomains(db).organisation(quote["address"])
        if org:
            return org
    return quote.get("author") or quote.get("address") or ""


def rendered_path(archive_path: Path, doc_id: str) -> Path:
    return Path(archive_path) / RENDERED_DIR / doc_id[:2] / f"{doc_id}.pdf"


def save_rendered(archive_path: Path, doc_id: str, pdf: bytes) -> None:
    """Keep the pages laid out for a non-PDF original (derived: made again from the original if lost)."""
    from .atomic import write_bytes
    target = rendered_path(archive_path, doc_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, pdf, prefix=".incoming-")


def relaid(archive, doc_id: str, result: dict) -> None:
    """After re-extraction of an e-mail or Word file: keep its new pages and read its headers,
    quoted messages and attachment list again (which also fills them in for a document that came
    in a bundle, which carries the original but not these)."""
    save_rendered(archive.path, doc_id, result["rendered"])
    with archive.transaction():
        store_extras(archive.db, [(doc_id, result)])


def add_known_organisations(db: sqlite_utils.Database) -> list[str]:
    """E-mails whose addresses now belong to a known party (an alias added since) get that
    organisation too; documents whose parties a person changed are left alone. Inside the caller's
    transaction; returns the documents changed."""
    from .documents import doc_parties, update_metadata
    domains = PartyDomains(db)
    rows = db.execute("""SELECT c.doc_id, c.addresses FROM correspondence c JOIN documents d ON d.id = c.doc_id
                         WHERE c.format IN ('eml', 'msg') AND d.confirmed = 0""").fetchall()
    current = doc_parties(db, [r[0] for r in rows]) if rows else {}
    changed = []
    for doc_id, addresses in rows:
        people = json.loads(addresses)
        senders = _named(people.get("from", []), domains)
        recipients = _named(people.get("to", []) + people.get("cc", []), domains)
        have = current.get(doc_id, {"sender": [], "recipient": []})
        old_s = [n for _, n in have["sender"]]
        old_r = [n for _, n in have["recipient"]]
        fold = lambda names: {n.casefold() for n in names}  # noqa: E731
        if (fold(senders), fold(recipients)) == (fold(old_s), fold(old_r)):
            continue
        if not (fold(old_s) <= fold(senders) and fold(old_r) <= fold(recipients)):
            continue        # a person changed these parties: keep their choice
        update_metadata(db, doc_id, senders=senders, recipients=recipients)
        changed.append(doc_id)
    return changed
