"""Opening hours as the provinces write them, and "open now" in Hà Nội time — in Python and in
the database, which must agree."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marketplace.salespoints.hours import (
    HoursError,
    Range,
    edges,
    format_hours,
    is_open,
    next_change,
    parse,
    period,
)
from marketplace.salespoints.models import SalesPoint
from tests.factories import SalesPointFactory

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
T = datetime.time


def at(day, hour, minute=0):
    """A local time in the week of Monday 30/11/2026 (day 0 = Monday)."""
    return datetime.datetime(2026, 11, 30, hour, minute, tzinfo=LOCAL) + datetime.timedelta(days=day)


def test_the_provinces_notation():
    assert parse("T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ") == [
        *(Range(day, T(7, 30), T(17)) for day in range(5)),
        Range(5, T(8), T(12)),
    ]
    assert parse("T2-T6 07:00-11:00,13:30-17:00")[:2] == [Range(0, T(7), T(11)), Range(0, T(13, 30), T(17))]
    # What people also type: "Thứ 2 - Thứ 6:", "Chủ nhật", "7h30", en dashes, upper case, new lines.
    assert parse("Thứ 2 – Thứ 6: 7h30-17h\nCHỦ NHẬT 8:00-11:00") == parse("T2-T6 07:30-17:00; CN 08:00-11:00")
    assert parse("") == [] and parse(" ; ") == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Sáng 7:00-11:00", "does not start with a day"),
        ("T6-T2 07:00-17:00", "is not a day range"),
        ("T2 07:00", "is not a time range"),
        ("T2 25:00-26:00", "is not a time of day"),
        ("T2 07:00-07:00", "opens and closes at the same time"),
        ("T2 07:00-08:00; T2-T3 09:00-10:00", "T2 is given twice"),
        ("T2", "gives no hours"),
        ("T2 1:00-2:00,3:00-4:00,5:00-6:00,7:00-8:00,9:00-10:00", "more than 4 ranges"),
    ],
)
def test_bad_hours_say_what_is_wrong(text, problem):
    with translation.override("en"), pytest.raises(HoursError, match=problem):
        parse(text)


def test_and_say_it_in_vietnamese():
    with pytest.raises(HoursError, match="“25:00-26:00” không phải là giờ hợp lệ trong ngày"):
        parse("T2 25:00-26:00")


def test_written_back_with_days_joined():
    text = "T2-T6 07:00-11:00,13:30-17:00; T7 08:00-12:00; CN nghỉ"
    assert format_hours(parse(text)) == text
    assert format_hours(parse("T2-CN 00:00-24:00")) == "T2-CN 00:00-24:00"
    assert format_hours(parse("T6-CN 18:00-02:00")) == "T2-T5 nghỉ; T6-CN 18:00-02:00"
    assert format_hours([]) == ""


def test_open_now_across_midnight_and_weekdays():
    night = parse("T6-CN 18:00-02:00")  # Friday to Sunday evenings, until 2 a.m.
    assert not is_open(night, at(4, 17, 59))
    assert is_open(night, at(4, 18, 0))
    assert is_open(night, at(5, 1, 59))  # Saturday 01:59: Friday's evening
    assert not is_open(night, at(5, 2, 0))
    assert is_open(night, at(7, 1, 0))  # Monday 01:00: Sunday's evening
    assert not is_open(night, at(4, 1, 0))  # Friday 01:00: Thursday was closed
    always = parse("T2-CN 00:00-24:00")
    assert all(is_open(always, at(day, hour)) for day in range(7) for hour in (0, 12, 23))
    # A time given in UTC is read in Hà Nội: 03:00 UTC on Monday is 10:00 there.
    assert is_open(parse("T2 09:00-11:00"), datetime.datetime(2026, 11, 30, 3, 0, tzinfo=datetime.UTC))


def test_when_it_next_opens_or_closes():
    week = parse("T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ")
    assert next_change(week, at(0, 10)) == (True, at(0, 17))
    assert next_change(week, at(5, 12, 30)) == (False, at(7, 7, 30))  # Saturday afternoon -> Monday
    assert next_change(parse("T2-CN 00:00-24:00"), at(2, 9)) == (True, None)
    assert next_change([], at(2, 9)) == (False, None)


WEEK = st.lists(
    st.builds(
        Range,
        st.integers(0, 6),
        st.times().map(lambda t: t.replace(second=0, microsecond=0)),
        st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    ).filter(lambda r: r.opens != r.closes or r.opens == T(0)),
    max_size=6,
)


@pytest.mark.django_db
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ranges=WEEK, moment=st.datetimes(datetime.datetime(2026, 1, 1), datetime.datetime(2027, 1, 1)))
def test_the_database_and_python_agree(admin_units, ranges, moment):
    moment = moment.replace(second=0, microsecond=0, tzinfo=LOCAL)
    point = SalesPointFactory(hours="")
    point.set_hours(ranges)
    in_database = SalesPoint.objects.filter(pk=point.pk).open_at(moment).exists()
    assert in_database == is_open(ranges, moment)
    point.delete()


def test_a_period_lasts_until_the_next_time_a_point_opens_or_closes():
    week = parse("T2-T6 07:30-17:00; T7 08:00-12:00")
    times = edges((r.opens, r.closes) for r in week)
    assert times == ("07:30:00", "08:00:00", "12:00:00", "17:00:00")
    assert period(times, at(0, 7, 29)) == "2026-11-30 00:00:00"
    assert period(times, at(0, 7, 30)) == "2026-11-30 07:30:00"  # at the very time it opens
    assert period(times, at(0, 7, 59)) == period(times, at(0, 7, 30))
    assert period(times, at(0, 23, 59)) == "2026-11-30 17:00:00"
    assert period(times, at(1, 0, 0)) == "2026-12-01 00:00:00"  # each day its own
    assert period((), at(0, 10)) == "2026-11-30 00:00:00"  # no hours anywhere: the day


@settings(max_examples=200)
@given(
    ranges=WEEK,
    moment=st.datetimes(datetime.datetime(2026, 1, 1), datetime.datetime(2027, 1, 1)),
    later=st.integers(1, 24 * 60),
)
def test_nothing_a_point_shows_of_its_hours_changes_within_a_period(ranges, moment, later):
    """What the locator keeps for a period — each point open or not, and when that changes — is
    the same at any two moments of it."""
    times = edges((r.opens, r.closes) for r in ranges)
    first = moment.replace(second=0, microsecond=0, tzinfo=LOCAL)
    second = first + datetime.timedelta(minutes=later)
    if period(times, first) == period(times, second):
        assert next_change(ranges, first) == next_change(ranges, second)
    else:  # a point opened or closed in between, or the day changed
        assert first.date() != second.date() or any(
            first.strftime("%H:%M:%S") < t <= second.strftime("%H:%M:%S") for t in times
        )
