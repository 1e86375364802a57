"""BSN encrypted at rest (meldingen/bsn.py): blind index column, existing rows encrypted in batches.

The data step reads and writes the column with SQL, not through the model: the historical
`BsnVeld` would try to decrypt the plain numbers it is about to encrypt.
"""

from django.db import migrations, models

import meldingen.bsn
import veiligthuis.validators

PARTIJ = 2000


def _partijen(cursor, tabel: str, waar: str):
    laatste = 0
    while True:
        cursor.execute(
            f"SELECT id, bsn FROM {tabel} WHERE {waar} AND id > %s ORDER BY id LIMIT %s",
            [laatste, PARTIJ],
        )
        rijen = cursor.fetchall()
        if not rijen:
            return
        yield rijen
        laatste = rijen[-1][0]


def versleutelen(apps, schema_editor) -> None:
    tabel = schema_editor.quote_name(apps.get_model("meldingen", "Persoon")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        # A row is still plain while it has no index: a rerun after an interruption skips the rest.
        for rijen in _partijen(cursor, tabel, "bsn IS NOT NULL AND bsn_index IS NULL"):
            cursor.executemany(
                f"UPDATE {tabel} SET bsn = %s, bsn_index = %s WHERE id = %s",
                [
                    (meldingen.bsn.versleutel(bsn), meldingen.bsn.bsn_index(bsn), pk)
                    for pk, bsn in rijen
                ],
            )


def ontsleutelen(apps, schema_editor) -> None:
    tabel = schema_editor.quote_name(apps.get_model("meldingen", "Persoon")._meta.db_table)
    with schema_editor.connection.cursor() as cursor:
        for rijen in _partijen(cursor, tabel, "bsn IS NOT NULL"):
            cursor.executemany(
                f"UPDATE {tabel} SET bsn = %s, bsn_index = NULL WHERE id = %s",
                [(meldingen.bsn.ontsleutel(token), pk) for pk, token in rijen],
            )


class Migration(migrations.Migration):
    dependencies = [
        ("meldingen", "0015_informering"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="persoon", name="persoon_bsn_uniek"),
        migrations.AddField(
            model_name="persoon",
            name="bsn_index",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="persoon",
            name="bsn",
            field=meldingen.bsn.BsnVeld(
                blank=True,
                null=True,
                validators=[veiligthuis.validators.valideer_bsn],
                verbose_name="BSN",
            ),
        ),
        migrations.RunPython(versleutelen, ontsleutelen, elidable=False),
        migrations.AddConstraint(
            model_name="persoon",
            constraint=models.UniqueConstraint(
                condition=models.Q(("bsn_index__isnull", False)),
                fields=("bsn_index",),
                name="persoon_bsn_index_uniek",
            ),
        ),
    ]
