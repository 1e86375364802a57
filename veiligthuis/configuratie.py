"""Small configuration tables kept in memory per process, never stale across processes.

The closure days (`Sluitingsdag`) and the afwegingskader rules (`meldingen.Afwegingsregel`) are read
by nearly every page and by every termijn computation, and change a few times a year; the gemeenten
and teams fill the triagelijst's filters, and change even less. Each process
keeps them in memory (`Configuratiecache`), together with the *stamp* they were read at.

The stamp lives in `Configuratieversie`, one row per table. A database trigger on the table
(migrations veiligthuis 0012 and 0013, meldingen 0021; PostgreSQL and SQLite alike) gives that row a new
random stamp on every insert, update, delete or truncate, whatever wrote it: a page, the admin, a
migration, a bulk update, `psql`. A cache whose stamp differs from the one in the database reloads.

Reading the stamp costs no query of its own on a page: the signed-in user's query brings the stamps
along (`veiligthuis.inloggen.backend`), and they hold for the rest of that request. Outside a
request (a Celery task, a management command) each use reads the stamp (one small query), so a
long-running worker never uses a table older than its last read. Within a request a save or delete
through the ORM forgets the request's stamp, so the same request reads its own change.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from django.db.models import Subquery

T = TypeVar("T")

SLUITINGSDAGEN = "sluitingsdagen"
AFWEGINGSREGELS = "afwegingsregels"
GEMEENTEN = "gemeenten"
TEAMS = "teams"
# The tables whose trigger stamps which key (the migrations create one trigger per table).
TABELLEN = {
    SLUITINGSDAGEN: "veiligthuis_sluitingsdag",
    AFWEGINGSREGELS: "meldingen_afwegingsregel",
    # The filter lists of the triagelijst (342 gemeenten nationally; the teams).
    GEMEENTEN: "veiligthuis_gemeente",
    TEAMS: "veiligthuis_team",
}

# The stamps known in this request: None outside a request, filled by the user's query.
_VERZOEK: contextvars.ContextVar[dict[str, int | None] | None] = contextvars.ContextVar(
    "vt_configuratiestempels", default=None
)


def stempel_annotaties() -> dict[str, Subquery]:
    """Annotations for a query that should bring every stamp along (the signed-in user's)."""
    from veiligthuis.models import Configuratieversie

    return {
        f"stempel_{sleutel}": Subquery(
            Configuratieversie.objects.filter(sleutel=sleutel).values("stempel")[:1]
        )
        for sleutel in TABELLEN
    }


def stempels_van(obj) -> None:
    """Take the stamps `stempel_annotaties` put on `obj` as this request's stamps."""
    verzoek = _VERZOEK.get()
    if verzoek is None:
        return
    for sleutel in TABELLEN:
        naam = f"stempel_{sleutel}"
        if hasattr(obj, naam):
            verzoek[sleutel] = getattr(obj, naam)


def stempel(sleutel: str) -> int | None:
    """The table's current stamp: the request's, or read now (None: never written since created)."""
    verzoek = _VERZOEK.get()
    if verzoek is not None and sleutel in verzoek:
        return verzoek[sleutel]
    from veiligthuis.models import Configuratieversie

    waarde = (
        Configuratieversie.objects.filter(sleutel=sleutel).values_list("stempel", flat=True).first()
    )
    if verzoek is not None:
        verzoek[sleutel] = waarde
    return waarde


def vergeten(sleutel: str) -> None:
    """After a write in this process: read the stamp again, now and in this request."""
    verzoek = _VERZOEK.get()
    if verzoek is not None:
        verzoek.pop(sleutel, None)


@contextmanager
def verzoek() -> Iterator[None]:
    """The scope in which stamps, once read, hold: one request."""
    token = _VERZOEK.set({})
    try:
        yield
    finally:
        _VERZOEK.reset(token)


class VerzoekMiddleware:
    """Every request starts with no stamps known (the user's query or the first use reads them)."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        with verzoek():
            return self.get_response(request)


class Configuratiecache(Generic[T]):
    """One table's contents, loaded by `laden`, reloaded whenever its stamp has changed."""

    def __init__(self, sleutel: str, laden: Callable[[], T]) -> None:
        self.sleutel = sleutel
        self._laden = laden
        self._slot = threading.Lock()
        # (stamp, contents); None: not loaded in this process yet.
        self._inhoud: tuple[object, T] | None = None
        self.aantal_ladingen = 0

    def waarde(self) -> T:
        huidig = stempel(self.sleutel)
        inhoud = self._inhoud
        if inhoud is not None and inhoud[0] == huidig:
            return inhoud[1]
        with self._slot:
            # The stamp is read before the rows: a change in between leaves an older stamp with
            # newer rows, which the next use reloads; never newer stamp with older rows.
            waarde = self._laden()
            self._inhoud = (huidig, waarde)
            self.aantal_ladingen += 1
        return waarde

    def legen(self) -> None:
        self._inhoud = None


def bij_wijziging_vergeten(model, sleutel: str) -> None:
    """Connect post_save and post_delete of `model` to `vergeten(sleutel)`."""
    from django.db.models.signals import post_delete, post_save

    def ontvanger(**_kwargs) -> None:
        vergeten(sleutel)

    for signaal in (post_save, post_delete):
        signaal.connect(ontvanger, sender=model, weak=False, dispatch_uid=f"vt-stempel-{sleutel}")


# --- The triggers (used by the migrations) -------------------------------------------------------

PG_FUNCTIE = """
CREATE OR REPLACE FUNCTION veiligthuis_configuratie_gewijzigd() RETURNS trigger AS $$
BEGIN
    INSERT INTO veiligthuis_configuratieversie (sleutel, stempel)
    VALUES (TG_ARGV[0], (random() * 9.0e18 - 4.5e18)::bigint)
    ON CONFLICT (sleutel) DO UPDATE SET stempel = EXCLUDED.stempel;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""
_SQLITE_OPERATIES = ("INSERT", "UPDATE", "DELETE")


def _trigger_sql(vendor: str, sleutel: str) -> tuple[list[str], list[str]]:
    tabel = TABELLEN[sleutel]
    if vendor == "postgresql":
        return (
            [
                f"CREATE TRIGGER {tabel}_stempel AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {tabel} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION veiligthuis_configuratie_gewijzigd('{sleutel}')"
            ],
            [f"DROP TRIGGER IF EXISTS {tabel}_stempel ON {tabel}"],
        )
    # SQLite: row triggers (it has no statement triggers, nor TRUNCATE).
    return (
        [
            f"CREATE TRIGGER {tabel}_stempel_{op.lower()} AFTER {op} ON {tabel} BEGIN "
            "INSERT OR REPLACE INTO veiligthuis_configuratieversie (sleutel, stempel) "
            f"VALUES ('{sleutel}', random()); END"
            for op in _SQLITE_OPERATIES
        ],
        [f"DROP TRIGGER IF EXISTS {tabel}_stempel_{op.lower()}" for op in _SQLITE_OPERATIES],
    )


def triggers_aanmaken(schema_editor, sleutel: str) -> None:
    aanmaken, _verwijderen = _trigger_sql(schema_editor.connection.vendor, sleutel)
    for opdracht in aanmaken:
        schema_editor.execute(opdracht)


def triggers_verwijderen(schema_editor, sleutel: str) -> None:
    _aanmaken, verwijderen = _trigger_sql(schema_editor.connection.vendor, sleutel)
    for opdracht in verwijderen:
        schema_editor.execute(opdracht)


def triggers_migratie(*sleutels: str):
    """A migration operation creating the stamp triggers of these tables (and dropping them back)."""
    from django.db import migrations

    def aanmaken(apps, schema_editor) -> None:
        for sleutel in sleutels:
            triggers_aanmaken(schema_editor, sleutel)

    def verwijderen(apps, schema_editor) -> None:
        for sleutel in sleutels:
            triggers_verwijderen(schema_editor, sleutel)

    return migrations.RunPython(aanmaken, verwijderen)


# --- Change counters (for caches of pages over busy tables) --------------------------------------
#
# A configuration stamp is one row that every writer updates: right for tables written a few times
# a year, a queue for the busy ones (every intake and every transition writes a melding). A
# *change counter* spreads the writers over TELLERDELEN rows `<sleutel>:<n>`: a trigger adds one
# to any part no other transaction holds (FOR UPDATE SKIP LOCKED), so concurrent writers never
# wait for each other, and the increment becomes visible with the write itself, at commit. The
# counter's value is the sum of its parts: it grows with every committed write to its tables, and
# a reader that reads it before the rows never takes older rows for the current value.

TELLERDELEN = 64

PG_TELLERFUNCTIE = """
CREATE OR REPLACE FUNCTION veiligthuis_teller_ophogen() RETURNS trigger AS $$
DECLARE
    deel text;
BEGIN
    SELECT sleutel INTO deel FROM veiligthuis_configuratieversie
    WHERE sleutel LIKE TG_ARGV[0] || ':%'
    ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF deel IS NULL THEN
        -- Every part is held by another transaction (or the parts were deleted): this
        -- connection's own part, waiting if another holds it.
        deel := TG_ARGV[0] || ':' || (pg_backend_pid() % 64);
    END IF;
    INSERT INTO veiligthuis_configuratieversie (sleutel, stempel) VALUES (deel, 1)
    ON CONFLICT (sleutel) DO UPDATE SET stempel = veiligthuis_configuratieversie.stempel + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
"""


def teller(sleutel: str) -> int:
    """The change counter's current value (one query; never taken from the request's stamps)."""
    from django.db.models import Sum

    from veiligthuis.models import Configuratieversie

    waarde = Configuratieversie.objects.filter(sleutel__startswith=f"{sleutel}:").aggregate(
        totaal=Sum("stempel")
    )["totaal"]
    return int(waarde or 0)


def teller_expressie(sleutel: str):
    """The counter's value as an expression, to read it inside another query (the same snapshot)."""
    from django.db.models import BigIntegerField, IntegerField, Sum, Value
    from django.db.models.functions import Coalesce

    from veiligthuis.models import Configuratieversie

    # Grouped by a constant: one row holding the sum of the parts.
    som = (
        Configuratieversie.objects.filter(sleutel__startswith=f"{sleutel}:")
        .annotate(alles=Value(1, output_field=IntegerField()))
        .values("alles")
        .annotate(totaal=Sum("stempel"))
        .values("totaal")
    )
    return Coalesce(Subquery(som), Value(0), output_field=BigIntegerField())


