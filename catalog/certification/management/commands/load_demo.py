from django.core.management.base import BaseCommand

from catalog.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo shop: administrative units, the bundled registry export (through the registry sync, "
        "recorded as a run triggered by 'demo'), "
        "generated product pictures, prices and stock, the sales points, a few orders in different states, "
        "the home page, a staff user, a customer and a producer login; then print the logins and how to pay "
        "in the demo (Stripe test cards, the demo bank account). Safe to run again."
    )

    def handle(self, *args, verbosity, **options):
        lines = load_demo(verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
