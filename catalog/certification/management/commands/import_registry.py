from django.core.management.base import BaseCommand, CommandError

from catalog.registry.importer import import_items
from catalog.registry.records import RegistryFileError, read_file
from marketplace.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Import a registry export (JSON, as in shared/registry-contract.md: a list of certificates or a "
        "page object with 'results'). Creates or updates producers, products and certificates and records "
        "every change in the certificates' history. The whole file is applied in one transaction: a file "
        "with any bad record writes nothing and every error is listed with its record, field and reason. "
        "Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the JSON file to import")

    def handle(self, *args, file, verbosity, **options):
        try:
            items = read_file(file)
            with progress_bar(len(items), "Importing", verbosity, "certificate") as bar:
                summary = import_items(items, source=f"file:{file}", progress=bar.update)
        except RegistryFileError as e:
            raise CommandError(f"Nothing was imported from {file}:\n" + "\n".join(f"  - {x}" for x in e.errors)) from e
        self.stdout.write(self.style.SUCCESS(f"Imported {len(items)} records from {file}."))
        self.stdout.write(str(summary))
