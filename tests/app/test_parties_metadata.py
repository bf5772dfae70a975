"""Correcting what was read: parties renamed, merged and deleted; metadata read again from the originals."""
import json
import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from archive.pdftext import tesseract_available
from tests.archive.test_pdftext import _scan
from tests.conftest import LETTER, ROOT, make_pdf

LETTERS = Path(ROOT).parent / "shared" / "letters"


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def arch(tmp_path, capsys):
    path = str(tmp_path / "arch")
    pdf = make_pdf(tmp_path / "in" / "letter.pdf", [LETTER])
    code, out, _ = run(capsys, "--archive", path, "ingest", str(pdf), "--json")
    assert code == 0
    return path


def parties(capsys, arch):
    code, out, _ = run(capsys, "--archive", arch, "parties", "--json")
    assert code == 0
    return {p["name"]: p for p in json.loads(out)}


def test_rename_keeps_the_old_name_as_an_alias(arch, capsys):
    [sender] = [n for n, p in parties(capsys, arch).items() if p["documents"]][:1]
    code, out, _ = run(capsys, "--archive", arch, "party-rename", sender, "Open Rights Watch (ORW)", "--json")
    assert code == 0 and json.loads(out)["name"] == "Open Rights Watch (ORW)"
    listed = parties(capsys, arch)
    assert sender not in listed and sender in listed["Open Rights Watch (ORW)"]["aliases"]
    code, out, _ = run(capsys, "--archive", arch, "search", f'from:"{sender}"', "--json")
    assert code == 0 and json.loads(out)["total"] >= 1  # the old spelling still finds the letter


def test_merge_moves_documents_and_passages(arch, capsys):
    code, out, _ = run(capsys, "--archive", arch, "docs", "--json")
    [doc] = json.loads(out)
    code, _, _ = run(capsys, "--archive", arch, "tag", doc["id"][:8], "--quote", "undertook to publish a human rights", "--kind",
                     "commitment", "--by", "Acme Holdings", "--json")
    assert code == 0
    code, out, _ = run(capsys, "--archive", arch, "party-merge", "Acme Holdings", doc["recipients"][0], "--json")
    assert code == 0
    listed = parties(capsys, arch)
    assert "Acme Holdings" not in listed
    assert listed[doc["recipients"][0]]["passages"] == 1
    assert "Acme Holdings" in listed[doc["recipients"][0]]["aliases"]


def test_delete_takes_a_party_off_its_documents_but_never_off_passages(arch, capsys):
    code, out, _ = run(capsys, "--archive", arch, "docs", "--json")
    [doc] = json.loads(out)
    junk = doc["recipients"][-1]
    code, out, _ = run(capsys, "--archive", arch, "party-delete", junk, "--json")
    assert code == 0 and json.loads(out)["documents"] == [doc["id"]]
    code, out, _ = run(capsys, "--archive", arch, "show", doc["id"][:8], "--json")
    assert junk not in json.loads(out)["recipients"]
    run(capsys, "--archive", arch, "tag", doc["id"][:8], "--quote", "undertook to publish a human rights", "--kind", "claim",
        "--by", doc["senders"][0])
    code, _, err = run(capsys, "--archive", arch, "party-delete", doc["senders"][0])
    assert code == 2 and err.startswith("error:") and "party-merge" in err
    code, _, err = run(capsys, "--archive", arch, "party-delete", "Nobody At All")
    assert code != 0 and "no party named" in err


def test_a_corrected_sender_is_no_party_any_more(arch, capsys):
    code, out, _ = run(capsys, "--archive", arch, "docs", "--json")
    [doc] = json.loads(out)
    before = set(parties(capsys, arch))
    code, _, _ = run(capsys, "--archive", arch, "edit", doc["id"][:8], "--sender", "Open Rights Watch")
    assert code == 0
    after = parties(capsys, arch)
    removed = before - set(after)
    assert removed == set(doc["senders"]) - {"Open Rights Watch"}
    assert all(p["documents"] or p["passages"] for p in after.values())


def test_reread_metadata_keeps_hand_corrections_and_reports_changes(arch, capsys):
    code, out, _ = run(capsys, "--archive", arch, "docs", "--json")
    [doc] = json.loads(out)
    db = sqlite3.connect(Path(arch) / "papertrail.db")
    with db:  # what an older reading left: a wrong title and a junk sender, never touched by a person
        db.execute("UPDATE documents SET title = 'Coalition letter, page 2', title_conf = 0.7 WHERE id = ?",
                   [doc["id"]])
    db.close()
    run(capsys, "--archive", arch, "edit", doc["id"][:8], "--date", "2020-03-04")
    code, out, _ = run(capsys, "--archive", arch, "reread-metadata", "--dry-run", "--json")
    assert code == 0
    report = json.loads(out)
    [change] = report["changed"]
    assert change["fields"]["title"][0] == "Coalition letter, page 2" and "date" not in change["fields"]
    code, out, _ = run(capsys, "--archive", arch, "show", doc["id"][:8], "--json")
    assert json.loads(out)["title"] == "Coalition letter, page 2"  # a dry run changes nothing
    code, out, _ = run(capsys, "--archive", arch, "reread-metadata")
    assert code == 0 and "changed 1 of 1 document(s)" in out
    code, out, _ = run(capsys, "--archive", arch, "show", doc["id"][:8], "--json")
    shown = json.loads(out)
    assert shown["title"] == doc["title"] and shown["date"] == "2020-03-04"


