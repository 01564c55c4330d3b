"""The HTML report: every section, embedded figures, escaped text, every bundled case."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from sistercity import Case, datasets
from sistercity.report import SECTIONS, report


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.images: list[str] = []
        self.scripts = 0
        self.links: list[str] = []
        self._in_h2 = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "h2":
            self._in_h2 = True
        elif tag == "img":
            self.images.append(a.get("src") or "")
        elif tag == "script":
            self.scripts += 1
        elif tag == "a":
            self.links.append(a.get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        if self._in_h2:
            self.h2.append(data)
        self.text.append(data)


def _parse(page: str) -> _Collector:
    c = _Collector()
    c.feed(page)
    c.close()
    return c


@pytest.mark.parametrize("name", datasets.list_datasets()["name"].tolist())
def test_report_for_every_bundled_case(name: str) -> None:
    page = report(datasets.load(name), at="2018")
    parsed = _parse(page)
    assert parsed.h2 == list(SECTIONS)
    assert parsed.images, "figures are embedded"
    assert all(src.startswith("data:image/png;base64,") for src in parsed.images)
    assert parsed.scripts == 0
    assert not any(href.startswith("javascript:") for href in parsed.links)


def test_bogor_kisarazu_report_says_what_the_seed_says() -> None:
    page = report(datasets.load("bogor-kisarazu"), at="2018")
    text = " ".join(_parse(page).text)
    assert "1 of 5" in text
    assert "Implemented agreed sectors:  education" in text


def test_hostile_text_is_escaped(tmp_path: object) -> None:
    case = datasets.load("bogor-kisarazu")
    data = case.to_dict()
    data["title"] = "<script>alert('x')</script>"
    data["actors"][0]["name"] = "<img src=x onerror=alert(1)>"
    data["commitments"][0]["title"] = "</table><script>bad()</script>"
    hostile = Case.model_validate(data)
    page = report(hostile, at="2018")
    parsed = _parse(page)
    assert parsed.scripts == 0
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert all(src.startswith("data:image/png") for src in parsed.images)
