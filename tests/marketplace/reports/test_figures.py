"""The report's figures (marketplace/reports/figures.py) against the hand-computed province year
of conftest.py: Q4 2026 for Bắc Ninh, on 15/11/2026."""

import datetime
from decimal import Decimal

import pytest

from marketplace.reports.figures import Area, Report
from marketplace.reports.periods import Period

from .conftest import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(province_year):
    return Report(Area(province_year["province"]), Period.parse("2026-Q4"))


def test_listed_products_and_producers_by_stars_group_and_district(report):
    assert report.by_stars.rows == [("5 sao", 1, 1), ("4 sao", 2, 2), ("3 sao", 2, 2)]  # A3 revoked, C elsewhere
    assert [row[1:] for row in report.by_group.rows] == [(3, 2), (1, 1), (1, 1)]
    assert [row[0][:4] for row in report.by_group.rows] == ["I. T", "II. ", "IV. "]
    assert report.by_district.rows == [("Lục Nam", 3, 2), ("Yên Thế", 2, 1)]
    assert report.summary()["products"] == 5 and report.summary()["producers"] == 3


def test_certificates_expiring_revoked_and_new(report, province_year):
    expiring = report.expiring.rows
    assert [(row[1], row[4], row[5]) for row in expiring] == [
        ("Mật ong A1", day(2026, 12, 5), 20),
        ("Vải sấy A2", day(2027, 1, 10), 56),
    ]
    assert "1" in report.expiring.note and "2" in report.expiring.note  # 1 within 30 days, 2 within 90
    (withdrawn,) = report.withdrawn.rows
    assert withdrawn[0] == day(2026, 10, 15) and withdrawn[1] == province_year["revoked"].code
    assert withdrawn[5] == "Vi phạm an toàn thực phẩm"
    # New certifications in the period: B2 (4★) in October; C1 (November) is another province's.
    assert report.certifications.rows == [
        (day(2026, 10, 1), 1, 0, 1, 0),
        (day(2026, 11, 1), 0, 0, 0, 0),
        (day(2026, 12, 1), 0, 0, 0, 0),
    ]


def test_orders_units_and_revenue_by_month_district_and_producer(report):
    assert report.totals == {"orders": 2, "units": 4, "revenue": Decimal("350000")}
    assert report.sales_by_month.rows == [
        (day(2026, 10, 1), 1, 3, Decimal("300000")),
        (day(2026, 11, 1), 1, 1, Decimal("50000")),
        (day(2026, 12, 1), 0, 0, Decimal(0)),
    ]
    assert report.sales_by_district.rows == [("Lục Nam", 1, 3, Decimal("300000")), ("Yên Thế", 1, 1, Decimal("50000"))]
    assert report.sales_by_producer.rows == [("HTX A", 1, 3, Decimal("300000")), ("HTX B", 1, 1, Decimal("50000"))]


def test_revenue_after_certification_against_the_year_before(report):
    rows = {row[0]: row for row in report.growth.rows}
    assert list(rows) == ["HTX D", "HTX A", "HTX B"]  # by first certification
    a = rows["HTX A"]
    assert a[1:5] == (day(2025, 6, 1), Decimal("100000"), Decimal("200000"), Decimal("2.00"))
    assert a[5] == "Đạt mục tiêu"
    assert rows["HTX B"][4] is None and "01/08/2027" in rows["HTX B"][5]  # its year after is not over
    assert rows["HTX D"][2:5] == (Decimal(0), Decimal(0), None)  # never sold: nothing to compare
    assert report.growth_summary == {"met": 1, "measured": 1, "all": 3}


def test_a_producer_below_the_target_is_shown_as_not_meeting_it(province_year):
    from .conftest import sold

    sold(province_year["a1"], 2, day(2024, 12, 1))  # the year before grows to 300.000: ×0.67
    report = Report(Area(province_year["province"]), Period.parse("2026-Q4"))
    a = next(row for row in report.growth.rows if row[0] == "HTX A")
    assert a[2:5] == (Decimal("300000"), Decimal("200000"), Decimal("0.67"))
    assert a[5] == "Chưa đạt mục tiêu"


def test_sales_point_coverage_and_events(report):
    assert report.coverage.rows == [("Bắc Giang", 10, 1, 9, 1), ("Bắc Ninh", 8, 0, 8, 0)]
    assert report.summary()["districts_without_point"] == 17
    assert report.events.rows == [] and report.summary()["fairs"] == 0


def test_an_empty_period_gives_zeros_and_empty_tables(province_year):
    report = Report(Area(province_year["province"]), Period.parse("2019-03"))
    assert report.totals == {"orders": 0, "units": 0, "revenue": Decimal(0)}
    assert report.sales_by_month.rows == [(day(2019, 3, 1), 0, 0, Decimal(0))]
    assert report.sales_by_district.rows == [] and report.withdrawn.rows == []
    assert report.certifications.rows == [(day(2019, 3, 1), 0, 0, 0, 0)]
    assert report.growth.rows == []
    assert report.by_stars.rows == [("5 sao", 0, 0), ("4 sao", 0, 0), ("3 sao", 0, 0)]  # nothing listed in 2019


def test_the_whole_country_counts_every_province(province_year):
    report = Report(Area(None), Period.parse("2026-Q4"))
    assert report.totals == {"orders": 3, "units": 9, "revenue": Decimal("750000")}
    assert ("HTX C", 1, 5, Decimal("400000")) in report.sales_by_producer.rows


def test_a_report_keeps_to_a_fixed_number_of_queries(province_year, django_assert_max_num_queries):
    with django_assert_max_num_queries(24):
        report = Report(Area(province_year["province"]), Period.parse("2026"))
        for table in report.tables():
            table.rows  # noqa: B018
        report.summary()


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-11", day(2026, 11, 1), day(2026, 12, 1)),
        ("2026-12", day(2026, 12, 1), day(2027, 1, 1)),
        ("2026-Q4", day(2026, 10, 1), day(2027, 1, 1)),
        ("2026-q1", day(2026, 1, 1), day(2026, 4, 1)),
        ("2026", day(2026, 1, 1), day(2027, 1, 1)),
    ],
)
def test_periods_read_from_the_address(text, start, end):
    period = Period.parse(text)
    assert (period.start, period.end) == (start, end)
    assert Period.parse(period.key) == period


@pytest.mark.parametrize("text", ["", "2026-13", "2026-Q5", "2017", "26-11", "2026-11-01", "x" * 50, "2026\x00"])
def test_bad_periods_are_refused_with_a_reason(text):
    with pytest.raises(ValueError, match=r"."):
        Period.parse(text)


def test_previous_and_next_periods():
    assert Period.parse("2026-01").previous().key == "2025-12"
    assert Period.parse("2026-Q1").previous().key == "2025-Q4"
    assert Period.parse("2026-Q4").next().key == "2027-Q1"
    assert Period.parse("2026").next().key == "2027"
    assert Period.containing(datetime.date(2026, 11, 15)).key == "2026-Q4"
