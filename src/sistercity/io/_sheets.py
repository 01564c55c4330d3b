"""Reading a case from an Excel workbook (``.xlsx``), within bounds (private).

The file is read within ``max_bytes`` (as case files are); its zip archive may hold at
most :data:`MAX_MEMBERS` members and expand to at most :data:`MAX_UNZIPPED_FACTOR`
times ``max_bytes`` (a zip bomb is refused before a byte is expanded); each sheet may
have at most :data:`MAX_ROWS` rows and :data:`MAX_COLUMNS` columns. openpyxl reads it
in read-only mode, its XML through defusedxml (no entity expansion, no external
entities); whatever else is wrong with the file is a problem naming it, never an
error from openpyxl.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from sistercity._files import read_bytes
from sistercity._workbook import LISTS_SHEET, README_SHEET
from sistercity.exceptions import CaseValidationError, Problem
from sistercity.io._grid import Table, case_from_tables
from sistercity.model import Case

__all__ = ["MAX_COLUMNS", "MAX_MEMBERS", "MAX_ROWS", "MAX_UNZIPPED_FACTOR", "read_xlsx", "write_template"]

MAX_MEMBERS = 1_000
"""Most files a workbook's zip archive may hold (a case workbook has about 40)."""
MAX_UNZIPPED_FACTOR = 8
"""A workbook may expand to at most this many times ``max_bytes`` (256 MiB by default)."""
MAX_ROWS = 200_000
"""Most rows a sheet may have, empty ones between filled ones included."""
MAX_COLUMNS = 200
"""Most columns read from a sheet (a case sheet has at most 16)."""


def _refuse(message: str, file: str) -> CaseValidationError:
    return CaseValidationError([Problem(message, file=file)])


def _check_archive(raw: bytes, file: str, max_bytes: int) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as err:
        raise _refuse(f"not an Excel workbook (.xlsx, a zip archive): {err}; save the file as "
                      "'Excel Workbook (.xlsx)'", file) from None
    if len(infos) > MAX_MEMBERS:
        raise _refuse(f"the workbook's archive holds {len(infos):,} files; a workbook holds at most "
                      f"{MAX_MEMBERS:,}", file)
    limit = MAX_UNZIPPED_FACTOR * max_bytes
    total = sum(i.file_size for i in infos)
    if total > limit:
        raise _refuse(f"the workbook expands to {total:,} bytes; the limit is {limit:,} "
                      f"({MAX_UNZIPPED_FACTOR} x max_bytes): a zip bomb, or a workbook too large to read", file)


def _read_sheet(ws: Any, name: str, file: str) -> Table:
    from openpyxl.cell.read_only import EMPTY_CELL

    table = Table(name, file, csv=False)
    for first in ws.iter_rows(max_row=1, max_col=MAX_COLUMNS, values_only=True):
        table.header = list(first)
    while table.header and table.header[-1] in (None, ""):
        table.header.pop()
    width = len(table.header) + 1  # one more: a value in a column without a header is reported
    for n, row in enumerate(ws.iter_rows(min_row=2, max_col=width), start=2):
        if n > MAX_ROWS:
            raise _refuse(f"the sheet {name!r} has more than {MAX_ROWS:,} rows; a case sheet has fewer", file)
        if all(cell is EMPTY_CELL for cell in row):  # rows between filled ones, fast
            continue
        values: list[Any] = []
        for cell in row:
            value = getattr(cell, "value", None)
            if isinstance(value, (dt.date, dt.datetime)):
                table.formats[(n, len(values) + 1)] = str(getattr(cell, "number_format", "") or "")
            values.append(value)
        while values and values[-1] in (None, ""):
            values.pop()
        if values:
            table.rows.append((n, values))
    return table


def read_xlsx(path: str | Path, *, max_bytes: int) -> Case:
    """Read the case in an Excel workbook laid out as :meth:`sistercity.Case.to_excel` writes it.

    Raises
    ------
    CaseValidationError
        With every problem, each naming its sheet and cell (``observations!C5``).
    """
    raw, file = read_bytes(path, max_bytes)
    _check_archive(raw, file, max_bytes)
    from openpyxl import load_workbook

    tables: list[Table] = []
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
    except CaseValidationError:
        raise
    except Exception as err:  # openpyxl and the XML parser raise many kinds
        raise _refuse(f"cannot read the workbook: {type(err).__name__}: {err}"[:500], file) from None
    try:
        for ws in wb.worksheets:
            if ws.title in (README_SHEET, LISTS_SHEET):
                continue
            try:
                tables.append(_read_sheet(ws, ws.title, file))
            except CaseValidationError:
                raise
            except Exception as err:  # as above
                raise _refuse(f"cannot read the sheet {ws.title!r}: {type(err).__name__}: {err}"[:500],
                              file) from None
    finally:
        wb.close()
    return case_from_tables(tables, file)


def write_template(path: str | Path) -> Path:
    """Write an empty case workbook for a city office to fill in: the ``sistercity template`` command.

    One sheet per kind of record (actors, agreements, commitments, observations,
    obstacles, events, sources, evidence, ...), each column's header with a comment
    saying what it holds, drop-down lists for sectors, implementation levels, actor
    levels and the kinds of records, and a README sheet with the rules. Read the
    filled-in workbook with :func:`read_case`; :meth:`sistercity.Case.to_excel`
    writes a case in the same layout.

    Parameters
    ----------
    path
        Where to write the workbook (``.xlsx``); its folder is created if needed.

    Returns
    -------
    pathlib.Path
        ``path``.

    Raises
    ------
    sistercity.ArgumentTypeError
        For a ``path`` that is not a path.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from sistercity import io
    >>> path = io.write_template(pathlib.Path(tempfile.mkdtemp()) / "case.xlsx")
    >>> from openpyxl import load_workbook
    >>> load_workbook(path).sheetnames[:6]
    ['README', 'case', 'actors', 'agreements', 'commitments', 'observations']
    """
    from sistercity._workbook import write_xlsx

    return write_xlsx(path, Case, None)
