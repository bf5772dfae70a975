"""Read letters' metadata again from their originals (after the reading improved), keeping every
field a person corrected."""
from __future__ import annotations

import json

from archive import Archive, documents
from archive.dates import parse_date
from archive.extractor import ExtractorPool, Job
from archive.letter.layout import layout_pages
from archive.parties import stored_names
from archive.letter.meta import extract_metadata
from archive.pdftext import ocr_layout

_HAND_SET = 1.0  # the confidence a field corrected by hand carries


def reread_metadata(archive: Archive, doc_ids: list[str] | None = None, *, dry_run: bool = False,
                    progress=None) -> dict:
    """Returns {"documents": n, "changed": [{"id", "title", "fields": {field: [before, after]}}],
    "kept": fields kept because a person set them, "failed": [{"id", "error"}]}."""
    ids = [archive.resolve_doc(ref) for ref in doc_ids] if doc_ids else \
        [r[0] for r in archive.db.execute("SELECT id FROM documents ORDER BY added_at")]
    docs = {d["id"]: d for d in documents.list_documents(archive.db, ids)}
    report: dict = {"documents": len(ids), "changed": [], "kept": 0, "failed": []}

    def jobs():
        for doc_id in ids:
            yield Job(doc_id, archive.store.read(doc_id), docs[doc_id]["file_name"], None)

    done = 0
    # No OCR: scanned pages keep the text already stored; the originals give the layout.
    with ExtractorPool(workers=1, ocr=False) as pool:
        for job, res in pool.run(jobs()):
            done += 1
            if progress:
                progress(done, len(ids))
            if not res.get("ok"):
                report["failed"].append({"id": job.key, "error": res.get("error")})
                continue
            change, kept = _reread_one(archive, docs[job.key], res, dry_run)
            report["kept"] += kept
            if change:
                report["changed"].append(change)
    if not dry_run and report["changed"]:
        archive.index_documents([c["id"] for c in report["changed"]])
    return report


def _reread_one(archive: Archive, doc: dict, res: dict, dry_run: bool) -> tuple[dict | None, int]:
    rows = archive.db.execute(
        "SELECT page, text, height, source, words FROM pages WHERE doc_id = ? ORDER BY page", [doc["id"]]).fetchall()
    wanted = {n + 1 for n in layout_pages(len(rows))}
    if "layout" not in res:
        meta = res["meta"]  # an e-mail or Word file: its headers and properties say it all
    else:  # a PDF: the stored text (OCR included) with the layout of the pages that have a text layer,
        # and of the OCRed ones rebuilt from their words
        texts = [r[1] for r in rows]
        from_text = {r[0] for r in rows if r[3] == "text"}
        layout = {n: lines for n, lines in res["layout"].items() if n in from_text}
        for number, _text, _height, source, words in rows:
            if source == "ocr" and number in wanted:   # a scan: its lines from the stored OCR words
                layout[number] = ocr_layout(number, _text, words)
        meta = extract_metadata(texts, res.get("pdf_meta") or json.loads(doc.get("pdf_meta") or "{}"),
                                doc["file_name"], layout=layout, heights={r[0]: r[2] for r in rows})
    full = documents.get_document(archive.db, doc["id"])
    guessed = {
        "title": (meta.title or full["title"], meta.title_conf),
        "date": (meta.date, meta.date_conf),
        "senders": (meta.senders, meta.senders_conf),
        "recipients": (meta.recipients, meta.recipients_conf),
        "kind": (meta.kind, meta.kind_conf),
    }
    kept = 0
    fields: dict = {}
    shown: dict = {}
    for name, (value, conf) in guessed.items():
        conf_key = f"{name}_conf"
        if full.get("confirmed") or full.get(conf_key, 0) >= _HAND_SET:
            kept += 1
            continue
        before = full[name]
        after = value.iso() if name == "date" and value else value
        if name in ("senders", "recipients"):
            after = stored_names(archive.db, value)    # "Google Inc" is the archive's "Google"
        if name == "date" and before:
            before = parse_date(before).iso()
        if before != after:
            fields[name] = (value, conf)
            shown[name] = [before, after]
    if not fields:
        return None, kept
    if not dry_run:
        with archive.transaction():
            documents.replace_read_metadata(archive.db, doc["id"], fields)
    return {"id": doc["id"], "title": full["title"], "fields": shown}, kept
