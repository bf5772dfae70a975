"""Guessing who sent and who received a letter: letterhead, headers, addressees, salutation and signatures."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..dates import find_dates
from .dates import _date_line
from .names import (_COUNTRIES, _EMAIL, _PORTFOLIO, _TITLE_WORDS, _classify, _dedupe, _orgs_then_people, _person_name,
                    _specks_and_little_else, _split_parts, _tokens)
from .text import _GENERIC_HEADINGS, _MEMO, _REFERENCE, _SALUTATION, _STATEMENT, _SUBJECT, _Doc, _is_address

if TYPE_CHECKING:
    from .meta import LetterMeta


# ---------------------------------------------------------------- parties

_CLOSING = re.compile(
    r"(?:yours (?:sincerely|faithfully|truly|respectfully)|sincerely(?: yours)?|respectfully(?: yours)?|"
    r"(?:with )?(?:kind|best|warm|warmest) regards|regards|with (?:thanks|gratitude|appreciation)|"
    r"best(?: wishes)?|all the best|(?:many )?thanks|thank you|un abrazo|abrazos|amitiés|"
    r"atentamente|cordialmente|saludos(?: cordiales)?|(?:reciba )?un (?:cordial )?saludo|cordialement|"
    r"bien (?:à|a) vous|salutations distinguées)\b[\s,.!]*$",
    re.I,
)
_CLOSING_FORMULA = re.compile(
    r"(?:veuillez agr[ée]er|(?:je|nous) vous prions d|recevez|sin otro particular|please accept|"
    r"(?:i|we) avail (?:myself|ourselves)|respectfully submitted|"
    r"le saluda(?:mos)? atentamente|aprovecho la ocasión)",
    re.I,
)
_SIGNATURE_STOP = re.compile(
    r"(?:cc|c\.c\.|bcc|c\.c\.p|ccp|copie|copies|copia|copias|copy|copies to|encl|enclosures?|attachments?|"
    r"annex|annexe|anexo|anexos|p\.?s\.?|endnotes|notes|references|referencias|notas)\b\s*[:.]?",
    re.I,
)
# A postscript ends the signatures whatever follows its mark: "P.S. A copy of the testimonies…".
_POSTSCRIPT = re.compile(r"(?:p\.\s?s\.|p\.\s?d\.|ps\s*:|pd\s*:|post-?scriptum\b)", re.I)
_SIGNATURE_NOISE = re.compile(
    r"[\W_]*|\[?\(?(?:signed|signature|firma|signé|sgd\.?|/s/)\)?\]?.*|(?:page|página|p\.)\s*\d+.*|\d+\s*(?:/|of|de|sur)\s*\d+",
    re.I,
)
_LIST_INTRO = re.compile(
    r"(?:signed|signatories|signed by|the undersigned|undersigned organi[sz]ations|co-?signed|endorsed by|"
    r"firmantes|organizaciones firmantes|firman|signataires|organisations signataires)\b.*[:,]?$",
    re.I,
)


_ON_BEHALF = re.compile(r"(?:on behalf of|en nombre de|au nom de|por|pour)\s+(.+)", re.I)
_AND_SIGNED = re.compile(r"\s+(?:and|y|e|et|&|und)\s+")
_DEPARTMENT = re.compile(
    r"\b(?:division|department|unit|programme|program|desk|team|section|office of|global social compliance|"
    r"compliance|affairs|relations|división|departamento|programa|unidad|département|service|pôle)\b",
    re.I,
)
_ACRONYM_DASH = re.compile(r"[A-Z0-9&]{2,8}\s+[–—-]\s+[A-Z][^–—]+")


def _signature_entries(lines: list[str]) -> list[tuple[str, str]]:
    """Organisations and people in a signature block; titles dropped, structure decides ambiguous lines."""
    entries: list[tuple[str, str]] = []
    for line in lines:
        if _ACRONYM_DASH.fullmatch(line) and _classify(line) == "org":
            entries.append(("org", line))  # "AP4 – Fourth Swedish National Pension Fund", one organisation
            continue
        behalf = _ON_BEHALF.match(line)
        if behalf:
            entries.append(("org", behalf[1].strip(" .,")))
            continue
        after_place = False
        for part in _split_parts(line):
            cls = _classify(part)
            if cls == "address" or after_place and len(part) <= 8:
                after_place = True  # "London, EC1": what follows a place on its line is the address too
                continue
            names = _AND_SIGNED.split(part)
            if len(names) > 1 and all(_classify(name) == "person" for name in names):
                entries.extend(("person", name) for name in names)  # "Yerko Ljubetic y Florencia D. Vega"
                continue
            entries.append((cls, part))
    has_titles = any(cls == "title" for cls, _ in entries)
    listed = sum(cls in ("unknown", "person") for cls, _ in entries)
    resolved: list[tuple[str, str]] = []
    for i, (cls, text) in enumerate(entries):
        before = entries[i - 1][0] if i else ""
        after = entries[i + 1][0] if i + 1 < len(entries) else ""
        if cls == "org" and before == "title" and after == "org" and _DEPARTMENT.search(text):
            cls = "title"  # "Director, Business and Human Rights Division, Human Rights Watch"
        if cls in ("unknown", "person"):
            if after == "title":
                cls = "person"
            elif before == "title" or before == "person" and cls == "unknown":
                cls = "org"
            elif not has_titles and listed >= 3:
                cls = "org"  # a bare list of signatories is a list of organisations
            elif cls == "unknown":
                cls = "org" if has_titles or listed == 1 else "unknown"
        resolved.append((cls, text))
    return resolved


_SECTION_HEADING = re.compile(
    r"(?:annex|annexe|anexo|appendix|apéndice|appendice|schedule|attachment|enclosure|table)\b\s*[\w.]{0,6}\s*[:.–—-]?",
    re.I,
)
_SIGNATORY_HEADING = re.compile(
    r".*\b(?:signator(?:y|ies)|signed by|undersigned|joining this letter|co-?signers?|co-?signed|endorsers?|"
    r"endorsed by|supported by|firmantes|suscriben|signataires|list of (?:organi[sz]ations|investors|members))\b.*",
    re.I,
)
_BULLET = re.compile(r"[❖•◦▪■□●○◆◇►▶➢✓✔*]")
_LOCATION = re.compile(r"[A-Z][\w.' -]+, [A-Z]{2}|[A-Z][\w.' -]+,\s+(?:[A-Z][\w.'-]+ ?){1,3}")


_SENTENCE_END = re.compile(r"[a-z]{2}[.!?] +[A-Z]")


def _prose(line: str) -> bool:
    """Running text, a question or a fragment of one: never part of a list of names."""
    if len(line) > 110 and _long_title(line):
        return False  # "Special Rapporteur on the right of everyone to the enjoyment of the highest …"
    if len(line) > 110 or len(line) > 70 and line.endswith("."):
        return True
    if line.rstrip().endswith("?") or line[:1].islower():
        return True
    return bool(_SENTENCE_END.search(line)) and len(line.split()) > 6


def _unclosed_signature(doc: _Doc) -> list[tuple[str, str]]:
    """A signature with no closing formula before it (a letter to the editor, a statement): the
    short lines right after the last paragraph, taken only when they read as a person with a
    title or an organisation ("DAVID BULL / Director / Amnesty International UK")."""
    lines = doc.tail
    last = max((i for i, line in enumerate(lines) if _prose(line) and len(line.split()) >= 10), default=None)
    if last is None:
        return []
    block: list[str] = []
    for i in range(last + 1, min(len(lines), last + 8)):
        line, info = lines[i], _info(doc, i)
        if _prose(line) or ":" in line or "©" in line or _is_address(line) and block:
            break
        if info is not None and doc.body and info.size < 0.9 * doc.body:
            break  # the page's small print begins
        if _listable(line):
            block.append(line.title() if line.isupper() and len(line.split()) <= 4 else line)
    entries = _signature_entries(block)
    for a, b in zip(entries, entries[1:]):
        if a[0] == "person" and b[0] == "title":
            return entries
    return []


def _long_title(line: str) -> bool:
    head = line.split()[:3]
    return (len(line) <= 260 and not line.endswith(".") and not re.search(r"[a-z][.!?] +[A-Z]", line)
            and any(w.lower().strip(",") in _TITLE_WORDS for w in head))


def _signature_lines(doc: _Doc, start: int) -> list[str]:
    """The signature block after the closing: it ends at the first thing that is not a signatory
    (cc, an annex or appendix, a table, a question, running text); a signatory list further on,
    under its own heading ("Signatory organisations", "Shareholders joining this letter"), is read
    too."""
    lines = doc.tail
    out: list[tuple[str, object]] = []
    i = start
    end = min(len(lines), start + 150)
    while i < end:
        line = lines[i]
        if m := _SIGNS_FOR.match(line):
            line = line[m.end():] or line
        info = _info(doc, i)
        if info is not None and doc.body and info.size < 0.85 * doc.body and not _SECTION_HEADING.match(line):
            i += 1  # small print between signatures: an addressee's block, a footnote
            continue
        if _SIGNATURE_STOP.fullmatch(line) or _SIGNATURE_STOP.match(line) and ":" in line[:14] or \
                _POSTSCRIPT.match(line) or _EXCELLENCY.match(line) or _ends_list(line):
            break   # "H.E. Mr. …" under the signature is the addressee of a diplomatic letter
        if _listable(line):
            out.append((_list_entry(line), info))
        i += 1
    for k in range(i, len(lines)):
        line = lines[k]
        if len(line) <= 90 and _SIGNATORY_HEADING.fullmatch(line) and not _prose(line):
            out += _listed(doc, k + 1)
            break
    return _without_category_columns(out)


def _ends_list(line: str) -> bool:
    """Running text, an annex or appendix heading, or a bulleted point: no list of names goes on."""
    return _prose(line) or bool(_SECTION_HEADING.match(line)) and len(line) <= 90 or bool(_BULLET.match(line))


def _listable(line: str) -> bool:
    """Not a "(signed)" mark, a page number, a signature's scribble as OCR reads it ("\\ OO") or a
    list's own heading."""
    return not (_SIGNATURE_NOISE.fullmatch(line) or _specks_and_little_else(line) or _LIST_INTRO.match(line)
                or _scribble(line) or _place_and_date(line) or _BEHALF_LABEL.fullmatch(line))


