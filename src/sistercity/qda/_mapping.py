"""The mapping from a QDA project's codes to a sister-city case: :class:`QdaMapping` and its file (private)."""

from __future__ import annotations

import datetime as dt
import re
from os import PathLike
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationError, WithJsonSchema

from sistercity._errors import Loc, make_problem, problems_from_pydantic, validating
from sistercity._files import read_bytes
from sistercity._yaml import load_yaml, node_positions
from sistercity.exceptions import ArgumentTypeError, CaseValidationError, Problem
from sistercity.model import ImplementationLevel

MAX_MAPPING_BYTES = 1024 * 1024
"""Largest mapping file read (1 MiB)."""
_MAX_DEPTH = 32
_MAX_NODES = 100_000


def _level(value: object) -> int:
    return int(ImplementationLevel.parse(value))


def _date_text(value: object) -> object:
    """Python dates and bare years (``2018``) as text: a date keeps the precision written."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


LevelValue = Annotated[int, BeforeValidator(_level), WithJsonSchema(
    {"type": ["integer", "string"], "description": "0-3 or not_initiated, minimal, intermediate, full"})]
DateText = Annotated[str, BeforeValidator(_date_text)]
CodeRef = Annotated[str, Field(min_length=1, description="a code's path ('Commitments/Student exchange'), "
                                                          "its name when unique, or its GUID")]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    def __init__(self, /, **data: Any) -> None:
        with validating() as outermost:
            try:
                super().__init__(**data)
            except ValidationError as err:
                if not outermost:
                    raise
                raise CaseValidationError(problems_from_pydantic(err, type(self))) from None


class DateRules(_Model):
    """Where the date of an observation comes from, in this order (the first found wins).

    A coding's creation date is when someone coded, not when the reported state
    held, so it is never used; and no day is ever invented.

    Attributes
    ----------
    code : str, optional
        A parent code whose children are named as partial dates (``2017``,
        ``2017-12``, ``2017-12-14``); the one applied to a segment dates it.
    documents : dict
        Document name -> partial date, for every segment of that document.
    variable : str, optional
        The name of a variable holding a partial date: on the document, else on a
        case the document belongs to.
    default : str, optional
        The date of every other segment (e.g. the end of the study period).

    Examples
    --------
    >>> DateRules(variable="date", default=2018).default
    '2018'
    """

    code: CodeRef | None = None
    documents: dict[str, DateText] = {}
    variable: str | None = None
    default: DateText | None = None


class QdaMapping(_Model):
    """Which codes of a QDA project mean what in a sister-city case.

    Read one from a YAML file with :func:`~sistercity.qda.read_mapping`, or build it
    from Python. Codes are named by path (``Commitments/Student exchange``), by
    name when unique, or by GUID.

    Attributes
    ----------
    case : str or dict
        The case skeleton (actors, agreements, commitments, sources, obstacles,
        events): the path of a case file (relative to the mapping file; read by
        ``sistercity.read_case(project, mapping=...)``, or given to
        :func:`~sistercity.qda.to_case` as ``base=``), or the case itself inline.
    sources : dict
        QDA document name (or GUID) -> the id of a source of the case. A document
        not named here whose name is a source id of the case is that source; any
        other coded document becomes a new source: id from its name, kind ``other``,
        its name as title.
    commitments, obstacles, events : dict
        Record id (of the case) -> the code whose codings are its evidence.
    levels : dict
        Code -> level 0-3: the codes that name an implementation level. A level code
        under a commitment code (``Commitments/Student exchange/3 full``) is about
        that commitment; any other is about the commitments coded on the same segment.
        Left empty, the children of commitment codes and of a code named
        ``Implementation level`` count as level codes when their names start with a
        level (``3 full``, ``0 - not initiated``) or are one (``full``).
    dates : DateRules
        Where observations' dates come from.

    Examples
    --------
    >>> m = QdaMapping(case="case.yaml", commitments={"student-exchange": "Commitments/Student exchange"},
    ...                dates={"default": "2018"})
    >>> m.commitments["student-exchange"], m.dates.default
    ('Commitments/Student exchange', '2018')
    """

    schema_version: Literal[1] = 1
    case: str | dict[str, Any]
    sources: dict[str, str] = {}
    commitments: dict[str, CodeRef] = {}
    levels: dict[str, LevelValue] = {}
    obstacles: dict[str, CodeRef] = {}
    events: dict[str, CodeRef] = {}
    dates: DateRules = DateRules()
    _file: str | None = PrivateAttr(default=None)
    _positions: dict[Loc, tuple[int, int]] = PrivateAttr(default_factory=dict)

    @property
    def file(self) -> str | None:
        """The file the mapping was read from, if any."""
        return self._file

    def problem(self, message: str, *loc: str | int, key: bool = False) -> Problem:
        """A problem at ``loc`` in the mapping, with the file's line and column when known."""
        return make_problem(message, tuple(loc), file=self._file, positions=self._positions, key=key)

    def located(self, file: str | None, positions: dict[Loc, tuple[int, int]]) -> Self:
        """The same mapping, remembering where it was read from (for problems)."""
        self._file = file
        self._positions = positions
        return self


