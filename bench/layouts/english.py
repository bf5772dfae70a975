"""The English letters of the second set (see bench/layouts/common.py)."""
from .common import A4, LETTER, Doc, small  # noqa: F401

def e01():
    """DIN 5008 window-envelope letter."""
    d = Doc("e01.pdf", left=71, right=57, top=45)
    d.put(240, 30, 540, "<p><b>AMNESTY INTERNATIONAL</b></p>", fs=15, align="right")
    d.put(240, 54, 540, "<p>Section of the Federal Republic of Germany e.V.</p>", fs=8, align="right")
    d.put(71, 128, 330, "<p>Amnesty International · Zinnowitzer Str. 8 · 10115 Berlin</p>", fs=6.5)
    d.put(71, 142, 330, "<p>Federal Ministry for Economic Cooperation and Development<br>Minister Svenja Schulze<br>"
          "Stresemannstraße 94<br>10963 Berlin</p>", fs=10.5)
    d.put(360, 128, 540, "<table><tr><td>Your ref.</td><td>WZ-114/21</td></tr><tr><td>Our ref.</td><td>BC/ab-0217</td></tr>"
          "<tr><td>Contact</td><td>Dr. Lena Vogt</td></tr><tr><td>Phone</td><td>+49 30 420248-0</td></tr></table>", fs=8)
    d.put(71, 262, 540, "<table style='width:100%'><tr><td style='width:28%'>Your letter of</td><td style='width:28%'>Our ref.</td>"
          "<td style='width:24%'>Extension</td><td style='text-align:right'>Date</td></tr>"
          "<tr><td>15.02.2022</td><td>BC/ab-0217</td><td>-312</td><td style='text-align:right'>03.03.2022</td></tr></table>", fs=8.5)
    d.y = 305
    d.flow("<p><b>Implementation of the Supply Chain Due Diligence Act: complaints mechanism and access to remedy</b></p>", gap=14)
    d.paras([
        "Dear Minister Schulze,",
        "Thank you for your letter of 15 February 2022, in which you invited civil society to comment on the "
        "guidance that the Federal Office for Economic Affairs and Export Control (BAFA) is preparing for the "
        "entry into force of the Supply Chain Due Diligence Act on 1 January 2023.",
        "Our research in the cobalt mines of Kolwezi and in garment factories in Gazipur shows that affected workers "
        "rarely know that a complaint procedure exists, and that many fear dismissal when they use one. We therefore "
        "ask that the guidance require companies to publish their procedure in local languages, to protect complainants "
        "against retaliation, and to report every year on the complaints received and the remedies provided.",
        "We also urge the Federal Government to support an ambitious EU directive. The proposal presented by "
        "Commissioner Didier Reynders on 23 February 2022 must not fall behind the German law on civil liability, "
        "and it should cover the whole value chain rather than only direct suppliers. Our colleagues at Germanwatch "
        "and Misereor have raised similar points in their joint position paper.",
        "We would welcome the opportunity to discuss these proposals with your officials before the guidance is "
        "finalised, and we look forward to your reply.",
        "Yours sincerely,",
    ])
    d.space(26)
    d.paras(["Markus N. Beeko<br>Secretary General<br>Amnesty International Germany"], gap=14)
    d.paras(["Enclosure: Amnesty briefing “Due diligence that reaches the mines” (February 2022)"], fs=9)
    def foot(doc, i, n):
        doc.put(71, 790, 540, "<p>Amnesty International · Section of the Federal Republic of Germany e.V. · Registered association "
                "VR 12345 B, Berlin-Charlottenburg · IBAN DE23 3702 0500 0008 0901 00 · www.amnesty.de</p>", fs=6.5)
    d.footer = foot
    d.save()


def e02():
    """US block format, ordinal date, cc and enclosure."""
    d = Doc("e02.pdf", size=LETTER, font="serif", fs=10.5, top=60)
    d.flow("<p><b>PUBLIC CITIZEN</b><br>1600 20th Street NW<br>Washington, DC 20009<br>(202) 588-1000</p>", gap=22)
    d.flow("<p>March 3rd, 2021</p>", gap=18)
    d.flow("<p>Mr. Andy Jassy<br>Chief Executive Officer<br>Amazon Web Services, Inc.<br>410 Terry Avenue North<br>"
           "Seattle, WA 98109</p>", gap=18)
    d.paras([
        "Dear Mr. Jassy:",
        "We write to follow up on our letter of November 18, 2020, to which we have not yet received a reply. "
        "As you know, more than forty civil rights organizations, including the NAACP Legal Defense Fund and the "
        "Electronic Privacy Information Center, have asked Amazon to extend its moratorium on police use of the "
        "Rekognition facial recognition service, which is due to expire in June 2021.",
        "Independent testing by the National Institute of Standards and Technology, published on December 19, 2019, "
        "found markedly higher error rates for women and people of color across many commercial algorithms. "
        "Until Congress adopts binding rules, a voluntary pause is the only safeguard that communities have.",
        "We therefore ask Amazon Web Services to answer three questions. First, will the moratorium be made "
        "permanent? Second, which law enforcement agencies currently hold Rekognition accounts, and under what "
        "contractual terms? Third, will you commit to an independent human rights impact assessment, to be "
        "published before any sale of the service to federal immigration authorities?",
        "We would appreciate a written response by March 31, 2021. Our staff are available to meet with your "
        "public policy team at any time.",
        "Sincerely,",
    ])
    d.space(28)
    d.paras(["Robert Weissman<br>President<br>Public Citizen"], gap=16)
    d.paras(["Enclosure: Letter of November 18, 2020",
             "cc: Jeff Bezos, Executive Chair, Amazon.com, Inc.<br>&#160;&#160;&#160;&#160;&#160;&#160;Michael Punke, "
             "Vice President, Global Public Policy, Amazon Web Services"], gap=6)
    d.save()


