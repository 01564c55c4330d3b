"""Reading case files (YAML, JSON, Excel workbooks, CSV folders) and other documents, and the case-file JSON Schema.

A REFI-QDA project exported from NVivo, ATLAS.ti, MAXQDA or QualCoder is read as a
case given the mapping from its codes: ``read_case("x.qdpx", mapping="map.yaml")``
reads the mapping, the case file it names and the project, and maps the codings
with :func:`sistercity.qda.to_case` (see the "From your QDA program" page).

Spreadsheets (:func:`write_template`, :meth:`sistercity.Case.to_excel`,
:func:`write_csv`, and :func:`read_case` on a ``.xlsx`` file or a folder) use one
flat layout, a sheet per kind of record linked by ids; see the "Working from a
spreadsheet" page. Every problem in a workbook names its sheet and cell
(``observations!C5``), in a CSV folder its file and line.

Case files are read defensively: whatever is wrong with a file, the caller gets a
:class:`~sistercity.CaseValidationError` that lists every problem with the file,
the field path, and (for YAML and JSON) the line and column — never a traceback
from PyYAML or pydantic, and never a half-built case.

Limits (each a keyword argument of :func:`read_case`, :func:`loads_case`,
:func:`read_document` and :func:`loads_document`):

==================  ============  ===================================================
limit               default       why
==================  ============  ===================================================
``max_bytes``       32 MiB        a case file is hand-written data; bigger is a mistake
``max_depth``       64            nesting beyond this is never a case file
``max_nodes``       2,000,000     YAML aliases may not expand beyond this many nodes
                                  (the "billion laughs" alias bomb)
==================  ============  ===================================================

YAML is read with PyYAML's safe loader (its C version, on libyaml, where PyYAML
has it; the pure-Python one otherwise, with the same rules), so tags that ask for
Python objects (``!!python/object``) are refused. Three YAML 1.1 surprises are
switched off: ``yes``/``no``/``on``/``off`` stay strings (only ``true``/``false``
are booleans, so Norway's ``NO`` stays a country code), dates stay text so that
partial dates keep their precision, and base-60 numbers are not read
(``locator: 3:10`` stays the text ``'3:10'``, not 190). Duplicate keys, keys that
are not text (``2016:``, ``~:``, ``true:``), YAML sets (``!!set``, whose order
would depend on the hash seed), integers of more than 4,300 digits and raw control
characters are errors with their line, never a silent overwrite or a Python error.
JSON is read with :mod:`json`; duplicate keys, ``NaN``/``Infinity`` and nesting
too deep are errors with their line too.

Only regular files are read: a device (``/dev/zero``), a FIFO or a directory is
refused before a byte is read, and no more than ``max_bytes + 1`` bytes are read
whatever the file's size claims.

Every reader of files in the library (case files here, rule files in
:mod:`sistercity.legal`) goes through :func:`read_document` or
:func:`loads_document`, so these limits and this loader hold for all of them (QDA
mapping files, :func:`sistercity.qda.read_mapping`, use the same YAML rules, with
smaller limits and no anchors); a
:class:`Document` validates its data into a model with every problem's file,
field path, line and column (:meth:`Document.validate`).

Errors and warnings: a :class:`~sistercity.Problem` is an ``error`` (the file is
invalid; :func:`read_case` raises every error at once) or a ``warning`` (valid
but probably wrong, such as an observation dated before its agreement took
effect; never raised). :func:`check_case` returns either, with lines, and
``sistercity validate`` prints both, failing only on errors.
"""

from sistercity.io._case import case_schema, loads_case, read_case
from sistercity.io._check import CaseCheck, check_case
from sistercity.io._csvdir import write_csv
from sistercity.io._document import Document, Format, loads_document, read_document
from sistercity.io._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES
from sistercity.io._sheets import write_template

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "DEFAULT_MAX_NODES",
    "CaseCheck",
    "Document",
    "Format",
    "case_schema",
    "check_case",
    "loads_case",
    "loads_document",
    "read_case",
    "read_document",
    "write_csv",
    "write_template",
]
