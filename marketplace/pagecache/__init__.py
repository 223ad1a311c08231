"""THE PAGE CACHE — whole public pages kept for anonymous visitors.

A view opts in with :func:`public_page` (a class-based view with :class:`PublicPageView`, a
Wagtail page with :class:`PublicPage`). Its page
is then rendered once per language, URL and *listing generation* and served from the cache to
every anonymous visitor that carries nothing of its own (no session, basket or messages cookie)
until something it could show changes:

* **The listing generation** (:func:`generation`) goes up on every save or deletion of a model of
  the apps that make up public pages (products, prices and stock, certificates, producers,
  sales points and their stock, Wagtail pages, images and settings: :data:`CONTENT_APPS`) and on
  the bulk changes the registry sync and the nightly expiry announce (``catalog.signals``). A page
  is stored with the generation it was rendered under and served only while that is still the
  generation, so a revoked certificate leaves every cached page at once: nothing is deleted, the
  old entries are simply never served again and expire. Web workers hear each change of the
  generation from Redis instead of asking for it on every request (:mod:`.listener`).
* **The minute** is part of the key (with the language and the URL): pages show what is open
  or live *now*, which fairs are not over yet, which certificates are still valid today — all
  of it at most a minute late. A page is kept at most a minute; a busy page is rendered once a
  minute instead of hundreds of times. Each page and piece has its own minute (:func:`window`:
  its own second at which it starts), so that they are not all made again in the same second.
* **The pieces a page is made of** (:func:`kept` data, ``{% contentcache %}`` HTML) say what of
  the clock they show (``clock=``): what is live or over *now* — the minute, as pages; only what
  holds *today* (a certificate valid, a product listed, an article) — the local date
  (:data:`DAY`); or a clock of their own, such as the sales points' opening hours, which change
  only at the times points open or close (:func:`marketplace.salespoints.locator.clock`). So a
  page made again each minute takes its costly pieces from the cache, and no visitor waits for
  them to be made again because a minute turned.
* **What differs per visitor is left out of the stored page**: the CSRF token of forms is
  rendered as a placeholder and the CSP nonce of inline scripts is replaced by one; both are
  filled in for each response (the visitor gets their own token cookie and their own nonce).
  A response that sets another cookie, changes the session, carries messages or is not a 200
  is never stored.

The cache is Django's default cache: Redis in production, so that every process shares one
generation (with the local-memory cache of the embedded defaults each process would have its
own, so ``PAGE_CACHE`` is off there by default). What a process reads or stores of pages, pieces
and product cards it also keeps itself (:data:`near`): their keys (or, for pages, their values)
name the generation and minute they belong to, so a copy in the process is exactly as fresh as
the shared one and saves the round trip to Redis (and, for text, the unpickling).
"""

import hashlib
import pickle
import time
import zlib
from functools import wraps

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import timezone, translation

from marketplace.middleware import visitor_language

from .listener import announce, listener

GENERATION_KEY = "pages:generation"
CSRF_PLACEHOLDER = "__page_cache_csrf_token__"
NONCE_PLACEHOLDER = "__page_cache_csp_nonce__"
#: Apps whose every change can show on a public page: a save or deletion of any of their models
#: bumps the generation. (Orders, baskets, sessions and the like are not here: they change on
#: every purchase and show on no cached page; the stock they reserve is a StockRecord change.)
CONTENT_APPS = frozenset(
    {
        "catalogue",
        "partner",
        "certification",
        "combos",
        "salespoints",
        "reviews",
        "offer",
        "wagtailcore",
        "wagtailimages",
        "wagtaildocs",
        "wagtailsettings",
        "cms",
        "news",
        "fairs",
        "live",
        "stories",
        "taggit",
        "sites",
        "flatpages",
        "adminunits",
    }
)
#: Request cookies that make a visitor's page their own: such requests are never served from,
#: nor stored in, the page cache.
PERSONAL_COOKIES = ("SESSION_COOKIE_NAME", "OSCAR_BASKET_COOKIE_OPEN")
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage.cookie_name