def e03():
    """Modified block: date and closing at centre; two pages with running header; P.S."""
    def head(doc, i, n):
        doc.put(72, 40, 523, "<p>Mr. Darren Woods – 9 September 2019 – Page %d</p>" % i, fs=9)
    d = Doc("e03.pdf", font="serif", fs=11, top=60, top_cont=80, header=head)
    d.put(72, 40, 523, "<p><b>OXFAM AMERICA</b></p>", fs=16, align="center")
    d.put(72, 62, 523, "<p>226 Causeway Street, 5th Floor · Boston, MA 02114-2206 · www.oxfamamerica.org</p>", fs=8.5, align="center")
    d.y = 120
    d.flow("<p>9 September 2019</p>", x0=300, gap=20)
    d.flow("<p>Mr. Darren Woods<br>Chairman and Chief Executive Officer<br>Exxon Mobil Corporation<br>5959 Las Colinas Boulevard<br>"
           "Irving, Texas 75039-2298</p>", gap=18)
    d.flow("<p><b>Re: Community consultation on the Liza offshore development in Guyana</b></p>", gap=12)
    d.paras([
        "Dear Mr. Woods,",
        "On behalf of Oxfam America, I am writing about the consultation of coastal and fishing communities in "
        "Guyana on the Liza Phase 2 development. When our staff met representatives of ExxonMobil Guyana in "
        "Georgetown on 14 May 2019, we were assured that the environmental impact assessment would be discussed "
        "in every affected region before the production licence was granted.",
        "Fishing cooperatives in Region 2 and Region 4 tell us that the hearings organised by the Environmental "
        "Protection Agency were announced with only a few days' notice, that documents were available only in "
        "English and online, and that questions about oil spill compensation were not answered. The Guyana Human "
        "Rights Association has raised similar concerns in its statement of 2 August 2019.",
        "Oxfam believes that free, prior and informed consultation is not only a legal expectation but a condition "
        "for the social licence of any extractive project. The company's own Human Rights Policy, adopted in 2018, "
        "commits ExxonMobil to respect the rights of communities wherever it operates.",
        "We therefore ask ExxonMobil to take the following steps before the first oil is produced:",
        "<ol><li>publish a summary of the impact assessment in plain language and distribute printed copies in every "
        "coastal region;</li><li>hold a second round of community meetings with independent facilitators;</li>"
        "<li>set up an oil spill compensation fund with clear criteria, agreed with the fishing cooperatives;</li>"
        "<li>disclose the terms of the 2016 production sharing agreement insofar as they concern liability for "
        "environmental damage.</li></ol>",
        "We also note that the Extractive Industries Transparency Initiative accepted Guyana as a member in "
        "October 2017. Full disclosure of payments and contracts would allow citizens to follow how the revenues "
        "of the Stabroek block are used, and would strengthen trust between the company and the public.",
        "Our partners in Guyana have collected the testimonies of more than sixty fishers and vendors from "
        "Mahaicony, Parika and Anna Regina. Many of them depend entirely on the near-shore fishery and fear that an "
        "accident would leave them without income for years, as happened to communities on the Gulf Coast after "
        "the Deepwater Horizon disaster of April 2010. Their main request is simple: to be heard before decisions "
        "are taken, and to know in advance who will pay if something goes wrong.",
        "We would be grateful for a written response by 15 October 2019 and would welcome a meeting with your "
        "Public and Government Affairs team in Irving or in Georgetown.",
    ])
    d.flow("<p>Sincerely,</p>", x0=300, gap=34, keep=90)
    d.flow("<p>Abby Maxman<br>President and CEO<br>Oxfam America</p>", x0=300, gap=18)
    d.paras(["P.S. A copy of the testimonies collected by our partners in Region 2 will be sent to your Georgetown "
             "office under separate cover."], fs=10)
    d.save()


