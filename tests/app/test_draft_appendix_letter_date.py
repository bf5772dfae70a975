"""The appendix lists only what the letter could know of: commitments and inconsistent claims made after the
letter's date stay out of it (undated ones stay in), when it is made and when it is refreshed."""
import docx

from app import passages
from app.cli import main
from app.draft import build_draft, commitments_appendix, load_draft, refresh_appendix, save_draft
from tests.app.rights_letter import CEO_CLAIM, CONFIDENTIALITY, NOVALPINA, NSO_2020, ingest_letters

OVERSIGHT = "describe your oversight"
UNDATED = "We ask you to publish the assessment"


def _tagged(archive, tmp_path) -> dict[str, str]:
    ids = ingest_letters(archive, tmp_path / "in")
    tag = passages.tag
    p = {"early": tag(archive, ids["letter"], NOVALPINA, "commitment", by="Novalpina Capital", on="2019-02"),
         "late": tag(archive, ids["letter"], CONFIDENTIALITY, "commitment", by="NSO Group", on="2021-03"),
         "undated": tag(archive, ids["letter"], UNDATED, "commitment", by="NSO Group"),
         "old": tag(archive, ids["ceo"], CEO_CLAIM, "claim", by="NSO Group"),                  # March 2019
         "new": tag(archive, ids["letter"], NSO_2020, "claim", by="NSO Group", on="2020-06"),
         "later": tag(archive, ids["letter"], OVERSIGHT, "claim", by="NSO Group", on="2021-04-27")}
    passages.edit(archive, p["undated"]["id"], on="")
    assert passages.get(archive, p["undated"]["id"])["said_on"] is None
    passages.link(archive, p["new"]["id"], "contradicts", p["old"]["id"])
    passages.link(archive, p["later"]["id"], "contradicts", p["old"]["id"])
    return {name: passage["id"] for name, passage in p.items()}


def _shape(rows) -> tuple[set, list]:
    """The commitments' passages, and each set of inconsistent statements as its passages."""
    commitments = {r.source.passage_id for r in rows if r.kind == "commitment"}
    sets = [{r.source.passage_id, *r.others} for r in rows if r.kind == "inconsistent"]
    return commitments, sets


def _draft(archive, p, date):
    return build_draft(archive, "Mr. Chaim Gelfand", ["Access Now"], "HRIA", passage_ids=list(p.values()),
                       appendix=True, date=date)


def test_a_letter_leaves_out_commitments_and_claims_made_after_its_date(archive, tmp_path):
    p = _tagged(archive, tmp_path)
    rows = _draft(archive, p, "2020-12-01").blocks[-1].rows
    assert _shape(rows) == ({p["early"], p["undated"]}, [{p["old"], p["new"]}])
    [pair] = [r for r in rows if r.kind == "inconsistent"]
    assert OVERSIGHT not in pair.undertaking and CONFIDENTIALITY not in " ".join(r.undertaking for r in rows)
    # The window's appendix (everything in the archive) leaves out the same.
    assert _shape(commitments_appendix(archive, [], "2020-12-01").rows) == _shape(rows)
    # A partial date that may fall on the letter's date is not after it.
    assert _shape(_draft(archive, p, "2021-03-01").blocks[-1].rows)[0] == {p["early"], p["late"], p["undated"]}
    # A letter dated later lists them all, the later claim in the same set.
    later = _draft(archive, p, "2021-06-01").blocks[-1].rows
    assert _shape(later) == ({p["early"], p["late"], p["undated"]}, [{p["old"], p["new"], p["later"]}])


def test_a_refresh_takes_out_what_the_letters_date_no_longer_covers(archive, tmp_path):
    p = _tagged(archive, tmp_path)
    draft = _draft(archive, p, "2021-06-01")
    for row in draft.blocks[-1].rows:
        row.open_questions = "Typed by the author?"
    draft.date = "2020-12-01"                        # the author moves the letter's date earlier
    fresh = refresh_appendix(archive, load_draft(archive, save_draft(archive, draft)))
    rows = fresh.blocks[-1].rows
    assert _shape(rows) == ({p["early"], p["undated"]}, [{p["old"], p["new"]}])
    [pair] = [r for r in rows if r.kind == "inconsistent"]
    # The set lost a statement: its words go with it; what the author typed stays.
    assert OVERSIGHT not in pair.undertaking and NSO_2020[:30] in pair.undertaking
    assert {r.open_questions for r in rows} == {"Typed by the author?"}
    # Refreshed again on the same date: nothing changes.
    assert refresh_appendix(archive, fresh).blocks[-1].rows == rows


def test_draft_export_refresh_leaves_out_a_commitment_whose_date_was_corrected(archive, tmp_path, capsys):
    p = _tagged(archive, tmp_path)
    passages.edit(archive, p["late"], on="2020-11")        # first recorded as made before the letter
    draft_id = save_draft(archive, _draft(archive, p, "2020-12-01"))
    passages.edit(archive, p["late"], on="2021-03")        # corrected: made after it
    archive.close()
    out = tmp_path / "letter.docx"
    argv = ["--archive", str(tmp_path / "archive"), "draft-export", str(draft_id), "--format", "docx",
            "--output", str(out)]
    assert main(argv) == 0, capsys.readouterr().err
    assert CONFIDENTIALITY in _undertakings(out)            # not refreshed: the stored row stays
    assert main(argv + ["--refresh-appendix"]) == 0, capsys.readouterr().err
    undertakings = _undertakings(out)
    assert CONFIDENTIALITY not in undertakings and NOVALPINA in undertakings and UNDATED in undertakings


def _undertakings(path) -> str:
    [table] = [t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == "Undertaking"]
    return "\n".join(row.cells[0].text for row in table.rows[1:])
