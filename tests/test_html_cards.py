"""The notebook cards: ``Case._repr_html_`` and ``CaseTables._repr_html_`` (compact, counted, escaped)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from sistercity import Case, datasets
from sistercity._html import MAX_LISTED


class _Text(HTMLParser):
    """The text of a card, and every tag it opens (a script in case text would be a tag)."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _read(html: str) -> _Text:
    p = _Text()
    p.feed(html)
    p.close()
    return p


def test_the_case_card_is_a_summary_with_the_counts() -> None:
    case = datasets.load("bogor-kisarazu")
    html = case._repr_html_()
    assert len(html) < 4000  # a card, not the model (its repr is many times longer)
    assert len(html) * 3 < len(repr(case))
    text = " ".join(_read(html).text)
    assert case.title in text and case.id in text
    for label, n in (("actors", len(case.actors)), ("agreements", len(case.agreements)),
                     ("commitments", len(case.commitments)), ("observations", len(case.observations)),
                     ("obstacles", len(case.obstacles)), ("events", len(case.events)),
                     ("sources", len(case.sources))):
        assert re.search(rf"<th[^>]*>{label}</th><td[^>]*>{n}</td>", html), label
    agreed = sum(c.status == "agreed" for c in case.commitments)
    assert f"agreed: {agreed}" in text
    assert "Education" in text  # sectors by their label


def test_the_tables_card_lists_every_table_with_its_rows() -> None:
    t = datasets.load("bogor-kisarazu").tables
    html = t._repr_html_()
    text = " ".join(_read(html).text)
    for name in t.table_names():
        n = len(getattr(t, name))
        if n:
            assert re.search(rf"<code>{name}</code></th><td[^>]*>{n:,}</td>", html), name
        else:
            assert name in text.split("empty: ")[1]
    total = sum(len(getattr(t, name)) for name in t.table_names())
    assert f"CaseTables: {len(t.table_names())} tables, {total:,} rows" in text


def test_an_empty_case_and_many_agreements() -> None:
    assert "0" in Case(id="e", title="E")._repr_html_()
    parties = [dict(id="a", name="A", level="subnational", country="ID"),
               dict(id="b", name="B", level="subnational", country="JP")]
    n = MAX_LISTED + 3
    case = Case(id="m", title="M", actors=parties,
                agreements=[dict(id=f"ag{i}", kind="mou", parties=["a", "b"]) for i in range(n)])
    html = case._repr_html_()
    assert html.count("<li") == MAX_LISTED + 1 and "and 3 more" in html


_HOSTILE = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30).map(
    lambda s: "<script>x</script>&" + s)


@given(text=_HOSTILE)
def test_case_text_is_escaped(text: str) -> None:
    case = Case(id="h", title=text, description=text,
                actors=[dict(id="a", name=text, level="subnational", country="ID"),
                        dict(id="b", name="B", level="subnational", country="JP")],
                agreements=[dict(id="ag", title=text, kind="mou", parties=["a", "b"])],
                observations=[], commitments=[])
    parsed = _read(case._repr_html_())
    assert "script" not in parsed.tags
    assert any("<script>x</script>&" in t for t in parsed.text)
