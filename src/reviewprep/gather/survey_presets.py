"""Survey-tool presets: exports of Qualtrics, SurveyMonkey, Google Forms, Microsoft Forms
and LimeSurvey read as their tools write them.

A preset knows its tool's header rows (Qualtrics writes three: ids, question texts and
`{"ImportId": ...}`; SurveyMonkey two: questions, then answer or matrix-row labels under
them), its matrix (grid) columns, where the respondent id, dates, name and email are,
and its timestamps. Header rows are never read as respondents. The user maps only the
rating questions (`questions:` in config/sources.yaml, by column id or header text);
`columns:` still overrides any respondent field. Rows go through `gather/survey.py`.

A respondent's identity (its records' fingerprints) is the tool's own: the Qualtrics
ResponseId, SurveyMonkey's collector and respondent ids, Google Forms' timestamp and
email, and for Microsoft Forms and LimeSurvey, whose ids restart at 1 in every survey,
the id together with the time the response was started (LimeSurvey also its seed). So
a second copy of a form is new respondents, and a re-export of the same form is not.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path

from reviewprep.gather import vocab
from reviewprep.gather.loading import Context, Reading
from reviewprep.gather.rawfile import detect_encoding
from reviewprep.gather.records import Rejected, Row
from reviewprep.gather.survey import Item, Plan, Question, respondent_row
from reviewprep.gather.survey_labels import DEFAULT, SurveyLabels, folded
from reviewprep.gather.textfile import Table, Unreadable, normalise_header, open_csv_table, table_rows
from reviewprep.gather.vocab import Invalid, fold
from reviewprep.gather.xlsxfile import xlsx_table

XLSX = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Column:
    """One column of an export, with every name a question's `column:` may use for it."""

    index: int
    names: tuple[str, ...]  # its id first (Q-number, ImportId, code or header), then its text
    text: str  # what the respondent saw: the question, or for a matrix cell "Question [Row]"
    parent: tuple[str, ...] = ()  # a matrix cell: its question's names
    row: str = ""  # a matrix cell: its row label (or code)

    @property
    def label(self) -> str:
        """How quarantine reasons and `sources draft` name the column."""
        first = self.names[0] if self.names else ""
        return first if not self.text or first == self.text else f"{first} ({self.text[:120]})"


@dataclass
class Export:
    encoding: str
    table: Table  # its rows are the data rows: the header rows were read
    columns: list[Column]
    notes: list[str] = field(default_factory=list)


HeaderReader = Callable[[Table], tuple[list[Column], list[str]]]


@dataclass(frozen=True)
class Preset:
    name: str
    tool: str
    header: HeaderReader
    fields: dict[str, tuple[str, ...]]  # respondent field -> header names it may have, first found wins
    dates: tuple[str, ...]  # the submission date: the first of these columns with a value
    identity: dict[str, tuple[str, ...]]  # extra columns telling respondents apart (besides the id)
    started: tuple[str, ...] = ()  # when the response was started (part of identity where ids restart)
    id_with_start: bool = False  # ids restart per survey: the external id is "id@start"
    date_order: str = "auto"  # how the tool writes slashed dates (the source's date_order wins)
    metadata: tuple[str, ...] = ()  # the tool's own columns, never questions
    skip: Callable[[dict[str, str]], str] | None = None  # a row the tool marks as not a response


def _peek(table: Table, count: int) -> list[tuple[int, list[str]]]:
    """The next `count` rows, left in place for the data loop unless taken."""
    taken = []
    for row in table.rows:
        taken.append(row)
        if len(taken) == count:
            break
    table.rows = chain(taken, table.rows)
    return taken


def _take(table: Table, count: int) -> None:
    for _ in range(count):
        next(table.rows, None)


def _padded(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells))


_BRACKETED = re.compile(r"^(.*\S)\s*\[([^\[\]]+)\]\s*$")


def _bracketed(index: int, header: str) -> Column:
    """`Question [Row]` (Google Forms grids, LimeSurvey) is a matrix cell; anything else a plain column."""
    text = header.strip()
    if match := _BRACKETED.match(text):
        return Column(index, (text,), text, (match.group(1),), match.group(2).strip())
    return Column(index, (text,), text)


