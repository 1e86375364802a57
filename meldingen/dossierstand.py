"""How far each melding's dossier has changed: a number per melding that every write moves on.

The dossier page keeps its rendered sections per process (`meldingen.views.dossier`) under the
melding's *stand*. A database trigger on every table the dossier shows (migrations meldingen 0025,
diensten 0004) adds one to the stand of each melding a statement touched, whatever wrote it: a
page, the API, the admin, a Celery task, a bulk `update()`, `psql`. A table whose rows belong to a
melding through another table (the deelnemers of a consult, a persoon through its
directbetrokkenen, a huishouden through its meldingen) is followed to the melding in the trigger.

What the dossier shows beyond its own melding has a counter of its own, `dossier`
(`veiligthuis.configuratie.teller`): the names and roles of staff, teams, gemeenten, the
anonymised overige-zorg forwards the radar counts, and a TRUNCATE of any dossier table, which
names no melding. The radar's list of other meldingen is read on every view.

The stand becomes visible with the write, at commit. A reader that reads it before the rows it
shows may keep newer rows under an older stand (which the next change replaces), never older rows
under a newer one. On PostgreSQL the triggers are statement triggers over transition tables: one
upsert per statement, in melding order so two bulk writers lock the rows in the same order. SQLite
(the demo) has row triggers only.
"""

from __future__ import annotations

from dataclasses import dataclass

DOSSIERTELLER = "dossier"
TABEL = "meldingen_dossierstand"


@dataclass(frozen=True)
class Bron:
    """A table the dossier shows, and how a row of it leads to its melding.

    `kolom` holds the melding's id, or (with `via`) the id to look up in `via`: (table, column
    that matches `kolom`, column with the melding id).
    """

    tabel: str
    kolom: str = "melding_id"
    via: tuple[str, str, str] | None = None
    # A new melding has no cached dossier yet: inserting it needs no stand.
    bij_invoegen: bool = True

    @property
    def naam(self) -> str:
        return f"{self.tabel}_dossierstand"

    def _ids(self, rij: str) -> str:
        """SELECT of the melding ids of the rows `rij` (a table alias or NEW/OLD)."""
        if self.via is None:
            return f"SELECT {rij}.{self.kolom} AS m"
        tabel, sleutel, melding = self.via
        return f"SELECT v.{melding} AS m FROM {tabel} v WHERE v.{sleutel} = {rij}.{self.kolom}"

    def _pg_ids(self, rijen: str) -> str:
        if self.via is None:
            return f"SELECT r.{self.kolom} FROM {rijen} r"
        tabel, sleutel, melding = self.via
        return f"SELECT v.{melding} FROM {rijen} r JOIN {tabel} v ON v.{sleutel} = r.{self.kolom}"

    def _operaties(self) -> tuple[str, ...]:
        return ("INSERT", "UPDATE", "DELETE") if self.bij_invoegen else ("UPDATE", "DELETE")

    def sql(self, vendor: str) -> tuple[list[str], list[str]]:
        """(create, drop) statements for this table's triggers."""
        aanmaken, verwijderen = [], []
        for op in self._operaties():
            naam = f"{self.naam}_{op.lower()}"
            if vendor == "postgresql":
                if op == "INSERT":
                    verwijzing, rijen = "NEW TABLE AS nieuw", "nieuw"
                elif op == "DELETE":
                    verwijzing, rijen = "OLD TABLE AS oud", "oud"
                else:
                    # A row may move to another melding: both meldingen changed.
                    verwijzing = "OLD TABLE AS oud NEW TABLE AS nieuw"
                    rijen = "(SELECT * FROM oud UNION ALL SELECT * FROM nieuw)"
                ids = self._pg_ids(rijen).replace("'", "''")
                aanmaken.append(
                    f"CREATE TRIGGER {naam} AFTER {op} ON {self.tabel} "
                    f"REFERENCING {verwijzing} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION meldingen_dossierstand_ophogen('{ids}')"
                )
                verwijderen.append(f"DROP TRIGGER IF EXISTS {naam} ON {self.tabel}")
            else:
                rijen = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["OLD", "NEW"]}[op]
                ids = " UNION ".join(self._ids(rij) for rij in rijen)
                aanmaken.append(
                    f"CREATE TRIGGER {naam} AFTER {op} ON {self.tabel} BEGIN "
                    f"INSERT INTO {TABEL} (melding_id, stand) "
                    f"SELECT g.m, 1 FROM ({ids}) AS g WHERE g.m IS NOT NULL "
                    "ON CONFLICT (melding_id) DO UPDATE SET stand = stand + 1; END"
                )
                verwijderen.append(f"DROP TRIGGER IF EXISTS {naam}")
        if vendor == "postgresql":
            # TRUNCATE names no melding: every dossier's counter moves on.
            naam = f"{self.naam}_truncate"
            aanmaken.append(
                f"CREATE TRIGGER {naam} AFTER TRUNCATE ON {self.tabel} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION veiligthuis_teller_ophogen('{DOSSIERTELLER}')"
            )
            verwijderen.append(f"DROP TRIGGER IF EXISTS {naam} ON {self.tabel}")
        return aanmaken, verwijderen


