"""Follow-up letter subcommands: draft, quote-check, drafts, draft-export."""
from __future__ import annotations

from pathlib import Path

from archive.errors import PapertrailError

from . import UsageError, emit_json, json_flag, open_archive, out, subcommand

FORMATS = ("docx", "pdf", "md", "html")


def _export_flags(p) -> None:
    p.add_argument("--format", required=True, choices=FORMATS, help="file format of the letter")
    p.add_argument("--output", required=True, metavar="FILE", help="file to write")


def _export(draft, fmt: str, output: str) -> None:
    from ..draft.export import export_draft
    try:
        export_draft(draft, fmt, Path(output))
    except FileNotFoundError as exc:
        raise PapertrailError(str(exc)) from None
    except OSError as exc:
        raise PapertrailError(f"cannot write {output}: {exc.strerror or exc}; nothing was written") from None


def _draft_setup(p) -> None:
    from ..draft.model import CITATION_STYLES
    p.add_argument("--to", required=True, metavar="NAME", help="addressee (the salutation uses it)")
    p.add_argument("--from", dest="from_", action="append", default=[], metavar="NAME",
                   help="signatory (repeat for several)")
    p.add_argument("--subject", required=True, metavar="TEXT", help="what the letter is about")
    p.add_argument("--thread", action="append", default=[], metavar="NAME",
                   help="quote this thread's passages in a section of their own (repeat for several)")
    p.add_argument("--passage", action="append", default=[], metavar="ID",
                   help="also quote this passage (id or unique prefix; repeat for several)")
    p.add_argument("--questions-to", action="append", default=[], metavar="PARTY",
                   help="ask again this party's questions still unanswered as of the letter's date, grouped by "
                        "commitment, each with when and where it was first asked (repeat for several)")
    p.add_argument("--appendix", action="store_true",
                   help="add a table of the quoted commitments (and sets of inconsistent claims) with their "
                        "parties, status as of the letter's date and open questions")
    p.add_argument("--citations", choices=CITATION_STYLES, default="footnotes",
                   help="how sources are cited (default: footnotes)")
    p.add_argument("--date", metavar="DATE", help="the letter's date (default: today)")
    p.add_argument("--salutation", metavar="TEXT",
                   help="the greeting (default: from --to, e.g. \"Dear Mr. Gelfand,\")")
    p.add_argument("--closing", metavar="TEXT", help="the closing line (default: \"Yours sincerely,\")")
    p.add_argument("--address", action="append", metavar="LINE",
                   help="a line of the address block (repeat for each line; default: --to split into name, "
                        "role and organisation)")
    _export_flags(p)
    p.add_argument("--save", action="store_true", help="also store it as a draft and print its id")
    json_flag(p)


@subcommand("draft", "write a follow-up letter quoting tagged passages, with their sources cited", _draft_setup)
def cmd_draft(args) -> int:
    from ..draft.model import Appendix, Paragraph
    from ..draft import build_draft, save_draft
    if not args.thread and not args.passage and not args.questions_to:
        raise UsageError("say what to quote: give at least one --thread NAME or --passage ID "
                         "(or --questions-to PARTY to ask unanswered questions again)")
    archive = open_archive(args, create=False)
    draft = build_draft(archive, args.to, args.from_, args.subject, threads=args.thread,
                        passage_ids=args.passage, appendix=args.appendix, citation_style=args.citations,
                        date=args.date, salutation=args.salutation, closing=args.closing, address=args.address,
                        questions_to=args.questions_to)
    _export(draft, args.format, args.output)
    draft_id = save_draft(archive, draft) if args.save else None
    all_rows = [r for b in draft.blocks if isinstance(b, Appendix) for r in b.rows]
    rows = len(all_rows)
    sets = sum(1 for r in all_rows if r.kind == "inconsistent")
    asked = sum(1 for b in draft.blocks if isinstance(b, Paragraph) and b.style == "bullet") \
        if args.questions_to else None
    if args.json:
        emit_json({"output": args.output, "format": args.format, "quotations": len(draft.quotes()),
                   "appendix_rows": rows if args.appendix else None, "draft_id": draft_id,
                   "inconsistent_sets": sets if args.appendix else None,
                   "appendix_questions": sum(len(r.questions) for r in all_rows) if args.appendix else None,
                   "questions_asked_again": asked})
        return 0
    extra = f" and {rows - sets} commitment(s) in the appendix" if args.appendix else ""
    if sets:
        extra += f" with {sets} set(s) of inconsistent statements"
    if asked is not None:
        extra += f", asking {asked} unanswered question(s) again"
    out(f"wrote {args.output} with {len(draft.quotes())} quotation(s){extra}")
    if draft_id is not None:
        out(f"saved as draft {draft_id}")
    return 0


