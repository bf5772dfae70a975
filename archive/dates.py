"""Dates as letters write them: partial dates, parsing user input and finding dates in running text (EN/ES/FR)."""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field

__all__ = ["DateError", "PartialDate", "parse_date", "parse_range", "find_dates", "month_from_name"]

MIN_YEAR, MAX_YEAR = 1000, 2999
_ACCEPTED = 'use YYYY, YYYY-MM or YYYY-MM-DD, or e.g. "3 December 2019"'
# Longer input cannot be a single date; refusing early keeps the regexes cheap on pasted junk.
_MAX_INPUT = 120


class DateError(ValueError):
    """A date that cannot be read or does not exist; the message says why and what is accepted."""


_MONTH_NAMES = {
    1: "january jan enero ene janvier janv",
    2: "february feb febrero février fevrier févr fevr fév fev",
    3: "march mar marzo mars",
    4: "april apr abril abr avril avr",
    5: "may mayo mai",
    6: "june jun junio juin",
    7: "july jul julio juillet juil",
    8: "august aug agosto ago août aout",
    9: "september sep sept septiembre setiembre set septembre",
    10: "october oct octubre octobre",
    11: "november nov noviembre novembre",
    12: "december dec diciembre dic décembre decembre déc",
}
_UNACCENT = str.maketrans("áàâäéèêëíìîïóòôöúùûüçñ", "aaaaeeeeiiiioooouuuucn")
_MONTH_BY_NAME = {
    name.translate(_UNACCENT): number for number, names in _MONTH_NAMES.items() for name in names.split()
}
_HUMAN_MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}


def month_from_name(word: str) -> int | None:
    """Month number for an English, Spanish or French month name or abbreviation, else None."""
    return _MONTH_BY_NAME.get(word.lower().rstrip(".").translate(_UNACCENT))


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day; sorts chronologically, less precise first."""

    # Compared first, so ordering never has to compare None with an int.
    _key: int = field(init=False, repr=False, default=0)
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        year, month, day = self.year, self.month, self.day
        if not _is_int(year) or not MIN_YEAR <= year <= MAX_YEAR:
            raise DateError(f"the year must be a whole number from {MIN_YEAR} to {MAX_YEAR}, not {year!r}")
        if month is not None and (not _is_int(month) or not 1 <= month <= 12):
            raise DateError(f"the month must be a number from 1 to 12, not {month!r}")
        if day is not None:
            if month is None:
                raise DateError("a date with a day needs a month too")
            last = calendar.monthrange(year, month)[1]
            if not _is_int(day) or not 1 <= day <= last:
                raise DateError(f"{_HUMAN_MONTHS['en'][month - 1]} {year} has no day {day!r} (it has {last} days)")
        object.__setattr__(self, "_key", self.sort_key())

    @property
    def precision(self) -> str:
        """"year", "month" or "day"."""
        return "year" if self.month is None else "month" if self.day is None else "day"

    def iso(self) -> str:
        """ISO 8601 text at this date's precision: "2019", "2019-12" or "2019-12-03"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def sort_key(self) -> int:
        """yyyymmdd with 00 for the missing parts, e.g. 20191200."""
        return self.year * 10000 + (self.month or 0) * 100 + (self.day or 0)

    def start(self) -> datetime.date:
        """First day this date covers."""
        return datetime.date(self.year, self.month or 1, self.day or 1)

    def end(self) -> datetime.date:
        """Last day this date covers."""
        if self.day is not None:
            return datetime.date(self.year, self.month, self.day)
        month = self.month or 12
        return datetime.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def human(self, lang: str = "en") -> str:
        """Written out in "en", "es" or "fr" (other languages fall back to English)."""
        months = _HUMAN_MONTHS.get(lang, _HUMAN_MONTHS["en"])
        if self.month is None:
            return str(self.year)
        month = months[self.month - 1]
        if lang == "es":
            return f"{month} de {self.year}" if self.day is None else f"{self.day} de {month} de {self.year}"
        if self.day is None:
            return f"{month} {self.year}"
        if lang == "fr":
            return f"{'1er' if self.day == 1 else self.day} {month} {self.year}"
        return f"{self.day} {month} {self.year}"

    @classmethod
    def from_iso(cls, s: str) -> PartialDate:
        """Inverse of iso(): accepts exactly "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""
        match = _ISO_EXACT.fullmatch(s) if isinstance(s, str) else None
        if match is None:
            raise DateError(f"cannot read {_show(s)} as an ISO date; use YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        return _checked(cls, s, year, month, day)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _show(value: object) -> str:
    """The user's input quoted for an error message, shortened and safe to print."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > 40:
        text = text[:40] + "…"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return '"' + "".join(ch if ch.isprintable() else "?" for ch in text) + '"'


