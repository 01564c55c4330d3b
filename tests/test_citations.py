"""The bibliography exports: BibTeX and CSL-JSON from a case's sources."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given

from sistercity import citations, datasets
from sistercity.cli import main
from sistercity.exceptions import ArgumentError, ArgumentTypeError
from sistercity.model import Case, Source
from strategies.sources import sources_cases

# ---------------------------------------------------------------- a minimal BibTeX reader (test-only)


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _braced(text: str, i: int) -> tuple[str, int]:
    """The value of the brace group opening at ``text[i]``; braces count as BibTeX counts them (backslash or not)."""
    assert text[i] == "{"
    depth, j = 0, i
    while True:
        if j >= len(text):
            raise AssertionError(f"unbalanced braces from {i}")
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
        j += 1


def parse_bib(text: str) -> dict[str, tuple[str, dict[str, str]]]:
    """``{key: (entry type, {field: raw value})}``; bare values (macros, numbers) are kept as written."""
    entries: dict[str, tuple[str, dict[str, str]]] = {}
    i = _skip_ws(text, 0)
    while i < len(text):
        assert text[i] == "@", text[i:i + 40]
        brace = text.index("{", i)
        kind = text[i + 1:brace]
        comma = text.index(",", brace)
        key = text[brace + 1:comma]
        assert re.fullmatch(r"[A-Za-z0-9_.:\-]+", key), key
        fields: dict[str, str] = {}
        i = _skip_ws(text, comma + 1)
        while text[i] != "}":
            eq = text.index("=", i)
            name = text[i:eq].strip()
            j = _skip_ws(text, eq + 1)
            if text[j] == "{":
                value, j = _braced(text, j)
            else:
                m = re.compile(r"[A-Za-z0-9]+").match(text, j)
                assert m, text[j:j + 20]
                value, j = m.group(), m.end()
            assert name not in fields, f"{key}: {name} twice"
            fields[name] = value
            j = _skip_ws(text, j)
            assert text[j] == ",", text[j:j + 20]
            i = _skip_ws(text, j + 1)
        assert key not in entries
        entries[key] = (kind, fields)
        i = _skip_ws(text, i + 1)
    return entries


_UNESCAPE = {
    r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}", r"\%": "%", r"\&": "&",
    r"\$": "$", r"\#": "#", r"\_": "_", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~",
    r"\textless{}": "<", r"\textgreater{}": ">", r"\textbar{}": "|",
}
_COMMAND = re.compile("|".join(re.escape(k) for k in _UNESCAPE))


def latex_text(value: str) -> str:
    """What LaTeX prints for an escaped value; fails if a special character is left unescaped."""
    rest = _COMMAND.sub("", value)
    assert not set(rest) & set("\\{}%&$#_^~"), f"raw LaTeX special in {value!r}"
    return _COMMAND.sub(lambda m: _UNESCAPE[m.group()], value)


def folded(text: str) -> str:
    """What a field prints: white space folded, control characters (which TeX cannot print) as code points."""
    return re.sub("[\x00-\x1f\x7f-\x9f]", lambda m: f"<U+{ord(m.group()):04X}>", " ".join(text.split()))


def unprotect(value: str) -> str:
    assert value.startswith("{") and value.endswith("}"), value
    return value[1:-1]


# ---------------------------------------------------------------- properties


@given(sources_cases())
def test_bibtex_reads_back_every_source_literally(case: Case) -> None:
    entries = parse_bib(citations.to_bibtex(case))
    assert list(entries) == [s.id for s in case.sources]  # keys are the ids, in the report's order
    for s in case.sources:
        kind, f = entries[s.id]
        assert kind == citations.BIBTEX_TYPES[s.kind]
        assert latex_text(unprotect(f["title"])) == folded(s.title)
        assert ("author" in f) == bool(s.author)
        if s.author:
            assert latex_text(unprotect(f["author"])) == folded(s.author)  # one literal name
        if s.note:
            assert latex_text(f["annote"]) == folded(s.note)
        if s.publisher:
            (where,) = set(f) & {"school", "institution", "journal", "organization", "publisher", "howpublished"}
            assert latex_text(f[where]) == folded(s.publisher)
        when = s.date if s.date is not None else None
        if when is not None:
            assert f["date"] == str(when)
            assert f["year"] == str(when.year)
            assert ("month" in f) == (when.month is not None)
            if when.month is not None:
                assert f["month"] == ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                      "nov", "dec"][when.month - 1]
        elif s.year is not None:
            assert (f["year"], f["date"]) == (str(s.year), f"{s.year:04d}")
            assert "month" not in f
        else:
            assert not {"year", "month", "date"} & set(f)  # no data, no invented date
        if s.url:
            url = f["url"]
            assert "{" not in url and "}" not in url and "\\" not in url
            assert url == s.url.replace("{", "%7B").replace("}", "%7D").replace("\\", "%5C")
        if s.cited_in:
            assert latex_text(f["note"]) == folded(f"Known through {case.source(s.cited_in).title}.")


@given(sources_cases())
def test_csl_json_parses_back_to_the_same_fields(case: Case) -> None:
    items = json.loads(citations.to_csl_json(case))
    assert [i["id"] for i in items] == [s.id for s in case.sources]
    for s, item in zip(case.sources, items, strict=True):
        assert item["type"] == citations.CSL_TYPES[s.kind]
        assert item["title"] == s.title  # exact, control characters and all
        assert item.get("author") == ([{"literal": s.author}] if s.author else None)
        assert item.get("URL") == s.url
        assert item.get("language") == s.language
        assert item.get("annote") == (s.note or None)
        assert (item.get("container-title") or item.get("publisher")) == (s.publisher or None)
        parts = item.get("issued", {}).get("date-parts")
        if s.date is not None:
            assert parts == [[p for p in (s.date.year, s.date.month, s.date.day) if p is not None]]
        elif s.year is not None:
            assert parts == [[s.year]]
        else:
            assert parts is None
        assert 1 <= len(parts[0]) <= 3 if parts else True


# ---------------------------------------------------------------- examples


def test_bundled_case_entries() -> None:
    case = datasets.load("bogor-kisarazu")
    entries = parse_bib(citations.to_bibtex(case))
    kind, thesis = entries["thesis"]
    assert kind == "mastersthesis"
    assert thesis["type"] == "Thesis"
    assert not {"year", "date", "author"} & set(thesis)  # the chapter names neither
    assert entries["laporan-2016"][1]["author"] == "{Bagian Kerjasama Sekretariat Kota Bogor}"
    assert entries["laporan-2016"][1]["institution"] == "Pemerintah Kota Bogor"
    assert (entries["laporan-2016"][1]["year"], entries["laporan-2016"][1]["date"]) == ("2016", "2016")
    assert entries["kotabogor-2016-11-19"][0] == "online"
    items = {i["id"]: i for i in citations.csl_items(case)}
    assert items["thesis"] == {"id": "thesis", "type": "thesis", "genre": "Thesis", "language": "id",
                               "title": case.source("thesis").title, "annote": case.source("thesis").note}


def test_report_anchors_use_the_same_keys(text_only_report: None) -> None:
    from sistercity.report import report

    case = datasets.load("bogor-kisarazu")
    html = report(case)
    for key in parse_bib(citations.to_bibtex(case)):
        assert f'id="src-{key}"' in html


def test_escaping_examples() -> None:
    esc = citations.bibtex_escape
    assert esc("}{") == r"\textbraceright{}\textbraceleft{}"  # balanced for BibTeX although the text is not
    assert esc("50% & $5 #1 a_b ^ ~") == r"50\% \& \$5 \#1 a\_b \textasciicircum{} \textasciitilde{}"
    assert esc("C:\\new\\") == r"C:\textbackslash{}new\textbackslash{}"
    assert esc("line\n\nbreak\t x") == "line break x"
    assert esc("esc\x1b[31m\x00") == r"esc\textless{}U+001B\textgreater{}[31m\textless{}U+0000\textgreater{}"
    assert esc("日本語 Kisarazu — café") == "日本語 Kisarazu — café"
    with pytest.raises(ArgumentTypeError):
        esc(3)  # type: ignore[arg-type]


def test_cited_in_is_a_note() -> None:
    case = Case(id="x", title="t", sources=[
        Source(id="thesis", kind="thesis", title="A {thesis}"),
        Source(id="rep", kind="report", title="R", year=2016, cited_in="thesis")])
    entries = parse_bib(citations.to_bibtex(case))
    assert latex_text(entries["rep"][1]["note"]) == "Known through A {thesis}."
    assert citations.csl_items(case)[1]["note"] == "Known through A {thesis}."


def test_write_sources_formats_and_errors(tmp_path: Path) -> None:
    case = datasets.load("bogor-kisarazu")
    assert citations.write_sources(case, tmp_path / "a.bib").read_text(encoding="utf-8") == citations.to_bibtex(case)
    assert citations.write_sources(case, tmp_path / "a.json").read_text(encoding="utf-8") == \
        citations.to_csl_json(case)
    assert citations.write_sources(case, tmp_path / "a.txt", "csl-json").read_text(encoding="utf-8") == \
        citations.to_csl_json(case)
    with pytest.raises(ArgumentError, match="suffix"):
        citations.write_sources(case, tmp_path / "a.txt")
    with pytest.raises(ArgumentError, match="format"):
        citations.write_sources(case, tmp_path / "a.bib", "ris")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError):
        citations.write_sources("bogor-kisarazu", tmp_path / "a.bib")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError):
        citations.write_sources(case, 3)  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError):
        citations.to_bibtex(None)  # type: ignore[arg-type]


def test_cli_export_sources(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text((Path(datasets.__file__).parent / "bogor-kisarazu.yaml").read_text(encoding="utf-8"),
                         encoding="utf-8")
    case = datasets.load("bogor-kisarazu")
    assert main(["export-sources", str(case_file), "-o", str(tmp_path / "refs.bib")]) == 0
    assert (tmp_path / "refs.bib").read_text(encoding="utf-8") == citations.to_bibtex(case)
    assert f"{len(case.sources)} sources" in capsys.readouterr().out
    assert main(["export-sources", str(case_file), "-o", str(tmp_path / "refs.txt"), "--format", "csl-json"]) == 0
    assert json.loads((tmp_path / "refs.txt").read_text(encoding="utf-8")) == citations.csl_items(case)
    capsys.readouterr()
    assert main(["export-sources", "bogor-kisarazu", "--format", "csl-json"]) == 0
    assert json.loads(capsys.readouterr().out) == citations.csl_items(case)
    assert main(["export-sources", str(case_file), "-o", str(tmp_path / "refs.docx")]) == 1
    assert "suffix" in capsys.readouterr().err


def test_thesis_page_examples_run() -> None:
    import doctest

    page = Path(__file__).resolve().parents[1] / "docs" / "thesis.md"
    result = doctest.testfile(str(page), module_relative=False,
                              optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted > 10
    assert result.failed == 0