def generation():
    """The listing generation: the same for the whole of a request (a page asks for it for every
    card and piece it takes from the cache). In a web worker it is heard, not asked for
    (:mod:`.listener`); elsewhere it is read from the cache once per request, on every call
    outside requests."""
    value = getattr(_request, "generation", None)
    if value is not None:
        return value
    value = listener.generation
    if value is None:
        value = read_generation()
    _remember(value)
    return value


def read_generation():
    """The generation as the cache holds it now."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # First use since the cache started: a value no earlier process can have used.
        value = int(time.time() * 1000)
        if not cache.add(GENERATION_KEY, value, None):
            value = cache.get(GENERATION_KEY, value)
    return value


#: The generation read by the current request (asgiref's Local: per thread and per async task).
_request = Local()


def _remember(value):
    if getattr(_request, "active", False):
        _request.generation = value


def request_started(**kwargs):
    _request.active, _request.generation = True, None


def request_finished(**kwargs):
    _request.active, _request.generation = False, None


def window(*parts):
    """The minute ``parts`` (a page's or piece's identity) are in, for keys: minutes of their own,
    each starting at a second given by ``parts`` (the same in every process), so that the pages
    and pieces of the site are not all made again in the same second — one slow request for
    each instead of one request making all of them."""
    named = "\n".join(parts)
    return named, int((time.time() + zlib.crc32(named.encode()) % 60) // 60)


#: ``clock=DAY``: a piece that shows nothing of the time of day, only what holds *today* (the
#: listing rule's dates, an article): kept until the local date changes (or the generation).
DAY = "day"


def content_key(kind, *parts, clock=None):
    """A cache key for a piece of a page made of the site's content (a home block, a product
    page's fairs): it holds the language, the listing generation (so a change shows at once) and
    what the piece shows of the clock, ``clock``:

    * ``None``: what is open, live or over *now* — the minute (:func:`window`): at most a minute
      late, as a cached page;
    * :data:`DAY`: only what holds today — the local date;
    * any other value: the state of the clock the piece shows, named by its maker (the sales
      points' opening-hours period, :func:`marketplace.salespoints.locator.clock`).
    """
    named, moment = window(kind, translation.get_language() or "", *map(str, parts))
    if clock is not None:
        moment = timezone.localdate().isoformat() if clock == DAY else clock
    asked = f"{named}\n{generation()}\n{moment}"
    return f"content:{kind}:" + hashlib.sha256(asked.encode()).hexdigest()


def seconds(clock=None):
    """How long the shared cache holds a piece kept with ``clock``: a minute for a minute's piece;
    an hour for the others, which this process keeps as long as their key is asked for
    (:data:`near`), while the pieces of past generations expire from the cache."""
    return 60 if clock is None else 3600


#: What :func:`kept` stores for a ``None`` (the cache's "not there").
NOTHING = "pagecache:nothing"


def kept(kind, *parts, make, text=False, clock=None):
    """What ``make()`` returns, kept in the cache under :func:`content_key` (language, listing
    generation, ``clock``, ``parts``): for data of public pages that every change of content must
    refresh at once. ``None`` ("there is none") is kept too. The value is kept in the process too
    (:data:`near`), saving the round trip to the cache: as it is when ``text=True`` (a string, bytes
    or a tuple of strings, which nobody can change in place: a response body kept as bytes is
    sent as it is, not encoded again for each request), otherwise as its pickle, so that each
    request gets its own copy to change as it likes (a model instance, a list)."""
    key = content_key(kind, *parts, clock=clock)
    if not text:
        key += ":pickle"  # never read as the other kind, whatever a key once held
    value = near.get_many([key]).get(key)
    if value is None:
        made = make()
        stored = made if text else pickle.dumps(made, pickle.HIGHEST_PROTOCOL)
        near.set_many({key: NOTHING if stored is None else stored}, seconds(clock))
        return made
    if not text:
        return pickle.loads(value)  # noqa: S301 — bytes this site pickled, from its own cache
    return None if isinstance(value, str) and value == NOTHING else value


class NearCache:
    """What this process read from or stored in the shared cache, kept in the process too: for
    values that never change under their key (the key names the generation and minute they
    belong to, or the value names its generation and is checked) and that nobody changes in
    place (strings, bytes, tuples of strings). At most ``max_bytes`` of them: when full, it starts again empty
    (what it held is mostly of past minutes and generations, never asked for again)."""

    def __init__(self, max_bytes):
        self.max_bytes, self.entries, self.size = max_bytes, {}, 0

    def get(self, key):
        return self.entries.get(key)

    def get_many(self, keys):
        """The values of ``keys``: from the process, the rest from the shared cache."""
        found = {key: self.entries[key] for key in keys if key in self.entries}
        if len(found) < len(keys):
            fetched = cache.get_many([key for key in keys if key not in found])
            for key, value in fetched.items():
                self.put(key, value)
            found.update(fetched)
        return found

    def put(self, key, value, size=None):
        if size is None:
            size = sum(map(len, value)) if isinstance(value, tuple) else len(value)
        if self.size + size > self.max_bytes:
            self.entries, self.size = {}, 0
        self.size += size  # a replaced entry still counts: it only makes the copy start again sooner
        self.entries[key] = value

    def set_many(self, values, timeout):
        """Store ``values`` in the shared cache and in the process."""
        cache.set_many(values, timeout)
        for key, value in values.items():
            self.put(key, value)

    def clear(self):
        self.entries, self.size = {}, 0


#: The process's copy of pages, pieces and cards (:class:`NearCache`): 32 MB at most.
near = NearCache(32 * 1024 * 1024)


def bump():
    """Something a public page may show has changed: cached pages are never served again.

    Call it after writes that send no model signal (``QuerySet.update()``, ``bulk_create``).
    The generation goes up at once and again when the transaction commits: a page rendered by
    another request between the two, from the data before the commit, is never served."""
    _incr()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(entry[1] is _incr for entry in connection.run_on_commit):
        transaction.on_commit(_incr, robust=True)


def _incr():
    _request.generation = None  # this request changed something: read the new generation
    try:
        value = cache.incr(GENERATION_KEY)
    except ValueError:
        value = int(time.time() * 1000)
        cache.set(GENERATION_KEY, value, None)
    announce(value)  # to this process at once, to the other processes' listeners


def content_changed(sender, **kwargs):
    """Receiver of every model save and deletion (connected in :mod:`.apps`)."""
    if sender._meta.app_label in CONTENT_APPS:
        bump()


def listing_changed(**kwargs):
    """Receiver of the bulk changes of ``catalog.signals`` (no model signals are sent for them)."""
    bump()


def public_page(view):
    """Mark a view's pages as the same for every anonymous visitor (see the module's text)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        mark(request)
        return view(request, *args, **kwargs)

    return wrapped


