"""Checking a follow-up letter's quotations word for word against the archive: a draft's (each against
its passage's document) and a file's or typed ones (against the documents their citation names first,
then every document)."""
from __future__ import annotations

from pathlib import Path

from archive import Archive, documents
from archive.errors import BadInput, NotFound, PapertrailError

from .. import passages as passages_app
from .cited import Catalogue
from .model import Citation, Draft
from .read import read_quotations
from ..quotes import QuoteVerdict, best_source, check_quote


def _passage_or_none(archive: Archive, pid: str | None) -> dict | None:
    if not pid:
        return None
    try:
        return passages_app.get(archive, pid)
    except (NotFound, BadInput):
        return None


def diff_entries(diff: list[tuple[str, str]]) -> list[dict]:
    """A QuoteVerdict's diff as {"op", "quote", "source"}: op is equal, replace, insert, delete
    (source words dropped, or a "not" hidden by an elision), elided or editorial."""
    out = []
    for op, text in diff:
        if op.startswith("replace:"):
            out.append({"op": "replace", "quote": op[8:], "source": text})
        elif op.startswith("editorial:"):
            out.append({"op": "editorial", "quote": op[10:], "source": text})
        elif op == "insert":
            out.append({"op": "insert", "quote": text, "source": ""})
        elif op in ("delete", "elided"):
            out.append({"op": op, "quote": "", "source": text})
        else:
            out.append({"op": op, "quote": text, "source": text})
    return out


def _verdict(quote: str, doc_id: str | None, verdict: QuoteVerdict) -> dict:
    entries = diff_entries(verdict.diff)
    return {"quote": quote, "status": verdict.status, "doc_id": doc_id, "page": verdict.page,
            "end_page": verdict.end_page,
            "diff": entries, "changes": [e for e in entries if e["op"] in ("replace", "insert", "delete")],
            "source_text": verdict.source_text}


def all_page_texts(archive: Archive) -> list[tuple[str, list[str]]]:
    """(doc_id, page texts) for every document, read in one query; missing pages are empty text so
    a page number is always its list index + 1."""
    docs: list[tuple[str, list[str]]] = []
    for doc_id, page, text in archive.db.execute("SELECT doc_id, page, text FROM pages ORDER BY doc_id, page"):
        if not docs or docs[-1][0] != doc_id:
            docs.append((doc_id, []))
        pages = docs[-1][1]
        pages.extend([""] * (page - 1 - len(pages)))
        pages.append(text or "")
    return docs


def _source_doc(archive: Archive, citation: Citation) -> str | None:
    """The document a quotation claims to come from, if the archive still has it."""
    p = _passage_or_none(archive, citation.passage_id)
    if p is not None:
        return p["doc_id"]
    row = archive.db.execute("SELECT id FROM documents WHERE id = ?", [citation.doc_id]).fetchone()
    return row[0] if row else None


def check_draft(archive: Archive, draft: Draft) -> list[dict]:
    """Every quotation in the draft compared word for word with its source document (or, when the
    archive no longer has that document, with the best match in any document)."""
    results = []
    everything = None
    pages: dict[str, list[str]] = {}
    for quote in draft.quotes():
        doc_id = _source_doc(archive, quote.citation)
        if doc_id is not None:
            if doc_id not in pages:
                pages[doc_id] = documents.page_texts(archive.db, doc_id)
            verdict = check_quote(quote.text, pages[doc_id])
        else:
            if everything is None:
                everything = all_page_texts(archive)
            doc_id, verdict = best_source(quote.text, everything)
        result = _verdict(quote.text, doc_id, verdict)
        result["passage_id"] = quote.citation.passage_id
        result["citation"] = quote.citation.text()
        results.append(result)
    return results


def check_file(archive: Archive, path: Path | str) -> list[dict]:
    """Each quotation in a DOCX, Markdown, HTML or text file, checked against the documents its
    citation names, then all the archive's text.

    Returns, per quotation: quote, citation (as found in the file), location, status (verified,
    altered or unsourced), doc_id, doc_title, page, diff, changes (the differing words), source_text
    and what check_typed_quotation says of the cited document. Raises PapertrailError when the file
    cannot be read."""
    path = Path(path)
    try:
        quotations = read_quotations(path)
    except FileNotFoundError as exc:
        raise PapertrailError(str(exc) if exc.strerror is None else f"cannot read {path}: {exc.strerror}") from None
    except OSError as exc:
        raise PapertrailError(f"cannot read {path}: {exc.strerror or exc}") from None
    except ValueError as exc:   # not a supported kind of file, a damaged DOCX, undecodable text
        raise PapertrailError(str(exc)) from None
    if not quotations:
        return []
    docs = all_page_texts(archive)
    titles = document_titles(archive)
    catalogue = Catalogue.of(archive)
    results = []
    for q in quotations:
        result = check_typed_quotation(q["quote"], docs, titles, q["citation"], catalogue)
        result.update(citation=q["citation"], location=q["location"])
        results.append(result)
    return results


