"""Buyers' reviews: only a customer who received the product may write one, staff approve it before
it appears, and the buyers' score stays apart from the official OCOP stars."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation
from oscar.apps.partner.strategy import Selector
from oscar.core.loading import get_model

from catalog.catalogue.reviews.oscar_texts import OSCAR_REVIEW_TEXTS
from catalog.certification.models import Status
from marketplace.order import statuses
from tests.factories import ProductFactory, create_order, producer_user

pytestmark = pytest.mark.django_db

Basket = get_model("basket", "Basket")
ProductReview = get_model("reviews", "ProductReview")
User = get_user_model()

NOT_A_BUYER_VI = "Chỉ người mua đã nhận sản phẩm này mới có thể đánh giá."
# How each line status is reached, step by step through the line pipeline (statuses.LINE_PIPELINE).
PATHS = {
    statuses.NEW: [],
    statuses.LINE_SHIPPED: [statuses.CONFIRMED, statuses.PACKED, statuses.LINE_SHIPPED],
    statuses.DELIVERED: [statuses.CONFIRMED, statuses.PACKED, statuses.LINE_SHIPPED, statuses.DELIVERED],
    statuses.AT_POINT: [statuses.CONFIRMED, statuses.PACKED, statuses.AT_POINT],
    statuses.PICKED_UP: [statuses.CONFIRMED, statuses.PACKED, statuses.AT_POINT, statuses.PICKED_UP],
    statuses.LINE_CANCELLED: [statuses.LINE_CANCELLED],
}


@pytest.fixture
def product(admin_units):
    return ProductFactory(title="Mật ong hoa vải Lục Nam", price=250000, certificate__stars=4)


def customer(username, first_name="", last_name=""):
    return User.objects.create_user(
        username, f"{username}@example.vn", "mat-khau-dai-2026", first_name=first_name, last_name=last_name
    )


def buy(user, product, line_status):
    """An order of ``product`` by ``user``, its line moved to ``line_status`` by the producer."""
    basket = Basket.objects.create(owner=user)
    basket.strategy = Selector().strategy()
    basket.add_product(product)
    order = create_order(basket=basket, user=user)
    line = order.lines.get()
    for status in PATHS[line_status]:
        line.set_status(status)
    return order


def add_url(product):
    return reverse("catalogue:reviews-add", kwargs={"product_slug": product.slug, "product_pk": product.pk})


def list_url(product):
    return reverse("catalogue:reviews-list", kwargs={"product_slug": product.slug, "product_pk": product.pk})


REVIEW = {"score": "5", "title": "Mật thơm, đặc", "body": "Mật ong thơm mùi hoa vải, đóng chai cẩn thận."}


def section(html, css_class):
    """The HTML of the first <section> with ``css_class``."""
    start = html.index(f'<section class="{css_class}')
    return html[start : html.index("</section>", start)]


def approve(client, staff, *reviews):
    """Staff approve reviews on Oscar's dashboard page, as they would."""
    client.force_login(staff)
    response = client.post(
        reverse("dashboard:reviews-list"),
        {"action": "update_selected_review_status", "selected_review": [r.pk for r in reviews], "status": "1"},
    )
    assert response.status_code == 302
    client.logout()


@pytest.fixture
def staff():
    """A member of the OCOP office who moderates reviews (Oscar's dashboard asks for these permissions)."""
    user = User.objects.create_user("vanphong", "vp@ocop.local", "mat-khau-dai-2026", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="reviews", codename__in=["view_productreview", "change_productreview"]
        )
    )
    return user


