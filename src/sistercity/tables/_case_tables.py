"""The tables of a case: :class:`CaseTables`, and :func:`as_tables`, which every analysis starts with (private)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._errors import quote
from sistercity._frames import DATE_EXPECTED, parse_dates
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.tables._coerce import coerce, reference_problems
from sistercity.tables._from_case import case_frames
from sistercity.tables._schema import KEYS, SCHEMA, empty
from sistercity.tables._schema import categories as categories_of
from sistercity.vocab import OBSTACLE_CATEGORIES, SECTORS, Vocabulary

if TYPE_CHECKING:
    from sistercity.model import Case

__all__ = ["CaseTables", "as_tables", "partial_date_bounds"]

T = TypeVar("T")


def partial_date_bounds(values: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """First day, last day and precision of a column of partial dates (vectorised).

    Parameters
    ----------
    values
        Strings ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"`` (missing allowed;
        an integer is read as a year).

    Returns
    -------
    first, last : Series of datetime64[s]
    precision : Series of str (``"year"``, ``"month"``, ``"day"``; missing where the date is)

    Raises
    ------
    sistercity.ArgumentError
        Naming the first row whose value is not a valid partial date (a ``ValueError``).
    sistercity.ArgumentTypeError
        If ``values`` is not a pandas Series.

    Examples
    --------
    >>> f, l, p = partial_date_bounds(pd.Series(["2017", "2016-02", "2016-11-18"]))
    >>> [str(x.date()) for x in l], list(p)
    (['2017-12-31', '2016-02-29', '2016-11-18'], ['year', 'month', 'day'])
    """
    if not isinstance(values, pd.Series):
        raise ArgumentTypeError(f"values must be a pandas Series of partial dates; got {type(values).__name__}")
    first, last, precision, bad = parse_dates(values)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise ArgumentError(f"values: row {i}: {DATE_EXPECTED}; got {values.iloc[i]!r} "
                            f"({int(bad.sum())} bad row(s) in all)")
    return first, last, precision.astype(object).where(precision.notna(), None)


@dataclass(frozen=True, eq=False)
class CaseTables:
    """The tidy tables of a case (see :data:`SCHEMA` for every column and dtype).

    Build it with ``case.tables`` or :meth:`from_frames`; treat the frames as
    read-only: analyses share them, and cache integer codes derived from them on
    the instance (commitment positions, coder codes, day numbers), so that repeated
    analyses of millions of rows do not hash string ids again. To change data, build
    new tables.

    Attributes
    ----------
    actors, agreements, agreement_parties, signatories, agreement_sectors, commitments,
    commitment_actors, commitment_targets, observations, obstacles, obstacle_links,
    mitigations, events, event_participants, event_commitments, sources, evidence, targets : DataFrame
        One table per kind of record.
    sectors, categories : Vocabulary
        The sector and obstacle-category vocabularies the categoricals use.

    Examples
    --------
    >>> from sistercity import datasets
    >>> t = datasets.load("bogor-kisarazu").tables
    >>> sorted(t.agreement_sectors["sector"].astype(str))
    ['agriculture', 'culture', 'education', 'health', 'tourism']
    >>> list(t.observations.columns)
    ['observation', 'commitment', 'date', 'date_first', 'date_last', 'precision', 'level', 'coder']
    """

    actors: pd.DataFrame
    agreements: pd.DataFrame
    agreement_parties: pd.DataFrame
    signatories: pd.DataFrame
    agreement_sectors: pd.DataFrame
    commitments: pd.DataFrame
    commitment_actors: pd.DataFrame
    commitment_targets: pd.DataFrame
    observations: pd.DataFrame
    obstacles: pd.DataFrame
    obstacle_links: pd.DataFrame
    mitigations: pd.DataFrame
    events: pd.DataFrame
    event_participants: pd.DataFrame
    event_commitments: pd.DataFrame
    sources: pd.DataFrame
    evidence: pd.DataFrame
    targets: pd.DataFrame
    sectors: Vocabulary = SECTORS
    categories: Vocabulary = OBSTACLE_CATEGORIES
    _cache: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def memo(self, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
        """A value derived from these tables, computed once and kept with them.

        The tables are read-only, so anything computed from them (integer codes, a tie
        table, sorted orders) stays valid for their lifetime; analyses keep such values
        here instead of in module-level caches. Keys are tuples that start with the name
        of the module that computes them, so two modules never share a key.

        Parameters
        ----------
        key
            A hashable tuple, e.g. ``("sistercity.implementation", "coders")``.
        compute
            Called once, with no arguments, on the first request for ``key``.

        Returns
        -------
        object
            What ``compute`` returned (the same object on every later call).

        Examples
        --------
        >>> import sistercity
        >>> t = sistercity.datasets.load("bogor-kisarazu").tables
        >>> n = t.memo(("example", "n_actors"), lambda: len(t.actors))
        >>> n == t.memo(("example", "n_actors"), lambda: -1)
        True
        """
        if key in self._cache:
            hit: T = self._cache[key]
            return hit
        value = compute()
        self._cache[key] = value
        return value

    @classmethod
    def table_names(cls) -> tuple[str, ...]:
        """The names of the tables, in order."""
        return tuple(SCHEMA)

    def __repr__(self) -> str:
        sizes = ", ".join(f"{name}={len(getattr(self, name))}" for name in SCHEMA)
        return f"CaseTables({sizes})"

    def _repr_html_(self) -> str:
        """A compact card for notebooks: each table's rows and columns."""
        from sistercity._html import tables_card

        return tables_card(self)

    # ------------------------------------------------------------------ from a case

    @classmethod
    def from_case(cls, case: Case) -> CaseTables:
        """The tables of ``case`` (prefer ``case.tables``, which caches them).

        Parameters
        ----------
        case : Case
            A validated case.

        Returns
        -------
        CaseTables

        Raises
        ------
        CaseValidationError
            If a value the case holds does not fit its column's dtype.

        Examples
        --------
        >>> from sistercity import datasets
        >>> case = datasets.load("bogor-kisarazu")
        >>> CaseTables.from_case(case).commitments.equals(case.tables.commitments)
        True
        """
        frames = case_frames(case)
        return cls(**frames, sectors=case.sector_vocabulary, categories=case.category_vocabulary)

    # ------------------------------------------------------------------ from frames

    @classmethod
    def from_frames(
        cls,
        *,
        validate: bool = True,
        sectors: Vocabulary | None = None,
        categories: Vocabulary | None = None,
        **frames: pd.DataFrame,
    ) -> CaseTables:
        """Build tables from DataFrames a user already has.

        Each table is optional (a missing one is empty). Within a table, the required
        columns (the keys, and what no analysis can do without: an observation's
        ``commitment``, ``date`` and ``level``, a commitment's ``agreement`` and
        ``sector``, ...) must be there; other columns may be left out and are filled
        with missing values, or with the model's default where it has one (an
        observation's ``coder`` with ``"unspecified"``, a commitment's ``weight``
        with 1 and its ``status`` with ``"agreed"``, an actor's ``governmental``
        from its ``level``, a mitigation's or signatory's number by its order
        within its obstacle or agreement, text such as an agreement's ``title`` with
        ``""``), and derived columns are computed when absent: ``date_first``,
        ``date_last`` and ``precision`` from ``date``; ``start_first`` ... from
        ``start``; ``field`` from ``sector``. Values are converted to the
        :data:`SCHEMA` dtypes; a value outside a categorical column's vocabulary is
        an error, not a silent missing value, and so is a level that is not a whole
        number 0-3 (``True``/``False`` are not levels). Obstacle and agreement kinds
        accept the words a case file accepts (``hambatan``, ``tantangan``, ``LoI``,
        ``MoU``); country codes are upper-cased as the model does (``"id"`` becomes
        ``"ID"``).

        Parameters
        ----------
        validate : bool, default True
            Also check every row as the model checks a case (vectorised; turn off
            only for data already checked): every required column has a value in
            every row (a key also a non-empty one); countries are ISO 3166-1 alpha-2
            codes; text columns hold text (a dict in ``coder`` is an error); every
            date (``date``, ``start``, ``signed``, ...) is a partial date, and the
            derived columns given with it (``date_first``, ...) agree with it; an
            agreement does not end before it starts nor take effect before it is
            signed, its term is longer than zero and its renewal window no longer
            than the term; ``True``/``False`` columns hold booleans; keys are unique;
            references between the given tables resolve. Optional columns may hold
            missing values, as when they are left out.
        sectors, categories : Vocabulary, optional
            Vocabularies for the ``sector`` and ``category`` columns; default to the
            built-ins. Aliases are resolved (``pendidikan`` becomes ``education``);
            a value the vocabulary does not know is an error.
        **frames
            DataFrames by table name (see :data:`SCHEMA`).

        Returns
        -------
        CaseTables

        Raises
        ------
        CaseValidationError
            With every problem found at once, each naming the table, the row, the
            column, what was expected and what the row has (one problem per column
            and kind of mistake, counting the rows it concerns).
        sistercity.ArgumentTypeError
            If ``validate`` is not a bool, a vocabulary is not a
            :class:`~sistercity.vocab.Vocabulary`, or a frame is not a DataFrame.
        sistercity.ArgumentError
            For a table name that :data:`SCHEMA` does not have.

        Examples
        --------
        >>> obs = pd.DataFrame({"commitment": ["c1", "c1"], "date": ["2017", "2018-03"], "level": [1, 3]})
        >>> com = pd.DataFrame({"commitment": ["c1"], "agreement": ["a"], "sector": ["pendidikan"],
        ...                     "title": ["Exchange"]})
        >>> agr = pd.DataFrame({"agreement": ["a"], "kind": ["letter_of_intent"]})
        >>> t = CaseTables.from_frames(observations=obs, commitments=com, agreements=agr)
        >>> t.commitments.loc[0, "sector"], str(t.observations.loc[0, "date_last"].date())
        ('education', '2017-12-31')
        >>> bad = pd.DataFrame({"commitment": ["c1", "c1"], "date": ["2017", None], "level": [1, True]})
        >>> try:
        ...     CaseTables.from_frames(observations=bad, commitments=com, agreements=agr)
        ... except CaseValidationError as err:
        ...     print([p.path for p in err.problems])
        ...     print(err.problems[1].message)
        ['observations[1].date', 'observations[1].level']
        a level is a whole number 0-3, not True or False; got True
        """
        if not isinstance(validate, bool):
            raise ArgumentTypeError(f"validate must be True or False; got {quote(validate)}")
        for arg, vocab in (("sectors", sectors), ("categories", categories)):
            if vocab is not None and not isinstance(vocab, Vocabulary):
                raise ArgumentTypeError(f"{arg} must be None or a sistercity Vocabulary; got {type(vocab).__name__}")
        unknown = sorted(set(frames) - set(SCHEMA))
        if unknown:
            raise ArgumentError(f"unknown table(s) {', '.join(map(repr, unknown))}; expected some of "
                                f"{', '.join(SCHEMA)}")
        for name, given in frames.items():
            if given is not None and not isinstance(given, pd.DataFrame):
                raise ArgumentTypeError(f"{name} must be a pandas DataFrame; got {type(given).__name__}")
        sectors = sectors or SECTORS
        categories = categories or OBSTACLE_CATEGORIES
        cats = categories_of(sectors, categories)
        problems: list[Problem] = []
        out: dict[str, pd.DataFrame] = {}
        built: set[str] = set()
        for name in SCHEMA:
            df = frames.get(name)
            if df is None:
                out[name] = empty(name, cats)
                continue
            table, found = coerce(name, df, cats, sectors, categories, validate)
            problems.extend(found)
            if table is None:
                out[name] = empty(name, cats)
            else:
                out[name] = table
                built.add(name)
        tables = cls(**out, sectors=sectors, categories=categories)
        if validate:
            problems.extend(reference_problems(tables, built))
        if problems:
            raise CaseValidationError(problems)
        return tables

    def positions(self, table: str, column: str, target: str) -> npt.NDArray[np.intp]:
        """Row positions in table ``target`` of the ids in ``table[column]`` (computed once).

        Analyses use these integer codes instead of hashing string ids on every call.

        Parameters
        ----------
        table, column
            The referring table and its column of ids (``"observations"``, ``"commitment"``).
        target
            The table whose key those ids name (``"commitments"``): one of ``actors``,
            ``agreements``, ``commitments``, ``obstacles``, ``events``, ``sources``.

        Returns
        -------
        ndarray of intp
            One position per row of ``table``; ``-1`` where the value is missing or
            ``target`` has no such id. Read-only: the array is shared.

        Raises
        ------
        sistercity.ArgumentError
            For a table, column or target these tables do not have.
        CaseValidationError
            If ``target``'s ids are not unique.

        Examples
        --------
        >>> from sistercity import datasets
        >>> t = datasets.load("bogor-kisarazu").tables
        >>> pos = t.positions("observations", "commitment", "commitments")
        >>> bool((t.commitments["commitment"].to_numpy()[pos] == t.observations["commitment"]).all())
        True
        """
        if target not in KEYS:
            raise ArgumentError(f"target must be one of {', '.join(KEYS)}; got {quote(target)}")
        if table not in SCHEMA or column not in SCHEMA[table]:
            raise ArgumentError(f"no column {quote(column)} in a table {quote(table)}; see tables.SCHEMA")
        return self.memo(("sistercity.tables", "positions", table, column, target),
                         lambda: self._compute_positions(table, column, target))

    _positions = positions  # the former name, until every analysis calls positions()

    def _compute_positions(self, table: str, column: str, target: str) -> npt.NDArray[np.intp]:
        ids = pd.Index(getattr(self, target)[KEYS[target]])
        if not ids.is_unique:
            dup = ids[ids.duplicated()][0]
            raise CaseValidationError([Problem(
                f"duplicate {KEYS[target]} id {quote(dup)}; ids must be unique", path=f"{target}.{KEYS[target]}")])
        out = np.asarray(ids.get_indexer(getattr(self, table)[column]), dtype=np.intp)
        out.flags.writeable = False
        return out


def as_tables(data: object) -> CaseTables:
    """The tables an analysis reads: ``data`` itself, or its cached ``.tables``.

    Every analysis accepts a :class:`~sistercity.Case`, a :class:`CaseTables`, or
    another object that carries tables (a :class:`sistercity.network.PairsResult`).

    Parameters
    ----------
    data
        A case, its tables, or an object with a ``tables`` attribute holding them.

    Returns
    -------
    CaseTables

    Raises
    ------
    sistercity.ArgumentTypeError
        For anything else (also a :class:`TypeError`).

    Examples
    --------
    >>> from sistercity import datasets
    >>> case = datasets.load("bogor-kisarazu")
    >>> as_tables(case) is case.tables is as_tables(case.tables)
    True
    """
    if isinstance(data, CaseTables):
        return data
    tables = getattr(data, "tables", None)
    if isinstance(tables, CaseTables):
        return tables
    raise ArgumentTypeError(f"expected a sistercity Case or CaseTables, got {type(data).__name__}")