def _checked(cls, text: object, year, month, day) -> PartialDate:
    try:
        return cls(year, month, day)
    except DateError as error:
        raise DateError(f"cannot read {_show(text)} as a date: {error}; {_ACCEPTED}") from None


_ISO_EXACT = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_WS = r"[\s\u00a0]+"
_WORD = r"([^\W\d_]{3,10})\.?"
_ORDINAL = r"(?:\.?[º°ª]|er|re|st|nd|rd|th)?"
_DAY_OF = rf"(?:(?:de|of){_WS})?"
_YEAR_OF = rf"(?:(?:de|del){_WS})?"
_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|"
    "lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo|"
    "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)
_PREFIX = re.compile(rf"(?:(?:{_WEEKDAYS})\.?,?{_WS})?(?:(?:le|el|the|on){_WS})?", re.IGNORECASE)

# Full forms accepted by parse_date (after the prefix and a trailing period are removed).
_F_YMD = re.compile(r"([0-9]{4})(?:([-/.])([0-9]{1,2})(?:\2([0-9]{1,2}))?)?")
_F_DMY_NUM = re.compile(r"([0-9]{1,2})([-/.])([0-9]{1,2})\2([0-9]{4})")
_F_MY_NUM = re.compile(r"([0-9]{1,2})[-/.]([0-9]{4})")
_F_DMY = re.compile(rf"([0-9]{{1,2}}){_ORDINAL}\.?(?:{_WS}|-){_DAY_OF}{_WORD},?(?:{_WS}|-){_YEAR_OF}([0-9]{{4}})", re.I)
_F_MDY = re.compile(rf"{_WORD}{_WS}([0-9]{{1,2}})(?:st|nd|rd|th)?,?{_WS}{_YEAR_OF}([0-9]{{4}})", re.I)
_F_MY = re.compile(rf"{_WORD},?{_WS}{_YEAR_OF}([0-9]{{4}})", re.I)


def parse_date(text: str) -> PartialDate:
    """Read a date typed by a user (ISO, numeric day-first, or written out in EN/ES/FR); raises DateError."""
    if not isinstance(text, str):
        raise DateError(f"cannot read {_show(text)} as a date: it is not text; {_ACCEPTED}")
    stripped = text.strip()
    if not stripped:
        raise DateError(f"no date given; {_ACCEPTED}")
    if len(stripped) > _MAX_INPUT:
        raise DateError(f"cannot read {_show(text)} as a date: it is too long; {_ACCEPTED}")
    s = " ".join(stripped.split()).rstrip(".")
    for candidate in (s, s[_PREFIX.match(s).end():]):
        if date := _formal_fullmatch(candidate):
            return date
    s = s[_PREFIX.match(s).end():]
    if m := _F_YMD.fullmatch(s):
        year, _, month, day = m.groups()
        return _checked(PartialDate, text, int(year), month and int(month), day and int(day))
    if m := _F_DMY_NUM.fullmatch(s):
        date = _day_first(int(m[1]), int(m[3]), int(m[4]))
        if date is None:
            raise DateError(f"cannot read {_show(text)} as a date; {_ACCEPTED}")
        return date
    if m := _F_MY_NUM.fullmatch(s):
        return _checked(PartialDate, text, int(m[2]), int(m[1]), None)
    for pattern, order in ((_F_DMY, "dmy"), (_F_MDY, "mdy"), (_F_MY, "my")):
        if m := pattern.fullmatch(s):
            parts = dict(zip(order, m.groups()))
            month = month_from_name(parts["m"])
            if month is None:
                raise DateError(f"cannot read {_show(text)} as a date: unknown month {_show(parts['m'])}; {_ACCEPTED}")
            day = int(parts["d"]) if "d" in parts else None
            return _checked(PartialDate, text, int(parts["y"]), month, day)
    raise DateError(f"cannot read {_show(text)} as a date; {_ACCEPTED}")


