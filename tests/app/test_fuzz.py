"""Property tests: random input to the query parser, quote matcher, date parser and bundle reader
fails only with the documented error, never a crash."""
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.bundle import export_bundle, import_bundle
from app.ingest import ingest
from app.passages import tag
from app.quotes import check_quote, find_quote
from app.search import search
from archive import Archive
from archive.dates import DateError, PartialDate, parse_date
from archive.errors import BadInput, QueryError
from tests.conftest import LETTER, make_pdf

EXAMPLES: dict[str, int] = {}
_SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)

_QUERY_TOKENS = st.sampled_from([
    "impact", "assessment", "Kessler", '"', '"human rights"', "(", ")", "AND", "OR", "NOT", "-", "*", "?",
    "~", "~2", "publ*", "assessm~", "from:", "to:", "kind:", "date:", "by:", "status:", "thread:",
    'from:"Open Rights"', "to:Kessler", "kind:letter", "kind:commitment", "kind:nonsense", "date:2021",
    "date:[2019 to 2021-04]", "date:[2021 to 2019]", "date:[", "date:]", "date:13/13/2021", "status:open",
    "thread:HRIA", "[", "]", "{", "}", "^", "\\", ":", "'", "’", "\u00ad", "\x00", "é", "ß", "日本", "\ud800",
    "a" * 300, "<mark>", "</mark>", "&amp;", "=1+1", "NOT NOT", "AND OR", "x:y",
])
queries = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(_QUERY_TOKENS, st.text(max_size=6)), max_size=12).map(" ".join),
    st.lists(_QUERY_TOKENS, max_size=8).map("".join),
)


@pytest.fixture(scope="module")
def small_archive(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fuzz")
    archive = Archive.open(tmp / "archive")
    pdfs = [make_pdf(tmp / "in" / "a.pdf", [LETTER]),
            make_pdf(tmp / "in" / "b.pdf", ["Memo\n\nThe impact assessment was not published. "
                                            "Café, naïve, 日本語 and ‘quotes’."])]
    ingest(archive, pdfs, ocr=False)
    doc = archive.db.execute("SELECT id FROM documents ORDER BY id").fetchone()[0]
    tag(archive, doc, "impact assessment", "commitment", threads=["HRIA"], occurrence=1)
    yield archive
    archive.close()


def test_query_parser_raises_only_query_error(small_archive):
    count = 0

    @settings(max_examples=600, **_SETTINGS)
    @given(queries, st.sampled_from(["relevance", "date"]))
    def run(text, sort):
        nonlocal count
        count += 1
        try:
            res = search(small_archive, text, limit=5, sort=sort)
        except QueryError as exc:
            assert str(exc) and "\n" not in str(exc)
            return
        assert res.total >= len(res.hits)
        json.dumps(res.to_dict(), ensure_ascii=False).encode("utf-8")

    run()
    EXAMPLES["search"] = count


page_texts = st.lists(st.text(max_size=200), min_size=0, max_size=4)
typed = st.one_of(st.text(max_size=40), st.sampled_from(["…", "[...]", "...", "[sic]", "“", "”", "-", "- ",
                                                          "\u00ad", "ﬁ", " \n ", "[emphasis added]"]))


def test_quote_matcher_never_crashes(small_archive):
    count = 0
    letter = [LETTER]

    @settings(max_examples=600, **_SETTINGS)
    @given(st.one_of(page_texts, st.just(letter)), st.one_of(typed, st.lists(typed, max_size=5).map("".join)))
    def run(pages, quote):
        nonlocal count
        count += 1
        try:
            found = find_quote(pages, quote)
        except ValueError as exc:
            assert "empty" in str(exc)
            found = []
        for occ in found:
            text = pages[occ.page - 1]
            assert 0 <= occ.start < occ.end <= len(text) and occ.quote == text[occ.start:occ.end]
        verdict = check_quote(quote, pages)
        assert verdict.status in ("verified", "altered", "unsourced")
        if verdict.page is not None:
            assert 1 <= verdict.page <= len(pages)

    run()
    EXAMPLES["quotes"] = count


def test_date_parser_raises_only_date_error():
    count = 0
    words = st.sampled_from(["27", "April", "avril", "abril", "de", "2021", "1st", "May", "13", "02", "/", "-",
                             ".", ",", "of", "le", "Sept", "0", "9999", "29", "February", "2100", "31", "\u00a0"])

    @settings(max_examples=800, **_SETTINGS)
    @given(st.one_of(st.text(max_size=40), st.lists(words, max_size=6).map(" ".join),
                     st.lists(words, max_size=6).map("".join)))
    def run(text):
        nonlocal count
        count += 1
        try:
            d = parse_date(text)
        except DateError as exc:
            assert str(exc)
            return
        assert isinstance(d, PartialDate)
        assert parse_date(d.iso()) == d

    run()
    EXAMPLES["dates"] = count


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 40, 2 ** 40) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)


def test_malformed_bundles_are_refused_without_changes(small_archive, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bundles")
    good = tmp / "good.zip"
    export_bundle(small_archive, good, everything=True)
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    original = json.loads(members["bundle.json"])
    target = Archive.open(tmp / "target")
    count = 0

    def paths(node, prefix=()):
        yield prefix
        if isinstance(node, dict):
            for k, v in node.items():
                yield from paths(v, prefix + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node[:2]):
                yield from paths(v, prefix + (i,))

    spots = [p for p in paths(original) if p]

    def reset():
        # Every example starts from an empty archive, whatever the previous one left.
        for table in ("links", "status_history", "passage_threads", "passages", "document_parties", "pages",
                      "documents"):
            target.db.execute(f"DELETE FROM {table}")
        for p in target.store.root.glob("??/*.pdf"):
            p.chmod(0o644)
            p.unlink()
        target.rebuild_index()

    @settings(max_examples=150, **_SETTINGS)
    @given(st.sampled_from(spots), json_values)
    def run(spot, value):
        nonlocal count
        count += 1
        reset()
        bundle = json.loads(members["bundle.json"])
        node = bundle
        for key in spot[:-1]:
            node = node[key]
        node[spot[-1]] = value
        path = tmp / "bad.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for n, data in members.items():
                zf.writestr(n, json.dumps(bundle) if n == "bundle.json" else data)
        try:
            import_bundle(target, path)
        except BadInput as exc:
            assert "nothing was imported" in str(exc)
            assert target.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
            return
        # Some changes are harmless (a note, a title): then the import is complete and consistent.
        from app.check import check
        assert check(target) == []

    try:
        run()
    finally:
        target.close()
    EXAMPLES["bundles"] = count


def test_zz_report_examples():
    """Prints how many examples each property test ran (run with -s to see it)."""
    if EXAMPLES:
        print("\nHypothesis examples run: " + ", ".join(f"{k} {v}" for k, v in EXAMPLES.items())
              + f"; total {sum(EXAMPLES.values())}")