def e04():
    """Private sender, address top right, no letterhead."""
    d = Doc("e04.pdf", font="serif", fs=11, top=60)
    d.put(360, 60, 523, "<p>14 Ashgrove Road<br>Sheffield<br>S10 3BX</p>", align="left")
    d.put(360, 118, 523, "<p>12th February 2020</p>")
    d.y = 160
    d.flow("<p>The Rt Hon Priti Patel MP<br>Secretary of State for the Home Department<br>Home Office<br>2 Marsham Street<br>"
           "London SW1P 4DF</p>", gap=18)
    d.paras([
        "Dear Home Secretary,",
        "I am writing as a volunteer with the City of Sanctuary group in Sheffield and as a constituent of "
        "Olivia Blake MP, to whom I have sent a copy of this letter. Over the last two years I have accompanied "
        "a number of asylum seekers to their reporting appointments at Vulcan House, and I have seen at first hand "
        "the effect that long delays in decision-making have on them.",
        "One family I know, who arrived from Eritrea in August 2017, waited twenty-nine months for a substantive "
        "interview. During that time the parents were not permitted to work, and the children moved school three "
        "times because of changes to their accommodation. The Refugee Council and the British Red Cross have "
        "published figures showing that such delays are now the rule rather than the exception.",
        "I would be grateful if you could tell me what steps the Home Office is taking to reduce the backlog, "
        "whether you will reconsider the policy on the right to work after six months, and when the review of "
        "asylum accommodation promised by your predecessor, Sajid Javid, will be published.",
        "Thank you for taking the time to read this letter. I look forward to your reply.",
        "Yours sincerely,",
    ])
    d.space(26)
    d.paras(["Margaret Ellison"])
    d.save()


def e05():
    """Dated at the end; two signatures side by side."""
    d = Doc("e05.pdf", fs=10.5, top=60)
    d.put(72, 50, 523, "<p><b>KENYA HUMAN RIGHTS COMMISSION</b> &#160;&#160;|&#160;&#160; <b>ARTICLE 19 EASTERN AFRICA</b></p>", fs=12, align="center")
    d.put(72, 70, 523, "<p>Opposite Valley Arcade, Gitanga Road, Nairobi &#160;·&#160; ACS Plaza, Lenana Road, Nairobi</p>", fs=8, align="center")
    d.y = 115
    d.flow("<p>H.E. Uhuru Kenyatta, C.G.H.<br>President of the Republic of Kenya<br>State House<br>Nairobi</p>", gap=16)
    d.flow("<p><b>OPEN LETTER ON THE COMPUTER MISUSE AND CYBERCRIMES ACT, 2018</b></p>", gap=12)
    d.paras([
        "Your Excellency,",
        "We write to express our deep concern at your assent, on 16 May 2018, to the Computer Misuse and "
        "Cybercrimes Act. Several of its provisions criminalise the publication of “false” or “alarming” "
        "information in terms so broad that they could be used against journalists, bloggers and human rights "
        "defenders. The Bloggers Association of Kenya has already filed a petition before the High Court, and on "
        "29 May 2018 Justice Chacha Mwita suspended the operation of twenty-six sections pending its determination.",
        "Kenya's Constitution of 2010 guarantees freedom of expression and of the media in Articles 33 and 34. "
        "The African Commission on Human and Peoples' Rights and the UN Special Rapporteur on freedom of "
        "expression, David Kaye, have repeatedly warned that criminal sanctions for speech are incompatible with "
        "these guarantees.",
        "We therefore call on Your Excellency to direct the Ministry of Information, Communications and Technology "
        "to prepare amendments repealing sections 22 and 23 of the Act, to ensure that any revision is preceded by "
        "public participation as required by Article 118 of the Constitution, and to instruct the National Police "
        "Service not to arrest anyone under the suspended provisions.",
        "We remain available to meet with your office and with the Attorney General, Paul Kihara Kariuki, to "
        "discuss these proposals.",
        "Yours faithfully,",
    ])
    d.space(24)
    d.side(["<p>George Kegoro<br>Executive Director<br>Kenya Human Rights Commission</p>",
            "<p>Mugambi Kiai<br>Regional Director<br>ARTICLE 19 Eastern Africa</p>"], gap=20)
    d.paras(["<i>Done at Nairobi, this 14th day of June 2018.</i>"])
    d.save()


