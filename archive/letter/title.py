"""Guessing what kind of document a letter is (letter, email, memo, statement, report) and its title."""

from __future__ import annotations

import re

from .dates import _date_line
from .names import _NAME_PARTICLES, _classify
from .text import (_GENERIC_HEADINGS, _MEMO, _REFERENCE, _SALUTATION, _STATEMENT, _SUBJECT, _URGENT_ACTION, _Doc,
                   _is_address)

_REPLY_PREFIX = re.compile(r"(?:(?:re|fw|fwd|tr|rv|aw|wg)\s*:\s*)+", re.I)
_REPORT_HEADING = re.compile(
    r"(?:\d+(?:\.\d+)*\.?\s+)?(executive summary|table of contents|contents|introduction|methodology|"
    r"key findings|findings|recommendations|conclusions?|resumen ejecutivo|índice|introducción|metodología|"
    r"recomendaciones|conclusiones|résumé exécutif|sommaire|table des matières|méthodologie|recommandations)",
    re.I,
)
_LETTER_HEADING = re.compile(r"(?:open |joint )?(?:letter|carta|lettre)\b\s*[:–—-]", re.I)
_UN_SYMBOL = re.compile(r"[A-Z]{1,5}/(?:[A-Z0-9.]+/)+[A-Z0-9.]+")
# Headings that say what the document is: "Open letter to …", "Acción urgente ante …".
_GENRE_HEADING = re.compile(r"(?:joint |public )?(?:statement|open letter|carta abierta|lettre ouverte)|" + _URGENT_ACTION, re.I)
_SMALL_WORDS = _NAME_PARTICLES | set("of the and on for to in a an at by with des et sur pour en por para con el".split())


def _kind(doc: _Doc, headers: dict, sal: int | None, close: int | None) -> tuple[str, float]:
    top = doc.lines[:12]
    addresses = "@" in headers.get("from", (0, ""))[1] + headers.get("to", (0, ""))[1]
    if "from" in headers and ("sent" in headers or addresses) and ("to" in headers or "subject" in headers):
        return "email", 0.95
    if any(len(line) <= 40 and _MEMO.match(line) for line in top[:6]):
        return "memo", 0.9
    if "from" in headers and "to" in headers and ("date" in headers or "subject" in headers):
        return "memo", 0.8
    if sal is None and any(len(line) <= 150 and _STATEMENT.match(line) for line in top):
        return "statement", 0.8
    headings = {m[1].lower() for line in doc.tail if len(line) <= 60 and (m := _REPORT_HEADING.fullmatch(line))}
    if len(headings) >= 2 and (doc.pages >= 5 or sal is None):
        return "report", 0.8 if doc.pages >= 5 else 0.65
    if sal is None and close is None and doc.pages >= 12:
        return "report", 0.55
    if sal is None and close is None and sum(len(line.split()) >= 12 for line in doc.tail) >= 2:
        if any(_LETTER_HEADING.match(line) for line in top):
            return "letter", 0.6  # "LETTER: Nigerian lessons for Shell", a letter to the editor
        if any(_UN_SYMBOL.fullmatch(line) or line.lower().startswith("distr.") for line in top) or \
                sum(bool(re.fullmatch(r"\d{1,3}\.", line)) for line in doc.tail) >= 3:
            return "report", 0.6  # a UN document, numbered paragraphs
        return "statement", 0.6  # addressed to nobody and signed off by nobody: a statement, not a letter
    if sal is not None and close is not None:
        return "letter", 0.9
    if sal is not None or close is not None:
        return "letter", 0.75
    return "letter", 0.3