def _plain_header(table: Table) -> tuple[list[Column], list[str]]:
    return [Column(i, (h.strip(),), h.strip()) for i, h in enumerate(table.header)], []


def _bracketed_header(table: Table) -> tuple[list[Column], list[str]]:
    return [_bracketed(i, h) for i, h in enumerate(table.header)], []


def _import_id(cell: str) -> tuple[str, dict]:
    try:
        value = json.loads(cell)
    except ValueError:
        return "", {}
    return (str(value.get("ImportId", "")), value) if isinstance(value, dict) else ("", {})


_QUALTRICS_SUB = re.compile(r"^(.+)_(\d+)$")


def _qualtrics_header(table: Table) -> tuple[list[Column], list[str]]:
    """Row 1 ids (Q5_1), row 2 texts ("Question - Row"), row 3 `{"ImportId":"QID5_1"}`."""
    ids = [h.strip() for h in table.header]
    width = len(ids)
    following = _peek(table, 2)
    texts, imports, notes = [""] * width, [""] * width, []
    rows = [_padded(cells, width) for _, cells in following]
    if rows and not any(c.startswith('{"ImportId"') for c in rows[0]) and _qualtrics_text_row(ids, rows[0]):
        texts = rows.pop(0)
        _take(table, 1)
    if rows and any(c.strip().startswith('{"ImportId"') for c in rows[0]):
        parsed = [_import_id(c.strip()) for c in rows[0]]
        imports = [p[0] for p in parsed]
        zones = sorted({p[1]["timeZone"] for p in parsed if isinstance(p[1].get("timeZone"), str)})
        if zones:
            notes.append(f"Qualtrics dates are in {', '.join(zones)} (as exported); each response is dated "
                         "by its day there")
        _take(table, 1)
    columns = []
    for i, (qid, text, imported) in enumerate(zip(ids, texts, imports, strict=True)):
        names = tuple(dict.fromkeys(n for n in (qid, imported, text.strip()) if n))
        sub, imported_sub = _QUALTRICS_SUB.match(qid), _QUALTRICS_SUB.match(imported)
        if sub and " - " in text:
            question, _, row = text.strip().rpartition(" - ")
            parent = tuple(n for n in (sub.group(1), imported_sub.group(1) if imported_sub else "", question) if n)
            columns.append(Column(i, names, text.strip(), parent, row.strip()))
        else:
            columns.append(Column(i, names, text.strip()))
    return columns, notes


def _qualtrics_text_row(ids: list[str], cells: list[str]) -> bool:
    labels = {"startdate": "start date", "responseid": "response id", "enddate": "end date",
              "recordeddate": "recorded date"}
    return any(labels.get(i.lower()) == normalise_header(c) for i, c in zip(ids, cells, strict=False))


_RESPONSE = {"response", "open-ended response", "reponse", "reponse ouverte", "respuesta", "respuesta abierta", ""}


def _surveymonkey_header(table: Table) -> tuple[list[Column], list[str]]:
    """Row 1: questions, blank over the further columns of the same question; row 2: "Response",
    or the matrix row (or choice) each column holds. Row 2 is a header row when it has no respondent id."""
    header = [h.strip() for h in table.header]
    width = len(header)
    following = _peek(table, 1)
    id_index = next((i for i, h in enumerate(header) if normalise_header(h) == "respondent id"), 0)
    second = [""] * width
    if following and not _padded(following[0][1], width)[id_index].strip():
        second = [c.strip() for c in _padded(following[0][1], width)]
        _take(table, 1)
    columns, question = [], ""
    for i, (top, sub) in enumerate(zip(header, second, strict=False)):
        question = top or question
        if fold(sub) in _RESPONSE or not question:
            columns.append(Column(i, (question or sub,), question or sub))
        else:
            text = f"{question} [{sub}]"
            columns.append(Column(i, (text,), text, (question,), sub))
    return columns, []


def _status_skip(data: dict[str, str]) -> str:
    status = folded(data.get("_status") or "")
    if status in {"survey preview", "survey test", "spam", "1", "2", "8"}:
        return f"a Qualtrics {data['_status'].strip()!r} response, not a respondent's"
    return ""


