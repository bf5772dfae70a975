"""Measure what checking a quotation against the document its citation names costs, per quotation, on an
archive: check_typed_quotation with the citation read for the document it names, against the same call
without (every document, those whose title the citation contains first), and reading the catalogue.

Usage: python bench/bench_quote_check.py ARCHIVE_DIR [--quotes 60] [--seed 1] [--json FILE]
(the archive is only read)

The quotations are sentences of ten words or more taken from the archive's own pages, each cited in
Papertrail's form ("Sender, title, 14 January 2013, p. 2") from its document's metadata; a third of them
are cited to another document, so the check also looks everywhere else. Reported: the median and the
slowest time per quotation of each way, how many citations named their document, and how long the
catalogue took to read (once per file, or once per archive change in the window).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _quotations(archive, docs, rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(sentence, citation, document the sentence is from)."""
    from app.draft.model import Citation
    meta = {}
    for doc_id, title, date in archive.db.execute("SELECT id, title, date FROM documents"):
        senders = [r[0] for r in archive.db.execute(
            "SELECT p.name FROM document_parties dp JOIN parties p ON p.id = dp.party_id "
            "WHERE dp.doc_id = ? AND dp.role = 'sender' ORDER BY dp.position", [doc_id])]
        meta[doc_id] = (title, date, senders)
    out = []
    tries = 0
    while len(out) < count and tries < count * 50:
        tries += 1
        doc_id, pages = rng.choice(docs)
        page = rng.randrange(len(pages))
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", pages[page]) if len(s.split()) >= 10]
        if not sentences:
            continue
        sentence = " ".join(rng.choice(sentences).split())
        cited = doc_id if len(out) % 3 else rng.choice(docs)[0]
        title, date, senders = meta[cited]
        if not date or not date[:4].isdigit():
            continue
        citation = Citation(None, cited, senders[0] if senders else "", None, title, date, 1,
                            doc_authors=senders).text()
        out.append((sentence, citation, doc_id))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--quotes", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON")
    args = ap.parse_args(argv)
    from app.draft import Catalogue, all_page_texts, check_typed_quotation, document_titles
    from archive import Archive
    with Archive.open(args.archive, create=False, migrate=False) as archive:
        docs = all_page_texts(archive)
        titles = document_titles(archive)
        t0 = time.perf_counter()
        catalogue = Catalogue.of(archive)
        read_ms = (time.perf_counter() - t0) * 1000
        quotes = _quotations(archive, docs, random.Random(args.seed), args.quotes)
    before, after, named, elsewhere = [], [], 0, 0
    for sentence, citation, _ in quotes:
        t0 = time.perf_counter()
        check_typed_quotation(sentence, docs, titles, citation)
        before.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        result = check_typed_quotation(sentence, docs, titles, citation, catalogue)
        after.append((time.perf_counter() - t0) * 1000)
        named += bool(result["cited_doc_ids"])
        elsewhere += bool(result["citation_note"])
    figures = {"documents": len(docs), "quotations": len(quotes), "catalogue_ms": round(read_ms, 1),
               "named": named, "not_in_cited": elsewhere,
               "without_ms": {"median": round(statistics.median(before), 2), "max": round(max(before), 2)},
               "with_ms": {"median": round(statistics.median(after), 2), "max": round(max(after), 2)},
               "extra_ms": {"median": round(statistics.median(a - b for a, b in zip(after, before)), 2),
                            "max": round(max(a - b for a, b in zip(after, before)), 2)}}
    print(f"{figures['documents']} documents, {figures['quotations']} quotations; the catalogue read in "
          f"{figures['catalogue_ms']} ms; {named} citations named a document, {elsewhere} quotations were "
          "only in another one")
    for name in ("without_ms", "with_ms", "extra_ms"):
        print(f"  {name[:-3]:8} median {figures[name]['median']:7.2f} ms, slowest {figures[name]['max']:7.2f} ms")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
