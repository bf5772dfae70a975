"""Metadata guessed from realistic letters, memos, emails and statements, and robustness on junk."""

import pymupdf
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.dates import PartialDate
from archive.letter.meta import CONFIRM_BELOW, LetterMeta, _extract, detect_language, extract_metadata

COALITION = """\
27 April 2021

Mr. David Kaye
UN Special Rapporteur on Freedom of Expression
Office of the High Commissioner for Human Rights
Palais des Nations
CH-1211 Geneva 10
Switzerland

Re: Request for an investigation into the sale of surveillance technology

Dear Mr. Kaye,

We, the undersigned civil society organisations, write to urge you to investigate the sale of
targeted surveillance technology to governments with records of abusing human rights. Since our
letter of 3 March 2020, at least 14 journalists have been targeted in the region.

We request a meeting before 30 June 2021 to discuss these concerns.

Sincerely,

Access Now
Amnesty International
ARTICLE 19
Digital Rights Foundation
Electronic Frontier Foundation
Privacy International
R3D: Red en Defensa de los Derechos Digitales
SMEX
7amleh
"""

COMPANY_REPLY = """\
NSO GROUP TECHNOLOGIES LTD.
22 Galgalei Haplada Street, Herzliya 4672222, Israel

May 12, 2021

Ms. Natalia Gelfand and Mr. Peter Micek
c/o Access Now

Dear Ms. Gelfand and Mr. Micek,

Thank you for your letter of April 27, 2021. We take the concerns raised seriously and have
reviewed our human rights policy, which was published on 10 September 2019.

We remain committed to engaging with civil society.

Sincerely,

Shalev Hulio
Chief Executive Officer
NSO Group Technologies Ltd.
"""

MEMO = """\
MEMORANDUM

To: Board of Directors
From: Jane Doe, Policy Director
Date: 4 March 2021
Re: Follow-up on the company's commitments

The company committed on 12 February 2021 to publish a transparency report.
"""

EMAIL = """\
Maria Lopez
From: Peter Smith <peter.smith@example.org>
Sent: Tuesday, April 27, 2021 10:14 AM
To: Maria Lopez <maria@rights.example>; Legal Team <legal@rights.example>
Subject: RE: Meeting on the export licence

Hi Maria,

Thanks for the notes from 20 April 2021. See you next week.

Peter
"""

SPANISH = """\
Fundación Karisma

Bogotá, 27 de abril de 2021

Señor
Juan Pérez
Ministro de Tecnologías de la Información
Ministerio de Tecnologías de la Información y las Comunicaciones

Asunto: Solicitud de información sobre contratos de vigilancia

Estimado Sr. Pérez:

Por medio de la presente, nos dirigimos a usted para solicitar información sobre los contratos
firmados por el ministerio con empresas de vigilancia. La ley de transparencia establece que
las entidades públicas deben responder en un plazo de quince días.

Atentamente,

Carolina Botero
Directora
Fundación Karisma
"""

FRENCH = """\
La Quadrature du Net
60 rue des Orteaux, 75020 Paris

Paris, le 27 avril 2021

Madame la Ministre,

Nous vous écrivons au sujet du projet de loi relatif à la surveillance. Les associations
signataires de cette lettre demandent que le texte soit retiré et que la société civile soit
consultée avant toute nouvelle proposition.

Veuillez agréer, Madame la Ministre, l'expression de nos salutations
distinguées.

Ligue des droits de l'Homme
La Quadrature du Net
Reporters sans frontières
"""

BODY_DATES = """\
Human Rights Watch

15 January 2022

Dear Ms. Vestager,

On 3 March 2020 we raised concerns; on 14 July 2021 you replied that the Commission would
act by 1 December 2021. As of today nothing has changed.

Yours sincerely,

Jane Roe
Senior Researcher
Human Rights Watch
"""

NO_DATE = """\
Dear Colleagues,

We are writing to share our concerns about the upcoming vote and to ask for your support.

Kind regards,

Open Rights Group
"""

STATEMENT = """\
JOINT STATEMENT
Civil society calls for a moratorium on the sale of spyware

We, the undersigned organisations, call on governments to stop the sale of spyware until
human rights safeguards are in place. This statement was first published on 2 August 2021.

Signatories:
Access Now
Amnesty International
Paradigm Initiative
"""

TITLED_SIGNATORIES = """\
1 March 2022

Dear Shalev Hulio and Stephen Peel,

We write regarding your company's sale of spyware.

Sincerely,

Jane Doe
Executive Director
Access Now

Agnès Callamard
Secretary General
Amnesty International

Ron Deibert
Director, Citizen Lab
"""


MANDATE_HOLDER = """\
Special Rapporteur on the right to privacy
Office of the United Nations High Commissioner for Human Rights · Palais des Nations · CH-1211 Geneva 10
Geneva, 22 July 2019
Ms Marta Kessler
Chief Executive Officer
Veridian Signals Ltd
40 Wharf Street, Bristol BS1 4RN
United Kingdom
Ref.: AL OTH 14/2019
Dear Ms Kessler,
I have the honour to address you in my capacity as Special Rapporteur on the right to privacy,
pursuant to the mandate entrusted to me by the Human Rights Council. I would appreciate a response
within 60 days, and in any case before 22 September 2019.
Please accept the assurances of my highest consideration.
Professor Amara Lindqvist
Special Rapporteur on the right to privacy
"""