def e06():
    """Sidebar letterhead on the right; Page x of n."""
    side = ("<p><b>GLOBAL WITNESS</b></p><p>&#160;</p><p><b>London</b><br>Suite 3A, Oxford House<br>49 Oxford Road<br>"
            "London N4 3EY</p><p>&#160;</p><p><b>Brussels</b><br>Rue Belliard 205<br>1040 Brussels</p><p>&#160;</p>"
            "<p><b>Washington</b><br>1100 17th Street NW<br>Washington, DC 20036</p><p>&#160;</p><p><b>Board of Trustees</b><br>"
            "Mark Stephens, Chair<br>Anne Lindsay<br>Samuel Nkomo<br>Rachel Turner<br>Iqbal Wahhab</p><p>&#160;</p>"
            "<p><b>Chief Executive</b><br>Mike Davis</p><p>&#160;</p><p>www.globalwitness.org</p>")
    def foot(doc, i, n):
        doc.put(72, 800, 400, "<p>Page %d of %d</p>" % (i, n), fs=8)
    d = Doc("e06.pdf", fs=10.5, right=190, top=72, footer=foot)
    d.put(440, 60, 560, side, fs=7.5)
    d.flow("<p>4 November 2019</p>", gap=18)
    d.flow("<p>Ms. Lisa Garcia<br>Head of Corporate Responsibility<br>Trafigura Group Pte. Ltd.<br>1 Fusionopolis Walk<br>"
           "#08-01 South Tower, Solaris<br>Singapore 138628</p>", gap=18)
    d.flow("<p><b>Subject: Cobalt sourcing from artisanal mines in Lualaba Province</b></p>", gap=12)
    d.paras([
        "Dear Ms. Garcia,",
        "Global Witness is an international organisation that investigates the links between natural resources, "
        "conflict and corruption. We are writing to give Trafigura an opportunity to respond to findings that we "
        "intend to publish in a forthcoming report on the cobalt trade in the Democratic Republic of Congo.",
        "Between March and July 2019 our researchers visited the Mutoshi concession near Kolwezi, where Trafigura "
        "supports a formalised artisanal mining pilot run by Chemaf. We recognise that the pilot has improved "
        "safety conditions for some miners, and we welcome the involvement of Pact and of the Responsible Cobalt "
        "Initiative. However, miners and traders told us that cobalt from unregulated sites is regularly brought "
        "into the concession and sold through the same depots.",
        "We would be grateful for your answers to the following questions:",
        "<ol><li>How does Trafigura verify that material purchased from the Mutoshi depots originates from the "
        "pilot area?</li><li>Has Trafigura carried out or commissioned any third-party audit of the pilot since "
        "its launch in August 2018, and will it publish the results?</li><li>What steps has Trafigura taken "
        "following the deaths of miners reported by local media on 27 June 2019 at the nearby KOV pit, which "
        "belongs to Kamoto Copper Company?</li><li>Does Trafigura apply the OECD Due Diligence Guidance to "
        "cobalt bought from Chinese-owned trading houses in Kolwezi?</li><li>How are complaints from artisanal "
        "miners about underpayment recorded and resolved?</li></ol>",
        "We also asked Glencore and Eurasian Resources Group similar questions on 21 October 2019 and will report "
        "any answers they provide. We intend to reflect Trafigura's response fairly in our report, and we will "
        "publish it in full on our website if you so wish.",
        "In order to take your answers into account, we would need to receive them by 18 November 2019. If you "
        "would like to discuss these questions by telephone, please contact my colleague Daniel Balint-Kurti, "
        "who leads our work on the Congo.",
        "We look forward to hearing from you.",
        "Yours sincerely,",
    ])
    d.space(26)
    d.paras(["Pete Jones<br>Senior Campaigner<br>Global Witness"])
    d.save()


def e07():
    """Footer with registered address and charity number."""
    def foot(doc, i, n):
        doc.page.draw_line((72, 772), (523, 772), color=(0.5, 0.5, 0.5), width=0.5)
        doc.put(72, 778, 523, "<p>Freedom from Torture is a company limited by guarantee registered in England and Wales, "
                "company no. 2398990, and a registered charity, no. 1000340 (England and Wales) and SC039632 (Scotland). "
                "Registered office: 111 Isledon Road, London N7 7JW. www.freedomfromtorture.org</p>", fs=7, align="center")
    d = Doc("e07.pdf", fs=10.5, top=50, footer=foot)
    d.put(72, 45, 400, "<p><b>Freedom from Torture</b></p>", fs=18)
    d.y = 100
    d.flow("<p>21st June 2023</p>", gap=16)
    d.flow("<p>The Rt Hon Suella Braverman KC MP<br>Home Secretary<br>Home Office<br>2 Marsham Street<br>London SW1P 4DF</p>", gap=16)
    d.flow("<p><b>Re: Illegal Migration Bill – exclusion of torture survivors from protection</b></p>", gap=12)
    d.paras([
        "Dear Home Secretary,",
        "As the Illegal Migration Bill enters its report stage in the House of Lords, we write to ask you to "
        "accept the amendments tabled by Baroness Hamwee and Lord Carlile that would exempt survivors of torture "
        "and modern slavery from detention and removal under clauses 2 and 11.",
        "Our clinicians treat more than a thousand survivors every year. Many of them could not have reached the "
        "United Kingdom by a so-called safe and legal route: the resettlement schemes that your department cites "
        "admitted fewer than 1,200 people in 2022, and none are open to people fleeing Iran, Eritrea or Sudan. "
        "The UN High Commissioner for Refugees, Filippo Grandi, stated on 7 March 2023 that the Bill would amount "
        "to an asylum ban.",
        "Detention re-traumatises survivors of torture. The Home Office's own Adults at Risk policy, and the "
        "findings of the Shaw review of 2016, recognise this. We ask you to honour those commitments and to meet "
        "a delegation of survivors and clinicians before the Bill returns to the House of Commons.",
        "Yours sincerely,",
    ])
    d.space(26)
    d.paras(["Sonya Sceats<br>Chief Executive"], gap=14)
    d.paras(["cc: Robert Jenrick MP, Minister of State for Immigration<br>&#160;&#160;&#160;&#160;&#160;&#160;"
             "Yvette Cooper MP, Shadow Home Secretary"], fs=9.5)
    d.save()