def _title(doc: _Doc, headers: dict, sal, used: set, pdf_meta: dict, file_name: object,
           parties: list[str] = ()) -> tuple[str, float]:
    lines = doc.lines
    for i, line in enumerate(lines[:40]):
        if m := _SUBJECT.match(line):
            value = _REPLY_PREFIX.sub("", m[1] if m[1] is not None else m[2]).strip()
            if not value and i + 1 < len(lines) and not _SALUTATION.match(lines[i + 1]):
                value = lines[i + 1]
            elif value and i + 1 < len(lines) and lines[i + 1][:1].islower() and len(value) > 50:
                value = f"{value} {lines[i + 1]}"  # a subject that wraps onto the next line
            if value.strip(" .:-"):
                return value.rstrip(" .:")[:200], 0.9
    if "subject" in headers and headers["subject"][1].strip(" .:-"):
        return headers["subject"][1].rstrip(" .:")[:200], 0.85    # a webmail's unlabelled subject
    party_keys = {_fold(name) for name in parties}
    if heading := _layout_heading(doc, sal, used, party_keys):
        return heading
    for line in lines[:40]:
        if (m := _REFERENCE.match(line)) and m[1]:
            return m[1][:200], 0.5  # a file reference names the letter, though not memorably: to confirm
    stop = sal if sal is not None else min(len(lines), 30)
    after_generic = False
    found: tuple[str, float] | None = None
    for i in range(min(stop, 30)):
        line = lines[i]
        genre = bool(_GENRE_HEADING.match(line))    # a heading that says what the letter is
        if i in used and not genre:
            continue    # "Open letter to …" names the addressee and is the heading too
        if _GENERIC_HEADINGS.fullmatch(line) or _MEMO.fullmatch(line):
            after_generic = True  # "JOINT STATEMENT" / "PRESS RELEASE": the real title follows
            continue
        conf = _heading_conf(line) if _fold(line) not in party_keys else 0.0
        # A heading that says what the letter is stands for itself, next to an address or not.
        near_address = not (conf and genre) and any(_is_address(lines[j]) for j in (i - 1, i + 1)
                                                    if 0 <= j < len(lines))
        if after_generic and not conf and 3 <= len(line.split()) <= 25 and not line.endswith((".", ",", ";")):
            conf = 0.7
        if conf and not near_address:
            if genre:
                return line.rstrip(" :"), conf
            # The first heading-like line, unless a heading that says what the letter is follows
            # before the text: a letterhead's place line ("- Temuco, Wallmapu - Chile") looks
            # like a heading too.
            found = found or (line.rstrip(" :"), conf)
        if len(line.split()) >= 12:
            break  # body text has started; headings come before it
        after_generic = False
    if found:
        return found
    title = pdf_meta.get("title")
    if isinstance(title, str) and _real_pdf_title(title) and _borne_by(title, doc):
        return " ".join(title.split())[:200], 0.5
    return _title_from_file(file_name)


def _borne_by(title: str, doc: _Doc) -> bool:
    """Whether the letter itself bears its PDF Title: one line near the top of page 1 holds most of
    its words. A Title the letter does not show is usually a working name ("Letter to Zoom")."""
    words = [w for w in re.findall(r"\w+", title.lower()) if w not in _SMALL_WORDS and len(w) > 2]
    if len(words) < 2:
        return False
    for line in doc.lines[:40]:
        text = set(re.findall(r"\w+", line.lower()))
        if sum(w in text for w in words) >= 0.8 * len(words):
            return True
    return False


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w&]+", " ", text.lower()).split())


_BODY_WORDS = 12  # a line this long at the body's size is running text: headings come before it