UK_LAYOUT = """\
Open Rights Watch
12 Carrow Lane, London N1 4QT, United Kingdom · www.openrightswatch.example

Mr Jonah Pryce
Partner
Harbourline Capital LLP
7 Mercer Court, London EC2V 6AN

London, Brussels and Mexico City, 8 March 2022

Dear Mr Pryce,

We write to take stock of the commitments made since 2019.

Yours sincerely,

Helen Marsh, Executive Director, Open Rights Watch
Tomas Verbeek, Director, Privacy Frontline
"""

TWO_COLUMN_MEMO = """\
Veridian Signals Ltd
INTERNAL AND CONFIDENTIAL · NOT FOR DISTRIBUTION
MEMORANDUM
To:
Marta Kessler, Chief Executive Officer; Board of Directors
From:
Daniel Okafor, Head of Corporate Affairs
Date:
3 February 2020
Re:
SignalSight assessment and the Open Rights Watch letter of 15 January
This note sets out where we stand on the three commitments made in April.
"""


def _pdf_page_texts(text: str, tmp_path) -> list[str]:
    """The text as PyMuPDF reads it back from a real PDF: one line per line, no blank lines."""
    doc = pymupdf.open()
    page = doc.new_page()
    y = 60
    for line in text.splitlines():
        if y > 780:
            page, y = doc.new_page(), 60
        if line.strip():
            page.insert_text((50, y), line, fontsize=9)
        y += 13
    path = tmp_path / "letter.pdf"
    doc.save(path)
    with pymupdf.open(path) as reopened:
        return [p.get_text() for p in reopened]


def test_mandate_holder_letter_read_back_from_a_pdf(tmp_path):
    meta = extract_metadata(_pdf_page_texts(MANDATE_HOLDER, tmp_path))
    assert meta.date == PartialDate(2019, 7, 22) and meta.date_conf >= 0.9
    assert meta.senders == [
        "Special Rapporteur on the right to privacy",
        "Office of the United Nations High Commissioner for Human Rights",
        "Amara Lindqvist",
    ]
    assert meta.recipients == ["Veridian Signals Ltd", "Marta Kessler"]
    assert meta.title == "AL OTH 14/2019" and meta.title_conf < CONFIRM_BELOW  # a reference only: to confirm
    assert meta.kind == "letter" and meta.kind_conf >= 0.9


def test_addressee_before_the_date_and_places_before_it(tmp_path):
    for pages in ([UK_LAYOUT], _pdf_page_texts(UK_LAYOUT, tmp_path)):
        meta = extract_metadata(pages)
        assert meta.date == PartialDate(2022, 3, 8) and meta.date_conf >= 0.9
        assert meta.recipients == ["Harbourline Capital LLP", "Jonah Pryce"]
        assert meta.senders == ["Open Rights Watch", "Privacy Frontline", "Helen Marsh", "Tomas Verbeek"]


def test_memo_with_labels_above_values():
    meta = extract_metadata([TWO_COLUMN_MEMO])
    assert meta.kind == "memo"
    assert meta.senders == ["Daniel Okafor"]  # a memo is from its FROM line, not from the paper it is on
    assert meta.recipients == ["Board of Directors", "Marta Kessler"]
    assert meta.date == PartialDate(2020, 2, 3)
    assert meta.title == "SignalSight assessment and the Open Rights Watch letter of 15 January"


def test_coalition_letter_with_nine_signatories():
    meta = extract_metadata([COALITION], file_name="coalition_letter.pdf")
    assert meta.kind == "letter" and meta.kind_conf >= 0.9
    assert meta.date == PartialDate(2021, 4, 27) and meta.date_conf >= 0.9
    assert meta.title == "Request for an investigation into the sale of surveillance technology"
    assert meta.title_conf >= 0.9
    assert meta.senders == [
        "Access Now", "Amnesty International", "ARTICLE 19", "Digital Rights Foundation",
        "Electronic Frontier Foundation", "Privacy International",
        "R3D: Red en Defensa de los Derechos Digitales", "SMEX", "7amleh",
    ]  # fmt: skip
    assert meta.senders_conf >= CONFIRM_BELOW
    assert meta.recipients == ["Office of the High Commissioner for Human Rights", "David Kaye"]
    assert meta.recipients_conf >= CONFIRM_BELOW
    assert meta.language == "en"


def test_signatories_split_over_pages_are_all_found():
    head, _, tail = COALITION.partition("Privacy International")
    meta = extract_metadata([head, "Privacy International" + tail, ""])
    assert len(meta.senders) == 9 and meta.senders[-1] == "7amleh"


def test_company_reply_signed_by_ceo():
    meta = extract_metadata([COMPANY_REPLY])
    assert meta.date == PartialDate(2021, 5, 12) and meta.date_conf >= 0.9
    assert meta.senders == ["NSO Group Technologies Ltd.", "Shalev Hulio"]
    assert "Chief Executive Officer" not in meta.senders
    assert meta.senders_conf >= 0.9  # letterhead and signature agree
    assert meta.recipients == ["Access Now", "Natalia Gelfand", "Peter Micek"]
    assert meta.recipients_conf >= 0.85  # the salutation names the same people


