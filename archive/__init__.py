"""An archive folder: SQLite database, stored originals and the derived search index."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Collection, Iterable

from . import db as dbmod
from . import documents
from . import leftovers
from .errors import ArchiveBusy, IndexNotUpdated, PapertrailError
from .store import FileStore

DB_NAME = "papertrail.db"
ENV_VAR = "PAPERTRAIL_ARCHIVE"


def default_archive_dir() -> Path:
    """--archive, else $PAPERTRAIL_ARCHIVE, else the user's data folder."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir
    return Path(user_data_dir("Papertrail", appauthor=False)) / "archive"


class Archive:
    """Open with Archive.open(path); hands out the database, the file store and the index."""

    def __init__(self, path: Path, db, store: FileStore):
        self.path = path
        self.db = db
        self.store = store
        self._index = None

    @property
    def index(self):
        """The search index (Whoosh is imported on first use: listing commands never need it)."""
        if self._index is None:
            from .index import SearchIndex
            self._index = SearchIndex(self.path / "index")
        return self._index

    @classmethod
    def open(cls, path: Path | str | None = None, create: bool = True, migrate: bool = True,
             before_migrate: Callable[["Archive"], object] | None = None, recover: bool = True) -> "Archive":
        """Open (or create) an archive folder and bring its database schema up to date;
        `before_migrate` runs first when an existing database is about to be upgraded (the
        callers pass an automatic backup). `recover` finishes what an interrupted ingest left
        among the original files; commands that only read the database pass False (a look into
        every folder of the file store, 35 ms at 20,000 letters), and the next command that
        writes or the window does it."""
        path = Path(path).expanduser() if path else default_archive_dir()
        if path.exists() and not path.is_dir():
            raise PapertrailError(f"{path} is a file, not an archive folder: choose a folder")
        if not (path / DB_NAME).exists():
            if not create:
                raise PapertrailError(f"no archive at {path}: check the path or create one by adding documents")
            if path.exists() and any(p for p in path.iterdir() if not p.name.startswith(".")):
                raise PapertrailError(
                    f"{path} is a folder with other files in it, not an archive: choose an empty or new folder")
        path.mkdir(parents=True, exist_ok=True)
        db = dbmod.connect(path / DB_NAME)
        archive = cls(path, db, FileStore(path / "files"))
        if migrate:
            if before_migrate is not None and dbmod.schema_version(db) > 0 and dbmod.pending_migrations(db) > 0:
                before_migrate(archive)
            dbmod.migrate(db)
            if recover:
                archive.recover_files()
                archive.clean_leftovers()
        return archive

    def recover_files(self) -> tuple[int, int]:
        """Finish or drop original files left staged by an interrupted ingest or import."""
        if not self.store.has_hidden_files():
            return 0, 0
        known = {r[0] for r in self.db.execute("SELECT id FROM documents")}
        return self.store.recover(known)

    def clean_leftovers(self) -> int:
        """Remove what killed backups (snapshots, half-written zips), restores into this folder
        and index rebuilds left behind; the work of a process still running is left alone."""
        n = leftovers.clean(self.path / "backups", (".*.snapshot-*", ".*.part"))
        n += leftovers.clean(self.path, ("index.new-*", "index.old-*"))
        n += leftovers.clean(self.path / "index", (".papertrail-checked.json.*",))
        n += leftovers.clean(self.path.parent, (f".{self.path.name}.restoring-*",))
        return n

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self.db.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def transaction(self):
        return dbmod.transaction(self.db)

    def resolve_doc(self, prefix: str) -> str:
        return documents.resolve_id(self.db, "documents", prefix, "document")

    # -- index maintenance ---------------------------------------------------
    def index_documents(self, doc_ids: Iterable[str], writer=None, fresh: Collection[str] = ()) -> None:
        """(Re)index the pages and passages of these documents from the database. Documents in
        `fresh` are known not to be in the index (added since the caller read what it holds):
        nothing of theirs is looked for to delete first, a look into every segment, which at
        20,000 letters kept 140 MB of segment readers open for an ingest's whole length."""
        given = list(doc_ids)
        ids = [d for d in given if d]     # a question written directly has no document
        if given and not ids:
            return
        own = writer is None
        try:
            w = writer or self.index.writer()
            try:
                for start in range(0, len(ids), 200):
                    chunk = ids[start:start + 200]
                    for doc in documents.list_documents(self.db, chunk):
                        if doc["id"] not in fresh:
                            w.delete_doc(doc["id"])
                        self._index_pages(w, doc)
                        for hook in _index_hooks:
                            hook(self, w, doc)
            except BaseException:
                if own:
                    w.cancel()
                raise
            if own:
                w.commit()
        except OSError as exc:
            if not own:
                raise
            # The database change before this call is committed; only the derived index lags.
            raise IndexNotUpdated(
                f"the change was saved, but the search index could not be updated ({exc.strerror or exc}): "
                "searches may miss it until `reindex` runs (free some space first if the disk is full)") from exc

    def _index_pages(self, w, doc: dict) -> None:
        senders = [f"p{i}" for i in doc["sender_ids"]]
        recipients = [f"p{i}" for i in doc["recipient_ids"]]
        for page, text in self.db.execute(
                "SELECT page, text FROM pages WHERE doc_id = ? ORDER BY page", [doc["id"]]).fetchall():
            w.add_page(doc_id=doc["id"], page=page, rev=doc["revision"], text=text,
                       language=doc["language"], senders=senders, recipients=recipients,
                       kind=doc["kind"], date_sort=doc["date_sort"])

    def index_problems(self) -> list[str]:
        """Differences between the database and the index (empty when they agree)."""
        if not self.index.exists() and not self.db.execute(
                "SELECT 1 FROM documents LIMIT 1").fetchone():
            return []       # nothing added yet, so nothing to index
        with self.index.reading():      # one searcher for both reads
            broken = self.index.healthy()
            if broken:
                return [f"search index cannot be read ({broken})"]
            problems = []
            if self.index.outdated():
                problems.append("search index is in an older format (searches are slower)")
            expected = {r[0]: r[1] for r in self.db.execute("SELECT id, revision FROM documents")}
            indexed = self.index.keys_and_revs()
        seen_docs: dict[str, int] = {}
        for key, rev in indexed.items():
            if key.startswith("passage:"):
                continue
            doc_id = key.split(":", 1)[0]
            seen_docs[doc_id] = rev
        for doc_id, rev in expected.items():
            if doc_id not in seen_docs:
                problems.append(f"document {doc_id[:12]} is not in the search index")
            elif seen_docs[doc_id] != rev:
                problems.append(f"document {doc_id[:12]} is out of date in the search index")
        for doc_id in seen_docs.keys() - expected.keys():
            problems.append(f"search index has document {doc_id[:12]}, which is not in the database")
        for hook in _check_hooks:
            problems.extend(hook(self, indexed))
        return problems

    def index_agrees(self) -> bool:
        """Whether a full check found the index agreeing with the database, and neither has
        changed since (archive/index_check.py): there is nothing to repair, nor to look for."""
        from . import index_check
        return index_check.agrees(self.index, self.index.state(), self.db)

    def quick_index_repair(self, progress: Callable[[int, int], None] | None = None,
                           stale: bool = False) -> int:
        """On open: rebuild an index that cannot be read, index what a crash left out (documents,
        passages) and drop what the database no longer has; cheap when all is well. With
        `stale`, documents changed since they were indexed are re-indexed too: this reads every
        stored index entry (the app does it in the background, commands leave it to `check`),
        and only when the index or the database changed since such a check last found them
        agreeing (archive/index_check.py), as after a crash between a change and its indexing.
        While they agree nothing is opened at all: the index's files are those that were read.
        Returns the number of documents (re)indexed or removed; 0 when another process holds
        the index."""
        from . import index_check
        try:
            state = self.index.state()
            if index_check.agrees(self.index, state, self.db):
                # Its table of contents says whether it is in an older format (none of its
                # segments is opened): a Papertrail that reads it otherwise rebuilds it.
                return self.rebuild_index(progress) if stale and self.index.outdated() else 0
            digest = index_check.database_digest(self.db) if stale else ""
            with self.index.reading():      # its steps read through one searcher
                if self.index.healthy() or (stale and self.index.outdated()):
                    return self.rebuild_index(progress)
                have = self.index.doc_ids()
                want = {r[0] for r in self.db.execute("SELECT id FROM documents")}
                missing = want - have
                if stale:
                    revisions = dict(self.db.execute("SELECT id, revision FROM documents").fetchall())
                    for key, rev in self.index.keys_and_revs().items():
                        doc_id = key.split(":", 1)[0]
                        if not key.startswith("passage:") and doc_id in revisions and rev != revisions[doc_id]:
                            missing.add(doc_id)
                extra = have - want
                have_passages = self.index.passage_ids()
            want_passages = dict(self.db.execute("SELECT id, doc_id FROM passages WHERE doc_id IS NOT NULL").fetchall())
            todo = missing | {want_passages[p] for p in want_passages.keys() - have_passages}
            gone = have_passages - want_passages.keys()
            if todo or extra or gone:
                with self.index.writer() as w:
                    for doc_id in extra:
                        w.delete_doc(doc_id)
                    for pid in gone:
                        w.delete_key(f"passage:{pid}")
                    self.index_documents(sorted(todo), writer=w)
            elif stale and self.index.state() == state and index_check.database_digest(self.db) == digest:
                # All agreed, and nothing changed while this looked (another process may write).
                index_check.record(self.index, state, digest)
        except ArchiveBusy:
            return 0    # another process is writing the index; it will finish the job
        return len(todo) + len(extra) + len(gone)

    def rebuild_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index every document again from the database into a new index beside the current
        one, then switch to it: a failure (or Cancelled from `progress`) leaves the current
        index as it was. Holds the current index's write lock meanwhile, so another process
        that is adding documents waits for the switch (or this waits for it: ArchiveBusy)."""
        from .index import SearchIndex
        tag = leftovers.owner_tag()
        fresh = SearchIndex(self.path / f"index.new-{tag}")
        lock = self.index.hold_lock()
        try:
            ids = [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY id")]
            try:
                with fresh.writer() as w:
                    for start in range(0, len(ids), 100):
                        self.index_documents(ids[start:start + 100], writer=w)
                        if progress:
                            progress(min(start + 100, len(ids)), len(ids))
            finally:
                fresh.close()
            self.index.close()
            current = self.path / "index"
            retired = self.path / f"index.old-{tag}"
            if current.exists():
                os.replace(current, retired)
            for attempt in range(3):
                try:
                    os.replace(fresh.folder, current)
                    break
                except OSError:
                    # Another process opened the index between the two renames and made an
                    # empty one: set it aside too (what it indexes is caught up on next open).
                    if attempt == 2 or not current.exists():
                        raise
                    os.replace(current, self.path / f"index.old-{tag}-{attempt}")
        except BaseException:
            leftovers.remove(fresh.folder)
            raise
        finally:
            if lock is not None:
                lock.release()
        leftovers.remove(retired)
        for extra in self.path.glob(f"index.old-{tag}-*"):
            leftovers.remove(extra)
        return len(ids)


# Later storage modules (passages) add what they index and check for each document.
_index_hooks: list[Callable] = []
_check_hooks: list[Callable] = []


def register_index_hook(fn: Callable) -> None:
    _index_hooks.append(fn)


def register_check_hook(fn: Callable) -> None:
    _check_hooks.append(fn)


# Storage modules that add tables register their migrations and hooks on import.
from . import passages  # noqa: E402,F401
from . import saved_searches  # noqa: E402,F401
from . import drafts  # noqa: E402,F401
from . import correspondence  # noqa: E402,F401
from . import passage_sources  # noqa: E402,F401
from . import questions  # noqa: E402,F401
from . import conversations  # noqa: E402,F401
from . import listing  # noqa: E402,F401