def _check_setup(p) -> None:
    p.add_argument("file", metavar="FILE", help="a letter as .docx, .md, .html or .txt")
    json_flag(p)


@subcommand("quote-check", "check every quotation in a letter word for word against the document its "
            "citation names, then the whole archive; exit status 1 if any is altered, has no source, is "
            "only in another document than the one cited or on other pages than cited", _check_setup)
def cmd_quote_check(args) -> int:
    from ..draft import check_file, not_in_cited, summary, wrong_page
    archive = open_archive(args, create=False)
    results = check_file(archive, args.file)
    counts = summary(results)
    elsewhere = not_in_cited(results)
    misplaced = wrong_page(results)
    if args.json:
        emit_json({"file": args.file, "quotations": results, **counts, "not_in_cited": elsewhere,
                   "wrong_page": misplaced})
    elif not results:
        out(f"no quotations found in {args.file} (quotations are text in quotation marks, of four "
            "words or more, or block quotations)")
    else:
        for n, r in enumerate(results, 1):
            _print_result(n, r)
        if elsewhere:
            out(f"{elsewhere} quotation(s) not in the document their citation names")
        if misplaced:
            out(f"{misplaced} quotation(s) not on the pages their citation gives")
        out(f"{counts['verified']} verified, {counts['altered']} altered, {counts['unsourced']} unsourced")
    return 1 if counts["altered"] or counts["unsourced"] or elsewhere or misplaced else 0


def _print_result(n: int, r: dict) -> None:
    quote = " ".join(r["quote"].split())
    quote = quote if len(quote) <= 100 else quote[:97] + "…"
    out(f"{n}. {r['status'].upper() if r['status'] != 'verified' else 'verified'}  “{quote}”")
    if r["location"]:
        out(f"   at:       {r['location']}")
    if r["citation"]:
        out(f"   cited as: {r['citation']}")
    if r["doc_id"] and r["status"] != "unsourced":
        where = f"pp. {r['page']}–{r['end_page']}" if r.get("end_page") else f"p. {r['page']}"
        out(f"   source:   {r['doc_title']}, {where} (document {r['doc_id'][:12]})")
    elif r["status"] == "unsourced":
        out("   source:   none found: no document in the archive has these words")
    if r.get("citation_note"):
        out(f"   note:     {r['citation_note']}")
    if r["status"] == "altered":
        for e in r["changes"]:
            if e["source"]:
                out(f"   - {e['source']}")
            if e["quote"]:
                out(f"   + {e['quote']}")
        out(f"   in context: {_word_diff(r['diff'])}")


def _word_diff(diff: list[dict]) -> str:
    """The quote with its changes marked as [-source words-]{+quoted words+}, like git's word diff."""
    parts = []
    for e in diff:
        if e["op"] in ("equal", "editorial"):
            parts.append(e["quote"])
        elif e["op"] == "elided":
            parts.append("[…]")
        else:
            parts.append((f"[-{e['source']}-]" if e["source"] else "") + (f"{{+{e['quote']}+}}" if e["quote"] else ""))
    text = " ".join(p for p in parts if p)
    return text if len(text) <= 160 else text[:157] + "…"


@subcommand("drafts", "list stored follow-up letter drafts", json_flag)
def cmd_drafts(args) -> int:
    from ..draft import list_drafts
    archive = open_archive(args)
    rows = list_drafts(archive)
    if args.json:
        emit_json(rows)
    elif not rows:
        out("no drafts yet: make one with main.py draft ... --save")
    else:
        for d in rows:
            out(f"{d['id']:>4}  {d['updated_at'][:16].replace('T', ' ')}  {d['title']}  "
                f"({d['passages']} passage(s))")
    return 0


def _draft_export_setup(p) -> None:
    p.add_argument("id", metavar="ID", help="draft number (see: drafts)")
    _export_flags(p)
    p.add_argument("--refresh-appendix", action="store_true",
                   help="show the appendix's statuses as of the letter's date and its questions still open "
                        "(answered ones leave, with their answer under the status; the stored draft is not "
                        "changed unless --save)")
    p.add_argument("--save", action="store_true",
                   help="also store the draft as exported (its citations, and with --refresh-appendix its "
                        "appendix, brought up to date)")


@subcommand("draft-export", "export a stored draft as docx, pdf, md or html", _draft_export_setup)
def cmd_draft_export(args) -> int:
    from ..draft import load_draft, refresh_appendix, refresh_citations, save_draft
    archive = open_archive(args, create=False)
    # Citations are derived from the archive, never copied: a corrected title shows in the export.
    draft = refresh_citations(archive, load_draft(archive, args.id))
    if args.refresh_appendix:
        draft = refresh_appendix(archive, draft)
    _export(draft, args.format, args.output)
    out(f"wrote {args.output}")
    if args.save:
        save_draft(archive, draft, args.id)
        out(f"saved draft {args.id}")
    return 0
