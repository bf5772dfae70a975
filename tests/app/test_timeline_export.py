"""Tests for the timeline and Web Annotation exporters: structure, escaping, date precision, undated passages."""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from app.timeline.export import (
    FORMATS,
    export_timeline,
    to_csv,
    to_html,
    to_json,
    to_markdown,
    to_timelinejs,
    to_web_annotations,
)

DOC_A = "a" * 64
DOC_B = "b" * 64
DOC_C = "c" * 64
DOCS = {
    DOC_A: ("Letter from Veridian Signals to the Coalition", "2021-04-27"),
    DOC_B: ("Coalition for Digital Rights: open letter", "2020-02"),
    DOC_C: ("Ministry of Communications briefing", None),
}
EVIL_QUOTE = "We will publish <script>alert(1)</script> the [full](http://evil.example) report # soon | *now*"
FORMULA = "=cmd|' /C calc'!A0"


def _event(n, date, by, kind, quote, doc, page, status=None, note="", links=(), threads=("HRIA publication",)):
    title, doc_date = DOCS[doc]
    return {
        "passage_id": f"{n:08d}-1111-4111-8111-{n:012d}",
        "date": date,
        "date_precision": None if date is None else ("year", "month", "day")[date.count("-")],
        "by": by,
        "kind": kind,
        "status": status,
        "quote": quote,
        "note": note,
        "threads": list(threads),
        "doc_id": doc,
        "doc_title": title,
        "doc_date": doc_date,
        "page": page,
        "links": [{"relation": r, "passage_id": f"{t:08d}-1111-4111-8111-{t:012d}", "direction": d}
                  for r, t, d in links],
    }


def sample_timeline() -> dict:
    """Fifteen passages from three parties, partial dates, links, hostile text and one undated passage."""
    vs, co, mi = "Veridian Signals", "Coalition for Digital Rights", "Ministry of Communications"
    events = [
        _event(1, "2019", vs, "commitment", "Veridian Signals is committed to carrying out a human rights impact "
               "assessment of its network operations.", DOC_A, 1, status="open"),
        _event(2, "2019-06", co, "claim", "No assessment has been started and no consultant has been engaged.",
               DOC_B, 1, links=[("contradicts", 1, "out")]),
        _event(3, "2019-12", vs, "commitment", EVIL_QUOTE, DOC_A, 2, status="open",
               note="Promised date was later moved.", links=[("contradicts", 2, "in")]),
        _event(4, "2019-12-03", mi, "claim", "The Ministry has not requested any restriction of services in the "
               "northern province.", DOC_C, 3),
        _event(5, "2020-01-15", co, "rebuttal", "Network shutdowns were recorded on 14 and 15 January by three "
               "independent monitors.", DOC_B, 2, links=[("rebuts", 4, "out")]),
        _event(6, "2020-02", vs, "claim", FORMULA, DOC_A, 2, note="+44 20 7946 0000 is the press office."),
        _event(7, "2020-03-09", vs, "commitment", "We will share a summary of the findings with affected "
               "communities before the end of 2020.", DOC_A, 3, status="broken"),
        _event(8, "2020", co, "claim", "Affected communities were never contacted.", DOC_B, 3,
               links=[("contradicts", 7, "out")]),
        _event(9, "2020-07-21", mi, "commitment", "The Ministry will publish its legal basis for any future "
               "restriction orders.", DOC_C, 4, status="open"),
        _event(10, "2020-11", co, "rebuttal", "The legal basis cited — Article 12 — covers only emergencies "
               "declared by Parliament.", DOC_B, 4, links=[("rebuts", 9, "out")]),
        _event(11, "2021-01-05", vs, "claim", "The assessment is in its final stage and will be published in Q2.",
               DOC_A, 4, status="open", threads=("HRIA publication", "Transparency report")),
        _event(12, "2021-03", co, "claim", "Q2 has already been announced twice before: in 2019 and in 2020.",
               DOC_B, 5, links=[("contradicts", 11, "out")]),
        _event(13, "2021-04-27", vs, "commitment", "The full HRIA will be published on our website by 30 June "
               "2021.", DOC_A, 1, status="kept"),
        _event(14, "2021", mi, "claim", "Operators are free to publish their own assessments.", DOC_C, 5),
    ]
    undated = [_event(15, None, co, "claim", "The company has a history of missing its own deadlines.", DOC_B, 6,
                      note="Date not printed on the letter.", links=[("supports", 12, "out")])]
    return {"title": "Timeline: HRIA publication",
            "filters": {"thread": ["HRIA publication"], "by": None, "kind": None},
            "events": events, "undated": undated}


