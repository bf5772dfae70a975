"""The demo archive: the fictional letters, ingested and already tagged, linked and threaded."""
from __future__ import annotations

import tempfile
from pathlib import Path

from archive import Archive

from . import passages
from .demo import build_demo_pdfs, demo_tags
from .ingest import ingest
from .parties import add_alias
from .progress import ProgressFn


def load_demo(archive: Archive, progress: ProgressFn | None = None) -> dict:
    """Add the demo letters to an archive and tag them; returns counts. Letters already present
    are reported as duplicates and their passages are not tagged twice."""
    tags = demo_tags()
    with tempfile.TemporaryDirectory(prefix="papertrail-demo-") as tmp:
        pdfs = build_demo_pdfs(Path(tmp))
        report = ingest(archive, pdfs, progress=progress, ocr=False)
    by_stem = {Path(a["file"]).stem: a["id"] for a in report.added}
    for canonical, aliases in tags.get("parties", {}).items():
        for alias in aliases:
            add_alias(archive, canonical, alias)
    # Statuses in the demo are as the coalition assessed them in its last letter.
    assessed_on = max((a["date"] for a in report.added if a.get("date")), default=None)
    created: dict[int, str] = {}
    for i, spec in enumerate(tags["passages"]):
        doc_id = by_stem.get(spec["letter"])
        if doc_id is None:
            continue
        final = spec.get("status")
        p = passages.tag(archive, doc_id, spec["quote"], spec["kind"], by=spec.get("by"), on=spec.get("on"),
                         threads=spec.get("threads", []), note=spec.get("note", ""),
                         occurrence=spec.get("occurrence"), to=spec.get("to"))
        created[i] = p["id"]
        if final and final != "open":
            passages.edit(archive, p["id"], status=final, status_note=spec.get("status_note", ""),
                          status_on=spec.get("status_on", assessed_on))
    for link in tags.get("links", []):
        if link["from"] in created and link["to"] in created:
            passages.link(archive, created[link["from"]], link["relation"], created[link["to"]])
    return {"documents": len(report.added), "passages": len(created),
            "links": sum(1 for ln in tags.get("links", []) if ln["from"] in created and ln["to"] in created),
            "failed": report.failed}
