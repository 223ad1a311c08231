"""Static files in production: collectstatic with the production storage (WhiteNoise's compressed
manifest) names each file by its content's hash, pages link the hashed names, and WhiteNoise
serves them to be cached for a year and never asked for again (immutable); a file's plain name
is served too, cached briefly."""

import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "marketplace.staticfiles.ManifestStorage"},
}


@pytest.fixture
def collected(settings, tmp_path):
    """The theme's static files collected into a fresh STATIC_ROOT the production way."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = PRODUCTION_STORAGES
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]  # the theme's
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def max_age(response):
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


def test_hashed_static_files_are_cached_for_a_year_and_immutable(client, collected):
    url = static("theme/css/theme.css")
    assert re.fullmatch(r"/static/theme/css/theme\.[0-9a-f]{12}\.css", url)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "immutable"} <= directives and max_age(response) >= 31536000
    assert response["Content-Encoding"] == "gzip"  # compressed at collectstatic, not per request

    plain = client.get("/static/theme/css/theme.css")
    assert plain.status_code == 200 and "immutable" not in plain["Cache-Control"]
    assert max_age(plain) < 3600
