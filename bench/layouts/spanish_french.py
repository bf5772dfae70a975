"""The Spanish and French letters of the second set (see bench/layouts/common.py)."""
from .common import A4, LETTER, Doc, small  # noqa: F401

def s01():
    """Fecha al final."""
    d = Doc("s01.pdf", font="serif", fs=11, top=50)
    d.put(72, 40, 523, "<p><b>COMISIÓN COLOMBIANA DE JURISTAS</b></p>", fs=14, align="center")
    d.put(72, 60, 523, "<p>Organización no gubernamental con estatus consultivo ante la ONU<br>Calle 72 No. 12-65, piso 7 · Bogotá D.C.</p>",
          fs=8.5, align="center")
    d.y = 110
    d.flow("<p>Doctor<br>IVÁN DUQUE MÁRQUEZ<br>Presidente de la República de Colombia<br>Casa de Nariño<br>Ciudad</p>", gap=16)
    d.flow("<p><b>Asunto: Protección de líderes y lideresas sociales en el departamento del Cauca</b></p>", gap=12)
    d.paras([
        "Respetado señor Presidente:",
        "La Comisión Colombiana de Juristas se dirige a usted con profunda preocupación por el aumento de los "
        "asesinatos de personas defensoras de derechos humanos en el departamento del Cauca. Según la Defensoría "
        "del Pueblo, entre el 1 de enero de 2016 y el 28 de febrero de 2019 fueron asesinados 462 líderes sociales "
        "en el país, de los cuales más de ochenta en ese departamento.",
        "En nuestra comunicación del 14 de enero de 2019 solicitamos al Gobierno la convocatoria de la Comisión "
        "Nacional de Garantías de Seguridad, creada por el Acuerdo Final de Paz. Hasta la fecha no hemos recibido "
        "respuesta, y la Comisión no ha sesionado desde el mes de noviembre. Tampoco se ha puesto en marcha el "
        "Programa Integral de Seguridad para las comunidades y organizaciones en los territorios.",
        "Le solicitamos respetuosamente: (i) convocar de inmediato la Comisión Nacional de Garantías de Seguridad; "
        "(ii) adoptar, con la participación de la Asociación de Cabildos Indígenas del Norte del Cauca (ACIN), "
        "medidas colectivas de protección; y (iii) garantizar que la Fiscalía General de la Nación investigue no "
        "solo a los autores materiales, sino también a quienes ordenan estos crímenes.",
        "Agradecemos de antemano su atención y quedamos a la espera de su respuesta.",
        "Atentamente,",
    ])
    d.space(26)
    d.paras(["GUSTAVO GALLÓN GIRALDO<br>Director<br>Comisión Colombiana de Juristas"], gap=18)
    d.paras(["Dado en Bogotá, a los 5 días del mes de mayo de 2019."])
    d.save()


def s02():
    """Madrid, 12 de enero del 2021; footer with registration."""
    def foot(doc, i, n):
        doc.put(72, 790, 523, "<p>Amnistía Internacional España · C/ Fuencarral 123, 1.º · 28010 Madrid · Tel. 91 310 12 77 · "
                "Asociación declarada de utilidad pública, inscrita en el Registro Nacional de Asociaciones con el n.º 34.517 · "
                "CIF G-28667152</p>", fs=6.5, align="center")
    d = Doc("s02.pdf", fs=10.5, top=50, footer=foot)
    d.put(72, 40, 300, "<p><b>AMNISTÍA<br>INTERNACIONAL</b></p>", fs=15)
    d.put(300, 100, 523, "<p>Madrid, 12 de enero del 2021</p>", align="right")
    d.y = 130
    d.flow("<p>Excma. Sra. Dña. Arancha González Laya<br>Ministra de Asuntos Exteriores, Unión Europea y Cooperación<br>"
           "Plaza de la Provincia, 1<br>28012 Madrid</p>", gap=16)
    d.flow("<p>N/Ref.: ARM-2021-003</p>", gap=10, fs=9)
    d.flow("<p><b>Asunto: Exportaciones de material de defensa a Arabia Saudí y Emiratos Árabes Unidos</b></p>", gap=12)
    d.paras([
        "Estimada Ministra:",
        "Me dirijo a usted en nombre de Amnistía Internacional para expresarle nuestra preocupación por los datos "
        "sobre exportaciones de material de defensa correspondientes al primer semestre de 2020, publicados por la "
        "Secretaría de Estado de Comercio el 29 de diciembre de 2020.",
        "Según dichos datos, España autorizó exportaciones por valor de más de 200 millones de euros a Arabia "
        "Saudí y a los Emiratos Árabes Unidos, países que forman parte de la coalición que interviene en Yemen. El "
        "Grupo de Expertos Eminentes de Naciones Unidas ha documentado ataques contra población civil que podrían "
        "constituir crímenes de guerra.",
        "La Ley 53/2007 y el Tratado sobre el Comercio de Armas obligan a denegar las autorizaciones cuando existe "
        "un riesgo claro de que el material se utilice para cometer violaciones graves del derecho internacional "
        "humanitario. Junto con Greenpeace, Oxfam Intermón y FundiPau, que integramos la campaña Armas Bajo "
        "Control, le pedimos que suspenda estas exportaciones y que informe al Congreso de los Diputados sobre los "
        "criterios aplicados.",
        "Le agradecería que nos concediera una reunión para tratar estas cuestiones antes de la próxima "
        "comparecencia del Gobierno ante la Comisión de Defensa.",
        "Reciba un cordial saludo,",
    ])
    d.space(26)
    d.paras(["Esteban Beltrán<br>Director<br>Amnistía Internacional España"])
    d.save()


