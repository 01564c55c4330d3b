"""REFI-QDA: codings from NVivo, ATLAS.ti, MAXQDA and QualCoder, and back.

Researchers code their documents in a QDA program. The REFI-QDA standard
(https://www.qdasoftware.org) is how those programs exchange a project: a zip
archive (``.qdpx``) holding the project's XML (``project.qde``: users, the code
tree, sources, selections and their codings, cases, variables, notes) and the
sources' plain text. This module reads such a project into tables, maps its codes
onto a sister-city case, and writes the library's codebook and a case the other way.

* :func:`read_qdpx` — a project as a :class:`QdaProject` of tables, read defensively
  (zip and XML limits, no entity expansion, no zip-slip paths) and tolerant of the
  known dialects, each tolerance reported in :attr:`QdaProject.report`;
* :func:`to_case`, :func:`read_case` — a :class:`~sistercity.Case` from the codings, as
  a :class:`QdaMapping` (a small YAML file, :func:`read_mapping`, read by the rules of case
  files) says; every coding becomes evidence, and level codings become observations by
  their coder. This module reads no case files: a mapping whose ``case:`` names one needs
  ``base=`` (the case, or a reader such as :func:`sistercity.read_case`), or read the
  project with ``sistercity.read_case("x.qdpx", mapping="map.yaml")``, which reads it too;
* :func:`code_roles` — what each code means under a mapping, and what is left out;
* :func:`write_qdc` — the standard codebook (implementation scale, sectors with their
  Indonesian aliases, obstacle categories, channels) to import into a QDA program;
* :func:`write_qdpx`, :func:`case_mapping` — a case's sources and evidence as a project,
  to check the coding in a QDA program, and the mapping that reads it back.

Positions
---------
A selection's ``start`` and ``end`` are character positions in its source's plain
text, 0-based with ``end`` exclusive, so ``quote == text[start:end]``. The standard
counts Unicode characters of the text as stored (NVivo writes Windows line breaks,
CR LF, and counts them as two); ATLAS.ti counts a CR LF as one (``offsets="auto"``
reads it so when the project's ``origin`` names ATLAS.ti). See :func:`read_qdpx`.

Schema
------
The element and attribute names follow the REFI-QDA Project and Codebook schemas
(``Project.xsd`` and ``Codebook.xsd``, QDA-XML 1.0, published by REFI under the MIT
licence). The tests check what this module writes against the schemas' structure
(element order, required attributes, GUID and colour patterns) directly, and validate it
against the XSDs with ``xmlschema`` where that test-only package and the schema files
are present.
"""

from sistercity.qda._mapping import DateRules, QdaMapping, mapping_schema, read_mapping
from sistercity.qda._project import COLUMNS, REPORT_REASONS, QdaProject
from sistercity.qda._read import DEFAULT_MAX_DEPTH, PROJECT_NS, read_qdpx
from sistercity.qda._to_case import code_roles, read_case, to_case
from sistercity.qda._write import CODEBOOK_NS, LEVEL_CODE_NAMES, case_mapping, write_qdc, write_qdpx

__all__ = [
    "CODEBOOK_NS",
    "COLUMNS",
    "DEFAULT_MAX_DEPTH",
    "LEVEL_CODE_NAMES",
    "PROJECT_NS",
    "REPORT_REASONS",
    "DateRules",
    "QdaMapping",
    "QdaProject",
    "case_mapping",
    "code_roles",
    "mapping_schema",
    "read_case",
    "read_mapping",
    "read_qdpx",
    "to_case",
    "write_qdc",
    "write_qdpx",
]
