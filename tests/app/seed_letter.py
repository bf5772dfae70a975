"""An open letter of rights groups to a company ending with an appendix of nine undertakings, each followed by
a paragraph of questions, and two statements of the company that cannot both be true; and the company's reply
answering two of the questions. Both made with PyMuPDF for tests."""
from pathlib import Path

from tests.conftest import make_pdf

SENDERS = ["Access Now", "Amnesty International", "Privacy International"]
TITLE = "NSO Group continues to fail in human rights compliance"
REPLY_TITLE = "Reply to the open letter"
BOTH = ("NSO Group", "Novalpina Capital")

# (undertaking, who made it, the paragraph of questions about it)
UNDERTAKINGS = [
    ("publish the human rights impact assessment of NSO Group", BOTH,
     "Will the public be provided a copy of the HRIA? How often? What is the external reporting plan?"),
    ("adopt a human rights policy aligned with the UN Guiding Principles", BOTH,
     "Has the policy been adopted by the board? Does it bind every client?"),
    ("set up a grievance mechanism open to anyone affected", ("NSO Group",),
     "Who may use the grievance mechanism? How many complaints has it received?"),
    ("review every credible report of misuse of its products", ("NSO Group",),
     "How many reports were reviewed in 2020? What happened to the clients concerned?"),
    ("suspend clients found to have misused its products", ("NSO Group",),
     "How many clients have been suspended? Were any contracts ended?"),
    ("appoint an independent human rights adviser to the board", ("Novalpina Capital",),
     "Who was appointed? Does the adviser report to the board directly?"),
    ("disclose the countries where its products are sold", BOTH,
     "Which countries are clients based in? Will the list be updated each year?"),
    ("train its staff on human rights due diligence", ("NSO Group",),
     "How many staff have been trained? Who provides the training?"),
    ("engage with civil society on its due diligence", BOTH,
     "Which organisations have been consulted? Will the outcomes be published?"),
]
MONITORS = "NSO Group monitors how its clients use its products"
NO_INSIGHT = ("absent customer cooperation, NSO is limited to reviewing available metadata, which fails to provide "
              "detailed insights into any misuse")
CLAIM_QUESTIONS = "How can NSO Group monitor its clients without insight into their use? Which statement is true?"


_CUT = NO_INSIGHT.rfind(" ", 0, 62)     # the statement runs over two lines


def _item(n: int) -> str:
    words, who, asks = UNDERTAKINGS[n]
    return f"{n + 1}. Undertaking of {' and '.join(who)}: to {words}.\nQuestions: {asks}\n\n"


PAGES = [
    ", ".join(SENDERS) + "\n\n27 April 2021\n\nMr. Chaim Gelfand\nVice-President, Compliance\nNSO Group\n\n"
    f"Re: {TITLE}\n\nDear Mr. Gelfand,\n\n"
    "We write about the human rights commitments of NSO Group and of its owner Novalpina Capital.\n\n"
    "In its 2019 statement to investors the company said that\n"
    f"{MONITORS}.\n"
    "Yet in June 2020 it wrote to the UN Special Rapporteur that\n"
    f"{NO_INSIGHT[:_CUT]}\n{NO_INSIGHT[_CUT + 1:]}.\n\n"
    f"{CLAIM_QUESTIONS}\n\n"
    "The appendix sets out each undertaking and our questions about it.\n\n1",
    "Appendix: Undertakings of NSO Group and Novalpina Capital\n\n" + "".join(_item(n) for n in range(5)) + "2",
    "".join(_item(n) for n in range(5, 9)) + "Yours sincerely,\n\n" + "\n".join(SENDERS) + "\n\n3",
]

ANSWER_HOW_OFTEN = "A summary of the assessment will be published each year."
ANSWER_WHO_MAY = "The grievance mechanism is open to anyone affected by our products."
REPLY = ("NSO Group\n\n10 June 2021\n\nAccess Now\n\nDear colleagues,\n\n"
         f"Thank you for your letter. {ANSWER_HOW_OFTEN}\n{ANSWER_WHO_MAY}\n\n"
         "Yours sincerely,\n\nChaim Gelfand\nNSO Group")


def make_letter(folder: Path) -> Path:
    return make_pdf(folder / "open-letter-2021.pdf", PAGES, fontsize=10)


def make_reply(folder: Path) -> Path:
    return make_pdf(folder / "nso-reply-2021.pdf", [REPLY])


def split_questions(paragraph: str) -> list[str]:
    return [q.strip() + "?" for q in paragraph.split("?") if q.strip()]


def seed_archive(archive, folder: Path, undertakings: int = 3) -> dict:
    """The open letter ingested with its first undertakings tagged (thread "Appendix") and their questions,
    through the app's functions: {"letter", "undertakings": [ids], "questions": [[ids] per undertaking]}."""
    from app import passages, questions
    from app.ingest import ingest
    from app.library import edit_doc
    report = ingest(archive, [make_letter(folder)], ocr=False)
    doc = report.added[0]["id"]
    edit_doc(archive, doc, title=TITLE, date="2021-04-27", senders=SENDERS, recipients=["NSO Group"], kind="letter")
    made = {"letter": doc, "undertakings": [], "questions": []}
    for words, who, asks in UNDERTAKINGS[:undertakings]:
        c = passages.tag(archive, doc, words, "commitment", by=list(who), on="2019-02", threads=["Appendix"])
        made["undertakings"].append(c["id"])
        made["questions"].append([q["id"] for q in questions.tag_questions(archive, doc, asks, about=[c["id"]])])
    return made


def add_reply(archive, folder: Path) -> dict:
    """NSO's reply ingested, with its two answers tagged as claims: {"reply", "how_often", "who_may"}."""
    from app import passages
    from app.ingest import ingest
    from app.library import edit_doc
    doc = ingest(archive, [make_reply(folder)], ocr=False).added[0]["id"]
    edit_doc(archive, doc, title=REPLY_TITLE, date="2021-06-10", senders=["NSO Group"], recipients=["Access Now"])
    return {"reply": doc, "how_often": passages.tag(archive, doc, ANSWER_HOW_OFTEN, "claim")["id"],
            "who_may": passages.tag(archive, doc, ANSWER_WHO_MAY, "claim")["id"]}
