"""`reviewprep sources draft FILE`: a starter config/sources.yaml entry for a survey export.

It reads the export the way its preset does (header rows, matrix columns) and the
first MAX_ROWS respondents, and writes YAML for the analyst to edit: every question
column with its distinct answers (the first few, counted), and its guesses, each said
in a comment: the preset, the respondent columns the preset found, which columns look
like ratings and on what scale, the chapter from the header text (the framework's
chapter terms) and the Party a header or matrix row names. A question whose chapter
could not be guessed says `chapter: null`, which does not load until it is set.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

from reviewprep.errors import UserError
from reviewprep.framework.models import Framework
from reviewprep.gather import vocab
from reviewprep.gather.formats import FORMATS
from reviewprep.gather.survey import NO_ANSWER
from reviewprep.gather.survey_labels import SurveyLabels
from reviewprep.gather.survey_presets import (
    GENERIC,
    PRESETS,
    XLSX,
    Column,
    _Index,
    _respondent_keys,
    detect,
    question_columns,
    read_export,
    timestamp,
)
from reviewprep.gather.tagging import Tagger
from reviewprep.gather.textfile import CSV_ERROR, Unreadable
from reviewprep.gather.vocab import Invalid, fold

MAX_ROWS = 5000  # respondents read for the answers shown
SHOWN = 8  # distinct answers listed per column
_ORGANIZATION = ("organization", "organisation", "organizacion", "company name", "entreprise", "empresa")
_DATE = ("timestamp", "date", "submitted", "horodateur", "fecha", "marca temporal")


_FOUND = {"submission_id": "the respondent id", "stakeholder_name": "the respondent's name",
          "language": "the language (en, fr, es; others take the default)", "_first": "the first name",
          "_last": "the last name", "_status": "the response status (previews, tests and spam are set aside)",
          "_started": "the start time (part of a respondent's identity)", "_collector": "the collector (identity)",
          "_seed": "the seed (identity)", "_email": "the email (identity only, never stored)",
          "_date": "the submission date (the first such column with a value)"}


def _q(value: object) -> str:
    """A YAML scalar (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def draft(path: Path, fmt: str | None, framework: Framework, labels: SurveyLabels) -> str:
    if not path.is_file():
        raise UserError(f"{path}: no such file")
    if fmt is not None and (fmt not in FORMATS or not FORMATS[fmt].questions):
        surveys = ", ".join(name for name, spec in FORMATS.items() if spec.questions)
        raise UserError(f"{fmt!r} is not a survey format ({surveys})")
    detected = detect(path)
    fmt = fmt or detected or ("survey_xlsx" if path.suffix.lower() in XLSX else "survey_csv")
    preset = PRESETS.get(fmt, GENERIC)
    try:
        export = read_export(path, preset)
    except (Unreadable, OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read it as {fmt}: {exc}") from None
    answers: list[Counter] = [Counter() for _ in export.columns]
    respondents = 0
    try:
        for _, cells in export.table.rows:
            if not "".join(cells).strip() or (cells and cells[0] == CSV_ERROR):
                continue
            respondents += 1
            for i, cell in enumerate(cells[:len(answers)]):
                if cell.strip():
                    answers[i][cell.strip()] += 1
            if respondents >= MAX_ROWS:
                break
    finally:
        export.table.close()
    found = {export.columns[i]: key for i, key in
             _respondent_keys(preset, _Index(export.columns), SimpleNamespace(columns={}))[0].items()}
    questions = question_columns(preset, export.columns) if preset is not GENERIC else export.columns
    guesser = _Guesser(framework, labels)
    columns = guesser.respondent_columns(questions, answers, generic=preset is GENERIC)
    entries = guesser.questions([c for c in questions if c not in columns.values()], answers)

    why = f"preset {fmt}, detected from its first row" if fmt == detected else (
        f"preset {fmt}, as given" if fmt in PRESETS else f"{fmt}: no survey tool recognised, a generic survey")
    lines = [f"# reviewprep sources draft {path.name}: {why}; {respondents} respondent row(s) read"
             + (f" (the first {MAX_ROWS})" if respondents >= MAX_ROWS else "") + ".",
             "# Edit it: keep the rating questions, set each chapter (recommendation, party) and scale,",
             "# delete the questions that are not ratings, then add it to config/sources.yaml.",
             "# scale: 0-4 as stored | 1-5 stored minus one | agree (5-point agree/disagree) | or labels: {label: level}"]
    for column, key in found.items():
        lines.append(f"# the preset reads {column.label!r} as {_FOUND.get(key.rstrip('0123456789'), key)}")
    lines += ["sources:", f"  - name: {_q(path.stem.replace(' ', '-')[:100] or 'survey')}",
              f"    path: {_q(str(path))}", f"    format: {fmt}"]
    lines.append("    columns:" + ("" if columns else " {}"))
    for key, column in columns.items():
        lines.append(f"      {key}: {_q(column.names[0])}    # guessed from {_answers_hint(answers[column.index])}")
    lines.append("    questions:" + ("" if entries else " []"))
    for entry in entries:
        lines += entry
    lines += _defaults(preset.date_order, export.columns, answers)
    lines.append("# every column, with its distinct answers (the first few, and how many times each):")
    for column in export.columns:
        lines.append(f"#   {column.label}: {_answers_hint(answers[column.index])}")
    return "\n".join(lines) + "\n"


def _defaults(preset_order: str, columns, answers: list[Counter]) -> list[str]:
    """The defaults line, with the date order the file's dates show when its tool writes them
    in the account's locale: a date the loader reads one way only (a day above 12) tells it.
    Said in a comment, for the analyst to confirm; at load time an undecided date is still
    quarantined, never guessed row by row."""
    rest = "party, language, confidentiality, stakeholder_type, date_order"
    if preset_order != "auto":
        return [f"    defaults: {{}}    # {rest} (the preset's dates: {preset_order})"]
    seen: dict[str, tuple[str, str]] = {}
    ambiguous = False
    for column in columns:
        for value in answers[column.index]:
            shown = _order_shown(value)
            if shown == "either":
                ambiguous = True
            elif shown:
                seen.setdefault(shown, (column.label, value))
    if len(seen) == 1:
        ((order, (label, value)),) = seen.items()
        which = "the day first" if order == "dmy" else "the month first"
        return [f"    defaults: {{date_order: {order}}}    # guessed: {label!r} {value!r} has {which}."
                f" Others: {rest.removesuffix(', date_order')}"]
    if seen:
        examples = "; ".join(f"{label!r}: {value!r}" for label, value in seen.values())
        return [f"    defaults: {{}}    # {rest}. The dates disagree ({examples}): set date_order by hand"]
    if ambiguous:
        return [f"    defaults: {{}}    # {rest}. No slashed date read tells day from month: set date_order"
                " (dmy or mdy), or such dates are quarantined as ambiguous"]
    return [f"    defaults: {{}}    # {rest}"]


def _order_shown(value: str) -> str:
    """'mdy' or 'dmy' when the loader reads the timestamp's date in that order only, 'either'
    when it reads it both ways (and refuses it without date_order), '' otherwise (not a date,
    or the same day in any order)."""
    day = timestamp(value)[0]

    def reads(order: str) -> bool:
        try:
            vocab.date(day, dt.date.max, order)
        except Invalid:
            return False
        return True

    if reads("auto"):
        orders = [order for order in ("mdy", "dmy") if reads(order)]
        return orders[0] if len(orders) == 1 else ""
    return "either" if reads("mdy") and reads("dmy") else ""


def _answers_hint(counter: Counter) -> str:
    if not counter:
        return "no answers"
    shown = ", ".join(f"{value[:60]!r} ({n})" for value, n in counter.most_common(SHOWN))
    more = len(counter) - SHOWN
    return f"answers: {shown}" + (f" and {more} more" if more > 0 else "")


class _Guesser:
    def __init__(self, framework: Framework, labels: SurveyLabels):
        self.tagger, self.labels, self.framework = Tagger(framework), labels, framework
        self.chapter = vocab.Vocabulary(framework).chapter

    def _share(self, counter: Counter, known) -> float:
        values = [v for v in counter if fold(v) not in NO_ANSWER]
        return sum(1 for v in values if known(v)) / len(values) if values else 0.0

    def _stakeholder(self, value: str) -> bool:
        try:
            return bool(self.labels.stakeholder_type_codes.get(fold(value)) or vocab.stakeholder_type(value))
        except Invalid:
            return False

    def respondent_columns(self, columns: list[Column], answers: list[Counter], generic: bool) -> dict[str, Column]:
        found: dict[str, Column] = {}
        for column in columns:
            counter, text = answers[column.index], fold(column.text or column.names[0])
            if column.parent or not counter:
                continue
            if "stakeholder_type" not in found and self._share(counter, self._stakeholder) >= 0.5:
                found["stakeholder_type"] = column
            elif "country" not in found and self._share(
                    counter, lambda v: fold(v) in self.labels.country_codes) >= 0.5:
                found["country"] = column
            elif "organization" not in found and any(word in text for word in _ORGANIZATION):
                found["organization"] = column
            elif generic and "submitted_at" not in found and any(word in text for word in _DATE):
                found["submitted_at"] = column
        return found

    def _scale(self, counter: Counter) -> tuple[str | None, str]:
        values = [v for v in counter if fold(v) not in NO_ANSWER]
        if not values:
            return None, "no answers"
        numbers = [_number(v) for v in values]
        if all(n is not None for n in numbers):
            low, high = min(numbers), max(numbers)
            if low >= 0 and high <= 4 and low == 0:
                return "0-4", f"numbers {low:g}-{high:g}"
            if low >= 1 and high <= 5:
                return "1-5", f"numbers {low:g}-{high:g}" + (" (or 0-4 if 0 was offered)" if high < 5 else "")
            return None, f"numbers {low:g}-{high:g}, on no known scale"
        folded = [fold(v) for v in values]
        if all(f in self.labels.agreement_levels for f in folded):
            return "agree", "agree/disagree labels"
        if all(f in self.labels.progress_levels for f in folded):
            return "0-4", "progress labels"
        return None, ""

    def _chapter(self, text: str) -> str | None:
        codes = [code for code in self.tagger.tags(text) if code.startswith("ch")]
        return codes[0] if codes else None

    def _party(self, text: str) -> str | None:
        words = fold(text)
        named = {code for name, code in vocab.PARTY_NAMES.items() if len(name) > 3 and f" {name}" in f" {words}"}
        return named.pop() if len(named) == 1 else None

    def _row_kind(self, rows: list[str]) -> str | None:
        for kind, convert in (("party", self.labels.party), ("chapter", self.chapter)):
            try:
                for row in rows:
                    convert(row)
                return kind
            except Invalid:
                continue
        return None

    def questions(self, columns: list[Column], answers: list[Counter]) -> list[list[str]]:
        groups: dict[tuple, list[Column]] = {}
        for column in columns:
            groups.setdefault(column.parent or (column.names[0],), []).append(column)
        entries = []
        for names, group in groups.items():
            counter = sum((answers[c.index] for c in group), Counter())
            scale, why = self._scale(counter)
            if scale is None:
                continue  # not a rating: listed with every column at the end
            matrix = bool(group[0].parent)
            text = group[0].parent[-1] if matrix else group[0].text or names[0]
            chapter = self._chapter(text)
            entry = [f"      - column: {_q(names[0])}" + (f"    # {text[:100]!r}" if text != names[0] else "")]
            if matrix:
                kind = self._row_kind([c.row for c in group])
                entry.append(f"        rows: {kind or 'party'}    # rows: {', '.join(repr(c.row) for c in group)}")
                if not kind:
                    entry.append("        row_labels: {" + ", ".join(f"{_q(c.row)}: null" for c in group)
                                 + "}    # rows not recognised: set each to a Party (US, CA, MX, NA) or chapter")
            if not (matrix and self._row_kind([c.row for c in group]) == "chapter"):
                entry.append(f"        chapter: {chapter or 'null'}    # "
                             + ("guessed from the header text" if chapter else "set the chapter"))
            party = None if matrix else self._party(text)
            if party:
                entry.append(f"        party: {party}    # the header names it")
            entry.append(f"        scale: {_q(scale)}    # guessed: {why}; {_answers_hint(counter)}")
            entries.append(entry)
        return entries


def _number(value: str) -> float | None:
    head = value.strip().split(" ", 1)[0].rstrip("-:.)")
    try:
        number = float(head.replace(",", "."))
    except ValueError:
        return None
    return number if number.is_integer() else None
