"""Partial dates, parsing typed dates and ranges, and finding dates in running text."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.dates import DateError, PartialDate, find_dates, parse_date, parse_range


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019", "2019"),
        ("2019-12", "2019-12"),
        ("2019-12-03", "2019-12-03"),
        ("2019/12/03", "2019-12-03"),
        ("3 December 2019", "2019-12-03"),
        ("December 3, 2019", "2019-12-03"),
        ("Dec. 3, 2019", "2019-12-03"),
        ("December 2019", "2019-12"),
        ("3 de diciembre de 2019", "2019-12-03"),
        ("diciembre de 2019", "2019-12"),
        ("3 décembre 2019", "2019-12-03"),
        ("1er décembre 2019", "2019-12-01"),
        ("3 decembre 2019", "2019-12-03"),
        ("3 DECEMBER 2019", "2019-12-03"),
        ("december 3rd, 2019", "2019-12-03"),
        ("  Tuesday, 3 December 2019. ", "2019-12-03"),
        ("le 3 décembre 2019", "2019-12-03"),
        ("1.º de diciembre del 2019", "2019-12-01"),
        ("03/12/2019", "2019-12-03"),  # day first
        ("12/31/2019", "2019-12-31"),  # month first only because day first is impossible
        ("3.12.2019", "2019-12-03"),
        ("12/2019", "2019-12"),
        ("févr. 2020", "2020-02"),
        ("29 February 2020", "2020-02-29"),
    ],
)
def test_parse_date_accepts_written_forms(text, iso):
    assert parse_date(text).iso() == iso


def test_parse_date_error_says_what_is_wrong_and_what_works():
    with pytest.raises(DateError) as error:
        parse_date("31/31/2019")
    assert str(error.value) == (
        'cannot read "31/31/2019" as a date; use YYYY, YYYY-MM or YYYY-MM-DD, or e.g. "3 December 2019"'
    )
    with pytest.raises(DateError, match="February 2019 has no day 29"):
        parse_date("29 February 2019")
    with pytest.raises(DateError, match='unknown month "Decembar"'):
        parse_date("3 Decembar 2019")
    with pytest.raises(DateError, match="from 1000 to 2999"):
        parse_date("0999-01-01")
    with pytest.raises(DateError, match="no date given"):
        parse_date("   ")
    with pytest.raises(DateError, match="not text"):
        parse_date(20191203)  # type: ignore[arg-type]
    with pytest.raises(DateError, match="too long"):
        parse_date("3 December 2019 " * 50)


def test_partial_date_views():
    day, month, year = PartialDate(2019, 12, 3), PartialDate(2019, 12), PartialDate(2020)
    assert [d.precision for d in (day, month, year)] == ["day", "month", "year"]
    assert [d.sort_key() for d in (day, month, year)] == [20191203, 20191200, 20200000]
    assert (month.start(), month.end()) == (datetime.date(2019, 12, 1), datetime.date(2019, 12, 31))
    assert (year.start(), year.end()) == (datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    assert PartialDate(2020, 2).end() == datetime.date(2020, 2, 29)
    assert (day.human(), month.human(), year.human()) == ("3 December 2019", "December 2019", "2020")
    assert day.human("es") == "3 de diciembre de 2019" and month.human("es") == "diciembre de 2019"
    assert PartialDate(2019, 12, 1).human("fr") == "1er décembre 2019" and day.human("fr") == "3 décembre 2019"
    assert day.human("de") == "3 December 2019"


def test_partial_dates_sort_chronologically_less_precise_first():
    dates = [PartialDate(2019, 12, 3), PartialDate(2020), PartialDate(2019), PartialDate(2019, 12)]
    assert [d.iso() for d in sorted(dates)] == ["2019", "2019-12", "2019-12-03", "2020"]
    assert PartialDate(2019, 12) == PartialDate.from_iso("2019-12")
    assert len({PartialDate(2019, 12), PartialDate(2019, 12), PartialDate(2019)}) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((2019, 2, 29), "no day 29"),
        ((2019, None, 3), "needs a month"),
        ((2019, 13), "from 1 to 12"),
        ((3000,), "from 1000 to 2999"),
        ((True,), "whole number"),
        (("2019",), "whole number"),
    ],
)
def test_partial_date_rejects_impossible_dates(args, message):
    with pytest.raises(DateError, match=message):
        PartialDate(*args)


def test_from_iso_is_strict():
    for text in ("2019-1-3", "2019/12/03", "3 December 2019", "", "2019-12-03T00:00"):
        with pytest.raises(DateError, match="YYYY-MM-DD"):
            PartialDate.from_iso(text)
    with pytest.raises(DateError, match="no day 31"):
        PartialDate.from_iso("2019-11-31")


def test_parse_range():
    assert parse_range("[2019-03 to 2020-06]") == (PartialDate(2019, 3), PartialDate(2020, 6))
    assert parse_range("2019-03..2020-06") == (PartialDate(2019, 3), PartialDate(2020, 6))
    assert parse_range("3 March 2019 – 2020") == (PartialDate(2019, 3, 3), PartialDate(2020))
    assert parse_range("2019..2019") == (PartialDate(2019), PartialDate(2019))
    with pytest.raises(DateError, match="starts after it ends"):
        parse_range("2020..2019-03")
    with pytest.raises(DateError, match='e.g. "2019-03 to 2020-06"'):
        parse_range("2019-03")
    with pytest.raises(DateError, match='in the range .*unknown month "Smarch"'):
        parse_range("Smarch 2019 to 2020")


def test_find_dates_in_running_text():
    text = (
        "London, 27 April 2021. We wrote on April 28, 2021, met on 2021-04-29 and again on 30/04/2021; "
        "la reunión del 27 de abril de 2021 y la lettre du 1er mai 2021 ont suivi. Due 12/31/2021."
    )
    found = [(date.iso(), text[start:end]) for date, start, end in find_dates(text)]
    assert found == [
        ("2021-04-27", "27 April 2021"),
        ("2021-04-28", "April 28, 2021"),
        ("2021-04-29", "2021-04-29"),
        ("2021-04-30", "30/04/2021"),
        ("2021-04-27", "27 de abril de 2021"),
        ("2021-05-01", "1er mai 2021"),
        ("2021-12-31", "12/31/2021"),
    ]



def test_month_first_dates_with_de_before_the_year():
    """As Colombia and some other countries date letters: "Bogotá D.C., mayo 17 de 2017"."""
    text = "Bogotá D.C., mayo 17 de 2017. Nos reunimos el enero 5 del 2018 y el 8 de marzo de 2018."
    found = [(date.iso(), text[start:end]) for date, start, end in find_dates(text)]
    assert found == [("2017-05-17", "mayo 17 de 2017"), ("2018-01-05", "enero 5 del 2018"),
                     ("2018-03-08", "8 de marzo de 2018")]
    assert parse_date("mayo 17 de 2017").iso() == "2017-05-17"
    assert parse_date("Mayo 17, 2017").iso() == "2017-05-17"
    assert find_dates("the 17 de 2017 session") == []

@pytest.mark.parametrize(
    ("line", "iso", "span"),
    [
        ("Done at Nairobi, this 14th day of June 2018.", "2018-06-14", "this 14th day of June 2018"),
        ("Signed in Geneva this 3rd day of March, 2021", "2021-03-03", "this 3rd day of March, 2021"),
        ("IN WITNESS WHEREOF, on the twenty-first day of June 2018", "2018-06-21",
         "on the twenty-first day of June 2018"),
        ("Dado en Bogotá, a los 5 días del mes de mayo de 2019.", "2019-05-05",
         "a los 5 días del mes de mayo de 2019"),
        ("Dado en Bogotá, a los cinco (5) días del mes de mayo de dos mil diecinueve.", "2019-05-05",
         "a los cinco (5) días del mes de mayo de dos mil diecinueve"),
        ("Expedida a los veintiún días del mes de septiembre del año dos mil veintidós", "2022-09-21",
         "a los veintiún días del mes de septiembre del año dos mil veintidós"),
        ("Firmado en Lima, al primer día del mes de marzo de 2020", "2020-03-01",
         "al primer día del mes de marzo de 2020"),
        ("Fait à Paris, le premier avril 2020", "2020-04-01", "le premier avril 2020"),
    ],
)
def test_formal_sign_off_dates_are_found_and_read(line, iso, span):
    """Deeds and official letters are signed "Done at Nairobi, this 14th day of June 2018" or
    "Dado en Bogotá, a los 5 días del mes de mayo de 2019": dates wherever dates are read."""
    ((date, start, end),) = find_dates(line)
    assert (date.iso(), line[start:end]) == (iso, span)
    assert parse_date(span).iso() == iso


def test_formal_forms_leave_counts_of_days_and_other_forms_alone():
    # A count of days is no date.
    assert find_dates("in the first 10 days of May 2020 and los primeros 15 días de mayo de 2019") == []
    with pytest.raises(DateError):
        parse_date("10 days of May 2020")
    assert find_dates("Le Premier ministre a répondu.") == []
    # The forms read before are read as before, beside the new ones.
    text = ("On 3 March 2021, this 4th day of March 2021, el 1 de enero de 2016, "
            "a los 5 días del mes de mayo de 2019 and le 1er avril 2020; le premier mai 2020.")
    found = [(date.iso(), text[start:end]) for date, start, end in find_dates(text)]
    assert found == [
        ("2021-03-03", "3 March 2021"),
        ("2021-03-04", "this 4th day of March 2021"),
        ("2016-01-01", "1 de enero de 2016"),
        ("2019-05-05", "a los 5 días del mes de mayo de 2019"),
        ("2020-04-01", "1er avril 2020"),
        ("2020-05-01", "le premier mai 2020"),
    ]
    text = "le premier mai 2020, y a los cinco días del mes de mayo de dos mil diecinueve"
    assert [date.iso() for date, _, _ in find_dates(text)] == ["2020-05-01", "2019-05-05"]  # in text order
    assert parse_date("the 3rd day of March, 2021").iso() == "2021-03-03"
    assert parse_date("le 3 mars 2021").iso() == "2021-03-03"


def test_find_dates_prefers_day_first_and_skips_non_dates():
    assert [d.iso() for d, _, _ in find_dates("on 04/05/2021")] == ["2021-05-04"]
    text = "ARTICLE 19 2021 report, April 2021, 31/02/2021, 99/99/2021, 3 Smarch 2021, 2021, v1.2.2021x"
    assert find_dates(text) == []


_any_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
_date_like = st.lists(
    st.sampled_from(
        ["2019", "-", "/", ".", "12", "31", "3", " ", ", ", "de ", "December", "Dec.", "févr", "1er", "º", "\ud800", "0",
         "this ", "day of ", "a los ", "cinco ", "(5) ", "días del mes de ", "dos mil ", "le premier "]
    ),
    max_size=12,
).map("".join)
_days = st.dates(datetime.date(1000, 1, 1), datetime.date(2999, 12, 31))


@settings(max_examples=500, deadline=None)
@given(_any_text | _date_like)
def test_parsing_any_text_raises_only_date_error(text):
    try:
        date = parse_date(text)
    except DateError as error:
        str(error).encode("utf-8")  # the message is printable even when the input was not
    else:
        assert PartialDate.from_iso(date.iso()) == date
    try:
        parse_range(text)
    except DateError:
        pass
    for date, start, end in find_dates(text):
        assert 0 <= start < end <= len(text) and date.precision == "day"


@settings(max_examples=200, deadline=None)
@given(_days, st.sampled_from(["en", "es", "fr"]), st.sampled_from(["day", "month", "year"]))
def test_human_and_iso_forms_read_back(day, lang, precision):
    date = PartialDate(day.year, None if precision == "year" else day.month, day.day if precision == "day" else None)
    assert parse_date(date.iso()) == date
    assert parse_date(date.human(lang)) == date
    if precision == "day":
        text = f"Written on {date.human(lang)}, as agreed."
        ((found, start, end),) = find_dates(text)
        assert found == date and text[start:end] == date.human(lang)
