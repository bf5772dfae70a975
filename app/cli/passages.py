"""Passage subcommands: tag, passages, passage, passage-edit, untag, link, unlink, threads, timeline,
annotations, reextract."""
from __future__ import annotations

import sys
from pathlib import Path

from archive.errors import PapertrailError
from archive.passages import KINDS, MANNERS, QUESTION_STATES, RELATIONS, STATUSES

from . import emit_json, fail, json_flag, open_archive, out, subcommand


def _passage_line(p: dict) -> str:
    date = p["said_on"] or "undated"
    status = f" [{p['status']}]" if p["status"] else ""
    orphan = " (ORPHANED: text no longer found)" if p["orphaned"] else ""
    quote = " ".join(p["quote"].split())
    quote = quote if len(quote) <= 90 else quote[:87] + "…"
    where = f"pp. {p['page']}–{p['end_page']}" if p.get("end_page", p["page"]) > p["page"] else f"p. {p['page']}"
    source = f"{p['doc_title']}, {where}" if p["doc_id"] else "written here, in no letter yet"
    who = " and ".join(p.get("by_all") or []) or p["by"] or "?"
    to = f" → {p['to']}" if p.get("to") else ""
    return (f"{p['id'][:8]}  {date:<10}  {p['kind']:<10} {who}{to}{status}{orphan}\n"
            f"          “{quote}” — {source}")


def _words_flags(p, automatic: bool = False) -> None:
    p.add_argument("--words-by", metavar="PARTY",
                   help="whose words the quotation is: a party, or 'author' for the document's author "
                        "(default: the party itself when the words stand in quotation marks in the "
                        "document, else the document's author)")
    p.add_argument("--manner", choices=MANNERS + (("automatic",) if automatic else ()),
                   help="how it was put: written (a letter), said (interview, meeting, hearing) or reported "
                        "(the document's author reporting the party); default: worked out"
                        + ("; automatic works it out again" if automatic else ""))
    p.add_argument("--said-in", metavar="TEXT",
                   help="where quoted words were first said or written, e.g. \"letter to David Kaye\"")


def _tag_setup(p) -> None:
    p.add_argument("doc", metavar="DOC", help="document id or unique prefix")
    p.add_argument("--quote", required=True, help="the words to tag, as typed (spacing and quote marks may differ)")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--by", metavar="PARTY", action="append",
                   help="who said it (default: the document's first sender); repeat for several parties")
    p.add_argument("--to", metavar="PARTY",
                   help="whom a question is addressed to (default: the document's first recipient)")
    p.add_argument("--split", action="store_true",
                   help="with --kind question: tag each question in the words (split at each ?) as a "
                        "question of its own; --json then prints a list")
    p.add_argument("--about", action="append", default=[], metavar="ID",
                   help="with --kind question: the commitment or claim it asks about (repeat for several)")
    p.add_argument("--on", metavar="DATE", help="when it was said: YYYY, YYYY-MM or YYYY-MM-DD (default: the document's date)")
    p.add_argument("--status", choices=STATUSES + QUESTION_STATES,
                   help="status of a commitment (default: open) or state of a question (default: unanswered)")
    p.add_argument("--thread", action="append", default=[], metavar="NAME", help="thread (repeat for several)")
    p.add_argument("--note", default="", help="a note")
    p.add_argument("--occurrence", type=int, metavar="N", help="which occurrence when the quote appears several times")
    _words_flags(p)
    json_flag(p)


