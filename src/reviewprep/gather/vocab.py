"""Turn what people write into the codes reviewprep stores.

Each function returns the normalised value or raises `Invalid` with a message that
the loader places in a quarantine record next to the file, row and column. Labels are
accepted in English, French and Spanish, compared case- and accent-insensitively.

The same few values repeat on every row of a large file, so each converter remembers
its answers (failures included): this is the ingest hot path.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Mapping

from reviewprep.codes import CHAPTER_CODES, LANGUAGES, STAKEHOLDER_TYPES, TRILATERAL
from reviewprep.framework.models import Framework


class Invalid(ValueError):
    """A value that cannot be used; the message says why."""


_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss",
                            "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2212": "-",
                            "\u2013": "-", "\u2014": "-"})


def fold(text: str) -> str:
    """Lower-case, strip accents, straighten apostrophes and dashes, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def _remembered(convert: Callable) -> Callable:
    """Memoise a converter (positional arguments only), failures included as messages,
    so tracebacks never pile up on a shared exception object."""
    cache: dict = {}

    @functools.wraps(convert)
    def wrapper(*args):
        hit = cache.get(args)
        if hit is None:
            if len(cache) > 50_000:
                cache.clear()
            try:
                hit = (True, convert(*args))
            except Invalid as exc:
                hit = (False, str(exc))
            cache[args] = hit
        if hit[0]:
            return hit[1]
        raise Invalid(hit[1])

    return wrapper


# ---- ratings ---------------------------------------------------------------------

_LEVELS = {
    0: ("none", "no progress", "aucun", "aucune", "aucun progres", "ninguno", "ninguna", "nada",
        "sin avance", "sin progreso"),
    1: ("initial steps", "initial", "premieres etapes", "premiers pas", "etapes initiales",
        "primeros pasos", "pasos iniciales"),
    2: ("in progress", "en cours", "en progres", "en progreso", "en curso"),
    3: ("substantial", "substantial progress", "substantiel", "substantielle", "progres substantiel",
        "considerable", "sustancial", "substancial", "avance sustancial"),
    4: ("complete", "completed", "complet", "complete", "acheve", "termine", "completo",
        "completado", "concluido"),
}
LEVEL_LABELS = {label: level for level, labels in _LEVELS.items() for label in labels}
_COMPLIANCE = {"-1": 0.0, "0": 2.0, "+1": 4.0, "1": 4.0}
_NUMBERED_LABEL = re.compile(r"^([0-4])\s*[-:.)]?\s*(.+)$")


@_remembered
def rating(value: str, scale: str = "levels") -> float:
    """A rating on the 0-4 scale.

    'levels': 0..4, a level label ('in progress', 'en cours', 'en curso') or both
    ('2 - in progress', as the XLSX template's drop-down writes it).
    'compliance': -1 / 0 / +1, stored as 0 / 2 / 4.
    """
    raw = fold(value)
    if not raw:
        raise Invalid("rating is empty")
    if scale == "compliance":
        if raw in _COMPLIANCE:
            return _COMPLIANCE[raw]
        raise Invalid(f"rating {value.strip()!r} is not on the -1/0/+1 compliance scale")
    if raw in {"0", "1", "2", "3", "4"}:
        return float(raw)
    if raw in LEVEL_LABELS:
        return float(LEVEL_LABELS[raw])
    if match := _NUMBERED_LABEL.match(raw):
        level, label = int(match.group(1)), match.group(2)
        if LEVEL_LABELS.get(label) == level:
            return float(level)
    if raw in {"-1", "+1"}:
        raise Invalid(f"rating {value.strip()!r} looks like the -1/0/+1 compliance scale; "
                      "set rating_scale: compliance for this source")
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise Invalid(f"rating {value.strip()!r} is not 0-4 or a level label "
                      "(none, initial steps, in progress, substantial, complete)") from None
    if not 0 <= number <= 4:
        raise Invalid(f"rating {value.strip()!r} is outside 0-4")
    if not number.is_integer():
        raise Invalid(f"rating {value.strip()!r} is not a whole level 0-4")
    return number


# ---- chapters and recommendations --------------------------------------------------

_CHAPTER = re.compile(r"^(?:chapter|chapitre|capitulo|chap|cap|ch)?\.?\s*(\d{1,2})(?:\s*[-:.,]?\s*(.*))?$")


