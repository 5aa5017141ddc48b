"""Shipment files as users have them: CSV (any common delimiter, any encoding asked for),
JSON Lines and Excel workbooks, read record by record with the line each record starts on.

Nothing here stops on a bad record: a record that cannot be read comes back in its place with
the reason, so the screen can flag it. Only a file that cannot be opened at all raises
:class:`UsageError`. Undecodable bytes are kept (as lone surrogates, written back unchanged)
and flagged on the record that holds them.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence

from mineralctl.errors import UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any

FORMATS = ("csv", "jsonl", "xlsx")
DELIMITERS = {",": ",", ";": ";", "\t": "\t", "tab": "\t", "\\t": "\t", "|": "|", "pipe": "|"}
"""What ``--delimiter`` accepts, and the delimiters a CSV header is sniffed for."""
DEFAULT_ENCODING = "utf-8"
"""UTF-8, with or without a byte-order mark (on stdin too)."""

_SURROGATEESCAPE = codecs.lookup_error("surrogateescape")
_BACKSLASHREPLACE = codecs.lookup_error("backslashreplace")
BAD_BYTES = [0]
"""How many undecodable byte runs were read so far; records are checked for them only after one."""


def _flag_bad_bytes(error: UnicodeError) -> tuple[str, int]:
    BAD_BYTES[0] += 1
    return _SURROGATEESCAPE(error)  # type: ignore[return-value]


def _write_back(error: UnicodeError) -> tuple[str | bytes, int]:
    """On output: bytes that were undecodable in the input go back unchanged; any other
    unencodable text (a lone surrogate from a JSON escape) is written as a backslash escape."""
    assert isinstance(error, UnicodeEncodeError)
    chunk = error.object[error.start : error.end]
    if all("\udc80" <= c <= "\udcff" for c in chunk):
        return _SURROGATEESCAPE(error)
    return _BACKSLASHREPLACE(error)


codecs.register_error("mineralctl-read", _flag_bad_bytes)
codecs.register_error("mineralctl-write", _write_back)
WRITE_ERRORS = "mineralctl-write"
_SURROGATE = re.compile("[\ud800-\udfff]")


def has_bad_text(text: str) -> bool:
    """True when ``text`` holds bytes that were not valid in the input's encoding (or a lone
    surrogate from a JSON escape)."""
    return _SURROGATE.search(text) is not None


def kind_of(path: str, forced: str | None) -> str:
    """``csv``, ``jsonl`` or ``xlsx``: ``--input-format`` if given, else from the file name."""
    if forced:
        kind = forced.strip().lower()
        if kind not in FORMATS:
            raise UsageError(f"--input-format: {forced!r} is not one of {', '.join(FORMATS)}")
        return kind
    lowered = path.lower()
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lowered.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    return "csv"


def check_encoding(name: str | None) -> str:
    """The codec to read text with; UTF-8 also drops a byte-order mark."""
    chosen = (name or DEFAULT_ENCODING).strip()
    try:
        codec = codecs.lookup(chosen).name
        io.TextIOWrapper(io.BytesIO(), encoding=codec)  # refuses codecs not for text, such as rot13
    except LookupError:
        raise UsageError(f"--encoding: unknown text encoding {chosen!r} (e.g. utf-8, gbk, gb18030, cp1252)") from None
    return "utf-8-sig" if codec in ("utf-8", "utf-8-sig") else codec


def check_delimiter(text: str | None) -> str | None:
    if text is None:
        return None
    found = DELIMITERS.get(text.lower() if len(text) > 1 else text)
    if found is None:
        raise UsageError(f"--delimiter: {text!r} is not one of , ; tab |")
    return found


def open_text(path: str, encoding: str) -> IO[str]:
    """The file (or stdin for ``-``) as text; undecodable bytes are kept and counted."""
    if path == "-":
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise UsageError("cannot read stdin: it is closed")
        try:
            handle = stream.fileno()
        except (OSError, ValueError):  # a stream in memory, not a file descriptor
            handle = None
        if handle is not None:
            try:  # a write-only stdin is named here, never met mid-read
                os.read(handle, 0)
            except OSError as error:
                raise UsageError(f"cannot read stdin: {error.strerror or error}") from None
        return io.TextIOWrapper(stream, encoding=encoding, errors="mineralctl-read", newline="")
    try:
        return open(path, encoding=encoding, errors="mineralctl-read", newline="")
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from None


def sniff(first_line: str) -> str:
    """The delimiter of a header line: the candidate found most often outside quotes
    (comma when there is none, a one-column file)."""
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {d: unquoted.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class Position:
    """Where a reader is: the last line (or sheet row) of the record it returned last."""

    line_num = 0


class Lines:
    """The lines a CSV reader is given, read in blocks (no Python call per line), with those of
    the record being read kept: a record the reader refuses (a quote never closed swallows every
    line after it) is given back from them, its fields unchanged (:meth:`fields`)."""

    __slots__ = ("dialect", "kept", "records")

    def __init__(self) -> None:
        self.kept: list[tuple[int, list[str]]] = []
        """(the number of a block's first line, its lines), oldest first."""
        self.records: Callable[[], int] = lambda: 0
        """How many records the reader's consumer has taken so far (set by the consumer): a
        block read before the one in which the last record ended is no longer needed."""
        self.dialect: Any = csv.excel
        """The reader's dialect (its delimiter), to read a refused record's fields with."""

    def blocks(self, first: str, handle: IO[str]) -> Iterator[list[str]]:
        kept = self.kept
        number, taken = 1, -1
        block = [first]
        while block:
            done = self.records()
            if done != taken:
                # A record ended in the newest block: the one being read starts there or later.
                del kept[:-1]
                taken = done
            kept.append((number, block))
            yield block
            number += len(block)
            block = handle.readlines(1 << 16)

    def text(self, start: int, end: int) -> list[str]:
        """Lines ``start`` to ``end`` (1-based, as ``csv.reader.line_num`` counts them)."""
        out: list[str] = []
        for number, block in self.kept:
            if number + len(block) > start and number <= end:
                out.extend(block[max(start - number, 0) : end - number + 1])
        return out

    def fields(self, start: int, end: int, unclosed: bool) -> list[str]:
        """The fields of the record the reader refused on lines ``start`` to ``end``, read
        leniently: a quote never closed is closed at the end of the input (so the lines it
        swallowed are one field, as the reader read them)."""
        lines = self.text(start, end)
        if not lines:
            return []
        if unclosed:
            lines[-1] += self.dialect.quotechar or '"'
        try:
            return next(csv.reader(lines, self.dialect, strict=False), [])
        except csv.Error:
            return ["".join(lines)]


def csv_records(handle: IO[str], delimiter: str | None) -> tuple[list[str], str, Any, Lines]:
    """The header, the delimiter used, a ``csv.reader`` positioned on the first record (its
    ``line_num`` tells where each record ends; see :func:`csv_problem` for its errors) and the
    lines it reads."""
    first = handle.readline()
    while first and not first.strip():
        first = handle.readline()
    if not first:
        raise UsageError("the input is empty: no header row")
    chosen = delimiter or sniff(first)
    # Every field of any size: a long description must not stop the run.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    lines = Lines()
    reader = csv.reader(itertools.chain.from_iterable(lines.blocks(first, handle)), delimiter=chosen, strict=True)
    lines.dialect = reader.dialect
    hint = " (JSON Lines? give --input-format jsonl)" if first.lstrip().startswith("{") else ""
    try:
        header = next(reader)
    except csv.Error as error:
        raise UsageError(f"cannot read the header row: {error}{hint}") from None
    if hint:
        raise UsageError(f"the header row is a JSON object, not CSV column names{hint}")
    return header, chosen, reader, lines


def csv_problem(error: Exception, start: int, end: int) -> tuple[str, bool]:
    """What a ``csv.Error`` on the record from line ``start`` to ``end`` means, and whether it
    breaks the file (a quote never closed swallows every line after it)."""
    if str(error) == "unexpected end of data":
        swallowed = f"; lines {start}-{end} were read as one field and not screened" if end > start else ""
        return f"line {start}: a quote opened on this line is never closed{swallowed}", True
    return f"line {start}: not valid CSV ({error})", False


def distinct(names: Sequence[str]) -> list[str]:
    """Names made unique, as JSON keys must be: a repeated name gets ``_2``, ``_3``..."""
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        chosen, n = name, 1
        while chosen in seen:
            n += 1
            chosen = f"{name}_{n}"
        seen.add(chosen)
        out.append(chosen)
    return out


JsonRecord = tuple[int, "dict[str, Any] | None", str, str]
"""The line number, the object (``None`` when the line is not one), why it is not screened
("" when it is) and, when it is not an object, the line's own text."""


def jsonl_records(handle: IO[str], label: str = "UTF-8") -> Iterator[JsonRecord]:
    """Every non-blank line as a JSON object, with its line number. A line that is not a JSON
    object comes back with ``None``, the reason and its text (without the line break); an
    object holding undecodable bytes, a lone surrogate escape or a name given twice comes back
    with the reason beside it (the second value of a repeated name kept as ``NAME_2``, as for
    CSV columns)."""
    import json

    repeated: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        found = dict(items)
        if len(found) == len(items):
            return found
        keys = [key for key, _ in items]
        repeated.extend(key for n, key in enumerate(keys) if key in keys[:n])
        return dict(zip(distinct(keys), (value for _, value in items), strict=True))

    loads = json.JSONDecoder(object_pairs_hook=pairs, parse_float=_float, parse_constant=_constant).decode
    dumps = json.dumps
    bad = BAD_BYTES
    for number, line in enumerate(handle, 1):
        if not line.strip():
            continue
        try:
            value = loads(line)
        except ValueError as error:
            reason = getattr(error, "msg", str(error))
            repeated.clear()
            yield (number, None, f"line {number}: not valid JSON ({reason})", line.rstrip("\r\n"))
            continue
        if type(value) is not dict:
            repeated.clear()
            yield (number, None, f"line {number}: not a JSON object", line.rstrip("\r\n"))
            continue
        if repeated:
            names = ", ".join(dict.fromkeys(repeated))
            repeated.clear()
            yield (number, value, f"line {number}: field names given twice ({names}); not screened", "")
        elif bad[0] and has_bad_text(line):
            yield (number, value, f"line {number}: bytes that are not valid {label}; not screened", "")
        elif ("\\ud" in line or "\\uD" in line) and has_bad_text(dumps(value, ensure_ascii=False)):
            yield (number, value, f"line {number}: a lone surrogate escape, not text; not screened", "")
        else:
            yield (number, value, "", "")


OUT_OF_RANGE = "\x00mineralctl-number\x00"
"""Marks a JSON number too large for a float (``1e400``): kept as its own text, which
:func:`json_text` writes back as the number it was, so JSON output never holds ``Infinity``."""
_OUT_OF_RANGE_JSON = re.compile(r'"\\u0000mineralctl-number\\u0000([-+.eE0-9]+)"')


def _float(text: str) -> Any:
    value = float(text)
    if value - value == 0.0:  # finite
        return value
    return OUT_OF_RANGE + text


def _constant(text: str) -> Any:
    raise ValueError(f"{text} is not a JSON number")


def json_text(text: str) -> str:
    """JSON encoded from a record read here: every out-of-range number back as written."""
    if "u0000mineralctl-number" not in text:
        return text
    return _OUT_OF_RANGE_JSON.sub(r"\1", text)


def stdin_is_jsonl() -> bool:
    """True when standard input's first character that is not blank (after a byte-order mark) is
    ``{``: a CSV header never starts so, a JSON Lines record always does. Looked at without
    consuming anything."""
    raw = getattr(sys.stdin, "buffer", None)
    if raw is None:
        return False
    try:
        peek = getattr(raw, "peek", None)
        if peek is not None:
            start = peek(1 << 16)
        elif raw.seekable():
            at = raw.tell()
            start = raw.read(1 << 16)
            raw.seek(at)
        else:
            return False
    except (OSError, ValueError):  # stdin closed or not readable: the reader reports it as it always has
        return False
    return bytes(start).removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"{")


