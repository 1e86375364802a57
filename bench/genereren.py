"""Synthetic national-scale data, generated inside PostgreSQL with set-based INSERT … SELECT.

Every table is filled by one statement over ``generate_series`` (no rows travel through Python), so
a million meldingen with their dossiers take minutes. The shape follows DOMAIN.md: 25 organisations
of 6 teams, ten years of meldingen at an even pace, ~0.5 % of them still open (received in the last
month), about 1.1 advies per melding, households and persons that recur across meldingen.

Simplifications (the distribution is what matters for the measurements, not each date):
* termijn B = end of the 5th werkdag after receipt counting Monday–Friday only (no feestdagen or
  closure days); termijn A = receipt + 24 hours (no weekend rule); informeren = end of day + 28 days.
* Each team has 12 medewerkers with fixed roles; ids are computed, not looked up.
Every row satisfies the database constraints (status checks, unique numbers `VT-YYYY-NNNNNN`,
FSM-consistent status/besluit/dienst combinations).
"""

from __future__ import annotations

import math
import time
from contextlib import contextmanager
from datetime import datetime

from django.db import connection

from meldingen.bsn import bsn_index, versleutel
from meldingen.naamsleutels import achternaam_sleutel

ORGANISATIES = 25
TEAMS_PER_ORGANISATIE = 6
TEAMS = ORGANISATIES * TEAMS_PER_ORGANISATIE
GEMEENTEN = 342
PER_TEAM = 12  # medewerkers: 0 werkbegeleider, 1–8 onderzoeker, 9 GW, 10 secretariaat, 11 VA
JAREN = 10
SNAPSHOT_DAGEN = 400

# (offset within a team, role, first name)
TEAMROLLEN = [(0, "werkbegeleider")]
TEAMROLLEN += [(k, "onderzoeker") for k in range(1, 9)]
TEAMROLLEN += [(9, "gedragswetenschapper"), (10, "secretariaat"), (11, "vertrouwensarts")]

# Surnames: one household in seven has one of these common names (each ≈ 0.3 %, like de Jong or
# Jansen in the Netherlands), the rest a synthetic one of 7 500 (≈ 0.01 % each), so a birth date's
# ~100 known persons hold the occasional namesake, as a national register does.
GEWONE_ACHTERNAMEN = (
    ("de", "Jong"), ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"),
    ("", "Bakker"), ("", "Janssen"), ("", "Visser"), ("", "Smit"), ("", "Meijer"), ("de", "Boer"),
    ("", "Mulder"), ("de", "Groot"), ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"),
    ("van", "Leeuwen"), ("", "Dekker"), ("", "Brouwer"), ("de", "Wit"), ("", "Dijkstra"),
    ("", "Smits"), ("de", "Graaf"), ("van der", "Meer"), ("van der", "Linden"), ("", "Kok"),
    ("", "Jacobs"), ("de", "Haan"), ("", "Vermeulen"), ("van den", "Heuvel"), ("van der", "Veen"),
    ("van den", "Broek"), ("de", "Bruijn"), ("van der", "Heijden"), ("", "Schouten"),
    ("van", "Beek"), ("", "Willems"), ("van", "Vliet"), ("", "Yilmaz"), ("", "El Amrani"),
    ("", "Öztürk"), ("", "Bouzid"), ("", "Kaya"), ("", "Demir"), ("", "Şahin"), ("", "El Idrissi"),
    ("", "Nguyen"), ("", "Pinas"), ("", "Koç"),
)  # fmt: skip
NAAMBEGIN = (
    "Ber", "Hol", "Kam", "Lin", "Mar", "Ros", "Ster", "Wes", "Zand", "Veld", "Brink", "Hoog", "Laar",
    "Mol", "Nij", "Oost", "Pol", "Rijn", "Scha", "Tim", "Val", "Wou", "Dor", "Eek", "Fen", "Gel",
    "Har", "Jon", "Kle", "Ley",
)  # fmt: skip
NAAMMIDDEN = ("", "e", "en", "er", "ing", "el", "ke", "st", "ie", "o")
NAAMEINDE = (
    "man", "sma", "stra", "inga", "ink", "ers", "hof", "kamp", "berg", "dijk", "horst", "veld",
    "huis", "broek", "hout", "land", "rink", "ema", "ens", "erts", "mans", "ing", "kes", "lo",
    "bosch",
)  # fmt: skip
VOORNAMEN = (
    "Sanne", "Daan", "Fatima", "Mohamed", "Emma", "Noah", "Julia", "Sem", "Lotte", "Milan", "Tess",
    "Liam", "Mila", "Lucas", "Sara", "Finn", "Yara", "Levi", "Nora", "Adam", "Zoë", "Ayoub", "Saar",
    "Lina", "Bram", "Anouk", "Thijs", "Eva", "Jesse", "Fleur", "Ruben", "Iris", "Luuk", "Femke",
    "Youssef", "Amira", "Mehmet", "Elif", "Dewi", "Rayan", "Kevin", "Priya", "Stijn", "Naomi",
    "Tim", "Lisa", "Jayden", "Esmee", "Omar", "Hiba", "Gijs", "Maud", "Wouter", "Ilse", "Mark",
    "Linda", "Dennis", "Kim", "Hasan", "Ayşe",
)  # fmt: skip
TWEEDE_VOORNAMEN = ("Johannes", "Maria", "Hendrik", "Anna", "Willem", "Cornelia")


class Voortgang:
    """One line per step: what was generated, how many rows, how long it took."""

    def __init__(self) -> None:
        self.begin = time.perf_counter()

    def stap(self, naam: str, sql: str, params: dict | None = None) -> int:
        start = time.perf_counter()
        print(f"  {naam:<34}", end="", flush=True)
        with connection.cursor() as cursor:
            cursor.execute(sql, params or {})
            rijen = cursor.rowcount
        duur = time.perf_counter() - start
        totaal = time.perf_counter() - self.begin
        print(f"{rijen:>11,} rijen {duur:7.1f} s   (totaal {totaal:6.0f} s)", flush=True)
        return rijen


