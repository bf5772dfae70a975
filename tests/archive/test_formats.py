"""Readers for e-mail and Word files: detection, HTML bodies, quoted messages, layout, footnotes."""
import pytest

from archive.extractor import extract_job
from archive.formats import detect
from archive.formats.html_text import html_to_text
from archive.formats.quoted import find_quoted
from archive.formats.render import Block, map_spans, render_pages, source_text
from tests.mailmaker import DOCX_TYPE, QUOTED_REPLY, email, letter_pdf, word_letter


def test_detect_by_content_and_name():
    assert detect(letter_pdf(), "x.eml") == "pdf"
    assert detect(email(), "") == "eml"
    assert detect(word_letter(), "letter.bin") == "docx"
    assert detect(b"From x@y Mon Jan  1 00:00:00 2020\nFrom: a@b\n\nhi\n", "box.mbox") == "mbox"
    assert detect(b"nope", "bad.pdf") == "pdf"     # the PDF reader says "not a PDF"


def test_html_body_keeps_paragraphs_and_marks_blockquotes():
    text = html_to_text("<html><head><style>p{color:red}</style></head><body><p>First  para</p>"
                        "<p>Second<br>line</p><div>On 3 March 2020, Jane wrote:<blockquote><p>Old text</p>"
                        "</blockquote></div><ul><li>one</li><li>two</li></ul></body></html>")
    assert text.split("\n") == ["First para", "", "Second", "line", "", "On 3 March 2020, Jane wrote:",
                                "", "> Old text", ">", "• one", "• two"]


def test_quoted_block_has_author_and_date():
    [q] = find_quoted(QUOTED_REPLY)
    assert (q.author, q.address, q.date.iso()) == ("Helen Marsh", "helen@orw.org", "2020-02-14")
    assert QUOTED_REPLY[q.start:q.end].startswith("> Will Acme publish")
    assert QUOTED_REPLY[q.start:q.end].endswith("within a month.")


def test_nested_and_outlook_quotes():
    text = ("Thanks.\n\nOn Tue, 3 Mar 2020 at 10:00, Jane Doe <jane@acme.com> wrote:\n> Yes.\n>\n"
            "> On 1 March 2020, Bob <bob@orw.org> wrote:\n>> Will you?\n")
    quotes = find_quoted(text)
    assert [(q.author, q.date.iso()) for q in quotes] == [("Jane Doe", "2020-03-03"), ("Bob", "2020-03-01")]
    outlook = ("Fine by me.\n\n-----Original Message-----\nFrom: Jane Doe <jane@acme.com>\n"
               "Sent: Monday, 2 March 2020 09:00\nTo: Bob\nSubject: plan\n\nThe plan is agreed.\n")
    [q] = find_quoted(outlook)
    assert (q.author, q.date.iso()) == ("Jane Doe", "2020-03-02") and "plan is agreed" in outlook[q.start:q.end]
    assert find_quoted("No quotes here.\n> but a stray chevron line\n") == []


def test_layout_maps_source_spans_to_page_offsets():
    blocks = [Block("h1", "Title"), Block("p", "alpha beta " * 1500), Block("quote", "> gamma delta")]
    pdf, pages = render_pages(blocks)
    assert pdf.startswith(b"%PDF") and len(pages) >= 2 and all(p.words for p in pages)
    source = source_text(blocks)
    start = source.index("> gamma")
    [pieces] = map_spans(source, [(start, len(source))], [p.text for p in pages])
    page, a, b = pieces[-1]
    assert pages[page - 1].text[a:b] == "> gamma delta"


def test_eml_metadata_from_headers_with_rfc2047_and_attachments():
    data = email(body=QUOTED_REPLY, subject="Réponse — évaluation", attachments=[
        ("signed letter.pdf", "application/pdf", letter_pdf()),
        ("annex.docx", DOCX_TYPE, word_letter()),
        ("logo.png", "image/png", b"\x89PNG fake")])
    assert b"=?utf-8?" in data.lower()           # the headers really are encoded
    r = extract_job(data, "reply.eml", None, False)
    assert r["ok"], r
    meta = r["meta"]
    assert (meta.title, meta.kind, meta.date.iso(), meta.senders, meta.recipients) == (
        "Réponse — évaluation", "email", "2020-03-03", ["Jürgen Müller"], ["Helen Marsh"])
    assert min(meta.title_conf, meta.date_conf, meta.senders_conf, meta.recipients_conf, meta.kind_conf) == 1.0
    assert r["message"]["sent_at"] == "2020-03-03T10:15:00+01:00"
    assert [a["name"] for a in r["attachments"]] == ["signed letter.pdf", "annex.docx", "logo.png"]
    assert [bool(a["id"]) for a in r["attachments"]] == [True, True, False]
    pdf_child, docx_child = r["children"]
    assert pdf_child["meta"].date.iso() == "2020-03-03" and "Jürgen Müller" in pdf_child["meta"].senders
    assert docx_child["format"] == "docx"
    [q] = r["quotes"]
    text = r["pages"][q["page"] - 1]["text"]
    assert text[q["start"]:q["end"]].startswith("> Will Acme publish") and q["author"] == "Helen Marsh"


def test_html_only_email_body_is_text():
    from email.message import EmailMessage
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = "a@orw.org", "b@acme.com", "html"
    m["Date"] = "Tue, 03 Mar 2020 10:15:00 +0000"
    m.set_content("<p>Hello <b>there</b></p><p>Second paragraph</p>", subtype="html")
    r = extract_job(m.as_bytes(), "h.eml", None, False)
    assert "Hello there\n\nSecond paragraph" in r["pages"][0]["text"]