PRESETS = {p.name: p for p in (
    Preset(
        "qualtrics", "Qualtrics (Data & Analysis > Export: CSV, TSV or Excel)", _qualtrics_header,
        fields={"submission_id": ("ResponseId", "Response ID", "_recordId"),
                "language": ("UserLanguage", "User Language"),
                "_first": ("RecipientFirstName", "Recipient First Name"),
                "_last": ("RecipientLastName", "Recipient Last Name"),
                "_status": ("Status", "Response Type")},
        dates=("RecordedDate", "EndDate", "StartDate"), identity={}, started=("StartDate",),
        metadata=("StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished",
                  "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail",
                  "ExternalReference", "ExternalDataReference", "LocationLatitude", "LocationLongitude",
                  "DistributionChannel", "UserLanguage"),
        skip=_status_skip),
    Preset(
        "surveymonkey", "SurveyMonkey (Analyze > Save as > All responses data: CSV or XLS)", _surveymonkey_header,
        fields={"submission_id": ("Respondent ID",), "_first": ("First Name",), "_last": ("Last Name",)},
        dates=("End Date", "Start Date"), identity={"_collector": ("Collector ID",)}, started=("Start Date",),
        date_order="mdy",
        metadata=("Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
                  "First Name", "Last Name", "Custom Data 1", "Custom Data")),
    Preset(
        "google_forms", "Google Forms (Responses > Download responses (.csv), or the linked sheet as .xlsx)",
        _bracketed_header,
        fields={}, dates=("Timestamp", "Horodateur", "Marca temporal", "Marca de tiempo"),
        identity={"_email": ("Email Address", "Email address", "Adresse e-mail", "Dirección de correo electrónico",
                             "Correo electrónico")},
        started=("Timestamp", "Horodateur", "Marca temporal", "Marca de tiempo"),
        metadata=("Timestamp", "Horodateur", "Marca temporal", "Marca de tiempo", "Email Address", "Email address",
                  "Adresse e-mail", "Dirección de correo electrónico", "Score", "Total score")),
    Preset(
        "ms_forms", "Microsoft Forms (Responses > Open results in Excel)", _plain_header,
        fields={"submission_id": ("ID", "Id"), "stakeholder_name": ("Name", "Nom", "Nombre")},
        dates=("Completion time", "Heure de fin", "Hora de finalización", "Start time"),
        identity={}, started=("Start time", "Heure de début", "Hora de inicio"), id_with_start=True,
        metadata=("ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Heure de début",
                  "Heure de fin", "Adresse de messagerie", "Nom", "Hora de inicio", "Hora de finalización",
                  "Correo electrónico", "Nombre", "Total points", "Quiz feedback")),
    Preset(
        "limesurvey", "LimeSurvey (Responses > Export: CSV or Excel, question code or full text headings)",
        _bracketed_header,
        fields={"submission_id": ("id", "Response ID"), "language": ("startlanguage", "Start language")},
        dates=("submitdate", "Date submitted", "datestamp", "Date last action"),
        identity={"_seed": ("seed", "Seed")}, started=("startdate", "Date started", "datestamp"),
        id_with_start=True,
        metadata=("id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "ipaddr",
                  "refurl", "token", "Response ID", "Date submitted", "Last page", "Start language", "Seed",
                  "Date started", "Date last action", "IP address", "Referrer URL", "Total time")),
)}


GENERIC = Preset("survey", "a generic survey export (survey_csv, survey_xlsx)", _plain_header, fields={}, dates=(),
                 identity={})


# ---- reading ---------------------------------------------------------------------

def file_encoding(path: Path) -> str:
    return "xlsx" if path.suffix.lower() in XLSX else detect_encoding(path)


def read_export(path: Path, preset: Preset, encoding: str | None = None) -> Export:
    """The export's columns, its header rows read; the caller closes `export.table`."""
    encoding = encoding or file_encoding(path)
    table = xlsx_table(path) if encoding == "xlsx" else open_csv_table(path, encoding)
    try:
        columns, notes = preset.header(table)
    except BaseException:
        table.close()
        raise
    return Export(encoding, table, columns, notes)


