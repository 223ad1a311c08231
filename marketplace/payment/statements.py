"""Bank statements: which transfers paid which orders.

Staff export the shop account's statement from the bank (.csv or .xlsx) and import it, in the
dashboard (*Payments → Import a bank statement*) or with ``manage.py import_bank_statement``.
:func:`read_statement` judges every credit row and applies nothing; staff then apply the
matches they tick (:func:`apply`), each through ``record_payment`` with the bank's transaction
reference, so that a statement imported twice (or two overlapping statements) records nothing
twice.

- **The file**: read by the shared hardened reader (marketplace/spreadsheets.py: size, rows,
  zip bombs, non-UTF-8 text refused). The header row may come after the bank's preamble (account,
  period…): it is the first of the first :data:`HEADER_SEARCH_ROWS` rows that names a
  description, an amount and a reference column. Headers are matched ignoring case, diacritics
  and spacing, as Vietnamese banks write them (:data:`HEADERS`): "Ngày giao dịch", "Số tiền ghi
  có" / "Ghi có" / "Credit" (or one signed "Số tiền" / "Amount" column), "Nội dung" / "Mô tả" /
  "Description", "Số tham chiếu" / "Mã giao dịch" / "Reference".
- **Amounts**: whole đồng written any way banks write them — ``1.250.000``, ``1,250,000``,
  ``1250000``, ``1 250 000 VND``, ``1,250,000.00`` — or a number cell. Rows without a credit
  (money going out) are skipped and counted.
- **A match**: the description names exactly one order (its number as a word of its own, e.g.
  "MBVCB.3278614243.100123.CT tu ..."), that order is to be paid by transfer, is not cancelled,
  not paid yet, and the amount is its total, and the row's reference has not been recorded.
  Anything else is a **mismatch**, listed with its reason (:func:`judge`); staff settle those by
  hand (*mark paid*, with the reference) after checking with the shopper.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from oscar.core.loading import get_model

from marketplace.csvexport import unsafe_cell
from marketplace.order.statuses import CANCELLED
from marketplace.spreadsheets import Message, SpreadsheetRefused, character_problem, header_key, read_rows
from marketplace.text import fold, nfc, printable

from . import methods
from .methods.vietqr import BankTransfer
from .records import AmountMismatch, is_paid, record_payment

Order = get_model("order", "Order")
Transaction = get_model("payment", "Transaction")

METHOD = BankTransfer.code
HEADER_SEARCH_ROWS = 30  # the bank's preamble before the table is a few lines
MAX_REFERENCE = 128  # Oscar's Transaction.reference
MAX_DESCRIPTION = 1_000  # characters of a description searched for order numbers
MAX_CANDIDATES = 50  # words of a description looked up as order numbers
MAX_AMOUNT_TEXT = 30  # characters: more is no amount (and Python refuses ints of 4,300 digits)
CHUNK = 500  # order numbers or references per lookup: within every database's limits

#: Header names (folded: no case, no diacritics) → what the column holds. "credit" is a column
#: of money in; "amount" a column of money in and out, used when there is no credit one: a
#: negative amount is money out, and so is a row whose "direction" column says debit.
HEADERS = {
    "date": (
        "ngay giao dich", "ngay gd", "ngay", "ngay hach toan", "ngay hieu luc", "thoi gian",
        "thoi gian giao dich", "ngay thuc hien", "transaction date", "date", "posting date",
        "value date", "txn date", "effective date",
    ),
    "credit": (
        "ghi co", "so tien ghi co", "phat sinh co", "so tien co", "co", "tien vao", "so tien vao",
        "credit", "credit amount", "credits", "money in", "deposit", "deposits",
    ),
    "amount": ("so tien", "so tien giao dich", "so tien phat sinh", "amount", "transaction amount"),
    "direction": ("no co", "co no", "ghi no ghi co", "loai but toan", "debit credit", "credit debit", "dr cr", "cr dr"),
    "description": (
        "noi dung", "noi dung giao dich", "noi dung chuyen khoan", "noi dung chi tiet", "mo ta",
        "dien giai", "chi tiet giao dich", "chi tiet", "description", "transaction description",
        "details", "transaction details", "remark", "remarks", "narrative",
    ),
    "reference": (
        "so tham chieu", "ma tham chieu", "ma giao dich", "ma gd", "so giao dich", "so but toan",
        "so ct", "so chung tu", "reference", "reference number", "reference no", "ref", "ref no",
        "transaction id", "transaction reference", "transaction no", "trace number",
    ),
}  # fmt: skip
_FIELD_OF = {name: kind for kind, names in HEADERS.items() for name in names}
CREDIT_WORDS = {"c", "co", "ghi co", "cr", "credit", "+"}
DEBIT_WORDS = {"n", "no", "ghi no", "d", "dr", "debit", "-"}
_UNIT_WORDS = {"vnd", "dong", "d"}  # "Số tiền ghi có (VND)" is "so tien ghi co"
_WORD = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*[0-9A-Za-z]|[0-9A-Za-z]")
_RUN = re.compile(r"[0-9A-Za-z]+")
_DIGITS = re.compile(r"[0-9]+")
_PLAIN = re.compile(r"[+-]?\d+", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*", re.ASCII)
_WITH_DECIMALS = re.compile(r"[+-]?(\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*|\d+)([.,])(\d{1,2})", re.ASCII)


def dong(amount):
    """``1250000`` → ``1.250.000 ₫``."""
    return f"{amount:,} ₫".replace(",", ".")


class AmountUnreadable(ValueError):
    """A cell that is not a whole number of đồng; its text says why."""


def parse_amount(value):
    """The whole đồng a statement cell holds (an ``int``, negative for money out), or None for an
    empty cell. Dots, commas and spaces between thousands, a currency word, a sign or accounting
    brackets are understood; decimals must be zero (VND has no minor unit)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise AmountUnreadable(_("is not an amount"))
    if isinstance(value, int | float | Decimal):
        if value != int(value):
            raise AmountUnreadable(_("is not a whole number of đồng"))
        return int(value)
    text = unsafe_cell(str(value)).strip()
    for unit in ("VNĐ", "VND", "vnđ", "vnd", "đồng", "đ", "₫"):
        text = text.removesuffix(unit).removeprefix(unit).strip()
    text = re.sub(r"\s", "", text)
    if not text:
        return None
    if len(text) > MAX_AMOUNT_TEXT:
        raise AmountUnreadable(_("is not an amount"))
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    if _PLAIN.fullmatch(text) or _GROUPED.fullmatch(text):
        amount = int(re.sub(r"[.,]", "", text))
    elif (found := _WITH_DECIMALS.fullmatch(text)) and found.group(2) != found.group(3):
        if int(found.group(4)):
            raise AmountUnreadable(_("is not a whole number of đồng"))
        amount = int(re.sub(r"[.,]", "", found.group(1)))
        amount = -amount if text.startswith("-") else amount
    else:
        raise AmountUnreadable(_("is not an amount"))
    return -abs(amount) if negative else amount


