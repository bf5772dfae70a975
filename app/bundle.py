"""Sharing bundles: a zip of documents (originals, metadata, page text) and their passages, and a
careful merge on import (by content hash; conflicts reported, never overwritten)."""
from __future__ import annotations

import base64
import binascii
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Callable

from archive import Archive, documents
from archive import passages as pstore
from archive.atomic import atomic_path
from archive.errors import BadInput, PapertrailError
from archive.parties import clean_name, ensure_party, find_party
from archive.pdftext import unpack_words
from archive.store import sha256_bytes

from .backup import stop_if_cancelled
from .files import open_zip
from .progress import Cancel

FORMAT = "papertrail-bundle"
FORMAT_VERSION = 1
BUNDLE_JSON = "bundle.json"
MAX_JSON_BYTES = 512 * 1024 ** 2
MAX_FILE_BYTES = 1024 ** 3

Progress = Callable[[int, int, str], None]

_NOT_SHARED = "sharing cancelled; no file was written"
_NOT_IMPORTED = "import cancelled; the archive was not changed"

_DOC_FIELDS = ("file_name", "size", "title", "title_conf", "date", "date_sort", "date_conf",
               "senders_conf", "recipients_conf", "kind", "kind_conf", "language", "pages",
               "ocr_pages", "needs_ocr_pages", "no_text", "text_problem", "pdf_meta", "confirmed",
               "added_at", "updated_at")


# -- export ----------------------------------------------------------------------------------------

def select(archive: Archive, *, threads: list[str] = (), passages: list[str] = (), docs: list[str] = (),
           everything: bool = False) -> tuple[list[str], list[str]]:
    """(document ids, passage ids) chosen by thread names, passage ids, documents or everything."""
    from .passages import resolve
    if not (threads or passages or docs or everything):
        raise BadInput("choose what to share: --thread NAME, --passage ID, --doc DOC or --all")
    pids: set[str] = set()
    doc_ids: set[str] = set()
    if everything:
        doc_ids = {r[0] for r in archive.db.execute("SELECT id FROM documents")}
        pids = {r[0] for r in archive.db.execute("SELECT id FROM passages")}
    for name in threads:
        rows = archive.db.execute(
            "SELECT x.passage_id FROM passage_threads x JOIN threads t ON t.id = x.thread_id WHERE t.name = ?",
            [" ".join(name.split())]).fetchall()
        if not rows and not archive.db.execute("SELECT 1 FROM threads WHERE name = ?",
                                               [" ".join(name.split())]).fetchone():
            from archive.errors import NotFound
            raise NotFound(f"no thread named {name!r}: see `threads` for the names")
        pids |= {r[0] for r in rows}
    pids |= {resolve(archive, p) for p in passages}
    for d in docs:
        doc_id = archive.resolve_doc(d)
        doc_ids.add(doc_id)
        pids |= {r[0] for r in archive.db.execute("SELECT id FROM passages WHERE doc_id = ?", [doc_id])}
    if pids:
        marks = ",".join("?" * len(pids))
        doc_ids |= {r[0] for r in archive.db.execute(
            f"SELECT DISTINCT doc_id FROM passages WHERE id IN ({marks})", sorted(pids))}
    return sorted(doc_ids), sorted(pids)