def xlsx_records(path: str, sheet: str | None) -> tuple[list[str], Iterator[list[str]], Position, str]:
    """The first sheet (or ``sheet``) of a workbook: its first non-empty row as the header,
    then every later row, with the sheet row of the last one returned, and the sheet's name.
    Cells become text: whole numbers without a decimal point, dates as YYYY-MM-DD."""
    if path == "-":
        raise UsageError("an Excel workbook cannot be read from stdin; pass its path")
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        raise UsageError("reading .xlsx needs the excel extra: pip install 'mineralctl[excel]'") from None
    try:
        book = CalamineWorkbook.from_path(path)
        names = list(book.sheet_names)
        chosen = (names[0] if names else None) if sheet is None else _sheet(path, sheet, names)
        if chosen is None:
            raise UsageError(f"{path}: the workbook has no sheets")
        rows = iter(book.get_sheet_by_name(chosen).iter_rows())
    except UsageError:
        raise
    except Exception as error:  # calamine reports a broken or encrypted workbook as a plain error
        raise UsageError(f"cannot read {path} as an Excel workbook: {error}") from None
    position = Position()
    for cells in rows:
        position.line_num += 1
        header = [_cell(c) for c in cells]
        if any(header):
            break
    else:
        raise UsageError(f"{path}: the sheet {chosen!r} is empty: no header row")
    while header and not header[-1]:
        header.pop()
    return header, _sheet_rows(rows, position, len(header)), position, chosen