def question_columns(preset: Preset, columns: list[Column]) -> list[Column]:
    """The columns that are the survey's questions (not the tool's own)."""
    own = {normalise_header(m) for m in preset.metadata}
    return [c for c in columns if c.names and not own & {normalise_header(n) for n in c.names}
            and not c.names[0].endswith(("_DO", "_TEXT")) and "_DO_" not in c.names[0]]


class _Index:
    """Columns by every normalised name (plain) and by their matrix question's names."""

    def __init__(self, columns: list[Column]):
        self.plain: dict[str, list[Column]] = {}
        self.matrix: dict[str, list[Column]] = {}
        for column in columns:
            for name in dict.fromkeys(normalise_header(n) for n in column.names if n):
                self.plain.setdefault(name, []).append(column)
            for name in dict.fromkeys(normalise_header(n) for n in column.parent if n):
                self.matrix.setdefault(name, []).append(column)

    def one(self, name: str) -> Column | None:
        found = self.plain.get(normalise_header(name), [])
        return found[0] if found else None


_NOT_A_ROW = {"other (please specify)", "other", "comment", "comments", "autre (veuillez preciser)", "autre",
              "commentaire", "commentaires", "otro (especifique)", "otro", "comentario", "comentarios"}


def _row_value(column: Column, question: Question, labels: SurveyLabels, ctx: Context) -> str | None:
    """The Party or chapter a matrix row names; None for a comment row; Unreadable if unknown."""
    label = column.row
    own = {fold(k): v for k, v in (question.row_labels or {}).items()}
    value = own.get(fold(label), label)
    try:
        return labels.party(value) if question.rows == "party" else ctx.vocab.chapter(value)
    except Invalid:
        if fold(label) in _NOT_A_ROW:
            return None
        where = ("config/survey_labels.yaml (parties:)" if question.rows == "party" else "the chapter names") \
            + " or the question's row_labels:"
        raise Unreadable(f"question {question.column!r}: matrix row {label!r} (column {column.label!r}) names no "
                         f"{'Party' if question.rows == 'party' else 'chapter'}: add it to {where}") from None


def _items(index: _Index, questions, labels: SurveyLabels, ctx: Context) -> tuple[list[Item], dict[int, str]]:
    """The rating cells each question names, and {column index: field} for them and their comments."""
    items, keys = [], {}
    for i, question in enumerate(questions):
        name = normalise_header(question.column)
        plain, cells = index.plain.get(name, []), index.matrix.get(name, [])
        comment_key = None
        if question.comment:
            comment = index.one(question.comment)
            if comment is None:
                raise Unreadable(f"comment column {question.comment!r} of question {question.column!r} not found")
            comment_key = keys[comment.index] = f"q{i}_comment"
        if question.rows:
            if not cells:
                raise Unreadable(f"question {question.column!r} (rows: {question.rows}): no matrix question has "
                                 "that id or text" + (" (it is a single column: drop rows:)" if plain else ""))
            for j, column in enumerate(cells):
                value = _row_value(column, question, labels, ctx)
                if value is None:
                    continue
                key = keys[column.index] = f"q{i}.{j}"
                chapter = value if question.rows == "chapter" else question.chapter
                party = value if question.rows == "party" else question.party
                items.append(Item(key, column.label, question, chapter, party, comment_key))
        elif plain:
            if len(plain) > 1:
                raise Unreadable(f"question {question.column!r} names {len(plain)} columns "
                                 f"({', '.join(c.label for c in plain[:5])}): use the column id")
            key = keys[plain[0].index] = f"q{i}"
            items.append(Item(key, plain[0].label, question, question.chapter, question.party, comment_key))
        elif cells:
            raise Unreadable(f"question {question.column!r} is a matrix of {len(cells)} rows "
                             f"({', '.join(c.row for c in cells[:5])}): add rows: party or rows: chapter, "
                             "or name one row's column")
        else:
            raise Unreadable(f"question column {question.column!r} not found in the export")
    return items, keys


