"""The dossier's stand per melding and the triggers that move it on (meldingen/dossierstand.py),
so a rendered dossier is kept exactly as long as nothing it shows has changed."""

from django.db import migrations, models

from meldingen.dossierstand import (
    BRONNEN,
    DOSSIERTELLER,
    GEDEELDE_TABELLEN,
    PG_FUNCTIE,
    dossierstand_migratie,
)
from veiligthuis.configuratie import teller_migratie
from veiligthuis.migrations._alleen_postgresql import AlleenPostgresql


class Migration(migrations.Migration):
    dependencies = [
        ("meldingen", "0024_triagelijst_teller"),
        ("veiligthuis", "0014_wijzigingsteller"),
    ]

    operations = [
        migrations.CreateModel(
            name="Dossierstand",
            fields=[
                ("melding_id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("stand", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "dossierstand",
                "verbose_name_plural": "dossierstanden",
            },
        ),
        AlleenPostgresql(PG_FUNCTIE, "DROP FUNCTION IF EXISTS meldingen_dossierstand_ophogen();"),
        teller_migratie(DOSSIERTELLER, *GEDEELDE_TABELLEN),
        dossierstand_migratie(*BRONNEN),
    ]
