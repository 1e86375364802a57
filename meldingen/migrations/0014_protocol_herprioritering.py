# Issue 12 (protocol integrity): every urgentie change is a Herprioritering row; a besluit without
# a gesprek or huisbezoek records why.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meldingen", "0013_betrokkene_wijziging"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="besluit",
            name="reden_geen_contact",
            field=models.TextField(
                blank=True,
                verbose_name="reden waarom er geen gesprek of huisbezoek met een directbetrokkene was",
            ),
        ),
        migrations.CreateModel(
            name="Herprioritering",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("van", models.CharField(blank=True, choices=[("acuut", "Acuut"), ("hoog", "Hoog"), ("midden", "Midden"), ("laag", "Laag")], max_length=10, verbose_name="van")),
                ("naar", models.CharField(choices=[("acuut", "Acuut"), ("hoog", "Hoog"), ("midden", "Midden"), ("laag", "Laag")], max_length=10, verbose_name="naar")),
                ("kanaal", models.CharField(choices=[("screening", "Screening (onderdeel A)"), ("overige_zorg", "Tweede oordeel overige zorg"), ("teruggeven", "Teruggeven aan de triagelijst"), ("zicht", "Zicht-op-veiligheidscontact"), ("herprioriteren", "Herprioriteren")], max_length=20, verbose_name="via")),
                ("reden", models.TextField(verbose_name="reden")),
                ("op", models.DateTimeField(default=django.utils.timezone.now, verbose_name="op")),
                ("door", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                ("melding", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="herprioriteringen", to="meldingen.melding")),
            ],
            options={
                "verbose_name": "herprioritering",
                "verbose_name_plural": "herprioriteringen",
                "ordering": ["op", "pk"],
                "indexes": [models.Index(fields=["melding", "naar"], name="herprioritering_melding_idx")],
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("reden", ""), _negated=True), name="herprioritering_met_reden"),
                    models.CheckConstraint(condition=models.Q(("van", models.F("naar")), _negated=True), name="herprioritering_wijzigt"),
                    models.CheckConstraint(condition=models.Q(("naar__in", ["acuut", "hoog", "midden", "laag"])), name="herprioritering_naar_geldig"),
                ],
            },
        ),
    ]
