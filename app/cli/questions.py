"""Question subcommands: questions (what we asked, and what is still unanswered), ask (a question
written directly, not yet in a letter)."""
from __future__ import annotations

from archive.passages import QUESTION_STATES

from . import emit_json, json_flag, open_archive, out, subcommand


def _when(q: dict) -> str:
    if not q["asked_on"]:
        return "not asked yet"
    waited = f", {q['days_waiting']} days ago" if q["days_waiting"] is not None else ""
    where = f" in “{q['asked_in']['title']}”" if q["asked_in"] else ""
    return f"asked {q['asked_on']}{where}{waited}"


def question_lines(q: dict) -> list[str]:
    text = " ".join(q["quote"].split())
    to = q["to"] or "(no addressee)"
    lines = [f"{q['id'][:8]}  {q['state']:<15}  to {to}: “{text}”", f"          {_when(q)}"]
    for a in q["about"]:
        about = " ".join((a.get("quote") or "").split())
        about = about if len(about) <= 70 else about[:67] + "…"
        lines.append(f"          about {a['id'][:8]} ({a.get('kind', '?')}, {a.get('status') or '-'}): “{about}”")
    for a in q["answers"]:
        lines.append(f"          {a['relation']} by {a['id'][:8]}: {a.get('doc_title') or ''}"
                     f"{', ' + a['said_on'] if a.get('said_on') else ''}")
    return lines


def _questions_setup(p) -> None:
    p.add_argument("--to", metavar="PARTY", help="questions addressed to this party (any of its aliases)")
    p.add_argument("--state", choices=QUESTION_STATES + ("open",),
                   help="only questions in this state; open: unanswered or only partly answered")
    p.add_argument("--about", metavar="ID", help="only questions that ask about this passage")
    p.add_argument("--thread", metavar="NAME", help="only questions in this thread")
    json_flag(p)


@subcommand("questions", "list the questions we asked, oldest first, with their state, what they ask "
                         "about and what answered them", _questions_setup)
def cmd_questions(args) -> int:
    from ..questions import list_questions
    archive = open_archive(args, repair=False)
    rows = list_questions(archive, to=args.to, state=args.state, about=args.about, thread=args.thread)
    if args.json:
        emit_json(rows)
        return 0
    if not rows:
        filtered = any((args.to, args.state, args.about, args.thread))
        out("no questions" + (" match" if filtered else " yet: tag one with main.py tag DOC --quote TEXT "
                                                        "--kind question --split, or write one with main.py ask"))
        return 0
    for q in rows:
        for line in question_lines(q):
            out(line)
    waiting = sum(q["state"] in ("unanswered", "partly-answered") for q in rows)
    out(f"\n{len(rows)} question(s), {waiting} still waiting for a full answer")
    return 0


def _ask_setup(p) -> None:
    p.add_argument("text", metavar="TEXT", help="the question, in the words you will ask it")
    p.add_argument("--to", metavar="PARTY", required=True, help="whom the question is for")
    p.add_argument("--about", action="append", default=[], metavar="ID",
                   help="the commitment or claim it asks about (repeat for several)")
    p.add_argument("--on", metavar="DATE", help="when it was asked, if it already was (default: not yet)")
    p.add_argument("--by", metavar="PARTY", action="append", help="who asks it (repeat for several)")
    p.add_argument("--thread", action="append", default=[], metavar="NAME", help="thread (repeat for several)")
    p.add_argument("--note", default="", help="a note")
    json_flag(p)


@subcommand("ask", "write down a question to ask (not yet in any letter), addressed to a party", _ask_setup)
def cmd_ask(args) -> int:
    from ..questions import ask, describe
    archive = open_archive(args, create=False)
    q = describe(archive, ask(archive, args.text, to=args.to, by=args.by, on=args.on, about=args.about,
                              threads=args.thread, note=args.note))
    if args.json:
        emit_json(q)
    else:
        out("noted " + "\n".join(question_lines(q)))
    return 0
