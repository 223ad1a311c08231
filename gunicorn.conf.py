"""gunicorn's settings for the marketplace (read by ``gunicorn marketplace.wsgi`` from this folder).

Every value can be changed from the environment (the names below) or gunicorn's own flags, which
win over this file, e.g. ``gunicorn marketplace.wsgi -w 2``. See README "Running in production".

* The app is loaded once in the master and the workers are forked from it (``preload_app``):
  start-up is paid once, and the workers share the loaded code's memory.
* The storefront's templates are compiled and the translations read there too
  (:mod:`marketplace.warmup`): a new worker — at start, after a crash, or at each
  ``max_requests`` restart if set — serves its first visitors almost as fast as its last,
  instead of compiling pages on their requests.
* Then everything loaded is **frozen out of the garbage collector** (``gc.freeze()``): Python's
  full collections otherwise walk the hundreds of thousands of objects of Django, Oscar and
  Wagtail every few hundred requests — the slow tail of a page (p99 five times its p50). Frozen,
  they are never walked again, and the memory pages stay shared between workers instead of being
  copied when the collector touches them.
* A worker's **garbage is collected after an answer has been sent**, not inside a request
  (``post_request``), on Python's own schedule: the full collections (what a worker keeps since
  its start, its copies of pages and pieces: 2–12 ms) were the slowest 1 % of a page at one
  visitor at a time, and the young ones add fractions of a millisecond to many. After the
  answer, the visitor has the page and another worker takes the next connection. Inside a
  request Python still collects when garbage piles up a hundred times more than usual (a long
  export), never the full heap.
* Each worker hears changes of the listing generation from Redis (one thread and connection
  each, :mod:`marketplace.pagecache.listener`) instead of asking for it on every request.
* The master never serves a request: connections opened while loading (none are expected) are
  closed before forking, so that no worker shares a socket with another.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")  # behind the proxy that terminates TLS
# Sync workers, CPU-bound pages: two per core plus one covers the time spent waiting on the
# database and the cache. WEB_CONCURRENCY is the usual name on hosting platforms.
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))  # a request longer than this is a bug
graceful_timeout = 30
keepalive = 5  # seconds; longer than a proxy's idle time to the upstream is pointless
# Workers are not replaced after a number of requests (gunicorn's default): what a worker keeps
# is bounded (its copy of cached pages, pieces and cards: 32 MB; facet labels per generation), and
# a replacement costs its first requests tens of milliseconds (the preloaded memory copied as it
# is touched) — the slowest 1 % of a page's requests on the benchmark, every ~5,000 requests a
# worker with 5,000. Set GUNICORN_MAX_REQUESTS to replace them (jittered by a tenth) if ever needed.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 0))
max_requests_jitter = max_requests // 10
# The workers' heartbeat files in memory, not on a disk that may stall (containers' /tmp).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The proxy's address, whose X-Forwarded-* headers are believed (comma-separated; "*" for any).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-" for standard output
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def when_ready(server):
    """The app is loaded in the master, the workers not forked yet."""
    from django.db import connections
    from django.urls import get_resolver

    from marketplace import warmup

    get_resolver().check()  # imports every view module here, once: frozen with the rest
    warmup.warm()  # the storefront's templates compiled and the translations read, once
    connections.close_all()
    gc.collect()
    gc.freeze()


# Python's schedule of collections, as the process starts with it (by default 700, 10, 10): the
# young generation after that many more objects, the middle one every so many of those, the full
# heap every so many of the middle one (without Python's rule of waiting for a quarter more
# long-lived objects, which a frozen heap makes moot).
_YOUNG, _MIDDLE, _FULL = gc.get_threshold()
_IN_REQUEST = 100  # inside a request, the young generation only once it is this many times larger
_NEVER = 2**31 - 1  # the largest threshold Python accepts


def post_worker_init(worker):
    """In each worker once its app is ready (without ``preload_app`` the app was loaded here):
    what is loaded frozen, Python's collections moved after the answers (``post_request``), and
    its own thread listening to changes of the listing generation, so that its requests need not
    ask Redis for it (:mod:`marketplace.pagecache.listener`)."""
    from marketplace.pagecache.listener import listener

    gc.collect()
    gc.freeze()
    gc.set_threshold(_YOUNG * _IN_REQUEST, _MIDDLE, _NEVER)
    listener.start()


def post_request(worker, req, environ, resp):
    """After each answer is sent (the response complete, its socket not closed yet): the garbage
    collection Python would have made during the request, if one is due."""
    young, middle, full = gc.get_count()
    if young >= _YOUNG:
        gc.collect(0 if middle < _MIDDLE else 1 if full < _FULL else 2)
