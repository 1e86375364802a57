"""A change counter over every table the triagelijst reads (veiligthuis.configuratie.teller), so a
rendered triagelijst is kept exactly as long as nothing it shows has changed."""

from django.db import migrations

from veiligthuis.configuratie import teller_migratie


class Migration(migrations.Migration):
    dependencies = [
        ("meldingen", "0023_persoon_achternaam_sleutel"),
        ("veiligthuis", "0014_wijzigingsteller"),
    ]

    operations = [
        teller_migratie(
            "triagelijst",
            "meldingen_melding",
            "meldingen_activiteit",
            "veiligthuis_medewerker",
            "veiligthuis_team",
            "veiligthuis_gemeente",
            "veiligthuis_sluitingsdag",
        )
    ]
