"""Telling names apart: people, job titles, organisations and addresses in a letter's name blocks."""

from __future__ import annotations

import functools
import re

from .text import _is_address

_COUNTRIES = set(
    "switzerland suisse suiza usa u.s.a. united states england uk united kingdom france francia españa spain "
    "mexico méxico méjico colombia argentina chile peru perú brazil brasil germany deutschland belgium belgique "
    "bélgica netherlands israel lebanon liban líbano canada kenya nigeria india ireland italy italia austria "
    "geneva genève ginebra london londres paris washington brussels bruxelles bruselas madrid "
    "eu europe global international worldwide africa asia latin america oceania "
    "australia finland sweden norway denmark iceland poland hungary slovenia slovakia croatia serbia bulgaria "
    "romania greece cyprus malta portugal luxembourg estonia latvia lithuania ukraine russia turkey türkiye "
    "egypt morocco tunisia algeria libya sudan ethiopia uganda tanzania ghana senegal cameroon zimbabwe zambia "
    "japan china korea taiwan indonesia philippines malaysia singapore thailand vietnam cambodia myanmar "
    "bangladesh pakistan nepal sri lanka afghanistan iran iraq syria jordan palestine qatar bahrain "
    "venezuela ecuador bolivia paraguay uruguay guatemala honduras nicaragua salvador panama cuba haiti "
    "scotland wales czechia hong kong".split()
) | {"czech republic", "south africa", "new zealand", "south korea", "saudi arabia", "united arab emirates",
     "sri lanka", "hong kong", "el salvador", "costa rica", "dominican republic", "puerto rico", "latin america",
     "north macedonia", "bosnia and herzegovina", "côte d'ivoire", "ivory coast"} | {"united states", "united kingdom", "new york", "washington, dc", "washington d.c.", "reino unido", "royaume-uni",
     "estados unidos", "états-unis", "mexico city", "ciudad de méxico"}
