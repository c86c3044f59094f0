"""The input formats reviewprep reads, and how to tell one from a file's name and first rows."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from reviewprep.gather import assessments, comments, evidence, letters, regulations, survey, survey_presets
from reviewprep.gather.jsonrecords import json_array, json_lines
from reviewprep.gather.loading import Loader
from reviewprep.gather.rawfile import detect_encoding, looks_binary
from reviewprep.gather.textfile import CSV_ERROR, Unreadable, csv_records, normalise_header, sniff_delimiter


@dataclass(frozen=True)
class Format:
    name: str
    loader: Loader
    stores: str  # assessments | comments | evidence
    fields: tuple[str, ...] = ()  # what a column mapping in config/sources.yaml may name
    binary: bool = False
    questions: bool = False  # a survey: config/sources.yaml names its rating questions


FORMATS = {f.name: f for f in (
    Format("assessments_csv", assessments.load_csv, "assessments", assessments.TEMPLATE_COLUMNS),
    Format("assessments_xlsx", assessments.load_xlsx, "assessments", assessments.TEMPLATE_COLUMNS, binary=True),
    Format("assessments_json", assessments.load_json, "assessments", assessments.TEMPLATE_COLUMNS),
    Format("assessments_jsonl", assessments.load_jsonl, "assessments", assessments.TEMPLATE_COLUMNS),
    Format("comments_json", comments.load_json, "comments", comments.COLUMNS),
    Format("comments_jsonl", comments.load_jsonl, "comments", comments.COLUMNS),
    Format("regulations_gov", regulations.load, "comments", regulations.FIELDS),
    Format("survey_csv", survey.load_csv, "assessments", survey.RESPONDENT_COLUMNS, questions=True),
    Format("survey_xlsx", survey.load_xlsx, "assessments", survey.RESPONDENT_COLUMNS, binary=True, questions=True),
    # survey-tool presets: CSV (UTF-8, UTF-16) or XLSX, told apart by extension; binary: UTF-16 has NUL bytes
    *(Format(name, survey_presets.loader(name), "assessments", survey.RESPONDENT_COLUMNS, binary=True,
             questions=True) for name in survey_presets.PRESETS),
    Format("evidence_csv", evidence.load_csv, "evidence", evidence.COLUMNS),
    Format("evidence_yaml", evidence.load_yaml, "evidence", evidence.COLUMNS),
    Format("letters", letters.load, "comments", binary=True),
)}

LETTER_EXTENSIONS = (".pdf", ".docx", ".doc", ".rtf", ".eml", ".msg", ".zip")


def guess_format(path: Path) -> tuple[str | None, str]:
    """(format, why) from the extension and the first rows; (None, why not) when it cannot say.

    A table that is none of the known layouts is taken for the assessment template, so
    its header check says exactly which columns are missing.
    """
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if preset := survey_presets.detect(path):
            return preset, f"a {survey_presets.PRESETS[preset].tool} workbook (from its first row)"
        return "assessments_xlsx", "an .xlsx workbook (surveys need a source in config/sources.yaml)"
    if suffix in (".yaml", ".yml"):
        return "evidence_yaml", "a YAML file"
    if suffix in LETTER_EXTENSIONS:
        return "letters", f"a written submission ({suffix})"
    if suffix not in (".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".txt"):
        return None, f"unknown extension {suffix or '(none)'!r}"
    lines = suffix != ".json"
    if not path.is_file() or looks_binary(path):  # the loader says what is wrong with it
        return ((f"comments_{'jsonl' if lines else 'json'}", "by extension") if suffix.endswith("json")
                else ("assessments_csv", "by extension"))
    encoding = detect_encoding(path)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return _guess_json(path, encoding, lines)
    return _guess_table(path, encoding)


def _guess_json(path: Path, encoding: str, lines: bool) -> tuple[str | None, str]:
    kind = "jsonl" if lines else "json"
    try:
        with path.open("r", encoding=encoding) as fh:
            first = next((v for _, _, v in (json_lines(fh) if lines else json_array(fh))), None)
    except (Unreadable, json.JSONDecodeError, RecursionError):
        first = None
    if isinstance(first, dict):
        keys = {normalise_header(str(k)) for k in first}
        if "rating" in keys:
            return f"assessments_{kind}", "records with a 'rating'"
        return f"comments_{kind}", "records without a 'rating'"
    return f"comments_{kind}", "a JSON file (its first record could not be read)"


def _guess_table(path: Path, encoding: str) -> tuple[str | None, str]:
    with path.open("r", encoding=encoding, newline="") as fh:
        first_line = fh.readline(1 << 20)
        fh.seek(0)
        records = csv_records(fh, sniff_delimiter(first_line))
        try:
            layout = regulations.find_header(records)[0]
            return "regulations_gov", f"a regulations.gov export ({layout} layout)"
        except Unreadable:
            pass
        fh.seek(0)
        records = csv_records(fh, sniff_delimiter(first_line))
        header = next((c for _, c in records if "".join(c).strip()), [])
    names = {normalise_header(c) for c in header} if header and header[0] != CSV_ERROR else set()
    if names and (preset := survey_presets.detect_header(header)):
        return preset, f"a {survey_presets.PRESETS[preset].tool} export (from its first row)"
    if "obligation" in names:
        return "evidence_csv", "a header with 'obligation'"
    if {"rating", "chapter"} <= names:
        return "assessments_csv", "a header with 'chapter' and 'rating'"
    if "document id" in names:
        return None, "looks like a regulations.gov comment-text file: give it with --companion"
    if path.suffix.lower() == ".txt" and not _is_table(header, names):
        return "letters", "a plain-text letter (not a table)"
    return "assessments_csv", "the default for a table (the assessment template)"


def _is_table(header: list[str], names: set[str]) -> bool:
    """A .txt whose first line splits into several columns naming known fields is a table export."""
    known = set(assessments.TEMPLATE_COLUMNS) | set(comments.COLUMNS) | set(evidence.COLUMNS)
    return len(header) > 2 and len(names & known) >= 2
