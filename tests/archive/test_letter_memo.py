"""Memos: the parties of their To:/From: header."""

from archive.letter.meta import extract_metadata

MEMO = """\
SAVE THE CHILDREN INTERNATIONAL
MEMORANDUM
TO:
Country Office, Amman
FROM:
{sender}
DATE:
2021-02-08
RE:
Preparation for the 46th session of the Human Rights Council
1. The session will open on 22 February 2021 and close on 23 March 2021. Please send me by
15 February any case material you would like us to raise with the delegations."""


def test_the_unit_after_a_role_in_a_memo_header_is_no_party():
    meta = extract_metadata([MEMO.format(sender="Maria Okonjo, Head of Advocacy, Geneva Office")])
    assert meta.kind == "memo" and meta.senders == ["Maria Okonjo"]


def test_an_office_named_alone_in_a_memo_header_is_the_party():
    meta = extract_metadata([MEMO.format(sender="Geneva Office")])
    assert meta.senders == ["Geneva Office"]


def test_the_holders_of_a_role_with_the_unit_they_work_in_are_one_addressee():
    memo = MEMO.format(sender="Maria Okonjo").replace("Country Office, Amman",
                                                       "Country Directors, Middle East and Eastern Europe Region")
    assert extract_metadata([memo]).recipients == ["Country Directors, Middle East and Eastern Europe Region"]


def test_a_person_and_an_office_in_a_memo_header_stay_two_addressees():
    memo = MEMO.format(sender="Maria Okonjo").replace("Country Office, Amman", "Omar Haddad; Geneva Office")
    assert extract_metadata([memo]).recipients == ["Geneva Office", "Omar Haddad"]
