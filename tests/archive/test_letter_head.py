"""The name at the head of a letter with no inside address: the letterhead, not the addressee."""

from archive.letter.meta import extract_metadata


def _letter(head: str) -> str:
    return f"""{head}
Oslo, 14 January 2013
Dear colleagues,
Thank you for your letter about our suppliers. We will publish the full audit of our supply chain
before the end of June 2013.
Kind regards,
Per Olsen"""


def test_a_company_named_by_its_trade_over_place_and_date_is_the_sender():
    meta = extract_metadata([_letter("Northgate Telecom")], {}, "006.pdf")
    assert meta.senders == ["Northgate Telecom", "Per Olsen"]
    assert meta.recipients == []


def test_a_name_of_no_known_kind_over_place_and_date_is_the_letterhead():
    meta = extract_metadata([_letter("Northgate")], {}, "006.pdf")
    assert meta.senders == ["Northgate", "Per Olsen"]
    assert meta.recipients == []


def test_a_person_over_place_and_date_is_still_read_as_the_addressee():
    meta = extract_metadata([_letter("Mr Lars Berg")], {}, "006.pdf")
    assert (meta.senders, meta.recipients) == (["Per Olsen"], ["Lars Berg"])
