"""Sharing bundles: export a thread, import it elsewhere exactly, merge without duplicates, refuse bad bundles."""
import json
import zipfile

import pytest

from app import passages as pas
from app.backup import Cancelled
from app.bundle import export_bundle, import_bundle
from app.check import check
from app.cli import main
from app.ingest import ingest
from app.parties import add_alias
from app.progress import Cancel
from app.search import search
from archive import Archive
from archive.errors import BadInput
from tests.conftest import LETTER, cancel_at, make_pdf

REPLY = """Veridian Signals Ltd
Harbour House, Dublin

Dublin, 14 May 2021

Ms. Anna Lindqvist
Director, Open Rights Watch

Dear Ms. Lindqvist,

Thank you for your letter. The assessment is complete and will be published
in the third quarter of 2021, together with a summary of the oversight measures.

Yours sincerely,

Marta Kessler
Chief Executive Officer
"""


@pytest.fixture
def source(tmp_path):
    a = Archive.open(tmp_path / "alice")
    letter = make_pdf(tmp_path / "in" / "letter.pdf", [LETTER, "Annex: list of products."])
    reply = make_pdf(tmp_path / "in" / "reply.pdf", [REPLY])
    other = make_pdf(tmp_path / "in" / "other.pdf", ["An unrelated memo about office plants."])
    report = ingest(a, [letter, reply, other], ocr=False)
    ids = {r["file"].rsplit("/", 1)[1]: r["id"] for r in report.added}
    promise = pas.tag(a, ids["letter.pdf"], "publish a human rights impact assessment", "commitment",
                      by="Veridian Signals Ltd", on="2019-12-03", threads=["HRIA"], note="the 2019 promise")
    answer = pas.tag(a, ids["reply.pdf"], "will be published in the third quarter of 2021", "claim",
                     threads=["HRIA", "Oversight"])
    pas.edit(a, promise["id"], status="broken", status_note="not published by end 2020",
             evidence=answer["id"])
    pas.link(a, answer["id"], "responds-to", promise["id"])
    pas.tag(a, ids["other.pdf"], "office plants", "claim", threads=["Other"])
    add_alias(a, "Veridian Signals Ltd", "Veridian")
    yield a, ids, promise, answer
    a.close()


def test_export_then_import_is_exact(source, tmp_path):
    a, ids, promise, answer = source
    out = tmp_path / "hria.zip"
    info = export_bundle(a, out, threads=["HRIA"])
    assert (info["documents"], info["passages"], info["links"]) == (2, 2, 1)
    with Archive.open(tmp_path / "bob") as b:
        report = import_bundle(b, out)
        assert sorted(report["documents_added"]) == sorted([ids["letter.pdf"], ids["reply.pdf"]])
        assert len(report["passages_added"]) == 2 and report["conflicts"] == []
        assert check(b) == []
        for doc_id in report["documents_added"]:
            mine = a.db.execute("SELECT title, date, kind, pages FROM documents WHERE id = ?", [doc_id]).fetchone()
            theirs = b.db.execute("SELECT title, date, kind, pages FROM documents WHERE id = ?", [doc_id]).fetchone()
            assert mine == theirs
            rows = "SELECT page, text, words, width, height FROM pages WHERE doc_id = ? ORDER BY page"
            assert a.db.execute(rows, [doc_id]).fetchall() == b.db.execute(rows, [doc_id]).fetchall()
            assert b.store.read(doc_id) == a.store.read(doc_id)
        got = pas.get(b, promise["id"])
        assert got["status"] == "broken" and got["by"] == "Veridian Signals Ltd"
        assert [h["status"] for h in got["history"]] == ["open", "broken"]
        assert got["history"][-1]["evidence_id"] == answer["id"]
        assert got["threads"] == ["HRIA"] and got["note"] == "the 2019 promise"
        assert {"relation": "responds-to", "passage_id": answer["id"], "direction": "in"} in got["links"]
        assert pas.get(b, answer["id"])["threads"] == ["HRIA", "Oversight"]
        assert search(b, "third quarter").total == 1
        assert search(b, "from:Veridian").total == 1, "aliases come along"
        assert not search(b, "office plants").total, "documents outside the selection stay home"


