"""Whole-archive subcommands: backup, restore, recover, export-bundle, import-bundle."""
from __future__ import annotations

from . import UsageError, emit_json, json_flag, open_archive, out, progress_bar, subcommand


def _backup_setup(p) -> None:
    p.add_argument("--output", metavar="FILE.zip",
                   help="write the backup here (default: an automatic backup in the archive's backups/ "
                        "folder, keeping the newest --keep)")
    p.add_argument("--keep", type=int, default=5, metavar="N",
                   help="automatic backups to keep (default 5; only without --output)")
    json_flag(p)


@subcommand("backup", "save a consistent copy of the archive (database and original files) as one zip",
            _backup_setup)
def cmd_backup(args) -> int:
    from ..backup import automatic_backup, create_backup
    if args.keep < 1:
        raise UsageError("--keep must be at least 1")
    archive = open_archive(args, create=False)
    if args.output:
        bar = progress_bar("Backing up")
        info = create_backup(archive, args.output, progress=bar)
    else:
        path, made = automatic_backup(archive, "manual", keep=args.keep, summary=True)
        info = {"output": str(path), "size": path.stat().st_size, "missing_originals": made["missing_originals"]}
    if args.json:
        emit_json(info)
    else:
        out(f"wrote {info['output']} ({info['size'] / 1024 ** 2:.1f} MB"
            + (f", {info['documents']} document(s), {info['passages']} passage(s))" if "documents" in info else ")"))
        for m in info.get("missing_originals", []):
            out(f"not backed up: the original of document {m['id'][:12]} (“{m['title']}”) is {m['problem']}; "
                "re-add the PDF with `ingest` to put it back, then back up again")
    return 1 if info.get("missing_originals") else 0


def _restore_setup(p) -> None:
    p.add_argument("backup", metavar="FILE", help="a backup zip made by `backup`")
    p.add_argument("--archive", dest="restore_target", metavar="DIR",
                   help="the new or empty folder to restore into (may also be given before the command)")
    json_flag(p)


@subcommand("restore", "recreate an archive from a backup zip in a new or empty folder", _restore_setup)
def cmd_restore(args) -> int:
    from ..backup import restore_backup
    target = args.restore_target or args.archive
    if not target:
        raise UsageError("give the folder to restore into with --archive DIR")
    bar = progress_bar("Restoring")
    info = restore_backup(args.backup, target, progress=bar)
    if args.json:
        emit_json(info)
    else:
        out(f"restored {info['documents']} document(s) and {info['passages']} passage(s) into {info['archive']} "
            f"(backup of {info['created_at'] or 'unknown date'}); check: ok"
            + (f" except {len(info['missing_originals'])} original(s) the backup did not have" if info["missing_originals"]
               else ""))
        for doc_id in info["missing_originals"]:
            out(f"not restored: the original of document {doc_id[:12]} was not in the backup; re-add the PDF with `ingest`")
    return 0


def _recover_setup(p) -> None:
    p.add_argument("target", metavar="NEW-FOLDER", help="a new or empty folder for the recovered archive")
    json_flag(p)


@subcommand("recover", "copy what can still be read of a damaged archive (--archive DIR, only read) into a "
            "new archive", _recover_setup)
def cmd_recover(args) -> int:
    from archive import default_archive_dir

    from ..recover import recover_archive
    info = recover_archive(args.archive or default_archive_dir(), args.target)
    if args.json:
        emit_json(info)
        return 1 if info["problems"] else 0
    out(f"recovered {info['documents']} document(s), {info['pages']} page(s) and {info['passages']} passage(s) "
        f"into {info['archive']}")
    for table in info["unreadable_tables"]:
        out(f"damaged: only part of table {table} could be read")
    for doc_id in info["missing_originals"]:
        out(f"missing original: document {doc_id[:12]} (re-add the PDF with `ingest`)")
    for p in info["problems"]:
        out(f"{p['kind']}: {p['message']} (fix: {p['fix']})")
    out("check: ok" if not info["problems"] else f"{len(info['problems'])} problem(s) remain")
    return 1 if info["problems"] else 0


def _export_setup(p) -> None:
    p.add_argument("--output", required=True, metavar="FILE", help="the bundle to write (a zip)")
    p.add_argument("--thread", action="append", default=[], metavar="NAME", help="passages of this thread (repeat)")
    p.add_argument("--passage", action="append", default=[], metavar="ID", help="this passage (repeat)")
    p.add_argument("--doc", action="append", default=[], metavar="DOC",
                   help="this document with all its passages (repeat)")
    p.add_argument("--all", action="store_true", help="every document and passage")
    json_flag(p)


@subcommand("export-bundle", "share documents and their passages with a colleague as one file "
            "(originals, text, passages, status history, threads, links, parties)", _export_setup)
def cmd_export_bundle(args) -> int:
    from ..bundle import export_bundle
    archive = open_archive(args, create=False)
    info = export_bundle(archive, args.output, threads=args.thread, passages=args.passage, docs=args.doc,
                         everything=args.all)
    if args.json:
        emit_json(info)
    else:
        out(f"wrote {info['output']}: {info['documents']} document(s), {info['passages']} passage(s), "
            f"{info['links']} link(s)")
    return 0


def _import_setup(p) -> None:
    p.add_argument("bundle", metavar="FILE", help="a bundle made by `export-bundle`")
    json_flag(p)


@subcommand("import-bundle", "merge a colleague's bundle into the archive (nothing is duplicated; "
            "conflicting edits are reported, never overwritten; exit 1 when there are conflicts)", _import_setup)
def cmd_import_bundle(args) -> int:
    from ..bundle import import_bundle
    from ..ingest import worker_count
    archive = open_archive(args, create=True)
    report = import_bundle(archive, args.bundle, progress=progress_bar("Importing"), workers=worker_count())
    if args.json:
        emit_json(report)
    else:
        if report["already_imported"]:
            out("already imported: this archive has every document and passage of the bundle")
        out(f"documents: {len(report['documents_added'])} added, {len(report['documents_present'])} already here")
        out(f"passages: {len(report['passages_added'])} added, {len(report['passages_present'])} already here; "
            f"links added: {report['links_added']}")
        if report["passages_orphaned"]:
            out(f"orphaned: {len(report['passages_orphaned'])} passage(s) could not be found in this archive's "
                "text of their document (see: passages --orphaned)")
        for n in report["passages_not_found"]:
            out(f"not imported  passage {n['passage'][:8]} (“{n['quote']}”): its quote is not in the text "
                f"Papertrail reads in document {n['doc_id'][:12]}")
        for m in report["metadata_from_bundle"]:
            fields = ", ".join(f"{f} {v['bundle']!r} (read: {v['read']!r})" for f, v in m["fields"].items())
            out(f"colleague's  {m['document'][:12]}: metadata as the colleague set it: {fields}")
        for c in report["conflicts"]:
            out(f"conflict   passage {c['passage'][:8]} (“{c['quote']}”): {c['field']} is {c['here']!r} here, "
                f"{c['bundle']!r} in the bundle — kept {c['here']!r}")
        for c in report["party_conflicts"]:
            out(f"conflict   party {c['name']!r}: {c['message']} — not merged (use party-alias to merge)")
    return 1 if report["conflicts"] or report["party_conflicts"] else 0
