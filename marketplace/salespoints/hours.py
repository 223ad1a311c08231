"""Opening hours: the provinces' notation, and "open now" in Asia/Ho_Chi_Minh.

The spreadsheets write ``T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ`` (T2…T7 = Monday…Saturday,
CN = Sunday); a day may have two ranges, ``T2-T6 07:00-11:00,13:30-17:00``. We keep each range
as a row (weekday, opens, closes). A range whose closing time is not after its opening time
runs past midnight (``18:00-02:00`` is open until 2 a.m. the next day); ``00:00-24:00`` is the
whole day.

:func:`parse` turns the notation into ranges (or raises :class:`HoursError` saying why),
:func:`format_hours` writes it back, :func:`is_open` and :func:`open_q` answer "open now"
in Python and in the database — the same rule, tested against each other — and :func:`period`
names the stretch of the day during which no point opens or closes.
"""

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.text import fold

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
MIDNIGHT = datetime.time(0, 0)

#: The spreadsheet's day names, Monday (0) … Sunday (6).
DAY_CODES = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
DAY_NAMES = (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday"))
_DAY = {
    "t2": 0,
    "t3": 1,
    "t4": 2,
    "t5": 3,
    "t6": 4,
    "t7": 5,
    "cn": 6,
    "thu 2": 0,
    "thu 3": 1,
    "thu 4": 2,
    "thu 5": 3,
    "thu 6": 4,
    "thu 7": 5,
    "chu nhat": 6,
}
_CLOSED = {"nghi", "dong cua", "closed", "khong mo"}
_TIME = re.compile(r"^(\d{1,2})[:hg.](\d{2})?$")
MAX_RANGES_PER_DAY = 4


class HoursError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Range:
    weekday: int
    opens: datetime.time
    closes: datetime.time

    @property
    def overnight(self):
        """Whether the range ends on the next day (its closing time is not after its opening)."""
        return self.closes <= self.opens

    def __str__(self):
        closes = "24:00" if self.overnight and self.closes == MIDNIGHT and self.opens == MIDNIGHT else _t(self.closes)
        return f"{_t(self.opens)}-{closes}"


def _t(value):
    return value.strftime("%H:%M")


def local_now(at=None):
    return timezone.localtime(at or timezone.now(), LOCAL)


def parse(text):
    """The ranges written in ``text`` (sorted), or :class:`HoursError`. Empty text: no ranges."""
    ranges = {}
    for part in (p.strip() for p in re.split(r"[;\n]", text or "")):
        if not part:
            continue
        match = _PART.match(fold(part))
        if not match:
            raise HoursError(_("“%(part)s” does not start with a day (T2…T7, CN)") % {"part": part})
        days = _days(match.group("days"))
        times_text = match.group("times").strip(" .")
        if times_text in _CLOSED:
            for day in days:
                ranges.setdefault(day, [])
            continue
        times = [_range(t) for t in times_text.split(",") if t.strip()]
        if not times:
            raise HoursError(
                _("“%(part)s” gives no hours (write e.g. “T2-T6 07:30-17:00” or “CN nghỉ”)") % {"part": part}
            )
        if len(times) > MAX_RANGES_PER_DAY:
            raise HoursError(_("“%(part)s” has more than %(n)d ranges a day") % {"part": part, "n": MAX_RANGES_PER_DAY})
        for day in days:
            if ranges.get(day):
                raise HoursError(_("%(day)s is given twice") % {"day": DAY_CODES[day]})
            ranges[day] = times
    return sorted(Range(day, opens, closes) for day, times in ranges.items() for opens, closes in times)


_DAY_WORD = r"(?:thu\s*[2-7]|chu\s*nhat|t\s*[2-7]|cn)"
_PART = re.compile(rf"^\s*(?P<days>{_DAY_WORD}(?:\s*[-–,]\s*{_DAY_WORD})*)\s*:?\s*(?P<times>.*)$")


def _day(text):
    key = re.sub(r"\s+", " ", text.strip())
    key = re.sub(r"^t (\d)$", r"t\1", key)
    return _DAY[key]


def _days(text):
    days = []
    for item in text.split(","):
        ends = re.split(r"\s*[-–]\s*", item.strip())
        first, last = _day(ends[0]), _day(ends[-1])
        if len(ends) > 2 or last < first:
            raise HoursError(_("“%(days)s” is not a day range (write e.g. T2-T6)") % {"days": item.strip().upper()})
        days.extend(range(first, last + 1))
    return days


def _time(text, whole):
    match = _TIME.match(text.strip().lower())
    if not match:
        raise HoursError(_("“%(range)s” is not a time range (write e.g. 07:30-17:00)") % {"range": whole})
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if (hour, minute) == (24, 0):
        return MIDNIGHT
    if hour > 23 or minute > 59:
        raise HoursError(_("“%(range)s” is not a time of day") % {"range": whole})
    return datetime.time(hour, minute)


def _range(text):
    whole = text.strip()
    ends = re.split(r"\s*[-–]\s*", whole)
    if len(ends) != 2:
        raise HoursError(_("“%(range)s” is not a time range (write e.g. 07:30-17:00)") % {"range": whole})
    opens, closes = _time(ends[0], whole), _time(ends[1], whole)
    if opens == closes and opens != MIDNIGHT:
        raise HoursError(_("“%(range)s” opens and closes at the same time") % {"range": whole})
    return opens, closes


def format_hours(ranges, closed_days=True):
    """Write ``ranges`` back in the spreadsheet notation, days with the same hours joined:
    ``T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ``. No ranges at all: empty text."""
    if not ranges:
        return ""
    by_day = {day: ",".join(str(r) for r in sorted(ranges) if r.weekday == day) for day in range(7)}
    parts, day = [], 0
    while day < 7:
        last = day
        while last + 1 < 7 and by_day[last + 1] == by_day[day]:
            last += 1
        days = DAY_CODES[day] if last == day else f"{DAY_CODES[day]}-{DAY_CODES[last]}"
        if by_day[day] or closed_days:
            parts.append(f"{days} {by_day[day] or 'nghỉ'}")
        day = last + 1
    return "; ".join(parts)


def is_open(ranges, at=None):
    """Whether a point with these ranges is open at ``at`` (default: now), in Asia/Ho_Chi_Minh."""
    now = local_now(at)
    today, time = now.weekday(), now.time()
    yesterday = (today - 1) % 7
    for r in ranges:
        if r.weekday == today and r.opens <= time and (r.overnight or time < r.closes):
            return True
        if r.weekday == yesterday and r.overnight and time < r.closes:
            return True
    return False


def open_q(at=None, prefix=""):
    """:func:`is_open` as a ``Q`` on opening-hours rows (``prefix`` to reach them)."""
    now = local_now(at)
    today, time = now.weekday(), now.time()
    yesterday = (today - 1) % 7
    p = prefix
    overnight = Q(**{f"{p}closes__lte": F(f"{p}opens")})
    return (Q(**{f"{p}weekday": today, f"{p}opens__lte": time}) & (Q(**{f"{p}closes__gt": time}) | overnight)) | (
        Q(**{f"{p}weekday": yesterday, f"{p}closes__gt": time}) & overnight
    )


def next_change(ranges, at=None):
    """``(is_open, when)``: whether the point is open at ``at`` and the local datetime at which
    that changes (it closes, or next opens) within the coming week; ``when`` is None for a
    point that never changes (always open, or no hours)."""
    now = local_now(at).replace(second=0, microsecond=0)
    state = is_open(ranges, now)
    if not ranges:
        return state, None
    # Hours change only at the ranges' edges: try them in time order over the next 8 days.
    edges = sorted(
        {
            datetime.datetime.combine(now.date() + datetime.timedelta(days=offset), edge, tzinfo=LOCAL)
            for offset in range(-1, 9)
            for r in ranges
            for edge in (r.opens, r.closes)
            if (now.date() + datetime.timedelta(days=offset)).weekday() in (r.weekday, (r.weekday + 1) % 7)
        }
    )
    for edge in edges:
        if edge > now and is_open(ranges, edge) != state:
            return state, edge
    return state, None


def edges(pairs):
    """The times of day at which ranges given as ``(opens, closes)`` pairs open or close, as the
    sorted ``"HH:MM:SS"`` strings :func:`period` takes (text: kept as it is in every process)."""
    return tuple(sorted({time.strftime("%H:%M:%S") for pair in pairs for time in pair}))


def period(times, at=None):
    """The stretch of the day ``at`` falls in between two of ``times`` (:func:`edges`: every
    time a range opens or closes), named by the local date and the last of them not
    after ``at``. No point whose ranges open and close at those times opens or closes within it:
    whether each is open (:func:`is_open`) and when that next changes (:func:`next_change`) are
    the same all through it, so what shows them can be kept until the next of ``times`` rather
    than a minute."""
    now = local_now(at)
    clock = now.strftime("%H:%M:%S")
    since = max((t for t in times if t <= clock), default="00:00:00")
    return f"{now.date().isoformat()} {since}"