def build_bundle(archive: Archive, doc_ids: list[str], passage_ids: list[str],
                 cancel: Cancel | None = None) -> dict:
    """bundle.json's content for these documents and passages (Cancelled once `cancel` is set)."""
    docs_out, party_names = [], set()
    for doc in documents.list_documents(archive.db, doc_ids):
        stop_if_cancelled(cancel, _NOT_SHARED)
        row = archive.db.execute(f"SELECT {', '.join(_DOC_FIELDS)} FROM documents WHERE id = ?",
                                 [doc["id"]]).fetchone()
        d = dict(zip(_DOC_FIELDS, row))
        d["ocr_pages"] = json.loads(d["ocr_pages"])
        d["needs_ocr_pages"] = json.loads(d["needs_ocr_pages"])
        d["pdf_meta"] = json.loads(d["pdf_meta"] or "{}")
        d["page_texts"] = []
        cur = archive.db.execute("SELECT page, text, words, width, height, rotation, source, problem "
                                 "FROM pages WHERE doc_id = ? ORDER BY page", [doc["id"]])
        for page, text, words, width, height, rotation, source, problem in cur.fetchall():
            d["page_texts"].append({"page": page, "text": text,
                                    "words": base64.b64encode(words or b"").decode("ascii"),
                                    "width": width, "height": height, "rotation": rotation,
                                    "source": source, "problem": problem})
        docs_out.append({"id": doc["id"], "file": f"files/{doc['id']}.pdf", "senders": doc["senders"],
                         "recipients": doc["recipients"], **d})
        party_names |= set(doc["senders"]) | set(doc["recipients"])
    chosen = set(passage_ids)
    passages_out = []
    for p in pstore.select_passages(archive.db, f"p.id IN ({','.join('?' * len(chosen)) or 'NULL'})",
                                    sorted(chosen), order="p.doc_id, p.page, p.start"):
        history = pstore.status_history(archive.db, p["id"])
        for h in history:
            if h["evidence_id"] not in chosen:
                h["evidence_id"] = None    # evidence outside the bundle cannot be pointed to
        passages_out.append({
            "id": p["id"], "doc_id": p["doc_id"], "page": p["page"], "start": p["start"], "end": p["end"],
            "quote": p["quote"], "prefix": p["prefix"], "suffix": p["suffix"], "kind": p["kind"],
            "by": p["by_name"], "said_on": p["said_on"], "said_on_sort": p["said_on_sort"], "note": p["note"],
            "orphaned": p["orphaned"], "anchor_conf": p["anchor_conf"], "threads": p["threads"],
            "created_at": p["created_at"], "updated_at": p["updated_at"], "history": history})
        if p["by_name"]:
            party_names.add(p["by_name"])
    links = [{"source": s, "relation": r, "target": t, "created_at": c}
             for s, r, t, c in archive.db.execute(
                 "SELECT source_id, relation, target_id, created_at FROM links ORDER BY 1, 2, 3").fetchall()
             if s in chosen and t in chosen]
    parties = []
    for name in sorted(party_names, key=str.lower):
        pid = find_party(archive.db, name)
        aliases = [r[0] for r in archive.db.execute(
            "SELECT alias FROM party_aliases WHERE party_id = ? AND alias <> ? ORDER BY alias", [pid, name])]
        parties.append({"name": name, "aliases": aliases})
    return {"format": FORMAT, "version": FORMAT_VERSION, "created_at": documents.now_iso(),
            "documents": docs_out, "passages": passages_out, "links": links, "parties": parties}


def export_bundle(archive: Archive, output: Path | str, *, threads: list[str] = (), passages: list[str] = (),
                  docs: list[str] = (), everything: bool = False, progress: Progress | None = None,
                  cancel: Cancel | None = None) -> dict:
    """Write a bundle zip (bundle.json + originals by hash); complete or not written at all: a
    failure, or `cancel` set before the last original is in (Cancelled), leaves any file at
    `output` as it was. `progress` is told about each original written."""
    output = Path(output).expanduser()
    if output.is_dir():
        raise BadInput(f"{output} is a folder: give a file name such as shared.ptbundle.zip")
    if not output.parent.is_dir():
        raise BadInput(f"folder {output.parent} does not exist: create it first or choose another place")
    doc_ids, pids = select(archive, threads=threads, passages=passages, docs=docs, everything=everything)
    if not doc_ids:
        raise BadInput("nothing to share: the selection has no documents")
    bundle = build_bundle(archive, doc_ids, pids, cancel)
    total = len(bundle["documents"])
    with atomic_path(output) as part:
        with zipfile.ZipFile(part, "w", allowZip64=True) as zf:
            zf.writestr(BUNDLE_JSON, json.dumps(bundle, ensure_ascii=False, indent=1),
                        compress_type=zipfile.ZIP_DEFLATED)
            for i, d in enumerate(bundle["documents"], 1):
                stop_if_cancelled(cancel, _NOT_SHARED)
                data = archive.store.read(d["id"])
                if sha256_bytes(data) != d["id"]:
                    raise PapertrailError(f"original file of document {d['id'][:12]} has been modified: "
                                          "run `check`; nothing was written")
                zf.writestr(d["file"], data, compress_type=zipfile.ZIP_STORED)
                if progress:
                    progress(i, total, d["file_name"])
        # The last chance: after this the zip is renamed into place.
        stop_if_cancelled(cancel, _NOT_SHARED)
    return {"output": str(output), "documents": len(bundle["documents"]), "passages": len(bundle["passages"]),
            "links": len(bundle["links"]), "size": output.stat().st_size}