def s03():
    """Memorándum."""
    d = Doc("s03.pdf", fs=10.5, top=50)
    d.put(72, 40, 523, "<p><b>OXFAM MÉXICO</b></p>", fs=12, align="right")
    d.y = 80
    d.flow("<p><b>MEMORÁNDUM</b></p>", fs=16, align="center", gap=18)
    d.flow("<table><tr><td style='width:70pt'><b>PARA:</b></td><td>Equipo de Programas y Coordinaciones Regionales</td></tr>"
           "<tr><td><b>DE:</b></td><td>Lucía Hernández Ríos, Coordinadora de Incidencia</td></tr>"
           "<tr><td><b>FECHA:</b></td><td>1º de abril de 2020</td></tr>"
           "<tr><td><b>ASUNTO:</b></td><td>Posicionamiento ante las medidas económicas frente a la COVID-19</td></tr></table>", gap=8)
    d.page.draw_line((72, d.y), (523, d.y), width=1)
    d.space(12)
    d.paras([
        "El pasado 23 de marzo de 2020 el Consejo de Salubridad General declaró la emergencia sanitaria, y el "
        "Gobierno federal anunció el 5 de abril un plan de reactivación económica. Ante este contexto, la "
        "Dirección Ejecutiva ha decidido que Oxfam México publique un posicionamiento antes de esa fecha.",
        "El documento propondrá tres medidas: un ingreso mínimo vital temporal para las personas trabajadoras "
        "informales, la suspensión del pago de servicios básicos para los hogares de menores ingresos y un "
        "impuesto extraordinario a las grandes fortunas, en línea con lo planteado por la CEPAL y por la "
        "Organización Internacional del Trabajo.",
        "Les pido que envíen, a más tardar el viernes 3 de abril, casos y datos de las comunidades con las que "
        "trabajan, en especial de trabajadoras del hogar y jornaleros agrícolas. La coordinación con Fundar y con "
        "el colectivo Nosotrxs estará a cargo de Ricardo Fuentes-Nieva.",
        "Cualquier declaración a medios deberá ser validada previamente por el área de Comunicación.",
    ])
    d.paras(["c.c.p. Alexandra Haas, Directora Ejecutiva"], fs=9)
    d.save()