def e08():
    """Company reply: Our ref / Your letter of; one officer signs."""
    d = Doc("e08.pdf", fs=10.5, top=50)
    d.put(72, 40, 300, "<p><b>Nestlé S.A.</b></p>", fs=16)
    d.put(72, 62, 300, "<p>Avenue Nestlé 55<br>CH-1800 Vevey<br>Switzerland</p>", fs=8.5)
    d.put(380, 40, 523, "<p>Corporate Affairs<br>Responsible Sourcing<br>Tel. +41 21 924 21 11</p>", fs=8.5, align="right")
    d.y = 125
    d.flow("<p>Ms. Antonie Fountain<br>Managing Director<br>VOICE Network<br>Wilhelminastraat 11<br>3581 TB Utrecht<br>The Netherlands</p>", gap=16)
    d.flow("<table><tr><td style='width:90pt'>Our ref:</td><td style='width:200pt'>CA/RS/2021/044</td></tr><tr><td>Your letter of:</td><td>12 March 2021</td></tr></table>", gap=4)
    d.flow("<p>Vevey, 29 March 2021</p>", gap=16, align="right")
    d.flow("<p><b>Child labour monitoring and remediation in our cocoa supply chain</b></p>", gap=12)
    d.paras([
        "Dear Ms. Fountain,",
        "Thank you for your letter of 12 March 2021 on behalf of the VOICE Network, and for sharing the findings of "
        "the NORC report published by the University of Chicago on 19 October 2020. We share your concern that the "
        "prevalence of hazardous child labour in cocoa-growing areas of Côte d'Ivoire and Ghana has not declined.",
        "Our Child Labor Monitoring and Remediation System, developed with the International Cocoa Initiative, "
        "now covers 1,750 cooperatives and more than 78,000 households. Since 2012 it has identified 18,283 "
        "children in child labour, of whom around half are no longer engaged in hazardous work after remediation. "
        "We will publish a detailed progress report, including the data by country, in June 2021.",
        "You asked whether Nestlé supports mandatory human rights due diligence. We confirm that we support the "
        "initiative of the European Commission announced by Commissioner Didier Reynders in April 2020, and we "
        "have said so publicly together with Mars, Mondelēz and the Rainforest Alliance.",
        "On your question about the farm-gate price, we do not set the price in either country, but we pay the "
        "Living Income Differential introduced by the governments of Côte d'Ivoire and Ghana in 2019, as well as "
        "a premium to cooperatives in the Nestlé Cocoa Plan.",
        "We would be pleased to meet VOICE and its members to discuss these questions further.",
        "Yours sincerely,",
    ])
    d.space(24)
    d.paras(["Darrell High<br>Global Cocoa Manager<br>Nestlé S.A."])
    d.save()


def e09():
    """Memorandum."""
    d = Doc("e09.pdf", font="monospace", fs=10, top=60, lh=1.35)
    d.flow("<p><b>SAVE THE CHILDREN INTERNATIONAL</b></p>", align="center", gap=4)
    d.flow("<p>St Vincent House, 30 Orange Street, London WC2H 7HH</p>", align="center", fs=8, gap=18)
    d.flow("<p><b>MEMORANDUM</b></p>", fs=14, gap=18)
    d.flow("<table><tr><td style='width:80pt'>TO:</td><td>Country Directors, Middle East and Eastern Europe Region</td></tr>"
           "<tr><td>FROM:</td><td>Maria Okonjo, Head of Advocacy, Geneva Office</td></tr>"
           "<tr><td>DATE:</td><td>2021-02-08</td></tr>"
           "<tr><td>CC:</td><td>Inger Ashing; Jeremy Stoner</td></tr>"
           "<tr><td>RE:</td><td>Preparation for the 46th session of the Human Rights Council</td></tr></table>", gap=6)
    d.page.draw_line((72, d.y), (523, d.y), width=1)
    d.space(12)
    d.paras([
        "1. The 46th session of the Human Rights Council will open on 22 February 2021 and close on 23 March 2021. "
        "Because of the pandemic it will again be held largely online, and side events will be virtual only.",
        "2. Our priorities are (a) the renewal of the mandate of the Commission of Inquiry on Syria, (b) the annual "
        "day on the rights of the child, which this year focuses on the Sustainable Development Goals, and (c) the "
        "resolution on children in armed conflict led by Uruguay and the European Union.",
        "3. Please send me by 15 February any case material from Idlib and north-east Syria that can be used in oral "
        "statements. All material must be cleared by the Safeguarding Unit and must not identify individual children.",
        "4. UNICEF and Child Rights Connect have proposed a joint statement on the return of children held in camps. "
        "I recommend that we co-sign, subject to the comments of the Syria Response Office.",
        "5. Country offices wishing to nominate a young speaker should contact Ahmad Karimi in the Geneva team. "
        "Speakers must be over 15 and have parental consent.",
        "6. A short briefing call will take place on Thursday 11 February at 14:00 CET.",
    ])
    d.flow("<p>M.O.</p>", gap=6)
    d.save()


