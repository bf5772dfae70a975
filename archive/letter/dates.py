"""Guessing a letter's language and its date from the text."""

from __future__ import annotations

import functools
import re
from collections import Counter

from ..dates import DateError, PartialDate, find_dates, parse_date
from .text import _HAS_DIGIT, _SUBJECT, _Doc

_HEAD_LINES = 15


# ---------------------------------------------------------------- language

_STOPWORDS = {
    "en": "the and of to is that we you for with this are not be have on our your it as by which from would "
    "will has was were their they its an at or these",
    "es": "el los las del por con para una es se su al lo como más sus nos y este esta estos son ha han fue "
    "pero sin sobre también entre muy",
    "fr": "les des du et est qui pour dans pas sur au aux nous vous ce cette avec par sont une ont été mais "
    "sans leur leurs être",
}
_LANG_OF_WORD = {word: lang for lang, words in _STOPWORDS.items() for word in words.split()}
_LETTERS = re.compile(r"[^\W\d_]+")


_SAMPLE = 4000


def detect_language(text: str) -> str:
    """"en", "es" or "fr" by stopword counts, or "other" when no language clearly wins."""
    if not isinstance(text, str):
        return "other"
    return _language(*_stopwords(text[:_SAMPLE]))


def detect_document_language(pages: list[str]) -> str:
    """detect_language("\n".join(pages)), counting page by page: the first page's count is the one
    the letter's metadata makes for its own guess (extract_metadata), so it is made once."""
    en = es = fr = words = 0
    left = _SAMPLE
    for k, page in enumerate(pages):
        if k:
            left -= 1    # the newline before the page: not a letter, it only ends a word
        if left <= 0:
            break
        # Lowercasing page by page is lowercasing the whole: even a Greek final sigma looks no
        # further than the newline.
        part = page[:left]
        counted = _stopwords(part)
        en, es, fr, words = en + counted[0], es + counted[1], fr + counted[2], words + counted[3]
        left -= len(part)
    return _language(en, es, fr, words)


@functools.lru_cache(maxsize=8)
def _stopwords(sample: str) -> tuple[int, int, int, int]:
    """English, Spanish and French stopwords in a sample, and its number of words."""
    words = _words(sample.lower())
    counts = Counter(map(_LANG_OF_WORD.get, words))
    return counts["en"], counts["es"], counts["fr"], len(words)


_PUNCTUATION = ".,;:!?()\"'“”‘’"


def _words(text: str) -> list[str]:
    """The runs of letters in a text, as _LETTERS.findall finds them but twice as fast: most words
    stand between spaces, with at most some punctuation around them, and need no pattern."""
    out: list[str] = []
    for token in text.split():      # a run of letters never holds a space
        core = token.strip(_PUNCTUATION)
        if core.isalpha():
            out.append(core)
        elif core:
            out += _LETTERS.findall(core)
    return out


def _language(en: int, es: int, fr: int, words: int) -> str:
    ranked = sorted({"en": en, "es": es, "fr": fr}.items(), key=lambda item: item[1], reverse=True)
    (best, best_count), (_, second_count) = ranked[0], ranked[1]
    # Real prose is at least ~15% stopwords; a few incidental hits in other scripts or word lists are not.
    if best_count >= 3 and best_count >= 1.5 * second_count and best_count >= 0.08 * words:
        return best
    return "other"


# ---------------------------------------------------------------- dates

_DATE_FILLER = set(
    "le el the on dated date fecha den a à fait hecho en at in monday tuesday wednesday thursday friday "
    "saturday sunday lunes martes miércoles miercoles jueves viernes sábado sabado domingo lundi mardi mercredi "
    "jeudi vendredi samedi dimanche".split()
)
_PDF_DATE = re.compile(r"(?:D:)?([12][0-9]{3})([01][0-9])?([0-3][0-9])?")


