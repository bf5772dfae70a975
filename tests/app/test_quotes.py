"""Tests for quote finding, re-anchoring and checking quotations against their sources."""
import re
import string

import pymupdf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.quotes import (
    Occurrence,
    QuoteVerdict,
    best_source,
    check_quote,
    extract_quotations,
    find_quote,
    normalise,
    reanchor,
)

LETTER = (
    "Dear Ms Okafor,\n"
    "Thank you for your letter of 3 May. We will not close the Riverside plant before\n"
    "2025, and we remain fully commit-\n"
    "ted to the \u201cfair transition\u201d plan agreed with the workers\u2019 council.\n"
    "The ﬁnal assessment\u00a0will be published in June \u2013 as promised.\n"
)
SECOND = (
    "Further to our meeting, the company confirms that 1,200 jobs will be\n"
    "protected. It will also fund retraining for every affected employee.\n"
)
PAGES = [LETTER, SECOND]


def pdf_pages(lines_per_page: list[list[str]]) -> list[str]:
    """Page texts as PyMuPDF extracts them from a PDF written line by line."""
    doc = pymupdf.open()
    font = pymupdf.Font("helv")
    for lines in lines_per_page:
        page = doc.new_page()
        writer = pymupdf.TextWriter(page.rect)
        for i, line in enumerate(lines):
            writer.append((72, 72 + 14 * i), line, font=font, fontsize=11)
        writer.write_text(page)
    data = doc.tobytes()
    return [page.get_text() for page in pymupdf.open(stream=data, filetype="pdf")]


# ---------------------------------------------------------------- normalise

def test_normalise_collapses_whitespace_and_maps_typography():
    text, offsets = normalise("  \u201cIt\u2019s  a\u00a0deal\u201d \u2014 they\tsaid\n ")
    assert text == "\"It's a deal\" - they said"
    assert len(offsets) == len(text)
    assert offsets[0] == 2


def test_normalise_joins_line_end_hyphenation_and_drops_soft_hyphens():
    assert normalise("commit-\nment")[0] == "commitment"
    assert normalise("commit-  \r\n  ment")[0] == "commitment"
    assert normalise("commit\u00ad\nment")[0] == "commitment"
    assert normalise("re\u00adview")[0] == "review"
    # A hyphen and spaces on one line is not a hyphenation, nor is a dash between words.
    assert normalise("pre- and post-war")[0] == "pre- and post-war"
    assert normalise("closure -\nand")[0] == "closure - and"


def test_normalise_expands_ligatures_and_composes_accents():
    text, offsets = normalise("the ﬁnal caf\u0065\u0301")
    assert text == "the final café"
    assert offsets[4] == offsets[5] == 4    # "f" and "i" both come from the ligature
    assert offsets[-1] == 12                # "é" starts at the "e" before the combining accent


def test_normalise_drops_invisible_and_control_chars():
    assert normalise("a\u200bb\x00c \u200b d")[0] == "abc d"


def test_normalise_offsets_point_at_the_original_chars():
    original = "We  will\nnot \u201cclose\u201d"
    text, offsets = normalise(original)
    for i, ch in enumerate(text):
        if ch.isalnum():
            assert original[offsets[i]] == ch


def test_normalise_rejects_non_text():
    with pytest.raises(TypeError, match="needs text"):
        normalise(None)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_normalise_offset_map_is_monotonic_and_in_range(text):
    norm, offsets = normalise(text)
    assert len(offsets) == len(norm)
    assert all(0 <= o < len(text) for o in offsets)
    assert all(a <= b for a, b in zip(offsets, offsets[1:]))
    assert "  " not in norm and norm == norm.strip()


# ---------------------------------------------------------------- find_quote

def test_find_quote_across_line_breaks_and_typography():
    [occ] = find_quote(PAGES, 'We will not close the Riverside plant before 2025')
    assert occ.page == 1
    assert occ.quote == LETTER[occ.start:occ.end]
    assert occ.quote.startswith("We will") and occ.quote.endswith("2025")
    assert "\n" in occ.quote
    assert occ.prefix == LETTER[max(0, occ.start - 32):occ.start]
    assert occ.suffix == LETTER[occ.end:occ.end + 32]
    [occ] = find_quote(PAGES, "the \"fair transition\" plan agreed with the workers' council")
    assert occ.quote.startswith("the \u201cfair") and occ.quote.endswith("council")