@pytest.mark.parametrize("received", [statuses.DELIVERED, statuses.PICKED_UP])
def test_a_buyer_who_received_the_product_reviews_it_once(client, product, received):
    buyer = customer("lan", "Lan", "Nguyễn Thị")
    buy(buyer, product, received)
    client.force_login(buyer)

    page = client.get(product.get_absolute_url()).content.decode()
    assert f'href="{add_url(product)}#addreview"' in page and "Viết đánh giá" in page

    form = client.get(add_url(product))
    assert form.status_code == 200 and 'id="add_review_form"' in form.content.decode()
    response = client.post(add_url(product), REVIEW, follow=True)
    assert response.redirect_chain[-1][0] == product.get_absolute_url() + "#reviews"
    html = response.content.decode()
    assert "Cảm ơn bạn: đánh giá sẽ hiển thị sau khi được nhân viên kiểm duyệt." in html  # the message
    review = ProductReview.objects.get()
    assert (review.user, review.product, review.score) == (buyer, product, 5)
    assert review.status == ProductReview.FOR_MODERATION

    # One review per product: the form is not offered again, and a second one is refused.
    assert client.get(add_url(product)).status_code == 403
    assert client.post(add_url(product), {**REVIEW, "title": "Lần hai"}).status_code == 403
    assert ProductReview.objects.count() == 1


NOT_RECEIVED = [statuses.NEW, statuses.LINE_SHIPPED, statuses.AT_POINT, statuses.LINE_CANCELLED]


@pytest.mark.parametrize("line_status", NOT_RECEIVED)
def test_a_buyer_who_has_not_received_the_product_cannot_review_it(client, product, line_status):
    buyer = customer("minh")
    buy(buyer, product, line_status)
    client.force_login(buyer)
    assert_refused(client, product)


def test_a_customer_who_did_not_buy_it_cannot_review_it(client, product):
    other_product = ProductFactory(price=90000)
    buyer = customer("hoa")
    buy(buyer, other_product, statuses.DELIVERED)  # received something else
    buy(customer("someone-else"), product, statuses.DELIVERED)  # someone else received this one
    client.force_login(buyer)
    assert_refused(client, product)


def test_an_anonymous_visitor_cannot_review_and_is_invited_to_sign_in(client, product):
    html = assert_refused(client, product)
    assert "Đăng nhập để đánh giá sản phẩm bạn đã nhận." in html
    assert reverse("customer:login") + "?next=" in html


def test_a_producer_cannot_review_its_own_product(client, product):
    user = producer_user(product.producer)
    buy(user, product, statuses.DELIVERED)
    client.force_login(user)
    html = assert_refused(client, product, reason="Nhà sản xuất không thể đánh giá sản phẩm của chính mình.")
    assert NOT_A_BUYER_VI not in html


def assert_refused(client, product, reason=NOT_A_BUYER_VI):
    """The product page says why and offers no form; the form's address answers 403 with the
    reason, on GET and on POST, and nothing is saved."""
    page = client.get(product.get_absolute_url())
    assert page.status_code == 200
    reviews_block = section(page.content.decode(), "buyer-reviews")
    assert reason in reviews_block
    assert add_url(product) not in reviews_block and "Viết đánh giá</a>" not in reviews_block

    response = client.get(add_url(product))
    html = response.content.decode()
    assert response.status_code == 403
    assert reason in html and "add_review_form" not in html and 'name="score"' not in html

    response = client.post(add_url(product), REVIEW)
    assert response.status_code == 403 and reason in response.content.decode()
    assert not ProductReview.objects.exists()
    return page.content.decode()


def test_a_review_appears_only_once_staff_approved_it(client, product, staff):
    buyer = customer("lan", "Lan", "Nguyễn Thị")
    buy(buyer, product, statuses.DELIVERED)
    client.force_login(buyer)
    client.post(add_url(product), {**REVIEW, "body": "Ngon <script>alert(1)</script> lắm"})
    review = ProductReview.objects.get()
    detail_url = review.get_absolute_url()
    client.logout()

    page = client.get(product.get_absolute_url()).content.decode()
    assert "Mật thơm, đặc" not in page and "Chưa có người mua nào đánh giá sản phẩm này." in page
    assert "Mật thơm, đặc" not in client.get(list_url(product)).content.decode()
    assert client.get(detail_url).status_code == 404
    assert '"aggregateRating"' not in page

    # Staff see it waiting on the dashboard, in Vietnamese, and approve it.
    client.force_login(staff)
    dashboard = client.get(reverse("dashboard:reviews-list")).content.decode()
    assert "Mật thơm, đặc" in dashboard and "Chờ kiểm duyệt" in dashboard
    preview = client.get(detail_url)  # the dashboard's "View on site", for staff only
    assert preview.status_code == 200 and "Trạng thái: Chờ kiểm duyệt" in preview.content.decode()
    client.logout()
    approve(client, staff, review)

    page = client.get(product.get_absolute_url()).content.decode()
    block = section(page, "buyer-reviews")
    assert "Mật thơm, đặc" in block and "Đã mua hàng" in block  # a verified purchase
    assert "Lan N." in block and "Nguyễn Thị" not in block and "lan@example.vn" not in page  # first name, initial
    assert "&lt;script&gt;" in block and "<script>alert" not in page
    assert "5/5" in block
    assert client.get(detail_url).status_code == 200
    assert "Mật thơm, đặc" in client.get(list_url(product)).content.decode()

    # Rejected later: gone again.
    client.force_login(staff)
    client.post(
        reverse("dashboard:reviews-list"),
        {"action": "update_selected_review_status", "selected_review": [review.pk], "status": "2"},
    )
    client.logout()
    assert "Mật thơm, đặc" not in client.get(product.get_absolute_url()).content.decode()
    assert client.get(detail_url).status_code == 404


