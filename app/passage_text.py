"""Where a passage sits in its document's text: the occurrence a typed quote or a selection gives
(across page breaks too), what to say when it is not there, its piece on each page, and the text
around it (to see whether it stands in quotation marks)."""
from __future__ import annotations

from archive import Archive, documents
from archive.errors import Ambiguous, BadInput, NotFound

from .quotes.pages import body_span, span_text
from .quotes import check_quote, find_quote


class QuoteAmbiguous(Ambiguous):
    def __init__(self, message: str, occurrences: list[dict]):
        super().__init__(message)
        self.occurrences = occurrences


def surroundings(texts: list[str], occ: dict) -> tuple[str, str, str]:
    """The running text before and after an occurrence, over page breaks (page numbers left out)."""
    first, last = occ["page"], occ.get("end_page") or occ["page"]
    before = span_text(texts, max(1, first - 1), 0, first, occ["start"]) if first > 1 else \
        texts[first - 1][:occ["start"]]
    after_page = min(len(texts), last + 1)
    after = span_text(texts, last, occ["end"], after_page, len(texts[after_page - 1])) if after_page > last else \
        texts[last - 1][occ["end"]:]
    return before, occ["quote"], after


def _trim_furniture(texts: list[str], page: int, start: int, last: int, end: int) -> tuple[int, int]:
    """A selection that runs into a page number or running head is cut back to the running text
    (unless that is all it holds): a passage is never "… as amended. 1"."""
    lo = body_span(texts, page - 1)[0]
    hi = body_span(texts, last - 1)[1]
    a = lo if start < lo and (last > page or lo < end) else start
    b = hi if end > hi and (last > page or hi > a) else end
    first, final = texts[page - 1], texts[last - 1]
    while a < len(first) and first[a].isspace():
        a += 1
    while b > 0 and final[b - 1].isspace():
        b -= 1
    return (a, b) if last > page or a < b else (start, end)


def occurrence_at(texts: list[str], page: int, start: int, end: int, end_page: int | None = None) -> dict:
    last = end_page or page
    for p in (page, last):
        if not 1 <= p <= len(texts):
            raise BadInput(f"page {p} does not exist: the document has {len(texts)} page(s)")
    if last < page:
        raise BadInput("the selection ends on a page before the one it starts on: select the words again")
    first_text, last_text = texts[page - 1], texts[last - 1]
    if not 0 <= start <= len(first_text) or not 0 <= end <= len(last_text) or (last == page and start >= end):
        raise BadInput("the selection is empty or outside the page's text: select the words again")
    start, end = _trim_furniture(texts, page, start, last, end)
    quote = span_text(texts, page, start, last, end)
    if not quote.strip():
        raise BadInput("the selection is empty or outside the page's text: select the words again")
    return {"page": page, "start": start, "end": end, "end_page": last, "quote": quote,
            "prefix": first_text[max(0, start - 32):start], "suffix": last_text[end:end + 32]}


def _near(texts: list[str], quote: str):
    try:
        verdict = check_quote(quote, texts)
    except ValueError:
        return None
    return verdict if verdict.page else None


def _not_found(verdict, title: str) -> NotFound:
    """Say what the document does hold where the quote is nearly there, rather than blame its wording."""
    equal = sum(len(t.split()) for op, t in verdict.diff if op == "equal") if verdict else 0
    other = sum(len(t.split()) for op, t in verdict.diff if op not in ("equal", "elided")) if verdict else 0
    if verdict is not None and verdict.status == "altered" and equal >= 3 * other:
        pages = f"pp. {verdict.page}–{verdict.end_page}" if verdict.end_page else f"p. {verdict.page}"
        near = " ".join(verdict.source_text.split())
        near = near if len(near) <= 160 else near[:157] + "…"
        return NotFound(f"these exact words were not found in “{title}”; the nearest text ({pages}) reads: "
                        f"“{near}”. Tag the words as the document has them, or select them in the viewer")
    return NotFound(f"these words were not found in “{title}”, on any page or across a page break. If they "
                    "are in the document, its extracted text differs (an OCR misreading, columns, a footnote "
                    "between the pages): select the words in the viewer to tag them")


def pick_occurrence(texts: list[str], quote: str, occurrence: int | None, title: str) -> dict:
    try:
        found = find_quote(texts, quote)
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    if not found:
        near = _near(texts, quote)
        if near is None or near.status != "verified":
            raise _not_found(near, title)
        # The words are there, only the document's own brackets or marks differ: tag the document's text.
        last = near.end_page or near.page
        return {"page": near.page, "start": near.start, "end": near.end, "end_page": last,
                "quote": span_text(texts, near.page, near.start, last, near.end),
                "prefix": texts[near.page - 1][max(0, near.start - 32):near.start],
                "suffix": texts[last - 1][near.end:near.end + 32]}
    occ = [{**o.__dict__, "end_page": o.end_page or o.page} for o in found]
    if occurrence is not None:
        if not 1 <= occurrence <= len(occ):
            raise BadInput(f"--occurrence must be between 1 and {len(occ)}")
        return occ[occurrence - 1]
    if len(occ) > 1:
        listing = "; ".join(f"{i}: p.{o['page']} …{o['prefix'][-20:]}[{o['quote'][:30]}]{o['suffix'][:20]}…"
                            for i, o in enumerate(occ, 1))
        raise QuoteAmbiguous(f"the quote occurs {len(occ)} times; choose one with --occurrence N ({listing})",
                             [{"occurrence": i, **o} for i, o in enumerate(occ, 1)])
    return occ[0]


def spans(p: dict) -> list[dict]:
    """The passage piece by piece, one {"page", "start", "end"} per page it covers (the page
    numbers and running heads between the pieces left out)."""
    if p["end_page"] <= p["page"]:
        return [{"page": p["page"], "start": p["start"], "end": p["end"]}]
    bodies = p.get("bodies") or {}
    lengths = p.get("page_lengths") or []
    out = []
    for i, page in enumerate(range(p["page"], p["end_page"] + 1)):
        lo, hi = bodies.get(page, (0, lengths[i] if i < len(lengths) else 0))
        start = p["start"] if page == p["page"] else lo
        end = p["end"] if page == p["end_page"] else hi
        if end > start:
            out.append({"page": page, "start": start, "end": end})
    return out


def add_bodies(archive: Archive, rows: list[dict]) -> None:
    """Where the running text of each page a cross-page passage covers starts and ends."""
    texts: dict[str, list[str]] = {}
    for r in rows:
        if r["end_page"] > r["page"]:
            if r["doc_id"] not in texts:
                texts[r["doc_id"]] = documents.page_texts(archive.db, r["doc_id"])
            pages = texts[r["doc_id"]]
            r["bodies"] = {p: body_span(pages, p - 1) for p in range(r["page"], min(r["end_page"], len(pages)) + 1)}
