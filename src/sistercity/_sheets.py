"""The spreadsheet layout of a case: one sheet per kind of record, flat, linked by ids (private).

Used by both directions: :meth:`sistercity.Case.to_excel` and
:func:`sistercity.io.write_csv` write with it, :func:`sistercity.io.read_case` reads
workbooks and CSV folders with it. It lives here, below both :mod:`sistercity.model`
and :mod:`sistercity.io`, and imports neither: the layout is computed from the model
class it is given (its fields, their types, required or not, their choices), so the
model can reach the writer without importing :mod:`sistercity.io` (no import cycle),
and a field added to the model is a column without a change here.

The layout
----------
* ``case``: one row per case field (``field``, ``value``); ``notes`` may repeat.
* one sheet per list of records in the case (``actors``, ``agreements``,
  ``commitments``, ``observations``, ``obstacles``, ``events``, ``sources``,
  ``policy_frameworks``), one row per record, one column per field.
* records nested in a record (an agreement's ``signatories``, an obstacle's
  ``mitigations``, a framework's ``targets``) have their own sheet with a link column
  naming the parent (``agreement``, ``obstacle``, ``policy_framework``).
* ``evidence``: every evidence item of every record; ``record`` names the sheet of
  the record it supports and ``record_id`` its id (or, for records without an id:
  observations, signatories and mitigations, the ``key`` the row gives itself).
* ``vocabulary``: sectors and obstacle categories the case adds (``list`` says which).
* a cell holding several ids (``parties``) separates them by commas; a list whose
  items hold commas is written as a JSON list (``["a, b", "c"]``).
"""

from __future__ import annotations

import enum
import json
import re
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import AfterValidator, BaseModel, PlainSerializer

from sistercity._ids import check_id
from sistercity.dates import PartialDate
from sistercity.exceptions import ArgumentError
from sistercity.vocab import OBSTACLE_CATEGORIES, SECTORS

__all__ = [
    "CASE_SHEET",
    "EVIDENCE",
    "LEVEL_NAMES",
    "MAX_CELL_CHARS",
    "VOCABULARY",
    "Column",
    "Layout",
    "Sheet",
    "flatten",
    "join_list",
    "layout",
    "sheet_rows",
    "singular",
    "split_list",
]

CASE_SHEET = "case"
EVIDENCE = "evidence"
VOCABULARY = "vocabulary"
LEVEL_NAMES = ("not_initiated", "minimal", "intermediate", "full")
"""Implementation levels 0-3 by name, as written in a workbook's ``level`` cells."""

MAX_CELL_CHARS = 32_767
"""The most characters an Excel cell holds."""
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")

_REFERS = {
    "parties": "actors", "providers": "actors", "beneficiaries": "actors", "participants": "actors",
    "faced_by": "actors", "proposed_by": "actors", "owner": "actors", "actor": "actors",
    "on_behalf_of": "actors", "agreement": "agreements", "commitment": "commitments",
    "commitments": "commitments", "affects": "commitments", "targets": "targets", "source": "sources",
    "cited_in": "sources",
}

_HINTS = {
    "country": "an ISO 3166-1 alpha-2 country code, such as ID or JP",
    "url": "a web address (https://...)",
    "language": "a language code, such as id, en or ja",
}


@dataclass(frozen=True)
class Column:
    """One column of a sheet: its header, how cells are read, and the comment on its header."""

    name: str
    kind: str
    """``text``, ``list``, ``bool``, ``int``, ``float`` or ``level``."""
    required: bool = False
    help: str = ""
    choices: tuple[str, ...] = ()
    field: str | None = None
    """The model field it holds; ``None`` for link and key columns."""


@dataclass(frozen=True)
class Sheet:
    """One sheet: the records it holds, where they sit in the case, and its columns."""

    name: str
    model: type[BaseModel] | None
    columns: tuple[Column, ...]
    parents: tuple[str, ...] = ()
    """Sheets whose records hold this sheet's records (one link column, or ``record`` for evidence)."""
    field: str = ""
    """The field of a parent record (or of the case) holding this sheet's records."""
    keyed: bool = False
    """Whether rows give themselves a ``key`` (records without an id that evidence points at)."""
    about: str = ""

    @property
    def link(self) -> str | None:
        """The column naming the parent record (``None`` for top-level sheets)."""
        if not self.parents:
            return None
        return "record_id" if len(self.parents) > 1 else singular(self.parents[0])

    def column(self, name: str) -> Column | None:
        """The column with this header, if any."""
        return next((c for c in self.columns if c.name == name), None)


