"""Re-encrypt every stored BSN under the first key of VT_BSN_SLEUTELS (key rotation, README).

With --index the blind index is recomputed too (after a change of VT_BSN_INDEX_SLEUTEL). Works in
batches, each in its own transaction, so it can run while the application is up and be rerun.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from meldingen.bsn import bsn_index, fernet
from meldingen.models import Persoon
from veiligthuis.audit import audit_log

PARTIJ = 2000


class Command(BaseCommand):
    help = "Versleutelt alle BSN's opnieuw met de eerste sleutel uit VT_BSN_SLEUTELS."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--index", action="store_true", help="Bereken ook de zoekindex (bsn_index) opnieuw."
        )

    def handle(self, *args, index: bool = False, **options) -> None:
        tabel = connection.ops.quote_name(Persoon._meta.db_table)
        sleutels = fernet()
        laatste, aantal = 0, 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id, bsn FROM {tabel} WHERE bsn IS NOT NULL AND id > %s "
                    "ORDER BY id LIMIT %s",
                    [laatste, PARTIJ],
                )
                rijen = cursor.fetchall()
                if not rijen:
                    break
                if index:
                    nieuw = []
                    for pk, token in rijen:
                        bsn = sleutels.decrypt(token.encode())
                        nieuw.append((sleutels.encrypt(bsn).decode(), bsn_index(bsn.decode()), pk))
                    cursor.executemany(
                        f"UPDATE {tabel} SET bsn = %s, bsn_index = %s WHERE id = %s", nieuw
                    )
                else:
                    cursor.executemany(
                        f"UPDATE {tabel} SET bsn = %s WHERE id = %s",
                        [(sleutels.rotate(token.encode()).decode(), pk) for pk, token in rijen],
                    )
                laatste, aantal = rijen[-1][0], aantal + len(rijen)
        with transaction.atomic():
            audit_log(None, "persoon.bsn_herversleutelen", aantal=aantal, index=index)
        self.stdout.write(f"{aantal} BSN's opnieuw versleuteld.")