# "On behalf of:" over the list of those the letter speaks for: a heading, not a name.
_BEHALF_LABEL = re.compile(r"(?:on behalf of|en nombre de|de parte de|au nom de|pour le compte de)\s*:?", re.I)


def _place_and_date(line: str) -> bool:
    """"Temuco, 11 de septiembre de 2007" under a signature: where and when it was signed; also
    a formal sign-off of any length ("Dado en la ciudad de Bogotá D.C., a los cinco (5) días del
    mes de mayo de dos mil diecinueve")."""
    formal = _SIGNED_AT.match(line)
    if len(line) > (140 if formal else 60):
        return False
    found = find_dates(line)
    if len(found) != 1:
        return False
    _, start, end = found[0]
    before, after = line[:start].strip(" -–—,"), line[end:].strip(" .,")
    return not after and (bool(formal) or len(before.split()) <= 4 and not _classify(before) in ("org", "person"))


_SIGNED_AT = re.compile(r"(?:done|given|signed|dado|dada|hecho|firmado|fait|donné)\s+(?:at|in|en|à|a)\b", re.I)


# What an organisation's letterhead says of it under its name: its standing, its registration,
# its founding ("Organización no gubernamental con estatus consultivo ante la ONU", "NGO in special
# consultative status with ECOSOC", "Registered charity no. 1051681", "Fondée en 1922").
_DESCRIPTION = re.compile(
    r"\b(?:(?:special |general )?consultative status|estatus consultivo|statut consultatif"
    r"|registered (?:charity|in england|as a charity)|charity (?:no|number|reg)|company (?:no|number|registered)"
    r"|non-?governmental organi[sz]ation|organización no gubernamental|organisation non gouvernementale"
    r"|founded in|fundada en|fondée en|established in|since (?:1[89]|20)\d\d)\b", re.I)