def s04():
    """Respuesta de empresa, dos páginas, Página x de n."""
    def foot(doc, i, n):
        doc.put(72, 800, 523, "<p>Repsol, S.A. · Calle Méndez Álvaro, 44 · 28045 Madrid · Página %d de %d</p>" % (i, n), fs=7.5, align="center")
    d = Doc("s04.pdf", fs=10.5, top=50, footer=foot)
    d.put(72, 40, 300, "<p><b>REPSOL</b></p>", fs=18)
    d.put(330, 42, 523, "<p>Dirección de Sostenibilidad</p>", fs=9, align="right")
    d.y = 100
    d.flow("<table><tr><td>Nuestra ref.:</td><td>DS/2022/118</td></tr><tr><td>Su carta del:</td><td>3 de febrero de 2022</td></tr>"
           "<tr><td>Fecha:</td><td>17 de febrero de 2022</td></tr></table>", gap=16, fs=9.5)
    d.flow("<p>Sra. Astrid Puentes Riaño<br>Codirectora Ejecutiva<br>Asociación Interamericana para la Defensa del Ambiente (AIDA)<br>"
           "Ciudad de México</p>", gap=16)
    d.flow("<p><b>Derrame de crudo en el terminal multiboyas de la Refinería La Pampilla</b></p>", gap=12)
    d.paras([
        "Estimada Sra. Puentes:",
        "Acusamos recibo de su carta del 3 de febrero de 2022, en la que AIDA, junto con la Sociedad Peruana de "
        "Derecho Ambiental y Oxfam Perú, solicita información sobre el derrame ocurrido el 15 de enero de 2022 "
        "durante la descarga del buque Mare Doricum en el terminal de la Refinería La Pampilla, en Ventanilla.",
        "En primer lugar, queremos reiterar nuestro pesar por los daños causados a las comunidades pesqueras y "
        "al medio ambiente de la costa de Lima y Callao. Refinería La Pampilla S.A.A., filial de Repsol, ha "
        "asumido desde el primer momento la responsabilidad de la limpieza y la remediación, bajo la supervisión "
        "del Organismo de Evaluación y Fiscalización Ambiental (OEFA).",
        "Respecto a sus preguntas, le informamos lo siguiente:",
        "<ol><li>Volumen derramado: según la estimación actual, que sigue siendo objeto de verificación "
        "independiente, el volumen asciende a 10.396 barriles.</li><li>Labores de limpieza: al 15 de febrero "
        "trabajan en la zona más de 2.500 personas y 48 embarcaciones; el avance de la limpieza de playas "
        "supera el 80 %.</li><li>Compensaciones: se ha entregado un adelanto económico a más de 5.600 personas "
        "inscritas en el padrón elaborado con el Ministerio de la Producción, y se negociarán compensaciones "
        "definitivas con cada gremio.</li><li>Transparencia: publicaremos semanalmente en nuestra web los "
        "resultados de los monitoreos de agua y sedimentos.</li></ol>",
        "Somos conscientes de que la Defensoría del Pueblo y el Congreso de la República han abierto sus propias "
        "investigaciones, con las que colaboramos plenamente. También hemos recibido a la misión de expertos de "
        "Naciones Unidas que llegó a Lima el 24 de enero de 2022 y hemos puesto a su disposición la información "
        "técnica solicitada.",
        "En cuanto a la causa del incidente, el informe pericial encargado a la empresa Det Norske Veritas se "
        "encuentra todavía en elaboración. Nos comprometemos a compartir sus conclusiones con AIDA y con las "
        "demás organizaciones firmantes en cuanto estén disponibles, así como a responder a cualquier consulta "
        "adicional que deseen plantearnos.",
        "Las asociaciones de pescadores artesanales de Ancón, Chancay y Aucallama nos han trasladado su "
        "preocupación por la duración de la veda y por la caída de las ventas en los mercados. Por ello, junto "
        "con los gobiernos locales, estamos estudiando programas de empleo temporal en las labores de limpieza y "
        "apoyo a la comercialización del pescado procedente de zonas no afectadas, una vez que las autoridades "
        "sanitarias confirmen su inocuidad.",
        "Quedamos a su disposición para mantener una reunión, presencial o virtual, con nuestro equipo en Lima.",
        "Atentamente,",
    ])
    d.space(26)
    d.paras(["María Victoria Zingoni<br>Directora General de Cliente y Generación Baja en Carbono<br>Repsol, S.A."])
    d.save()


