"""Partnership networks: pair lists of twinned cities, read and measured at scale.

A city's partnerships are one case; the world's are a network of tens of
thousands. This module reads a *pair list* — one row per partnership, naming two
cities and their countries (as the Wikipedia lists of twin towns do) — into a
case with one actor per city and one agreement per pair, and measures the
network: degree by city and by country, country dyads, components, degree and
country assortativity, growth by founding year.

Reading (:func:`read_pairs`)
----------------------------
Real lists are messy. Every row that is dropped or mended is reported, never
silently, in :attr:`PairsResult.report` (one row per problem, with the input row,
the column, the value before and after, and the reason; reasons in
:data:`REPORT_REASONS`):

* a **malformed line** of a CSV file (more or fewer fields than the header, or
  not valid CSV) → the row is dropped (``malformed_row``, with the line number);
  ``pandas.read_csv`` would shift extra fields into the index or pad missing
  ones silently, so the file is read as the :mod:`csv` module reads it (by
  pandas' C parser when a check of the bytes shows that both read it alike,
  else with :mod:`csv`, line by line); a file over ``max_bytes`` (256 MiB by
  default), or anything but a regular file, is refused before it is read;
* **text** is normalised (Unicode NFC, surrounding and repeated whitespace);
* **missing city** → the row is dropped;
* **missing country** → taken from the city when it has one (``"Varna,
  Bulgaria"`` → city ``Varna``, country ``BG``; ``"Falkland Islands"`` → ``FK``),
  else the row is dropped;
* **country names** become ISO 3166-1 alpha-2 codes (the model's
  :attr:`Actor.country <sistercity.Actor.country>`) through the table
  ``network_countries.csv`` shipped with this package (:func:`country_codes`):
  every ISO 3166-1 entry under its common English short name (``South Korea``, not ``Korea, Republic
  of``) with the usual aliases (``Czech Republic``, ``Ivory Coast``, ``Republic
  of Ireland``; not reported), misspellings and older names (``Grece``,
  ``Moldavia``; reported as ``country_variant``), the constituent countries of
  the United Kingdom — ``England``, ``Scotland``, ``Wales``, ``Northern
  Ireland`` — coded ``GB`` since ISO 3166-1 has no code for them (reported as
  ``constituent_country``), and states ISO 3166-1 does not list, under the code
  of the state that claims the territory, except Kosovo under the user-assigned
  ``XK`` (reported as ``unrecognised_state``). ``"Region, Country"`` becomes the
  country's code (``"Brandenburg, Germany"`` → ``DE``), or the region's own
  code when it is a territory of that country (``"Réunion, France"`` → ``RE``).
  Two-letter ISO codes written in capitals (``JP``) are accepted as they are.
  A name the table does not know drops the row (``unknown_country``); pass ``country_codes={"Name": "XX"}`` to
  add or override names;
* a **city paired with itself** (same city and country on both sides) is dropped;
* the **same pair twice**, in either direction, keeps its first row;
* **years** (``year=`` column) are kept as four digits, zero-padded (``956`` →
  ``0956``); a cell with no year 0001–9999 in it (``0000``, ``unknown``) keeps
  the pair undated and is reported (``year_unreadable``), never an error;
* **kinds** (``kind=`` a column): an unknown or missing value becomes ``other``
  (``kind_unknown``, ``kind_missing``);
* with ``since=YEAR``, pairs founded before it, or undated, are dropped.

Bad arguments raise :class:`~sistercity.ArgumentError` (a value not accepted) or
:class:`~sistercity.ArgumentTypeError` (a wrong type); a file that cannot be read
at all (missing, not a regular file, larger than ``max_bytes``, empty, binary,
not UTF-8, a quote never closed) or a table without the columns raises
:class:`~sistercity.CaseValidationError` naming the file and line. A bad row
never raises: it is reported.

A city is identified by its country and its name, where case, spaces,
punctuation and the Romanian cedilla/comma-below confusion do not count
(``"Iaşi"`` and ``"Iași"``, ``"Târgu Jiu"`` and ``"Târgu-Jiu"`` are one city,
the later spelling reported as ``name_variant``) but other letters do
(``"Münster"`` and ``"Munster"`` are two towns); ``identity="exact"`` counts
every character. Its actor id is ``"{country}:{slug}"`` with the name folded to
ASCII (``"ID:bogor"``, ``"HU:godollo"``), ``-2``, ``-3`` added when two cities
fold to the same slug (reported as ``id_disambiguated``); its name is the first
spelling met.
Each city is a ``subnational`` ``government`` actor (governmental); each pair
is an agreement ``pair-{row}`` of the given kind.

Measures
--------
Every measure takes a :class:`~sistercity.Case`, its
:class:`~sistercity.CaseTables`, or a :class:`PairsResult`, and works on the
pairs of actors that are parties of a common agreement (an agreement with more
than two parties ties every pair of them). Measures per node are
:class:`pandas.Series` keyed by actor id, as networkx returns dicts keyed by
node, and equal to networkx's on :func:`partnership_graph` (the tests check it).
They are computed with vectorised numpy and pandas, without building a graph,
from integer edge arrays kept with the tables (:meth:`CaseTables.memo
<sistercity.CaseTables.memo>`). Counts in returned tables are named
``n_<plural noun>`` (``n_pairs``, ``n_partnerships``, ``n_cities``).
"""

from sistercity.network._graph import partnership_graph
from sistercity.network._measures import (
    assortativity,
    components,
    country_degree,
    country_dyads,
    degree,
    growth,
    summary,
)
from sistercity.network._read import read_pairs
from sistercity.network._read_countries import country_codes
from sistercity.network._read_result import REPORT_COLUMNS, REPORT_REASONS, PairsResult

__all__ = [
    "REPORT_COLUMNS",
    "REPORT_REASONS",
    "PairsResult",
    "assortativity",
    "components",
    "country_codes",
    "country_degree",
    "country_dyads",
    "degree",
    "growth",
    "partnership_graph",
    "read_pairs",
    "summary",
]
