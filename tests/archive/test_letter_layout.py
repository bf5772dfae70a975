"""Letters read from their layout: real PDFs laid out as real correspondence is, read as ingest reads them."""
import pymupdf
import pytest

from archive.extractor import extract_job

BODY = ("We write to you again about the human rights impact assessment that you undertook to publish. "
        "Our organisations have followed this question closely and have raised it on several occasions, "
        "and we would be grateful for a written reply that addresses each of the points raised here.")


def _page(doc, lines, header=None, footer=None):
    """lines: (text, x, y, size, bold) tuples on an A4 page, with an optional running head and footer."""
    page = doc.new_page(width=595, height=842)
    for text, x, y, size, bold in lines:
        page.insert_text((x, y), text, fontsize=size, fontname="hebo" if bold else "helv")
    if header:
        page.insert_text((72, 30), header, fontsize=8, fontname="helv")
    if footer:
        page.insert_text((72, 818), footer, fontsize=8, fontname="helv")
    return page


def _paragraph(text, y, size=11, width=84):
    words, rows, row = text.split(), [], ""
    for word in words:
        if len(row) + len(word) + 1 > width:
            rows.append(row)
            row = word
        else:
            row = f"{row} {word}".strip()
    rows.append(row)
    return [(r, 72, y + k * 15, size, False) for k, r in enumerate(rows)], y + len(rows) * 15 + 12


def _read(doc, name="letter.pdf"):
    data = doc.tobytes()
    result = extract_job(data, name, None, False)
    assert result["ok"], result
    return result["meta"]


ORGS = ["Access Now", "Amnesty International", "Citizen Lab", "Privacy International", "Human Rights Watch",
        "Article 19", "Front Line Defenders", "Paradigm Initiative", "Derechos Digitales"]


def test_coalition_letter_with_an_appendix_after_the_signatures():
    doc = pymupdf.open()
    lines = [("Access Now", 72, 60, 16, True), ("Rue de la Loi 10, 1000 Brussels, Belgium", 72, 76, 8, False),
             ("27 April 2021", 440, 110, 11, False),
             ("Mr. Chaim Gelfand", 72, 140, 11, False),
             ("Vice-President, Compliance", 72, 155, 11, False),
             ("NSO Group", 72, 170, 11, False),
             ("Rights Groups: NSO Group continues to fail in human rights compliance", 72, 205, 13, True),
             ("Dear Mr. Gelfand,", 72, 235, 11, False)]
    y = 260
    for _ in range(3):
        para, y = _paragraph(BODY + " In reply to your letter of 1 March 2019 we note the following.", y)
        lines += para
    lines.append(("Sincerely,", 72, y, 11, False))
    _page(doc, lines, footer="Page 1 of 2")
    sig = [(org, 72, 70 + 16 * k, 11, False) for k, org in enumerate(ORGS)]
    sig += [("Appendix: Undertakings and open questions", 72, 240, 13, True),
            ("Undertaking", 72, 265, 10, True), ("Status", 300, 265, 10, True),
            ("Publish the HRIA", 72, 282, 10, False), ("Outstanding", 300, 282, 10, False),
            ("❖ Will the public be provided a copy of the HRIA?", 72, 300, 10, False),
            ("Risk", 72, 316, 10, False), ("and the", 72, 332, 10, False)]
    _page(doc, sig, header="Rights groups to NSO Group, 27 April 2021", footer="Page 2 of 2")
    meta = _read(doc)
    assert sorted(meta.senders) == sorted(ORGS)
    assert meta.title == "Rights Groups: NSO Group continues to fail in human rights compliance"
    assert meta.title_conf >= 0.6
    assert sorted(meta.recipients) == ["Chaim Gelfand", "NSO Group"]  # not the department "Compliance"
    assert meta.date.iso() == "2021-04-27"