def s05():
    """Carta abierta a varios secretarios de Estado; firmas en dos columnas."""
    d = Doc("s05.pdf", fs=10.5, top=50)
    d.put(72, 40, 523, "<p><b>ARTICLE 19 · Oficina para México y Centroamérica</b></p>", fs=11)
    d.put(300, 80, 523, "<p>Ciudad de México, a 8 de marzo de 2021</p>", align="right")
    d.y = 110
    d.flow("<p><b>Marcelo Ebrard Casaubon</b><br>Secretario de Relaciones Exteriores</p>", gap=6)
    d.flow("<p><b>Olga Sánchez Cordero</b><br>Secretaria de Gobernación</p>", gap=6)
    d.flow("<p><b>Alejandro Encinas Rodríguez</b><br>Subsecretario de Derechos Humanos, Población y Migración</p>", gap=6)
    d.flow("<p>P r e s e n t e s</p>", gap=14)
    d.flow("<p><b>Carta abierta sobre el Mecanismo de Protección para Personas Defensoras de Derechos Humanos y Periodistas</b></p>", gap=12)
    d.paras([
        "Las organizaciones abajo firmantes nos dirigimos a ustedes con motivo del Día Internacional de la Mujer "
        "para expresar nuestra preocupación por la situación de las periodistas y defensoras en México. Durante 2020 "
        "fueron asesinados al menos seis periodistas, entre ellos María Elena Ferral, asesinada en Papantla el 30 de "
        "marzo de 2020.",
        "La extinción del fideicomiso del Mecanismo de Protección, aprobada por el Congreso en octubre de 2020, "
        "ha generado incertidumbre sobre el financiamiento de las medidas de protección de más de 1.400 personas "
        "beneficiarias. Como señaló la Oficina en México del Alto Comisionado de las Naciones Unidas para los "
        "Derechos Humanos el 9 de octubre, el presupuesto debe quedar garantizado por ley.",
        "Solicitamos: (1) garantizar un presupuesto suficiente y etiquetado para el Mecanismo en 2021; (2) "
        "incorporar una perspectiva de género en los análisis de riesgo; y (3) publicar la evaluación del "
        "Mecanismo realizada con apoyo de la Agencia de los Estados Unidos para el Desarrollo Internacional.",
        "Quedamos atentas a su respuesta.",
        "<b>Firman:</b>",
    ])
    orgs = ["ARTICLE 19 Oficina para México y Centroamérica", "Centro de Derechos Humanos Miguel Agustín Pro Juárez",
            "Comunicación e Información de la Mujer (CIMAC)", "Red Nacional de Defensoras de Derechos Humanos en México",
            "Propuesta Cívica", "Fundar, Centro de Análisis e Investigación", "Servicios y Asesoría para la Paz (Serapaz)",
            "Red Todos los Derechos para Todas y Todos"]
    for i in range(0, len(orgs), 2):
        d.side(["<p>%s</p>" % o for o in orgs[i:i + 2]], gap=3, keep=20)
    d.save()


# ---------------------------------------------------------------- French
def f01():
    """Fait à Genève, le ... : date à la fin."""
    d = Doc("f01.pdf", font="serif", fs=11, top=50)
    d.put(72, 40, 523, "<p><b>OMCT</b> · Organisation mondiale contre la torture</p>", fs=12)
    d.put(72, 58, 523, "<p>Rue du Vieux-Billard 8 · Case postale 21 · 1211 Genève 8 · Suisse</p>", fs=8)
    d.y = 110
    d.flow("<p>Son Excellence Monsieur Kaïs Saïed<br>Président de la République tunisienne<br>Palais de Carthage<br>"
           "2016 Carthage<br>Tunisie</p>", x0=300, gap=18)
    d.flow("<p><b>Objet : Poursuites contre des avocats et des défenseurs des droits humains devant la justice militaire</b></p>", gap=12)
    d.paras([
        "Monsieur le Président,",
        "L'Organisation mondiale contre la torture (OMCT), au nom des organisations membres de son réseau SOS-Torture, "
        "souhaite vous faire part de sa vive préoccupation concernant la multiplication des poursuites engagées "
        "devant les tribunaux militaires contre des civils, et en particulier contre des avocats.",
        "Le 2 mars 2022, Maître Abderrazak Kilani, ancien bâtonnier de l'Ordre national des avocats de Tunisie, a "
        "été placé en détention sur décision d'un juge d'instruction militaire. Cette décision fait suite à "
        "d'autres poursuites, dont celles visant le député Seifeddine Makhlouf en septembre 2021. La Commission "
        "africaine des droits de l'homme et des peuples a rappelé à plusieurs reprises que les juridictions "
        "militaires ne doivent pas juger des civils.",
        "Nous vous demandons de veiller à la libération de Maître Kilani, de mettre fin au recours à la justice "
        "militaire contre des civils et de garantir l'indépendance du Conseil supérieur de la magistrature, "
        "dissous par le décret du 12 février 2022.",
        "Nous restons à la disposition de vos services, ainsi que de Madame Najla Bouden, Cheffe du Gouvernement, "
        "pour tout échange sur ces questions.",
        "Veuillez agréer, Monsieur le Président, l'expression de notre très haute considération.",
    ])
    d.space(14)
    d.flow("<p>Fait à Genève, le 3 mars 2022</p>", x0=300, gap=30)
    d.flow("<p>Gerald Staberock<br>Secrétaire général<br>Organisation mondiale contre la torture</p>", x0=300, gap=14)
    d.paras(["Copie : Monsieur Othman Jerandi, Ministre des Affaires étrangères"], fs=9.5)
    d.save()