def test_import_twice_duplicates_nothing_and_reports_conflicts(source, tmp_path):
    a, ids, promise, _ = source
    out = tmp_path / "hria.zip"
    export_bundle(a, out, threads=["HRIA"])
    with Archive.open(tmp_path / "bob") as b:
        import_bundle(b, out)
        counts = [b.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "pages", "passages", "status_history", "links", "parties")]
        pas.edit(b, promise["id"], note="Bob's note", status="fulfilled")
        again = import_bundle(b, out)
        assert again["documents_added"] == [] and again["passages_added"] == []
        assert len(again["documents_present"]) == 2 and len(again["passages_present"]) == 2
        fields = {c["field"]: c for c in again["conflicts"]}
        assert set(fields) == {"note", "status"}
        assert fields["note"]["here"] == "Bob's note" and fields["note"]["bundle"] == "the 2019 promise"
        assert pas.get(b, promise["id"])["note"] == "Bob's note", "local edits are never overwritten"
        assert pas.get(b, promise["id"])["status"] == "fulfilled"
        assert [b.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("documents", "pages", "passages", "status_history", "links", "parties")] == \
            [counts[0], counts[1], counts[2], counts[3] + 1, counts[4], counts[5]]


def test_same_passage_tagged_independently_is_recognised(source, tmp_path):
    a, ids, _, _ = source
    out = tmp_path / "hria.zip"
    export_bundle(a, out, threads=["HRIA"])
    with Archive.open(tmp_path / "bob") as b:
        ingest(b, [tmp_path / "in" / "reply.pdf"], ocr=False)
        mine = pas.tag(b, ids["reply.pdf"], "will be published in the third quarter of 2021", "commitment")
        report = import_bundle(b, out)
        assert mine["id"] in report["passages_present"]
        assert report["documents_present"] == [ids["reply.pdf"]]
        assert {c["field"] for c in report["conflicts"] if c["passage"] == mine["id"]} >= {"kind"}
        assert b.db.execute("SELECT COUNT(*) FROM passages WHERE doc_id = ?", [ids["reply.pdf"]]).fetchone()[0] == 1
        assert check(b) == []


def test_passages_on_a_document_whose_text_differs_here_are_found_again_or_reported(source, tmp_path):
    a, ids, promise, answer = source
    out = tmp_path / "hria.zip"
    export_bundle(a, out, threads=["HRIA"])
    with Archive.open(tmp_path / "bob") as b:
        ingest(b, [tmp_path / "in" / "letter.pdf", tmp_path / "in" / "reply.pdf"], ocr=False)
        # Bob's text of the two letters differs (as after OCR on one side only).
        with b.transaction():
            b.db.execute("UPDATE pages SET text = 'Preface added here. ' || text WHERE doc_id = ? AND page = 1",
                         [ids["letter.pdf"]])
            b.db.execute("UPDATE pages SET text = 'Nothing of the reply survived.' WHERE doc_id = ?",
                         [ids["reply.pdf"]])
        b.rebuild_index()
        report = import_bundle(b, out)
        assert report["documents_present"] == sorted([ids["letter.pdf"], ids["reply.pdf"]])
        moved = pas.get(b, promise["id"])
        assert (moved["start"], moved["end"]) == (promise["start"] + 20, promise["end"] + 20)
        assert not moved["orphaned"] and moved["quote"] == promise["quote"]
        # A quote that is not in the text read here is reported and left out, never planted.
        assert report["passages_orphaned"] == []
        assert [n["passage"] for n in report["passages_not_found"]] == [answer["id"]]
        assert b.db.execute("SELECT COUNT(*) FROM passages WHERE id = ?", [answer["id"]]).fetchone()[0] == 0
        assert pas.get(b, promise["id"])["history"][-1]["evidence_id"] is None


def _state(archive):
    """Everything an import could change: every row, and every file in the archive folder."""
    rows = list(archive.db.conn.iterdump())
    files = {str(p.relative_to(archive.path)): p.read_bytes() for p in sorted(archive.path.rglob("*"))
             if p.is_file() and not p.name.endswith(("-wal", "-shm"))}
    return rows, files


