"""A producer saves a description full of scripts through the dashboard; on the public product
page in Chromium no script runs: no dialog opens, on load or on clicking the link."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from tests.factories import ProducerFactory, ProductFactory, producer_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ProductCategory = get_model("catalogue", "ProductCategory")

HOSTILE = (
    "<p>Mật ong rừng U Minh</p>"
    "<script>alert('script')</script>"
    "<img src=x onerror=\"alert('img')\">"
    "<svg onload=\"alert('svg')\"></svg>"
    '<a id="hostile-link" href="javascript:alert(\'link\')">Xem thêm</a>'
    "<p onmouseover=\"alert('hover')\">Di chuột qua đây</p>"
)


def test_no_script_from_a_description_runs_on_the_product_page(page, client, live_server, home_page):
    producer = ProducerFactory()
    product = ProductFactory(title="Mật ong rừng U Minh", producer=producer, price=300000)
    ProductCategory.objects.create(product=product, category=product.subgroup)  # as the registry classifies it
    client.force_login(producer_user(producer))
    edit = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    form = client.get(edit).context["form"]
    data = {
        "title": product.title,
        "structure": product.structure,
        "slug": product.slug,
        "is_public": "on",
        "is_discountable": "on",
        "description": HOSTILE,
        "meta_title": form.initial.get("meta_title") or "",
        "meta_description": "",
        **management_forms(client, edit),
    }
    assert client.post(edit, data).status_code == 302

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server.url + product.get_absolute_url())
    page.wait_for_load_state("load")
    assert page.get_by_text("Mật ong rừng U Minh").first.is_visible()
    page.get_by_text("Di chuột qua đây").hover()
    link = page.locator(".product-description a")
    if link.count():
        link.first.click()
        page.evaluate("() => true")  # a round trip: a dialog opened by the click would be seen by now
    assert dialogs == []


def management_forms(client, url):
    """The formsets' existing rows as the page renders them, unchanged, and no new rows."""
    context = client.get(url).context
    data = {}
    for name in ("stockrecord_formset", "image_formset", "recommended_formset", "category_formset"):
        formset = context.get(name)
        if formset is None:
            continue
        for field in formset.management_form:
            data[field.html_name] = field.value()
        data[formset.management_form["TOTAL_FORMS"].html_name] = len(formset.initial_forms)
        for form in formset.initial_forms:
            for field in form:
                value = field.value()
                if value is not None and field.name != "DELETE":
                    data[field.html_name] = value
    return data
