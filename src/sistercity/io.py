"""Reading and writing case files (YAML and JSON), and the case-file JSON Schema.

Case files are read defensively: whatever is wrong with a file, the caller gets a
:class:`~sistercity.CaseValidationError` that lists every problem with the file,
the field path, and (for YAML and JSON) the line and column — never a traceback
from PyYAML or pydantic, and never a half-built case.

Limits (each a keyword argument of :func:`read_case` and :func:`loads_case`):

==================  ============  ===================================================
limit               default       why
==================  ============  ===================================================
``max_bytes``       32 MiB        a case file is hand-written data; bigger is a mistake
``max_depth``       64            nesting beyond this is never a case file
``max_nodes``       2,000,000     YAML aliases may not expand beyond this many nodes
                                  (the "billion laughs" alias bomb)
==================  ============  ===================================================

YAML is read with PyYAML's safe loader, so tags that ask for Python objects
(``!!python/object``) are refused. Two YAML 1.1 surprises are switched off:
``yes``/``no``/``on``/``off`` stay strings (only ``true``/``false`` are booleans,
so Norway's ``NO`` stays a country code), and dates stay text so that partial
dates keep their precision. Duplicate keys in a mapping are an error, not a
silent overwrite.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from sistercity._errors import FROM_FILE, KEY, Loc, problems_from_pydantic, validating
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.model import Case, _cross_record_problems

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_NODES", "case_schema", "loads_case", "read_case"]

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Largest case file read by default (32 MiB)."""
DEFAULT_MAX_DEPTH = 64
"""Deepest nesting of mappings and lists accepted by default."""
DEFAULT_MAX_NODES = 2_000_000
"""Most YAML nodes a document may expand to (aliases counted in full) by default."""

Format = Literal["yaml", "json"]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_DROP = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}


