"""The audit log is append-only in the database too: a trigger refuses UPDATE and DELETE.

Hand-written SQL, kept apart from generated migrations. PostgreSQL only: the zero-setup demo on
SQLite has no trigger (the application itself has no change or delete path either way).
TRUNCATE has a statement-level trigger of its own (0006).
"""

from django.db import migrations

from veiligthuis.migrations._alleen_postgresql import AlleenPostgresql

FUNCTIE = """
CREATE OR REPLACE FUNCTION veiligthuis_auditlog_alleen_toevoegen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'De auditlog kan alleen worden aangevuld: % is niet toegestaan.', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE TRIGGER veiligthuis_auditlog_alleen_toevoegen
BEFORE UPDATE OR DELETE ON veiligthuis_auditlog
FOR EACH ROW EXECUTE FUNCTION veiligthuis_auditlog_alleen_toevoegen();
"""

TERUG = """
DROP TRIGGER IF EXISTS veiligthuis_auditlog_alleen_toevoegen ON veiligthuis_auditlog;
DROP FUNCTION IF EXISTS veiligthuis_auditlog_alleen_toevoegen();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0002_medewerker_aandachtsgebied"),
    ]

    operations = [
        AlleenPostgresql(sql=FUNCTIE + TRIGGER, reverse_sql=TERUG),
    ]
