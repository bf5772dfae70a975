"""A draft that Papertrail exported and nobody edited always passes its own quote check: passages
drawn at random from real PDF text (across page breaks, in quotation marks, with brackets,
ellipses, hyphenation and odd typography) are quoted, exported and read back."""
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import passages
from app.draft import build_draft, check_file
from app.draft.export import export_draft
from archive import Archive, documents
from tests.app.rights_letter import PAGES, ingest_letters
from tests.conftest import make_pdf

TRICKY = [
    "Veridian Signals Ltd\n\n3 December 2019\n\nDear Ms. Lindqvist,\n\n"
    "[W]e will publish a human rights impact assess-\nment of our products before the end of 2020. "
    "Our products are “only sold\nto vetted government agencies” and 'never' to others... The "
    "board said: \"We are committed (as we said in 2018) to transparency\" — and we meant it.\n\n"
    "The review … will cover exports; see section 3(b) [as amended].\n\n1",
    "2\n\nIt will be robust. Our review of 12 cases found no misuse; 3 were closed.\n\n"
    "Yours sincerely,\n\nMarta Kessler\nChief Executive Officer\n\n2",
]


POOL = 60


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """The letters ingested, and a pool of passages: runs of 2-40 whole words chosen at random (with a
    fixed seed), some across page breaks, tagged from selections as the viewer makes them."""
    import random
    from app.ingest import ingest
    folder = tmp_path_factory.mktemp("verifies")
    archive = Archive.open(folder / "archive")
    ids = ingest_letters(archive, folder / "in")
    report = ingest(archive, [make_pdf(folder / "in" / "tricky.pdf", TRICKY)], ocr=False)
    ids["tricky"] = report.added[0]["id"]
    rng = random.Random(12)
    pool = []
    for name in ("letter", "tricky"):
        texts = documents.page_texts(archive.db, ids[name])
        ws = [(p, m.start(), m.end()) for p, t in enumerate(texts, 1) for m in re.finditer(r"\S+", t)]
        breaks = [i for i in range(1, len(ws)) if ws[i][0] != ws[i - 1][0]]
        while len(pool) < POOL * (1 + (name == "tricky")) // 2 + (POOL // 2 if name == "tricky" else 0):
            if rng.random() < 0.3:    # across a page break
                at = rng.choice(breaks)
                first, last = max(0, at - rng.randint(1, 12)), min(len(ws) - 1, at + rng.randint(0, 12))
            else:
                first = rng.randrange(len(ws) - 1)
                last = min(len(ws) - 1, first + rng.randint(1, 40))
            (p1, s1, _), (p2, _, e2) = ws[first], ws[last]
            try:
                pool.append(passages.tag(archive, ids[name], "", "claim", page=p1, start=s1, end=e2,
                                         end_page=p2)["id"])
            except passages.BadInput:
                continue    # only page furniture (a page number) was chosen
    pool.append(passages.tag(archive, ids["letter"], PAGES[2][PAGES[2].index("absent"):-4].strip(), "claim",
                             by="NSO Group")["id"])
    yield archive, pool, folder
    archive.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_an_untouched_exported_draft_verifies_clean(source, data):
    archive, pool, folder = source
    pids = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=6, unique=True), label="passages")
    style = data.draw(st.sampled_from(["footnotes", "endnotes", "inline"]), label="style")
    fmt = data.draw(st.sampled_from(["md", "html", "docx"]), label="format")
    draft = build_draft(archive, "Mr. Chaim Gelfand, Vice-President, NSO Group", ["Access Now"], "Oversight",
                        passage_ids=pids, citation_style=style, date="2021-06-01")
    target = folder / f"draft.{fmt}"
    export_draft(draft, fmt, target)
    results = check_file(archive, target)
    assert len(results) == len(pids)
    bad = [(r["status"], r["quote"], r["changes"]) for r in results if r["status"] != "verified"]
    assert not bad, bad


EDITED = [
    "[a]bsent customer cooperation, [NSO Group is] limited to … any misuse",
    "“absent customer cooperation, [NSO is] limited to reviewing available metadata, which fails to provide "
    "detailed insights into any misuse.”",
    '"absent customer cooperation ... any misuse"',
    "[…] or to protect legitimate commercial confidentiality as reasons […]",
    "[W]e will publish a human rights impact assessment of our products",
    "our products are 'only sold to vetted government agencies'",
]


@pytest.mark.parametrize("quoted", EDITED)
def test_edited_quotations_verify_the_same_in_the_app_and_in_quote_check(source, quoted, tmp_path):
    from app.draft import all_page_texts, check_typed_quotation, document_titles
    archive, _pool, _folder = source
    words = quoted.strip("“”\"")
    live = check_typed_quotation(words, all_page_texts(archive), document_titles(archive))
    letter = tmp_path / "letter.txt"
    letter.write_text(f"As the letter says, “{words}” (p. 3).\n", encoding="utf-8")
    [from_file] = check_file(archive, letter)
    assert live["status"] == from_file["status"] == "verified"
    assert (live["doc_id"], live["page"]) == (from_file["doc_id"], from_file["page"])
