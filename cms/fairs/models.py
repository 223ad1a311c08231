"""Trade fairs (hội chợ OCOP): the provincial OCOP office announces each fair it organises —
dates and daily opening hours, venue with its units and a map, programme, photos, how producers
register — and the producers exhibiting there, at which booth, with which products.

A fair's times are local (Asia/Ho_Chi_Minh): it is *on* from its first day's opening to its last
day's closing, *past* after that. Exhibitors' products are shown through the listing rule at every
rendering: a product that loses its certificate leaves the fair's page (and "see it at the fair" on
its own page) by itself, while its producer's booth stays listed.

Addresses: /hoi-cho/ (the list), /hoi-cho/lich.ics (a calendar of the fairs), a fair's page and its
``lich.ics`` (one event)."""

import datetime
import functools
import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms import renditions
from cms.blocks import ARTICLE_BLOCKS, PhotoBlock
from cms.locales import localized
from cms.search import FOLDED, FoldedText
from marketplace.adminunits.models import LocatedAddress
from marketplace.pagecache import PublicPage, kept
from marketplace.site import absolute_url

from .blocks import PROGRAMME_BLOCKS
from .forms import ExhibitorsPanel, FairPageForm
from .seo import event_jsonld

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
PAST_PER_PAGE = 12
#: How far back the calendar of all fairs reaches.
CALENDAR_PAST_DAYS = 365
#: The rendition of a fair's photo on its page's gallery.
PHOTO_RENDITION = renditions.STORY_CARD


class Status(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    ON = "on", _("On now")
    PAST = "past", _("Past")


def local_now(at=None):
    return timezone.localtime(at or timezone.now(), LOCAL)


def ended_q(at=None):
    """Fairs that have ended at ``at`` (default: now): their last day's closing time has passed."""
    now = local_now(at)
    return Q(ends_on__lt=now.date()) | Q(ends_on=now.date(), closes_at__lte=now.time())


def live_fairs():
    """Published fairs in the visitor's language, with what a card shows."""
    return localized(FairPage.objects.live()).select_related("legacy_province", "legacy_district")


def current_fairs(at=None):
    """Fairs on now or upcoming at ``at``, soonest first."""
    return live_fairs().exclude(ended_q(at)).order_by("starts_on", "opens_at", "pk")


def past_fairs(at=None):
    """Fairs that have ended, the most recent first."""
    return live_fairs().filter(ended_q(at)).order_by("-ends_on", "-closes_at", "-pk")


def upcoming_fairs(count=3, at=None):
    """The ``count`` next fairs, those on now first (the home page's block): one query."""
    return list(current_fairs(at)[:count])


def fair_index():
    """The fairs' index in the visitor's language (``None`` before one is made)."""
    return localized(FairIndexPage.objects.live()).first()


def booth_key(booth):
    """Booths in the order a visitor walks them: "A-2" before "A-10", "9" before "12"."""
    parts = (part for part in re.split(r"(\d+)", booth) if part)
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.lower()) for part in parts]


class FairIndexPage(PublicPage, RoutablePageMixin, Page):
    """The list of fairs (/hoi-cho/): on now and upcoming first, soonest first, then past ones,
    newest first, page by page; and the calendar of them all (/hoi-cho/lich.ics)."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["fairs.FairPage"]
    max_count = 1
    template = "cms/fairs/index_page.html"

    class Meta:
        verbose_name = _("trade fairs index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        # The past fairs' ids are kept (under the listing generation, for a minute); the fairs
        # themselves are loaded only when the page's kept list (index_page.html) is not cached.
        past_ids = kept(
            "past-fairs", self.pk, make=lambda: list(past_fairs(now).child_of(self).values_list("pk", flat=True))
        )
        paginator = Paginator(past_ids, PAST_PER_PAGE)
        past = paginator.get_page(request.GET.get("page"))
        context.update(past=past, paginator=paginator, now=now, fairs=SimpleLazyObject(lambda: self.fairs(past, now)))
        return context

    def fairs(self, past, now):
        """The fairs a page of the index shows: on now and upcoming (on its first page), past."""
        shown = {fair.pk: fair for fair in past_fairs(now).filter(pk__in=past.object_list)}
        return {
            "current": list(current_fairs(now).child_of(self)) if past.number == 1 else [],
            "past": [shown[pk] for pk in past.object_list if pk in shown],
        }

    @property
    def calendar_url(self):
        """``lich.ics`` under the page's address (cms/fairs/urls.py)."""
        return f"{self.url}lich.ics"

    @path("")
    def index(self, request):
        return self.render(request)

    @path("lich.ics/", name="calendar")
    def calendar(self, request):
        from .ics import calendar_response

        since = local_now().date() - datetime.timedelta(days=CALENDAR_PAST_DAYS)
        fairs = live_fairs().child_of(self).filter(ends_on__gte=since).order_by("starts_on", "pk")
        return calendar_response(fairs, self.title, "hoi-cho.ics")


