# Each forward's tokens share one doorsturing id. Rows from before hold one combined key each, so
# each gets an id of its own (AddField with a callable default would give all rows the same one).

import uuid

from django.db import migrations, models


def eigen_id_per_rij(apps, schema_editor):
    Signaal = apps.get_model("meldingen", "OverigeZorgSignaal")
    for pk in Signaal.objects.values_list("pk", flat=True).iterator():
        Signaal.objects.filter(pk=pk).update(doorsturing=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("meldingen", "0011_koppelvoorstel"),
    ]

    operations = [
        migrations.AddField(
            model_name="overigezorgsignaal",
            name="doorsturing",
            field=models.UUIDField(null=True, verbose_name="doorsturing"),
        ),
        migrations.RunPython(eigen_id_per_rij, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="overigezorgsignaal",
            name="doorsturing",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, verbose_name="doorsturing"),
        ),
    ]