# -- import ----------------------------------------------------------------------------------------

def import_bundle(archive: Archive, source: Path | str, progress: Progress | None = None,
                  cancel: Cancel | None = None) -> dict:
    """Merge a bundle into the archive. Everything is checked before anything is written; then the
    originals are staged, every row goes in one transaction, and the index is updated. All or
    nothing: `cancel` is honoured up to the start of that one transaction (Cancelled, with the
    staged originals removed and the archive as it was); after it the import completes."""
    source = Path(source).expanduser()
    bundle, files = read_bundle(source, cancel)
    present_docs = _existing(archive, "documents", [d["id"] for d in bundle["documents"]])
    report = {"documents_added": [], "documents_present": sorted(present_docs), "passages_added": [],
              "passages_present": [], "passages_orphaned": [], "conflicts": [], "links_added": 0,
              "party_conflicts": []}
    new_docs = [d for d in bundle["documents"] if d["id"] not in present_docs]
    try:
        for i, d in enumerate(new_docs, 1):
            stop_if_cancelled(cancel, _NOT_IMPORTED)
            archive.store.stage(d["id"], files[d["id"]])
            if progress:
                progress(i, len(new_docs), d["file_name"])
        stop_if_cancelled(cancel, _NOT_IMPORTED)     # the last chance: the transaction below is not interrupted
        with archive.transaction():
            _merge_parties(archive, bundle["parties"], report)
            _insert_documents(archive, new_docs)
            id_map = _merge_passages(archive, bundle, report)
            for link in bundle["links"]:
                cur = archive.db.execute(
                    "INSERT OR IGNORE INTO links (source_id, relation, target_id, created_at) VALUES (?, ?, ?, ?)",
                    [id_map[link["source"]], link["relation"], id_map[link["target"]], link["created_at"]])
                report["links_added"] += cur.rowcount
    except BaseException:
        for d in new_docs:
            archive.store.discard_staged(d["id"])
        raise
    for d in new_docs:
        archive.store.commit_staged(d["id"])
    report["documents_added"] = [d["id"] for d in new_docs]
    touched = {d["id"] for d in new_docs} | {p["doc_id"] for p in bundle["passages"]
                                           if p["id"] in report["passages_added"]}
    archive.index_documents(sorted(touched))
    return report