def f02():
    """Paris, le 1er avril 2020 ; pied de page association loi 1901 ; copie."""
    def foot(doc, i, n):
        doc.put(72, 795, 523, "<p>Ligue des droits de l'Homme · 138, rue Marcadet · 75018 Paris · Tél. 01 56 55 51 00 · "
                "Association reconnue d'utilité publique · SIRET 784 368 393 00031</p>", fs=7, align="center")
    d = Doc("f02.pdf", fs=10.5, top=50, footer=foot)
    d.put(72, 40, 300, "<p><b>LDH</b><br>Ligue des droits de l'Homme</p>", fs=12)
    d.put(300, 40, 523, "<p>Le Président</p>", fs=9, align="right")
    d.put(300, 110, 523, "<p>Monsieur Christophe Castaner<br>Ministre de l'Intérieur<br>Place Beauvau<br>75800 Paris Cedex 08</p>")
    d.put(300, 185, 523, "<p>Paris, le 1er avril 2020</p>")
    d.y = 220
    d.flow("<p>Réf. : 2020-MC/041</p>", fs=9, gap=8)
    d.flow("<p><b>Objet : Contrôles et verbalisations pendant le confinement</b></p>", gap=12)
    d.paras([
        "Monsieur le Ministre,",
        "Depuis l'entrée en vigueur du décret du 16 mars 2020 portant réglementation des déplacements, de "
        "nombreuses personnes ont saisi nos sections locales pour dénoncer des contrôles abusifs, notamment en "
        "Seine-Saint-Denis, et des amendes infligées à des personnes sans domicile qui ne pouvaient, par définition, "
        "rester confinées.",
        "Le Défenseur des droits, Monsieur Jacques Toubon, a lui-même appelé le 27 mars à la plus grande vigilance. "
        "Des vidéos diffusées sur les réseaux sociaux montrent des violences lors de contrôles à Asnières et à "
        "Aubervilliers. Avec le Syndicat de la magistrature et le Syndicat des avocats de France, nous vous "
        "demandons de donner des instructions claires aux forces de l'ordre.",
        "Nous vous demandons en particulier de rappeler que les personnes sans abri ne peuvent être verbalisées, "
        "de publier le nombre de contraventions dressées par département, et de veiller à ce que toute allégation "
        "de violence fasse l'objet d'une enquête de l'Inspection générale de la police nationale.",
        "Je vous prie d'agréer, Monsieur le Ministre, l'expression de ma haute considération.",
    ])
    d.space(24)
    d.flow("<p>Malik Salemkour<br>Président de la LDH</p>", x0=300, gap=16)
    d.paras(["Copie : Madame Nicole Belloubet, Garde des Sceaux, ministre de la Justice"], fs=9.5)
    d.save()