def test_docx_headings_tables_footnotes_and_metadata():
    data = word_letter(table=[["Year", "Sites"], ["2019", "12"]], footnote="Published on the company website.")
    r = extract_job(data, "letter.docx", None, False)
    assert r["ok"] and r["format"] == "docx"
    text = r["pages"][0]["text"]
    flat = " ".join(text.split())
    for part in ("Human rights impact assessment", "Open Rights Watch[1]", "Year Sites 2019 12",
                 "[1] Published on the company website."):
        assert part in flat
    assert r["meta"].date.iso() == "2020-02-14"
    assert "Open Rights Watch" in r["meta"].senders or "Helen Marsh" in r["meta"].senders


def test_long_docx_is_paginated():
    r = extract_job(word_letter([f"Paragraph {i} " + "word " * 60 for i in range(80)]), "long.docx", None, False)
    assert len(r["pages"]) > 3 and [p["number"] for p in r["pages"]] == list(range(1, len(r["pages"]) + 1))


@pytest.mark.parametrize("name,data,reason", [
    ("broken.docx", b"PK\x03\x04 not really a zip", "damaged: the Word file cannot be opened"),
    ("empty.eml", b"", "not an e-mail: the file is empty"),
    ("notes.eml", b"just some words\nwithout headers\n", "not an e-mail: the file has no message headers"),
    ("broken.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "damaged: the Outlook message cannot be read"),
    ("notes.txt", b"plain words", "unsupported: .txt files cannot be read; add PDF, e-mail"),
    ("bad.pdf", b"nope", "not a PDF: no PDF header"),
])
def test_damaged_files_fail_with_one_line(name, data, reason):
    r = extract_job(data, name, None, False)
    assert not r["ok"] and r["error"].startswith(reason) and "\n" not in r["error"]


def test_outlook_msg_headers_recipients_attachment_and_quote():
    from datetime import datetime, timezone
    from tests.msgmaker import outlook_message
    data = outlook_message(subject="Réponse — HRIA", sender=("Jürgen Müller", "juergen@acme-mining.com"),
                           to=[("Helen Marsh", "helen@orw.org")], cc=[("Bob Stone", "bob@orw.org")],
                           when=datetime(2020, 3, 3, 9, 15, tzinfo=timezone.utc), body=QUOTED_REPLY,
                           message_id="<m1@acme-mining.com>", in_reply_to="<q@orw.org>",
                           attachments=[("signed.pdf", "application/pdf", letter_pdf())])
    assert detect(data, "") == "msg"          # the attached PDF inside does not make it a PDF
    r = extract_job(data, "reply.msg", None, False)
    assert r["ok"], r
    assert (r["format"], r["meta"].title, r["meta"].kind, r["meta"].senders, r["meta"].recipients) == (
        "msg", "Réponse — HRIA", "email", ["Jürgen Müller"], ["Helen Marsh", "Bob Stone"])
    assert r["message"]["cc"] == [["Bob Stone", "bob@orw.org"]]
    assert (r["message"]["message_id"], r["message"]["in_reply_to"]) == ("<m1@acme-mining.com>", "<q@orw.org>")
    assert r["message"]["sent_at"] == "2020-03-03T09:15:00+00:00"
    assert r["attachments"][0]["id"] and r["children"][0]["meta"].date.iso() == "2020-03-03"
    assert r["quotes"][0]["author"] == "Helen Marsh"


@pytest.mark.parametrize("name", ["x.eml", "x.docx", "x.msg", "x.mbox", "x"])
def test_any_bytes_give_a_result_or_a_one_line_reason(name):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    prefixes = st.sampled_from([b"", b"From: a@b\nSubject: s\n\n", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])

    @settings(max_examples=40, deadline=None)
    @given(prefixes, st.binary(max_size=600))
    def check(prefix, tail):
        r = extract_job(prefix + tail, name, None, False)
        assert r["ok"] or (r["error"] and "\n" not in r["error"] and len(r["error"]) < 300)

    check()


@pytest.mark.parametrize("line,author,address", [
    ("On 3 March 2020, Helen Marsh <helen@orw.org> wrote:", "Helen Marsh", "helen@orw.org"),
    ("On Tue, Mar 3, 2020 at 10:00 AM Jane Doe <jane@acme.com> wrote:", "Jane Doe", "jane@acme.com"),
    ("On Mar 3, 2020, at 10:00 AM, Jane Doe <jane@acme.com> wrote:", "Jane Doe", "jane@acme.com"),
    ("On Tue, 3 Mar 2020 at 10:00, jane@acme.com wrote:", "", "jane@acme.com"),
    ("Le 3 mars 2020 à 10:00, Jean Dupont <jean@asso.fr> a écrit :", "Jean Dupont", "jean@asso.fr"),
    ("El mar, 3 mar 2020 a las 10:00, Juan Pérez (<juan@ong.org>) escribió:", "Juan Pérez", "juan@ong.org"),
    ("Am 03.03.2020 um 10:00 schrieb Hans Maier <hans@x.de>:", "Hans Maier", "hans@x.de"),
])
def test_attribution_lines_of_common_mail_programs(line, author, address):
    [q] = find_quoted(f"Reply text.\n\n{line}\n> Quoted text.\n")
    assert (q.author, q.address, q.date.iso()) == (author, address, "2020-03-03")