class _Loader(yaml.SafeLoader):
    """Safe loader: no timestamps, YAML 1.2 booleans, duplicate keys recorded."""

    duplicate_keys: list[tuple[str, yaml.Mark]]

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen and key_node.value != "<<":
                    self.duplicate_keys.append((key_node.value, key_node.start_mark))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROP]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file, for editors and other tools.

    Returns
    -------
    dict
        A JSON Schema; write it with :func:`json.dump` and point an editor's YAML or
        JSON language server at it.

    Examples
    --------
    >>> schema = case_schema()
    >>> schema["$schema"], "actors" in schema["properties"]
    ('https://json-schema.org/draft/2020-12/schema', True)
    """
    schema = Case.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://sistercity.invalid/schema/case-1.json",
        **schema,
        "title": "sistercity case file (schema_version 1)",
    }


def read_case(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Case:
    """Read a case from a YAML (``.yaml``, ``.yml``) or JSON (``.json``) file.

    Parameters
    ----------
    path
        The file. Other endings are read as JSON when the text starts with ``{``,
        else as YAML.
    max_bytes, max_depth, max_nodes
        Limits; see the module documentation.

    Returns
    -------
    Case

    Raises
    ------
    CaseValidationError
        With every problem found: unreadable, too large, not UTF-8, bad syntax,
        unknown or missing fields, wrong types, dangling references, ...

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = datasets.load("bogor-kisarazu").to_yaml(d / "case.yaml")
    >>> read_case(d / "case.yaml").id
    'bogor-kisarazu'
    """
    raw, name = _read_bytes(path, max_bytes)
    p = Path(name)
    suffix = p.suffix.lower()
    fmt: Format
    if suffix in (".yaml", ".yml"):
        fmt = "yaml"
    elif suffix == ".json":
        fmt = "json"
    else:
        fmt = "json" if raw.lstrip()[:1] == b"{" else "yaml"
    return loads_case(raw, format=fmt, file=name, max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)


def loads_case(
    text: str | bytes,
    *,
    format: Format,
    file: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Case:
    """Read a case from YAML or JSON text.

    Parameters
    ----------
    text
        The text, or its UTF-8 bytes.
    format
        ``"yaml"`` or ``"json"``.
    file
        A name to put in error messages.
    max_bytes, max_depth, max_nodes
        Limits; see the module documentation.

    Returns
    -------
    Case

    Raises
    ------
    CaseValidationError
        With every problem found.

    Examples
    --------
    >>> loads_case("id: x\\ntitle: A case\\n", format="yaml").title
    'A case'
    >>> try:
    ...     loads_case("id: x\\ntitel: A case\\n", format="yaml", file="x.yaml")
    ... except CaseValidationError as err:
    ...     for problem in err.problems:
    ...         print(problem)
    x.yaml:1:1: title: required field 'title' is missing
    x.yaml:2:1: titel: unknown field 'titel' (did you mean 'title'?); allowed: actors, agreements,
    commitments, description, events, id, notes, observations, obstacles, period_end, period_start,
    policy_frameworks, schema_version, sources, title, vocabulary
    """
    if format not in ("yaml", "json"):
        raise ArgumentError(f"format must be 'yaml' or 'json', got {format!r}")
    if not isinstance(text, (str, bytes)):
        raise ArgumentTypeError(f"text must be str or bytes, got {type(text).__name__}")
    data_text = _decode(text, file, max_bytes)
    if not data_text.strip():
        raise CaseValidationError(
            [Problem("the file is empty; expected a mapping with at least 'id' and 'title'", file=file)]
        )
    node: yaml.Node | None = None
    if format == "yaml":
        data, node = _load_yaml(data_text, file, max_depth, max_nodes)
    else:
        data = _load_json(data_text, file, max_depth)
    if not isinstance(data, dict):
        raise CaseValidationError(
            [Problem(f"the top level is a {_kind(data)}; expected a mapping with at least 'id' and 'title'",
                     file=file, line=1, column=1)]
        )
    token = FROM_FILE.set(True)
    try:
        with validating():
            return Case.model_validate(data)
    except ValidationError as err:
        positions = _positions(node) if node is not None else _json_positions(data_text, max_depth, max_nodes)
        extra = _cross_record_problems(data, err)
        raise CaseValidationError(
            problems_from_pydantic(err, Case, file=file, positions=positions, extra=extra)
        ) from None
    except RecursionError:
        raise CaseValidationError([Problem("the document is nested too deeply", file=file)]) from None
    finally:
        FROM_FILE.reset(token)


def _read_bytes(path: object, max_bytes: int) -> tuple[bytes, str]:
    """The bytes of the file at ``path`` and its name, within ``max_bytes``; our errors otherwise."""
    if not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path (str or os.PathLike), got {type(path).__name__}")
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise CaseValidationError(
                [Problem(f"the file has {size:,} bytes; the limit is {max_bytes:,} (max_bytes)", file=name)]
            )
        return p.read_bytes(), name
    except OSError as err:
        raise CaseValidationError([Problem(f"cannot read the file: {err.strerror or err}", file=name)]) from None


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "null"
    return type(value).__name__


def _decode(text: str | bytes, file: str | None, max_bytes: int) -> str:
    if isinstance(text, str):
        if len(text) > max_bytes:
            raise CaseValidationError(
                [Problem(f"the text has {len(text):,} characters; the limit is {max_bytes:,} (max_bytes)", file=file)]
            )
        if "\x00" in text:
            raise CaseValidationError(
                [Problem("the text contains NUL characters; expected YAML or JSON text", file=file)]
            )
        return text
    if len(text) > max_bytes:
        raise CaseValidationError(
            [Problem(f"the file has {len(text):,} bytes; the limit is {max_bytes:,} (max_bytes)", file=file)]
        )
    if b"\x00" in text:
        raise CaseValidationError(
            [Problem("the file contains NUL bytes: it looks binary; expected UTF-8 YAML or JSON text", file=file)]
        )
    try:
        return text.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = text[: err.start].count(b"\n") + 1
        raise CaseValidationError(
            [Problem(f"the file is not valid UTF-8 (byte {err.start}: {err.reason}); save it as UTF-8",
                     file=file, line=line)]
        ) from None


def _yaml_problem(err: yaml.YAMLError, file: str | None) -> Problem:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    what = " ".join(str(x) for x in (getattr(err, "context", None), getattr(err, "problem", None)) if x)
    if not what:
        what = str(err)
    if "python/" in what or "could not determine a constructor" in what:
        what += " (only plain YAML is read: tags that build Python objects are refused)"
    if mark is None:
        return Problem(f"YAML syntax: {what}", file=file)
    return Problem(f"YAML syntax: {what}", file=file, line=mark.line + 1, column=mark.column + 1)


def _at(mark: Any) -> tuple[int | None, int | None]:
    """1-based line and column of a PyYAML mark (pure-Python or libyaml), if any."""
    return (int(mark.line) + 1, int(mark.column) + 1) if mark is not None else (None, None)


def _prescan(text: str, file: str | None, max_depth: int, max_nodes: int) -> None:
    """Check depth and alias expansion on the event stream, before building anything."""
    depth = 0
    count = 0
    sizes: dict[str, int] = {}
    stack: list[tuple[str | None, int]] = []
    for ev in yaml.parse(text, Loader=_Loader):
        if isinstance(ev, yaml.ScalarEvent):
            count += 1
            if ev.anchor:
                sizes[ev.anchor] = 1
        elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > max_depth:
                raise CaseValidationError(
                    [Problem(f"nesting deeper than {max_depth} levels (max_depth)", "", file, *_at(ev.start_mark))]
                )
            stack.append((ev.anchor, count))
            count += 1
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            anchor, start = stack.pop()
            if anchor:
                sizes[anchor] = count - start
        elif isinstance(ev, yaml.AliasEvent):
            count += sizes.get(ev.anchor or "", 1)
        if count > max_nodes:
            raise CaseValidationError(
                [Problem(f"the document expands to more than {max_nodes:,} nodes (aliases counted in full; "
                         "max_nodes): is it an alias bomb?", "", file, *_at(ev.start_mark))]
            )


def _load_yaml(text: str, file: str | None, max_depth: int, max_nodes: int) -> tuple[Any, yaml.Node | None]:
    try:
        _prescan(text, file, max_depth, max_nodes)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
            dups = loader.duplicate_keys
        finally:
            loader.dispose()
    except yaml.YAMLError as err:
        raise CaseValidationError([_yaml_problem(err, file)]) from None
    except RecursionError:
        raise CaseValidationError([Problem("the document is nested too deeply", file=file)]) from None
    if dups:
        raise CaseValidationError(
            [Problem(f"duplicate key {key!r} in a mapping: the later value would silently replace the earlier",
                     file=file, line=m.line + 1, column=m.column + 1) for key, m in dups]
        )
    return data, node


def _walk(node: yaml.Node, max_nodes: int) -> Iterator[tuple[Loc, yaml.Node]]:
    stack: list[tuple[Loc, yaml.Node]] = [((), node)]
    seen = 0
    while stack and seen < max_nodes:
        loc, n = stack.pop()
        seen += 1
        yield loc, n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    stack.append(((*loc, k.value), v))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                stack.append(((*loc, i), v))


def _positions(node: yaml.Node, max_nodes: int = DEFAULT_MAX_NODES) -> dict[Loc, tuple[int, int]]:
    """Map each field path to the 1-based line and column where its value starts."""
    out: dict[Loc, tuple[int, int]] = {}
    for loc, n in _walk(node, max_nodes):  # where each value starts (a missing key: its mapping)
        out.setdefault(loc, (n.start_mark.line + 1, n.start_mark.column + 1))
        if isinstance(n, yaml.MappingNode):  # and each key, for "unknown field" problems
            for k, _v in n.value:
                if isinstance(k, yaml.ScalarNode):
                    out[(*loc, k.value, KEY)] = (k.start_mark.line + 1, k.start_mark.column + 1)
    return out


def _json_positions(text: str, max_depth: int, max_nodes: int) -> dict[Loc, tuple[int, int]] | None:
    """Positions for a JSON document, read through the YAML composer (JSON is YAML here)."""
    try:
        _prescan(text, None, max_depth, max_nodes)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except (yaml.YAMLError, CaseValidationError, RecursionError):
        return None
    return _positions(node) if node is not None else None


def _load_json(text: str, file: str | None, max_depth: int) -> Any:
    dups: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                dups.append(k)
            out[k] = v
        return out

    def constant(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as err:
        raise CaseValidationError(
            [Problem(f"JSON syntax: {err.msg}", file=file, line=err.lineno, column=err.colno)]
        ) from None
    except ValueError as err:
        raise CaseValidationError([Problem(f"JSON syntax: {err}", file=file)]) from None
    except RecursionError:
        raise CaseValidationError([Problem("the document is nested too deeply", file=file)]) from None
    if _depth(data) > max_depth:
        raise CaseValidationError([Problem(f"nesting deeper than {max_depth} levels (max_depth)", file=file)])
    if dups:
        raise CaseValidationError(
            [Problem(f"duplicate key {k!r} in an object: the later value would silently replace the earlier",
                     file=file) for k in dups]
        )
    return data


def _depth(data: Any) -> int:
    """Deepest nesting of lists and mappings in ``data`` (iterative)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        item, d = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, d + 1)
            stack.extend((v, d + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, d + 1)
            stack.extend((v, d + 1) for v in item)
    return deepest
