"""The collection of cases: :class:`CaseSet` (private)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import Literal

import pandas as pd

from sistercity._errors import quote
from sistercity._ids import check_id
from sistercity._kernel import AggregateCoders, ThresholdLike
from sistercity._typing import AtLike, DateRule, Include
from sistercity.cases._agetime import Anchor, signing
from sistercity.cases._figures import compare_cases, sector_matrix
from sistercity.cases._union import SEPARATOR, union_tables
from sistercity.cases._vocab import merge_vocabularies
from sistercity.exceptions import ArgumentError, ArgumentTypeError, CaseValidationError, Problem
from sistercity.model import Case, ImplementationLevel
from sistercity.tables import CaseTables
from sistercity.vocab import Vocabulary

__all__ = ["CaseSet", "build", "split_ids"]

Where = Callable[[int, str, int, str], Problem]
"""Builds the problem about case ``k``'s term ``vocabulary.<kind>[i]`` with a message."""


def split_ids(values: pd.Series | Iterable[str]) -> pd.DataFrame:
    """Split the ids of a case set's union tables (``case/id``) into the case and the case's own id.

    Parameters
    ----------
    values
        Ids as the union tables and every analysis of them hold them.

    Returns
    -------
    pandas.DataFrame
        Columns ``case`` and ``id`` (str), one row per value, on the values' index
        (missing where the value is).

    Raises
    ------
    sistercity.ArgumentError
        For a value that is not ``case/id``.

    Examples
    --------
    >>> split_ids(["bogor-kisarazu/edu", "bandung-suwon/edu"])
                 case   id
    0  bogor-kisarazu  edu
    1   bandung-suwon  edu
    """
    s = values if isinstance(values, pd.Series) else pd.Series(list(values), dtype="object")
    text = s.astype("object")
    present = text.notna()
    bad = present & ~text.where(present, "").astype(str).str.contains(SEPARATOR, regex=False)
    if bad.any():
        raise ArgumentError(f"values: {text[bad].iloc[0]!r} is not an id of a case set's tables "
                            f"('case{SEPARATOR}id'); {int(bad.sum())} such value(s) in all")
    parts = text.where(present, None).str.split(SEPARATOR, n=1, expand=True)
    if parts.shape[1] < 2:
        parts = pd.DataFrame({0: parts.iloc[:, 0] if parts.shape[1] else None, 1: None}, index=s.index)
    return pd.DataFrame({"case": parts[0].astype("str"), "id": parts[1].astype("str")}, index=s.index)


def _default_where(labels: Sequence[str]) -> Where:
    def where(k: int, kind: str, i: int, message: str) -> Problem:
        return Problem(f"case {labels[k]!r}: {message}", path=f"vocabulary.{kind}[{i}]")
    return where


def build(cases: Sequence[Case], labels: Sequence[str], files: Sequence[str | None], where: Where) -> CaseSet:
    """A :class:`CaseSet` of checked cases; a vocabulary clash raises :class:`CaseValidationError`."""
    out = CaseSet.__new__(CaseSet)
    out._setup(cases, labels, files, where)
    return out


def _labelled(cases: object) -> tuple[list[Case], list[str]]:
    """The cases given to :class:`CaseSet` and their labels (ids, or a mapping's keys)."""
    if isinstance(cases, Mapping):
        pairs = list(cases.items())
    elif isinstance(cases, str | bytes | Case | CaseTables) or not isinstance(cases, Iterable):
        raise ArgumentTypeError(f"cases must be an iterable of Case objects or a mapping from label to Case; "
                                f"got {type(cases).__name__}")
    else:
        pairs = [(c.id if isinstance(c, Case) else None, c) for c in cases]
    labels: list[str] = []
    items: list[Case] = []
    for key, case in pairs:
        if not isinstance(case, Case):
            raise ArgumentTypeError(f"a CaseSet holds Case objects; got {type(case).__name__} "
                                    "(read files with read_cases, tables have no case to hold)")
        if not isinstance(key, str):
            raise ArgumentTypeError(f"case labels must be text; got {type(key).__name__}")
        try:
            check_id(key)
        except ValueError as err:
            raise ArgumentError(f"case label: {err}") from None
        if key in labels:
            raise ArgumentError(f"case labels must be unique; {quote(key)} appears more than once (pass a "
                                "mapping from label to case to name them)")
        labels.append(key)
        items.append(case)
    if not items:
        raise ArgumentError("a CaseSet needs at least one case")
    return items, labels


