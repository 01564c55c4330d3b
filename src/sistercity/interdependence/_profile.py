"""The three conditions of complex interdependence, measured: :func:`profile` and :class:`Profile`."""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from sistercity._args import choice, flag
from sistercity._args import include as include_statuses
from sistercity._typing import CaseData, DateRule, Include
from sistercity.exceptions import ArgumentError
from sistercity.interdependence._arrays import as_names, at_day, categorical, uniq
from sistercity.interdependence._measures import herfindahl, participation_coefficient, pielou_evenness
from sistercity.interdependence._ties import POSITION_COLUMNS, tie_positions, tie_table
from sistercity.interdependence._vocab import CHANNELS, CROSS_BORDER_CHANNELS, FORCE_SECTORS, LEVELS, Unattributed
from sistercity.tables import CaseTables, as_tables


def _fmt(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:.3f}"
    return str(value)


def frame_html(df: pd.DataFrame, *, max_rows: int = 20) -> str:
    shown = df.head(max_rows)
    text = shown.to_html(index=False, escape=True, na_rep="–", float_format=lambda v: f"{v:.3f}", border=0)
    if len(df) > max_rows:
        text += f"<p><em>{html.escape(f'{len(df) - max_rows} more rows')}</em></p>"
    return text


_FIGURES: dict[str, tuple[str, str, str]] = {
    # name: (condition, label, table)
    "actors": ("scope", "Actors with at least one tie", "actor_participation"),
    "ties": ("scope", "Ties", "channel_mix"),
    "cross_border_share": ("channels", "Share of ties that cross a border", "channel_mix"),
    "channels_used": ("channels", "Cross-border channels in use (of 3)", "channel_mix"),
    "non_interstate_share": ("channels", "Share of cross-border ties that are not interstate", "channel_mix"),
    "participation": ("channels", "Mean multiplex participation coefficient over actors", "actor_participation"),
    "country_participation": ("channels", "Mean participation coefficient over country pairs", "country_pairs"),
    "sectors": ("issues", "Sectors on the agenda (S)", "sector_shares"),
    "herfindahl": ("issues", "Herfindahl index of sector shares", "sector_shares"),
    "evenness": ("issues", "Pielou evenness of sector shares", "sector_shares"),
    "force_share": ("force", "Share of sectored ties in force sectors", "force_ties"),
    "force_agreements": ("force", "Agreements that name a force sector", "force_ties"),
}


