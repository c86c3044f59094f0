"""Realistic form-letter corpora in English, French and Spanish, made for the campaign tests.

Each language has a campaign template (the kind of letter advocacy groups hand out for
a consultation: salutation, who I am, the ask, closing), personal additions people put
in their own words, letters written independently on the same subjects, and a near miss:
a second group's letter that keeps the first one's salutation and closing but asks for
something else, which must stay apart. Everything is seeded, so a corpus is the same on
every run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from reviewprep.campaigns.detect import Letter

TEMPLATES = {
    "en": (
        "Dear members of the review panel,",
        "I am writing as a concerned resident about the joint review of the USMCA.",
        "The automotive rules of origin were meant to bring good jobs back to our communities, yet plants keep closing.",
        "I urge you to strengthen the labour chapter and to enforce the Rapid Response Labor Mechanism in every case brought to you.",
        "Workers on both sides of the border deserve wages that let them live with dignity.",
        "Please make the enforcement of environmental commitments a condition of any extension of the agreement.",
        "Trade agreements must serve working families, not only the largest exporters.",
        "Thank you for considering my views.",
        "Sincerely,",
    ),
    "fr": (
        "Madame, Monsieur,",
        "Je vous écris en tant que citoyenne préoccupée par l'examen conjoint de l'ACEUM.",
        "La gestion de l'offre protège nos fermes laitières familiales et doit rester exclue de toute concession.",
        "Je vous demande de défendre les producteurs de lait, d'œufs et de volaille pendant cet examen.",
        "Nos régions rurales dépendent de ces fermes pour leurs emplois et leurs services.",
        "Toute ouverture supplémentaire du marché laitier affaiblirait notre sécurité alimentaire.",
        "Le gouvernement s'est engagé à ne plus céder de parts de marché, et cet engagement doit être tenu.",
        "Je vous remercie de l'attention portée à ma lettre.",
        "Veuillez agréer mes salutations distinguées.",
    ),
    "es": (
        "Estimados miembros del comité de revisión:",
        "Les escribo como productor agrícola preocupado por la revisión conjunta del T-MEC.",
        "Las exportaciones de tomate y aguacate sostienen a miles de familias en el campo mexicano.",
        "Les pido que eviten nuevas cuotas y que se respeten los mecanismos de solución de controversias del capítulo 31.",
        "Las medidas sanitarias y fitosanitarias deben basarse en evidencia científica y no usarse como barreras comerciales.",
        "Los pequeños productores necesitamos reglas claras y estables para invertir.",
        "Un acuerdo previsible beneficia a los consumidores de los tres países.",
        "Agradezco de antemano su atención.",
        "Atentamente,",
    ),
}

# The near miss: same salutation, first sentence and closing, another ask.
NEAR_MISS_BODY = {
    "en": (
        "Our small machine shop exports precision parts to Ontario and Mexico every week.",
        "Customs paperwork for a single shipment now takes three days and costs us more than the freight.",
        "Please simplify certificates of origin for small firms and publish the guidance in plain language.",
    ),
    "fr": (
        "Notre petite entreprise de logiciels vend ses services au Mexique et aux États-Unis.",
        "Les règles sur la localisation des données nous obligent à dupliquer nos serveurs à grands frais.",
        "Je vous demande de protéger la libre circulation des données prévue au chapitre sur le commerce numérique.",
    ),
    "es": (
        "Nuestra cooperativa textil vende prendas a tiendas de Texas y de Ontario.",
        "Las reglas de origen del hilo nos obligan a comprar insumos más caros que los locales.",
        "Les pido revisar las reglas de origen textiles para que las pequeñas empresas puedan cumplirlas.",
    ),
}

ADDITIONS = {
    "en": (
        "My father worked at the Lordstown plant for thirty years before it closed.",
        "In my town, two parts suppliers shut down last spring and 400 people lost their jobs.",
        "I am a nurse and I see every day what unemployment does to families' health.",
        "My daughter crosses the border for work and earns half of what she did in 2019.",
        "Our union local lost a third of its members since 2020.",
        "I have seen the river near my home polluted by a factory that moved south.",
        "Please read the report of the Independent Mexico Labor Expert Board before you decide.",
        "As a small business owner I depend on customers who have steady jobs.",
    ),
    "fr": (
        "Ma famille exploite une ferme laitière à Saint-Hyacinthe depuis quatre générations.",
        "Dans mon village, trois fermes ont fermé depuis 2020.",
        "Je suis vétérinaire et je vois la pression que subissent les producteurs.",
        "Mon fils voulait reprendre la ferme, mais il hésite à cause de l'incertitude.",
        "Le prix de nos intrants a augmenté de 30 % en deux ans.",
        "Nous avons investi 800 000 $ dans un nouveau robot de traite l'an dernier.",
        "Les consommateurs de ma région tiennent à acheter du lait d'ici.",
        "La coopérative de notre région emploie plus de 200 personnes.",
    ),
    "es": (
        "Mi familia cultiva aguacate en Uruapan desde hace tres generaciones.",
        "El año pasado perdimos un embarque completo por una inspección que tardó dos semanas.",
        "Soy ingeniera agrónoma y asesoro a cuarenta productores de Sinaloa.",
        "En mi comunidad, la mitad de los jóvenes trabaja en empaques de exportación.",
        "Nuestros costos de certificación subieron un 25 % desde 2021.",
        "Vendemos a compradores de Texas y de California desde hace quince años.",
        "Sin exportaciones, mi pueblo no tendría escuela secundaria.",
        "Les invito a visitar nuestras huertas para conocer cómo trabajamos.",
    ),
}

# Independent comments: each writer's sentences put together from opener, subject, claim and
# ask phrases (several of each), filled with their own facts, so two writers on one subject
# share a few phrases, as real writers do, but not whole paragraphs.
GRAMMAR = {
    "en": (
        ("In our experience,", "Frankly,", "As exporters,", "From where we stand,", "To be clear,",
         "Over the last few years,", "Speaking for our members,", "Put simply,"),
        ("the {topic} chapter", "the treatment of {product}", "the border crossing at {place}",
         "our sales of {product} to {country}", "Article {article}", "the rules on {topic}",
         "small firms like ours in {place}", "the {n} workers we employ"),
        ("has not delivered what was promised", "has cost us about {n} dollars a month",
         "changed sharply after {year}", "is still unclear to most importers",
         "needs a public work plan with dates", "depends on decisions taken in {country}",
         "was never explained to our suppliers", "works better than many expected"),
        ("and we ask for quarterly data.", "so please consult us before any change.",
         "which the review should fix.", "and the Parties should say when.",
         "as our survey of {n} members shows.", "see https://example.org/{topic2}/{year}.",
         "which hurts {product} producers most.", "and we hope this continues."),
    ),
    "fr": (
        ("Selon notre expérience,", "Franchement,", "En tant qu'exportateurs,", "De notre point de vue,",
         "Pour être clairs,", "Depuis quelques années,", "Au nom de nos membres,", "En somme,"),
        ("le chapitre sur {topic}", "le traitement de {product}", "le poste frontalier de {place}",
         "nos ventes de {product} vers {country}", "l'article {article}", "les règles sur {topic}",
         "les petites entreprises de {place}", "les {n} employés de notre usine"),
        ("n'a pas tenu ses promesses", "nous coûte environ {n} dollars par mois",
         "a beaucoup changé après {year}", "reste flou pour la plupart des importateurs",
         "exige un plan de travail public et daté", "dépend de décisions prises en {country}",
         "n'a jamais été expliqué à nos fournisseurs", "fonctionne mieux que prévu"),
        ("et nous demandons des données trimestrielles.", "alors consultez-nous avant tout changement.",
         "ce que l'examen devrait corriger.", "et les Parties doivent dire quand.",
         "comme le montre notre sondage de {n} membres.", "voir https://example.org/{topic2}/{year}.",
         "ce qui nuit surtout aux producteurs de {product}.", "et nous espérons que cela dure."),
    ),
    "es": (
        ("Según nuestra experiencia,", "Francamente,", "Como exportadores,", "Desde nuestro punto de vista,",
         "Para ser claros,", "En los últimos años,", "En nombre de nuestros socios,", "En pocas palabras,"),
        ("el capítulo de {topic}", "el trato a {product}", "el cruce fronterizo de {place}",
         "nuestras ventas de {product} a {country}", "el artículo {article}", "las reglas sobre {topic}",
         "las pequeñas empresas de {place}", "los {n} trabajadores que empleamos"),
        ("no ha cumplido lo prometido", "nos cuesta unos {n} dólares al mes",
         "cambió mucho después de {year}", "sigue siendo confuso para los importadores",
         "necesita un plan de trabajo público con fechas", "depende de decisiones tomadas en {country}",
         "nunca se explicó a nuestros proveedores", "funciona mejor de lo esperado"),
        ("y pedimos datos trimestrales.", "así que consúltennos antes de cualquier cambio.",
         "lo que la revisión debería corregir.", "y las Partes deben decir cuándo.",
         "como muestra nuestra encuesta a {n} socios.", "vean https://example.org/{topic2}/{year}.",
         "lo que afecta sobre todo a los productores de {product}.", "y esperamos que siga así."),
    ),
}
FILL = {
    "place": ("Windsor", "Laredo", "Monterrey", "Detroit", "Québec", "Tijuana", "Calgary", "Puebla",
              "Buffalo", "Saltillo", "Halifax", "El Paso", "Guelph", "Querétaro"),
    "product": ("steel coils", "auto parts", "frozen berries", "software", "furniture", "beef",
                "medical devices", "wine", "textiles", "aluminium", "seeds", "batteries"),
    "country": ("Canada", "Mexico", "the United States", "Ontario", "Texas"),
    "topic": ("digital trade", "customs procedures", "rules of origin", "SME support", "labour rights",
              "environment", "dairy access", "energy", "intellectual property", "dispute settlement",
              "government procurement", "good regulatory practices"),
    "topic2": ("trade", "customs", "origin", "sme", "labour", "energy"),
}


@dataclass
class Corpus:
    letters: list[Letter]
    campaign: dict[str, set[str]]  # language -> keys of the true campaign's members
    near_miss: dict[str, set[str]]  # language -> keys of the near-miss letters
    distinct: set[str]


def _fill(rng: random.Random, phrase: str) -> str:
    values = {k: rng.choice(v) for k, v in FILL.items()}
    values.update(n=rng.randint(3, 900), year=rng.randint(2015, 2025), article=f"{rng.randint(1, 34)}.{rng.randint(1, 12)}")
    return phrase.format(**values)


def distinct_comment(rng: random.Random, language: str) -> str:
    """Three to six sentences of one writer's own."""
    return " ".join(" ".join(_fill(rng, rng.choice(part)) for part in GRAMMAR[language])
                    for _ in range(rng.randint(3, 6)))


