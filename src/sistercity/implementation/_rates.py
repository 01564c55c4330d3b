"""Rates per agreement and sector coverage.

:func:`~sistercity.implementation.agreement_rates` and :func:`~sistercity.implementation.sector_coverage`.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

import sistercity._args as _args
import sistercity._kernel as _kernel
from sistercity._kernel import AggregateCoders, ThresholdLike
from sistercity._typing import AtLike, CaseData, DateRule, Include
from sistercity.implementation._common import COVERAGE, Weights, frame
from sistercity.model import ImplementationLevel
from sistercity.tables import as_tables

# ============================================================================ agreement rates


def agreement_rates(
    data: CaseData,
    *,
    at: AtLike = None,
    weights: Weights = None,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
    missing: Literal["skip", "zero"] = "skip",
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Implementation rate of each agreement: the weighted mean rate of its commitments.

    Definition: for agreement :math:`a` with commitments :math:`c \\in C_a` that have
    data at ``at``, levels :math:`\\ell_c` and weights :math:`w_c`,

    .. math:: R_a = \\frac{\\sum_{c} w_c \\, \\ell_c}{3 \\sum_{c} w_c}.

    Scale: [0, 1]; ``mean_level`` is the same mean on the 0-3 scale
    (:math:`3 R_a`). Commitments with no data are left out (``missing="skip"``) or
    count as level 0 (``missing="zero"``, a lower bound); an agreement with no
    commitment in the mean has rate ``NaN``.

    The Peace Accords Matrix aggregate is :math:`\\sum_c \\ell_c / (3 N_a)` over *all*
    :math:`N_a` provisions of an accord (Joshi, Quinn & Regan 2015): PAM codes every
    provision every year, so it has no missing level. With equal weights the default
    ``rate`` equals it **only when every counted commitment is observed**
    (``observed_share`` = 1); otherwise ``rate`` is the mean over the observed
    commitments alone. The PAM-comparable figure is given explicitly as ``rate_pam``,
    :math:`\\sum_{c \\text{ observed}} w_c \\ell_c / (3 \\sum_{c \\in C_a} w_c)`:
    unobserved commitments counted as level 0 (with equal weights exactly PAM's
    sum of levels / (3 × number of provisions); the same as ``rate`` with
    ``missing="zero"``). ``observed_share`` = :math:`n_{observed} / n_{commitments}`
    (observed over counted commitments) says how far ``rate`` rests on data.

    Parameters
    ----------
    data : Case or CaseTables
    at : date, str, PartialDate, int or None, optional
        As in :func:`status`.
    weights : None, "equal", or mapping or Series from commitment id to weight
        ``None`` (default): each commitment's own ``weight`` (1 unless coded
        otherwise); ``"equal"``: all 1. Weights must be finite and > 0.
    coders : {"latest", "median", "min", "max"}, default "latest"
        As in :func:`status`.
    date_rule : {"end", "start"}, default "end"
    missing : {"skip", "zero"}, default "skip"
        Whether a commitment with no data is left out of the mean or counts as 0.
    include : "all" or iterable of {"agreed", "proposed", "wish"}, default ("agreed",)
        Which commitments count, by their ``status``: by default only those the
        parties agreed, as the Peace Accords Matrix counts only an accord's own
        provisions; a proposal or one side's wish is not yet a promise.
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years at ``at`` counts
        as no data.

    Returns
    -------
    pandas.DataFrame
        One row per agreement (the agreements table's order), columns
        ``COLUMNS["agreement_rates"]``: ``agreement`` (str); ``n_commitments``,
        ``n_observed``, ``n_no_data`` and ``n_level_0`` ... ``n_level_3`` (int64:
        commitments in all, with data, without, and at each level); ``weight``
        (float64: the sum of the weights in the mean); ``mean_level`` (0-3) and
        ``rate`` (0-1) (float64); ``observed_share`` (float64: ``n_observed /
        n_commitments``, ``NaN`` with no commitment) and ``rate_pam`` (float64: the
        PAM aggregate, unobserved commitments at level 0).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4); Joshi & Darby (2013),
    *Peacebuilding* 1(2).

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import agreement_rates
    >>> r = agreement_rates(datasets.load("bogor-kisarazu"), at="2018")
    >>> r[["agreement", "n_commitments", "n_observed", "n_level_0", "n_level_3", "rate"]].round(4)
      agreement  n_commitments  n_observed  n_level_0  n_level_3    rate
    0  loi-2016              5           5          4          0  0.1333
    >>> r17 = agreement_rates(datasets.load("bogor-kisarazu"), at="2017")
    >>> r17[["n_observed", "rate", "observed_share", "rate_pam"]].round(4)
       n_observed    rate  observed_share  rate_pam
    0           1  0.6667             0.2    0.1333
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    rule_coders = _kernel.coder_rule(coders, each=False)
    zero = _kernel.missing_as_zero(missing)
    statuses = _args.include(include)
    age = _kernel.max_age(max_age)
    day = _kernel.at_day(at)
    w = _kernel.weights(t, weights)
    counted = _kernel.included(t, statuses)
    s = _kernel.core(t, at=day, rule=rule, coders=rule_coders, counts=False, max_age=age)
    com_agr, _, ids = _kernel.agreement_codes(t)
    cols: dict[str, object] = {"agreement": ids}
    cols.update(_kernel.rates(com_agr[counted], len(ids), s.level[counted], w[counted], zero))
    return frame(cols, "agreement_rates")


# ============================================================================ sector coverage


def sector_coverage(
    data: CaseData,
    *,
    at: AtLike = None,
    threshold: ThresholdLike = ImplementationLevel.INTERMEDIATE,
    coders: AggregateCoders = "latest",
    date_rule: DateRule = "end",
    max_age: float | None = None,
    include: Include = ("agreed",),
) -> pd.DataFrame:
    """Which agreed sectors were implemented: the best level reached in each.

    Definition: for agreement :math:`a` and sector :math:`s`, the best level is
    :math:`b_{as} = \\max \\{\\ell_c : c \\in C_{as}\\}` over the commitments of
    :math:`a` in :math:`s` that have data at ``at``; the sector counts as
    *implemented* when :math:`b_{as} \\ge` ``threshold``. The coverage of an agreement
    is the share of its agreed sectors that are implemented,
    :math:`|\\{s \\in S_a : b_{as} \\ge \\theta\\}| / |S_a|`. An agreed sector with no
    commitment at all is a *gap* — nothing was planned in it — which is not the same
    as a commitment at level 0.

    The default threshold is 2 (intermediate on the PAM scale: implementation is
    under way with substantial progress); ``threshold=3`` asks for full
    implementation, ``threshold=1`` for any start.

    Parameters
    ----------
    data : Case or CaseTables
    at : date, str, PartialDate, int or None, optional
        As in :func:`status`.
    threshold : int, str or ImplementationLevel, default 2
        The level (0-3 or a name like ``"full"``) from which a sector counts as implemented.
    coders : {"latest", "median", "min", "max"}, default "latest"
    date_rule : {"end", "start"}, default "end"
    include : "all" or iterable of {"agreed", "proposed", "wish"}, default ("agreed",)
        Which commitments count, by their ``status`` (see :func:`agreement_rates`);
        an agreed sector whose only commitments are left out is a gap, and
        ``n_excluded`` says how many were left out.
    max_age : float or None, default None
        As in :func:`status`: evidence older than ``max_age`` years at ``at`` counts
        as no data.

    Returns
    -------
    pandas.DataFrame
        One row per agreement and sector that the agreement names or has a
        counted commitment in, ordered by agreement (table order) and sector (vocabulary
        order); columns ``COLUMNS["sector_coverage"]``:

        ``agreement`` (str), ``sector``, ``field`` (categorical)
            The sector and its benefit field.
        ``agreed`` (bool)
            Whether the agreement names the sector (``False``: commitments under an
            open clause).
        ``n_commitments``, ``n_excluded``, ``n_observed``, ``n_implemented`` (int64)
            Counted commitments in the sector; commitments of the agreement in the
            sector that ``include`` leaves out (a proposal, a wish: why a sector
            with commitments can still be a gap); counted ones with data; counted
            ones at or above ``threshold``. A sector whose commitments are all left
            out and that the agreement does not name has no row.
        ``best_level`` (Int8), ``best_commitment`` (str)
            The best level reached and the (first) commitment that reached it.
        ``implemented`` (bool)
            ``best_level >= threshold``.
        ``coverage`` (categorical, :data:`COVERAGE`)
            ``implemented``, ``below_threshold`` (data, all below), ``no_data``
            (commitments, none observed) or ``gap`` (no counted commitment).

    References
    ----------
    Joshi, Quinn & Regan (2015), *Journal of Peace Research* 52(4): the 0-3 scale.

    Examples
    --------
    >>> from sistercity import datasets
    >>> from sistercity.implementation import sector_coverage
    >>> cov = sector_coverage(datasets.load("bogor-kisarazu"), at="2018")
    >>> agreed = cov[cov.agreed]
    >>> int(agreed.implemented.sum()), len(agreed)
    (1, 5)
    >>> agreed.loc[agreed.implemented, "sector"].tolist()
    ['education']
    """
    t = as_tables(data)
    rule = _kernel.date_rule(date_rule)
    theta = _kernel.threshold(threshold)
    rule_coders = _kernel.coder_rule(coders, each=False)
    statuses = _args.include(include)
    age = _kernel.max_age(max_age)
    day = _kernel.at_day(at)
    counted = _kernel.included(t, statuses)
    com_sec = _kernel.sector_codes(t)
    s = _kernel.core(t, at=day, rule=rule, coders=rule_coders, counts=False, max_age=age)
    c = _kernel.coverage(t, com_sec, s.level, counted, theta)
    ids = _kernel.agreement_codes(t)[2]
    return frame({
        "agreement": ids.array.take(c.agreement),
        "sector": _kernel.from_codes(c.sector, t.commitments["sector"].cat.categories),
        "field": _kernel.from_codes(c.field, c.fields),
        "agreed": c.agreed,
        "n_commitments": c.n_commitments,
        "n_excluded": c.n_excluded,
        "n_observed": c.n_observed,
        "n_implemented": c.n_implemented,
        "best_level": _kernel.int8(c.best_level),
        "best_commitment": _kernel.take_str(t.commitments["commitment"], c.best_commitment),
        "implemented": c.implemented,
        "coverage": _kernel.from_codes(c.coverage, COVERAGE),
    }, "sector_coverage")
