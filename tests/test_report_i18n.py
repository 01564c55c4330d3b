"""The report in Bahasa Indonesia: a complete catalog, the vocabulary's words, locale formats, the CLI option."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any, get_args

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from hypothesis import given

from sistercity import ArgumentError, Case, datasets, interdependence
from sistercity.cli import main
from sistercity.dates import PartialDate
from sistercity.lifecycle import DEADLINES, PHASES
from sistercity.model import (
    AGREEMENT_KINDS,
    ActorLevel,
    CommitmentStatus,
    EventKind,
    ObstacleKind,
    SourceKind,
)
from sistercity.report import LANGUAGES, SECTIONS, report
from sistercity.report._i18n import catalog_path, get_lang
from sistercity.report._terms import terms
from sistercity.vocab import OBSTACLE_CATEGORIES, SECTORS, normalize_term
from strategies import partial_dates

PACKAGE = Path(str(resources.files("sistercity.report")))
ID_SECTIONS = ["Ringkasan", "Implementasi", "Hambatan dan tantangan", "Interdependensi", "Kerangka hukum",
               "Keselarasan dengan sasaran kebijakan", "Masa berlaku dan tenggat berikutnya", "Sumber"]


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    """Babel's method map and options, as ``report/babel.cfg`` gives them."""
    from babel.messages.frontend import parse_mapping_cfg

    with (PACKAGE / "babel.cfg").open(encoding="utf-8") as f:
        return parse_mapping_cfg(f)


def _extracted() -> dict[tuple[str | None, str], tuple[str, int]]:
    """Every message the templates and the Python code use: (context, id) -> (file, line)."""
    method_map, options = _method_map()
    out: dict[tuple[str | None, str], tuple[str, int]] = {}
    for filename, line, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map, options_map=options):
        msgid = message[0] if isinstance(message, tuple) else message
        out[(context, msgid)] = (filename, line)
    return out


def _catalog() -> Any:
    with catalog_path("id").open("rb") as f:
        return read_po(f, locale="id")


def test_every_message_used_is_translated() -> None:
    used = _extracted()
    assert len(used) > 250, "the extractor finds the messages of the templates and the code"
    assert any(file.endswith(".j2") for file, _ in used.values())
    assert any(file.endswith(".py") for file, _ in used.values())
    catalog = _catalog()
    missing, untranslated = [], []
    for (context, msgid), where in sorted(used.items(), key=str):
        entry = catalog.get(msgid, context=context)
        if entry is None:
            missing.append((context, msgid, where))
        elif entry.fuzzy or not all(entry.string if isinstance(entry.string, tuple) else (entry.string,)):
            untranslated.append((context, msgid, where))
    assert not missing, f"messages missing from the Indonesian catalog: {missing}"
    assert not untranslated, f"messages not (or only fuzzily) translated: {untranslated}"


