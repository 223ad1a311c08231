"""The repository's gunicorn.conf.py: gunicorn accepts it, the app is preloaded, and its hooks
freeze the loaded objects out of the garbage collector (the figures: bench/run.sh)."""

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


def test_the_hooks_freeze_what_is_loaded():
    settings = runpy.run_path(str(CONF))
    try:
        settings["when_ready"](server=None)
        assert gc.get_freeze_count() > 10_000  # Django, Oscar, Wagtail and our code
        settings["post_worker_init"](worker=None)
    finally:
        gc.unfreeze()
