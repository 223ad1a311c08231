"""RSS 2.0 and Atom feeds of the province's news (/tin-tuc/rss/, /tin-tuc/atom/): the newest live
articles in the visitor's language, every link absolute at the site's public address."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from marketplace.site import absolute_url

from .models import news_feed


def _absolute(url):
    return absolute_url(url) if url.startswith("/") else url


class NewsRssFeed(Feed):
    """Served by ``NewsIndexPage``'s routes; ``index`` is the page the feed belongs to."""

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return self.index

    def title(self, index):
        return f"{index.title} – {settings.OSCAR_SHOP_NAME}"

    def link(self, index):
        return _absolute(index.get_url(self.request))

    def feed_url(self, index):
        return absolute_url(self.request.path)

    def description(self, index):
        return index.intro or _("News of the OCOP programme from the provincial office.")

    def items(self, index):
        return news_feed(index)

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.intro

    def item_link(self, article):
        return _absolute(article.get_url(self.request))

    def item_guid(self, article):
        return self.item_link(article)

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        return article.last_published_at

    def item_author_name(self, article):
        return article.author

    def item_categories(self, article):
        return [str(article.get_category_display()), *(tag.name for tag in article.tags.all())]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