def chapter(value: str, names: Mapping[str, str]) -> str:
    """ch26, 26, 'Chapter 26', 'Chapitre 26', 'Capítulo 26', the name, or number and name.

    `names` maps each folded chapter name (in every language) to its code.
    """
    folded = fold(value)
    if not folded:
        raise Invalid("chapter is empty")
    match = _CHAPTER.match(folded)
    if match:
        code, name = f"ch{int(match.group(1))}", match.group(2)
        if name and names.get(name, code) != code:
            raise Invalid(f"chapter {value.strip()!r}: number and name disagree")
    else:
        code = names.get(folded)
    if code in CHAPTER_CODES:
        return code
    raise Invalid(f"unknown chapter {value.strip()!r} (tracked: {', '.join(CHAPTER_CODES)})")


_RECOMMENDATION = re.compile(r"^(?:r|rec|recommendation|recommandation|recomendacion)?\.?\s*(\d{1,2})$")


@_remembered
def recommendation(value: str) -> str | None:
    """R1..R10 (also '3', 'R 3', 'Recommendation 3'); empty means the whole chapter."""
    folded = fold(value)
    if not folded:
        return None
    match = _RECOMMENDATION.match(folded)
    if match and 1 <= int(match.group(1)) <= 10:
        return f"R{int(match.group(1))}"
    raise Invalid(f"unknown recommendation {value.strip()!r} (R1-R10)")


# ---- Parties, stakeholders, languages, confidentiality -----------------------------

_PARTY_NAMES = {
    "US": ("us", "usa", "u.s.", "u.s.a.", "united states", "united states of america", "etats-unis",
           "etats unis", "etats-unis d'amerique", "estados unidos", "estados unidos de america", "eua",
           "eeuu", "ee.uu.", "ee. uu."),
    "CA": ("ca", "can", "canada"),
    "MX": ("mx", "mex", "mexico", "mexique", "estados unidos mexicanos", "united mexican states",
           "etats-unis du mexique"),
    "NA": ("na", "trilateral", "trilaterale", "north america", "amerique du nord", "america del norte",
           "norteamerica", "all parties", "toutes les parties", "todas las partes"),
}
PARTY_NAMES = {name: code for code, names in _PARTY_NAMES.items() for name in names}


@_remembered
def party(value: str, allow_trilateral: bool = True) -> str:
    """US, CA, MX or NA (trilateral), from codes or names in English, French or Spanish."""
    folded = fold(value)
    if not folded:
        raise Invalid("Party is empty")
    code = PARTY_NAMES.get(folded)
    if code is None:
        raise Invalid(f"unknown Party {value.strip()!r} (US, CA, MX or NA)")
    if code == TRILATERAL and not allow_trilateral:
        raise Invalid("trilateral (NA) is not allowed here")
    return code


_STAKEHOLDER_NAMES = {
    "government": ("gov", "federal government", "state government", "provincial government",
                   "gouvernement", "administration publique", "gobierno", "administracion publica"),
    "legislature": ("parliament", "congress", "legislator", "legislatif", "parlement", "legislatura",
                    "poder legislativo", "congreso"),
    "business_association": ("business association", "trade association", "industry association",
                             "chamber of commerce", "association d'entreprises",
                             "association professionnelle", "chambre de commerce",
                             "asociacion empresarial", "camara de comercio", "camara"),
    "company": ("business", "firm", "corporation", "entreprise", "societe", "empresa", "compania"),
    "sme": ("small business", "small and medium-sized enterprise", "pme", "pyme", "mipyme"),
    "labour": ("labor", "union", "labour union", "labor union", "trade union", "syndicat", "sindicato"),
    "academic": ("academia", "university", "researcher", "think tank", "universitaire",
                 "milieu universitaire", "academique", "academico", "universidad"),
    "civil_society": ("civil society", "ngo", "non-profit", "nonprofit", "societe civile", "ong",
                      "sociedad civil", "osc"),
    "individual": ("citizen", "private citizen", "person", "particulier", "citoyen", "particular",
                   "ciudadano", "persona", "individuo"),
}
STAKEHOLDER_NAMES = {
    **{t: t for t in STAKEHOLDER_TYPES},
    **{name: code for code, names in _STAKEHOLDER_NAMES.items() for name in names},
}