def test_dates_cited_in_the_body_are_never_the_letters_date():
    doc = pymupdf.open()
    lines = [("Human Rights Watch", 72, 60, 16, True), ("Dear Ms Kessler,", 72, 120, 11, False)]
    para, y = _paragraph("Thank you for your letter of 14 February 2020. On 18 February 2019 we wrote to you "
                         "about the same matter. " + BODY, 145)
    lines += para + [("Yours sincerely,", 72, y, 11, False), ("Jane Doe", 72, y + 30, 11, False)]
    _page(doc, lines)
    meta = _read(doc)
    assert meta.date is None or meta.date_conf < 0.6  # no date of its own: flagged, never borrowed silently


def test_a_reference_row_is_read_column_by_column():
    """DIN-style: "Your letter of | Our ref. | Extension | Date" with the values on the line below,
    the date under "Date" right-aligned; the one under "Your letter of" is the letter answered."""
    doc = pymupdf.open()
    lines = [("AMNESTY INTERNATIONAL", 339, 40, 15, True),
             ("Federal Ministry for Economic Cooperation and Development", 72, 150, 10.5, False),
             ("Minister Svenja Schulze", 72, 164, 10.5, False), ("10963 Berlin", 72, 178, 10.5, False),
             ("Your letter of", 72, 270, 8.5, False), ("Our ref.", 198, 270, 8.5, False),
             ("Extension", 312, 270, 8.5, False), ("Date", 517, 270, 8.5, False),
             ("15.02.2022", 72, 283, 8.5, False), ("BC/ab-0217", 198, 283, 8.5, False),
             ("-312", 312, 283, 8.5, False), ("03.03.2022", 492, 283, 8.5, False),
             ("Dear Minister Schulze,", 72, 330, 10.5, False)]
    para, y = _paragraph("Thank you for your letter of 15 February 2022. " + BODY, 355, size=10.5)
    lines += para + [("Yours sincerely,", 72, y, 10.5, False), ("Markus Beeko", 72, y + 40, 10.5, False)]
    _page(doc, lines)
    meta = _read(doc)
    assert meta.date is not None and meta.date.iso() == "2022-03-03" and meta.date_conf >= 0.9


def test_a_signatory_table_keeps_the_organisations_and_drops_the_country_column():
    doc = pymupdf.open()
    lines = [("Global Coalition", 72, 60, 16, True), ("8 May 2017", 440, 100, 11, False),
             ("Dear Ministers,", 72, 130, 11, False)]
    para, y = _paragraph(BODY, 155)
    lines += para + [("Yours faithfully,", 72, y, 11, False), ("Signatory organisations", 72, y + 30, 12, True)]
    table = [("Aberdeen Asset Management", "United Kingdom"), ("Robeco", "Netherlands"),
             ("Storebrand Asset Management", "Norway"), ("Zevin Asset Management", "United States"),
             ("VicSuper", "Australia")]
    for k, (org, country) in enumerate(table):
        lines += [(org, 76, y + 55 + 20 * k, 10, False), (country, 380, y + 55 + 20 * k, 10, False)]
    _page(doc, lines)
    meta = _read(doc)
    for org, country in table:
        assert org in meta.senders
        assert country not in meta.senders


def test_a_web_page_printed_from_a_browser():
    doc = pymupdf.open()
    lines = [("Resource Centre", 60, 60, 11, True),
             ("Latest news Companies Issues Regions About us", 54, 84, 8, False),
             ("Public Eye rejoinder to company reactions", 54, 120, 18, True),
             ("5 Jul 2019", 54, 150, 9, False), ("Author: Public Eye", 54, 163, 9, False),
             ("28 June 2019", 54, 190, 11, False)]
    para, _ = _paragraph(BODY, 215)
    _page(doc, lines + para, header="7/5/2019, 10:22 AM      Public Eye rejoinder - Resource Centre",
          footer="https://www.example.org/latest-news/public-eye-rejoinder/      1/1")
    meta = _read(doc)
    assert meta.title == "Public Eye rejoinder to company reactions"
    assert meta.senders == ["Public Eye"]
    assert meta.date.iso() == "2019-06-28"


