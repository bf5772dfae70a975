"""The names at the head of a letter: its letterhead, its addressee's block, a newspaper's masthead."""

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


def _to(block: str, salutation: str) -> str:
    return f"""COMISIÓN DE JURISTAS
Calle 72 No. 12-65, piso 7 · Bogotá D.C.
Bogotá, 5 de mayo de 2019
{block}
Asunto: Protección de líderes sociales
{salutation}
Nos dirigimos a usted con profunda preocupación por el aumento de los asesinatos de líderes sociales.
Atentamente,
Gustavo Gallón
Director"""


def test_the_seat_of_an_office_under_its_holder_is_where_the_letter_goes_not_to_whom():
    meta = extract_metadata([_to("Doctor\nIVÁN DUQUE MÁRQUEZ\nPresidente de la República\nCasa de Nariño\nCiudad",
                                 "Respetado señor Presidente:")], {}, "s.pdf")
    assert meta.recipients == ["Iván Duque Márquez"]
    english = _to("H.E. Uhuru Kenyatta\nPresident of the Republic of Kenya\nState House\nNairobi", "Your Excellency,")
    assert extract_metadata([english], {}, "e.pdf").recipients == ["Uhuru Kenyatta"]


def test_an_organisation_named_like_a_house_under_a_title_is_still_the_addressee():
    meta = extract_metadata([_to("Sra. María López\nDirectora\nCasa de la Mujer\nBogotá", "Estimada señora López:")],
                            {}, "s.pdf")
    assert "Casa de la Mujer" in meta.recipients


def test_what_a_letterhead_says_of_the_organisation_under_its_name_is_no_second_sender():
    text = _to("Doctor\nIVÁN DUQUE MÁRQUEZ\nPresidente de la República\nCasa de Nariño\nCiudad",
               "Respetado señor Presidente:")
    text = text.replace("COMISIÓN DE JURISTAS\n",
                        "COMISIÓN DE JURISTAS\nOrganización no gubernamental con estatus consultivo ante la ONU\n")
    meta = extract_metadata([text], {}, "s.pdf")
    assert meta.senders == ["COMISIÓN DE JURISTAS", "Gustavo Gallón"]


def test_a_second_organisation_named_in_sentence_case_is_a_second_sender():
    letter = """Fédération internationale des ligues des droits de l'Homme
Réseau euro-méditerranéen des droits de l'Homme
Paris, le 1er juillet 2013
Madame, Monsieur,
Nous vous écrivons au sujet de la situation des défenseurs des droits humains.
Veuillez agréer nos salutations distinguées."""
    senders = extract_metadata([letter], {}, "f.pdf").senders
    assert senders[:2] == ["Fédération internationale des ligues des droits de l'Homme",
                           "Réseau euro-méditerranéen des droits de l'Homme"]


def test_the_addressee_under_a_date_given_as_the_value_of_a_label_is_read():
    letter = """REPSOL
Nuestra ref.: DS/2022/118
Su carta del: 3 de febrero de 2022
Fecha:
17 de febrero de 2022
Sra. Astrid Puentes Riaño
Codirectora Ejecutiva
Asociación Interamericana para la Defensa del Ambiente (AIDA)
Ciudad de México
Derrame de crudo en el terminal de la Refinería La Pampilla
Estimada Sra. Puentes:
Acusamos recibo de su carta del 3 de febrero de 2022 sobre el derrame ocurrido en el terminal.
Atentamente,
María Victoria Zingoni"""
    meta = extract_metadata([letter], {}, "s04.pdf")
    # greeted by her first surname, she is not a second addressee
    assert meta.recipients == ["Asociación Interamericana para la Defensa del Ambiente (AIDA)", "Astrid Puentes Riaño"]


def test_the_branch_named_under_an_organisation_is_part_of_it():
    letter = """AMNESTY INTERNATIONAL
Section of the Federal Republic of Germany e.V.
Zinnowitzer Str. 8 · 10115 Berlin
Berlin, 3 March 2022
Dear Minister Schulze,
Thank you for your letter of 15 February 2022 about the guidance on complaints mechanisms.
Yours sincerely,
Markus N. Beeko
Secretary General"""
    senders = extract_metadata([letter], {}, "e01.pdf").senders
    assert [name.lower() for name in senders] == ["amnesty international", "markus n. beeko"]


LETTERS_PAGE = """The Independent
News Sport Voices Culture Lifestyle Travel Premium
VOICES
{section}
LETTER: Nigerian lessons for Shell and for the world
Wednesday 15 November 1995 19:02 EST
From Mr David Bull
Since 13 November, no adequate answer has been given. We therefore ask you to publish a clear policy
on operations and to report on its implementation every year.
DAVID BULL
Director
Amnesty International UK
London, EC1"""


def test_a_letter_printed_from_a_newspapers_letters_page_is_written_to_the_newspaper():
    meta = extract_metadata([LETTERS_PAGE.format(section="Letters")], {}, "016.pdf")
    assert meta.recipients == ["The Independent"]
    assert meta.recipients_conf < 0.7     # flagged for checking


def test_a_page_that_is_no_letters_page_names_no_masthead_as_addressee():
    meta = extract_metadata([LETTERS_PAGE.format(section="Opinion").replace("LETTER: ", "")], {}, "016.pdf")
    assert "The Independent" not in meta.recipients
