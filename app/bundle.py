"""Sharing bundles: a zip of documents (originals, metadata, page text) and their passages, and a
careful merge on import (by content hash; conflicts reported, never overwritten)."""
from __future__ import annotations

import base64
import json
import os
import zipfile
from pathlib import Path
from typing import Callable

from archive import Archive, documents
from archive import passages as pstore
from archive.atomic import atomic_path
from archive.errors import BadInput, PapertrailError
from archive.leftovers import clean as clean_leftovers
from archive.parties import clean_name, ensure_party, find_party
from archive.store import sha256_bytes

from .backup import stop_if_cancelled
from .bundle_read import (BUNDLE_JSON, FORMAT, FORMAT_VERSION, MAX_FILE_BYTES, MAX_JSON_BYTES,  # noqa: F401
                          NOT_IMPORTED, read_bundle)
from .progress import Cancel


Progress = Callable[[int, int, str], None]

_NOT_SHARED = "sharing cancelled; no file was written"

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
        pids = {r[0] for r in archive.db.execute("SELECT id FROM passages WHERE doc_id IS NOT NULL")}
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
        # A question written directly is in no letter, so it has nothing to travel with: left out.
        marks = ",".join("?" * len(pids))
        pids = {r[0] for r in archive.db.execute(
            f"SELECT id FROM passages WHERE id IN ({marks}) AND doc_id IS NOT NULL", sorted(pids))}
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
            "created_at": p["created_at"], "updated_at": p["updated_at"], "history": history,
            # A passage across a page break, and whose words it quotes and how (older bundles lack them).
            "end_page": p["end_page"], "words_by": p["words_by_name"], "manner": p["manner"],
            "said_in": p["said_in"],
            # Every party that made it, and whom a question is for (older bundles lack them).
            "by_all": p["by_names"], "to": p["to_name"]})
        party_names.update(p["by_names"])
        if p["to_name"]:
            party_names.add(p["to_name"])
        if p["words_by_name"]:
            party_names.add(p["words_by_name"])
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
    text = json.dumps(bundle, ensure_ascii=False, indent=1).encode("utf-8")
    if len(text) > MAX_JSON_BYTES:
        raise BadInput(f"the selection is too large for one bundle ({len(text) // 1024 ** 2} MB of text and "
                       f"passages; a bundle holds at most {MAX_JSON_BYTES // 1024 ** 2} MB): share fewer "
                       "documents at a time; nothing was written")
    too_big = [d for d in bundle["documents"] if d["size"] > MAX_FILE_BYTES]
    if too_big:
        raise BadInput(f"“{too_big[0]['title']}” is larger than a bundle can carry "
                       f"({MAX_FILE_BYTES // 1024 ** 2} MB): leave it out; nothing was written")
    clean_leftovers(output.parent, (f".{output.name}.*.part",))    # of a killed share to the same file
    with atomic_path(output) as part:
        with zipfile.ZipFile(part, "w", allowZip64=True) as zf:
            zf.writestr(BUNDLE_JSON, text, compress_type=zipfile.ZIP_DEFLATED)
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
                  cancel: Cancel | None = None, workers: int = 1, ocr: bool = True) -> dict:
    """Merge a bundle into the archive. Everything is checked before anything is written: each
    new original is streamed into the staging area (its hash and PDF header checked) and read
    again by Papertrail in worker processes, as ingest does, so the text that is stored and
    searched comes from the original, never from the bundle. The colleague's passages are kept
    where their quotes are found in that text (the others are reported, not imported); the
    colleague's metadata is kept and, where it differs from what Papertrail read, reported.
    Then every row goes in one transaction, and the index is updated. All or nothing: `cancel`
    is honoured up to the start of that one transaction (Cancelled, with the staged originals
    removed and the archive as it was); after it the import completes. `progress` is told
    about each original read."""
    source = Path(source).expanduser()
    with read_bundle(source, cancel) as opened:
        bundle = opened.data
        present_docs = _existing(archive, "documents", [d["id"] for d in bundle["documents"]])
        report = {"documents_added": [], "documents_present": sorted(present_docs), "passages_added": [],
                  "passages_present": [], "passages_orphaned": [], "passages_not_found": [],
                  "metadata_from_bundle": [], "conflicts": [], "links_added": 0, "party_conflicts": [],
                  "already_imported": False}
        new_docs = [d for d in bundle["documents"] if d["id"] not in present_docs]
        _check_space(archive, opened, new_docs)
        try:
            for d in new_docs:
                stop_if_cancelled(cancel, NOT_IMPORTED)
                opened.stage(archive.store, d)
            results = _read_originals(archive, opened, new_docs, progress, cancel, workers, ocr)
            stop_if_cancelled(cancel, NOT_IMPORTED)     # the last chance: the transaction below is not interrupted
            rows = [_document_row(d, results[d["id"]], report) for d in new_docs]
            texts = {r["id"]: [p["text"] for p in r["page_rows"]] for r in rows}
            with archive.transaction():
                # Another import of the same bundle may have finished meanwhile: what it added stays.
                done = _existing(archive, "documents", [r["id"] for r in rows])
                _merge_parties(archive, bundle["parties"], report)
                added = [r for r in rows if r["id"] not in done]
                if added:
                    from archive.correspondence import store_extras
                    documents.insert_documents(archive.db, added)
                    # An e-mail's headers, quoted earlier messages, attachments and reply links, as
                    # ingest stores them, read from the original just as its text is.
                    store_extras(archive.db, [(r["id"], results[r["id"]]) for r in added])
                id_map = _merge_passages(archive, bundle, texts, report)
                for link in bundle["links"]:
                    if link["source"] not in id_map or link["target"] not in id_map:
                        continue    # one end was not imported (its quote is not in the text)
                    cur = archive.db.execute(
                        "INSERT OR IGNORE INTO links (source_id, relation, target_id, created_at) VALUES (?, ?, ?, ?)",
                        [id_map[link["source"]], link["relation"], id_map[link["target"]], link["created_at"]])
                    report["links_added"] += cur.rowcount
        except BaseException:
            for d in new_docs:
                archive.store.discard_staged(d["id"])
            raise
    for r in rows:
        if r["id"] in done:
            archive.store.discard_staged(r["id"])
        else:
            archive.store.commit_staged(r["id"])
    from .ingest_formats import save_rendered
    save_rendered(archive, added, [results[r["id"]] for r in added])
    report["documents_added"] = [r["id"] for r in added]
    report["documents_present"] = sorted(present_docs | done)
    report["metadata_from_bundle"] = [m for m in report["metadata_from_bundle"] if m["document"] not in done]
    report["already_imported"] = not report["documents_added"] and not report["passages_added"]
    touched = set(report["documents_added"]) | {p["doc_id"] for p in bundle["passages"]
                                                if id_map.get(p["id"]) in report["passages_added"]}
    archive.index_documents(sorted(touched))
    return report


