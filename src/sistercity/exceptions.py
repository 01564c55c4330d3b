"""Exceptions raised by sistercity.

Every error the library raises on purpose derives from :class:`SisterCityError`.
Errors about bad input are also instances of the matching built-in
(:class:`ValueError`), so code that already catches ``ValueError`` keeps working.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sistercity._text import printable

__all__ = [
    "ArgumentError",
    "ArgumentTypeError",
    "CaseValidationError",
    "DatasetNotFoundError",
    "Problem",
    "SisterCityError",
]

MAX_MESSAGE = 2000
"""Characters of a :class:`Problem`'s message, path or file name kept; longer ones are cut."""


class SisterCityError(Exception):
    """Base class of every error raised by sistercity.

    Examples
    --------
    >>> from sistercity import SisterCityError, CaseValidationError
    >>> issubclass(CaseValidationError, SisterCityError)
    True
    """


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a case: where it is and what was expected.

    Parameters
    ----------
    message
        What is wrong and what was expected.
    path
        Field path in the case, e.g. ``"commitments[3].sector"``; ``""`` for the
        whole document.
    file
        The file the case was read from, when there is one.
    line, column
        1-based position in a YAML or JSON file, when known.
    severity : {"error", "warning"}, default "error"
        An ``error`` makes the case invalid: errors are what
        :class:`CaseValidationError` carries, all at once. A ``warning`` is
        something valid but probably wrong (an observation dated before its
        agreement took effect): warnings never raise; read them with
        :meth:`sistercity.Case.warnings` or :func:`sistercity.io.check_case`, and
        ``sistercity validate`` prints them, marked ``warning:``, without failing.

    Examples
    --------
    >>> str(Problem("unknown sector 'pendidkan'", path="commitments[0].sector",
    ...             file="case.yaml", line=12, column=13))
    "case.yaml:12:13: commitments[0].sector: unknown sector 'pendidkan'"
    >>> str(Problem("dated before its agreement took effect", path="observations[0].date",
    ...             severity="warning"))
    'observations[0].date: warning: dated before its agreement took effect'
    """

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None
    column: int | None = None
    severity: Literal["error", "warning"] = "error"

    def __post_init__(self) -> None:
        if self.severity not in ("error", "warning"):
            raise ArgumentError(f"severity must be 'error' or 'warning'; got {self.severity!r:.80}")
        # Whatever built it, a problem is one bounded, inert line: control characters
        # are escaped as repr escapes them (no forged lines, no terminal escape
        # sequences), and a message or path longer than MAX_MESSAGE characters is cut,
        # saying how long it was.
        for name in ("message", "path", "file"):
            text = getattr(self, name)
            if not isinstance(text, str):
                continue
            if len(text) > MAX_MESSAGE:
                text = f"{text[:MAX_MESSAGE]}… ({len(text):,} characters)"
            object.__setattr__(self, name, printable(text))

    def __str__(self) -> str:
        where = []
        if self.file is not None:
            loc = self.file
            if self.line is not None:
                loc += f":{self.line}"
                if self.column is not None:
                    loc += f":{self.column}"
            where.append(loc)
        if self.path:
            where.append(self.path)
        if self.severity == "warning":
            where.append("warning")
        return ": ".join([*where, self.message])

    @property
    def is_warning(self) -> bool:
        """Whether this problem is a warning (valid, but probably wrong), not an error.

        Examples
        --------
        >>> Problem("x").is_warning, Problem("x", severity="warning").is_warning
        (False, True)
        """
        return self.severity == "warning"


class CaseValidationError(SisterCityError, ValueError):
    """A case (or a table, or a file) is not valid.

    Parameters
    ----------
    problems
        Every problem found, in document order. The error is never raised with an
        empty list.

    Attributes
    ----------
    problems : tuple of Problem
        Every problem found, each with its file, field path, line and column where
        known, and what was expected.

    Examples
    --------
    >>> from sistercity import Actor
    >>> try:
    ...     Actor(id="bogor", name="Kota Bogor", level="city", country="ID")
    ... except CaseValidationError as err:
    ...     print(err.problems[0].path)
    level
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("CaseValidationError needs at least one problem")
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} found"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))

    def __reduce__(self) -> tuple[type[CaseValidationError], tuple[tuple[Problem, ...]]]:
        return (type(self), (self.problems,))


class ArgumentError(SisterCityError, ValueError):
    """An argument has a value the function does not accept; the message says what it does.

    Examples
    --------
    >>> from sistercity.dates import parse_at
    >>> try:
    ...     parse_at("2018-13")
    ... except ArgumentError as err:
    ...     isinstance(err, ValueError)
    True
    """


class ArgumentTypeError(SisterCityError, TypeError):
    """An argument has a type the function does not accept (e.g. a list where a case goes).

    Examples
    --------
    >>> from sistercity.tables import as_tables
    >>> try:
    ...     as_tables([1, 2])
    ... except ArgumentTypeError as err:
    ...     isinstance(err, TypeError)
    True
    """


class DatasetNotFoundError(SisterCityError, KeyError):
    """No bundled dataset has this name; the message lists those that exist.

    Examples
    --------
    >>> from sistercity import datasets
    >>> try:
    ...     datasets.load("bogor-kisaruzu")
    ... except DatasetNotFoundError as err:
    ...     print(err)
    no bundled dataset named 'bogor-kisaruzu' (did you mean 'bogor-kisarazu'?); available: bogor-kisarazu,
    bandung-suwon, baubau-seoul, surabaya-kochi, demo-interdependence
    """

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""
