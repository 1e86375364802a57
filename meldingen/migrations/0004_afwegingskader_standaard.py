from django.db import migrations


def standaard(apps, schema_editor):
    from meldingen.afwegingskader import standaardregels_aanmaken

    standaardregels_aanmaken(apps.get_model("meldingen", "Afwegingsregel"))


class Migration(migrations.Migration):
    dependencies = [("meldingen", "0003_dossier")]

    operations = [migrations.RunPython(standaard, migrations.RunPython.noop)]