def test_memo_headers():
    meta = extract_metadata([MEMO], file_name="memo.pdf")
    assert (meta.kind, meta.kind_conf) == ("memo", 0.9)
    assert meta.senders == ["Jane Doe"]
    assert meta.recipients == ["Board of Directors"]
    assert meta.date == PartialDate(2021, 3, 4) and meta.date_conf >= 0.9
    assert meta.title == "Follow-up on the company's commitments"


def test_email_printout():
    meta = extract_metadata([EMAIL])
    assert meta.kind == "email" and meta.kind_conf >= 0.9
    assert meta.senders == ["Peter Smith"]
    assert meta.recipients == ["Maria Lopez", "Legal Team"]
    assert meta.date == PartialDate(2021, 4, 27)
    assert meta.title == "Meeting on the export licence"


def test_spanish_letter():
    meta = extract_metadata([SPANISH])
    assert meta.language == "es"
    assert meta.kind == "letter" and meta.kind_conf >= 0.9
    assert meta.date == PartialDate(2021, 4, 27) and meta.date_conf >= 0.9
    assert meta.title == "Solicitud de información sobre contratos de vigilancia"
    assert meta.senders == ["Fundación Karisma", "Carolina Botero"]
    assert "Juan Pérez" in meta.recipients
    assert any(r.startswith("Ministerio de Tecnologías") for r in meta.recipients)



def test_spanish_letter_dated_month_first():
    """"Bogotá D.C., mayo 17 de 2017": the date line is the date, not part of the address."""
    letter = SPANISH.replace("Bogotá, 27 de abril de 2021", "Bogotá D.C., abril 27 de 2021")
    meta = extract_metadata([letter])
    assert meta.date == PartialDate(2021, 4, 27) and meta.date_conf >= 0.9
    assert "Juan Pérez" in meta.recipients
    assert not any("2021" in r or "Bogotá" in r for r in meta.recipients)


def test_signature_scribbles_and_the_place_and_date_under_a_signature_are_not_signatories():
    """What OCR reads in handwritten signatures ("ST", "NA", "NU INA", "Na") and the "Temuco, 11 de
    septiembre de 2007" under a signature name nobody."""
    body = ("Nous vous serions reconnaissants de bien vouloir répondre par écrit à chacun des points "
            "soulevés dans cette lettre ouverte.")
    unclosed = (f"FIDH\n\nParis, le 8 janvier 2004\n\nMonsieur le Président,\n\n{body}\n\n"
                "ST\nNA\nNU INA\nSidiki Kaba\nPrésident de la FIDH\n")
    meta = extract_metadata([unclosed])
    assert "Sidiki Kaba" in meta.senders
    assert not {"St", "Na", "Nu Ina", "ST", "NA", "NU INA"} & set(meta.senders)
    closed = (f"Consejo de Todas las Tierras\n\nTemuco, 11 de septiembre de 2007\n\nSeñor Presidente:\n\n"
              f"Le solicitamos que nos mantenga informados de las medidas que piensa adoptar en este asunto.\n\n"
              "Atentamente.\n\nNa\n\nAucán Huilcamán Paillama\nEnc. Relaciones Internacionales\n"
              "Consejo de Todas las Tierras\n- Temuco, 11 de septiembre de 2007\n")
    meta = extract_metadata([closed])
    assert "Aucán Huilcamán Paillama" in meta.senders and "Consejo de Todas las Tierras" in meta.senders
    assert not any(s in ("Na", "Temuco") or "Relaciones" in s or "2007" in s for s in meta.senders)
    # Acronyms and short names in a signature block stay.
    listed = f"Amnistía\n\nMadrid, 3 de marzo de 2020\n\nEstimada ministra:\n\n{body}\n\nAtentamente,\n\nHRW\nLDH\nLi Na\n"
    assert {"HRW", "LDH"} <= set(extract_metadata([listed]).senders)


def test_a_diplomatic_letter_names_its_addressee_below_the_signature():
    """A UN communication: "Excellency," and at the foot of the page, under the signature,
    "H.E. Mr. …" with the ambassador's titles."""
    letter = ("UNITED NATIONS\nOFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS\n\n"
              "Excellency,\n\nI have the honour to address you in my capacity as Special Rapporteur on "
              "adequate housing, concerning the demolition of homes reported to us this year.\n\n"
              "Please accept, Excellency, the assurances of my highest consideration.\n\n"
              "Raquel Rolnik\nSpecial Rapporteur on adequate housing\n\n"
              "H.E. Mr. Faysal Khabbaz Hamoui\nAmbassador Extraordinary and Plenipotentiary\n"
              "Permanent Representative of the Syrian Arab Republic to the United Nations Office at Geneva\n")
    meta = extract_metadata([letter])
    assert meta.recipients == ["Faysal Khabbaz Hamoui"]
    assert "Raquel Rolnik" in meta.senders and "Faysal Khabbaz Hamoui" not in meta.senders

def test_french_letter_with_multi_line_closing():
    meta = extract_metadata([FRENCH])
    assert meta.language == "fr"
    assert meta.date == PartialDate(2021, 4, 27) and meta.date_conf >= 0.9
    assert meta.senders == ["La Quadrature du Net", "Ligue des droits de l'Homme", "Reporters sans frontières"]
    assert meta.recipients == ["Madame la Ministre"] and meta.recipients_conf < CONFIRM_BELOW
    assert meta.kind == "letter"