def _only(*events, undated=()):
    return {"title": "T", "filters": {}, "events": list(events), "undated": list(undated)}


# ---------------------------------------------------------------- dispatch

def test_export_timeline_dispatches_every_format():
    timeline = sample_timeline()
    for fmt in FORMATS:
        assert export_timeline(timeline, fmt)


def test_unknown_format_names_the_formats():
    with pytest.raises(ValueError, match="csv, json, timelinejs, html, md"):
        export_timeline(sample_timeline(), "pdf")


@pytest.mark.parametrize("writer", [to_csv, to_html, to_markdown, to_timelinejs])
def test_bad_shapes_and_dates_give_clear_errors(writer):
    with pytest.raises(ValueError, match="'events' list"):
        writer(["not", "a", "timeline"])
    timeline = sample_timeline()
    timeline["events"][0]["date"] = "2019-13"
    with pytest.raises(ValueError, match="unreadable date '2019-13'"):
        writer(timeline)
    for bad in ("2019-02-30", "2019\n", "19", "2019-1", "December 2019"):
        timeline["events"][0]["date"] = bad
        with pytest.raises(ValueError, match="expected YYYY, YYYY-MM or YYYY-MM-DD"):
            writer(timeline)
    timeline = sample_timeline()
    timeline["undated"][0]["links"] = ["00000012"]
    with pytest.raises(ValueError, match="Passage 00000015 has malformed links"):
        writer(timeline)


def test_a_single_thread_given_as_a_string_is_one_thread():
    event = _event(1, "2020", "A", "claim", "q", DOC_A, 1)
    event["threads"] = "HRIA publication"
    assert _csv_rows(to_csv(_only(event)))[1][7] == "HRIA publication"


# ---------------------------------------------------------------- CSV

