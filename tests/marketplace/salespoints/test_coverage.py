"""The coverage of a province by its sales points: the numbers (coverage.py), the dashboard page
and its CSV, and ``manage.py sales_point_coverage``."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from marketplace.adminunits.models import LegacyDistrict, LegacyProvince
from marketplace.salespoints import coverage
from marketplace.salespoints.models import Criterion
from tests.factories import ProducerFactory, ProductFactory, SalesPointFactory, stock_at

pytestmark = pytest.mark.django_db
URL = "/dashboard/sales-points/coverage/"
BAC_GIANG_DISTRICTS = 10  # legacy districts of Bắc Giang in vietnamadminunits


def by_code(report):
    return {row.code: row for row in report.districts}


def test_districts_without_a_point_come_first_and_only_listable_stock_at_active_points_counts(coverage_points):
    report = coverage.coverage(LegacyProvince.objects.get(code="24"))
    rows = report.districts
    assert len(rows) == BAC_GIANG_DISTRICTS
    assert [row.has_points for row in rows] == [False] * 8 + [True] * 2
    assert [row.name for row in rows[:8]] == sorted(row.name for row in rows[:8])  # by name within each part
    assert [row.code for row in rows[8:]] == ["217", "218"]  # Lạng Giang, Lục Nam
    districts = by_code(report)
    # Lục Nam: two active points (the inactive one is not counted); on their shelves honey 1 and
    # tea — not honey 2 (none left) nor the revoked product; two producers.
    assert (districts["218"].points, districts["218"].products, districts["218"].producers) == (2, 2, 2)
    # Lạng Giang: honey 2 only (a 2★ product is not OCOP-certified).
    assert (districts["217"].points, districts["217"].products, districts["217"].producers) == (1, 1, 1)
    # Lục Ngạn has only an inactive point, whose stock does not count.
    assert (districts["219"].points, districts["219"].products, districts["219"].producers) == (0, 0, 0)
    assert (report.points, report.products, report.producers, report.unplaced) == (3, 3, 2, 0)
    assert len(report.districts_without_points) == 8


def test_decision_950_lists_and_products_to_take_off_the_shelf(coverage_points):
    t = coverage_points
    report = coverage.coverage(LegacyProvince.objects.get(code="24"))
    assert [p.code for p in report.failing_950] == ["BG-LN-02"]
    labels = dict(Criterion.choices)
    assert report.failing_950[0].failed_criteria == [str(labels["signage"]), str(labels["facilities"])]
    assert [p.code for p in report.unassessed_950] == ["BG-LG-01"]  # active points only
    off_shelf = {point.code: products for point, products in report.off_shelf}
    assert set(off_shelf) == {"BG-LN-02", "BG-LG-01"}  # not the inactive point holding the revoked product
    revoked = off_shelf["BG-LN-02"]
    assert [(p.code, p.quantity) for p in revoked] == [("24-217-0202", 4)]
    assert revoked[0].reason == t.revoked.why_not_listable() and revoked[0].reason
    assert [(p.code, p.quantity) for p in off_shelf["BG-LG-01"]] == [("24-217-0203", 7)]
    assert "2★" in off_shelf["BG-LG-01"][0].reason


def test_a_point_without_a_district_counts_for_the_province(coverage_points):
    SalesPointFactory(code="BG-XX-01", legacy_district_id=None)
    report = coverage.coverage(LegacyProvince.objects.get(code="24"))
    assert (report.points, report.unplaced) == (4, 1)
    assert sum(row.points for row in report.districts) == 3


def test_the_page_shows_the_report_of_the_first_province_with_points(dashboard_staff, coverage_points):
    SalesPointFactory(code="HN-01", legacy_province_id="01", legacy_district_id="001")  # Hà Nội, Ba Đình
    page = dashboard_staff.get(URL).content.decode()
    assert "Tỉnh Bắc Giang" in page  # Bắc Giang comes before Hà Nội
    assert '<option value="24" selected>' in page
    districts = page.split('id="districts"')[1].split("</section>")[0]
    assert districts.index("Yên Thế") < districts.index("Lạng Giang") < districts.index("Lục Nam")
    assert districts.count("table-warning") == 8
    assert "Cửa hàng Đồi Ngô" in page.split('id="failing-950"')[1].split("</section>")[0]
    assert "Điểm OCOP Lạng Giang" in page.split('id="unassessed-950"')[1].split("</section>")[0]
    off_shelf = page.split('id="off-shelf"')[1].split("</section>")[0]
    assert "Rượu làng Vân" in off_shelf and "sai nhãn mác" in off_shelf and "Bánh đa Kế" in off_shelf
    assert "Điểm Lục Nam đã đóng" not in off_shelf
    hanoi = dashboard_staff.get(URL, {"province": "01"}).content.decode()
    assert "Thành phố Hà Nội" in hanoi and "Huyện Lục Nam" not in hanoi and "Quận Ba Đình" in hanoi


def test_unknown_province_and_no_points_at_all(dashboard_staff, admin_units):
    page = dashboard_staff.get(URL)  # no point yet: the page says so and offers to record one
    assert page.status_code == 200 and 'href="/dashboard/sales-points/create/"' in page.content.decode()
    assert page.context["report"] is None
    for code in ("99", "abc", "2\x004", "24' OR 1=1"):
        assert dashboard_staff.get(URL, {"province": code}).status_code == 404, code


def read_csv(content):
    return list(csv.reader(io.StringIO(content)))


def test_csv_of_the_district_table(dashboard_staff, coverage_points):
    response = dashboard_staff.get(URL, {"province": "24", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"] and "bac-giang" in response["Content-Disposition"]
    rows = read_csv(response.content.decode("utf-8-sig"))
    assert rows[0] == coverage.CSV_HEADER
    assert len(rows) == 1 + BAC_GIANG_DISTRICTS
    assert rows[-1] == ["218", "Lục Nam", "Huyện", "2", "2", "2"]
    assert rows[-2] == ["217", "Lạng Giang", "Huyện", "1", "1", "1"]
    assert all(row[3] == "0" for row in rows[1:9])


def test_csv_cannot_carry_a_formula(dashboard_staff, coverage_points):
    LegacyDistrict.objects.filter(code="215").update(short_name='=HYPERLINK("http://evil.example","x")')
    text = dashboard_staff.get(URL, {"province": "24", "format": "csv"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    out = io.StringIO()
    call_command("sales_point_coverage", province="24", csv=True, stdout=out)
    assert "'=HYPERLINK" in out.getvalue() and ",=HYPERLINK" not in out.getvalue()


def test_command_prints_the_table_with_districts_without_points_first(coverage_points):
    out = io.StringIO()
    call_command("sales_point_coverage", "--province", "24", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    assert "Tỉnh Bắc Giang" in lines[0]
    table = [line for line in lines if line[:3].isdigit()]
    assert len(table) == BAC_GIANG_DISTRICTS
    assert [line.split()[0] for line in table[-2:]] == ["217", "218"]
    luc_nam = table[-1].split()
    assert luc_nam[-3:] == ["2", "2", "2"]
    marker = gettext("NO POINT")  # in the language the command speaks (Vietnamese by default)
    assert all(marker in line for line in table[:8]) and not any(marker in line for line in table[8:])
    assert "BG-LN-02" in text and "BG-LG-01" in text and "24-217-0202" in text


def test_command_csv_has_the_columns_and_rows_of_the_dashboard_csv(dashboard_staff, coverage_points):
    out = io.StringIO()
    call_command("sales_point_coverage", province="24", csv=True, stdout=out)
    download = dashboard_staff.get(URL, {"province": "24", "format": "csv"}).content.decode("utf-8-sig")
    assert read_csv(out.getvalue()) == read_csv(download)


def test_command_refuses_an_unknown_province(admin_units):
    with pytest.raises(CommandError, match="No province"):
        call_command("sales_point_coverage", province="99")


def test_command_help_says_what_it_does(capsys):
    with pytest.raises(SystemExit):
        call_command("sales_point_coverage", "--help")
    help_text = capsys.readouterr().out
    assert "--province CODE" in help_text and "--csv" in help_text and "districts without a point first" in help_text


def test_the_report_takes_a_constant_number_of_queries(dashboard_staff, coverage_points, django_assert_max_num_queries):
    with CaptureQueriesContext(connection) as first:
        assert dashboard_staff.get(URL, {"province": "24"}).status_code == 200
    # Many more points, products, producers and off-the-shelf stock in more districts.
    for n, district in enumerate(["213", "215", "216", "219", "220", "222", "223", "224"]):
        point = SalesPointFactory(code=f"BG-X-{n}", legacy_district_id=district, meets_950=n % 2 == 0 or None)
        for m in range(3):
            stock_at(point, ProductFactory(producer=ProducerFactory()), m)
        stock_at(point, ProductFactory(certificate__stars=2))
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = dashboard_staff.get(URL, {"province": "24"}).content.decode()
    assert page.split('id="districts"')[1].split("</section>")[0].count("table-warning") == 0