def test_find_quote_with_and_without_the_hyphen_of_a_hyphenation():
    joined = find_quote(PAGES, "fully committed to the")
    hyphen = find_quote(PAGES, "fully commit-ted to the")
    pasted = find_quote(PAGES, "fully commit-\nted to the")
    viewer = find_quote(PAGES, "fully commit- ted to the")
    assert joined == hyphen == pasted == viewer
    assert len(joined) == 1 and joined[0].quote == "fully commit-\nted to the"
    # A typed hyphen must not vanish where the page has none.
    assert find_quote(["we are commit ted to it"], "commit-ted") == []


def test_find_quote_ligatures_nbsp_and_dashes():
    [occ] = find_quote(PAGES, "The final assessment will be published in June - as promised.")
    assert occ.quote.startswith("The ﬁnal")


def test_find_quote_every_occurrence_on_every_page_case_sensitive():
    pages = ["it will fund it. It will", "nothing", "It will also"]
    found = find_quote(pages, "It will")
    assert [(o.page, o.start) for o in found] == [(1, 17), (3, 0)]
    assert find_quote(pages, "it will") == [Occurrence(1, 0, 7, "it will", "", " fund it. It will")]
    assert find_quote(pages, "It will close") == []


def test_find_quote_empty_and_bad_input():
    for empty in ("", "   \n\t", "\u00ad\u200b"):
        with pytest.raises(ValueError, match="the quote is empty"):
            find_quote(PAGES, empty)
    with pytest.raises(TypeError, match="list of strings"):
        find_quote("one string", "x")
    with pytest.raises(TypeError, match="page 2"):
        find_quote(["ok", None], "x")


def test_find_quote_in_text_extracted_from_a_real_pdf():
    pages = pdf_pages([
        ["Dear Sir,", "We are fully commit-", "ted to the \u201cplan\u201d and the minister\u2019s", "review."],
        ["The plan will be reviewed in June."],
    ])
    [occ] = find_quote(pages, 'fully committed to the "plan" and the minister\'s review')
    assert occ.page == 1
    assert occ.quote == pages[0][occ.start:occ.end]
    assert occ.quote.startswith("fully commit-\nted")
    [occ] = find_quote(pages, "reviewed in June")
    assert occ.page == 2


WORD = st.text(alphabet=string.ascii_letters + "ﬁ\u2019\u201c\u201d\u00e9" + string.digits, min_size=1, max_size=8)
SEPARATOR = st.sampled_from([" ", " ", " ", "\n", "  ", " \n", "\u00a0", "\t", "-\n", "\u00ad\n"])


@st.composite
def page_and_slice(draw):
    words = draw(st.lists(WORD, min_size=1, max_size=40))
    seps = draw(st.lists(SEPARATOR, min_size=len(words), max_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps))
    i = draw(st.integers(0, len(text) - 1))
    j = draw(st.integers(i + 1, len(text)))
    return text, i, j


@given(page_and_slice(), st.randoms())
@settings(max_examples=300)
def test_find_quote_finds_any_slice_with_line_breaks_typed_differently(data, rnd):
    text, i, j = data
    typed = "".join("\n" if c == " " and rnd.random() < 0.5 else c for c in text[i:j])
    assume(any(c.isalnum() for c in typed))
    pages = ["unrelated first page", text]
    found = find_quote(pages, typed)
    # The occurrence sits inside the slice; only spaces and hyphens may be trimmed at its ends.
    assert any(o.page == 2 and i <= o.start and o.end <= j
               and re.fullmatch(r"[\s\-\u00ad]*", text[i:o.start])
               and re.fullmatch(r"[\s\-\u00ad]*", text[o.end:j]) for o in found)


# ---------------------------------------------------------------- reanchor

