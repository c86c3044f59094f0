"""Workbooks written part by part, to the layout of ECMA-376 Part 1 (SpreadsheetML) and Part 2 (packaging).

The parts are the ones Excel itself writes for a plain workbook: `[Content_Types].xml`
(an Override per part, §10.1.2 of Part 2), the package and workbook relationships, the
workbook (`<sheets>`, §18.2.27), one worksheet per sheet (§18.3.1.99 `sheetData`) and a
shared-strings table (`<sst>` of `<si><t>`, §18.4.9). Writing them directly makes sizes
openpyxl would take minutes to write (a million shared strings, three thousand sheets).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

from reviewprep.gather.assessments import TEMPLATE_COLUMNS

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _column(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _sheet(rows: list[list[str]], index: dict[str, int]) -> str:
    cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{_column(c)}{r}" t="s"><v>{index[v]}</v></c>' for c, v in enumerate(row)
                                   if v != "") + "</row>"
        for r, row in enumerate(rows, 1))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{MAIN}"><sheetData>{cells}</sheetData></worksheet>'


def write_workbook(path: Path, rows: list[dict[str, str]], extra_sheets: int = 0,
                   extra_strings: Iterable[str] = (), strings_part: str = "xl/sharedStrings.xml") -> Path:
    """The template's columns and `rows` on the first sheet, `extra_sheets` empty sheets after it,
    and `extra_strings` added to the shared-strings table (unused by any cell, as Excel leaves them)."""
    table = [list(TEMPLATE_COLUMNS)] + [[row.get(c, "") for c in TEMPLATE_COLUMNS] for row in rows]
    strings = list(dict.fromkeys(v for row in table for v in row if v != ""))
    index = {v: i for i, v in enumerate(strings)}
    sheets = 1 + extra_sheets
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>',
                     f'<Override PartName="/{strings_part}" ContentType="{CT}.sharedStrings+xml"/>']
        overrides += [f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{CT}.worksheet+xml"/>'
                      for i in range(1, sheets + 1)]
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>")
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PKG_REL}">'
                   f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        rels = [f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, sheets + 1)]
        rels.append(f'<Relationship Id="rId{sheets + 1}" Type="{REL}/sharedStrings" Target="/{strings_part}"/>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<Relationships xmlns="{PKG_REL}">' + "".join(rels) + "</Relationships>")
        names = "".join(f'<sheet name="{"assessments" if i == 1 else f"Sheet{i}"}" sheetId="{i}" r:id="rId{i}"/>'
                        for i in range(1, sheets + 1))
        z.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{names}</sheets></workbook>')
        z.writestr("xl/worksheets/sheet1.xml", _sheet(table, index))
        for i in range(2, sheets + 1):
            z.writestr(f"xl/worksheets/sheet{i}.xml", _sheet([], index))
        with z.open(strings_part, "w", force_zip64=True) as out:
            out.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{MAIN}">'.encode())
            for value in strings:
                out.write(f"<si><t>{escape(value)}</t></si>".encode())
            for value in extra_strings:
                out.write(f"<si><t>{value}</t></si>".encode())
            out.write(b"</sst>")
    return path
