"""Shared fixtures: a fresh archive in a temp folder and real PDFs made with PyMuPDF."""
import html
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")
if "PAPERTRAIL_CACHE" not in os.environ:   # drawn icons go to a temp folder, not the user's cache
    import atexit
    import shutil
    import tempfile
    os.environ["PAPERTRAIL_CACHE"] = tempfile.mkdtemp(prefix="papertrail-test-cache-")
    atexit.register(shutil.rmtree, os.environ["PAPERTRAIL_CACHE"], True)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pymupdf  # noqa: E402
import pytest  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def make_pdf(path: Path, pages: list[str], fontsize: float = 11, metadata: dict | None = None) -> Path:
    """A real text PDF with one string per page (newlines kept)."""
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=595, height=842)
        spare, scale = page.insert_htmlbox(
            pymupdf.Rect(60, 60, 535, 800),
            f'<div style="white-space:pre-wrap;font-family:sans-serif;font-size:{fontsize}pt">'
            f"{html.escape(text)}</div>", scale_low=1)
        assert spare >= 0 and scale == 1, "test text does not fit on the page"
    if metadata:
        doc.set_metadata(metadata)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    return path


def database_at(folder: Path, version: int):
    """A new archive database in `folder` as an older Papertrail left it: only the first
    `version` migrations applied. The caller fills it and closes it."""
    from archive import DB_NAME
    from archive import db as dbmod
    folder.mkdir()
    db = dbmod.connect(folder / DB_NAME)
    for number, migration in enumerate(dbmod.MIGRATIONS[:version], start=1):
        migration(db)
        db.execute(f"PRAGMA user_version={number}")
    return db


def old_archive(folder: Path, backup_stamps: tuple[str, ...] = ()) -> Path:
    """An archive as an older Papertrail left it (only the first two migrations applied),
    with an automatic backup for each stamp ("20000101") in its backups/ folder."""
    database_at(folder, 2).conn.close()
    if backup_stamps:
        (folder / "backups").mkdir()
        for stamp in backup_stamps:
            (folder / "backups" / f"auto-{stamp}-000000-000000-manual.zip").write_bytes(b"")
    return folder


def cancel_at(n: int):
    """A Cancel and a progress callback that sets it once the nth file is done."""
    from app.progress import Cancel
    cancel = Cancel()

    def progress(done, _total, _name):
        if done >= n:
            cancel.set()
    return cancel, progress


LETTER = """Open Rights Watch
12 Fleet Street, London

London, 27 April 2021

Ms. Marta Kessler
Chief Executive Officer
Veridian Signals Ltd

Re: Publication of the human rights impact assessment

Dear Ms. Kessler,

In your letter of 3 December 2019 you undertook to publish a human rights
impact assessment of your products before the end of 2020. We note that
no such assessment has been published.

We ask that you confirm the date of publication and describe the independent
oversight you have put in place.

Sincerely,

Anna Lindqvist
Director, Open Rights Watch
"""


@pytest.fixture
def letter_text():
    return LETTER


@pytest.fixture
def pdf_factory(tmp_path):
    def factory(name: str, pages: list[str], **kw) -> Path:
        return make_pdf(tmp_path / "in" / name, pages, **kw)
    return factory


@pytest.fixture
def archive(tmp_path):
    from archive import Archive
    a = Archive.open(tmp_path / "archive")
    yield a
    a.close()


# For scripts run in a child process: its own peak memory in MB. (On Linux ru_maxrss survives
# exec, so a child started by a large pytest process would report the parent's peak.)
PEAK_MB = """
def peak_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""


def requires_corpus():
    return pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not present")
