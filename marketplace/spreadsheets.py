"""Reading the spreadsheets people send us (.csv or .xlsx) into numbered rows of cells: the one
reader of the registry's provincial lists (catalog/registry/tabular.py) and of the provinces'
sales-point files (marketplace/salespoints/imports.py). What a cell *means* is theirs to say;
this module only turns a file into ``(row number as the spreadsheet shows it, [cells])``.

Hostile files are refused early, before they cost memory:

- over ``MAX_FILE_BYTES``, not UTF-8 (CSV), more than ``MAX_ROWS`` rows, ``MAX_EMPTY_ROWS``
  empty ones or ``MAX_COLUMNS`` columns;
- an .xlsx is a zip archive whose parts openpyxl unpacks. Before it reads anything, the
  archive is refused when it has more than ``MAX_PARTS`` parts, unpacks to more than
  ``MAX_UNPACKED_BYTES`` or has a part that unpacks more than ``MAX_RATIO`` times its packed
  size (a zip bomb; a real 20,000-row list packs about 13:1). Then every XML part is walked
  once, keeping almost nothing, because openpyxl reads the parts it knows whole and builds
  each row of a sheet whole, padded to its last cell: a sheet with a row of more than
  ``MAX_COLUMNS`` cells or a cell beyond that column, more rows than a list has, a size claim
  (``<dimension>``) beyond both, or more than ``MAX_SHEET_ELEMENTS`` elements outside its
  rows (merged ranges, links…), and any other part but the shared strings over
  ``MAX_PART_BYTES``, are refused. openpyxl then reads the first sheet in read-only mode.

Cells come as openpyxl reads them (text, numbers, dates, booleans; ``None`` when empty) or, from
a CSV, as text. A formula cell of an .xlsx comes as its text, ``=…``: never evaluated. Whether
such text is refused (the registry) or kept as text (sales points) is the caller's decision;
:func:`character_problem` is the shared rule for characters no cell may hold.

Problems are :class:`Message` objects: English as written (``str``), or translated into the
active language (``translated()``) for pages that show them to staff.
"""

import csv
import io
import os
import re
import zipfile
from pathlib import Path

from django.utils.translation import gettext, gettext_noop
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, range_boundaries
from openpyxl.xml.functions import iterparse

from marketplace.text import fold

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_EMPTY_ROWS = 1_000
MAX_COLUMNS = 200
MAX_PARTS = 1_000
MAX_UNPACKED_BYTES = 100 * 2**20
MAX_RATIO = 100
RATIO_FROM_BYTES = 2**20  # smaller parts may pack tighter without costing anything
MAX_SHEET_ELEMENTS = 100_000
MAX_PART_BYTES = 10 * 2**20  # any part but the sheets and their shared strings (styles are kilobytes)
MAX_ROW_ELEMENTS = 20 * MAX_COLUMNS  # a cell is 2–4 elements; rich text adds a few per run
CSV_DELIMITERS = (",", ";", "\t")

# C0 controls other than tab, line feed and carriage return; lone UTF-16 surrogates.
UNSAFE_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


class Message:
    """A problem's text, translatable later: ``Message(gettext_noop("%(name)s: …"), name=…)``.
    ``str()`` gives it in English as written; ``translated()`` in the active language."""

    def __init__(self, template, **params):
        self.template, self.params = template, params

    def __str__(self):
        return self.template % self.params

    def translated(self):
        return gettext(self.template) % self.params

    def __repr__(self):
        return f"Message({str(self)!r})"


class SpreadsheetRefused(Exception):
    """The file cannot be read; ``messages`` lists why (:class:`Message`)."""

    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(str(m) for m in self.messages))

    @property
    def errors(self):
        return [str(m) for m in self.messages]


def _refuse(template, **params):
    raise SpreadsheetRefused([Message(template, **params)])


