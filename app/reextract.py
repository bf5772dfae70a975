"""Read documents again from their stored originals; re-find tagged passages in the new text."""
from __future__ import annotations

import json

from archive import Archive
from archive.extractor import ExtractorPool, Job

from . import passages


def replace_pages(archive: Archive, doc_id: str, pages: list[dict], language: str | None = None) -> dict:
    """Swap in new page texts for a document and re-anchor its passages (one transaction for the
    text, then re-anchoring); returns the re-anchoring report."""
    ocr_pages = [p["number"] for p in pages if p["source"] == "ocr"]
    needs = [p["number"] for p in pages if p["source"] == "none" and p["problem"] in ("needs OCR", "garbage text layer")]
    with archive.transaction():
        archive.db.execute("DELETE FROM pages WHERE doc_id = ?", [doc_id])
        archive.db["pages"].insert_all(
            [{"doc_id": doc_id, "page": p["number"], "text": p["text"], "words": p["words"],
              "width": p["width"], "height": p["height"], "rotation": p["rotation"],
              "source": p["source"], "problem": p["problem"]} for p in pages])
        sets = {"pages": len(pages), "ocr_pages": json.dumps(ocr_pages), "needs_ocr_pages": json.dumps(needs),
                "no_text": int(all(p["source"] == "none" for p in pages))}
        if language:
            sets["language"] = language
        archive.db.execute(
            f"UPDATE documents SET {', '.join(k + ' = ?' for k in sets)}, revision = revision + 1 WHERE id = ?",
            [*sets.values(), doc_id])
    report = passages.reanchor_document(archive, doc_id)
    archive.index_documents([doc_id])
    return {"id": doc_id, "pages": len(pages), "ocr_pages": ocr_pages, "needs_ocr_pages": needs, **report}


def reextract(archive: Archive, doc_ids: list[str] | None, ocr: bool = True,
              password: str | None = None) -> dict:
    ids = doc_ids if doc_ids is not None else [r[0] for r in archive.db.execute("SELECT id FROM documents")]
    names = dict(archive.db.execute("SELECT id, file_name FROM documents").fetchall())
    results = []

    def jobs():
        for doc_id in ids:
            yield Job(doc_id, archive.store.read(doc_id), names.get(doc_id, ""), password)

    with ExtractorPool(workers=1, ocr=ocr) as pool:
        for job, res in pool.run(jobs()):
            if not res.get("ok"):
                results.append({"id": job.key, "error": res.get("error")})
                continue
            if res.get("rendered"):      # an e-mail or Word file: its pages were laid out again
                from archive.correspondence import relaid
                relaid(archive, job.key, res)
            results.append(replace_pages(archive, job.key, res["pages"], res["language"]))
    return {"documents": results}
