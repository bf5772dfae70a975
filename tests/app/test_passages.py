import json

import pytest

from app import passages, timeline
from app.check import check
from app.ingest import ingest
from app.reextract import replace_pages
from app.search import search
from archive.errors import BadInput, NotFound
from tests.conftest import make_pdf

COMPANY_2019 = ("Veridian Signals Ltd\n\nLondon, 3 December 2019\n\nMs. Anna Lindqvist\nOpen Rights Watch\n\n"
                "Dear Ms. Lindqvist,\n\nWe will publish a human rights impact assessment\nbefore the end of 2020. "
                "Our products are “only sold\nto vetted government agencies”.\n\nYours sincerely,\n\n"
                "Marta Kessler\nChief Executive Officer")
COMPANY_2020 = ("Veridian Signals Ltd\n\nLondon, 9 October 2020\n\nMs. Anna Lindqvist\nOpen Rights Watch\n\n"
                "Dear Ms. Lindqvist,\n\nWe do not control who our clients are. The impact assess-\nment will "
                "be published in due course.\n\nYours sincerely,\n\nVeridian Signals Ltd")
NGO_2021 = ("Open Rights Watch\n\nLondon, 27 April 2021\n\nMs. Marta Kessler\nVeridian Signals Ltd\n\n"
            "Dear Ms. Kessler,\n\nIn December 2019 you wrote: “We will publish a human rights impact assessment "
            "before the end of 2020.” It has not been published. We will publish this letter.\n\n"
            "Sincerely,\n\nAnna Lindqvist\nOpen Rights Watch")


@pytest.fixture
def docs(archive, tmp_path):
    paths = [make_pdf(tmp_path / "in" / f"{n}.pdf", [t]) for n, t in
             (("c2019", COMPANY_2019), ("c2020", COMPANY_2020), ("ngo2021", NGO_2021))]
    report = ingest(archive, paths, ocr=False)
    by_file = {a["file"].rsplit("/", 1)[1][:-4]: a["id"] for a in report.added}
    return by_file


def test_tag_from_typed_text_across_line_break_and_typographic_quotes(archive, docs):
    p = passages.tag(archive, docs["c2019"], "We will publish a human rights impact assessment before the end of 2020",
                     "commitment", threads=["HRIA publication"])
    assert p["quote"] == "We will publish a human rights impact assessment\nbefore the end of 2020"
    assert p["by"] == "Veridian Signals Ltd" and p["said_on"] == "2019-12-03" and p["status"] == "open"
    q = passages.tag(archive, docs["c2019"], 'Our products are "only sold to vetted government agencies"', "claim")
    assert "“only sold" in q["quote"]
    h = passages.tag(archive, docs["c2020"], "The impact assessment will be published", "commitment")
    assert "assess-\nment" in h["quote"]


def test_quote_said_earlier_in_a_later_letter(archive, docs):
    p = passages.tag(archive, docs["ngo2021"], "We will publish a human rights impact assessment before the end of 2020",
                     "commitment", by="Veridian Signals", on="2019-12")
    assert p["by"] == "Veridian Signals Ltd"   # matched by the contained name
    assert p["said_on"] == "2019-12" and p["date_precision"] == "month"
    assert p["doc_date"] == "2021-04-27"


def test_not_found_and_several_occurrences(archive, docs):
    with pytest.raises(NotFound, match="not found"):
        passages.tag(archive, docs["c2019"], "we will never publish anything", "claim")
    with pytest.raises(passages.QuoteAmbiguous) as exc:
        passages.tag(archive, docs["ngo2021"], "We will publish", "claim")
    assert len(exc.value.occurrences) == 2
    p = passages.tag(archive, docs["ngo2021"], "We will publish", "claim", occurrence=2)
    assert p["suffix"].startswith(" this letter")


def test_status_history_links_threads_and_filters(archive, docs):
    a = passages.tag(archive, docs["c2019"], "We will publish a human rights impact assessment", "commitment",
                     threads=["HRIA publication"])
    b = passages.tag(archive, docs["c2020"], "We do not control who our clients are", "claim")
    c = passages.tag(archive, docs["c2019"], "only sold to vetted government agencies", "claim")
    passages.link(archive, b["id"][:8], "contradicts", c["id"][:8])
    e = passages.edit(archive, a["id"], status="broken", status_note="not published by 2021",
                      evidence=b["id"], status_on="2021-01")
    assert e["status"] == "broken" and [h["status"] for h in e["history"]] == ["open", "broken"]
    assert e["history"][-1]["evidence_id"] == b["id"] and e["history"][-1]["on_date"] == "2021-01"
    assert passages.get(archive, c["id"])["links"] == [{"relation": "contradicts", "passage_id": b["id"], "direction": "in"}]
    assert [p["id"] for p in passages.query(archive, status="broken")] == [a["id"]]
    assert [p["id"] for p in passages.query(archive, thread="hria publication")] == [a["id"]]
    assert len(passages.query(archive, kind="claim", by="Veridian")) == 2
    with pytest.raises(BadInput):
        passages.edit(archive, b["id"], status="open")   # claims have no status
    with pytest.raises(BadInput):
        passages.link(archive, a["id"], "likes", b["id"])
    passages.unlink(archive, b["id"], "contradicts", c["id"])
    with pytest.raises(NotFound):
        passages.unlink(archive, b["id"], "contradicts", c["id"])


