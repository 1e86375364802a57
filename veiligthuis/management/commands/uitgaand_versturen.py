"""Send the outbox now (what beat does every minute), e.g. right after a broker outage."""

from django.core.management.base import BaseCommand

from veiligthuis.uitgaand import uitgaand_versturen


class Command(BaseCommand):
    help = "Verstuur de uitgaande taken die nog niet bij de broker zijn aangekomen."

    def handle(self, *args, **options):
        uitkomst = uitgaand_versturen()
        self.stdout.write(
            f"{uitkomst['verzonden']} taken verzonden, {uitkomst['mislukt']} nog niet bereikbaar."
        )