def mark(request):
    """Let this request's page be stored (when the visitor is one the cache serves)."""
    if getattr(request, "_page_cache_key", None):
        request._page_cache_store = True


class PublicPageView:
    """For class-based views: :func:`public_page` on ``dispatch``."""

    def dispatch(self, request, *args, **kwargs):
        mark(request)
        return super().dispatch(request, *args, **kwargs)


class PublicPage:
    """For Wagtail pages: :func:`public_page` on ``serve``."""

    def serve(self, request, *args, **kwargs):
        mark(request)
        return super().serve(request, *args, **kwargs)

    def get_view_restrictions(self):
        """Wagtail's query of the restrictions on the page and its ancestors (two queries on
        every page served) — or, while no page of the site has any, none without a query
        (whether any has is kept under the generation, which saving a restriction bumps)."""
        from wagtail.models import PageViewRestriction

        if not kept("any-view-restriction", make=PageViewRestriction.objects.exists, clock=DAY):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def csrf_placeholder(request):
    """Context processor: in a page being stored, forms carry a placeholder for the token."""
    if getattr(request, "_page_cache_store", False):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


def fill_later(request):
    """This request's page holds the CSRF placeholder (a form in a kept piece of it,
    ``{% contentcache %}``): :class:`PageCacheMiddleware` puts the visitor's token in its place."""
    request._page_cache_fill = True


def _cacheable_request(request):
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE:
        return False
    cookies = request.COOKIES
    return MESSAGES_COOKIE not in cookies and not any(getattr(settings, name) in cookies for name in PERSONAL_COOKIES)