@_remembered
def stakeholder_type(value: str) -> str:
    folded = fold(value)
    code = STAKEHOLDER_NAMES.get(folded) or STAKEHOLDER_NAMES.get(folded.replace(" ", "_").replace("-", "_"))
    if code:
        return code
    raise Invalid(f"unknown stakeholder type {value.strip()!r} ({', '.join(STAKEHOLDER_TYPES)})")


_LANGUAGE_NAMES = {
    "en": ("english", "anglais", "ingles"),
    "fr": ("french", "francais", "frances"),
    "es": ("spanish", "espagnol", "espanol", "castellano"),
}
LANGUAGE_NAMES = {name: code for code, names in _LANGUAGE_NAMES.items() for name in names}
_LANGUAGE_TAG = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$")


@_remembered
def language(value: str) -> str:
    """en, fr, es, a tag such as fr-CA, or the language's name in any of the three."""
    folded = fold(value)
    code = LANGUAGE_NAMES.get(folded)
    if code is None and (match := _LANGUAGE_TAG.match(folded)):
        code = match.group(1)
    if code in LANGUAGES:
        return code
    raise Invalid(f"unknown language {value.strip()!r} (en, fr, es)")


_PUBLIC = {"public", "publique", "publico", "publica", "no", "false"}
_CONFIDENTIAL = {"confidential", "confidentiel", "confidentielle", "confidencial", "restricted",
                 "restreint", "restringido", "yes", "true"}


@_remembered
def confidentiality(value: str) -> bool:
    """True for confidential."""
    key = fold(value)
    if key in _PUBLIC:
        return False
    if key in _CONFIDENTIAL:
        return True
    raise Invalid(f"confidentiality {value.strip()!r} is neither public nor confidential")


# ---- dates -----------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\s.*)?$")
_YEAR_FIRST = re.compile(r"^(\d{4}|\d{2})[/.](\d{1,2})[/.](\d{1,2})(?:\s.*)?$")


@_remembered
def date(value: str, today: dt.date, order: str = "auto") -> dt.date:
    """ISO dates, M/D/YYYY, and D/M/YYYY when the day gives it away (or `order='dmy'`);
    YYYY/MM/DD always, and YY/MM/DD with `order='ymd'`.

    A slashed date that reads both ways (03/04/2026) is refused unless the source says
    which order it uses: guessing would silently move a submission by weeks.
    A date after `today` is refused too.
    """
    raw = value.strip()
    if not raw:
        raise Invalid("date is empty")
    try:
        if match := _ISO.match(raw):
            parsed = dt.date(*(int(g) for g in match.groups()))
        elif (match := _YEAR_FIRST.match(raw)) and (order == "ymd" or len(match.group(1)) == 4):
            year, month, day = (int(g) for g in match.groups())
            parsed = dt.date(year + 2000 if year < 100 else year, month, day)
        elif match := _SLASHED.match(raw):
            first, second, year = (int(g) for g in match.groups())
            if order == "mdy" or (order == "auto" and second > 12 >= first):
                parsed = dt.date(year, first, second)
            elif order == "dmy" or (order == "auto" and first > 12 >= second):
                parsed = dt.date(year, second, first)
            elif first == second:
                parsed = dt.date(year, first, second)
            else:
                raise Invalid(
                    f"date {raw!r} is ambiguous (month/day or day/month?); "
                    "set date_order for this source"
                )
        else:
            raise Invalid(f"date {raw!r} is not YYYY-MM-DD, M/D/YYYY or D/M/YYYY")
    except ValueError as exc:
        if isinstance(exc, Invalid):
            raise
        raise Invalid(f"date {raw!r} does not exist") from None
    if parsed > today:
        raise Invalid(f"date {raw!r} is in the future")
    return parsed


# ---- one framework's vocabulary ------------------------------------------------------

class Vocabulary:
    """The converters for one framework, built from it and handed to the loaders.

    Chapter names come from config/framework.yaml (in en, fr and es); the other
    converters are the same for every framework.
    """

    rating = staticmethod(rating)
    recommendation = staticmethod(recommendation)
    party = staticmethod(party)
    stakeholder_type = staticmethod(stakeholder_type)
    language = staticmethod(language)
    confidentiality = staticmethod(confidentiality)
    date = staticmethod(date)

    def __init__(self, framework: Framework):
        names = {fold(getattr(c.name, lang)): c.code for c in framework.chapters for lang in LANGUAGES}
        self.chapter: Callable[[str], str] = _remembered(functools.partial(chapter, names=names))
