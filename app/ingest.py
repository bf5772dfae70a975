"""Ingest files and folders: dedupe by content, extract in workers, store, index in batches."""
from __future__ import annotations

import json
import os
import pickle
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from archive import Archive
from archive.extractor import ExtractorPool, Job
from archive.formats import SUFFIXES
from archive.store import sha256_bytes

from .ingest_formats import MailboxError, attached_documents, save_rendered, split_mailbox
from .progress import Cancel, ProgressFn, Throttled

DB_BATCH = 100         # documents per SQLite transaction (each commit waits for the disk)
DB_BATCH_SECONDS = 1.0  # ...or fewer: letters are counted as done once committed
INDEX_BATCH = 1000     # documents per Whoosh commit (a crash before it is repaired on open)
# The last stretch of an ingest: once the files the readers still hold number at most TAIL_FILES,
# or TAIL_SHARE of the letters indexed since the last commit (reading them takes about as long
# as writing those letters' index segment: 14 ms of two readers against 1.7 ms a letter).
TAIL_FILES = 4
TAIL_SHARE = 0.12
MAX_FILE_BYTES = 1024 ** 3


@dataclass
class IngestReport:
    added: list[dict] = field(default_factory=list)
    # While an ingest runs, the summaries of the letters added wait here pickled and compressed,
    # a batch in each: a summary is 1.3 to 1.9 KB as a dict, about 430 bytes pickled and 125
    # compressed with its batch (measured on real letters), so at 20,000 letters 2.5 MB wait
    # beside the readers instead of 30. ingest() moves them to `added` before it returns.
    _added_pickled: list[bytes] = field(default_factory=list, repr=False, compare=False)
    duplicates: list[dict] = field(default_factory=list)
    failed: list[dict] = field(default_factory=list)
    restored: list[dict] = field(default_factory=list)   # duplicates whose missing original was put back
    cancelled: bool = False
    seconds: float = 0.0

    def to_dict(self) -> dict:
        shape = {"added": self.added, "duplicates": self.duplicates, "failed": self.failed}
        if self.restored:       # only when an original was put back: the usual shape stays as it was
            shape["restored"] = self.restored
        return shape


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[dict]]:
    """Files named directly, and PDF, e-mail and Word files found in folders (recursively), in a stable order."""
    files: list[Path] = []
    missing: list[dict] = []
    for raw in paths:
        p = Path(raw).expanduser()
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in SUFFIXES
                           and not any(part.startswith(".") for part in q.relative_to(p).parts))
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            missing.append({"file": str(raw), "error": "not found: no such file or folder"})
    return files, missing


