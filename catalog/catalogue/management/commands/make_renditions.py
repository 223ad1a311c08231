from django.core.management.base import BaseCommand
from oscar.core.loading import get_model

from catalog.catalogue.renditions import make_renditions
from marketplace.progress import progress_bar

ProductImage = get_model("catalogue", "ProductImage")


class Command(BaseCommand):
    help = "Make the responsive renditions (JPEG and WebP at each width) of every product image again."

    def handle(self, *args, verbosity, **options):
        names = list(ProductImage.objects.values_list("original", flat=True))
        with progress_bar(len(names), "Renditions", verbosity, "image") as bar:
            for name in names:
                make_renditions(name)
                bar.update(1)
        self.stdout.write(self.style.SUCCESS(f"Made renditions of {len(names)} images."))
