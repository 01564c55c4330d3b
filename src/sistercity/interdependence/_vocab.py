"""The vocabulary of ties: channels, origins, relations, date sources and the tie table's columns."""

from __future__ import annotations

from typing import Literal, get_args

from sistercity.model import CommitmentStatus

CHANNELS: tuple[str, ...] = ("interstate", "transgovernmental", "transnational", "domestic")
"""The channels a tie can belong to (Keohane & Nye 1977, ch. 2; ``domestic``: same country)."""

CROSS_BORDER_CHANNELS: tuple[str, ...] = CHANNELS[:3]
"""The three channels that connect societies across a border."""

ORIGINS: tuple[str, ...] = ("agreement", "commitment", "event")
"""Where a tie comes from."""

RELATIONS: tuple[str, ...] = ("parties", "provision", "participation", "attributed", "attendance")
"""What a tie says about its two actors.

``parties``: both are parties of an agreement. ``provision``: the ``source``
provides what the ``target`` receives under a commitment (directed).
``participation``: both take part in a commitment, neither as the other's
provider. ``attributed``: a commitment that names fewer than two actors, tied to
its agreement's parties (only with ``unattributed="parties"``). ``attendance``:
both took part in an event.
"""

DATE_SOURCES: tuple[str, ...] = ("record", "agreement", "none")
"""Where a tie's date comes from (the ``date_source`` column of :func:`ties`).

``record``: the record's own date (an agreement's start, a commitment's
``proposed`` date, an event's date). ``agreement``: a commitment with no date of
its own; its agreement's start is only a lower bound (``date_first``), never its
date. ``none``: nothing is known. Ties whose source is not ``record`` are the
*undated* ties of ``undated=``.
"""

FORCE_SECTORS: tuple[str, ...] = ("security_defence",)
"""Sectors whose ties count as the use or threat of force (``profile(force_sectors=...)``)."""

TIE_COLUMNS: dict[str, str] = {
    "tie": "str",
    "source": "str",
    "target": "str",
    "origin": "category",
    "record": "str",
    "relation": "category",
    "directed": "bool",
    "commitment_status": "category",
    "sector": "category",
    "date": "str",
    "date_first": "datetime64[s]",
    "date_last": "datetime64[s]",
    "date_source": "category",
    "weight": "float64",
    "flow": "float64",
    "channel": "category",
}
"""The columns of :func:`ties`, in order, with their dtypes.

``tie``
    ``"{origin}|{record}|{source}|{target}"``; unique; the edge key in :func:`graph`.
``source``, ``target``
    Actor ids. For a ``provision`` tie the provider and the beneficiary; for the
    other (undirected) ties the two actors in the order of the actors table.
``origin``, ``record``
    ``agreement``, ``commitment`` or ``event``, and that record's id.
``relation``, ``directed``
    See :data:`RELATIONS`; only ``provision`` ties are directed.
``commitment_status``
    For commitment ties, how firm the commitment is (``agreed``, ``proposed``,
    ``wish``; see :class:`sistercity.Commitment`); missing for the others. Only
    the statuses in ``include=`` give ties (agreed alone by default).
``sector``
    The commitment's sector; for an event, the sector shared by all commitments
    the event names (missing when none or several); missing for agreements.
``date``, ``date_first``, ``date_last``, ``date_source``
    The partial date the tie dates from and the first and last day it admits:
    the agreement's start (``effective``, else ``signed``); the commitment's
    ``proposed`` date; the event's date (``date_source`` ``record``). A
    commitment without a date of its own has no ``date`` and no ``date_last``:
    its agreement's start is only a lower bound, kept as ``date_first``
    (``date_source`` ``agreement``; a commitment may be added to an agreement
    after it starts). Nothing known: all missing (``none``). See
    :data:`DATE_SOURCES`.
``weight``
    The commitment's weight for commitment ties; 1 for the others.
``flow``
    For ``provision`` ties: the commitment's weight split equally over its
    provision ties (so a commitment passes its weight once, however many actors
    it names); 0 for the others.
``channel``
    See :data:`CHANNELS`; missing when an actor has no country.
"""

Unattributed = Literal["skip", "parties"]
"""What to do with a commitment that names fewer than two actors (``unattributed=`` of :func:`ties`)."""

LEVELS = ("national", "subnational", "nonstate")
"""Actor levels, in the order of the categorical columns."""

SEP = "|"
"""The separator of the parts of a tie id (``"{origin}|{record}|{source}|{target}"``)."""

STATUSES: tuple[str, ...] = get_args(CommitmentStatus)
"""Commitment statuses, in the order of the ``commitment_status`` categories."""
