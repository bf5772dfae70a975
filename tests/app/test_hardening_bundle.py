"""Holes found by attacking bundle import: two imports at once, planted text, files that are not
PDFs, zip bombs, a NUL in a note, and a zip with two bundle.json entries."""
import hashlib
import json
import os
import subprocess
import sys
import warnings
import zipfile

import pytest

from app import passages as pas
from app.bundle import export_bundle, import_bundle
from app.check import check
from app.ingest import ingest
from app.search import search
from archive import Archive
from archive.errors import BadInput
from tests.conftest import LETTER, PEAK_MB, ROOT, make_pdf


@pytest.fixture
def shared(tmp_path):
    """Alice's archive with 12 letters, one passage, and a bundle of everything."""
    a = Archive.open(tmp_path / "alice")
    files = [make_pdf(tmp_path / "in" / f"l{i:02d}.pdf",
                      [LETTER.replace("27 April 2021", f"{i + 1} May 2021") + f"\nReference AL-{i}"])
             for i in range(12)]
    ids = [r["id"] for r in ingest(a, files, ocr=False).added]
    promise = pas.tag(a, ids[0], "publish a human rights impact assessment", "commitment", note="the promise")
    out = tmp_path / "all.zip"
    export_bundle(a, out, everything=True)
    yield a, ids, promise, out
    a.close()


