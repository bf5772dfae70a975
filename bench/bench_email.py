#!/usr/bin/env python3
"""Ingest speed for e-mails with attachments: N generated .eml files, each with a signed PDF letter
and a Word annex attached, some replying to others; reports messages and documents a second."""
from __future__ import annotations

import argparse
import io
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = ("assessment impact remediation grievance mechanism supplier audit commitment publish report "
         "community consultation workers safety disclosure policy review findings schedule").split()


def _pdf(rng: random.Random, n: int) -> bytes:
    import pymupdf
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    body = " ".join(rng.choice(WORDS) for _ in range(250))
    page.insert_htmlbox(pymupdf.Rect(60, 60, 535, 800), f"<p>Acme Mining Ltd</p><p>{3 + n % 25} March 2020</p>"
                        f"<p>Dear Ms Marsh,</p><p>{body}</p><p>Yours sincerely,</p><p>Jürgen Müller</p>")
    data = doc.tobytes()
    doc.close()
    return data


def _docx(rng: random.Random) -> bytes:
    import docx
    d = docx.Document()
    d.add_heading("Annex", 1)
    for _ in range(5):
        d.add_paragraph(" ".join(rng.choice(WORDS) for _ in range(60)))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_corpus(folder: Path, n: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    total = 0
    for i in range(n):
        m = EmailMessage()
        m["From"] = Address("Jürgen Müller", addr_spec="juergen@acme-mining.com") if i % 2 else \
            Address("Helen Marsh", addr_spec="helen@orw.org")
        m["To"] = Address("Helen Marsh", addr_spec="helen@orw.org") if i % 2 else \
            Address("Jürgen Müller", addr_spec="juergen@acme-mining.com")
        m["Subject"] = f"Re: Impact assessment, point {i}"
        m["Date"] = format_datetime(start + timedelta(days=i))
        m["Message-ID"] = f"<m{i}@bench.example>"
        if i:
            m["In-Reply-To"] = f"<m{i - 1}@bench.example>"
        body = " ".join(rng.choice(WORDS) for _ in range(200))
        m.set_content(f"Dear colleague,\n\n{body}\n\nOn {i} March 2019, Someone <s@orw.org> wrote:\n> earlier text\n")
        m.add_attachment(_pdf(rng, i), maintype="application", subtype="pdf", filename=f"letter-{i}.pdf")
        m.add_attachment(_docx(rng), maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document", filename=f"annex-{i}.docx")
        (folder / f"mail-{i:05d}.eml").write_bytes(m.as_bytes())
        total += 3
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--emails", type=int, default=1000, help="number of e-mails (default 1000)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args()
    from app.ingest import ingest, worker_count
    from archive import Archive
    tmp = Path(tempfile.mkdtemp(prefix="papertrail-bench-email-"))
    try:
        src = tmp / "mail"
        src.mkdir()
        t = time.perf_counter()
        expected = make_corpus(src, args.emails)
        print(f"generated {args.emails} e-mails ({expected} documents with attachments) in "
              f"{time.perf_counter() - t:.1f} s")
        with Archive.open(tmp / "archive") as archive:
            report = ingest(archive, [src], workers=worker_count(), ocr=False)
            linked = archive.db.execute("SELECT COUNT(*) FROM replies").fetchone()[0]
        s = report.seconds
        print(f"ingest: {len(report.added)} documents ({args.emails} e-mails) in {s:.1f} s — "
              f"{args.emails / s:.1f} e-mails/s, {len(report.added) / s:.1f} documents/s; "
              f"{len(report.failed)} failed; {linked} reply links")
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
