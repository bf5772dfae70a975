"""The synthetic corpus's vocabulary: organisations, people, topics and phrasebooks in English, Spanish and French."""

from __future__ import annotations

from dataclasses import dataclass

# ----------------------------------------------------------------- organisations


@dataclass(frozen=True)
class Org:
    name: str
    address: str
    city: str
    kind: str          # ngo | company | investor | un | government | union
    language: str = "en"


ORGS = [
    Org("Open Rights Watch", "12 Carrow Lane, London N1 4QT, United Kingdom", "London", "ngo"),
    Org("Privacy Frontline", "Rue du Marteau 41, 1000 Brussels, Belgium", "Brussels", "ngo"),
    Org("Digital Dignity Network", "221 Harmon Street, Toronto, ON M5V 2T6, Canada", "Toronto", "ngo"),
    Org("Surveillance Accountability Project", "88 Wexford Road, Dublin 8, Ireland", "Dublin", "ngo"),
    Org("Centre for Technology and Civic Space", "Plot 14, Kilima Road, Nairobi, Kenya", "Nairobi", "ngo"),
    Org("Free Press Defence Fund", "310 Garnet Avenue, Washington, DC 20009", "Washington", "ngo"),
    Org("Land and Livelihoods Alliance", "5 Orchard Row, Oxford OX1 2JD, United Kingdom", "Oxford", "ngo"),
    Org("Fair Threads Initiative", "Keizersstraat 19, 1011 Amsterdam, Netherlands", "Amsterdam", "ngo"),
    Org("Forest Peoples Advocacy", "17 Riverside Walk, Edinburgh EH3 9QF, United Kingdom", "Edinburgh", "ngo"),
    Org("Workers' Voice International", "Chemin des Vignes 6, 1202 Geneva, Switzerland", "Geneva", "ngo"),
    Org("Extractives Transparency Forum", "40 Marlowe Street, Johannesburg 2001, South Africa", "Johannesburg", "ngo"),
    Org("Coalition for Responsible Finance", "9 Lantern Yard, London SE1 9PG, United Kingdom", "London", "ngo"),
    Org("Indigenous Rights Legal Centre", "1420 Cedar Lane, Vancouver, BC V6B 1A1, Canada", "Vancouver", "ngo"),
    Org("Migrant Justice Network", "Level 3, 55 Quarry Street, Sydney NSW 2000, Australia", "Sydney", "ngo"),
    Org("Clean Supply Chains Project", "Kanalgatan 8, 411 05 Gothenburg, Sweden", "Gothenburg", "ngo"),
    Org("Coalición por los Derechos Digitales", "Calle Durango 214, Col. Roma Norte, 06700 Ciudad de México",
        "Ciudad de México", "ngo", "es"),
    Org("Fundación Tierra y Agua", "Carrera 7 No. 45-12, Bogotá, Colombia", "Bogotá", "ngo", "es"),
    Org("Observatorio de Empresas y Derechos", "Calle del Prado 18, 28014 Madrid, España", "Madrid", "ngo", "es"),
    Org("Observatoire des Libertés Numériques", "27 rue des Tanneurs, 75011 Paris", "Paris", "ngo", "fr"),
    Org("Collectif Éthique sur les Filières", "12 quai de la Saône, 69002 Lyon", "Lyon", "ngo", "fr"),
    Org("Ligue pour la Transparence Minière", "Avenue des Arts 102, 1000 Bruxelles", "Bruxelles", "ngo", "fr"),
    Org("Veridian Signals Ltd", "40 Wharf Street, Bristol BS1 4RN, United Kingdom", "Bristol", "company"),
    Org("Northwind Mining plc", "1 Fenwick Place, London EC3A 7BB, United Kingdom", "London", "company"),
    Org("Castellan Apparel Group", "Industrieweg 300, 3044 Rotterdam, Netherlands", "Rotterdam", "company"),
    Org("Oruma Palm Holdings", "18 Straits View, Singapore 048583", "Singapore", "company"),
    Org("Brightline Analytics Inc.", "600 Mission Row, San Francisco, CA 94105", "San Francisco", "company"),
    Org("Kessel Hydro Energy S.A.", "Avenida Central 1500, San José, Costa Rica", "San José", "company"),
    Org("Amberfield Logistics", "Unit 4, Harbour Park, Felixstowe IP11 3QW", "Felixstowe", "company"),
    Org("Talisker Pharmaceuticals", "22 Ashdown Road, Cambridge CB2 1TN, United Kingdom", "Cambridge", "company"),
    Org("Meridian Cloud Services", "5 Dock Lane, Dublin 2, Ireland", "Dublin", "company"),
    Org("Harbourline Capital LLP", "7 Mercer Court, London EC2V 6AN", "London", "investor"),
    Org("Stonebridge Pension Fund", "Postbus 1140, 2501 The Hague, Netherlands", "The Hague", "investor"),
    Org("Aldgate Asset Management", "30 Bishopsgate Yard, London EC2N 4AY", "London", "investor"),
    Org("Northern Lights Ethical Fund", "Storgata 12, 0155 Oslo, Norway", "Oslo", "investor"),
    Org("Special Rapporteur on the rights of indigenous peoples",
        "Palais des Nations, CH-1211 Geneva 10, Switzerland", "Geneva", "un"),
    Org("Working Group on business and human rights",
        "Palais des Nations, CH-1211 Geneva 10, Switzerland", "Geneva", "un"),
    Org("Ministry of Trade and Industry, Republic of Arvena", "Government House, Port Esker, Arvena",
        "Port Esker", "government"),
    Org("Department for Export Controls, Marenza", "14 Civic Square, Valdora, Marenza", "Valdora", "government"),
    Org("United Garment Workers' Federation", "3 Mill Road, Dhakeshwari, Arvena", "Dhakeshwari", "union"),
    Org("Transport and Dock Workers' Union", "77 Quay Street, Liverpool L3 4BB, United Kingdom", "Liverpool",
        "union"),
]