def e10():
    """Outlook e-mail printout."""
    d = Doc("e10.pdf", font="sans-serif", fs=10.5, top=50)
    d.flow("<p><b>Sarah Whitfield</b></p>", fs=13, gap=4)
    d.page.draw_line((72, d.y), (523, d.y), width=1.5)
    d.space(8)
    d.flow("<table><tr><td style='width:70pt'><b>From:</b></td><td>Sarah Whitfield &lt;whitfield@business-humanrights.org&gt;</td></tr>"
           "<tr><td><b>Sent:</b></td><td>Wednesday, 17 June 2020 10:42</td></tr>"
           "<tr><td><b>To:</b></td><td>Karl-Johan Persson &lt;karl-johan.persson@hm.com&gt;</td></tr>"
           "<tr><td><b>Cc:</b></td><td>Leyla Ertur &lt;leyla.ertur@hm.com&gt;; Phil Bloomer &lt;bloomer@business-humanrights.org&gt;</td></tr>"
           "<tr><td><b>Subject:</b></td><td>Request for response: unpaid wages at supplier factories in Yangon</td></tr>"
           "<tr><td><b>Attachments:</b></td><td>Allegations_Yangon_10June2020.pdf</td></tr></table>", gap=16)
    d.paras([
        "Dear Mr. Persson,",
        "The Business &amp; Human Rights Resource Centre is an international NGO that tracks the human rights impacts "
        "of over 10,000 companies. We invite H&amp;M Group to respond to the attached allegations, which were "
        "published by the Myanmar Labour Solidarity Organisation on 10 June 2020.",
        "The report states that workers at two factories in the Shwepyithar industrial zone that produce for "
        "H&amp;M, Primark and Inditex were dismissed in April 2020 without the severance pay required by the "
        "Myanmar Labour Law, and that union leaders were among the first to be dismissed.",
        "In particular, we would be grateful if you could tell us whether H&amp;M has investigated these cases, "
        "whether it will ensure that the dismissed workers receive their full legal entitlements, and how it applies "
        "its commitment, made on 3 April 2020, to pay for orders already in production.",
        "We intend to publish your response on our website on 24 June 2020, alongside the responses of the other "
        "brands. If you do not respond, we will indicate this.",
        "Kind regards,",
        "Sarah Whitfield<br>Researcher, Garments and Textiles<br>Business &amp; Human Rights Resource Centre<br>"
        "www.business-humanrights.org",
    ])
    d.put(72, 810, 523, "<p>1</p>", fs=8, align="center")
    d.save()


def e11():
    """Gmail printout."""
    d = Doc("e11.pdf", font="sans-serif", fs=10, top=40)
    d.put(72, 30, 300, "<p><b>Gmail</b></p>", fs=14)
    d.put(300, 32, 523, "<p>Laura Chen &lt;laura.chen.esg@gmail.com&gt;</p>", fs=9, align="right")
    d.page.draw_line((72, 52), (523, 52), width=0.7)
    d.y = 62
    d.flow("<p><b>Financing of the Amazon oil frontier: follow-up to our meeting in Paris</b></p>", fs=13, gap=4)
    d.flow("<p>1 message</p>", fs=8.5, gap=10)
    d.page.draw_line((72, d.y - 4), (523, d.y - 4), width=0.4)
    d.flow("<table style='width:100%'><tr><td><b>Tomás Rivera</b> &lt;trivera@amazonwatch.org&gt;</td>"
           "<td style='text-align:right'>Tue, Mar 3, 2020 at 4:12 PM</td></tr></table>", fs=9, gap=2)
    d.flow("<p>To: Laura Chen &lt;laura.chen.esg@gmail.com&gt;<br>Cc: Moira Birss &lt;moira@amazonwatch.org&gt;</p>", fs=9, gap=14)
    d.paras([
        "Dear Laura,",
        "Thank you again for meeting with us in Paris on February 20. As promised, I am sending you the summary "
        "of our research on the financing of oil extraction in the Sacred Headwaters region of Ecuador and Peru.",
        "Our analysis shows that between 2009 and 2019 BNP Paribas, Natixis and Crédit Agricole arranged more than "
        "US$ 5 billion in trade finance for oil cargoes from the Amazon, much of it through Swiss trading houses "
        "such as Vitol and Gunvor. Indigenous organisations, including CONFENIAE and the Achuar of Peru, have asked "
        "the banks to exclude these flows.",
        "We would like to know whether your team will present the exclusion proposal to the bank's CSR committee "
        "before its next meeting on March 26, and whether the policy on Arctic and oil sands of 2017 could be "
        "extended to the Amazon.",
        "I have attached the spreadsheet with the individual transactions. Please let me know if anything is "
        "unclear.",
        "Best,<br>Tomás",
        "--<br>Tomás Rivera<br>Finance Campaigner | Amazon Watch<br>+1 510 281 9020",
    ], fs=10)
    d.put(72, 815, 523, "<p>https://mail.google.com/mail/u/0/?ik=4f2a&amp;view=pt&amp;search=all&amp;permthid=thread-f:1660</p>", fs=7)
    d.put(400, 815, 523, "<p>1/1</p>", fs=7, align="right")
    d.put(72, 12, 300, "<p>3/5/20, 9:31 AM</p>", fs=7)
    d.save()


STATEMENT_ORGS_EN = [
    "Amnesty International", "ARTICLE 19", "Cairo Institute for Human Rights Studies", "CIVICUS",
    "Committee to Protect Journalists", "Egyptian Initiative for Personal Rights", "EuroMed Rights",
    "FIDH", "Front Line Defenders", "Human Rights First", "Human Rights Watch", "Index on Censorship",
    "International Service for Human Rights", "PEN America", "Reporters Without Borders",
    "The Freedom Initiative", "Project on Middle East Democracy", "World Organisation Against Torture"]