def f03():
    """Courriel imprimé (Outlook, français)."""
    d = Doc("f03.pdf", fs=10.5, top=50)
    d.flow("<p><b>Sandra Cossart</b></p>", fs=13, gap=4)
    d.page.draw_line((72, d.y), (523, d.y), width=1.5)
    d.space(8)
    d.flow("<table><tr><td style='width:70pt'><b>De :</b></td><td>Sandra Cossart &lt;sandra.cossart@asso-sherpa.org&gt;</td></tr>"
           "<tr><td><b>Envoyé :</b></td><td>mardi 3 mars 2020 16:12</td></tr>"
           "<tr><td><b>À :</b></td><td>Patrick Pouyanné &lt;direction.generale@total.com&gt;</td></tr>"
           "<tr><td><b>Cc :</b></td><td>Juliette Renaud &lt;j.renaud@amisdelaterre.org&gt;</td></tr>"
           "<tr><td><b>Objet :</b></td><td>Plan de vigilance – projets Tilenga et EACOP en Ouganda et en Tanzanie</td></tr></table>", gap=16)
    d.paras([
        "Monsieur le Président-directeur général,",
        "Nous faisons suite à la mise en demeure adressée à Total le 24 juin 2019 par Sherpa, les Amis de la Terre "
        "France et quatre associations ougandaises, dont AFIEGO et NAPE, au titre de la loi du 27 mars 2017 relative "
        "au devoir de vigilance.",
        "Le 30 janvier 2020, le tribunal judiciaire de Nanterre s'est déclaré incompétent au profit du tribunal de "
        "commerce. Nous avons fait appel de cette décision. Dans l'intervalle, les témoignages recueillis sur le "
        "terrain font état de nouvelles pressions sur des familles expropriées dans le district de Buliisa, qui "
        "n'ont toujours pas reçu d'indemnisation.",
        "Nous vous demandons de nous indiquer avant le 20 mars 2020 les mesures prises pour suspendre toute "
        "acquisition de terres tant que les indemnisations ne sont pas versées, et de publier l'étude d'impact sur "
        "les droits humains de l'oléoduc EACOP.",
        "Veuillez agréer, Monsieur le Président-directeur général, nos salutations distinguées.",
        "Sandra Cossart<br>Directrice<br>Sherpa<br>www.asso-sherpa.org",
    ])
    d.save()


def f04():
    """Lettre belge avec ligne de références (Vos réf. / Nos réf. / Date) ; deux signatures côte à côte."""
    d = Doc("f04.pdf", fs=10.5, left=71, right=57, top=45)
    d.put(71, 35, 300, "<p><b>CNCD-11.11.11</b></p>", fs=15)
    d.put(71, 55, 330, "<p>Centre national de coopération au développement</p>", fs=8)
    d.put(340, 35, 540, "<p><b>11.11.11</b></p>", fs=15, align="right")
    d.put(340, 55, 540, "<p>Koepel van de Vlaamse Noord-Zuidbeweging</p>", fs=8, align="right")
    d.put(71, 128, 330, "<p>CNCD-11.11.11 · Quai du Commerce 9 · 1000 Bruxelles</p>", fs=6.5)
    d.put(71, 142, 330, "<p>Madame Meryame Kitir<br>Ministre de la Coopération au développement<br>Rue Ducale 7-9<br>1000 Bruxelles</p>")
    d.put(71, 235, 540, "<table style='width:100%'><tr><td style='width:30%'>Vos réf.</td><td style='width:30%'>Nos réf.</td>"
          "<td style='width:15%'>Annexe</td><td style='text-align:right'>Date</td></tr>"
          "<tr><td>–</td><td>AZ/RvdB/2021-77</td><td>1</td><td style='text-align:right'>15.09.2021</td></tr></table>", fs=8.5)
    d.y = 280
    d.flow("<p><b>Financement climatique international de la Belgique avant la COP26</b></p>", gap=14)
    d.paras([
        "Madame la Ministre,",
        "À quelques semaines de la COP26, qui se tiendra à Glasgow du 31 octobre au 12 novembre 2021, nous "
        "souhaitons attirer votre attention sur la contribution de la Belgique au financement climatique "
        "international.",
        "Selon le rapport publié par l'OCDE le 17 septembre, les pays développés restent loin de l'objectif de "
        "100 milliards de dollars par an fixé à Copenhague en 2009. La Belgique a consacré environ 100 millions "
        "d'euros par an à ce financement, soit bien moins que sa part équitable, que nous estimons à 500 millions "
        "d'euros, en accord avec les calculs de Climate Action Network Europe.",
        "Nous demandons au gouvernement fédéral, en concertation avec les Régions, de s'engager à Glasgow sur une "
        "trajectoire de financement nouveau et additionnel, distinct de l'aide publique au développement, dont au "
        "moins la moitié serait consacrée à l'adaptation dans les pays les moins avancés.",
        "Nous vous remercions de l'attention que vous porterez à ce courrier et restons à votre disposition.",
        "Nous vous prions d'agréer, Madame la Ministre, l'expression de notre haute considération.",
    ])
    d.space(24)
    d.side(["<p>Arnaud Zacharie<br>Secrétaire général<br>CNCD-11.11.11</p>",
            "<p>Rudy De Meyer<br>Expert politique climat<br>11.11.11</p>"], gap=14)
    d.paras(["Annexe : Note de position « Une juste part pour le climat » (septembre 2021)"], fs=9)
    d.save()


