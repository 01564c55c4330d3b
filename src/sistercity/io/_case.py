"""Case files: read a case from YAML or JSON, and the case-file JSON Schema (private)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sistercity.exceptions import ArgumentError, CaseValidationError, Problem
from sistercity.io._csvdir import read_csv_folder
from sistercity.io._document import Format, loads_document, read_document
from sistercity.io._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES, check_limits
from sistercity.io._schema import annotate
from sistercity.io._sheets import read_xlsx
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
    """Read a case from a YAML, JSON or Excel file, or a folder of CSV files.

    Parameters
    ----------
    path
        The file: YAML (``.yaml``, ``.yml``), JSON (``.json``), an Excel workbook
        (``.xlsx``, laid out as :meth:`~sistercity.Case.to_excel` and
        :func:`write_template` write it), or a folder of CSV files (as
        :func:`write_csv` writes it). Other endings are read as JSON when the text
        starts with ``{``, else as YAML. A REFI-QDA project (``.qdpx``) needs a
        mapping: read it with :func:`sistercity.qda.read_case`.
    max_bytes, max_depth, max_nodes
        Limits; see the module documentation.

    Returns
    -------
    Case

    Raises
    ------
    CaseValidationError
        With every problem found: unreadable, too large, not UTF-8, bad syntax,
        unknown or missing fields, wrong types, dangling references, ... In a
        workbook each problem names its sheet and cell (``observations!C5``), in a
        CSV folder its file and line (``observations.csv:6``).
    sistercity.ArgumentError
        For a ``.qdpx`` file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = datasets.load("bogor-kisarazu").to_yaml(d / "case.yaml")
    >>> read_case(d / "case.yaml").id
    'bogor-kisarazu'
    """
    if isinstance(path, (str, os.PathLike)):  # workbooks, CSV folders and QDA projects: by ending or folder
        suffix = Path(path).suffix.lower()
        if suffix in (".xlsx", ".xlsm") or Path(path).is_dir():
            check_limits(max_bytes, max_depth, max_nodes)
            if suffix in (".xlsx", ".xlsm"):
                return read_xlsx(path, max_bytes=max_bytes)
            return read_csv_folder(path, max_bytes=max_bytes)
        if suffix in (".xls", ".ods"):
            raise CaseValidationError([Problem(f"a {suffix} spreadsheet is not read: save it as "
                                               "'Excel Workbook (.xlsx)'", file=str(path))])
        if suffix == ".qdpx":
            raise ArgumentError("a REFI-QDA project (.qdpx) needs a mapping from its codes to the case: "
                                "read it with sistercity.qda.read_case(path, mapping)")
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