def order_numbers(description):
    """The words of a description that may be order numbers: each word (letters, digits and the
    signs between them), each run of letters and digits in it and each run of digits, as written
    and in capitals (banks capitalise descriptions)."""
    found = []
    for word in _WORD.findall(description[:MAX_DESCRIPTION]):
        for candidate in (word, *_RUN.findall(word), *_DIGITS.findall(word)):
            for spelling in (candidate, candidate.upper()):
                if spelling not in found:
                    found.append(spelling)
    return found[: 2 * MAX_CANDIDATES]


@dataclass
class Row:
    """A credit row of the statement; ``number`` as the spreadsheet numbers it."""

    number: int
    date: str = ""
    amount: int | None = None
    description: str = ""
    reference: str = ""


@dataclass
class Verdict:
    """What a row is: a match (``reason`` empty) for ``order``, or a mismatch and why."""

    row: Row
    order: object = None
    reason: str = ""


@dataclass
class Statement:
    name: str
    matches: list = field(default_factory=list)
    mismatches: list = field(default_factory=list)
    skipped: int = 0  # rows without a credit: money going out

    @property
    def summary(self):
        return _(
            "%(name)s: transfers matching an order: %(matches)d; to check by hand: %(mismatches)d; "
            "rows without a credit, skipped: %(skipped)d."
        ) % {
            "name": self.name,
            "matches": len(self.matches),
            "mismatches": len(self.mismatches),
            "skipped": self.skipped,
        }


def method_label(order):
    """The payment method(s) an order is to be paid by, in words (for a mismatch)."""
    labels = []
    for source in order.sources.all():
        try:
            labels.append(str(methods.get(source.source_type.code).label))
        except KeyError:
            labels.append(source.source_type.name)
    return ", ".join(labels) or _("none recorded")


