"""Live-selling sessions: the province's office (or a producer with it) broadcasts on Facebook,
TikTok or YouTube and presents certified products that viewers buy here. Listed at /livestream/
(live now, coming up, then past sessions), shown on the presented products' pages while live or
coming up, and kept after the broadcast with its recording and the products still on sale.

A session links to products, not to copies of them: every card and offer goes through the
listing rule when the page is rendered, so a product that loses its certificate disappears from
the session by itself. The broadcast is a link, never an embedded player: pages load only from
our own server (CSP), and a session page still works when the platform is slow or unreachable."""

from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import renditions
from cms.blocks import ARTICLE_BLOCKS
from cms.choosers import product_chooser_viewset
from cms.jsonld import image_url, jsonld, plain
from cms.locales import localized
from cms.search import FOLDED, FoldedText
from cms.videos import MAX_LENGTH, platform, validate_live_url, validate_video_url
from marketplace.pagecache import PublicPage
from marketplace.producers.strategy import Selector
from marketplace.site import absolute_url

#: The rendition of a session's cover on cards (the index, the home page block).
CARD_RENDITION = renditions.LIVE_CARD
#: Past sessions per page of /livestream/ (live and coming-up ones are all on the first page).
PAST_PER_PAGE = 12
#: Live and coming-up sessions listed on /livestream/ (a bound, not a page: they are few).
MAX_CURRENT = 50
#: Sessions shown on a product's page (live now and the soonest coming up).
PRODUCT_PAGE_SESSIONS = 3

SCHEMA = "https://schema.org/"
#: Sessions are scheduled in Vietnam's time, whatever language or time zone the visitor has.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


class Status(models.TextChoices):
    """Where a session stands, computed from its times (never stored: it changes by itself)."""

    LIVE = "live", _("Live now")
    UPCOMING = "upcoming", _("Coming up")
    ENDED = "ended", _("Ended")


def sessions():
    """Published sessions in the visitor's language, with what a card needs (producer, cover and
    its card rendition) in a constant number of queries."""
    Rendition = get_image_model().get_rendition_model()
    renditions = Rendition.objects.filter(filter_spec=CARD_RENDITION)
    return (
        localized(LiveSessionPage.objects.live())
        .select_related("producer", "cover_image")
        .prefetch_related(Prefetch("cover_image__renditions", queryset=renditions))
    )


def current_sessions(at=None):
    """Sessions live now or coming up at ``at`` (now): the live ones first (they started
    earlier), then the soonest."""
    return sessions().filter(ends_at__gt=at or timezone.now()).order_by("starts_at", "pk")


def past_sessions(at=None):
    """Sessions that have ended at ``at`` (now), newest first."""
    return sessions().filter(ends_at__lte=at or timezone.now()).order_by("-starts_at", "-pk")


def at_time(pages, now):
    """``pages`` as a list, each told the time the list was made: one status for the whole page."""
    pages = list(pages)
    for page in pages:
        page.now = now
    return pages


def current_and_upcoming(count):
    """Up to ``count`` sessions live now or coming up (the home page's block), the live ones first."""
    now = timezone.now()
    return at_time(current_sessions(now)[:count], now)


def sessions_of_product(product, count=PRODUCT_PAGE_SESSIONS):
    """Up to ``count`` sessions live now or coming up that present ``product`` (its page), the
    live ones first; ended sessions are not offered there."""
    now = timezone.now()
    presented = LiveSessionProduct.objects.filter(product=product).values("page_id")
    return at_time(current_sessions(now).filter(pk__in=presented)[:count], now)