def test_reanchor_finds_the_passage_after_text_moved():
    [occ] = find_quote(PAGES, "fund retraining for every affected employee")
    moved = [PAGES[0], "A new header line from the re-extraction.\n" + PAGES[1]]
    found, confidence = reanchor(moved, occ.quote, occ.prefix, occ.suffix, occ.page, occ.start)
    assert found.page == 2 and found.quote == occ.quote
    assert found.start == occ.start + len("A new header line from the re-extraction.\n")
    assert confidence >= 0.9


def test_reanchor_chooses_between_copies_by_context():
    pages = ["The board said: we will act now. Later the union said: we will act now."]
    first, second = find_quote(pages, "we will act now")
    found, confidence = reanchor(pages, second.quote, second.prefix, second.suffix, 1, 0)
    assert found.start == second.start
    assert confidence >= 0.8


def test_reanchor_identical_copies_without_a_clue_are_orphaned():
    pages = ["x we will act now y", "x we will act now y"]
    found, confidence = reanchor(pages, "we will act now", "x ", " y", 5, 0)
    assert confidence < 0.8


def test_reanchor_tolerates_small_ocr_differences():
    [occ] = find_quote(PAGES, "Further to our meeting, the company confirms that 1,200 jobs will be protected")
    ocr = [PAGES[0], PAGES[1].replace("confirms", "conﬁrrns").replace("meeting", "rneeting")]
    found, confidence = reanchor(ocr, occ.quote, occ.prefix, occ.suffix, occ.page, occ.start)
    assert confidence >= 0.8
    assert found.page == 2
    assert found.quote.startswith("Further to our rneeting") and found.quote.endswith("protected")


def test_reanchor_passage_gone_is_orphaned():
    found, confidence = reanchor([SECOND], "We will not close the Riverside plant", "", "", 1, 40)
    assert confidence < 0.8


def test_reanchor_rejects_an_empty_quote():
    with pytest.raises(ValueError, match="empty"):
        reanchor(PAGES, " ", "", "", 1, 0)


# ---------------------------------------------------------------- check_quote

def changes(verdict: QuoteVerdict) -> list[tuple[str, str]]:
    return [d for d in verdict.diff if d[0] != "equal"]


def test_check_quote_verified_despite_typography_and_layout():
    v = check_quote("\u201cWe will not close the Riverside plant before 2025, and we remain fully "
                    "committed to the 'fair transition' plan\u201d", PAGES)
    assert v.status == "verified", v.diff
    assert v.page == 1 and LETTER[v.start:v.end] == v.source_text
    assert v.source_text.startswith("We will not") and v.source_text.endswith("plan")
    assert changes(v) == []


def test_check_quote_accepts_the_hyphen_of_a_hyphenation():
    assert check_quote("we remain fully commit-ted to the", PAGES).status == "verified"
    assert check_quote("we remain fully commit-\nted to the", PAGES).status == "verified"


@pytest.mark.parametrize("mark", ["[\u2026]", "[...]", "\u2026", "...", ". . ."])
def test_check_quote_elisions(mark):
    v = check_quote(f"We will not close the Riverside plant {mark} fully committed to the", PAGES)
    assert v.status == "verified", v.diff
    assert ("elided", "before 2025 and we remain") in v.diff


def test_check_quote_leading_and_trailing_ellipsis_and_editorial_marks():
    assert check_quote("... the company confirms that 1,200 jobs will be protected ...", PAGES).status == "verified"
    assert check_quote("the company confirms [sic] that 1,200 jobs will be protected", PAGES).status == "verified"
    assert check_quote("1,200 jobs will be protected [emphasis added]", PAGES).status == "verified"
    assert check_quote("1,200 jobs will be protected (emphasis added).", PAGES).status == "verified"


def test_check_quote_bracketed_substitution_and_changed_capital():
    v = check_quote("[The company] will also fund retraining for every affected employee", PAGES)
    assert v.status == "verified"
    assert ("editorial:[The company]", "It") in v.diff
    assert check_quote("[i]t will also fund retraining", PAGES).status == "verified"
    assert check_quote("it will also fund retraining", PAGES).status == "verified"
    assert check_quote("protected. it will also fund", PAGES).status == "altered"