def member_letter(rng: random.Random, language: str, edits: bool = True) -> str:
    """The template, sometimes with a personal sentence or two, a dropped sentence, or a changed greeting."""
    parts = list(TEMPLATES[language])
    if edits:
        roll = rng.random()
        if roll < 0.6:
            for extra in rng.sample(ADDITIONS[language], rng.randint(1, 2)):
                parts.insert(rng.randint(1, len(parts) - 2), extra)
        if rng.random() < 0.2:
            del parts[rng.randint(2, len(parts) - 3)]
        if rng.random() < 0.2:
            parts[0] = {"en": "To the USMCA review team,", "fr": "Mesdames et Messieurs,",
                        "es": "A quien corresponda:"}[language]
    separator = "\n" if rng.random() < 0.5 else " "
    return separator.join(parts)


def near_miss_letter(language: str) -> str:
    t = TEMPLATES[language]
    return "\n".join((t[0], t[1], *NEAR_MISS_BODY[language], t[-2], t[-1]))


def corpus(seed: int = 7, per_language: int = 60, exact_copies: int = 10, distinct: int = 30,
           start: dt.date = dt.date(2026, 3, 1)) -> Corpus:
    """One campaign per language (personal edits plus exact copies), near misses and independent comments."""
    rng = random.Random(seed)
    letters, campaign, near, lone = [], {}, {}, set()
    for language in TEMPLATES:
        keys = set()
        for i in range(per_language):
            key = f"{language}-m{i:04d}"
            text = member_letter(rng, language, edits=i % 3 != 0)
            letters.append(Letter(key, start + dt.timedelta(days=rng.randint(0, 40)), text))
            keys.add(key)
        plain = member_letter(rng, language, edits=False)
        for i in range(exact_copies):  # the same text, no id of their own: still one letter each
            key = f"{language}-x{i:04d}"
            letters.append(Letter(key, start + dt.timedelta(days=rng.randint(0, 40)), plain))
            keys.add(key)
        campaign[language] = keys
        key = f"{language}-near"
        letters.append(Letter(key, start + dt.timedelta(days=20), near_miss_letter(language)))
        near[language] = {key}
        for i in range(distinct):
            key = f"{language}-d{i:04d}"
            letters.append(Letter(key, start + dt.timedelta(days=rng.randint(0, 60)), distinct_comment(rng, language)))
            lone.add(key)
    return Corpus(letters, campaign, near, lone)


def holdout(seed: int = 20261129, campaign_size: int = 150, distinct: int = 50,
            start: dt.date = dt.date(2026, 5, 4)) -> Corpus:
    """The hold-out: one 150-letter English campaign among 50 independent comments (other seed)."""
    rng = random.Random(seed)
    letters, members, lone = [], set(), set()
    for i in range(campaign_size):
        key = f"h-m{i:04d}"
        letters.append(Letter(key, start + dt.timedelta(days=rng.randint(0, 30)),
                              member_letter(rng, "en", edits=rng.random() < 0.8)))
        members.add(key)
    for i in range(distinct):
        key = f"h-d{i:04d}"
        language = rng.choice(tuple(GRAMMAR))
        letters.append(Letter(key, start + dt.timedelta(days=rng.randint(0, 45)), distinct_comment(rng, language)))
        lone.add(key)
    return Corpus(letters, {"en": members}, {}, lone)
