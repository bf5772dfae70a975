"""GUI fixtures: settings in a temp file, a real archive of generated letters, and the main window over it."""
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import make_pdf

LETTERS = {
    "2019-orw-to-veridian.pdf": ["""Open Rights Watch
12 Fleet Street, London

London, 14 March 2019

Ms. Marta Kessler
Veridian Signals Ltd

Re: Human rights due diligence

Dear Ms. Kessler,

We ask Veridian Signals to commission an independent human rights impact assessment
of its products and to publish it in full.

Sincerely,

Anna Lindqvist
Open Rights Watch
"""],
    "2020-veridian-to-orw.pdf": ["""Veridian Signals Ltd
40 Wharf Street, Bristol

Bristol, 26 April 2020

Anna Lindqvist
Open Rights Watch

Re: Your letter of 14 March 2019

Dear Ms. Lindqvist,

Thank you for your letter. We will publish a human rights impact assessment
of the platform by 31 December 2020.

Yours sincerely,

Marta Kessler
Veridian Signals Ltd
""", """The assessment will be carried out by an independent consultancy.
We will share the impact assessment with the Special Rapporteur as well.
"""],
    "2021-orw-to-veridian.pdf": None,   # the shared LETTER text
}


def write_letters(folder: Path, letter_text: str) -> list[Path]:
    paths = []
    for name, pages in LETTERS.items():
        paths.append(make_pdf(folder / name, pages or [letter_text]))
    return paths


@pytest.fixture(autouse=True)
def private_settings(tmp_path, monkeypatch):
    """Every test gets its own settings file and default archive folder; the user's are never touched."""
    from ui import settings
    settings.use_settings_file(tmp_path / "settings.ini")
    monkeypatch.setenv("PAPERTRAIL_ARCHIVE", str(tmp_path / "data" / "archive"))
    settings.INGEST_OCR.set(False)
    yield
    settings.use_settings_file(None)


@pytest.fixture
def filled_archive(tmp_path, letter_text) -> Path:
    """An archive folder holding three letters, ingested the way the command line does."""
    from app.ingest import ingest
    from archive import Archive
    path = tmp_path / "filled"
    with Archive.open(path) as archive:
        report = ingest(archive, write_letters(tmp_path / "letters", letter_text), ocr=False)
    assert len(report.added) == 3, report.failed
    return path


def open_window(qtbot, archive_path: Path):
    from ui.app import make_app
    from ui.main_window import MainWindow
    make_app()
    window = MainWindow()
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.library_loaded, timeout=20000):
        window.open_archive(archive_path)
    window.show()
    return window


@pytest.fixture
def window(qtbot, filled_archive):
    w = open_window(qtbot, filled_archive)
    yield w
    w.close()


@pytest.fixture
def empty_window(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "empty")
    yield w
    w.close()


@contextmanager
def opened_session(qtbot, archive_path: Path):
    """An ArchiveSession on the archive, opened (its worker thread running), closed afterwards."""
    from ui.app import make_app
    from ui.tasks import ArchiveSession
    make_app()
    session = ArchiveSession(archive_path)
    with qtbot.waitSignal(session.opened, timeout=20000):
        session.start()
    try:
        yield session
    finally:
        session.close()


@contextmanager
def shown_editor(qtbot, session, draft):
    """A draft window on the draft, shown at 1200×800 in the light theme; its checks waited for
    and its edits saved afterwards."""
    from ui.app import theme_colors
    from ui.draft.editor import DraftEditor
    editor = DraftEditor(session, draft)
    editor.set_colors(theme_colors("light"))
    qtbot.addWidget(editor)
    editor.resize(1200, 800)
    editor.show()
    try:
        yield editor
    finally:
        editor.checker.wait()
        editor.flush()