class LiveIndexPage(PublicPage, Page):
    """/livestream/: live now first, then coming up (soonest first), then past sessions (newest
    first, page by page)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["live.LiveSessionPage"]
    max_count = 1
    template = "cms/live/index_page.html"

    class Meta:
        verbose_name = _("livestream index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        paginator = Paginator(past_sessions(now), PAST_PER_PAGE)
        past = paginator.get_page(request.GET.get("page"))
        past.object_list = at_time(past.object_list, now)
        current = at_time(current_sessions(now)[:MAX_CURRENT], now) if past.number == 1 else []
        context.update(current=current, past=past, paginator=paginator)
        return context


class LiveSessionPage(PublicPage, FoldedText, Page):
    """One broadcast: when, where (the platform's link), who hosts it, the products presented,
    and after the end, the recording."""

    starts_at = models.DateTimeField(_("starts at"), help_text=_("Date and time in Vietnam (UTC+7)."))
    ends_at = models.DateTimeField(_("ends at"), help_text=_("Date and time in Vietnam (UTC+7)."))
    platform_url = models.URLField(
        _("broadcast link"),
        max_length=MAX_LENGTH,
        validators=[validate_live_url],
        help_text=_(
            "The https:// link of the broadcast (or of the page or channel it airs on) on Facebook, TikTok or YouTube."
        ),
    )
    host_name = models.CharField(
        _("host"), max_length=200, help_text=_("Who presents the session, e.g. the province's OCOP office.")
    )
    producer = models.ForeignKey(
        "partner.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="live_sessions",
        verbose_name=_("producer"),
        help_text=_("The producer whose products are presented, if one is."),
    )
    intro = models.CharField(
        _("introduction"), max_length=300, help_text=_("One or two sentences shown on cards and in search results.")
    )
    body = StreamField(ARTICLE_BLOCKS, blank=True, verbose_name=_("body"))
    replay_url = models.URLField(
        _("recording link"),
        max_length=MAX_LENGTH,
        blank=True,
        validators=[validate_video_url],
        help_text=_("After the broadcast: the https:// link of its recording on YouTube, Facebook, TikTok or Vimeo."),
    )
    cover_image = models.ForeignKey(
        get_image_model_string(),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cover image"),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("Time")),
        FieldPanel("platform_url"),
        MultiFieldPanel([FieldPanel("host_name"), FieldPanel("producer")], heading=_("Host")),
        FieldPanel("intro"),
        FieldPanel("cover_image"),
        InlinePanel("featured_products", label=_("Products presented"), max_num=24),
        FieldPanel("body"),
        FieldPanel("replay_url"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("host_name"),
        index.SearchField("body"),
        FOLDED,
    ]
    parent_page_types = ["live.LiveIndexPage"]
    subpage_types = []
    template = "cms/live/session_page.html"

    class Meta:
        verbose_name = _("live-selling session")
        verbose_name_plural = _("live-selling sessions")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})

    # --- Where it stands ------------------------------------------------------------------------

    def status_at(self, at=None):
        at = at or timezone.now()
        if at < self.starts_at:
            return Status.UPCOMING
        if at < self.ends_at:
            return Status.LIVE
        return Status.ENDED

    @property
    def status(self):
        """At the time the list was made (``now`` set by it), or now."""
        return self.status_at(getattr(self, "now", None))

    @property
    def status_label(self):
        return Status(self.status).label

    @property
    def platform_name(self):
        return platform(self.platform_url)

    @property
    def recording_url(self):
        """What to watch once the broadcast is over: the recording, or else the broadcast's link
        (platforms keep a live video on the page it aired on)."""
        return self.replay_url or self.platform_url

    @property
    def recording_platform(self):
        return platform(self.recording_url)

    # --- The page ---------------------------------------------------------------------------------

    def listable_products(self):
        """The featured products that are listable now, in the editor's order, for cards."""
        from catalog.search import service  # catalogue models: not importable while models load

        return service.load([row.product_id for row in self.featured_products.all()])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        self.now = timezone.now()
        products = self.listable_products()
        prefetch_related_objects(products, "stockrecords")  # their offers, and their cards' prices
        context["products"] = products
        if not getattr(request, "is_preview", False):
            context["jsonld"] = self.jsonld(request, absolute_url(request.path), products)
        return context

    def jsonld(self, request, url, products):
        """schema.org Event data: an online event at the platform's address, with an offer for each
        featured product that can be bought (``<`` ``>`` ``&`` escaped for a script element)."""
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": plain(self.intro),
            "url": url,
            "startDate": timezone.localtime(self.starts_at, VIETNAM).isoformat(),
            "endDate": timezone.localtime(self.ends_at, VIETNAM).isoformat(),
            "eventAttendanceMode": SCHEMA + "OnlineEventAttendanceMode",
            "eventStatus": SCHEMA + "EventScheduled",
            "location": {"@type": "VirtualLocation", "url": self.platform_url},
            "organizer": self.organizers(),
        }
        image = image_url(self.cover_image)
        if image:
            data["image"] = [image]
        offers = self.offers(request, products)
        if offers:
            data["offers"] = offers
        return jsonld(data)

    def organizers(self):
        organizers = [{"@type": "Organization", "name": self.host_name}]
        if self.producer_id and self.producer.name != self.host_name:
            organizers.append(
                {
                    "@type": "Organization",
                    "name": self.producer.name,
                    "url": absolute_url(self.producer.get_absolute_url()),
                }
            )
        return organizers

    @staticmethod
    def offers(request, products):
        """An Offer for each product with a price (a showcase-only product has none)."""
        strategy = getattr(request, "strategy", None) or Selector().strategy(request)
        offers = []
        for product in products:
            info = strategy.fetch_for_product(product)
            if not info.price.exists:
                continue
            offers.append(
                {
                    "@type": "Offer",
                    "name": product.get_title(),
                    "price": f"{info.price.incl_tax:.0f}",
                    "priceCurrency": "VND",
                    "url": absolute_url(product.get_absolute_url()),
                    "availability": SCHEMA + ("InStock" if info.availability.is_available_to_buy else "OutOfStock"),
                }
            )
        return offers


class LiveSessionProduct(Orderable):
    """A product presented in a session, chosen by the editor (only listable products can be
    chosen; one that loses its certificate later is simply not shown)."""

    page = ParentalKey(LiveSessionPage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="live_sessions", verbose_name=_("product")
    )

    panels = [FieldPanel("product", widget=product_chooser_viewset.widget_class)]

    class Meta(Orderable.Meta):
        verbose_name = _("featured product")
        verbose_name_plural = _("featured products")