_HONORIFIC = re.compile(
    r"(?:mr|mrs|ms|miss|mx|dr|prof|professor|sr|sra|srta|señor|señora|dña|doña|don|hon|sir|dame|rev|excmo|excma|"
    r"m\.|mme|mlle|madame|monsieur|h\.e\.|profesor|profesora|professeur|the rt\.? hon\.?|the hon\.?|rt\.? hon|"
    r"his excellency|her excellency|s\.e\.|son excellence|excelentísimo|excelentísima|the honou?rable|honou?rable|"
    r"doctor|doctora|dra|lic|licenciado|licenciada|ing|ingeniero|ingeniera)\.?\s+",
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
    "tesorero tesorera trésorier trésorière partner socio socia associé associée encargado encargada enc "
    "responsable chargé chargée".split()
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
    "libertés hub commons capital holdings llp asset assets management investment investments investors "
    "advisors advisers associates bank banque banco insurance pension pensions funds sisters brothers church "
    "diocese congregation order religious mission ministries charity charitable relief aid development "
    "environment environmental climate energy health education workers labour labor trade syndicate sindicato "
    "syndicat confederation confédération confederación cooperative coop museum library press newspaper "
    "magazine radio television broadcasting agencies services consortium clinic hospital academy "
    "house representatives assembly senate chamber cámara assemblée sénat congreso parlement court tribunal "
    # the companies advocacy groups write to, by their trade
    "telecom telecoms telecommunications telekom communications mining minerals metals petroleum oil gas "
    "industries enterprises pharmaceuticals pharma chemicals steel logistics shipping airlines airways motors "
    "foods resources".split()
)
_ORG_HEAD = re.compile(
    r"(?:the )?(?:office|ministry|department|ministerio|ministère|secretaría|oficina|bureau|agency|committee|"
    r"council|commission|board|embassy|embajada|ambassade)\b",
    re.I,
)
_NAME_PARTICLES = {"de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "di", "du", "le", "al", "bin", "y"}


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


# Also an order's letters with their dots after a comma: "H.E. Uhuru Kenyatta, C.G.H.".
_POST_NOMINALS = re.compile(r"(?:,?\s+(?:MP|MEP|MSP|QC|KC|OBE|CBE|MBE|KBE|DBE|PhD|Ph\.D\.|Esq\.?|Jr\.?|Sr\.?)"
                            r"|,\s*(?!(?:S\.A|N\.V|B\.V|A\.G|S\.L|L\.P|P\.C|K\.K|A\.S|S\.E|S\.A\.S|S\.R\.L|L\.L\.C|L\.L\.P|"
                            r"P\.L\.C|S\.P\.A)\.$)[A-Z](?:\.[A-Z]){1,4}\.)+$")
# What a text ends with (but for one newline, as "$" allows) when it has post-nominals: tested first,
# it spares the pattern's search through every name and title, which nearly never have any.
_POST_NOMINAL_ENDINGS = ("MP", "MEP", "MSP", "QC", "KC", "OBE", "CBE", "MBE", "KBE", "DBE", "PhD", "Ph.D.",
                         "Esq", "Esq.", "Jr", "Jr.", "Sr", "Sr.", ".")


def _without_post_nominals(text: str) -> str:
    if not text.removesuffix("\n").endswith(_POST_NOMINAL_ENDINGS):
        return text
    return _POST_NOMINALS.sub("", text)


def _strip_honorific(text: str) -> tuple[str, bool]:
    """A name without its honorifics, however many are stacked ("Excma. Sra. Dña. Arancha González
    Laya", "Son Excellence Monsieur Kaïs Saïed"), and whether it had any."""
    text = _without_post_nominals(text) if len(text.split()) >= 2 else text
    honoured = False
    for _ in range(4):
        match = _HONORIFIC.match(text)
        if not match or match.end() >= len(text):
            break
        text, honoured = text[match.end():], True
    return text, honoured


# A "word" of nothing but these is what OCR makes of specks, rules and logos; no name has one.
_OCR_SPECKS = re.compile(r"[\\|_~^`¦¬°]+")


def _specks_and_little_else(text: str) -> bool:
    """A line with an OCR speck for a word and no word of three letters beside it."""
    words = text.split()
    rest = [w for w in words if not _OCR_SPECKS.fullmatch(w)]
    return len(rest) < len(words) and not any(sum(ch.isalpha() for ch in w) >= 3 for w in rest)


# Asked again and again about the same text: a signature's parts by several guesses, a signatory
# table's entries column by column, the same organisations letter after letter in one reader.
@functools.lru_cache(maxsize=4096)
def _classify(text: str) -> str:
    """"person", "title", "org", "address" or "unknown" for one line (or comma part) of a name block."""
    if _is_address(text) or text.lower().strip(" .") in _COUNTRIES:
        return "address"
    tokens = _tokens(text)
    if not tokens or _specks_and_little_else(text):
        return "unknown"    # "\ OO": a logo or a stain read by OCR, not a name
    if _ORG_HEAD.match(text):
        return "org"
    if len(text.split()) >= 2:
        text = _without_post_nominals(text)  # "Yvette Cooper MP" is a person, not an acronym
    name, honoured = _strip_honorific(text)
    words = name.split()    # "H.E." before a name is no acronym
    # An acronym ("EFF", "R3D") marks an organisation; a whole line in capitals is just emphasis.
    shouted = len(words) > 1 and name.isupper()
    org_like = not _ORG_WORDS.isdisjoint(tokens) or not shouted and any(
        2 <= len(w.strip(".,:()")) <= 6 and w.isupper() and sum(ch.isalpha() for ch in w) >= 2 for w in words
    )
    parts = name.split()
    named = 1 <= len(parts) <= 4 and parts[0].lower() not in _NAME_PARTICLES and all(map(_is_name_token, parts))
    if honoured and named and not org_like or not org_like and _office_then_name(name):
        return "person"  # before titles: "Professor Amara Lindqvist", "Minister Svenja Schulze"
    if not _TITLE_WORDS.isdisjoint(tokens):
        return "title"
    if org_like:
        return "org"
    return "person" if named and len(parts) >= 2 else "unknown"


def _person_name(text: str) -> str:
    """A person without the honorific, unless the honorific is all that precedes a lone surname,
    and without the office named before the name ("Minister Svenja Schulze")."""
    name, _ = _strip_honorific(text)
    if _office_then_name(name):
        name = name.split(None, 1)[1]
    return name if len(name.split()) >= 2 and name[:1].isupper() else text


# Offices written before a person's name as a form of address: "Minister Svenja Schulze",
# "Senator Elizabeth Warren", "Commissioner Jutta Urpilainen".
_OFFICES = set("minister ministra ministre president presidenta présidente senator senadora sénateur "
               "ambassador embajador embajadora ambassadeur ambassadrice commissioner comisionado comisionada "
               "commissaire governor gobernador gobernadora mayor alcalde alcaldesa congressman congresswoman "
               "congresista deputy diputado diputada député députée secretary secretaria rapporteur relatora "
               "relator chancellor".split())


def _office_then_name(text: str) -> bool:
    words = text.split()
    if not 3 <= len(words) <= 5 or words[0].lower() not in _OFFICES:
        return False
    rest = words[1:]
    return all(_is_name_token(w) and w.lower() not in _TITLE_WORDS and w.lower() not in _OFFICES for w in rest) \
        and rest[0].lower() not in _NAME_PARTICLES and _ORG_WORDS.isdisjoint(w.lower() for w in rest)


# What follows a comma and still belongs to the name before it: a company's legal form, a
# generational suffix, "Esq.", "et al.", compared without case, dots or spaces ("L.L.C." is "llc",
# "Pty. Ltd." is "ptyltd").
_ATTACHED_AFTER_COMMA = frozenset(
    "inc incorporated ltd limited llc llp lp plc co coltd corp corporation sa sas sl srl sarl sac "
    "gmbh gmbhcokg ag kg se nv bv spa pty ptyltd pte pteltd ab as asa oy kk jr sr ii iii iv esq "
    "etal".split())


_ORDER_LETTERS = re.compile(r"[A-Z](?:\.[A-Z]){1,4}\.")


def attached_after_comma(part: str) -> bool:
    """Whether a comma-separated part belongs to the name before it ("Walmart Stores, Inc.",
    "Martin Luther King, Jr.")."""
    return re.sub(r"[.\s]", "", part).lower() in _ATTACHED_AFTER_COMMA


def _split_parts(line: str) -> list[str]:
    """Comma/dash-separated parts, keeping company suffixes such as ", Inc." attached and what
    stands in brackets whole ("CEED (Center for Energy, Ecology, and Development), Philippines")."""
    line = _EMAIL.sub("", line).strip() or line  # an e-mail address beside a name
    parts: list[str] = []
    for part in _join_firm_names(_split_outside_brackets(line)):
        part = part.strip(" ,;")
        if not part:
            continue
        if parts and (attached_after_comma(part) or part[:1].islower() and not _is_address(part)
                      or _ORDER_LETTERS.fullmatch(part) or _portfolio_goes_on(parts[-1], part)):
            parts[-1] = f"{parts[-1]}, {part}"  # ", Inc." / "…standard of living, and on the right to …"
        else:
            parts.append(part)
    return parts


# A minister's portfolio runs on over commas: "Minister of Foreign Trade, Export Promotion, Small
# Business and Economic Development", "Ministra de Asuntos Exteriores, Unión Europea y Cooperación".
_PORTFOLIO = re.compile(r"(?:(?:deputy|vice|under|sub)[- ]?)?(?:minister|ministra|ministro|ministre|secretary of state|"
                        r"secretario|secretaria|secrétaire d'état|subsecretario|subsecretaria|commissioner|"
                        r"comisionado|comisionada|commissaire)\s+(?:of|for|de|del|des|du|pour|para)\b", re.I)
_AND_WORD = re.compile(r"\s(?:and|y|et|&)\s")
_GOVERNMENT = re.compile(r"(?:the )?(?:government|gobierno|gouvernement|governo|parliament|parlamento|parlement|"
                         r"house of|senate|senado|sénat|congress|congreso|republic|república|république|state of)\b", re.I)


def _portfolio_goes_on(before: str, part: str) -> bool:
    """Whether a comma part carries on the title before it: a minister's portfolio, or a department
    named after a role ("Researcher, Garments and Textiles"), rather than naming an organisation."""
    if _classify(before) != "title" or _is_address(part) or _ORG_HEAD.match(part) or _HONORIFIC.match(part) \
            or _GOVERNMENT.match(part):
        return False
    if _PORTFOLIO.match(before):
        return True
    return bool(_AND_WORD.search(part)) and _classify(part) == "unknown"


_SEPARATOR = re.compile(r",\s+|\s+[–—|·•]\s+|\s+-\s+")


def _split_outside_brackets(line: str) -> list[str]:
    if "(" not in line:
        return _SEPARATOR.split(line)
    parts, start, depth = [], 0, 0
    for m in re.finditer(r"[()]|,\s+|\s+[–—|·•]\s+|\s+-\s+", line):
        token = m.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(line[start:m.start()])
            start = m.end()
    parts.append(line[start:])
    return parts


_EMAIL = re.compile(r"\s*<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")
_LEGAL_SUFFIX = re.compile(r".*\b(?:LLP|LLC|Ltd\.?|Inc\.?|PLC|plc|GmbH|S\.A\.|AG|LP|PC|P\.C\.)$")


def _join_firm_names(parts: list[str]) -> list[str]:
    """"Gibson", "Dunn & Crutcher LLP" is one firm: single names before a partnership's name join it."""
    out: list[str] = []
    for part in parts:
        if _LEGAL_SUFFIX.fullmatch(part.strip()) and "&" in part:
            k = len(out)
            while k > 0 and re.fullmatch(r"[A-Z][a-z'’-]+", out[k - 1].strip()):
                k -= 1
            if k < len(out):
                part = ", ".join([*(p.strip() for p in out[k:]), part.strip()])
                del out[k:]
        out.append(part)
    return out


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
