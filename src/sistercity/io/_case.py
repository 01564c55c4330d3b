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
    mapping: object = None,
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
        starts with ``{``, else as YAML. A REFI-QDA project (``.qdpx``, as NVivo,
        ATLAS.ti, MAXQDA and QualCoder export it) needs ``mapping``.
    mapping : str, os.PathLike, dict or QdaMapping, optional
        For a ``.qdpx`` project only: which of its codes mean what in the case (a
        mapping file, see :func:`sistercity.qda.read_mapping`). The case file its
        ``case:`` names (relative to the mapping file) is read with this function and
        these limits; the project is read with :func:`sistercity.qda.read_qdpx`'s
        default limits, then :func:`sistercity.qda.to_case` maps it. For other limits
        or ``offsets``, call those two yourself.
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
        For a ``.qdpx`` file without ``mapping``, or a ``mapping`` with any other file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sistercity import datasets
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = datasets.load("bogor-kisarazu").to_yaml(d / "case.yaml")
    >>> read_case(d / "case.yaml").id
    'bogor-kisarazu'

    A REFI-QDA project, with the mapping from its codes to the case:

    >>> from sistercity import qda
    >>> case = datasets.load("bogor-kisarazu")
    >>> project = qda.write_qdpx(case, d / "bogor.qdpx")
    >>> back = read_case(project, mapping=qda.case_mapping(case))
    >>> len(back.observations), len(case.observations)
    (9, 9)
    """
    if isinstance(path, (str, os.PathLike)) and Path(path).suffix.lower() == ".qdpx":
        return _read_qdpx(path, mapping, max_bytes, max_depth, max_nodes)
    if mapping is not None:
        name = repr(Path(path).name) if isinstance(path, (str, os.PathLike)) else "this"
        raise ArgumentError(f"mapping= is for a REFI-QDA project (.qdpx); {name} is read as a case file, which "
                            "needs no mapping")
    if isinstance(path, (str, os.PathLike)):  # workbooks and CSV folders: by ending or folder
        suffix = Path(path).suffix.lower()
        if suffix in (".xlsx", ".xlsm") or Path(path).is_dir():
            check_limits(max_bytes, max_depth, max_nodes)
            if suffix in (".xlsx", ".xlsm"):
                return read_xlsx(path, max_bytes=max_bytes)
            return read_csv_folder(path, max_bytes=max_bytes)
        if suffix in (".xls", ".ods"):
            raise CaseValidationError([Problem(f"a {suffix} spreadsheet is not read: save it as "
                                               "'Excel Workbook (.xlsx)'", file=str(path))])
    doc = read_document(path, max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
    return doc.validate(Case)


def _read_qdpx(path: str | os.PathLike[str], mapping: object, max_bytes: int, max_depth: int,
               max_nodes: int) -> Case:
    """A ``.qdpx`` project mapped to a case; the mapping's case file read as a case file."""
    if mapping is None:
        raise ArgumentError("a REFI-QDA project (.qdpx) needs a mapping from its codes to the case: "
                            "read_case(path, mapping='map.yaml') (a mapping file, a dict or a "
                            "sistercity.qda.QdaMapping; see sistercity.qda.read_mapping)")
    check_limits(max_bytes, max_depth, max_nodes)
    from sistercity import qda  # io -> qda, never the other way

    def base(file: Path) -> Case:
        return read_case(file, max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)

    return qda.read_case(Path(path), mapping, base=base)


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