@subcommand("tag", "tag a passage of a document as a commitment, claim or rebuttal", _tag_setup)
def cmd_tag(args) -> int:
    from ..passages import QuoteAmbiguous, tag
    archive = open_archive(args, create=False)
    if (args.split or args.about) and args.kind != "question":
        fail("--split and --about go with --kind question")
        return 2
    try:
        if args.split:
            from ..questions import tag_questions
            made = tag_questions(archive, args.doc, args.quote, to=args.to, by=args.by, on=args.on,
                                 occurrence=args.occurrence, threads=args.thread, note=args.note,
                                 about=args.about)
        else:
            made = [tag(archive, args.doc, args.quote, args.kind, by=args.by, on=args.on, status=args.status,
                        threads=args.thread, note=args.note, occurrence=args.occurrence, words_by=args.words_by,
                        manner=args.manner, said_in=args.said_in or "", to=args.to)]
            if args.about:
                from ..passages import get, link
                for target in args.about:
                    link(archive, made[0]["id"], "asks-about", target)
                made = [get(archive, made[0]["id"])]
    except QuoteAmbiguous as exc:
        if args.json:
            emit_json({"error": str(exc), "occurrences": exc.occurrences})
        fail(str(exc))
        return 1
    if args.json:
        emit_json(made if args.split else made[0])
    else:
        for p in made:
            out("tagged " + _passage_line(p))
    return 0


def _filters(p, with_orphaned: bool = True) -> None:
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--by", metavar="PARTY", help="said by this party (any of its aliases)")
    p.add_argument("--thread", metavar="NAME")
    p.add_argument("--status", choices=STATUSES + QUESTION_STATES)
    if with_orphaned:
        p.add_argument("--orphaned", action="store_true", help="only passages whose text can no longer be found")
        p.add_argument("--doc", metavar="DOC", help="only passages of this document")


def _passages_setup(p) -> None:
    _filters(p)
    p.add_argument("--to", metavar="PARTY", help="questions addressed to this party (any of its aliases)")
    json_flag(p)


@subcommand("passages", "list tagged passages", _passages_setup)
def cmd_passages(args) -> int:
    from ..passages import query
    archive = open_archive(args, repair=False)
    rows = query(archive, kind=args.kind, by=args.by, thread=args.thread, status=args.status,
                 orphaned=True if args.orphaned else None, doc=args.doc, to=args.to)
    if args.json:
        emit_json(rows)
    elif not rows:
        out("no passages" + (" match" if any((args.kind, args.by, args.thread, args.status, args.orphaned,
                                              args.to)) else
                             " yet: tag one with main.py tag DOC --quote TEXT --kind commitment"))
    else:
        for p in rows:
            out(_passage_line(p))
    return 0


def _passage_setup(p) -> None:
    p.add_argument("id", metavar="ID", help="passage id or unique prefix (6+ characters)")
    json_flag(p)


@subcommand("passage", "show one passage with its status history and links", _passage_setup)
def cmd_passage(args) -> int:
    from ..passages import get
    archive = open_archive(args, create=False, repair=False)
    p = get(archive, args.id)
    if args.json:
        emit_json(p)
        return 0
    out(_passage_line(p))
    span = (f"page {p['page']}, chars {p['start']}–{p['end']}" if p["end_page"] == p["page"] else
            f"page {p['page']} char {p['start']} to page {p['end_page']} char {p['end']}")
    out(f"\n  id        {p['id']}\n  document  {p['doc_id']}  ({span})" if p["doc_id"] else
        f"\n  id        {p['id']}\n  document  none: written here, not yet in a letter")
    words = f"{p['words_by']} (quoted)" if p["words_by"] else f"{', '.join(p['doc_authors']) or '?'} (the document's author)"
    out(f"  words     {words}, {p['manner']}{' — ' + p['said_in'] if p['said_in'] else ''}")
    out(f"  threads   {', '.join(p['threads']) or '-'}\n  note      {p['note'] or '-'}")
    for h in p["history"]:
        ev = f" evidence {h['evidence_id'][:8]}" if h["evidence_id"] else ""
        out(f"  status    {h['status']:<16} {h['on_date'] or h['recorded_at'][:10]}  {h['note']}{ev}")
    for link in p["links"]:
        arrow = "→" if link["direction"] == "out" else "←"
        out(f"  link      {link['relation']} {arrow} {link['passage_id'][:8]}")
    return 0