def jsonld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_the_buyers_score_is_kept_apart_from_the_ocop_stars(client, product, staff):
    reviews = []
    for username, score in [("a", 2), ("b", 3)]:
        buyer = customer(username, "Hà")
        buy(buyer, product, statuses.PICKED_UP)
        client.force_login(buyer)
        client.post(add_url(product), {**REVIEW, "score": score})
        reviews.append(ProductReview.objects.get(user=buyer))
    client.logout()
    approve(client, staff, *reviews)

    html = client.get(product.get_absolute_url()).content.decode()
    main = html[html.index('<div class="col-md-6 product_main">') : html.index('<section class="buyer-reviews"')]
    assert "OCOP 4 sao" in main and "★★★★" in main  # the official stars, at the top
    assert "2,5" not in main and "Đánh giá của người mua" not in main and "Điểm người mua" not in main

    block = section(html, "buyer-reviews")
    assert "Đánh giá của người mua" in block  # its own title
    assert "Điểm người mua" in block and "2,5 trên 5" in block and "từ 2 đánh giá" in block
    assert "★" not in block and "stars" not in block  # never drawn like the OCOP stars
    assert "không phải là hạng sao OCOP" in block
    assert html.index('class="product-rating"') < html.index('class="product-facts"') < html.index(block)
    assert "Điểm tích lũy" not in html

    data = jsonld(html)
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "name": "Đánh giá của người mua",
        "description": "Điểm do khách hàng đã nhận sản phẩm chấm; không phải hạng sao OCOP.",
        "ratingValue": "2.5",
        "bestRating": "5",
        "worstRating": "1",
        "ratingCount": "2",
        "reviewCount": "2",
    }
    product.refresh_from_db()
    assert product.rating == 2.5  # Oscar's stored rating counts the same reviews


def test_the_review_form_offers_scores_from_1_to_5_and_checks_them(client, product):
    buyer = customer("tuan")
    buy(buyer, product, statuses.DELIVERED)
    client.force_login(buyer)
    html = client.get(add_url(product)).content.decode()
    assert [int(v) for v in re.findall(r'name="score" value="(\d)"', html)] == [5, 4, 3, 2, 1]
    assert "Điểm của bạn cho sản phẩm này" in html and "5 – Rất tốt" in html and "1 – Rất kém" in html
    for score in ("0", "6", "abc"):
        response = client.post(add_url(product), {**REVIEW, "score": score})
        assert response.status_code == 200 and "add_review_form" in response.content.decode()
    response = client.post(add_url(product), {**REVIEW, "body": "x" * 3001})
    assert response.status_code == 200
    assert not ProductReview.objects.exists()


def test_a_delisted_product_has_no_review_pages(client, product):
    buyer = customer("lan")
    buy(buyer, product, statuses.DELIVERED)
    certificate = product.certificate
    certificate.status = Status.REVOKED
    certificate.save()
    client.force_login(buyer)
    assert client.get(add_url(product)).status_code == 404
    assert client.post(add_url(product), REVIEW).status_code == 404
    assert client.get(list_url(product)).status_code == 404


