from app import passages
from app.check import check
from app.demo import demo_tags
from app.demo_archive import load_demo
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
