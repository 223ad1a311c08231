"""manage.py import_bank_statement FILE [--apply]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from marketplace.payment import statements
from marketplace.progress import progress_bar
from marketplace.spreadsheets import SpreadsheetRefused


class Command(BaseCommand):
    help = """Match a bank statement (.csv or .xlsx exported from the shop's bank account) against the
orders paid by bank transfer (VietQR), and list the matches and the mismatches with their
reasons. Nothing is recorded unless --apply is given, and then only the matches: a credit whose
description names exactly one order paid by transfer, not cancelled and not yet paid, for
exactly its total. Each is recorded with the bank's transaction reference, so importing the
same statement again records nothing twice. Settle the mismatches by hand in the dashboard
(Payments → Bank transfers). Exits with an error when the file is refused."""

    def add_arguments(self, parser):
        parser.add_argument("file", help="the statement, .csv (UTF-8) or .xlsx")
        parser.add_argument(
            "--apply", action="store_true", dest="record", help="record the matches (never the mismatches)"
        )

    def handle(self, *args, file, record, verbosity, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        with progress_bar(None, f"Reading {path.name}", verbosity, "row") as bar:
            try:
                statement = statements.read_statement(path, name=path.name, progress=_advance(bar))
            except SpreadsheetRefused as refused:
                raise CommandError("\n".join(m.translated() for m in refused.messages)) from refused
        self.stdout.write(statement.summary)
        for verdict in statement.matches:
            line = _("row %(row)s: order %(number)s, %(amount)s, reference %(reference)s") % {
                "row": verdict.row.number,
                "number": verdict.order.number,
                "amount": statements.dong(verdict.row.amount),
                "reference": verdict.row.reference,
            }
            self.stdout.write(self.style.SUCCESS(f"  + {line}"))
        for verdict in statement.mismatches:
            line = _("row %(row)s: %(reason)s") % {"row": verdict.row.number, "reason": verdict.reason}
            self.stdout.write(self.style.WARNING(f"  ? {line}"))
        if not record:
            if statement.matches:
                self.stdout.write(_("Nothing was recorded: run again with --apply to record the matches."))
            return
        transfers = [(v.order.number, v.row.amount, v.row.reference) for v in statement.matches]
        with progress_bar(len(transfers), "Recording", verbosity, "payment") as bar:
            applied = statements.apply(transfers, progress=_advance(bar))
        for number, reason in applied.refused:
            self.stdout.write(
                self.style.WARNING("  ! " + _("order %(number)s: %(reason)s") % {"number": number, "reason": reason})
            )
        count = len(applied.recorded)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("%(count)d payment recorded.", "%(count)d payments recorded.", count) % {"count": count}
            )
        )


def _advance(bar):
    return lambda total=None, advance=0: bar.update(advance)
