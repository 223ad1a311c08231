"""The dashboard's product form and delete page as a producer uses them: registry-owned fields
cannot be changed (not even by a forged POST), descriptions cannot carry scripts, and a
certified product is never deleted."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalog.certification.models import CertificateEvent
from tests.factories import certify

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")


class FormFields(HTMLParser):
    """What a browser would submit from the product form: every named, enabled field's value."""

    def __init__(self):
        super().__init__()
        self.data, self.disabled, self._textarea, self._select = {}, set(), None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name and "disabled" in attrs:
            self.disabled.add(name)
            return
        if tag == "input" and name:
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            elif attrs.get("type") not in ("submit", "file"):
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def product_form(client, product):
    response = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}))
    assert response.status_code == 200
    parser = FormFields()
    parser.feed(response.content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser


def save(client, product, **changes):
    form = product_form(client, product)
    data = {**form.data, **changes, "action": "continue"}
    return client.post(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}), data)


def test_a_producer_edits_the_description_and_listing_of_its_product_without_stock(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    response = save(client, t.bare_a, description="<p>Mật ong <strong>bạc hà</strong> cao nguyên đá.</p>")
    assert response.status_code == 302, response.content.decode()[:3000]
    t.bare_a.refresh_from_db()
    assert t.bare_a.description == "<p>Mật ong <strong>bạc hà</strong> cao nguyên đá.</p>"


def test_registry_owned_fields_are_shown_but_a_forged_post_cannot_change_them(client, two_producers):
    t = two_producers
    product = t.product_a
    other_group = Category.objects.get(code="II")
    product.refresh_from_db()
    before = (product.title, product.upc, product.structure, product.producer_id, product.product_code)
    certificate, stars = product.certificate_id, product.stars
    categories = set(product.categories.values_list("pk", flat=True))
    client.force_login(t.user_a)
    form = product_form(client, product)
    assert {"title", "upc"} <= form.disabled
    html = client.get(reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})).content.decode()
    assert product.product_code in html and product.certificate.code in html  # shown

    response = save(
        client,
        product,
        title="Mật ong hạng nhất thế giới",
        upc="FORGED-UPC",
        structure="parent",
        producer=str(t.b.pk),
        product_code="FORGED-CODE",
        certificate="",
        stars="5",
        **{
            "productcategory_set-TOTAL_FORMS": "1",
            "productcategory_set-INITIAL_FORMS": "0",
            "productcategory_set-0-category": str(other_group.pk),
            "categories-TOTAL_FORMS": "1",
            "categories-INITIAL_FORMS": "0",
            "categories-0-category": str(other_group.pk),
        },
        description="Mô tả mới",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    product.refresh_from_db()
    assert (product.title, product.upc, product.structure, product.producer_id, product.product_code) == before
    assert (product.certificate_id, product.stars) == (certificate, stars)
    assert set(product.categories.values_list("pk", flat=True)) == categories
    assert product.description == "Mô tả mới"  # what producers may change, changed


def test_staff_edit_what_the_registry_does_not_own(client, two_producers):
    t = two_producers
    client.force_login(t.staff)
    response = save(client, t.product_b, title="Chè đổi tên", description="<p>Chè ngon</p>", is_public="")
    assert response.status_code == 302, response.content.decode()[:3000]
    t.product_b.refresh_from_db()
    assert t.product_b.description == "<p>Chè ngon</p>" and not t.product_b.is_public
    assert t.product_b.title == "Chè búp Tân Cương"  # the registry's name: the next sync would overwrite it


def assert_nothing_executable(html):
    """The description is on the page, and none of it can run (its text may still be quoted,
    escaped, in the meta description)."""
    assert "<p>Mật ong rừng</p>" in html
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">xem</a>',
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_script_in_a_description_never_runs_on_the_product_page(client, two_producers, hostile):
    t = two_producers
    client.force_login(t.user_a)
    response = save(client, t.product_a, description=f"<p>Mật ong rừng</p>{hostile}")
    assert response.status_code == 302
    t.product_a.refresh_from_db()
    for stored in (t.product_a.description,):
        assert "alert" not in stored and "onerror" not in stored and "<script" not in stored

    client.logout()
    assert_nothing_executable(client.get(t.product_a.get_absolute_url()).content.decode())


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_description_stored_by_any_path_is_sanitised_on_output(client, two_producers, hostile):
    product = two_producers.product_a
    # Written past Product.save() (an import, a bulk update): the page still renders it safe.
    Product.objects.filter(pk=product.pk).update(description=f"<p>Mật ong rừng</p>{hostile}")
    assert_nothing_executable(client.get(product.get_absolute_url()).content.decode())


def test_saving_a_product_sanitises_its_description(two_producers):
    product = two_producers.product_a
    product.description = (
        '<h2>Giới thiệu</h2><p onclick="x()">Ngon</p><a href="https://ocop.vn">OCOP</a><style>p{}</style>'
    )
    product.save()
    product.refresh_from_db()
    assert product.description == '<h2>Giới thiệu</h2><p>Ngon</p><a href="https://ocop.vn" rel="noopener">OCOP</a>'


def test_a_certified_product_is_never_deleted_and_its_qr_page_keeps_answering(client, two_producers):
    t = two_producers
    product = t.product_a
    older = product.certificate
    CertificateEvent.objects.create(certificate=older, kind=CertificateEvent.Kind.RECORDED, source="test")
    certify(product, stars=5)  # re-certified: two certificates, one with history
    client.force_login(t.user_a)
    url = reverse("dashboard:catalogue-product-delete", kwargs={"pk": product.pk})

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Không thể xoá “Mật ong hoa vải Lục Nam” vì sản phẩm có giấy chứng nhận OCOP." in html
    assert "delete_product_form" not in html  # no delete button
    response = client.post(url)
    assert response.status_code == 409
    assert Product.objects.filter(pk=product.pk).exists()
    assert product.certificates.count() == 2
    assert older.events.filter(kind=CertificateEvent.Kind.RECORDED).exists()

    verify = client.get(reverse("certification:verify", kwargs={"code": older.code}))
    assert verify.status_code == 200 and product.title in verify.content.decode()

    client.force_login(t.staff)  # nobody deletes it
    assert client.post(url).status_code == 409
    assert Product.objects.filter(pk=product.pk).exists()


def test_a_product_without_certificates_can_still_be_deleted_by_staff(client, two_producers):
    t = two_producers
    product = Product.objects.create(title="Sản phẩm nhập tay", product_class=t.product_b.product_class)
    client.force_login(t.staff)
    response = client.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": product.pk}))
    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()


def test_a_producer_sets_the_weight_that_prices_delivery(client, two_producers):
    t = two_producers
    client.force_login(t.user_a)
    assert "weight_grams" in product_form(client, t.bare_a).data
    response = save(client, t.bare_a, weight_grams="1200")
    assert response.status_code == 302, response.content.decode()[:3000]
    t.bare_a.refresh_from_db()
    assert t.bare_a.weight_grams == 1200
    assert save(client, t.bare_a, weight_grams="").status_code == 302  # back to the group's typical weight
    t.bare_a.refresh_from_db()
    assert t.bare_a.weight_grams is None