# The branch of the organisation named above: "Section of the Federal Republic of Germany e.V.",
# "Section française", "Capítulo Colombia".
_BRANCH = re.compile(r"(?:national\s+)?(?:section|chapter|branch|sección|seccion|filial|delegación|délégation|"
                     r"capítulo)\s+(?:of|de|du|des|en|in|for|française|española|nacional|nationale|[A-Z]\w+$)", re.I)


def _describes(line: str) -> bool:
    """Whether a line under an organisation's name describes it, or names its branch, rather than
    naming another."""
    return bool(_DESCRIPTION.search(line) or _BRANCH.match(line))


def _scribble(line: str) -> bool:
    """What OCR reads in a handwritten signature ("Na", "ST", "NU INA"): no word of four letters,
    and a lone word of one or two, or capitals with one. Acronyms ("HRW", "LDH") and short
    names ("Li Na") are kept."""
    words = line.split()
    letters = [sum(ch.isalpha() for ch in w) for w in words]
    if not words or len(words) > 3 or max(letters) >= 4:
        return False
    return len(words) == 1 and letters[0] <= 2 or line.isupper() and min(letters) <= 2


def _info(doc: _Doc, i: int):
    return doc.tail_info[i] if i < len(doc.tail_info) else None


_LIST_MARK = re.compile(r"^(?:[-•*–·❖▪]\s*|\d{1,3}[.)]\s+|/s/\s*)")
_SIGNS_FOR = re.compile(r"(?:p\.\s?p|i\.\s?a)\.\s*", re.I)   # "p.p. John Sauven": signed on his behalf
_MEMBERS_OF = re.compile(r"^(?:the )?members of (?=the |[A-Z])|:$", re.I)


def _list_entry(line: str) -> str:
    """A list line without its bullet or number, and "Members of the X:" as X."""
    line = _LIST_MARK.sub("", line).strip()
    return _MEMBERS_OF.sub("", line).strip()


def _listed(doc: _Doc, start: int) -> list[tuple[str, object]]:
    """The names under a signatory-list heading, up to the next section or running text."""
    out = []
    for i in range(start, min(len(doc.tail), start + 400)):
        line = doc.tail[i]
        if not out and i < start + 2 and _prose(line):
            continue  # "The following investors, who together manage…"
        if _ends_list(line):
            break
        if _listable(line):
            out.append((_list_entry(line), _info(doc, i)))
    return out


