"""The import commands: --help explains the format, a report, --dry-run, and an error exit
listing every problem when a file is refused."""

import io

import pytest
from django.core.management import CommandError, call_command, load_command_class
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.salespoints.models import PointStock, SalesPoint
from tests.factories import SalesPointFactory

from .conftest import point_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("admin_units", "transfer_in_english")]


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, verbosity=1)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("import_sales_points", ["Mã điểm bán*", "Giờ mở cửa", "T2-T6 07:30-17:00", "Đạt tiêu chí 950", "--dry-run"]),
        ("import_sales_point_stock", ["Mã sản phẩm OCOP", "REPLACES the stock of every point it lists", "--dry-run"]),
    ],
)
def test_help_explains_the_format_and_points_to_the_docs(command, words):
    text = load_command_class("marketplace.salespoints", command).create_parser("manage.py", command).format_help()
    for word in [*words, "All or nothing", "docs/sales-points-formats.md"]:
        assert word in text


def test_a_good_points_file_is_imported_and_reported(transfer_files):
    path = transfer_files.points(point_row(), point_row(**{"Mã điểm bán": "BG-LN-02"}), kind="xlsx")
    out, _err = run("import_sales_points", str(path))
    assert out.strip() == "diem-ban.xlsx imported: 2 rows: 2 created, 0 updated, 0 unchanged."
    assert SalesPoint.objects.count() == 2
    out, _err = run("import_sales_points", str(path))
    assert out.strip() == "diem-ban.xlsx imported: 2 rows: 0 created, 0 updated, 2 unchanged."


def test_dry_run_changes_nothing(transfer_files):
    out, _err = run("import_sales_points", str(transfer_files.points()), "--dry-run")
    assert "can be imported (checked only, nothing was changed): 1 rows: 1 created" in out
    assert SalesPoint.objects.count() == 0


def test_a_refused_file_exits_with_an_error_listing_every_problem(transfer_files):
    path = transfer_files.points(
        point_row(),
        point_row(**{"Mã điểm bán": "BG-LN-02", "Loại": "Kiot"}),
        point_row(**{"Mã điểm bán": "BG-LN-03", "Giờ mở cửa": "T2-T6 7:30-17"}),
    )
    with pytest.raises(CommandError) as refused:
        run("import_sales_points", str(path))
    assert str(refused.value).splitlines() == [
        "Nothing was imported from diem-ban.csv: 2 problems.",
        "  - row 3, column C “Loại”: “Kiot” is not a kind of point (one of: Trung tâm tỉnh, Điểm cấp huyện, "
        "Cửa hàng đối tác, Điểm du lịch, Gian hàng hội chợ)",
        "  - row 4, column L “Giờ mở cửa”: “7:30-17” is not a time range (write e.g. 07:30-17:00)",
    ]
    assert SalesPoint.objects.count() == 0


def test_a_missing_or_hostile_file_exits_with_an_error(transfer_files):
    with pytest.raises(CommandError, match="khong-co.csv: no such file"):
        run("import_sales_points", str(transfer_files.folder / "khong-co.csv"))
    with pytest.raises(CommandError, match="bom.xlsx: its part 'xl/media/padding.bin' unpacks from .* zip bomb"):
        run("import_sales_points", str(transfer_files.zip_bomb()))


def test_stock_warnings_go_to_stderr_and_the_rest_is_imported(transfer_files, transfer_products):
    SalesPointFactory(code="BG-LN-01")
    path = transfer_files.stock(["BG-LN-01", "24-218-0100", "5"], ["BG-LN-01", "24-218-0200", "9"])
    out, err = run("import_sales_point_stock", str(path))
    assert out.strip() == (
        "ton-kho.csv imported: 2 rows: 1 created, 0 updated, 0 unchanged, "
        "0 removed (no longer listed for their point), 1 skipped."
    )
    assert "! row 3, column B “Mã sản phẩm OCOP”: 24-218-0200 (Vải thiều Lục Ngạn) is not listed today" in err
    assert list(PointStock.objects.values_list("product__product_code", "num_in_stock")) == [("24-218-0100", 5)]


def test_a_refused_stock_file(transfer_files, transfer_products):
    path = transfer_files.stock(["BG-LN-01", "24-218-0100", "năm"])
    with pytest.raises(CommandError) as refused:
        run("import_sales_point_stock", str(path))
    assert str(refused.value).splitlines() == [
        "Nothing was imported from ton-kho.csv: 2 problems.",
        "  - row 2, column A “Mã điểm bán”: no sales point has the code “BG-LN-01” (import the points first)",
        "  - row 2, column C “Số lượng”: “năm” is not a whole number of 0 or more",
    ]


def test_an_import_refreshes_the_planner_statistics_and_a_dry_run_does_not(
    transfer_files, django_capture_on_commit_callbacks
):
    def analyzed(*args):
        with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
            run("import_sales_points", *args)
        return sum(query["sql"].strip().upper() == "ANALYZE" for query in queries.captured_queries)

    assert analyzed(str(transfer_files.points()), "--dry-run") == 0
    assert analyzed(str(transfer_files.points())) == 1
