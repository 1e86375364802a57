"""`manage.py databaserechten --rol veiligthuis_app`: the application's PostgreSQL role.

In production the web app, the workers and beat connect as a role that owns nothing: the owner
role (the one `migrate` runs as) creates the tables, and this command — run by the owner right
after `migrate`, every deploy — gives the application role what the application needs and no
more:

* SELECT, INSERT, UPDATE and DELETE on every table of the schema, and the use of its sequences;
* on the audit log only SELECT and INSERT: the role can neither change, delete nor empty
  (TRUNCATE) a row, whatever a trigger or a setting says — the triggers of migrations 0003 and
  0006 are a second barrier, not the only one;
* none on the audit log's monthly partitions (it reads and writes them through the parent);
  a partition made later, by `veiligthuis_auditlog_partities`, revokes what the defaults gave;
* the same defaults for tables a later migration creates (until this command runs again).

It is idempotent. With `--wachtwoord-env NAME` it also creates the role (LOGIN, that password)
when it does not exist. Only on PostgreSQL; the owner's connection (DATABASE_URL) runs it.
"""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from veiligthuis.models import AuditLog

# Only what the application does with a row: the audit log is append-only for it.
RECHTEN = ("SELECT", "INSERT", "UPDATE", "DELETE")
AUDITRECHTEN = ("SELECT", "INSERT")


def _rechten(namen: tuple[str, ...]) -> sql.Composable:
    return sql.SQL(", ").join(sql.SQL(naam) for naam in namen)


def databaserechten_toekennen(rol: str, *, wachtwoord: str | None = None) -> None:
    """Give `rol` the application's rights on the current schema (see the module docstring)."""
    if connection.vendor != "postgresql":
        raise CommandError("Databaserechten bestaan alleen op PostgreSQL.")
    r = sql.Identifier(rol)
    audit = sql.Identifier(AuditLog._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [rol])
        bestaand = cursor.fetchone()
        if bestaand is None:
            if wachtwoord is None:
                raise CommandError(
                    f"De rol {rol} bestaat niet; geef --wachtwoord-env om haar aan te maken."
                )
            cursor.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(r, sql.Literal(wachtwoord))
            )
        elif bestaand[0]:
            raise CommandError(
                f"De rol {rol} is superuser: die omzeilt elk recht. Kies een andere."
            )
        cursor.execute("SELECT current_user, current_schema()")
        eigenaar, schema = cursor.fetchone()
        if eigenaar == rol:
            raise CommandError("Draai dit als de eigenaar van de tabellen, niet als de app-rol.")
        s = sql.Identifier(schema)
        opdrachten = [
            sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(s, r),
            sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(s, r),
            sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(_rechten(RECHTEN), s, r),
            sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(s, r),
            sql.SQL("REVOKE ALL ON {} FROM {}").format(audit, r),
            sql.SQL("GRANT {} ON {} TO {}").format(_rechten(AUDITRECHTEN), audit, r),
            sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT {} ON TABLES TO {}").format(
                s, _rechten(RECHTEN), r
            ),
            sql.SQL(
                "ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT USAGE, SELECT ON SEQUENCES TO {}"
            ).format(s, r),
        ]
        for opdracht in opdrachten:
            cursor.execute(opdracht)
        # The audit log's monthly partitions (migration 0010) got the rights of every table
        # above: the role uses only the parent, so it keeps none on a partition itself.
        cursor.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = to_regclass(%s)",
            [AuditLog._meta.db_table],
        )
        for (partitie,) in cursor.fetchall():
            cursor.execute(sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(partitie), r))


class Command(BaseCommand):
    help = (
        "Geef de databaserol van de applicatie haar rechten (auditlog: alleen lezen en toevoegen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rol", required=True, help="de rol waarmee web en workers verbinden")
        parser.add_argument(
            "--wachtwoord-env",
            default="",
            help="omgevingsvariabele met het wachtwoord; maakt de rol aan als die ontbreekt",
        )

    def handle(self, *args, rol: str, wachtwoord_env: str, **opties):
        wachtwoord = None
        if wachtwoord_env:
            wachtwoord = os.environ.get(wachtwoord_env, "")
            if not wachtwoord:
                raise CommandError(f"De omgevingsvariabele {wachtwoord_env} is leeg.")
        databaserechten_toekennen(rol, wachtwoord=wachtwoord)
        self.stdout.write(f"Rechten van {rol} bijgewerkt; de auditlog alleen lezen en toevoegen.")
