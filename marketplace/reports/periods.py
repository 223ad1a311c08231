"""Reporting periods: a month, a quarter or a year, written in URLs as ``2026-11``, ``2026-Q4``
and ``2026``, in Vietnam's time (Asia/Ho_Chi_Minh)."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

MONTH, QUARTER, YEAR = "month", "quarter", "year"
ROMAN = ("I", "II", "III", "IV")
_FORMS = (
    (re.compile(r"^(\d{4})-(\d{1,2})$"), MONTH),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), QUARTER),
    (re.compile(r"^(\d{4})$"), YEAR),
)
FIRST_YEAR, LAST_YEAR = 2018, 2100  # the OCOP programme started in 2018


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int = 0  # the month (1–12) or the quarter (1–4); 0 for a year

    @classmethod
    def parse(cls, text):
        """The period ``text`` names; ``ValueError`` with a reason a person can read otherwise."""
        text = (text or "").strip()
        for pattern, kind in _FORMS:
            match = pattern.match(text)
            if match:
                year, number = int(match[1]), int(match[2]) if kind != YEAR else 0
                if not FIRST_YEAR <= year <= LAST_YEAR:
                    raise ValueError(
                        _("Reports start in %(year)s, the first year of the OCOP programme.") % {"year": FIRST_YEAR}
                    )
                if kind == MONTH and not 1 <= number <= 12:
                    raise ValueError(_("A month is 1 to 12."))
                return cls(kind, year, number)
        raise ValueError(_("A period is a month (2026-11), a quarter (2026-Q4) or a year (2026)."))

    @classmethod
    def containing(cls, day, kind=QUARTER):
        """The month, quarter or year that ``day`` falls in."""
        number = {MONTH: day.month, QUARTER: (day.month - 1) // 3 + 1, YEAR: 0}[kind]
        return cls(kind, day.year, number)

    @property
    def key(self):
        return {MONTH: f"{self.year}-{self.number:02d}", QUARTER: f"{self.year}-Q{self.number}", YEAR: str(self.year)}[
            self.kind
        ]

    def __str__(self):
        if self.kind == MONTH:
            return _("Month %(month)02d/%(year)s") % {"month": self.number, "year": self.year}
        if self.kind == QUARTER:
            return _("Quarter %(quarter)s/%(year)s") % {"quarter": ROMAN[self.number - 1], "year": self.year}
        return _("Year %(year)s") % {"year": self.year}

    @property
    def start(self):
        """The first day."""
        month = {MONTH: self.number, QUARTER: 3 * self.number - 2, YEAR: 1}[self.kind]
        return datetime.date(self.year, month, 1)

    @property
    def end(self):
        """The day after the last day."""
        months = {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]
        return add_months(self.start, months)

    @property
    def last_day(self):
        return self.end - datetime.timedelta(days=1)

    def months(self):
        """The first day of each month of the period."""
        count = {MONTH: 1, QUARTER: 3, YEAR: 12}[self.kind]
        return [add_months(self.start, n) for n in range(count)]

    def bounds(self):
        """(start, end) as aware datetimes in Vietnam's time, the end excluded."""
        return local_midnight(self.start), local_midnight(self.end)

    def previous(self):
        return (
            self.containing(add_months(self.start, -1), self.kind) if self.kind != YEAR else Period(YEAR, self.year - 1)
        )

    def next(self):
        return self.containing(self.end, self.kind)

    def has_started(self, today):
        return self.start <= today


def add_months(day, months):
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def local_midnight(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()), timezone.get_default_timezone())