def test_head_date_wins_over_dates_in_the_body():
    meta = extract_metadata([BODY_DATES])
    assert meta.date == PartialDate(2022, 1, 15) and meta.date_conf >= 0.9
    assert meta.senders == ["Human Rights Watch", "Jane Roe"]
    assert meta.recipients == ["Ms. Vestager"]


def test_body_date_only_is_low_confidence():
    body_only = BODY_DATES.replace("15 January 2022\n", "")
    meta = extract_metadata([body_only])
    assert meta.date == PartialDate(2020, 3, 3) and meta.date_conf < CONFIRM_BELOW


def test_letter_without_date_falls_back_to_pdf_metadata_then_nothing():
    meta = extract_metadata([NO_DATE], {"creationDate": "D:20210427101500+02'00'"}, "2021_vote-letter.pdf")
    assert meta.date == PartialDate(2021, 4, 27) and meta.date_conf < 0.5
    assert meta.recipients == []  # "Dear Colleagues" names nobody
    assert meta.senders == ["Open Rights Group"]
    assert (meta.title, meta.title_conf) == ("2021 vote letter", 0.3)
    bare = extract_metadata([NO_DATE])
    assert bare.date is None and bare.date_conf == 0.0


def test_title_from_pdf_metadata_only_when_it_looks_real_and_the_letter_bears_it():
    shown = "Our concerns about the upcoming vote\n" + NO_DATE
    assert extract_metadata([shown], {"title": "Concerns about the upcoming vote"}).title == \
        "Concerns about the upcoming vote"
    # A working name the letter itself does not show is no title: the file name is.
    assert extract_metadata([NO_DATE], {"title": "Letter to Zoom"}, "vote_letter.pdf").title == "vote letter"
    fake = extract_metadata([NO_DATE], {"title": "Microsoft Word - letter_v3.docx"}, "vote_letter.pdf")
    assert fake.title == "vote letter"


def test_statement_heading_and_signatories():
    meta = extract_metadata([STATEMENT])
    assert meta.kind == "statement"
    assert meta.title == "Civil society calls for a moratorium on the sale of spyware"
    assert meta.senders == ["Access Now", "Amnesty International", "Paradigm Initiative"]
    assert meta.date == PartialDate(2021, 8, 2) and meta.date_conf < CONFIRM_BELOW


def test_name_title_organisation_blocks():
    meta = extract_metadata([TITLED_SIGNATORIES])
    assert meta.senders == [
        "Access Now", "Amnesty International", "Citizen Lab", "Jane Doe", "Agnès Callamard", "Ron Deibert",
    ]  # fmt: skip
    assert meta.recipients == ["Shalev Hulio", "Stephen Peel"]


def test_report_by_headings_and_length():
    pages = ["Annual Transparency Report 2021\nExecutive Summary\nThe year in numbers."]
    pages += [f"{i}. Findings\nText of section {i}." for i in range(2, 8)] + ["Recommendations\nPublish more."]
    meta = extract_metadata(pages)
    assert meta.kind == "report" and meta.kind_conf >= 0.6
    assert meta.title == "Annual Transparency Report 2021"


def test_detect_language():
    assert detect_language(COALITION) == "en"
    assert detect_language(SPANISH) == "es"
    assert detect_language(FRENCH) == "fr"
    assert detect_language("Η επιστολή αυτή αφορά την παρακολούθηση των δημοσιογράφων.") == "other"
    assert detect_language("这封信是关于对记者的监视。") == "other"
    assert detect_language("Hello") == "other"
    assert detect_language("") == "other"


def test_empty_and_garbage_give_low_confidence_defaults():
    for pages in ([], [""], ["\x00\x01\x02"], ["\ud800\udfff" * 50], None, "not a list", [None, 3]):
        meta = extract_metadata(pages)  # type: ignore[arg-type]
        assert isinstance(meta, LetterMeta)
        assert meta.date is None and meta.senders == [] and meta.recipients == []
        assert meta.kind_conf < CONFIRM_BELOW and meta.title_conf < CONFIRM_BELOW


_wild_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=400)
_letterish = st.lists(
    st.sampled_from(
        [
            "Dear Mr. Smith,", "Sincerely,", "Re: ", "From: a@b.c", "To: X", "Sent: ", "27 April 2021",
            "Access Now", "Executive Director", "\n", "\n\n", ", ", "Madame, Monsieur,", "Veuillez agréer",
            "12/31/2020", "MEMORANDUM", "Joint statement", "le 1er mai 2021", "Estimado Sr. :", "\x0c", "\ud800",
        ]
    )
    | _wild_text,
    max_size=30,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_letterish | _wild_text, max_size=4), st.dictionaries(_wild_text, _wild_text | st.none()), _wild_text)
def test_extract_never_raises(pages, pdf_meta, file_name):
    # The guarded public function would hide bugs, so the unguarded core is exercised directly.
    meta = _extract(pages, pdf_meta, file_name)
    for conf in (meta.title_conf, meta.date_conf, meta.senders_conf, meta.recipients_conf, meta.kind_conf):
        assert 0.0 <= conf <= 1.0
    assert meta.kind in {"letter", "memo", "report", "statement", "email"}
    assert meta.language in {"en", "es", "fr", "other"}
    assert extract_metadata(pages, pdf_meta, file_name) == meta