def _date_line(line: str) -> tuple[PartialDate, bool] | None:
    """The date in a line, and whether the line is just a date (optionally "City, le ...")."""
    found = find_dates(line)
    if found:
        date, start, end = found[0]
        before, after = line[:start], line[end:]
    elif len(line) <= 45 and _HAS_DIGIT.search(line):
        after = ""
        before, _, candidate = line.rpartition(",")
        try:
            date = parse_date(candidate)
        except DateError:
            return None
        if date.precision == "year":
            return None  # a lone year on a line is more often a reference than the letter's date
        before += ","[: bool(before)]
    else:
        return None
    rest = f"{before} {after}"
    words = [w for w in _LETTERS.findall(rest) if w.lower() not in _DATE_FILLER]
    # Places before a date that ends the line: "London, Brussels and Mexico City, 8 March 2022".
    places = not after.strip(" .") and before.rstrip().endswith(",")
    alone = len(words) <= (8 if places else 4) and len(rest) <= 80 and not _HAS_DIGIT.search(rest)
    return date, alone


# A reference row's label for the date of the letter answered, not this one's: "Your letter of",
# "Su carta del", "Votre lettre du", "Ihr Schreiben vom".
_CITED = (
    r"(?:your\s+(?:letter|e-?mail|message|communication|request)\s+(?:of|dated)|"
    r"your\s+ref(?:erence)?\b\.?[^\n]{0,40}?\b(?:of|dated)|"
    r"su\s+(?:carta|escrito|comunicaci[oó]n|oficio|correo|solicitud)\s+(?:del?(?:\s+fecha)?)|"
    r"votre\s+(?:lettre|courrier|courriel|message|demande)\s+(?:du|en\s+date\s+du)|"
    r"ihr(?:e|em)?\s+(?:schreiben|nachricht|brief|e-?mail|anfrage)\s+vom)\s*:?"
)
_CITED_LABEL = re.compile(_CITED, re.I)
_CITED_BEFORE = re.compile(rf"\b{_CITED}\s*$", re.I)
# The label of the letter's own date in a reference row or a label column: "Date", "Datum:", "Le :".
_OWN_LABEL = re.compile(r"(?:date|datum|fecha|le)\s*:\s*(.*)|date|datum|fecha", re.I)


def _cited(text: str, start: int) -> bool:
    """Whether the date at text[start:] is another letter's: right after "Your letter of"."""
    return _CITED_BEFORE.search(text, max(0, start - 80), start) is not None


def _own_date_line(line: str) -> tuple[PartialDate, bool] | None:
    """_date_line, but None for a date another letter has ("Your letter of 12 March 2021")."""
    found = find_dates(line)
    if found and _cited(line, found[0][1]):
        return None
    return _date_line(line)


def _value_of(doc: _Doc, i: int) -> int | None:
    """The page-1 line holding the value of the label on line i: to its right on the same row,
    else under it in its column (a row of labels with their values on the line below)."""
    lines, label = doc.lines, doc.line(i)
    if label is None:
        # Plain text: a run of labels ("Your letter of", "Our ref.", "Date") is followed by their
        # values in the same order, each with a number in it; a line above the labels (a name in
        # the letterhead) has no value and is no label.
        first = i
        while first > 0 and i - first < 8 and _label_like(lines[first - 1]):
            first -= 1
        last = i
        while last + 1 < len(lines) and last - first < 8 and _label_like(lines[last + 1]):
            last += 1
        values = 0
        while values <= last - first and last + 1 + values < len(lines) and _HAS_DIGIT.search(lines[last + 1 + values]):
            values += 1
        first = last + 1 - values
        return last + 1 + (i - first) if i >= first else None
    height = max(label.size, 1.0)
    right = below = None
    best = 0.0
    for j in range(i + 1, min(len(lines), i + 20)):
        value = doc.line(j)
        if value is None or value.page != label.page:
            break
        if abs(value.y0 - label.y0) < 0.5 * height:
            if value.x0 >= label.x1 - 1 and (right is None or value.x0 < doc.line(right).x0):
                right = j
        elif 0.5 * height < value.y0 - label.y0 and value.y0 - label.y1 < 2.5 * height:
            overlap = min(value.x1, label.x1) - max(value.x0, label.x0)
            if overlap > best:
                best, below = overlap, j
    if right is not None and find_dates(lines[right]):
        return right
    return below


def _label_like(line: str) -> bool:
    return len(line) <= 30 and not _HAS_DIGIT.search(line)


