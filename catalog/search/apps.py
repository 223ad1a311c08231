from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarConfig


class SearchConfig(OscarConfig):
    """Oscar's search app, forked: one search service (catalog/search/service.py) with a
    database backend and an Elasticsearch backend, instead of django-haystack."""

    label = "search"
    name = "catalog.search"
    verbose_name = _("Search")
    namespace = "search"

    def ready(self):
        from . import index  # noqa: F401  (keeps the search documents up to date)

    def get_urls(self):
        from . import views

        return self.post_process_urls(
            [
                path("", views.SearchView.as_view(), name="search"),
                path("suggest/", views.suggest, name="suggest"),
            ]
        )
