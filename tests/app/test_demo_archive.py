"""Tests for the demo archive: the demo letters ingested, tagged, linked and threaded."""

from app import passages, timeline
from app.check import check
from app.demo import demo_tags
from app.demo_archive import load_demo
from app.parties import list_parties
from app.search import search


def test_demo_archive_comes_tagged_linked_and_threaded(archive):
    summary = load_demo(archive)
    tags = demo_tags()
    assert summary["failed"] == []
    assert summary["documents"] == 13
    assert summary["passages"] == len(tags["passages"])
    assert summary["links"] == len(tags["links"])
    all_passages = passages.query(archive)
    statuses = {p["status"] for p in all_passages if p["kind"] == "commitment"}
    assert {"broken", "partly-fulfilled"} <= statuses
    assert {t["name"] for t in passages.threads(archive)} >= {"HRIA publication", "Independent oversight"}
    # Aliases make every spelling find the company.
    assert passages.query(archive, by="Veridian") == passages.query(archive, by="Veridian Signals Ltd")
    assert search(archive, '"never been sold"').total >= 1
    assert check(archive) == []
    # Loading again adds nothing twice.
    again = load_demo(archive)
    assert again["documents"] == 0 and len(passages.query(archive)) == len(all_passages)


def test_the_ceo_and_her_company_are_separate_parties_on_either_side_of_the_contradiction(archive):
    load_demo(archive)
    listed = {p["name"]: p for p in list_parties(archive)}
    assert "Marta Kessler" in listed and "Veridian Signals Ltd" in listed
    assert not any("Kessler" in alias for alias in listed["Veridian Signals Ltd"]["aliases"])
    assert "Chief Executive Officer of Veridian Signals Ltd" in listed["Marta Kessler"]["aliases"]

    # The timeline (as `timeline --format json` writes it) shows who said what.
    events = {e["passage_id"]: e for e in timeline.build(archive)["events"]}
    contradictions = [(e, events[ln["passage_id"]]) for e in events.values() for ln in e["links"]
                      if ln["relation"] == "contradicts" and ln["direction"] == "out"]
    assert contradictions and all(later["by"] != earlier["by"] for later, earlier in contradictions)
    never_sold = next(e for e in events.values() if "never been sold" in e["quote"])
    correction = next(later for later, earlier in contradictions if earlier is never_sold)
    assert (never_sold["date"], never_sold["by"]) == ("2019-04-26", "Marta Kessler")
    assert (correction["date"], correction["by"]) == ("2020-03-30", "Veridian Signals Ltd")
    assert {p["id"] for p in passages.query(archive, by="Ms Kessler")} == {
        e["passage_id"] for e in events.values() if e["by"] == "Marta Kessler"}

    # Letters she signed are from her and from the company; the General Counsel's only from the company.
    def letter_dates(query):
        return {hit.date for hit in search(archive, query, limit=50).hits}

    from_kessler = letter_dates("from:Kessler")
    from_company = letter_dates('from:"Veridian Signals"')
    assert from_kessler == {"2019-04-26", "2019-09-19", "2020-07-02"}
    assert from_kessler < from_company and "2020-03-30" in from_company
    assert "2019-03-14" in letter_dates("to:Kessler")


def test_the_demo_shows_questions_and_what_answered_them(archive):
    from app.questions import list_questions
    load_demo(archive)
    asked = list_questions(archive, to="Veridian")
    assert [q["state"] for q in asked] == ["answered", "answered", "partly-answered"]
    assert all(q["asked_on"] == "2020-01-15" and q["about"] for q in asked)
    assert asked[0]["answers"][0]["said_on"] == "2020-03-30"
    assert [q["quote"] for q in list_questions(archive, state="open")] == ["Who are the members of the oversight board?"]