FIRST = ("Helen Tomas Amara Jonah Lucía Camille Grace Rafael Niamh Oluwaseun Mateo Priya Daniel Ines "
         "Farah Kenji Sofia Aleksander Mariam Samuel Elif Hannah Diego Chloé Ruth Tariq Laila Marcus "
         "Anika Joaquín Beatriz Yusuf Claire Nadia Pieter Ama Rosa Julien Mei Kwame Ingrid Omar Clara "
         "Esther Hugo Adaeze Leonie Karim Isabel").split()
LAST = ("Marsh Verbeek Lindqvist Pryce Ferrer Béranger Achterberg Ortega Callaghan Bakare Arriaga Raman "
        "Okafor Halvorsen Haddad Tanaka Moreau Novak Osei Demir Whitfield Castillo Lefèvre Adeyemi "
        "Karlsson Nakamura Mensah Brennan Ibáñez Duarte Sørensen Kowalczyk Fontaine Abara Chaudhry "
        "Vasquez Delacroix Mwangi Holloway Quintero Laurent Eriksen Obi Santos Kaplan Ndiaye Renner").split()

TITLES = {
    "ngo": ["Executive Director", "Director", "Research Director", "Head of Advocacy", "Campaigns Lead",
            "Senior Researcher", "Legal Director", "Programme Director", "Chair of the Board"],
    "company": ["Chief Executive Officer", "General Counsel", "Head of Sustainability",
                "Head of Corporate Affairs", "Chief Compliance Officer", "Director of Human Rights",
                "Company Secretary"],
    "investor": ["Partner", "Head of Stewardship", "Chief Investment Officer", "ESG Director",
                 "Managing Director"],
    "un": ["Special Rapporteur", "Chair-Rapporteur"],
    "government": ["Permanent Secretary", "Director-General", "Minister", "Head of Licensing"],
    "union": ["General Secretary", "President", "International Officer"],
}
TITLES_ES = ["Directora ejecutiva", "Coordinador general", "Responsable de incidencia", "Presidenta",
             "Investigador principal", "Directora jurídica"]
TITLES_FR = ["Présidente", "Directeur général", "Responsable du plaidoyer", "Chargée de recherche",
             "Secrétaire général", "Directrice juridique"]

# ---------------------------------------------------------------------- topics

