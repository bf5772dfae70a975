"""Subcommands that correct what was read from letters: parties renamed, merged and deleted;
metadata read again from the originals."""
from __future__ import annotations

from . import backup_before_upgrade, emit_json, json_flag, open_archive, out, progress_bar, subcommand


def _rename_setup(p) -> None:
    p.add_argument("name", metavar="NAME", help="the party's name or one of its aliases")
    p.add_argument("new_name", metavar="NEW_NAME", help="the name to show from now on (the old one stays an alias)")
    json_flag(p)


def _merge_setup(p) -> None:
    p.add_argument("source", metavar="SOURCE", help="the party to fold away (its names become aliases)")
    p.add_argument("target", metavar="TARGET", help="the party that keeps its documents and passages")
    json_flag(p)


def _delete_setup(p) -> None:
    p.add_argument("name", metavar="NAME", help="the party to remove from every document that lists it")
    json_flag(p)


def _reread_setup(p) -> None:
    p.add_argument("ids", nargs="*", metavar="ID", help="documents to read again (default: all)")
    p.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
    json_flag(p)


@subcommand("party-rename", "give a party a new name (the old name stays an alias)", _rename_setup)
def cmd_party_rename(args) -> int:
    from ..parties import rename_party
    result = rename_party(open_archive(args), args.name, args.new_name)
    if args.json:
        emit_json(result)
    else:
        out(f"renamed {result['old_name']!r} to {result['name']!r}")
    return 0


@subcommand("party-merge", "fold party SOURCE into TARGET: documents, passages and names move", _merge_setup)
def cmd_party_merge(args) -> int:
    from ..parties import merge_parties
    result = merge_parties(open_archive(args), args.source, args.target)
    if args.json:
        emit_json(result)
    else:
        out(f"merged {result['merged']!r} into {result['into']!r}")
    return 0


@subcommand("party-delete", "remove a party read in error from every document that names it", _delete_setup)
def cmd_party_delete(args) -> int:
    from ..parties import delete_party
    result = delete_party(open_archive(args), args.name)
    if args.json:
        emit_json(result)
    else:
        out(f"deleted {result['deleted']!r} (taken off {len(result['documents'])} document(s))")
    return 0


@subcommand("reread-metadata",
            "read date, senders, recipients, title and kind again from the originals, keeping every "
            "field corrected by hand; reports what changed", _reread_setup)
def cmd_reread_metadata(args) -> int:
    from archive import Archive
    from ..reread import reread_metadata
    archive = Archive.open(args.archive, create=False, before_migrate=backup_before_upgrade)
    bar = None if args.json else progress_bar("Reading")
    report = reread_metadata(archive, args.ids or None, dry_run=args.dry_run,
                             progress=(lambda d, t: bar(d, t, "")) if bar else None)
    if args.json:
        emit_json(report)
        return 0
    for change in report["changed"]:
        out(f"{change['id'][:12]}  {change['title']}")
        for field, (before, after) in change["fields"].items():
            out(f"    {field:<10} {_shown(before)}  →  {_shown(after)}")
    verb = "would change" if args.dry_run else "changed"
    out(f"{verb} {len(report['changed'])} of {report['documents']} document(s); "
        f"{report['kept']} field(s) corrected by hand were kept")
    for failure in report["failed"]:
        out(f"could not read {failure['id'][:12]}: {failure['error']}")
    return 0


def _shown(value) -> str:
    if isinstance(value, list):
        return "; ".join(value) or "—"
    return str(value) if value not in (None, "") else "—"
