"""The report's coder agreement (more than one coder) and the observed share beside every rate (issue 10)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from sistercity import Case, datasets, implementation, reliability
from sistercity.report import report

pytestmark = pytest.mark.usefixtures("text_only_report")  # these tests read the text, not the figures


def _two_coders() -> Case:
    """The bundled case coded twice: ``budi`` one level higher than ``ana`` on every third observation."""
    d = datasets.load("bogor-kisarazu").model_dump(mode="json", exclude_none=True)
    second = []
    for i, o in enumerate(d["observations"]):
        o["coder"] = "ana"
        other = {**o, "coder": "budi"}
        if i % 3 == 0:
            other["level"] = min(3, o["level"] + 1)
        second.append(other)
    d["observations"] += second
    return Case.model_validate(d)


def _part(page: str) -> str:
    start = page.index('<h3 id="coder-agreement">')
    return page[start:page.index("<figure", start)]


@pytest.fixture(scope="module")
def two() -> Case:
    return _two_coders()


def test_two_coders_show_alpha_units_and_the_disagreements(two: Case) -> None:
    res = reliability.of_case(two)
    assert res.coders == ("ana", "budi") and len(res.disagreements) > 0
    part = _part(report(two, at="2018"))
    alpha = res.coefficients.set_index("coefficient").loc["krippendorff_alpha"]
    assert f"Krippendorff's α (ordinal) = {res.alpha:.3f}" in part.replace("&#39;", "'")
    assert f"over {int(alpha['n_units'])} units coded by two or more coders" in part
    assert "The levels were coded by 2 coders: ana, budi." in part
    # the reading Krippendorff gives α
    band = ("counts such data reliable" if res.alpha >= 0.8 else
            "only tentative conclusions" if res.alpha >= 0.667 else "advises against")
    assert band in part
    # every coefficient, and one row per disagreement with both coders' levels
    for name in ("Percent agreement", "Krippendorff&#39;s α", "Fleiss&#39;s κ", "Gwet&#39;s AC1", "Cohen&#39;s κ"):
        assert f"<td>{name}</td>" in part
    table = part[part.index('<table class="coders">'):]
    rows = re.findall(r"<tr><td><a href=\"#c-([^\"]+)\">", table)
    assert rows == list(res.disagreements["commitment"])
    first = res.disagreements.iloc[0]
    row = table[table.index(f'href="#c-{first["commitment"]}"'):]
    row = row[:row.index("</tr>")]
    assert f'<time datetime="{first["period"]}">' in row
    assert f'lvl l{int(first["ana"])}' in row and f'lvl l{int(first["budi"])}' in row


def test_two_coders_in_indonesian(two: Case) -> None:
    part = _part(report(two, at="2018", lang="id"))
    assert "Reliabilitas antarpengode" in part and "α Krippendorff (ordinal) = " in part
    assert "Para pengode berbeda pada" in part


def test_coders_who_agree_everywhere_have_no_disagreement_list() -> None:
    d = datasets.load("bogor-kisarazu").model_dump(mode="json", exclude_none=True)
    d["observations"] += [{**o, "coder": "budi"} for o in d["observations"]]
    part = _part(report(Case.model_validate(d), at="2018"))
    assert "The coders agree on every unit two or more of them coded." in part
    assert '<table class="coders">' not in part


def test_one_coder_gets_a_sentence_and_no_coefficient() -> None:
    case = datasets.load("bogor-kisarazu")
    part = _part(report(case, at="2018"))
    n = len(case.observations)
    assert f"The {n} observations were coded by one coder (sistercity-codebook)" in part
    assert "Krippendorff" not in part and "<table" not in part


def test_the_observed_share_stands_beside_every_rate(bundled_report: Callable[..., str]) -> None:
    case = datasets.load("bogor-kisarazu")
    r = implementation.agreement_rates(case, at="2017").iloc[0]
    k, n = int(r["n_observed"]), int(r["n_commitments"])
    assert k < n  # in 2017 not every agreed commitment is observed (1 of 5)
    observed = f"{k} of {n} observed ({round(100 * k / n)}%)"
    rate, pam, mean = (f"{float(r[c]):.2f}" for c in ("rate", "rate_pam", "mean_level"))
    page = bundled_report("bogor-kisarazu", at="2017")
    kpi = page[page.index('<div class="kpi">'):]
    kpi = kpi[:kpi.index("</div></div>")]
    assert f"{rate}</b>implementation rate" in kpi
    assert observed in kpi
    assert f"counting the unobserved as level 0 (as the Peace Accords Matrix does): {pam}" in kpi
    # the agreements table: beside the rate
    assert f'<td class="num">{rate}</td><td>{observed}</td>' in page
    # the implementation section's table by agreement: observed, mean level, rate and PAM's rate
    section = page[page.index("By agreement: the implementation rate"):]
    assert (f'<td>{observed}</td><td class="num">{mean}</td><td class="num">{rate}</td>'
            f'<td class="num">{pam}</td>') in section
    # all observed: no PAM note in the headline (the two rates are equal)
    full = bundled_report("bogor-kisarazu")
    kpi = full[full.index('<div class="kpi">'):]
    kpi = kpi[:kpi.index("</div></div>")]
    assert "5 of 5 observed (100%)" in kpi and "Peace Accords Matrix does" not in kpi
    assert "5 dari 5 teramati (100%)" in bundled_report("bogor-kisarazu", lang="id")
