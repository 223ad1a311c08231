"""The Redis cache backend (marketplace/rediscache.py) against the machine's Redis: what Django's
backend does, with one client per connection pool; the page cache served through it; and the
listing generation heard from it by a web worker (marketplace/pagecache/listener.py)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.core.cache import cache

from marketplace import pagecache
from marketplace.pagecache.listener import listener

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


def test_a_counter_is_counted_in_one_command_from_nothing_and_read_back(redis_cache):
    server = redis.Redis.from_url(REDIS_URL)

    def calls():
        stats = server.info("commandstats")
        return {name: stats.get(f"cmdstat_{name}", {}).get("calls", 0) for name in ("incrby", "exists", "set")}

    before = calls()
    assert redis_cache.count("views", 2) == 2
    after = calls()
    assert {name: after[name] - before[name] for name in after} == {"incrby": 1, "exists": 0, "set": 0}
    assert redis_cache.count("views") == 3 and redis_cache.get("views") == 3
    assert redis_cache.decr("views", 3) == 0


def test_product_views_are_counted_and_flushed_through_redis(redis_cache, client, shop):
    from catalog.catalogue import viewcount

    for _ in range(3):
        assert client.get(shop.honey.get_absolute_url()).status_code == 200
    assert viewcount.flush() == 3
    assert viewcount.ProductRecord.objects.get(product=shop.honey).num_views == 3
    assert viewcount.flush() == 0


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


# The listing generation heard from Redis (marketplace/pagecache/listener.py), as each web worker does.


def heard(condition, what):
    """Poll until the listener thread has ``condition`` (at most 5 s, on a busy machine: it is
    usually well under a millisecond)."""
    deadline = time.monotonic() + 5
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not heard within 5 s: {what}")
        time.sleep(0.005)


@pytest.fixture
def listening(redis_cache):
    listener.start()
    try:
        heard(lambda: listener.listening, "subscribed")
        yield listener
    finally:
        listener.stop()
    assert not listener.listening


def redis_generation():
    return int(redis.Redis.from_url(REDIS_URL).get(cache.make_key(pagecache.GENERATION_KEY)))


@pytest.fixture
def cached_page(settings, client, shop, one_minute):
    from wagtail.models import Site

    from cms.models import SiteOperator

    SiteOperator.for_site(Site.objects.get(is_default_site=True))
    settings.PAGE_CACHE = True
    url = shop.honey.get_absolute_url()
    client.get(url)
    assert client.get(url).get("X-Page-Cache") == "hit"
    return url


def test_a_listening_worker_serves_a_cached_page_without_asking_redis_anything(
    listening, redis_cache, cached_page, client, monkeypatch
):
    asked = []
    redis_client = redis_cache._cache.get_client()
    execute = redis_client.execute_command
    monkeypatch.setattr(redis_client, "execute_command", lambda *args, **kw: asked.append(args) or execute(*args, **kw))
    response = client.get(cached_page)
    assert response.get("X-Page-Cache") == "hit" and "Mật ong hoa vải" in response.content.decode()
    assert asked == []  # neither the generation nor the page: both known in the process
    assert pagecache.generation() == redis_generation()


def test_a_change_made_in_another_process_is_heard_and_the_cached_page_is_not_served_again(
    listening, cached_page, client
):
    before = listening.generation
    subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "manage.py", "shell", "-c", "from marketplace import pagecache; pagecache.bump()"],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings", "REDIS_URL": REDIS_URL},
        check=True,
        capture_output=True,
    )
    now = redis_generation()
    assert now > before
    heard(lambda: listening.generation == now, "the other process's change")
    assert client.get(cached_page).get("X-Page-Cache") != "hit"  # rendered again for the new generation
    assert client.get(cached_page).get("X-Page-Cache") == "hit"


def test_this_process_knows_its_own_change_at_once(listening):
    pagecache.bump()
    assert listening.generation == redis_generation()  # no wait: told directly, not through Redis
    assert pagecache.generation() == listening.generation


def test_a_change_while_the_connection_was_lost_is_not_missed(listening):
    heard(lambda: listening.generation == redis_generation(), "the generation")
    admin = redis.Redis.from_url(REDIS_URL)
    host, port = listening.pubsub.connection._sock.getsockname()[:2]
    admin.client_kill_filter(addr=f"{host}:{port}")  # Redis restarted, a network blip…
    # Another process's change, announced while this worker may not be subscribed yet.
    admin.incr(cache.make_key(pagecache.GENERATION_KEY))
    admin.publish(cache.make_key("pages:generation-changed"), "changed")
    now = redis_generation()
    heard(lambda: listening.generation == now, "the change made while reconnecting")
    assert pagecache.generation() == now


def test_without_redis_nothing_listens_and_the_generation_is_read_from_the_cache():
    listener.start()  # the test settings' local-memory cache
    assert not listener.listening and listener._thread is None
    pagecache.bump()
    assert pagecache.generation() == cache.get(pagecache.GENERATION_KEY)


def test_a_gunicorn_worker_starts_listening_once_its_app_is_ready(redis_cache, gunicorn_hooks):
    try:
        gunicorn_hooks["post_worker_init"](worker=None)
        heard(lambda: listener.listening, "subscribed")
        assert listener.generation == redis_generation()
    finally:
        listener.stop()
