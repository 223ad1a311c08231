from django.db import models
from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from marketplace.pagecache import PublicPage

from .blocks import BODY_BLOCKS, DocumentBlock, QuoteBlock, SafeRichTextBlock, load_block_products
from .fairs.blocks import UpcomingFairsBlock
from .live.blocks import LiveSessionsBlock
from .news.blocks import LatestNewsBlock
from .search import FOLDED, FoldedText
from .stories.blocks import LatestStoriesBlock

#: What editors compose the home page from: the shared blocks, and each content app's own.
HOME_BLOCKS = [
    *BODY_BLOCKS,
    ("latest_news", LatestNewsBlock()),
    ("live_sessions", LiveSessionsBlock()),
    ("fairs", UpcomingFairsBlock()),
    ("stories", LatestStoriesBlock()),
]


class HomePage(PublicPage, Page):
    """The site's front page: editors compose it from blocks, several of which show live
    catalogue data (featured certified products, product groups)."""

    body = StreamField(HOME_BLOCKS, blank=True, verbose_name=_("Body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Loaded only when the page's kept body (home_page.html) is not in the cache.
        context["loaded_products"] = SimpleLazyObject(lambda: load_block_products(self.body))
        return context

    def route(self, request, path_components):
        """The English tree mirrors the Vietnamese one (cms/locales.py); a page not yet there (a
        story a producer has just published) is found in the Vietnamese tree, at the same address."""
        try:
            return super().route(request, path_components)
        except Http404:
            default = self.get_default_locale()
            if self.locale_id == default.pk:
                raise
            source = HomePage.objects.filter(locale=default, translation_key=self.translation_key).first()
            if source is None:
                raise
            return source.route(request, path_components)


class PolicyPage(PublicPage, FoldedText, Page):
    """One of the site's own trust pages — returns and refunds, shipping, payment, privacy,
    complaints, terms of use, about the operator — written and kept up to date by the office.
    Which page is which policy is said in the site's settings (:class:`SiteOperator`), so the
    footer and the checkout link to them."""

    intro = models.TextField(_("summary"), blank=True, help_text=_("Two or three sentences that say the essentials."))
    body = StreamField(
        [("paragraph", SafeRichTextBlock()), ("quote", QuoteBlock()), ("document", DocumentBlock())],
        verbose_name=_("text"),
    )
    reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body"), FieldPanel("reviewed_on")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body"), FOLDED]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "cms/policy_page.html"

    class Meta:
        verbose_name = _("policy or information page")


#: The policies an e-commerce site in Vietnam publishes (Decree 52/2013/NĐ-CP as amended by
#: 85/2021/NĐ-CP, art. 29–30; personal data: Decree 13/2023/NĐ-CP): field -> label.
POLICIES = {
    "terms_page": _("Terms of use"),
    "returns_page": _("Returns and refunds"),
    "shipping_page": _("Shipping and delivery"),
    "payment_page": _("Payment"),
    "privacy_page": _("Privacy"),
    "complaints_page": _("Complaints"),
}


def _policy_field(label):
    return models.ForeignKey(
        "cms.PolicyPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=label
    )


@register_setting(icon="site")
class SiteOperator(BaseSiteSetting):
    """Who runs the site and how to reach them (shown in every page's footer, as Vietnamese law
    asks of an e-commerce site), and the pages of its policies."""

    name = models.CharField(
        _("operator"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Văn phòng Điều phối Chương trình OCOP tỉnh Bắc Giang"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    hotline = models.CharField(_("hotline"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    registration = models.CharField(
        _("registration"),
        max_length=255,
        blank=True,
        help_text=_("The decision or business registration that establishes the operator, with who issued it."),
    )
    hours = models.CharField(_("opening hours"), max_length=120, blank=True, help_text=_("e.g. 7:30–17:00, Mon–Fri"))
    terms_page = _policy_field(POLICIES["terms_page"])
    returns_page = _policy_field(POLICIES["returns_page"])
    shipping_page = _policy_field(POLICIES["shipping_page"])
    payment_page = _policy_field(POLICIES["payment_page"])
    privacy_page = _policy_field(POLICIES["privacy_page"])
    complaints_page = _policy_field(POLICIES["complaints_page"])

    panels = [
        MultiFieldPanel(
            [FieldPanel(f) for f in ("name", "address", "hotline", "email", "registration", "hours")],
            heading=_("Operator"),
        ),
        MultiFieldPanel([PageChooserPanel(f, "cms.PolicyPage") for f in POLICIES], heading=_("Policies")),
    ]

    class Meta:
        verbose_name = _("site operator and policies")
