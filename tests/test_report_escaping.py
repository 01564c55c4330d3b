"""Every piece of case text is escaped by the template engine: hostile strings in every text field."""

from __future__ import annotations

import itertools
from html.parser import HTMLParser
from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st
from matplotlib.figure import Figure

from sistercity import Case, datasets
from sistercity.report import LANGUAGES, report
from sistercity.report._render import _NOT_TEXT
from strategies.hostile import PAYLOADS, fill_text, hostile_text

# every element the templates write; anything else in a page came from the case unescaped
TAGS = {"html", "head", "meta", "title", "style", "body", "header", "main", "nav", "section", "h1", "h2", "h3",
        "h4", "p", "div", "span", "strong", "em", "b", "small", "code", "ol", "ul", "li", "a", "table", "thead",
        "tbody", "tr", "th", "td", "details", "summary", "article", "figure", "img", "figcaption", "blockquote",
        "cite", "time", "br", "sub"}
ATTRIBUTES = {"lang", "charset", "name", "content", "class", "id", "href", "title", "aria-label", "alt", "width",
              "height", "src", "datetime"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.text: dict[str, list[str]] = {"h1": [], "title": [], "h4": [], "li": []}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        if tag in self.text:
            self.text[tag].append("")
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text[tag][-1] += data


def _base() -> dict[str, Any]:
    """The Bogor–Kisarazu case with a sector and an obstacle category of its own (their labels are text too)."""
    data = datasets.load("bogor-kisarazu").to_dict()
    data["vocabulary"] = {"sectors": [{"id": "own_sector", "label": "x", "aliases": ["own sector alias"]}],
                          "obstacle_categories": [{"id": "own_category", "label": "x"}]}
    data["commitments"][0]["sector"] = "own_sector"  # the agreement has an open clause
    data["obstacles"][0]["category"] = "own_category"
    return data


BASE = _base()


def _shown(text: str) -> str:
    return _NOT_TEXT.sub("\ufffd", text)


def _draw_only(fig: Figure, buf: Any, **_: Any) -> None:
    """Lay out and draw every text of the figure (mathtext parsing included) without the PNG.

    The pictures are data: URLs whatever their bytes; what this property checks is the HTML around
    them. Rasterising five figures per example is most of the time; :func:`test_every_payload_in_one_case`
    and :func:`test_mathtext_in_case_text_does_not_break_the_figures` render the real PNGs.
    """
    fig.draw_without_rendering()
    buf.write(b"\x89PNG\r\n\x1a\n")


@given(st.lists(hostile_text(), min_size=1, max_size=6), st.sampled_from(LANGUAGES))
def test_hostile_text_in_every_field_is_shown_as_text(pool: list[str], lang: str) -> None:
    strings = itertools.cycle(pool)
    case = Case.model_validate(fill_text(BASE, lambda: next(strings)))
    with mock.patch.object(Figure, "savefig", _draw_only):
        page = report(case, at="2018", lang=lang)
    parsed = _Page()
    parsed.feed(page)
    parsed.close()

    assert set(parsed.tags) <= TAGS, set(parsed.tags) - TAGS  # no <script>, <iframe>, ... from the case
    assert {name for _, name, _ in parsed.attrs} <= ATTRIBUTES  # no on...= handler, no style=
    urls = {s.url for s in case.sources if s.url}
    for tag, name, value in parsed.attrs:
        if name == "href":
            assert value.startswith("#") or value in urls, value
        if name == "src":
            assert tag == "img" and value.startswith("data:image/png;base64,")
    # the text reads back exactly as the case gives it (control characters shown as U+FFFD)
    assert parsed.text["h1"] == [_shown(case.title)]
    assert parsed.text["title"] == [_shown(case.title)]
    for c in case.commitments:  # each card's heading: the title, then the level
        assert any(h.startswith(_shown(c.title) + " ") for h in parsed.text["h4"]), c.title
    notes = [_shown(n) for n in case.notes]
    assert all(n in parsed.text["li"] for n in notes)
    assert page.count("<script") == 0 and "javascript:" not in "".join(v for _, n, v in parsed.attrs if n == "href")


def test_every_payload_in_one_case() -> None:
    """The known payloads, one field after another (an example a reader can reproduce)."""
    payloads = itertools.cycle(PAYLOADS)
    case = Case.model_validate(fill_text(BASE, lambda: next(payloads)))
    assert case.title == PAYLOADS[0]
    page = report(case, at="2018")
    parsed = _Page()
    parsed.feed(page)
    assert set(parsed.tags) <= TAGS and {n for _, n, _ in parsed.attrs} <= ATTRIBUTES
    assert parsed.text["h1"] == [PAYLOADS[0]]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page and "$\\frac{1}{0}$" in page
    assert "\x00" not in page and "\ufffd" in page


def test_mathtext_in_case_text_does_not_break_the_figures() -> None:
    """``$x^{ $`` is not valid mathtext: drawn as mathtext it would stop the report with a ValueError."""
    case = Case.model_validate(fill_text(BASE, lambda: "$x^{ $"))
    page = report(case, at="2018")
    assert page.count("data:image/png;base64,") == 5
    assert "$x^{ $" in page