# The meldingen app's tables on the dossier page (the diensten app adds its vervolgdienst).
BRONNEN = (
    Bron("meldingen_melding", kolom="id", bij_invoegen=False),
    Bron("meldingen_melder"),
    Bron("meldingen_meldingaanleiding"),
    Bron("meldingen_meldingaard"),
    Bron("meldingen_veiligheidsbeoordelinga"),
    Bron("meldingen_veiligheidsbeoordelingb"),
    Bron("meldingen_besluit"),
    Bron("meldingen_herprioritering"),
    Bron("meldingen_directbetrokkene"),
    Bron("meldingen_statuswijziging"),
    Bron("meldingen_activiteit"),
    Bron("meldingen_verrijkingstaak"),
    Bron("meldingen_consult"),
    Bron(
        "meldingen_consult_deelnemers",
        kolom="consult_id",
        via=("meldingen_consult", "id", "melding_id"),
    ),
    Bron("meldingen_journaalregel"),
    Bron("meldingen_bijlage"),
    Bron(
        "meldingen_persoon",
        kolom="id",
        via=("meldingen_directbetrokkene", "persoon_id", "melding_id"),
        bij_invoegen=False,
    ),
    Bron(
        "meldingen_huishouden",
        kolom="id",
        via=("meldingen_melding", "huishouden_id", "id"),
        bij_invoegen=False,
    ),
)

# What the dossier shows that belongs to no single melding: the counter `dossier`. Staff only
# through the columns the page shows (a login writes last_login on every sign-in).
GEDEELDE_TABELLEN = (
    ("veiligthuis_medewerker", ("username", "first_name", "last_name", "team_id", "is_active")),
    ("veiligthuis_roltoewijzing", ()),
    ("veiligthuis_team", ()),
    ("veiligthuis_gemeente", ()),
    ("meldingen_overigezorgsignaal", ()),
)

PG_FUNCTIE = f"""
CREATE OR REPLACE FUNCTION meldingen_dossierstand_ophogen() RETURNS trigger AS $$
BEGIN
    -- TG_ARGV[0]: a SELECT of the melding ids of the statement's rows (its transition table).
    EXECUTE 'INSERT INTO {TABEL} (melding_id, stand) SELECT g.m, 1 FROM ('
        || TG_ARGV[0]
        || ') AS g(m) WHERE g.m IS NOT NULL GROUP BY g.m ORDER BY g.m '
        || 'ON CONFLICT (melding_id) DO UPDATE SET stand = {TABEL}.stand + 1';
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def dossierstand_migratie(*bronnen: Bron):
    """A migration operation creating these tables' stand triggers (and dropping them back)."""
    from django.db import migrations

    def aanmaken(apps, schema_editor) -> None:
        for bron in bronnen:
            for opdracht in bron.sql(schema_editor.connection.vendor)[0]:
                schema_editor.execute(opdracht)

    def verwijderen(apps, schema_editor) -> None:
        for bron in bronnen:
            for opdracht in bron.sql(schema_editor.connection.vendor)[1]:
                schema_editor.execute(opdracht)

    return migrations.RunPython(aanmaken, verwijderen)
