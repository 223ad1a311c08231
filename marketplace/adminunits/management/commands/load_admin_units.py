from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.adminunits import loader
from marketplace.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Load Vietnam's administrative units from the vietnamadminunits package: the legacy "
        "structure (63 provinces, districts, wards) and the current one since 2025-07-01 "
        "(34 provinces, communes), with the mapping from each legacy ward to its commune. "
        "Safe to run again: existing units are updated in place."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        n_prov, n_comm, commune_codes, province_codes = loader.load_current()
        with progress_bar(loader.legacy_row_count(), "Legacy units", options["verbosity"], "row") as bar:
            counts = loader.load_legacy(commune_codes, province_codes, progress=bar.update)
        self.stdout.write(
            self.style.SUCCESS(
                f"Current: {n_prov} provinces, {n_comm} communes. "
                f"Legacy: {counts[0]} provinces, {counts[1]} districts, {counts[2]} wards."
            )
        )
