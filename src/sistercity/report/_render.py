"""The report: the context of every section, rendered by Jinja2 with autoescaping on."""

from __future__ import annotations

import datetime as _dt
import errno
import functools
import os
import re
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sistercity import implementation as _implementation
from sistercity import lifecycle as _lifecycle
from sistercity._args import choice
from sistercity.dates import parse_at
from sistercity.exceptions import ArgumentTypeError
from sistercity.model import Case
from sistercity.report._doc import LEVEL_COLORS, THRESHOLD, Doc
from sistercity.report._frame import alignment, legal
from sistercity.report._glance import glance
from sistercity.report._i18n import LANGUAGES, Lang, get_lang
from sistercity.report._impl import FOLD_ROWS, implementation
from sistercity.report._life import lifecycle, sources
from sistercity.report._obstacles import obstacles
from sistercity.report._ties import interdependence

if TYPE_CHECKING:
    import jinja2

__all__ = ["SECTIONS", "build_context", "environment", "render", "report"]

SECTIONS: tuple[str, ...] = (
    "At a glance",
    "Implementation",
    "Obstacles and challenges",
    "Interdependence",
    "Legal frame",
    "Alignment with policy targets",
    "Lifecycle and what is due next",
    "Sources",
)
"""The report's sections, in order (each is an ``<h2>`` with this text in an English report)."""

_TEMPLATES = ("glance", "implementation", "obstacles", "interdependence", "legal", "alignment", "lifecycle",
              "sources")

# C0 and C1 control characters other than tab, line feed and carriage return, and lone surrogates: not text
# an HTML page may carry (and a surrogate cannot be written as UTF-8). They are shown as U+FFFD.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _section_titles(lang: Lang) -> tuple[str, ...]:
    return (lang.gettext("At a glance"), lang.gettext("Implementation"), lang.gettext("Obstacles and challenges"),
            lang.gettext("Interdependence"), lang.gettext("Legal frame"), lang.gettext("Alignment with policy targets"),
            lang.gettext("Lifecycle and what is due next"), lang.gettext("Sources"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@functools.cache
def environment(lang_code: str) -> jinja2.Environment:
    """The Jinja2 environment of one language: package templates, autoescape on, gettext installed."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sistercity.report", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    lang = get_lang(lang_code)
    env.install_gettext_translations(lang.t, newstyle=True)  # type: ignore[attr-defined]
    env.filters["integer"] = lang.integer
    env.globals["FOLD_ROWS"] = FOLD_ROWS
    return env


@functools.cache
def _css() -> str:
    from importlib import resources

    return (resources.files("sistercity.report") / "static" / "report.css").read_text(encoding="utf-8")


def build_context(case: Case, *, at: str | None, lang: str) -> dict[str, Any]:
    """Every value the templates show, as plain values (no markup)."""
    from sistercity import __version__

    language = get_lang(lang)
    status_at = at if at is not None else (str(case.period_end) if case.period_end else None)
    life_at: object = at if at is not None else _dt.date.today()
    doc = Doc(case, status_at, life_at, language)
    status = _implementation.status(case, at=status_at)
    coverage = _implementation.sector_coverage(case, at=status_at, threshold=THRESHOLD)
    rates = _implementation.agreement_rates(case, at=status_at)
    lc = _lifecycle.lifecycle(case, at=life_at)
    contexts = (glance(doc, coverage, rates), implementation(doc, status, coverage, lc, rates), obstacles(doc),
                interdependence(doc), legal(doc), alignment(doc), lifecycle(doc, lc), sources(doc))
    titles = _section_titles(language)
    return {
        "lang": lang,
        "title": case.title,
        "case_id": case.id,
        "version": __version__,
        "css": _css(),
        "how": {"at": doc.at_text, "status_why": at is None and status_at is not None, "given": at is not None,
                "life_at": language.date(life_at), "levels": [doc.level(n) for n in range(4)],
                "colors": LEVEL_COLORS},
        "sections": [{"id": _slug(english), "title": title, "template": f"sections/{name}.html.j2", "c": ctx}
                     for english, title, name, ctx in zip(SECTIONS, titles, _TEMPLATES, contexts, strict=True)],
    }


def render(context: dict[str, Any]) -> str:
    """The HTML page of a context from :func:`build_context`."""
    page = environment(context["lang"]).get_template("report.html.j2").render(context)
    return _NOT_TEXT.sub("\ufffd", page)


def report(case: Case, path: str | Path | None = None, *, at: _dt.date | str | None = None,
           lang: str = "en") -> str:
    """The HTML report of ``case``; written to ``path`` too when given.

    Parameters
    ----------
    case
        The case.
    path
        Where to write the file (UTF-8), or ``None``.
    at
        The date the status and lifecycle are read at (a date or a partial date
        string); ``None``: the case's ``period_end`` for implementation (all
        observations when it has none) and today for the lifecycle.
    lang
        The language of the report's own text: ``"en"`` (English) or ``"id"``
        (Bahasa Indonesia); see :data:`LANGUAGES`. The case's text (titles,
        quotes, notes) is shown as the case gives it.

    Returns
    -------
    str
        The HTML document.

    Raises
    ------
    ArgumentTypeError
        When ``case`` is not a :class:`~sistercity.Case` or ``path`` is not a path.
    ArgumentError
        For an ``at`` that is not a date, or a ``lang`` not in :data:`LANGUAGES`.
    OSError
        When ``path`` cannot be written; a ``FileNotFoundError`` before any rendering
        when its folder does not exist.

    Examples
    --------
    >>> from sistercity import datasets
    >>> page = report(datasets.load("bogor-kisarazu"))
    >>> page.startswith("<!DOCTYPE html>"), all(f"<h2>{s}</h2>" in page for s in SECTIONS)
    (True, True)
    >>> "<h2>Hambatan dan tantangan</h2>" in report(datasets.load("bogor-kisarazu"), lang="id")
    True
    """
    if not isinstance(case, Case):
        raise ArgumentTypeError(f"report needs a sistercity Case, got {type(case).__name__}")
    if path is not None and not isinstance(path, (str, PathLike)):
        raise ArgumentTypeError(f"path must be a file path or None, got {type(path).__name__}")
    lang = choice("lang", lang, LANGUAGES)
    parsed = parse_at(at)
    if path is not None and not Path(path).parent.is_dir():  # the error the write would give, before the work
        raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path))
    page = render(build_context(case, at=str(parsed) if parsed is not None else None, lang=lang))
    if path is not None:
        Path(path).write_text(page, encoding="utf-8")
    return page