def teller_delen_aanmaken(model, sleutel: str, *, db: str = "default") -> None:
    """The counter's parts (`model`: Configuratieversie, or its migration state)."""
    from django.db import connections

    delen = TELLERDELEN if connections[db].vendor == "postgresql" else 1
    bestaand = set(
        model.objects.using(db)
        .filter(sleutel__startswith=f"{sleutel}:")
        .values_list("sleutel", flat=True)
    )
    model.objects.using(db).bulk_create(
        [
            model(sleutel=f"{sleutel}:{deel}", stempel=0)
            for deel in range(delen)
            if f"{sleutel}:{deel}" not in bestaand
        ]
    )


def _teller_sql(
    vendor: str, sleutel: str, tabel: str, kolommen: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """The counter's trigger on `tabel`; with `kolommen`, an update counts only when it sets one
    of those columns."""
    naam = f"{tabel}_teller_{sleutel}"
    bijwerken = f"UPDATE OF {', '.join(kolommen)}" if kolommen else "UPDATE"
    if vendor == "postgresql":
        return (
            [
                f"CREATE TRIGGER {naam} AFTER INSERT OR {bijwerken} OR DELETE OR TRUNCATE "
                f"ON {tabel} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION veiligthuis_teller_ophogen('{sleutel}')"
            ],
            [f"DROP TRIGGER IF EXISTS {naam} ON {tabel}"],
        )
    # SQLite has one writer at a time: one part, row triggers.
    return (
        [
            f"CREATE TRIGGER {naam}_{op.lower()} "
            f"AFTER {bijwerken if op == 'UPDATE' else op} ON {tabel} BEGIN "
            "INSERT OR IGNORE INTO veiligthuis_configuratieversie (sleutel, stempel) "
            f"VALUES ('{sleutel}:0', 0); "
            "UPDATE veiligthuis_configuratieversie SET stempel = stempel + 1 "
            f"WHERE sleutel = '{sleutel}:0'; END"
            for op in _SQLITE_OPERATIES
        ],
        [f"DROP TRIGGER IF EXISTS {naam}_{op.lower()}" for op in _SQLITE_OPERATIES],
    )


def teller_migratie(sleutel: str, *tabellen: str | tuple[str, tuple[str, ...]]):
    """A migration operation: the counter `sleutel`, its parts, and a trigger on each table.

    A table is a name, or (name, columns): then only an update setting one of those counts.
    """
    from django.db import migrations

    tabellen = tuple((t, ()) if isinstance(t, str) else t for t in tabellen)

    def aanmaken(apps, schema_editor) -> None:
        vendor = schema_editor.connection.vendor
        teller_delen_aanmaken(
            apps.get_model("veiligthuis", "Configuratieversie"),
            sleutel,
            db=schema_editor.connection.alias,
        )
        for tabel, kolommen in tabellen:
            for opdracht in _teller_sql(vendor, sleutel, tabel, kolommen)[0]:
                schema_editor.execute(opdracht)

    def verwijderen(apps, schema_editor) -> None:
        for tabel, _kolommen in tabellen:
            for opdracht in _teller_sql(schema_editor.connection.vendor, sleutel, tabel)[1]:
                schema_editor.execute(opdracht)

    return migrations.RunPython(aanmaken, verwijderen)
