from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from catalog.registry.client import RegistryClient
from catalog.registry.models import SyncRun
from catalog.registry.records import RegistryFileError
from catalog.registry.sync import FileSource, HttpSource, run_sync
from marketplace.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Sync certificates from the national OCOP registry (its JSON API, from where the last sync stopped) "
        "or from a file (registry JSON export, or a province's .xlsx/.csv list, applied whole or not at all). "
        "Records that would delist more than REGISTRY_MAX_DELIST_SHARE of the listed products are held back "
        "and reported; --force applies them after review. An answer that breaks off, or holds fewer or more "
        "records than it announced, delists nothing. Every run is recorded and shown on the dashboard "
        "(OCOP registry > Sync runs); a run that fails or is held exits with an error saying why."
    )
    # Recorded on the run as who started it ("command" unless the caller says, e.g. the demo loader).
    stealth_options = ("triggered_by",)

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--url", help="the registry API's base URL (default: REGISTRY_URL)")
        source.add_argument("--file", help="a .json, .xlsx or .csv file to sync from instead of the API")
        parser.add_argument("--token", help="the API's bearer token (default: REGISTRY_TOKEN)")
        parser.add_argument("--full", action="store_true", help="ask for every certificate, not only changes")
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, write nothing")
        parser.add_argument("--force", action="store_true", help="apply delistings even above the safety limit")

    def handle(self, *args, url, file, token, full, dry_run, force, verbosity, **options):
        recorded = {"dry_run": dry_run, "force": force, "triggered_by": options.get("triggered_by", "command")}
        if file:
            run = self.sync(self.file_source(file), verbosity, **recorded)
        else:
            url = url or settings.REGISTRY_URL
            if not url:
                raise CommandError("No registry URL: pass --url or set REGISTRY_URL (or use --file).")
            with RegistryClient(url, token if token is not None else settings.REGISTRY_TOKEN) as client:
                run = self.sync(HttpSource(client), verbosity, full=full, **recorded)
        self.report(run)

    def file_source(self, path):
        try:
            return FileSource.read(path)
        except RegistryFileError as e:
            raise CommandError(f"Nothing was imported from {path}:\n" + "\n".join(f"  - {x}" for x in e.errors)) from e

    def sync(self, source, verbosity, **options):
        with progress_bar(None, "Syncing", verbosity, "certificate") as bar:

            def progress(total=None, advance=0):
                if total and bar.total != total:
                    bar.total = total
                    bar.refresh()
                bar.update(advance)

            return run_sync(source, progress=progress, **options)

    def report(self, run):
        counts = run.counts
        self.stdout.write(
            f"Sync run {run.pk} ({run.get_outcome_display()}): {counts.get('records', 0)} records; "
            f"{counts.get('created', 0)} created, {counts.get('updated', 0)} updated, "
            f"{counts.get('unchanged', 0)} unchanged; {counts.get('products_created', 0)} new products, "
            f"{counts.get('newly_listed', 0)} of them listed; {counts.get('delisted', 0)} delisted, "
            f"{counts.get('relisted', 0)} relisted, {counts.get('held', 0)} held back."
        )
        if run.outcome in (SyncRun.Outcome.FAILED, SyncRun.Outcome.HELD):
            raise CommandError(run.anomaly)
        self.stdout.write(self.style.SUCCESS("Done."))
