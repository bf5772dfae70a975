"""E-mails and Word letters through ingest: metadata, attachments as documents, quoted passages,
search filters, mailboxes, re-extraction, conversations and the commands."""
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from app import conversations, passages
from app.cli import main
from app.correspondence import page_source
from app.ingest import ingest
from app.library import list_docs, show_doc
from app.reextract import reextract
from app.search import search
from archive import Archive
from archive.correspondence import rendered_path
from tests.conftest import make_pdf
from tests.mailmaker import DOCX_TYPE, QUOTED_REPLY, email, letter_pdf, word_letter, write

TZ = timezone(timedelta(hours=1))


@pytest.fixture
def archive(tmp_path):
    a = Archive.open(tmp_path / "arch")
    yield a
    a.close()


ATTACHED = [("signed letter.pdf", "application/pdf", letter_pdf()), ("annex.docx", DOCX_TYPE, word_letter()),
            ("logo.png", "image/png", b"\x89PNG fake")]


def _reply(tmp_path, name="reply.eml", **kw):
    kw.setdefault("body", QUOTED_REPLY)
    kw.setdefault("attachments", ATTACHED)
    return write(tmp_path / "in" / name, email(**kw))


def test_email_with_attachments_becomes_three_linked_documents(tmp_path, archive):
    report = ingest(archive, [_reply(tmp_path)], workers=1, ocr=False)
    assert not report.failed and len(report.added) == 3
    mail, letter, annex = report.added
    assert mail["kind"] == "email" and mail["format"] == "eml"
    assert letter["attached_to"] == mail["id"] and annex["attached_to"] == mail["id"]
    shown = show_doc(archive, mail["id"])
    assert shown["message"]["sent_at"] == "2020-03-03T10:15:00+01:00"
    assert [(a["name"], bool(a["id"])) for a in shown["attachments"]] == [
        ("signed letter.pdf", True), ("annex.docx", True), ("logo.png", False)]
    assert show_doc(archive, letter["id"])["attached_to"][0]["id"] == mail["id"]
    # The signed letter keeps its own date and signatory.
    assert letter["date"] == "2020-03-03" and "Jürgen Müller" in letter["senders"]
    # The original is stored untouched; the viewer draws the laid-out pages.
    assert archive.store.read(mail["id"]) == (tmp_path / "in" / "reply.eml").read_bytes()
    assert page_source(archive, mail["id"]) == rendered_path(archive.path, mail["id"])
    assert page_source(archive, letter["id"]) == archive.store.path_for(letter["id"])


def test_sender_domain_maps_to_a_known_party(tmp_path, archive):
    ingest(archive, [make_pdf(tmp_path / "in" / "acme.pdf", ["Acme Mining Ltd\n\n1 February 2020\n\nDear Ms Marsh,\n\n"
                                                              "Text.\n\nYours sincerely,\n\nJürgen Müller\nAcme Mining Ltd"])],
           workers=1, ocr=False)
    report = ingest(archive, [write(tmp_path / "in" / "m.eml", email())], workers=1, ocr=False)
    assert report.added[0]["senders"] == ["Acme Mining Ltd", "Jürgen Müller"]
    hits = search(archive, "from:acme kind:email date:2020-03")
    assert [h.doc_id for h in hits.hits] == [report.added[0]["id"]]


def test_same_attachment_sent_twice_is_stored_once(tmp_path, archive):
    first = ingest(archive, [_reply(tmp_path)], workers=1, ocr=False)
    again = _reply(tmp_path, "forward.eml", message_id="<fwd@acme-mining.com>", subject="Fwd: the letter")
    second = ingest(archive, [again], workers=1, ocr=False)
    assert len(second.added) == 1          # only the new message
    letter = first.added[1]["id"]
    assert {p["id"] for p in show_doc(archive, letter)["attached_to"]} == {first.added[0]["id"], second.added[0]["id"]}
    dup = ingest(archive, [again], workers=1, ocr=False)
    assert not dup.added and dup.duplicates[0]["id"] == second.added[0]["id"]


def test_passage_tagged_in_the_quoted_block_is_said_by_the_earlier_author(tmp_path, archive):
    mail = ingest(archive, [write(tmp_path / "in" / "r.eml", email(body=QUOTED_REPLY))], workers=1, ocr=False).added[0]
    quoted = passages.tag(archive, mail["id"], "Will Acme publish the human rights impact assessment?", "claim")
    assert (quoted["by"], quoted["said_on"]) == ("Helen Marsh", "2020-02-14")
    own = passages.tag(archive, mail["id"], "We will publish the assessment by June 2020.", "commitment")
    assert (own["by"], own["said_on"]) == ("Jürgen Müller", "2020-03-03")
    # The highlight has rectangles on the laid-out page.
    from app.library import span_rects
    assert span_rects(archive, mail["id"], quoted["page"], quoted["start"], quoted["end"])