@dataclass(frozen=True, eq=False)
class Profile:
    """The three conditions of complex interdependence, measured (see :func:`profile`).

    Attributes
    ----------
    at : str or None
        The day the profile is taken at (ISO format), or ``None`` for all ties.
    actors, ties : int
        Actors with at least one tie; ties.
    cross_border_share : float
        Cross-border ties / ties with a channel.
    channels_used : int
        Cross-border channels with at least one tie (0–3).
    non_interstate_share : float
        (transgovernmental + transnational) / cross-border ties: how far actors
        other than states carry the relationship (NaN without cross-border ties).
    participation : float
        Mean multiplex participation coefficient over actors with a tie in the layers.
    country_participation : float
        Mean participation coefficient over country pairs (how many channels
        connect two societies).
    sectors : int
        ``S``, the number of sectors evenness is taken over (see ``richness``).
    herfindahl, evenness : float
        Of the sector shares.
    force_share : float
        Ties in force sectors / sectored ties.
    force_agreements : int
        Agreements naming a force sector.
    channel_mix : DataFrame
        ``channel, n_ties, share, n_dyads, n_actors``: one row per channel (all
        four): its ties, their share, the distinct pairs of actors they join and
        the actors with at least one of them.
    actor_participation : DataFrame
        ``actor, name, level, country``, neighbours (or ties) per channel (one
        column named by each channel),
        ``overlapping_degree`` (over the layers) and ``participation``.
    country_pairs : DataFrame
        ``country_a, country_b, n_ties``, ties per cross-border channel (one
        column named by each channel), ``n_channels`` (in use) and ``participation``.
    sector_shares : DataFrame
        ``sector, field, agreed`` (named by an agreement), ``n_items`` (the
        ties, records or agreements counted, as ``issues`` says), ``amount``
        (``n_items`` or weight) and ``share``; the
        agreed sectors with nothing in them are rows with zeros.
    force_ties : DataFrame
        The ties in force sectors (columns of :data:`TIE_COLUMNS`).
    options : dict
        The options the profile was computed with (checked and normalised).

    Examples
    --------
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> p = profile(demo)
    >>> p.ties, p.channels_used, round(p.evenness, 3)
    (15, 2, 0.75)
    >>> p.figure_table().set_index("figure").loc["evenness", ["condition", "table"]].tolist()
    ['issues', 'sector_shares']
    >>> print(p.sector_shares[["sector", "n_items", "share"]].round(3).to_string(index=False))
         sector  n_items  share
      education        8  0.667
    agriculture        3  0.250
         health        1  0.083
    >>> p.options["include"], sorted(p.tables)[:2]
    (('agreed',), ['actor_participation', 'channel_mix'])
    """

    at: str | None
    actors: int
    ties: int
    cross_border_share: float
    channels_used: int
    non_interstate_share: float
    participation: float
    country_participation: float
    sectors: int
    herfindahl: float
    evenness: float
    force_share: float
    force_agreements: int
    channel_mix: pd.DataFrame = field(repr=False)
    actor_participation: pd.DataFrame = field(repr=False)
    country_pairs: pd.DataFrame = field(repr=False)
    sector_shares: pd.DataFrame = field(repr=False)
    force_ties: pd.DataFrame = field(repr=False)
    options: Mapping[str, object] = field(default_factory=dict, repr=False)

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables behind the figures, by name."""
        return {name: getattr(self, name) for name in
                ("channel_mix", "actor_participation", "country_pairs", "sector_shares", "force_ties")}

    def figures(self) -> pd.Series:
        """Every figure as a Series (index: figure name).

        Examples
        --------
        >>> from sistercity import datasets
        >>> demo = datasets.load("demo-interdependence")
        >>> profile(demo).figures()["evenness"].round(3)
        np.float64(0.75)
        """
        return pd.Series({name: getattr(self, name) for name in _FIGURES}, dtype="float64", name="value")

    def figure_table(self) -> pd.DataFrame:
        """Figures with their condition, label, and the table each is computed from."""
        rows = [dict(figure=name, condition=cond, label=label, value=float(getattr(self, name)), table=table)
                for name, (cond, label, table) in _FIGURES.items()]
        return pd.DataFrame(rows, columns=["figure", "condition", "label", "value", "table"])

    def _repr_html_(self) -> str:
        head = "Complex interdependence profile" + (f" at {self.at}" if self.at else "")
        parts = [f"<div class='sistercity-profile'><h3>{html.escape(head)}</h3>"]
        titles = {"scope": "Scope", "channels": "1. Multiple channels",
                  "issues": "2. No hierarchy among issues", "force": "3. Minor role of force"}
        for cond, title in titles.items():
            parts.append(f"<h4>{html.escape(title)}</h4><table>")
            for name, (c, label, table) in _FIGURES.items():
                if c == cond:
                    parts.append(f"<tr><td>{html.escape(label)}</td>"
                                 f"<td>{html.escape(_fmt(getattr(self, name)))}</td>"
                                 f"<td><code>{html.escape(table)}</code></td></tr>")
            parts.append("</table>")
        for name, df in self.tables.items():
            parts.append(f"<details><summary>{html.escape(name)} ({len(df)} rows)</summary>"
                         f"{frame_html(df)}</details>")
        opts = ", ".join(f"{k}={v!r}" for k, v in self.options.items())
        parts.append(f"<p><small>{html.escape(opts)}</small></p></div>")
        return "".join(parts)



def _ends(actors: pd.DataFrame, tt: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Source and target actor positions and channel codes (-1 missing) of the ties."""
    s, d = tie_positions(actors, tt)
    ch = np.asarray(tt["channel"].cat.codes.to_numpy(), dtype=np.int64)
    return s, d, ch


