from django.core.management.base import BaseCommand

from catalog.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo shop: administrative units, the bundled registry export (through the registry sync, "
        "recorded as a run triggered by 'demo'), "
        "generated product pictures, prices and stock, the home page, and a staff user whose e-mail and "
        "password are printed. Safe to run again."
    )

    def handle(self, *args, verbosity, **options):
        email, password = load_demo(verbosity=verbosity)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(f"Staff login (shop dashboard /dashboard/ and CMS /cms-admin/): {email} / {password}")