@pytest.mark.parametrize("closing", ["Sincerely,", "Atentamente,", "Cordialement,"])
def test_a_signature_block_stops_at_the_first_thing_that_is_not_a_signatory(closing):
    doc = pymupdf.open()
    lines = [("Open Rights Network", 72, 60, 16, True), ("3 March 2020", 440, 100, 11, False),
             ("Dear Sir or Madam,", 72, 130, 11, False)]
    para, y = _paragraph(BODY, 155)
    lines += para + [(closing, 72, y, 11, False), ("Danna Ingleton", 72, y + 30, 11, False),
                     ("Deputy Director, Amnesty Tech", 72, y + 45, 11, False),
                     ("cc: Board of Directors", 72, y + 75, 11, False),
                     ("What is the external reporting plan? How often will it report?", 72, y + 95, 11, False)]
    _page(doc, lines)
    meta = _read(doc)
    assert "Danna Ingleton" in meta.senders
    assert not any("?" in s or "Board" in s for s in meta.senders)


@pytest.mark.parametrize("line", [
    "Ministry of", "Brand", "x-and", "Smith &", "Smith&", "A long line of the letter that ends with the",
    "Director de", "DEPARTMENT FOR", "deſ", "para", "the end.", "", "&", "Fund of the ", "Ministerio del"])
def test_a_connector_is_found_at_a_line_end_as_anywhere_in_the_line(line):
    import re

    from archive.letter.layout import _CONNECTOR_END, _ends_with_connector
    whole_line = re.compile(".*" + _CONNECTOR_END.pattern, re.I)
    assert _ends_with_connector(line) == bool(whole_line.match(line))


