"""Settings for the test suite: the project's settings with fast, isolated services."""

from marketplace.settings import *  # noqa: F403
from marketplace.settings import STATIC_ROOT, STORAGES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Room for every page of a crawl (the default 300 entries would cull the pages being compared).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 100_000}}}
# The page cache is off, so that query budgets measure pages being rendered; its own tests, the
# crawl and the browser tests turn it on (one process: the local-memory cache is shared).
PAGE_CACHE = False
# Tests send many requests a minute from one address; the throttling test sets its own rates.
API_THROTTLE_RATES = {"anon": "100000/minute", "user": "100000/minute"}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "marketplace.staticfiles.PlainStorage"}}
MEDIA_ROOT = VAR_DIR / "test-media"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Oscar's basket and history cookies stay Secure as in production: the test client and Chromium
# on localhost keep Secure cookies over plain HTTP.
OSCAR_BASKET_COOKIE_SECURE = OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
SERVE_MEDIA = True
LOGGING = {"version": 1, "disable_existing_loggers": False}

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing root
ELASTICSEARCH_URL = ""  # tests of the Elasticsearch backend set their own server and index
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, so that `pytest --reuse-db` keeps the migrated test database between runs.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