TOPICS = [
    dict(thing=["the {P} platform", "{P}, the company's network analysis product", "the {P} system"],
         P=["SignalSight", "ClearView Relay", "Halcyon Intercept", "NetLens", "Argus Mobile"],
         harm=["the unlawful surveillance of journalists", "the interception of lawyers' communications",
               "the tracking of peaceful protesters", "the targeting of human rights defenders"],
         group=["journalists", "human rights defenders", "opposition politicians", "student activists"],
         subject=["Human rights due diligence for {thing}", "Sales of {P} to government agencies",
                  "Export licensing of {P}"]),
    dict(thing=["the {P} mine", "the {P} copper project", "the proposed {P} expansion"],
         P=["Tallis", "Oruma Ridge", "Kessel Highlands", "Santa Lucerna", "Vardena North"],
         harm=["the forced relocation of farming families", "the contamination of drinking water",
               "the loss of grazing land without compensation", "violence against community leaders"],
         group=["indigenous communities", "smallholder farmers", "families living downstream",
                "community land defenders"],
         subject=["Community consultation at {thing}", "Resettlement and compensation at {thing}",
                  "Water quality near {thing}"]),
    dict(thing=["the company's supplier factories in {P}", "garment production in {P}",
                "the {P} sourcing programme"],
         P=["Dhakeshwari", "Port Esker", "Marenza", "Valdora"],
         harm=["unpaid overtime and withheld wages", "the dismissal of union organisers",
               "unsafe buildings and locked fire exits", "the recruitment fees charged to migrant workers"],
         group=["garment workers", "migrant workers", "women machine operators", "trade union members"],
         subject=["Wages and working conditions in {P}", "Freedom of association at {thing}",
                  "Building safety in your supply chain"]),
    dict(thing=["the {P} plantation concessions", "palm oil from the {P} concessions", "the {P} estate"],
         P=["Lake Oruma", "Ilvar Delta", "Northern Arvena", "Calmo Basin"],
         harm=["the clearance of primary forest", "the burning of community land",
               "the absence of free, prior and informed consent", "the criminalisation of land defenders"],
         group=["forest communities", "customary landholders", "indigenous peoples", "local farmers"],
         subject=["Deforestation linked to {thing}", "Free, prior and informed consent in the {P} concessions",
                  "Land conflict at {thing}"]),
    dict(thing=["the {P} facial recognition service", "{P}, the company's biometric product",
                "the automated decision system known as {P}"],
         P=["FaceMatch Pro", "Sentinel ID", "CivicScan", "Brightline Verify"],
         harm=["discriminatory error rates", "mass identification in public spaces",
               "the retention of biometric data without a legal basis", "wrongful arrests"],
         group=["racialised communities", "asylum seekers", "welfare claimants", "protesters"],
         subject=["Deployment of {P} by police forces", "Biometric data and {thing}",
                  "Algorithmic discrimination in {P}"]),
    dict(thing=["the {P} hydroelectric dam", "the {P} reservoir project", "construction at {P}"],
         P=["Rio Calmo", "Kessel Falls", "Vardena Gorge", "Upper Ilvar"],
         harm=["the flooding of ancestral land", "inadequate resettlement housing",
               "the loss of fisheries downstream", "threats against community monitors"],
         group=["displaced families", "fishing communities", "indigenous peoples", "downstream villages"],
         subject=["Displacement caused by {thing}", "Grievances of communities affected by {thing}",
                  "Financing of {thing}"]),
    dict(thing=["the {P} clinical trials", "the company's pricing of {P}", "access to {P} in low-income countries"],
         P=["Veloxan", "Tribavir", "Corvantis", "Meltrazine"],
         harm=["the enrolment of trial participants without informed consent",
               "prices that put treatment out of reach of public health systems",
               "the withdrawal of treatment at the end of a trial", "the suppression of adverse trial results"],
         group=["patients", "trial participants", "public health systems", "people living with the disease"],
         subject=["Access to {P}", "Ethics of the {P} trials", "Pricing of {P} in lower-income markets"]),
]

