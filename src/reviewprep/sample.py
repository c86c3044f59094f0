"""Deterministic SAMPLE data for the reviewprep demo.

People, organisations, comments and ratings are fictional and generated from a
fixed seed, so the demo, the tests and the docs all see the same numbers. The
evidence log is the exception: its rows summarise public facts from the project's
seed documents and say so where a fact is uncertain or no record was found.

Only the standard library is used, and randomness is drawn solely through
``Random.random()``: CPython guarantees that sequence across versions (``choice``,
``randrange`` and friends carry no such promise), so the files stay byte-identical
wherever they are regenerated.

Regenerate with ``python -m reviewprep.sample`` (writes ``data/sample/``).
"""

from __future__ import annotations

import csv
import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ANCHOR = date(2026, 11, 20)
SEED = 20200701  # USMCA entry into force; any fixed integer would do
WEEKS = 26
N_ASSESSMENTS = 400
N_COMMENTS = 60

ASSESSMENTS_FILE = "sample_assessments.csv"
COMMENTS_FILE = "sample_comments.jsonl"
EVIDENCE_FILE = "sample_evidence.csv"
README_FILE = "README.md"

ASSESSMENT_COLUMNS = (
    "submission_id", "submitted_at", "stakeholder_name", "organization",
    "stakeholder_type", "country", "party", "chapter", "recommendation", "rating",
    "comment", "evidence_url", "confidentiality", "language",
)
EVIDENCE_COLUMNS = (
    "event_id", "date", "party", "obligation", "status", "period", "description", "source_url",
)

# Mirrors config/framework.yaml as of writing. Kept here so that an analyst editing
# the matrix does not silently change the demo data.
APPLICABILITY = {
    "ch12": ("R1", "R2", "R7", "R9"),
    "ch16": ("R1", "R2", "R3", "R8", "R9"),
    "ch19": ("R1", "R3", "R4", "R5", "R6", "R9", "R10"),
    "ch25": ("R1", "R5", "R6", "R9", "R10"),
    "ch26": ("R1", "R2", "R3", "R4", "R5", "R7", "R8", "R9", "R10"),
    "ch28": ("R1", "R2", "R9"),
}

# How often each chapter is rated: the competitiveness and SME chapters draw most talk.
CHAPTER_WEIGHT = {"ch12": 0.8, "ch16": 0.9, "ch19": 1.0, "ch25": 1.1, "ch26": 1.2, "ch28": 0.9}

# (mean rating at the start of the window, change per week). ch26 sinks because no
# Competitiveness Committee work plan is public; ch25 and ch28 improve; ch19 is flat.
CHAPTER_TREND = {
    "ch12": (1.5, 0.0),
    "ch16": (2.0, 0.005),
    "ch19": (2.6, 0.0),
    "ch25": (2.3, 0.035),
    "ch26": (1.2, -0.025),
    "ch28": (1.8, 0.03),
}
PARTY_OFFSET = {"US": 0.0, "CA": 0.15, "MX": -0.15, "NA": -0.1}

COUNTRIES = ("US", "CA", "MX")
INDIVIDUAL_LANGUAGE = {
    "US": {"en": 0.95, "es": 0.05},
    "CA": {"en": 0.55, "fr": 0.45},
    "MX": {"es": 0.7, "en": 0.3},
}


@dataclass(frozen=True)
class Organisation:
    name: str
    stakeholder_type: str
    country: str
    language: str


@dataclass(frozen=True)
class Person:
    name: str
    organization: str
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


# --- random helpers: everything goes through Random.random() (see module doc) ---

def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """One item, uniformly."""
    return items[int(rng.random() * len(items))]


def _chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    """One key, with probability proportional to its weight."""
    x = rng.random() * sum(weights.values())
    for key, weight in weights.items():
        x -= weight
        if x < 0:
            return key
    return key  # only reached through float rounding on the last key