def _signatory_table(cells: list[str], columns: int, padding: int) -> bytes:
    """A joint letter whose signatories stand in a table, the long names wrapping in their cells."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    table = "".join("<tr>" + "".join(f'<td style="width:135px;padding:{padding}px 4px;vertical-align:top">{c}</td>'
                                     for c in row) + "</tr>" for row in rows)
    html = (f"<p>12 May 2021</p><p>To the Ministers of Foreign Affairs of the European Union</p>"
            f"<p>Dear Ministers,</p><p>{BODY}</p><p>Sincerely,</p><p>Signatories:</p>"
            f'<table style="font-size:9.5pt;border-collapse:collapse">{table}</table>')
    page.insert_htmlbox(pymupdf.Rect(72, 60, 523, 800), f'<div style="font-family:sans-serif;font-size:10.5pt">{html}</div>')
    return doc.tobytes()


SIGNATORIES = ["Amnesty International", "ARTICLE 19", "Cairo Institute for Human Rights Studies", "CIVICUS",
               "Committee to Protect Journalists", "Egyptian Initiative for Personal Rights", "EuroMed Rights",
               "FIDH", "Front Line Defenders", "Human Rights First", "Human Rights Watch", "Index on Censorship",
               "International Service for Human Rights", "PEN America", "Reporters Without Borders"]


def test_names_wrapped_in_the_cells_of_a_signatory_table_are_read_whole():
    result = extract_job(_signatory_table(SIGNATORIES, 3, 3), "joint.pdf", None, False)
    senders = result["meta"].senders
    assert {"Cairo Institute for Human Rights Studies", "Egyptian Initiative for Personal Rights",
            "International Service for Human Rights"} <= set(senders), senders
    assert not {"Studies", "Rights"} & set(senders)


def test_a_list_in_columns_without_wrapping_keeps_its_entries_apart():
    short = ["Access Now", "ARTICLE 19", "Derechos Digitales", "Free Press", "Fundación Karisma", "InternetLab",
             "OBSERVACOM", "Privacy International", "SMEX", "WITNESS"]
    result = extract_job(_signatory_table(short, 2, 0), "joint.pdf", None, False)
    assert set(short) <= set(result["meta"].senders), result["meta"].senders


def test_a_label_and_its_value_set_a_little_higher_are_read_in_that_order():
    # A printed e-mail's header table: each bold label a point or two lower than its value, on
    # either side of a 4-point band's edge (143.24 and 141.61, as a real printout has them).
    from archive.letter.layout import Line, _order_columns
    label = Line("Objet :", 72.0, 143.24, 110.0, 155.0, 10.0, True, 0, 1)
    value = Line("Plan de vigilance - projets Tilenga et EACOP", 150.0, 141.61, 480.0, 153.4, 10.0, False, 0, 1)
    above = Line("mardi 14 mars 2023 09:12", 150.0, 125.6, 300.0, 137.4, 10.0, False, 0, 1)
    below = Line("Monsieur le Président-directeur général,", 72.0, 180.0, 300.0, 192.0, 10.0, False, 0, 1)
    assert [line.text for line in _order_columns([below, value, above, label])] == [
        above.text, label.text, value.text, below.text]


def test_a_letterhead_name_over_its_address_line_and_a_pp_signature():
    doc = pymupdf.open()
    lines = [("GREENPEACE", 380, 60, 20, True),
             ("Greenpeace UK · Canonbury Villas · London N1 2PN · www.greenpeace.org.uk", 250, 78, 7, False),
             ("Ken Murphy", 72, 130, 11, False), ("Group Chief Executive", 72, 145, 11, False),
             ("Tesco PLC", 72, 160, 11, False), ("Kestrel Way", 72, 175, 11, False),
             ("Welwyn Garden City AL7 1GA", 72, 190, 11, False),
             ("Soya in your supply chain and the destruction of the Cerrado", 72, 225, 11, True),
             ("Dear Mr Murphy,", 72, 255, 11, False)]
    para, y = _paragraph(BODY, 280)
    lines += para + [("Yours sincerely,", 72, y, 11, False), ("Rosie Rogers", 72, y + 40, 11, False),
                     ("p.p. John Sauven", 72, y + 55, 11, False), ("Executive Director", 72, y + 70, 11, False),
                     ("Greenpeace UK", 72, y + 85, 11, False)]
    _page(doc, lines)
    meta = _read(doc)
    assert meta.senders[0] == "Greenpeace UK", meta.senders
    assert "John Sauven" in meta.senders and not any("p.p." in name or "·" in name for name in meta.senders)


def test_a_headline_set_large_over_two_lines_is_the_whole_title():
    # Large type set solid: the second line's box overlaps the first's by more than a point.
    doc = pymupdf.open()
    lines = [("COMMUNIQUÉ DE PRESSE CONJOINT", 72, 70, 10, False), ("2020-12-10", 72, 88, 10, False),
             ("Loi de programmation sur le développement solidaire : les", 72, 118, 15, True),
             ("parlementaires doivent garantir la trajectoire de 0,7 %", 72, 137.5, 15, True)]
    para, y = _paragraph(BODY, 170)
    _page(doc, lines + para + [("Coordination SUD", 72, y + 20, 11, False)])
    meta = _read(doc, "f05.pdf")
    assert meta.title == ("Loi de programmation sur le développement solidaire : les parlementaires doivent "
                          "garantir la trajectoire de 0,7 %")


def test_a_letter_to_the_editor_is_titled_by_its_headline_without_the_genre():
    doc = pymupdf.open()
    lines = [("Derechos Humanos y Empresas", 54, 60, 12.6, True),
             ("Inicio Noticias Cartas y columnas Publicaciones Contacto", 54, 84, 8, False),
             ("CARTAS AL DIRECTOR", 54, 110, 8.5, True),
             ("Carta al Director: Ciudadanía empoderada", 54, 140, 18, True),
             ("Señor Director:", 54, 175, 10.5, False)]
    body = ("No basta con declarar buenas intenciones; deben traducirse en pasos concretos y verificables. "
            "Nuestras organizaciones han seguido de cerca esta cuestión y la han planteado en varias ocasiones, "
            "y le solicitamos que nos mantenga informados de las medidas que piensa adoptar al respecto.")
    para, _ = _paragraph(body, 200, size=10.5)
    _page(doc, lines + para)
    assert _read(doc).title == "Ciudadanía empoderada"
