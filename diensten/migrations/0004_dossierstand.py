"""The dossier shows its melding's vervolgdienst: a change to it moves the dossier's stand on
(meldingen/dossierstand.py)."""

from django.db import migrations

from meldingen.dossierstand import Bron, dossierstand_migratie


class Migration(migrations.Migration):
    dependencies = [
        ("diensten", "0003_overdracht_na_besluit"),
        ("meldingen", "0025_dossierstand"),
    ]

    operations = [dossierstand_migratie(Bron("diensten_vervolgdienst"))]
