"""The facet sidebar of the listing pages: one GET form a person fills in and applies, small even
with products in every district of the country (a province select; districts only within one
chosen province), and the old links' URLs still filter."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from oscar.core.loading import get_model

from bench.generate_registry import generate, units
from marketplace.adminunits.models import LegacyDistrict
from tests.factories import ProducerFactory, ProductFactory

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")


class FacetForm(HTMLParser):
    """What a browser submits from the sidebar's form: its action, and the (name, value) pairs of
    its hidden inputs, ticked checkboxes and selects' chosen options. ``choose`` and ``tick`` set
    fields as a person would."""

    def __init__(self, page_html):
        super().__init__()
        self.action, self.fields, self.inside, self.select, self.links = None, [], False, None, []
        self.options = {}  # select name -> [(value, label)]
        self.option = None
        self.feed(page_html)
        self.sidebar = page_html[page_html.index('<details class="facets"') : page_html.index("</details>")]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "facets__form" in (attrs.get("class") or ""):
            self.inside, self.action = True, attrs["action"]
        if not self.inside:
            return
        if tag == "input" and (attrs["type"] == "hidden" or "checked" in attrs):
            self.fields.append((attrs["name"], attrs["value"]))
        elif tag == "input" and attrs["type"] == "checkbox":
            self.options.setdefault(attrs["name"], []).append((attrs["value"], ""))
        elif tag == "select":
            self.select = attrs["name"]
            self.options[self.select] = []
        elif tag == "option":
            self.option = attrs["value"]
            self.options[self.select].append((attrs["value"], ""))
            if "selected" in attrs:
                self.fields.append((self.select, attrs["value"]))

    def handle_data(self, data):
        if self.option is not None:
            value, label = self.options[self.select][-1]
            self.options[self.select][-1] = (value, label + data)

    def handle_endtag(self, tag):
        if tag == "option":
            self.option = None
        elif tag == "form":
            self.inside = False

    def choose(self, name, value):
        self.fields = [(n, v) for n, v in self.fields if n != name] + [(name, value)]

    def tick(self, name, value):
        self.fields.append((name, value))

    def submitted(self):
        return self.action + "?" + urlencode(self.fields)


@pytest.fixture
def every_district(admin_units, home_page, tmp_path):
    """One listed product in each of the ~700 legacy districts of the 63 provinces, synced from a
    registry file as an import does."""
    places = units()
    records = generate(len(places))
    for n, (record, place) in enumerate(zip(records, places, strict=True)):
        record["producer"] = {
            **record["producer"],
            "code": f"{place['provinceCode']}-{place['districtCode']}-F{n:04d}",
            "province_code": place["provinceCode"],
            "district_code": place["districtCode"],
            "ward_code": place["wardCode"],
        }
        record.update(status="valid", status_reason=None, status_changed_at=None)
    registry = tmp_path / "registry.json"
    registry.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    call_command("sync_registry", file=str(registry), verbosity=0)
    return places


def test_the_catalogue_of_every_district_is_small_and_its_sidebar_has_few_links(client, every_district):
    response = client.get("/catalogue/")
    assert response.status_code == 200
    page = response.content.decode()
    form = FacetForm(page)
    provinces = [value for value, label in form.options["province"] if value]
    assert len(provinces) == 63
    assert "district" not in form.options  # no province chosen: no districts
    assert len(response.content) <= 60_000
    assert form.sidebar.count("<a ") <= 5


def test_the_form_round_trip_province_then_district(client, every_district):
    form = FacetForm(client.get("/catalogue/?q=&sort=price_asc&page=2").content.decode())
    assert ("sort", "price_asc") in form.fields and form.action == "/catalogue/"
    assert "page" not in dict(form.fields)  # a new choice starts at the first page
    label = dict(form.options["province"])["24"]
    assert label.startswith("Bắc Giang (")
    form.choose("province", "24")
    page = client.get(form.submitted()).content.decode()
    in_province = {place["districtCode"] for place in every_district if place["provinceCode"] == "24"}
    assert re.search(rf'class="listing-count">{len(in_province)} ', page)
    form = FacetForm(page)
    assert ("province", "24") in form.fields and ("sort", "price_asc") in form.fields
    districts = dict(form.options["district"])
    assert set(districts) - {""} == in_province  # counted within the province only
    assert all(label.endswith("(1)") for value, label in districts.items() if value)

    form.choose("district", "218")
    form.tick("stars", "3")
    form.tick("stars", "4")
    form.tick("stars", "5")
    response = client.get(form.submitted())
    page = response.content.decode()
    assert re.search(r'class="listing-count">1 ', page)
    form = FacetForm(page)
    assert {("province", "24"), ("district", "218"), ("sort", "price_asc")} <= set(form.fields)
    assert "Lục Nam" in form.sidebar  # in the chosen filters, with a link that removes it


def test_old_urls_of_several_provinces_still_filter(client, every_district):
    several = Product.objects.listable().filter(producer__legacy_province__in=["24", "01"]).count()
    response = client.get("/catalogue/?province=24&province=01&district=218")
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'class="listing-count">1 ', page)  # the district of one of them
    form = FacetForm(page)
    assert "district" not in form.options and "province" not in form.options  # no select for several
    assert {("province", "24"), ("province", "01"), ("district", "218")} <= set(form.fields)  # kept on Apply
    assert "Bắc Giang" in form.sidebar and "Hà Nội" in form.sidebar and "Lục Nam" in form.sidebar
    response = client.get("/catalogue/?province=24&province=01")
    assert re.search(rf'class="listing-count">{several} ', response.content.decode())


def test_a_province_page_lists_its_districts_in_the_form(client, admin_units, home_page):
    district = LegacyDistrict.objects.select_related("province").get(code="218")
    producer = ProducerFactory(legacy_province=district.province, legacy_district=district)
    ProductFactory(title="Mật ong hoa vải Lục Nam", producer=producer, price=150000)
    page = client.get(district.province.get_absolute_url()).content.decode()
    assert f'href="{district.get_absolute_url()}"' in page  # the province's list of districts
    form = FacetForm(page)
    assert "province" not in form.options  # the page's own province is not a choice
    assert dict(form.options["district"])["218"] == "Lục Nam (1)"
