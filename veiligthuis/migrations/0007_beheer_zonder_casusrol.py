"""Functioneel beheer never also holds a case role: a trigger refuses the combination.

`Roltoewijzing.save` and the admin refuse it with a Dutch message; this trigger is the floor for
every other path (bulk inserts, a shell, a script). PostgreSQL only; the roles are listed here
as `veiligthuis.rechten.CASUSROLLEN` defines them (a test compares the two).
"""

from django.db import migrations

from veiligthuis.migrations._alleen_postgresql import AlleenPostgresql

CASUSROLLEN = (
    "onderzoeker",
    "werkbegeleider",
    "regiomanager",
    "secretariaat",
    "gedragswetenschapper",
    "vertrouwensarts",
    "aandachtfunctionaris",
)
LIJST = ", ".join(f"'{rol}'" for rol in CASUSROLLEN)

FUNCTIE = f"""
CREATE OR REPLACE FUNCTION veiligthuis_beheer_zonder_casusrol() RETURNS trigger AS $$
BEGIN
    IF (NEW.rol = 'beheer' AND EXISTS (
            SELECT 1 FROM veiligthuis_roltoewijzing
            WHERE medewerker_id = NEW.medewerker_id AND rol IN ({LIJST}) AND id <> NEW.id))
       OR (NEW.rol IN ({LIJST}) AND EXISTS (
            SELECT 1 FROM veiligthuis_roltoewijzing
            WHERE medewerker_id = NEW.medewerker_id AND rol = 'beheer' AND id <> NEW.id)) THEN
        RAISE EXCEPTION 'Een beheeraccount kan geen casusrol hebben (en andersom).';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = """
CREATE TRIGGER veiligthuis_beheer_zonder_casusrol
BEFORE INSERT OR UPDATE ON veiligthuis_roltoewijzing
FOR EACH ROW EXECUTE FUNCTION veiligthuis_beheer_zonder_casusrol();
"""

TERUG = """
DROP TRIGGER IF EXISTS veiligthuis_beheer_zonder_casusrol ON veiligthuis_roltoewijzing;
DROP FUNCTION IF EXISTS veiligthuis_beheer_zonder_casusrol();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("veiligthuis", "0006_auditlog_niet_leegmaken"),
    ]

    operations = [
        AlleenPostgresql(sql=FUNCTIE + TRIGGER, reverse_sql=TERUG),
    ]
