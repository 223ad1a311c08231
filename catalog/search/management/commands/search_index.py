from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from oscar.core.loading import get_model

from catalog.search.backends import es
from catalog.search.index import rebuild_database_index
from marketplace.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the listable products: the database search documents, and the "
        "Elasticsearch index when ELASTICSEARCH_URL is set (bulk-indexed into a new index, then the alias "
        "is switched, so searches never see a half-built index)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="rebuild everything (required)")

    def handle(self, *args, rebuild, verbosity, **options):
        if not rebuild:
            raise CommandError("Nothing to do: pass --rebuild.")
        total = get_model("catalogue", "Product").objects.listable().count()
        with progress_bar(total, "Database index", verbosity, "product") as bar:
            count = rebuild_database_index(progress=bar.update)
        self.stdout.write(self.style.SUCCESS(f"Database search: {count} listable products indexed."))
        if settings.ELASTICSEARCH_URL:
            with progress_bar(total, "Elasticsearch", verbosity, "product") as bar:
                name = es.rebuild(progress=bar.update)
            self.stdout.write(self.style.SUCCESS(f"Elasticsearch: index {name} now serves alias {es.alias()}."))