def _layout_heading(doc: _Doc, sal, used: set, party_keys: set) -> tuple[str, float] | None:
    """The line set largest (or bold) above the letter's text, where the layout is known: a
    headline, a heading, a web page's title; never a party's name, a date or an address."""
    if not doc.info or doc.line(0) is None:
        return None
    best: tuple[float, int] | None = None
    stop = min(len(doc.lines), 45 if sal is None else sal)
    running = 0
    for i in range(stop):
        line, info = doc.lines[i], doc.line(i)
        if info is None:
            continue
        plain = info.size <= 1.02 * doc.body and not info.bold
        running = running + 1 if plain and len(line.split()) >= _BODY_WORDS - 2 else 0
        if running >= 2:
            break  # a paragraph: the letter's text has begun
        emphasis = doc.emphasis(i)
        if emphasis < 1.1 or i in used or not _heading_text(line) or _fold(line) in party_keys:
            continue
        # A title is a phrase; a short line set large is more often a name (an organisation, a
        # body, a site), so it wins only when it is much larger.
        rank = emphasis * (1.0 if len(line.split()) >= 4 else 0.77)
        if best is None or rank > best[0] + 0.01:
            best = (rank, i)
    if best is None:
        return None
    i = best[1]
    emphasis = doc.emphasis(i)
    text = _GENERIC_PREFIX.sub("", _FILE_MARK.sub("", doc.lines[i])).strip() or doc.lines[i]
    return text.rstrip(" :")[:200], 0.8 if emphasis >= 1.2 else 0.7


_FILE_MARK = re.compile(r"^\[(?:doc|docx|pdf|html?)\]\s*", re.I)  # "[DOC] Response to…" on a web page
_GENERIC_PREFIX = re.compile(r"(?:(?:open |joint )?letter(?: to the editor)?|carta(?: abierta| al director)?|"
                             r"lettre(?: ouverte| au directeur)?|press release|comunicado)\s*:\s*(?=\S)", re.I)


def _heading_text(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 40 or len(line) > 260:
        return False
    if _GENERIC_HEADINGS.fullmatch(line) or _MEMO.fullmatch(line) or _SALUTATION.match(line):
        return False
    # "Carta al Director: Ciudadanía empoderada" is a heading, though "Carta al Director" names an office.
    named = _GENERIC_PREFIX.sub("", line) or line
    if _is_address(line) or (_date_line(line) or (None, False))[1] or _classify(named) in ("person", "title"):
        return False
    return sum(ch.isalpha() for ch in line) >= 0.6 * len(line.replace(" ", ""))


def _heading_conf(line: str) -> float:
    words = line.split()
    if not 2 <= len(words) <= 20 or len(line) > 150 or line.endswith((".", ",", ";")):
        return 0.0
    if _GENERIC_HEADINGS.fullmatch(line) or _SALUTATION.match(line) or _is_address(line):
        return 0.0
    # Before the test for a person or a title: "Lettre ouverte à Monsieur Jacques CHIRAC,
    # Président de la République" names both and is still the heading.
    if len(words) >= 3 and _GENRE_HEADING.match(line) and not _date_line(line):
        return 0.7
    if _date_line(line) or _classify(line) in ("person", "title"):
        return 0.0
    if sum(ch.isalpha() for ch in line) < 0.6 * len(line.replace(" ", "")):
        return 0.0
    if line.isupper():
        return 0.7
    significant = [w for w in words if w.lower() not in _SMALL_WORDS and w[:1].isalpha()]
    if significant and sum(w[:1].isupper() for w in significant) >= 0.8 * len(significant) and len(significant) >= 2:
        return 0.65
    return 0.0


def _real_pdf_title(title: str) -> bool:
    text = title.strip()
    if len(text) < 3 or not any(ch.isalpha() for ch in text):
        return False
    if re.match(r"(?:microsoft (?:word|powerpoint|excel)|untitled|document\d*$|doc\d+$|sin título|sans titre)", text, re.I):
        return False
    return not re.search(r"\.(?:docx?|odt|rtf|pdf|pages|txt|xlsx?|pptx?)$", text, re.I)


def _title_from_file(file_name: object) -> tuple[str, float]:
    if not isinstance(file_name, str):
        return "", 0.0
    stem = re.split(r"[\\/]", file_name)[-1]
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", stem)
    stem = " ".join(re.sub(r"[_\-]+", " ", stem).split())
    stem = stem.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from odd file systems
    return (stem[:200], 0.3) if stem else ("", 0.0)