def _eerste_onderzoeker(team: str) -> str:
    """SQL: id of the first onderzoeker of a team (ids are ((team-1)*12 + offset + 1))."""
    return f"(({team} - 1) * {PER_TEAM} + 2)"


def genereer(*, meldingen: int, nu: datetime) -> None:
    """Fill the (freshly migrated, empty) benchmark database."""
    n = meldingen
    huishoudens = max(1, math.ceil(n * 0.6))
    p = {"n": n, "nu": nu, "h": huishoudens, "jaren": JAREN, "teams": TEAMS, "gem": GEMEENTEN}
    v = Voortgang()
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT setseed(0.42)")
    _lege_standaardwaarden()

    # A new database has no dossier in any cache: the stand triggers (meldingen/dossierstand.py)
    # would only add an upsert of a million stands to every INSERT below.
    with _zonder_dossierstand():
        _organisatie(v, p)
        _personen(v, p)
        _meldingen(v, p)
        _dossiers(v, p)
        _diensten(v, p)
        _adviezen_en_overig(v, p)
    _sequenties_bijwerken()
    print("  ANALYZE …", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@contextmanager
def _zonder_dossierstand():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE NOT t.tgisinternal AND t.tgname LIKE %s",
            ["%\\_dossierstand\\_%"],
        )
        triggers = cursor.fetchall()
        for tabel, trigger in triggers:
            cursor.execute(f'ALTER TABLE "{tabel}" DISABLE TRIGGER "{trigger}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for tabel, trigger in triggers:
                cursor.execute(f'ALTER TABLE "{tabel}" ENABLE TRIGGER "{trigger}"')


def _lege_standaardwaarden() -> None:
    """Give every NOT NULL text and boolean column without a database default '' or false.

    Django keeps `blank=True` / `default=False` in Python only, so a column added to a model after
    the INSERTs below were written would make them fail; with these defaults the generator keeps
    working and the new column holds what a form leaves empty.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_nullable = 'NO'
              AND column_default IS NULL
              AND data_type IN ('text', 'character varying', 'boolean')"""
        )
        for tabel, kolom, soort in cursor.fetchall():
            waarde = "false" if soort == "boolean" else "''"
            cursor.execute(f'ALTER TABLE "{tabel}" ALTER COLUMN "{kolom}" SET DEFAULT {waarde}')


def _organisatie(v: Voortgang, p: dict) -> None:
    v.stap(
        "gemeenten",
        """INSERT INTO veiligthuis_gemeente (id, naam, cbs_code)
        SELECT g, 'Gemeente ' || lpad(g::text, 3, '0'), 'GM' || lpad(g::text, 4, '0')
        FROM generate_series(1, %(gem)s) g""",
        p,
    )
    v.stap(
        "teams",
        f"""INSERT INTO veiligthuis_team (id, naam, locatie)
        SELECT t, 'VT ' || lpad((((t - 1) / {TEAMS_PER_ORGANISATIE}) + 1)::text, 2, '0')
                  || ' team ' || (((t - 1) %% {TEAMS_PER_ORGANISATIE}) + 1), 'Locatie ' || t
        FROM generate_series(1, %(teams)s) t""",
        p,
    )
    # Gemeente g is served by team ((g - 1) % teams) + 1: two or three gemeenten per team.
    v.stap(
        "werkgebieden",
        """INSERT INTO veiligthuis_team_gemeenten (team_id, gemeente_id)
        SELECT ((g - 1) %% %(teams)s) + 1, g FROM generate_series(1, %(gem)s) g""",
        p,
    )
    rollen = ", ".join(f"({k}, '{rol}')" for k, rol in TEAMROLLEN)
    v.stap(
        "medewerkers",
        f"""INSERT INTO veiligthuis_medewerker (id, password, is_superuser, username, first_name,
            last_name, email, is_staff, is_active, date_joined, team_id, aandachtsgebied)
        SELECT (t - 1) * {PER_TEAM} + r.k + 1, '!', false,
               r.rol || '-' || t || CASE WHEN r.k BETWEEN 2 AND 8 THEN '-' || r.k ELSE '' END,
               initcap(r.rol),
               'Team ' || t, '', false, true, %(nu)s, t, ''
        FROM generate_series(1, %(teams)s) t CROSS JOIN (VALUES {rollen}) AS r(k, rol)""",
        p,
    )
    v.stap(
        "directie en beheer",
        f"""INSERT INTO veiligthuis_medewerker (id, password, is_superuser, username, first_name,
            last_name, email, is_staff, is_active, date_joined, team_id, aandachtsgebied)
        SELECT %(teams)s * {PER_TEAM} + o, '!', false,
               CASE WHEN o <= {ORGANISATIES} THEN 'directie-' || o ELSE 'beheer' END,
               'Directie', 'Organisatie ' || o, '', o > {ORGANISATIES}, true, %(nu)s, NULL, ''
        FROM generate_series(1, {ORGANISATIES + 1}) o""",
        p,
    )
    v.stap(
        "rollen",
        """INSERT INTO veiligthuis_roltoewijzing (medewerker_id, rol)
        SELECT m.id, CASE
            WHEN m.team_id IS NULL AND m.username = 'beheer' THEN 'beheer'
            WHEN m.team_id IS NULL THEN 'directie'
            ELSE split_part(m.username, '-', 1) END
        FROM veiligthuis_medewerker m""",
        p,
    )
    v.stap(
        "api-token (secretariaat team 1)",
        f"""INSERT INTO authtoken_token (key, created, user_id)
        VALUES ('bench000000000000000000000000000000token', %(nu)s, {PER_TEAM - 1})""",
        p,
    )


