"""Restoring a passage from the dict untag() or get() returned: what undo and redo rely on."""
import pytest

from app import passages
from app.ingest import ingest
from app.search import search
from archive.errors import BadInput, NotFound
from tests.conftest import make_pdf

A = ("Veridian Signals Ltd\n\nLondon, 3 December 2019\n\nMs. Anna Lindqvist\nOpen Rights Watch\n\n"
     "Dear Ms. Lindqvist,\n\nWe will publish a human rights impact assessment before the end of 2020.\n\n"
     "Yours sincerely,\n\nMarta Kessler\nVeridian Signals Ltd")
B = ("Open Rights Watch\n\nLondon, 27 April 2021\n\nMs. Marta Kessler\nVeridian Signals Ltd\n\n"
     "Dear Ms. Kessler,\n\nNo assessment has been published, and the deadline has passed.\n"
     "The annual report confirms nothing was published.\n\n"
     "Sincerely,\n\nAnna Lindqvist\nOpen Rights Watch")


@pytest.fixture
def three(archive, tmp_path):
    report = ingest(archive, [make_pdf(tmp_path / "in" / "a.pdf", [A]), make_pdf(tmp_path / "in" / "b.pdf", [B])],
                    ocr=False)
    ids = {r["file"].rsplit("/", 1)[1][0]: r["id"] for r in report.added}
    promise = passages.tag(archive, ids["a"], "We will publish a human rights impact assessment", "commitment",
                           threads=["HRIA"], note="the key promise")
    reply = passages.tag(archive, ids["b"], "No assessment has been published", "rebuttal", threads=["HRIA"])
    proof = passages.tag(archive, ids["b"], "The annual report confirms nothing was published", "claim")
    passages.link(archive, reply["id"], "rebuts", promise["id"])
    passages.edit(archive, promise["id"], status="broken", status_on="2021-01", status_note="deadline passed",
                  evidence=proof["id"])
    return promise["id"], reply["id"], proof["id"]


def comparable(p):
    keep = {k: v for k, v in p.items() if k not in ("updated_at", "evidence_for")}
    keep["history"] = [{k: v for k, v in h.items()} for h in p["history"]]
    return keep


def test_untag_then_restore_brings_back_everything(archive, three):
    promise, reply, _proof = three
    before = passages.get(archive, promise)
    gone = passages.untag(archive, promise)
    assert passages.get(archive, reply)["links"] == []
    with pytest.raises(NotFound):
        passages.get(archive, promise)
    back = passages.restore(archive, gone)
    assert comparable(back) == comparable(before)
    assert back["status"] == "broken" and back["history"][-1]["note"] == "deadline passed"
    assert passages.get(archive, reply)["links"] == [{"relation": "rebuts", "passage_id": promise, "direction": "out"}]
    hits = search(archive, 'thread:HRIA "key promise"')
    assert any(h.passage_id == promise for h in hits.hits)


def test_restoring_an_evidence_passage_repoints_the_status_history_that_cited_it(archive, three):
    promise, _reply, proof = three
    gone = passages.untag(archive, proof)
    assert passages.get(archive, promise)["history"][-1]["evidence_id"] is None
    assert gone["evidence_for"]
    passages.restore(archive, gone)
    assert passages.get(archive, promise)["history"][-1]["evidence_id"] == proof


def test_restore_over_an_edited_passage_undoes_the_edit(archive, three):
    promise, _reply, _proof = three
    before = passages.get(archive, promise)
    passages.edit(archive, promise, kind="claim", by="Someone Else", on="2018", note="changed", threads=["X"])
    passages.restore(archive, before)
    assert comparable(passages.get(archive, promise)) == comparable(before)


def test_links_to_passages_that_are_gone_are_skipped(archive, three):
    promise, reply, _proof = three
    gone = passages.untag(archive, promise)
    passages.untag(archive, reply)
    back = passages.restore(archive, gone)
    assert back["links"] == []


def test_restore_refuses_incomplete_input_and_missing_documents(archive, three):
    promise, _reply, _proof = three
    with pytest.raises(BadInput, match="lacks"):
        passages.restore(archive, {"id": "x"})
    gone = passages.untag(archive, promise)
    gone["doc_id"] = "0" * 64
    with pytest.raises(NotFound, match="no longer in the archive"):
        passages.restore(archive, gone)
