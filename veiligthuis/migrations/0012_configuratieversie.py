"""A stamp per cached configuration table, renewed by a trigger on every write (veiligthuis.configuratie).

This migration creates the stamp table, the PostgreSQL trigger function, and the triggers on the
closure days; meldingen 0021 adds those on the afwegingskader rules.
"""

from django.db import migrations, models

from veiligthuis.configuratie import PG_FUNCTIE, SLUITINGSDAGEN, triggers_migratie
from veiligthuis.migrations._alleen_postgresql import AlleenPostgresql


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0011_auditlog_nummers_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="Configuratieversie",
            fields=[
                (
                    "sleutel",
                    models.CharField(
                        max_length=40, primary_key=True, serialize=False, verbose_name="tabel"
                    ),
                ),
                ("stempel", models.BigIntegerField(verbose_name="stempel")),
            ],
            options={
                "verbose_name": "configuratieversie",
                "verbose_name_plural": "configuratieversies",
            },
        ),
        AlleenPostgresql(
            PG_FUNCTIE, "DROP FUNCTION IF EXISTS veiligthuis_configuratie_gewijzigd();"
        ),
        triggers_migratie(SLUITINGSDAGEN),
    ]