def _edit_setup(p) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("--kind", choices=KINDS)
    p.add_argument("--by", metavar="PARTY", action="append",
                   help="who said it (repeat for several parties; '' clears)")
    p.add_argument("--to", metavar="PARTY", help="whom a question is addressed to ('' clears)")
    p.add_argument("--on", metavar="DATE", help="when it was said (partial dates allowed)")
    p.add_argument("--status", choices=STATUSES + QUESTION_STATES,
                   help="record a status change (a commitment's status or a question's state)")
    p.add_argument("--status-note", default="", metavar="TEXT", help="why the status changed")
    p.add_argument("--status-on", metavar="DATE", help="when the status changed")
    p.add_argument("--evidence", metavar="ID", help="passage that is evidence for the status change")
    p.add_argument("--thread", action="append", metavar="NAME", help="threads (replace the current ones)")
    p.add_argument("--note")
    _words_flags(p, automatic=True)
    json_flag(p)


@subcommand("passage-edit", "change a passage: who said it, when, status (kept in a history), threads, note",
            _edit_setup)
def cmd_passage_edit(args) -> int:
    from ..passages import edit
    archive = open_archive(args, create=False)
    p = edit(archive, args.id, kind=args.kind, by=args.by, on=args.on, status=args.status, to=args.to,
             status_note=args.status_note, status_on=args.status_on, evidence=args.evidence,
             threads=args.thread, note=args.note, words_by=args.words_by,
             manner="" if args.manner == "automatic" else args.manner,
             said_in=args.said_in)
    if args.json:
        emit_json(p)
    else:
        out("updated " + _passage_line(p))
    return 0


def _id_setup(p) -> None:
    p.add_argument("id", metavar="ID")


@subcommand("untag", "delete a passage (and its links)", _id_setup)
def cmd_untag(args) -> int:
    from ..passages import untag
    archive = open_archive(args, create=False)
    p = untag(archive, args.id)
    out(f"deleted passage {p['id'][:8]} (“{' '.join(p['quote'].split())[:60]}”)")
    return 0


def _link_setup(p) -> None:
    p.add_argument("a", metavar="A", help="passage id")
    p.add_argument("relation", metavar="RELATION", choices=RELATIONS, help=", ".join(RELATIONS))
    p.add_argument("b", metavar="B", help="passage id")


@subcommand("link", "link two passages: A rebuts|contradicts|fulfils|reiterates|supersedes|responds-to B; "
                    "QUESTION asks-about COMMITMENT; REPLY answers|partly-answers|declines QUESTION",
            _link_setup)
def cmd_link(args) -> int:
    from ..passages import link
    archive = open_archive(args, create=False)
    r = link(archive, args.a, args.relation, args.b)
    out(f"linked {r['source'][:8]} {r['relation']} {r['target'][:8]}")
    return 0


@subcommand("unlink", "remove a link between two passages", _link_setup)
def cmd_unlink(args) -> int:
    from ..passages import unlink
    archive = open_archive(args, create=False)
    r = unlink(archive, args.a, args.relation, args.b)
    out(f"unlinked {r['source'][:8]} {r['relation']} {r['target'][:8]}")
    return 0


@subcommand("threads", "list threads and how many passages each has", json_flag)
def cmd_threads(args) -> int:
    from ..passages import threads
    archive = open_archive(args, repair=False)
    rows = threads(archive)
    if args.json:
        emit_json(rows)
    else:
        for t in rows:
            out(f"{t['name']}  ({t['passages']} passage(s))")
    return 0


def _timeline_setup(p) -> None:
    _filters(p, with_orphaned=False)
    p.add_argument("--from", dest="date_from", metavar="DATE", help="said on or after (partial dates allowed)")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="said on or before")
    p.add_argument("--format", required=True, choices=("csv", "json", "timelinejs", "html", "md"))
    p.add_argument("--output", metavar="FILE", help="write to FILE (default: standard output)")
    p.add_argument("--title", help="title for the exported timeline")