def _shuffled(rng: random.Random, items: Sequence[T]) -> list[T]:
    """Fisher-Yates on a copy."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = int(rng.random() * (i + 1))
        out[i], out[j] = out[j], out[i]
    return out


# --- people and dates ---

def _people(rng: random.Random, label: str, count: int, individual_share: float) -> list[Person]:
    """Fictional people; organisations are dealt round a shuffled deck so all appear."""
    deck = _shuffled(rng, ORGANISATIONS)
    people, dealt = [], 0
    for number in range(1, count + 1):
        name = f"Sample {label} {number:03d}"
        if _chance(rng, individual_share):
            country = _pick(rng, COUNTRIES)
            language = _weighted(rng, INDIVIDUAL_LANGUAGE[country])
            people.append(Person(name, "", "individual", country, language))
        else:
            org = deck[dealt % len(deck)]
            dealt += 1
            people.append(Person(name, org.name, org.stakeholder_type, org.country, org.language))
    return people


def _window_start(anchor: date) -> date:
    """First day of the WEEKS-week window that ends on the anchor."""
    return anchor - timedelta(weeks=WEEKS) + timedelta(days=1)


def _day_in_window(rng: random.Random, anchor: date) -> date:
    return _window_start(anchor) + timedelta(days=int(rng.random() * WEEKS * 7))


def _party(rng: random.Random, country: str) -> str:
    """Mostly the speaker's own Party, sometimes a neighbour, ~10% trilateral."""
    if _chance(rng, 0.10):
        return "NA"
    if _chance(rng, 0.70):
        return country
    return _pick(rng, [c for c in COUNTRIES if c != country])


# --- structured assessments ---

def _rating(rng: random.Random, chapter: str, party: str, week: int) -> int:
    """Chapter level and weekly drift, a Party offset and +/-1 noise, on the 0..4 scale.

    The noise is triangular (difference of two uniforms) so that a few dozen ratings
    per chapter are enough for the designed trends to show through.
    """
    base, drift = CHAPTER_TREND[chapter]
    level = base + drift * week + PARTY_OFFSET[party] + (rng.random() - rng.random())
    return min(4, max(0, math.floor(level + 0.5)))


def _assessment_comment(rng: random.Random, language: str, chapter: str, rating: int) -> str:
    """Tone follows the rating: praise, criticism, or both for the middle band."""
    band = "low" if rating <= 1 else "mid" if rating == 2 else "high"
    positives, negatives = CHAPTER_PHRASES[chapter][language]
    opener = _pick(rng, BAND_OPENERS[language][band])
    if band == "low":
        body = _pick(rng, negatives)
    elif band == "high":
        body = _pick(rng, positives)
    else:
        body = _pick(rng, positives) + HOWEVER[language] + _pick(rng, negatives)
    return f"{opener}{COLON[language]}{body}."


def _evidence_url(rng: random.Random, chapter: str) -> str:
    if not _chance(rng, 0.35):
        return ""
    return f"https://example.org/sample/evidence/{chapter}-{int(rng.random() * 16**6):06x}"


def _assessment(rng: random.Random, person: Person, anchor: date) -> dict[str, str]:
    submitted = _day_in_window(rng, anchor)
    week = (submitted - _window_start(anchor)).days // 7
    party = _party(rng, person.country)
    chapter = _weighted(rng, CHAPTER_WEIGHT)
    recommendation = "" if _chance(rng, 0.25) else _pick(rng, APPLICABILITY[chapter])
    rating = _rating(rng, chapter, party, week)
    return {
        "submitted_at": submitted.isoformat(),
        "stakeholder_name": person.name,
        "organization": person.organization,
        "stakeholder_type": person.stakeholder_type,
        "country": person.country,
        "party": party,
        "chapter": chapter,
        "recommendation": recommendation,
        "rating": str(rating),
        "comment": _assessment_comment(rng, person.language, chapter, rating),
        "evidence_url": _evidence_url(rng, chapter),
        "confidentiality": "confidential" if _chance(rng, 0.12) else "public",
        "language": person.language,
    }


def _invalid_rows(anchor: date) -> list[dict[str, str]]:
    """Three rows the loader must quarantine, one problem each, so the demo shows it."""
    base = {
        "submitted_at": anchor.isoformat(),
        "stakeholder_name": "Sample respondent 999",
        "organization": "",
        "stakeholder_type": "individual",
        "country": "US",
        "party": "US",
        "chapter": "ch26",
        "recommendation": "",
        "rating": "2",
        "evidence_url": "",
        "confidentiality": "public",
        "language": "en",
    }
    problems = (
        ("rating", "7", "rating 7 is outside the 0..4 scale"),
        ("chapter", "ch99", "chapter ch99 does not exist"),
        ("party", "ZZ", "party ZZ is not US, CA, MX or NA"),
    )
    return [
        {**base, column: value, "comment": f"Deliberately invalid sample row: {why}."}
        for column, value, why in problems
    ]


