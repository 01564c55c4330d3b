"""Many cases compared: :class:`CaseSet`, :func:`read_cases`, and agreement time.

Comparative questions ("under which conditions are sister-city commitments
implemented?") need several cases read the same way. A :class:`CaseSet` holds them:

* **Validated together.** :func:`read_cases` reads every file before refusing any,
  so one :class:`~sistercity.CaseValidationError` lists every problem of every file,
  each :class:`~sistercity.Problem` naming its file. Case ids label the cases and must
  be distinct; record ids are per case (two cases may both have a commitment ``edu``).
* **One vocabulary.** Cases may add sectors and obstacle categories of their own.
  The set's vocabulary is the built-in one plus every case's terms. Two cases that
  define the same id *compatibly* — the same label (ignoring case, spaces, ``-``,
  ``/`` and ``_``) and, for sectors, the same benefit field — share one term, whose
  aliases are the union of theirs (the first case's label and description are kept).
  The same id with a different label or field, or one word (id or alias) naming
  different terms in two cases, is a problem on the later case's
  ``vocabulary.sectors[i]`` (or ``obstacle_categories[i]``), with its file and line:
  one word means one thing across the set.
* **The union of the tables.** :attr:`CaseSet.tables` is a
  :class:`~sistercity.CaseTables` holding every case's rows, record ids written
  ``label/id`` (ids never contain ``/``), with a ``case`` column in every table, so
  every analysis runs on it unchanged: ``implementation.status(cs.tables)``. Each
  record's figures are those of its own case; :func:`split_ids` and
  :meth:`CaseSet.with_case` turn ``label/id`` back into a case and an id.
* **Agreement time.** :meth:`CaseSet.compare` reads each case at calendar dates or
  at the same *age of its agreement* (``age=2``: two years after signing), with the
  observed share beside every figure and no data as no data (see
  :meth:`CaseSet.compare` for how the age of a partially dated signing is counted).
  :meth:`CaseSet.sector_matrix` gives the sector × case coverage at one point.

The figures are drawn by :func:`sistercity.plotting.plot_age_trajectory` and
:func:`sistercity.plotting.plot_coverage_matrix`; a QCA over cases or commitments is
:mod:`sistercity.qca`.

Examples
--------
>>> from sistercity import cases, implementation
>>> cs = cases.CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon", "baubau-seoul", "surabaya-kochi"])
>>> cs.compare(at="2018")[["case", "n_commitments", "rate", "observed_share", "coverage"]].round(3)
             case  n_commitments   rate  observed_share  coverage
0  bogor-kisarazu              5  0.133             1.0       0.2
1   bandung-suwon              1    NaN             0.0       NaN
2    baubau-seoul              0    NaN             NaN       NaN
3  surabaya-kochi              0    NaN             NaN       NaN
"""

from sistercity.cases._agetime import DAYS_PER_YEAR, SIGNING_COLUMNS
from sistercity.cases._figures import COMPARE_COLUMNS, MATRIX_COLUMNS, MATRIX_STATES
from sistercity.cases._read import CASE_FILE_SUFFIXES, read_cases
from sistercity.cases._set import CaseSet, split_ids
from sistercity.cases._union import SEPARATOR

__all__ = [
    "CASE_FILE_SUFFIXES",
    "COMPARE_COLUMNS",
    "DAYS_PER_YEAR",
    "MATRIX_COLUMNS",
    "MATRIX_STATES",
    "SEPARATOR",
    "SIGNING_COLUMNS",
    "CaseSet",
    "read_cases",
    "split_ids",
]