def test_html_email_quote_and_search(tmp_path, archive):
    html = ("<p>Dear Ms Marsh,</p><p>We decline to publish.</p><div>On 14 February 2020, Helen Marsh "
            "&lt;helen@orw.org&gt; wrote:<blockquote><p>Please publish the audit.</p></blockquote></div>")
    mail = ingest(archive, [write(tmp_path / "in" / "h.eml", email(body="We decline to publish.", html=html))],
                  workers=1, ocr=False).added[0]
    assert search(archive, '"decline to publish"').hits[0].doc_id == mail["id"]


def test_docx_letter_is_ingested_with_letter_metadata(tmp_path, archive):
    report = ingest(archive, [write(tmp_path / "in" / "request.docx", word_letter(footnote="See annex."))],
                    workers=1, ocr=False)
    d = report.added[0]
    assert d["format"] == "docx" and d["date"] == "2020-02-14" and d["kind"] == "letter"
    hit = search(archive, "impact assessment").hits[0]
    assert hit.doc_id == d["id"]


def test_mailbox_is_a_folder_of_messages(tmp_path, archive):
    one = email(message_id="<a@orw.org>", subject="First", body="first body")
    two = email(message_id="<b@orw.org>", subject="Second", body="second body", in_reply_to="<a@orw.org>")
    box = b"".join(b"From someone@example.org Tue Mar  3 10:15:00 2020\n" + m.replace(b"\r\n", b"\n") + b"\n"
                   for m in (one, two))
    report = ingest(archive, [write(tmp_path / "in" / "inbox.mbox", box)], workers=1, ocr=False)
    assert sorted(a["title"] for a in report.added) == ["First", "Second"]
    assert {a["file"].rsplit("/", 1)[-1] for a in report.added} == {"message 1.eml", "message 2.eml"}
    bad = ingest(archive, [write(tmp_path / "in" / "empty.mbox", b"")], workers=1, ocr=False)
    assert bad.failed[0]["error"].startswith("empty: the mailbox has no messages")


def test_folder_ingest_picks_up_mail_and_word_files(tmp_path, archive):
    write(tmp_path / "box" / "a.eml", email())
    write(tmp_path / "box" / "b.docx", word_letter())
    write(tmp_path / "box" / "notes.txt", b"ignored")
    report = ingest(archive, [tmp_path / "box"], workers=1, ocr=False)
    assert len(report.added) == 2 and not report.failed


def test_damaged_word_file_fails_alone(tmp_path, archive):
    report = ingest(archive, [write(tmp_path / "in" / "broken.docx", b"PK\x03\x04garbage"),
                              write(tmp_path / "in" / "ok.eml", email())], workers=1, ocr=False)
    assert len(report.added) == 1
    assert report.failed[0]["error"].startswith("damaged: the Word file cannot be opened")


def test_reextract_and_lost_rendering_are_made_again(tmp_path, archive):
    mail = ingest(archive, [write(tmp_path / "in" / "r.eml", email(body=QUOTED_REPLY))], workers=1, ocr=False).added[0]
    p = passages.tag(archive, mail["id"], "Will Acme publish the human rights impact assessment?", "claim")
    rendered = rendered_path(archive.path, mail["id"])
    rendered.unlink()
    assert page_source(archive, mail["id"]).read_bytes().startswith(b"%PDF")
    result = reextract(archive, [mail["id"]], ocr=False)
    assert "error" not in result["documents"][0]
    assert not passages.get(archive, p["id"])["orphaned"]
    again = passages.tag(archive, mail["id"], "We expect an answer within a month.", "claim")
    assert again["by"] == "Helen Marsh"


