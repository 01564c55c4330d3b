"""Writing a case, or an empty template, as an Excel workbook or a folder of CSV files (private).

Works on the case's plain data (``Case.to_dict()``) and the model class, through the
layout of :mod:`sistercity._sheets`; imports neither :mod:`sistercity.model` nor
:mod:`sistercity.io`, so :meth:`sistercity.Case.to_excel` reaches it without a cycle.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sistercity._sheets import CASE_SHEET, Layout, flatten, layout, sheet_rows
from sistercity.exceptions import ArgumentTypeError

__all__ = ["LISTS_SHEET", "README_SHEET", "write_csv_folder", "write_xlsx"]

README_SHEET = "README"
LISTS_SHEET = "lists"
_VALIDATED_ROWS = 1000
"""Rows below the header that get drop-down lists in a template (more when the case has more)."""


def _check_path(path: object) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise ArgumentTypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}")
    return Path(path)


def readme_lines(lay: Layout) -> list[str]:
    """The README sheet's text, one line per row."""
    lines = [
        "sistercity case workbook",
        "",
        "One sheet per kind of record; one row per record; one column per field. Hover over a column's",
        "header for what it holds. Columns with a drop-down list take one of its words (the list warns,",
        "it does not refuse: an alias such as 'pendidikan' for education is accepted too).",
        "",
        "Rules",
        "- ids: letters, digits, _ - . : ; each record's id is unique in its sheet; other sheets name",
        "  records by these ids (a commitment's agreement, an observation's commitment).",
        "- dates: 2016-11-18, 2016-11 or 2016. A year or month stays a year or month: never add a day",
        "  the source does not give. A date cell Excel made from your typing is read as that full day.",
        "- several ids in one cell (parties, sectors, affects): separate them with commas.",
        "- levels: 0 not initiated, 1 minimal, 2 intermediate, 3 full (Peace Accords Matrix scale).",
        "- evidence: one row per source passage; 'record' names the sheet and 'record_id' the id of",
        "  the record it supports (observations, signatories and mitigations have no id: give those",
        "  rows a 'key' and name it in record_id).",
        "- leave a cell empty when the source says nothing: no data is never 0.",
        "",
        "Check the workbook: sistercity validate case.xlsx   (every problem is listed with its cell)",
        "",
        "Sheets",
        f"- {CASE_SHEET}: the case itself, one field per row (id, title, period_start, ...; notes may repeat).",
    ]
    lines += [f"- {s.name}: {s.about}" for s in lay.sheets]
    return lines


def _added(data: Mapping[str, Any] | None, column: str) -> tuple[str, ...]:
    """The sectors or obstacle categories a case adds, for the drop-down list of ``column``."""
    which = {"sector": "sectors", "category": "obstacle_categories"}.get(column)
    terms = ((data or {}).get("vocabulary") or {}).get(which or "", ()) if which else ()
    return tuple(str(t["id"]) for t in terms if isinstance(t, Mapping) and "id" in t)


def write_xlsx(path: str | os.PathLike[str], case_model: type[BaseModel], data: Mapping[str, Any] | None) -> Path:
    """Write ``data`` (a case's ``to_dict()``; ``None`` for an empty template) as an Excel workbook."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    target = _check_path(path)
    lay = layout(case_model)
    rows = flatten(data or {}, lay)
    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = README_SHEET
    for line in readme_lines(lay):
        readme.append([line])
    readme.column_dimensions["A"].width = 100
    readme["A1"].font = Font(bold=True, size=14)
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_ranges: dict[tuple[str, ...], str] = {}
    bold = Font(bold=True)
    for name, headers, cells in sheet_rows(lay, rows):
        ws = wb.create_sheet(name)
        sheet = lay.sheet(name)
        for j, header in enumerate(headers, start=1):
            cell = ws.cell(row=1, column=j, value=header)
            cell.font = bold
            col = sheet.column(header) if sheet is not None else None
            if col is not None and col.help:
                comment = Comment(col.help, "sistercity")
                comment.width, comment.height = 300, 120
                cell.comment = comment
            width = max(len(header) + 4, 14 if col is None or col.kind != "text" else 24)
            ws.column_dimensions[get_column_letter(j)].width = min(width, 48)
            choices = col.choices + _added(data, col.name) if col is not None else ()
            if col is not None and choices:
                if choices not in list_ranges:
                    k = len(list_ranges) + 1
                    letter = get_column_letter(k)
                    for i, choice in enumerate(choices, start=1):
                        lists.cell(row=i, column=k, value=choice).data_type = "s"
                    list_ranges[choices] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$1:${letter}${len(choices)}"
                dv = DataValidation(type="list", formula1=list_ranges[choices], allow_blank=True,
                                    showErrorMessage=True, errorStyle="warning",
                                    error="Not in the list: check the spelling (an alias is fine).")
                ws.add_data_validation(dv)
                letter = get_column_letter(j)
                dv.add(f"{letter}2:{letter}{max(_VALIDATED_ROWS, len(cells) + 200) + 1}")
        if name == CASE_SHEET:
            ws.column_dimensions["B"].width = 80
            for j, col in enumerate(lay.case_fields, start=2):
                if not cells:  # an empty template lists the case fields to fill in
                    ws.cell(row=j, column=1, value=col.name).comment = Comment(col.help, "sistercity")
        for i, values in enumerate(cells, start=2):
            for j, value in enumerate(values, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=i, column=j, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text is text: '=SUM(A1)' and '2017' are not a formula or a number
        ws.freeze_panes = "A2"
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    target.parent.mkdir(parents=True, exist_ok=True)
    wb.save(target)
    return target


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def write_csv_folder(folder: str | os.PathLike[str], case_model: type[BaseModel],
                     data: Mapping[str, Any] | None) -> Path:
    """Write ``data`` as one UTF-8 CSV file per sheet (``actors.csv``, ...) in ``folder``."""
    target = _check_path(folder)
    lay = layout(case_model)
    rows = flatten(data or {}, lay)
    target.mkdir(parents=True, exist_ok=True)
    for name, headers, cells in sheet_rows(lay, rows):
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows([_csv_value(v) for v in values] for values in cells)
        # with a byte-order mark, so that Excel opens the file as UTF-8
        (target / f"{name}.csv").write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
    return target
