"""Archive-core subcommands: ingest, docs, show, edit, search, check, reindex, parties."""
from __future__ import annotations

import re
import sys

from . import (USAGE_HINTS, backup_before_upgrade, emit_json, json_flag, open_archive, out, out_lines,
                  progress_bar, subcommand, terminal_safe)


def _ingest_setup(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="PDF, e-mail (.eml, .msg, .mbox) and Word (.docx) files, and folders (searched recursively)")
    p.add_argument("--password", help="password for encrypted PDFs (used for this run only, never stored)")
    p.add_argument("--no-ocr", action="store_true", help="do not OCR scanned pages (mark them as needing OCR)")
    json_flag(p)


@subcommand("ingest", "add letters, memos and e-mails (PDF, .eml, .msg, .mbox, .docx; files or folders) to the archive",
            _ingest_setup)
def cmd_ingest(args) -> int:
    from ..ingest import ingest, start_readers, worker_count
    from ..progress import Cancel
    # The readers start first, and the archive is opened and its index repaired while they
    # start, which takes them a moment.
    cancel = Cancel()
    try:
        with start_readers(worker_count(), ocr=not args.no_ocr) as readers:
            archive = open_archive(args, create=True, repair=False)
            report = ingest(archive, args.paths, progress=progress_bar("Adding"), cancel=cancel,
                            password=args.password, repair_index=True, pool=readers)
    except KeyboardInterrupt:
        cancel.set()
        raise
    if args.json:
        emit_json(report.to_dict())
    else:
        for a in report.added:
            extra = ""
            if a["ocr_pages"]:
                extra += f"  [OCR: pages {_pages(a['ocr_pages'])}]"
            if a["needs_ocr_pages"]:
                extra += f"  [needs OCR: pages {_pages(a['needs_ocr_pages'])} — install tesseract-ocr and re-add]"
            if a.get("text_problem") and not a["needs_ocr_pages"]:
                extra += f"  [{a['text_problem']}]"
            if a.get("attached_to"):
                extra += f"  [attached to {a['attached_to'][:12]}]"
            out(f"added      {a['id'][:12]}  {a['date'] or '(no date)':<10}  {a['title']}{extra}")
        for d in report.duplicates:
            out(f"duplicate  {d['id'][:12]}  {d['file']} (already in the archive)")
        for d in report.restored:
            out(f"restored   {d['id'][:12]}  {d['file']} (the archive's copy of this original was missing or "
                "damaged; it has been put back)")
        for f in report.failed:
            out(f"failed     {f['file']}: {f['error']}")
        out(f"{len(report.added)} added, {len(report.duplicates)} duplicate(s), {len(report.failed)} failed"
            + (f", {len(report.restored)} original(s) restored" if report.restored else "")
            + f" in {report.seconds:.1f} s")
    return 1 if report.failed else 0


def _pages(nums: list[int]) -> str:
    return ", ".join(map(str, nums[:10])) + ("…" if len(nums) > 10 else "")


@subcommand("docs", "list the documents in the archive", json_flag)
def cmd_docs(args) -> int:
    from ..library import public_docs
    archive = open_archive(args, repair=False)
    docs = public_docs(archive)
    if args.json:
        emit_json(docs)
        return 0
    if not docs:
        out("The archive is empty. Add letters with: main.py ingest FOLDER")
        return 0
    out_lines(_doc_line(d) for d in docs)
    return 0


def _doc_line(d: dict) -> str:
    who = ", ".join(d["senders"][:2]) or "?"
    to = ", ".join(d["recipients"][:2]) or "?"
    flag = " (unsure: " + ", ".join(d["unsure"]) + ")" if d["unsure"] else ""
    return (f"{d['id'][:12]}  {d['date'] or '----------':<10}  {d['kind']:<9} {d['pages']:>3}p  "
            f"{d['title'][:60]}  [{who} → {to}]{flag}")


def _show_setup(p) -> None:
    p.add_argument("doc", metavar="DOC", help="document id (or a unique prefix of at least 6 characters)")
    p.add_argument("--page", type=int, help="show only this page")
    json_flag(p)


@subcommand("show", "show a document's metadata and text", _show_setup)
def cmd_show(args) -> int:
    from ..library import show_doc
    archive = open_archive(args, create=False, repair=False)
    d = show_doc(archive, args.doc, args.page)
    if args.json:
        emit_json(d)
        return 0
    out(f"{d['title']}\n")
    out(f"  id          {d['id']}")
    out(f"  date        {d['date'] or '(unknown)'}")
    out(f"  from        {'; '.join(d['senders']) or '(unknown)'}")
    out(f"  to          {'; '.join(d['recipients']) or '(unknown)'}")
    out(f"  kind        {d['kind']}    language {d['language']}    pages {d['pages']}")
    out(f"  file        {d['file_name']}")
    from .conversations import show_lines
    for line in show_lines(d):
        out(line)
    if d["unsure"]:
        out(f"  unsure      {', '.join(d['unsure'])} — correct with: main.py edit {d['id'][:8]} …")
    for page in d["text"]:
        note = f" ({page['source']})" if page["source"] != "text" else ""
        if page.get("problem"):
            note += f" [{page['problem']}]"
        out(f"\n--- page {page['page']}{note} ---\n{page['text']}")
    return 0


