"""Product cards, rendered once and reused by every page that lists the product.

A card (``oscar/catalogue/partials/product.html``) is the same for every visitor: it holds no
form and no CSRF token, nothing of the visitor's. :func:`render_cards` takes the cards of a
page's products from the cache in one ``get_many`` and renders (and stores, in one
``set_many``) only the missing ones; the process keeps a copy of what it read or stored
(:data:`marketplace.pagecache.near`: a card never changes under its key). A card's key holds:

* **the listing generation** (:func:`marketplace.pagecache.generation`): it goes up on every
  save or deletion of the models a card shows — the product and its images (catalogue), its
  price and stock records and its producer (partner), its certificate and stars
  (certification), the producer's place (adminunits) — and on the bulk changes that send no
  model signal (``catalog.signals``). A card is therefore never read again after anything on
  it has changed; the old entries simply expire.
* **the day** in Vietnam: a card says whether the product can be bought, which the listing rule
  decides per calendar day (a certificate expires at midnight without any write);
* **the language**, the product and whether its picture loads at once (``eager``);
* **when the code was loaded** (:data:`STARTED`, in gunicorn's master before the workers are
  forked): a deploy that changes the card's template or tags never serves the old cards. With
  ``DEBUG`` (development, where templates are edited under a running server) nothing is cached.
"""

import time
from collections.abc import Sequence

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.template.loader import get_template
from django.utils.html import format_html_join
from django.utils.translation import get_language

from catalog.certification.constants import local_today
from marketplace.pagecache import generation, near

TEMPLATE = "oscar/catalogue/partials/product.html"
#: What a card shows beyond ``Product.objects.for_cards()``: its first picture, its price.
CARD_PREFETCH = ("images", "stockrecords")
CARD_SECONDS = 24 * 3600
STARTED = time.time_ns()


def card_version():
    return f"{get_language()}:{local_today()}:{generation()}:{STARTED}"


def card_key(pk, eager, version):
    return f"card:{version}:{pk}:{int(bool(eager))}"


class CardSource:
    """The listed products of a page's card lists, by id (:func:`catalog.search.service.load_many`
    asks which are listed, in one light query of ids). Their instances are loaded only when some
    code needs them — a card not in the cache, or code iterating the products — and then once,
    with what cards show, for all the page's lists."""

    def __init__(self, ids, listed):
        self.ids = list(ids)
        self.listed = frozenset(listed)
        self._asked = frozenset(self.ids)
        self._products = None

    def knows(self, ids):
        return all(i in self._asked for i in ids)

    def cards(self, ids):
        """The listed ones of ``ids``, in that order, as a :class:`Cards` list."""
        return Cards([i for i in ids if i in self.listed], self)

    def products(self, ids):
        if self._products is None:
            from oscar.core.loading import get_model

            listed = [i for i in self.ids if i in self.listed]
            self._products = get_model("catalogue", "Product").objects.for_cards().in_bulk(listed)
            # What the cards show, for all the lists at once (a card is missing, so likely more).
            prefetch_for_cards(list(self._products.values()))
        return [self._products[i] for i in ids if i in self._products]


class Cards(Sequence):
    """Listed products for cards, in order, known by id: ``{% product_cards %}`` takes the cards
    from the cache by id and loads only the products whose card is missing; iterating the list
    gives the products themselves."""

    def __init__(self, ids, source):
        self.ids = ids
        self.source = source

    def __len__(self):
        return len(self.ids)

    def __getitem__(self, index):
        return self.source.products(self.ids)[index]

    def __iter__(self):
        return iter(self.source.products(self.ids))

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, (list, tuple, Cards)) else NotImplemented

    def __repr__(self):
        return f"<Cards {self.ids}>"


def prefetch_for_cards(products):
    """What cards show (pictures, stock records), for all ``products`` at once; and for the gift
    combos among them, their parts (their availability is their parts'): no query without combos."""
    prefetch_related_objects(products, *CARD_PREFETCH)
    combos = [product for product in products if product.is_combo]
    if combos:
        from catalog.combos.parts import parts_prefetch

        prefetch_related_objects(combos, parts_prefetch())


def render_cards(products, context, eager_first=False):
    """The cards of ``products`` (a :class:`Cards` list, or product instances) as ``<li>`` items of
    a product grid, rendered in ``context`` (a template's context: its request and language); the
    first picture loads at once when ``eager_first`` (the page's first picture)."""
    if isinstance(products, Cards):
        ids, load = products.ids, products.source.products
    else:
        by_id = {product.pk: product for product in products}
        ids, load = list(by_id), lambda wanted: [by_id[i] for i in wanted]
    version = card_version()
    keys = [card_key(pk, eager_first and i == 0, version) for i, pk in enumerate(ids)]
    cards = cached(keys)
    to_render = [i for i, key in enumerate(keys) if key not in cards]
    if to_render:
        loaded = {product.pk: product for product in load([ids[i] for i in to_render])}
        prefetch_for_cards(list(loaded.values()))
        missing = {}
        for i in to_render:
            if ids[i] in loaded:
                missing[keys[i]] = cards[keys[i]] = render_card(loaded[ids[i]], context, eager_first and i == 0)
        if missing and not settings.DEBUG:
            near.set_many(missing, CARD_SECONDS)
    return format_html_join("", "<li>{}</li>", ((cards[key],) for key in keys if key in cards))


def cached(keys):
    """The cards of ``keys`` already made: from this process's copy, the rest from Redis."""
    return {} if settings.DEBUG else near.get_many(keys)


def render_card(product, context, eager=False):
    values = {"product": product, "eager": eager, "request": context.get("request")}
    with context.push(values):
        return get_template(TEMPLATE).template.render(context)
