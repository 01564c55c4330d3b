"""Sheets of cells (from a workbook or CSV files) into a case, every problem naming its cell (private).

The readers (:mod:`sistercity.io._sheets`, :mod:`sistercity.io._csvdir`) give tables
of raw cell values, each with where it stands. Here they become the case's plain data
plus a map from field path to cell, following the layout of :mod:`sistercity._sheets`;
the case is then validated as a case file is, and every problem (the reader's and the
validation's, at once) names its cell: ``case.xlsx: observations!C5`` or
``observations.csv:6``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sistercity._errors import Loc, did_you_mean, from_file, quote
from sistercity._sheets import CASE_SHEET, Column, Layout, Sheet, layout, split_list
from sistercity.exceptions import CaseValidationError, Problem
from sistercity.model import Case

__all__ = ["MAX_PER_COLUMN", "Table", "Where", "case_from_tables", "column_letter"]

MAX_PER_COLUMN = 50
"""Reader problems of one kind in one column listed in full; the rest are counted."""


def column_letter(index: int) -> str:
    """1 -> ``A``, 27 -> ``AA``."""
    out = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass(frozen=True)
class Where:
    """Where a cell stands: a workbook's sheet and cell, or a CSV file's line."""

    file: str
    sheet: str
    row: int
    column: int
    header: str | None = None
    csv: bool = False

    def problem(self, message: str) -> Problem:
        """A problem at this cell; the column's header leads the message."""
        text = f"{self.header}: {message}" if self.header else message
        if self.csv:
            return Problem(text, file=self.file, line=self.row)
        return Problem(text, path=f"{self.sheet}!{column_letter(self.column)}{self.row}", file=self.file)


@dataclass
class Table:
    """One sheet's header and rows of raw cell values."""

    name: str
    file: str
    csv: bool
    header: list[Any] = field(default_factory=list)
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    """(row or line number, cell values) of the rows below the header."""
    formats: dict[tuple[int, int], str] = field(default_factory=dict)
    """Number formats of date cells, by (row, column)."""

    def at(self, row: int, column: int, header: str | None = None) -> Where:
        """Where a cell of this table stands."""
        return Where(self.file, self.name, row, column, header, self.csv)


_EMPTY = object()