def test_votes_on_a_shown_review(client, product, staff):
    author = customer("lan", "Lan")
    buy(author, product, statuses.DELIVERED)
    client.force_login(author)
    client.post(add_url(product), REVIEW)
    review = ProductReview.objects.get()
    vote_url = reverse(
        "catalogue:reviews-vote", kwargs={"product_slug": product.slug, "product_pk": product.pk, "pk": review.pk}
    )
    reader = customer("khach")
    client.force_login(reader)
    assert client.post(vote_url, {"delta": "1"}).status_code == 404  # not shown yet
    approve(client, staff, review)
    client.force_login(reader)
    assert "Đánh giá này có hữu ích không?" in client.get(product.get_absolute_url()).content.decode()
    response = client.post(vote_url, {"delta": "1"}, follow=True)
    assert "Cảm ơn bạn đã bình chọn!" in response.content.decode()
    assert "1 trên 1 khách hàng thấy đánh giá này hữu ích" in client.get(list_url(product)).content.decode()
    other = ProductFactory()
    wrong = reverse(
        "catalogue:reviews-vote", kwargs={"product_slug": other.slug, "product_pk": other.pk, "pk": review.pk}
    )
    assert client.post(wrong, {"delta": "1"}).status_code == 404


def test_the_product_page_queries_do_not_grow_with_reviews(client, product, staff, django_assert_max_num_queries):
    def add_review(username):
        buyer = customer(username, "Lan")
        buy(buyer, product, statuses.DELIVERED)
        review = ProductReview.objects.create(product=product, user=buyer, score=4, title="Ngon", body="Ngon")
        approve(client, staff, review)

    add_review("first")
    with django_assert_max_num_queries(60) as baseline:
        client.get(product.get_absolute_url())
    baseline = len(baseline)  # counted now: the next requests reset Django's query log
    for n in range(5):
        add_review(f"more-{n}")
    with django_assert_max_num_queries(baseline):
        html = client.get(product.get_absolute_url()).content.decode()
    assert html.count('class="review"') == 3 and "Xem tất cả 6 đánh giá" in html


def test_review_words_in_vietnamese_and_english(client, product):
    """Every review text Oscar ships reads right in Vietnamese: the score is a score
    ("Điểm đánh giá"), not loyalty points ("Điểm tích lũy")."""
    with translation.override("vi"):
        field = ProductReview._meta.get_field
        assert str(field("score").verbose_name) == "Điểm đánh giá"
        assert str(field("title").verbose_name) == "Tiêu đề"
        assert str(field("body").verbose_name) == "Nội dung"
        assert str(ProductReview._meta.verbose_name) == "Đánh giá sản phẩm"
        assert str(ProductReview._meta.verbose_name_plural) == "Đánh giá sản phẩm"
        assert dict(field("status").choices)[ProductReview.FOR_MODERATION] == "Chờ kiểm duyệt"
        assert dict(field("status").choices)[ProductReview.APPROVED] == "Đã duyệt"
        assert dict(field("status").choices)[ProductReview.REJECTED] == "Bị từ chối"
        assert translation.gettext("Write a review") == "Viết đánh giá"
        once = "Bạn chỉ được bình chọn một lần cho mỗi đánh giá"
        assert translation.gettext("You can only vote once on a review") == once
        assert translation.gettext("Is this review helpful?") == "Đánh giá này có hữu ích không?"
        # Every Oscar review text the site still shows has our Vietnamese, none of Oscar's slips.
        shown = [translation.gettext(t) if isinstance(t, str) else str(t) for t in OSCAR_REVIEW_TEXTS]
    with translation.override("en"):
        english = [str(t) for t in OSCAR_REVIEW_TEXTS]
    assert [en for en, vi in zip(english, shown, strict=True) if vi == en] == []
    assert not [vi for vi in shown if "tích lũy" in vi or "Xem lại" in vi or "Xem trước" in vi]

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(product.get_absolute_url()).content.decode()
    block = section(html, "buyer-reviews")
    assert "Buyers' reviews" in block and "Only buyers who received this product can review it." in block
    assert "No buyer has reviewed this product yet." in block
