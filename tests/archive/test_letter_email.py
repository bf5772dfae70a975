"""E-mails printed from a webmail, read from their text as a reader of the page would."""

from archive.dates import PartialDate
from archive.letter.meta import extract_metadata

# As Gmail prints a message: the account it was printed from on top (here the addressee), the
# subject, then the sender as a name with its address and no label, the date, the To: line.
GMAIL = """\
Gmail
Ana Souza <ana.souza@example.org>
Request for the audit of the Cerrado soy suppliers
1 message
Jonas Berg <jonas.berg@forestwatch.example>
Wed, Jun 9, 2021 at 10:05 AM
To: Ana Souza <ana.souza@example.org>
Cc: Lena Holm <lena.holm@forestwatch.example>
Dear Ana,
Thank you for the call on June 2. We would like to know whether the audit of your soy suppliers
in the Cerrado will be published before the shareholder meeting on July 14, as you told us.
Best,
Jonas
--
Jonas Berg
Campaigner | Forest Watch
https://mail.google.com/mail/u/0/?ik=1a2b&view=pt&search=all
1/1
6/10/21, 8:14 AM"""


def test_a_gmail_printout_is_an_email_from_the_name_over_its_date():
    meta = extract_metadata([GMAIL])
    assert meta.kind == "email" and meta.kind_conf >= 0.9
    # The signature's organisation may join him; the closing and the site's name never do.
    assert meta.senders[0] == "Jonas Berg" and set(meta.senders) <= {"Jonas Berg", "Forest Watch"}
    assert meta.recipients == ["Ana Souza"]
    assert meta.date == PartialDate(2021, 6, 9)
    assert meta.title == "Request for the audit of the Cerrado soy suppliers"


def test_a_name_and_address_not_over_a_to_line_is_no_sender():
    """The account line alone (a page printed without its message header) names nobody as sender."""
    text = GMAIL.replace("To: Ana Souza <ana.souza@example.org>\n", "")
    meta = extract_metadata([text])
    assert "Ana Souza" not in meta.senders and "Gmail" not in meta.recipients


INFORMAL = """\
Forest Watch
12 May 2021

Dear Ms Souza,

We would like to know whether the audit of your soy suppliers in the Cerrado will be published
before the shareholder meeting on 14 July, as you told us on the phone last week.

{closing}

Jonas Berg
Campaigner, Forest Watch"""


def test_an_informal_closing_ends_the_letter_and_names_nobody():
    for closing in ("Best,", "Best wishes,", "Many thanks,", "Thank you,", "Un abrazo,", "Amitiés,"):
        meta = extract_metadata([INFORMAL.format(closing=closing)])
        assert meta.senders == ["Forest Watch", "Jonas Berg"], closing
