"""The ``sistercity`` command line.

``sistercity validate FILE...``
    Check case files; exit 0 when all are valid, 1 with every problem listed.
    Warnings (valid, but probably wrong: an observation dated before its
    agreement took effect) are printed marked ``warning:`` and do not change the
    exit code.
``sistercity schema [-o FILE]``
    Print (or write) the JSON Schema of case files.
``sistercity summary [CASE]``
    A plain-text summary of a case (a file, or a bundled dataset's name; the
    bundled Bogor–Kisarazu case when none is given).
``sistercity report [CASE] [-o FILE] [--at DATE] [--lang en|id]``
    Write the self-contained HTML report of a case (default file:
    ``<case id>-report.html``), in English or Bahasa Indonesia.
``sistercity datasets``
    List the bundled datasets.
``sistercity export-sources [CASE] [-o FILE] [--format bibtex|csl-json]``
    Write a case's sources as BibTeX or CSL-JSON (:mod:`sistercity.citations`), the
    format from the suffix of ``FILE`` (``.bib``, ``.json``) unless ``--format`` is
    given; to standard output (BibTeX unless ``--format``) when no ``-o`` is given.
``sistercity template FILE``
    Write an empty case workbook (``.xlsx``) to fill in: a sheet per kind of record,
    header comments, drop-down lists and a README sheet; ``validate`` reads it back.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from sistercity._errors import quote
from sistercity._text import printable
from sistercity.exceptions import CaseValidationError, SisterCityError
from sistercity.io import case_schema, check_case, read_case
from sistercity.model import Case
from sistercity.report import LANGUAGES

__all__ = ["load_case_arg", "main"]

DEFAULT_CASE = "bogor-kisarazu"


def load_case_arg(value: str | None) -> Case:
    """A case from a command-line argument: a file path, or a bundled dataset's name.

    Parameters
    ----------
    value
        A path to a case file (YAML, JSON, Excel) or a folder of CSV files, or the name of a bundled dataset;
        ``None`` means the bundled Bogor–Kisarazu case.

    Returns
    -------
    Case

    Examples
    --------
    >>> load_case_arg(None).id
    'bogor-kisarazu'
    """
    from sistercity import datasets

    if value is None:
        return datasets.load(DEFAULT_CASE)
    path = Path(value)
    if path.exists() or path.suffix.lower() in (".yaml", ".yml", ".json", ".xlsx"):
        return read_case(path)
    return datasets.load(value)


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _summary(case: Case, out: TextIO) -> None:
    from sistercity.tables import CaseTables

    t: CaseTables = case.tables

    def w(text: str) -> None:
        # Each line written is escaped whole: case text cannot add lines or escape sequences.
        out.write("".join(printable(line) + "\n" for line in text.split("\n")[:-1]))

    title = printable(case.title)
    w(f"{title}\n{'=' * len(title)}\n")
    if case.period_start or case.period_end:
        w(f"Period: {case.period_start or '?'} to {case.period_end or '?'}\n")
    by_country = t.actors.groupby("country").size()
    w(f"Actors: {len(t.actors)} ({', '.join(f'{c}: {n}' for c, n in by_country.items())})\n")
    w(f"Sources: {len(t.sources)}; evidence items: {len(t.evidence)}\n\n")
    for ag in case.agreements:
        parties = ", ".join(case.actor(p).name for p in ag.parties)
        w(f"Agreement {ag.id} ({ag.kind.replace('_', ' ')}), signed {ag.signed or 'unknown'}\n")
        w(f"  parties: {parties}\n")
        if ag.term is not None:
            w(f"  term: {ag.term} months; ends {ag.end or 'unknown'}; renewal window: "
              f"{ag.renewal_window if ag.renewal_window is not None else 'none'} months\n")
        w(f"  binding: {'unknown' if ag.binding is None else ('yes' if ag.binding else 'no')}\n")
        w(f"  sectors: {', '.join(ag.sectors) or 'none'}{' (and others agreed later)' if ag.open_sectors else ''}\n")
    w("\nCommitments (latest observed level, 0 not initiated - 3 full):\n")
    obs = t.observations.sort_values(["commitment", "date_last"], kind="stable")
    latest = obs.groupby("commitment").tail(1).set_index("commitment")
    for c in case.commitments:
        if c.id in latest.index:
            row = latest.loc[c.id]
            level = f"{row['level']} at {row['date']}"
        else:
            level = "no data"
        w(f"  - [{c.sector}] {c.title}: {level}\n")
    if case.obstacles:
        w("\nObstacles and challenges:\n")
        for ob in case.obstacles:
            w(f"  - {ob.kind} ({ob.category}): {ob.title}; affects {', '.join(ob.affects) or 'nothing named'}\n")



def _export_sources(args: argparse.Namespace, out: TextIO) -> int:
    """``sistercity export-sources``: the case's sources as BibTeX or CSL-JSON."""
    from sistercity import citations

    case = load_case_arg(args.case)
    if not args.output:
        out.write(citations.to_csl_json(case) if args.format == "csl-json" else citations.to_bibtex(case))
        return 0
    target = citations.write_sources(case, args.output, args.format)
    print(printable(f"wrote {target} ({_count(len(case.sources), 'source')})"), file=out)
    return 0