def mapping_schema() -> dict[str, Any]:
    """The JSON Schema of a mapping file, for editors.

    Returns
    -------
    dict

    Examples
    --------
    >>> sorted(mapping_schema()["properties"])[:4]
    ['case', 'commitments', 'dates', 'events']
    """
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            **QdaMapping.model_json_schema(mode="validation"), "title": "sistercity QDA mapping (schema_version 1)"}


def read_mapping(path: str | Path) -> QdaMapping:
    """Read a mapping file (YAML; see :class:`QdaMapping` for its fields).

    YAML is read by the rules of case files (see :mod:`sistercity.io`): ``No`` and
    ``3:10`` stay text, dates stay text, keys must be text, duplicate keys are
    errors; in a mapping file anchors and aliases are refused too.

    Parameters
    ----------
    path
        The file.

    Returns
    -------
    QdaMapping

    Raises
    ------
    CaseValidationError
        Every problem, with file, line and column: bad YAML, unknown or missing
        fields, a level that is not 0-3, ...

    Examples
    --------
    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "map.yaml"
    >>> _ = f.write_text("case: case.yaml\\ncomitments: {}\\n", encoding="utf-8")
    >>> try:
    ...     read_mapping(f)
    ... except CaseValidationError as err:
    ...     print(err.problems[0].line, err.problems[0].message[:40])
    2 unknown field 'comitments' (did you mean
    """
    if not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}")
    raw, file = read_bytes(path, MAX_MAPPING_BYTES, what="the mapping file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CaseValidationError([Problem(f"the file is not valid UTF-8 (byte {err.start})", file=file)]) from None
    data, node = load_yaml(text, file, _MAX_DEPTH, _MAX_NODES, anchors="a mapping file")
    positions = node_positions(node, _MAX_NODES) if node is not None else {}
    if not isinstance(data, dict):
        raise CaseValidationError([Problem("expected a mapping with at least 'case'", file=file, line=1)])
    with validating():
        try:
            mapping = QdaMapping.model_validate(data)
        except ValidationError as err:
            raise CaseValidationError(problems_from_pydantic(err, QdaMapping, file=file, positions=positions)
                                      ) from None
    return mapping.located(file, positions)


def as_mapping(mapping: object) -> QdaMapping:
    """A :class:`QdaMapping` from a mapping, a dict or the path of a mapping file."""
    if isinstance(mapping, QdaMapping):
        return mapping
    if isinstance(mapping, dict):
        return QdaMapping(**mapping)
    if isinstance(mapping, (str, PathLike)):
        return read_mapping(Path(mapping))
    raise ArgumentTypeError(f"mapping must be a QdaMapping, a dict or a file path, got {type(mapping).__name__}")


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def parse_loc(path: str) -> Loc:
    """``'actors[0].level'`` -> ``('actors', 0, 'level')`` (the inverse of the problem path format)."""
    return tuple(int(m.group(2)) if m.group(2) else m.group(1) for m in _PATH_PART.finditer(path))
