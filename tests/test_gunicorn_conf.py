"""The repository's gunicorn.conf.py: gunicorn accepts it, the app is preloaded, and its hooks
freeze the loaded objects out of the garbage collector and collect garbage after an answer is
sent, not inside a request (the figures: bench/run.sh)."""

import gc
import runpy
from pathlib import Path

from gunicorn.config import Config

CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def test_gunicorn_accepts_every_setting_of_the_file():
    settings = runpy.run_path(str(CONF))
    config = Config()
    ours = {name for name in settings if not name.startswith("_") and name not in ("gc", "multiprocessing", "os")}
    assert ours <= set(config.settings), ours - set(config.settings)
    for name in ours:
        config.set(name, settings[name])
    assert config.preload_app is True
    assert config.workers >= 3  # 2 × cores + 1
    assert config.max_requests == 0  # workers are not replaced periodically (see the file)


def test_workers_are_replaced_after_the_requests_asked_for_jittered(monkeypatch):
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "20000")
    settings = runpy.run_path(str(CONF))
    assert settings["max_requests"] == 20000 and settings["max_requests_jitter"] == 2000


def test_the_environment_chooses_workers_and_address(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "2")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    settings = runpy.run_path(str(CONF))
    assert settings["workers"] == 2 and settings["bind"] == "0.0.0.0:9000"


def test_the_hooks_freeze_what_is_loaded(gunicorn_hooks):
    gunicorn_hooks["when_ready"](server=None)
    assert gc.get_freeze_count() > 10_000  # Django, Oscar, Wagtail and our code
    gunicorn_hooks["post_worker_init"](worker=None)


class Cycle:
    """Garbage only the collector frees (it refers to itself)."""

    def __init__(self):
        self.me = self


def test_a_worker_collects_garbage_after_its_answers_not_inside_its_requests(client, home_page, gunicorn_hooks):
    collections = []  # (generation, inside a request)
    inside = False

    def record(phase, info):
        if phase == "start":
            collections.append((info["generation"], inside))

    def request(garbage):
        nonlocal inside
        inside = True
        response = client.get("/")  # a request making garbage of its own
        for _ in range(garbage):
            Cycle()
        inside = False
        assert response.status_code == 200
        gunicorn_hooks["post_request"](worker=None, req=None, environ={}, resp=None)

    try:
        gunicorn_hooks["post_worker_init"](worker=None)
        request(garbage=0)  # the first one fills the process's caches (a hundred thousand objects)
        gc.callbacks.append(record)
        for _ in range(120):
            request(garbage=5_000)
        assert not [collection for collection in collections if collection[1]]  # none inside
        after = {generation for generation, _ in collections}
        assert after == {0, 1, 2}, collections  # Python's schedule, each generation in its turn
        assert collections.count((2, False)) < collections.count((1, False)) < collections.count((0, False))
        alive = sum(type(thing) is Cycle for thing in gc.get_objects())  # (isinstance wakes lazy objects)
        assert alive < 120 * 5_000 / 4  # the garbage is freed as it goes, not kept to the end

        collections.clear()
        request(garbage=200_000)  # a long export: Python collects inside it, never the full heap
        assert (0, True) in collections and (2, True) not in collections
    finally:
        if record in gc.callbacks:
            gc.callbacks.remove(record)
