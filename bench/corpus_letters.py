"""The synthetic corpus's letters: phrasebook templates expanded into a Letter, its Style and a manifest entry."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

from app.letterpdf import Letter, Style
from bench.corpus_words import (ASKS, BODIES, COMMITTEES, COMPANY_TOPICS, COURTS, EN, ES, FIRST, FOREIGN, FR, LAST,
                                MONTHS_EN, MONTHS_ES, MONTHS_FR, NUMBERS, OCCUPATIONS, ORGS, PROMISES, REPORT_WORDS,
                                STANDARD_BODIES, STANDARDS, TESTIMONY, TITLES, TITLES_ES, TITLES_FR, TOPICS, VILLAGES,
                                Org)

_SLOT = re.compile(r"\{(\w+)\}")
_CHOICE = re.compile(r"\{([^{}]*\|[^{}]*)\}")
FIRST_DATE, LAST_DATE = date(2015, 1, 1), date(2024, 12, 31)


def _expand(template: str, rng: random.Random, slots: dict) -> str:
    """Expand {slot} names and {a|b|c} choices until nothing is left to expand."""
    def slot(match: re.Match) -> str:
        value = slots[match.group(1)]
        return rng.choice(value) if isinstance(value, list) else str(value)

    for _ in range(10):
        expanded = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), _SLOT.sub(slot, template))
        if expanded == template:
            break
        template = expanded
    return template


def _sentence(template: str, rng: random.Random, slots: dict) -> str:
    text = _expand(template, rng, slots)
    return text[:1].upper() + text[1:]


def _long_date(day: date, language: str, variant: int) -> str:
    if language == "es":
        return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {MONTHS_FR[day.month - 1]} {day.year}"
    month = MONTHS_EN[day.month - 1]
    if variant == 1:
        return f"{month} {day.day}, {day.year}"
    if variant == 2:
        suffix = "th" if 10 <= day.day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day.day % 10, "th")
        return f"{day.day}{suffix} {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def _place_date(day: date, org: Org, rng: random.Random, variant: int) -> str:
    if org.language == "es":
        return f"{org.city}, {_long_date(day, 'es', 0)}"
    if org.language == "fr":
        return f"{org.city}, le {_long_date(day, 'fr', 0)}" if rng.random() < 0.7 else _long_date(day, "fr", 0)
    form = rng.random()
    if form < 0.12:
        return day.strftime("%d/%m/%Y")
    if form < 0.2:
        return day.isoformat()
    if form < 0.27:
        return f"{day.day} {MONTHS_EN[day.month - 1][:3]} {day.year}"
    text = _long_date(day, "en", variant)
    return f"{org.city}, {text}" if rng.random() < 0.45 else text


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return first, last


def _reference(org: Org) -> str:
    """How a sentence names an organisation: "the Special Rapporteur …" but "Northwind Mining plc"."""
    if org.kind in ("un", "government") or org.name.startswith(("Ministry", "Department")):
        return "the " + org.name
    return org.name


def _recipient_kinds(kind: str) -> list[str]:
    return {"ngo": ["company", "company", "company", "investor", "government"], "union": ["company", "investor"],
            "un": ["company", "government"], "company": ["ngo", "ngo", "investor", "un"],
            "investor": ["ngo", "company"], "government": ["ngo", "un"]}[kind]


def _plan(kind: str, rng: random.Random) -> tuple[list[str], list[str]]:
    """The roles of the opening paragraphs, and of those that repeat to fill the letter, by sender."""
    if kind == "memo":
        return ["memo", "policy", "memo"], ["commit", "policy", "memo"]
    if kind in ("company", "government"):
        return ["reply", "claim", "policy", "commit"], ["claim", "policy", "commit"]
    if kind == "investor":
        return [rng.choice(["reply", "open"]), "policy", "commit"], ["standard", "ask", "policy", "commit"]
    follow_up = ["rebut"] if rng.random() < 0.35 else []
    return ["open", "evidence", "detail"] + follow_up + ["standard", "ask"], ["evidence", "detail", "standard", "ask"]


class _Deck:
    """Draws templates of one role without repeats until the role's pool is used up."""

    def __init__(self, rng: random.Random, pool: list[str]) -> None:
        self.rng, self.pool, self.cards = rng, pool, []

    def draw(self, avoid: list[str]) -> str:
        if not self.cards:
            self.cards = self.rng.sample(self.pool, len(self.pool))
        for position in range(len(self.cards) - 1, -1, -1):
            if self.cards[position] not in avoid:
                return self.cards.pop(position)
        return self.cards.pop()