def _edit_setup(p) -> None:
    p.add_argument("doc", metavar="DOC", help="document id or unique prefix")
    p.add_argument("--title", help="new title")
    p.add_argument("--date", help='letter date: YYYY, YYYY-MM, YYYY-MM-DD or e.g. "27 April 2021"; "none" clears it')
    p.add_argument("--sender", action="append", metavar="S", help="sender (repeat for several; replaces all)")
    p.add_argument("--recipient", action="append", metavar="R", help="recipient (repeat; replaces all)")
    p.add_argument("--kind", help="letter, memo, report, statement or email")
    p.add_argument("--confirm", action="store_true", help="mark the metadata as checked by a person")
    json_flag(p)


@subcommand("edit", "correct a document's metadata (search reflects it at once)", _edit_setup)
def cmd_edit(args) -> int:
    from archive.errors import IndexNotUpdated

    from ..library import edit_doc, get_doc, public_doc
    archive = open_archive(args, create=False)
    try:
        d = edit_doc(archive, args.doc, title=args.title, date=args.date, senders=args.sender,
                     recipients=args.recipient, kind=args.kind, confirm=args.confirm)
    except IndexNotUpdated as exc:
        sys.stderr.write(f"warning: {exc}\n")     # the edit itself is saved
        d = get_doc(archive, archive.resolve_doc(args.doc))
    if args.json:
        emit_json(public_doc(d))
    else:
        out(f"updated {d['id'][:12]}: {d['title']} ({d['date'] or 'no date'}), "
            f"{'; '.join(d['senders']) or '?'} → {'; '.join(d['recipients']) or '?'}, {d['kind']}")
    return 0


def _search_setup(p) -> None:
    p.add_argument("query", metavar="QUERY", help='e.g. \'"impact assessment" from:NSO date:[2019 to 2020-06]\'')
    p.add_argument("--limit", type=int, default=20, help="number of hits (default 20; 0 for all)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    json_flag(p)


USAGE_HINTS["search"] = ('put the whole query in quotes, as in: main.py search "assessment -draft"; a query '
                         'that starts with "-" goes after --, as in: main.py search -- -draft')


@subcommand("search", "full-text search (phrases, AND/OR/NOT, word*, word~, from: to: kind: date:)",
            _search_setup)
def cmd_search(args) -> int:
    from ..search import search
    archive = open_archive(args)
    res = search(archive, args.query, limit=args.limit, sort=args.sort)
    if args.json:
        emit_json(res.to_dict())
        return 0
    out(f"{res.total} hit(s) for {args.query}")
    bold = sys.stdout.isatty()
    for h in res.hits:
        snippet = _terminal_snippet(h.snippet, bold)
        ref = f"  passage {h.passage_id[:8]}" if h.passage_id else ""
        out(f"\n{h.doc_id[:12]}  p.{h.page}  {h.date or '----------'}  {terminal_safe(h.title)}{ref}\n    {snippet}",
            raw=True)
    return 0


def _terminal_snippet(snippet: str, bold: bool) -> str:
    import html
    on, off = ("\x1b[1m", "\x1b[0m") if bold else ("[", "]")
    parts = [terminal_safe(html.unescape(p)) for p in re.split(r"</?mark>", snippet)]
    return "".join(p + (on if i % 2 == 0 else off) for i, p in enumerate(parts[:-1])) + parts[-1]


@subcommand("check", "verify that the database, stored files and index agree", json_flag)
def cmd_check(args) -> int:
    from ..check import check
    # Opening repairs what an interrupted command left (as the window and searching do), so
    # check reports what that repair cannot fix.
    archive = open_archive(args, create=False, repair=False)
    repaired = archive.quick_index_repair()
    problems = check(archive)
    if repaired and not args.json:
        sys.stderr.write(f"Repaired the search index on opening: {repaired} document(s) or passage(s) "
                         "an interrupted command had left out or behind.\n")
    if args.json:
        emit_json({"ok": not problems, "problems": problems, **({"repaired": repaired} if repaired else {})})
    elif not problems:
        out("ok: database, stored files and search index agree")
    else:
        for p in problems:
            out(f"{p['kind']}: {p['message']} (fix: {p['fix']})")
        out(f"{len(problems)} problem(s)")
    return 1 if problems else 0


@subcommand("reindex", "rebuild the search index from the database")
def cmd_reindex(args) -> int:
    from archive import Archive
    archive = Archive.open(args.archive, create=False, before_migrate=backup_before_upgrade)
    bar = progress_bar("Indexing")
    n = archive.rebuild_index(progress=(lambda d, t: bar(d, t, "")) if bar else None)
    out(f"reindexed {n} document(s)")
    return 0


def _alias_setup(p) -> None:
    p.add_argument("name", metavar="NAME", help="the party's name")
    p.add_argument("alias", metavar="ALIAS", help="another name for it (merges the two if both exist)")


@subcommand("parties", "list parties (senders, recipients, speakers) with their aliases", json_flag)
def cmd_parties(args) -> int:
    from archive.parties import list_parties
    archive = open_archive(args, repair=False)
    parties = list_parties(archive.db)
    if args.json:
        emit_json(parties)
    else:
        for p in parties:
            aka = f"  (also: {', '.join(p['aliases'])})" if p["aliases"] else ""
            out(f"{p['name']}{aka}  — {p['documents']} document(s)")
    return 0


@subcommand("party-alias", "record that ALIAS is another name of party NAME", _alias_setup)
def cmd_party_alias(args) -> int:
    from ..parties import add_alias
    archive = open_archive(args)
    name, merged = add_alias(archive, args.name, args.alias)
    out(f"{args.alias!r} is now an alias of {name!r}" + (" (the two parties were merged)" if merged else ""))
    return 0


