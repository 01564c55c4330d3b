"""Sources of a case with hostile text in every free-text field, for the bibliography exports."""

from __future__ import annotations

from hypothesis import strategies as st

from sistercity import model as m
from sistercity.vocab import SourceKind
from strategies.cases import partial_dates
from strategies.hostile import hostile_text

KINDS: tuple[SourceKind, ...] = ("thesis", "report", "news", "web_page", "interview", "legal_text", "book",
                                 "article", "dataset", "other")

_URL_TAIL = st.text(st.characters(codec="ascii", categories=("L", "N", "P", "S")), min_size=1, max_size=20)


@st.composite
def sources_cases(draw: st.DrawFn) -> m.Case:
    """A case holding only sources (1 to 5), each with a drawn kind, hostile texts, a partial date or a year."""
    n = draw(st.integers(1, 5))
    sources = []
    for i in range(n):
        data: dict[str, object] = {"id": f"s{i}-{draw(st.sampled_from(['a', 'b.c', 'd:e', 'f_g']))}",
                                   "kind": draw(st.sampled_from(KINDS)), "title": draw(hostile_text())}
        for name in ("author", "publisher", "note"):
            if draw(st.booleans()):
                data[name] = draw(hostile_text())
        when = draw(st.sampled_from(["date", "year", "both", "none"]))
        if when in ("date", "both"):
            data["date"] = str(draw(partial_dates()))
        if when in ("year", "both"):
            data["year"] = draw(st.integers(1, 9999))
        if draw(st.booleans()):
            data["url"] = "https://example.org/" + draw(_URL_TAIL)
        if draw(st.booleans()):
            data["language"] = draw(st.sampled_from(["id", "ja", "en", "pt-BR", "zzz"]))
        if i > 0 and draw(st.booleans()):
            data["cited_in"] = sources[0]["id"]
        sources.append(data)
    return m.Case(id="sources", title="Sources", sources=sources)
