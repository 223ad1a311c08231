"""What the two import commands share: arguments, progress bar, report, exit status."""

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from marketplace.progress import progress_bar

DOCS = "docs/sales-points-formats.md"


class _HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the description's lines (the format's columns) as written."""


class ImportCommand(BaseCommand):
    """Subclasses set ``help``, ``unit`` and ``importer`` (imports.import_points or import_stock)."""

    unit = "row"
    importer = None

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs.setdefault("epilog", f"The formats, their rules and examples of the report: {DOCS}")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .csv (UTF-8, comma or semicolon) or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check the whole file and report, change nothing")

    def handle(self, *args, file, dry_run, verbosity, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        with progress_bar(None, f"Reading {path.name}", verbosity, self.unit) as bar:

            def progress(total=None, advance=0):
                if total is not None:
                    bar.total = total
                    bar.refresh()
                bar.update(advance)

            report = self.importer(path, name=path.name, dry_run=dry_run, progress=progress)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"  ! {warning}"))
        if report.errors:
            problems = "\n".join(f"  - {problem}" for problem in report.errors)
            raise CommandError(f"{report.outcome}\n{problems}")
        self.stdout.write(self.style.SUCCESS(report.outcome))
