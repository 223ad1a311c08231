import csv
import io

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from marketplace.adminunits.models import LegacyProvince
from marketplace.csvexport import safe_cell
from marketplace.salespoints import coverage


class Command(BaseCommand):
    help = (
        "The coverage of one province (legacy GSO code, e.g. 24 for Bắc Giang) by its sales points: every "
        "district with its number of active points and the listable OCOP products and producers on their "
        "shelves, districts without a point first; then the points failing Decision 950 or not assessed, "
        "and the points still holding products that are no longer listable. With --csv, the district "
        "table as CSV on standard output (UTF-8, the columns of the dashboard's download)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", required=True, metavar="CODE", help="Legacy (pre-2025) GSO province code.")
        parser.add_argument("--csv", action="store_true", help="Write the district table as CSV to standard output.")

    def handle(self, *args, province, **options):
        found = LegacyProvince.objects.filter(code=province.strip()).first()
        if found is None:
            raise CommandError(f"No province (before 2025) has the code {province!r}; e.g. 24 is Bắc Giang.")
        if options["csv"]:
            self.write_csv(coverage.district_rows(found))
        else:
            self.write_report(coverage.coverage(found))

    def write_csv(self, rows):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([safe_cell(cell) for cell in coverage.CSV_HEADER])
        for row in rows:
            writer.writerow([safe_cell(cell) for cell in row.as_csv()])
        self.stdout.write(out.getvalue(), ending="")

    def write_report(self, report):
        write = self.stdout.write
        write(
            _("Coverage of %(province)s (%(code)s)") % {"province": report.province.name, "code": report.province.code}
        )
        header = [
            _("Code"),
            pgettext("place", "District"),
            _("Active points"),
            _("Listable products"),
            _("Producers"),
            "",
        ]
        rows = [
            [
                row.code,
                f"{row.kind} {row.name}",
                str(row.points),
                str(row.products),
                str(row.producers),
                "" if row.has_points else _("NO POINT"),
            ]
            for row in report.districts
        ]
        widths = [max(len(str(line[i])) for line in [header, *rows]) for i in range(len(header))]
        for line in [header, ["-" * w for w in widths], *rows]:
            cells = [
                str(cell).rjust(width) if 2 <= i <= 4 else str(cell).ljust(width)
                for i, (cell, width) in enumerate(zip(line, widths, strict=True))
            ]
            write("  ".join(cells).rstrip())
        write(
            _(
                "%(points)d active points, %(products)d listable products, %(producers)d producers; "
                "%(missing)d of %(total)d districts without a point."
            )
            % {
                "points": report.points,
                "products": report.products,
                "producers": report.producers,
                "missing": len(report.districts_without_points),
                "total": len(report.districts),
            }
        )
        if report.unplaced:
            write(_("%(n)d active points have no district.") % {"n": report.unplaced})
        self._points(_("Points that do not meet Decision 950"), report.failing_950, criteria=True)
        self._points(_("Points not assessed against Decision 950"), report.unassessed_950)
        write("")
        write(f"{_('Points holding products that are no longer listable')}: {len(report.off_shelf)}")
        for point, products in report.off_shelf:
            write(f"  {point.code} {point.name}")
            for product in products:
                write(f"    {product.code} {product.title} ({product.quantity}): {product.reason}")

    def _points(self, title, points, criteria=False):
        self.stdout.write("")
        self.stdout.write(f"{title}: {len(points)}")
        for point in points:
            line = f"  {point.code} {point.name}" + (f" ({point.district})" if point.district else "")
            if criteria and point.failed_criteria:
                line += " — " + "; ".join(point.failed_criteria)
            self.stdout.write(line)
