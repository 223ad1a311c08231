"""The ownership rule with two producers: each reaches its own products (with or without stock),
stock, order lines and notices, never the other's; staff reach everything; others nothing."""

import pytest
from django.contrib.auth.models import AnonymousUser
from oscar.core.loading import get_model

from catalog.certification.models import Notice
from marketplace.producers import access
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
Product = get_model("catalogue", "Product")


@pytest.fixture
def customer(django_user_model):
    return django_user_model.objects.create_user("khach", "khach@example.vn", "mat-khau-dai-2026")


def pks(queryset):
    return sorted(queryset.values_list("pk", flat=True))


def test_each_producer_reaches_its_own_products_with_or_without_stock(two_producers):
    t = two_producers
    assert pks(access.products_for(t.user_a)) == sorted([t.product_a.pk, t.bare_a.pk])
    assert pks(access.products_for(t.user_b)) == [t.product_b.pk]
    assert access.can_edit_product(t.user_a, t.bare_a)
    assert not access.can_edit_product(t.user_a, t.product_b)
    assert not access.can_edit_product(t.user_b, t.product_a)
    assert pks(access.producers_of(t.user_a)) == [t.a.pk]


def test_a_variant_belongs_to_its_parents_producer(two_producers):
    t = two_producers
    parent = ProductFactory(title="Trà hoa vàng", producer=t.a, structure="parent", certificate=False)
    child = Product.objects.create(title="Trà hoa vàng 100 g", parent=parent, structure="child")
    assert child.pk in pks(access.products_for(t.user_a))
    assert child.pk not in pks(access.products_for(t.user_b))


def test_a_producer_stock_is_its_own_stock_of_its_own_products(two_producers):
    t = two_producers
    a_stock = t.product_a.stockrecords.get()
    b_stock = t.product_b.stockrecords.get()
    assert pks(access.stockrecords_for(t.user_a)) == [a_stock.pk]
    assert pks(access.stockrecords_for(t.user_b)) == [b_stock.pk]
    assert pks(access.stockrecords_for(t.staff)) == sorted([a_stock.pk, b_stock.pk])


def test_a_producer_sees_its_order_lines_never_the_rest_of_the_order(two_producers, order):
    t = two_producers
    a_line = order.lines.get(product=t.product_a)
    b_line = order.lines.get(product=t.product_b)
    assert pks(access.order_lines_for(t.user_a)) == [a_line.pk]
    assert pks(access.order_lines_for(t.user_b)) == [b_line.pk]
    assert pks(access.order_lines_for(t.staff)) == sorted([a_line.pk, b_line.pk])


def test_a_producer_sees_the_notices_about_its_own_certificates(two_producers):
    t = two_producers
    a_notice = Notice.objects.create(certificate=t.product_a.certificate, kind=Notice.Kind.EXPIRES_90)
    b_notice = Notice.objects.create(certificate=t.product_b.certificate, kind=Notice.Kind.EXPIRES_90)
    assert pks(access.notices_for(t.user_a)) == [a_notice.pk]
    assert pks(access.notices_for(t.user_b)) == [b_notice.pk]
    assert pks(access.notices_for(t.staff)) == sorted([a_notice.pk, b_notice.pk])


def test_staff_reach_everything(two_producers):
    t = two_producers
    assert pks(access.products_for(t.staff)) == pks(Product.objects.all())
    assert access.can_edit_product(t.staff, t.product_b)


@pytest.mark.parametrize("who", ["anonymous", "customer", "inactive producer user"])
def test_everyone_else_reaches_nothing(two_producers, order, customer, who):
    t = two_producers
    user = {"anonymous": AnonymousUser(), "customer": customer, "inactive producer user": t.user_a}[who]
    if who == "inactive producer user":
        user.is_active = False
        user.save()
    Notice.objects.create(certificate=t.product_a.certificate, kind=Notice.Kind.EXPIRES_90)
    assert not access.products_for(user).exists()
    assert not access.stockrecords_for(user).exists()
    assert not access.order_lines_for(user).exists()
    assert not access.notices_for(user).exists()
    assert not access.producers_of(user).exists()
    assert not access.can_edit_product(user, t.product_a)


def test_registry_owned_fields_are_locked_for_producers_and_on_registry_products(two_producers):
    t = two_producers
    hand_made = Product.objects.create(title="Sản phẩm nhập tay", product_class=t.product_a.product_class)
    assert access.registry_fields_locked(t.user_a, t.product_a)
    assert access.registry_fields_locked(t.user_a, hand_made)
    assert access.registry_fields_locked(t.staff, t.product_a)  # the registry sync would overwrite an edit
    assert not access.registry_fields_locked(t.staff, hand_made)
    assert not access.registry_fields_locked(t.staff, None)
