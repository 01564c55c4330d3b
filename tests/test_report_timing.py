"""The report shows evidence dated outside an agreement's term and an end date that contradicts start + term."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from sistercity import Case, datasets, implementation, lifecycle, reliability
from sistercity.report import report

pytestmark = pytest.mark.usefixtures("text_only_report")  # these tests read the text, not the figures

NOTES = {
    "en": {"before_start": "observed before the agreement took effect",
           "after_end": "observed after the agreement ended",
           "uncertain": "observed perhaps outside the agreement&#39;s term"},
    "id": {"before_start": "diamati sebelum perjanjian berlaku",
           "after_end": "diamati setelah perjanjian berakhir",
           "uncertain": "mungkin diamati di luar jangka waktu perjanjian"},
}
CONFLICT = {"en": "contradicts its start and term", "id": "bertentangan dengan tanggal mulai dan jangka"}


def _case(change: Callable[[dict[str, Any]], None]) -> Case:
    d = datasets.load("bogor-kisarazu").model_dump(mode="json", exclude_none=True)
    change(d)
    return Case.model_validate(d)


def _early_exchange(d: dict[str, Any]) -> None:
    """The student exchange observed in June 2016, before the LoI was signed (2016-11-18)."""
    for o in d["observations"]:
        if o["commitment"] == "student-exchange":
            o["date"] = "2016-06-01"


def _ended_early(d: dict[str, Any]) -> None:
    """The LoI given an end (2017-06-30) that its signing + five-year term contradicts."""
    d["agreements"][0]["ends"] = "2017-06-30"


def _ends_mid_2018(d: dict[str, Any]) -> None:
    """An end in mid-2018: the observations dated only "2018" may fall either side of it."""
    d["agreements"][0]["ends"] = "2018-06-30"


def _row(page: str, commitment: str) -> str:
    """The status-table row of one commitment."""
    rows = re.findall(rf'<tr><td><a href="#c-{commitment}">.*?</tr>', page, flags=re.S)
    assert len(rows) == 1, rows
    return str(rows[0])


@pytest.mark.parametrize("lang", ["en", "id"])
def test_observation_before_the_agreement_took_effect_is_marked(lang: str) -> None:
    case = _case(_early_exchange)
    timing = implementation.status(case, at="2018").set_index("commitment")["timing"]
    assert timing["student-exchange"] == "before_start"
    assert (timing.drop("student-exchange").dropna() == "in_term").all()
    page = report(case, at="2018", lang=lang)
    note = NOTES[lang]["before_start"]
    assert note in _row(page, "student-exchange")
    # the table row and the card's observation the status rests on; no other commitment
    assert page.count(note) == 2
    assert page.count('class="timing"') == 3  # the two notes and the legend under the table
    assert NOTES[lang]["after_end"] not in page and CONFLICT[lang] not in page


@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_end_date_contradicting_signed_plus_term_is_said_with_both_dates(lang: str) -> None:
    case = _case(_ended_early)
    lc = lifecycle.lifecycle(case, at="2018")
    assert bool(lc.loc[0, "ends_conflict"])
    assert (lc.loc[0, "expiry"], lc.loc[0, "term_expiry"]) == ("2017-06-30", "2021-11-18")
    page = report(case, at="2018", lang=lang)
    dates = {"en": ("June 30, 2017", "November 18, 2016", "November 18, 2021"),
             "id": ("30 Juni 2017", "18 November 2016", "18 November 2021")}[lang]
    sentence = next(p for p in re.findall(r'<p class="timing">(.*?)</p>', page) if CONFLICT[lang] in p)
    assert all(d in sentence for d in dates), sentence
    assert sentence.index(dates[0]) < sentence.index(dates[2])
    # every observed status (all dated 2017-12-14 or 2018) now rests on evidence after that end
    n_observed = int(implementation.status(case, at="2018")["timing"].notna().sum())
    assert n_observed == 8
    assert _row(page, "blueberry").count(NOTES[lang]["after_end"]) == 1
    assert page.count(NOTES[lang]["after_end"]) == 2 * n_observed


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_partial_date_straddling_the_end_is_marked_uncertain(lang: str) -> None:
    case = _case(_ends_mid_2018)
    timing = implementation.status(case, at="2018").set_index("commitment")["timing"]
    assert timing["blueberry"] == "uncertain" and timing["student-exchange"] == "in_term"
    page = report(case, at="2018", lang=lang)
    assert NOTES[lang]["uncertain"] in _row(page, "blueberry")
    assert NOTES[lang]["uncertain"] not in _row(page, "student-exchange")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_nothing_is_marked_for_the_bundled_case(lang: str) -> None:
    case = datasets.load("bogor-kisarazu")
    assert set(implementation.status(case, at="2018")["timing"].dropna()) == {"in_term"}
    assert not lifecycle.lifecycle(case, at="2018")["ends_conflict"].any()
    page = report(case, at="2018", lang=lang)
    assert 'class="timing"' not in page
    assert not any(note in page for note in NOTES[lang].values())
    assert CONFLICT[lang] not in page


# ---------------------------------------------------------------- the coder table's "why no value", translated

def _coded(assign: Callable[[int, dict[str, Any]], list[str]]) -> Case:
    """The bundled case with each observation coded by the coders ``assign(i, observation)`` names."""
    d = datasets.load("bogor-kisarazu").model_dump(mode="json", exclude_none=True)
    d["observations"] = [{**o, "coder": who} for i, o in enumerate(d["observations"]) for who in assign(i, o)]
    return Case.model_validate(d)


def _no_value_notes(page: str) -> list[str]:
    start = page.index('<h3 id="coder-agreement">')
    part = page[start:page.index("</table>", start)]
    return [n for n in re.findall(r'<td class="note">(.*?)</td>', part) if n]


CODER_CASES: dict[str, tuple[Callable[[int, dict[str, Any]], list[str]], dict[str, str], int]] = {
    # three coders: Cohen's kappa alone has no value
    "three coders": (lambda i, o: [("ana", "budi", "citra")[i % 3]],
                     {"en": "Cohen&#39;s κ is for exactly two coders; there are 3.",
                      "id": "Cohen&#39;s κ hanya untuk tepat dua pengode; di sini ada 3."}, 1),
    # two coders who never code the same commitment: no coefficient has a value
    "no shared unit": (lambda i, o: ["ana" if o["commitment"] == "student-exchange" or i % 2 else "budi"],
                       {"en": "No unit is coded by two or more coders, so agreement cannot be shown.",
                        "id": "Tidak ada unit yang dikodekan oleh dua pengode atau lebih, sehingga kesepakatan "
                              "tidak dapat ditunjukkan."}, 5),
    # two coders who share only the eel (both at its one level): alpha and Cohen are 0/0
    "one shared level": (lambda i, o: ["ana", "budi"] if o["commitment"] == "eel" else ["ana"],
                         {"en": "Every value compared is the same level", "id": "Setiap nilai yang dibandingkan"}, 2),
}


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("name", list(CODER_CASES))
def test_the_coder_tables_reasons_are_in_the_reports_language(name: str, lang: str) -> None:
    assign, expected, n_notes = CODER_CASES[name]
    case = _coded(assign)
    assert int((reliability.of_case(case).coefficients["note"] != "").sum()) == n_notes
    notes = _no_value_notes(report(case, at="2018", lang=lang))
    assert len(notes) == n_notes
    assert all(n.startswith(expected[lang]) for n in notes), notes
    assert not any("kappa" in n or "undefined" in n for n in notes)