class FairPage(PublicPage, FoldedText, RoutablePageMixin, LocatedAddress, Page):
    """One trade fair; ``lich.ics`` under its address is its calendar event."""

    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    opens_at = models.TimeField(_("opens at"), default=datetime.time(8, 0), help_text=_("Every day of the fair."))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(21, 0), help_text=_("Every day of the fair."))
    venue_name = models.CharField(_("venue"), max_length=200, help_text=_("e.g. Nhà thi đấu huyện Lục Nam"))
    organiser = models.CharField(
        _("organiser"), max_length=200, help_text=_("e.g. Sở Công Thương tỉnh Bắc Giang, the OCOP coordination office")
    )
    intro = models.TextField(_("introduction"), help_text=_("What the fair is, in two or three sentences."))
    registration_deadline = models.DateField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("The last day producers may register for a booth; empty: until the fair starts."),
    )
    registration_url = models.URLField(_("registration link"), max_length=500, blank=True)
    registration_contact = models.CharField(
        _("registration contact"),
        max_length=250,
        blank=True,
        help_text=_("Whom producers call or write to for a booth: name, phone, e-mail."),
    )
    entry_fee = models.PositiveIntegerField(
        _("entry fee (VND)"), null=True, blank=True, help_text=_("Empty or 0: free entry.")
    )
    programme = StreamField(PROGRAMME_BLOCKS, blank=True, verbose_name=_("programme"))
    photos = StreamField([("photo", PhotoBlock())], blank=True, verbose_name=_("photos"))
    body = StreamField(ARTICLE_BLOCKS, blank=True, verbose_name=_("more about the fair"))

    base_form_class = FairPageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("address"),
                FieldRowPanel([FieldPanel("province_code"), FieldPanel("district_code"), FieldPanel("ward_code")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Venue"),
        ),
        FieldPanel("organiser"),
        FieldPanel("entry_fee"),
        MultiFieldPanel(
            [FieldPanel("registration_deadline"), FieldPanel("registration_url"), FieldPanel("registration_contact")],
            heading=_("Registration of producers"),
        ),
        FieldPanel("programme"),
        ExhibitorsPanel("exhibitors", label=_("Exhibitor"), heading=_("Exhibitors")),
        FieldPanel("photos"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("venue_name"),
        index.SearchField("body"),
        FOLDED,
    ]
    parent_page_types = ["fairs.FairIndexPage"]
    subpage_types = []
    template = "cms/fairs/fair_page.html"

    class Meta:
        verbose_name = _("trade fair")
        verbose_name_plural = _("trade fairs")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day cannot come before the first day.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("The fair must close after it opens.")
        if errors:
            raise ValidationError(errors)
        self.locate()  # the coordinates typed, or the ward's (district's) centre

    # --- When -----------------------------------------------------------------------------------

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.starts_on, self.opens_at, tzinfo=LOCAL)

    @property
    def ends_at(self):
        return datetime.datetime.combine(self.ends_on, self.closes_at, tzinfo=LOCAL)

    def status(self, at=None):
        now = at or timezone.now()
        if now < self.starts_at:
            return Status.UPCOMING
        return Status.ON if now < self.ends_at else Status.PAST

    @property
    def current_status(self):
        return self.status()

    @property
    def status_label(self):
        return Status(self.current_status).label

    def registration_open(self, at=None):
        """Producers may still register: until the deadline's last day, or until the fair starts."""
        now = local_now(at)
        if self.registration_deadline is not None:
            return now.date() <= self.registration_deadline and now < self.ends_at
        return now < self.starts_at

    @property
    def registration_is_open(self):
        return self.registration_open()

    @property
    def is_free(self):
        return not self.entry_fee

    # --- Where ----------------------------------------------------------------------------------

    @property
    def place_line(self):
        """ "Huyện Lục Nam, Tỉnh Bắc Giang": the district and province (legacy units, as people say them)."""
        return ", ".join(unit.name for unit in (self.legacy_district, self.legacy_province) if unit is not None)

    @property
    def full_address(self):
        parts = [self.venue_name, self.address]
        if self.legacy_ward is not None and self.legacy_ward.name not in self.address:
            parts.append(self.legacy_ward.name)
        parts += [u.name for u in (self.legacy_district, self.legacy_province) if u and u.name not in self.address]
        return ", ".join(part for part in parts if part)

    # --- What -----------------------------------------------------------------------------------

    @cached_property
    def photo_list(self):
        """The photos (image, caption) in two queries whatever their number (images, renditions)."""
        wanted = []
        for block in self.photos.raw_data:
            value = block.get("value") or {}
            if isinstance(value, dict) and isinstance(value.get("image"), int):
                wanted.append((value["image"], value.get("caption") or ""))
        if not wanted:
            return []
        images = (
            get_image_model()
            .objects.filter(pk__in=[pk for pk, _caption in wanted])
            .prefetch_renditions(PHOTO_RENDITION, renditions.SHARE)
            .in_bulk()
        )
        return [(images[pk], caption) for pk, caption in wanted if pk in images]

    @property
    def first_photo(self):
        return self.photo_list[0][0] if self.photo_list else None

    def booths(self):
        """The exhibitors by booth, each with ``shown`` (its products listable now, as cards):
        a constant number of queries whatever the number of exhibitors and products."""
        from catalog.search import service  # catalogue models: not importable while models load

        exhibitors = list(
            self.exhibitors.select_related("producer__legacy_district", "producer__legacy_province").prefetch_related(
                Prefetch("products", queryset=self._product_ids())
            )
        )
        ids = {exhibitor.pk or id(exhibitor): [p.pk for p in exhibitor.products.all()] for exhibitor in exhibitors}
        loaded = service.load_many(ids.values())
        for exhibitor in exhibitors:
            exhibitor.shown = loaded.cards(ids[exhibitor.pk or id(exhibitor)])
        return sorted(exhibitors, key=lambda e: (booth_key(e.booth), e.producer.name if e.producer_id else ""))

    @staticmethod
    def _product_ids():
        from oscar.core.loading import get_model

        return get_model("catalogue", "Product").objects.only("id")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Worked out only when rendered: the page's body and head are kept a minute
        # ({% contentcache %} in fair_page.html), and then neither is asked for.
        context.update(
            booths=functools.cache(self.booths),
            status=self.current_status,
            tiles=settings.MAP_TILES,
        )
        if not getattr(request, "is_preview", False):
            context["jsonld"] = functools.cache(lambda: event_jsonld(self, absolute_url(self.url or request.path)))
        return context

    calendar_url = FairIndexPage.calendar_url

    @path("")
    def fair(self, request):
        return self.render(request)

    @path("lich.ics/", name="calendar")
    def calendar(self, request):
        from .ics import calendar_response

        return calendar_response([self], self.title, f"{self.slug}.ics")


class FairExhibitor(ClusterableModel, Orderable):
    """A producer at a fair: its booth and the products it shows there (its own products only)."""

    page = ParentalKey(FairPage, on_delete=models.CASCADE, related_name="exhibitors")
    producer = models.ForeignKey(
        "partner.Partner", on_delete=models.CASCADE, related_name="fair_booths", verbose_name=_("producer")
    )
    booth = models.CharField(_("booth"), max_length=20, help_text=_("e.g. 12 or A-03"))
    products = ParentalManyToManyField(
        "catalogue.Product",
        blank=True,
        related_name="fair_booths",
        verbose_name=_("products shown"),
        help_text=_(
            "The producer's products shown at the booth. Choose the producer and save a draft: its "
            "products then appear here. Products that lose their certificate are not shown."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("producer"), FieldPanel("booth")]),
        FieldPanel("products", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")

    def __str__(self):
        return f"{self.booth} · {self.producer}"
