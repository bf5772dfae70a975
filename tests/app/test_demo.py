"""Tests for the demo letters, their tags and the demo text format."""

import pymupdf
import pytest

from app.demo import DemoFormatError, build_demo_pdfs, demo_letters, demo_tags, parse_letter_text
from archive.parties import name_key

KINDS = {"commitment", "claim", "rebuttal", "question"}
STATUSES = {"open", "fulfilled", "partly-fulfilled", "broken", "withdrawn"}
RELATIONS = {"rebuts", "contradicts", "fulfils", "reiterates", "supersedes", "responds-to", "asks-about",
             "answers", "partly-answers", "declines"}


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def demo_pdfs(tmp_path_factory):
    paths = build_demo_pdfs(tmp_path_factory.mktemp("demo"))
    texts = {}
    for path in paths:
        with pymupdf.open(path) as doc:
            texts[path.stem] = squash(" ".join(page.get_text() for page in doc))
    return paths, texts


def test_demo_letters_cover_the_story():
    letters = demo_letters()
    assert 10 <= len(letters) <= 14
    stems = [stem for stem, _ in letters]
    assert stems == sorted(stems) and len(set(stems)) == len(stems)
    assert {letter.language for _, letter in letters} == {"en", "es", "fr"}
    assert sum(letter.kind == "memo" for _, letter in letters) >= 1
    years = {stem[:4] for stem in stems}
    assert {"2019", "2020", "2021", "2022"} <= years
    # The coalition follow-up is signed by nine organisations, one block each.
    last = letters[-1][1]
    blocks = "\n".join(last.signatories).split("\n\n")
    assert len(blocks) >= 9


def test_every_demo_letter_renders_with_its_text(demo_pdfs):
    paths, texts = demo_pdfs
    letters = dict(demo_letters())
    assert [p.stem for p in paths] == list(letters)
    for stem, letter in letters.items():
        text = texts[stem]
        assert letter.place_date in text
        assert squash(letter.paragraphs[0]) in text
        assert squash(letter.paragraphs[-1]) in text


def test_every_tagged_quote_is_in_its_rendered_letter(demo_pdfs):
    _, texts = demo_pdfs
    for index, passage in enumerate(demo_tags()["passages"]):
        assert passage["letter"] in texts, f"passage {index} names an unknown letter"
        assert squash(passage["quote"]) in texts[passage["letter"]], f"passage {index} not found"


def test_tags_are_well_formed():
    tags = demo_tags()
    passages, links, parties = tags["passages"], tags["links"], tags["parties"]
    assert 15 <= len(passages) <= 30
    threads = {thread for p in passages for thread in p["threads"]}
    assert threads == {"HRIA publication", "Independent oversight", "Remediation"}
    for p in passages:
        assert p["kind"] in KINDS
        assert p["by"] in parties
        assert len(p["on"]) in (4, 7, 10) and p["on"][:4].isdigit()
        if p["kind"] == "commitment":
            assert p["status"] in STATUSES
        # A passage is dated by its letter.
        assert p["letter"].startswith(p["on"])
    assert {link["relation"] for link in links} <= RELATIONS
    assert {"contradicts", "rebuts", "fulfils", "supersedes"} <= {link["relation"] for link in links}
    assert {p["kind"] for p in passages} == KINDS


def test_the_contradiction_is_between_the_ceo_in_2019_and_the_company_in_2020():
    tags = demo_tags()
    passages = tags["passages"]
    contradictions = [(passages[link["from"]], passages[link["to"]])
                      for link in tags["links"] if link["relation"] == "contradicts"]
    ceo_then_company = [(later, earlier) for later, earlier in contradictions
                        if earlier["on"].startswith("2019") and later["on"].startswith("2020")
                        and earlier["by"] == "Marta Kessler" and later["by"] == "Veridian Signals Ltd"]
    quotes = {earlier["quote"] for _, earlier in ceo_then_company}
    assert "SignalSight has never been sold to any government outside the European Union." in quotes
    # Her assurances are hers; the undertakings in the same letter are the company's.
    assert all(p["by"] == "Veridian Signals Ltd" for p in passages
               if p["letter"] == "2019-04-26-veridian-to-orw" and p["kind"] == "commitment")


def test_the_ceo_is_a_party_of_her_own_with_her_role_at_the_company():
    parties = demo_tags()["parties"]
    assert "Marta Kessler" in parties
    assert not any("kessler" in alias.lower() for alias in parties["Veridian Signals Ltd"])
    assert "Chief Executive Officer of Veridian Signals Ltd" in parties["Marta Kessler"]
    # A spelling shared by two parties would merge them when the demo is loaded.
    owner: dict[str, str] = {}
    for party, aliases in parties.items():
        for name in (party, *aliases):
            assert owner.setdefault(name_key(name), party) == party, f"{name!r} names two parties"


VALID = """kind: memo
letterhead: Example Org
letterhead: 1 High Street
place_date: 1 May 2020
to: Someone
subject: Something
sign: A. Person
sign:
sign: B. Person
---
First line
continues here.

Second paragraph.
"""


def test_parse_letter_text_reads_the_format():
    letter = parse_letter_text(VALID)
    assert letter.kind == "memo" and letter.language == "en"
    assert letter.letterhead == "Example Org\n1 High Street"
    assert letter.paragraphs == ["First line continues here.", "Second paragraph."]
    assert letter.signatories == ["A. Person", "", "B. Person"]
    assert letter.salutation == "" and letter.closing == ""


@pytest.mark.parametrize("text, message", [
    (VALID.replace("---\n", ""), "no '---' line"),
    (VALID.replace("subject:", "subjekt:"), r"x\.txt:6: unknown key 'subjekt'"),
    (VALID.replace("to: Someone\n", ""), "no 'to:' line"),
    (VALID.replace("kind: memo", "kind: memo\nkind: letter"), "'kind' is given twice"),
    (VALID.replace("subject: Something", "no colon here"), "expected 'key: value'"),
    (VALID.split("---")[0] + "---\n\n", "body after '---' is empty"),
])
def test_malformed_letters_give_clear_errors(text, message):
    with pytest.raises(DemoFormatError, match=message):
        parse_letter_text(text, "x.txt")


def test_demo_tags_reports_bad_json(tmp_path):
    (tmp_path / "tags.json").write_text('{"passages": [', encoding="utf-8")
    with pytest.raises(DemoFormatError, match="not valid JSON"):
        demo_tags(tmp_path)
    (tmp_path / "tags.json").write_text('{"passages": [], "links": [{"from": 0, "to": 3}], "parties": {}}')
    with pytest.raises(DemoFormatError, match="points outside"):
        demo_tags(tmp_path)


def test_empty_demo_folder_is_an_error(tmp_path):
    with pytest.raises(DemoFormatError, match="no demo letters"):
        demo_letters(tmp_path)