def e12():
    """Joint statement with a 3-column table of signatories."""
    def foot(doc, i, n):
        doc.put(72, 805, 523, "<p>%d</p>" % i, fs=8, align="center")
    d = Doc("e12.pdf", fs=10.5, top=60, footer=foot)
    d.flow("<p><b>JOINT STATEMENT</b></p>", fs=11, gap=4)
    d.flow("<p><b>Egypt: Release human rights defenders detained in pre-trial detention</b></p>", fs=16, gap=8)
    d.flow("<p>12 October 2020</p>", gap=14)
    d.paras([
        "We, the undersigned organisations, call on the Egyptian authorities to immediately and unconditionally "
        "release the human rights defenders, lawyers and journalists who are being held in prolonged pre-trial "
        "detention solely for their peaceful work.",
        "Since September 2019, the Supreme State Security Prosecution has ordered the detention of hundreds of "
        "people on charges of “joining a terrorist group” and “spreading false news”. Among them are the lawyer "
        "Mahienour el-Masry, the researcher Patrick George Zaki, arrested on 7 February 2020 at Cairo airport, and "
        "the blogger Alaa Abdel Fattah. Their detention is renewed every 45 days without a trial, a practice "
        "known as “recycling”.",
        "On 12 March 2020, 31 states delivered a joint statement at the Human Rights Council expressing concern at "
        "the use of counter-terrorism legislation against civil society in Egypt. Since then, the situation has "
        "worsened: detainees have been denied family visits on the pretext of COVID-19 measures, and at least "
        "14 people died in custody between March and September 2020.",
        "We urge the governments of the European Union, the United Kingdom and the United States to raise these "
        "cases publicly and privately with President Abdel Fattah al-Sisi, and to make clear that arms sales and "
        "security cooperation cannot continue as usual while critics are imprisoned.",
        "<b>Signatories:</b>",
    ])
    rows = [STATEMENT_ORGS_EN[i:i + 3] for i in range(0, len(STATEMENT_ORGS_EN), 3)]
    for r in rows:
        d.flow("<table style='width:100%'><tr>" + "".join("<td style='width:33%%'>%s</td>" % c for c in r) + "</tr></table>",
               gap=2, fs=9.5)
    d.save()


