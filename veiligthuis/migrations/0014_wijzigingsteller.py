"""The trigger function of the change counters (veiligthuis.configuratie.teller)."""

from django.db import migrations

from veiligthuis.configuratie import PG_TELLERFUNCTIE
from veiligthuis.migrations._alleen_postgresql import AlleenPostgresql


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0013_gemeente_team_stempel"),
    ]

    operations = [
        AlleenPostgresql(PG_TELLERFUNCTIE, "DROP FUNCTION IF EXISTS veiligthuis_teller_ophogen();"),
    ]
