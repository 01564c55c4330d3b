"""Hypothesis strategies for the partnership-network tests: messy pair lists, CSV texts, edge lists."""

from __future__ import annotations

import csv
import io

import pandas as pd
from hypothesis import strategies as st

# names that differ in case, spaces, punctuation, Unicode form, Romanian cedilla/comma, accents that count
CITIES = (
    "Bogor", "bogor", " Bogor ", "Bo  gor", "BOGOR", "Iaşi", "Iași", "Chişinău", "Chișinău", "Münster", "Munster",
    "Mu\u0308nster", "St. Louis", "St Louis", "Saint-Louis", "St.-Louis", "Gödöllő", "Łódź", "São Paulo",
    "Sao Paulo", "Nanning", "Kisarazu", "Varna, Bulgaria", "Varna", "Falkland Islands", "Coventry", "Ørsta",
    "Straße", "Strasse", "A_B", "A B", "-", "!!", "København", "Washington D.C.", "Washington, D.C.", "",
    "  ", "ﬁnland town", "Köln", "Ko\u0308ln", "x" * 160,
)
COUNTRIES = (
    "Indonesia", "Japan", "JP", "jp", "England", "Scotland", "Grece", "Moldavia", "Kosovo", "Réunion, France",
    "Ohio, United States", "Georgia (country)", "Mu", "Czech Republic", "  Japan ", "japan", "United States",
    "USA", "Bulgaria", "Germany", "Romania", "Åland Islands, Finland", "England, United Kingdom", "Northern Cyprus",
    "Atlantis (country)", "", None, None,
)
YEARS = (None, "", "1990", "0956", "956", "since 2001", "0000", "unknown", "12345", "1962.0", "2016-11",
         "  1999 ", "1990 or 1991")
ALIKE = ("Münster", "Munster", "Mûnster", "São Paulo", "Sao Paulo", "Łódź", "Lodz", "Lódz")
KINDS = (None, "", "mou", "MoU", "LoI", "friendship agreement", "sister city agreement", "treaty", " other ")


@st.composite
def pair_lists(draw: st.DrawFn, *, max_rows: int = 24) -> pd.DataFrame:
    """A messy pair list (``city1, country1, city2, country2``, a ``year`` and a ``kind`` column):
    names spelt several ways, countries as names, aliases, variants, regions, codes or missing, and rows
    that repeat an earlier pair, in either direction, or pair a city with itself."""
    rows: list[tuple[str | None, ...]] = []
    for _ in range(draw(st.integers(0, max_rows))):
        how = draw(st.sampled_from(["new", "new", "new", "again", "reversed", "self", "alike"]))
        if how == "alike":  # two towns whose names fold to one id (Münster, Munster): a suffix tells them apart
            c1, c2 = draw(st.sampled_from(ALIKE)), draw(st.sampled_from(ALIKE))
            k1 = k2 = "Germany"
        elif how in ("again", "reversed") and rows:
            c1, k1, c2, k2, *_ = rows[draw(st.integers(0, len(rows) - 1))]
            if how == "reversed":
                c1, k1, c2, k2 = c2, k2, c1, k1
        else:
            country = st.sampled_from(("Germany", "Romania")) | st.sampled_from(COUNTRIES)  # half of them: two
            c1, k1 = draw(st.sampled_from(CITIES)), draw(country)
            c2, k2 = (c1, k1) if how == "self" else (draw(st.sampled_from(CITIES)), draw(country))
        rows.append((c1, k1, c2, k2, draw(st.sampled_from(YEARS)), draw(st.sampled_from(KINDS))))
    return pd.DataFrame(rows, columns=["city1", "country1", "city2", "country2", "year", "kind"], dtype=object)


_FIELD = st.lists(st.sampled_from(['a', 'B', ' ', ',', '"', '\n', '\r', '\r\n', 'é', 'ş']), max_size=6).map("".join)


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    """CSV text as a spreadsheet writes it (quoted where needed; quotes, commas and line breaks inside
    fields), ``\\n`` or ``\\r\\n`` line ends, blank lines, and now and then a line that is not plain CSV."""
    width = draw(st.integers(2, 5))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow([f"h{i}" for i in range(width)])
    for _ in range(draw(st.integers(0, 8))):
        what = draw(st.sampled_from(["row", "row", "row", "blank", "short", "long", "stray"]))
        if what == "blank":
            out.write("\n")
        elif what == "stray":
            out.write('x"y,' + ",".join("z" * (width - 1)) + "\n")
        else:
            n = width + {"row": 0, "short": -1, "long": 1}[what]
            writer.writerow(draw(st.lists(_FIELD, min_size=n, max_size=n)))
    text = out.getvalue()
    return text if draw(st.booleans()) else text.rstrip("\r\n")


@st.composite
def edge_lists(draw: st.DrawFn) -> pd.DataFrame:
    """Pairs among a few cities, each city in one of four countries (no messy text)."""
    n = draw(st.integers(2, 25))
    countries = draw(st.lists(st.sampled_from(["Japan", "France", "Peru", "Kenya"]), min_size=n, max_size=n))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=1, max_size=60))
    return pd.DataFrame({"city1": [f"c{a}" for a, _ in pairs], "country1": [countries[a] for a, _ in pairs],
                         "city2": [f"c{b}" for _, b in pairs], "country2": [countries[b] for _, b in pairs]})
