""" "OCOP in numbers" on a phone: the charts are drawn from the tables (Chart.js from our own static
files, no script error, no Content-Security-Policy violation), and the CSV downloads."""

import csv
import io
from pathlib import Path

import pytest

from .conftest import csp_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_numbers_are_charted_and_the_list_downloads(page, demo_store):
    errors, violations = [], csp_violations(page)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(demo_store + "/")
    page.get_by_role("link", name="OCOP qua những con số · dữ liệu mở").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().strip() == "OCOP qua những con số"

    charts = page.locator("figure.chart")
    assert charts.count() == 3
    for i in range(3):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        assert "chart--drawn" in chart.get_attribute("class")
        box = chart.locator("canvas").bounding_box()
        assert box and box["width"] > 200 and box["height"] > 100  # drawn, within a phone's width
        assert box["width"] <= 412
    provinces = page.locator("figure.chart").nth(2).locator("tbody tr")
    assert provinces.count() > 3  # the demo's products come from several provinces
    assert page.locator("figure.chart").nth(2).locator("tbody th").first.inner_text()  # the table stays

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert download.value.suggested_filename == "ocop-products.csv"
    assert rows and all(row["verification_url"] for row in rows)
    assert not errors and not violations