@pytest.mark.parametrize("after", [1, 3], ids=["after-the-first-file", "after-the-last-file"])
def test_cancelled_share_leaves_no_file_and_an_older_one_untouched(source, tmp_path, after):
    a, _, _, _ = source
    out = tmp_path / "all.zip"
    cancel, progress = cancel_at(after)
    with pytest.raises(Cancelled, match="sharing cancelled; no file was written"):
        export_bundle(a, out, everything=True, progress=progress, cancel=cancel)
    assert not out.exists()
    out.write_bytes(b"what was shared last week")
    cancel, progress = cancel_at(after)
    with pytest.raises(Cancelled):
        export_bundle(a, out, everything=True, progress=progress, cancel=cancel)
    assert out.read_bytes() == b"what was shared last week"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alice", "all.zip", "in"], "no temp files are left"
    seen = []
    info = export_bundle(a, out, everything=True, progress=lambda *args: seen.append(args), cancel=Cancel())
    assert info["documents"] == 3 and [(d, t) for d, t, _ in seen] == [(1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("after", [1, 2], ids=["after-the-first-file", "after-the-last-file"])
def test_cancelled_import_leaves_the_archive_exactly_as_it_was(source, tmp_path, after):
    a, ids, _, _ = source
    out = tmp_path / "all.zip"
    export_bundle(a, out, everything=True)
    with Archive.open(tmp_path / "bob") as b:
        # Bob already has the letter and a passage of his own: two of the three letters are new.
        ingest(b, [tmp_path / "in" / "letter.pdf"], ocr=False)
        pas.tag(b, ids["letter.pdf"], "no such assessment has been published", "claim", threads=["Mine"])
        before = _state(b)
        cancel, progress = cancel_at(after)
        with pytest.raises(Cancelled, match="import cancelled; the archive was not changed"):
            import_bundle(b, out, progress=progress, cancel=cancel)
        assert _state(b) == before
        assert check(b) == [] and search(b, "third quarter").total == 0
        report = import_bundle(b, out, cancel=Cancel())
        assert len(report["documents_added"]) == 2
        assert search(b, "third quarter").total == 1


def _rewrite(src, dst, change_json=None, extra=None, drop=(), replace=None):
    with zipfile.ZipFile(src) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    bundle = json.loads(members["bundle.json"])
    if change_json:
        change_json(bundle)
    members["bundle.json"] = json.dumps(bundle).encode()
    members.update(extra or {})
    members.update(replace or {})
    with zipfile.ZipFile(dst, "w") as zf:
        for n, d in members.items():
            if n not in drop:
                zf.writestr(n, d)


def test_bad_bundles_are_refused_and_change_nothing(source, tmp_path):
    a, ids, _, _ = source
    good = tmp_path / "good.zip"
    export_bundle(a, good, threads=["HRIA"])
    first = f"files/{ids['letter.pdf']}.pdf"

    def set_doc(key, value):
        return lambda b: b["documents"][0].__setitem__(key, value)

    def set_passage(key, value):
        return lambda b: b["passages"][0].__setitem__(key, value)

    cases = {
        "escape": dict(extra={"../../etc/evil.pdf": b"x"}),
        "absolute": dict(extra={"/tmp/evil.pdf": b"x"}),
        "file-points-out": dict(change_json=set_doc("file", "../x.pdf")),
        "hash-mismatch": dict(replace={first: b"%PDF-1.4 tampered"}),
        "missing-file": dict(drop=(first,)),
        "bad-kind": dict(change_json=set_passage("kind", "promise")),
        "offsets-outside": dict(change_json=set_passage("end", 10 ** 6)),
        "wrong-type": dict(change_json=set_doc("pages", "two")),
        "newer-format": dict(change_json=lambda b: b.__setitem__("version", 99)),
        "not-a-bundle": dict(change_json=lambda b: b.__setitem__("format", "something")),
        "surrogate": dict(change_json=set_doc("title", "\udc80")),
        "link-outside": dict(change_json=lambda b: b["links"][0].__setitem__("target", "f" * 32)),
    }
    with Archive.open(tmp_path / "bob") as b:
        before = b.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        for name, how in cases.items():
            bad = tmp_path / f"{name}.zip"
            _rewrite(good, bad, **how)
            with pytest.raises(BadInput, match="nothing was imported"):
                import_bundle(b, bad)
        (tmp_path / "junk.zip").write_bytes(b"PK not really")
        with pytest.raises(BadInput):
            import_bundle(b, tmp_path / "junk.zip")
        assert b.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == before == 0
        assert b.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 0
        assert not b.store.digests() and not list(b.store.root.glob("??/.*"))
    assert not (tmp_path / "etc").exists() and not (tmp_path.parent / "etc" / "evil.pdf").exists()


def test_cli_export_and_import(source, tmp_path, capsys):
    a, ids, promise, _ = source
    out = tmp_path / "cli.zip"
    code = main(["--archive", str(a.path), "export-bundle", "--output", str(out), "--passage", promise["id"][:8],
                 "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["passages"] == 1
    bob = str(tmp_path / "bob")
    assert main(["--archive", bob, "import-bundle", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["passages_added"] == [promise["id"]]
    assert main(["--archive", bob, "passage-edit", promise["id"][:8], "--kind", "claim"]) == 0
    capsys.readouterr()
    assert main(["--archive", bob, "import-bundle", str(out)]) == 1
    text = capsys.readouterr().out
    assert "conflict" in text and "kind is 'claim' here, 'commitment' in the bundle" in text
    assert main(["--archive", str(a.path), "export-bundle", "--output", str(out)]) == 2
    assert capsys.readouterr().err.startswith("error: choose what to share")
    assert main(["--archive", str(a.path), "export-bundle", "--output", str(out), "--thread", "nope"]) == 1
    assert main(["--archive", bob, "import-bundle", str(tmp_path / "missing.zip")]) == 2
    assert "no such bundle file" in capsys.readouterr().err