def _day_first(first: int, second: int, year: int) -> PartialDate | None:
    """Numeric dates are read day-first, month-first only when day-first is impossible."""
    for day, month in ((first, second), (second, first)):
        try:
            return PartialDate(year, month, day)
        except DateError:
            continue
    return None


_RANGE_SEP = re.compile(r"\s*\.\.\s*|\s+(?:to|until|till|hasta|a|al|au|à)\s+|\s*[–—]\s*|\s+-\s+", re.IGNORECASE)
_RANGE_FORMS = 'e.g. "2019-03 to 2020-06" or "2019-03..2020-06"'


def parse_range(text: str) -> tuple[PartialDate, PartialDate]:
    """Read a date range such as "[2019-03 to 2020-06]" or "2019-03..2020-06"; raises DateError."""
    if not isinstance(text, str) or len(text) > 2 * _MAX_INPUT:
        raise DateError(f"cannot read {_show(text)} as a date range; use {_RANGE_FORMS}")
    s = text.strip()
    if s.startswith("[") and s.endswith("]"):
        s = s[1:-1].strip()
    parts = _RANGE_SEP.split(s, maxsplit=1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        raise DateError(f"cannot read {_show(text)} as a date range; use {_RANGE_FORMS}")
    try:
        first, last = parse_date(parts[0]), parse_date(parts[1])
    except DateError as error:
        raise DateError(f"in the range {_show(text)}: {error}") from None
    if first.start() > last.end():
        raise DateError(f"the range {_show(text)} starts after it ends; put the earlier date first")
    return first, last


# Running-text patterns; every form holds a four-digit year.
_ANY_YEAR = re.compile(r"[12][0-9]{3}(?![0-9])")
_T_YMD = re.compile(r"(?<![\w./-])([12][0-9]{3})([-/.])([0-9]{1,2})\2([0-9]{1,2})(?![\w/-]|\.[0-9])")
_T_DMY_NUM = re.compile(r"(?<![\w./-])([0-9]{1,2})([-/.])([0-9]{1,2})\2([12][0-9]{3})(?![\w/-]|\.[0-9])")
_T_DMY = re.compile(
    rf"(?<![\w.])([0-9]{{1,2}}){_ORDINAL}\.?(?:{_WS}|-){_DAY_OF}{_WORD},?(?:{_WS}|-){_YEAR_OF}([12][0-9]{{3}})(?!\w)",
    re.IGNORECASE,
)
# "March 3, 2019", and as Colombia and some other countries write it, "mayo 17 de 2017".
_T_MDY = re.compile(rf"(?<!\w){_WORD}{_WS}([0-9]{{1,2}})(?:st|nd|rd|th)?,?{_WS}{_YEAR_OF}([12][0-9]{{3}})(?!\w)",
                    re.IGNORECASE)


def find_dates(text: str) -> list[tuple[PartialDate, int, int]]:
    """Every day-precision date written in the text, as (date, start, end) character offsets, in order."""
    if not isinstance(text, str):
        return []
    # The formal forms ("this 14th day of June 2018") are found from their middle, as the year may be
    # in words; every other form holds a four-digit year, and looking only at what surrounds each
    # year keeps long texts cheap.
    found: list[tuple[int, int, PartialDate]] = _formal_dates(text)
    for year in _ANY_YEAR.finditer(text):
        start, end = year.span()
        before, after = text[start - 1:start], text[end:end + 1]
        if before.isalnum():
            continue
        if after and after in "-/." and (m := _T_YMD.match(text, start)):
            _add(found, m, lambda: PartialDate(int(m[1]), int(m[3]), int(m[4])))
        if before and before in "-/.":
            for m in _T_DMY_NUM.finditer(text, max(0, start - 6), end + 1):
                if (date := _day_first(int(m[1]), int(m[3]), int(m[4]))) is not None:
                    found.append((m.start(), m.end(), date))
        if before and (before.isspace() or before == "-"):
            words = text[max(0, start - 40):start].replace("-", " ").split()
            last = words[-1].rstrip(",.").lower() if words else ""
            if last in ("de", "del") and len(words) > 1:
                last = words[-2].rstrip(",.").lower()
            if month_from_name(last):
                pattern, order = _T_DMY, (3, 2, 1)
            elif last[:1].isdigit():
                pattern, order = _T_MDY, (3, 1, 2)
            else:
                continue
            for m in pattern.finditer(text, max(0, start - 45), end + 1):
                if m.end() == end:
                    y, mo, d = (m[i] for i in order)
                    _add(found, m, lambda: PartialDate(int(y), month_from_name(mo), int(d)))
    found.sort(key=lambda item: (item[0], -item[1]))
    result: list[tuple[PartialDate, int, int]] = []
    for start, end, date in found:
        if not result or start >= result[-1][2]:
            result.append((date, start, end))
    return result


def _add(found: list, match: re.Match, make) -> None:
    try:
        found.append((match.start(), match.end(), make()))
    except DateError:
        pass  # a month word that is not a month, or a day the month does not have: not a date


# Formal forms of deeds and official letters, where the day, and in Spanish the year, may be words:
# "this 14th day of June 2018", "a los cinco (5) días del mes de mayo de dos mil diecinueve",
# "le premier avril 2020".
def _number_words(pairs: str) -> dict[str, int]:
    return {word: int(number) for word, number in (item.split("=") for item in pairs.split())}


_ES_NUMBERS = _number_words(
    "un=1 uno=1 primer=1 primero=1 dos=2 tres=3 cuatro=4 cinco=5 seis=6 siete=7 ocho=8 nueve=9 diez=10 "
    "once=11 doce=12 trece=13 catorce=14 quince=15 dieciseis=16 diecisiete=17 dieciocho=18 diecinueve=19 "
    "veinte=20 veintiun=21 veintiuno=21 veintidos=22 veintitres=23 veinticuatro=24 veinticinco=25 "
    "veintiseis=26 veintisiete=27 veintiocho=28 veintinueve=29 treinta=30 cuarenta=40 cincuenta=50 "
    "sesenta=60 setenta=70 ochenta=80 noventa=90"
)
_EN_ORDINAL_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_EN_ORDINALS = {
    **{word: k for k, word in enumerate(_EN_ORDINAL_UNITS, 1)},
    **{word: k for k, word in enumerate("tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth "
                                         "seventeenth eighteenth nineteenth twentieth".split(), 10)},
    **{f"twenty-{word}": 20 + k for k, word in enumerate(_EN_ORDINAL_UNITS, 1)},
    "thirtieth": 30, "thirty-first": 31,
}
_DAY_WORDS = {**_ES_NUMBERS, **_EN_ORDINALS}

# A number word of a year, as written or with its accent: "dos mil veintidós".
_ES_WORD = "(?:{})".format("|".join([*sorted(_ES_NUMBERS, key=len, reverse=True),
                                     "dieciséis", "veintidós", "veintitrés", "veintiséis", "veintiún"]))
# Any word or two ("cinco", "twenty-first", "treinta y uno"): whether it is a number is read after.
_DAY_WORD = rf"[^\W\d_]{{2,12}}(?:(?:{_WS}y{_WS}|-)[^\W\d_]{{2,12}})?"
_YEAR_WORDS = rf"(?:dos{_WS}mil|mil{_WS}novecientos)(?:{_WS}{_ES_WORD}(?:{_WS}y{_WS}{_ES_WORD})?)?"
# A formal date is looked for where its middle is ("day of", "días del mes de"): the words that
# come before it are read back from there, which costs little in long texts.
_FORMAL_DAY = re.compile(
    rf"(?<![\w.])(?P<pre>(?:(?:on|upon){_WS})?(?:this|the){_WS}|a{_WS}los{_WS}|al{_WS}|el{_WS})?"
    rf"(?:(?P<num>[0-9]{{1,2}})(?P<ord>st|nd|rd|th|\.?[º°ª])?"
    rf"|(?P<word>{_DAY_WORD})(?:{_WS}?\((?P<paren>[0-9]{{1,2}})\))?){_WS}\Z",
    re.IGNORECASE,
)
_FORMAL_REST = re.compile(
    rf"(?P<of>day{_WS}of(?:{_WS}the{_WS}month{_WS}of)?|d[ií]as?{_WS}del{_WS}mes{_WS}de|d[ií]as?{_WS}de)"
    rf"{_WS}(?P<month>[^\W\d_]{{3,10}})\.?,?{_WS}(?:(?:de|del)(?:{_WS}año)?{_WS}|in{_WS}the{_WS}year{_WS})?"
    rf"(?:(?P<year>[12][0-9]{{3}})|(?P<yword>{_YEAR_WORDS}))(?!\w)",
    re.IGNORECASE,
)
_FORMAL_HINT = re.compile(r"\b(?:day|d[ií]as?)\s+(?:of|del?)\b", re.IGNORECASE)
_PREMIER = re.compile(
    rf"(?<![\w.])(?:le{_WS})?premier{_WS}(?P<month>[^\W\d_]{{3,10}})\.?{_WS}(?P<year>[12][0-9]{{3}})(?!\w)",
    re.IGNORECASE,
)
_PREMIER_HINT = re.compile("premier", re.IGNORECASE)


def _spanish_number(words: str) -> int | None:
    """1 to 99 written in Spanish words ("cinco", "veintiuno", "treinta y uno"), else None."""
    parts = words.lower().translate(_UNACCENT).split()
    if len(parts) == 1:
        return _ES_NUMBERS.get(parts[0])
    if len(parts) == 3 and parts[1] == "y":
        tens, units = _ES_NUMBERS.get(parts[0]), _ES_NUMBERS.get(parts[2])
        if tens in (30, 40, 50, 60, 70, 80, 90) and units and units < 10:
            return tens + units
    return None


def _year_in_words(words: str) -> int | None:
    """"dos mil diecinueve" -> 2019, "mil novecientos noventa y nueve" -> 1999."""
    parts = words.lower().split()
    base = 2000 if parts[0] == "dos" else 1900
    rest = " ".join(parts[2:])
    if not rest:
        return base
    number = _spanish_number(rest)
    return None if number is None else base + number


def _formal_at(text: str, at: int, start: int = 0) -> tuple[int, int, PartialDate] | None:
    """(start, end, date) of the formal date whose "day of" or "días de" is at text[at:], if any,
    looking no further back than start."""
    rest = _FORMAL_REST.match(text, at)
    day = rest and _FORMAL_DAY.search(text, max(start, at - 50), at)
    date = day and _formal_date(day, rest)
    return (day.start(), rest.end(), date) if date else None


def _formal_date(day: re.Match, rest: re.Match) -> PartialDate | None:
    """The date of a formal form, or None where the words are no date ("the 10 days of May")."""
    of, pre = rest["of"].lower(), (day["pre"] or "").lower().split()
    if of.startswith("day"):
        # "this 14th day of", "the first day of": a count of days ("10 days of") is no date.
        if not (pre[-1:] in (["this"], ["the"]) or day["ord"] or day["word"]):
            return None
    elif "mes" not in of and pre[:1] not in (["a"], ["al"]):
        return None  # "los primeros 15 días de mayo": a span, not a day
    if day["paren"]:
        number = int(day["paren"])
    elif day["num"]:
        number = int(day["num"])
    else:
        word = " ".join(day["word"].lower().replace("-", " ").split())
        number = _EN_ORDINALS.get(word.replace(" ", "-"), _DAY_WORDS.get(word)) or _spanish_number(word)
    month = month_from_name(rest["month"])
    year = int(rest["year"]) if rest["year"] else _year_in_words(rest["yword"])
    return _day_or_none(year, month, number)


def _day_or_none(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if not (year and month and day):
        return None
    try:
        return PartialDate(year, month, day)
    except DateError:
        return None


def _premier(m: re.Match) -> PartialDate | None:
    return _day_or_none(int(m["year"]), month_from_name(m["month"]), 1)


def _formal_dates(text: str) -> list[tuple[int, int, PartialDate]]:
    found = [got for hint in _FORMAL_HINT.finditer(text) if (got := _formal_at(text, hint.start()))]
    if _PREMIER_HINT.search(text):
        found += [(m.start(), m.end(), date) for m in _PREMIER.finditer(text) if (date := _premier(m))]
    return found


def _formal_fullmatch(text: str) -> PartialDate | None:
    """The formal date that is the whole text, if it is one."""
    if m := _PREMIER.fullmatch(text):
        return _premier(m)
    for hint in _FORMAL_HINT.finditer(text):
        if (got := _formal_at(text, hint.start())) and got[0] == 0 and got[1] == len(text):
            return got[2]
    return None
