"""Export files as other programs open them: CSV for Excel, TimelineJS, W3C Web Annotations."""
import csv
import io
import json

import pytest

from app.cli import main
from tests.conftest import LETTER, make_pdf

SPANISH = LETTER.replace("Open Rights Watch", "Coalición Derechos")


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def tagged(tmp_path, capsys):
    """An archive with a commitment (status changed once, with a note) rebutted by a claim, and an
    undated passage in a thread of its own."""
    arch = str(tmp_path / "arch")
    pdf = make_pdf(tmp_path / "in" / "letter.pdf", [SPANISH])
    code, out, _ = run(capsys, "--archive", arch, "ingest", str(pdf), "--json")
    doc = json.loads(out)["added"][0]["id"]

    def tag(*argv):
        code, out, err = run(capsys, "--archive", arch, "tag", doc, "--json", *argv)
        assert code == 0, err
        return json.loads(out)["id"]
    promise = tag("--quote", "publish a human rights impact assessment", "--kind", "commitment",
                  "--by", "Veridian Signals", "--on", "2019-12", "--thread", "HRIA")
    rebuttal = tag("--quote", "no such assessment has been published", "--kind", "rebuttal",
                   "--by", "Coalición Derechos", "--on", "2021-04-27", "--thread", "HRIA")
    undated = tag("--quote", "describe the independent oversight", "--kind", "claim", "--thread", "Oversight")
    run(capsys, "--archive", arch, "passage-edit", undated, "--on", "")
    assert run(capsys, "--archive", arch, "link", rebuttal, "rebuts", promise)[0] == 0
    code, _, err = run(capsys, "--archive", arch, "passage-edit", promise, "--status", "broken",
                       "--status-on", "2021-01-01", "--status-note", "no report by the deadline",
                       "--evidence", rebuttal)
    assert code == 0, err
    return {"arch": arch, "promise": promise, "rebuttal": rebuttal, "undated": undated}


def test_csv_file_has_a_bom_for_excel_and_sortable_date_columns(tagged, tmp_path, capsys):
    out_file = tmp_path / "timeline.csv"
    code, _, err = run(capsys, "--archive", tagged["arch"], "timeline", "--format", "csv", "--output", str(out_file))
    assert code == 0, err
    raw = out_file.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    # what Excel does with a BOM: decode as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    by_id = {r["Passage ID"]: r for r in rows}
    assert by_id[tagged["rebuttal"]]["Said by"] == "Coalición Derechos"
    assert (by_id[tagged["promise"]]["Date"], by_id[tagged["promise"]]["Date start"],
            by_id[tagged["promise"]]["Date end"]) == ("2019-12", "2019-12-01", "2019-12-31")
    assert (by_id[tagged["rebuttal"]]["Date start"], by_id[tagged["rebuttal"]]["Date end"]) == ("2021-04-27",) * 2
    assert (by_id[tagged["undated"]]["Date start"], by_id[tagged["undated"]]["Date end"]) == ("", "")
    # standard output stays plain UTF-8 for scripts
    code, out, _ = run(capsys, "--archive", tagged["arch"], "timeline", "--format", "csv")
    assert out.startswith("Date,")


def test_search_results_csv_has_a_bom(tagged, tmp_path):
    from app.saved_searches import export_results_csv
    from archive import Archive
    with Archive.open(tagged["arch"], create=False) as archive:
        assert export_results_csv(archive, "assessment", tmp_path / "hits.csv") == 1
    assert (tmp_path / "hits.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_timelinejs_without_dated_passages_is_an_error(tagged, tmp_path, capsys):
    out_file = tmp_path / "tl.json"
    code, out, err = run(capsys, "--archive", tagged["arch"], "timeline", "--format", "timelinejs",
                         "--thread", "Oversight", "--output", str(out_file))
    assert code == 1 and err.startswith("error: no dated passages match") and "1 undated" in err
    assert not out_file.exists()
    code, out, err = run(capsys, "--archive", tagged["arch"], "timeline", "--format", "timelinejs",
                         "--status", "withdrawn")
    assert code == 1 and out == "" and "widen the filters" in err


def test_a_misspelt_thread_is_an_error_in_every_format(tagged, capsys):
    for fmt in ("timelinejs", "csv", "json"):
        code, out, err = run(capsys, "--archive", tagged["arch"], "timeline", "--format", fmt, "--thread", "HRAI")
        assert code == 1 and out == ""
        assert err == "error: no thread named 'HRAI'; did you mean 'HRIA'?\n"
    code, _, _ = run(capsys, "--archive", tagged["arch"], "timeline", "--format", "json", "--thread", "hria")
    assert code == 0      # thread names ignore case, as everywhere else


def test_timelinejs_slides_show_links_and_status_history(tagged, capsys):
    code, out, _ = run(capsys, "--archive", tagged["arch"], "timeline", "--format", "timelinejs")
    slides = {s["unique_id"]: s["text"]["text"] for s in json.loads(out)["events"]}
    promise, rebuttal = slides[tagged["promise"]], slides[tagged["rebuttal"]]
    assert "Status history:" in promise
    assert "<li>open" in promise and "broken, 1 January 2021: no report by the deadline" in promise
    assert "(evidence: “no such assessment has been published”)" in promise
    assert "rebuts ← “no such assessment has been published” (Coalición Derechos, 27 April 2021)" in promise
    assert "rebuts → “publish a human rights impact assessment” (Veridian Signals Ltd, December 2019)" in rebuttal


def test_web_annotations_carry_links_history_and_a_modified_that_follows_the_status(tagged, tmp_path, capsys):
    from archive import Archive

    def items():
        out_file = tmp_path / "anno.jsonld"
        assert run(capsys, "--archive", tagged["arch"], "annotations", "--output", str(out_file))[0] == 0
        data = json.loads(out_file.read_text(encoding="utf-8"))
        return {item["id"]: item for item in data["first"]["items"]}

    from app.timeline.export import _iri
    promise = items()[_iri(tagged["promise"])]
    tags = [b["value"] for b in promise["body"] if b.get("purpose") == "tagging"]
    assert f"linked-from:rebuts:{_iri(tagged['rebuttal'])}" in tags
    history = [b["value"] for b in promise["body"] if b.get("purpose") == "describing"]
    assert history[0].startswith("status open") and history[1].startswith("status broken, 1 January 2021")
    rebuttal = items()[_iri(tagged["rebuttal"])]
    assert f"link:rebuts:{_iri(tagged['promise'])}" in [b["value"] for b in rebuttal["body"]]

    # Push every stamp into the past, then change only the status: modified follows it.
    with Archive.open(tagged["arch"], create=False) as archive:
        with archive.transaction():
            for table, column in (("passages", "updated_at"), ("passages", "created_at"),
                                  ("status_history", "recorded_at"), ("links", "created_at")):
                archive.db.execute(f"UPDATE {table} SET {column} = '2020-01-01T00:00:00+00:00'")
    before = items()[_iri(tagged["promise"])]
    assert before["modified"] == "2020-01-01T00:00:00Z"
    assert run(capsys, "--archive", tagged["arch"], "passage-edit", tagged["promise"], "--status", "fulfilled")[0] == 0
    after = items()[_iri(tagged["promise"])]
    assert after["modified"] > "2025" and after["created"] == "2020-01-01T00:00:00Z"
    assert items()[_iri(tagged["undated"])]["modified"] == "2020-01-01T00:00:00Z"
