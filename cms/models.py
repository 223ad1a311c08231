from django.http import Http404
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