def _template(args: argparse.Namespace, out: TextIO) -> int:
    """``sistercity template``: an empty case workbook to fill in."""
    from sistercity.io import write_template

    target = write_template(args.output)
    print(printable(f"wrote {target}: fill it in, then run: sistercity validate {target}"), file=out)
    return 0

def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv
        The arguments after the program name (``None``: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 for bad input or a file that cannot be read or written.

    Examples
    --------
    >>> main(["validate", "no-such-file.yaml"])
    no-such-file.yaml: cannot read the file: No such file or directory
    1
    """
    parser = argparse.ArgumentParser(prog="sistercity", description="Qualitative analysis of sister-city cooperation.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_val = sub.add_parser("validate", help="check case files")
    p_val.add_argument("files", nargs="+", metavar="FILE")
    p_schema = sub.add_parser("schema", help="print the JSON Schema of case files")
    p_schema.add_argument("-o", "--output", metavar="FILE")
    p_sum = sub.add_parser("summary", help="summarise a case (file or bundled dataset name)")
    p_sum.add_argument("case", nargs="?", metavar="CASE")
    p_rep = sub.add_parser("report", help="write the HTML report of a case (file or bundled dataset name)")
    p_rep.add_argument("case", nargs="?", metavar="CASE")
    p_rep.add_argument("-o", "--output", metavar="FILE", help="default: <case id>-report.html")
    p_rep.add_argument("--at", metavar="DATE", help="read status at this date (2018, 2018-06, 2018-06-30)")
    p_rep.add_argument("--lang", choices=LANGUAGES, default="en",
                       help="language of the report: en (English) or id (Bahasa Indonesia); default en")
    sub.add_parser("datasets", help="list the bundled datasets")
    p_src = sub.add_parser("export-sources", help="write a case's sources as BibTeX or CSL-JSON")
    p_src.add_argument("case", nargs="?", metavar="CASE")
    p_src.add_argument("-o", "--output", metavar="FILE",
                       help="default: standard output; the format follows the suffix (.bib, .bibtex, .json)")
    p_src.add_argument("--format", choices=("bibtex", "csl-json"), help="bibtex or csl-json (default: from FILE)")
    p_tpl = sub.add_parser("template", help="write an empty case workbook (.xlsx) to fill in")
    p_tpl.add_argument("output", metavar="FILE")
    args = parser.parse_args(argv)
    out = sys.stdout
    if out is None and not getattr(args, "output", None):  # started with standard output closed
        if sys.stderr is not None:
            print("sistercity: standard output is closed; give -o FILE where the command has it", file=sys.stderr)
        return 1
    try:
        if args.command == "validate":
            failed = 0
            for f in args.files:
                check = check_case(f)
                if check.case is None:
                    failed += 1
                else:  # valid; its warnings (marked "warning:") follow, and do not fail it
                    case = check.case
                    counts = ", ".join(_count(len(items), what) for items, what in (
                        (case.actors, "actor"), (case.agreements, "agreement"),
                        (case.commitments, "commitment"), (case.observations, "observation")))
                    warned = f"; {_count(len(check.warnings), 'warning')}" if check.warnings else ""
                    print(printable(f"{f}: valid ({counts}{warned})"), file=out)
                for problem in check.problems:
                    print(printable(str(problem)), file=out)
            return 1 if failed else 0
        if args.command == "schema":
            text = json.dumps(case_schema(), indent=2, ensure_ascii=False) + "\n"
            if args.output:
                Path(args.output).write_text(text, encoding="utf-8")
            else:
                out.write(text)
            return 0
        if args.command == "summary":
            _summary(load_case_arg(args.case), out)
            return 0
        if args.command == "report":
            from sistercity.report import report

            case = load_case_arg(args.case)
            target = Path(args.output or f"{case.id}-report.html")
            report(case, target, at=args.at, lang=args.lang)
            print(printable(f"wrote {target} ({target.stat().st_size:,} bytes): open it in a browser"), file=out)
            return 0
        if args.command == "datasets":
            from sistercity import datasets

            out.write(datasets.list_datasets().to_string(index=False) + "\n")
            return 0
        if args.command == "export-sources":
            return _export_sources(args, out)
        if args.command == "template":
            return _template(args, out)
    except CaseValidationError as err:
        for problem in err.problems:
            print(printable(str(problem)), file=sys.stderr)
        return 1
    except SisterCityError as err:
        print(printable(f"sistercity: {err}"), file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `sistercity summary | head -1`
        sys.stderr.close()
        return 0
    except OSError as err:
        # a write can fail without naming its file (e.g. -o /proc/version): name the output then
        name = err.filename or getattr(args, "output", None)
        where = f" {name}" if name else ""
        print(printable(f"sistercity: cannot write or read{where}: {err.strerror or err}"), file=sys.stderr)
        return 1
    parser.error(f"unknown command {quote(args.command)}")  # pragma: no cover - argparse rejects it first
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