def _channel_mix(n: int, s: np.ndarray, d: np.ndarray, ch: np.ndarray) -> pd.DataFrame:
    k = len(CHANNELS)
    valid = ch >= 0
    counts = np.bincount(ch[valid], minlength=k)
    total = int(counts.sum())
    lo, hi, c = np.minimum(s, d)[valid], np.maximum(s, d)[valid], ch[valid]
    dyads = np.bincount(uniq((lo * n + hi) * k + c) % k, minlength=k)
    ends = uniq(np.concatenate([s[valid], d[valid]]) * k + np.concatenate([c, c]))
    actors = np.bincount(ends % k, minlength=k)
    return pd.DataFrame({
        "channel": categorical(np.arange(k), CHANNELS),
        "n_ties": counts.astype("int64"),
        "share": counts / total if total else np.full(k, np.nan),
        "n_dyads": dyads.astype("int64"),
        "n_actors": actors.astype("int64"),
    })


def _actor_participation(
    actors: pd.DataFrame, s: np.ndarray, d: np.ndarray, ch: np.ndarray, layers: tuple[str, ...], multiedges: str
) -> pd.DataFrame:
    n, k = len(actors), len(CHANNELS)
    valid = ch >= 0
    a = np.concatenate([s[valid], d[valid]])
    o = np.concatenate([d[valid], s[valid]])
    c = np.concatenate([ch[valid], ch[valid]])
    if multiedges == "collapse":
        key = uniq((a * n + o) * k + c)
        a, c = key // (n * k), key % k
    counts = np.bincount(a * k + c, minlength=n * k).reshape(n, k)
    frame = pd.DataFrame(counts, columns=list(CHANNELS))
    lay = frame[list(layers)]
    out = pd.DataFrame({
        "actor": actors["actor"].to_numpy(),
        "name": actors["name"].to_numpy(),
        "level": pd.Categorical(actors["level"].astype(object), categories=list(LEVELS)),
        "country": actors["country"].to_numpy(),
        **{ch_name: counts[:, i].astype("int64") for i, ch_name in enumerate(CHANNELS)},
        "overlapping_degree": lay.sum(axis=1).to_numpy(dtype="int64"),
        "participation": participation_coefficient(lay).to_numpy(),
    })
    out = out.astype({"actor": "str", "name": "str", "country": "str"})
    return out.sort_values(["participation", "overlapping_degree", "actor"], ascending=[False, False, True],
                           na_position="last", kind="stable").reset_index(drop=True)