def test_check_quote_changed_word_is_named():
    v = check_quote("We will not close the Riverside office before 2025", PAGES)
    assert v.status == "altered"
    assert changes(v) == [("replace:office", "plant")]



def test_check_quote_paraphrase_shows_every_word_it_replaced():
    """The diff of a paraphrase keeps the quote's words on their source words and shows all the
    words it dropped or changed, not the quote's first "a" lined up with a later one."""
    page = ["Our members believe that a public commitment would go a long way towards restoring "
            "trust in the company and its board."]
    v = check_quote("a public commitment would help restore trust in the company", page)
    assert v.status == "altered"
    assert v.diff == [("equal", "a public commitment would"),
                      ("replace:help restore", "go a long way towards restoring"), ("equal", "trust in the company")]
    # Ending on the paraphrase: the last word is found in its place, not its words laid on "go a long".
    v = check_quote("that a public commitment would help restore trust.", page)
    assert v.status == "altered" and v.source_text.endswith("towards restoring trust")
    assert v.diff == [("equal", "that a public commitment would"),
                      ("replace:help restore", "go a long way towards restoring"), ("equal", "trust.")]
    v = check_quote("a public commitment would clearly go a long way towards restoring trust in the company", page)
    assert v.status == "altered" and changes(v) == [("insert", "clearly")]
    v = check_quote("a public commitment would, in the view of our members, go a long way towards "
                    "restoring trust", page)
    assert v.status == "altered" and changes(v) == [("insert", "in the view of our members,")]
    assert v.diff[-1] == ("equal", "go a long way towards restoring trust")


def test_check_quote_paraphrase_verdicts_are_graded_as_before():
    """What is shown keeps every word it can on its source word; the verdict is still graded on
    the closest alignment: a paraphrase that keeps too few of its words in reach stays unsourced."""
    page = ["We believe that a public commitment to remedy would go a long way towards restoring trust."]
    v = check_quote("We believe that a public commitment to remedy would help restore trust.", page)
    assert v.status == "altered"
    v = check_quote("a public commitment would help restore trust in the company", page)
    assert v.status == "unsourced"
    v = check_quote("would help restore trust", page)
    assert v.status == "unsourced"

def test_check_quote_dropped_or_added_not():
    v = check_quote("We will close the Riverside plant before 2025", PAGES)
    assert v.status == "altered" and changes(v) == [("delete", "not")]
    v = check_quote("It will not also fund retraining", PAGES)
    assert v.status == "altered" and changes(v) == [("insert", "not")]


def test_check_quote_elision_may_not_hide_a_not():
    v = check_quote("We will [...] close the Riverside plant", PAGES)
    assert v.status == "altered" and ("delete", "not") in v.diff


def test_check_quote_changed_number():
    v = check_quote("the company confirms that 1,300 jobs will be protected", PAGES)
    assert v.status == "altered" and changes(v) == [("replace:1,300", "1,200")]
    v = check_quote("We will not close the Riverside plant before 2026", PAGES)
    assert v.status == "altered" and changes(v) == [("replace:2026", "2025")]


def test_check_quote_unsourced_and_empty():
    v = check_quote("The moon is made of green cheese according to everyone", PAGES)
    assert v.status == "unsourced" and v.page is None
    assert check_quote("", PAGES).status == "unsourced"
    assert check_quote("[...]", PAGES).status == "unsourced"
    assert check_quote("anything at all here", []).status == "unsourced"


def test_check_quote_segments_out_of_order_are_not_verified():
    v = check_quote("fund retraining for every affected employee [...] 1,200 jobs will be protected", PAGES)
    assert v.status != "verified"


def test_check_quote_across_a_page_break():
    pages = ["The review found that the company", "has met every target it set."]
    v = check_quote("the company has met every target", pages)
    assert v.status == "verified"
    assert (v.page, v.end_page) == (1, 2)
    assert v.source_text == "the company\nhas met every target"


def test_check_quote_in_a_real_pdf():
    pages = pdf_pages([["We are fully commit-", "ted to the \u201cplan\u201d and the minister\u2019s", "review."]])
    assert check_quote('"fully committed to the plan and the minister\'s review"', pages).status == "verified"


