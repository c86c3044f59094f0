"""config/survey_labels.yaml: what survey-tool answer labels mean, and rating scales.

Survey tools write answers as the labels the survey showed ("Business or trade
association", "Largely done", "Tout à fait d'accord"). These tables turn them into
codes and levels. The built-in tables below hold the usual labels in English, French
and Spanish; config/survey_labels.yaml adds to them or overrides an entry (labels are
compared folded: case, accents and apostrophes ignored). Labels a table does not know
fall through to the vocabulary of `gather/vocab.py` (codes and their usual names).

A rating question declares its scale (`Question.scale` in `gather/survey.py`):

- `0-4`: 0..4 as stored, or a progress label;
- `1-5`: 1..5 stored as 0..4 (the answer minus one), or a progress label;
- `agree`: a 5-point agree/disagree Likert, by label or as 1..5 (minus one);
- or an explicit `labels:` table, label -> level 0..4, on the question itself.

An answer outside the declared scale is refused (the respondent is quarantined with
the question named): a wrong level is worse than a missing one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from reviewprep.codes import PartyOrTrilateral, StakeholderType
from reviewprep.gather import vocab
from reviewprep.gather.vocab import Invalid, fold

Level = Annotated[int, Field(ge=0, le=4)]
SCALES = ("0-4", "1-5", "agree")

PROGRESS = {
    0: ("not started", "not yet started", "no progress", "nothing done", "pas commence", "pas encore commence",
        "aucun progres", "no iniciado", "sin iniciar", "sin avance"),
    1: ("just started", "started", "early stages", "barely started", "a peine commence", "amorce", "debut",
        "recien iniciado", "iniciado", "etapa inicial"),
    2: ("partly done", "partially done", "halfway", "some progress", "en partie realise", "partiellement realise",
        "a mi-chemin", "parcialmente realizado", "a medias", "algun avance"),
    3: ("largely done", "mostly done", "nearly done", "en grande partie realise", "largement realise",
        "presque termine", "mayormente realizado", "en gran parte realizado", "casi terminado"),
    4: ("done", "fully done", "fully implemented", "realise", "entierement realise", "pleinement mis en oeuvre",
        "realizado", "totalmente realizado", "plenamente implementado"),
}
AGREEMENT = {
    0: ("strongly disagree", "pas du tout d'accord", "fortement en desaccord", "totalement en desaccord",
        "totalmente en desacuerdo", "muy en desacuerdo"),
    1: ("disagree", "somewhat disagree", "pas d'accord", "plutot pas d'accord", "plutot en desaccord",
        "en desaccord", "en desacuerdo", "algo en desacuerdo"),
    2: ("neither agree nor disagree", "neutral", "ni d'accord ni pas d'accord", "ni en accord ni en desaccord",
        "neutre", "ni de acuerdo ni en desacuerdo"),
    3: ("agree", "somewhat agree", "d'accord", "plutot d'accord", "de acuerdo", "algo de acuerdo"),
    4: ("strongly agree", "tout a fait d'accord", "fortement d'accord", "totalement d'accord",
        "totalmente de acuerdo", "muy de acuerdo"),
}
STAKEHOLDER_TYPES = {
    "business_association": ("business or trade association", "trade or business association",
                             "industry or trade association", "business association or chamber of commerce",
                             "association d'entreprises ou commerciale", "association professionnelle ou commerciale",
                             "association d'affaires", "asociacion empresarial o comercial",
                             "camara o asociacion empresarial", "asociacion gremial"),
    "company": ("private company", "company or business", "corporation or company", "entreprise privee",
                "societe ou entreprise", "empresa privada", "empresa o negocio"),
    "sme": ("small or medium-sized enterprise", "small or medium enterprise", "small business (sme)",
            "small or medium-sized enterprise (sme)", "petite ou moyenne entreprise", "petite ou moyenne entreprise (pme)",
            "pequena o mediana empresa", "pequena o mediana empresa (pyme)"),
    "labour": ("labour union", "labor union or workers' organization", "trade union or workers' organisation",
               "organisation syndicale", "syndicat ou organisation de travailleurs", "sindicato u organizacion laboral",
               "organizacion sindical"),
    "academic": ("academic or research institution", "university or research institute", "think tank or academia",
                 "etablissement universitaire ou de recherche", "milieu universitaire ou de recherche",
                 "institucion academica o de investigacion", "academia o centro de investigacion"),
    "civil_society": ("non-governmental organization", "non-governmental organisation", "civil society organization",
                      "civil society organisation", "ngo or civil society", "organisation non gouvernementale",
                      "organisation de la societe civile", "organizacion no gubernamental",
                      "organizacion de la sociedad civil"),
    "government": ("government agency", "government department or agency", "federal, state or local government",
                   "organisme gouvernemental", "ministere ou organisme public", "dependencia gubernamental",
                   "organismo de gobierno"),
    "legislature": ("member of a legislature", "legislator or staff", "parlementaire", "legislador"),
    "individual": ("private individual", "individual (responding on my own behalf)", "as an individual",
                   "a titre personnel", "a titre individuel", "persona fisica", "a titulo personal"),
}
PARTIES = {
    "US": ("the united states", "united states (u.s.)", "les etats-unis", "los estados unidos"),
    "CA": ("canada (ca)", "le canada"),
    "MX": ("mexico (mx)", "le mexique"),
    "NA": ("all three", "all three countries", "all three parties", "usmca as a whole", "les trois pays",
           "les trois parties", "los tres paises", "las tres partes", "t-mec en su conjunto"),
}
COUNTRIES = {
    "US": ("united states", "united states of america", "usa", "u.s.", "us", "the united states", "etats-unis",
           "etats-unis d'amerique", "estados unidos", "estados unidos de america", "eeuu", "ee. uu."),
    "CA": ("canada", "ca"),
    "MX": ("mexico", "mexique", "mx", "estados unidos mexicanos"),
}


folded = functools.lru_cache(maxsize=1 << 16)(fold)  # answers repeat on every row: fold each once


def _table(groups: Mapping) -> dict[str, object]:
    return {fold(label): value for value, labels in groups.items() for label in labels}


class SurveyLabels(BaseModel):
    """config/survey_labels.yaml: each table maps an answer label to its meaning, on top of
    the built-in tables (an entry here wins)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    progress: dict[str, Level] = Field(default_factory=dict, description="progress label -> level 0-4")
    agreement: dict[str, Level] = Field(default_factory=dict, description="agree/disagree label -> level 0-4")
    stakeholder_types: dict[str, StakeholderType] = Field(default_factory=dict)
    parties: dict[str, PartyOrTrilateral] = Field(default_factory=dict)
    countries: dict[str, str] = Field(default_factory=dict, description="country label -> country as stored")

    def _merged(self, builtin: Mapping, own: Mapping) -> dict:
        return {**_table(builtin), **{fold(k): v for k, v in own.items()}}

    @cached_property
    def progress_levels(self) -> dict[str, int]:
        return {**vocab.LEVEL_LABELS, **self._merged(PROGRESS, self.progress)}

    @cached_property
    def agreement_levels(self) -> dict[str, int]:
        return self._merged(AGREEMENT, self.agreement)

    @cached_property
    def stakeholder_type_codes(self) -> dict[str, str]:
        return self._merged(STAKEHOLDER_TYPES, self.stakeholder_types)

    @cached_property
    def party_codes(self) -> dict[str, str]:
        return self._merged(PARTIES, self.parties)

    @cached_property
    def country_codes(self) -> dict[str, str]:
        return self._merged(COUNTRIES, self.countries)

    def party(self, label: str) -> str:
        """A Party code from a label (this table first, then the vocabulary); Invalid if neither knows it."""
        return self.party_codes.get(folded(label)) or vocab.party(label)

    def respondent_cells(self, data: dict[str, str]) -> dict[str, str]:
        """The row with stakeholder type, Party and country labels put as codes where a table knows them."""
        changed = dict(data)
        for column, table in (("stakeholder_type", self.stakeholder_type_codes), ("party", self.party_codes),
                              ("country", self.country_codes)):
            value = data.get(column)
            if value and (code := table.get(folded(value))):
                changed[column] = code
        return changed

    def rating(self, value: str, scale: str | None, labels: Mapping[str, int] | None) -> float:
        """A level 0-4 from an answer on the question's declared scale (see module docstring);
        `labels` is the question's own table, its labels folded."""
        answer = folded(value)
        if labels:
            if answer in labels:
                return float(labels[answer])
            if scale is None:
                raise Invalid(f"answer {value.strip()!r} is not one of the question's labels "
                              f"({', '.join(labels)})")
        number = _leading_number(answer)
        if scale == "0-4":
            if number is not None:
                return _within(number, 0, 4, value, scale)
            if answer in self.progress_levels:
                return float(self.progress_levels[answer])
        elif scale == "1-5":
            if number is not None:
                return _within(number, 1, 5, value, scale) - 1
            if answer in self.progress_levels:
                return float(self.progress_levels[answer])
        elif scale == "agree":
            if number is not None:
                return _within(number, 1, 5, value, "1-5 agree/disagree") - 1
            if answer in self.agreement_levels:
                return float(self.agreement_levels[answer])
        raise Invalid(f"answer {value.strip()!r} is not on the question's scale {scale}"
                      + (" (a label no table knows: add it to config/survey_labels.yaml or the question's labels)"
                         if number is None else ""))


_NUMBER = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)(?:\s*[-:.)=]\s*.*)?$")


def _leading_number(answer: str) -> float | None:
    """5, '5.0', '4 - largely done' (a numbered label): the number; None for a bare label."""
    match = _NUMBER.match(answer)
    return float(match.group(1).replace(",", ".")) if match else None


def _within(number: float, low: int, high: int, value: str, scale: str) -> float:
    if not number.is_integer() or not low <= number <= high:
        raise Invalid(f"answer {value.strip()!r} is outside the question's scale {scale}")
    return number


DEFAULT = SurveyLabels()


def load_labels(config_path: Path) -> SurveyLabels:
    """config/survey_labels.yaml if there is one, else the built-in tables alone."""
    from reviewprep.framework.load import validate

    path = config_path / "survey_labels.yaml"
    return validate(path, SurveyLabels) if path.is_file() else DEFAULT