def _without_category_columns(entries: list[tuple[str, object]]) -> list[str]:
    """Drops the columns of a signatory table that hold places or categories (country, city, "Asset
    manager"): a column, by its left edge, whose entries are mostly places or repeat each other."""
    columns: dict[int, list[str]] = {}
    for text, info in entries:
        if info is not None:
            columns.setdefault(round(info.x0 / 6), []).append(text)
    drop: set[int] = set()
    if len(columns) >= 2:
        for key, texts in columns.items():
            if len(texts) < 3:
                continue
            places = sum(_classify(t) == "address" or bool(_LOCATION.fullmatch(t)) for t in texts)
            repeats = len(texts) - len(set(t.lower() for t in texts))
            if places + repeats >= 0.5 * len(texts):
                drop.add(key)
        for key, texts in columns.items():  # beside a column of organisations, short plain words: states, types
            if key not in drop and len(texts) >= 3 and all(len(t.split()) <= 2 for t in texts) and \
                    sum(_classify(t) == "org" for t in texts) <= len(texts) / 3:
                others = [t for k, ts in columns.items() if k != key and k not in drop for t in ts]
                if sum(_classify(t) == "org" for t in others) >= 0.5 * max(len(others), 1):
                    drop.add(key)
    out = []
    for text, info in entries:
        if info is not None and round(info.x0 / 6) in drop:
            continue
        if text and _classify(text) != "address" and not _COLUMN_HEADER.fullmatch(text):
            out.append(text)
    return out


_COLUMN_HEADER = re.compile(
    r"(?:organi[sz]ations?|organizaci[oó]n(?:es)?|name|names|nombre|nom|country|pa[ií]s|pays|location|city|"
    r"type|category|shareholders?|investors?|signatory|signatories|country / level|level|sector|state|province|"
    r"region|estado|provincia|région)",
    re.I,
)


def _closing_index(lines: list[str]) -> int | None:
    """Index of the first line after the closing formula (searched from the end), or None."""
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if len(line) <= 40 and _CLOSING.match(line):
            return i + 1
        if _CLOSING_FORMULA.match(line):
            j = i
            while j < len(lines) - 1 and j < i + 3 and not lines[j].rstrip().endswith("."):
                j += 1  # the French and Spanish formulas run over several lines
            return j + 1
    for i, line in enumerate(lines):
        if _LIST_INTRO.match(line) and len(line) <= 60:
            return i + 1
    return None


# The part of an organisation a role belongs to, after the role in a memo's header.
_UNIT = re.compile(r"\b(?:office|region|division|department|unit|team|programme|program|section|desk|"
                   r"bureau régional|oficina|región|división|departamento|unidad|equipo|bureau|région|service)$",
                   re.I)


# The holders of a role, written as one addressee with the part of the organisation they work in:
# "Country Directors, Middle East and Eastern Europe Region".
_ROLE_HOLDERS = re.compile(r"\b(?:directors|heads|managers|officers|coordinators|representatives|chairs|leads|"
                           r"staff|directores|directoras|jefes|jefas|coordinadores|representantes|directeurs|"
                           r"directrices|chefs|responsables|représentants)$", re.I)


def _groups_with_units(parts: list[str]) -> list[str]:
    joined: list[str] = []
    for part in parts:
        if joined and _UNIT.search(part) and _ROLE_HOLDERS.search(joined[-1]):
            joined[-1] = f"{joined[-1]}, {part}"
        else:
            joined.append(part)
    return joined


def _header_parties(value: str, email: bool) -> list[str]:
    """Names in a From:/To: header value; addresses only where no name is given."""
    found: list[str] = []
    if email and "<" in value:
        for name, address in re.findall(r"\s*[,;]?\s*([^<>;]*?)\s*<([^<>]*)>", value):
            name = name.strip(" \"'")
            found.append(name or address.strip())
        return _dedupe(found)
    entries: list[tuple[str, str]] = []
    for chunk in re.split(r"\s*;\s*", value):
        chunk = chunk.strip(" \"'")
        if email or "@" in chunk:
            found.extend(part for part in re.split(r",\s*", chunk) if part)
        elif chunk:
            parts = _split_parts(chunk)
            if len(parts) > 1:  # "D – The Deputy Secretary (Warren Christopher)": drop the office symbol
                parts = [p for p in parts if not re.fullmatch(r"[A-Z]{1,4}(?:/[A-Z]{1,4})*", p)] or parts
            parts = _groups_with_units(parts)
            for part in parts:
                inner = re.fullmatch(r"(.*?)\s*\(([^()]+)\)", part)
                if inner and _classify(inner[2]) == "person":
                    entries.append(("person", inner[2]))  # "The Deputy Secretary (Warren Christopher)"
                    continue
                cls = _classify(part)
                if entries and entries[-1][0] == "title" and cls in ("org", "unknown") and _UNIT.search(part):
                    cls = "title"   # "Head of Advocacy, Geneva Office": where the role is, no party
                entries.append((cls, part))
    named = [("org" if cls == "unknown" else cls, text) for cls, text in entries if cls not in ("title", "address")]
    return _dedupe(found + _orgs_then_people(named))


_GENERIC_SALUTEES = set(
    "sir sirs madam madame monsieur mesdames messieurs colleagues colleague friends friend all members team "
    "señor señora señores señoras señorita colegas amigos amigas todos todas chers chères collègues amis "
    "sir/madam sir(s) or and y et ou o to whom it may concern "
    # "Your Excellency", "Dear Ministers": a form of address, not a name
    "your excellency excellencies excelencia excelencias votre excellence excellences ministers ministros "
    "ministras ministres".split()
)