def test_document_language_is_that_of_its_pages_joined():
    from archive.letter.meta import detect_document_language
    cases = [
        [], [""], [COALITION], ["Hola", SPANISH], ["", "", FRENCH, COALITION],
        ["x " * 1990, SPANISH * 5],          # the sample ends a few letters into the second page
        [SPANISH * 10, COALITION * 10],      # the first page fills the sample
        ["the and of to " * 200, "", "y el los las del " * 300],
        ["ΟΔΟΣ ΑΘΗΝΑΣ", "Σ", "Η επιστολή αυτή αφορά την παρακολούθηση."],
    ]
    for pages in cases:
        assert detect_document_language(pages) == detect_language("\n".join(pages)), pages
    assert detect_document_language(["Hola", SPANISH]) == "es"      # not the first page's alone
    assert detect_document_language(["x " * 1990, SPANISH * 5]) == "other"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="the and of los las del et les ΣΟς x\n.", max_size=3000), max_size=4))
def test_document_language_matches_the_joined_text(pages):
    from archive.letter.meta import detect_document_language
    assert detect_document_language(pages) == detect_language("\n".join(pages))


@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=60)
       | st.text(alphabet="ab é_9²½ .,;:!?()\"'“”‘’-\n\x1c\xa0中", max_size=60))
def test_words_are_the_runs_of_letters(text):
    import re

    from archive.letter.dates import _words
    assert _words(text) == re.findall(r"[^\W\d_]+", text)


def test_post_nominals_are_dropped_as_the_pattern_drops_them():
    from archive.letter.names import _POST_NOMINALS, _without_post_nominals
    for text in ["Yvette Cooper MP", "Jane Doe, Jr.", "A B MP\n", "A B MP\n\n", "A B Ph.D.", "A B PhD", "X MEP",
                 "X, Esq", "MP", "A MPs", "Juan Pérez Sr.\n", "A B,MP", "Q QC KC", "Amnesty International",
                 "Director, Open Rights", "Ms Amara Lindqvist OBE", ""]:
        assert _without_post_nominals(text) == _POST_NOMINALS.sub("", text), text
    assert _without_post_nominals("Yvette Cooper MP") == "Yvette Cooper"


def test_ocr_specks_beside_a_short_capital_word_are_not_a_name():
    # A logo or a stain on a scan reads as "\ OO"; a real name beside a speck stays a name.
    from archive.letter.names import _classify
    assert _classify("\\ OO") == "unknown" and _classify("| EU") == "unknown"
    assert _classify("Amnesty International _") == "org" and _classify("EFF") == "org"
    assert _classify("Rachel Owen") == "person"


def test_a_signature_scribble_read_by_ocr_is_not_a_signatory():
    from archive.letter.meta import extract_metadata
    text = ("14 Cotham Grove\nBristol\nBS6 6AN\n\n15/03/2016\n\nMr Stuart Gulliver\nHSBC Holdings plc\n\n"
            "Dear Mr Gulliver,\n\nWe ask you to publish the revised policy before the AGM.\n\n"
            "Yours sincerely,\n\n\\ OO\n\nRachel Owen\n")
    meta = extract_metadata([text], {}, "letter.pdf")
    assert meta.senders == ["Rachel Owen"]


OPEN_LETTER_TO_A_PRESIDENT = """\
Ligue des droits de l'Homme
FIDH
Fédération internationale des ligues des droits de l'Homme
Paris, le 8 janvier 2004
Lettre ouverte à Monsieur Jacques CHIRAC, Président de la République française
Monsieur le Président,
Vous avez été informé à plusieurs reprises des faits décrits ci-dessous. Les informations disponibles
révèlent des risques graves pour les personnes concernées, et aucune réponse n'a été apportée.
Nous vous prions d'agréer, Monsieur le Président, l'expression de notre haute considération.
Michel Tubiana
Président de la LDH
"""


def test_an_open_letter_heading_naming_a_president_is_the_title_and_names_the_addressee():
    # The heading names a person and a title, which alone would make it no heading; the greeting
    # names only the title, so the heading says who is addressed.
    meta = extract_metadata([OPEN_LETTER_TO_A_PRESIDENT], {}, "012.pdf")
    assert meta.title == "Lettre ouverte à Monsieur Jacques CHIRAC, Président de la République française"
    assert meta.recipients == ["Jacques CHIRAC"]
    assert meta.kind == "letter"


URGENT_ACTION = """\
Consejo de Todas las Tierras
Aukiñ Wallmapu Ngulam
- Temuco, Wallmapu - Chile
Acción urgente ante presidente Evo Morales
Acción urgente de las organizaciones firmantes ante la situación que se describe a continuación, y
tomamos nota del papel desempeñado por la Declaración de Naciones Unidas en este asunto concreto.
Un compromiso público, con plazos claros, contribuiría a recuperar la confianza de las comunidades.
- Temuco, 11 de septiembre de 2007
"""


def test_an_urgent_action_after_a_letterhead_is_a_statement_titled_by_its_heading():
    # The letterhead's place line looks like a heading too; the heading that says what the
    # document is wins, and an appeal to nobody in particular has no addressee.
    meta = extract_metadata([URGENT_ACTION], {}, "035.pdf")
    assert meta.title == "Acción urgente ante presidente Evo Morales"
    assert meta.kind == "statement"
    assert meta.recipients == []