def _reference_rows(doc: _Doc, end: int) -> tuple[tuple[PartialDate, int] | None, set[int]]:
    """The letter's own date under a "Date"/"Datum:"/"Fecha" label in the head, if any, and the
    lines holding another letter's date, under or beside a "Your letter of" label."""
    lines = doc.lines[:end]
    cited = {j for i, line in enumerate(lines) if _CITED_LABEL.fullmatch(line) and (j := _value_of(doc, i)) is not None}
    for i, line in enumerate(lines):
        if m := _OWN_LABEL.fullmatch(line):
            j = i if m[1] else _value_of(doc, i)
            if j is None or j in cited:
                continue
            if (got := _own_date_line(m[1] or doc.lines[j])) and got[1]:
                return (got[0], j), cited
    return None, cited


_PRINT_STAMP = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}\b")
_BROWSER = re.compile(r"\b(?:chrome|chromium|firefox|mozilla|safari|microsoft edge|opera)\b", re.I)


def _pdf_date(pdf_meta: dict) -> PartialDate | None:
    for key in ("creationDate", "creationdate", "CreationDate", "creation_date", "modDate", "moddate", "ModDate"):
        value = pdf_meta.get(key)
        if isinstance(value, str) and (m := _PDF_DATE.match(value.strip())):
            try:
                return PartialDate(int(m[1]), m[2] and int(m[2]), m[2] and m[3] and int(m[3]))
            except DateError:
                continue
    return None


def _short(line: str) -> bool:
    """A line short enough to be a place and a date; a sign-off in words ("Dado en Bogotá, a los
    cinco (5) días del mes de mayo de dos mil diecinueve") may be longer."""
    return len(line) <= 60 or len(line) <= 110 and _FORMAL_SIGN_OFF.search(line) is not None


_FORMAL_SIGN_OFF = re.compile(r"\b(?:day\s+of|d[ií]as?\s+del\s+mes)\b", re.I)


def _letter_date(doc: _Doc, headers: dict, sal: int | None, close: int | None, pdf_meta: dict):
    """(date, confidence, index of the page-1 line it came from or None)."""
    for key in ("date", "sent"):
        if key in headers and (got := _date_line(headers[key][1])):
            return got[0], 0.95, headers[key][0]
    lines = doc.lines
    head_end = min(_HEAD_LINES, len(lines) if sal is None else sal + 1)
    # A reference row may stand below the address, past the first lines but above the salutation.
    own, cited = _reference_rows(doc, sal if sal is not None and sal < 40 else head_end)
    if own is not None:
        return own[0], 0.95, own[1]
    embedded = None
    small_print = None  # a date in small type (a web page's posting date) gives way to the letter's own
    for i, line in enumerate(lines[:head_end]):
        if i in cited or _SUBJECT.match(line) or (got := _own_date_line(line)) is None:
            continue
        if got[1]:
            if doc.emphasis(i) < 0.9:
                small_print = small_print or (got[0], i)
                continue
            return got[0], 0.95 if got[0].precision == "day" else 0.8, i
        embedded = embedded or (got[0], i)
    if small_print:
        return small_print[0], 0.8, small_print[1]
    for i in range(head_end, min(len(lines), 60)):
        if (_short(lines[i]) and i not in cited and (got := _own_date_line(lines[i])) and got[1]
                and not _SUBJECT.match(lines[i])):
            return got[0], 0.7, i
    if close is not None:  # "Fait à Paris, le 27 avril 2021" near the signatures
        for line in doc.tail[max(0, close - 6):close + 20]:
            if _short(line) and (got := _own_date_line(line)) and got[1]:
                return got[0], 0.7, None
    if embedded:
        return embedded[0], 0.55, embedded[1]
    # A browser's print stamp ("11/16/2018, 10:22 AM" over or under a printed web page) dates the
    # printing, not the letter; so does the PDF's own date when a browser made it.
    found = [f for f in find_dates(doc.page1)
             if not _PRINT_STAMP.match(doc.page1, f[1]) and not _cited(doc.page1, f[1])]
    if found:
        return found[0][0], 0.4, None
    if _BROWSER.search(f"{pdf_meta.get('creator', '')} {pdf_meta.get('producer', '')}"):
        return None, 0.0, None
    date = _pdf_date(pdf_meta)
    return (date, 0.25, None) if date else (None, 0.0, None)
