"""One self-contained HTML report of a case, in English or Bahasa Indonesia.

The report brings every analysis together in the order a thesis chapter or a
city council briefing reads: the case at a glance; implementation by sector and
commitment, with the evidence behind each status; obstacles and challenges; the
actors' interdependence; legal findings; alignment with policy targets; each
agreement's lifecycle and what is due next; and the sources.

Every status, obstacle, signatory and event is shown with its evidence: a
numbered reference to the source (listed, with its link, under "Sources"), the
place in the source and the quoted words. Where the case records two readings on
purpose (two accounts of who signed, two observations of one commitment), both
are shown, each with its own sources.

Every implementation rate is shown with its observed share beside it ("1 of 5
observed (20%)"), and, where some agreed commitments are unobserved, with the
rate that counts them as level 0 (the Peace Accords Matrix's figure): a rate that
rests on one commitment is not read as a rate of the whole agreement. When the
case's observations come from two or more coders, the implementation section
shows their agreement (:func:`sistercity.reliability.of_case`: Krippendorff's
ordinal α with the units it rests on and Krippendorff's reading, the other
coefficients, and the units on which the coders differ); a case coded by one
coder gets a sentence saying agreement cannot be measured.

Figures label sectors, categories, agreements and commitments as the tables do
(labels and titles, not ids); the ``k/n`` marks of a trajectory (commitments
observed / in the group) are moved apart where two lines meet.

The tables a reader needs are chosen and labelled for reading; the full tables
the analyses return stay reachable in folded ``<details>`` blocks, and a reading
table or list of more than 30 rows is folded too (a ``<details>`` block opens
without JavaScript). Numbers come from the analysis modules
(:mod:`sistercity.implementation`, :mod:`~sistercity.obstacles`,
:mod:`~sistercity.interdependence`, :mod:`~sistercity.legal`,
:mod:`~sistercity.alignment`, :mod:`~sistercity.lifecycle`); the report only
formats them.

How it is made
--------------
A context of plain values (text, numbers, small dicts; no markup) is built from
the analyses, then rendered by Jinja2 templates with autoescaping on, so every
piece of text from the case is escaped by the template engine: a name such as
``<script>`` shows as text. The templates (``report/templates/*.html.j2``), the
style sheet (``report/static/report.css``, with a print style sheet: A4, each
section on a new page, figures and table rows not split) and the translations
are package data. The file needs no network to open: figures are embedded as
PNG data, the style is inline, there is no script.

Languages
---------
``lang="en"`` or ``lang="id"`` (:data:`LANGUAGES`). Every fixed text of the
report goes through the gettext catalog ``report/locale/id/LC_MESSAGES/sistercity.po``
(its message ids are the English text); numbers and dates are formatted for the
language by Babel, and partial dates keep their precision ("2017" stays a year,
"2016-11" is "November 2016", a day is never added). Built-in sector and
obstacle-category labels come from the catalog, where the Indonesian sector
labels are the vocabulary's own Indonesian aliases (``pendidikan`` →
"Pendidikan"); a term a case defines keeps the label the case gives. The
Indonesian wording follows the register of the seed thesis and of Indonesian
regional government (kerja sama, kota persahabatan, kota kembar, hambatan,
tantangan, nota kesepahaman, surat pernyataan kehendak).

The ``.po`` file is compiled in memory with Babel the first time it is used, so
there is no build step and no compiled file to keep in step. To update the
catalog after changing a message (from the repository root)::

    pybabel extract -F src/sistercity/report/babel.cfg --no-location --sort-output \\
        -o /tmp/sistercity.pot src/sistercity/report
    pybabel update -i /tmp/sistercity.pot -d src/sistercity/report/locale -D sistercity \\
        --no-fuzzy-matching -w 100

then translate the new entries. Messages written in the templates are HTML
(``&amp;`` for "&"); messages in the Python code are plain text.
``tests/test_report_i18n.py`` fails when a message the templates or the code use
is missing from the catalog, untranslated, or has placeholders that do not match.
"""

from sistercity.report._i18n import LANGUAGES
from sistercity.report._render import SECTIONS, report

__all__ = ["LANGUAGES", "SECTIONS", "report"]
