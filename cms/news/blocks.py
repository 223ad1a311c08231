"""The home page's "latest news" block (the lead puts it in cms.HomePage's StreamField): the
newest live articles in the visitor's language as cards, with a link to the whole list."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.blockcache import CachedRenderMixin
from marketplace import pagecache

from .models import Category


class LatestNewsBlock(CachedRenderMixin, blocks.StructBlock):
    clock = pagecache.DAY  # shows nothing of the clock

    title = blocks.CharBlock(default=_("News"), label=_("Title"))
    count = blocks.IntegerBlock(default=4, min_value=1, max_value=12, label=_("How many"))
    category = blocks.ChoiceBlock(
        choices=Category.choices, required=False, label=_("Category"), help_text=_("Every category if empty.")
    )

    class Meta:
        icon = "doc-full-inverse"
        label = _("Latest news")
        template = "cms/news/blocks/latest_news.html"

    def get_context(self, value, parent_context=None):
        from .models import latest_news, news_index

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        category = value.get("category") or None
        index = news_index()
        context["articles"] = latest_news(value["count"], category)
        all_url = index.get_url(request) if index else None
        if all_url and category:
            all_url = f"{all_url}?category={category}"
        context["all_url"] = all_url
        return context