def _salutation_names(line: str) -> list[str]:
    body = re.sub(r"^(?:dear|hello|hi|to|estimad[oa]s?|querid[oa]s?|apreciad[oa]s?|distinguid[oa]s?|"
                  r"cher|chère|chers|chères)\s+", "", line, flags=re.I).rstrip(" ,:;!")
    names = []
    for part in re.split(r"\s*,\s*|\s+(?:and|y|e|et|&)\s+", body):
        words = [w for w in part.split() if w.lower().strip(".,/()") not in _GENERIC_SALUTEES]
        if words and any(w[:1].isupper() for w in words) and len(words) <= 9:
            names.append(_person_name(" ".join(part.split())))
    return names


def _fill_parties(result: LetterMeta, doc: _Doc, headers: dict, sal, close, date_idx, used: set) -> None:
    email = result.kind == "email"
    if "from" in headers and result.kind in ("email", "memo"):
        result.senders = _header_parties(headers["from"][1], email)
        result.senders_conf = 0.9 if result.senders else 0.0
    if "to" in headers and result.kind in ("email", "memo"):
        result.recipients = _header_parties(headers["to"][1], email)
        result.recipients_conf = 0.9 if result.recipients else 0.0
    if result.kind == "email" and result.senders and result.recipients:
        if close is not None:  # a coalition's e-mail: its signatories write too
            signed = [text for cls, text in _signature_entries(_signature_lines(doc, close)) if cls == "org"]
            if len(signed) >= 2:
                result.senders = _dedupe(result.senders + signed)
        return
    lines = doc.lines
    head_limit = min(3, *(i for i in (date_idx, sal) if i is not None), len(lines))
    letterhead: list[str] = []
    letterhead_end = 0
    for i in range(head_limit):
        line = lines[i]
        if _GENERIC_HEADINGS.fullmatch(line) or _STATEMENT.match(line) or _MEMO.match(line) or _SUBJECT.match(line):
            break
        first = (_split_parts(line) or [line])[0]
        if ":" in first or len(first.split()) > 16 or doc.emphasis(i) >= 1.1 and _prose(line):
            break  # a headline ("HSBC is wrong: …"), not a letterhead
        if letterhead and _stacked_name(doc, i):
            letterhead[-1] = f"{letterhead[-1]} {line}"  # "UNITED NATIONS HUMAN RIGHTS" / "OFFICE OF THE HIGH …"
            used.add(i)
            letterhead_end = i + 1
            continue
        full = (_split_parts(line) or [line])[0]     # "Greenpeace UK · Canonbury Villas · London N1 2PN"
        if letterhead and _fold_key(letterhead[-1]) in _fold_key(full) and len(full) > len(letterhead[-1]):
            letterhead[-1] = full  # a short name set large over the full name in small type
            used.add(i)
            letterhead_end = i + 1
            continue
        classes = [(_classify(part), part) for part in _split_parts(line)]
        if not classes or classes[0][0] == "address" or any(cls == "person" for cls, _ in classes):
            break
        if all(cls == "title" for cls, _ in classes):
            if i == 0:
                letterhead.append(line)  # a mandate as letterhead: "Special Rapporteur on ..."
            used.add(i)
            continue
        # A name over an address, or at the head of the page over "Oslo, 14 January 2013" (a letter
        # with no inside address: an addressee's block holds more than a name), is the letterhead.
        if i + 1 < len(lines) and _is_address(lines[i + 1]) or \
                i == 0 and date_idx == 1 and _place_and_date(lines[1]):
            classes = [("org" if cls == "unknown" else cls, part) for cls, part in classes]
        orgs = [part for cls, part in classes if cls == "org"]
        if not orgs:
            break
        if letterhead and _describes(line):
            used.add(i)     # "Organización no gubernamental con estatus consultivo ante la ONU"
            letterhead_end = i + 1
            continue
        letterhead.append(orgs[0])  # the rest of a letterhead line is its address or motto
        used.add(i)
        letterhead_end = i + 1
    while letterhead_end < len(lines) and _is_address(lines[letterhead_end]):
        used.add(letterhead_end)  # the letterhead's own address lines
        letterhead_end += 1
    for i, line in enumerate(lines[:25]):
        byline = _BYLINE.fullmatch(line)
        if byline and _classify(byline[1]) in ("org", "person", "unknown") and not _generic_author(byline[1]):
            letterhead = [byline[1].strip(" .")]  # a printed web page: the author, not the site, wrote it
            used.add(i)
            break
    if not result.senders:
        signed = _signature_entries(_signature_lines(doc, close)) if close is not None else _unclosed_signature(doc)
        signed = [("org" if cls == "unknown" and len(text.split()) <= 8 else cls, text) for cls, text in signed]
        senders = _orgs_then_people([("org", org) for org in letterhead] + signed)
        result.senders = senders
        if any(cls in ("org", "person") for cls, _ in signed):
            result.senders_conf = 0.9 if letterhead and len(_dedupe(letterhead + senders)) == len(senders) else 0.85
        elif senders:   # a letterhead alone; over a report it is its publisher as often as its author
            result.senders_conf = 0.5 if result.kind == "report" else 0.6
    if not result.recipients and "to" in headers and result.kind == "letter" and (sal is None or headers["to"][0] < sal):
        result.recipients = _header_parties(headers["to"][1], False)  # "To: Joel Kaplan, Director…, Facebook"
        result.recipients_conf = 0.85 if result.recipients else 0.0
        used.add(headers["to"][0])
    if not result.recipients and result.kind in ("letter", "memo", "email"):
        end = sal if sal is not None else _body_start(doc, letterhead_end)
        if end is not None:
            _fill_recipients(result, doc, end, sal is not None, date_idx, letterhead_end, used)
    if result.kind in ("letter", "statement") and (
            not result.recipients or all(_classify(name) == "title" for name in result.recipients)):
        # "Monsieur le Président," greets a title; "Lettre ouverte à Monsieur Jacques CHIRAC,
        # Président de la République" above it names him.
        _group_addressee(result, doc, letterhead_end, sal, used)
    if not result.recipients and close is not None and result.kind == "letter":
        _addressee_below(result, doc, close)
    if not result.recipients and result.kind == "letter":
        _publication_addressed(result, doc)