def test_threading_by_headers_both_ways(tmp_path, archive):
    original = email(sender=("Helen Marsh", "helen@orw.org"), to=(("Jürgen Müller", "juergen@acme-mining.com"),),
                     subject="Publication", message_id="<q@orw.org>", when=datetime(2019, 7, 1, 9, 0, tzinfo=TZ),
                     body="Will you publish?")
    reply = email(in_reply_to="<q@orw.org>", references=["<q@orw.org>"], body="Yes.")
    # The reply arrives first; the link is made when the earlier message is added.
    r = ingest(archive, [write(tmp_path / "in" / "reply.eml", reply)], workers=1, ocr=False).added[0]
    o = ingest(archive, [write(tmp_path / "in" / "orig.eml", original)], workers=1, ocr=False).added[0]
    assert show_doc(archive, r["id"])["replies_to"]["id"] == o["id"]
    [conv] = conversations.list_conversations(archive, today=date(2020, 3, 10))
    view = conversations.get_conversation(archive, conv["id"], today=date(2020, 3, 10))
    assert [e["id"] for e in view["entries"]] == [o["id"], r["id"]]
    assert view["entries"][1]["gap_before"]["text"] == "no reply for 246 days"
    assert view["entries"][1]["replies_to"]["how"] == "headers"
    assert conversations.get_conversation(archive, "Helen Marsh")["id"] == conv["id"]
    # A wrong guess is unlinked and stays unlinked when documents are added again.
    conversations.unlink_reply(archive, r["id"])
    assert "replies_to" not in show_doc(archive, r["id"])
    from archive.conversations import link_replies
    with archive.transaction():
        link_replies(archive.db, [r["id"], o["id"]])
    assert "replies_to" not in show_doc(archive, r["id"])


LETTER_1 = ("Open Rights Watch\n\n14 February 2020\n\nAcme Mining Ltd\n\nDear Mr Müller,\n\nPlease publish the "
            "assessment.\n\nYours sincerely,\n\nHelen Marsh\nOpen Rights Watch")
LETTER_2 = ("Acme Mining Ltd\n\n16 September 2020\n\nOpen Rights Watch\n\nDear Ms Marsh,\n\nThank you for your "
            "letter of 14 February 2020. We will publish.\n\nYours sincerely,\n\nJürgen Müller\nAcme Mining Ltd")


def test_your_letter_of_links_letters_between_the_same_parties(tmp_path, archive):
    first = ingest(archive, [make_pdf(tmp_path / "in" / "1.pdf", [LETTER_1])], workers=1, ocr=False).added[0]
    second = ingest(archive, [make_pdf(tmp_path / "in" / "2.pdf", [LETTER_2])], workers=1, ocr=False).added[0]
    assert (first["date"], second["date"]) == ("2020-02-14", "2020-09-16")
    link = show_doc(archive, second["id"])["replies_to"]
    assert (link["id"], link["how"]) == (first["id"], "letter")
    view = conversations.get_conversation(archive, "Acme Mining Ltd", today=date(2020, 9, 20))
    assert view["entries"][1]["gap_before"]["text"] == "no reply for 215 days"


