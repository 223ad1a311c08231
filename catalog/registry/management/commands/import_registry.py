from catalog.registry.management.commands import sync_registry


class Command(sync_registry.Command):
    help = (
        "An alias of `sync_registry --file FILE`, kept for scripts that use it: applies a registry JSON export "
        "(or a province's .xlsx/.csv list) whole or not at all, through the sync's delisting guard; the run is "
        "recorded on the dashboard and producers and staff are notified as by the sync."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .json, .xlsx or .csv file to apply")
        parser.add_argument("--dry-run", action="store_true", help="read and check everything, write nothing")
        parser.add_argument("--force", action="store_true", help="apply delistings even above the safety limit")

    def handle(self, *args, file, **options):
        super().handle(*args, file=file, url=None, token=None, full=False, **options)