# The letters page of a newspaper's site, printed: "VOICES / Letters / LETTER: Nigerian lessons…"
_LETTERS_PAGE = re.compile(r"(?:letters?(?: to the editor)?|cartas(?: al director| de los lectores)?|"
                           r"courrier des lecteurs|lettres?(?: de lecteurs)?|letter:.*|carta al director:.*)", re.I)


def _publication_addressed(result: LetterMeta, doc: _Doc) -> None:
    """A letter printed from a newspaper's letters page, with no address of its own, is written to
    the publication whose name heads the page (its masthead; "The Independent" and "Financial
    Times" read like people's names, so any name will do there). Flagged for checking."""
    lines = doc.lines
    if not lines or not any(_LETTERS_PAGE.fullmatch(line) for line in lines[1:20]):
        return
    masthead = lines[0].strip()
    if not 1 <= len(masthead.split()) <= 5 or any(ch.isdigit() for ch in masthead) \
            or _classify(masthead) in ("address", "title") \
            or _fold_key(masthead) in {_fold_key(name) for name in result.senders}:
        return
    result.recipients = [masthead]
    result.recipients_conf = 0.6


# "H.E. Mr. Faysal Khabbaz Hamoui": the addressee of a diplomatic letter (a UN communication, a
# note verbale) stands at the foot of its first page, below the signature.
_EXCELLENCY = re.compile(
    r"(?:H\.\s?E\.|S\.\s?E\.|His Excellency|Her Excellency|Son Excellence|Su Excelencia)\s+"
    r"(?:(?:Mr|Mrs|Ms|Dr|Sr|Sra|M|Mme|Mlle)\.?\s+)?(.+)", re.I)


def _addressee_below(result: LetterMeta, doc: _Doc, close: int) -> None:
    for line in doc.tail[close + 1:close + 40]:
        m = _EXCELLENCY.fullmatch(line)
        if not m:
            continue
        name: list[str] = []
        for word in m[1].split():      # the name, up to the title the wrapped line runs on into
            if word.lower().strip(",.") in _TITLE_WORDS or not word[:1].isupper() or len(name) == 4:
                break
            name.append(word.strip(","))
        if len(name) >= 2 and _classify(" ".join(name)) == "person":
            result.recipients = [" ".join(name)]
            result.recipients_conf = 0.8
            return


def _body_start(doc: _Doc, start: int) -> int | None:
    """Where an unsalued letter's text begins: its first paragraph, or the subject line before it."""
    for i in range(start, min(len(doc.lines), 40)):
        line = doc.lines[i]
        if _SUBJECT.match(line) or _prose(line) and len(line.split()) >= 10:
            return i
    return None


_OPEN_LETTER_TO = re.compile(
    r"(?:an? )?(?:open |joint |public )?(?:letter|carta(?: abierta)?|lettre(?: ouverte)?)\s+(?:to|a|à|al|aux?)\s+"
    r"(?:the )?(.{3,160}?)[.:]?$|to\s+(?:the\s+)?(.{3,160}?)[,:]?$",
    re.I,
)


