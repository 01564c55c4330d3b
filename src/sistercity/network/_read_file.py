"""A pair list in a CSV file: read within a size bound, checked, and split into cells (private).

The cells are those the :mod:`csv` module reads (``strict=True``), which, unlike
:func:`pandas.read_csv`, never shifts a row with more fields than the header
into the index nor pads a row with fewer. A file whose structure is plain —
every quote opens or closes a field, every record has the header's number of
fields, no lone carriage return — reads the same with pandas' C parser, which
is an order of magnitude faster; :func:`plain_structure` checks that on the
bytes with numpy, and only files that fail the check (malformed lines, stray
quotes) go through the :mod:`csv` module, line by line.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from sistercity._files import read_bytes
from sistercity.exceptions import CaseValidationError, Problem

DEFAULT_MAX_BYTES = 256 * 2**20
"""The largest pair-list file :func:`~sistercity.network.read_pairs` reads unless told (256 MiB)."""

_BOM = b"\xef\xbb\xbf"
_COMMA, _LF, _CR, _QUOTE = 44, 10, 13, 34


@dataclass(frozen=True)
class CsvCells:
    """The cells of a CSV file: the header, one object array of ``str`` per column (``""``: an empty cell,
    which is missing),
    the line each data row starts on, and the malformed rows as ``(row, original, detail)``.
    """

    header: list[str]
    columns: list[npt.NDArray[np.object_]]
    lines: npt.NDArray[np.int64]
    malformed: list[tuple[int, str, str]]


def decode(raw: bytes, name: str) -> str:
    """The text of a file: UTF-8 (a byte-order mark dropped), neither binary nor mis-encoded."""
    if b"\x00" in raw:
        raise CaseValidationError([Problem(
            "the file contains NUL bytes: it looks binary; expected a pair list as UTF-8 CSV text", file=name)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CaseValidationError([Problem(
            f"the file is not valid UTF-8 (byte {err.start}: {err.reason}); save it as UTF-8 CSV",
            file=name, line=raw[: err.start].count(b"\n") + 1)]) from None


# --------------------------------------------------------------------------- the fast path


def _longest_field(commas: npt.NDArray[np.intp], ends: npt.NDArray[np.intp], size: int) -> int:
    """Bytes in the longest field (separated by structural commas and line feeds)."""
    seps = np.sort(np.concatenate([commas, ends]))
    return int(np.diff(np.concatenate([[-1], seps, [size]])).max()) - 1


def plain_structure(body: bytes) -> tuple[int, npt.NDArray[np.int64]] | None:
    """``(width, lines)`` of a CSV text whose records pandas' C parser reads as :mod:`csv` does; else ``None``.

    ``width`` is the header's number of fields (at least 2), ``lines`` the line each
    record after the header starts on (1-based, counted as :mod:`csv` counts them:
    ``\\r\\n``, ``\\r`` and ``\\n`` each end a line, also inside a quoted field). ``None``
    when a quote neither opens a field nor closes one (``ab"c``, ``"a"b``), a quote is
    never closed, a carriage return outside quotes is not followed by a line feed, or a
    record has another number of fields than the header: such files go to :mod:`csv`.
    """
    a = np.frombuffer(body, dtype=np.uint8)
    if len(a) == 0:
        return None
    # every comma, line feed, carriage return and quote, in order; the rest works on this short stream
    special = np.flatnonzero(a <= _COMMA)  # the four are the only bytes it takes that matter
    kind = a[special]
    useful = (kind == _COMMA) | (kind == _LF) | (kind == _QUOTE) | (kind == _CR)
    special, kind = special[useful], kind[useful]
    is_quote = kind == _QUOTE
    q = special[is_quote]
    if len(q) % 2:
        return None
    if len(q):
        opening, closing = q[0::2], q[1::2]  # by parity: even/odd number of quotes before
        before_open = a[np.maximum(opening - 1, 0)]
        if not (((before_open == _COMMA) | (before_open == _LF) | (before_open == _QUOTE)) | (opening == 0)).all():
            return None
        after = closing + 1
        after_close = a[np.minimum(after, len(a) - 1)]
        ok = (after_close == _COMMA) | (after_close == _LF) | (after_close == _CR) | (after_close == _QUOTE)
        if not (ok | (after == len(a))).all():
            return None
    # an even number of quotes before: not in a quoted field (an int8 running count keeps its parity)
    outside = ((np.cumsum(is_quote, dtype=np.int8) - is_quote) & 1) == 0 if len(q) else np.ones(len(kind), bool)
    is_lf, is_cr = kind == _LF, kind == _CR
    cr_at = np.flatnonzero(is_cr)
    lone = a[np.minimum(special[cr_at] + 1, len(a) - 1)] != _LF  # a \r as the last byte is lone too
    if (lone & outside[cr_at]).any():
        return None
    line_end = is_lf & outside  # structural line feeds
    ends = special[line_end]
    starts = np.concatenate([[0], ends + 1])
    stops = np.concatenate([ends, [len(a)]])
    stops = stops - ((stops > starts) & (a[np.maximum(stops - 1, 0)] == _CR))  # drop the \r of \r\n
    line_of = np.cumsum(line_end, dtype=np.int32) - line_end  # the line of each special character
    fields = np.bincount(line_of[(kind == _COMMA) & outside], minlength=len(starts)) + 1
    if int((stops - starts).max()) > csv.field_size_limit() and \
            _longest_field(special[(kind == _COMMA) & outside], ends, len(a)) > csv.field_size_limit():
        return None  # a field the csv module would refuse as too long
    records = np.flatnonzero(stops > starts)  # blank lines are skipped
    if len(records) == 0:
        return None
    width = int(fields[records[0]])
    if width < 2 or (fields[records] != width).any():
        return None
    if not lone.any() and len(ends) == int(is_lf.sum()):  # every line break ends a record
        return width, records[1:].astype(np.int64) + 1
    is_break = is_lf.copy()  # every line break as csv counts them: \n, \r\n, a lone \r (also in quotes)
    is_break[cr_at[lone]] = True
    breaks_before = np.concatenate([[0], np.cumsum(is_break, dtype=np.int64)[line_end]])  # before each line
    lines = breaks_before[records[1:]].astype(np.int64) + 1
    return width, lines


def _fast_cells(body: bytes) -> CsvCells | None:
    found = plain_structure(body)
    if found is None:
        return None
    width, lines = found
    frame = pd.read_csv(io.BytesIO(body), header=None, names=list(range(width)), index_col=False, dtype=object,
                        na_filter=False, keep_default_na=False, skip_blank_lines=True, engine="c", low_memory=False,
                        encoding="utf-8", quotechar='"', doublequote=True, escapechar=None, comment=None)
    if len(frame) != len(lines) + 1:  # not what the check expected: let the csv module read it
        return None
    header: list[str] = []
    columns: list[npt.NDArray[np.object_]] = []
    for k in range(width):
        col = frame[k].to_numpy(dtype=object)
        header.append(str(col[0]))
        columns.append(col[1:])
    return CsvCells(header, columns, lines, [])


# --------------------------------------------------------------------------- the csv module


def _slow_cells(text: str, name: str) -> CsvCells:
    """Cells read record by record with the :mod:`csv` module, malformed lines reported."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[list[str] | None] = []
    lines: list[int] = []
    bad: list[tuple[int, str, str]] = []
    prev = 0  # lines read before the current record
    while True:
        start = prev + 1
        try:
            rec = next(reader)
        except StopIteration:
            break
        except csv.Error as err:
            if str(err) == "unexpected end of data" or header is None:
                what = ("a quoted field that starts here is not closed before the end of the file"
                        if str(err) == "unexpected end of data" else f"the header is not valid CSV ({err})")
                raise CaseValidationError([Problem(what, file=name, line=start)]) from None
            prev = reader.line_num
            bad.append((len(rows), "", f"line {start} is not valid CSV ({err}); row dropped"))
            rows.append(None)
            lines.append(start)
            continue
        prev = reader.line_num
        if not rec:  # a blank line, skipped (as pandas does)
            continue
        if header is None:
            header = rec
            continue
        if len(rec) != len(header):
            bad.append((len(rows), ",".join(rec)[:300],
                        f"line {start} has {len(rec)} field{'s' if len(rec) != 1 else ''} where the header has "
                        f"{len(header)}; row dropped"))
            rows.append(None)
        else:
            rows.append(rec)
        lines.append(start)
    if header is None:
        raise CaseValidationError([Problem(
            "the file is empty; expected a header line (city1,country1,city2,country2) and one line per pair",
            file=name)])
    blank = [""] * len(header)
    columns = [np.array(col, dtype=object) for col in zip(*(r if r is not None else blank for r in rows),
                                                          strict=True)] if rows else \
        [np.array([], dtype=object) for _ in header]
    return CsvCells(header, columns, np.array(lines, dtype=np.int64), bad)


def read_cells(path: str | os.PathLike[str], max_bytes: int) -> CsvCells:
    """The cells of the pair list in the CSV file ``path`` (see the module's docstring)."""
    name = os.fspath(path)
    raw, _ = read_bytes(name, max_bytes, what="the pair list")
    if b"\x00" in raw:
        decode(raw, name)  # raises
    body = raw[len(_BOM):] if raw.startswith(_BOM) else raw
    if not body.startswith(_BOM):  # (pandas would drop a second one)
        try:
            fast = _fast_cells(body)
        except UnicodeDecodeError:
            fast = None  # decode() names the byte
        if fast is not None:
            return fast
    return _slow_cells(decode(raw, name), name)
