"""Letter text made ready for metadata guesses: cleaned pages, their lines and the marks of a letter's parts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import clean_pages

_PAGE_CHARS = 20_000  # per page; metadata lives at the start and end of a letter, not in long appendices
_MAX_LINE = 300


# ---------------------------------------------------------------- text preparation

_ODD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_BREAK = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def _clean(page: object) -> str:
    if not isinstance(page, str):
        return ""
    page = page[:_PAGE_CHARS]
    if _ODD.search(page) is None:  # the usual case, and much cheaper than substituting
        return page
    return _ODD.sub(" ", _BREAK.sub("\n", page))


def _lines(text: str) -> list[str]:
    """Non-blank lines with runs of whitespace collapsed."""
    out = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line:
            if "  " in line or "\t" in line or "\xa0" in line:
                line = " ".join(line.split())
            out.append(line[:_MAX_LINE])
    return out


# ---------------------------------------------------------------- line classes shared by the guesses

_SUBJECT = re.compile(
    r"(?:re|subject|subj|asunto|objet|object|concerne|referencia)\s*:\s*(.*)|ref\.\s+(?=(?:\S+\s+){3})(.*)", re.I
)
# "Our ref: CA/2021/044", or the label alone with its value below it.
_REFERENCE = re.compile(r"(?:our |your |n/|v/|s/|notre |votre |nuestra |su )?(?:ref|réf|reference|référence|"
                        r"referencia)\.?\s*:\s*(\S.*)?", re.I)
_SALUTATION = re.compile(
    r"(?:dear|hello|hi|to whom it may concern|estimad[oa]s?|querid[oa]s?|apreciad[oa]s?|distinguid[oa]s?|"
    r"respetad[oa]s?|honorable|cher|"
    r"chère|chers|chères|your excellency|excelent[ií]sim[oa]s?)\b|(?:señor|señora|señores|madame|monsieur|"
    r"mesdames|messieurs)\b.*[,:]$|(?:sr|sra|srs)\..*[,:]$|to (?:the )?[A-Z][^.;]{2,80},$",
    re.I,
)
_MEMO = re.compile(r"(?:interoffice |internal )?(?:memo|memorandum|memorándum|mémorandum|note de service)\b", re.I)
# An urgent action (appeal), the human-rights alert addressed to the public and officials alike.
_URGENT_ACTION = r"(?:urgent (?:action|appeal)|acci[oó]n urgente|llamamiento urgente|action urgente|appel urgent)\b"
_STATEMENT = re.compile(
    r"(?:joint |public |open )?(?:statement|press release|news release|media release|declaración|declaracion|"
    r"comunicado|communiqué|déclaration|pronunciamiento)\b|" + _URGENT_ACTION,
    re.I,
)
_GENERIC_HEADINGS = re.compile(
    r"(?:memo|memorandum|press release|news release|statement|joint statement|open letter|carta abierta|"
    r"lettre ouverte|for immediate release|confidential|draft|private and confidential|executive summary|"
    r"table of contents|contents|by email|by e-mail|via email|urgent|comunicado de prensa|communiqué de presse)\W*",
    re.I,
)
_ADDRESS_WORDS = set(
    "tel tel. phone fax tél teléfono email e-mail correo street st. avenue ave ave. road rd rd. suite floor box "
    "boulevard blvd lane calle avenida piso rue cedex bp palais palacio edificio immeuble bâtiment ciudad "
    "presente despacho plaza place square way drive court siège sede headquarters".split()
)
_HAS_DIGIT = re.compile(r"[0-9]")
_PHONE = re.compile(r"\+?\d[\d ().-]{6,}\d")
_ADDRESS_NUMBER = re.compile(
    r"\b(?!(?:19|20)\d\d\b)\d{4,6}\b|^\d+[ ,]|\b[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}\b"
    r"|\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b"
    r"|[^\W\d_](?:straße|strasse|str\.|weg|platz|allee|gasse|damm|straat|laan|gracht|vej|gatan|gade)\s+\d+"
)  # postcodes (British, Canadian), house numbers (after a street: "Stresemannstraße 94")


def _is_address(text: str) -> bool:
    """Street, postcode, phone, e-mail or web address."""
    if "@" in text or "http" in text or "www." in text:
        return True
    if _HAS_DIGIT.search(text) and (_ADDRESS_NUMBER.search(text) or any(
            sum(ch.isdigit() for ch in m[0]) >= 7 for m in _PHONE.finditer(text))):
        return True     # a phone number has seven digits or more: "11.11.11" is a name (CNCD-11.11.11)
    words = set(text.lower().replace(":", " ").split())
    if not _ADDRESS_WORDS.isdisjoint(words - {"st.", "st"}):
        return True
    return bool(words & {"st.", "st"}) and bool(_HAS_DIGIT.search(text))  # "12 Main St." but "St. Joseph"


# ---------------------------------------------------------------- the document

@dataclass
class _Doc:
    lines: list[str]  # page 1 (the first page with text), non-blank lines
    tail: list[str]  # lines searched for the closing formula and the signatures
    page1: str
    pages: int
    # Where the layout is known: each page-1 line's Line (size, weight, place), else None; the
    # same for the tail; and the size the body text is set in.
    info: list = field(default_factory=list)
    tail_info: list = field(default_factory=list)
    body: float = 0.0

    def line(self, i: int):
        return self.info[i] if 0 <= i < len(self.info) else None

    def emphasis(self, i: int) -> float:
        """How much a page-1 line stands out from the body text: its size over the body's, plus
        0.15 for bold; 1.0 where the layout is unknown."""
        line = self.line(i)
        if line is None or not self.body:
            return 1.0
        return line.size / self.body + (0.15 if line.bold else 0.0)


def _prepare(pages: object, layout: dict | None = None, heights: dict | None = None) -> _Doc:
    if isinstance(pages, str):
        pages = [pages]
    if not isinstance(pages, (list, tuple)):
        pages = []
    cleaned = [_clean(page) for page in pages[:5000]]
    first = next((i for i, page in enumerate(cleaned) if page.strip()), 0)
    texts = cleaned[first:] or [""]
    seen, body = {}, 0.0
    if isinstance(layout, dict) and layout:
        try:
            seen, body = clean_pages(layout, heights if isinstance(heights, dict) else {})
        except Exception:  # noqa: BLE001 - a layout that cannot be read leaves the plain text
            seen, body = {}, 0.0

    def page_lines(k: int) -> tuple[list[str], list]:
        number = first + k + 1
        if number in seen:
            got = [line for line in seen[number] if line.text[:_MAX_LINE].strip()]
            return [line.text[:_MAX_LINE] for line in got], got
        plain = _lines(texts[k])
        return plain, [None] * len(plain)

    first_lines, first_info = page_lines(0)
    tail_numbers = list(range(1, len(texts))) if len(texts) <= 6 else [1, 2, *range(len(texts) - 3, len(texts))]
    tail, tail_info = list(first_lines), list(first_info)
    for k in tail_numbers:
        got, info = page_lines(k)
        tail += got
        tail_info += info
    return _Doc(
        lines=first_lines[:400],
        tail=tail,
        page1=texts[0],
        pages=len(texts),
        info=first_info[:400],
        tail_info=tail_info,
        body=body,
    )