def test_the_catalog_holds_no_message_nobody_uses() -> None:
    used = set(_extracted())
    unused = [(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in _catalog() if m.id]
    assert [k for k in unused if k not in used] == []


def test_catalog_placeholders_match() -> None:
    catalog = _catalog()
    errors = [(m.id, [str(e) for e in errs]) for m, errs in catalog.check()]
    assert not errors
    assert catalog.plural_forms == "nplurals=1; plural=0;"


def test_the_word_tables_cover_every_value_the_model_allows() -> None:
    en = terms(get_lang("en"))
    assert set(en["commitment status"]) == set(get_args(CommitmentStatus))
    assert set(en["event kind"]) == set(get_args(EventKind))
    assert set(en["source kind"]) == set(get_args(SourceKind))
    assert set(en["actor level"]) == set(get_args(ActorLevel))
    assert set(en["obstacle kind"]) == set(get_args(ObstacleKind))
    assert set(en["channel"]) == set(interdependence.CHANNELS)
    assert set(en["phase"]) == {*PHASES, "unknown"}
    assert set(en["deadline"]) == set(DEADLINES)
    assert {k: v for k, v in en["agreement kind"].items()} == {
        k: v.split(":")[0].rstrip(".") for k, v in AGREEMENT_KINDS.items()}
    # the built-in vocabularies: every term, with its label as the English message
    assert en["sector"] == {t.id: t.label for t in SECTORS.terms}
    assert en["obstacle category"] == {t.id: t.label for t in OBSTACLE_CATEGORIES.terms}


@pytest.mark.parametrize("name", datasets.list_datasets()["name"].tolist())
def test_every_interdependence_measure_has_its_words(name: str) -> None:
    table = interdependence.profile(datasets.load(name), at="2018").figure_table()
    en = terms(get_lang("en"))["measure"]
    assert {str(r["figure"]): str(r["label"]) for r in table.to_dict("records")}.items() <= en.items()


def test_indonesian_sector_labels_are_the_vocabularys_own_aliases() -> None:
    """The documented rule: each Indonesian sector label is made of the term's Indonesian aliases."""
    words = terms(get_lang("id"))["sector"]
    for term in SECTORS.terms:
        label = words[term.id]
        assert label != term.label, term.id
        parts = [p for chunk in label.lower().split(", ") for p in chunk.split(" dan ")]
        aliases = {normalize_term(a) for a in term.aliases}
        assert normalize_term(label) in aliases or all(normalize_term(p) in aliases for p in parts), (term.id, label)


def test_dates_keep_their_precision() -> None:
    id_, en = get_lang("id"), get_lang("en")
    assert id_.date("2017") == en.date("2017") == "2017"
    assert id_.date("2016-11") == "November 2016" and en.date("2016-11") == "November 2016"
    assert id_.date("2017-12-14") == "14 Desember 2017" and en.date("2017-12-14") == "December 14, 2017"
    assert id_.date("2020-07/2021-06") == "Juli 2020 – Juni 2021"
    assert id_.date("not a date") == "not a date"


@given(partial_dates(min_year=1990, max_year=2040))
def test_no_day_or_month_is_invented(date: PartialDate) -> None:
    for lang in LANGUAGES:
        text = get_lang(lang).date(str(date))
        assert str(date.year) in text
        if date.precision == "year":
            assert text == str(date.year)
        elif date.precision == "month":
            assert not any(ch.isdigit() for ch in text.replace(str(date.year), "")), text
        else:
            assert str(date.day) in text.replace(str(date.year), "")


def test_numbers_follow_the_locale() -> None:
    assert get_lang("id").decimal(0.2) == "0,20" and get_lang("en").decimal(0.2) == "0.20"
    assert get_lang("id").integer(12345) == "12.345" and get_lang("en").integer(12345) == "12,345"


@pytest.mark.parametrize("name", datasets.list_datasets()["name"].tolist())
def test_indonesian_report_of_every_bundled_case(name: str, bundled_report: Callable[..., str]) -> None:
    from html.parser import HTMLParser

    page = bundled_report(name, lang="id")
    assert page.startswith('<!DOCTYPE html>\n<html lang="id">')

    class H2(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.titles: list[str] = []
            self._in = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self._in = tag == "h2"

        def handle_endtag(self, tag: str) -> None:
            self._in = False

        def handle_data(self, data: str) -> None:
            if self._in:
                self.titles.append(data)

    parser = H2()
    parser.feed(page)
    assert parser.titles == ID_SECTIONS
    assert len(ID_SECTIONS) == len(SECTIONS)
    for english in ("What is due next", "Implemented agreed sectors", "Full table:", "open the source",
                    "no evidence recorded", "Bracketed numbers"):
        assert english not in page, english


def test_bogor_kisarazu_in_indonesian(bundled_report: Callable[..., str]) -> None:
    page = bundled_report("bogor-kisarazu", lang="id")
    assert "Sektor yang disepakati dan terlaksana: <strong>pendidikan</strong>." in page
    assert "<b>1 dari 5</b>" in page and "<b>0,13</b>" in page  # the exchange's conflict settles at 2: 2/15
    assert "Surat pernyataan kehendak (LoI)" in page
    assert "Hambatan dan tantangan" in page and "sumber-sumber tidak sepakat" in page
    assert '<time datetime="2016-11">November 2016</time>' in page  # a month stays a month
    assert '<time datetime="2016">2016</time>' in page  # a year stays a year
    assert "masa pembaruannya dimulai pada 18 Mei 2021" in page
    assert "dalam bahasa Indonesia" in page


def test_a_case_defined_sector_keeps_its_own_label(text_only_report: None) -> None:
    data = datasets.load("bogor-kisarazu").to_dict()
    data["vocabulary"] = {"sectors": [{"id": "water_sanitation", "label": "Air bersih dan sanitasi",
                                       "aliases": ["air bersih"]}]}
    data["commitments"][0]["sector"] = "water_sanitation"
    page = report(Case.model_validate(data), at="2018", lang="id")
    assert "Air bersih dan sanitasi" in page


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ArgumentError, match="lang must be one of 'en', 'id'"):
        report(datasets.load("bogor-kisarazu"), lang="fr")


def test_import_sistercity_does_not_import_jinja_or_babel() -> None:
    code = "import sys, sistercity; print(sorted(m for m in ('jinja2', 'babel') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_lang_option(tmp_path: Path, capsys: pytest.CaptureFixture[str], text_only_report: None) -> None:
    target = tmp_path / "bk-id.html"
    assert main(["report", "--lang", "id", "--at", "2018", "-o", str(target)]) == 0
    assert '<html lang="id">' in target.read_text(encoding="utf-8")
    assert main(["report", "--at", "2018", "-o", str(tmp_path / "bk.html")]) == 0
    assert '<html lang="en">' in (tmp_path / "bk.html").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["report", "--lang", "fr", "-o", str(tmp_path / "x.html")])
    assert "invalid choice" in capsys.readouterr().err


def test_section_ids_do_not_depend_on_the_language(text_only_report: None) -> None:
    import re

    case = datasets.load("surabaya-kochi")
    ids = [re.findall(r'<section id="([^"]+)">', report(case, at="2018", lang=lang)) for lang in LANGUAGES]
    assert ids[0] == ids[1] == ["at-a-glance", "implementation", "obstacles-and-challenges", "interdependence",
                                "legal-frame", "alignment-with-policy-targets", "lifecycle-and-what-is-due-next",
                                "sources"]


def test_figures_show_labels_in_the_reports_language() -> None:
    """The words the report passes to a figure replace the ids and fixed words the plotting functions draw."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from sistercity.implementation import sector_coverage
    from sistercity.plotting import plot_sector_coverage
    from sistercity.report._doc import Doc
    from sistercity.report._figures import _ids, _mathtext_off, _words

    case = datasets.load("bogor-kisarazu")
    doc = Doc(case, "2018", "2018", get_lang("id"))
    fig = Figure()
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    plot_sector_coverage(sector_coverage(case, at="2018"), ax=ax, labels=False)
    _mathtext_off(fig, {**_words(doc), **_ids(doc, sectors=True)})
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Pendidikan", "Kebudayaan", "Pariwisata", "Pertanian", "Kesehatan"]
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["terlaksana", "di bawah ambang", "celah (tanpa komitmen)"]