def _respondent_keys(preset: Preset, index: _Index, ctx) -> tuple[dict[int, str], dict[str, str]]:
    """{column index: field} for the respondent's columns (the source's `columns:`, else the preset's),
    and {field: field} for a column that gives two (a respondent's country as its Party)."""
    keys: dict[int, str] = {}
    copies: dict[str, str] = {}
    for key, name in ctx.columns.items():
        column = index.one(name)
        if column is None:
            raise Unreadable(f"column {name!r} (columns: {key}) not found in the export")
        if column.index in keys:
            copies[key] = keys[column.index]
        else:
            keys[column.index] = key
    mapped = set(ctx.columns)
    groups = {**preset.fields, **preset.identity, "_started": preset.started}
    for key, names in groups.items():
        column = next((c for c in map(index.one, names) if c is not None), None)
        if key in mapped or column is None:
            continue
        if column.index in keys:
            copies[key] = keys[column.index]
        else:
            keys[column.index] = key
    if "submitted_at" not in mapped:
        for j, name in enumerate(preset.dates):
            column = index.one(name)
            if column is not None:
                if column.index in keys:
                    copies[f"_date{j}"] = keys[column.index]
                else:
                    keys[column.index] = f"_date{j}"
    return keys, copies


def load(path: Path, ctx: Context, preset: Preset) -> Reading:
    reading = Reading(file_encoding(path), iter(()))
    labels = ctx.labels or DEFAULT
    if ctx.defaults.date_order == "auto" and preset.date_order != "auto":
        ctx = dataclasses.replace(ctx, defaults=ctx.defaults.model_copy(update={"date_order": preset.date_order}))

    def rows():
        export = read_export(path, preset, reading.encoding)
        try:
            index = _Index(export.columns)
            items, item_keys = _items(index, ctx.questions, labels, ctx)
            respondent, copies = _respondent_keys(preset, index, ctx)
            taken = sorted(set(respondent) & set(item_keys))
            if taken:
                raise Unreadable(f"column {export.columns[taken[0]].label!r} is both a question and "
                                 f"the respondent's {respondent[taken[0]]}")
            keys = {**respondent, **item_keys}
            dated = [*keys.values(), *copies]
            if "submitted_at" not in dated and not any(k.startswith("_date") for k in dated):
                raise Unreadable(f"no date column ({', '.join(preset.dates)}): map one with columns: submitted_at")
            fields = [keys.get(i) for i in range(len(export.table.header))]
            reading.notes.extend(export.notes + export.table.notes)
            plan = Plan(tuple(items), labels, partial(_identity, preset), partial(_external_id, preset)
                        if preset.id_with_start else None)
            make = partial(_row, plan=plan, preset=preset, copies=copies)
            yield from table_rows(export.table, fields, "assessment", make, ctx)
        finally:
            export.table.close()

    reading.rows = rows()
    return reading


def loader(name: str):
    preset = PRESETS[name]
    return lambda path, ctx: load(path, ctx, preset)


def _row(number: int, data: dict[str, str], ctx: Context, plan: Plan, preset: Preset, copies: dict[str, str]):
    data = dict(data)
    for key, same in copies.items():
        data[key] = data.get(same) or ""
    if "submitted_at" not in data:
        data["submitted_at"] = next((v for k, v in sorted(data.items(), key=lambda kv: str(kv[0]))
                                     if k and k.startswith("_date") and v and v.strip()), "")
    data["submitted_at"] = timestamp(data["submitted_at"])[0]
    data["_started"] = moment(data.get("_started") or "", ctx)
    if not data.get("stakeholder_name") and (data.get("_first") or data.get("_last")):
        data["stakeholder_name"] = " ".join(p.strip() for p in (data.get("_first"), data.get("_last")) if p)
    if data.get("language"):
        try:
            vocab.language(data["language"])
        except Invalid:
            data["language"] = ""  # the tool's interface language, outside en/fr/es: the source's default
    if preset.skip and (reason := preset.skip(data)):
        return Row(number, "assessment", rejected=Rejected("(row)", reason))
    return respondent_row(number, data, ctx, plan)


def _identity(preset: Preset, data: dict[str, str], external_id: str) -> tuple:
    return (preset.name, external_id, data.get("_started") or "",
            *(folded(data.get(k) or "") for k in preset.identity))