@pytest.mark.skipif(not (LETTERS / "truth.json").is_file(), reason="../shared/letters is not present")
def test_the_labelled_letters_are_read_at_least_as_well_as_today():
    from bench.bench_letters import below_floors, run as run_bench
    result = run_bench(LETTERS)
    assert below_floors(result) == [], result["report"]


def _letter_to(company: str) -> str:
    return (f"12 May 2021\n\nMr. Sundar Pichai\nChief Executive Officer\n{company}\n1600 Amphitheatre Parkway\n"
            "Mountain View, CA 94043\n\nDear Mr. Pichai,\n\nWe write about the transparency report and ask you "
            "to publish the figures for every country.\n\nSincerely,\n\nJane Doe\nDirector\nAccess Now\n")


def test_reread_metadata_reports_no_change_when_a_name_is_how_the_archive_knows_a_party(tmp_path, capsys):
    # The second letter reads "Google Inc", which the archive stores as the Google it knows: read
    # again, the letter still names "Google Inc", and that is no change.
    path = str(tmp_path / "arch")
    for name, company in (("a.pdf", "Google"), ("b.pdf", "Google Inc")):
        pdf = make_pdf(tmp_path / "in" / name, [_letter_to(company).replace("12 May", "1" + name[0] + " May")])
        assert run(capsys, "--archive", path, "ingest", str(pdf))[0] == 0
    docs = json.loads(run(capsys, "--archive", path, "docs", "--json")[1])
    assert all("Google" in d["recipients"] for d in docs) and "Google Inc" not in parties(capsys, path)
    code, out, _ = run(capsys, "--archive", path, "reread-metadata", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["changed"] == []


SCANNED_LETTER = ["FAIR WAGE NETWORK", "", "14 March 2022", "", "Ms. Ana Ruiz", "Minera Andina", "Santiago",
                  "", "Dear Ms. Ruiz,", "", "We ask you to publish the audit of your suppliers.", "",
                  "Yours sincerely,", "", "Maria Lopez", "Director", "Fair Wage Network"]


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed")
def test_a_scans_lines_are_rebuilt_from_its_ocr_words_as_ocr_gave_them(tmp_path):
    from archive.pdftext import extract, ocr_layout
    ex = extract(_scan(tmp_path, ["\n".join(SCANNED_LETTER)]), ocr=True)
    page = ex.pages[0]
    assert page.source == "ocr"
    read, rebuilt = ex.layout[1], ocr_layout(1, page.text, page.words)
    assert [line[0] for line in rebuilt] == [line[0] for line in read]
    for a, b in zip(read, rebuilt):   # the same place; a line's box reaches a letter past its words'
        assert abs(a[1] - b[1]) < 2 and abs(a[2] - b[2]) < 2 and abs(a[4] - b[4]) < 2, (a, b)
        assert -2 < a[3] - b[3] < 1.5 * (a[3] - a[1]) / len(a[0]) + 1, (a, b)
    assert len({line[5] for line in rebuilt}) == 1 and not any(line[6] for line in rebuilt)


@pytest.mark.skipif(not tesseract_available() or not (LETTERS / "012.pdf").is_file(),
                    reason="Tesseract or ../shared/letters is not present")
def test_reread_metadata_reads_a_scan_as_ingest_did(tmp_path, capsys):
    # A scan has no text layer to lay out when it is read again: its lines come from the words
    # OCR found, so the signatures under its last paragraph are read as they were.
    path = str(tmp_path / "arch")
    assert run(capsys, "--archive", path, "ingest", str(LETTERS / "012.pdf"))[0] == 0
    [doc] = json.loads(run(capsys, "--archive", path, "docs", "--json")[1])
    assert {"Michel Tubiana", "Sidiki Kaba"} <= set(doc["senders"])
    code, out, _ = run(capsys, "--archive", path, "reread-metadata", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["changed"] == []


@pytest.mark.skipif(not (LETTERS / "score.py").is_file(), reason="../shared/letters is not present")
def test_the_letters_in_other_layouts_are_read_at_least_as_well_as_today(tmp_path):
    from bench.bench_letters import LAYOUT_FLOORS, below_floors, run as run_bench
    from bench.layouts import make
    result = run_bench(make(tmp_path / "layouts"))
    assert result["fields"]["date"]["of"] == 24
    assert below_floors(result, LAYOUT_FLOORS) == [], result["report"]