def _sql_tekstlijst(waarden) -> str:
    """A PostgreSQL text array literal of `waarden` (constants of this module, no user input)."""
    return "ARRAY[" + ", ".join("'" + w.replace("'", "''") + "'" for w in waarden) + "]::text[]"


def _elfproef(getal: str) -> str:
    """SQL: the 11-proef sum (weights 9..2) of the eight digits of `getal`."""
    return " + ".join(f"(({getal} / {10 ** (8 - i)}) %% 10) * {10 - i}" for i in range(1, 9))


def _hash(uitdrukking: str, zaad: int) -> str:
    """SQL: a well-spread non-negative pseudo-random number from an id (independent per zaad)."""
    return f"abs(hashint8extended(({uitdrukking})::bigint, {zaad}))"


def _personen(v: Voortgang, p: dict) -> None:
    # About two known households per postcode (Poisson: flats have more), at 300 000 postcodes
    # of the form '1234AB' — the normalised form meldingen.identiteit looks up. One in six
    # huisnummers has a toevoeging, written as intake types it ('12-A', '12 b', '3-2').
    postcodes = max(1, p["h"] // 2)
    v.stap(
        "huishoudens",
        f"""INSERT INTO meldingen_huishouden (id, straat, huisnummer, postcode, woonplaats,
            gemeente_id)
        SELECT h, 'Straat ' || (h %% 997),
               (1 + {_hash("h", 2)} %% 150)::text || CASE {_hash("h", 3)} %% 18
                   WHEN 0 THEN '-A' WHEN 1 THEN ' b' WHEN 2 THEN '-2' ELSE '' END,
               lpad((1000 + pc %% 9000)::text, 4, '0')
                 || chr((65 + ((pc / 9000) * 19 %% 676) / 26)::int)
                 || chr((65 + (pc / 9000) * 19 %% 26)::int),
               'Plaats ' || (h %% %(gem)s + 1), (h %% %(gem)s) + 1
        FROM (SELECT h, {_hash("h", 1)} %% {postcodes} AS pc
              FROM generate_series(1, %(h)s) h) x""",
        p,
    )
    # Three persons per household (ids 3h-2 .. 3h: two adults and a child, who takes the second
    # adult's surname): the same people recur with their address. Birth dates spread over 30
    # years of adults and 18 of children (≈ 100 known persons per date, the anchor of every
    # name match); one adult in twenty without one. A BSN for about two in three persons: the
    # 11-proef-valid numbers start with 1–8 (bench/koppelkwaliteit.py draws its own with a 9).
    achter = _sql_tekstlijst(a for _t, a in GEWONE_ACHTERNAMEN)
    tussen = _sql_tekstlijst(t for t, _a in GEWONE_ACHTERNAMEN)
    begin, midden, einde = map(_sql_tekstlijst, (NAAMBEGIN, NAAMMIDDEN, NAAMEINDE))
    voor, tweede = _sql_tekstlijst(VOORNAMEN), _sql_tekstlijst(TWEEDE_VOORNAMEN)
    v.stap(
        "personen",
        f"""WITH q AS (
            SELECT q, CASE WHEN q %% 3 = 0 THEN q - 1 ELSE q END AS naamdrager,
                   10000000 + (q::bigint * 7919) %% 80000000 AS acht
            FROM generate_series(1, 3 * %(h)s) q
        ), naam AS (
            SELECT q.*, {_hash("naamdrager", 4)} AS nh,
                   ({_elfproef("acht")}) %% 11 AS controle
            FROM q
        )
        INSERT INTO meldingen_persoon (id, voornamen, tussenvoegsel, achternaam, geboortedatum,
            geslacht, bsn, achternaam_sleutel)
        SELECT g.*, lower(regexp_replace({_zonder_accenten("g.achternaam")}, '[^A-Za-z]', '',
                                         'g'))
        FROM (SELECT q,
               ({voor})[1 + {_hash("q", 5)} %% {len(VOORNAMEN)}]
                 || CASE WHEN {_hash("q", 6)} %% 10 < 3
                         THEN ' ' || ({tweede})[1 + {_hash("q", 7)} %% {len(TWEEDE_VOORNAMEN)}]
                         ELSE '' END,
               CASE WHEN nh %% 7 = 0 THEN ({tussen})[1 + (nh / 7) %% {len(GEWONE_ACHTERNAMEN)}]
                    WHEN nh %% 70 = 1 THEN 'van' ELSE '' END,
               CASE WHEN nh %% 7 = 0 THEN ({achter})[1 + (nh / 7) %% {len(GEWONE_ACHTERNAMEN)}]
                    ELSE ({begin})[1 + (nh / 7) %% {len(NAAMBEGIN)}]
                         || ({midden})[1 + (nh / 210) %% {len(NAAMMIDDEN)}]
                         || ({einde})[1 + (nh / 2100) %% {len(NAAMEINDE)}] END
                 || CASE WHEN nh %% 40 = 3 AND q %% 3 <> 0
                         THEN '-' || ({achter})[1 + (nh / 40) %% {len(GEWONE_ACHTERNAMEN)}]
                         ELSE '' END,
               CASE WHEN q %% 3 = 0 THEN DATE '2007-01-01' + ({_hash("q", 8)} %% 6570)::int
                    WHEN {_hash("q", 9)} %% 20 = 0 THEN NULL
                    ELSE DATE '1965-01-01' + ({_hash("q", 8)} %% 10950)::int END,
               (ARRAY['man','vrouw','onbekend'])[(q %% 3) + 1],
               CASE WHEN controle <= 9 AND {_hash("q", 10)} %% 10 < 7
                    THEN acht::text || controle END
        FROM naam) g (id, voornamen, tussenvoegsel, achternaam, geboortedatum, geslacht, bsn)""",
        p,
    )
    _naamsleutels_controleren()
    _bsns_versleutelen(v)


def _zonder_accenten(expressie: str) -> str:
    """SQL: the accented letters of the surnames above as `achternaam_sleutel` writes them
    ('Öztürk' → 'Ozturk'), so the letters-only key below keeps them."""
    tekens = sorted(
        {teken for _t, naam in GEWONE_ACHTERNAMEN for teken in naam if ord(teken) > 127}
    )
    naar = [achternaam_sleutel(teken) for teken in tekens]
    if any(len(letter) != 1 for letter in naar):
        raise ValueError(f"Geen enkele letter voor {tekens}: {naar}")
    return f"translate({expressie}, '{''.join(tekens)}', '{''.join(naar)}')"


def _naamsleutels_controleren(steekproef: int = 2000) -> None:
    """The SQL above computes the achternaam key as letters only, in lower case, accents taken off:
    right for the generated names (tussenvoegsel in its own column). A sample is checked against the
    key `Persoon.save()` computes, so a change of either shows here, not as a missed match."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT achternaam, tussenvoegsel, achternaam_sleutel FROM meldingen_persoon"
            " WHERE id %% (SELECT greatest(count(*) / %s, 1) FROM meldingen_persoon) = 0",
            [steekproef],
        )
        for achternaam, tussenvoegsel, sleutel in cursor.fetchall():
            if sleutel != achternaam_sleutel(achternaam, tussenvoegsel):
                raise RuntimeError(
                    f"Naamsleutel van {tussenvoegsel} {achternaam!r} is {sleutel!r}, verwacht"
                    f" {achternaam_sleutel(achternaam, tussenvoegsel)!r}."
                )


def _bsns_versleutelen(v: Voortgang, partij: int = 5000) -> None:
    """The SQL above writes plain numbers; the column must hold Fernet tokens and the blind
    index (meldingen/bsn.py), which only Python can compute: per batch one SELECT and one
    UPDATE … FROM (VALUES …)."""
    start = time.perf_counter()
    print(f"  {'personen: BSN versleutelen':<34}", end="", flush=True)
    laatste, aantal = 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT id, bsn FROM meldingen_persoon WHERE bsn IS NOT NULL AND bsn_index IS NULL"
                " AND id > %s ORDER BY id LIMIT %s",
                [laatste, partij],
            )
            rijen = cursor.fetchall()
            if not rijen:
                break
            waarden = []
            for pk, bsn in rijen:
                waarden += [pk, versleutel(bsn), bsn_index(bsn)]
            cursor.execute(
                "UPDATE meldingen_persoon p SET bsn = v.bsn, bsn_index = v.idx FROM (VALUES "
                + ", ".join(["(%s::bigint, %s, %s)"] * len(rijen))
                + ") AS v(id, bsn, idx) WHERE p.id = v.id",
                waarden,
            )
            laatste, aantal = rijen[-1][0], aantal + len(rijen)
    duur = time.perf_counter() - start
    totaal = time.perf_counter() - v.begin
    print(f"{aantal:>11,} rijen {duur:7.1f} s   (totaal {totaal:6.0f} s)", flush=True)


def _meldingen(v: Voortgang, p: dict) -> None:
    # Status by age: today mostly "ontvangen"; the last month a mix of waiting and decided cases;
    # older ones closed (afgesloten, to a vervolgdienst, or overige zorg forwarded).
    v.stap(
        "meldingen",
        f"""
        WITH basis AS (
            SELECT i, random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                   random() AS r5,
                   %(nu)s::timestamptz
                     - ((%(n)s - i)::float8 / %(n)s * %(jaren)s * 365.25) * interval '1 day'
                     - interval '5 minutes' AS ontvangen_op
            FROM generate_series(1, %(n)s) i
        ), verrijkt AS (
            SELECT b.*,
                   extract(epoch FROM %(nu)s::timestamptz - b.ontvangen_op) / 86400 AS leeftijd,
                   (floor(b.r3 * %(gem)s)::int %% %(teams)s) + 1 AS team,
                   floor(b.r3 * %(gem)s)::int + 1 AS gemeente,
                   (b.ontvangen_op AT TIME ZONE 'Europe/Amsterdam')::date AS dag
            FROM basis b
        ), met_status AS (
            SELECT x.*, CASE
                WHEN leeftijd < 1 THEN CASE WHEN r2 < 0.85 THEN 'ontvangen'
                    WHEN r2 < 0.90 THEN 'acuut' ELSE 'op_triagelijst' END
                WHEN leeftijd < 30 AND r2 < 0.62 THEN CASE WHEN r2 < 0.40 THEN 'op_triagelijst'
                    WHEN r2 < 0.55 THEN 'in_beoordeling' WHEN r2 < 0.57 THEN 'acuut'
                    WHEN r2 < 0.60 THEN 'besloten' ELSE 'overige_zorg' END
                ELSE CASE WHEN r4 < 0.47 THEN 'afgesloten' WHEN r4 < 0.87 THEN 'naar_vervolgdienst'
                    ELSE 'doorgestuurd' END
                END AS status
            FROM verrijkt x
        )
        INSERT INTO meldingen_melding (id, nummer, status, ontvangen_op, vastgelegd_op, kanaal,
            soort, samenvatting, urgentie, termijn_acute_screening,
            termijn_veiligheidsbeoordeling, termijn_informeren_betrokkenen, informeren_verlengd,
            gestart_op, afgesloten_op, geanonimiseerd_op, doorgestuurd_aan, aangemaakt_door_id,
            beoordelaar_1_id, beoordelaar_2_id, gemeente_id, huishouden_id, team_id,
            radar_geen_mdo_door_id, radar_geen_mdo_reden, betrokkenen_geinformeerd_op,
            zicht_volgende_op)
        SELECT i,
               'VT-' || extract(year FROM dag) || '-' || lpad(
                   (row_number() OVER (PARTITION BY extract(year FROM dag) ORDER BY i))::text,
                   6, '0'),
               status, ontvangen_op, ontvangen_op + interval '10 minutes',
               CASE WHEN r5 < 0.6 THEN 'politie_digitaal' WHEN r5 < 0.8 THEN 'telefoon'
                    WHEN r5 < 0.9 THEN 'online_formulier' ELSE 'email' END,
               CASE WHEN r1 < 0.32 THEN 'eerste' WHEN r1 < 0.70 THEN 'hermelding'
                    ELSE 'vervolgmelding' END,
               'Zorgen over de veiligheid thuis.',
               CASE WHEN status IN ('ontvangen', 'overige_zorg', 'doorgestuurd') THEN ''
                    WHEN status = 'acuut' THEN 'acuut'
                    WHEN r1 < 0.3 THEN 'hoog' WHEN r1 < 0.75 THEN 'midden' ELSE 'laag' END,
               ontvangen_op + interval '24 hours',
               ((dag + CASE extract(isodow FROM dag) WHEN 6 THEN 6 WHEN 7 THEN 5 ELSE 7 END)
                 + time '23:59:59') AT TIME ZONE 'Europe/Amsterdam',
               ((dag + 28) + time '23:59:59') AT TIME ZONE 'Europe/Amsterdam',
               0,
               CASE WHEN status IN ('in_beoordeling', 'besloten', 'afgesloten',
                                    'naar_vervolgdienst')
                    THEN least(ontvangen_op + interval '2 days', %(nu)s) END,
               CASE WHEN status IN ('afgesloten', 'doorgestuurd')
                    THEN least(ontvangen_op + interval '9 days', %(nu)s) END,
               CASE WHEN status = 'doorgestuurd'
                    THEN least(ontvangen_op + interval '9 days', %(nu)s) END,
               CASE WHEN status = 'doorgestuurd' THEN 'Wijkteam' ELSE '' END,
               (team - 1) * {PER_TEAM} + 11,
               CASE WHEN status IN ('in_beoordeling', 'besloten', 'afgesloten',
                                    'naar_vervolgdienst')
                    THEN {_eerste_onderzoeker("team")} + floor(r4 * 8)::int END,
               CASE WHEN status IN ('in_beoordeling', 'besloten', 'afgesloten',
                                    'naar_vervolgdienst')
                    THEN {_eerste_onderzoeker("team")}
                         + ((floor(r4 * 8)::int + 1 + floor(r5 * 7)::int) %% 8) END,
               gemeente,
               CASE WHEN status = 'doorgestuurd' THEN NULL
                    ELSE 1 + ((i::bigint * 7919) %% %(h)s) END,
               team, NULL, '',
               CASE WHEN status IN ('afgesloten', 'naar_vervolgdienst', 'besloten')
                         OR leeftijd > 30
                    THEN least(ontvangen_op + interval '10 days', %(nu)s) END,
               NULL
        FROM met_status""",
        p,
    )
    v.stap(
        "melders",
        """INSERT INTO meldingen_melder (melding_id, hoedanigheid, naam, organisatie, telefoon,
            email, identiteit_delen, zet_hulp_voort)
        SELECT id, CASE WHEN kanaal = 'politie_digitaal' THEN 'politie'
                        WHEN id %% 5 = 0 THEN 'buurtbewoner' WHEN id %% 5 = 1 THEN 'gz_huisarts'
                        WHEN id %% 5 = 2 THEN 'onderwijs_basis' ELSE 'familielid' END,
               '', '', '', '', false, false
        FROM meldingen_melding""",
    )
    v.stap(
        "aanleidingen",
        """INSERT INTO meldingen_meldingaanleiding (melding_id, aanleiding)
        SELECT id, (ARRAY['partnergeweld','km_anders','km_vechtscheiding','hg_anders',
                          'ouderenmishandeling','km_kindcheck'])[(id %% 6) + 1]
        FROM meldingen_melding
        UNION ALL
        SELECT id, 'andere_problematiek' FROM meldingen_melding WHERE id %% 4 = 0""",
    )
    v.stap(
        "aarden",
        """INSERT INTO meldingen_meldingaard (melding_id, aard)
        SELECT id, (ARRAY['lichamelijke_mishandeling','psychisch_geweld','getuige',
                          'pedagogische_verwaarlozing','affectieve_verwaarlozing'])[(id %% 5) + 1]
        FROM meldingen_melding""",
    )
    # 2 or 3 of the household's three persons are directbetrokkene of each melding.
    v.stap(
        "directbetrokkenen",
        """INSERT INTO meldingen_directbetrokkene (melding_id, persoon_id, rol)
        SELECT m.id, (m.huishouden_id - 1) * 3 + k,
               (ARRAY['slachtoffer','pleger','kind'])[k]
        FROM meldingen_melding m CROSS JOIN generate_series(1, 3) k
        WHERE m.huishouden_id IS NOT NULL AND (k < 3 OR m.id %% 3 = 0)""",
    )


def _dossiers(v: Voortgang, p: dict) -> None:
    v.stap(
        "screeningen (A)",
        f"""INSERT INTO meldingen_veiligheidsbeoordelinga (melding_id, door_id, uitgevoerd_op,
            uitkomst, toelichting, tweede_oordeel_door_id, tweede_oordeel_op,
            tweede_oordeel_toelichting)
        SELECT id, {_eerste_onderzoeker("team_id")} + (id %% 8),
               least(ontvangen_op + interval '4 hours', %(nu)s),
               CASE status WHEN 'acuut' THEN 'acuut' WHEN 'overige_zorg' THEN 'overige_zorg'
                           WHEN 'doorgestuurd' THEN 'overige_zorg' ELSE 'niet_acuut' END,
               'Gescreend.',
               CASE WHEN status = 'doorgestuurd' THEN (team_id - 1) * {PER_TEAM} + 10 END,
               CASE WHEN status = 'doorgestuurd'
                    THEN least(ontvangen_op + interval '8 hours', %(nu)s) END,
               CASE WHEN status = 'doorgestuurd' THEN 'Geen huiselijk geweld.' ELSE '' END
        FROM meldingen_melding WHERE status <> 'ontvangen'""",
        p,
    )
    v.stap(
        "besluiten",
        """INSERT INTO meldingen_besluit (melding_id, route, onderbouwing, overdracht_aan,
            genomen_op, genomen_door_id)
        SELECT id,
               CASE WHEN status = 'naar_vervolgdienst'
                        THEN CASE WHEN id %% 5 < 3 THEN 'vervolg_vv' ELSE 'vervolg_onderzoek' END
                    WHEN id %% 10 < 6 THEN 'overdracht_lokaal_veld'
                    WHEN id %% 10 < 8 THEN 'afsluiten'
                    WHEN id %% 10 = 8 THEN 'overdracht_melder' ELSE 'regionaal_maatwerk' END,
               'Onderbouwing van het besluit.', '',
               least(ontvangen_op + (2 + (id %% 9)) * interval '1 day', %(nu)s - interval '1 hour'),
               beoordelaar_1_id
        FROM meldingen_melding WHERE status IN ('besloten', 'afgesloten', 'naar_vervolgdienst')""",
        p,
    )
    v.stap(
        "veiligheidsbeoordelingen (B)",
        """INSERT INTO meldingen_veiligheidsbeoordelingb (melding_id, gestart_op, afgerond_op,
            beoordelaar_1_id, beoordelaar_2_id, acute_onveiligheid, structurele_onveiligheid,
            disfunctioneren, zorgen_ontwikkeling, signalen, signaalcodes, eerdere_meldingen)
        SELECT m.id, m.gestart_op, b.genomen_op, m.beoordelaar_1_id, m.beoordelaar_2_id,
               CASE WHEN b.id IS NULL THEN '' ELSE 'nee' END,
               CASE WHEN b.id IS NULL THEN '' ELSE 'ja' END,
               CASE WHEN b.id IS NULL THEN '' ELSE 'onbekend' END,
               CASE WHEN b.id IS NULL THEN '' ELSE 'ja' END,
               '', '[]'::jsonb, ''
        FROM meldingen_melding m LEFT JOIN meldingen_besluit b ON b.melding_id = m.id
        WHERE m.gestart_op IS NOT NULL""",
    )
    # The path each final status went through; one history row per step.
    v.stap(
        "statuswijzigingen",
        """WITH pad(status, stap, van, naar) AS (VALUES
            ('acuut', 1, 'ontvangen', 'acuut'),
            ('op_triagelijst', 1, 'ontvangen', 'op_triagelijst'),
            ('overige_zorg', 1, 'ontvangen', 'overige_zorg'),
            ('doorgestuurd', 1, 'ontvangen', 'overige_zorg'),
            ('doorgestuurd', 2, 'overige_zorg', 'doorgestuurd'),
            ('in_beoordeling', 1, 'ontvangen', 'op_triagelijst'),
            ('in_beoordeling', 2, 'op_triagelijst', 'in_beoordeling'),
            ('besloten', 1, 'ontvangen', 'op_triagelijst'),
            ('besloten', 2, 'op_triagelijst', 'in_beoordeling'),
            ('besloten', 3, 'in_beoordeling', 'besloten'),
            ('afgesloten', 1, 'ontvangen', 'op_triagelijst'),
            ('afgesloten', 2, 'op_triagelijst', 'in_beoordeling'),
            ('afgesloten', 3, 'in_beoordeling', 'besloten'),
            ('afgesloten', 4, 'besloten', 'afgesloten'),
            ('naar_vervolgdienst', 1, 'ontvangen', 'op_triagelijst'),
            ('naar_vervolgdienst', 2, 'op_triagelijst', 'in_beoordeling'),
            ('naar_vervolgdienst', 3, 'in_beoordeling', 'besloten'),
            ('naar_vervolgdienst', 4, 'besloten', 'naar_vervolgdienst'))
        INSERT INTO meldingen_statuswijziging (melding_id, van, naar, door_id, op, toelichting)
        SELECT m.id, pad.van, pad.naar, coalesce(m.beoordelaar_1_id, m.aangemaakt_door_id),
               least(m.ontvangen_op + pad.stap * interval '1 day', %(nu)s), ''
        FROM meldingen_melding m JOIN pad ON pad.status = m.status""",
        p,
    )
    v.stap(
        "journaalregels",
        """INSERT INTO meldingen_journaalregel (melding_id, soort, bron, tekst, auteur_id,
            geschreven_op)
        SELECT m.id, (ARRAY['feit','mening','indruk'])[k], 'Melder', 'Notitie ' || k || '.',
               coalesce(m.beoordelaar_1_id, m.aangemaakt_door_id),
               least(m.ontvangen_op + k * interval '1 day', %(nu)s)
        FROM meldingen_melding m CROSS JOIN generate_series(1, 3) k
        WHERE m.status NOT IN ('ontvangen', 'doorgestuurd')""",
        p,
    )
    # Started cases have dated activities; a third of the waiting ones a first contact attempt.
    v.stap(
        "activiteiten",
        """INSERT INTO meldingen_activiteit (melding_id, soort, datum, met_wie, toelichting, door_id,
            vastgelegd_op)
        SELECT m.id, (ARRAY['contactpoging','gesprek'])[k],
               least(m.ontvangen_op + (1 + k) * interval '1 day', %(nu)s), 'Moeder', '',
               coalesce(m.beoordelaar_1_id, m.aangemaakt_door_id),
               least(m.ontvangen_op + (1 + k) * interval '1 day', %(nu)s)
        FROM meldingen_melding m CROSS JOIN generate_series(1, 2) k
        WHERE m.gestart_op IS NOT NULL
           OR (k = 1 AND m.status = 'op_triagelijst' AND m.id %% 3 = 0)""",
        p,
    )
    v.stap(
        "verrijkingstaken",
        """INSERT INTO meldingen_verrijkingstaak (melding_id, bron, status, resultaat,
            uitgevoerd_door_id, uitgevoerd_op)
        SELECT m.id, (ARRAY['eigen_dossiers','brp'])[k],
               CASE WHEN m.status = 'op_triagelijst' AND k = 2 THEN 'open' ELSE 'afgerond' END,
               CASE WHEN m.status = 'op_triagelijst' AND k = 2 THEN '' ELSE 'Geen bijzonderheden.'
               END,
               CASE WHEN m.status = 'op_triagelijst' AND k = 2 THEN NULL
                    ELSE m.aangemaakt_door_id END,
               CASE WHEN m.status = 'op_triagelijst' AND k = 2 THEN NULL
                    ELSE least(m.ontvangen_op + interval '1 day', %(nu)s) END
        FROM meldingen_melding m CROSS JOIN generate_series(1, 2) k
        WHERE m.status NOT IN ('ontvangen', 'overige_zorg', 'doorgestuurd')""",
        p,
    )
    v.stap(
        "consulten (MDO)",
        """INSERT INTO meldingen_consult (melding_id, vorm, datum, vraag, uitkomst,
            vastgelegd_door_id, vastgelegd_op)
        SELECT m.id, 'mdo', least(m.ontvangen_op + interval '2 days', %(nu)s), 'Vraag.',
               'Afspraken.', m.beoordelaar_1_id, least(m.ontvangen_op + interval '2 days', %(nu)s)
        FROM meldingen_melding m
        WHERE m.beoordelaar_1_id IS NOT NULL AND (m.id %% 10 = 0 OR m.urgentie = 'acuut')""",
        p,
    )
    v.stap(
        "consultdeelnemers",
        f"""INSERT INTO meldingen_consult_deelnemers (consult_id, medewerker_id)
        SELECT c.id, (m.team_id - 1) * {PER_TEAM} + r.k
        FROM meldingen_consult c JOIN meldingen_melding m ON m.id = c.melding_id
        CROSS JOIN (VALUES (1), (10)) AS r(k)""",
    )


def _diensten(v: Voortgang, p: dict) -> None:
    # Lifecycle by the age of the besluit; monitoring lasts about a year.
    v.stap(
        "vervolgdiensten",
        f"""WITH d AS (
            SELECT m.id AS melding_id, m.team_id, b.genomen_op, b.route,
                   extract(epoch FROM %(nu)s::timestamptz - b.genomen_op) / 86400 AS leeftijd,
                   (m.id * 2654435761 %% 1000) / 1000.0 AS r
            FROM meldingen_melding m JOIN meldingen_besluit b ON b.melding_id = m.id
            WHERE m.status = 'naar_vervolgdienst'
        ), s AS (
            SELECT d.*, CASE
                WHEN leeftijd < 14 THEN CASE WHEN r < 0.3 THEN 'wacht_op_start' ELSE 'lopend' END
                WHEN leeftijd < 80 THEN CASE WHEN r < 0.7 THEN 'lopend' WHEN r < 0.75 THEN 'afgerond'
                    WHEN r < 0.85 THEN 'op_ketenpartner' ELSE 'monitoring' END
                WHEN leeftijd < 450 THEN CASE WHEN r < 0.5 THEN 'monitoring'
                    WHEN r < 0.6 THEN 'overdracht' ELSE 'afgesloten' END
                ELSE CASE WHEN r < 0.95 THEN 'afgesloten' ELSE 'gestopt' END
                END AS status
            FROM d
        )
        INSERT INTO diensten_vervolgdienst (melding_id, type, status, besluit_op, termijn,
            uitvoerder_id, gestart_op, wachttijd_start, afgerond_op, afgesloten_op, gestopt_op,
            stopreden, erkenning_zorgen, hoor_en_wederhoor, verzoek_raad, melding_politie,
            overdracht_vrijwillige_hulp, afsluitbrief_op, ervaringsonderzoek, contra_indicatie)
        SELECT melding_id, CASE route WHEN 'vervolg_vv' THEN 'vv' ELSE 'onderzoek' END, status,
               genomen_op, genomen_op + interval '70 days',
               CASE WHEN status = 'wacht_op_start' THEN NULL
                    ELSE {_eerste_onderzoeker("team_id")} + (melding_id %% 8) END,
               CASE WHEN status = 'wacht_op_start' THEN NULL
                    ELSE least(genomen_op + interval '3 days', %(nu)s) END,
               CASE WHEN status = 'wacht_op_start' THEN NULL
                    ELSE least(genomen_op + interval '3 days', %(nu)s) - genomen_op END,
               CASE WHEN status IN ('afgerond', 'op_ketenpartner', 'overdracht', 'monitoring',
                                    'afgesloten')
                    THEN least(genomen_op + interval '60 days', %(nu)s - interval '1 day') END,
               CASE WHEN status = 'afgesloten'
                    THEN least(genomen_op + interval '420 days', %(nu)s) END,
               CASE WHEN status = 'gestopt' THEN genomen_op + interval '20 days' END,
               CASE WHEN status = 'gestopt' THEN 'Verhuisd.' ELSE '' END,
               '', '', false, false, false, NULL, true, ''
        FROM s""",
        p,
    )
    v.stap(
        "monitoringsmomenten",
        """INSERT INTO diensten_monitoringsmoment (dienst_id, gepland_op, uitgevoerd_op,
            voorwaarden_nagekomen, veilig, toelichting, door_id)
        SELECT d.id, (d.afgerond_op + maanden * interval '1 month')::date,
               CASE WHEN d.afgerond_op + maanden * interval '1 month' < %(nu)s - interval '2 days'
                    THEN (d.afgerond_op + maanden * interval '1 month')::date END,
               CASE WHEN d.afgerond_op + maanden * interval '1 month' < %(nu)s - interval '2 days'
                    THEN true END,
               CASE WHEN d.afgerond_op + maanden * interval '1 month' < %(nu)s - interval '2 days'
                    THEN true END,
               '',
               CASE WHEN d.afgerond_op + maanden * interval '1 month' < %(nu)s - interval '2 days'
                    THEN d.uitvoerder_id END
        FROM diensten_vervolgdienst d CROSS JOIN (VALUES (1), (3), (6), (12)) AS mm(maanden)
        WHERE d.status = 'monitoring'""",
        p,
    )


def _adviezen_en_overig(v: Voortgang, p: dict) -> None:
    v.stap(
        "adviezen",
        f"""WITH a AS (
            SELECT i, %(nu)s::timestamptz - ((1.1 * %(n)s - i)::float8 / (1.1 * %(n)s)
                     * %(jaren)s * 365.25) * interval '1 day' - interval '3 minutes' AS ontvangen_op,
                   ((i::bigint * 40503) %% %(gem)s) + 1 AS gemeente
            FROM generate_series(1, ceil(1.1 * %(n)s)::int) i
        )
        INSERT INTO meldingen_advies (nummer, status, ontvangen_op, kanaal, hoedanigheid,
            adviesvrager_naam, naam_toestemming, aanleiding, onderwerp, samenvatting, afgerond_op,
            gegeven_door_id, gemeente_id, team_id, melding_id)
        SELECT 'AD-' || extract(year FROM ontvangen_op AT TIME ZONE 'Europe/Amsterdam') || '-'
                 || lpad((row_number() OVER (
                        PARTITION BY extract(year FROM ontvangen_op AT TIME ZONE 'Europe/Amsterdam')
                        ORDER BY i))::text, 6, '0'),
               CASE WHEN ontvangen_op > %(nu)s - interval '1 day' THEN 'open' ELSE 'afgerond' END,
               ontvangen_op, 'telefoon', 'gz_huisarts', '', false, 'km_anders', 'Zorgen om kind',
               'Advies gegeven.',
               CASE WHEN ontvangen_op > %(nu)s - interval '1 day' THEN NULL
                    ELSE ontvangen_op + interval '20 minutes' END,
               {_eerste_onderzoeker("(((gemeente - 1) %% %(teams)s) + 1)")} + (i %% 8),
               gemeente, ((gemeente - 1) %% %(teams)s) + 1, NULL
        FROM a""",
        p,
    )
    v.stap(
        "nummerreeksen",
        """INSERT INTO meldingen_nummerreeks (prefix, jaar, laatste)
        SELECT split_part(nummer, '-', 1), split_part(nummer, '-', 2)::int,
               max(split_part(nummer, '-', 3)::int)
        FROM (SELECT nummer FROM meldingen_melding UNION ALL SELECT nummer FROM meldingen_advies) x
        GROUP BY 1, 2""",
    )
    # Earlier breaches, resolved when the besluit came (about one in five was late).
    v.stap(
        "signaleringen (historisch)",
        """INSERT INTO wachtlijst_signalering (melding_id, soort, team_id, termijn, ontstaan_op,
            opgelost_op)
        SELECT m.id, 'b_overschreden', m.team_id, m.termijn_veiligheidsbeoordeling,
               m.termijn_veiligheidsbeoordeling, b.genomen_op
        FROM meldingen_melding m JOIN meldingen_besluit b ON b.melding_id = m.id
        WHERE b.genomen_op > m.termijn_veiligheidsbeoordeling""",
    )
    v.stap(
        "auditregels",
        """INSERT INTO veiligthuis_auditlog (tijdstip, medewerker_id, rollen, actie, object_type,
            object_id, ip, details)
        SELECT least(m.ontvangen_op + k * interval '5 hours', %(nu)s),
               coalesce(m.beoordelaar_1_id, m.aangemaakt_door_id), 'onderzoeker',
               CASE WHEN k = 1 THEN 'melding.registreren' ELSE 'melding.inzien' END,
               'meldingen.melding', m.nummer, '10.0.0.1', '{}'::jsonb
        FROM meldingen_melding m CROSS JOIN generate_series(1, 5) k""",
        p,
    )
    v.stap(
        "wachtlijst-snapshots",
        """INSERT INTO wachtlijst_wachtlijstsnapshot (datum, team_id, wachtrij, aantal,
            mediaan_dagen, max_dagen)
        SELECT (%(nu)s::timestamptz AT TIME ZONE 'Europe/Amsterdam')::date - d, t, w,
               greatest(0, (%(n)s / 30000) + ((t * 7 + d) %% 11) - 5), 4.5, 21.0
        FROM generate_series(1, %(dagen)s) d CROSS JOIN generate_series(1, %(teams)s) t
        CROSS JOIN unnest(ARRAY['beoordeling', 'start_dienst', 'ketenpartner']) w""",
        {**p, "dagen": SNAPSHOT_DAGEN},
    )


def _sequenties_bijwerken() -> None:
    """Rows were inserted with explicit ids: move each identity sequence past the highest id."""
    tabellen = [
        "veiligthuis_gemeente",
        "veiligthuis_team",
        "veiligthuis_medewerker",
        "meldingen_huishouden",
        "meldingen_persoon",
        "meldingen_melding",
    ]
    with connection.cursor() as cursor:
        for tabel in tabellen:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{tabel}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {tabel}))"
            )
