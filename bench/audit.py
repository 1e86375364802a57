"""Bench: "who viewed this dossier" (`veiligthuis.audit.inzage_van`) on a partitioned audit log of
tens of millions of rows. `python -m bench.audit --regels 50000000` (issue 18: p95 ≤ 200 ms).

It builds a database of its own (`vt_audit`, migrated, so partitioned as in production), with a
few hundred medewerkers and the rows spread over 24 months: each case number about 25 times as
the object of an entry, and 5 % of the entries a list call naming three numbers. The indexes are
built after the rows, as a restore would. It measures the inzage for random case numbers (the
ORM query the beheer page runs, first page of 100), hand-written SQL of the same, prints the
plan, and drops the database again unless `--bewaren` (the replica CI starts would otherwise copy
it).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

import psycopg

NAAM = "vt_audit"
SERVER = "postgres://postgres@127.0.0.1:5432"
DOEL_P95_MS = 200.0
PER_KEER = 5_000_000
NUMMERS = 2_000_000  # distinct case numbers; ~25 object entries each at 50 M rows
INDEXEN = (
    "CREATE INDEX veiligthuis_auditlog_tijdstip_7036d64c ON veiligthuis_auditlog (tijdstip)",
    "CREATE INDEX veiligthuis_auditlog_medewerker_id_e6fa98f5 "
    "ON veiligthuis_auditlog (medewerker_id)",
    "CREATE INDEX audit_object_idx ON veiligthuis_auditlog (object_type, object_id)",
    "CREATE INDEX audit_object_id_idx ON veiligthuis_auditlog (object_id)",
    "CREATE INDEX audit_nummers_gin ON veiligthuis_auditlog "
    "USING gin ((details -> 'nummers') jsonb_path_ops)",
)


def _nummer(i: int) -> str:
    return f"VT-{2025 + i % 2}-{i % NUMMERS:07d}"


def _vullen(url: str, regels: int) -> float:
    begin = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as verbinding:
        verbinding.execute("SET synchronous_commit = off")
        verbinding.execute("SET maintenance_work_mem = '512MB'")
        verbinding.execute(
            "INSERT INTO veiligthuis_medewerker (password, is_superuser, username, first_name, "
            "last_name, email, is_staff, is_active, date_joined, aandachtsgebied) "
            "SELECT '', false, 'audit-' || g, 'Mede', 'Werker ' || g, '', false, true, now(), '' "
            "FROM generate_series(1, 400) g"
        )
        for naam in (
            "audit_object_idx",
            "audit_object_id_idx",
            "audit_nummers_gin",
            "veiligthuis_auditlog_tijdstip_7036d64c",
            "veiligthuis_auditlog_medewerker_id_e6fa98f5",
        ):
            verbinding.execute(f"DROP INDEX IF EXISTS {naam}")
        eerste = verbinding.execute("SELECT min(id) FROM veiligthuis_medewerker").fetchone()[0]
        for start in range(0, regels, PER_KEER):
            aantal = min(PER_KEER, regels - start)
            verbinding.execute(
                """INSERT INTO veiligthuis_auditlog
                       (tijdstip, medewerker_id, rollen, actie, object_type, object_id, ip, details)
                   SELECT now() - (g %% (730 * 1440)) * interval '1 minute',
                          %(eerste)s + g %% 400, 'onderzoeker',
                          CASE WHEN g %% 20 = 0 THEN 'triagelijst.bekijken'
                               ELSE 'melding.inzien' END,
                          CASE WHEN g %% 20 = 0 THEN '' ELSE 'meldingen.melding' END,
                          CASE WHEN g %% 20 = 0 THEN ''
                               ELSE 'VT-' || (2025 + g %% 2) || '-'
                                    || lpad((g %% %(nummers)s)::text, 7, '0') END,
                          '10.0.0.1',
                          CASE WHEN g %% 20 = 0 THEN jsonb_build_object(
                                   'aantal', 3,
                                   'nummers', jsonb_build_array(
                                       'VT-' || (2025 + (g * 7) %% 2) || '-'
                                           || lpad(((g * 7) %% %(nummers)s)::text, 7, '0'),
                                       'VT-' || (2025 + (g * 11) %% 2) || '-'
                                           || lpad(((g * 11) %% %(nummers)s)::text, 7, '0'),
                                       'VT-' || (2025 + (g * 13) %% 2) || '-'
                                           || lpad(((g * 13) %% %(nummers)s)::text, 7, '0')))
                               ELSE '{}'::jsonb END
                   FROM generate_series(%(van)s, %(tot)s) g""",
                {"eerste": eerste, "nummers": NUMMERS, "van": start + 1, "tot": start + aantal},
            )
            print(f"  {start + aantal:>12,} regels  ({time.perf_counter() - begin:6.0f} s)")
        for opdracht in INDEXEN:
            verbinding.execute(opdracht)
        print(f"  indexen gebouwd ({time.perf_counter() - begin:6.0f} s)")
        verbinding.execute("ANALYZE veiligthuis_auditlog")
    return time.perf_counter() - begin


def _p95(waarden: list[float]) -> float:
    return sorted(waarden)[max(0, int(round(0.95 * len(waarden))) - 1)]


def meten(herhalingen: int) -> dict:
    from django.db import connection

    from veiligthuis.audit import inzage_van

    kansen = random.Random(18)
    nummers = [_nummer(kansen.randrange(NUMMERS)) for _ in range(herhalingen)]
    orm, ruw, rijen = [], [], []
    for nummer in nummers:
        begin = time.perf_counter()
        rijen.append(len(list(inzage_van([nummer])[:100])))
        orm.append((time.perf_counter() - begin) * 1000)
    with connection.cursor() as cursor:
        for nummer in nummers:
            begin = time.perf_counter()
            cursor.execute(
                """SELECT a.*, m.first_name, m.last_name FROM veiligthuis_auditlog a
                   JOIN veiligthuis_medewerker m ON m.id = a.medewerker_id
                   WHERE (a.object_id = %s OR (a.details -> 'nummers') @> %s::jsonb)
                     AND a.actie NOT LIKE 'auditlog.%%'
                   ORDER BY a.tijdstip DESC, a.id DESC LIMIT 100""",
                [nummer, f'["{nummer}"]'],
            )
            cursor.fetchall()
            ruw.append((time.perf_counter() - begin) * 1000)
        sql, params = inzage_van([nummers[0]])[:100].query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
        cursor.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'veiligthuis_auditlog'::regclass"
        )
        partities = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM veiligthuis_auditlog")
        totaal = cursor.fetchone()[0]
    return {
        "orm_median": statistics.median(orm),
        "orm_p95": _p95(orm),
        "ruw_median": statistics.median(ruw),
        "ruw_p95": _p95(ruw),
        "rijen_median": statistics.median(rijen),
        "plan": plan,
        "partities": partities,
        "totaal": totaal,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regels", type=int, default=50_000_000)
    parser.add_argument("--herhalingen", type=int, default=50)
    parser.add_argument("--bewaren", action="store_true", help="de database niet weggooien")
    parser.add_argument("--alleen-meten", action="store_true", help="vt_audit bestaat al")
    args = parser.parse_args()

    url = f"{SERVER}/{NAAM}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligthuis.settings.bench")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if not args.alleen_meten:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as beheer:
            beheer.execute(f"DROP DATABASE IF EXISTS {NAAM}")
            beheer.execute(f"CREATE DATABASE {NAAM}")
    import django

    django.setup()
    from django.core.management import call_command

    try:
        if not args.alleen_meten:
            call_command("migrate", verbosity=0)
            print(f"{args.regels:,} auditregels maken in {NAAM} …")
            duur = _vullen(url, args.regels)
            print(f"Gevuld in {duur:.0f} s.")
        uitkomst = meten(args.herhalingen)
    finally:
        if not args.bewaren:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as beheer:
                beheer.execute(f"DROP DATABASE IF EXISTS {NAAM} WITH (FORCE)")
    gehaald = uitkomst["orm_p95"] <= DOEL_P95_MS
    print(
        f"\ninzage 'wie zag dit dossier' bij {uitkomst['totaal']:,} auditregels in "
        f"{uitkomst['partities']} partities ({args.herhalingen} zaaknummers, eerste 100 regels; "
        f"mediaan {uitkomst['rijen_median']:.0f} regels per zaak):\n"
        f"  project (ORM)      median {uitkomst['orm_median']:7.1f} ms  p95 "
        f"{uitkomst['orm_p95']:7.1f} ms   doel p95 ≤ {DOEL_P95_MS:.0f} ms {'✓' if gehaald else '✗'}\n"
        f"  handgeschreven SQL median {uitkomst['ruw_median']:7.1f} ms  p95 "
        f"{uitkomst['ruw_p95']:7.1f} ms\n\nplan:\n{uitkomst['plan']}"
    )
    return 0 if gehaald else 1


if __name__ == "__main__":
    raise SystemExit(main())