def test_the_letter_answered_can_arrive_after_its_answer_and_in_the_same_batch(tmp_path, archive):
    # The reply first: the earlier letter, added later, is found by the reply's "your letter of".
    second = ingest(archive, [make_pdf(tmp_path / "a" / "2.pdf", [LETTER_2])], workers=1, ocr=False).added[0]
    first = ingest(archive, [make_pdf(tmp_path / "b" / "1.pdf", [LETTER_1])], workers=1, ocr=False).added[0]
    link = show_doc(archive, second["id"])["replies_to"]
    assert (link["id"], link["how"]) == (first["id"], "letter")
    both = tmp_path / "both"
    make_pdf(both / "1.pdf", [LETTER_1.replace("Please publish", "Kindly publish")])
    make_pdf(both / "2.pdf", [LETTER_2.replace("We will publish", "We shall publish")])
    added = {a["date"]: a["id"] for a in ingest(archive, [both], workers=1, ocr=False).added}
    assert show_doc(archive, added["2020-09-16"])["replies_to"]["how"] == "letter"
    # The lookup of a day's letters reads an index, not the whole table.
    plan = " ".join(str(r) for r in archive.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM documents WHERE date = ? AND id != ? ORDER BY id", ["2020-02-14", "x"]))
    assert "documents_date_text" in plan


def test_conversation_commands(tmp_path, capsys):
    arch = str(tmp_path / "arch")
    write(tmp_path / "in" / "1.eml", email(sender=("Helen Marsh", "helen@orw.org"),
                                           to=(("Jürgen Müller", "juergen@acme-mining.com"),),
                                           message_id="<q@orw.org>", when=datetime(2019, 7, 1, tzinfo=TZ)))
    write(tmp_path / "in" / "2.eml", email(in_reply_to="<q@orw.org>"))
    assert main(["--archive", arch, "ingest", str(tmp_path / "in"), "--json"]) == 0
    added = json.loads(capsys.readouterr().out)["added"]
    assert main(["--archive", arch, "conversations", "--json"]) == 0
    [conv] = json.loads(capsys.readouterr().out)
    assert main(["--archive", arch, "conversation", conv["id"]]) == 0
    text = capsys.readouterr().out
    assert "no reply for 246 days" in text and "replies to" in text
    reply = next(a for a in added if a["date"] == "2020-03-03")["id"]
    assert main(["--archive", arch, "show", reply[:10]]) == 0
    assert "replies to" in capsys.readouterr().out
    assert main(["--archive", arch, "reply-unlink", reply[:10]]) == 0
    assert "unlinked" in capsys.readouterr().out
    assert main(["--archive", arch, "reply-unlink", reply[:10]]) == 2
    assert capsys.readouterr().err.startswith("error: document")
    assert main(["--archive", arch, "conversation", "nobody-at-all"]) == 1


def test_email_travels_in_a_bundle_and_its_pages_are_laid_out_again(tmp_path, archive):
    from app.bundle import export_bundle, import_bundle
    mail = ingest(archive, [write(tmp_path / "in" / "r.eml", email(body=QUOTED_REPLY))], workers=1, ocr=False).added[0]
    passages.tag(archive, mail["id"], "We will publish the assessment by June 2020.", "commitment")
    export_bundle(archive, tmp_path / "share.zip", docs=[mail["id"]])
    with Archive.open(tmp_path / "other") as other:
        import_bundle(other, tmp_path / "share.zip")
        assert other.store.read(mail["id"]) == archive.store.read(mail["id"])
        assert page_source(other, mail["id"]).read_bytes().startswith(b"%PDF")
        assert search(other, "kind:email publish").hits
        # The bundle carries the original: re-reading it brings back headers and quoted messages.
        reextract(other, [mail["id"]], ocr=False)
        assert show_doc(other, mail["id"])["message"]["message_id"] == "<reply-1@acme-mining.com>"
        quoted = passages.tag(other, mail["id"], "We expect an answer within a month.", "claim")
        assert quoted["by"] == "Helen Marsh"


def test_outlook_message_is_ingested_with_its_attachment(tmp_path, archive):
    from tests.msgmaker import outlook_message
    data = outlook_message(subject="Signed letter", sender=("Jürgen Müller", "juergen@acme-mining.com"),
                           to=[("Helen Marsh", "helen@orw.org")], when=datetime(2020, 3, 3, 9, 15, tzinfo=TZ),
                           body="Please find our letter attached.", message_id="<m1@acme-mining.com>",
                           attachments=[("signed.pdf", "application/pdf", letter_pdf())])
    report = ingest(archive, [write(tmp_path / "in" / "letter.msg", data)], workers=1, ocr=False)
    assert not report.failed and [a.get("format") for a in report.added] == ["msg", None]
    mail, letter = report.added
    assert letter["attached_to"] == mail["id"] and mail["kind"] == "email"
    assert page_source(archive, mail["id"]) == rendered_path(archive.path, mail["id"])
    assert search(archive, "kind:email attached").hits[0].doc_id == mail["id"]


def test_backup_and_restore_keep_emails_attachments_and_links(tmp_path, archive):
    from app.backup import create_backup, restore_backup
    report = ingest(archive, [_reply(tmp_path, in_reply_to="<q@orw.org>")], workers=1, ocr=False)
    mail = report.added[0]["id"]
    create_backup(archive, tmp_path / "b.zip")
    restore_backup(tmp_path / "b.zip", tmp_path / "restored")
    with Archive.open(tmp_path / "restored") as restored:
        shown = show_doc(restored, mail)
        assert [bool(a["id"]) for a in shown["attachments"]] == [True, True, False]
        assert shown["message"]["in_reply_to"] == "<q@orw.org>"
        assert page_source(restored, mail).read_bytes().startswith(b"%PDF")   # laid out again


def test_reading_an_email_is_bound_by_the_worker_time_limit(tmp_path, archive):
    report = ingest(archive, [_reply(tmp_path)], workers=1, ocr=False, timeout=0.001)
    assert not report.added and report.failed[0]["error"].startswith("timed out: reading took longer than")
    assert not archive.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]


