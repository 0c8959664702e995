from django.core.management.base import BaseCommand

from eqiao.core.i18n import compile_catalogues


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po → .mo) without system gettext."

    def handle(self, *args, **options):
        self.stdout.write(f"compiled {compile_catalogues()} catalogue(s)")
