"""The public "OCOP in numbers" page and the open-data downloads (see :mod:`.dataset`).

The page and the files are the same for everyone: kept for the day under the listing
generation (``pagecache.kept``), so a delisted product leaves them at once, and built once a day
and after each change, however many people download them."""

import json

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from marketplace.csvexport import CSVResponse
from marketplace.pagecache import DAY, kept, public_page
from marketplace.site import absolute_url

from . import dataset


@require_safe
@public_page
def numbers(request):
    figures = kept("opendata-figures", make=dataset.figures, clock=DAY)
    provinces = figures["by_province"]
    return render(
        request,
        "opendata/numbers.html",
        {
            "figures": figures,
            "most": max((n for _name, n in provinces), default=0),
            "columns": dataset.COLUMNS,
            "licence": dataset.LICENCE,
        },
    )


def _open(response):
    """Headers of an open-data file: its licence, and readable from any site's scripts."""
    response["Link"] = f'<{dataset.LICENCE["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def products_csv(request):
    def build():
        rows = ([row[key] for key in dataset.KEYS] for row in dataset.records())
        return CSVResponse("ocop-products.csv", dataset.KEYS, rows).content

    response = HttpResponse(
        kept("opendata-csv", make=build, text=True, clock=DAY), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="ocop-products.csv"'
    return _open(response)


@require_safe
def products_json(request):
    def build():
        products = list(dataset.records())
        document = {
            "title": "OCOP products listed on the marketplace",
            "source": absolute_url(reverse("opendata:numbers")),
            "licence": dataset.LICENCE,
            "date": dataset.local_today().isoformat(),
            "count": len(products),
            "columns": {key: str(meaning) for key, meaning in dataset.COLUMNS},
            "products": products,
        }
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    response = HttpResponse(
        kept("opendata-json", make=build, text=True, clock=DAY), content_type="application/json; charset=utf-8"
    )
    return _open(response)