def ingest(archive: Archive, paths: Iterable[str | Path], *, progress: ProgressFn | None = None,
           cancel: Cancel | None = None, passwords: dict[str, str] | None = None,
           password: str | None = None, ocr: bool = True, workers: int = 1,
           timeout: float | None = None, repair_index: bool = False,
           pool: ExtractorPool | None = None) -> IngestReport:
    """Add files to the archive; each file is added, reported as duplicate, or failed with a reason.

    timeout: seconds allowed for reading one file (more with OCR); default the pool's.
    repair_index: first bring the search index up to date (Archive.quick_index_repair), while the
    extraction workers start up.
    pool: readers started by the caller (see start_readers), which stay the caller's to close;
    by default readers are started here with `workers`, `ocr` and `timeout`."""
    started = time.perf_counter()
    report = IngestReport()
    files, missing = collect_files(paths)
    report.failed.extend(missing)
    total = len(files)
    tick = Throttled(progress)
    tick(0, total, "")
    known = {r[0] for r in archive.db.execute("SELECT id FROM documents")}
    stored = set(known)
    passwords = passwords or {}
    done = 0

    def jobs() -> Iterator[Job]:
        nonlocal done, total
        for path in files:
            if cancel is not None and cancel.is_set():
                return
            data = _read(path, report)
            if data is None:
                done += 1
                tick(done, total, str(path))
                continue
            try:
                parts = split_mailbox(path, data)
            except MailboxError as exc:
                report.failed.append({"file": shown_path(path), "error": str(exc)})
                parts = []
            total += len(parts) - 1
            if not parts:
                done += 1
                tick(done, total, str(path))
            for path, data in parts:
                digest = sha256_bytes(data)
                if digest in stored and not archive.store.verify(digest):
                    # check's advice for a missing or damaged original: re-adding the file puts it back.
                    archive.store.restore(digest, data)
                    report.restored.append({"id": digest, "file": shown_path(path)})
                    done += 1
                    tick(done, total, str(path))
                    continue
                if digest in known:
                    report.duplicates.append({"id": digest, "file": shown_path(path)})
                    done += 1
                    tick(done, total, str(path))
                    continue
                known.add(digest)
                pw = passwords.get(str(path), password)
                yield Job((digest, path), data, path.name, pw)

    pending_db: list[tuple[str, Path, bytes, dict]] = []
    unflushed = 0
    tail = False        # the segment of the letters before the last stretch is written
    writer = None
    batch_started = 0.0
    # Originals are written (and synced to disk) on a thread of their own as their results
    # arrive, so that waiting for the disk overlaps with indexing the batch before.
    with (nullcontext(pool) if pool is not None else start_readers(workers, ocr, timeout)) as pool, \
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="stage") as stager:
        if repair_index:
            archive.quick_index_repair()
        # Letters new to the database are not in the index either once the repair has dropped
        # what the database no longer has; without it, the index says what it holds.
        indexed = set() if repair_index else archive.index.doc_ids()
        # While the readers read the first file: what storing it will need, loaded (the
        # letter's metadata arrives as archive.letter objects).
        archive.db.load_helpers()
        from archive.letter import meta  # noqa: F401
        try:
            for job, result in pool.run(jobs(), cancel):
                digest, path = job.key
                if not result.get("ok"):
                    done += 1
                    tick(done, total, str(path))
                    known.discard(digest)
                    report.failed.append({"file": shown_path(path), "error": result.get("error", "failed")})
                    continue
                if not pending_db:
                    batch_started = time.monotonic()
                staged = stager.submit(archive.store.stage, digest, job.data)
                pending_db.append((digest, path, job.data, result, staged))
                for child in attached_documents(result, digest, path, known):
                    pending_db.append((*child, stager.submit(archive.store.stage, child[0], child[2])))
                # Near the end, what the readers have left takes less time than writing the
                # index segment of everything indexed so far: that segment is written now,
                # while they finish, and each letter from then on is stored as it comes, so
                # that little is left to do once the last one is read.
                left = pool.remaining()
                ending = left is not None and left <= max(TAIL_FILES, TAIL_SHARE * unflushed)
                # The first letter is committed at once, so that the count starts moving.
                if (len(pending_db) >= DB_BATCH or time.monotonic() - batch_started > DB_BATCH_SECONDS
                        or not (report._added_pickled or report.duplicates) or ending):
                    # Index each batch as soon as it is committed, so the extraction workers
                    # (fed a few files ahead) never wait for one long indexing stretch.
                    ids = _commit_batch(archive, pending_db, report)
                    # A letter is counted once it is committed: a crash loses none that was counted.
                    done += len(pending_db)
                    tick(done, total, str(path))
                    pending_db = []
                    writer = _index(archive, ids, writer, commit=False, indexed=indexed)
                    unflushed += len(ids)
                    if unflushed >= INDEX_BATCH or (ending and not tail and unflushed > TAIL_FILES and left):
                        writer = _index(archive, [], writer, commit=True)
                        unflushed = 0
                        tail = tail or ending
            if pending_db:
                writer = _index(archive, _commit_batch(archive, pending_db, report), writer, commit=False,
                                indexed=indexed)
                done += len(pending_db)
                tick(done, total, str(pending_db[-1][1]))
            if writer is not None:
                _index(archive, [], writer, commit=True)
                writer = None
        except BaseException:
            if writer is not None:
                writer.cancel()
            raise
    for batch in report._added_pickled:
        report.added.extend(pickle.loads(zlib.decompress(batch)))
    report._added_pickled.clear()
    report.cancelled = bool(cancel is not None and cancel.is_set() and done < total)
    report.seconds = time.perf_counter() - started
    return report


def start_readers(workers: int = 1, ocr: bool = True, timeout: float | None = None) -> ExtractorPool:
    """The reader processes ingest hands files to. A caller with other work to do first (opening
    the archive) starts them before it and passes them to ingest(pool=...): they are copies of
    the calling process where that is safe (see ExtractorPool's fork), and otherwise take about
    half a second to start (each imports PyMuPDF)."""
    args = {"timeout": timeout} if timeout is not None else {}
    # The metadata is read in the readers; the page lines it is read from are not needed here.
    return ExtractorPool(workers=workers, ocr=ocr, layout=False, fork=True, **args)


def _read(path: Path, report: IngestReport) -> bytes | None:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            report.failed.append({"file": shown_path(path), "error": f"too large: {size // 1024 ** 2} MB (limit 1024 MB)"})
            return None
        return path.read_bytes()
    except PermissionError:
        report.failed.append({"file": shown_path(path), "error": "cannot read: permission denied"})
    except OSError as exc:
        report.failed.append({"file": shown_path(path), "error": f"cannot read: {exc.strerror or exc}"})
    return None