def _paragraphs(rng: random.Random, org: Org, kind: str, slots: dict, target_words: int) -> list[str]:
    if org.language in ("es", "fr"):
        pool = ES if org.language == "es" else FR
        opening, middle, closing = pool[0], _Deck(rng, pool[1:-2]), pool[-2]
        sentences = [_sentence(opening, rng, slots)]
        while sum(len(x.split()) for x in sentences) < target_words:
            sentences.append(_sentence(middle.draw([]), rng, slots))
        sentences.append(_sentence(closing, rng, slots))
        paragraphs = []
        while sentences:
            size = rng.randint(2, 3)
            paragraphs.append(" ".join(sentences[:size]))
            sentences = sentences[size:]
        return paragraphs
    decks = {role: _Deck(rng, pool) for role, pool in EN.items()}
    first, repeating = _plan(kind, rng)
    paragraphs, words = [], 0
    while words < target_words:
        count = len(paragraphs)
        role = first[count] if count < len(first) else repeating[(count - len(first)) % len(repeating)]
        size = rng.randint(1, 2) if role in ("open", "reply") else rng.randint(2, min(5, len(EN[role])))
        used: list[str] = []  # a paragraph never uses the same template twice
        for _ in range(size):
            used.append(decks[role].draw(used))
        paragraph = " ".join(_sentence(template, rng, slots) for template in used)
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    paragraphs.append(_sentence(decks["close"].draw([]), rng, slots))
    return paragraphs


def _signatories(rng: random.Random, org: Org, count: int) -> list[str]:
    titles = TITLES_ES if org.language == "es" else TITLES_FR if org.language == "fr" else TITLES[org.kind]
    if count == 1:
        first, last = _person(rng)
        return [f"{first} {last}", rng.choice(titles), org.name]
    others = [o for o in ORGS if o.kind in ("ngo", "union") and o is not org]
    partners = [org] + rng.sample(others, count - 1) if org.kind in ("ngo", "union") else [org] * count
    lines: list[str] = []
    for partner in partners:
        first, last = _person(rng)
        partner_titles = titles if partner is org else TITLES[partner.kind]
        lines += [f"{first} {last}, {rng.choice(partner_titles)}", partner.name, ""]
    return lines[:-1]