def shown(value, limit=60):
    """``repr(value)`` short enough for an error message, whatever the file holds."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header_key(text):
    """A header folded to plain lower-case words, as headers are matched: "HẠNG  SAO:" and
    "Hang sao" are both "hang sao"."""
    return " ".join(re.findall(r"[0-9a-z]+", fold(str(text or ""))))


def character_problem(text):
    """Why ``text`` cannot be stored, whatever its column (:class:`Message`), or None: a control
    character other than tab and line breaks, or half of a UTF-16 pair (PostgreSQL and UTF-8
    refuse both)."""
    if found := UNSAFE_CHARACTER.search(text):
        character = found.group()
        if "\ud800" <= character <= "\udfff":
            return Message(
                gettext_noop("contains U+%(code)s (part of a broken UTF-16 pair), which is not accepted"),
                code=f"{ord(character):04X}",
            )
        return Message(
            gettext_noop("contains U+%(code)s (a control character), which is not accepted"),
            code=f"{ord(character):04X}",
        )
    return None


def is_empty(cells):
    return all(c is None or str(c).strip() == "" for c in cells)


def read_limited(source, name):
    """The bytes of ``source`` (a path, or a binary file object such as an upload); more than
    MAX_FILE_BYTES is refused, unread when the size is known beforehand."""
    limit = _mb(MAX_FILE_BYTES)
    if hasattr(source, "read"):
        data = source.read(MAX_FILE_BYTES + 1)
    else:
        try:
            with open(source, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if size > MAX_FILE_BYTES:
                    _refuse(
                        gettext_noop("%(name)s: %(size)s is over the %(limit)s limit"),
                        name=name,
                        size=_mb(size),
                        limit=limit,
                    )
                data = f.read(MAX_FILE_BYTES + 1)  # the size on disk may say nothing (a pipe, a device)
        except OSError as e:
            _refuse(gettext_noop("%(name)s: %(reason)s"), name=name, reason=e.strerror)
    if len(data) > MAX_FILE_BYTES:
        _refuse(gettext_noop("%(name)s: more than the %(limit)s limit"), name=name, limit=limit)
    return data


def read_rows(source, name=None):
    """``(number, cells)`` for the first row (the header; ``number`` 1 unless the sheet starts
    lower) and then for every row that is not empty, numbered as the spreadsheet shows them.
    ``source`` is a path or a binary file object; ``name`` (default: the path's) names the file in
    messages and its suffix, .csv or .xlsx, says how to read it. Raises :class:`SpreadsheetRefused`
    — also while the rows are being read, for a row past a limit."""
    name = name or Path(source).name
    reader = {".xlsx": _xlsx_rows, ".csv": _csv_rows}.get(Path(name).suffix.lower())
    if reader is None:
        _refuse(gettext_noop("%(name)s: only .xlsx and .csv files can be read"), name=name)
    return _limited(name, reader(source, name))


def _limited(name, rows):
    data_rows = empty = 0
    for index, (number, cells) in enumerate(rows):
        if len(cells) > MAX_COLUMNS:
            _refuse(
                gettext_noop("%(name)s: row %(row)s has more than %(columns)s columns"),
                name=name,
                row=number,
                columns=MAX_COLUMNS,
            )
        if index:
            if is_empty(cells):
                empty += 1
                if empty > MAX_EMPTY_ROWS:
                    _refuse(
                        gettext_noop("%(name)s: more than %(limit)s empty rows; is this the right sheet?"),
                        name=name,
                        limit=f"{MAX_EMPTY_ROWS:,}",
                    )
                continue
            data_rows += 1
            if data_rows > MAX_ROWS:
                _refuse(gettext_noop("%(name)s: more than %(limit)s rows"), name=name, limit=f"{MAX_ROWS:,}")
        yield number, cells


def csv_delimiter(text):
    """The delimiter of a CSV whose first line is its header: whichever of comma, semicolon and
    tab occurs most often in that line outside quotes (comma when none does)."""
    counts, quoted = dict.fromkeys(CSV_DELIMITERS, 0), False
    for character in text[:65_536]:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in "\r\n":
            break
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(counts.values())
    return next(d for d in CSV_DELIMITERS if counts[d] == best)


def _csv_rows(source, name):
    data = read_limited(source, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        _refuse(
            gettext_noop("%(name)s: not UTF-8 text (byte %(byte)s); save the list as CSV UTF-8"),
            name=name,
            byte=e.start,
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))

    def rows():
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, cells
        except csv.Error as e:  # e.g. a cell longer than the csv module's limit (131,072 characters)
            raise SpreadsheetRefused(
                [
                    Message(
                        gettext_noop("%(name)s: row %(row)s cannot be read (%(reason)s)"),
                        name=name,
                        row=number + 1,
                        reason=str(e),
                    )
                ]
            ) from e

    return rows()


def _xlsx_rows(source, name):
    from openpyxl import load_workbook

    data = io.BytesIO(read_limited(source, name))
    _check_archive(name, data)  # before openpyxl reads anything
    try:
        workbook = load_workbook(data, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
    except Exception as e:  # openpyxl raises all kinds of errors for a damaged or foreign file
        raise SpreadsheetRefused([_not_a_workbook(name, e)]) from e
    # Read the cells that are there, not the sheet's own claim about its size: some writers
    # record a wrong one, and openpyxl would drop the rows beyond it or pad every row to it.
    sheet.reset_dimensions()

    def rows():
        number = 0
        try:
            for number, row in enumerate(sheet.iter_rows(), start=1):
                yield number, ["=" + str(c.value).lstrip("=") if c.data_type == "f" else c.value for c in row]
        except SpreadsheetRefused:
            raise
        except Exception as e:  # a damaged cell: a date beyond the calendar, XML cut short…
            raise SpreadsheetRefused(
                [
                    Message(
                        gettext_noop("%(name)s: row %(row)s cannot be read (%(reason)s)"),
                        name=name,
                        row=number + 1,
                        reason=shown(str(e)),
                    )
                ]
            ) from e
        finally:
            workbook.close()

    return rows()


def _not_a_workbook(name, error):
    return Message(
        gettext_noop("%(name)s: not a valid Excel workbook (%(reason)s)"), name=name, reason=shown(str(error))
    )


def _check_archive(name, data):
    """Refuse an .xlsx that would cost far more memory than a list before openpyxl reads any
    of it: a zip bomb (the sizes come from the archive's directory, and zipfile never unpacks
    more than they say), and XML parts that openpyxl would turn into huge rows or many objects
    (it reads every part it knows whole, except the rows of a sheet, which it builds one by
    one, each whole and padded to its last cell)."""
    try:
        with zipfile.ZipFile(data) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                _refuse(
                    gettext_noop("%(name)s: the workbook has %(parts)s parts; a list has far fewer"),
                    name=name,
                    parts=f"{len(parts):,}",
                )
            unpacked = sum(part.file_size for part in parts)
            if unpacked > MAX_UNPACKED_BYTES:
                _refuse(
                    gettext_noop("%(name)s: the workbook unpacks to %(size)s, over the %(limit)s limit"),
                    name=name,
                    size=_mb(unpacked),
                    limit=_mb(MAX_UNPACKED_BYTES),
                )
            for part in parts:
                if part.file_size > RATIO_FROM_BYTES and part.file_size > MAX_RATIO * part.compress_size:
                    _refuse(
                        gettext_noop(
                            "%(name)s: its part %(part)s unpacks from %(packed)s to %(size)s, more than %(ratio)s "
                            "times; this looks like a zip bomb"
                        ),
                        name=name,
                        part=shown(part.filename),
                        packed=_mb(part.compress_size),
                        size=_mb(part.file_size),
                        ratio=MAX_RATIO,
                    )
            for part in parts:
                with archive.open(part) as stream:
                    _check_part(f"{name}: {shown(part.filename)}", part.file_size, stream)
    except SpreadsheetRefused:
        raise
    except Exception as e:  # not a zip archive, a damaged one, XML that is not well-formed…
        raise SpreadsheetRefused([_not_a_workbook(name, e)]) from e


def _check_part(name, size, stream):
    """Walk one part's XML once, keeping almost nothing. A sheet's rows may hold at most
    MAX_COLUMNS cells, within that many columns; anything else is limited in size."""
    events = iterparse(stream, events=("start", "end"))
    try:
        _event, root = next(events)
    except Exception:
        return  # not XML (a picture…): openpyxl does not read it, or fails on it cleanly
    if root.tag.rpartition("}")[2] != "worksheet":
        if size > MAX_PART_BYTES and root.tag.rpartition("}")[2] != "sst":  # shared strings: rows' text
            _refuse(
                gettext_noop("%(name)s unpacks to %(size)s; no part of a list but its sheets is that big"),
                name=name,
                size=_mb(size),
            )
        return
    path, rows, row, column, cells, in_row, others = [root], 0, 0, 0, 0, 0, 0  # path: the open elements
    for event, element in events:
        if event == "end":
            path.pop()
            if len(path) in (1, 2):  # done with a part of the sheet, or with a row: forget it
                path[-1].clear()
            continue
        path.append(element)
        tag = element.tag.rpartition("}")[2]
        if len(path) == 3 and tag == "row":
            rows += 1
            row, column, cells, in_row = _row_number(element.get("r"), row + 1), 0, 0, 0
            if rows > MAX_ROWS + MAX_EMPTY_ROWS + 1:
                _refuse(gettext_noop("%(name)s has more than %(limit)s rows"), name=name, limit=f"{MAX_ROWS:,}")
        elif len(path) > 3 and path[2].tag.endswith("}row"):
            in_row += 1
            if len(path) == 4 and tag == "c":
                cells += 1
                column = _column_number(element.get("r"), column + 1)
            if cells > MAX_COLUMNS or column > MAX_COLUMNS:
                _refuse(
                    gettext_noop("%(name)s: row %(row)s has cells beyond column %(columns)s"),
                    name=name,
                    row=row,
                    columns=MAX_COLUMNS,
                )
            if in_row > MAX_ROW_ELEMENTS:
                _refuse(
                    gettext_noop("%(name)s: row %(row)s holds more than %(limit)s XML elements"),
                    name=name,
                    row=row,
                    limit=f"{MAX_ROW_ELEMENTS:,}",
                )
        else:
            others += 1
            if others > MAX_SHEET_ELEMENTS:
                _refuse(
                    gettext_noop("%(name)s holds more than %(limit)s XML elements besides its rows"),
                    name=name,
                    limit=f"{MAX_SHEET_ELEMENTS:,}",
                )
            if tag == "dimension":
                _check_dimension(name, element.get("ref", ""))


def _check_dimension(name, ref):
    try:
        _min_col, _min_row, max_col, max_row = range_boundaries(ref)
    except (ValueError, TypeError):
        return  # openpyxl is told to ignore the claim anyway
    if (max_col or 0) > MAX_COLUMNS or (max_row or 0) > MAX_ROWS + MAX_EMPTY_ROWS + 1:
        _refuse(
            gettext_noop(
                "%(name)s says the sheet spans %(ref)s; a list has at most %(rows)s rows and %(columns)s columns"
            ),
            name=name,
            ref=shown(ref),
            rows=f"{MAX_ROWS:,}",
            columns=MAX_COLUMNS,
        )


def _row_number(text, following):
    return following if text is None else int(float(text))  # as openpyxl reads it


def _column_number(coordinate, following):
    return following if coordinate is None else column_index_from_string(coordinate_from_string(coordinate)[0])


def _mb(size):
    return f"{size / 2**20:.3g} MB"
