"""The mark a full index check leaves (archive/index_check.py): opening skips reading every stored
index entry only while neither the index nor the database changed since the check found them
agreeing; an entry left stale by a crash or written out of band is still found and repaired."""
import pytest

from app.ingest import ingest
from app.search import search
from archive import Archive, index_check
from archive.index import SearchIndex
from tests.conftest import make_pdf


@pytest.fixture
def checked(tmp_path):
    """Two letters, opened once by the app (whose repair checks everything and leaves the mark)."""
    archive = Archive.open(tmp_path / "archive")
    ingest(archive, [make_pdf(tmp_path / "a.pdf", ["A letter about oversight of exports."]),
                     make_pdf(tmp_path / "b.pdf", ["A memo on the impact assessment."])], ocr=False)
    assert archive.quick_index_repair(stale=True) == 0
    assert (archive.index.folder / index_check.MARK_NAME).exists()
    yield archive
    archive.close()


def _reads_entries(archive, monkeypatch) -> list[int]:
    """Count the full reads of the stored index entries from now on."""
    reads = []
    real = SearchIndex.keys_and_revs
    monkeypatch.setattr(SearchIndex, "keys_and_revs", lambda self: reads.append(1) or real(self))
    return reads


def _doc(archive, text: str) -> str:
    return archive.db.execute(
        "SELECT doc_id FROM pages WHERE text LIKE ?", [f"%{text}%"]).fetchone()[0]


def test_an_unchanged_archive_is_not_read_through_again(checked, monkeypatch):
    reads = _reads_entries(checked, monkeypatch)
    opened = []
    real_healthy = SearchIndex.healthy
    monkeypatch.setattr(SearchIndex, "healthy", lambda self: opened.append(1) or real_healthy(self))
    assert checked.index_agrees()
    assert checked.quick_index_repair(stale=True) == 0
    assert checked.quick_index_repair() == 0
    assert reads == [] and opened == []             # not even opened: its files are those checked
    with Archive.open(checked.path) as again:       # another process opening it, as the window does
        assert again.quick_index_repair(stale=True) == 0
    assert reads == []


def test_a_change_the_index_missed_before_a_crash_is_found(checked, monkeypatch):
    doc_id = _doc(checked, "oversight")
    # As after a crash between a metadata edit and its re-indexing: the database moved on alone.
    checked.db.execute("UPDATE documents SET kind = 'memo', revision = revision + 1 WHERE id = ?", [doc_id])
    assert search(checked, "oversight kind:memo").total == 0
    assert checked.index_problems() == [f"document {doc_id[:12]} is out of date in the search index"]
    reads = _reads_entries(checked, monkeypatch)
    assert checked.quick_index_repair(stale=True) == 1
    assert reads == [1]
    assert search(checked, "oversight kind:memo").total == 1
    assert checked.index_problems() == []


def test_an_entry_written_out_of_band_with_an_old_revision_is_found(checked, monkeypatch):
    doc_id = _doc(checked, "impact")
    rev = checked.db.execute("SELECT revision FROM documents WHERE id = ?", [doc_id]).fetchone()[0]
    # Another program re-indexes the letter from an older copy of the database: the database
    # does not change, the index does.
    with checked.index.writer() as w:
        w.delete_doc(doc_id)
        w.add_page(doc_id=doc_id, page=1, rev=rev - 1, text="An older text of the memo.", language="en",
                   senders=[], recipients=[], kind="letter", date_sort=0)
    assert checked.index_problems() == [f"document {doc_id[:12]} is out of date in the search index"]
    reads = _reads_entries(checked, monkeypatch)
    assert checked.quick_index_repair(stale=True) == 1
    assert reads == [1]
    assert search(checked, '"impact assessment"').total == 1
    assert checked.index_problems() == []


def test_a_document_missing_from_the_index_is_found_by_the_cheap_check_too(checked):
    doc_id = _doc(checked, "oversight")
    with checked.index.writer() as w:
        w.delete_doc(doc_id)
    assert checked.quick_index_repair() == 1
    assert search(checked, "oversight").total == 1


def test_the_mark_is_left_only_once_everything_agrees(checked, monkeypatch):
    doc_id = _doc(checked, "oversight")
    checked.db.execute("UPDATE documents SET revision = revision + 1 WHERE id = ?", [doc_id])
    assert checked.quick_index_repair(stale=True) == 1      # repaired, not yet seen to agree
    reads = _reads_entries(checked, monkeypatch)
    assert checked.quick_index_repair(stale=True) == 0      # checks again, finds agreement, marks
    assert checked.quick_index_repair(stale=True) == 0      # and now trusts the mark
    assert reads == [1]


def test_a_change_made_while_the_check_reads_leaves_no_mark(checked, monkeypatch):
    doc_id = _doc(checked, "oversight")
    (checked.index.folder / index_check.MARK_NAME).unlink()
    real = SearchIndex.keys_and_revs

    def reading_while_another_process_writes(self):
        entries = real(self)
        checked.db.execute("UPDATE documents SET revision = revision + 1 WHERE id = ?", [doc_id])
        return entries
    monkeypatch.setattr(SearchIndex, "keys_and_revs", reading_while_another_process_writes)
    assert checked.quick_index_repair(stale=True) == 0      # it read the index before the change
    monkeypatch.undo()
    assert not (checked.index.folder / index_check.MARK_NAME).exists()
    assert checked.quick_index_repair(stale=True) == 1      # so the next opening still finds it
    assert checked.index_problems() == []