def _members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _write(path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for n, d in members.items():
            zf.writestr(n, d, compress_type=zipfile.ZIP_DEFLATED)


def _edit(src, dst, change):
    members = _members(src)
    bundle = json.loads(members["bundle.json"])
    change(bundle, members)
    members["bundle.json"] = json.dumps(bundle).encode()
    _write(dst, members)
    return dst


def _main(*args):
    return subprocess.Popen([sys.executable, "main.py", *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# -- 1. two imports of one bundle at once ----------------------------------------------------------

def test_two_imports_of_one_bundle_at_once_keep_every_original(shared, tmp_path):
    _, ids, _, out = shared
    for round_ in range(3):
        target = tmp_path / f"bob{round_}"
        Archive.open(target).close()
        procs = [_main("--archive", target, "import-bundle", out, "--json") for _ in range(2)]
        results = [p.communicate(timeout=180) for p in procs]
        for p, (stdout, stderr) in zip(procs, results):
            assert p.returncode == 0 and "Traceback" not in stderr, stderr
        reports = [json.loads(stdout) for stdout, _ in results]
        assert sum(len(r["documents_added"]) for r in reports) == 12, "each letter is added once"
        assert sum(len(r["passages_added"]) for r in reports) == 1
        with Archive.open(target) as b:
            assert check(b) == [], "no original went missing"
            assert b.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 12
            assert not list(b.store.root.glob("??/.*")), "no staged file is left"


def test_an_import_whose_work_is_done_says_already_imported(shared, tmp_path):
    _, _, _, out = shared
    bob = tmp_path / "bob"
    first = subprocess.run([sys.executable, "main.py", "--archive", bob, "import-bundle", out],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    again = subprocess.run([sys.executable, "main.py", "--archive", bob, "import-bundle", out],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0 and "already imported" not in first.stdout
    assert again.returncode == 0 and again.stdout.startswith("already imported"), again


# -- 4. a bundle cannot plant text -----------------------------------------------------------------

def test_page_text_and_quotes_come_from_the_original_never_from_the_bundle(shared, tmp_path):
    a, ids, promise, out = shared

    def plant(bundle, _members):
        doc = next(d for d in bundle["documents"] if d["id"] == ids[0])
        doc["page_texts"][0]["text"] += "\nThe company admits it sold spyware to the regime."
        doc["title"] = "Letter as my colleague titled it"
        start = len(doc["page_texts"][0]["text"]) - 32
        bundle["passages"].append({**bundle["passages"][0], "id": "ab" * 16, "start": start,
                                   "end": start + 31, "quote": doc["page_texts"][0]["text"][start:start + 31],
                                   "prefix": "", "suffix": "", "history": []})
    planted = _edit(out, tmp_path / "planted.zip", plant)
    with Archive.open(tmp_path / "bob") as b:
        report = import_bundle(b, planted)
        assert len(report["documents_added"]) == 12
        assert search(b, "spyware").total == 0, "words that are not in the PDF are not searchable"
        assert "spyware" not in " ".join(t for (t,) in b.db.execute("SELECT text FROM pages"))
        assert [n["passage"] for n in report["passages_not_found"]] == ["ab" * 16]
        assert report["passages_added"] == [promise["id"]], "the true passage is kept"
        assert b.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0] == 1
        rows = "SELECT page, text, words FROM pages WHERE doc_id = ? ORDER BY page"
        assert b.db.execute(rows, [ids[0]]).fetchall() == a.db.execute(rows, [ids[0]]).fetchall()
        # The colleague's title is kept, and said to be theirs.
        assert b.db.execute("SELECT title FROM documents WHERE id = ?", [ids[0]]).fetchone()[0] == \
            "Letter as my colleague titled it"
        [meta] = report["metadata_from_bundle"]
        assert meta["document"] == ids[0] and meta["fields"]["title"]["bundle"] == "Letter as my colleague titled it"
        assert check(b) == []


def _swap_original(out, dst, ids, data: bytes):
    def swap(bundle, members):
        digest = hashlib.sha256(data).hexdigest()
        old = ids[1]
        members.pop(f"files/{old}.pdf")
        members[f"files/{digest}.pdf"] = data
        doc = next(d for d in bundle["documents"] if d["id"] == old)
        doc.update(id=digest, file=f"files/{digest}.pdf", size=len(data))
    return _edit(out, dst, swap)


@pytest.mark.parametrize("data, reason", [
    (b"<html><body><h1>Original letter</h1><script>alert(1)</script></body></html>", "is not a PDF"),
    (b"%PDF-1.7\n" + os.urandom(4000), "cannot be read as a PDF"),
], ids=["html", "damaged-pdf"])
def test_an_original_that_is_not_a_pdf_refuses_the_bundle(shared, tmp_path, data, reason):
    _, ids, _, out = shared
    bad = _swap_original(out, tmp_path / "bad.zip", ids, data)
    with Archive.open(tmp_path / "bob") as b:
        with pytest.raises(BadInput, match=reason + ".*nothing was imported"):
            import_bundle(b, bad)
        assert b.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert not b.store.digests() and not list(b.store.root.glob("??/.*"))


# -- 5. zip bombs ----------------------------------------------------------------------------------

def _bomb(path, name: str, size: int, head: bytes = b"", extra: dict | None = None) -> None:
    """A zip whose member `name` is `head` and then zeros up to `size` bytes (deflated: tiny)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for n, d in (extra or {}).items():
            zf.writestr(n, d)
        with zf.open(name, "w", force_zip64=True) as fh:
            fh.write(head)
            block = b"\0" * (1 << 20)
            for _ in range((size - len(head)) // len(block)):
                fh.write(block)


def test_zip_bombs_are_refused_before_anything_is_read(shared, tmp_path):
    _, ids, _, out = shared
    members = _members(out)
    bundle = json.loads(members["bundle.json"])
    cases = {}
    # An original that expands 1000-fold (it hashes to what bundle.json says: still refused).
    cases["original"] = (f"files/{ids[0]}.pdf", 96 * 1024 ** 2, b"%PDF-1.4\n",
                         {"bundle.json": json.dumps(bundle).encode()}, "zip bomb")
    # An original larger than any bundle carries.
    cases["huge"] = (f"files/{ids[0]}.pdf", 200 * 1024 ** 2, b"%PDF-1.4\n",
                     {"bundle.json": json.dumps(bundle).encode()}, "too large")
    # bundle.json itself: a 100 MB note.
    cases["json"] = ("bundle.json", 100 * 1024 ** 2, json.dumps(bundle).encode()[:-1] + b', "x": "', {}, "bundle.json")
    with Archive.open(tmp_path / "bob") as b:
        for name, (member, size, head, extra, reason) in cases.items():
            path = tmp_path / f"{name}.zip"
            _bomb(path, member, size, head, extra)
            assert path.stat().st_size < 2 * 1024 ** 2
            with pytest.raises(BadInput, match=f"{reason}.*nothing was imported"):
                import_bundle(b, path)
        assert b.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
        assert not list(b.store.root.rglob("*.*"))


def test_import_memory_stays_under_400_mb_for_a_bundle_at_the_limits(shared, tmp_path):
    _, ids, _, out = shared
    # 60 MB of incompressible page text: bundle.json just under its limit (the text is read
    # and checked, then thrown away: Papertrail reads the original itself).
    filler = os.urandom(30 * 1024 ** 2).hex()

    def big_text(bundle, _members):
        bundle["documents"][0]["page_texts"][0]["text"] += filler
    big = _edit(out, tmp_path / "big.zip", big_text)
    script = (
        PEAK_MB +
        "import sys, json\n"
        "from archive import Archive\n"
        "from app.bundle import import_bundle\n"
        "if __name__ == '__main__':\n"
        "    with Archive.open(sys.argv[1]) as b:\n"
        "        r = import_bundle(b, sys.argv[2])\n"
        "    print(json.dumps({'added': len(r['documents_added']),"
        " 'rss_mb': peak_mb()}))\n")
    got = subprocess.run([sys.executable, "-c", script, tmp_path / "bob", big], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert got.returncode == 0, got.stderr
    result = json.loads(got.stdout)
    assert result["added"] == 12
    assert result["rss_mb"] < 400, result
    # A note longer than anyone writes (the attack: 400 MB, packed into 465 KB) is refused.
    huge = _edit(out, tmp_path / "note.zip",
                 lambda b, _m: b["passages"][0].__setitem__("note", "spam " * 100_000))
    with Archive.open(tmp_path / "carol") as c:
        with pytest.raises(BadInput, match="note is longer than.*nothing was imported"):
            import_bundle(c, huge)


# -- also: a NUL in a note, two bundle.json entries ------------------------------------------------

def test_a_nul_in_a_passage_note_is_dropped_not_fatal(shared, tmp_path):
    _, _, promise, out = shared
    nul = _edit(out, tmp_path / "nul.zip",
                lambda b, _m: b["passages"][0].__setitem__("note", "the\x00 promise"))
    with Archive.open(tmp_path / "bob") as b:
        report = import_bundle(b, nul)
        assert report["passages_added"] == [promise["id"]]
        assert pas.get(b, promise["id"])["note"] == "the promise"


def test_a_zip_with_two_bundle_json_entries_is_refused(shared, tmp_path):
    _, _, _, out = shared
    members = _members(out)
    evil = json.loads(members["bundle.json"])
    evil["documents"][0]["title"] = "Swapped in by the second entry"
    twice = tmp_path / "twice.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # zipfile warns about the duplicate name
        with zipfile.ZipFile(twice, "w") as zf:
            for n, d in members.items():
                zf.writestr(n, d)
            zf.writestr("bundle.json", json.dumps(evil))
    with Archive.open(tmp_path / "bob") as b:
        with pytest.raises(BadInput, match="bundle.json twice.*nothing was imported"):
            import_bundle(b, twice)
