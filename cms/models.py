from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BODY_BLOCKS


class HomePage(Page):
    """The site's front page: editors compose it from blocks, several of which show live
    catalogue data (featured certified products, product groups)."""

    body = StreamField(BODY_BLOCKS, blank=True, verbose_name=_("Body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