def _group_addressee(result: LetterMeta, doc: _Doc, start: int, sal, used: set) -> None:
    """A letter addressed in one line: "To the Heads of State…", "An open letter to Google, Amazon,
    Microsoft and Apple", "To Twitter's Top Advertisers"."""
    stop = min(len(doc.lines), 25 if sal is None else sal + 1)
    for i in range(start, stop):
        line = doc.lines[i]
        if i in used and not line.lower().startswith(("to ", "an open", "open letter")):
            continue
        if len(line) > 170 or _prose(line) and len(line.split()) > 14:
            break
        m = _OPEN_LETTER_TO.fullmatch(line)
        if not m:
            continue
        named = (m[1] or m[2]).strip()
        if _GENERIC_SALUTEES.issuperset(w.lower().strip(",.") for w in named.split()):
            continue
        parts = [p for p in re.split(r",\s*|\s+(?:and|y|et|&)\s+", named) if p]
        person = _BARE_HONORIFIC.match(parts[0]) if len(parts) >= 2 else None
        if person and len(parts[0][person.end():].split()) >= 2 and _classify(", ".join(parts[1:])) == "title":
            result.recipients = [parts[0][person.end():].strip(" .")]  # "Monsieur Jacques CHIRAC, Président…"
        elif 2 <= len(parts) <= 12 and all(len(p.split()) <= 3 and all(w[:1].isupper() for w in p.split())
                                          for p in parts):
            result.recipients = _dedupe(parts)
        elif named[:1].isupper() or named.lower().startswith(("heads", "members")):
            result.recipients = [named[:1].upper() + named[1:]]
        else:
            continue
        result.recipients_conf = 0.7
        used.add(i)
        return


_BYLINE = re.compile(r"(?:author|autor|autora|auteur|auteure|by|por|par)\s*:\s*(.{2,80})", re.I)


def _generic_author(name: str) -> bool:
    return bool(re.match(r"(?:organi[sz]a[ct]i[oó]n(?:e)?s|organisations|civil society|sociedad civil|société civile|"
                         r"various|several|varias|plusieurs|staff|admin|editor)", name, re.I)) or \
        bool(re.search(r"\b(?:de la sociedad civil|de la société civile|civil society)\b", name, re.I))


def _fold_key(text: str) -> str:
    return " " + " ".join(_tokens(text)) + " "


def _stacked_name(doc: _Doc, i: int) -> bool:
    """Whether page-1 line i continues the letterhead name above it: both in capitals, centred on
    one axis, one right under the other."""
    a, b = doc.line(i - 1), doc.line(i)
    if a is None or b is None or not (doc.lines[i - 1].isupper() and doc.lines[i].isupper()):
        return False
    if _is_address(doc.lines[i]) or doc.lines[i].lower().strip(" .") in _COUNTRIES:
        return False
    centred = abs((a.x0 + a.x1) / 2 - (b.x0 + b.x1) / 2) < 8 and abs(a.x0 - b.x0) > 8
    return centred and 0 <= b.y0 - a.y1 < 1.2 * a.size


_OPEN_LETTER_HEADING = re.compile(r"(?:open letter|lettre ouverte|carta abierta|joint letter|carta conjunta)\b", re.I)
_BYLINE_LABEL = re.compile(r"(?:publisher|published|posted|author|autor|auteur|editor|photo|source|fuente)\b.*:", re.I)
_BARE_HONORIFIC = re.compile(r"(?:señor|señora|sr\.?|sra\.?|mr\.?|mrs\.?|ms\.?|monsieur|madame|m\.|mme|"
                             r"doctor|doctora|dr\.?|dra\.?|docteur|docteure)(?!\w)", re.I)
# The seat of an office, on its own line under the holder's name and title: "State House",
# "Casa de Nariño", "Palais de l'Élysée", "Federal Building". It is where the letter goes, not to whom.
_BUILDING = re.compile(
    r"(?:the\s+)?(?:(?:state|government|white|blue)\s+house|casa\s+(?:de\s+nariño|rosada|blanca|de\s+gobierno)"
    r"|(?:palacio|palais|palazzo|hôtel|hotel)\s+(?:de|del|des|du|di|d['’])\s*\S.*|palacio\s+nacional|palais\s+bourbon"
    r"|.*\S\s+(?:building|tower|palace))", re.I)


_ATTENTION = re.compile(r"^(?:to|attn|attention|a la atención de|à l'attention de|a/a)\s*[:.]?\s+", re.I)
_BY_EMAIL = re.compile(r"(?:by|via|por|par) (?:e-?mail|courriel|correo(?: electrónico)?)\W*", re.I)