def _check_space(archive: Archive, opened, docs: list[dict]) -> None:
    import shutil
    need = sum(d["size"] for d in docs)
    free = shutil.disk_usage(archive.store.root).free
    if need > free:
        raise opened.refuse(f"its originals need {need // 1024 ** 2} MB and the archive's disk has "
                            f"{free // 1024 ** 2} MB free; free some space first")


def _read_originals(archive: Archive, opened, docs: list[dict], progress, cancel, workers: int,
                    ocr: bool) -> dict[str, dict]:
    """What Papertrail reads from each staged original (in worker processes, as ingest does);
    a file that is not a readable PDF refuses the bundle."""
    from archive.extractor import ExtractorPool, Job
    if not docs:
        return {}
    by_id = {d["id"]: d for d in docs}

    def jobs():
        for d in docs:
            yield Job(d["id"], archive.store.staged_path(d["id"]).read_bytes(), d["file_name"])

    results: dict[str, dict] = {}
    with ExtractorPool(workers=min(workers, len(docs)), ocr=ocr) as pool:
        for job, result in pool.run(jobs(), cancel):
            d = by_id[job.key]
            if not result.get("ok"):
                raise opened.refuse(f"the original of “{d['title']}” ({d['file']}) cannot be read as a PDF "
                                    f"({result.get('error', 'failed')})")
            results[job.key] = result
            if progress:
                progress(len(results), len(docs), d["file_name"])
    stop_if_cancelled(cancel, NOT_IMPORTED)
    return results


# The metadata a colleague may have corrected by hand: kept from the bundle, reported where it
# differs from what Papertrail reads in the original.
_THEIR_FIELDS = ("title", "title_conf", "date", "date_sort", "date_conf", "senders_conf", "recipients_conf",
                 "kind", "kind_conf", "confirmed", "added_at", "updated_at")
_SHOWN_FIELDS = ("title", "date", "senders", "recipients", "kind")


def _document_row(d: dict, result: dict, report: dict) -> dict:
    from .ingest import _document_row as read_row
    row, _summary = read_row(d["id"], Path(d["file_name"]), d["size"], result)
    differs = {f: {"bundle": d[f], "read": row[f]} for f in _SHOWN_FIELDS if d[f] != row[f]}
    if differs:
        report["metadata_from_bundle"].append({"document": d["id"], "title": d["title"], "fields": differs})
    row.update({f: d[f] for f in _THEIR_FIELDS}, file_name=d["file_name"], senders=d["senders"],
               recipients=d["recipients"])
    return row


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