def assessment_rows(anchor: date = ANCHOR) -> list[dict[str, str]]:
    """Valid rows in date order, numbered, then the three invalid rows."""
    rng = random.Random(SEED)
    people = _people(rng, "respondent", 120, individual_share=0.15)
    rows = [_assessment(rng, _pick(rng, people), anchor) for _ in range(N_ASSESSMENTS)]
    rows.sort(key=lambda row: row["submitted_at"])
    rows += _invalid_rows(anchor)
    return [{"submission_id": f"SAMPLE-A-{n:04d}", **row} for n, row in enumerate(rows, 1)]


# --- unstructured consultation comments ---

def _comment_text(rng: random.Random, person: Person, plain: bool) -> str:
    """2-4 sentences: framing plus one or two topics, or (plain) no topic at all."""
    language = person.language
    opener = _pick(rng, OPENERS[language][bool(person.organization)])
    if plain:
        return " ".join([opener, *_shuffled(rng, PLAIN[language])[: 1 + int(rng.random() * 2)]])
    first = _weighted(rng, TOPIC_WEIGHT)
    topics = [first]
    if _chance(rng, 0.5):
        topics.append(_weighted(rng, {t: w for t, w in TOPIC_WEIGHT.items() if t != first}))
    sentences = [opener]
    sentences += [_pick(rng, TOPIC_SENTENCES[topic][language]) for topic in topics]
    if _chance(rng, 0.5):
        sentences.append(_pick(rng, CLOSERS[language]))
    return " ".join(sentences)


def comment_records(anchor: date = ANCHOR) -> list[dict[str, str]]:
    """Consultation comments in date order; individuals speak more than in assessments.

    Every tenth comment is plain (names no topic) so that exactly 10% stay untagged.
    """
    rng = random.Random(SEED + 1)
    people = _people(rng, "commenter", N_COMMENTS, individual_share=0.40)
    records = []
    for index, person in enumerate(people):
        records.append({
            "submitted_at": _day_in_window(rng, anchor).isoformat(),
            "stakeholder_name": person.name,
            "organization": person.organization,
            "stakeholder_type": person.stakeholder_type,
            "country": person.country,
            "party": _party(rng, person.country),
            "language": person.language,
            "confidentiality": "confidential" if _chance(rng, 0.05) else "public",
            "text": _comment_text(rng, person, plain=index % 10 == 9),
        })
    records.sort(key=lambda record: record["submitted_at"])
    return [{"comment_id": f"SAMPLE-C-{n:03d}", **record} for n, record in enumerate(records, 1)]


# --- evidence log: public facts from official records and the seed documents, not random ---

SEED_FORWARD_2024 = "https://example.org/sample/seed-notes/002-usmca-forward-2024-ch4"
SEED_NALS = "https://example.org/sample/seed-notes/003-nals-fact-sheet"
# Official records (published pages of the Office of the US Trade Representative).
USTR_SME_DIALOGUE_1 = "https://ustr.gov/issue-areas/small-business/1st-usmca-small-and-medium-sized-enterprise-dialogue"
USTR_SME_DIALOGUE_3 = ("https://ustr.gov/about-us/policy-offices/press-office/press-releases/2024/may/"
                       "office-us-trade-representative-small-business-administration-and-department-commerce-"
                       "convene-third")
USTR_FTC_DECISION_5 = ("https://ustr.gov/about-us/policy-offices/press-office/press-releases/2023/february/"
                       "statement-ambassador-katherine-tai-usmca-free-trade-commission-decision-north-american")


@dataclass(frozen=True)
class Event:
    date: date
    party: str
    obligation: str
    status: str
    description: str
    source_url: str = ""
    period: str = ""  # the period the event counts for; empty: the year of its date


def _no_record(obligation: str, year: int, what: str, note: str = "",
               party: str = "NA", source_url: str = "") -> Event:
    """An 'unknown' row: the year has passed and the records checked say nothing."""
    description = f"No public record of {what} in {year} found in the records checked."
    if note:
        description += f" {note}"
    return Event(date(year, 12, 31), party, obligation, "unknown", description, source_url)


