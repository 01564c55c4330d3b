"""Check a case file: its errors, or its warnings, each with file, line and column (private)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sistercity._errors import from_file
from sistercity.exceptions import CaseValidationError, Problem
from sistercity.io._case import read_case
from sistercity.io._document import read_document
from sistercity.io._limits import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_NODES
from sistercity.model import Case

__all__ = ["CaseCheck", "check_case"]

_POSITIONED = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class CaseCheck:
    """What checking a case file found: the case (when valid) and every problem.

    Parameters
    ----------
    case : Case or None
        The case, when the file holds a valid one; ``None`` when it has errors.
    problems : tuple of Problem
        Every error (when the case is ``None``) or every warning (when it is
        not), in document order, each with its file, field path, line and column.

    Examples
    --------
    >>> from sistercity import datasets
    >>> check = CaseCheck(datasets.load("bogor-kisarazu"), ())
    >>> check.valid, check.errors, check.warnings
    (True, (), ())
    """

    case: Case | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """Whether the file holds a valid case (it may still have warnings)."""
        return self.case is not None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The error-level problems: what makes the file invalid."""
        return tuple(p for p in self.problems if not p.is_warning)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The warning-level problems: valid, but probably wrong."""
        return tuple(p for p in self.problems if p.is_warning)


def check_case(
    path: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> CaseCheck:
    """Check a case file as :func:`read_case` reads it, returning its problems instead of raising them.

    A file with errors gives every error (what :func:`read_case` raises, as a
    :class:`~sistercity.CaseValidationError`); a valid file gives its case and
    its warnings (:meth:`sistercity.Case.warnings`), which in a YAML or JSON file
    carry their line and column too. Warnings never make a file invalid.

    Parameters
    ----------
    path
        The file, as for :func:`read_case`.
    max_bytes, max_depth, max_nodes
        Limits; see the module documentation.

    Returns
    -------
    CaseCheck

    Raises
    ------
    sistercity.ArgumentError, sistercity.ArgumentTypeError
        For limits or a path that are not valid arguments (never for what the file holds).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = '''
    ... id: demo
    ... title: Demo
    ... actors:
    ...   - {id: a, name: A, level: subnational, kind: government, country: ID}
    ...   - {id: b, name: B, level: subnational, kind: government, country: JP}
    ... agreements:
    ...   - {id: loi, kind: letter_of_intent, parties: [a, b], signed: 2016-11, sectors: [education]}
    ... commitments:
    ...   - {id: c1, agreement: loi, sector: education, title: Exchange}
    ... observations:
    ...   - {commitment: c1, date: 2015-06, level: 1}
    ... '''
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "demo.yaml"
    >>> _ = path.write_text(text, encoding="utf-8")
    >>> check = check_case(path)
    >>> check.valid, len(check.errors), len(check.warnings)
    (True, 0, 1)
    >>> print(check.warnings[0].line, check.warnings[0].column, check.warnings[0].message)
    12 28 observed 2015-06, before agreement 'loi' took effect (2016-11); check the date, or the commitment
    it observes
    """
    try:
        if Path(path).suffix.lower() not in _POSITIONED:  # other formats: as read_case reads them
            case = read_case(path, max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
            return CaseCheck(case, case.warnings())
        doc = read_document(path, max_bytes=max_bytes, max_depth=max_depth, max_nodes=max_nodes)
        case = doc.validate(Case)
    except CaseValidationError as err:
        return CaseCheck(None, err.problems)
    with from_file(doc.file, doc._positions):  # warnings name the file and their lines
        return CaseCheck(case, case.warnings())
