"""Every write to the gemeenten and the teams renews their stamp (veiligthuis.configuratie)."""

from django.db import migrations

from veiligthuis.configuratie import GEMEENTEN, TEAMS, triggers_aanmaken, triggers_verwijderen


def aanmaken(apps, schema_editor):
    for sleutel in (GEMEENTEN, TEAMS):
        triggers_aanmaken(schema_editor, sleutel)


def verwijderen(apps, schema_editor):
    for sleutel in (GEMEENTEN, TEAMS):
        triggers_verwijderen(schema_editor, sleutel)


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0012_configuratieversie"),
    ]

    operations = [migrations.RunPython(aanmaken, verwijderen)]