@subcommand("timeline", "export a timeline of passages (csv, json, timelinejs, html, md)", _timeline_setup)
def cmd_timeline(args) -> int:
    from ..timeline import CSV_BOM, build, export
    archive = open_archive(args, repair=False)     # reads the database only, never the search index
    if args.thread:
        _check_thread(archive, args.thread)
    tl = build(archive, thread=args.thread, by=args.by, kind=args.kind, status=args.status,
               date_from=args.date_from, date_to=args.date_to, title=args.title)
    text = export(tl, args.format)
    _write(text, args.output, bom=CSV_BOM if args.format == "csv" else "")
    if args.output:
        out(f"wrote {len(tl['events'])} dated and {len(tl['undated'])} undated passage(s) to {args.output}")
    return 0


def _check_thread(archive, name: str) -> None:
    """A misspelt --thread is an error, not an empty timeline."""
    import difflib
    from archive.errors import NotFound
    names = [r[0] for r in archive.db.execute("SELECT name FROM threads")]
    if any(n.casefold() == " ".join(name.split()).casefold() for n in names):
        return
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    raise NotFound(f"no thread named {name!r}" + (f"; did you mean {' or '.join(map(repr, close))}?" if close
                                                  else "; see the threads with: main.py threads"))


def _write(text: str, output: str | None, bom: str = "") -> None:
    if not output:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from ..files import write_atomic
    try:
        write_atomic(Path(output), (bom + text).encode("utf-8"))
    except OSError as exc:
        raise PapertrailError(f"cannot write {output}: {exc.strerror or exc}; nothing was written") from None


def _annotations_setup(p) -> None:
    p.add_argument("--output", required=True, metavar="FILE", help="JSON-LD file to write")


@subcommand("annotations", "export every passage as W3C Web Annotation JSON-LD", _annotations_setup)
def cmd_annotations(args) -> int:
    from ..timeline import annotations
    archive = open_archive(args)
    _write(annotations(archive), args.output)
    out(f"wrote {args.output}")
    return 0


def _reextract_setup(p) -> None:
    p.add_argument("docs", nargs="*", metavar="DOC", help="documents to read again (default with --all: every one)")
    p.add_argument("--all", action="store_true", help="every document")
    p.add_argument("--no-ocr", action="store_true", help="do not OCR scanned pages")
    p.add_argument("--password", help="password of encrypted originals")
    json_flag(p)


@subcommand("reextract", "read documents' text again from the stored originals (e.g. after installing "
            "Tesseract); tagged passages are found again or reported as orphaned", _reextract_setup)
def cmd_reextract(args) -> int:
    from ..reextract import reextract
    archive = open_archive(args, create=False)
    if not args.docs and not args.all:
        fail("name documents or use --all")
        return 2
    ids = None if args.all else [archive.resolve_doc(d) for d in args.docs]
    report = reextract(archive, ids, ocr=not args.no_ocr, password=args.password)
    if args.json:
        emit_json(report)
    else:
        for r in report["documents"]:
            line = f"{r['id'][:12]}  "
            if r.get("error"):
                line += f"failed: {r['error']}"
            else:
                line += (f"{r['pages']} page(s), OCR {len(r['ocr_pages'])}; passages kept {len(r['kept'])}, "
                         f"moved {len(r['moved'])}, orphaned {len(r['orphaned'])}")
            out(line)
    return 1 if any(r.get("error") or r.get("orphaned") for r in report["documents"]) else 0


@subcommand("demo", "add the demo letters (fictional, already tagged and linked) to the archive", json_flag)
def cmd_demo(args) -> int:
    from ..demo_archive import load_demo
    archive = open_archive(args, create=True)
    summary = load_demo(archive)
    if args.json:
        emit_json(summary)
    else:
        out(f"added {summary['documents']} demo letter(s) with {summary['passages']} tagged passage(s) "
            f"and {summary['links']} link(s)")
    return 1 if summary["failed"] else 0