def e13():
    """Open letter to several named ministers; three pages; running header; On behalf of list."""
    def head(doc, i, n):
        doc.put(72, 36, 523, "<p>Letter to Ministers Freeland, Joly and Ng – February 1, 2022 &#160;&#160;&#160;&#160; Page %d of %d</p>"
                % (i, n), fs=8.5, align="right")
    d = Doc("e13.pdf", size=LETTER, font="serif", fs=11, top=50, top_cont=70, bottom=380, header=head)
    d.put(72, 40, 540, "<p><b>CANADIAN NETWORK ON CORPORATE ACCOUNTABILITY</b></p>", fs=13)
    d.put(72, 58, 540, "<p>Réseau canadien sur la reddition de compte des entreprises · 75 Albert Street, Suite 1300, Ottawa ON K1P 5E7</p>", fs=8)
    d.y = 100
    d.flow("<p>February 1, 2022</p>", gap=16)
    d.flow("<p>The Honourable Chrystia Freeland<br>Deputy Prime Minister and Minister of Finance</p>", gap=6)
    d.flow("<p>The Honourable Mélanie Joly<br>Minister of Foreign Affairs</p>", gap=6)
    d.flow("<p>The Honourable Mary Ng<br>Minister of International Trade, Export Promotion, Small Business and "
           "Economic Development</p>", gap=6)
    d.flow("<p>House of Commons<br>Ottawa, Ontario K1A 0A6</p>", gap=16)
    d.flow("<p><b>Open letter: Canada must legislate mandatory human rights due diligence</b></p>", gap=12)
    d.paras(["Dear Ministers,",
             "We write on behalf of the members of the Canadian Network on Corporate Accountability, a coalition of "
             "human rights, environmental, faith-based and labour organisations, to urge you to introduce legislation "
             "this year that would require Canadian companies to prevent human rights abuses and environmental harm "
             "throughout their global operations and supply chains."])
    d.bottom = 792 - 72
    d.paras([
        "Your mandate letters of December 16, 2021 commit the Government to introduce legislation to eradicate "
        "forced labour from Canadian supply chains. We welcome this commitment, but we are concerned that a narrow "
        "reporting law, like Bill S-211 currently before the Senate, would not change corporate behaviour. "
        "Experience with the UK Modern Slavery Act of 2015 shows that reporting obligations alone lead to "
        "boilerplate statements rather than action.",
        "Canadian mining companies operate in more than one hundred countries. The Canadian Ombudsperson for "
        "Responsible Enterprise, Sheri Meyerhoffer, still lacks the power to compel documents and testimony that "
        "the Government promised when the office was announced on January 17, 2018. Affected communities in "
        "Guatemala, Eritrea and Papua New Guinea have had to seek justice in Canadian courts, as in the case of "
        "Nevsun Resources Ltd. v. Araya decided by the Supreme Court of Canada on February 28, 2020.",
        "We therefore ask you to table a bill that would:",
        "<ol><li>require companies to identify, prevent and mitigate human rights and environmental risks in "
        "their operations and value chains;</li><li>apply to all sectors and to companies of all sizes, "
        "proportionately to their risks;</li><li>give affected people a right of action in Canadian courts, with "
        "a reversed burden of proof once harm is shown;</li><li>set out penalties, including the exclusion of "
        "companies from Export Development Canada support and federal procurement; and</li><li>give the "
        "Ombudsperson the power to investigate independently.</li></ol>",
        "Such legislation would bring Canada in line with France's Duty of Vigilance Law of 2017, Germany's Supply "
        "Chain Act adopted in June 2021, and the directive that the European Commission is expected to propose "
        "in the coming weeks. It would also give effect to the UN Guiding Principles on Business and Human Rights, "
        "which Canada endorsed in 2011.",
        "The human cost of inaction is well documented. Workers who produce gloves for the Canadian health sector "
        "in Malaysia have reported debt bondage; Uyghur workers have been transferred to factories supplying global "
        "brands sold in Canada; and land defenders opposing Canadian-owned mines have been threatened and killed. "
        "Voluntary guidance, such as the Responsible Business Conduct Abroad strategy released on April 28, 2021, "
        "has not prevented these abuses.",
        "A strong law would also benefit responsible Canadian companies, which currently compete with firms that "
        "ignore these risks. A number of investors, including members of the Responsible Investment Association, "
        "have publicly supported mandatory due diligence.",
        "We would welcome the opportunity to meet with each of you, or with your officials, before the spring "
        "sitting of Parliament. Please contact Emily Dwyer, Policy Director, at the address above.",
        "Sincerely,",
    ])
    d.space(24)
    d.paras(["Emily Dwyer<br>Policy Director<br>Canadian Network on Corporate Accountability"], gap=14)
    d.paras(["<b>On behalf of:</b>"], gap=4)
    members = ["Above Ground", "Amnesty International Canada", "Canadian Labour Congress", "Climate Action Network Canada",
               "Development and Peace – Caritas Canada", "Inter Pares", "MiningWatch Canada", "Oxfam Canada",
               "Public Service Alliance of Canada", "The United Church of Canada", "United Steelworkers", "World Vision Canada"]
    for m in members:
        d.flow("<p>%s</p>" % m, gap=1, x0=90)
    d.space(12)
    d.paras(["cc: The Right Honourable Justin Trudeau, Prime Minister of Canada<br>&#160;&#160;&#160;&#160;&#160;&#160;"
             "Sheri Meyerhoffer, Canadian Ombudsperson for Responsible Enterprise"], fs=9.5)
    d.save()


def e14():
    """p.p. signature; no date at all."""
    d = Doc("e14.pdf", fs=10.5, top=50)
    d.put(72, 40, 523, "<p><b>GREENPEACE</b></p>", fs=20, align="right")
    d.put(72, 66, 523, "<p>Greenpeace UK · Canonbury Villas · London N1 2PN · www.greenpeace.org.uk</p>", fs=8, align="right")
    d.y = 120
    d.flow("<p>Ken Murphy<br>Group Chief Executive<br>Tesco PLC<br>Tesco House, Shire Park<br>Kestrel Way<br>Welwyn Garden City AL7 1GA</p>", gap=18)
    d.flow("<p><b>Soya in your supply chain and the destruction of the Cerrado</b></p>", gap=12)
    d.paras([
        "Dear Mr Murphy,",
        "We are writing to ask Tesco to set a deadline for removing from its supply chain all soya linked to the "
        "clearance of native vegetation in Brazil, including the Cerrado savannah, where an area larger than "
        "Greater London was cleared between August 2019 and July 2020 according to the Brazilian space agency INPE.",
        "Most of this soya reaches Tesco shelves indirectly, as feed for the chicken, pork and eggs sold in your "
        "stores. Our investigation with Unearthed found that Moy Park, one of your main chicken suppliers, buys feed "
        "containing soya shipped by Cargill and Bunge from ports that serve the regions with the highest rates of "
        "clearance.",
        "Tesco committed in 2010, as a member of the Consumer Goods Forum, to achieve zero net deforestation by "
        "2020. That date has now passed. We welcome your support for the Cerrado Manifesto, but support for a "
        "statement is not the same as a verified supply chain.",
        "We ask Tesco to (1) adopt a cut-off date of 2020 for all conversion of natural ecosystems, (2) require "
        "its suppliers to stop buying from traders that cannot demonstrate compliance, and (3) publish the names of "
        "its feed suppliers and their sources.",
        "We would welcome a meeting with you and with Tesco's Chief Product Officer, Ashwin Prasad, to discuss "
        "these requests.",
        "Yours sincerely,",
    ])
    d.space(10)
    d.paras(["<i>Rosie Rogers</i>"], gap=2)
    d.paras(["p.p. John Sauven<br>Executive Director<br>Greenpeace UK"])
    d.save()


# ---------------------------------------------------------------- Spanish
