"""Guess a letter's title, date, senders, recipients, kind and language from its extracted text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from archive.dates import DateError, PartialDate, find_dates, parse_date

__all__ = ["LetterMeta", "detect_language", "extract_metadata", "CONFIRM_BELOW"]

CONFIRM_BELOW = 0.6  # confidences under this should be shown to the user for confirmation

_PAGE_CHARS = 20_000  # per page; metadata lives at the start and end of a letter, not in long appendices
_HEAD_LINES = 15
_MAX_LINE = 300


@dataclass
class LetterMeta:
    """Best guesses about one document; each *_conf is 0..1, below CONFIRM_BELOW means "ask the user"."""

    title: str = ""
    title_conf: float = 0.0
    date: PartialDate | None = None
    date_conf: float = 0.0
    senders: list[str] = field(default_factory=list)
    senders_conf: float = 0.0
    recipients: list[str] = field(default_factory=list)
    recipients_conf: float = 0.0
    kind: str = "letter"
    kind_conf: float = 0.0
    language: str = "other"


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


def detect_language(text: str) -> str:
    """"en", "es" or "fr" by stopword counts, or "other" when no language clearly wins."""
    if not isinstance(text, str):
        return "other"
    words = _LETTERS.findall(text[:4000].lower())
    counts = {"en": 0, "es": 0, "fr": 0}
    for word, count in Counter(words).items():
        if lang := _LANG_OF_WORD.get(word):
            counts[lang] += count
    ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)
    (best, best_count), (_, second_count) = ranked[0], ranked[1]
    # Real prose is at least ~15% stopwords; a few incidental hits in other scripts or word lists are not.
    if best_count >= 3 and best_count >= 1.5 * second_count and best_count >= 0.08 * len(words):
        return best
    return "other"


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


# ---------------------------------------------------------------- line classes

_HEADER = re.compile(
    r"(from|de|to|para|à|a|cc|date|fecha|sent|enviado|envoyé|envoye|subject|asunto|objet|re)\s*:\s*(.*)", re.I
)
_HEADER_KEY = {
    "from": "from", "de": "from", "to": "to", "para": "to", "à": "to", "a": "to", "cc": "cc", "date": "date",
    "fecha": "date", "sent": "sent", "enviado": "sent", "envoyé": "sent", "envoye": "sent",
    "subject": "subject", "asunto": "subject", "objet": "subject", "re": "subject",
}  # fmt: skip
_SUBJECT = re.compile(r"(?:re|subject|subj|asunto|objet|object|concerne|referencia)\s*:\s*(.*)", re.I)
_REFERENCE = re.compile(r"(?:our |your |n/)?(?:ref|réf|reference|référence)\.?\s*:\s*(\S.*)", re.I)
_REPLY_PREFIX = re.compile(r"(?:(?:re|fw|fwd|tr|rv|aw|wg)\s*:\s*)+", re.I)
_SALUTATION = re.compile(
    r"(?:dear|hello|hi|to whom it may concern|estimad[oa]s?|querid[oa]s?|apreciad[oa]s?|distinguid[oa]s?|cher|"
    r"chère|chers|chères|your excellency|excelent[ií]sim[oa]s?)\b|(?:señor|señora|señores|madame|monsieur|"
    r"mesdames|messieurs)\b.*[,:]$|(?:sr|sra|srs)\..*[,:]$",
    re.I,
)
_CLOSING = re.compile(
    r"(?:yours (?:sincerely|faithfully|truly|respectfully)|sincerely(?: yours)?|respectfully(?: yours)?|"
    r"(?:with )?(?:kind|best|warm|warmest) regards|regards|with (?:thanks|gratitude|appreciation)|"
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
_MEMO = re.compile(r"(?:interoffice |internal )?(?:memo|memorandum|memorándum|mémorandum|note de service)\b", re.I)
_STATEMENT = re.compile(
    r"(?:joint |public |open )?(?:statement|press release|news release|media release|declaración|declaracion|"
    r"comunicado|communiqué|déclaration|pronunciamiento)\b",
    re.I,
)
_REPORT_HEADING = re.compile(
    r"(?:\d+(?:\.\d+)*\.?\s+)?(executive summary|table of contents|contents|introduction|methodology|"
    r"key findings|findings|recommendations|conclusions?|resumen ejecutivo|índice|introducción|metodología|"
    r"recomendaciones|conclusiones|résumé exécutif|sommaire|table des matières|méthodologie|recommandations)",
    re.I,
)
_SIGNATURE_STOP = re.compile(
    r"(?:cc|c\.c\.|bcc|encl|enclosures?|attachments?|annex|annexe|anexo|anexos|p\.?s\.?|endnotes|notes|"
    r"references|referencias|notas)\b\s*[:.]?",
    re.I,
)
_SIGNATURE_NOISE = re.compile(
    r"[\W_]*|\[?\(?(?:signed|signature|firma|signé|sgd\.?|/s/)\)?\]?.*|(?:page|página|p\.)\s*\d+.*|\d+\s*(?:/|of|de|sur)\s*\d+",
    re.I,
)
_LIST_INTRO = re.compile(
    r"(?:signed|signatories|signed by|the undersigned|undersigned organi[sz]ations|co-?signed|endorsed by|"
    r"firmantes|organizaciones firmantes|firman|signataires|organisations signataires)\b.*[:,]?$",
    re.I,
)
_ADDRESS_WORDS = set(
    "tel tel. phone fax tél teléfono email e-mail correo street st. avenue ave ave. road rd rd. suite floor box "
    "boulevard blvd lane calle avenida piso rue cedex bp palais palacio edificio immeuble bâtiment".split()
)
_HAS_DIGIT = re.compile(r"[0-9]")
_ADDRESS_NUMBER = re.compile(
    r"\+?\d[\d ().-]{6,}\d|\b(?!(?:19|20)\d\d\b)\d{4,6}\b|^\d+[ ,]|\b[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}\b"
)  # phone numbers, postcodes (including British ones), house numbers


def _is_address(text: str) -> bool:
    """Street, postcode, phone, e-mail or web address."""
    if "@" in text or "http" in text or "www." in text:
        return True
    if _HAS_DIGIT.search(text) and _ADDRESS_NUMBER.search(text):
        return True
    return not _ADDRESS_WORDS.isdisjoint(text.lower().replace(":", " ").split())
_COUNTRIES = set(
    "switzerland suisse suiza usa u.s.a. united states england uk united kingdom france francia españa spain "
    "mexico méxico méjico colombia argentina chile peru perú brazil brasil germany deutschland belgium belgique "
    "bélgica netherlands israel lebanon liban líbano canada kenya nigeria india ireland italy italia austria "
    "geneva genève ginebra london londres paris washington brussels bruxelles bruselas madrid".split()
) | {"united states", "united kingdom", "new york", "washington, dc", "washington d.c.", "reino unido", "royaume-uni",
     "estados unidos", "états-unis", "mexico city", "ciudad de méxico"}
_HONORIFIC = re.compile(
    r"(?:mr|mrs|ms|miss|mx|dr|prof|professor|sr|sra|srta|señor|señora|dña|doña|don|hon|sir|dame|rev|excmo|excma|"
    r"m\.|mme|mlle|madame|monsieur|h\.e\.)\.?\s+",
    re.I,
)
_TITLE_WORDS = set(
    "director directora directeur directrice executive ejecutivo ejecutiva exécutif exécutive president "
    "presidenta presidente président présidente vice-president chair chairman chairwoman chairperson chief ceo "
    "cfo coo cto cio officer manager gerente coordinator coordinador coordinadora coordinateur coordinatrice "
    "head secretary secretario secretaria secrétaire founder co-founder cofounder fundador fundadora fondateur "
    "fondatrice counsel advisor adviser asesor asesora conseiller conseillère lead deputy vice senior "
    "researcher investigador investigadora chercheur chercheuse rapporteur rapporteuse relator relatora "
    "representative representante représentant représentante minister ministro ministra ministre commissioner "
    "comisionado comisionada commissaire ambassador embajador embajadora ambassadeur spokesperson portavoz "
    "porte-parole attorney lawyer abogado abogada avocat avocate analyst analista specialist especialista "
    "campaigner editor editora associate fellow principal professor profesor profesora professeur treasurer "
    "tesorero tesorera trésorier trésorière partner socio socia associé associée".split()
)
_ORG_WORDS = set(
    "access now watch rights amnesty article privacy digital freedom free media press human liberties civil "
    "citizen lab labs network foundation fundación fundacion fondation stiftung institute instituto institut "
    "center centre centro council consejo conseil committee comité comite coalition coalición alliance alianza "
    "association asociación asociacion union unión society sociedad société group grupo groupe project "
    "proyecto projet initiative iniciativa trust fund fondo fonds league liga ligue federation federación "
    "fédération organization organisation organización forum foro campaign campaña international internacional "
    "global world mundial national nacional nationale university universidad université college school company "
    "corp corporation inc inc. ltd ltd. llc plc gmbh s.a. sas ag bv limited technologies technology tech "
    "systems solutions partners ministry ministerio ministère department office oficina bureau agency agencia "
    "agence authority autoridad autorité commission comisión government gobierno gouvernement parliament "
    "parlamento parlement congress senate board secretariat nations un eu ohchr defenders defensores frontline "
    "front reporters journalists periodistas journalistes frontières fronteras red réseau observatory "
    "observatorio observatoire movement movimiento mouvement collective colectivo collectif platform plataforma "
    "plateforme action acción justice justicia law legal democracy democracia policy research studies estudios "
    "data datos internet online electronic frontier pública derechos droits libertad libertades "
    "libertés hub commons capital holdings llp".split()
)
_ORG_HEAD = re.compile(
    r"(?:the )?(?:office|ministry|department|ministerio|ministère|secretaría|oficina|bureau|agency|committee|"
    r"council|commission|board|embassy|embajada|ambassade)\b",
    re.I,
)
_NAME_PARTICLES = {"de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "di", "du", "le", "al", "bin", "y"}
_SMALL_WORDS = _NAME_PARTICLES | set("of the and on for to in a an at by with des et sur pour en por para con el".split())
_GENERIC_HEADINGS = re.compile(
    r"(?:memo|memorandum|press release|news release|statement|joint statement|open letter|carta abierta|"
    r"lettre ouverte|for immediate release|confidential|draft|private and confidential|executive summary|"
    r"table of contents|contents|by email|by e-mail|via email|urgent|comunicado de prensa|communiqué de presse)\W*",
    re.I,
)


def _tokens(text: str) -> list[str]:
    return [t.strip(".,;:()\"'“”’").lower() for t in text.split()]


def _is_name_token(token: str) -> bool:
    if token.lower() in _NAME_PARTICLES:
        return True
    if len(token) == 2 and token[0].isupper() and token[1] == ".":
        return True  # an initial
    return (
        token[:1].isupper()
        and any(ch.islower() for ch in token)
        and all(ch.isalpha() or ch in "'’-." for ch in token)
    )


def _strip_honorific(text: str) -> tuple[str, bool]:
    match = _HONORIFIC.match(text)
    return (text[match.end():], True) if match and match.end() < len(text) else (text, False)


def _classify(text: str) -> str:
    """"person", "title", "org", "address" or "unknown" for one line (or comma part) of a name block."""
    if _is_address(text) or text.lower().strip(" .") in _COUNTRIES:
        return "address"
    tokens = _tokens(text)
    if not tokens:
        return "unknown"
    if _ORG_HEAD.match(text):
        return "org"
    words = text.split()
    # An acronym ("EFF", "R3D") marks an organisation; a whole line in capitals is just emphasis.
    shouted = len(words) > 1 and text.isupper()
    org_like = any(t in _ORG_WORDS for t in tokens) or not shouted and any(
        2 <= len(w.strip(".,:()")) <= 6 and w.isupper() and sum(ch.isalpha() for ch in w) >= 2 for w in words
    )
    name, honoured = _strip_honorific(text)
    parts = name.split()
    named = 1 <= len(parts) <= 4 and parts[0].lower() not in _NAME_PARTICLES and all(map(_is_name_token, parts))
    if honoured and named and not org_like:
        return "person"  # before titles: "Professor Amara Lindqvist"
    if any(t in _TITLE_WORDS for t in tokens):
        return "title"
    if org_like:
        return "org"
    return "person" if named and len(parts) >= 2 else "unknown"


def _person_name(text: str) -> str:
    """A person without the honorific, unless the honorific is all that precedes a lone surname."""
    name, _ = _strip_honorific(text)
    return name if len(name.split()) >= 2 and name[:1].isupper() else text


def _split_parts(line: str) -> list[str]:
    """Comma/dash-separated parts, keeping company suffixes such as ", Inc." attached."""
    parts: list[str] = []
    for part in re.split(r",\s+|\s+[–—|·•]\s+|\s+-\s+", line):
        part = part.strip(" ,;")
        if not part:
            continue
        if parts and part.lower().rstrip(".") in {"inc", "ltd", "llc", "plc", "s.a", "sa", "gmbh", "sas", "ag"}:
            parts[-1] = f"{parts[-1]}, {part}"
        else:
            parts.append(part)
    return parts


def _dedupe(names: list[str]) -> list[str]:
    """Drops repeats, ignoring case and a name contained word-for-word in one already kept."""
    kept: list[str] = []
    keys: list[str] = []
    for name in names:
        name = name.strip(" ,;:")
        key = " " + " ".join(_tokens(name)) + " "
        same = next((i for i, k in enumerate(keys) if key in k or k in key), None)
        if same is None and len(key) > 2:
            kept.append(name)
            keys.append(key)
        elif same is not None and key == keys[same] and kept[same].isupper() and not name.isupper():
            kept[same] = name  # "NSO Group" reads better than the letterhead's "NSO GROUP"
    return kept


def _orgs_then_people(entries: list[tuple[str, str]]) -> list[str]:
    orgs = [text for cls, text in entries if cls == "org"]
    people = [_person_name(text) for cls, text in entries if cls == "person"]
    return _dedupe(orgs + people)


# ---------------------------------------------------------------- parties

def _signature_entries(lines: list[str]) -> list[tuple[str, str]]:
    """Organisations and people in a signature block; titles dropped, structure decides ambiguous lines."""
    entries: list[tuple[str, str]] = []
    for line in lines:
        line = re.sub(r"^(?:[-•*–·]\s*|\d{1,3}[.)]\s+|/s/\s*)", "", line).strip()
        behalf = re.match(r"(?:on behalf of|en nombre de|au nom de|por|pour)\s+(.+)", line, re.I)
        if behalf:
            entries.append(("org", behalf[1].strip(" .,")))
            continue
        for part in _split_parts(line):
            cls = _classify(part)
            if cls != "address":
                entries.append((cls, part))
    has_titles = any(cls == "title" for cls, _ in entries)
    listed = sum(cls in ("unknown", "person") for cls, _ in entries)
    resolved: list[tuple[str, str]] = []
    for i, (cls, text) in enumerate(entries):
        before = entries[i - 1][0] if i else ""
        after = entries[i + 1][0] if i + 1 < len(entries) else ""
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


def _signature_lines(lines: list[str], start: int) -> list[str]:
    out: list[str] = []
    for line in lines[start:start + 150]:
        if _SIGNATURE_STOP.fullmatch(line) or _SIGNATURE_STOP.match(line) and ":" in line[:14]:
            break
        if len(line) > 110 or (len(line) > 70 and line.endswith(".")):
            break  # prose again: a postscript, an annex or the next document
        if _SIGNATURE_NOISE.fullmatch(line) or _LIST_INTRO.match(line):
            continue
        out.append(line)
    return out


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
            entries.extend((_classify(part), part) for part in _split_parts(chunk))
    named = [("org" if cls == "unknown" else cls, text) for cls, text in entries if cls not in ("title", "address")]
    return _dedupe(found + _orgs_then_people(named))


_GENERIC_SALUTEES = set(
    "sir sirs madam madame monsieur mesdames messieurs colleagues colleague friends friend all members team "
    "señor señora señores señoras señorita colegas amigos amigas todos todas chers chères collègues amis "
    "sir/madam sir(s) or and y et ou o to whom it may concern".split()
)


def _salutation_names(line: str) -> list[str]:
    body = re.sub(r"^(?:dear|hello|hi|estimad[oa]s?|querid[oa]s?|apreciad[oa]s?|distinguid[oa]s?|"
                  r"cher|chère|chers|chères)\s+", "", line, flags=re.I).rstrip(" ,:;!")
    names = []
    for part in re.split(r"\s*,\s*|\s+(?:and|y|e|et|&)\s+", body):
        words = [w for w in part.split() if w.lower().strip(".,/()") not in _GENERIC_SALUTEES]
        if words and any(w[:1].isupper() for w in words) and len(words) <= 6:
            names.append(_person_name(" ".join(part.split())))
    return names


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


def _pdf_date(pdf_meta: dict) -> PartialDate | None:
    for key in ("creationDate", "creationdate", "CreationDate", "creation_date", "modDate", "moddate", "ModDate"):
        value = pdf_meta.get(key)
        if isinstance(value, str) and (m := _PDF_DATE.match(value.strip())):
            try:
                return PartialDate(int(m[1]), m[2] and int(m[2]), m[2] and m[3] and int(m[3]))
            except DateError:
                continue
    return None


# ---------------------------------------------------------------- the document


@dataclass
class _Doc:
    lines: list[str]  # page 1 (the first page with text), non-blank lines
    tail: list[str]  # lines searched for the closing formula and the signatures
    page1: str
    pages: int


def _prepare(pages: object) -> _Doc:
    if isinstance(pages, str):
        pages = [pages]
    if not isinstance(pages, (list, tuple)):
        pages = []
    cleaned = [_clean(page) for page in pages[:5000]]
    first = next((i for i, page in enumerate(cleaned) if page.strip()), 0)
    texts = cleaned[first:] or [""]
    first_lines = _lines(texts[0])
    tail_pages = texts[1:] if len(texts) <= 6 else texts[1:3] + texts[-3:]
    return _Doc(
        lines=first_lines[:400],
        tail=first_lines + [line for page in tail_pages for line in _lines(page)],
        page1=texts[0],
        pages=len(texts),
    )


def extract_metadata(pages: list[str], pdf_meta: dict | None = None, file_name: str = "") -> LetterMeta:
    """Best-guess metadata for a document from its page texts; never raises, low confidence when unsure."""
    try:
        return _extract(pages, pdf_meta, file_name)
    except Exception:  # noqa: BLE001 - a guess must never stop a document from being ingested
        title, conf = _title_from_file(file_name)
        return LetterMeta(title=title, title_conf=conf)


def _extract(pages: object, pdf_meta: object, file_name: object) -> LetterMeta:
    doc = _prepare(pages)
    meta_in = pdf_meta if isinstance(pdf_meta, dict) else {}
    lines = doc.lines
    headers: dict[str, tuple[int, str]] = {}
    for i, line in enumerate(lines[:30]):
        if m := _HEADER.match(line):
            value = m[2].strip()
            if not value and i + 1 < len(lines) and not _HEADER.match(lines[i + 1]):
                value = lines[i + 1]  # header labels and values laid out in two columns
            headers.setdefault(_HEADER_KEY[m[1].lower()], (i, value))
    sal = next((i for i, line in enumerate(lines[:60]) if len(line) <= 120 and _SALUTATION.match(line)), None)
    close = _closing_index(doc.tail)
    result = LetterMeta(language=detect_language(doc.page1[:6000] or " ".join(doc.tail)[:6000]))
    result.kind, result.kind_conf = _kind(doc, headers, sal, close)
    used = {i for i, _ in headers.values()}
    if sal is not None:
        used.add(sal)
    result.date, result.date_conf, date_idx = _letter_date(doc, headers, sal, close, meta_in)
    if date_idx is not None:
        used.add(date_idx)
    _fill_parties(result, doc, headers, sal, close, date_idx, used)
    result.title, result.title_conf = _title(doc, headers, sal, used, meta_in, file_name)
    return result


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
    if sal is not None and close is not None:
        return "letter", 0.9
    if sal is not None or close is not None:
        return "letter", 0.75
    return "letter", 0.3


def _letter_date(doc: _Doc, headers: dict, sal: int | None, close: int | None, pdf_meta: dict):
    """(date, confidence, index of the page-1 line it came from or None)."""
    for key in ("date", "sent"):
        if key in headers and (got := _date_line(headers[key][1])):
            return got[0], 0.95, headers[key][0]
    lines = doc.lines
    head_end = min(_HEAD_LINES, len(lines) if sal is None else sal + 1)
    embedded = None
    for i, line in enumerate(lines[:head_end]):
        if _SUBJECT.match(line) or (got := _date_line(line)) is None:
            continue
        if got[1]:
            return got[0], 0.95 if got[0].precision == "day" else 0.8, i
        embedded = embedded or (got[0], i)
    for i in range(head_end, min(len(lines), 60)):
        if len(lines[i]) <= 60 and (got := _date_line(lines[i])) and got[1] and not _SUBJECT.match(lines[i]):
            return got[0], 0.7, i
    if close is not None:  # "Fait à Paris, le 27 avril 2021" near the signatures
        for line in doc.tail[max(0, close - 6):close + 20]:
            if len(line) <= 60 and (got := _date_line(line)) and got[1]:
                return got[0], 0.7, None
    if embedded:
        return embedded[0], 0.55, embedded[1]
    found = find_dates(doc.page1)
    if found:
        return found[0][0], 0.4, None
    date = _pdf_date(pdf_meta)
    return (date, 0.25, None) if date else (None, 0.0, None)


def _fill_parties(result: LetterMeta, doc: _Doc, headers: dict, sal, close, date_idx, used: set) -> None:
    email = result.kind == "email"
    if "from" in headers and result.kind in ("email", "memo"):
        result.senders = _header_parties(headers["from"][1], email)
        result.senders_conf = 0.9 if result.senders else 0.0
    if "to" in headers and result.kind in ("email", "memo"):
        result.recipients = _header_parties(headers["to"][1], email)
        result.recipients_conf = 0.9 if result.recipients else 0.0
    if result.kind == "email" and result.senders and result.recipients:
        return
    lines = doc.lines
    head_limit = min(3, *(i for i in (date_idx, sal) if i is not None), len(lines))
    letterhead: list[str] = []
    letterhead_end = 0
    for i in range(head_limit):
        line = lines[i]
        if _GENERIC_HEADINGS.fullmatch(line) or _STATEMENT.match(line) or _MEMO.match(line) or _SUBJECT.match(line):
            break
        classes = [(_classify(part), part) for part in _split_parts(line)]
        if not classes or classes[0][0] == "address" or any(cls == "person" for cls, _ in classes):
            break
        if all(cls == "title" for cls, _ in classes):
            if i == 0:
                letterhead.append(line)  # a mandate as letterhead: "Special Rapporteur on ..."
            used.add(i)
            continue
        if i + 1 < len(lines) and _is_address(lines[i + 1]):
            classes = [("org" if cls == "unknown" else cls, part) for cls, part in classes]  # a name over an address
        orgs = [part for cls, part in classes if cls == "org"]
        if not orgs:
            break
        letterhead.append(orgs[0])  # the rest of a letterhead line is its address or motto
        used.add(i)
        letterhead_end = i + 1
    while letterhead_end < len(lines) and _is_address(lines[letterhead_end]):
        used.add(letterhead_end)  # the letterhead's own address lines
        letterhead_end += 1
    if result.senders and result.kind == "memo":
        result.senders = _dedupe(letterhead + result.senders)  # the organisation whose memo paper it is
    if not result.senders:
        signed = _signature_entries(_signature_lines(doc.tail, close)) if close is not None else []
        signed = [("org" if cls == "unknown" and len(text.split()) <= 8 else cls, text) for cls, text in signed]
        senders = _orgs_then_people([("org", org) for org in letterhead] + signed)
        result.senders = senders
        if any(cls in ("org", "person") for cls, _ in signed):
            result.senders_conf = 0.9 if letterhead and len(_dedupe(letterhead + senders)) == len(senders) else 0.85
        elif senders:
            result.senders_conf = 0.6
    if not result.recipients and result.kind in ("letter", "memo", "email") and sal is not None:
        _fill_recipients(result, lines, sal, date_idx, letterhead_end, used)


def _addressee_parts(line: str) -> list[str]:
    """Parts of an addressee line; "A and B" becomes two people only when both sides are names."""
    parts: list[str] = []
    if _is_address(line.split(",")[0]):
        return [line]  # "40 Wharf Street, Bristol BS1 4RN": the whole line is the address
    for part in _split_parts(re.sub(r"^c/o\s+", "", line, flags=re.I)):
        names = re.split(r"\s+(?:and|y|et|&)\s+", part)
        if len(names) > 1 and all(_classify(name) == "person" for name in names):
            parts.extend(names)
        else:
            parts.append(part)
    return parts


def _fill_recipients(result: LetterMeta, lines: list[str], sal: int, date_idx, letterhead_end: int, used: set):
    if date_idx is not None and date_idx < sal and date_idx + 1 < sal and not _SUBJECT.match(lines[date_idx + 1]):
        start, end = date_idx + 1, sal
    else:
        start, end = letterhead_end, date_idx if date_idx is not None and date_idx < sal else sal
    parts: list[tuple[str, str]] = []
    for i in range(start, min(end, start + 14)):
        line = re.sub(r"^(?:to|attn|attention|a la atención de|à l'attention de|a/a)\s*[:.]?\s+", "", lines[i], flags=re.I)
        if _SUBJECT.match(line) or _REFERENCE.match(line) or _date_line(line):
            break
        if re.fullmatch(r"(?:by|via|por|par) (?:e-?mail|courriel|correo(?: electrónico)?)\W*", line, re.I):
            continue
        used.add(i)
        org_seen = False
        for part in _addressee_parts(line):
            cls = _classify(part)
            if org_seen and cls in ("person", "unknown"):
                cls = "address"  # "Open Rights Watch, London"
            org_seen = org_seen or cls == "org"
            parts.append((cls, part))
    entries: list[tuple[str, str]] = []
    for k, (cls, text) in enumerate(parts):
        before = parts[k - 1][0] if k else ""
        after = parts[k + 1][0] if k + 1 < len(parts) else ""
        if cls == "unknown" and before in ("title", "person"):
            cls = "org"
        if cls == "org" and before == "org" and after == "address":
            continue  # a building under the organisation's name
        if cls in ("org", "person"):
            entries.append((cls, text))
    block = _orgs_then_people(entries)
    greeted = _salutation_names(lines[sal])
    surnames = {text.split()[-1].lower() for cls, text in entries if cls == "person"}
    extra = [name for name in greeted if name.split()[-1].lower() not in surnames]
    if block:
        extra = [name for name in extra if _classify(name) != "title"]  # "Madame la Directrice générale"
    result.recipients = _dedupe(block + extra)
    if block:
        result.recipients_conf = 0.85 if greeted and not extra else 0.8
    elif extra:
        result.recipients_conf = 0.5 if all(_classify(name) == "title" for name in extra) else 0.65


def _title(doc: _Doc, headers: dict, sal, used: set, pdf_meta: dict, file_name: object) -> tuple[str, float]:
    lines = doc.lines
    for i, line in enumerate(lines[:40]):
        if m := _SUBJECT.match(line):
            value = _REPLY_PREFIX.sub("", m[1]).strip()
            if not value and i + 1 < len(lines) and not _SALUTATION.match(lines[i + 1]):
                value = lines[i + 1]
            elif value and i + 1 < len(lines) and lines[i + 1][:1].islower() and len(value) > 50:
                value = f"{value} {lines[i + 1]}"  # a subject that wraps onto the next line
            if value.strip(" .:-"):
                return value.rstrip(" .:")[:200], 0.9
    for line in lines[:40]:
        if m := _REFERENCE.match(line):
            return m[1][:200], 0.6  # a file reference names the letter, though not memorably
    stop = sal if sal is not None else min(len(lines), 30)
    after_generic = False
    for i in range(min(stop, 30)):
        line = lines[i]
        if i in used:
            continue
        if _GENERIC_HEADINGS.fullmatch(line) or _MEMO.fullmatch(line):
            after_generic = True  # "JOINT STATEMENT" / "PRESS RELEASE": the real title follows
            continue
        near_address = any(_is_address(lines[j]) for j in (i - 1, i + 1) if 0 <= j < len(lines))
        conf = _heading_conf(line)
        if after_generic and not conf and 3 <= len(line.split()) <= 25 and not line.endswith((".", ",", ";")):
            conf = 0.7
        if conf and not near_address:
            return line.rstrip(" :"), conf
        if len(line.split()) >= 12:
            break  # body text has started; headings come before it
        after_generic = False
    title = pdf_meta.get("title")
    if isinstance(title, str) and _real_pdf_title(title):
        return " ".join(title.split())[:200], 0.5
    return _title_from_file(file_name)


def _heading_conf(line: str) -> float:
    words = line.split()
    if not 2 <= len(words) <= 20 or len(line) > 150 or line.endswith((".", ",", ";")):
        return 0.0
    if _GENERIC_HEADINGS.fullmatch(line) or _SALUTATION.match(line) or _is_address(line):
        return 0.0
    if _date_line(line) or _classify(line) in ("person", "title"):
        return 0.0
    if len(words) >= 3 and re.match(r"(?:joint |public )?(?:statement|open letter|carta abierta|lettre ouverte)", line, re.I):
        return 0.7
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
