"""Oscar's product table with a checkbox column that cannot be sorted: Oscar's links its header
to ``?sort=checkbox``, which the queryset cannot order by (a 500 for whoever clicks it)."""

from django_tables2 import TemplateColumn
from oscar.apps.dashboard.catalogue.tables import *  # noqa: F403
from oscar.apps.dashboard.catalogue.tables import ProductTable as OscarProductTable


class ProductTable(OscarProductTable):
    checkbox = TemplateColumn(
        verbose_name="", template_name="oscar/dashboard/catalogue/product_row_checkbox.html", orderable=False
    )