def document_titles(archive: Archive) -> dict[str, str]:
    return dict(archive.db.execute("SELECT id, title FROM documents").fetchall())


def check_typed_quotation(quote: str, docs: list[tuple[str, list[str]]], titles: dict[str, str],
                          citation: str | None = None, catalogue: Catalogue | None = None) -> dict:
    """A quotation that is only words in quotation marks (typed into a letter, or read back from a
    file) checked against the documents its citation names (see Catalogue.named_by), then every
    document. quote-check and the app's live check both use this, so they give the same verdict on
    the same words.

    Besides _verdict's keys and doc_title: cited_doc_ids (the documents the citation names, best
    first; [] when it names none, or without a catalogue), cited_doc_id, cited_doc_title and
    cited_doc_date (the cited document holding the words, else the first named), in_cited (True when
    a cited document holds the words, verified or altered; False when none does; None when the
    citation names no document), cited_pages (the first and last page the citation gives, when it
    names a document and gives pages), page_ok (whether the words are on those pages of the cited
    document; None when that cannot be said) and citation_note ("not in the cited document (…);
    found in …" when the words are only in another document, "cited at p. 4; the words are on p. 2"
    when they are on other pages than cited, else None)."""
    cited = catalogue.named_by(citation) if catalogue is not None else []
    if not cited:
        doc_id, verdict = best_source(quote, _cited_first(docs, titles, citation))
        result = _verdict(quote, doc_id, verdict)
        result.update(doc_title=titles.get(doc_id), cited_doc_ids=[], cited_doc_id=None, cited_doc_title=None,
                      cited_doc_date=None, in_cited=None, citation_note=None, cited_pages=None, page_ok=None)
        return result
    named = set(cited)
    doc_id, verdict = best_source(quote, [d for d in docs if d[0] in named])
    in_cited = verdict.status != "unsourced"
    note = None
    if not in_cited:
        other_id, other = best_source(quote, [d for d in docs if d[0] not in named])
        if other.status != "unsourced":
            doc_id, verdict = other_id, other
            which = "document" if len(cited) == 1 else "documents"
            note = (f"not in the cited {which} ({'; '.join(catalogue.label(c) for c in cited)}); "
                    f"found in {catalogue.label(other_id)}")
    result = _verdict(quote, doc_id, verdict)
    mine = doc_id if in_cited else cited[0]
    title, date = catalogue.describe(mine)
    pages = catalogue.cited_pages(citation)
    page_ok = None
    if in_cited and pages and verdict.page:
        page_ok = verdict.page <= pages[1] and pages[0] <= (verdict.end_page or verdict.page)
        if not page_ok:
            note = _page_note(pages, verdict, catalogue.page_count(doc_id))
    result.update(doc_title=titles.get(doc_id), cited_doc_ids=list(cited), cited_doc_id=mine,
                  cited_doc_title=title, cited_doc_date=date, in_cited=in_cited, citation_note=note,
                  cited_pages=list(pages) if pages else None, page_ok=page_ok)
    return result


def _page_note(pages: tuple[int, int], verdict, page_count: int) -> str:
    """"cited at p. 1; the words are on p. 2", or "cited at p. 9, but the document has 3 pages; …"."""
    cited = f"p. {pages[0]}" if pages[0] == pages[1] else f"pp. {pages[0]}–{pages[1]}"
    found = f"pp. {verdict.page}–{verdict.end_page}" if verdict.end_page else f"p. {verdict.page}"
    beyond = ""
    if page_count and pages[0] > page_count:
        beyond = f", but the document has {page_count} page{'s' * (page_count != 1)}"
    return f"cited at {cited}{beyond}; the words are on {found}"


def _cited_first(docs: list[tuple[str, list[str]]], titles: dict[str, str], citation: str | None):
    """When the citation names no document clearly, documents whose title it contains go first: when
    a later letter repeats the words verbatim, the document the author cited wins the tie."""
    if not citation:
        return docs
    cited = citation.lower()
    named = [d for d in docs if len(titles.get(d[0]) or "") >= 4 and titles[d[0]].lower() in cited]
    if not named:
        return docs
    ids = {d[0] for d in named}
    return named + [d for d in docs if d[0] not in ids]


def summary(results: list[dict]) -> dict:
    counts = {"verified": 0, "altered": 0, "unsourced": 0}
    for r in results:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    return counts


def not_in_cited(results: list[dict]) -> int:
    """How many quotations were found only in a document other than the one their citation names."""
    return sum(1 for r in results if r.get("in_cited") is False and r["status"] != "unsourced")


def wrong_page(results: list[dict]) -> int:
    """How many quotations are in the document their citation names, on other pages than it gives."""
    return sum(1 for r in results if r.get("page_ok") is False)