def test_a_rebuilt_or_unreadable_index_is_checked_in_full(checked, monkeypatch):
    checked.rebuild_index()
    assert not (checked.index.folder / index_check.MARK_NAME).exists()
    reads = _reads_entries(checked, monkeypatch)
    assert checked.quick_index_repair(stale=True) == 0
    assert reads == [1]
    (checked.index.folder / index_check.MARK_NAME).write_text("{not json", encoding="utf-8")
    assert checked.quick_index_repair(stale=True) == 0
    assert reads == [1, 1]


def test_a_passage_whose_indexing_a_crash_cut_short_is_found(checked):
    from app.passages import tag
    doc_id = _doc(checked, "oversight")
    passage = tag(checked, doc_id, "oversight of exports", kind="claim")
    with checked.index.writer() as w:      # as if the process died before the index took it
        w.delete_key(f"passage:{passage['id']}")
    assert checked.index_problems() == [f"passage {passage['id'][:8]} is not in the search index"]
    assert checked.quick_index_repair(stale=True) == 1
    assert checked.index_problems() == []


def test_digest_follows_documents_and_passages(checked):
    from app.passages import tag
    before = index_check.database_digest(checked.db)
    assert index_check.database_digest(checked.db) == before
    doc_id = _doc(checked, "oversight")
    tag(checked, doc_id, "oversight", kind="claim")
    with_passage = index_check.database_digest(checked.db)
    assert with_passage != before
    checked.db.execute("UPDATE documents SET revision = revision + 1 WHERE id = ?", [doc_id])
    assert index_check.database_digest(checked.db) not in (before, with_passage)


def test_an_index_file_cut_short_after_the_check_is_rebuilt(checked):
    segment = max((p for p in checked.index.folder.iterdir() if p.suffix == ".seg"), key=lambda p: p.stat().st_size)
    checked.close()
    with open(segment, "r+b") as f:
        f.truncate(segment.stat().st_size // 2)
    with Archive.open(checked.path) as again:
        assert not again.index_agrees()
        assert again.quick_index_repair(stale=True) == 2      # unreadable: rebuilt from the database
        assert search(again, "oversight").total == 1 and again.index_problems() == []


def test_the_database_digest_is_worked_out_only_for_an_index_as_it_was_checked(checked, monkeypatch):
    from archive import documents
    digests = []
    real = index_check.database_digest
    monkeypatch.setattr(index_check, "database_digest", lambda db: digests.append(1) or real(db))
    assert checked.quick_index_repair() == 0
    assert digests == [1]                               # the index is as checked: is the database?
    doc_id = _doc(checked, "oversight")
    documents.update_metadata(checked.db, doc_id, kind="memo")
    checked.index_documents([doc_id])                   # a command's change, indexed as it is made
    digests.clear()
    assert checked.quick_index_repair() == 0            # the cheap check, as before any mark
    assert digests == []
    assert search(checked, "oversight kind:memo").total == 1


def test_a_mark_left_by_a_papertrail_writing_an_older_format_is_not_trusted(checked, monkeypatch):
    from archive import _writing
    assert checked.index_agrees()
    monkeypatch.setattr(_writing, "BLOCK_FORMAT", _writing.BLOCK_FORMAT + 1)     # this one writes a newer one
    assert not checked.index_agrees()
    assert checked.quick_index_repair(stale=True) == 2          # outdated: rebuilt in the new format


def test_an_index_marked_by_an_earlier_papertrail_in_an_older_format_is_rebuilt(checked, monkeypatch):
    from archive import index as ix
    from tests.archive.test_search_engine import _plain_schema
    with monkeypatch.context() as m:
        m.setattr(ix, "_schema", _plain_schema)
        checked.rebuild_index()
    assert checked.index.outdated()
    # As an earlier Papertrail, for which this format was the current one, left it.
    index_check.record(checked.index, checked.index.state(), index_check.database_digest(checked.db))
    assert checked.index_agrees()
    assert checked.quick_index_repair() == 0                    # commands leave the format to check
    assert checked.quick_index_repair(stale=True) == 2          # the app rebuilds it
    assert not checked.index.outdated() and checked.index_problems() == []


def _segment_opens(monkeypatch) -> list[int]:
    """Count the index segments opened from now on (by any reader of the index)."""
    from whoosh.reading import SegmentReader
    opened = []
    real = SegmentReader.__init__

    def counting(self, *args, **kwargs):
        opened.append(1)
        real(self, *args, **kwargs)
    monkeypatch.setattr(SegmentReader, "__init__", counting)
    return opened


def test_a_full_check_opens_the_index_once_for_all_its_steps(checked, tmp_path, monkeypatch):
    ingest(checked, [make_pdf(tmp_path / "c.pdf", ["A third letter, in a segment of its own."])], ocr=False)
    segments = len(checked.index.open()._segments())
    assert segments >= 2
    opened = _segment_opens(monkeypatch)
    # Whether it opens, which documents and passages it holds, every entry's revision.
    assert checked.quick_index_repair(stale=True) == 0
    assert len(opened) == segments
    opened.clear()
    assert checked.index_problems() == []
    assert len(opened) == segments


def test_the_steps_of_a_check_read_the_index_as_it_is_when_it_changes_between_them(checked, tmp_path):
    with checked.index.reading():
        before = checked.index.doc_ids()
        with Archive.open(checked.path) as other:       # another process adds a letter meanwhile
            ingest(other, [make_pdf(tmp_path / "c.pdf", ["A third letter."])], ocr=False)
            added = other.db.execute("SELECT id FROM documents").fetchall()
        after = checked.index.doc_ids()
    assert len(before) == 2 and after == {r[0] for r in added}
