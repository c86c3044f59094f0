"""Blank assessment templates: CSV, and XLSX with drop-down lists that match the loader.

The drop-downs offer exactly what `gather.vocab` accepts (codes, with the chapter's
name and the rating's level label beside them for the reader), so a filled-in template
loads without surprises. The lists live on a hidden sheet because Excel limits an
inline list to 255 characters. Validation warns rather than stops, so a typed value the
loader also accepts (a plain `2`, `Chapitre 26`) can still be entered.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from reviewprep.codes import CHAPTER_CODES, LANGUAGES, PARTY_ORDER, RECOMMENDATION_CODES, STAKEHOLDER_TYPES
from reviewprep.files import write_atomic
from reviewprep.framework.models import Framework
from reviewprep.gather.assessments import TEMPLATE_COLUMNS

LEVELS = ("0 - none", "1 - initial steps", "2 - in progress", "3 - substantial", "4 - complete")

NOTES = {  # column: (what it holds, allowed values)
    "submission_id": ("Your own id for the row (optional; without one the content identifies it)", ""),
    "submitted_at": ("Date of the assessment, YYYY-MM-DD (not in the future)", ""),
    "stakeholder_name": ("Who gives the assessment", ""),
    "organization": ("Their organisation", ""),
    "stakeholder_type": ("Kind of stakeholder", ", ".join(STAKEHOLDER_TYPES)),
    "country": ("Where the stakeholder is based", ""),
    "party": ("The Party assessed; NA = trilateral work", ", ".join(PARTY_ORDER)),
    "chapter": ("USMCA chapter: code, number or name", ", ".join(CHAPTER_CODES)),
    "recommendation": ("Recommendation (optional: empty rates the whole chapter)", "R1 ... R10"),
    "rating": ("Progress: 0 none, 1 initial steps, 2 in progress, 3 substantial, 4 complete", "0-4"),
    "comment": ("Why (plain text)", ""),
    "evidence_url": ("Link to evidence (optional)", ""),
    "confidentiality": ("public, or confidential (never shown in public reports)", "public, confidential"),
    "language": ("Language of the comment", ", ".join(LANGUAGES)),
}


def write_csv(out: Path) -> Path:
    """The header row, UTF-8 with a byte-order mark so Excel shows accents correctly."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(TEMPLATE_COLUMNS)
    return write_atomic(out, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def drop_downs(framework: Framework) -> dict[str, list[str]]:
    """The list each validated column offers."""
    return {
        "party": list(PARTY_ORDER),
        "chapter": [f"{c.code} - {c.name.en}" for c in framework.chapters],
        "recommendation": list(RECOMMENDATION_CODES),
        "rating": list(LEVELS),
        "stakeholder_type": list(STAKEHOLDER_TYPES),
        "confidentiality": ["public", "confidential"],
        "language": list(LANGUAGES),
    }


def write_xlsx(out: Path, framework: Framework) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "assessments"
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet.freeze_panes = "A2"
    for i, column in enumerate(TEMPLATE_COLUMNS, start=1):
        sheet.cell(row=1, column=i).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(i)].width = 40 if column == "comment" else 18
    sheet.column_dimensions[get_column_letter(TEMPLATE_COLUMNS.index("submitted_at") + 1)].number_format = \
        "yyyy-mm-dd"

    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    for i, (column, values) in enumerate(drop_downs(framework).items(), start=1):
        letter = get_column_letter(i)
        lists.cell(row=1, column=i, value=column)
        for j, value in enumerate(values, start=2):
            lists.cell(row=j, column=i, value=value)
        target = get_column_letter(TEMPLATE_COLUMNS.index(column) + 1)
        validation = DataValidation(
            type="list", formula1=f"lists!${letter}$2:${letter}${len(values) + 1}", allow_blank=True,
            errorStyle="warning", showErrorMessage=True, showInputMessage=True,
            errorTitle="Not in the list", error=f"Expected one of the listed values for {column}.",
            promptTitle=column, prompt=NOTES[column][0][:255],
        )
        validation.add(f"{target}2:{target}1048576")
        sheet.add_data_validation(validation)

    notes = workbook.create_sheet("instructions")
    notes.append(["column", "required", "what it holds", "allowed values"])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    required = {"submitted_at", "chapter", "rating"}
    for column in TEMPLATE_COLUMNS:
        notes.append([column, "yes" if column in required else "", *NOTES[column]])
    notes.column_dimensions["C"].width = 80
    notes.column_dimensions["D"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return write_atomic(out, buffer.getvalue())
