from django.core.management.base import BaseCommand

from catalog.certification.tasks import daily_certificate_task


class Command(BaseCommand):
    help = (
        "The daily certificate check: record expiries in the certificates' history, tell producers whose "
        "products were delisted, and send the 90- and 30-day expiry notices (each notice once). "
        "Celery beat runs it every morning; run it from cron when there is no broker."
    )

    def handle(self, *args, **options):
        result = daily_certificate_task()
        self.stdout.write(
            self.style.SUCCESS(
                f"{result['expired']} certificates expired; {result['expiry_notices']} expiry notices sent."
            )
        )
