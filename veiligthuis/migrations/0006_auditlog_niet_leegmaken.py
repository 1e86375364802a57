"""The audit log cannot be emptied either: a statement-level trigger refuses TRUNCATE.

The row trigger of 0003 covers UPDATE and DELETE; TRUNCATE fires no row triggers, so it needs
its own. Only a deliberate reset of a whole test or demo database may truncate, by setting
`veiligthuis.audit_wissen = 'ja'` for that transaction (`SET LOCAL`); production never does.
The real barrier in production is the database role: the application's role does not own the
table and has only SELECT and INSERT on it (README, "Beveiliging en privacy").
"""

from django.db import migrations

from veiligthuis.migrations._alleen_postgresql import AlleenPostgresql

FUNCTIE = """
CREATE OR REPLACE FUNCTION veiligthuis_auditlog_niet_leegmaken() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('veiligthuis.audit_wissen', true), '') = 'ja' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'De auditlog kan niet worden leeggemaakt: TRUNCATE is niet toegestaan.';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE TRIGGER veiligthuis_auditlog_niet_leegmaken
BEFORE TRUNCATE ON veiligthuis_auditlog
FOR EACH STATEMENT EXECUTE FUNCTION veiligthuis_auditlog_niet_leegmaken();
"""

TERUG = """
DROP TRIGGER IF EXISTS veiligthuis_auditlog_niet_leegmaken ON veiligthuis_auditlog;
DROP FUNCTION IF EXISTS veiligthuis_auditlog_niet_leegmaken();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0005_uitgaand"),
    ]

    operations = [
        AlleenPostgresql(sql=FUNCTIE + TRIGGER, reverse_sql=TERUG),
    ]