@dataclass(frozen=True)
class Layout:
    """Every sheet of a case workbook, parents before children."""

    sheets: tuple[Sheet, ...]
    case_fields: tuple[Column, ...]

    def sheet(self, name: str) -> Sheet | None:
        """The sheet with this name, if any."""
        return next((s for s in self.sheets if s.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        """Every sheet's name, the ``case`` sheet first."""
        return (CASE_SHEET, *(s.name for s in self.sheets))


def singular(name: str) -> str:
    """``agreements`` -> ``agreement``, ``policy_frameworks`` -> ``policy_framework``."""
    return name[:-1] if name.endswith("s") else name


def _unwrap(tp: Any) -> tuple[Any, list[Any], bool]:
    """The inner type, the Annotated metadata met on the way, and whether ``None`` is allowed."""
    meta: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            args = typing.get_args(tp)
            tp, meta = args[0], [*meta, *args[1:]]
            continue
        if origin in (typing.Union, types.UnionType):
            kept = [a for a in typing.get_args(tp) if a is not type(None)]
            optional = optional or len(kept) < len(typing.get_args(tp))
            if len(kept) == 1:
                tp = kept[0]
                continue
        return tp, meta, optional


def _item_model(tp: Any) -> type[BaseModel] | None:
    """The record class of a ``tuple[Record, ...]`` field, else ``None``."""
    inner, _meta, _opt = _unwrap(tp)
    if typing.get_origin(inner) is tuple:
        args = [a for a in typing.get_args(inner) if a is not Ellipsis]
        item = _unwrap(args[0])[0] if args else None
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _describe(name: str, info: Any, owner: str) -> Column:
    tp, meta, _optional = _unwrap(info.annotation)
    meta = [*info.metadata, *meta]
    choices: tuple[str, ...] = ()
    is_list = typing.get_origin(tp) is tuple
    if is_list:
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        tp, more, _ = _unwrap(args[0])
        meta += more
    if typing.get_origin(tp) is typing.Literal:
        choices = tuple(str(a) for a in typing.get_args(tp))
        if all(isinstance(a, int) for a in typing.get_args(tp)):
            tp = int
    as_text = any(isinstance(m, PlainSerializer) and m.return_type is str for m in meta)
    if is_list:
        kind, what = "list", "a list: separate items with commas"
    elif as_text:
        kind, what = "text", "a span in years and months: P5Y (five years), P6M, P1Y6M"
    elif tp is bool:
        kind, what = "bool", "TRUE or FALSE"
    elif isinstance(tp, type) and issubclass(tp, enum.IntEnum):
        kind, what = "level", "0 not initiated, 1 minimal, 2 intermediate, 3 full (a number or a name)"
        choices = LEVEL_NAMES
    elif tp is int:
        kind, what = "int", "a whole number"
    elif tp is float:
        kind, what = "float", "a number"
    elif tp is PartialDate:
        kind, what = "text", "a date: 2016-11-18, 2016-11 or 2016 (a year or month keeps its precision)"
    else:
        kind, what = "text", "text"
        if any(isinstance(m, AfterValidator) and m.func is check_id for m in meta):
            what = "an id: letters, digits, _ - . : (starting with a letter or digit)"
    if name == "sector":
        choices, what = tuple(SECTORS), "a sector: its id or an alias (pendidikan for education)"
    elif name == "sectors" and is_list:
        what = "sectors: their ids or aliases (pendidikan for education), separated by commas"
    elif name == "category":
        choices, what = tuple(OBSTACLE_CATEGORIES), "an obstacle category: its id or an alias"
    refers = _REFERS.get(name) or (owner if name == "parent" else None)
    if refers:
        what = (f"ids of records in the {refers} sheet, separated by commas" if is_list
                else f"the id of a record in the {refers} sheet")
    what = _HINTS.get(name, what)
    if choices and what == "text":
        what = "one of " + ", ".join(choices) if len(choices) <= 12 else "a word from the list"
    elif choices:
        what += "; one of " + ", ".join(choices) if len(choices) <= 12 else "; pick from the list"
    required = bool(info.is_required())
    default = info.get_default() if not required else None
    head = "Required." if required else "Optional" + (
        f" (default {default})." if default not in (None, "", ()) else ".")
    return Column(name, kind, required, f"{head} {what[0].upper()}{what[1:]}.", choices, name)


def _record_columns(model: type[BaseModel], owner: str) -> tuple[list[Column], list[tuple[str, type[BaseModel]]]]:
    cols: list[Column] = []
    children: list[tuple[str, type[BaseModel]]] = []
    for name, info in model.model_fields.items():
        item = _item_model(info.annotation)
        if item is not None:
            children.append((name, item))
        else:
            cols.append(_describe(name, info, owner))
    return cols, children


def _about(model: type[BaseModel]) -> str:
    return (model.__doc__ or "").strip().split("\n")[0]


def layout(case_model: type[BaseModel]) -> Layout:
    """The workbook layout of ``case_model`` (the :class:`sistercity.Case` class)."""
    top: list[Sheet] = []
    nested: dict[str, tuple[type[BaseModel], list[str], str]] = {}
    case_cols: list[Column] = []
    vocab_sheet: Sheet | None = None
    keyed: set[str] = set()
    for name, info in case_model.model_fields.items():
        item = _item_model(info.annotation)
        inner = _unwrap(info.annotation)[0]
        if item is not None:
            stack = [(name, item)]
            while stack:
                sheet_name, model = stack.pop(0)
                cols, children = _record_columns(model, sheet_name)
                if sheet_name == name:
                    top.append(Sheet(sheet_name, model, tuple(cols), field=name, about=_about(model)))
                for child, child_model in children:
                    entry = nested.setdefault(child, (child_model, [], child))
                    if sheet_name not in entry[1]:
                        entry[1].append(sheet_name)
                    if "id" not in model.model_fields:
                        keyed.add(sheet_name)
                    stack.append((child, child_model))
        elif isinstance(inner, type) and issubclass(inner, BaseModel):  # the case's own vocabulary
            lists = [(n, _item_model(i.annotation)) for n, i in inner.model_fields.items()]
            term = next(m for _n, m in lists if m is not None)
            cols, _ = _record_columns(term, name)
            listed = tuple(n for n, _m in lists)
            vocab_sheet = Sheet(name, term, (Column("list", "text", True, "Required. Which list the term adds to: "
                                                    + " or ".join(listed) + ".", listed), *cols),
                                field=name, about=_about(inner))
        else:
            case_cols.append(_describe(name, info, CASE_SHEET))
    sheets = list(top)
    for child, (model, parents, field) in sorted(nested.items(), key=lambda kv: kv[0] == EVIDENCE):
        cols, _ = _record_columns(model, child)
        link = "record_id" if len(parents) > 1 else singular(parents[0])
        sheet_said = "the sheet named in record" if len(parents) > 1 else f"the {parents[0]} sheet"
        lead = [Column(link, "text", True, f"Required. The id (or key) of the record in {sheet_said} this row "
                       "belongs to.")]
        if len(parents) > 1:
            lead.insert(0, Column("record", "text", True, "Required. The sheet of the record this row supports: "
                                  + ", ".join(parents) + ".", tuple(parents)))
        sheets.append(Sheet(child, model, (*lead, *cols), tuple(parents), field, about=_about(model)))
    out = []
    for s in sheets:
        if s.name in keyed:
            key = Column("key", "text", False, "Optional. A label for this row, unique in this sheet, that "
                         "evidence rows name in record_id (records of this kind have no id).")
            s = Sheet(s.name, s.model, (key, *s.columns), s.parents, s.field, True, s.about)
        out.append(s)
    if vocab_sheet is not None:
        out.append(vocab_sheet)
    return Layout(tuple(out), tuple(case_cols))


# --------------------------------------------------------------------------- writing cells


def join_list(items: Sequence[Any]) -> str:
    """A list as one cell: ``a, b`` when no item holds a separator, else a JSON list."""
    texts = [str(i) for i in items]
    if any(not t or re.search(r"[,;\n\r\[\]\"]", t) or t != t.strip() for t in texts):
        return json.dumps(texts, ensure_ascii=False)
    return ", ".join(texts)


def split_list(text: str) -> list[str] | None:
    """A cell's list: a JSON list of text, or items separated by commas, semicolons or line breaks.

    ``None`` when the cell starts with ``[`` but is not a JSON list of text.
    """
    text = text.strip()
    if text.startswith("["):
        try:
            value = json.loads(text)
        except ValueError:
            return None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        return None
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def _cell(value: Any, column: Column, where: str) -> Any:
    if value is None:
        return None
    if column.kind == "list":
        return join_list(value) if value else None
    if column.kind == "level" and isinstance(value, int):
        return LEVEL_NAMES[value]
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return repr(value)  # openpyxl writes 16 significant digits; the text keeps all 17
    if isinstance(value, str):
        bad = _XML_ILLEGAL.search(value)
        if bad:
            raise ArgumentError(f"{where}: the text holds the character {bad.group()!r}, which a spreadsheet cell "
                                "cannot hold (carriage returns and control characters); remove it to write the case")
        if len(value) > MAX_CELL_CHARS:
            raise ArgumentError(f"{where}: the text has {len(value):,} characters; a spreadsheet cell holds at "
                                f"most {MAX_CELL_CHARS:,}")
    return value


def _rows(sheet: Sheet, records: Sequence[Mapping[str, Any]], where: str,
          link: tuple[str, str] | None, out: dict[str, list[dict[str, Any]]], lay: Layout) -> None:
    for i, rec in enumerate(records):
        here = f"{where}[{i}]"
        row: dict[str, Any] = {}
        if link is not None:
            if sheet.link == "record_id":
                row["record"] = link[0]
            row[str(sheet.link)] = link[1]
        for col in sheet.columns:
            if col.field is not None and col.field in rec:
                row[col.name] = _cell(rec[col.field], col, f"{here}.{col.field}")
        if sheet.keyed:
            row["key"] = f"{sheet.name[0]}{len(out[sheet.name]) + 1}"
        out[sheet.name].append(row)
        ref = str(row.get("id") or row.get("key") or "")
        for child in lay.sheets:
            if sheet.name in child.parents and rec.get(child.field):
                _rows(child, rec[child.field], f"{here}.{child.field}", (sheet.name, ref), out, lay)


def flatten(data: Mapping[str, Any], lay: Layout) -> dict[str, list[dict[str, Any]]]:
    """A case's data (``Case.to_dict()``) as rows per sheet, each row a mapping of header to cell value.

    Raises
    ------
    sistercity.ArgumentError
        For text a spreadsheet cell cannot hold (control characters, more than 32,767 characters).
    """
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in lay.names}
    for col in lay.case_fields:
        value = data.get(col.name)
        if col.kind == "list":
            for item in value or ():
                out[CASE_SHEET].append({"field": col.name, "value": _cell(item, _TEXT, f"{col.name}")})
        elif value is not None:
            out[CASE_SHEET].append({"field": col.name, "value": _cell(value, col, col.name)})
    for sheet in lay.sheets:
        if sheet.parents:
            continue
        if sheet.name == VOCABULARY:
            for list_name, terms in (data.get(VOCABULARY) or {}).items():
                for j, term in enumerate(terms):
                    row = {"list": list_name}
                    row.update({c.name: _cell(term[c.field], c, f"vocabulary.{list_name}[{j}].{c.field}")
                                for c in sheet.columns if c.field and c.field in term})
                    out[sheet.name].append(row)
            continue
        _rows(sheet, data.get(sheet.field) or (), sheet.field, None, out, lay)
    return out


_TEXT = Column("value", "text")


def sheet_rows(lay: Layout, rows: Mapping[str, list[dict[str, Any]]]) -> Iterator[tuple[str, list[str],
                                                                                          list[list[Any]]]]:
    """Each sheet's name, headers and cell rows (in header order), the ``case`` sheet first."""
    yield CASE_SHEET, ["field", "value"], [[r["field"], r["value"]] for r in rows.get(CASE_SHEET, ())]
    for sheet in lay.sheets:
        headers = [c.name for c in sheet.columns]
        yield sheet.name, headers, [[r.get(h) for h in headers] for r in rows.get(sheet.name, ())]