def _country_pairs(
    actors: pd.DataFrame, s: np.ndarray, d: np.ndarray, ch: np.ndarray, layers: tuple[str, ...]
) -> pd.DataFrame:
    cols = ["country_a", "country_b", "n_ties", *CROSS_BORDER_CHANNELS, "n_channels", "participation"]
    cross = (ch >= 0) & (ch < len(CROSS_BORDER_CHANNELS))
    if not cross.any():
        return pd.DataFrame({c: pd.Series([], dtype="str" if c.startswith("country") else
                                          ("float64" if c == "participation" else "int64")) for c in cols})
    codes, country_names = pd.factorize(actors["country"].astype(object).to_numpy(), sort=True)
    ca, cb, c = codes[s[cross]], codes[d[cross]], ch[cross]
    lo, hi = np.minimum(ca, cb).astype(np.int64), np.maximum(ca, cb).astype(np.int64)
    first, pair = pd.factorize(lo * len(country_names) + hi, sort=True)
    pair = np.asarray(pair, dtype=np.int64)
    m = len(CROSS_BORDER_CHANNELS)
    counts = np.bincount(first * m + c, minlength=len(pair) * m).reshape(len(pair), m)
    frame = pd.DataFrame(counts, columns=list(CROSS_BORDER_CHANNELS))
    lay = [x for x in layers if x in CROSS_BORDER_CHANNELS]
    part = participation_coefficient(frame[lay]).to_numpy() if len(lay) >= 2 else np.full(len(pair), np.nan)
    names = np.asarray(country_names, dtype=object)
    out = pd.DataFrame({
        "country_a": pd.array(names[pair // len(country_names)], dtype="str"),
        "country_b": pd.array(names[pair % len(country_names)], dtype="str"),
        "n_ties": counts.sum(axis=1).astype("int64"),
        **{x: counts[:, i].astype("int64") for i, x in enumerate(CROSS_BORDER_CHANNELS)},
        "n_channels": (counts > 0).sum(axis=1).astype("int64"),
        "participation": part,
    })
    return out[cols].sort_values(["n_ties", "country_a", "country_b"], ascending=[False, True, True],
                                 kind="stable").reset_index(drop=True)


def _agreed_sectors(t: CaseTables, at_day: pd.Timestamp | None, date_rule: str) -> pd.DataFrame:
    s = t.agreement_sectors[["agreement", "sector"]]
    if at_day is not None and len(s):
        ag = t.agreements.set_index(t.agreements["agreement"].astype(object))
        when = ag["start_last" if date_rule == "end" else "start_first"]
        w = pd.to_datetime(s["agreement"].astype(object).map(when))
        s = s[((w <= at_day) | w.isna()).to_numpy()]
    return s


def _sector_shares(
    t: CaseTables, tt: pd.DataFrame, agreed: pd.DataFrame, weighted: bool, basis: str
) -> pd.DataFrame:
    groups = t.sectors.groups()
    if basis == "agreements":
        vals = agreed["sector"].astype(object)
        amount = pd.Series(1.0, index=vals.index).groupby(vals.to_numpy()).sum()
        count = vals.value_counts()
    else:
        sec = tt.dropna(subset=["sector"])
        if basis == "records":
            sec = sec.drop_duplicates(["origin", "record"])
        key = sec["sector"].astype(object).to_numpy()
        count = pd.Series(key).value_counts()
        amount = (sec["weight"].groupby(key).sum() if weighted else count.astype("float64"))
    on_agenda = set(agreed["sector"].astype(object).dropna())
    names = sorted(set(count.index) | on_agenda, key=lambda s: (-float(amount.get(s, 0.0)), str(s)))
    total = float(amount.sum())
    out = pd.DataFrame({
        "sector": pd.Series(names, dtype="str"),
        "field": pd.Series([groups.get(s) for s in names], dtype="str"),
        "agreed": np.array([s in on_agenda for s in names], dtype=bool),
        "n_items": np.array([int(count.get(s, 0)) for s in names], dtype="int64"),
        "amount": np.array([float(amount.get(s, 0.0)) for s in names], dtype="float64"),
    })
    out["share"] = out["amount"] / total if total > 0 else np.nan
    return out


def _nanmean(values: pd.Series) -> float:
    """Mean of the values that are not missing (NaN when none): the same sum whatever missing rows there are."""
    x = values.to_numpy(dtype="float64")
    x = x[~np.isnan(x)]
    return float(x.mean()) if len(x) else float("nan")


def _measure(
    t: CaseTables,
    actors: pd.DataFrame,
    tt: pd.DataFrame,
    *,
    at_day: pd.Timestamp | None,
    layers: tuple[str, ...],
    multiedges: str,
    richness: str,
    weighted: bool,
    issues: str,
    force_sectors: tuple[str, ...],
    date_rule: str,
    options: Mapping[str, object],
    hidden: set[str] | None = None,
) -> Profile:
    s, d, ch = _ends(actors, tt)
    mix = _channel_mix(len(actors), s, d, ch)
    known = int(mix["n_ties"].sum())
    cross = mix[mix["channel"].isin(CROSS_BORDER_CHANNELS).to_numpy()]
    n_cross = int(cross["n_ties"].sum())
    interstate = int(mix.loc[mix["channel"] == "interstate", "n_ties"].sum())
    part = _actor_participation(actors, s, d, ch, layers, multiedges)
    if hidden:  # actors removed by what_if: no ties left, and no row
        part = part[~part["actor"].isin(hidden).to_numpy()].reset_index(drop=True)
    pairs = _country_pairs(actors, s, d, ch, layers)
    agreed = _agreed_sectors(t, at_day, date_rule)
    shares = _sector_shares(t, tt, agreed, weighted, issues)
    amounts = shares["amount"].to_numpy()
    s_count = len(shares) if richness == "agreed" else int((amounts > 0).sum())
    force = tt[tt["sector"].isin(force_sectors).to_numpy()].drop(columns=POSITION_COLUMNS, errors="ignore")
    f_amount = float(shares.loc[shares["sector"].isin(force_sectors).to_numpy(), "amount"].sum())
    f_total = float(amounts.sum())
    force_agreements = int(agreed.loc[agreed["sector"].isin(force_sectors), "agreement"].nunique())
    p_mean, cp_mean = _nanmean(part["participation"]), _nanmean(pairs["participation"])
    tied = uniq(np.concatenate([s, d]))
    return Profile(
        at=None if at_day is None else at_day.date().isoformat(),
        actors=len(tied),
        ties=len(tt),
        cross_border_share=n_cross / known if known else float("nan"),
        channels_used=int((cross["n_ties"] > 0).sum()),
        non_interstate_share=(n_cross - interstate) / n_cross if n_cross else float("nan"),
        participation=float(p_mean),
        country_participation=float(cp_mean),
        sectors=s_count,
        herfindahl=herfindahl(amounts),
        evenness=pielou_evenness(amounts[amounts > 0], richness=max(s_count, int((amounts > 0).sum()))),
        force_share=f_amount / f_total if f_total > 0 else float("nan"),
        force_agreements=force_agreements,
        channel_mix=mix,
        actor_participation=part,
        country_pairs=pairs,
        sector_shares=shares,
        force_ties=force.reset_index(drop=True),
        options=dict(options),
    )


def profile(
    data: CaseData,
    *,
    at: object = None,
    date_rule: DateRule = "end",
    layers: Iterable[str] = CROSS_BORDER_CHANNELS,
    multiedges: Literal["collapse", "count"] = "collapse",
    issues: Literal["ties", "records", "agreements"] = "ties",
    richness: Literal["agreed", "observed"] = "agreed",
    weighted: bool = False,
    force_sectors: Iterable[str] = FORCE_SECTORS,
    unattributed: Unattributed = "skip",
    undated: Literal["keep", "drop"] = "keep",
    include: Include = ("agreed",),
) -> Profile:
    """The three conditions of complex interdependence, measured (Keohane & Nye 1977).

    **1. Multiple channels.** The *channel mix* is the number and share of ties
    in each channel (:data:`CHANNELS`); ``channels_used`` counts the cross-border
    channels in use and ``non_interstate_share`` is the share of cross-border
    ties that are transgovernmental or transnational. How each actor's ties
    spread over the channel layers is its multiplex participation coefficient
    (Battiston, Nicosia & Latora 2014, eq. 13; see
    :func:`participation_coefficient`)

    .. math:: P_i = \\frac{M}{M-1}\\Bigl[1 - \\sum_\\alpha (k_i^{[\\alpha]}/o_i)^2\\Bigr]

    with ``M = len(layers)``; ``participation`` is its mean over actors with a
    tie in the layers, and ``country_participation`` the same formula applied to
    each pair of countries (how many channels connect two societies).

    **2. No hierarchy among issues.** Sector shares ``s_k`` (ties, or weights, in
    sector ``k`` over all ties with a sector; see ``issues``) give the Herfindahl
    index ``Σ s_k²`` (1/S … 1; Herfindahl 1950) and Pielou's evenness
    ``J = H / ln S`` with ``H = −Σ s_k ln s_k`` (0 … 1; Pielou 1966): high
    evenness, no hierarchy (see :func:`herfindahl`, :func:`pielou_evenness`).
    These are **proxies**: Keohane and Nye's condition is about priority (no
    issue, military security above all, ranks above and subordinates the
    others), while the shares count recorded activity. An even spread of ties
    is consistent with no hierarchy but does not show it; a concentrated one
    can come from one sector being easier to carry out rather than ranked
    first. The figures say how the activity is spread, not how issues rank.

    **3. Minor role of force.** ``force_share`` is the share (same unit as the
    sector shares) in ``force_sectors`` (security and defence by default);
    ``force_ties`` lists the ties in those sectors.

    Every figure of the profile is computed from ties, not from actors' words
    about them: it measures the structure the case records, not intentions.

    Only agreed commitments count by default (``include=("agreed",)``, as in
    :mod:`sistercity.implementation`): the profile describes the channels and the
    agenda the partners have agreed on, not what one side proposed or wished.

    Parameters
    ----------
    data : Case or CaseTables
    at, date_rule, undated, unattributed
        As in :func:`ties`; agreements count for the agenda from their start.
    include : "all", str or iterable of str
        The commitment statuses that give ties (agreed alone by default; see
        :func:`ties`). Agreements and events give ties whatever ``include``.
    layers : iterable of str
        The channel layers of the participation coefficient (at least two of
        :data:`CHANNELS`). Default: the three cross-border channels, since
        Keohane and Nye's channels connect societies; add ``"domestic"`` to count
        coordination at home as a layer.
    multiedges : {"collapse", "count"}
        ``k_i^[α]``: distinct neighbours in layer ``α`` (``"collapse"``, the
        binary-layer degree of Battiston et al.), or ties (``"count"``).
    issues : {"ties", "records", "agreements"}
        What the sector shares count: the ties that carry a sector (commitment
        ties and events linked to commitments; default — the same unit as the
        channel mix, so a large meeting weighs as many ties as it makes); each
        commitment or event with a sector and at least one tie once
        (``"records"``, so the size of a meeting does not weigh); or the sectors
        the agreements name (``"agreements"``: the agreed agenda, one per
        agreement and sector).
    richness : {"agreed", "observed"}
        ``S`` in Pielou's ``J``: the sectors on the agenda — named in an agreement
        or carrying a tie (default; so agreed sectors left empty lower evenness),
        or only the sectors with a share above zero (Pielou's textbook ``S``).
    weighted : bool
        Shares from tie weights (commitment weights) instead of tie counts.
    force_sectors : iterable of str
        Sector ids that count as force.

    Returns
    -------
    Profile
        Frozen; every figure, the tables behind them, and ``_repr_html_``.

    Examples
    --------
    >>> from sistercity import datasets
    >>> demo = datasets.load("demo-interdependence")
    >>> p = profile(demo)
    >>> p.ties, p.channels_used, round(p.non_interstate_share, 3), round(p.participation, 3)
    (15, 2, 1.0, 0.25)
    >>> p.sectors, round(p.herfindahl, 4), round(p.evenness, 4), p.force_share
    (3, 0.5139, 0.75, 0.0)
    >>> print(p.channel_mix[["channel", "n_ties"]].to_string(index=False))
              channel  n_ties
           interstate       0
    transgovernmental       5
        transnational       6
             domestic       4
    """
    t = as_tables(data)
    opts = profile_options(t, date_rule=date_rule, undated=undated, unattributed=unattributed, include=include,
                            layers=layers, multiedges=multiedges, issues=issues, richness=richness,
                            weighted=weighted, force_sectors=force_sectors)
    tt = tie_table(t, at=at, date_rule=date_rule, undated=undated, unattributed=unattributed, include=include)
    return measure_with(t, tt, at_day(at), opts)


def profile_options(
    t: CaseTables, *, date_rule: object, undated: object, unattributed: object, include: object, layers: object,
    multiedges: object, issues: object, richness: object, weighted: object, force_sectors: object,
) -> dict[str, Any]:
    """The options of :func:`profile`, checked and normalised (the ``options`` of the Profile)."""
    choice("date_rule", date_rule, ("start", "end"))
    choice("undated", undated, ("keep", "drop"))
    choice("unattributed", unattributed, ("skip", "parties"))
    choice("multiedges", multiedges, ("collapse", "count"))
    choice("issues", issues, ("ties", "records", "agreements"))
    choice("richness", richness, ("agreed", "observed"))
    lay = as_names("layers", layers, what="channel names")
    for x in lay:
        choice("layers", x, CHANNELS)
    if len(set(lay)) < 2:
        raise ArgumentError(f"layers must name at least two distinct channels of {', '.join(map(repr, CHANNELS))}; "
                            f"got {layers!r}")
    sectors = tuple(t.sectors.resolve(x) or x for x in as_names("force_sectors", force_sectors, what="sector ids"))
    return dict(date_rule=date_rule, undated=undated, include=include_statuses(include), layers=lay,
                multiedges=multiedges, issues=issues, richness=richness, weighted=flag("weighted", weighted),
                force_sectors=sectors, unattributed=unattributed)


def measure_with(t: CaseTables, tt: pd.DataFrame, at_day: pd.Timestamp | None, opts: Mapping[str, Any],
                  hidden: set[str] | None = None, actors: pd.DataFrame | None = None) -> Profile:
    """The profile of the ties ``tt`` (``actors``: the actors table, ``t.actors`` unless recoded)."""
    return _measure(t, t.actors if actors is None else actors, tt, at_day=at_day, layers=opts["layers"],
                    multiedges=opts["multiedges"],
                    richness=opts["richness"], weighted=opts["weighted"], issues=opts["issues"],
                    force_sectors=opts["force_sectors"], date_rule=opts["date_rule"], options=opts, hidden=hidden)
