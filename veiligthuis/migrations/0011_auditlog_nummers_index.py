"""Indexes for "who saw this dossier" (`veiligthuis.audit.inzage_van`) on the audit log.

The inzage asks for entries about a case as their object (`object_id`, whatever the object
type: the composite index of 0001 starts with `object_type`, so it cannot answer that) or among
the numbers a list call showed (`details -> 'nummers'`, a GIN index for containment). Without
them the query read every row of every monthly partition. Created on the partitioned parent, so
every partition, also one made later, has them. PostgreSQL only.
"""

from django.db import migrations

from veiligthuis.migrations._alleen_postgresql import AlleenPostgresql


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0010_auditlog_per_maand"),
    ]

    operations = [
        AlleenPostgresql(
            sql="CREATE INDEX audit_object_id_idx ON veiligthuis_auditlog (object_id); "
            "CREATE INDEX audit_nummers_gin ON veiligthuis_auditlog "
            "USING gin ((details -> 'nummers') jsonb_path_ops);",
            reverse_sql="DROP INDEX IF EXISTS audit_nummers_gin; "
            "DROP INDEX IF EXISTS audit_object_id_idx;",
        ),
    ]
