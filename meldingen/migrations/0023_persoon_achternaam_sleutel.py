"""The stored achternaam key of every person, and fuzzystrmatch for the candidate query."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

from meldingen.naamsleutels import achternaam_sleutel

PARTIJ = 2000


def sleutels_vullen(apps, schema_editor):
    """Every existing person gets the key `Persoon.save()` gives a new one (in batches by id)."""
    Persoon = apps.get_model("meldingen", "Persoon")
    db = schema_editor.connection.alias
    laatste = 0
    while True:
        partij = list(
            Persoon.objects.using(db)
            .filter(pk__gt=laatste)
            .order_by("pk")
            .only("pk", "achternaam", "tussenvoegsel")[:PARTIJ]
        )
        if not partij:
            return
        for persoon in partij:
            persoon.achternaam_sleutel = achternaam_sleutel(
                persoon.achternaam, persoon.tussenvoegsel
            )
        Persoon.objects.using(db).bulk_update(partij, ["achternaam_sleutel"])
        laatste = partij[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("meldingen", "0022_huishouden_samenvoegen"),
    ]

    operations = [
        # levenshtein_less_equal() (veiligthuis.database.lijkt_op); a no-op on SQLite, where the
        # demo compares names in Python. A trusted extension: the database owner may create it.
        CreateExtension("fuzzystrmatch"),
        migrations.AddField(
            model_name="persoon",
            name="achternaam_sleutel",
            field=models.CharField(
                blank=True, db_default="", default="", editable=False, max_length=200
            ),
        ),
        migrations.RunPython(sleutels_vullen, migrations.RunPython.noop, elidable=False),
    ]