def test_the_first_heading_like_line_is_the_title_when_no_genre_heading_follows():
    text = URGENT_ACTION.replace("- Temuco, Wallmapu - Chile\n", "").replace(
        "Acción urgente ante presidente Evo Morales", "Derechos Territoriales del Pueblo Mapuche").replace(
        "Acción urgente de las", "Las")
    meta = extract_metadata([text], {}, "035.pdf")
    assert meta.title == "Derechos Territoriales del Pueblo Mapuche"


def test_a_legal_form_after_a_comma_stays_with_the_company_when_a_letter_is_read():
    # The same endings the draft's address block keeps ("Co., Ltd.", "Pty. Ltd.", "Jr."), in any case.
    from archive.letter.names import _split_parts
    assert _split_parts("Samsung Electronics Co., Ltd.") == ["Samsung Electronics Co., Ltd."]
    assert _split_parts("BHP Group, Pty. Ltd., Melbourne") == ["BHP Group, Pty. Ltd.", "Melbourne"]
    assert _split_parts("Martin Luther King, Jr., Director") == ["Martin Luther King, Jr.", "Director"]
    text = ("12 May 2021\n\nMr. Jong-Hee Han\nVice Chairman and CEO\nSamsung Electronics Co., Ltd.\n"
            "129 Samsung-ro, Suwon\n\nDear Mr. Han,\n\nWe write about the audit of your suppliers and ask "
            "you to publish its findings before the end of the year.\n\nSincerely,\n\nJane Doe\nDirector\n"
            "Electronics Watch\n")
    meta = extract_metadata([text], {}, "letter.pdf")
    assert "Samsung Electronics Co., Ltd." in meta.recipients


def test_a_browser_print_stamp_does_not_date_an_undated_letter():
    # A printed web page carries the day it was printed; the letter itself has no date.
    text = ("APC\nAn open letter to Mark Zuckerberg\nDear Mark Zuckerberg:\nWe ask that you keep us informed "
            "of the steps you intend to take.\nSigned,\nAccess Now\nARTICLE 19\n11/16/2018, 10:22 AM\n"
            "An open letter to Mark Zuckerberg\nhttps://www.apc.org/en/pubs/open-letter-mark-zuckerberg\n1/2\n")
    meta = extract_metadata([text], {"creator": "Chrome", "producer": "Chrome",
                                     "creationDate": "D:20181116101200+01'00'"}, "040.pdf")
    assert meta.date is None
    # The same PDF's date still dates a letter a word processor made, as the last resort.
    meta = extract_metadata([text.replace("11/16/2018, 10:22 AM\n", "")],
                            {"creator": "Microsoft Word", "creationDate": "D:20181116101200+01'00'"}, "040.pdf")
    assert meta.date is not None and meta.date.iso() == "2018-11-16" and meta.date_conf < 0.5


def test_a_postscript_or_a_copy_line_ends_the_signatures():
    text = ("3 May 2021\n\nMs. Ana Ruiz\nMinera Andina\nSantiago\n\nDear Ms. Ruiz,\n\nWe ask you to publish the "
            "audit of your suppliers before the end of the year.\n\nYours sincerely,\n\nMaria Lopez\nDirector\n"
            "Fair Wage Network\n\n{}\n")
    for after in ("P.S. A copy of the testimonies is enclosed", "PS: We attach the testimonies",
                  "Copie : Monsieur Othman Jerandi", "c.c.p. Juan Pérez, Defensoría del Pueblo"):
        meta = extract_metadata([text.format(after)], {}, "letter.pdf")
        assert meta.senders == ["Fair Wage Network", "Maria Lopez"], (after, meta.senders)


def test_a_reference_label_alone_on_its_line_is_no_addressee():
    # The address block stands above the reference line, whose value is on the line below.
    text = ("Nestlé S.A.\nAvenue Nestlé 55\nCH-1800 Vevey\nSwitzerland\nCorporate Affairs\nResponsible Sourcing\n"
            "Tel. +41 21 924 21 11\nMs. Antonie Fountain\nManaging Director\nVOICE Network\nWilhelminastraat 11\n"
            "3581 TB Utrecht\nThe Netherlands\nOur ref:\nCA/RS/2021/044\nYour letter of:\n12 March 2021\n"
            "Vevey, 29 March 2021\n"
            "Dear Ms. Fountain,\nThank you for your letter of 12 March 2021 on behalf of the VOICE Network, and for "
            "sharing the findings of the report.\nYours sincerely,\nDarrell High\nNestlé S.A.\n")
    meta = extract_metadata([text], {}, "letter.pdf")
    assert not any(name.startswith("Our ref") for name in meta.recipients)
    assert "Antonie Fountain" in " ".join(meta.recipients)


def test_an_open_letter_label_before_a_headline_is_not_part_of_the_title():
    from archive.letter.title import _GENERIC_PREFIX
    assert _GENERIC_PREFIX.sub("", "Open letter: Canada must act on forced labour") == "Canada must act on forced labour"
    assert _GENERIC_PREFIX.sub("", "Carta abierta: Proteger a los defensores") == "Proteger a los defensores"