def make_letter(index: int, seed: int = 1) -> tuple[Letter, Style, dict]:
    """The index-th letter of the corpus for a seed: the same inputs always give the same letter."""
    rng = random.Random(f"papertrail-corpus:{seed}:{index}")
    language_roll = rng.random()
    language = "es" if language_roll < 0.05 else "fr" if language_roll < 0.1 else "en"
    org = rng.choice([o for o in ORGS if o.language == language])
    kind = "memo" if org.kind == "company" and rng.random() < 0.25 else "letter"
    recipient_kind = rng.choice(_recipient_kinds(org.kind))
    recipient = rng.choice([o for o in ORGS if o.kind == recipient_kind and o is not org])
    day = FIRST_DATE + timedelta(days=rng.randrange((LAST_DATE - FIRST_DATE).days + 1))
    variant = rng.choice([0, 0, 0, 1, 2])
    company = org if org.kind == "company" else recipient if recipient.kind == "company" else None
    topic = TOPICS[COMPANY_TOPICS[company.name]] if company else rng.choice(TOPICS)

    def when(offset_from: int, offset_to: int) -> str:
        return _long_date(day + timedelta(days=rng.randint(offset_from, offset_to)), "en", variant)

    slots = {key: value for key, value in topic.items() if key != "subject"}
    slots.update(
        P=rng.choice(topic["P"]), self=org.name, target=recipient.name, target_ref=_reference(recipient),
        standard=STANDARDS, standard_body=STANDARD_BODIES, ask=ASKS, promise=PROMISES,
        promise_ing=[p.split(" ", 1)[0] + "ing " + p.split(" ", 1)[1] for p in PROMISES],
        person=[f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(4)], occupation=OCCUPATIONS,
        village=VILLAGES, testimony=TESTIMONY, court=COURTS, body=BODIES, committee=COMMITTEES,
        report=[f"{rng.choice(REPORT_WORDS[0])}: {rng.choice(REPORT_WORDS[1])}"],
        case_no=[f"{rng.randint(12, 980)}/{day.year - rng.randint(1, 4)}", f"CV-{rng.randint(1000, 9999)}"],
        year_now=str(day.year),
        n=NUMBERS, n_num=[str(x) for x in (3, 5, 7, 11, 12, 18, 25, 40)],
        year=[str(y) for y in range(day.year - 5, day.year)], year_next=str(day.year + 1),
        month=MONTHS_EN, past=[when(-400, -20) for _ in range(3)], future=[when(14, 120) for _ in range(3)],
        past_deadline=[when(-200, -10) for _ in range(3)], cc=[o.name for o in ORGS if o.kind in ("un", "investor")],
        **FOREIGN,
    )
    slots.update(past_es=_long_date(day - timedelta(days=rng.randint(30, 300)), "es", 0),
                 future_es=_long_date(day + timedelta(days=rng.randint(14, 90)), "es", 0),
                 past_fr=_long_date(day - timedelta(days=rng.randint(30, 300)), "fr", 0),
                 future_fr=_long_date(day + timedelta(days=rng.randint(14, 90)), "fr", 0))
    slots["thing"] = _expand(rng.choice(topic["thing"]), rng, slots)
    slots["thing_es"], slots["thing_fr"] = rng.choice(FOREIGN["thing_es"]), rng.choice(FOREIGN["thing_fr"])

    pages = rng.choices([1, 2, 3, 4], weights=[15, 20, 50, 15])[0]
    if language != "en":
        pages = 1  # the Spanish and French phrasebooks are too small for longer letters
    elif kind == "memo":
        pages = min(pages, 2)
    target_words = {1: rng.randint(120, 260), 2: rng.randint(480, 700),
                    3: rng.randint(1000, 1250), 4: rng.randint(1550, 1800)}[pages]
    paragraphs = _paragraphs(rng, org, "memo" if kind == "memo" else org.kind, slots, target_words)

    first, last = _person(rng)
    honorific = rng.choice(["Ms", "Mr", "Dr", "Professor", "Mr.", "Ms."])
    title = rng.choice(TITLES[recipient.kind])
    if recipient.name.startswith("Special Rapporteur"):
        title = "Special Rapporteur"
    elif recipient.kind == "un":
        title = rng.choice(["Chair-Rapporteur", "Member of the Working Group"])
    addressee = [f"{honorific} {first} {last}", title, recipient.name] + recipient.address.split(", ")[:3]
    subject = None if rng.random() < 0.1 else _sentence(rng.choice(topic["subject"]), rng, slots)
    if language == "es":
        salutation = rng.choice([f"Estimada Sra. {last}:", f"Estimado Sr. {last}:", "Estimados señores:"])
        closing = rng.choice(["Atentamente,", "Reciba un cordial saludo,", "Cordialmente,"])
        subject = "Asunto: " + _sentence("{thing_es}", rng, slots)
    elif language == "fr":
        salutation = rng.choice(["Madame,", "Monsieur,", "Madame la Directrice générale,", "Monsieur le Directeur,"])
        closing = rng.choice(["Nous vous prions d’agréer l’expression de nos salutations distinguées.",
                              "Veuillez recevoir nos salutations respectueuses.", "Cordialement,"])
        subject = "Objet : " + _sentence("{thing_fr}", rng, slots)
    elif rng.random() < 0.12:
        salutation, closing = "Dear Sir or Madam,", "Yours faithfully,"
    else:
        salutation = rng.choice([f"Dear {honorific} {last},", f"Dear {first},", "Dear colleagues,"])
        closing = rng.choice(["Yours sincerely,", "Sincerely,", "Kind regards,", "Best regards,", "Respectfully,"])
    count = rng.choices([1, 2, 3, 4, 5, 6, 7, 8, 9], weights=[55, 20, 7, 5, 4, 3, 2, 2, 2])[0]
    if org.kind not in ("ngo", "union"):
        count = min(count, 2)  # only coalitions of NGOs and unions sign in numbers
    signatories = _signatories(rng, org, count)
    letterhead = f"{org.name}\n{org.address}"
    if kind == "memo":
        addressee = [f"{first} {last}, {rng.choice(TITLES['company'])}", "Executive Committee"]
        salutation, closing = "", ""
        signatories = [signatories[0] + ", " + signatories[1]] if count == 1 else signatories[:1]
        letterhead = f"{org.name}\nInternal · Confidential"
        subject = subject or "Update"
    letter = Letter(letterhead=letterhead, place_date=_place_date(day, org, rng, variant), addressee=addressee,
                    subject=subject, salutation=salutation, paragraphs=paragraphs, closing=closing,
                    signatories=signatories, kind=kind, language=language)
    stamp = sum(org.name.encode("utf-8"))  # stable across runs, unlike hash()
    style = Style(body_font="sans" if stamp % 3 == 0 else "serif",
                  letterhead_align="center" if stamp % 4 == 1 else "left",
                  date_align="left" if stamp % 5 < 2 else "right")
    meta = {"sender": org.name, "recipient": recipient.name, "date": day.isoformat(),
            "place_date": letter.place_date, "language": language, "kind": kind, "subject": subject,
            "signatories": count, "topic": slots["P"]}
    return letter, style, meta
