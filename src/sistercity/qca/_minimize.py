"""Boolean minimisation of a truth table: conservative, parsimonious, intermediate (private)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._args import choice, positive_int
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.qca._cover import TooManyCoversError, minimum_covers
from sistercity.qca._fit import sufficiency, term_membership
from sistercity.qca._implicants import Cube, covers, cube_rows, prime_implicants, term_string
from sistercity.qca._truth import TruthTable, as_truth_table

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

SolutionKind = Literal["conservative", "parsimonious", "intermediate"]
SOLUTIONS: tuple[str, ...] = ("conservative", "parsimonious", "intermediate")
"""The accepted values of ``solution``."""

Directional = Mapping[str, int | str | None] | Sequence[str]
"""Directional expectations: ``{"DEV": 1, "URB": 0, "LIT": None}`` or ``["DEV", "~URB"]``."""


@dataclass(frozen=True, eq=False)
class Solution:
    """The result of :func:`minimize`: one or more models (equally short solutions).

    Attributes
    ----------
    kind : str
        ``"conservative"``, ``"parsimonious"`` or ``"intermediate"``.
    outcome : str
        The outcome explained (``"~SURV"`` for a negated one).
    conditions : tuple of str
        The conditions, in the order of the notation.
    models : pandas.DataFrame
        One row per model: ``origin`` (for intermediate solutions the conservative and
        parsimonious models it comes from, ``"C1P1"``; else ``""``), ``model``
        (``"M1"``, ``"M2"``, ... within an origin), ``expression`` (R's notation),
        ``n_terms`` (int), ``consistency``, ``pri``, ``coverage`` (float).
    terms : pandas.DataFrame
        One row per term of each model: ``origin``, ``model``, ``term``, ``essential``
        (bool: in every model), ``consistency``, ``pri``, ``raw_coverage``,
        ``unique_coverage`` (within its model), ``cases`` (the positive rows' cases it
        covers, rows separated by ``"; "``).
    prime_implicants : pandas.DataFrame
        Every prime implicant of the chart (of the last origin for intermediate
        solutions), in R's order: ``term``, ``n_literals``, ``consistency``, ``pri``,
        ``raw_coverage``, ``unique_coverage`` (against every implicant used by some model,
        R's ``covU``), ``essential``, ``n_models`` (how many models use it).
    chart : pandas.DataFrame
        The prime implicant chart: one row per prime implicant, one bool column per
        positive truth table row (its ``row`` number).
    easy_counterfactuals : pandas.DataFrame
        For intermediate solutions, the remainders assumed positive because the
        directional expectations make them easy (``origin``, ``row`` and the conditions);
        empty otherwise.
    truth_table : TruthTable
        The table minimised.

    Examples
    --------
    >>> import pandas as pd
    >>> from sistercity.qca import minimize, truth_table
    >>> data = pd.DataFrame({"A": [1, 1, 0, 0], "B": [1, 0, 1, 0], "Y": [1, 1, 0, 0]})
    >>> print(minimize(truth_table(data, outcome="Y")))
    M1: A
    """

    kind: str
    outcome: str
    conditions: tuple[str, ...]
    models: pd.DataFrame
    terms: pd.DataFrame
    prime_implicants: pd.DataFrame
    chart: pd.DataFrame
    easy_counterfactuals: pd.DataFrame
    truth_table: TruthTable = field(repr=False)
    _remainders: dict[tuple[str, str], tuple[Cube, ...]] = field(repr=False)

    @property
    def expressions(self) -> list[str]:
        """The models in R's notation, in order (``"DEV*~URB*LIT*STB + DEV*LIT*IND*STB"``)."""
        return [str(e) for e in self.models["expression"]]

    def simplifying_assumptions(self) -> pd.DataFrame:
        """The remainders each model treats as positive (R's ``SA``).

        Returns
        -------
        pandas.DataFrame
            ``origin``, ``model``, ``row`` and one column per condition, one row per
            remainder configuration a model's terms cover; empty for a conservative
            solution, which assumes nothing about remainders.

        Examples
        --------
        >>> import pandas as pd
        >>> from sistercity.qca import minimize, truth_table
        >>> data = pd.DataFrame({"A": [1, 0], "B": [1, 1], "Y": [1, 0]})
        >>> sol = minimize(truth_table(data, outcome="Y"), solution="parsimonious")
        >>> sol.expressions, sol.simplifying_assumptions()["row"].tolist()
        (['A'], [3])
        """
        k = len(self.conditions)
        positive = self.truth_table.rows("1")
        frames = []
        for (origin, model), cubes in self._remainders.items():
            rows = np.unique(np.concatenate([cube_rows(c, k) for c in cubes])) if cubes else np.array([], np.int64)
            rows = np.setdiff1d(rows, positive)
            frame = pd.DataFrame({"origin": origin, "model": model, "row": rows + 1})
            for j, c in enumerate(self.conditions):
                frame[c] = ((rows >> (k - 1 - j)) & 1).astype(np.int64)
            frames.append(frame)
        if not frames:
            return pd.DataFrame(columns=["origin", "model", "row", *self.conditions])
        return pd.concat(frames, ignore_index=True)

    def __str__(self) -> str:
        lines: list[str] = []
        origins = list(dict.fromkeys(self.models["origin"]))
        for origin in origins:
            if origin:
                lines.append(f"From {origin}:")
            sub = self.models[self.models["origin"] == origin]
            lines += [f"{m}: {e}" for m, e in zip(sub["model"], sub["expression"], strict=True)]
        return "\n".join(lines)


# ---------------------------------------------------------------------------- solving


@dataclass(frozen=True)
class _Chart:
    cubes: list[Cube]
    covers: list[tuple[int, ...]]
    essential: list[int]
    hits: npt.NDArray[np.bool_]


def _solve(k: int, positive: IntArray, cubes: list[Cube], limit: int | None) -> _Chart:
    if (0, 0) in cubes:
        raise ArgumentError("every configuration of the conditions may be assumed positive: the solution would be "
                            "the whole property space, the conditions make no difference (R's QCA refuses too)")
    hits = np.array([covers(c, positive) for c in cubes], dtype=bool).reshape(len(cubes), len(positive))
    sets = [int(sum(1 << int(i) for i in np.flatnonzero(row))) for row in hits]
    try:
        found, _ = minimum_covers(sets, (1 << len(positive)) - 1, limit=limit)
    except TooManyCoversError as err:
        raise ArgumentError(f"more than {err.limit} models of {err.size} terms tie: the data do not decide between "
                            "them (model ambiguity). Pass max_models=None to list them all, or narrow the "
                            "solution (a higher incl_cut, fewer remainders, fewer conditions)") from None
    in_all = sorted(set.intersection(*(set(c) for c in found))) if found else []
    return _Chart(cubes, found, in_all, hits)


def _directions(value: object, conditions: tuple[str, ...]) -> dict[int, int]:
    where = {c: i for i, c in enumerate(conditions)}
    out: dict[int, int] = {}

    def put(name: object, v: int) -> None:
        if not isinstance(name, str) or name not in where:
            raise ArgumentError(f"directional names an unknown condition {name!r}; conditions: "
                                f"{', '.join(conditions)}")
        if where[name] in out and out[where[name]] != v:
            raise ArgumentError(f"directional gives two expectations for {name!r}")
        out[where[name]] = v

    if isinstance(value, Mapping):
        for name, v in value.items():
            if v is None or v == "-":
                continue
            if isinstance(v, bool) or v not in (0, 1, "0", "1"):
                raise ArgumentError(f"directional[{name!r}] must be 1 (presence), 0 (absence) or None; got {v!r}")
            put(name, int(v))
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for item in value:
            if not isinstance(item, str):
                raise ArgumentTypeError(f"directional items must be condition names ('DEV' or '~DEV'); got {item!r}")
            put(item.lstrip("~"), 0 if item.startswith("~") else 1)
    else:
        raise ArgumentTypeError("directional must be a mapping condition -> 1/0/None or a list of names "
                                f"('DEV', '~URB'); got {value!r}")
    return out


def _relax(cube: Cube, k: int, directions: dict[int, int]) -> Cube:
    """Drop the literals of ``cube`` that contradict the directional expectations."""
    mask, value = cube
    for j, expected in directions.items():
        bit = 1 << (k - 1 - j)
        if mask & bit and bool(value & bit) != bool(expected):
            mask &= ~bit
            value &= ~bit
    return mask, value


def _easy(k: int, positive: IntArray, conservative: list[Cube], parsimonious: list[Cube],
          directions: dict[int, int]) -> IntArray:
    """Remainders that are easy counterfactuals (Ragin & Sonnett 2005; Ragin 2008 ch. 9).

    A remainder is easy when a conservative term, with the literals that contradict the
    directional expectations removed, covers it, and the parsimonious model covers it
    too (it is one of that model's simplifying assumptions).
    """
    relaxed = [_relax(c, k, directions) for c in conservative]
    rows = np.unique(np.concatenate([cube_rows(c, k) for c in relaxed]))
    rows = np.setdiff1d(rows, positive)
    keep = np.zeros(len(rows), dtype=bool)
    for c in parsimonious:
        keep |= covers(c, rows)
    return np.asarray(rows[keep], dtype=np.int64)


# ---------------------------------------------------------------------------- reporting


def _cases_by_row(tt: TruthTable) -> dict[int, str]:
    t = tt.table
    return {int(r) - 1: str(c) for r, c in zip(t["row"], t["cases"], strict=True)}


class _Report:
    """Collects the rows of the ``models`` and ``terms`` frames."""

    def __init__(self, tt: TruthTable) -> None:
        self.tt = tt
        self.k = len(tt.conditions)
        self.cases = _cases_by_row(tt)
        self.models: list[dict[str, object]] = []
        self.terms: list[dict[str, object]] = []
        self.remainders: dict[tuple[str, str], tuple[Cube, ...]] = {}

    def member(self, cube: Cube) -> FloatArray:
        return term_membership(self.tt._x, cube[0], cube[1])

    def _unique(self, sub: FloatArray, whole: FloatArray) -> list[float]:
        """Unique coverage of each row of ``sub`` within the union ``whole`` of all rows."""
        y = self.tt._y
        total = float(y.sum())
        if total <= 0:
            return [float("nan")] * len(sub)
        if len(sub) == 1:
            rests = np.zeros_like(sub)
        else:
            top = np.argmax(sub, axis=0)
            second = np.partition(sub, -2, axis=0)[-2]
            rests = np.where(np.arange(len(sub))[:, None] == top[None, :], second[None, :], whole[None, :])
        covered = float(np.minimum(whole, y).sum())
        return [float(v) for v in (covered - np.minimum(rests, y[None, :]).sum(axis=1)) / total]

    def add(self, origin: str, chart: _Chart, positive: IntArray, assumes: bool) -> None:
        y = self.tt._y
        names = self.tt.conditions
        several = len(chart.covers) > 1
        used = sorted({i for c in chart.covers for i in c})
        member = {i: self.member(chart.cubes[i]) for i in used}
        fit = {i: sufficiency(member[i], y) for i in used}
        text = {i: term_string(chart.cubes[i], names) for i in used}
        cases = {i: "; ".join(self.cases.get(int(r), "") for r in positive[chart.hits[i]]) for i in used}
        for n, cover in enumerate(chart.covers, start=1):
            order = sorted(cover, key=lambda i: (i not in chart.essential, i)) if several else list(cover)
            shown = [text[i] for i in order if i in chart.essential]
            optional = [text[i] for i in order if i not in chart.essential]
            expression = " + ".join(shown + ([f"({' + '.join(optional)})"] if several and optional else optional))
            sub = np.array([member[i] for i in order])
            whole = sub.max(axis=0)
            incl, pri, cov = sufficiency(whole, y)
            name = f"M{n}"
            self.models.append({"origin": origin, "model": name, "expression": expression, "n_terms": len(order),
                                "consistency": incl, "pri": pri, "coverage": cov})
            if assumes:
                self.remainders[(origin, name)] = tuple(chart.cubes[i] for i in order)
            for i, unique in zip(order, self._unique(sub, whole), strict=True):
                t_incl, t_pri, t_cov = fit[i]
                self.terms.append({"origin": origin, "model": name, "term": text[i],
                                   "essential": i in chart.essential, "consistency": t_incl, "pri": t_pri,
                                   "raw_coverage": t_cov, "unique_coverage": unique, "cases": cases[i]})

    def implicants(self, chart: _Chart, positive: IntArray) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Every prime implicant's fit; unique coverage as R's ``covU``: against the union of
        the implicants some model uses (for one of them, the others of that union).
        """
        y = self.tt._y
        total = float(y.sum())
        names = self.tt.conditions
        used = sorted({i for c in chart.covers for i in c})
        ms = np.array([self.member(c) for c in chart.cubes])
        union = ms[used].max(axis=0)
        covered = float(np.minimum(union, y).sum())
        n_models = np.zeros(len(chart.cubes), dtype=np.int64)
        for c in chart.covers:
            n_models[list(c)] += 1
        rest_of = dict(zip(used, self._unique(ms[used], union), strict=True))
        rows = []
        for i, cube in enumerate(chart.cubes):
            incl, pri, cov = sufficiency(ms[i], y)
            if i in rest_of:
                unique = rest_of[i]
            else:
                unique = (float(np.minimum(np.maximum(union, ms[i]), y).sum()) - covered) / total \
                    if total > 0 else float("nan")
            rows.append({"term": term_string(cube, names), "n_literals": cube[0].bit_count(), "consistency": incl,
                         "pri": pri, "raw_coverage": cov, "unique_coverage": unique,
                         "essential": i in chart.essential, "n_models": int(n_models[i])})
        pis = pd.DataFrame(rows, columns=["term", "n_literals", "consistency", "pri", "raw_coverage",
                                          "unique_coverage", "essential", "n_models"])
        grid = pd.DataFrame(chart.hits, index=pd.Index(pis["term"], name="term"),
                            columns=pd.Index([int(p) + 1 for p in positive], name="row"))
        return pis, grid


def _model_frames(report: _Report) -> tuple[pd.DataFrame, pd.DataFrame]:
    models = pd.DataFrame(report.models, columns=["origin", "model", "expression", "n_terms", "consistency", "pri",
                                                  "coverage"])
    terms = pd.DataFrame(report.terms, columns=["origin", "model", "term", "essential", "consistency", "pri",
                                                "raw_coverage", "unique_coverage", "cases"])
    return models, terms


def _positive_and_forbidden(tt: TruthTable) -> tuple[IntArray, IntArray]:
    positive = tt.rows("1")
    if len(positive) == 0:
        raise ArgumentError("the truth table has no positive row (out == '1'): nothing to explain; lower incl_cut "
                            "or n_cut, or check the outcome")
    return positive, np.concatenate([tt.rows("0"), tt.rows("C")])


def minimize(
    tt: TruthTable,
    *,
    solution: SolutionKind = "conservative",
    directional: Directional | None = None,
    max_models: int | None = 1000,
) -> Solution:
    """Minimise a truth table to its shortest sums of products (Quine–McCluskey, exactly).

    The positive rows (``out == "1"``) are the function to explain; negative and
    contradictory rows (``"0"``, ``"C"``) must stay out of every term. Three solutions
    differ in what they assume about the remainders (configurations without enough
    cases; Ragin 2008 ch. 8–9; Schneider & Wagemann 2012 ch. 8):

    ``"conservative"`` (complex)
        no remainder may be used: terms cover positive rows only;
    ``"parsimonious"``
        any remainder may be used when it simplifies (R's ``include = "?"``);
    ``"intermediate"``
        only the *easy counterfactuals*: remainders that a conservative term covers once
        its literals contradicting the ``directional`` expectations are dropped, and that
        the parsimonious model uses (Ragin & Sonnett 2005; R's ``dir.exp``). One result
        per pair of conservative and parsimonious models (``origin`` ``"C1P1"``, ...).

    The prime implicants are found exactly (see :mod:`sistercity.qca`, "Algorithms"), and
    the prime implicant chart is solved exactly for **every** cover with the fewest
    terms — several models when several tie, never a greedy pick. Each term and model
    carries its consistency, PRI and raw coverage, and each term its unique coverage
    (the share of the outcome that only it covers within its model):
    :math:`(\\sum \\min(M, y) - \\sum \\min(M_{-t}, y)) / \\sum y`, where :math:`M` is
    the model's membership (the maximum over its terms) and :math:`M_{-t}` that of the
    model without term :math:`t`.

    Parameters
    ----------
    tt : TruthTable
        From :func:`truth_table`.
    solution : {"conservative", "parsimonious", "intermediate"}, default "conservative"
    directional : mapping or list of str, optional
        For ``"intermediate"`` (required there, refused elsewhere): for each condition
        whether its presence (1) or its absence (0) is expected to contribute to the
        outcome, or no expectation (``None``, or leave it out): ``{"DEV": 1, "URB": 0}``
        or ``["DEV", "~URB"]``.
    max_models : int or None, default 1000
        Most tied models to list (per pair of conservative and parsimonious models for an
        intermediate solution). More raise an error rather than return some of them;
        ``None`` lists them all, however many (with noisy data and many remainders,
        parsimonious models can tie by the tens of thousands).

    Returns
    -------
    Solution
        ``str(solution)`` prints the models in R's notation, ``M1: DEV*STB``; when several
        tie, R's layout: terms in every model first, the others in brackets.

    Raises
    ------
    sistercity.ArgumentTypeError
        If ``tt`` is not a TruthTable, or ``directional`` has the wrong form.
    sistercity.ArgumentError
        For an unknown ``solution``; a table without positive rows; a parsimonious or
        intermediate solution when no row is negative (every configuration could be
        assumed positive: R's QCA refuses too); ``directional`` given for another
        solution or naming an unknown condition; more than ``max_models`` tied models.

    References
    ----------
    McCluskey, E. J. (1956). Minimization of Boolean functions. *Bell System Technical
    Journal* 35(6). Ragin, C. C. & Sonnett, J. (2005). Between complexity and parsimony:
    limited diversity, counterfactual cases, and comparative analysis. In Kropp &
    Minkenberg (eds.), *Vergleichen in der Politikwissenschaft*. Ragin, C. C. (2008).
    *Redesigning Social Inquiry*, ch. 8–9. Dusa, A. (2019). *QCA with R*, ch. 8.

    Examples
    --------
    Lipset's crisp data (R's ``LC``; Rihoux & De Meur 2009), one case per configuration:

    >>> import pandas as pd
    >>> from sistercity.qca import minimize, truth_table
    >>> lc = pd.DataFrame(
    ...     [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0], [0, 0, 1, 0, 0, 0], [0, 0, 1, 0, 1, 0],
    ...      [1, 0, 1, 0, 1, 1], [1, 0, 1, 1, 0, 0], [1, 0, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0],
    ...      [1, 1, 1, 1, 1, 1]], columns=["DEV", "URB", "LIT", "IND", "STB", "SURV"])
    >>> tt = truth_table(lc, outcome="SURV")
    >>> print(minimize(tt))
    M1: DEV*~URB*LIT*STB + DEV*LIT*IND*STB
    >>> print(minimize(tt, solution="parsimonious"))
    M1: DEV*STB
    >>> print(minimize(tt, solution="intermediate", directional=["DEV", "URB", "LIT", "IND", "STB"]))
    From C1P1:
    M1: DEV*LIT*STB
    """
    tt = as_truth_table(tt)
    kind = choice("solution", solution, SOLUTIONS)
    limit = None if max_models is None else positive_int("max_models", max_models)
    if directional is not None and kind != "intermediate":
        raise ArgumentError("directional expectations are used by the intermediate solution only; "
                            f"got them with solution={kind!r}")
    if kind == "intermediate" and directional is None:
        raise ArgumentError("the intermediate solution needs directional expectations (directional=...)")
    k = len(tt.conditions)
    positive, forbidden = _positive_and_forbidden(tt)
    if kind != "conservative" and len(forbidden) == 0:
        raise ArgumentError("no truth table row is negative: with the remainders every configuration could be "
                            "positive, and the parsimonious solution would be the whole property space")
    report = _Report(tt)
    easy = pd.DataFrame(columns=["origin", "row", *tt.conditions])
    if kind == "conservative":
        chart = _solve(k, positive, prime_implicants(k, positive, allowed=positive), limit)
        report.add("", chart, positive, assumes=False)
    elif kind == "parsimonious":
        chart = _solve(k, positive, prime_implicants(k, positive, forbidden=forbidden), limit)
        report.add("", chart, positive, assumes=True)
    else:
        chart, easy = _intermediate(tt, positive, forbidden, _directions(directional, tt.conditions), report, limit)
    pis, grid = report.implicants(chart, positive)
    models, terms = _model_frames(report)
    return Solution(kind=kind, outcome=tt.outcome, conditions=tt.conditions, models=models, terms=terms,
                    prime_implicants=pis, chart=grid, easy_counterfactuals=easy, truth_table=tt,
                    _remainders=report.remainders)


def _intermediate(tt: TruthTable, positive: IntArray, forbidden: IntArray, directions: dict[int, int],
                  report: _Report, limit: int | None) -> tuple[_Chart, pd.DataFrame]:
    k = len(tt.conditions)
    cons = _solve(k, positive, prime_implicants(k, positive, allowed=positive), limit)
    pars = _solve(k, positive, prime_implicants(k, positive, forbidden=forbidden), limit)
    frames = []
    chart = cons
    for c_n, c_cover in enumerate(cons.covers, start=1):
        for p_n, p_cover in enumerate(pars.covers, start=1):
            origin = f"C{c_n}P{p_n}"
            ec = _easy(k, positive, [cons.cubes[i] for i in c_cover], [pars.cubes[i] for i in p_cover], directions)
            allowed = np.union1d(positive, ec)
            chart = _solve(k, positive, prime_implicants(k, positive, allowed=allowed), limit)
            report.add(origin, chart, positive, assumes=True)
            frame = pd.DataFrame({"origin": origin, "row": ec + 1})
            for j, c in enumerate(tt.conditions):
                frame[c] = ((ec >> (k - 1 - j)) & 1).astype(np.int64)
            frames.append(frame)
    return chart, pd.concat(frames, ignore_index=True)
