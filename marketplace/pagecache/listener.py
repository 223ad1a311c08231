"""The listing generation heard from Redis instead of asked for on every request.

Every page served from the page cache, and every uncached page with kept pieces, needs the
current listing generation (:func:`marketplace.pagecache.generation`). Asking Redis for it is a
round trip on every request — half of what serving a cached page costs (0.15 of 0.31 ms of CPU).
So each web worker keeps its own copy and hears of every change:

* whoever bumps the generation (a web request, the registry sync, a Celery task) publishes the
  new value on a Redis channel right after its ``INCR`` (:func:`announce`);
* each web worker runs one :class:`Listener` thread, subscribed to that channel; on each message
  it reads the generation again (the message only says "it changed": messages of two processes
  may arrive in either order, a read is always the latest), and on subscribing it reads it once —
  a change published while it was not subscribed is never missed;
* while the listener is not subscribed (starting, Redis restarted, connection lost, or silent
  for longer than :data:`SILENCE` seconds despite its pings) it knows nothing, and every request
  asks Redis as before. A change is heard within the time Redis takes to pass a message on
  (well under a millisecond on one machine), and the process that made it knows at once.

The web workers start it (``gunicorn.conf.py``'s ``post_worker_init``: after the fork, so that
every worker has its own thread and connection); other processes (commands, tasks, tests) do not, and
ask Redis per request as before. Only with Django's Redis cache backend: with another cache the
generation is the process's own anyway (see :mod:`marketplace.pagecache`).
"""

import contextlib
import logging
import os
import threading
import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

#: Seconds without a word from Redis (a message or the answer to a ping) after which the listener
#: no longer trusts its copy and starts again; it pings after a third of that.
SILENCE = 6.0


def _channel():
    return cache.make_key("pages:generation-changed")


def _redis():
    """The cache's Redis client, or None with another cache backend."""
    backend = caches["default"]
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def announce(value):
    """The generation is now ``value`` (called right after it changed): this process knows at once,
    the other processes' listeners are told."""
    listener.heard(value)
    client = _redis()
    if client is not None:
        client.publish(_channel(), str(value))


class Listener:
    """A worker's copy of the generation, kept current by a thread subscribed to the channel."""

    def __init__(self):
        self.generation = None  #: the current generation, or None while not listening
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = None
        self._subscribed = False  # set by the thread once Redis confirms the subscription
        self.pubsub = None  #: the subscribed connection (redis-py's PubSub)

    @property
    def listening(self):
        return self.generation is not None

    def heard(self, value):
        """A generation read or announced: kept unless a later one is already known (two reads
        or announcements may arrive out of order; the generation only goes up)."""
        with self._lock:
            if self._subscribed and (self.generation is None or value > self.generation):
                self.generation = value

    def start(self):
        """Start listening in this process (once per process; a no-op without Redis)."""
        if _redis() is None or (self._thread is not None and self._thread.is_alive() and self._pid == os.getpid()):
            return
        self._forget()  # nothing inherited from a parent process is trusted
        self._pid = os.getpid()
        self._stopped.clear()
        self._thread = threading.Thread(target=self._run, name="page-generation-listener", daemon=True)
        self._thread.start()

    def stop(self):
        self._stopped.set()
        if self._thread is not None:
            self._thread.join(timeout=2 * SILENCE)
        self._forget()
        self._thread = None

    def _forget(self):
        with self._lock:
            self._subscribed, self.generation = False, None

    def _run(self):
        from . import read_generation

        while not self._stopped.is_set():
            pubsub = None
            try:
                pubsub = self.pubsub = _redis().pubsub()
                pubsub.subscribe(_channel())
                self._listen(pubsub, read_generation)
            except Exception:
                self._forget()  # every request asks Redis until we listen again
                if not self._stopped.is_set():
                    logger.warning("Page cache: not listening to generation changes; retrying in 1 s", exc_info=True)
                    self._stopped.wait(1.0)
            finally:
                if pubsub is not None:
                    with contextlib.suppress(Exception):  # the connection is gone either way
                        pubsub.close()
        self._forget()

    def _listen(self, pubsub, read_generation):
        """Until stopped: the generation read again on subscribing (what changed before we were
        listening) and on every message; a ping when Redis has been quiet, an error when it stays
        silent."""
        heard_from, pinged = time.monotonic(), False
        while not self._stopped.is_set():
            message = pubsub.get_message(timeout=min(1.0, SILENCE / 3))
            now = time.monotonic()
            if message is None:
                if now - heard_from > SILENCE:
                    raise ConnectionError(f"no word from Redis for {SILENCE:.0f} s")
                if not pinged and now - heard_from > SILENCE / 3:
                    pubsub.ping()
                    pinged = True
                continue
            heard_from, pinged = now, False
            if message["type"] == "subscribe":
                with self._lock:
                    self._subscribed = True
            if message["type"] in ("subscribe", "message"):
                self.heard(read_generation())


#: This process's listener (started by the web workers).
listener = Listener()
# A forked process has no listening thread: it asks Redis until it starts its own.
os.register_at_fork(after_in_child=listener._forget)