def test_stacked_honorifics_offices_and_orders_are_no_part_of_a_name():
    from archive.letter.names import _classify, _person_name, _without_post_nominals
    assert _person_name("Excma. Sra. Dña. Arancha González Laya") == "Arancha González Laya"
    assert _person_name("Son Excellence Monsieur Kaïs Saïed") == "Kaïs Saïed"
    assert _person_name("Doctor Iván Duque Márquez") == "Iván Duque Márquez"
    assert _person_name("Minister Svenja Schulze") == "Svenja Schulze"
    assert _classify("Minister Svenja Schulze") == "person" and _classify("Senator Elizabeth Warren") == "person"
    # An office with no name after it stays a title.
    for title in ("Secretary General", "Minister of Foreign Trade", "President and CEO", "Chief Executive Officer"):
        assert _classify(title) == "title", title
    assert _without_post_nominals("H.E. Uhuru Kenyatta, C.G.H.") == "H.E. Uhuru Kenyatta"
    assert _without_post_nominals("Minera Andina, S.A.") == "Minera Andina, S.A."   # a legal form stays


def test_german_and_dutch_streets_and_canadian_postcodes_are_addresses():
    from archive.letter.text import _is_address
    assert _is_address("Stresemannstraße 94") and _is_address("Wilhelminastraat 11")
    assert _is_address("Ottawa, Ontario K1A 0A6")
    assert not _is_address("Svenja Schulze") and not _is_address("Amnesty International")


def test_a_phone_number_has_seven_digits_and_a_name_with_fewer_is_no_address():
    from archive.letter.text import _is_address
    assert _is_address("Tél. : +32 2 250 12 30") and _is_address("(202) 612-4321") and _is_address("01 45 67 89 10")
    assert not _is_address("CNCD-11.11.11") and not _is_address("11.11.11")


def test_a_minister_addressed_by_office_and_name_in_a_window_envelope_block():
    text = ("Germanwatch e.V. · Kaiserstraße 201 · 53113 Bonn\n"
            "Bundesministerium für wirtschaftliche Zusammenarbeit und Entwicklung\nMinister Svenja Schulze\n"
            "Stresemannstraße 94\n10963 Berlin\n\n3 March 2022\n\nDear Minister Schulze,\n\nWe ask the ministry "
            "to publish its review of the supply chain law before the summer.\n\nYours sincerely,\n\nJane Doe\n"
            "Germanwatch\n\nYour Excellency,\n")
    meta = extract_metadata([text], {}, "letter.pdf")
    assert "Svenja Schulze" in meta.recipients
    assert not any("94" in name or "Minister Svenja" in name for name in meta.recipients)


def test_a_form_of_address_in_the_greeting_is_no_recipient():
    text = ("14 June 2018\n\nH.E. Uhuru Kenyatta, C.G.H.\nPresident of the Republic of Kenya\nP.O. Box 40530\n"
            "Nairobi, Kenya\n\n"
            "Your Excellency,\n\nWe write to ask that the report be published in full.\n\nYours faithfully,\n\n"
            "Jane Doe\nKenya Human Rights Commission\n")
    meta = extract_metadata([text], {}, "letter.pdf")
    assert meta.recipients == ["Uhuru Kenyatta"], meta.recipients


def test_a_ministers_portfolio_and_a_roles_department_run_on_over_commas():
    from archive.letter.names import _split_parts
    assert _split_parts("Minister of Foreign Trade, Export Promotion, Small Business and Economic Development") == [
        "Minister of Foreign Trade, Export Promotion, Small Business and Economic Development"]
    assert _split_parts("Ministra de Asuntos Exteriores, Unión Europea y Cooperación") == [
        "Ministra de Asuntos Exteriores, Unión Europea y Cooperación"]
    assert _split_parts("Researcher, Garments and Textiles") == ["Researcher, Garments and Textiles"]
    # An organisation after the title is still one.
    assert _split_parts("Minister of Foreign Affairs, Government of Canada") == [
        "Minister of Foreign Affairs", "Government of Canada"]
    assert _split_parts("Executive Director, Business and Human Rights Resource Centre") == [
        "Executive Director", "Business and Human Rights Resource Centre"]
    text = ("AMNISTÍA\nINTERNACIONAL\nMadrid, 12 de enero del 2021\nExcma. Sra. Dña. Arancha González Laya\n"
            "Ministra de Asuntos Exteriores, Unión Europea y Cooperación\nPlaza de la Provincia, 1\n28012 Madrid\n"
            "N/Ref.: ARM-2021-003\nAsunto: Exportaciones de material de defensa\nEstimada Ministra:\n"
            "Me dirijo a usted en nombre de Amnistía Internacional para expresarle nuestra preocupación.\n"
            "Atentamente,\nEsteban Beltrán\nDirector\nAmnistía Internacional España\n")
    meta = extract_metadata([text], {}, "carta.pdf")
    assert meta.recipients == ["Arancha González Laya"], meta.recipients
_REPLY_BODY = ("Thank you for your letter of 15 February 2022, in which you asked for our comments on the "
               "guidance that the ministry is preparing. We would welcome the opportunity to discuss it.")


def test_a_reference_row_dates_the_letter_under_date_not_under_your_letter_of():
    """A German-style reference row: the labels on one line, their values on the next; the date
    under "Your letter of" is the letter answered, the one under "Date" this letter's."""
    letter = ("Amnesty International\nZinnowitzer Str. 8, 10115 Berlin\n\n"
              "Federal Ministry for Economic Cooperation and Development\nMinister Svenja Schulze\n"
              "Stresemannstraße 94\n10963 Berlin\n\n"
              "Your letter of\nOur ref.\nExtension\nDate\n15.02.2022\nBC/ab-0217\n-312\n03.03.2022\n\n"
              f"Supply chain guidance\n\nDear Minister Schulze,\n\n{_REPLY_BODY}\n\n"
              "Yours sincerely,\n\nMarkus Beeko\nSecretary General\n")
    meta = extract_metadata([letter])
    assert meta.date == PartialDate(2022, 3, 3) and meta.date_conf >= 0.9
    # A name right above the labels is no label: the values still pair with the labels.
    meta = extract_metadata([letter.replace("Stresemannstraße 94\n10963 Berlin\n", "")])
    assert meta.date == PartialDate(2022, 3, 3) and meta.date_conf >= 0.9