def _date_text(value: dt.date, number_format: str) -> str:
    """A date cell's date; at the precision its number format shows when that shows no day."""
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.lower())
    if "d" not in shown and ("m" in shown or "y" in shown):
        return f"{value.year:04d}-{value.month:02d}" if "m" in shown else f"{value.year:04d}"
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _number_text(value: int | float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _convert(value: Any, col: Column, number_format: str, where: Where, problems: list[Problem]) -> Any:
    """A raw cell value as the case's data wants it for this column; ``_EMPTY`` for an empty cell."""
    if value is None:
        return _EMPTY
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return _EMPTY
    elif isinstance(value, bool):
        if col.kind in ("text", "list"):
            value = "TRUE" if value else "FALSE"
    elif isinstance(value, dt.datetime):
        value = _date_text(value.date(), number_format)
    elif isinstance(value, dt.date):
        value = _date_text(value, number_format)
    elif isinstance(value, (int, float)):
        if col.kind in ("text", "list"):
            value = _number_text(value)
        elif col.kind in ("int", "level") and isinstance(value, float) and value.is_integer():
            value = int(value)
    else:  # a time of day, a duration: not a value any column takes
        value = str(value)
    if col.kind == "list" and isinstance(value, str):
        items = split_list(value)
        if items is None:
            problems.append(where.problem(f"{quote(value)} starts with '[' but is not a list of text such as "
                                          '["a", "b"]; separate plain items with commas'))
            return _EMPTY
        return items
    if col.kind == "int" and isinstance(value, str) and re.fullmatch(r"[+-]?\d{1,18}", value):
        return int(value)
    if col.kind == "float" and isinstance(value, str):
        try:
            return float(value.replace(",", "."))
        except ValueError:
            return value
    if col.kind == "level" and isinstance(value, str) and value.isdigit() and len(value) < 4:
        return int(value)
    return value


@dataclass
class _Built:
    data: dict[str, Any] = field(default_factory=dict)
    where: dict[Loc, Where] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    refs: dict[str, dict[str, tuple[Loc, dict[str, Any]]]] = field(default_factory=dict)
    keyed: set[str] = field(default_factory=set)
    """Per sheet, each record's id (or key) to its field path and data, for child rows to attach to."""


def _columns(table: Table, sheet: Sheet | None, names: Sequence[str], built: _Built) -> dict[int, str]:
    """Header position (1-based) -> column name; unknown, repeated and missing headers are problems."""
    out: dict[int, str] = {}
    seen: dict[str, int] = {}
    for j, raw in enumerate(table.header, start=1):
        name = raw.strip() if isinstance(raw, str) else (None if raw is None else _number_text(raw)
                                                          if isinstance(raw, (int, float)) else str(raw))
        if not name:
            if any(j <= len(cells) and cells[j - 1] not in (None, "") for _r, cells in table.rows):
                built.problems.append(table.at(1, j).problem("this column has values but no header"))
            continue
        where = table.at(1, j)
        if name not in names:
            built.problems.append(where.problem(
                f"unknown column {quote(name)}{did_you_mean(name, list(names))}; the columns of the "
                f"{table.name} sheet are: {', '.join(names)}"))
        elif name in seen:
            built.problems.append(where.problem(
                f"the column {quote(name)} appears twice (also column {column_letter(seen[name])})"))
        else:
            seen[name] = j
            out[j] = name
    width = len(table.header)
    beyond = next(((row, j) for row, cells in table.rows for j in range(width + 1, len(cells) + 1)
                   if cells[j - 1] not in (None, "")), None)
    if beyond is not None:
        built.problems.append(table.at(*beyond).problem("this column has values but no header"))
    if sheet is not None and sheet.link and sheet.link not in seen and table.rows:
        built.problems.append(table.at(1, max(len(table.header), 0) + 1).problem(
            f"the column {quote(sheet.link)} is missing: it names the record each row belongs to"))
    return out


def _case_sheet(table: Table, lay: Layout, built: _Built) -> None:
    cols = {c.name: c for c in lay.case_fields}
    _columns(table, None, ("field", "value"), built)
    built.where[()] = table.at(1, 1)
    seen: dict[str, Where] = {}
    for row, cells in table.rows:
        name = cells[0].strip() if cells and isinstance(cells[0], str) else cells[0] if cells else None
        value = cells[1] if len(cells) > 1 else None
        if name in (None, ""):
            if value not in (None, ""):
                built.problems.append(table.at(row, 1, "field").problem("a value without a field name"))
            continue
        where = table.at(row, 2, str(name))
        col = cols.get(str(name))
        if col is None:
            built.problems.append(table.at(row, 1, "field").problem(
                f"unknown field {quote(name)}{did_you_mean(str(name), list(cols))}; the case's fields are: "
                f"{', '.join(cols)}"))
            continue
        item = _convert(value, Column(col.name, "text" if col.kind == "list" else col.kind), table.formats.get(
            (row, 2), ""), where, built.problems)
        built.where.setdefault((col.name,), where)  # an empty required field is reported at its cell
        if item is _EMPTY:
            continue
        if col.kind == "list":
            built.data.setdefault(col.name, []).append(item)
            built.where[(col.name, len(built.data[col.name]) - 1)] = where
        elif col.name in seen:
            built.problems.append(where.problem(f"given twice (also in row {seen[col.name].row})"))
        else:
            seen[col.name] = where
            built.data[col.name] = item
            built.where[(col.name,)] = where


def _record_rows(table: Table, sheet: Sheet, built: _Built) -> None:
    names = [c.name for c in sheet.columns]
    by_index = _columns(table, sheet, names, built)
    columns = {c.name: c for c in sheet.columns}
    refs = built.refs.setdefault(sheet.name, {})
    keys: dict[str, int] = {}
    for row, cells in table.rows:
        rec: dict[str, Any] = {}
        here: dict[str, Where] = {}
        for j, name in by_index.items():
            where = table.at(row, j, name)
            here[name] = where
            raw = cells[j - 1] if j <= len(cells) else None
            value = _convert(raw, columns[name], table.formats.get((row, j), ""), where, built.problems)
            if value is not _EMPTY:
                rec[name] = value
        if not rec:
            continue
        start = table.at(row, 1)
        loc = _attach(sheet, rec, here, start, built)
        if loc is None:
            continue
        for name, where in here.items():
            built.where[(*loc, name)] = where
        built.where[loc] = start
        ref = rec.pop("key", None) if sheet.keyed else rec.get("id")
        if isinstance(ref, str):
            if sheet.keyed and ref in keys:
                built.problems.append(here["key"].problem(
                    f"the key {quote(ref)} is also used in row {keys[ref]}; keys must be unique in a sheet"))
            keys.setdefault(ref, row)
            refs.setdefault(ref, (loc, rec))


def _attach(sheet: Sheet, rec: dict[str, Any], here: dict[str, Where], start: Where, built: _Built) -> Loc | None:
    """Put ``rec`` where it belongs in the case's data; its field path, or ``None`` when it cannot."""
    kind_text = rec.pop("record", None)
    ref = rec.pop(str(sheet.link), None) if sheet.link else None
    if not sheet.parents:
        items = built.data.setdefault(sheet.field, [])
        items.append(rec)
        return (sheet.field, len(items) - 1)
    link_where = here.get(str(sheet.link), start)
    parent = sheet.parents[0]
    if len(sheet.parents) > 1:
        kind = here.get("record", start)
        if not isinstance(kind_text, str):
            built.problems.append(kind.problem(f"which kind of record does this row support? name its sheet: "
                                               f"{', '.join(sheet.parents)}"))
            return None
        if kind_text not in sheet.parents:
            built.problems.append(kind.problem(f"{quote(kind_text)} is not a sheet whose records have "
                                               f"{sheet.name}{did_you_mean(kind_text, list(sheet.parents))}; "
                                               f"one of {', '.join(sheet.parents)}"))
            return None
        parent = kind_text
    if not isinstance(ref, str):
        keyed = parent in built.keyed
        built.problems.append(link_where.problem(
            f"which record of the {parent} sheet does this row belong to? give its "
            + ("key (the key column of that sheet)" if keyed else "id")))
        return None
    found = built.refs.get(parent, {}).get(ref)
    if found is None:
        known = list(built.refs.get(parent, {}))
        built.problems.append(link_where.problem(
            f"no record with {'key' if parent in built.keyed else 'id'} {quote(ref)} in the {parent} sheet"
            f"{did_you_mean(ref, known)}"))
        return None
    parent_loc, parent_rec = found
    items = parent_rec.setdefault(sheet.field, [])
    items.append(rec)
    return (*parent_loc, sheet.field, len(items) - 1)


def _vocabulary_rows(table: Table, sheet: Sheet, built: _Built) -> None:
    names = [c.name for c in sheet.columns]
    by_index = _columns(table, sheet, names, built)
    columns = {c.name: c for c in sheet.columns}
    vocab: dict[str, list[Any]] = built.data.setdefault(sheet.field, {})
    for row, cells in table.rows:
        rec: dict[str, Any] = {}
        here: dict[str, Where] = {}
        for j, name in by_index.items():
            here[name] = table.at(row, j, name)
            value = _convert(cells[j - 1] if j <= len(cells) else None, columns[name],
                             table.formats.get((row, j), ""), here[name], built.problems)
            if value is not _EMPTY:
                rec[name] = value
        if not rec:
            continue
        which = rec.pop("list", None)
        col = columns["list"]
        if which not in col.choices:
            built.problems.append(here.get("list", table.at(row, 1)).problem(
                f"which list does this term add to? one of {', '.join(col.choices)}"
                + (f"; got {quote(which)}{did_you_mean(which, list(col.choices))}" if which else "")))
            continue
        items = vocab.setdefault(str(which), [])
        loc = (sheet.field, str(which), len(items))
        items.append(rec)
        built.where[loc] = table.at(row, 1)
        for name, where in here.items():
            built.where[(*loc, name)] = where


def _cap(problems: list[Problem]) -> list[Problem]:
    seen: Counter[tuple[str | None, str, str]] = Counter()
    out: list[Problem] = []
    hidden: dict[tuple[str | None, str, str], int] = {}
    for p in problems:
        kind = (p.file, re.sub(r"\d+$", "", p.path), p.message.split(" ", 1)[0])
        seen[kind] += 1
        if seen[kind] <= MAX_PER_COLUMN:
            out.append(p)
        else:
            hidden[kind] = hidden.get(kind, 0) + 1
    for (file, path, _word), n in hidden.items():
        out.append(Problem(f"{n:,} more problem{'s' if n != 1 else ''} like the ones above not listed; fix those "
                           "and read again", path, file))
    return out


def case_from_tables(tables: Sequence[Table], file: str, *, ignore: Sequence[str] = ()) -> Case:
    """The case in ``tables`` (one per sheet), validated; every problem at once, naming its cell.

    Raises
    ------
    CaseValidationError
        With every problem, each naming its sheet and cell (or CSV file and line).
    """
    lay = layout(Case)
    built = _Built(keyed={s.name for s in lay.sheets if s.keyed})
    order = list(lay.names)
    by_name: dict[str, Table] = {}
    for t in tables:
        if t.name in ignore:
            continue
        if t.name not in order:
            built.problems.append(t.at(1, 1).problem(
                f"unknown sheet {quote(t.name)}{did_you_mean(t.name, order)}; the sheets are: {', '.join(order)}"))
            continue
        by_name[t.name] = t
    if CASE_SHEET in by_name:
        _case_sheet(by_name[CASE_SHEET], lay, built)
    for sheet in lay.sheets:
        found = by_name.get(sheet.name)
        if found is None:
            continue
        if sheet.name == "vocabulary":
            _vocabulary_rows(found, sheet, built)
            continue
        _record_rows(found, sheet, built)
    cells = sorted({w for loc, w in built.where.items() if loc[:1] != ("\x00raw",)},
                   key=lambda w: (order.index(w.sheet) if w.sheet in order else len(order), w.row, w.column))
    index = {w: i for i, w in enumerate(cells, start=1)}
    positions = {loc: (index[w], 1) for loc, w in built.where.items() if w in index}
    problems = list(built.problems)
    try:
        with from_file(file, lambda: positions):
            case = Case.model_validate(built.data)
    except CaseValidationError as err:
        for p in err.problems:
            if p.line is not None and 1 <= p.line <= len(cells):
                problems.append(cells[p.line - 1].problem(p.message))
            else:
                problems.append(Problem(p.message, p.path, file))
    else:
        if not problems:
            return case
    raise CaseValidationError(_cap(_order(problems, order)))


def _order(problems: list[Problem], order: list[str]) -> list[Problem]:
    def key(p: Problem) -> tuple[int, int, int]:
        if p.line is not None:  # a CSV file: sheet from its name, then line
            stem = re.sub(r"\.csv$", "", (p.file or "").replace("\\", "/").rsplit("/", 1)[-1])
            return (order.index(stem) if stem in order else -1, p.line, 0)
        m = re.fullmatch(r"(\w+)!([A-Z]+)(\d+)", p.path)
        if m is None:
            return (-1, 0, 0)
        col = 0
        for ch in m.group(2):
            col = col * 26 + ord(ch) - 64
        return (order.index(m.group(1)) if m.group(1) in order else -1, int(m.group(3)), col)

    return sorted(dict.fromkeys(problems), key=key)

