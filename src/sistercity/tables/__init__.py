"""A case as tidy pandas tables: the form every analysis reads.

:class:`CaseTables` holds one DataFrame per kind of record, with the fixed
columns and dtypes listed in :data:`SCHEMA`. ``case.tables`` builds them once per
:class:`~sistercity.Case`; :meth:`CaseTables.from_frames` builds them from
DataFrames a user already has (a large CSV or database export), so analyses run
on millions of rows without creating a model object per row.

Conventions
-----------
- Keys are named after their record: ``agreement``, ``commitment``, ``actor``, ...
- A partial date ``X`` is kept as given (``"2017"``, ``"2016-11"``) in a ``str``
  column ``X``, with ``X_first`` and ``X_last``, the first and last day it admits
  (``datetime64[s]``), and for observations and events its ``precision``.
- Vocabulary columns (sector, level, kind, category, ...) are categoricals whose
  categories are the whole vocabulary, so counts include the empty categories.
- Implementation ``level`` is a nullable ``Int8`` (0-3); missing is *no data*.
"""

from sistercity.tables._case_tables import CaseTables, as_tables, partial_date_bounds
from sistercity.tables._schema import REQUIRED_COLUMNS, SCHEMA

__all__ = ["REQUIRED_COLUMNS", "SCHEMA", "CaseTables", "as_tables", "partial_date_bounds"]
