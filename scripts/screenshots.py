#!/usr/bin/env python3
"""Render the main views to PNGs: `xvfb-run -a .venv/bin/python scripts/screenshots.py OUT_DIR`."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wait(app, condition, seconds: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


def settle(app, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: screenshots.py OUT_DIR\n")
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="papertrail-shots-"))
    os.environ["PAPERTRAIL_ARCHIVE"] = str(work / "archive")   # the demo archive goes next to it

    from ui import ingest as ingest_ui
    from ui import settings
    settings.use_settings_file(work / "settings.ini")
    settings.THEME.set(os.environ.get("PAPERTRAIL_THEME", "light"))
    from ui.app import make_app
    from ui.main_window import MainWindow

    app = make_app()
    window = MainWindow(work / "archive")
    window.resize(1440, 900)
    window.show()
    loaded = []
    window.library_loaded.connect(loaded.append)
    wait(app, lambda: loaded, what="the empty library")
    settle(app)
    window.grab().save(str(out / "01-welcome.png"))

    window.welcome.demo_button.click()
    wait(app, lambda: window.library.model.rowCount() > 0, 180, "the demo archive")
    settle(app)
    window.library.table.selectRow(1)
    settle(app)
    window.grab().save(str(out / "02-library.png"))

    window.focus_search()
    window.search.field.setText('"impact assessment"')
    wait(app, lambda: window.search.model.hit_count() > 0, what="search results")
    settle(app)
    window.grab().save(str(out / "03-search-results.png"))

    window.search.step_result(+1)
    view = window.tabs.current_view()
    rendered = []
    view.page_rendered.connect(rendered.append)
    wait(app, lambda: rendered, 30, "the page image")
    settle(app, 0.8)
    window.grab().save(str(out / "04-document-hit.png"))

    window.search.field.setText("from:")
    wait(app, lambda: window.search.error_label.isVisible(), what="the query error")
    settle(app)
    window.grab().save(str(out / "05-bad-query.png"))

    inbox = work / "inbox"
    inbox.mkdir()
    (inbox / "scan-damaged.pdf").write_bytes(b"%PDF-1.4 this file was cut off")
    from app.demo import build_demo_pdfs
    copies = build_demo_pdfs(work / "again")[:2]
    ingest_ui.ask_password = lambda *a, **k: None
    finished = []
    window.ingest.ingest_finished.connect(finished.append)
    window.add_paths([*map(str, copies), str(inbox / "scan-damaged.pdf")])
    wait(app, lambda: finished, 120, "the ingest")
    settle(app)
    dialog = window.ingest.summary_dialog
    dialog.grab().save(str(out / "06-ingest-summary.png"))
    dialog.close()

    window.set_theme("dark")
    window.show_library()
    settle(app, 0.6)
    window.grab().save(str(out / "07-library-dark.png"))

    doc_id = window.library.model.docs[0]["id"]
    window.set_theme("light")
    dialog = window.edit_details(doc_id)
    settle(app)
    dialog.grab().save(str(out / "08-details-dialog.png"))
    dialog.close()

    window.show_shortcuts()
    settle(app)
    window.shortcuts_dialog.grab().save(str(out / "09-shortcuts.png"))
    window.shortcuts_dialog.close()
    window.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