VILLAGES = ("Santa Irene, Kavalo, Mbeli, Tarrow Creek, Los Aromos, Ndembe, Keswa, San Telmo, Vallejuelo, "
            "Ostrava Nueva, Palmar Alto, Ruvasi, Ilinde, Cerro Negro, Makora, Tembe Falls, Amaru, "
            "Lomas del Río, Kiseru, Pinewood Flats, Haldane, Bukesa, Ribeira Seca, Nyamosi, El Carrizal, "
            "Tavari, Mokolo, Kirra Bend, Las Tunas, Ombeni").split(", ")
OCCUPATIONS = ["teacher", "fisherman", "midwife", "smallholder farmer", "machine operator", "radio journalist",
               "community health worker", "union representative", "shopkeeper", "lawyer", "student",
               "nurse", "lorry driver", "seamstress", "village elder", "carpenter", "market trader"]
TESTIMONY = ["nobody from the company had ever visited the village",
             "the compensation offered was less than a season's harvest",
             "her phone had been monitored after she spoke to a reporter",
             "workers were told they would lose their jobs if they joined the union",
             "the consultation meeting was held in a language most residents do not speak",
             "the water from the well had turned brown within weeks of the blasting",
             "police had dispersed a peaceful meeting without explanation",
             "his family had been moved twice in three years",
             "the grievance hotline never answered",
             "they learned of the project from a notice nailed to the school door"]
REPORT_WORDS = (["Broken Promises", "Silent Partners", "Paper Commitments", "Out of Sight", "Unfinished Business",
                 "No Consent, No Project", "Watching the Watchers", "The Price of Delay", "Due Diligence Deferred",
                 "Lines of Accountability"],
                ["Surveillance Exports and Human Rights", "Land, Water and the Right to Say No",
                 "Wages in the Garment Supply Chain", "Investors and Community Consent",
                 "Remedy for Affected Communities", "Corporate Transparency in Practice"])
COURTS = ["High Court of Arvena", "Constitutional Court of Marenza", "Regional Administrative Tribunal",
          "Labour Court of Valdora", "District Court of Port Esker", "Environmental Tribunal"]
BODIES = ["the company's grievance office", "the national human rights commission", "the OECD National Contact Point",
          "the provincial environment agency", "the labour inspectorate", "the ombudsperson"]
COMMITTEES = ["water committee", "community council", "women's association", "fishers' cooperative",
              "workers' committee", "land defence committee"]

COMPANY_TOPICS = {"Veridian Signals Ltd": 0, "Northwind Mining plc": 1, "Castellan Apparel Group": 2,
                  "Oruma Palm Holdings": 3, "Brightline Analytics Inc.": 4, "Kessel Hydro Energy S.A.": 5,
                  "Amberfield Logistics": 2, "Talisker Pharmaceuticals": 6, "Meridian Cloud Services": 4}

