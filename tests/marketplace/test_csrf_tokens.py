"""CSRF tokens drawn from one os.urandom call each (marketplace/pagecache/csrf.py): Django's own
tokens in every other respect — the right alphabet and length, every character equally likely,
accepted by Django's check."""

from collections import Counter

import pytest
from django.middleware import csrf as django_csrf

from marketplace.pagecache import csrf


def test_django_draws_its_csrf_strings_with_ours():
    assert django_csrf._get_new_csrf_string is csrf.random_string


def test_a_string_has_the_length_and_alphabet_of_djangos():
    strings = {csrf.random_string() for _ in range(1000)}
    assert len(strings) == 1000  # never the same twice
    assert all(len(s) == 32 and set(s) <= set(django_csrf.CSRF_ALLOWED_CHARS) for s in strings)


def test_every_character_is_equally_likely():
    counts = Counter("".join(csrf.random_string() for _ in range(4000)))  # 128,000 characters
    expected = 128_000 / 62
    chi_square = sum((counts[c] - expected) ** 2 / expected for c in django_csrf.CSRF_ALLOWED_CHARS)
    # 61 degrees of freedom: above 150 has a probability far below one in a million. Folding the
    # bytes 248-255 onto the first eight characters (the bias we avoid) would give about 840.
    assert chi_square < 150


@pytest.mark.django_db
def test_a_token_made_with_them_passes_djangos_check(client):
    from django.test import Client

    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/accounts/login/")
    token = visitor.cookies["csrftoken"].value
    assert len(token) == 32
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
    assert visitor.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 403
