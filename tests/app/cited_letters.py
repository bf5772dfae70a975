"""Three letters for checking quotations against the document they cite: 006 and 007 (Northgate Telecom) both
hold PROMISE, word for word; 012 (Ligue des droits de l'Homme) does not."""

from app.ingest import ingest
from app.library import edit_doc
from tests.conftest import make_pdf

PROMISE = "We will publish the full audit of our supply chain before the end of June 2013."
FIRST = f"""Northgate Telecom
Oslo, 14 January 2013

Dear colleagues,

Thank you for your letter about our suppliers. {PROMISE}

Kind regards,

Per Olsen"""
# A year later the same promise, word for word, in a letter that also apologises for the delay.
SECOND = f"""Northgate Telecom
Oslo, 20 March 2014

Dear colleagues,

We regret that the audit is late. As we wrote last year: {PROMISE}

Kind regards,

Per Olsen"""
OTHER = """Ligue des droits de l'Homme
Paris, 8 January 2004

Madame, Monsieur,

Nous vous demandons de rendre publics les contrats conclus avec vos fournisseurs.

Veuillez agréer nos salutations distinguées."""


def add_letters(archive, folder) -> dict[str, str]:
    """Ingest the three letters (PDFs made in folder) through the app; their ids by title."""
    made = {"006": (FIRST, "14 January 2013", "Northgate Telecom"),
            "007": (SECOND, "20 March 2014", "Northgate Telecom"),
            "012": (OTHER, "8 January 2004", "Ligue des droits de l'Homme")}
    paths = [make_pdf(folder / f"{name}.pdf", [text]) for name, (text, _, _) in made.items()]
    report = ingest(archive, paths, ocr=False)
    ids = {}
    for added in report.added:
        name = added["file"].rsplit("/", 1)[-1][:3]
        _, date, sender = made[name]
        # Set as a person would confirm them, so the tests do not depend on reading the letterhead.
        edit_doc(archive, added["id"], title=name, date=date, senders=[sender])
        ids[name] = added["id"]
    assert set(ids) == {"006", "007", "012"}
    return ids
