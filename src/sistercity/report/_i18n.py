"""The report's languages: gettext catalogs compiled in memory, numbers and dates by Babel.

The catalogs are shipped as gettext ``.po`` files (package data,
``report/locale/<lang>/LC_MESSAGES/sistercity.po``) and compiled in memory with
Babel the first time a language is used (a few milliseconds, once per process):
no build step, and no compiled ``.mo`` file in the repository that could drift
from its ``.po``. English is the language of the message ids, so it needs no
catalog. A message missing from a catalog falls back to its English text (gettext's
rule); ``tests/test_report_i18n.py`` makes that a test failure.

Jinja2 and Babel are imported when a report is made, not with ``import sistercity``.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from sistercity.dates import PartialDate

if TYPE_CHECKING:
    import gettext

__all__ = ["DOMAIN", "LANGUAGES", "Lang", "catalog_path", "get_lang", "translations"]

LANGUAGES: tuple[str, ...] = ("en", "id")
"""The languages a report can be written in: English and Bahasa Indonesia."""

DOMAIN = "sistercity"
"""The gettext domain (the catalogs' file name)."""

_RANGE = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)/(\d{4}(?:-\d{2}(?:-\d{2})?)?)$")


def catalog_path(lang: str) -> Any:
    """The ``.po`` catalog of ``lang`` (an :mod:`importlib.resources` traversable)."""
    return resources.files("sistercity.report") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled translations of ``lang`` (``en``: none, the ids are English)."""
    import gettext

    if lang == "en":
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with catalog_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog)  # fuzzy entries are left out, as msgfmt does
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


@dataclass(frozen=True)
class Lang:
    """Text in one language: gettext look-ups and Babel formats of numbers and dates.

    The method names are gettext's, so Babel's extractor finds the messages in
    the Python code (``lang.gettext("...")``) as it finds ``_("...")``.
    """

    code: str
    t: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        return self.t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.t.pgettext(context, message)

    def integer(self, n: int) -> str:
        """A whole number with the locale's grouping (``1,234`` / ``1.234``)."""
        from babel.numbers import format_decimal

        return str(format_decimal(n, format="#,##0", locale=self.code))

    def decimal(self, x: float, places: int = 2) -> str:
        """A number with ``places`` decimals and the locale's decimal sign (``0.20`` / ``0,20``)."""
        from babel.numbers import format_decimal

        return str(format_decimal(x, format="#,##0." + "0" * places, locale=self.code,
                                  decimal_quantization=True))

    def percent(self, x: float) -> str:
        """A share as a whole percentage in the locale's form (``20%``)."""
        from babel.numbers import format_percent

        return str(format_percent(x, format="#,##0%", locale=self.code))

    def join(self, items: Iterable[str], style: str = "standard") -> str:
        """``a, b and c`` (``standard``) or ``a, b or c`` (``or``) in the locale's words."""
        from babel.lists import format_list

        seq = list(items)
        return str(format_list(seq, style=style, locale=self.code)) if seq else ""  # type: ignore[arg-type]

    def date(self, value: object) -> str:
        """A (partial) date for reading: ``2017`` stays a year, ``2016-11`` is ``November 2016``.

        A full date is the locale's long form (``18 November 2016`` in Indonesian,
        ``November 18, 2016`` in English); a range ``a/b`` (a date the sources give only
        as a span) is ``a – b``; ``datetime.date`` values are full dates; anything
        else is shown as it is. No day or month is ever added.
        """
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            value = value.isoformat()
        return _format_date(self.code, str(value))


@functools.lru_cache(maxsize=4096)
def _format_date(code: str, text: str) -> str:
    from babel.dates import format_date, format_skeleton

    m = _RANGE.match(text)
    if m:
        return f"{_format_date(code, m.group(1))} – {_format_date(code, m.group(2))}"
    try:
        pd_ = PartialDate.parse(text)
    except (ValueError, TypeError):
        return text
    if pd_.month is None:
        return str(pd_.year)
    if pd_.day is None:
        return str(format_skeleton("yMMMM", _dt.date(pd_.year, pd_.month, 1), locale=code))
    return str(format_date(_dt.date(pd_.year, pd_.month, pd_.day), format="long", locale=code))


@functools.cache
def get_lang(code: str) -> Lang:
    """The :class:`Lang` of a language code in :data:`LANGUAGES`."""
    return Lang(code, translations(code))