def test_an_alias_for_a_domain_names_the_organisation_on_earlier_emails(tmp_path, archive):
    from app.parties import add_alias
    mail = ingest(archive, [write(tmp_path / "in" / "m.eml", email(sender=("Jürgen Müller", "jm@amx.example")))],
                  workers=1, ocr=False).added[0]
    assert show_doc(archive, mail["id"])["senders"] == ["Jürgen Müller"]
    with archive.transaction():
        from archive.parties import ensure_party
        ensure_party(archive.db, "Acme Mining Ltd")
    add_alias(archive, "Acme Mining Ltd", "amx.example")
    assert show_doc(archive, mail["id"])["senders"] == ["Acme Mining Ltd", "Jürgen Müller"]
    assert search(archive, "from:acme kind:email").hits


def test_an_email_attached_to_an_email_is_a_document_with_its_own_attachment(tmp_path, archive):
    inner = email(subject="The original", message_id="<inner@acme-mining.com>",
                  attachments=[("signed letter.pdf", "application/pdf", letter_pdf())])
    outer = email(sender=("Helen Marsh", "helen@orw.org"), to=(("Team", "team@orw.org"),), subject="Fwd: The original",
                  message_id="<fwd@orw.org>", attachments=[("original.eml", "message/rfc822", inner)])
    report = ingest(archive, [write(tmp_path / "in" / "fwd.eml", outer)], workers=1, ocr=False)
    titles = {a["title"]: a for a in report.added}
    assert set(titles) == {"Fwd: The original", "The original", "signed letter"}
    assert titles["The original"]["kind"] == "email"
    assert titles["The original"]["attached_to"] == titles["Fwd: The original"]["id"]
    assert titles["signed letter"]["attached_to"] == titles["The original"]["id"]


def test_same_day_emails_are_in_the_order_they_were_sent_across_time_zones(tmp_path, archive):
    ask = email(sender=("Helen Marsh", "helen@orw.org"), to=(("Jürgen Müller", "juergen@acme-mining.com"),),
                message_id="<a@orw.org>", subject="Question", when=datetime(2020, 3, 3, 9, 0, tzinfo=timezone.utc))
    answer = email(message_id="<b@acme-mining.com>", in_reply_to="<a@orw.org>", subject="Answer",
                   when=datetime(2020, 3, 3, 10, 30, tzinfo=TZ))     # 09:30 UTC
    ingest(archive, [write(tmp_path / "in" / "2.eml", answer), write(tmp_path / "in" / "1.eml", ask)],
           workers=1, ocr=False)
    view = conversations.get_conversation(archive, "Helen Marsh", today=date(2020, 3, 4))
    assert [e["title"] for e in view["entries"]] == ["Question", "Answer"]


def test_your_letter_of_inside_a_quoted_message_is_not_this_emails_reply(tmp_path, archive):
    first = ingest(archive, [make_pdf(tmp_path / "in" / "1.pdf", [LETTER_1])], workers=1, ocr=False).added[0]
    body = ("Noted, thank you.\n\nOn 20 February 2020, Helen Marsh <helen@orw.org> wrote:\n"
            "> Thank you for your letter of 14 February 2020.\n")
    quoting = email(sender=("Jürgen Müller", "juergen@acme-mining.com"), to=(("Helen Marsh", "helen@orw.org"),),
                    body=body, message_id="<x@acme-mining.com>")
    answer = email(sender=("Jürgen Müller", "juergen@acme-mining.com"), to=(("Helen Marsh", "helen@orw.org"),),
                   body="Thank you for your letter of 14 February 2020.", message_id="<y@acme-mining.com>")
    added = ingest(archive, [write(tmp_path / "in" / "q.eml", quoting), write(tmp_path / "in" / "a.eml", answer)],
                   workers=1, ocr=False).added
    assert "replies_to" not in show_doc(archive, added[0]["id"])
    assert show_doc(archive, added[1]["id"])["replies_to"]["id"] == first["id"]


def test_a_bundle_carries_an_email_with_its_headers_attachments_and_view(tmp_path, archive):
    from app.bundle import export_bundle, import_bundle
    ingest(archive, [_reply(tmp_path)], workers=1, ocr=False)
    export_bundle(archive, tmp_path / "share.zip", everything=True)
    other = Archive.open(tmp_path / "colleague")
    try:
        report = import_bundle(other, tmp_path / "share.zip", workers=1, ocr=False)
        mine = {d["id"]: show_doc(archive, d["id"]) for d in list_docs(archive)}
        for doc_id in report["documents_added"]:
            theirs = show_doc(other, doc_id)
            for key in ("message", "attachments", "attached_to", "quoted"):
                assert theirs.get(key) == mine[doc_id].get(key), key
        mail = next(d for d in mine.values() if d["kind"] == "email")
        assert page_source(other, mail["id"]) == rendered_path(other.path, mail["id"])
    finally:
        other.close()
