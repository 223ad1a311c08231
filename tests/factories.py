"""Test data: producers, certified products and certificates, built the way the registry
import builds them (a product points at its current certificate and carries its stars)."""

import copy
import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from oscar.core.loading import get_model

from catalog.certification.models import Certificate, Level, Status, default_valid_until, local_today

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Hợp tác xã Mật ong Lục Nam {n}")
    code = factory.Sequence(lambda n: f"htx-mat-ong-{n}")
    registry_code = factory.Sequence(lambda n: f"24-218-TST-{n:04d}")  # never a demo registry code
    kind = "cooperative"
    is_active = True


def certify(product, stars=4, status=Status.VALID, decision_date=None, valid_until=None, **extra):
    """Give ``product`` a new current certificate, as a registry import would."""
    decision_date = decision_date or local_today() - datetime.timedelta(days=100)
    certificate = Certificate.objects.create(
        code=extra.pop("code", f"OCOP-TEST-{Certificate.objects.count() + 1:05d}"),
        product=product,
        producer=product.producer,
        product_name=product.title,
        stars=stars,
        level=extra.pop("level", Level.PROVINCE),
        decision_number=extra.pop("decision_number", "1520/QĐ-UBND"),
        decision_date=decision_date,
        valid_until=valid_until or default_valid_until(decision_date),
        status=status,
        **extra,
    )
    product.certificate, product.stars = certificate, stars
    product.save(update_fields=["certificate", "stars"])
    return certificate


class ProductFactory(factory.django.DjangoModelFactory):
    """A listable 4★ product (pass ``certificate=None`` for none, or certificate__… fields)."""

    class Meta:
        model = Product
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Mật ong hoa vải Lục Nam {n}")
    product_class = factory.LazyFunction(lambda: ProductClass.objects.get(slug="ship"))
    producer = factory.SubFactory(ProducerFactory)
    product_code = factory.Sequence(lambda n: f"24-218-{n:04d}")
    group = factory.LazyFunction(lambda: Category.objects.get(code="I"))
    subgroup = factory.LazyFunction(lambda: Category.objects.get(code="I.2.b"))

    @factory.post_generation
    def certificate(product, create, extracted, **kwargs):
        if create and extracted is not False:
            certify(product, **kwargs)

    @factory.post_generation
    def price(product, create, extracted, **kwargs):
        if create and extracted:
            StockRecord.objects.create(
                product=product,
                partner=product.producer,
                partner_sku=product.product_code,
                price=Decimal(extracted),
                price_currency="VND",
                num_in_stock=10,
            )


def producer_user(producer, username=None):
    """A user of ``producer`` (``Partner.users``) with Oscar's partner dashboard access,
    as the partners dashboard makes one."""
    username = username or f"user-{producer.code}"
    user = get_user_model().objects.create_user(username, f"{username}@ocop.local", "mat-khau-dai-2026")
    user.user_permissions.add(Permission.objects.get(codename="dashboard_access", content_type__app_label="partner"))
    producer.users.add(user)
    return user


# A certificate as the registry sends it (docs/registry-formats.md).
RECORD = {
    "certificate_code": "OCOP-24-2021-0042",
    "product_code": "24-218-0007",
    "product_name": "Na dai Lục Nam",
    "category_code": "I.1.a",
    "stars": 3,
    "level": "district",
    "decision_number": "1520/QĐ-UBND",
    "decision_date": "2024-07-09",
    "valid_until": "2027-07-09",
    "status": "valid",
    "status_reason": None,
    "status_changed_at": None,
    "producer": {
        "code": "24-218-HTX-0003",
        "name": "Hợp tác xã Na dai Lục Nam",
        "kind": "cooperative",
        "tax_code": "2400123456",
        "address": "Thôn Liên Khuyên, xã Huyền Sơn, huyện Lục Nam, tỉnh Bắc Giang",
        "province_code": "24",
        "district_code": "218",
        "ward_code": "07504",
        "phone": "0204 3xxx xxx",
        "email": None,
    },
    "updated_at": "2024-07-10T08:00:00+07:00",
}


def registry_record(**changes):
    """A registry record (docs/registry-formats.md) with ``changes``; ``producer={…}`` changes the producer."""
    data = copy.deepcopy(RECORD)
    producer_changes = changes.pop("producer", {})
    data.update(changes)
    data["producer"].update(producer_changes)
    return data


