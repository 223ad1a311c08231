"""The header of every storefront page ({% site_header %}): kept once per language and kind of
visitor, with each visitor's own search words, return address, basket count and CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

HEADER = "oscar/partials/site_header.html"


def header(response):
    html = response.content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def without_token(html):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def rendered(response):
    return HEADER in [template.name for template in response.templates]


def test_each_kind_of_visitor_gets_their_own_header_made_once_a_minute(two_producers, django_user_model, one_minute):
    anonymous, customer, producer, office = Client(), Client(), Client(), Client()
    customer.force_login(django_user_model.objects.create_user("lan", "lan@example.vn", "mat-khau-dai-2026"))
    producer.force_login(two_producers.user_a)
    office.force_login(two_producers.staff)

    first = anonymous.get("/catalogue/")
    assert rendered(first) and "Đăng nhập" in header(first) and "Đăng xuất" not in header(first)
    again = Client().get("/catalogue/")
    assert not rendered(again) and without_token(header(again)) == without_token(header(first))  # the kept one

    for visitor, dashboard in ((customer, False), (producer, True), (office, True)):
        page = header(visitor.get("/catalogue/"))
        assert "Đăng xuất" in page and "Đăng nhập" not in page
        assert ('href="/dashboard/"' in page) is dashboard
    assert not rendered(customer.get("/verify/"))  # the customers' header, made for the first one

    english = Client()
    english.cookies["django_language"] = "en"
    page = header(english.get("/catalogue/"))
    assert "Log in" in page and 'value="en" lang="en" class="language-switcher__option" aria-current="true"' in page


def test_the_visitors_own_values_are_filled_in_escaped(two_producers, one_minute):
    visitor = Client()
    visitor.get("/catalogue/?q=chè")  # the header is kept from here on
    typed = '"><script>alert(1)</script> __site_header_next__'
    page = header(visitor.get("/catalogue/", {"q": typed, "page": "1"}))
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; __site_header_next__"' in page
    assert "<script>" not in page
    back = re.search(r'name="next" type="hidden" value="([^"]*)"', page).group(1)
    assert back.startswith("/catalogue/?q=%22%3E%3Cscript%3E") and back.endswith("&amp;page=1")

    visitor.post(reverse("basket:add", kwargs={"pk": two_producers.product_a.pk}), {"quantity": 3})
    page = header(visitor.get("/verify/"))
    assert 'class="badge badge-light">3<' in page and 'name="q" value=""' in page
    assert 'name="next" type="hidden" value="/verify/"' in page
    tokens = {
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header(c.get("/verify/"))).group(1)
        for c in (visitor, Client())
    }
    assert len(tokens) == 2 and not any("__" in token for token in tokens)
