"""Phrase tables and organisations for the sample data generator (data, not logic).

Edit here to change what the sample comments say; then regenerate with
`python3 data/sample/generate.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTRIES = ("US", "CA", "MX")


@dataclass(frozen=True)
class Organisation:
    name: str
    stakeholder_type: str
    country: str
    language: str



ORGANISATIONS = (
    Organisation("Sample Federal Trade Policy Office", "government", "US", "en"),
    Organisation("Sample Direction du commerce international", "government", "CA", "fr"),
    Organisation("Sample Unidad de Comercio Exterior", "government", "MX", "es"),
    Organisation("Sample Michigan State Trade Office", "government", "US", "en"),
    Organisation("Sample Bureau du commerce extérieur du Québec", "government", "CA", "fr"),
    Organisation("Sample Congressional Trade Caucus", "legislature", "US", "en"),
    Organisation("Sample Comité parlementaire du commerce", "legislature", "CA", "fr"),
    Organisation("Sample Comisión Legislativa de Economía", "legislature", "MX", "es"),
    Organisation("Sample Business Council of Ontario", "business_association", "CA", "en"),
    Organisation("Sample Texas Chamber of Commerce", "business_association", "US", "en"),
    Organisation("Sample Cámara Industrial de Nuevo León", "business_association", "MX", "es"),
    Organisation("Sample Midwest Manufacturers Alliance", "business_association", "US", "en"),
    Organisation("Sample Association des exportateurs du Québec", "business_association", "CA", "fr"),
    Organisation("Sample Consejo Empresarial de Jalisco", "business_association", "MX", "es"),
    Organisation("Sample Digital Commerce Association", "business_association", "US", "en"),
    Organisation("Sample Medical Devices Industry Group", "business_association", "CA", "en"),
    Organisation("Sample Maquiladora Export Council", "business_association", "MX", "en"),
    Organisation("Sample Automotive Parts Co.", "company", "US", "en"),
    Organisation("Sample Northbound Logistics S.A. de C.V.", "company", "MX", "en"),
    Organisation("Sample Maple Pharma Inc.", "company", "CA", "en"),
    Organisation("Sample Cloud Services LLC", "company", "US", "en"),
    Organisation("Sample Baja Aerospace Suppliers S.A.", "company", "MX", "en"),
    Organisation("Sample Prairie Agri-Foods Ltd.", "company", "CA", "en"),
    Organisation("Sample Fromagerie artisanale", "sme", "CA", "fr"),
    Organisation("Sample Taller de Software Pyme", "sme", "MX", "es"),
    Organisation("Sample Border Freight Brokers LLC", "sme", "US", "en"),
    Organisation("Sample Atelier de cosmétiques naturels", "sme", "CA", "fr"),
    Organisation("Sample Artesanías Digitales", "sme", "MX", "es"),
    Organisation("Sample Precision Machining Shop", "sme", "US", "en"),
    Organisation("Sample Transport Workers Union", "labour", "US", "en"),
    Organisation("Sample Syndicat des travailleurs de l'industrie", "labour", "CA", "fr"),
    Organisation("Sample Sindicato Nacional de Autopartes", "labour", "MX", "es"),
    Organisation("Sample Centre for North American Studies", "academic", "CA", "en"),
    Organisation("Sample Institute for Trade Research", "academic", "US", "en"),
    Organisation("Sample Monterrey Institute for Trade Studies", "academic", "MX", "en"),
    Organisation("Sample Consumer Rights Network", "civil_society", "US", "en"),
    Organisation("Sample Réseau citoyen pour un commerce équitable", "civil_society", "CA", "fr"),
    Organisation("Sample Tijuana Border Trade Watch", "civil_society", "MX", "en"),
    Organisation("Sample Women Entrepreneurs Forum", "civil_society", "CA", "en"),
    Organisation("Sample Digital Rights Coalition", "civil_society", "US", "en"),
)

# --- assessment comments: an opener chosen by rating band, then chapter phrases ---

BAND_OPENERS = {
    "en": {
        "low": ("Little visible progress", "Stalled", "Disappointing"),
        "mid": ("Some progress, but slow", "Mixed picture", "Work is under way"),
        "high": ("Good progress", "Substantial progress", "Encouraging"),
    },
    "fr": {
        "low": ("Peu de progrès visibles", "Au point mort", "Décevant"),
        "mid": ("Quelques progrès, mais lents", "Bilan mitigé", "Travaux en cours"),
        "high": ("Bons progrès", "Progrès substantiels", "Encourageant"),
    },
    "es": {
        "low": ("Poco avance visible", "Estancado", "Decepcionante"),
        "mid": ("Algún avance, pero lento", "Panorama mixto", "Trabajo en curso"),
        "high": ("Buen avance", "Avance sustancial", "Alentador"),
    },
}
COLON = {"en": ": ", "fr": " : ", "es": ": "}
HOWEVER = {"en": "; however, ", "fr": " ; toutefois, ", "es": "; sin embargo, "}

# CHAPTER_PHRASES[chapter][language] = (positive phrases, negative phrases)
CHAPTER_PHRASES = {
    "ch12": {
        "en": (
            ("the medical devices annex now has regulators exchanging test data",
             "regulatory compatibility work on cosmetics is moving",
             "ICT conformity-assessment cooperation helps our members"),
            ("no regulatory compatibility plan for the medical devices annex is public",
             "the chemical substances annex is not being used",
             "energy-performance standards still differ across the three countries"),
        ),
        "fr": (
            ("l'annexe sur les dispositifs médicaux permet enfin d'échanger des données d'essai",
             "la compatibilité réglementaire progresse pour les cosmétiques",
             "la coopération sur l'évaluation de la conformité des TIC aide nos membres"),
            ("aucun plan de compatibilité réglementaire n'est public pour les dispositifs médicaux",
             "l'annexe sur les substances chimiques reste inutilisée",
             "les normes de performance énergétique divergent toujours entre les trois pays"),
        ),
        "es": (
            ("el anexo de dispositivos médicos ya permite intercambiar datos de pruebas",
             "avanza la compatibilidad regulatoria en cosméticos",
             "la cooperación en evaluación de la conformidad de TIC ayuda a nuestros socios"),
            ("no hay un plan público de compatibilidad regulatoria para dispositivos médicos",
             "el anexo de sustancias químicas sigue sin usarse",
             "las normas de eficiencia energética siguen siendo distintas en los tres países"),
        ),
    },
    "ch16": {
        "en": (
            ("TN visa processing has become faster",
             "the Temporary Entry Working Group shared statistics this year",
             "guidance for professionals on temporary entry has improved"),
            ("TN visa processing times remain long for our engineers",
             "nothing is published on the Temporary Entry Working Group's meetings",
             "the TN list of professions still ignores digital occupations"),
        ),
        "fr": (
            ("le traitement des visas TN s'est accéléré",
             "le groupe de travail sur l'admission temporaire a publié des statistiques",
             "l'information aux professionnels sur l'admission temporaire s'est améliorée"),
            ("les délais pour les visas TN restent longs pour nos ingénieurs",
             "rien n'est publié sur les réunions du groupe de travail sur l'admission temporaire",
             "la liste des professions TN ignore les métiers du numérique"),
        ),
        "es": (
            ("el trámite de visas TN es más ágil",
             "el grupo de trabajo de entrada temporal compartió estadísticas",
             "mejoró la orientación a profesionistas sobre entrada temporal"),
            ("los plazos de las visas TN siguen siendo largos para nuestros ingenieros",
             "no se publica nada sobre las reuniones del grupo de trabajo de entrada temporal",
             "la lista de profesiones TN no incluye ocupaciones digitales"),
        ),
    },
    "ch19": {
        "en": (
            ("cross-border data flows work well for our cloud services",
             "no new data localisation requirements have appeared",
             "cooperation on cybersecurity incidents is improving"),
            ("data localisation pressures persist despite Article 19.12",
             "source-code disclosure demands are resurfacing",
             "open government data commitments are patchy"),
        ),
        "fr": (
            ("les flux transfrontières de données fonctionnent bien pour nos services infonuagiques",
             "aucune nouvelle exigence de localisation des données n'est apparue",
             "la coopération en cybersécurité progresse"),
            ("les pressions en faveur de la localisation des données persistent malgré l'article 19.12",
             "des demandes de divulgation du code source réapparaissent",
             "les engagements sur les données gouvernementales ouvertes restent inégaux"),
        ),
        "es": (
            ("los flujos transfronterizos de datos funcionan bien para nuestros servicios en la nube",
             "no han surgido nuevas exigencias de localización de datos",
             "mejora la cooperación en ciberseguridad"),
            ("persisten presiones de localización de datos pese al artículo 19.12",
             "vuelven las exigencias de revelar el código fuente",
             "los compromisos de datos gubernamentales abiertos son desiguales"),
        ),
    },
    "ch25": {
        "en": (
            ("the SME Dialogue gave small exporters a real voice",
             "the SME Committee now publishes plain-language guides",
             "the SME Dialogue session on women-owned businesses was useful"),
            ("the SME Dialogue is not convened every year",
             "nobody measures SME participation in USMCA trade",
             "small exporters still lack help with rules of origin"),
        ),
        "fr": (
            ("le dialogue sur les PME a donné une vraie voix aux petits exportateurs",
             "le comité des PME publie des guides en langage clair",
             "la séance du dialogue sur les PME consacrée aux entreprises dirigées par des femmes était utile"),
            ("le dialogue sur les PME n'a pas lieu chaque année",
             "personne ne mesure la participation des PME au commerce de l'ACEUM",
             "les petits exportateurs manquent d'aide sur les règles d'origine"),
        ),
        "es": (
            ("el diálogo de pymes dio voz a los pequeños exportadores",
             "el comité de pymes publica guías en lenguaje claro",
             "la sesión del diálogo de pymes sobre empresas de mujeres fue útil"),
            ("el diálogo de pymes no se celebra cada año",
             "nadie mide la participación de las pymes en el comercio del T-MEC",
             "los pequeños exportadores siguen sin apoyo en reglas de origen"),
        ),
    },
    "ch26": {
        "en": (
            ("the emergencies subcommittee has mapped critical infrastructure priorities",
             "Competitiveness Committee workforce events brought useful exchanges",
             "the Competitiveness Committee asked business for input this year"),
            ("no Competitiveness Committee work plan is public",
             "the Competitiveness Committee works without stakeholder input",
             "supply-chain emergency procedures have never been practised"),
        ),
        "fr": (
            ("le sous-comité des urgences a recensé les infrastructures essentielles prioritaires",
             "les activités du comité de la compétitivité sur la main-d'œuvre ont été utiles",
             "le comité de la compétitivité a sollicité l'avis des entreprises cette année"),
            ("aucun plan de travail du comité de la compétitivité n'est public",
             "le comité de la compétitivité travaille sans consulter les parties prenantes",
             "les procédures d'urgence pour les chaînes d'approvisionnement n'ont jamais été testées"),
        ),
        "es": (
            ("el subcomité de emergencias identificó infraestructura crítica prioritaria",
             "los eventos del comité de competitividad sobre fuerza laboral fueron útiles",
             "el comité de competitividad pidió opiniones a las empresas este año"),
            ("no existe un plan de trabajo público del comité de competitividad",
             "el comité de competitividad trabaja sin consultar a las partes interesadas",
             "los procedimientos de emergencia para cadenas de suministro nunca se han practicado"),
        ),
    },
    "ch28": {
        "en": (
            ("regulatory impact assessments are now routinely published",
             "the annual plan of regulations arrived on time",
             "comment periods have become longer and easier to find"),
            ("the GRP Committee does not appear to meet",
             "comment periods are too short for foreign stakeholders",
             "retrospective review of regulations is rarely coordinated"),
        ),
        "fr": (
            ("les analyses d'impact de la réglementation sont désormais publiées",
             "le plan prospectif de la réglementation est paru à temps",
             "les périodes de commentaires sont plus longues et plus faciles à trouver"),
            ("le comité des bonnes pratiques de réglementation ne semble pas se réunir",
             "les périodes de commentaires sont trop courtes pour les intervenants étrangers",
             "l'examen rétrospectif des règlements est rarement coordonné"),
        ),
        "es": (
            ("los análisis de impacto regulatorio ya se publican de forma habitual",
             "el programa anual de mejora regulatoria se publicó a tiempo",
             "los periodos de consulta son más largos y fáciles de encontrar"),
            ("el comité de buenas prácticas regulatorias no parece reunirse",
             "los periodos de consulta son demasiado cortos para participantes extranjeros",
             "la revisión retrospectiva de regulaciones rara vez se coordina"),
        ),
    },
}

# --- consultation comments: generic framing sentences plus topic sentences ---
# The generic sentences deliberately avoid every tag term in config/framework.yaml,
# so comments built only from them stay untagged.

# OPENERS[language][speaks_for_an_organisation]
OPENERS = {
    "en": {
        True: ("We are grateful for the chance to comment on the agreement.",
               "Our members trade every day with partners in the other two countries.",
               "We have looked closely at the agreement's first years of operation."),
        False: ("I write as a resident who follows North American trade closely.",
                "As a private citizen I would like to make a few points."),
    },
    "fr": {
        True: ("Nous vous remercions de cette occasion de commenter l'accord.",
               "Nos membres commercent chaque jour avec des partenaires des deux autres pays.",
               "Nous avons étudié les premières années d'application de l'accord."),
        False: ("J'écris en tant que citoyen qui suit de près le commerce nord-américain.",
                "À titre personnel, je souhaite faire quelques remarques."),
    },
    "es": {
        True: ("Agradecemos la oportunidad de opinar sobre el tratado.",
               "Nuestros socios comercian a diario con los otros dos países.",
               "Hemos estudiado los primeros años de aplicación del tratado."),
        False: ("Escribo como ciudadano que sigue de cerca el comercio de América del Norte.",
                "A título personal, quisiera hacer algunas observaciones."),
    },
}
CLOSERS = {
    "en": ("We would welcome a follow-up meeting.",
           "Please keep the three countries working together.",
           "We are ready to share more detail."),
    "fr": ("Nous serions heureux d'en discuter davantage.",
           "Veuillez maintenir la coopération entre les trois pays.",
           "Nous pouvons fournir plus de détails."),
    "es": ("Con gusto ampliaremos estos comentarios.",
           "Pedimos mantener la cooperación entre los tres países.",
           "Podemos compartir más información."),
}
PLAIN = {
    "en": ("Trade with our neighbours keeps our town working.",
           "We hope the agreement stays in place.",
           "Families here depend on jobs linked to exports.",
           "Stable rules matter more to us than new ones."),
    "fr": ("Le commerce avec nos voisins fait vivre notre région.",
           "Nous souhaitons que l'accord soit maintenu.",
           "Bien des familles d'ici dépendent d'emplois liés aux exportations.",
           "Des règles stables comptent plus pour nous que de nouvelles règles."),
    "es": ("El comercio con nuestros vecinos sostiene a nuestra región.",
           "Esperamos que el tratado se mantenga.",
           "Muchas familias aquí dependen de empleos ligados a la exportación.",
           "Para nosotros importan más unas reglas estables que unas nuevas."),
}

TOPIC_WEIGHT = {
    "sme": 3.0, "digital": 2.0, "mobility": 2.0, "regulation": 2.0,
    "competitiveness": 2.0, "emergencies": 1.5, "borders": 1.5, "review": 1.0,
}
TOPIC_SENTENCES = {
    "sme": {
        "en": ("Small businesses need plain guidance on how to use the agreement.",
               "The SME Dialogue should meet every year and report what it heard from small and medium-sized firms."),
        "fr": ("Les petites et moyennes entreprises ont besoin d'un guichet unique pour exporter.",
               "Le dialogue sur les PME devrait se tenir chaque année et rendre compte de ce qu'il a entendu."),
        "es": ("Las pymes necesitan una ventanilla única para exportar.",
               "Las pequeñas y medianas empresas del sur del país casi no conocen el tratado."),
    },
    "digital": {
        "en": ("Digital trade rules should stop new data localization requirements.",
               "Digital trade between our countries would grow with clear rules on cybersecurity."),
        "fr": ("Le commerce numérique reste freiné par des exigences de localisation des données.",
               "Le commerce électronique entre nos pays a besoin de règles claires en cybersécurité."),
        "es": ("El comercio digital necesita reglas claras sobre flujos de datos y ciberseguridad.",
               "El comercio electrónico entre los tres países crecería sin exigencias de localización de datos."),
    },
    "mobility": {
        "en": ("TN visas take too long for engineers and nurses.",
               "Temporary entry rules for business persons should cover new professions."),
        "fr": ("Le visa TN reste difficile à obtenir pour nos ingénieurs.",
               "L'admission temporaire des gens d'affaires devrait couvrir de nouvelles professions."),
        "es": ("La visa TN tarda demasiado para ingenieros y enfermeras.",
               "La entrada temporal de personas de negocios debería incluir nuevas profesiones."),
    },
    "regulation": {
        "en": ("Regulatory cooperation on medical devices would save duplicate testing.",
               "Each comment period for new rules should be long enough for firms in the other countries."),
        "fr": ("La coopération en matière de réglementation sur les dispositifs médicaux éviterait des essais en double.",
               "Chaque période de commentaires devrait laisser le temps aux entreprises des autres pays de répondre."),
        "es": ("La cooperación regulatoria en dispositivos médicos evitaría pruebas duplicadas.",
               "La mejora regulatoria debería coordinarse entre los tres países."),
    },
    "competitiveness": {
        "en": ("The Competitiveness Committee should publish a work plan and invite outside views.",
               "North American competitiveness needs a shared plan for semiconductor supply."),
        "fr": ("Le comité de la compétitivité devrait publier un plan de travail.",
               "La compétitivité nord-américaine exige une stratégie commune sur les minéraux critiques."),
        "es": ("El comité de competitividad debería publicar un plan de trabajo.",
               "La competitividad regional exige una estrategia común en semiconductores."),
    },
    "emergencies": {
        "en": ("Supply chain emergencies like the pandemic showed we need practised procedures.",
               "An emergency plan for critical infrastructure should be tested every year."),
        "fr": ("Les urgences dans la chaîne d'approvisionnement exigent des procédures éprouvées.",
               "La pandémie a montré qu'il faut un plan commun pour les infrastructures essentielles."),
        "es": ("Las emergencias en la cadena de suministro exigen procedimientos practicados.",
               "La pandemia mostró que hace falta un plan común para la infraestructura crítica."),
    },
    "borders": {
        "en": ("Border modernisation would cut wait times for our trucks.",
               "Every port of entry needs more lanes and better customs systems."),
        "fr": ("La modernisation de la frontière réduirait les temps d'attente.",
               "La douane devrait accepter les mêmes documents électroniques dans les trois pays."),
        "es": ("Modernizar la frontera reduciría los tiempos de espera en los cruces.",
               "La aduana debería aceptar los mismos documentos electrónicos en los tres países."),
    },
    "review": {
        "en": ("The 2026 review should come with clear success measures.",),
        "fr": ("L'examen conjoint devrait s'accompagner d'indicateurs de réussite.",),
        "es": ("La revisión conjunta debería venir con indicadores de éxito.",),
    },
}