EN = {
    "open": [
        "We write {on behalf of|as} {self} {about|regarding|concerning} {thing}.",
        "I am writing to you on behalf of {self} about {thing} and its impact on {group}.",
        "We are writing to follow up on our correspondence of {past} about {thing}.",
        "{self} has {followed|monitored|documented} {thing} {for several years|since {year}|closely}.",
        "We {are grateful for|appreciate} your {reply|letter} of {past}, but {remain concerned|are disappointed} by its content.",
        "This letter sets out our {concerns|findings} about {thing} and the steps we believe {target_ref} should now take.",
        "We are a {coalition|network|group} of organisations working with {group} in the areas affected by {thing}.",
        "Over the past {n} months we have {received|collected} {accounts|testimony} from {group} about {harm}.",
    ],
    "evidence": [
        "Our research, including interviews with {n} {group}, indicates that {thing} has been linked to {harm}.",
        "{Reports|Testimony|Documents} we have {received|reviewed|gathered} since {year} point to {harm} in connection with {thing}.",
        "According to information provided by local partners, {group} have {reported|described|documented} {harm}.",
        "In {month} {year}, {n} {group} told our researchers that they had {not been consulted|received no information|been threatened} before work began.",
        "We have {found|seen} no public evidence that {target_ref} has {assessed|addressed|acknowledged} the risk of {harm}.",
        "These {concerns|allegations|findings} are {consistent with|supported by} independent reporting and the {findings|conclusions} of {standard_body}.",
        "The situation of {group} has {deteriorated|worsened|not improved} since our last letter.",
        "Several of the people we interviewed asked not to be named, for fear of {reprisals|losing their jobs|further harassment}.",
        "Satellite images and {company records|procurement documents|court filings} we have examined confirm that work continued {after the complaints were made|despite repeated objections}.",
        "A {local|regional} court found in {month} {year} that {group} had not been {properly consulted|adequately compensated}.",
        "Community representatives {estimate|report} that {n} households have been affected so far.",
    ],
    "standard": [
        "Under {standard}, companies are expected to {identify, prevent and mitigate|avoid causing or contributing to} adverse human rights impacts, and to account for how they address them.",
        "Under {standard}, the responsibility to respect human rights exists independently of a State's ability or willingness to fulfil its own obligations.",
        "Meaningful consultation with {group} is {a core element|an essential part|a basic requirement} of human rights due diligence.",
        "A company that {learns|becomes aware} that it has contributed to {harm} should {provide for or cooperate in|take part in} remediation through legitimate processes.",
        "Due diligence is an ongoing process, not a single assessment carried out before a {project|contract|sale} begins.",
        "The severity of the risk to {group} calls for {heightened|enhanced} due diligence, a point made repeatedly in {standard}.",
        "Transparency is not optional: companies should communicate how they address their impacts in a form that is accessible to {group}.",
    ],
    "ask": [
        "We therefore ask {target_ref} to {ask}.",
        "{First|In particular|Above all}, we ask that {target_ref} {ask}.",
        "We would also ask you to {ask}, and to {ask}.",
        "We urge {target_ref} to {ask} {without further delay|as a matter of urgency|before {future}}.",
        "We would welcome a meeting to discuss how {target_ref} intends to {ask}.",
        "We also ask you to confirm in writing whether {target_ref} will {ask}.",
        "If {target_ref} is not able to {ask}, we ask you to explain why.",
    ],
    "rebut": [
        "In your letter of {past} you stated that {target_ref} would {promise} by {past_deadline}. That date has passed, and {nothing has been published|no progress has been reported|the commitment has not been met}.",
        "Your {response|reply|statement} does not address {harm}, which was the central concern of our {letter|report|submission}.",
        "The {summary|report|statement} you published {in {month} {year}|last year} does not mention {group} or the {allegations|concerns|findings} we raised.",
        "We note that your claim to have {consulted|engaged with} {group} is contradicted by the {testimony|accounts} of the people concerned.",
        "You describe the {panel|review|assessment} as independent, but {its members were chosen by the company|its terms of reference have never been published|its findings are not made public}.",
    ],
    "reply": [
        "Thank you for your letter of {past}, which {I have shared with the Board|we have considered carefully|has been passed to me for reply}.",
        "I write in response to your letter of {past} concerning {thing}.",
        "We welcome the opportunity to respond to the {concerns|questions|points} raised in your {letter|report} of {past}.",
        "{self} takes the {issues|concerns} you raise seriously, and I {want|would like} to set out what we are doing.",
        "I am grateful for the time your organisation has taken to {research|document|raise} these {matters|issues}.",
    ],
    "claim": [
        "{self} has {always|consistently} {complied with|acted in accordance with} {standard} and the law of every country in which we operate.",
        "We do not accept that {thing} has caused or contributed to {harm}.",
        "The {allegations|claims|statements} in your letter do not reflect the {facts|situation on the ground|findings of our own review}.",
        "Our {internal review|independent audit|site visit} in {month} {year} found no evidence of {harm}.",
        "We have {engaged|consulted} with {group} {on several occasions|throughout the project|since {year}}, and we will continue to do so.",
        "All of our {contracts|licences|operations} are subject to {rigorous|regular|independent} review by our compliance team.",
        "We are not able to disclose {commercially sensitive information|the identity of our customers|the details of individual contracts}.",
        "The {figures|reports} cited in your letter {appear to be based on|rely on} {outdated information|a small number of interviews|secondary sources}.",
    ],
    "policy": [
        "Our human rights policy, {adopted|updated} in {year}, commits us to respect {standard}.",
        "Responsibility for human rights sits with {the Board, which|our Sustainability Committee, which|the Chief Executive, who} {reviews|oversees} our most significant risks {every quarter|twice a year|annually}.",
        "In {year} we {trained|briefed} {n} members of staff on human rights due diligence.",
        "We expect our {suppliers|partners|customers} to meet the same standards, and we {audit|review} them {regularly|every year|before every contract}.",
        "Where we identify a risk to {group}, we {take action to address it|work with the people concerned|report it to the Board}.",
    ],
    "commit": [
        "We will {promise} by {future}.",
        "{self} is committed to {promise_ing}, and we expect to do so before the end of {year_next}.",
        "Before {future} we will {promise}.",
        "The Board has agreed that we will {promise}, and we will report on progress {every quarter|twice a year|in our annual report}.",
        "We recognise that we must do more, and we will {promise} {in the coming months|during {year_next}|by {future}}.",
        "In addition, we will {promise} and share the results with {group}.",
    ],
    "memo": [
        "This note {summarises|sets out} where we stand on {thing} ahead of the {Board meeting|next quarterly review|meeting with our investors}.",
        "{target_ref} has written to us again about {thing}, and {a reply is due by {future}|we have promised a reply by {future}}.",
        "{Legal|The compliance team|Our external advisers} {has|have} reviewed the {draft reply|assessment|correspondence} and {recommend caution|see no obstacle to publication|suggest two changes}.",
        "I recommend that we {acknowledge the delay|confirm the new date|avoid committing to a specific date} in our reply.",
        "The {timetable|budget|scope} for the {assessment|audit|panel} will need to be agreed at the next meeting.",
    ],
    "detail": [
        "{person}, a {occupation} from {village}, told us that {testimony}.",
        "Our report “{report}”, published in {month} {year}, documents {n_num} cases in {village}, {village} and {village}.",
        "Between {month} {year} and {month} {year_now}, {n_num} complaints were filed with {body}.",
        "See, for example, the {decision|ruling|judgment} of the {court} in case no. {case_no}.",
        "{person}, who {leads|coordinates|chairs} the {village} {committee}, has written to {target_ref} {twice|three times|repeatedly} without receiving a reply.",
        "The {village} {committee} {submitted|presented|delivered} a petition signed by {n_num} residents in {month} {year}.",
        "According to minutes of a meeting held in {village} on {past}, {group} {objected to|questioned|were not told about} the {compensation offered|proposed timetable|terms of the agreement}.",
    ],
    "close": [
        "We would be grateful for your reply by {future}. We intend to publish this letter, together with any response we receive.",
        "We look forward to your response{| and to continuing this dialogue}.",
        "Please do not hesitate to contact {me|us} if you {have any questions|would like further information}.",
        "A copy of this letter has been sent to {cc}.",
        "We would welcome {the opportunity to meet|a meeting} with you to discuss these {matters|issues|commitments} further.",
    ],
}
ASKS = ["publish a human rights impact assessment of {thing}", "disclose the list of its suppliers and customers",
        "establish an effective grievance mechanism for {group}", "suspend operations until {group} have been consulted",
        "commission an independent investigation into {harm}", "provide remedy to {group}",
        "publish the terms of reference of its human rights review", "appoint independent oversight of sensitive sales",
        "report publicly on the steps taken to address {harm}", "meet with representatives of {group}"]
