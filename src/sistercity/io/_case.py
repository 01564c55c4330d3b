"""Case files: read a case from YAML or JSON, and the case-file JSON Schema (private)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sistercity.io._document import Format, loads_document, read_document
from sistercity.io._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES
from sistercity.io._schema import annotate
from sistercity.model import Case

__all__ = ["case_schema", "loads_case", "read_case"]


def case_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a case file, for editors and other tools.

    Every field has a description. Sectors, obstacle categories, implementation
    levels and the kinds of agreements and obstacles list their words as enums,
    the aliases included (``pendidikan``, ``loi``, ``hambatan``), from the built-in
    vocabularies; a sector or category a case adds to its ``vocabulary`` is still
    accepted (any other string).

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
    >>> sector = schema["$defs"]["Commitment"]["properties"]["sector"]
    >>> "education" in sector["anyOf"][0]["enum"], "pendidikan" in sector["anyOf"][0]["enum"]
    (True, True)
    >>> schema["$defs"]["Observation"]["properties"]["level"]["description"]
    "The implementation level: 0 not initiated, 1 minimal, 2 intermediate, 3 full (or the level's name)."
    """
    schema = annotate(Case.model_json_schema(mode="validation"))
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
    doc = read_document(path, max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
    return doc.validate(Case)


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
    >>> from sistercity import CaseValidationError
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
    doc = loads_document(text, format=format, file=file, max_bytes=max_bytes, max_depth=max_depth,
                         max_nodes=max_nodes)
    return doc.validate(Case)