class SalesPointFactory(factory.django.DjangoModelFactory):
    """An active district point in Lục Nam (Bắc Giang), open T2-T6 07:30-17:00, T7 08:00-12:00.
    Pass ``hours="…"`` (the spreadsheets' notation) for other hours, ``hours=""`` for none."""

    class Meta:
        model = "salespoints.SalesPoint"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"BG-LN-{n:02d}")
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    name = factory.Sequence(lambda n: f"Điểm giới thiệu và bán sản phẩm OCOP Lục Nam {n}")
    kind = "district"
    address = "Thị trấn Đồi Ngô, huyện Lục Nam"
    legacy_province_id = "24"
    legacy_district_id = "218"
    phone = "0204 3882 123"
    latitude = 21.29
    longitude = 106.39
    location_source = "given"

    @factory.post_generation
    def hours(point, create, extracted, **kwargs):
        from marketplace.salespoints.hours import parse

        if create:
            point.set_hours(parse("T2-T6 07:30-17:00; T7 08:00-12:00; CN nghỉ" if extracted is None else extracted))


def stock_at(point, product, quantity=5):
    """Put ``quantity`` of ``product`` on the shelf of sales point ``point``."""
    from marketplace.salespoints.models import PointStock

    stock, _ = PointStock.objects.update_or_create(point=point, product=product, defaults={"num_in_stock": quantity})
    return stock


def create_order(number=None, basket=None, **kwargs):
    """Oscar's ``create_order`` test helper with a listable product in the default basket: our
    order placement refuses what the listing rule does not allow (marketplace/order/utils.py)."""
    from oscar.core.loading import get_class
    from oscar.test.factories import create_order as oscar_create_order

    if basket is None:
        basket = get_model("basket", "Basket").objects.create()
        basket.strategy = get_class("partner.strategy", "Selector")().strategy()
        basket.add_product(ProductFactory(price=10))
    return oscar_create_order(number=number, basket=basket, **kwargs)


def story_index():
    """The product stories' index (cms/stories), as its migration creates it under the home page."""
    from cms.models import HomePage
    from cms.stories.models import StoryIndexPage

    return StoryIndexPage.objects.first() or HomePage.objects.first().add_child(
        instance=StoryIndexPage(title="Câu chuyện sản phẩm", slug="cau-chuyen-san-pham")
    )


def published_story(product, title="Chuyện mật ong", live=True, body=None, **fields):
    """A story of ``product`` told by its producer, published (or a draft with ``live=False``) the
    way an editor does it in the CMS admin."""
    from wagtail.rich_text import RichText

    from cms.stories.models import ProductStoryPage
    from marketplace.text import vn_slugify

    fields.setdefault("producer", product.producer)
    fields.setdefault("intro", "Mật ong từ rừng vải.")
    page = story_index().add_child(
        instance=ProductStoryPage(
            title=title,
            slug=vn_slugify(title),
            live=live,
            product=product,
            body=body if body is not None else [("paragraph", RichText("<p>Ong hút mật hoa vải.</p>"))],
            **fields,
        )
    )
    revision = page.save_revision()
    if live:
        revision.publish()
    return page


def news_index():
    """The news index (cms/news) under the home page, as the demo creates it."""
    from cms.news.editing import news_index as find_or_create

    return find_or_create()


def published_news(
    title="Hội đồng tỉnh đánh giá sản phẩm OCOP",
    category="programme",
    tags=(),
    live=True,
    body=None,
    products=(),
    first_published_at=None,
    **fields,
):
    """A news article under the news index, published the way an editor does it in the CMS admin
    (a draft with ``live=False``; scheduled when ``go_live_at`` is in the future)."""
    from wagtail.rich_text import RichText

    from cms.news.models import NewsPage, NewsPageProduct
    from marketplace.text import vn_slugify

    fields.setdefault("intro", "Tin hoạt động của Chương trình OCOP tỉnh.")
    page = NewsPage(
        title=title,
        slug=vn_slugify(title)[:80],
        live=False,
        category=category,
        body=body if body is not None else [("paragraph", RichText("<p>Nội dung bài viết.</p>"))],
        related_products=[NewsPageProduct(product=product) for product in products],
        **fields,
    )
    page.tags.add(*tags)
    news_index().add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
        if first_published_at is not None:
            NewsPage.objects.filter(pk=page.pk).update(first_published_at=first_published_at)
            page.first_published_at = first_published_at
    return page


def make_combo(parts, price=None, producer=None, title="Hộp quà Tết Lục Nam", stock=10):
    """A gift combo (catalog/combos) of ``parts`` — products, or (product, quantity) pairs —
    composed by ``producer`` (the province office by default), with a price and ``stock``
    boxes when ``price`` is given."""
    from catalog.combos.models import ComboPart
    from catalog.combos.parts import combo_class, office

    producer = producer or office()
    combo = Product.objects.create(
        title=title, is_combo=True, producer=producer, product_class=combo_class(), structure=Product.STANDALONE
    )
    for part in parts:
        product, quantity = part if isinstance(part, tuple) else (part, 1)
        ComboPart.objects.create(combo=combo, product=product, quantity=quantity)
    if price is not None:
        StockRecord.objects.create(
            product=combo,
            partner=producer,
            partner_sku=f"COMBO-{combo.pk}",
            price=Decimal(price),
            price_currency="VND",
            num_in_stock=stock,
        )
    return combo