PROMISES = ["publish a human rights impact assessment of {thing}", "publish a summary of our human rights governance",
            "appoint an independent advisory panel", "establish a grievance mechanism open to {group}",
            "commission an independent audit of our due diligence", "report publicly on the concerns you have raised",
            "review our policy on sales to government customers", "publish the list of our tier-one suppliers"]
STANDARDS = ["the UN Guiding Principles on Business and Human Rights", "the OECD Guidelines for Multinational Enterprises",
             "the ILO core labour conventions", "the UN Declaration on the Rights of Indigenous Peoples",
             "the OECD Due Diligence Guidance for Responsible Business Conduct"]
STANDARD_BODIES = ["UN special procedures", "the national human rights commission", "independent journalists",
                   "a parliamentary inquiry", "the OECD National Contact Point"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
             "novembre", "décembre"]

ES = [
    "Nos dirigimos a usted en nombre de {self} en relación con {thing_es}.",
    "Desde {year}, {self} ha documentado {harm_es} en comunidades cercanas a {thing_es}.",
    "Según la información recibida, al menos {n_num} {group_es} han denunciado {harm_es}.",
    "Los Principios Rectores de las Naciones Unidas sobre las Empresas y los Derechos Humanos establecen que las empresas deben identificar, prevenir y mitigar los efectos negativos de sus actividades.",
    "Hasta la fecha, {target} no ha publicado ninguna evaluación de impacto ni ha consultado a las comunidades afectadas.",
    "Por ello, le solicitamos que {target} {ask_es}.",
    "Asimismo, pedimos que se establezca un mecanismo de reclamación accesible para {group_es}.",
    "En su carta del {past_es}, {target} se comprometió a publicar un informe antes del {future_es}; ese plazo ya ha vencido.",
    "Consideramos que la respuesta recibida no aborda {harm_es}, que era nuestra principal preocupación.",
    "Agradeceríamos recibir su respuesta antes del {future_es}. Esta carta y su respuesta se harán públicas.",
    "Quedamos a su disposición para una reunión con representantes de {group_es}.",
]
FR = [
    "Nous vous écrivons au nom de {self} au sujet de {thing_fr}.",
    "Depuis {year}, {self} documente {harm_fr} à proximité de {thing_fr}.",
    "Selon les informations recueillies, au moins {n_num} {group_fr} ont signalé {harm_fr}.",
    "Les Principes directeurs des Nations unies relatifs aux entreprises et aux droits de l’homme exigent des entreprises qu’elles identifient, préviennent et atténuent les incidences négatives de leurs activités.",
    "À ce jour, {target} n’a publié aucune étude d’impact et n’a pas consulté les communautés concernées.",
    "Nous demandons donc à {target} de {ask_fr}.",
    "Nous vous demandons également de mettre en place un mécanisme de réclamation accessible aux {group_fr}.",
    "Dans votre lettre du {past_fr}, vous vous étiez engagés à publier un rapport avant le {future_fr} ; ce délai est dépassé.",
    "Votre réponse ne traite pas de {harm_fr}, qui constituait pourtant notre principale préoccupation.",
    "Nous vous serions reconnaissants de bien vouloir nous répondre avant le {future_fr}. Cette lettre sera rendue publique.",
    "Nous restons à votre disposition pour une rencontre avec des représentants des {group_fr}.",
]
FOREIGN = {
    "thing_es": ["la mina de Tallis", "la plataforma SignalSight", "la represa de Río Calmo",
                 "la plantación del Lago Oruma"],
    "harm_es": ["la vigilancia ilegal de periodistas", "el desplazamiento forzado de familias campesinas",
                "la contaminación del agua potable", "la falta de consulta previa, libre e informada"],
    "group_es": ["periodistas", "familias campesinas", "comunidades indígenas", "defensoras de derechos humanos"],
    "ask_es": ["publique íntegramente la evaluación de impacto en derechos humanos",
               "suspenda las operaciones hasta que se consulte a las comunidades",
               "repare los daños causados a las personas afectadas"],
    "thing_fr": ["la plateforme SignalSight", "la mine de Tallis", "la centrale hydroélectrique de Rio Calmo",
                 "la plantation du lac Oruma"],
    "harm_fr": ["la surveillance illégale de journalistes", "le déplacement forcé de familles paysannes",
                "la pollution de l’eau potable", "l’absence de consentement libre, préalable et éclairé"],
    "group_fr": ["journalistes", "familles paysannes", "communautés autochtones", "défenseurs des droits humains"],
    "ask_fr": ["publier l’intégralité de l’étude d’impact sur les droits humains",
               "suspendre les activités jusqu’à la consultation des communautés",
               "réparer les préjudices subis par les personnes concernées"],
}

NUMBERS = ["two", "three", "four", "five", "six", "eleven", "twelve", "15", "23", "40", "more than 100"]
