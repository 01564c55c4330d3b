"""A YAML or JSON document read with the library's safe loader, limits and positions (private)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from sistercity._errors import KEY, Positions, from_file, problems_from_pydantic
from sistercity._yaml import load_yaml, node_positions
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.io._json import json_positions, load_json
from sistercity.io._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES, check_limits
from sistercity.io._source import decode, read_bytes

__all__ = ["Document", "Format", "loads_document", "read_document"]

Format = Literal["yaml", "json"]
"""The formats of a document: ``"yaml"`` or ``"json"``."""

M = TypeVar("M", bound=BaseModel)


class Document:
    """A YAML or JSON document, read with the library's safe loader and limits.

    Build one with :func:`read_document` or :func:`loads_document`; turn it into a
    validated model with :meth:`validate`, which reports every problem with the
    file, field path, line and column. Line and column numbers are found only when
    there is a problem to report.

    Parameters
    ----------
    data : object
        The document's data: mappings, lists, text, numbers, booleans, ``None``.
    format : {"yaml", "json"}
        The format it was read from.
    file : str, optional
        A name for messages.
    positions : callable, optional
        Returns a map from field path (a tuple such as ``("actors", 0, "id")``) to the
        1-based line and column where that value starts; called at most once, when a
        position is first needed.
    empty : bool, default False
        Whether the text held nothing but white space.

    Attributes
    ----------
    data, format, file, empty
        As given.

    Examples
    --------
    >>> doc = loads_document("id: x\\ntitle: A case\\n", format="yaml", file="x.yaml")
    >>> doc.data, doc.position(["title"])
    ({'id': 'x', 'title': 'A case'}, (2, 8))
    """

    def __init__(
        self,
        data: Any,
        *,
        format: Format,
        file: str | None = None,
        positions: Callable[[], Positions | None] | None = None,
        empty: bool = False,
    ) -> None:
        self.data = data
        self.format = format
        self.file = file
        self.empty = empty
        self._compute = positions
        self._found: Positions | None = None
        self._done = False

    def __repr__(self) -> str:
        return f"Document(format={self.format!r}, file={self.file!r}, top level: {_kind(self.data)})"

    def _positions(self) -> Positions | None:
        if not self._done:
            self._found = self._compute() if self._compute is not None else None
            self._done = True
        return self._found

    def position(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int] | None:
        """Where the value at ``path`` starts in the text, as 1-based (line, column).

        Parameters
        ----------
        path
            Keys and list indices from the top, e.g. ``["rules", 1, "sectors"]``.
        key : bool, default False
            Where the last key of ``path`` stands instead of its value.

        Returns
        -------
        tuple of int, or None
            ``None`` when the document has no such path or no positions.

        Examples
        --------
        >>> doc = loads_document('{"rules": [{"id": "a"}]}', format="json")
        >>> doc.position(["rules", 0, "id"]), doc.position(["rules", 0, "id"], key=True)
        ((1, 19), (1, 13))
        """
        found = self._positions()
        if not found:
            return None
        return found.get((*path, KEY) if key else tuple(path))

    def validate(self, model: type[M], *, expected: str | None = None) -> M:
        """The document's data validated as ``model``, a pydantic model class.

        Inside, a bare number is not read as a duration (``term: 5``: years or
        months?), and every problem names this document's file, field path, line and
        column.

        Parameters
        ----------
        model
            A pydantic model class, such as :class:`sistercity.Case`.
        expected : str, optional
            What the top level should be, for the message when it is not a mapping;
            by default "a mapping with at least" the model's required fields.

        Returns
        -------
        model
            An instance of ``model``.

        Raises
        ------
        CaseValidationError
            With every problem found.

        Examples
        --------
        >>> from sistercity import Case
        >>> doc = loads_document("id: x\\ntitle: A case\\nperiod_start: 2016-13\\n", format="yaml", file="x.yaml")
        >>> try:
        ...     doc.validate(Case)
        ... except CaseValidationError as err:
        ...     print(err.problems[0])
        x.yaml:3:15: period_start: month 13 is outside 1-12
        """
        if not isinstance(self.data, dict):
            if expected is None:
                required = [repr(name) for name, f in model.model_fields.items() if f.is_required()]
                listed = " and ".join([", ".join(required[:-1]), required[-1]] if len(required) > 1 else required)
                expected = "a mapping" + (f" with at least {listed}" if required else "")
            if self.empty:
                raise CaseValidationError([Problem(f"the file is empty; expected {expected}", file=self.file)])
            raise CaseValidationError([Problem(f"the top level is a {_kind(self.data)}; expected {expected}",
                                               file=self.file, line=1, column=1)])
        with from_file(self.file, self._positions):
            try:
                return model.model_validate(self.data)
            except ValidationError as err:  # a pydantic model that is not one of the library's records
                raise CaseValidationError(
                    problems_from_pydantic(err, model, file=self.file, positions=self._positions())
                ) from None
            except RecursionError:
                raise CaseValidationError([Problem("the document is nested too deeply", file=self.file)]) from None


def loads_document(
    text: str | bytes,
    *,
    format: Format,
    file: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Document:
    """Read a YAML or JSON document from text, with the library's safe loader and limits.

    Parameters
    ----------
    text
        The text, or its UTF-8 bytes.
    format : {"yaml", "json"}
        How to read it.
    file
        A name to put in error messages.
    max_bytes, max_depth, max_nodes
        Limits; see :mod:`sistercity.io`.

    Returns
    -------
    Document

    Raises
    ------
    CaseValidationError
        For text over a limit, not UTF-8, with NUL characters, duplicate keys, or
        a syntax error (with its line and column).
    sistercity.ArgumentError, sistercity.ArgumentTypeError
        For a bad ``format`` or ``text`` of another type.

    Examples
    --------
    >>> loads_document("a: [1, 2]\\nb: NO\\nc: 2016-11\\n", format="yaml").data
    {'a': [1, 2], 'b': 'NO', 'c': '2016-11'}
    >>> try:
    ...     loads_document("a: 1\\na: 2\\n", format="yaml", file="x.yaml")
    ... except CaseValidationError as err:
    ...     print(err.problems[0])
    x.yaml:2:1: duplicate key 'a' in a mapping: the later value would silently replace the earlier
    """
    if format not in ("yaml", "json"):
        raise ArgumentError(f"format must be 'yaml' or 'json', got {format!r}")
    if not isinstance(text, (str, bytes)):
        raise ArgumentTypeError(f"text must be str or bytes, got {type(text).__name__}")
    check_limits(max_bytes, max_depth, max_nodes, file)
    data_text = decode(text, file, max_bytes)
    if not data_text.strip():
        return Document(None, format=format, file=file, empty=True)
    if format == "yaml":
        data, node = load_yaml(data_text, file, max_depth, max_nodes)
        return Document(data, format=format, file=file,
                        positions=lambda: node_positions(node, max_nodes) if node is not None else None)
    data = load_json(data_text, file, max_depth)
    return Document(data, format=format, file=file,
                    positions=lambda: json_positions(data_text, max_depth, max_nodes))


def read_document(
    path: str | Path,
    *,
    format: Format | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Document:
    """Read a YAML or JSON document from a file, with the library's safe loader and limits.

    Parameters
    ----------
    path
        The file; its name is put in error messages.
    format : {"yaml", "json"}, optional
        How to read it; by default from the ending (``.yaml``, ``.yml``, ``.json``),
        else JSON when the text starts with ``{`` and YAML otherwise.
    max_bytes, max_depth, max_nodes
        Limits; see :mod:`sistercity.io`.

    Returns
    -------
    Document

    Raises
    ------
    CaseValidationError
        For a file that cannot be read, or whose text :func:`loads_document` refuses.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "rules.yaml"
    >>> _ = p.write_text("extends: ID\\n", encoding="utf-8")
    >>> doc = read_document(p)
    >>> doc.format, doc.data
    ('yaml', {'extends': 'ID'})
    """
    check_limits(max_bytes, max_depth, max_nodes)
    raw, name = read_bytes(path, max_bytes)
    if format is None:
        suffix = Path(name).suffix.lower()
        if suffix in (".yaml", ".yml"):
            format = "yaml"
        elif suffix == ".json":
            format = "json"
        else:
            format = "json" if raw.lstrip()[:1] == b"{" else "yaml"
    return loads_document(raw, format=format, file=name, max_bytes=max_bytes, max_depth=max_depth,
                          max_nodes=max_nodes)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return type(value).__name__