def _csv_rows(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_has_header_and_one_row_per_passage_dated_then_undated():
    rows = _csv_rows(to_csv(sample_timeline()))
    assert rows[0][:3] == ["Date", "Precision", "Said by"]
    assert len(rows) == 1 + 15
    assert [r[0] for r in rows[1:4]] == ["2019", "2019-06", "2019-12"]
    assert [r[1] for r in rows[1:4]] == ["year", "month", "month"]
    assert rows[-1][0] == "" and rows[-1][1] == ""
    assert rows[-1][12] == "00000015-1111-4111-8111-000000000015"


def test_csv_guards_formula_injection_and_keeps_text():
    rows = _csv_rows(to_csv(sample_timeline()))
    row = next(r for r in rows if "calc" in r[5])
    assert row[5] == "'" + FORMULA
    assert row[6] == "'+44 20 7946 0000 is the press office."
    for cell in (c for r in rows for c in r):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_links_and_threads_columns():
    rows = _csv_rows(to_csv(sample_timeline()))
    assert rows[2][11] == "contradicts → 00000001"
    assert rows[3][11] == "contradicts ← 00000002"
    assert rows[11][7] == "HRIA publication; Transparency report"


def test_csv_quotes_multiline_and_commas_per_rfc4180():
    event = _event(1, "2020-05", "A, B", "claim", 'He said "no",\nthen left.', DOC_A, 1)
    text = to_csv(_only(event))
    assert text.endswith("\r\n")
    assert _csv_rows(text)[1][5] == 'He said "no",\nthen left.'
    assert _csv_rows(text)[1][2] == "A, B"


# ---------------------------------------------------------------- JSON

def test_json_round_trips_the_timeline():
    timeline = sample_timeline()
    assert json.loads(to_json(timeline)) == timeline
    assert "—" in to_json(timeline)  # ensure_ascii=False keeps readable text


def test_json_never_raises_on_lone_surrogates_or_odd_values():
    timeline = sample_timeline()
    timeline["events"][0]["quote"] = "broken \ud800 text"
    timeline["extra"] = object()  # not JSON-serialisable
    text = to_json(timeline)
    text.encode("utf-8")
    assert "broken \ufffd text" in text


# ---------------------------------------------------------------- TimelineJS

def test_timelinejs_structure_follows_the_documented_format():
    data = json.loads(to_timelinejs(sample_timeline()))
    assert set(data) == {"title", "events"}
    assert "start_date" not in data["title"] and data["title"]["text"]["headline"] == "Timeline: HRIA publication"
    assert len(data["events"]) == 14
    ids = [s["unique_id"] for s in data["events"]]
    assert len(set(ids)) == len(ids)
    for slide in data["events"]:
        assert set(slide) <= {"start_date", "text", "group", "unique_id"}
        date = slide["start_date"]
        # The docs ask for numbers: year required, month 1-12 and day optional.
        assert isinstance(date["year"], int)
        assert set(date) <= {"year", "month", "day", "display_date"}
        assert all(isinstance(date[k], int) for k in ("month", "day") if k in date)
        assert 1 <= date.get("month", 1) <= 12
        assert isinstance(slide["text"]["headline"], str) and isinstance(slide["text"]["text"], str)
        assert isinstance(slide["group"], str) and isinstance(slide["unique_id"], str)


def test_timelinejs_keeps_partial_dates_partial():
    slides = {s["unique_id"][:8]: s for s in json.loads(to_timelinejs(sample_timeline()))["events"]}
    assert slides["00000001"]["start_date"] == {"year": 2019, "display_date": "2019"}
    assert slides["00000002"]["start_date"] == {"year": 2019, "month": 6, "display_date": "June 2019"}
    assert slides["00000004"]["start_date"] == {"year": 2019, "month": 12, "day": 3,
                                                "display_date": "3 December 2019"}
    assert slides["00000001"]["text"]["headline"] == "Commitment: Veridian Signals"
    assert slides["00000001"]["group"] == "Veridian Signals"
    assert "Status: open" in slides["00000001"]["text"]["text"]


def test_timelinejs_escapes_html_and_lists_undated_on_title_slide():
    data = json.loads(to_timelinejs(sample_timeline()))
    slide = next(s for s in data["events"] if s["unique_id"].startswith("00000003"))
    assert "<script" not in slide["text"]["text"] and "&lt;script&gt;" in slide["text"]["text"]
    assert "<cite>Letter from Veridian Signals to the Coalition, 27 April 2021, p. 2</cite>" in slide["text"]["text"]
    assert not any(s["unique_id"].startswith("00000015") for s in data["events"])
    assert "history of missing its own deadlines" in data["title"]["text"]["text"]


# ---------------------------------------------------------------- HTML

class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.hrefs, self.srcs, self.text = [], set(), [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if "href" in attrs:
            self.hrefs.append(attrs["href"])
        if "src" in attrs:
            self.srcs.append(attrs["src"])

    def handle_data(self, data):
        self.text.append(data)


def _parse(page):
    parser = _Collector()
    parser.feed(page)
    return parser


def test_html_is_standalone_and_escapes_user_text():
    page = to_html(sample_timeline())
    parsed = _parse(page)
    assert "<script" not in page.lower()
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert not parsed.srcs and not re.search(r"url\(|@import|https?://", page.split("</style>")[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert FORMULA in "".join(parsed.text)


def test_html_groups_by_year_and_keeps_precision():
    page = to_html(sample_timeline())
    text = " ".join(_parse(page).text)
    headings = re.findall(r'<section id="y-(\d{4})"', page)
    assert headings == ["2019", "2020", "2021"]
    assert '<time datetime="2019">2019</time>' in page
    assert '<time datetime="2019-12">December 2019</time>' in page
    assert '<time datetime="2019-12-03">3 December 2019</time>' in page
    assert "2019-01-01" not in page and "January 2019" not in text
    assert "Letter from Veridian Signals to the Coalition, 27 April 2021, p. 2" in text
    assert "Coalition for Digital Rights: open letter, February 2020, p. 1" in text


def test_html_kind_badges_have_labels_and_palette():
    page = to_html(sample_timeline())
    assert "--kind:#0072B2" in page and "--kind:#E69F00" in page and "--kind:#CC79A7" in page
    assert '<span class="badge kind">commitment</span>' in page
    assert '<span class="badge status">broken</span>' in page
    assert "prefers-color-scheme:dark" in page and "@media print" in page


def test_html_links_point_to_in_page_anchors():
    parsed = _parse(to_html(sample_timeline()))
    internal = [h for h in parsed.hrefs if h.startswith("#p-")]
    assert internal and all(h[1:] in parsed.ids for h in internal)
    assert all(h[1:] in parsed.ids for h in parsed.hrefs)
    assert "#p-00000001-1111-4111-8111-000000000001" in internal


def test_html_undated_section_is_last():
    page = to_html(sample_timeline())
    assert page.index('id="undated"') > page.index('id="y-2021"')
    undated = page[page.index('id="undated"'):]
    assert "history of missing its own deadlines" in undated
    assert "history of missing" not in page[:page.index('id="undated"')].split("</nav>", 1)[1]


def test_html_link_to_passage_outside_timeline_is_plain_text():
    event = _event(1, "2020", "A", "claim", "q", DOC_A, 1, links=[("contradicts", 99, "out")])
    page = to_html(_only(event))
    assert "passage 00000099 (not in this timeline)" in page
    assert 'href="#p-00000099' not in page


# ---------------------------------------------------------------- Markdown

def test_markdown_headings_per_year_and_undated():
    md = to_markdown(sample_timeline())
    assert re.findall(r"^## (\S+)$", md, re.M) == ["2019", "2020", "2021", "Undated"]
    assert md.startswith("# Timeline: HRIA publication\n")
    assert "- **2019** · Commitment · Veridian Signals · status: open" in md
    assert "- **December 2019** ·" in md and "- **3 December 2019** ·" in md
    assert "2019-01-01" not in md


def test_markdown_escapes_user_text():
    md = to_markdown(sample_timeline())
    quote_line = next(line for line in md.splitlines() if "alert(1)" in line)
    assert "<script>" not in md
    assert r"\<script\>" in quote_line
    assert r"\[full\](http://evil.example)" in quote_line
    assert r"\# soon \| \*now\*" in quote_line
    assert quote_line.startswith("  > ")


def test_markdown_line_starts_cannot_become_headings_or_lists():
    quote = "# Heading\n- item\n1. first\n===\n<b>bold</b>"
    md = to_markdown(_only(_event(1, "2020", "A_b", "claim", quote, DOC_A, 1)))
    assert "  > \\# Heading" in md and "  > \\- item" in md and "  > 1\\. first" in md
    assert "  > \\===" in md
    assert "\\<b\\>bold\\</b\\>" in md
    assert "A\\_b" in md


def test_markdown_links_show_the_other_passage():
    md = to_markdown(sample_timeline())
    assert "Link: contradicts → “Veridian Signals is committed to carrying out" in md
    assert "Link: contradicts ← “No assessment has been started" in md


# ---------------------------------------------------------------- every format

@pytest.mark.parametrize("fmt", FORMATS)
def test_year_only_dates_stay_year_only_in_every_format(fmt):
    out = export_timeline(_only(_event(1, "2019", "A", "claim", "q", DOC_C, 1)), fmt)
    assert "2019" in out
    if fmt == "csv":   # all but "Date start" and "Date end", which spell out the span to sort by
        rows = _csv_rows(out)
        assert rows[1][14:16] == ["2019-01-01", "2019-12-31"]
        out = "\n".join(",".join(r[:14] + r[16:]) for r in rows)
    assert not re.search(r"2019-01|January 2019|\b1 January\b|\"month\"|\"day\"", out)


@pytest.mark.parametrize("fmt", ["csv", "html", "md", "timelinejs"])
def test_undated_only_timeline_renders(fmt):
    out = export_timeline(_only(undated=[_event(1, None, "A", "claim", "undated words", DOC_A, 1)]), fmt)
    assert "undated words" in out


# ---------------------------------------------------------------- lone surrogates everywhere

@pytest.mark.parametrize("fmt", FORMATS)
def test_lone_surrogates_never_crash_any_writer(fmt):
    timeline = sample_timeline()
    for event in timeline["events"][:3] + timeline["undated"]:
        event["quote"] = "bad \udc80 bytes \ud83d and <tag>"
        event["by"] = "Org \udfff"
        event["note"] = "\ud800"
        event["threads"] = ["thread \udc00"]
    timeline["title"] = "Title \udcff"
    out = export_timeline(timeline, fmt)
    out.encode("utf-8")
    assert "\ufffd" in out


def test_valid_surrogate_pairs_are_joined_not_replaced():
    event = _event(1, "2020", "A", "claim", "smile \ud83d\ude00", DOC_A, 1)
    assert "smile \U0001F600" in to_html(_only(event))


# ---------------------------------------------------------------- Web Annotations

def _passage(n=1, **overrides):
    base = {"passage_id": f"{n:08d}-1111-4111-8111-{n:012d}", "doc_id": DOC_A,
            "doc_title": "Letter", "page": 2, "start": 120, "end": 180, "quote": "We will publish the HRIA.",
            "prefix": "In 2020 ", "suffix": " Signed,", "kind": "commitment", "by": "Veridian Signals",
            "date": "2019-12", "status": "open", "note": "Check against the 2021 letter.",
            "threads": ["HRIA publication"], "created": "2024-05-01T10:00:00+02:00", "modified": "2024-05-02 08:30:00"}
    base.update(overrides)
    return base


def test_web_annotations_collection_structure():
    data = json.loads(to_web_annotations([_passage(1), _passage(2, note="", page=None)], archive_name="Field office"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    assert data["id"].startswith("urn:uuid:") and data["label"].startswith("Field office")
    page = data["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0 and page["id"].startswith("urn:uuid:")
    first, second = page["items"]
    assert first["type"] == "Annotation" and first["id"] == "urn:uuid:00000001-1111-4111-8111-000000000001"
    assert first["motivation"] == "commenting" and second["motivation"] == "tagging"
    assert first["creator"] == {"type": "Organization", "name": "Field office"}
    assert first["created"] == "2024-05-01T08:00:00Z" and first["modified"] == "2024-05-02T08:30:00Z"


def test_web_annotation_target_selectors():
    target = json.loads(to_web_annotations([_passage()]))["first"]["items"][0]["target"]
    assert target["source"] == "urn:sha256:" + DOC_A
    quote, page = target["selector"]
    assert quote == {"type": "TextQuoteSelector", "exact": "We will publish the HRIA.", "prefix": "In 2020 ",
                     "suffix": " Signed,"}
    assert page == {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3778", "value": "page=2",
                    "refinedBy": {"type": "TextPositionSelector", "start": 120, "end": 180}}


def test_web_annotation_bodies():
    body = json.loads(to_web_annotations([_passage()]))["first"]["items"][0]["body"]
    tags = [b["value"] for b in body if b["purpose"] == "tagging"]
    assert tags == ["commitment", "thread:HRIA publication", "by:Veridian Signals", "date:2019-12", "status:open"]
    comments = [b for b in body if b["purpose"] == "commenting"]
    assert comments == [{"type": "TextualBody", "value": "Check against the 2021 letter.", "purpose": "commenting",
                         "format": "text/plain"}]
    assert all(b["type"] == "TextualBody" for b in body)


def test_web_annotations_are_deterministic_and_handle_odd_input():
    assert to_web_annotations([_passage()]) == to_web_annotations([_passage()])
    empty = json.loads(to_web_annotations([]))
    assert empty["total"] == 0 and "first" not in empty
    odd = json.loads(to_web_annotations([_passage(passage_id="not-a-uuid", quote="x \ud800")]))
    assert odd["first"]["items"][0]["id"].startswith("urn:uuid:")
    assert odd["first"]["items"][0]["target"]["selector"][0]["exact"] == "x \ufffd"
    with pytest.raises(ValueError, match="unreadable timestamp"):
        to_web_annotations([_passage(created="yesterday")])
    with pytest.raises(ValueError, match="list of passage dicts"):
        to_web_annotations("nope")