ORGS_FR = ["Action contre la Faim", "ActionAid France", "Amnesty International France", "CCFD-Terre Solidaire",
           "Coordination SUD", "Fédération internationale pour les droits humains (FIDH)", "Handicap International",
           "Ligue des droits de l'Homme", "Médecins du Monde", "Oxfam France", "Secours Catholique – Caritas France",
           "Médecins Sans Frontières", "Plateforme Française Commerce Équitable", "ONE France", "Care France"]


def f05():
    """Communiqué conjoint, tableau de signataires en 3 colonnes, 2 pages."""
    def foot(doc, i, n):
        doc.put(72, 805, 523, "<p>Communiqué conjoint – Aide publique au développement – %d/%d</p>" % (i, n), fs=8, align="right")
    d = Doc("f05.pdf", fs=10.5, top=60, footer=foot)
    d.flow("<p>COMMUNIQUÉ DE PRESSE CONJOINT</p>", fs=10, gap=4)
    d.flow("<p>2020-12-10</p>", fs=10, gap=10)
    d.flow("<p><b>Loi de programmation sur le développement solidaire : les parlementaires doivent garantir la trajectoire de 0,7 %</b></p>",
           fs=15, gap=12)
    d.paras([
        "Alors que le projet de loi de programmation relatif au développement solidaire et à la lutte contre les "
        "inégalités mondiales a été adopté en Conseil des ministres le 9 décembre 2020, nos organisations "
        "appellent les députés et les sénateurs à inscrire dans la loi une trajectoire contraignante permettant "
        "d'atteindre 0,7 % du revenu national brut consacré à l'aide publique au développement en 2025.",
        "Le Président de la République, Emmanuel Macron, s'était engagé en février 2018, lors du Comité "
        "interministériel de la coopération internationale et du développement, à porter l'aide à 0,55 % du RNB "
        "en 2022. Cet engagement doit être prolongé au-delà, faute de quoi la France ne respectera pas l'objectif "
        "fixé par les Nations unies en 1970 et réaffirmé à Addis-Abeba en juillet 2015.",
        "La crise de la COVID-19 a fait basculer plus de 100 millions de personnes dans l'extrême pauvreté selon la "
        "Banque mondiale. Dans ce contexte, il est indispensable que l'aide française soit davantage orientée vers "
        "les dons plutôt que vers les prêts, qu'elle cible en priorité les pays les moins avancés et les services "
        "sociaux de base, et qu'elle soit évaluée par une commission indépendante, comme le recommandait le rapport "
        "du député Hervé Berville remis au Premier ministre en août 2018.",
        "Nos organisations demandent également que la loi reconnaisse le rôle de la société civile, au Nord comme "
        "au Sud, et que la part de l'aide transitant par les organisations de la société civile soit doublée d'ici "
        "2022, conformément à l'engagement pris par le gouvernement.",
        "Enfin, la loi doit garantir la transparence : chaque projet financé par l'Agence française de "
        "développement devrait être publié en données ouvertes, avec ses objectifs, ses résultats et les "
        "mécanismes de plainte ouverts aux populations concernées.",
        "Contact presse : Camille Martin, 06 12 34 56 78",
        "<b>Organisations signataires :</b>",
    ])
    rows = [ORGS_FR[i:i + 3] for i in range(0, len(ORGS_FR), 3)]
    for r in rows:
        d.flow("<table style='width:100%'><tr>" + "".join("<td style='width:33%%'>%s</td>" % c for c in r) + "</tr></table>",
               gap=2, fs=9.5)
    d.save()