def _local_match(archive: Archive, p: dict) -> str | None:
    """The local passage that is the same as a bundled one: same id, or same place and quote."""
    row = archive.db.execute("SELECT id FROM passages WHERE id = ? AND doc_id = ?", [p["id"], p["doc_id"]]).fetchone()
    if row:
        return row[0]
    row = archive.db.execute(
        "SELECT id FROM passages WHERE doc_id = ? AND page = ? AND start = ? AND end = ? AND quote = ?",
        [p["doc_id"], p["page"], p["start"], p["end"], p["quote"]]).fetchone()
    return row[0] if row else None


def _merge_passages(archive: Archive, bundle: dict, texts: dict[str, list[str]], report: dict) -> dict[str, str]:
    """Passages already here are compared; new ones are found in the text Papertrail read (`texts`
    for new documents, the database's for documents already here) and imported there, or, when
    their quote is not in it, reported and left out. Returns bundle id -> local id."""
    id_map: dict[str, str] = {}
    new = []
    for p in bundle["passages"]:
        local = _local_match(archive, p)
        if local is None:
            new.append(p)
        else:
            id_map[p["id"]] = local
            report["passages_present"].append(local)
            _compare(archive, local, p, report)
    kept = []
    for p in new:
        doc_texts = texts.get(p["doc_id"])
        if doc_texts is None:
            doc_texts = documents.page_texts(archive.db, p["doc_id"])
        found = _anchor(doc_texts, p)
        if found is None:
            report["passages_not_found"].append({"passage": p["id"], "doc_id": p["doc_id"],
                                                 "quote": " ".join(p["quote"].split())[:80]})
            continue
        taken = archive.db.execute("SELECT 1 FROM passages WHERE id = ?", [p["id"]]).fetchone()
        id_map[p["id"]] = os.urandom(16).hex() if taken else p["id"]
        kept.append(found)
    for p in kept:
        pid = id_map[p["id"]]
        archive.db["passages"].insert({
            "id": pid, "doc_id": p["doc_id"], "page": p["page"], "start": p["start"], "end": p["end"],
            "quote": p["quote"], "prefix": p["prefix"], "suffix": p["suffix"], "kind": p["kind"],
            "by_party": ensure_party(archive.db, p["by"]) if p["by"] else None,
            "said_on": p["said_on"], "said_on_sort": p["said_on_sort"], "note": p["note"],
            "orphaned": 0, "anchor_conf": p["anchor_conf"],
            "end_page": p.get("end_page") or p["page"],
            "words_by": ensure_party(archive.db, p["words_by"]) if p.get("words_by") else None,
            "manner": p.get("manner") or "", "said_in": p.get("said_in") or "",
            "to_party": ensure_party(archive.db, p["to"]) if p.get("to") and p["kind"] == "question" else None,
            "created_at": p["created_at"], "updated_at": p["updated_at"]})
        if len(p.get("by_all") or []) > 1:
            pstore.set_parties(archive.db, pid, [ensure_party(archive.db, n) for n in p["by_all"]])
        pstore.set_threads(archive.db, pid, p["threads"])
        report["passages_added"].append(pid)
    for p in kept:   # history after every passage exists: evidence may point to a later one
        for h in p["history"]:
            archive.db.execute(
                "INSERT INTO status_history (passage_id, status, on_date, note, evidence_id, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [id_map[p["id"]], h["status"], h["on_date"], h["note"],
                 id_map.get(h["evidence_id"]) if h["evidence_id"] else None, h["recorded_at"]])
    return id_map


def _anchor(texts: list[str], p: dict) -> dict | None:
    """The passage placed where its quote is in `texts` (the text may differ from the
    colleague's, e.g. OCR done on one side only); None when the quote is not found."""
    from .passages import ORPHAN_BELOW
    from .quotes import reanchor
    if not p["quote"].strip():
        return None
    one_page = (p.get("end_page") or p["page"]) == p["page"]
    if one_page and 1 <= p["page"] <= len(texts) and texts[p["page"] - 1][p["start"]:p["end"]] == p["quote"]:
        return {**p, "end_page": p["page"], "anchor_conf": 1.0 if p["orphaned"] else p["anchor_conf"]}
    occ, conf = reanchor(texts, p["quote"], p["prefix"], p["suffix"], p["page"], p["start"])
    if occ is None or conf < ORPHAN_BELOW:
        return None
    return {**p, "page": occ.page, "start": occ.start, "end": occ.end, "quote": occ.quote,
            "prefix": occ.prefix, "suffix": occ.suffix, "anchor_conf": conf, "end_page": occ.last_page}


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