def _evidence_catalogue() -> list[Event]:
    """Every row the sample log knows, whatever the anchor. A date or fact not confirmed by
    an official record says so ("unconfirmed")."""
    cc, wp = "ch26-committee-meets", "ch26-work-plan-published"
    sme_c, sme_d = "ch25-sme-committee-meets", "ch25-sme-dialogue"
    tewg, grp, plan = "ch16-working-group-meets", "ch28-grp-committee-meets", "ch28-annual-regulatory-plan"
    tewg_note = "USMCA Forward 2024 reports little public information on the Working Group's meetings."
    grp_note = "USMCA Forward 2024 reports the Parties are not actively using the GRP Committee."
    sme_c_note = ("The Committee convenes the SME Dialogue (Art. 25.5), but no separate Committee "
                  "meeting is on record.")
    plan_note = ("Framework note names the US Unified Agenda, Canada's forward regulatory plans "
                 "and Mexico's programa anual de mejora regulatoria; no publication date is on record. "
                 "Analyst to confirm.")
    return [
        _no_record(cc, 2021, "a Competitiveness Committee meeting",
                   "Art. 26.1.6 required a first meeting by 2021-07-01; no record dates one."),
        _no_record(cc, 2022, "a dated Competitiveness Committee meeting",
                   "USMCA Forward 2024 mentions Committee workforce-development events in 2022-2023 "
                   "without dates.", source_url=SEED_FORWARD_2024),
        Event(date(2023, 2, 23), "NA", cc, "met",
              "Inferred, unconfirmed: USMCA Forward 2024 reports a series of Committee meetings, and "
              "Free Trade Commission Decision No. 5 (2023-02-23) gave the Committee its emergency-response "
              "subcommittee; no official record dates a 2023 Committee meeting.", SEED_FORWARD_2024),
        _no_record(cc, 2024, "a Competitiveness Committee meeting"),
        _no_record(cc, 2025, "a Competitiveness Committee meeting"),
        Event(date(2026, 11, 2), "NA", wp, "not_met",
              "Analyst check (sample): no work plan has been published. USMCA Forward 2024 already "
              "reported that no comprehensive work plan had been made public.", SEED_FORWARD_2024),
        Event(date(2023, 2, 23), "NA", "ch26-emergencies-subcommittee", "met",
              "Free Trade Commission Decision No. 5 on North American Competitiveness, signed 2023-02-23 "
              "(USTR statement of that date), establishes a Trilateral Coordination Sub-Committee on "
              "Emergency Response under the Competitiveness Committee.", USTR_FTC_DECISION_5),
        Event(date(2023, 5, 1), "NA", "ch26-semiconductor-forum", "met",
              "A White House NALS fact sheet committed to a first trilateral semiconductor forum "
              "with industry in early 2023; USMCA Forward 2024 reports tripartite semiconductor "
              "ministerial meetings with private-sector involvement in May 2023. "
              "Day not given (unconfirmed): first of month used.",
              SEED_NALS),
        *(_no_record(sme_c, year, "a Committee on SME Issues meeting", sme_c_note)
          for year in range(2021, 2026)),
        Event(date(2021, 12, 31), "NA", sme_d, "not_met",
              "No SME Dialogue in 2021: the first USMCA SME Dialogue was held on 2022-04-22 "
              "(USTR; USMCA Forward 2024).", USTR_SME_DIALOGUE_1),
        Event(date(2022, 4, 22), "NA", sme_d, "met",
              "First USMCA SME Dialogue held on 2022-04-22 in San Antonio, Texas (USTR).",
              USTR_SME_DIALOGUE_1),
        Event(date(2023, 9, 1), "NA", sme_d, "met",
              "Second USMCA SME Dialogue, hosted by Mexico in Mexico City in 2023 (USTR, May 2024). "
              "Month from USMCA Forward 2024; day not given (unconfirmed): first of month used.",
              USTR_SME_DIALOGUE_3),
        Event(date(2024, 5, 1), "NA", sme_d, "met",
              "Third USMCA SME Dialogue opened in Montréal, hosted by Canada (USTR press release, May 2024). "
              "Day not given (unconfirmed): first of month used.", USTR_SME_DIALOGUE_3),
        _no_record(sme_d, 2025, "an SME Dialogue",
                   "A fourth, virtual Dialogue is reported only by secondary sources (unconfirmed)."),
        *(_no_record(tewg, year, "a Temporary Entry Working Group meeting", tewg_note,
                     source_url=SEED_FORWARD_2024)
          for year in range(2021, 2026)),
        *(_no_record(grp, year, "a Good Regulatory Practices Committee meeting", grp_note,
                     source_url=SEED_FORWARD_2024)
          for year in range(2021, 2026)),
        *(_no_record(plan, 2025, f"the {party} annual plan of proposed regulations", plan_note, party)
          for party in COUNTRIES),
    ]


