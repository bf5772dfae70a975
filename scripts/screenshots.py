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


def wait_rendered(app, view) -> None:
    key = view.canvas.render_key(view.current_page())
    wait(app, lambda: key in view.canvas.renderer.cache, 30, "the page image")
    settle(app, 0.5)


def passage_shots(app, window, out: Path) -> None:
    """Tagging on the page, the inspector, the timeline of the demo archive and a contradiction pair."""
    from app import passages
    from archive import Archive
    with Archive.open(window.session.path, create=False, migrate=False) as archive:
        rows = passages.query(archive)
    correction = next(p for p in rows if p["quote"].startswith("Between 2018 and 2019"))
    never_sold = next(p for p in rows if p["quote"].startswith("SignalSight has never been sold"))
    window.show_library()
    window.tagging.reveal(correction["id"])
    wait(app, lambda: window.inspector.current_id() == correction["id"], what="the inspector")
    view = window.tabs.current_view()
    wait_rendered(app, view)
    # Select a sentence the way a reader would, with the floating tag toolbar beside it.
    text = view.page_text(1)
    start = text.index("The distributor acted")
    view.set_selection(1, start, text.index(".", start) + 1)
    settle(app, 0.6)
    window.grab().save(str(out / "10-select-to-tag.png"))
    tagged = []
    window.commands.tagged.connect(tagged.append)
    window.tagging.tag_current("rebuttal")
    wait(app, lambda: tagged and window.inspector.current_id() == tagged[0], what="the new passage")
    wait(app, lambda: {h.kind for h in view.highlights()} == {"commitment", "claim", "rebuttal"},
         what="highlights of all three kinds")
    window.tagging.reveal(correction["id"])
    wait(app, lambda: window.inspector.current_id() == correction["id"], what="the inspector")
    window.work.show_passages()
    settle(app, 0.8)
    window.grab().save(str(out / "11-document-inspector.png"))

    timeline_loaded = []
    window.timeline.loaded.connect(timeline_loaded.append)
    window.work.show_timeline()
    wait(app, lambda: timeline_loaded, what="the timeline")
    window.timeline.select(correction["id"])
    settle(app, 0.8)
    window.grab().save(str(out / "12-timeline.png"))
    window.timeline_dock.grab().save(str(out / "13-timeline-panel.png"))

    # A contradiction pair: the company's 2019 claim and its own 2020 correction, side by side.
    timeline_loaded.clear()
    window.timeline.show_thread(never_sold["threads"][0])
    wait(app, lambda: timeline_loaded, what="the thread's timeline")
    window.tagging.reveal(never_sold["id"])
    wait(app, lambda: window.inspector.current_id() == never_sold["id"], what="the contradicted claim")
    wait_rendered(app, window.tabs.current_view())
    window.timeline.view.select(never_sold["id"])
    settle(app, 0.5)
    # Show the inspector's links: the claim, and the company's own correction that contradicts it.
    window.inspector.stack.currentWidget().ensureWidgetVisible(window.inspector.links_section, 0, 0)
    settle(app, 0.5)
    window.grab().save(str(out / "14-contradiction-pair.png"))


def main(argv: list[str]) -> int:
    import argparse
    parser = argparse.ArgumentParser(description="Render the main views of the window to PNG files "
                                                 "(run under xvfb-run, or with QT_QPA_PLATFORM=offscreen).")
    parser.add_argument("out_dir", type=Path, help="folder for the PNGs (created if needed)")
    parser.add_argument("--size", default="1440x900", metavar="WxH", help="window size (default 1440x900)")
    args = parser.parse_args(argv)
    out = args.out_dir
    width, height = (int(n) for n in args.size.lower().split("x"))
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="papertrail-shots-"))
    os.environ["PAPERTRAIL_ARCHIVE"] = str(work / "archive")   # the demo archive goes next to it
    os.environ.setdefault("PAPERTRAIL_CACHE", str(work / "cache"))   # drawn icons too

    from ui import ingest as ingest_ui
    from ui import settings
    settings.use_settings_file(work / "settings.ini")
    settings.THEME.set(os.environ.get("PAPERTRAIL_THEME", "light"))
    from ui.app import make_app
    from ui.main_window import MainWindow

    app = make_app()
    window = MainWindow(work / "archive")
    window.resize(width, height)
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
    from ui import demo_mode
    demo_mode.ask_where_to_add = lambda *a, **k: "demo"   # these copies are demo letters
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

    passage_shots(app, window, out)
    window.close()
    print(f"screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