def _address_block(doc: _Doc, start: int, end: int, used: set) -> tuple[list, list]:
    """The addressee block between two page-1 lines: its parts (class, text) and the names in it."""
    lines = doc.lines
    parts: list[tuple[str, str]] = []
    taken: list[int] = []
    honorific = False
    for i in range(start, min(end, start + 14)):
        line = _ATTENTION.sub("", lines[i])
        if _SUBJECT.match(line) or _REFERENCE.match(line) or _date_line(line):
            break
        if i in used or doc.emphasis(i) >= 1.1 and len(line.split()) >= 4 and _classify(line) != "person":
            continue  # the letter's heading, between the address and the salutation
        if doc.emphasis(i) < 0.85:
            continue  # small print: a site's menu, a byline, a letterhead's address
        if _BY_EMAIL.fullmatch(line):
            continue
        if _BYLINE_LABEL.match(line) or _OPEN_LETTER_TO.fullmatch(line) and " from " in line.lower() or \
                _OPEN_LETTER_HEADING.match(line):
            continue  # "Publisher: APC", "An open letter to X from Y": a page's byline or kicker
        taken.append(i)
        if _BARE_HONORIFIC.fullmatch(line):
            honorific = True  # "Señor" / "JUAN MANUEL SANTOS CALDERÓN"
            continue
        if honorific and line.isupper() and 2 <= len(line.split()) <= 6:
            parts.append(("person", line.title()))
            honorific = False
            continue
        honorific = False
        org_seen = False
        for part in _addressee_parts(line):
            cls = _classify(part)
            if org_seen and cls in ("person", "unknown"):
                cls = "address"  # "Open Rights Watch, London"
            elif parts and parts[-1][0] in ("title", "person") and _BUILDING.fullmatch(part):
                cls = "address"  # the office's seat under its holder
            org_seen = org_seen or cls == "org"
            parts.append((cls, part))
    entries: list[tuple[str, str]] = []
    for k, (cls, text) in enumerate(parts):
        before = parts[k - 1][0] if k else ""
        after = parts[k + 1][0] if k + 1 < len(parts) else ""
        if cls in ("unknown", "org") and before == "title" and _DEPARTMENT.search(text) and \
                any(c == "org" for c, _ in parts[k + 1:]):
            continue  # "Vice-President, Compliance" / "NSO Group": a department, not the addressee
        if cls == "unknown" and before in ("title", "person"):
            cls = "org"
        if cls == "org" and before == "org" and after == "address":
            continue  # a building under the organisation's name
        if cls in ("org", "person"):
            entries.append((cls, text))
    if entries and not any(cls == "org" for cls, _ in entries):
        for cls, text in parts:  # "President of the European Commission": the body she heads
            m = re.search(r"\b(?:of|at|for|de la|del|de|du|des)\s+(?:the\s+)?([A-Z].+)$", text)
            # A minister's portfolio ("Ministra de Asuntos Exteriores") names no body.
            if cls == "title" and m and _classify(m[1]) == "org" and not _PORTFOLIO.match(text):
                entries.append(("org", m[1]))
                break
    if entries:
        used.update(taken)
    return parts, entries


_CARE_OF = re.compile(r"^c/o\s+", re.I)
_AND = re.compile(r"\s+(?:and|y|et|&)\s+")


def _addressee_parts(line: str) -> list[str]:
    """Parts of an addressee line; "A and B" becomes two people only when both sides are names."""
    parts: list[str] = []
    line = _EMAIL.sub("", line).strip() or line
    if _is_address(line.split(",")[0]) or "," in line and _is_address(line.rsplit(",", 1)[1]):
        return [line]  # "40 Wharf Street, Bristol BS1 4RN", "Redmond, WA 98052": the whole line is the address
    for part in _split_parts(_CARE_OF.sub("", line)):
        names = _AND.split(part)
        if len(names) > 1 and all(_classify(name) == "person" for name in names):
            parts.extend(names)
        else:
            parts.append(part)
    return parts


def _fill_recipients(result: LetterMeta, doc: _Doc, sal: int, saluted: bool, date_idx, letterhead_end: int,
                     used: set):
    lines = doc.lines
    windows = []
    if date_idx is not None and date_idx < sal:
        start = date_idx + 1
        if start < sal and _date_line(lines[start]):
            start += 1      # "Fecha:" over "17 de febrero de 2022": the date is the label's value
        if start < sal and not _SUBJECT.match(lines[start]):
            windows.append((start, sal))
    windows.append((letterhead_end, date_idx if date_idx is not None and date_idx < sal else sal))
    parts: list[tuple[str, str]] = []
    entries: list[tuple[str, str]] = []
    for start, end in windows:  # after the date, else before it (an address above a date line)
        parts, entries = _address_block(doc, start, end, used)
        if entries:
            break
    block = _orgs_then_people(entries)
    if not saluted and not (entries and any(cls == "address" for cls, _ in parts)):
        return  # with no salutation, only a real address block names the addressee
    greeted = []
    k = sal
    while saluted and k < len(lines) and k < sal + 6 and _SALUTATION.match(lines[k]) and len(lines[k]) <= 120:
        greeted += _salutation_names(lines[k])  # "Dear Members of the European Parliament" on four lines
        k += 1
    # Every name after the first: "Estimada Sra. Puentes" greets Astrid Puentes Riaño.
    surnames = {word.lower() for cls, text in entries if cls == "person" for word in text.split()[1:]}
    extra = [name for name in greeted if name.split()[-1].lower() not in surnames]
    if block or any(_classify(name) != "title" for name in extra):
        extra = [name for name in extra if _classify(name) != "title"]  # "Madame la Directrice générale"
    result.recipients = _dedupe(block + extra)
    if block and not saluted:
        result.recipients_conf = 0.65
    elif block:
        result.recipients_conf = 0.85 if greeted and not extra else 0.8
    elif extra:
        result.recipients_conf = 0.5 if all(_classify(name) == "title" for name in extra) else 0.65
