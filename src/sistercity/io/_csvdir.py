"""Reading a case from a folder of CSV files, one per sheet (private).

Each ``<sheet>.csv`` (``case.csv``, ``actors.csv``, ...) is read within ``max_bytes``,
as UTF-8 (with or without Excel's byte-order mark); at most :data:`MAX_FILES` files
are looked at and each may have at most :data:`MAX_ROWS` rows. Files that do not end
in ``.csv`` are left alone; a ``.csv`` file that is not a sheet of the layout is a
problem (a typo would otherwise drop its records silently).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from sistercity._files import read_bytes
from sistercity.exceptions import CaseValidationError, Problem
from sistercity.io._grid import Table, case_from_tables
from sistercity.io._source import decode
from sistercity.model import Case

__all__ = ["MAX_FILES", "MAX_ROWS", "read_csv_folder", "write_csv"]

MAX_FILES = 100
"""Most ``.csv`` files read from one folder."""
MAX_ROWS = 200_000
"""Most rows one CSV file may have."""


def _read_table(path: Path, max_bytes: int) -> Table:
    raw, name = read_bytes(path, max_bytes)
    text = decode(raw, name, max_bytes)
    table = Table(path.stem, name, csv=True)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 1
    try:
        for n, values in enumerate(reader, start=1):
            if n > MAX_ROWS:
                raise CaseValidationError([Problem(f"the file has more than {MAX_ROWS:,} rows", file=name)])
            cells: list[object] = [v for v in values]
            while cells and cells[-1] == "":
                cells.pop()
            if n == 1:
                table.header = cells
            elif cells:
                table.rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as err:
        raise CaseValidationError([Problem(f"not valid CSV: {err}", file=name, line=reader.line_num)]) from None
    return table


def read_csv_folder(folder: str | Path, *, max_bytes: int) -> Case:
    """Read the case in a folder of CSV files laid out as :func:`sistercity.io.write_csv` writes them.

    Raises
    ------
    CaseValidationError
        With every problem, each naming its file and line (``observations.csv:6``).
    """
    base = Path(folder)
    name = str(folder)
    try:
        entries = sorted(os.scandir(base), key=lambda e: e.name)
    except OSError as err:
        raise CaseValidationError([Problem(f"cannot read the folder: {err.strerror or err}", file=name)]) from None
    files = [Path(e.path) for e in entries if e.name.lower().endswith(".csv")]
    if not files:
        raise CaseValidationError([Problem("the folder holds no .csv files; expected case.csv, actors.csv, ... "
                                           "(sistercity.io.write_csv writes such a folder)", file=name)])
    if len(files) > MAX_FILES:
        raise CaseValidationError([Problem(f"the folder holds {len(files):,} .csv files; at most {MAX_FILES} are "
                                           "read", file=name)])
    tables = [_read_table(f, max_bytes) for f in files]
    return case_from_tables(tables, name)


def write_csv(case: Case, folder: str | Path) -> Path:
    """Write a case as a folder of CSV files, one per sheet of the workbook layout.

    The files (``case.csv``, ``actors.csv``, ..., ``evidence.csv``) have the columns
    of the sheets :meth:`sistercity.Case.to_excel` writes, in UTF-8 with a byte-order
    mark (so Excel opens them as UTF-8); :func:`read_case` reads the folder back to
    the same case.

    Parameters
    ----------
    case
        The case.
    folder
        The folder to write into (created if needed); files of the same names are replaced.

    Returns
    -------
    pathlib.Path
        ``folder``.

    Raises
    ------
    sistercity.ArgumentTypeError
        For a ``case`` that is not a :class:`~sistercity.Case`, or a ``folder`` that is not a path.
    sistercity.ArgumentError
        For text a spreadsheet cell cannot hold (control characters, more than 32,767 characters).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> from sistercity import datasets, io
    >>> case = datasets.load("bogor-kisarazu")
    >>> folder = io.write_csv(case, pathlib.Path(tempfile.mkdtemp()) / "bogor")
    >>> sorted(p.name for p in folder.iterdir())[:4]
    ['actors.csv', 'agreements.csv', 'case.csv', 'commitments.csv']
    >>> io.read_case(folder) == case
    True
    """
    from sistercity._workbook import write_csv_folder
    from sistercity.exceptions import ArgumentTypeError

    if not isinstance(case, Case):
        raise ArgumentTypeError(f"case must be a sistercity.Case, got {type(case).__name__}")
    return write_csv_folder(folder, Case, case.to_dict())