def evidence_rows(anchor: date = ANCHOR) -> list[dict[str, str]]:
    """Catalogue rows dated on or before the anchor, in date order, numbered."""
    events = sorted(
        (e for e in _evidence_catalogue() if e.date <= anchor),
        key=lambda e: (e.date, e.obligation, e.party),
    )
    return [
        {
            "event_id": f"SAMPLE-E-{n:03d}",
            "date": e.date.isoformat(),
            "party": e.party,
            "obligation": e.obligation,
            "status": e.status,
            "period": e.period,
            "description": e.description,
            "source_url": e.source_url,
        }
        for n, e in enumerate(events, 1)
    ]


# --- writing ---

def _write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def _readme(anchor: date, n_assessments: int, n_comments: int, n_events: int) -> str:
    start = _window_start(anchor)
    return f"""# Sample data — NOT REAL

Everything in this folder is SAMPLE DATA. The `sample_*` files and this README are
generated by `python -m reviewprep.sample` (from the repository root without an
install: `PYTHONPATH=src python3 -m reviewprep.sample`). The generator uses a fixed
seed, so every run writes byte-identical files. Do not edit them by hand: change
`src/reviewprep/sample.py` and regenerate.

- All people ("Sample respondent 017", "Sample commenter 004") and organisations
  (every name begins with "Sample") are fictional. Ratings and comments are
  invented to give the demo realistic levels, trends and languages.
- The evidence log is different: its rows summarise public facts, with the dates
  published in official records where there are some (the SME Dialogues of
  2022-04-22 in San Antonio, 2023 in Mexico City and 2024 in Montréal; Free Trade
  Commission Decision No. 5 of 2023-02-23), linked to the USTR pages that publish
  them; the rest comes from *USMCA Forward 2024*, chapter 4, and a White House fact
  sheet on the North American Leaders' Summit, whose `source_url` values are
  placeholders under `example.org`. Where no record was found for a year the row
  says `unknown` (checked, the record is silent); an obligation instance with no row
  at all is "not yet checked". Anything not confirmed by an official record (an
  inferred meeting, a day of the month) says "unconfirmed". The `period` column is
  empty: each event counts for the year of its date.

Anchor date: **{anchor.isoformat()}**. Assessments and comments are dated in the
{WEEKS} weeks from {start.isoformat()} to {anchor.isoformat()}, so weekly trends exist.

## Files

- `{ASSESSMENTS_FILE}` — {n_assessments} rows of structured assessments in the project's
  assessment template (columns `submission_id … language`): a Party's progress on a
  chapter, optionally one recommendation, rated 0 (none) to 4 (complete), with a
  comment in English, French or Spanish. About 12% are `confidential`. Trends by
  design: ch26 (Competitiveness) is low and slowly falling, ch25 (SMEs) and ch28
  (Good Regulatory Practices) are rising, ch19 (Digital Trade) is flat. The last three
  rows are deliberately invalid (rating `7`, chapter `ch99`, party `ZZ`) so the demo
  shows quarantine.
- `{COMMENTS_FILE}` — {n_comments} unstructured public-consultation comments, one JSON
  object per line, with no rating; they are tagged by the term list in
  `config/framework.yaml`. One in ten names no specific topic and stays untagged.
- `{EVIDENCE_FILE}` — {n_events} evidence-log events against the obligations in
  `config/framework.yaml` (`met`, `not_met`, `unknown` or `checked`; party `NA` = trilateral;
  an optional `period`, a year or a date range, says which period an event counts for).
"""


def run(out_dir: Path, anchor: date = ANCHOR) -> list[Path]:
    """Write the four sample files into out_dir and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    assessments = assessment_rows(anchor)
    comments = comment_records(anchor)
    evidence = evidence_rows(anchor)
    paths = [out_dir / name for name in (ASSESSMENTS_FILE, COMMENTS_FILE, EVIDENCE_FILE, README_FILE)]
    _write_csv(paths[0], ASSESSMENT_COLUMNS, assessments)
    _write_jsonl(paths[1], comments)
    _write_csv(paths[2], EVIDENCE_COLUMNS, evidence)
    readme = _readme(anchor, len(assessments), len(comments), len(evidence))
    paths[3].write_text(readme, encoding="utf-8", newline="\n")
    return paths


if __name__ == "__main__":
    for written in run(Path(__file__).resolve().parents[2] / "data" / "sample"):
        print(written)
