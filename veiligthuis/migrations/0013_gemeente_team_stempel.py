"""Every write to the gemeenten and the teams renews their stamp (veiligthuis.configuratie)."""

from django.db import migrations

from veiligthuis.configuratie import GEMEENTEN, TEAMS, triggers_migratie


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0012_configuratieversie"),
    ]

    operations = [triggers_migratie(GEMEENTEN, TEAMS)]