def test_search_reaches_passages_and_notes(archive, docs):
    a = passages.tag(archive, docs["c2019"], "We will publish a human rights impact assessment", "commitment",
                     note="Compare with the board minutes", threads=["HRIA publication"])
    assert search(archive, "kind:commitment status:open").hits[0].passage_id == a["id"]
    assert search(archive, "minutes kind:commitment").total == 1
    assert search(archive, 'assessment by:"Veridian Signals Ltd" thread:"HRIA publication"').total == 1
    assert search(archive, "status:broken").total == 0
    passages.edit(archive, a["id"], status="broken")
    assert search(archive, "status:broken").total == 1


def test_passage_survives_text_change_or_is_orphaned(archive, docs):
    a = passages.tag(archive, docs["c2019"], "We will publish a human rights impact assessment", "commitment")
    b = passages.tag(archive, docs["c2019"], "only sold to vetted government agencies", "claim")
    layout = archive.db.execute("SELECT * FROM pages WHERE doc_id = ?", [docs["c2019"]]).fetchone()
    # Re-extraction shifted the text (an OCR pass added a header) and lost the claim.
    text = "RECEIVED 5 DEC 2019\n" + layout[2].replace("only sold\nto vetted government agencies", "[illegible]")
    page = {"number": 1, "text": text, "words": None, "width": 595, "height": 842, "rotation": 0,
            "source": "ocr", "problem": ""}
    report = replace_pages(archive, docs["c2019"], [page])
    assert report["moved"] == [a["id"]] and report["orphaned"] == [b["id"]]
    moved = passages.get(archive, a["id"])
    assert text[moved["start"]:moved["end"]] == moved["quote"]
    assert passages.get(archive, b["id"])["orphaned"] is True
    problems = check(archive, verify_hashes=False)
    assert [p["kind"] for p in problems] == ["orphaned-passage"]
    assert [p["id"] for p in passages.query(archive, orphaned=True)] == [b["id"]]


def test_timeline_orders_by_when_said_and_keeps_undated(archive, docs):
    a = passages.tag(archive, docs["ngo2021"], "It has not been published", "rebuttal", on="2021-04-27")
    b = passages.tag(archive, docs["c2019"], "We will publish a human rights impact assessment", "commitment", on="2019")
    c = passages.tag(archive, docs["c2020"], "We do not control who our clients are", "claim")
    archive.db.execute("UPDATE passages SET said_on = NULL, said_on_sort = 0 WHERE id = ?", [c["id"]])
    passages.link(archive, a["id"], "rebuts", b["id"])
    tl = timeline.build(archive)
    assert [e["passage_id"] for e in tl["events"]] == [b["id"], a["id"]]
    assert tl["events"][0]["date"] == "2019" and tl["events"][0]["date_precision"] == "year"
    assert [e["passage_id"] for e in tl["undated"]] == [c["id"]]
    assert tl["events"][1]["links"] == [{"relation": "rebuts", "passage_id": b["id"], "direction": "out"}]
    js = json.loads(timeline.export(tl, "timelinejs"))
    assert js["events"][0]["start_date"]["year"] in (2019, "2019") and "month" not in js["events"][0]["start_date"]
    assert js["events"][0]["unique_id"] == b["id"]
    ranged = timeline.build(archive, date_from="2020", date_to="2021-12")
    assert [e["passage_id"] for e in ranged["events"]] == [a["id"]] and ranged["undated"]
    for fmt in ("csv", "json", "html", "md"):
        assert "It has not been published" in timeline.export(tl, fmt)
    ann = json.loads(timeline.annotations(archive))
    assert ann["total"] == 3 and len(ann["first"]["items"]) == 3


def test_untag_removes_passage_links_and_index_entry(archive, docs):
    a = passages.tag(archive, docs["c2019"], "We will publish a human rights impact assessment", "commitment")
    b = passages.tag(archive, docs["c2020"], "We do not control who our clients are", "claim")
    passages.link(archive, b["id"], "contradicts", a["id"])
    gone = passages.untag(archive, a["id"])
    assert gone["quote"].startswith("We will publish")
    assert passages.get(archive, b["id"])["links"] == []
    assert search(archive, "kind:commitment").total == 0
    assert check(archive) == []
