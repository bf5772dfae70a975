"""A four-page open letter of several rights groups to a company, made with PyMuPDF for tests: it
reports an investor's commitment in its own words, quotes the company's June 2020 statement in
quotation marks, and runs sentences across page breaks (with page numbers between)."""
from pathlib import Path

from tests.conftest import make_pdf

SENDERS = ["Access Now", "Amnesty International", "Privacy International"]
RECIPIENT = "NSO Group"

PAGES = [
    "Access Now, Amnesty International, Privacy International\n\n27 April 2021\n\n"
    "Mr. Chaim Gelfand\nVice-President, Compliance\nNSO Group\n\n"
    "Re: NSO Group continues to fail in human rights compliance\n\n"
    "Dear Mr. Gelfand,\n\n"
    "We write to follow up on our correspondence about the human rights due diligence of\n"
    "NSO Group. Your company has cited the need to protect its customers or to protect legitimate\n\n1",
    "2\n\ncommercial confidentiality as reasons for declining to publish its assessments.\n\n"
    "Novalpina Capital undertook to publish the Human Rights Impact Assessment (HRIA) of\n"
    "NSO Group during the acquisition process. No such assessment has been published.\n\n2",
    "3\n\nIn June 2020 NSO Group wrote to the UN Special Rapporteur, David Kaye. The letter said\n"
    "that “absent customer cooperation, [NSO is] limited to reviewing available metadata,\n\n3",
    "4\n\nwhich fails to provide detailed insights into any misuse.”\n\n"
    "We ask you to publish the assessment and to describe your oversight.\n\n"
    "Yours sincerely,\n\nAccess Now\nAmnesty International\nPrivacy International\n\n4",
]

NOVALPINA = "Novalpina Capital undertook to publish the Human Rights Impact Assessment (HRIA) of NSO Group"
NSO_2020 = ("absent customer cooperation, [NSO is] limited to reviewing available metadata, which fails to "
            "provide detailed insights into any misuse")
CONFIDENTIALITY = "or to protect legitimate commercial confidentiality"

CEO_2019 = ("NSO Group\n\nHerzliya, 14 March 2019\n\nAccess Now\n\nDear colleagues,\n\n"
            "Our products are used only for the investigation of serious crime and terrorism, and we\n"
            "review every report of misuse in detail.\n\nYours sincerely,\n\nShalev Hulio\nChief Executive Officer")
CEO_CLAIM = "we review every report of misuse in detail"


def ingest_letters(archive, folder: Path) -> dict[str, str]:
    """Ingest the rights groups' letter (its senders and recipient set) and the 2019 company letter."""
    from app.ingest import ingest
    from app.library import edit_doc
    letter = make_pdf(folder / "rights-groups-2021.pdf", PAGES)
    ceo = make_pdf(folder / "nso-2019.pdf", [CEO_2019])
    report = ingest(archive, [letter, ceo], ocr=False)
    ids = {Path(a["file"]).stem: a["id"] for a in report.added}
    edit_doc(archive, ids["rights-groups-2021"], title="NSO Group continues to fail in human rights compliance",
             date="2021-04-27", senders=SENDERS, recipients=[RECIPIENT], kind="letter")
    edit_doc(archive, ids["nso-2019"], title="Letter to Access Now", date="2019-03-14", senders=["NSO Group"],
             recipients=["Access Now"], kind="letter")
    return {"letter": ids["rights-groups-2021"], "ceo": ids["nso-2019"]}