SOURCE_WORDS = st.lists(st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=7), min_size=8, max_size=60)
# Distinct words, so that a quotation has one place it can come from.
DISTINCT_WORDS = st.lists(st.text(alphabet=string.ascii_lowercase, min_size=2, max_size=7).filter(lambda w: w != "not"),
                          min_size=8, max_size=60, unique=True)


@given(st.text(max_size=120), st.lists(st.text(max_size=80), max_size=3))
def test_check_quote_never_raises(quoted, pages):
    assert check_quote(quoted, pages).status in ("verified", "altered", "unsourced")


@given(SOURCE_WORDS, st.data())
def test_check_quote_verifies_any_exact_slice_of_words(words, data):
    text = " ".join(w + ("\n" if k % 7 == 6 else "") for k, w in enumerate(words))
    i = data.draw(st.integers(0, len(words) - 1))
    j = data.draw(st.integers(i + 1, len(words)))
    assume(" ".join(words[i:j]) not in "an unrelated page")     # "ag" is in "page"
    v = check_quote(" ".join(words[i:j]), ["an unrelated page", text])
    assert v.status == "verified" and v.page == 2


@given(DISTINCT_WORDS, st.data())
def test_check_quote_names_a_changed_word(words, data):
    i = data.draw(st.integers(0, len(words) - 5))
    j = data.draw(st.integers(i + 5, len(words)))
    quoted = words[i:j]
    k = data.draw(st.integers(0, len(quoted) - 1))
    quoted[k] = "ZZQX9"
    v = check_quote(" ".join(quoted), [" ".join(words)])
    assert v.status == "altered"
    assert any("ZZQX9" in op or "ZZQX9" in text for op, text in changes(v))


@given(DISTINCT_WORDS, st.data())
def test_check_quote_dropping_not_is_altered(words, data):
    k = data.draw(st.integers(2, len(words) - 3))
    source = words[:k] + ["not"] + words[k:]
    quoted = words[max(0, k - 4):k + 4]
    v = check_quote(" ".join(quoted), [" ".join(source)])
    assert v.status == "altered"
    assert ("delete", "not") in v.diff


# ---------------------------------------------------------------- best_source

def test_best_source_picks_the_document_and_prefers_verified():
    docs = [
        ("other", ["Nothing relevant here, only minutes of a meeting about parking."]),
        ("draft-copy", ["We will not close the Riverside factory before 2025, and we remain"]),
        ("letter", PAGES),
    ]
    doc_id, verdict = best_source("We will not close the Riverside plant before 2025", iter(docs))
    assert doc_id == "letter" and verdict.status == "verified"
    doc_id, verdict = best_source("We will not shut the Riverside plant before 2025", docs)
    assert doc_id == "letter" and verdict.status == "altered"


def test_best_source_nothing_found():
    doc_id, verdict = best_source("an entirely invented sentence about penguins", [("a", PAGES)])
    assert doc_id is None and verdict.status == "unsourced"
    assert best_source("anything", [])[0] is None
    with pytest.raises(TypeError, match="page 1"):
        best_source("anything", [("bad", [b"bytes"])])


# ---------------------------------------------------------------- extract_quotations

def test_extract_quotations_inline_and_block():
    draft = (
        "You wrote that \u201cwe will not close the plant\u201d and called it \u201cfair\u201d.\n"
        'Later you said "1,200 jobs will be protected" in a "so-called" plan.\n'
        "\n"
        "> It will also fund retraining\n"
        "> for every \"affected employee in the region\".\n"
        "\n"
        "Regards"
    )
    found = extract_quotations(draft)
    assert [q for q, _, _ in found] == [
        "we will not close the plant",
        "1,200 jobs will be protected",
        "It will also fund retraining\nfor every \"affected employee in the region\".",
    ]
    for quote, start, end in found[:2]:
        assert draft[start:end] == quote
    block_start, block_end = found[2][1:]
    assert draft[block_start:block_end].startswith("> It will") and draft[block_end - 1] == "."


def test_extract_quotations_skips_spans_across_paragraphs():
    assert extract_quotations('He said "one two\n\nthree four five" later') == []
    with pytest.raises(TypeError):
        extract_quotations(None)