def judge(order, amount, reference, recorded_for=None):
    """Why the transfer of ``amount`` đồng with ``reference`` cannot be recorded as paying
    ``order``, in words, or ``""`` when it can: the one rule for statement rows, the staff's
    ticks and their "mark paid" form. ``recorded_for`` is the order number the reference was
    already recorded for (None: not recorded); ``order`` comes with its sources."""
    number = order.number
    if not reference:
        return _("the row has no transaction reference: mark the order paid by hand with the bank's reference")
    if recorded_for == number:
        return _("already recorded: this transfer (reference %(reference)s) paid order %(number)s") % {
            "reference": reference,
            "number": number,
        }
    if recorded_for:
        return _("the reference %(reference)s was already recorded for order %(other)s") % {
            "reference": reference,
            "other": recorded_for,
        }
    if not any(source.source_type.code == METHOD for source in order.sources.all()):
        return _("order %(number)s is not paid by bank transfer (payment: %(method)s)") % {
            "number": number,
            "method": method_label(order),
        }
    if order.status == CANCELLED:
        return _("order %(number)s is cancelled") % {"number": number}
    if is_paid(order):
        return _("order %(number)s is already paid") % {"number": number}
    total = int(order.total_incl_tax)
    if amount != total:
        return _("the amount %(amount)s differs from the total of order %(number)s, %(total)s") % {
            "amount": dong(amount),
            "number": number,
            "total": dong(total),
        }
    return ""


def recorded_references(references):
    """``{reference: order number}`` for the transfer references already recorded."""
    found = {}
    references = sorted(set(filter(None, references)))
    for start in range(0, len(references), CHUNK):
        found.update(
            Transaction.objects.filter(
                txn_type=Transaction.DEBIT,
                source__source_type__code=METHOD,
                reference__in=references[start : start + CHUNK],
            ).values_list("reference", "source__order__number")
        )
    return found


def _orders(numbers):
    """``{number: order}`` with their sources, for the order numbers that exist."""
    found = {}
    numbers = sorted(set(numbers))
    for start in range(0, len(numbers), CHUNK):
        orders = Order.objects.filter(number__in=numbers[start : start + CHUNK]).prefetch_related(
            "sources__source_type"
        )
        found.update((order.number, order) for order in orders)
    return found


class _Columns:
    """Where each field is in the header row (``None``: this row is not the header)."""

    def __init__(self, cells):
        self.index = {}
        for position, cell in enumerate(cells):
            words = header_key(cell).split()
            while words and words[-1] in _UNIT_WORDS:
                words.pop()
            kind = _FIELD_OF.get(" ".join(words))
            if kind and kind not in self.index:
                self.index[kind] = position
        self.money = "credit" if "credit" in self.index else "amount"

    @property
    def complete(self):
        return {"description", "reference"} <= set(self.index) and self.money in self.index

    def cell(self, cells, kind):
        position = self.index.get(kind)
        return cells[position] if position is not None and position < len(cells) else None


