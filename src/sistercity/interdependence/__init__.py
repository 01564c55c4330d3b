"""Complex interdependence (Keohane & Nye 1977) as graphs and measures.

Keohane and Nye (*Power and Interdependence*, 1977, ch. 2) name three conditions
of *complex interdependence*: (1) multiple channels connect societies —
interstate, transgovernmental and transnational; (2) there is no hierarchy among
issues — military security does not dominate the agenda; (3) military force
plays a minor role. They read interdependence as often *asymmetric*, a source of
power, and tell *sensitivity* (how much a change in one actor costs another
within the existing framework) from *vulnerability* (the cost that remains once
alternatives are sought).

This module reads those ideas off a :class:`~sistercity.Case` (or its
:class:`~sistercity.CaseTables`):

* :func:`ties` — the tidy table of every tie between two actors: from an
  agreement (its parties), a commitment (provider → beneficiary, and the other
  actors of the commitment with each other) or an event (its participants), each
  with its origin, sector, date, weight and **channel**;
* :func:`graph` — the same ties as a :class:`networkx.MultiGraph`;
* :func:`channels` — every tie with the attributes its channel is read from;
* :func:`profile` — the three conditions measured (channel mix and the multiplex
  participation coefficient; Herfindahl index and Pielou evenness of sector
  shares; share of ties in security or defence), with the table behind each figure;
* :func:`dependence`, :func:`sensitivity`, :func:`vulnerability` — dyadic
  dependence from who provides and who benefits (Barbieri 1996), on the flows
  the commitments promise or (``flows="delivered"``) on those weighted by their
  implementation level;
* :func:`brokers` — degree and betweenness centrality by actor and by level;
* :func:`what_if` — remove an actor, a tie or a commitment, or code an actor
  otherwise, and see what changes; :func:`coding_assumptions` lists the codings
  a case marks as the coders' assumptions (what to recode);
* :func:`write_graph`, :func:`read_graph` — GraphML, GEXF and node-link JSON.

Channels
--------
Each tie's channel is read from its two actors (``country``, ``level`` and
``governmental`` in the actors table):

=====================  ===========================================================
channel                rule
=====================  ===========================================================
``domestic``           both actors in the same country (coordination at home,
                       e.g. central–local: a city consulting its minister)
``interstate``         different countries, both governmental, both ``national``
``transgovernmental``  different countries, both governmental, at least one not
                       ``national`` (a city, a province, a state school, ...)
``transnational``      different countries, at least one non-governmental actor
=====================  ===========================================================

Keohane and Nye reserve *interstate* for relations between the top of
governments; here any two national bodies (two ministries, say) count as
interstate, which is the rule this project's brief fixes. A tie whose actor has
no country has no channel (missing).

Which commitments count
-----------------------
Every function that reads commitments (:func:`ties`, :func:`graph`,
:func:`channels`, :func:`profile`, :func:`dependence`, :func:`sensitivity`,
:func:`vulnerability`, :func:`brokers`, :func:`what_if`) counts only
**agreed** commitments by default, ``include=("agreed",)``, as
:mod:`sistercity.implementation` does: a proposal by one side or a wish is not
yet a channel or a flow both partners have set up. ``include="all"``, or some of
``"agreed"``, ``"proposed"``, ``"wish"``, counts more. Ties from agreements
(their parties) and from events are not commitments and are always there.

Dates
-----
A tie dates from its record: an agreement's start, a commitment's ``proposed``
date, an event's date. A commitment without a date of its own is never given
its agreement's date: the agreement's start is only a lower bound
(``date_first``; ``date_last`` stays missing and ``date_source`` says
``"agreement"``), so ``undated=`` decides about it when ``at`` is given.

Which graph
-----------
:func:`graph` returns an undirected :class:`networkx.MultiGraph`. Most ties are
symmetric (two parties of an agreement, two participants of a visit); writing
them into a directed graph would either double them or invent a direction, and
the questions asked of the graph — who carries the relationship (betweenness),
how an actor's ties spread over channels (participation) — are about contact,
not flow. Several ties may join the same two actors (an agreement, a programme
and a visit), hence a multigraph; each edge's key is its tie id. The direction
of a provision (who gives, who receives) is kept on the edge (``directed``,
``provider``, ``beneficiary``), and :func:`dependence` reads it from there.
"""

from __future__ import annotations

from typing import TypeAlias

from sistercity._typing import CaseData
from sistercity.interdependence._assumptions import coding_assumptions
from sistercity.interdependence._brokers import brokers
from sistercity.interdependence._delivered import FLOWS, UNOBSERVED
from sistercity.interdependence._dependence import dependence, sensitivity, vulnerability
from sistercity.interdependence._files import read_graph, write_graph
from sistercity.interdependence._graph import graph
from sistercity.interdependence._measures import herfindahl, participation_coefficient, pielou_evenness
from sistercity.interdependence._profile import Profile, profile
from sistercity.interdependence._ties import channels, ties
from sistercity.interdependence._vocab import (
    CHANNELS,
    CROSS_BORDER_CHANNELS,
    DATE_SOURCES,
    FORCE_SECTORS,
    ORIGINS,
    RELATIONS,
    TIE_COLUMNS,
)
from sistercity.interdependence._whatif import RECODABLE, WhatIf, what_if

__all__ = [
    "CHANNELS",
    "CROSS_BORDER_CHANNELS",
    "DATE_SOURCES",
    "FLOWS",
    "FORCE_SECTORS",
    "ORIGINS",
    "RECODABLE",
    "RELATIONS",
    "TIE_COLUMNS",
    "UNOBSERVED",
    "Profile",
    "WhatIf",
    "brokers",
    "channels",
    "coding_assumptions",
    "dependence",
    "graph",
    "herfindahl",
    "participation_coefficient",
    "pielou_evenness",
    "profile",
    "read_graph",
    "sensitivity",
    "ties",
    "vulnerability",
    "what_if",
    "write_graph",
]

Data: TypeAlias = CaseData
"""What every function here takes first: a case or its tables (the shared alias ``CaseData``)."""
