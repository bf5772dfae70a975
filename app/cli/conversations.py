"""Conversation subcommands: conversations, conversation, reply-unlink, reply-link; and the lines
`show` adds for e-mails, attachments and replies."""
from __future__ import annotations

from . import emit_json, json_flag, open_archive, out, subcommand


@subcommand("conversations", "list conversations: the parties that wrote to each other, with how long "
            "the last one has waited", json_flag)
def cmd_conversations(args) -> int:
    from ..conversations import list_conversations
    archive = open_archive(args, repair=False)
    rows = list_conversations(archive)
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        out("no conversations yet: they appear once documents with a sender and a recipient are added")
        return 0
    for c in rows:
        wait = f"  ({c['waiting']['waiting']}: {c['waiting']['text']})" if c["waiting"] else ""
        out(f"{c['id']:<9} {' ↔ '.join(c['parties'])}  {c['documents']} document(s), "
            f"{c['first'] or '?'} – {c['last'] or '?'}{wait}")
    return 0


def _conversation_setup(p) -> None:
    p.add_argument("conversation", metavar="ID", help="conversation id from `conversations` (e.g. 3-7) or a party's name")
    json_flag(p)


@subcommand("conversation", "show one conversation in order: who wrote to whom, what answers what, and the gaps",
            _conversation_setup)
def cmd_conversation(args) -> int:
    from ..conversations import get_conversation
    archive = open_archive(args, create=False, repair=False)
    c = get_conversation(archive, args.conversation)
    if args.json:
        emit_json(c)
        return 0
    out(f"{' ↔ '.join(c['parties'])}  (conversation {c['id']}, {c['documents']} document(s))\n")
    for e in c["entries"]:
        if e.get("gap_before"):
            out(f"             … {e['gap_before']['text']} …")
        reply = ""
        if e.get("replies_to"):
            r = e["replies_to"]
            reply = f"  ↩ replies to {r['id'][:12]} “{r['title'][:40]}” ({r['how']})"
        out(f"{e['date'] or '(no date)':<12} {e['id'][:12]}  {e['from']} → {e['to']}  {e['kind']}: {e['title'][:60]}{reply}")
    if c["waiting"]:
        out(f"             … {c['waiting']['text']} …")
    return 0


def _unlink_setup(p) -> None:
    p.add_argument("doc", metavar="DOC", help="the document wrongly taken for a reply (id or unique prefix)")
    json_flag(p)


@subcommand("reply-unlink", "remove a wrong reply link from a document (it is not guessed again)", _unlink_setup)
def cmd_reply_unlink(args) -> int:
    from ..conversations import unlink_reply
    archive = open_archive(args, create=False, repair=False)
    r = unlink_reply(archive, args.doc)
    if args.json:
        emit_json(r)
    else:
        out(f"unlinked {r['id'][:12]}: no longer a reply to {r['unlinked_from'][:12]}")
    return 0


def _link_setup(p) -> None:
    p.add_argument("doc", metavar="DOC", help="the reply (id or unique prefix)")
    p.add_argument("--to", required=True, metavar="DOC", help="the document it answers")
    json_flag(p)


@subcommand("reply-link", "say that a document answers another (replaces its current reply link)", _link_setup)
def cmd_reply_link(args) -> int:
    from ..conversations import link_reply
    archive = open_archive(args, create=False, repair=False)
    r = link_reply(archive, args.doc, args.to)
    if args.json:
        emit_json(r)
    else:
        out(f"linked {r['id'][:12]} as a reply to {r['replies_to'][:12]}")
    return 0


def show_lines(d: dict) -> list[str]:
    """What `show` prints for an e-mail, an attachment or a reply, after the file line."""
    lines = []
    m = d.get("message")
    if m:
        if m.get("sent_at"):
            lines.append(f"  sent        {m['sent_at']}")
        for key in ("from", "to", "cc"):
            if m.get(key):
                shown = "; ".join(f"{p['name']} <{p['address']}>" if p["name"] and p["address"] else
                                  (p["name"] or p["address"]) for p in m[key])
                lines.append(f"  {key + ' addr':<12}{shown}")
        if m.get("message_id"):
            lines.append(f"  message-id  {m['message_id']}")
    for q in d.get("quoted", []):
        lines.append(f"  quotes      page {q['page']}: {q['author'] or q['address'] or '?'} on {q['date'] or '?'}")
    for a in d.get("attachments", []):
        where = f"→ {a['id'][:12]}" if a["id"] else ("not read: " + a["error"] if a.get("error") else "listed only")
        lines.append(f"  attachment  {a['name']} ({a['content_type']}, {a['size']} bytes) {where}")
    for p in d.get("attached_to", []):
        lines.append(f"  attached to {p['id'][:12]} “{p['title']}” ({p['date'] or 'no date'})")
    if d.get("replies_to"):
        r = d["replies_to"]
        lines.append(f"  replies to  {r['id'][:12]} “{r['title']}” ({r['date'] or 'no date'}; from {r['how']})")
    for r in d.get("answered_by", []):
        lines.append(f"  answered by {r['id'][:12]} “{r['title']}” ({r['date'] or 'no date'})")
    return lines