def _key(request):
    # The host and scheme too: a page's absolute links (canonical, sharing, QR codes) are made
    # from them. (``get_host()`` refuses a host not in ALLOWED_HOSTS, as CommonMiddleware would.)
    named, minute = window(visitor_language(request), request.scheme, request.get_host(), request.get_full_path())
    return "page:" + hashlib.sha256(f"{named}\n{minute}".encode()).hexdigest()


class PageCacheMiddleware:
    """Serves and stores the pages of :func:`public_page` views.

    It sits right after the security, CSP and static-file middleware and serves a stored page
    before anything else runs — sessions, locale, CSRF, users, baskets: a visitor it serves has
    none of their own, and the page's headers (``Content-Language``, ``Vary`` and the like) are
    stored with it. What the skipped middleware would do for such a visitor it does itself: the
    language from the same cookie (:func:`~marketplace.middleware.visitor_language`), the host
    checked against ``ALLOWED_HOSTS``, and the CSRF token and cookie by Django's own
    ``CsrfViewMiddleware`` methods.
    """

    #: Headers a stored page does not keep: made again for each response. (It keeps every other
    #: header the inner middleware and the view gave the page: ``Content-Language``, ``Vary``,
    #: ``X-Frame-Options``…; cookies are not headers here, and are never stored; the security
    #: and CSP middleware before this one add theirs to every response.)
    UNKEPT_HEADERS = frozenset({"content-length", "x-page-cache"})

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not _cacheable_request(request):
            response = self.get_response(request)
            if getattr(request, "_page_cache_fill", False):  # a kept piece of a page holds a form
                return self.fill(request, response)
            return response
        key = request._page_cache_key = _key(request)
        # A page stored under an older generation is not served (and is replaced by this
        # request's page). A worker that hears the generation (:mod:`.listener`) serves a page
        # of its own copy without asking Redis anything, else it reads the page alone; a process
        # that does not hear it reads the generation with its copy's page, or both in one round
        # trip.
        entry = near.get(key)
        if entry is None or entry[0] != generation():
            if listener.listening:
                entry = cache.get(key)
            else:
                found = cache.get_many([GENERATION_KEY, key])
                if GENERATION_KEY in found:
                    _remember(found[GENERATION_KEY])
                entry = found.get(key)
            if entry is not None and entry[0] == generation():
                near.put(key, entry, len(entry[1]))
        current = generation()
        if entry is not None and entry[0] == current:
            self.csrf.process_request(request)  # the visitor's CSRF secret, from their cookie
            return self.respond(request, *entry[1:])
        response = self.get_response(request)
        if getattr(request, "_page_cache_store", False) and self.storable(request, response):
            self.store(request, response, key, current)
        return self.fill(request, response)

    def storable(self, request, response):
        session = getattr(request, "session", None)
        messages = getattr(request, "_messages", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not set(response.cookies) - {settings.CSRF_COOKIE_NAME}
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and not (session is not None and session.modified)
            and not (messages is not None and getattr(messages, "_queued_messages", None))
        )

    def store(self, request, response, key, generation):
        content = response.content
        nonce = getattr(request, "_csp_nonce", None)
        if isinstance(nonce, str):
            content = content.replace(nonce.encode(), NONCE_PLACEHOLDER.encode())
        headers = tuple((name, value) for name, value in response.items() if name.lower() not in self.UNKEPT_HEADERS)
        entry = (generation, content, headers)
        cache.set(key, entry, 60)
        near.put(key, entry, len(content))

    def respond(self, request, content, headers):
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        response = self.fill(request, response)
        response["Content-Length"] = str(len(response.content))  # as CommonMiddleware would
        return response

    def fill(self, request, response):
        """The visitor's own CSRF token and CSP nonce in place of the placeholders (and the CSRF
        cookie when the visitor gets a new secret)."""
        if response.streaming or not hasattr(response, "content"):
            return response
        content = response.content
        changed = False
        if NONCE_PLACEHOLDER.encode() in content:
            content = content.replace(NONCE_PLACEHOLDER.encode(), request.csp_nonce.encode())
            changed = True
        if CSRF_PLACEHOLDER.encode() in content:
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
            changed = True
        if changed:
            response.content = content
            if "Content-Length" in response:  # set by CommonMiddleware for the placeholders
                response["Content-Length"] = str(len(content))
        return self.csrf.process_response(request, response)
