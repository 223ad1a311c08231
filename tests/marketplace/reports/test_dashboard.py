"""The province dashboard, its printable report and its XLSX file: who may see what, the same
figures in all three, bad addresses answered with a message."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from marketplace.adminunits.models import Province
from marketplace.reports.models import ProvinceOfficer
from tests.factories import ProducerFactory, producer_user

pytestmark = pytest.mark.django_db

DASHBOARD, PRINT, XLSX = (reverse(f"province-reports:{name}") for name in ("dashboard", "print", "xlsx"))


@pytest.fixture
def staff(client):
    user = get_user_model().objects.create_user("office", "office@ocop.local", "mat-khau-dai-2026", is_staff=True)
    client.force_login(user)
    return user


@pytest.fixture
def officer(client, admin_units):
    user = get_user_model().objects.create_user("bn", "bn@ocop.local", "mat-khau-dai-2026", is_staff=True)
    ProvinceOfficer.objects.create(user=user, province=Province.objects.get(short_name="Bắc Ninh"))
    client.force_login(user)
    return user


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_only_staff_see_the_reports(client, admin_units):
    for url in (DASHBOARD, PRINT, XLSX):
        assert client.get(url).status_code == 302  # to log in
    client.force_login(producer_user(ProducerFactory()))
    for url in (DASHBOARD, PRINT, XLSX):
        assert client.get(url).status_code in (302, 403)


def test_the_dashboard_shows_the_figures_charts_and_tables(client, staff, province_year):
    bac_ninh = province_year["province"]
    response = client.get(DASHBOARD, {"period": "2026-Q4", "province": bac_ninh.code})
    assert response.status_code == 200
    html = text(response)
    assert "Quý IV/2026" in html and bac_ninh.name in html
    assert "350.000 ₫" in html  # the period's revenue
    assert "Đạt mục tiêu" in html and "1 trên 1 chủ thể đủ số liệu" in html
    assert 'data-chart="line"' in html and 'data-value="300000"' in html  # charted from the tables
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert f"?period=2026-Q3&amp;province={bac_ninh.code}" in html  # the previous quarter
    assert f"{PRINT}?period=2026-Q4&amp;province={bac_ninh.code}" in html


def test_the_printed_report_has_the_same_figures(client, staff, province_year):
    bac_ninh = province_year["province"]
    html = text(client.get(PRINT, {"period": "2026-Q4", "province": bac_ninh.code}))
    assert "Báo cáo OCOP: Tỉnh Bắc Ninh, Quý IV/2026" in html or "Báo cáo OCOP: Bắc Ninh, Quý IV/2026" in html
    assert "Từ ngày 01/10/2026 đến ngày 31/12/2026" in html
    assert "350.000 ₫" in html and "Vi phạm an toàn thực phẩm" in html
    assert "<details" not in html  # every table whole on paper


def test_the_workbook_has_a_sheet_per_table_with_numbers_as_numbers(client, staff, province_year):
    bac_ninh = province_year["province"]
    response = client.get(XLSX, {"period": "2026-Q4", "province": bac_ninh.code})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert f'filename="bao-cao-ocop-{bac_ninh.slug}-2026-Q4.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Tổng hợp" and len(book.sheetnames) == 14
    assert all(len(name) <= 31 for name in book.sheetnames)
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=3, values_only=True)}
    assert summary["Doanh thu"] == 350000 and summary["Sản phẩm đang bày bán"] == 5
    assert "Doanh thu theo tháng" in book.sheetnames and "Mục tiêu ×1,5" in book.sheetnames
    months = book["Doanh thu theo tháng"]
    rows = list(months.iter_rows(min_row=3, values_only=True))
    assert [row[1:] for row in rows[:3]] == [(1, 3, 300000), (1, 1, 50000), (0, 0, 0)]
    assert months["A3"].number_format == "mm/yyyy" and months["D3"].number_format == '#,##0 "₫"'
    a = next(row for row in book["Mục tiêu ×1,5"].iter_rows(min_row=3, values_only=True) if row[0] == "HTX A")
    assert a[2:6] == (100000, 200000, 2, "Đạt mục tiêu")


def test_a_province_officer_sees_only_their_province(client, officer, province_year):
    html = text(client.get(DASHBOARD, {"period": "2026-Q4"}))
    assert "Bạn lập báo cáo cho Tỉnh Bắc Ninh." in html or "Bạn lập báo cáo cho Bắc Ninh." in html
    assert 'name="province"' not in html  # no choice of province
    assert "HTX C" not in html  # Hà Nội's producer
    ha_noi = Province.objects.get(short_name="Hà Nội")
    assert client.get(DASHBOARD, {"province": ha_noi.code}).status_code == 403
    assert client.get(XLSX, {"province": ha_noi.code}).status_code == 403
    own = province_year["province"]
    assert client.get(PRINT, {"province": own.code, "period": "2026"}).status_code == 200


def test_staff_without_a_province_see_the_whole_country(client, staff, province_year):
    html = text(client.get(DASHBOARD, {"period": "2026-Q4"}))
    assert "Tất cả tỉnh, thành" in html and "HTX C" in html and "750.000 ₫" in html


@pytest.mark.parametrize(
    "params",
    [
        {"period": "2026-13"},
        {"period": "<script>alert(1)</script>"},
        {"period": "\x00"},
        {"province": "zz"},
        {"province": "\x00"},
        {"province": "9" * 500},
        {"period": "1999", "province": "<b>"},
    ],
)
def test_bad_addresses_get_a_message_and_the_defaults(client, staff, admin_units, params):
    for url in (DASHBOARD, PRINT):
        response = client.get(url, params)
        assert response.status_code == 200, (url, params)
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html and "<b>" not in html.split("</header>")[-1]
    assert client.get(DASHBOARD, params).context["problems"]
    assert client.get(XLSX, params).status_code == 200


def test_the_dashboard_keeps_to_a_fixed_number_of_queries(client, staff, province_year, django_assert_max_num_queries):
    client.get(DASHBOARD, {"period": "2026"})
    with django_assert_max_num_queries(40):
        client.get(DASHBOARD, {"period": "2026"})