def test_the_date_of_the_letter_answered_is_never_the_letters_date():
    head = ("Nestlé S.A.\nAvenue Nestlé 55\nCH-1800 Vevey\n\nMs. Antonie Fountain\nVOICE Network\n"
            "Wilhelminastraat 11\n3581 TB Utrecht\n\nOur ref:\nCA/RS/2021/044\n{cited}\n\n{own}\n\n")
    tail = f"Child labour monitoring\n\nDear Ms. Fountain,\n\n{_REPLY_BODY}\n\nYours sincerely,\n\nDarrell High\n"
    for cited, own, want in [
        ("Your letter of:\n12 March 2021", "Vevey, 29 March 2021", PartialDate(2021, 3, 29)),  # value below
        ("Your letter of: 12 March 2021", "Vevey, 29 March 2021", PartialDate(2021, 3, 29)),   # same line
        ("Your ref. VN/2021/7 of 12 March 2021", "29 March 2021", PartialDate(2021, 3, 29)),
        ("Ihr Schreiben vom 12.03.2021", "Datum: 29.03.2021", PartialDate(2021, 3, 29)),
        ("Ihre Nachricht vom\n12.03.2021", "Datum:\n29.03.2021", PartialDate(2021, 3, 29)),
        ("Su carta del: 3 de febrero de 2022", "Lima, 17 de febrero de 2022", PartialDate(2022, 2, 17)),
        ("Su escrito de fecha 3 de febrero de 2022", "17 de febrero de 2022", PartialDate(2022, 2, 17)),
        ("Votre lettre du 2 mars 2021", "Le : 20 mars 2021", PartialDate(2021, 3, 20)),
        ("Votre courrier du\n2 mars 2021", "Paris, le 20 mars 2021", PartialDate(2021, 3, 20)),
    ]:
        meta = extract_metadata([head.format(cited=cited, own=own) + tail])
        assert meta.date == want, (cited, own, meta.date)
    # With nothing else to go by, the date of the letter answered still does not date this one.
    meta = extract_metadata([head.format(cited="Your letter of 12 March 2021", own="") + tail])
    assert meta.date is None or meta.date != PartialDate(2021, 3, 12)


def test_a_formal_sign_off_dates_a_letter_undated_at_the_head_and_signs_for_nobody():
    """"Done at Nairobi, this 14th day of June 2018" under the signatures: the letter's date, and
    a place and date, not a signatory."""
    body = ("We write to express our concern at your assent, on 16 May 2018, to the Computer Misuse and "
            "Cybercrimes Act, and ask you to direct the ministry to prepare amendments.")
    letter = ("KENYA HUMAN RIGHTS COMMISSION\n\nH.E. Uhuru Kenyatta\nPresident of the Republic of Kenya\n"
              f"State House\nNairobi\n\nYour Excellency,\n\n{body}\n\nYours faithfully,\n\nGeorge Kegoro\n"
              "Executive Director\nKenya Human Rights Commission\n\n{sign_off}\n")
    for sign_off, want in [
        ("Done at Nairobi, this 14th day of June 2018.", PartialDate(2018, 6, 14)),
        ("Signed at Nairobi this 3rd day of March, 2021", PartialDate(2021, 3, 3)),
        ("Dado en Bogotá, a los 5 días del mes de mayo de 2019.", PartialDate(2019, 5, 5)),
        ("Dado en Bogotá, a los cinco (5) días del mes de mayo de dos mil diecinueve.", PartialDate(2019, 5, 5)),
        ("Fait à Nairobi, le premier avril 2020", PartialDate(2020, 4, 1)),
    ]:
        meta = extract_metadata([letter.replace("{sign_off}", sign_off)])
        assert meta.date == want, (sign_off, meta.date)
        assert "George Kegoro" in meta.senders
        assert not any(w in s for s in meta.senders for w in ("Done", "Signed", "Dado", "Fait", "Nairobi,")), \
            meta.senders


def test_a_formal_sign_off_is_a_place_and_date_under_a_signature():
    from archive.letter.parties import _place_and_date

    for line in ("Done at Nairobi, this 14th day of June 2018.", "Signed at Geneva, this 3rd day of March, 2021",
                 "Dado en Bogotá, a los 5 días del mes de mayo de 2019.", "Fait à Paris, le premier avril 2020"):
        assert _place_and_date(line), line
    assert not _place_and_date("Kenya Human Rights Commission")


def test_a_long_formal_sign_off_under_a_signature_is_no_signatory():
    from archive.letter.parties import _place_and_date
    line = "Dado en la ciudad de Bogotá D.C., a los cinco (5) días del mes de mayo de dos mil diecinueve."
    assert len(line) > 60 and _place_and_date(line)
    assert not _place_and_date("Comisión Colombiana de Juristas, Bogotá")