def shown_path(path: Path | str) -> str:
    """A path as text that JSON, SQLite and terminals accept: names that are not valid UTF-8
    (Python keeps their bytes as lone surrogates) get U+FFFD for the bad bytes."""
    return os.fsencode(str(path)).decode("utf-8", "replace")


def _index(archive: Archive, doc_ids: list[str], writer, commit: bool, indexed: set[str] = frozenset()):
    writer = writer or archive.index.writer()
    archive.index_documents(doc_ids, writer=writer, fresh={d for d in doc_ids if d not in indexed})
    if commit:
        writer.commit()
        return None
    return writer


def _commit_batch(archive: Archive, batch: list, report: IngestReport) -> list[str]:
    """Wait for the originals to be staged, insert rows in one transaction, then publish the
    originals; returns the ids to index. A crash at any point leaves either the whole batch or
    none of it."""
    from archive.correspondence import prepare_rows, store_extras
    from archive.documents import insert_documents
    rows, added = [], []
    for digest, path, data, result, staged in batch:
        staged.result()            # re-raises a failed write (a full disk) here, before any row
        row, summary = _document_row(digest, path, len(data), result)
        rows.append(row)
        added.append(summary)
    results = [b[3] for b in batch]
    with archive.transaction():
        prepare_rows(archive.db, rows, added, results)
        # Another process may have added some of these files since we looked.
        marks = ",".join("?" * len(rows))
        present = {r[0] for r in archive.db.execute(
            f"SELECT id FROM documents WHERE id IN ({marks})", [r["id"] for r in rows]).fetchall()}
        insert_documents(archive.db, [r for r in rows if r["id"] not in present])
        store_extras(archive.db, [(r["id"], res) for r, res in zip(rows, results) if r["id"] not in present])
    for row in rows:
        archive.store.commit_staged(row["id"])
    save_rendered(archive, rows, results)
    new = []
    for summary in added:
        if summary["id"] in present:
            report.duplicates.append({"id": summary["id"], "file": summary["file"]})
        else:
            new.append(summary)
    if new:
        report._added_pickled.append(zlib.compress(pickle.dumps(new, pickle.HIGHEST_PROTOCOL), 1))
    return [r["id"] for r in rows if r["id"] not in present]


def _document_row(digest: str, path: Path, size: int, result: dict) -> tuple[dict, dict]:
    meta = result["meta"]
    pages = result["pages"]
    ocr_pages = [p["number"] for p in pages if p["source"] == "ocr"]
    needs_ocr = [p["number"] for p in pages if p["source"] == "none" and p["problem"] in ("needs OCR", "garbage text layer")]
    no_text = all(p["source"] == "none" for p in pages)
    # A blank page is only worth mentioning when the whole document has no text.
    problems = sorted({p["problem"] for p in pages if p["problem"] and (no_text or p["problem"] != "blank page")})
    date = meta.date
    row = {
        "id": digest, "file_name": shown_path(path.name), "size": size,
        "title": meta.title or shown_path(path.stem), "title_conf": meta.title_conf,
        "date": date.iso() if date else None, "date_sort": date.sort_key() if date else 0,
        "date_conf": meta.date_conf if date else 0.0,
        "senders_conf": meta.senders_conf, "recipients_conf": meta.recipients_conf,
        "kind": meta.kind, "kind_conf": meta.kind_conf, "language": result["language"],
        "pages": len(pages), "ocr_pages": json.dumps(ocr_pages), "needs_ocr_pages": json.dumps(needs_ocr),
        "no_text": int(no_text), "text_problem": "; ".join(problems) if no_text or problems else "",
        "pdf_meta": json.dumps(result["pdf_meta"], ensure_ascii=False),
        "senders": meta.senders, "recipients": meta.recipients,
        "page_rows": [{"doc_id": digest, "page": p["number"], "text": p["text"], "words": p["words"],
                       "width": p["width"], "height": p["height"], "rotation": p["rotation"],
                       "source": p["source"], "problem": p["problem"]} for p in pages],
    }
    summary = {
        "id": digest, "file": shown_path(path), "title": row["title"], "date": row["date"],
        "senders": meta.senders, "recipients": meta.recipients, "kind": meta.kind,
        "pages": len(pages), "ocr_pages": ocr_pages, "needs_ocr_pages": needs_ocr,
    }
    if no_text or problems:
        summary["text_problem"] = row["text_problem"]
    return row, summary


def worker_count() -> int:
    """Extraction workers: at least two, so that reading files (MuPDF) and indexing (Whoosh, in
    this process) keep every core busy; measured on 2 cores, 2 workers ingest ~20% faster than 1."""
    return max(2, min(4, (os.cpu_count() or 2) - 1))