def _sheet(path: str, sheet: str, names: list[str]) -> str:
    """The sheet ``--sheet`` chooses: ``#N`` is the Nth sheet (from 1); a name is that sheet; a
    whole number is the sheet of that name or else the Nth. A number, or ``#N``, that is one
    sheet's name and another's place is refused, with the ``#N`` that chooses each. Digits are
    ASCII: ``５`` is a name, never the number 5."""
    number = re.fullmatch(r"#?([0-9]+)", sheet)
    position = int(number[1]) if number and 1 <= int(number[1]) <= len(names) else None
    named = names.index(sheet) if sheet in names else None
    if named is not None and position is not None and named != position - 1:
        raise UsageError(
            f"--sheet: {sheet!r} in {path} is both the name of sheet {named + 1} and the number of sheet "
            f"{position} ({names[position - 1]!r}); give --sheet '#{position}' for sheet {position} or "
            f"--sheet '#{named + 1}' for the sheet named {sheet!r}"
        )
    if named is not None:
        return names[named]
    if position is not None:
        return names[position - 1]
    listed = ", ".join(repr(name) for name in names)
    if number or (sheet.isascii() and sheet.strip().lstrip("+-#").isdigit()):
        # A number that names no sheet: say how they are counted (0 is not the first).
        raise UsageError(
            f"--sheet: no sheet {sheet!r} in {path}: sheets are numbered from 1 (this workbook has "
            f"{len(names)}: {listed}), or give a sheet's name"
        )
    raise UsageError(f"--sheet: no sheet {sheet!r} in {path} (sheets: {listed})")


def _sheet_rows(rows: Iterator[list[Any]], position: Position, width: int) -> Iterator[list[str]]:
    for cells in rows:
        position.line_num += 1
        fields = [_cell(c) for c in cells]
        # A sheet pads every row to its widest: trailing empty cells beyond the header are not data.
        while len(fields) > width and not fields[-1]:
            fields.pop()
        yield fields if any(fields) else []


def _cell(value: Any) -> str:
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def same_file(a: str, b: str) -> bool:
    """True when two paths reach the same file (the same path, a hard link or a symlink)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
