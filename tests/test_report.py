"""The HTML report: every section, embedded figures, escaped text, every bundled case."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import escape

from sistercity import Case, datasets
from sistercity.implementation import status
from sistercity.lifecycle import lifecycle
from sistercity.report import SECTIONS, report
from sistercity.report._figures import MAX_ROWS
from sistercity.report._impl import FOLD_ROWS

_MISSING_MARKERS = re.compile(r"(?<![\w-])(nan|NaN|NaT|None)(?![\w-])|<NA>")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.images: list[str] = []
        self.scripts = 0
        self.links: list[str] = []
        self.nav_links: list[str] = []
        self.ids: list[str] = []
        self.section_h2: dict[str, str] = {}
        self.cells: list[str] = []
        self.open_headers: list[str] = []  # <th> outside <details>
        self.text: list[str] = []
        self._in_h2 = False
        self._in_nav = False
        self._section: str | None = None
        self._details = 0
        self._cell: list[str] | None = None
        self._cell_tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if tag == "h2":
            self._in_h2 = True
        elif tag == "img":
            self.images.append(a.get("src") or "")
        elif tag == "script":
            self.scripts += 1
        elif tag == "a":
            self.links.append(a.get("href") or "")
            if self._in_nav:
                self.nav_links.append(a.get("href") or "")
        elif tag == "nav":
            self._in_nav = True
        elif tag == "section":
            self._section = a.get("id")
        elif tag == "details":
            self._details += 1
        elif tag in ("td", "th"):
            self._cell, self._cell_tag = [], tag

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False
        elif tag == "nav":
            self._in_nav = False
        elif tag == "details":
            self._details -= 1
        elif tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell).strip()
            self.cells.append(text)
            if tag == "th" and not self._details:
                self.open_headers.append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2.append(data)
            if self._section is not None:
                self.section_h2[self._section] = data
        if self._cell is not None:
            self._cell.append(data)
        self.text.append(data)


def _parse(page: str) -> _Collector:
    c = _Collector()
    c.feed(page)
    c.close()
    return c


def _e(text: object) -> str:
    """Text as the template engine escapes it."""
    return str(escape(str(text)))


def _block(page: str, start: str, end: str) -> str:
    """The HTML from the first ``start`` to the next ``end``."""
    i = page.index(start)
    return page[i:page.index(end, i)]


@pytest.fixture(scope="module")
def bk_page(bundled_report: Callable[..., str]) -> str:
    return bundled_report("bogor-kisarazu")


@pytest.mark.parametrize("name", datasets.list_datasets()["name"].tolist())
def test_report_for_every_bundled_case(name: str, bundled_report: Callable[..., str]) -> None:
    page = bundled_report(name)
    parsed = _parse(page)
    assert parsed.h2 == list(SECTIONS)
    assert parsed.images, "figures are embedded"
    assert all(src.startswith("data:image/png;base64,") for src in parsed.images)
    assert parsed.scripts == 0
    assert not any(href.startswith("javascript:") for href in parsed.links)
    assert "<link" not in page and "@import" not in page, "no external style sheet or font"
    assert not any(src.startswith("http") for src in parsed.images)


@pytest.mark.parametrize("name", datasets.list_datasets()["name"].tolist())
def test_no_missing_value_markers_are_shown(name: str, bundled_report: Callable[..., str]) -> None:
    parsed = _parse(bundled_report(name))
    bad = [c for c in parsed.cells if _MISSING_MARKERS.search(c)]
    assert not bad, bad[:5]
    hits = [m.group(0) for m in _MISSING_MARKERS.finditer(" ".join(parsed.text))]
    assert not hits


@pytest.mark.parametrize("name", datasets.list_datasets()["name"].tolist())
def test_table_of_contents_links_to_each_section(name: str, bundled_report: Callable[..., str]) -> None:
    parsed = _parse(bundled_report(name))
    assert len(parsed.nav_links) == len(SECTIONS)
    targets = [href.removeprefix("#") for href in parsed.nav_links]
    assert all(href.startswith("#") for href in parsed.nav_links)
    assert [parsed.section_h2[t] for t in targets] == list(SECTIONS)


@pytest.mark.parametrize("name", datasets.list_datasets()["name"].tolist())
def test_every_internal_link_resolves(name: str, bundled_report: Callable[..., str]) -> None:
    parsed = _parse(bundled_report(name))
    ids = set(parsed.ids)
    assert len(ids) == len(parsed.ids), "ids are unique"
    broken = [h for h in parsed.links if h.startswith("#") and h[1:] not in ids]
    assert not broken


def test_bogor_kisarazu_report_says_what_the_seed_says(bk_page: str) -> None:
    text = " ".join(_parse(bk_page).text)
    assert "1 of 5" in text
    assert "Implemented agreed sectors:  education" in text


def test_readable_tables_show_no_internal_column_names(bk_page: str) -> None:
    parsed = _parse(bk_page)
    assert parsed.open_headers
    raw = [h for h in parsed.open_headers if "_" in h]
    assert not raw, raw
    # the full analysis tables stay reachable, folded
    assert "<summary>Full table: implementation.status" in bk_page
    assert "<th>n_observations</th>" in bk_page


def test_both_observations_of_the_education_exchange_are_shown_with_their_sources(bk_page: str) -> None:
    case = datasets.load("bogor-kisarazu")
    card = _block(bk_page, '<article class="commitment" id="c-student-exchange">', "</article>")
    observations = [o for o in case.observations if o.commitment == "student-exchange"]
    assert len(observations) >= 2, "the case records two readings on purpose"
    for o in observations:
        assert f'<strong><time datetime="{o.date}">' in card
        for ev in o.evidence:
            assert f'href="#src-{ev.source}"' in card
            assert _e(ev.quote) in card
            if ev.locator:
                assert _e(ev.locator) in card
            url = case.source(ev.source).url
            if url:
                assert f'href="{_e(url)}"' in card
    # the two readings of one event (the news's and the thesis's), both dated to its day
    assert card.count('<time datetime="2017-12-14">December 14, 2017</time>') >= 2
    assert card.count("the status rests on this one") == 1
    assert len({ev.source for o in observations for ev in o.evidence}) >= 2, "news and thesis"


def test_each_status_links_to_the_source_it_rests_on(bk_page: str) -> None:
    case = datasets.load("bogor-kisarazu")
    s = status(case, at="2018")
    table = _block(bk_page, "<h3>By commitment", "</table>")
    for _, row in s[s["level"].notna()].iterrows():
        title = _e(case.commitment(row["commitment"]).title)
        line = _block(table, f'<a href="#c-{row["commitment"]}">{title}</a>', "</tr>")
        assert f'href="#src-{row["source"]}"' in line
        assert _e(row["locator"]) in line
    for src in case.sources:
        assert f'<li id="src-{src.id}">' in bk_page


def test_the_signatory_disagreement_is_shown_with_both_claims(bk_page: str) -> None:
    case = datasets.load("bogor-kisarazu")
    block = _block(bk_page, '<div class="disagree">', "</ol></div>")
    assert "the sources disagree" in block
    for ag in case.agreements:
        claims = [s for s in ag.signatories if s.on_behalf_of == "bogor"]
        assert len(claims) >= 2
        for claim in claims:
            assert _e(case.actor(claim.actor).name) in block
            for ev in claim.evidence:
                assert f'href="#src-{ev.source}"' in block
                assert _e(ev.quote) in block


def test_what_is_due_next(bk_page: str, text_only_report: None) -> None:
    case = datasets.load("bogor-kisarazu")
    lc = lifecycle(case, at="2018").iloc[0]
    due = " ".join(_parse(_block(bk_page, '<div class="due">', "</div>")).text)
    assert "What is due next" in due
    assert lc["next_deadline_date"] == "2021-05-18"
    assert "its renewal window opens on May 18, 2021" in due
    assert str(lc["state"]) in due

    later = lifecycle(case, at="2030").iloc[0]
    assert later["state"] == "expired"
    assert later["expiry"] == "2021-11-18"
    page = report(case, at="2030")
    due = " ".join(_parse(_block(page, '<div class="due">', "</div>")).text)
    assert "expired" in due and "November 18, 2021" in due and "No deadline is left" in due


def test_hostile_text_is_escaped(tmp_path: object, text_only_report: None) -> None:
    case = datasets.load("bogor-kisarazu")
    data = case.to_dict()
    data["title"] = "<script>alert('x')</script>"
    data["actors"][0]["name"] = "<img src=x onerror=alert(1)>"
    data["commitments"][0]["title"] = "</table><script>bad()</script>"
    data["sources"][0]["title"] = "<script>src()</script>"
    data["observations"][0]["evidence"][0]["quote"] = "</blockquote><script>q()</script>"
    data["obstacles"][0]["title"] = "<b onmouseover=alert(2)>x</b>"
    data["agreements"][0]["signatories"][0]["note"] = "<script>sig()</script>"
    data["notes"] = ["<iframe src=x></iframe>"]
    hostile = Case.model_validate(data)
    page = report(hostile, at="2018")
    parsed = _parse(page)
    assert parsed.scripts == 0
    assert _e("<script>alert('x')</script>") in page
    assert "<img src=x" not in page
    assert "<b onmouseover" not in page and "<iframe" not in page
    for fn in ("bad()", "src()", "q()", "sig()"):
        assert f"&lt;script&gt;{fn}&lt;/script&gt;" in page
    assert all(src.startswith("data:image/png") for src in parsed.images)


def test_report_refuses_what_is_not_a_case() -> None:
    from sistercity import ArgumentError, ArgumentTypeError

    case = datasets.load("bogor-kisarazu")
    with pytest.raises(ArgumentTypeError):
        report(case.tables)  # type: ignore[arg-type]
    with pytest.raises(ArgumentError, match="at must be"):
        report(case, at="2018-13")


def _many(n: int) -> Case:
    """A case of ``n`` agreed commitments in two sectors, each observed twice."""
    case = datasets.load("bogor-kisarazu")
    data = case.to_dict()
    data["commitments"] = [{"id": f"c{i}", "agreement": "loi-2016", "sector": ("education", "health")[i % 2],
                            "title": f"Programme {i}"} for i in range(n)]
    data["observations"] = [{"commitment": f"c{i}", "date": d, "level": lv}
                            for i in range(n) for d, lv in (("2017", 1), ("2018-06", i % 4))]
    for key in ("obstacles", "policy_frameworks", "events"):
        data[key] = []
    return Case.model_validate(data)


def test_large_sections_are_folded_and_figures_stay_sized(bk_page: str, text_only_report: None) -> None:
    n = max(FOLD_ROWS, MAX_ROWS) + 5
    page = report(_many(n), at="2018")
    parsed = _parse(page)
    assert parsed.h2 == list(SECTIONS)
    # the status table and the cards are folded (a <details> opens without JavaScript)
    assert f"The status of all {n} commitments" in page
    folded = page[page.index('<details class="fold"><summary>Education'):]
    assert '<article class="commitment" id="c-c0">' in folded
    assert all(f'id="c-c{i}"' in page for i in range(n)), "every commitment keeps its card"
    # no figure draws a row per commitment: heights stay bounded
    heights = [int(h) for h in re.findall(r'<img [^>]*height="(\d+)"', page)]
    assert heights and max(heights) <= 1400
    assert "too many to draw one row each" in page
    small = bk_page
    assert '<details class="fold">' not in small, "a small case is shown open"


def test_print_style_sheet(bk_page: str) -> None:
    page = bk_page
    css = page[page.index("<style>"):page.index("</style>")]
    assert "@page{size:A4" in css and "@media print" in css
    assert "section{break-before:page}" in css
    assert "break-inside:avoid" in css.split("@media print", 1)[1]


def test_a_missing_output_folder_is_refused_before_rendering(tmp_path: Path) -> None:
    from unittest import mock

    from sistercity.report import _render

    target = tmp_path / "no-such-folder" / "r.html"
    with mock.patch.object(_render, "build_context", side_effect=AssertionError("rendered")), \
            pytest.raises(FileNotFoundError, match="no-such-folder"):
        report(datasets.load("bogor-kisarazu"), target)
    assert not target.parent.exists()
