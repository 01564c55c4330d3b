"""How far commitments were implemented: status, rates, sector coverage, change over time.

Every function takes a :class:`~sistercity.Case` or a :class:`~sistercity.CaseTables`
first (the tables of a case, or tables built with
:meth:`~sistercity.CaseTables.from_frames` from a large export), options keyword-only
after it, and returns a new DataFrame whose columns are fixed and listed in
:data:`COLUMNS` (never dependent on the data).

The scale
---------
Implementation is coded on the ordinal scale of the Peace Accords Matrix (PAM;
Joshi, Quinn & Regan 2015): ``0`` not initiated, ``1`` minimal, ``2`` intermediate,
``3`` full. A commitment's *rate* is ``level / 3`` in [0, 1]. A commitment with no
observation has *no data*: its level is missing (``<NA>``), never 0, and it is left
out of every mean unless ``missing="zero"`` is asked for.

The rules
---------
Status at a date
    A commitment's status at ``at`` rests on the last observation at or before
    ``at``. Partial dates are turned into a day by ``date_rule``: ``"end"``
    (default) counts a status observed in "2017" from 31 December 2017 — the
    conservative reading: it is known to hold only once the period is over;
    ``"start"`` counts it from 1 January 2017.
Same-day disagreement
    Observations of one commitment on the same day (under ``date_rule``) with
    different levels are a *disagreement*: the status does not choose among them
    by row order. Under ``coders="latest"`` the level is the *lower median* of
    that day's levels (with 1 and 3 it is 1), resting on the latest row with that
    level, and :func:`status` flags it in its ``disagreement`` column;
    :func:`sistercity.reliability.same_date_conflicts` lists the rows. (Under
    ``median``, ``min`` and ``max``, each coder's own latest row counts.)
``at``
    ``None`` (every observation counts), a :class:`datetime.date`,
    :class:`datetime.datetime`, :class:`pandas.Timestamp` or
    :class:`numpy.datetime64` (that day), or a partial date (``"2018"``,
    ``"2018-06"``, ``"2018-06-30"``, a :class:`~sistercity.dates.PartialDate` or an
    ``int`` year), which means its *last* day: ``at="2018"`` asks for the status at the
    end of 2018, whatever ``date_rule`` says of the observations.
Several coders (``coders``)
    ``"latest"`` (default): the latest observation, whoever coded it (the lower
    median of the levels of the latest day, when observations disagree on it).
    ``"median"``: each coder's latest level, then their *lower median* — the highest
    level that a strict majority of the coders say is reached (with two coders
    reading 1 and 3, the status is 1). ``"min"`` / ``"max"``: the most cautious or
    the most generous coder. ``"each"``: one row per coder (in :func:`status` and
    :func:`reversals` only). Under ``median``, ``min`` and ``max`` the status rests on
    the latest observation, among the coders, that has the chosen level.

Age of evidence (``max_age``)
    A level carries forward from its observation until a later one. ``status``
    reports ``age_years``, the years (of 365.2425 days) from the observation's day
    under ``date_rule`` to ``at``; ``status``, every rate function, ``stalled`` and
    ``reversals`` take ``max_age`` (years, default ``None``: no bound), beyond which
    an observation counts as no data.
Evidence outside the agreement's term
    ``status`` reports ``timing``: whether the observation it rests on falls in its
    agreement's term (:data:`TIMING`), or is dated before the agreement took effect
    or after it ended. Such evidence still counts; the column makes it visible.
Rates and the Peace Accords Matrix
    ``rate`` is the mean over the commitments *with data*; PAM codes every
    provision every year, so the two agree only when every commitment is observed.
    ``observed_share`` (observed / counted commitments) stands beside every rate,
    and ``rate_pam`` (unobserved commitments at level 0) is PAM's own figure.

Errors
------
A first argument that is neither a ``Case`` nor a ``CaseTables``, or an option of
the wrong type, raises :class:`~sistercity.ArgumentTypeError` (a :class:`TypeError`);
a bad option value raises :class:`~sistercity.ArgumentError` (a :class:`ValueError`)
naming the option, what it accepts and what it got; tables the model would refuse
(an observation naming no known commitment, a commitment with no sector: possible
only with ``from_frames(validate=False)``) raise :class:`~sistercity.CaseValidationError`.

References
----------
Joshi, M., Quinn, J. M. & Regan, P. M. (2015). Annualized implementation data on
comprehensive intrastate peace accords, 1989–2012. *Journal of Peace Research*
52(4), 551–562.

Joshi, M. & Darby, J. (2013). Introducing the Peace Accords Matrix (PAM): a database
of comprehensive peace agreements and their implementation, 1989–2007.
*Peacebuilding* 1(2), 256–274.
"""

from __future__ import annotations

from sistercity._kernel import CODER_RULES
from sistercity.implementation._common import COLUMNS, COMMITMENT_STATUSES, COVERAGE, TIMING
from sistercity.implementation._compare import compare
from sistercity.implementation._rates import agreement_rates, sector_coverage
from sistercity.implementation._stalled import reversals, stalled
from sistercity.implementation._status import status
from sistercity.implementation._trajectory import trajectory

__all__ = [
    "CODER_RULES",
    "COLUMNS",
    "COMMITMENT_STATUSES",
    "COVERAGE",
    "TIMING",
    "agreement_rates",
    "compare",
    "reversals",
    "sector_coverage",
    "stalled",
    "status",
    "trajectory",
]