def _text(value, limit):
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime(
            "%d/%m/%Y %H:%M" if getattr(value, "hour", 0) or getattr(value, "minute", 0) else "%d/%m/%Y"
        )
    text = " ".join(nfc(unsafe_cell(str(value))).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _refuse(template, **params):
    raise SpreadsheetRefused([Message(template, **params)])


def _rows(source, name, statement, progress):
    """The credit rows of the file, as :class:`Row`; unreadable ones go to the mismatches."""
    rows = read_rows(source, name)
    columns = None
    for index, (number, cells) in enumerate(rows):
        if columns is None:
            candidate = _Columns(cells)
            if candidate.complete:
                columns = candidate
            elif index + 1 >= HEADER_SEARCH_ROWS:
                break
            continue
        progress(advance=1)
        row = Row(
            number=number,
            date=_text(columns.cell(cells, "date"), 40),
            description=_text(columns.cell(cells, "description"), 500),
            reference=_text(columns.cell(cells, "reference"), 500),
        )
        try:
            row.amount = parse_amount(columns.cell(cells, columns.money))
        except AmountUnreadable as e:
            cell = _text(columns.cell(cells, columns.money), 40)
            statement.mismatches.append(
                Verdict(row, reason=_("the amount “%(cell)s” %(reason)s") % {"cell": cell, "reason": e})
            )
            continue
        direction = " ".join(fold(_text(columns.cell(cells, "direction"), 20)).split())
        if row.amount is None or row.amount <= 0 or (columns.money == "amount" and direction in DEBIT_WORDS):
            statement.skipped += 1
            continue
        if columns.money == "amount" and "direction" in columns.index and direction not in CREDIT_WORDS:
            cell = _text(columns.cell(cells, "direction"), 20)
            reason = _("the row says neither credit nor debit (“%(cell)s”)") % {"cell": cell}
            statement.mismatches.append(Verdict(row, reason=reason))
            continue
        problem = character_problem(row.description + row.reference)
        if problem or not printable(row.reference) or len(row.reference) > MAX_REFERENCE:
            reason = problem.translated() if problem else _("the reference is not one a bank writes")
            statement.mismatches.append(
                Verdict(row, reason=_("the row cannot be read: %(reason)s") % {"reason": reason})
            )
            continue
        yield row
    if columns is None:
        _refuse(
            gettext_noop(
                "%(name)s: no header row naming a description (Nội dung, Mô tả, Description), an amount (Số tiền ghi "
                "có, Ghi có, Credit, Số tiền) and a reference (Số tham chiếu, Mã giao dịch, Reference) in its first "
                "%(rows)s rows; is this a bank statement?"
            ),
            name=name,
            rows=HEADER_SEARCH_ROWS,
        )


def read_statement(source, name=None, progress=None):
    """Judge every credit row of a bank statement (a path or a binary file; ``name`` gives the
    file's name and its suffix, .csv or .xlsx): a :class:`Statement` of matches and mismatches.
    Nothing is recorded. Raises :class:`SpreadsheetRefused` for a file that cannot be read.
    ``progress(total=None, advance=0)`` is told of each row read."""
    name = name or str(getattr(source, "name", source)).rsplit("/", 1)[-1]
    progress = progress or (lambda total=None, advance=0: None)
    statement = Statement(name=name)
    rows = list(_rows(source, name, statement, progress))
    candidates = {row.number: order_numbers(row.description) for row in rows}
    orders = _orders(number for numbers in candidates.values() for number in numbers)
    recorded = recorded_references(row.reference for row in rows)
    first_with_reference, first_for_order = {}, {}
    for row in rows:
        named = list(dict.fromkeys(orders[n].number for n in candidates[row.number] if n in orders))
        if not named:
            statement.mismatches.append(Verdict(row, reason=_("the description names no order of the shop")))
            continue
        if len(named) > 1:
            reason = _("the description names several orders: %(numbers)s") % {"numbers": ", ".join(named)}
            statement.mismatches.append(Verdict(row, reason=reason))
            continue
        order = orders[named[0]]
        if row.reference and row.reference in first_with_reference:
            reason = _("the same reference as row %(row)s") % {"row": first_with_reference[row.reference]}
            statement.mismatches.append(Verdict(row, order, reason))
            continue
        first_with_reference[row.reference] = row.number
        reason = judge(order, row.amount, row.reference, recorded.get(row.reference))
        if not reason and order.number in first_for_order:
            reason = _("order %(number)s is already matched by row %(row)s") % {
                "number": order.number,
                "row": first_for_order[order.number],
            }
        if reason:
            statement.mismatches.append(Verdict(row, order, reason))
        else:
            first_for_order[order.number] = row.number
            statement.matches.append(Verdict(row, order))
    statement.mismatches.sort(key=lambda verdict: verdict.row.number)
    return statement


@dataclass
class Applied:
    recorded: list = field(default_factory=list)  # order numbers
    refused: list = field(default_factory=list)  # (order number, reason)


def record_transfer(number, amount, reference):
    """Record the transfer of ``amount`` đồng with the bank's ``reference`` as paying order
    ``number``, if :func:`judge` agrees at this moment (the order locked meanwhile); returns the
    reason it was not recorded, or ``""``."""
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(number=number).first()
        if order is None:
            return _("order %(number)s does not exist") % {"number": number}
        recorded = recorded_references([reference]).get(reference)
        reason = judge(order, amount, reference, recorded)
        if reason:
            return reason
        try:
            record_payment(order, METHOD, amount, reference, currency=order.currency)
        except AmountMismatch:
            return _("the amount %(amount)s differs from the total of order %(number)s, %(total)s") % {
                "amount": dong(amount),
                "number": number,
                "total": dong(int(order.total_incl_tax)),
            }
    return ""


def apply(transfers, progress=None):
    """Record the ticked matches, each ``(order number, amount, reference)``: each judged again
    when recorded (the order may have been paid or cancelled meanwhile)."""
    progress = progress or (lambda total=None, advance=0: None)
    applied = Applied()
    for number, amount, reference in transfers:
        reason = record_transfer(number, amount, reference)
        if reason:
            applied.refused.append((number, reason))
        else:
            applied.recorded.append(number)
        progress(advance=1)
    return applied
