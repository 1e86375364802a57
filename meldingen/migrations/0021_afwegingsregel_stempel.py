"""Every write to the afwegingskader rules renews their stamp (veiligthuis.configuratie)."""

from django.db import migrations

from veiligthuis.configuratie import AFWEGINGSREGELS, triggers_migratie


class Migration(migrations.Migration):
    dependencies = [
        ("meldingen", "0020_beoordeling_a_index"),
        ("veiligthuis", "0012_configuratieversie"),
    ]

    operations = [triggers_migratie(AFWEGINGSREGELS)]
