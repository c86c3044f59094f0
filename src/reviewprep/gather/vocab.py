"""Turn what people write into the codes reviewprep stores.

Each function returns the normalised value or raises `Invalid` with a message that
the loader places in a quarantine record next to the file, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from reviewprep.framework.models import CHAPTER_CODES, LANGUAGES, TRILATERAL


class Invalid(ValueError):
    """A value that cannot be used; the message says why."""


STAKEHOLDER_TYPES = (
    "government",
    "legislature",
    "business_association",
    "company",
    "sme",
    "labour",
    "academic",
    "civil_society",
    "individual",
)


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse spaces: how labels are compared."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


_LEVELS = {
    0: ("none", "aucun", "aucune", "ninguno", "ninguna", "nada"),
    1: ("initial steps", "premieres etapes", "premiers pas", "primeros pasos", "pasos iniciales"),
    2: ("in progress", "en cours", "en progreso", "en curso"),
    3: ("substantial", "substantiel", "substantielle", "considerable", "sustancial"),
    4: ("complete", "complet", "complete", "acheve", "completo", "completado"),
}
LEVEL_LABELS = {label: level for level, labels in _LEVELS.items() for label in labels}


def rating(value: str, scale: str = "levels") -> float:
    """A rating on the 0-4 scale from 0..4, a level label, or (scale='compliance') -1/0/+1."""
    raw = value.strip()
    if not raw:
        raise Invalid("rating is empty")
    if scale == "compliance":
        mapping = {"-1": 0.0, "0": 2.0, "+1": 4.0, "1": 4.0}
        if raw in mapping:
            return mapping[raw]
        raise Invalid(f"rating {raw!r} is not on the -1/0/+1 compliance scale")
    if raw in {"0", "1", "2", "3", "4"}:
        return float(raw)
    label = LEVEL_LABELS.get(fold(raw))
    if label is not None:
        return float(label)
    try:
        number = float(raw.replace(",", "."))
    except ValueError:
        raise Invalid(f"rating {raw!r} is not 0-4 or a level label") from None
    if number.is_integer() and 0 <= number <= 4:
        return number
    raise Invalid(f"rating {raw!r} is outside 0-4")


_CHAPTER_NAMES: dict[str, str] = {}


def register_chapter_names(names: dict[str, list[str]]) -> None:
    """Teach `chapter()` the framework's chapter names in every language."""
    for code, labels in names.items():
        for label in labels:
            _CHAPTER_NAMES[fold(label)] = code


_CHAPTER_NUMBER = re.compile(r"^(?:ch|chapter|chapitre|capitulo|cap\.?)?\s*(\d{1,2})$")


def chapter(value: str) -> str:
    """ch26, 26, 'Chapter 26', 'Chapitre 26', 'Capítulo 26' or the chapter's name."""
    folded = fold(value)
    if not folded:
        raise Invalid("chapter is empty")
    match = _CHAPTER_NUMBER.match(folded)
    code = f"ch{int(match.group(1))}" if match else _CHAPTER_NAMES.get(folded)
    if code in CHAPTER_CODES:
        return code
    raise Invalid(f"unknown chapter {value.strip()!r} (tracked: {', '.join(CHAPTER_CODES)})")


def recommendation(value: str) -> str | None:
    raw = value.strip().upper()
    if not raw:
        return None
    match = re.fullmatch(r"R?\s*(\d{1,2})", raw)
    if match and 1 <= int(match.group(1)) <= 10:
        return f"R{int(match.group(1))}"
    raise Invalid(f"unknown recommendation {value.strip()!r} (R1-R10)")


_PARTY_NAMES = {
    "us": "US", "usa": "US", "united states": "US", "etats-unis": "US", "etats unis": "US",
    "estados unidos": "US", "eua": "US", "eeuu": "US", "ee.uu.": "US", "u.s.": "US",
    "ca": "CA", "can": "CA", "canada": "CA",
    "mx": "MX", "mex": "MX", "mexico": "MX", "mexique": "MX",
    "na": "NA", "trilateral": "NA", "north america": "NA", "amerique du nord": "NA",
    "america del norte": "NA", "norteamerica": "NA",
}


def party(value: str, allow_trilateral: bool = True) -> str:
    code = _PARTY_NAMES.get(fold(value))
    if code is None:
        raise Invalid(f"unknown Party {value.strip()!r} (US, CA, MX or NA)")
    if code == TRILATERAL and not allow_trilateral:
        raise Invalid("trilateral (NA) is not allowed here")
    return code


def stakeholder_type(value: str) -> str:
    key = fold(value).replace(" ", "_").replace("-", "_")
    if key in STAKEHOLDER_TYPES:
        return key
    raise Invalid(f"unknown stakeholder type {value.strip()!r}")


def language(value: str) -> str:
    key = fold(value)[:2]
    if key in LANGUAGES:
        return key
    raise Invalid(f"unknown language {value.strip()!r} (en, fr, es)")


def confidentiality(value: str) -> bool:
    """True for confidential."""
    key = fold(value)
    if key in {"public", "publique", "publico"}:
        return False
    if key in {"confidential", "confidentiel", "confidentielle", "confidencial", "restricted"}:
        return True
    raise Invalid(f"confidentiality {value.strip()!r} is neither public nor confidential")


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_SLASHED = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?:\s.*)?$")


def date(value: str, today: dt.date, order: str = "auto") -> dt.date:
    """ISO dates, M/D/YYYY, and D/M/YYYY when the day gives it away (or `order='dmy'`).

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