class CaseSet:
    """Many cases compared: one vocabulary, the union of their tables, agreement time.

    Each case keeps its own ids (two cases may both have a commitment ``edu``); in
    :attr:`tables` they become ``label/id``. Build one from :class:`~sistercity.Case`
    objects, from files with :func:`read_cases`, or from bundled datasets with
    :meth:`from_datasets`.

    Parameters
    ----------
    cases : iterable of Case, or mapping from label to Case
        The cases, labelled by their ``id`` (or by the mapping's keys, which must be
        valid ids). Labels must be unique.

    Raises
    ------
    CaseValidationError
        When two cases define the same sector or obstacle category differently, or
        one word names different terms (every clash at once; see
        :mod:`sistercity.cases`).
    sistercity.ArgumentTypeError
        For something other than Case objects.
    sistercity.ArgumentError
        For no cases, a duplicate label or a label that is not a valid id.

    Examples
    --------
    >>> from sistercity import datasets
    >>> cs = CaseSet([datasets.load("bogor-kisarazu"), datasets.load("bandung-suwon")])
    >>> cs.labels, len(cs)
    (('bogor-kisarazu', 'bandung-suwon'), 2)
    >>> cs.tables.commitments["case"].value_counts(sort=False).to_dict()
    {'bogor-kisarazu': 10, 'bandung-suwon': 1}
    """

    _cases: tuple[Case, ...]
    _labels: tuple[str, ...]
    _files: tuple[str | None, ...]
    _sectors: Vocabulary
    _categories: Vocabulary

    def __init__(self, cases: Iterable[Case] | Mapping[str, Case]) -> None:
        items, labels = _labelled(cases)
        self._setup(items, labels, [None] * len(items), _default_where(labels))

    def _setup(self, cases: Sequence[Case], labels: Sequence[str], files: Sequence[str | None],
               where: Where) -> None:
        sectors, categories, problems = merge_vocabularies(cases, labels, where)
        if problems:
            raise CaseValidationError(problems)
        self._cases, self._labels, self._files = tuple(cases), tuple(labels), tuple(files)
        self._sectors, self._categories = sectors, categories

    @classmethod
    def from_datasets(cls, names: Iterable[str]) -> CaseSet:
        """The bundled datasets ``names`` as a case set (see :func:`sistercity.datasets.list_datasets`).

        Parameters
        ----------
        names : iterable of str
            Dataset names, e.g. ``["bogor-kisarazu", "bandung-suwon"]``.

        Returns
        -------
        CaseSet

        Raises
        ------
        sistercity.DatasetNotFoundError
            For a name no bundled dataset has.
        sistercity.ArgumentTypeError
            If ``names`` is a single string.

        Examples
        --------
        >>> CaseSet.from_datasets(["baubau-seoul", "surabaya-kochi"]).labels
        ('baubau-seoul', 'surabaya-kochi')
        """
        from sistercity import datasets

        if isinstance(names, str | bytes) or not isinstance(names, Iterable):
            raise ArgumentTypeError(f"names must be an iterable of dataset names; got {type(names).__name__}")
        return cls({str(n): datasets.load(n) for n in names})

    # ------------------------------------------------------------------ the collection

    @property
    def labels(self) -> tuple[str, ...]:
        """The cases' labels, in order."""
        return self._labels

    @property
    def cases(self) -> tuple[Case, ...]:
        """The cases, in order."""
        return self._cases

    @property
    def files(self) -> tuple[str | None, ...]:
        """The file each case was read from (``None`` for a case built in Python)."""
        return self._files

    @property
    def sectors(self) -> Vocabulary:
        """The built-in sectors plus every case's own (merged)."""
        return self._sectors

    @property
    def categories(self) -> Vocabulary:
        """The built-in obstacle categories plus every case's own (merged)."""
        return self._categories

    def titles(self) -> dict[str, str]:
        """Each case's title by label."""
        return {label: case.title for label, case in zip(self._labels, self._cases, strict=True)}

    def __len__(self) -> int:
        return len(self._cases)

    def __iter__(self) -> Iterator[Case]:
        return iter(self._cases)

    def __contains__(self, label: object) -> bool:
        return label in self._labels

    def __getitem__(self, label: str) -> Case:
        if label not in self._labels:
            raise KeyError(f"no case labelled {quote(label)}; the set holds {', '.join(self._labels)}")
        return self._cases[self._labels.index(label)]

    def __repr__(self) -> str:
        return f"CaseSet({', '.join(self._labels)})"

    def _pairs(self) -> list[tuple[str, Case]]:
        return list(zip(self._labels, self._cases, strict=True))

    @cached_property
    def tables(self) -> CaseTables:
        """The union of the cases' tables: ids as ``label/id``, and a ``case`` column in every table.

        ``case`` is a categorical over :attr:`labels` (in order, so group-bys show
        every case, also one without rows). Observation numbers run on over the
        cases. Every analysis accepts these tables; its results name records by
        ``label/id`` (split them with :func:`split_ids` or :meth:`with_case`).

        Examples
        --------
        >>> from sistercity import implementation
        >>> cs = CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon"])
        >>> implementation.agreement_rates(cs.tables, at="2018")[["agreement", "rate", "observed_share"]].round(3)
                                         agreement   rate  observed_share
        0                  bogor-kisarazu/loi-2016  0.133             1.0
        1  bandung-suwon/bandung-suwon-sister-city    NaN             0.0
        """
        return union_tables([c.tables for c in self._cases], self._labels, self._sectors, self._categories)

    def with_case(self, frame: pd.DataFrame, column: str) -> pd.DataFrame:
        """``frame`` (an analysis of :attr:`tables`) with a ``case`` column first and ``column`` un-prefixed.

        Parameters
        ----------
        frame : pandas.DataFrame
            A result whose ``column`` holds ``label/id`` ids.
        column : str
            The id column to split (``"commitment"``, ``"agreement"``, ...).

        Returns
        -------
        pandas.DataFrame
            A copy: ``case`` (categorical over :attr:`labels`) first, ``column`` holding
            the case's own ids.

        Raises
        ------
        sistercity.ArgumentError
            If ``frame`` has no ``column`` or a value is not ``label/id``.

        Examples
        --------
        >>> from sistercity import implementation
        >>> cs = CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon"])
        >>> st = cs.with_case(implementation.status(cs.tables), "commitment")
        >>> print(st[["case", "commitment", "level"]].tail(2).to_string(index=False))
                  case              commitment  level
        bogor-kisarazu  spatial-planning-study   <NA>
         bandung-suwon kpop-cultural-diplomacy   <NA>
        """
        if not isinstance(frame, pd.DataFrame):
            raise ArgumentTypeError(f"frame must be a pandas DataFrame; got {type(frame).__name__}")
        if not isinstance(column, str) or column not in frame.columns:
            raise ArgumentError(f"frame has no column {quote(column)}")
        parts = split_ids(frame[column])
        unknown = sorted(set(parts["case"].dropna()) - set(self._labels))
        if unknown:
            raise ArgumentError(f"{column}: case(s) {', '.join(map(repr, unknown))} are not in this set")
        out = frame.copy()
        out[column] = parts["id"]
        if "case" in out.columns:
            out = out.drop(columns="case")
        out.insert(0, "case", pd.Series(pd.Categorical(parts["case"], categories=list(self._labels)),
                                        index=out.index))
        return out

    # ------------------------------------------------------------------ agreement time

    def signing(self, *, anchor: Anchor = "first") -> pd.DataFrame:
        """When each case's agreement was signed: the date the ages of :meth:`compare` count from.

        Parameters
        ----------
        anchor : "first" or mapping from label to agreement id, default "first"
            ``"first"``: the earliest signed agreement of each case (the partnership's
            start, by the first day its date admits); a mapping picks an agreement for
            some cases (the others keep ``"first"``).

        Returns
        -------
        pandas.DataFrame
            One row per case, columns ``case`` (categorical), ``agreement``, ``signed``
            (str, as given; missing when the case has no signed agreement),
            ``precision`` (categorical year/month/day), ``signed_first``,
            ``signed_last`` (datetime64[s]: the first and last day the date admits).

        Raises
        ------
        sistercity.ArgumentError
            For an anchor naming a case or agreement the set does not have.

        Examples
        --------
        >>> cs = CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon"])
        >>> cs.signing()[["case", "agreement", "signed", "precision"]]
                     case agreement      signed precision
        0  bogor-kisarazu  loi-2016  2016-11-18       day
        1   bandung-suwon       NaN         NaN       NaN
        """
        return signing(self._pairs(), anchor)

    def compare(
        self,
        *,
        at: AtLike | Iterable[AtLike] = None,
        age: float | Iterable[float] | None = None,
        anchor: Anchor = "first",
        threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
        weights: Literal["equal"] | None = None,
        coders: AggregateCoders = "latest",
        date_rule: DateRule = "end",
        max_age: float | None = None,
        missing: Literal["skip", "zero"] = "skip",
        include: Include = ("agreed",),
    ) -> pd.DataFrame:
        """Each case at calendar dates (``at=``) or at the same agreement age (``age=``).

        The figures are those of :func:`sistercity.implementation.compare` (rate,
        observed share, PAM rate, sector coverage, counts; see its definitions), each
        case read at its own day: with ``age=N`` the day its agreement (see
        :meth:`signing`) is ``N`` years old, so a 2010 agreement and a 2016 one are
        compared at the same age.

        How age is counted: in whole months from the signing date. A date known to
        the month or the year is a span of days, and ``date_rule`` says which end the
        age counts from (the same rule that turns observations' partial dates into
        days): ``"end"`` (default) from its last day, so ``age=2`` of an agreement
        signed "2016-11" is read at 30 November 2018 and of one signed "2016" at 31
        December 2018 (at least two years old, whenever in the span it was signed);
        ``"start"`` from its first day. No day is invented: from a month or a year
        the comparison lands on the last day of a month.

        No data stays no data: a case with no signed agreement has no day at any age,
        and every figure of its row is missing (``NaN``/``<NA>``), never 0; a case read
        at a day before any observation has ``rate`` ``NaN`` and ``observed_share`` 0.

        Parameters
        ----------
        at : date, str, PartialDate, int, None, or an iterable of them
            Calendar dates (a partial date means its last day); ``None`` (default,
            with no ``age``): every observation. Give ``at`` or ``age``, not both.
        age : float or iterable of float, optional
            Agreement ages in years (whole months: a multiple of 1/12), at least 0.
        anchor : "first" or mapping from label to agreement id, default "first"
            Which agreement's signing the age counts from (see :meth:`signing`).
        threshold, weights, coders, date_rule, max_age, missing, include
            As in :func:`sistercity.implementation.compare`.

        Returns
        -------
        pandas.DataFrame
            One row per point (in the order given) and case (in set order); columns
            ``COMPARE_COLUMNS``: ``case`` (categorical), ``title`` (str),
            ``age_years`` (float: the agreement's age at the day read, in years of
            365.2425 days from the signing day ``date_rule`` picks; negative before
            signing; ``NaN`` without a signing date or a day),
            ``at`` (datetime64[s]: the day read; ``NaT`` for every observation or an
            unknown day), ``agreement``, ``signed`` (the anchor), then the figures of
            :func:`sistercity.implementation.compare` (counts as nullable ``Int64``,
            the rest float64), and ``sector_observed_share`` (agreed sectors whose
            state is known / agreed sectors: the observed share of ``coverage``).

        Raises
        ------
        sistercity.ArgumentError
            For both ``at`` and ``age``, an age that is negative or not whole months,
            or a bad option (as :func:`sistercity.implementation.compare`).

        References
        ----------
        Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4) (the PAM scale
        and annual reading of implementation that the figures follow).

        Examples
        --------
        >>> cs = CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon"])
        >>> c = cs.compare(age=[1, 2])
        >>> print(c[["case", "age_years", "at", "n_commitments", "rate", "observed_share"]].round({"rate": 3})
        ...       .to_string())
                     case  age_years         at  n_commitments   rate  observed_share
        0  bogor-kisarazu        1.0 2017-11-18              5    NaN             0.0
        1   bandung-suwon        1.0        NaT           <NA>    NaN             NaN
        2  bogor-kisarazu        2.0 2018-11-18              5  0.667             0.2
        3   bandung-suwon        2.0        NaT           <NA>    NaN             NaN

        Bandung–Suwon's agreement has no signing date, so it has no day at any age:
        no data, not 0. At two years Bogor–Kisarazu has one of its five agreed
        commitments observed (the others are dated "2018", counted from 31 December
        2018 under ``date_rule="end"``).
        """
        return compare_cases(self._pairs(), self.titles(), at=at, age=age, anchor=anchor, date_rule=date_rule,
                             threshold=threshold, weights=weights, coders=coders, max_age=max_age,
                             missing=missing, include=include)

    def sector_matrix(
        self,
        *,
        at: AtLike = None,
        age: float | None = None,
        anchor: Anchor = "first",
        threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
        coders: AggregateCoders = "latest",
        date_rule: DateRule = "end",
        max_age: float | None = None,
        include: Include = ("agreed",),
    ) -> pd.DataFrame:
        """Sector × case coverage at one point: implemented, below threshold, no data, gap, or not agreed.

        Each case's :func:`sistercity.implementation.sector_coverage` at the point (as
        in :meth:`compare`), folded over its agreements: a sector is ``implemented``
        when a commitment of some agreement reaches ``threshold``, else
        ``below_threshold`` when some commitment has data, else ``no_data`` when it
        has commitments none of which has data, else ``gap`` (agreed, nothing
        planned); ``not_agreed`` when the case has no row for the sector. A case
        whose day is unknown (``age=`` without a signing date) has ``no_data`` where
        it has commitments (their level at that age is unknown) and ``n_observed``
        missing; its gaps stay gaps.

        Parameters
        ----------
        at : date, str, PartialDate, int or None
            One calendar date; ``None`` with no ``age``: every observation.
        age : float, optional
            One agreement age in years (see :meth:`compare`).
        anchor, threshold, coders, date_rule, max_age, include
            As in :meth:`compare`.

        Returns
        -------
        pandas.DataFrame
            One row per case and sector that some case agreed or has commitments in
            (sectors in vocabulary order within each case); columns
            ``MATRIX_COLUMNS``: ``case`` (categorical), ``title``, ``sector``
            (categorical), ``label`` (the sector's label), ``field``, ``agreed``
            (bool), ``n_commitments`` (int64), ``n_observed`` (Int64), ``state``
            (categorical, ``MATRIX_STATES``).

        Raises
        ------
        sistercity.ArgumentError
            For several points, both ``at`` and ``age``, or a bad option.

        Examples
        --------
        >>> cs = CaseSet.from_datasets(["bogor-kisarazu", "bandung-suwon", "baubau-seoul"])
        >>> m = cs.sector_matrix(at="2018")
        >>> m.pivot(index="label", columns="case", values="state")
        case          bogor-kisarazu bandung-suwon baubau-seoul
        label
        Agriculture  below_threshold    not_agreed   not_agreed
        Culture                  gap       no_data          gap
        Education        implemented    not_agreed   not_agreed
        Health       below_threshold    not_agreed   not_agreed
        Tourism      below_threshold    not_agreed   not_agreed
        """
        return sector_matrix(self._pairs(), self.titles(), self._sectors, at=at, age=age, anchor=anchor,
                             date_rule=date_rule, threshold=threshold, coders=coders, max_age=max_age,
                             include=include)