def _existing(archive: Archive, table: str, ids: list[str]) -> set[str]:
    found = set()
    for i in range(0, len(ids), 400):
        chunk = ids[i:i + 400]
        found |= {r[0] for r in archive.db.execute(
            f"SELECT id FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk)}
    return found


def _merge_parties(archive: Archive, parties: list[dict], report: dict) -> None:
    for p in parties:
        pid = ensure_party(archive.db, p["name"])
        for alias in p["aliases"]:
            other = find_party(archive.db, alias)
            if other is None:
                archive.db.execute("INSERT OR IGNORE INTO party_aliases (alias, party_id) VALUES (?, ?)",
                                   [clean_name(alias), pid])
            elif other != pid:
                # Merging two parties is a decision for a person (party-alias), not for an import.
                report["party_conflicts"].append({"name": p["name"], "alias": alias,
                                                  "message": f"{alias!r} is another party in this archive"})


def _insert_documents(archive: Archive, docs: list[dict]) -> None:
    rows = []
    for d in docs:
        row = {k: d[k] for k in _DOC_FIELDS}
        row.update(id=d["id"], ocr_pages=json.dumps(d["ocr_pages"]),
                   needs_ocr_pages=json.dumps(d["needs_ocr_pages"]),
                   pdf_meta=json.dumps(d["pdf_meta"], ensure_ascii=False),
                   senders=d["senders"], recipients=d["recipients"],
                   page_rows=[{"doc_id": d["id"], "page": p["page"], "text": p["text"],
                               "words": base64.b64decode(p["words"]) or None, "width": p["width"],
                               "height": p["height"], "rotation": p["rotation"], "source": p["source"],
                               "problem": p["problem"]} for p in d["page_texts"]])
        rows.append(row)
    if rows:
        documents.insert_documents(archive.db, rows)


def _local_match(archive: Archive, p: dict) -> str | None:
    """The local passage that is the same as a bundled one: same id, or same place and quote."""
    row = archive.db.execute("SELECT id FROM passages WHERE id = ? AND doc_id = ?", [p["id"], p["doc_id"]]).fetchone()
    if row:
        return row[0]
    row = archive.db.execute(
        "SELECT id FROM passages WHERE doc_id = ? AND page = ? AND start = ? AND end = ? AND quote = ?",
        [p["doc_id"], p["page"], p["start"], p["end"], p["quote"]]).fetchone()
    return row[0] if row else None


def _merge_passages(archive: Archive, bundle: dict, report: dict) -> dict[str, str]:
    id_map: dict[str, str] = {}
    new = []
    for p in bundle["passages"]:
        local = _local_match(archive, p)
        if local is None:
            taken = archive.db.execute("SELECT 1 FROM passages WHERE id = ?", [p["id"]]).fetchone()
            id_map[p["id"]] = os.urandom(16).hex() if taken else p["id"]
            new.append(p)
        else:
            id_map[p["id"]] = local
            report["passages_present"].append(local)
            _compare(archive, local, p, report)
    present_docs = set(report["documents_present"])
    for p in new:
        pid = id_map[p["id"]]
        if p["doc_id"] in present_docs:
            p = _anchor_locally(archive, p, pid, report)
        archive.db["passages"].insert({
            "id": pid, "doc_id": p["doc_id"], "page": p["page"], "start": p["start"], "end": p["end"],
            "quote": p["quote"], "prefix": p["prefix"], "suffix": p["suffix"], "kind": p["kind"],
            "by_party": ensure_party(archive.db, p["by"]) if p["by"] else None,
            "said_on": p["said_on"], "said_on_sort": p["said_on_sort"], "note": p["note"],
            "orphaned": int(p["orphaned"]), "anchor_conf": p["anchor_conf"],
            "created_at": p["created_at"], "updated_at": p["updated_at"]})
        pstore.set_threads(archive.db, pid, p["threads"])
        report["passages_added"].append(pid)
    for p in new:   # history after every passage exists: evidence may point to a later one
        for h in p["history"]:
            archive.db.execute(
                "INSERT INTO status_history (passage_id, status, on_date, note, evidence_id, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [id_map[p["id"]], h["status"], h["on_date"], h["note"],
                 id_map.get(h["evidence_id"]) if h["evidence_id"] else None, h["recorded_at"]])
    return id_map


def _anchor_locally(archive: Archive, p: dict, pid: str, report: dict) -> dict:
    """A passage on a document this archive already has: its text here may differ (e.g. OCR
    done on one side only), so find the quote again, or import the passage as orphaned."""
    from .passages import ORPHAN_BELOW
    from .quotes import reanchor
    texts = documents.page_texts(archive.db, p["doc_id"])
    if 1 <= p["page"] <= len(texts) and texts[p["page"] - 1][p["start"]:p["end"]] == p["quote"]:
        return p
    occ, conf = reanchor(texts, p["quote"], p["prefix"], p["suffix"], p["page"], p["start"])
    if occ is None or conf < ORPHAN_BELOW:
        report["passages_orphaned"].append(pid)
        return {**p, "orphaned": True, "anchor_conf": conf}
    return {**p, "page": occ.page, "start": occ.start, "end": occ.end, "quote": occ.quote,
            "prefix": occ.prefix, "suffix": occ.suffix, "anchor_conf": conf}


def _compare(archive: Archive, local_id: str, p: dict, report: dict) -> None:
    mine = pstore.select_passages(archive.db, "p.id = ?", [local_id])[0]
    theirs = {"kind": p["kind"], "by": p["by"], "status": p["history"][-1]["status"] if p["history"] else None,
              "note": p["note"]}
    ours = {"kind": mine["kind"], "by": mine["by_name"], "status": mine["status"], "note": mine["note"]}
    for field, value in theirs.items():
        same = (ours[field] or "").casefold() == (value or "").casefold() if field == "by" else ours[field] == value
        if field == "by" and not same and value and mine["by_party"] == find_party(archive.db, value):
            same = True     # an alias of the same party
        if not same:
            report["conflicts"].append({"passage": local_id, "field": field, "here": ours[field], "bundle": value,
                                        "quote": " ".join(mine["quote"].split())[:80]})


# -- checking a bundle before anything is written ----------------------------------------------------

class _Bad(Exception):
    pass


_HASH = re.compile(r"[0-9a-f]{64}")
_PID = re.compile(r"[0-9a-f]{6,64}")
_ISO = re.compile(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?")


def read_bundle(source: Path, cancel: Cancel | None = None) -> tuple[dict, dict[str, bytes]]:
    """The checked bundle and its originals by hash; BadInput saying what is wrong otherwise
    (Cancelled once `cancel` is set)."""
    name = source.name
    zf = open_zip(source, "bundle", name, "imported")
    try:
        with zf:
            bundle = _read_json(zf)
            _check_bundle(bundle)
            wanted = {d["file"]: d["id"] for d in bundle["documents"]}
            extra = sorted(set(zf.namelist()) - set(wanted) - {BUNDLE_JSON})
            if extra:
                raise _Bad(f"unexpected file {extra[0]!r} in the bundle")
            files = {}
            for member, digest in wanted.items():
                stop_if_cancelled(cancel, _NOT_IMPORTED)
                data = _member(zf, member, MAX_FILE_BYTES)
                if sha256_bytes(data) != digest:
                    raise _Bad(f"{member} does not match its hash (the file was changed or damaged)")
                files[digest] = data
    except _Bad as exc:
        raise BadInput(f"{name} cannot be imported: {exc}; nothing was imported") from None
    return bundle, files


def _member(zf: zipfile.ZipFile, member: str, limit: int) -> bytes:
    parts = member.split("/")
    if member.startswith("/") or "\\" in member or ":" in member or any(p in ("", ".", "..") for p in parts):
        raise _Bad(f"the path {member!r} points outside the bundle")
    try:
        info = zf.getinfo(member)
    except KeyError:
        raise _Bad(f"{member} is listed but missing") from None
    if info.file_size > limit:
        raise _Bad(f"{member} is too large ({info.file_size // 1024 ** 2} MB)")
    try:
        return zf.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _Bad(f"cannot read {member} ({exc})") from None


def _read_json(zf: zipfile.ZipFile) -> dict:
    for member in zf.namelist():
        _member_path_ok = not (member.startswith("/") or "\\" in member or ":" in member
                               or any(p in ("", ".", "..") for p in member.split("/")))
        if not _member_path_ok:
            raise _Bad(f"the path {member!r} points outside the bundle")
    if BUNDLE_JSON not in zf.namelist():
        raise _Bad(f"it is not a Papertrail bundle (no {BUNDLE_JSON})")
    try:
        bundle = json.loads(_member(zf, BUNDLE_JSON, MAX_JSON_BYTES))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _Bad(f"{BUNDLE_JSON} is not valid JSON ({exc})") from None
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise _Bad("it is not a Papertrail bundle")
    version = bundle.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Bad("its format version is missing")
    if version > FORMAT_VERSION:
        raise _Bad(f"it was made by a newer Papertrail (bundle format {version}); update the app")
    return bundle


def _get(obj: dict, key: str, kind, where: str, optional: bool = False):
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None and optional:
        return None
    ok = isinstance(value, kind) and not (isinstance(value, bool) and kind in (int, float, (int, float)))
    if not ok:
        raise _Bad(f"{where}: {key!r} is missing or has the wrong type")
    if isinstance(value, str) and ("\x00" in value or not _encodable(value)):
        raise _Bad(f"{where}: {key!r} contains characters that cannot be stored")
    return value


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def _strings(obj: dict, key: str, where: str) -> list[str]:
    values = _get(obj, key, list, where)
    for v in values:
        if not isinstance(v, str) or not _encodable(v) or not v.strip():
            raise _Bad(f"{where}: {key!r} must be a list of names")
    return values


def _check_bundle(b: dict) -> None:
    docs = _get(b, "documents", list, "bundle")
    passages = _get(b, "passages", list, "bundle")
    links = _get(b, "links", list, "bundle")
    parties = _get(b, "parties", list, "bundle")
    page_text: dict[str, list[str]] = {}
    for n, d in enumerate(docs, 1):
        where = f"document {n}"
        doc_id = _get(d, "id", str, where)
        if not _HASH.fullmatch(doc_id) or doc_id in page_text:
            raise _Bad(f"{where}: the id is not a SHA-256 hash or appears twice")
        if _get(d, "file", str, where) != f"files/{doc_id}.pdf":
            raise _Bad(f"{where}: the file name must be files/<hash>.pdf")
        for key in ("file_name", "title", "kind", "language", "text_problem", "added_at", "updated_at"):
            _get(d, key, str, where)
        for key in ("size", "pages", "no_text", "confirmed", "date_sort"):
            _get(d, key, int, where)
        for key in ("title_conf", "date_conf", "senders_conf", "recipients_conf", "kind_conf"):
            _get(d, key, (int, float), where)
        if d["kind"] not in documents.KINDS:
            raise _Bad(f"{where}: unknown kind {d['kind']!r}")
        if not d["title"].strip():
            raise _Bad(f"{where}: the title is empty")
        date = _get(d, "date", str, where, optional=True)
        if date is not None and not _ISO.fullmatch(date):
            raise _Bad(f"{where}: the date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        for key in ("ocr_pages", "needs_ocr_pages"):
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in _get(d, key, list, where)):
                raise _Bad(f"{where}: {key!r} must be page numbers")
        meta = _get(d, "pdf_meta", dict, where)
        if not all(isinstance(v, str) and _encodable(v) and _encodable(k) for k, v in meta.items()):
            raise _Bad(f"{where}: 'pdf_meta' must map names to text")
        _strings(d, "senders", where)
        _strings(d, "recipients", where)
        pages = _get(d, "page_texts", list, where)
        if len(pages) != d["pages"] or d["pages"] < 1:
            raise _Bad(f"{where}: has {len(pages)} page text(s) for {d['pages']} page(s)")
        for i, p in enumerate(pages, 1):
            pw = f"{where} page {i}"
            if _get(p, "page", int, pw) != i:
                raise _Bad(f"{pw}: pages must be numbered 1, 2, 3…")
            _get(p, "text", str, pw)
            _get(p, "problem", str, pw)
            if _get(p, "source", str, pw) not in ("text", "ocr", "none"):
                raise _Bad(f"{pw}: unknown text source")
            _get(p, "rotation", int, pw)
            for key in ("width", "height"):
                _get(p, key, (int, float), pw)
            try:
                blob = base64.b64decode(_get(p, "words", str, pw), validate=True)
            except (binascii.Error, ValueError):
                raise _Bad(f"{pw}: word boxes are not base64") from None
            if blob and not check_words(blob):
                raise _Bad(f"{pw}: word boxes cannot be read")
        page_text[doc_id] = [p["text"] for p in pages]
    seen: set[str] = set()
    for n, p in enumerate(passages, 1):
        where = f"passage {n}"
        pid = _get(p, "id", str, where)
        if not _PID.fullmatch(pid) or pid in seen:
            raise _Bad(f"{where}: the id is not valid or appears twice")
        seen.add(pid)
        doc_id = _get(p, "doc_id", str, where)
        if doc_id not in page_text:
            raise _Bad(f"{where}: its document is not in the bundle")
        page, start, end = (_get(p, k, int, where) for k in ("page", "start", "end"))
        texts = page_text[doc_id]
        if not 1 <= page <= len(texts) or not 0 <= start <= end <= len(texts[page - 1]):
            raise _Bad(f"{where}: page {page}, characters {start}–{end} are outside the document's text")
        for key in ("quote", "prefix", "suffix", "note", "kind", "created_at", "updated_at"):
            _get(p, key, str, where)
        if p["kind"] not in pstore.KINDS:
            raise _Bad(f"{where}: unknown kind {p['kind']!r}")
        by = _get(p, "by", str, where, optional=True)
        if by is not None and not clean_name(by):
            raise _Bad(f"{where}: 'by' is empty")
        said = _get(p, "said_on", str, where, optional=True)
        if said is not None and not _ISO.fullmatch(said):
            raise _Bad(f"{where}: said_on {said!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        _get(p, "said_on_sort", int, where)
        _get(p, "orphaned", (bool, int), where)
        _get(p, "anchor_conf", (int, float), where)
        _strings(p, "threads", where)
        for h in _get(p, "history", list, where):
            if _get(h, "status", str, where) not in pstore.STATUSES:
                raise _Bad(f"{where}: unknown status {h['status']!r}")
            _get(h, "note", str, where)
            _get(h, "recorded_at", str, where)
            on = _get(h, "on_date", str, where, optional=True)
            if on is not None and not _ISO.fullmatch(on):
                raise _Bad(f"{where}: status date {on!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
            _get(h, "evidence_id", str, where, optional=True)
    for p in passages:
        for h in p["history"]:
            if h["evidence_id"] is not None and h["evidence_id"] not in seen:
                raise _Bad(f"passage {p['id'][:8]}: its status evidence is not in the bundle")
    for n, link in enumerate(links, 1):
        where = f"link {n}"
        if _get(link, "relation", str, where) not in pstore.RELATIONS:
            raise _Bad(f"{where}: unknown relation {link['relation']!r}")
        if _get(link, "source", str, where) not in seen or _get(link, "target", str, where) not in seen:
            raise _Bad(f"{where}: it joins passages that are not in the bundle")
        if link["source"] == link["target"]:
            raise _Bad(f"{where}: a passage cannot be linked to itself")
        _get(link, "created_at", str, where)
    for n, party in enumerate(parties, 1):
        if not clean_name(_get(party, "name", str, f"party {n}")):
            raise _Bad(f"party {n}: the name is empty")
        _strings(party, "aliases", f"party {n}")


def check_words(blob: bytes) -> bool:
    """Word boxes decode (used by the bundle checks)."""
    try:
        unpack_words(blob)
        return True
    except Exception:  # noqa: BLE001 - zlib/array errors: not our format
        return False
