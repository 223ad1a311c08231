"""The Redis cache backend (marketplace/rediscache.py) against the machine's Redis: what Django's
backend does, with one client per connection pool; and the page cache served through it."""

import pytest
import redis
from django.core.cache import cache

REDIS_URL = "redis://127.0.0.1:6379/15"

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_cache(settings):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {"default": {"BACKEND": "marketplace.rediscache.RedisCache", "LOCATION": REDIS_URL}}
    cache.clear()
    yield cache
    cache.clear()


def test_values_go_in_and_out_and_one_client_serves_every_call(redis_cache):
    redis_cache.set("a", {"price": 120000, "title": "Mật ong"}, 60)
    redis_cache.set_many({"b": b"\x00bytes", "c": 3})
    assert redis_cache.get("a") == {"price": 120000, "title": "Mật ong"}
    assert redis_cache.get_many(["a", "b", "c", "missing"]) == {
        "a": {"price": 120000, "title": "Mật ong"},
        "b": b"\x00bytes",
        "c": 3,
    }
    assert redis_cache.incr("c") == 4
    assert redis_cache.add("c", 10) is False
    redis_cache.delete("a")
    assert redis_cache.get("a", "gone") == "gone"
    client = redis_cache._cache.get_client()
    assert redis_cache._cache.get_client(write=True) is client
    parser = client.connection_pool.connection_kwargs["parser_class"]
    assert "Hiredis" in parser.__name__  # replies parsed in C (hiredis, in requirements.txt)


def test_the_page_cache_serves_a_stored_page_from_redis(redis_cache, settings, client, shop, one_minute):
    from wagtail.models import Site

    from cms.models import SiteOperator

    SiteOperator.for_site(Site.objects.get(is_default_site=True))  # made on a first page otherwise
    settings.PAGE_CACHE = True
    url = shop.honey.get_absolute_url()
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert second.get("X-Page-Cache") == "hit"
    assert "Mật ong hoa vải" in second.content.decode()