def _external_id(preset: Preset, data: dict[str, str]) -> str:
    number = (data.get("submission_id") or "").strip()
    return f"{number}@{data['_started']}" if number and data.get("_started") else number


# ---- timestamps --------------------------------------------------------------------

_YMD = re.compile(r"^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[T ]+(.*))?$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})(?:[ ,]+(.*))?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*([ap])?\.?\s*m?\.?", re.IGNORECASE)


def timestamp(value: str) -> tuple[str, str]:
    """(date as `vocab.date` reads it, time as HH:MM:SS or '') from the tools' timestamps:
    2026-05-04 14:03:00 (Qualtrics, LimeSurvey), 2026-05-04T14:03:00 (a workbook cell),
    05/04/2026 02:03:45 PM (SurveyMonkey), 2026/05/04 2:03:45 PM GMT-4 (Google Forms),
    5/4/26 14:03:45 (Microsoft Forms). The time zone, when written, is left as the day there."""
    text = value.strip()
    if match := _YMD.match(text):
        year, month, day, rest = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}", _clock(rest)
    if match := _DMY.match(text):
        first, second, year, rest = match.groups()
        year = f"20{year}" if len(year) == 2 else year
        return f"{first}/{second}/{year}", _clock(rest)
    return text, ""


def _clock(rest: str | None) -> str:
    match = _TIME.match((rest or "").strip())
    if not match:
        return ""
    hour, minute, second, half = match.groups()
    hour = int(hour) % 12 + (12 if half and half.lower() == "p" else 0) if half else int(hour)
    return f"{hour:02d}:{minute}:{second or '00'}"


def moment(value: str, ctx: Context) -> str:
    """A timestamp as ISO date and time (the same instant however the file writes it), for identity."""
    day, clock = timestamp(value)
    try:
        day = vocab.date(day, ctx.today, ctx.defaults.date_order).isoformat() if day else ""
    except Invalid:
        day = fold(day)
    return f"{day}T{clock}" if clock else day


# ---- telling a preset from its header ------------------------------------------------

def detect_header(header: list[str]) -> str | None:
    """The preset whose tool writes this first row, or None."""
    names = {normalise_header(h) for h in header}
    first = normalise_header(header[0]) if header else ""
    if {"startdate", "enddate"} <= names and names & {"responseid", "recordeddate", "finished"}:
        return "qualtrics"
    if {"respondent id", "collector id"} <= names:
        return "surveymonkey"
    if {"start time", "completion time"} <= names or {"heure de debut", "heure de fin"} <= {fold(n) for n in names} \
            or {"hora de inicio", "hora de finalizacion"} <= {fold(n) for n in names}:
        return "ms_forms"
    if {"id", "submitdate", "lastpage"} <= names or {"response id", "date submitted", "last page"} <= names:
        return "limesurvey"
    if fold(first) in {"timestamp", "horodateur", "marca temporal", "marca de tiempo"}:
        return "google_forms"
    return None


def detect(path: Path) -> str | None:
    """The preset of a file, from its first row (None when it is no known tool's export)."""
    try:
        encoding = file_encoding(path)
        table = xlsx_table(path) if encoding == "xlsx" else open_csv_table(path, encoding)
    except (Unreadable, OSError, UnicodeDecodeError):
        return None
    try:
        return detect_header(table.header)
    finally:
        table.close()


def unmapped(path: Path, name: str) -> str:
    """What to map before a survey export with no questions can load (the header rows only are read)."""
    preset = PRESETS.get(name, GENERIC)
    try:
        export = read_export(path, preset)
    except (Unreadable, OSError, UnicodeDecodeError) as exc:
        return f"not a readable {name} export: {exc}"
    export.table.close()
    questions = question_columns(preset, export.columns)
    listed = "; ".join(repr(c.label) for c in questions[:8]) + (f" and {len(questions) - 8} more"
                                                                 if len(questions) > 8 else "")
    return (f"no question mapping yet for this {name} export: name its rating questions in config/sources.yaml "
            f"(questions: column, chapter, scale) among its {len(questions)} question column(s): {listed}; "
            f"`reviewprep sources draft {path} --format {name}` prints a starter entry")
