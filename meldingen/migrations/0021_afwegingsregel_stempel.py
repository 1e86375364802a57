"""Every write to the afwegingskader rules renews their stamp (veiligthuis.configuratie)."""

from django.db import migrations

from veiligthuis.configuratie import AFWEGINGSREGELS, triggers_aanmaken, triggers_verwijderen


def aanmaken(apps, schema_editor):
    triggers_aanmaken(schema_editor, AFWEGINGSREGELS)


def verwijderen(apps, schema_editor):
    triggers_verwijderen(schema_editor, AFWEGINGSREGELS)


class Migration(migrations.Migration):
    dependencies = [
        ("meldingen", "0020_beoordeling_a_index"),
        ("veiligthuis", "0012_configuratieversie"),
    ]

    operations = [migrations.RunPython(aanmaken, verwijderen)]
