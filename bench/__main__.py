"""`python -m bench`: generate a national-scale data set on PostgreSQL and measure the hot paths.

    python -m bench --meldingen 1000000            # (re)generate, then measure
    python -m bench --meldingen 1000000 --alleen-meten   # measure the data generated before
    python -m bench --meldingen 1000000 --alleen-genereren   # generate only, measure later

The database is `vt_bench` (veiligthuis/settings/bench.py, DATABASE_URL overrides it); generating
drops and recreates it. The table at the end compares each page with its raw SQL; the figures are
also written to bench/resultaten-<meldingen>.json for docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligthuis.settings.bench")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

DOELEN = {
    "verhouding": 3.0,
    "queries": 12,
    # Each page against the floor of an authenticated page (bench/urls.py).
    "lijst_x_vloer": 2.0,
    "dossier_x_vloer": 3.0,
    "directie_p95_ms": 250.0,
    # The per-team sections the dashboard loads after itself (htmx): they arrive while the
    # reader takes in the page, so twice the page's own target.
    "directie_per_team_p95_ms": 500.0,
    "markeer_ms": 2000.0,
    "markeer_x_grens": 2.0,
    "api_lijst_p95_ms": 60.0,
    "api_lijst_per_s": 40.0,
    "intake_per_s": 50.0,
    "identiteit_p95_ms": 25.0,
    "zoeken_p95_ms": 150.0,
}


# The PostgreSQL settings production runs with (docker-compose.yml, docs/PERFORMANCE.md): storage
# is SSD, so a random read costs little more than a sequential one, and the JIT compiler costs
# more (100-200 ms per big plan) than it saves on queries that read thousands of rows, not millions.
SERVERINSTELLINGEN = {"random_page_cost": "1.1", "jit": "off"}


def _argumenten() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--meldingen", type=int, default=100_000, help="aantal meldingen (10 jaar)")
    parser.add_argument(
        "--alleen-meten", action="store_true", help="de eerder gegenereerde gegevens hergebruiken"
    )
    parser.add_argument(
        "--alleen-genereren", action="store_true", help="alleen de gegevens genereren, niet meten"
    )
    parser.add_argument("--herhalingen", type=int, default=30, help="verzoeken per pagina (≥ 30)")
    parser.add_argument(
        "--markeer-open",
        default="10000,100000,1000000",
        help="open zaken voor markeer, komma-gescheiden (elke omvang apart gemeten)",
    )
    parser.add_argument("--intake-verzoeken", type=int, default=600)
    parser.add_argument("--intake-clients", type=int, default=8)
    # The usual gunicorn advice for CPU-bound Django: 2 × cores + 1 synchronous workers.
    parser.add_argument("--gunicorn-werkers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--gunicorn-threads", type=int, default=1)
    parser.add_argument("--zonder-intake", action="store_true", help="de intakemeting overslaan")
    parser.add_argument(
        "--identiteit-records",
        type=int,
        default=400,
        help="intakerecords voor identiteitsresolutie",
    )
    parser.add_argument("--zoekvragen", type=int, default=40, help="zoekvragen per soort")
    parser.add_argument(
        "--koppel-personen",
        type=int,
        default=2000,
        help="personen voor de meting van de koppelkwaliteit (tussen de landelijke gegevens)",
    )
    return parser.parse_args()


def _database_opnieuw() -> None:
    """Drop and create the benchmark database (only one whose name starts with vt_bench)."""
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    naam = db["NAME"]
    if not naam.startswith("vt_bench"):
        sys.exit(
            f"Weigering: de benchmark wist alleen databases die met vt_bench beginnen ({naam})."
        )
    with psycopg.connect(
        dbname="postgres",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    ) as verbinding:
        verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        verbinding.execute(f'CREATE DATABASE "{naam}"')
        for instelling, waarde in SERVERINSTELLINGEN.items():
            verbinding.execute(f'ALTER DATABASE "{naam}" SET {instelling} = {waarde}')


def _genereren(meldingen: int) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from bench.genereren import genereer
    from wachtlijst.dashboard import maandcijfers_bijwerken
    from wachtlijst.services import termijnen_markeer, zicht_plannen

    print("Database opnieuw aanmaken en migreren …", flush=True)
    _database_opnieuw()
    call_command("migrate", verbosity=0)
    print(
        f"Genereren: {meldingen:,} meldingen met dossiers, diensten, adviezen en audit", flush=True
    )
    start = time.perf_counter()
    nu = timezone.now()
    genereer(meldingen=meldingen, nu=nu)
    print(
        "  zicht plannen, termijnen markeren, maandcijfers (zoals de dagelijkse taken) …",
        flush=True,
    )
    zicht_plannen()
    termijnen_markeer(nu=nu)
    maandcijfers_bijwerken(nu=nu)
    duur = time.perf_counter() - start
    print(f"Klaar in {duur:.0f} s.\n", flush=True)
    return {"generatie_s": round(duur, 1)}


def _omvang() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        grootte = cursor.fetchone()[0]
        aantallen = {}
        for tabel in (
            "meldingen_melding",
            "meldingen_advies",
            "meldingen_persoon",
            "meldingen_directbetrokkene",
            "meldingen_journaalregel",
            "meldingen_statuswijziging",
            "diensten_vervolgdienst",
            "wachtlijst_signalering",
            "veiligthuis_auditlog",
        ):
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [tabel])
            aantallen[tabel] = cursor.fetchone()[0]
    return {"database": grootte, "rijen": aantallen}


def _fmt(waarde, formaat: str = ".1f") -> str:
    return "—" if waarde is None else format(waarde, formaat)


def _tabel(
    metingen, markeer_metingen, intake: dict | None, api_lijst=None, api_gelijktijdig=None
) -> str:
    from bench.meten import DOSSIER_KOUD, TRIAGE_KOUD

    regels = [
        f"{'meting':<38}{'median ms':>10}{'p95 ms':>9}{'SQL ms':>9}{'×SQL':>7}{'DB ms':>8}"
        f"{'queries':>9}{'×vloer':>8}  doel",
        "-" * 116,
    ]
    for m in metingen:
        x_vloer = m.extra.get("x_vloer")
        if m.naam.startswith("naïef") or m.naam.startswith("vloer"):
            doel, gehaald = "ter vergelijking", None
        elif m.naam == "directiedashboard":
            # The issue sets only a time for the dashboard; its query count is checked as
            # constant by tests/test_prestaties.py.
            doel = "p95 ≤ 250 ms"
            gehaald = m.p95_ms <= DOELEN["directie_p95_ms"]
        elif m.naam.startswith("directie per team"):
            doel = "p95 ≤ 500 ms (na de pagina geladen)"
            gehaald = m.p95_ms <= DOELEN["directie_per_team_p95_ms"]
        else:
            # Each target with its own mark. "≤ 3× SQL" is the first round's (issue 7), which no
            # page can meet: the floor itself is 8× its one query (PERFORMANCE.md, "Why a full
            # page cannot be within 3× of a 3 ms query"); issue 18 measures against the floor.
            delen = [("≤ 12 queries", m.queries <= DOELEN["queries"])]
            if m.naam not in (TRIAGE_KOUD, DOSSIER_KOUD):
                # The floor target is the page as users get it; the cold rows show what a change
                # costs (the table or sections made afresh, bench.meten.meet_pagina koud).
                x_doel = (
                    DOELEN["dossier_x_vloer"]
                    if m.naam == "meldingdossier"
                    else DOELEN["lijst_x_vloer"]
                )
                delen.insert(0, (f"≤ {x_doel:.0f}× vloer", x_vloer <= x_doel))
            delen.append(("≤ 3× SQL", m.verhouding <= DOELEN["verhouding"]))
            doel = ", ".join(f"{tekst} {'✓' if ok else '✗'}" for tekst, ok in delen)
            gehaald = None
        teken = "" if gehaald is None else (" ✓" if gehaald else " ✗")
        regels.append(
            f"{m.naam:<38}{_fmt(m.median_ms):>10}{_fmt(m.p95_ms):>9}{_fmt(m.sql_median_ms, '.2f'):>9}"
            f"{_fmt(m.verhouding):>7}{_fmt(m.extra.get('db_ms')):>8}{m.queries:>9}"
            f"{_fmt(x_vloer):>8}  {doel}{teken}"
        )
    if api_lijst is not None:
        e = api_lijst.extra
        gehaald = api_lijst.p95_ms <= DOELEN["api_lijst_p95_ms"] and e["plan_met_indexen"]
        regels.append(
            f"{api_lijst.naam:<38}{_fmt(api_lijst.median_ms):>10}{_fmt(api_lijst.p95_ms):>9}"
            f"{'':>9}{'':>7}{_fmt(e['db_ms']):>8}{api_lijst.queries:>9}"
            f"  p95 ≤ 60 ms, plan met indexen {'✓' if gehaald else '✗'}"
        )
        regels.append(
            f"{'  volgende pagina (cursor)':<38}{_fmt(e['volgende_median_ms']):>10}"
            f"{_fmt(e['volgende_p95_ms']):>9}{'':>9}{'':>7}{'':>8}{'':>9}"
            f"  ({e['zichtbaar']:,} meldingen van het team; EXPLAIN zonder Seq Scan/Hash Join)"
        )
    if api_gelijktijdig is not None:
        g = api_gelijktijdig
        gehaald = g["per_seconde"] >= DOELEN["api_lijst_per_s"] and not g["fouten"]
        regels.append(
            f"{'  ' + str(g['clients']) + ' clients over HTTP (req/s)':<38}"
            f"{_fmt(g['per_seconde']):>10}{_fmt(g['p95_ms']):>9}{'':>9}{'':>7}{'':>8}{'':>9}"
            f"  ≥ 40 req/s, 0 fouten {'✓' if gehaald else '✗'} (p50 {_fmt(g['p50_ms'])} ms, "
            f"gunicorn {g['werkers']} workers, {g['fouten']} fouten)"
        )
    # Queries of the project must not depend on the number of open cases (same at every size).
    vast = len({m.extra["tweede_queries"] for m in markeer_metingen}) <= 1
    for m in markeer_metingen:
        e = m.extra
        for run, uitleg in (("tweede", "steady state, 15 min later"), ("eerste", "eerste run")):
            verhouding = e[f"{run}_ms"] / e[f"grens_{run}_ms"]
            gehaald = verhouding <= DOELEN["markeer_x_grens"] and vast and e["zelfde_uitkomst"]
            naam = m.naam if run == "tweede" else f"  {uitleg}"
            regels.append(
                f"{naam:<38}{_fmt(e[f'{run}_ms'], '.0f'):>10}{'':>9}"
                f"{_fmt(e[f'grens_{run}_ms'], '.0f'):>9}{verhouding:>7.1f}{'':>8}"
                f"{e[f'{run}_queries']:>9}  ≤ 2× handgeschreven, vast aantal queries "
                f"{'✓' if gehaald else '✗'}"
            )
        regels.append(
            f"  {e['open']:,} open zaken, {e['open_signaleringen']:,} open signaleringen, "
            f"{e['notificaties']:,} notificaties; handgeschreven grens "
            f"{e['grens_tweede_queries']} statements, zelfde uitkomst: "
            f"{'ja' if e['zelfde_uitkomst'] else 'NEE'}"
        )
    if intake is not None:
        gehaald = intake["per_seconde"] >= DOELEN["intake_per_s"] and intake["fouten"] == 0
        regels.append(
            f"{'API-intake (meldingen/s)':<38}{intake['per_seconde']:>10.1f}{'':>9}{'':>9}{'':>7}"
            f"{'':>8}{'':>9}  ≥ 50/s, {intake['fouten']} fouten {'✓' if gehaald else '✗'}"
        )
        regels.append(
            f"  {intake['gelukt']} van {intake['verzoeken']} in {intake['seconden']:.1f} s; "
            f"{intake['clients']} clients, gunicorn {intake['werkers']} workers × "
            f"{intake['threads']} threads"
        )
        if intake["eerste_fout"]:
            regels.append(f"  eerste fout: {intake['eerste_fout']}")
        i = intake.get("identiteit")
        if i:
            regels.append(
                f"  identiteit: {i['bekende_personen']} van {i['betrokkenen']} betrokkenen "
                f"gekoppeld aan een bekende persoon, {i['bekende_huishoudens']} meldingen op een "
                f"bekend adres; soort {i['soorten']} (incl. opwarmen)"
            )
    return "\n".join(regels)


def _identiteit_tabel(uitkomst: dict) -> str:
    """Identity resolution per intake record and header search, with their targets."""

    def regel(naam: str, v: dict, doel: str = "", gehaald: bool | None = None) -> str:
        teken = "" if gehaald is None else (" ✓" if gehaald else " ✗")
        return (
            f"{naam:<38}{v['median_ms']:>10.2f}{v['p95_ms']:>9.2f}{v['max_ms']:>9.1f}"
            f"{v['queries_median']:>7.0f}{v['queries_max']:>6}  {doel}{teken}"
        )

    doel_id, doel_zoek = DOELEN["identiteit_p95_ms"], DOELEN["zoeken_p95_ms"]
    regels = [
        f"{'meting':<38}{'median ms':>10}{'p95 ms':>9}{'max ms':>9}{'q med':>7}{'q max':>6}  doel",
        "-" * 100,
    ]
    resolutie = uitkomst["resolutie"]
    alle = resolutie["alle"]
    regels.append(
        regel(
            f"identiteit per record ({alle['aantal']})",
            alle,
            f"p95 ≤ {doel_id:.0f} ms",
            alle["p95_ms"] <= doel_id,
        )
    )
    regels.append(
        f"  waarvan database {alle['db_median_ms']} ms, Python (CPU) {alle['cpu_median_ms']} ms"
        " (medianen)"
    )
    for soort, v in resolutie.items():
        if soort != "alle":
            regels.append(regel(f"  {soort} ({v['aantal']})", v, str(v["uitkomsten"])))
    regels.append(
        regel(
            "  naïef: ILIKE achternaam, alle personen",
            uitkomst["naief_persoon"],
            "ter vergelijking",
        )
    )
    for soort, delen in uitkomst["zoeken"].items():
        v = delen["selector"]
        regels.append(
            regel(
                f"zoeken {soort} ({v['aantal']})",
                v,
                f"p95 ≤ {doel_zoek:.0f} ms {v['uitkomsten']}",
                v["p95_ms"] <= doel_zoek,
            )
        )
        regels.append(regel("  pagina /zoeken/", delen["pagina"], "ter informatie"))
    regels.append(
        regel(
            "  naïef: ILIKE naam + datum, geen index", uitkomst["naief_zoeken"], "ter vergelijking"
        )
    )
    regels.append(
        f"  {uitkomst['personen']:,} personen ({uitkomst['personen_met_bsn']:,} met BSN), "
        f"{uitkomst['huishoudens']:,} huishoudens; zoeken als {uitkomst['onderzoeker']}"
    )
    return "\n".join(regels)


def _koppelkwaliteit(personen: int) -> dict:
    """bench/koppelkwaliteit.py among the national data (more birth-date namesakes), rolled back."""
    from django.db import transaction

    from bench.koppelkwaliteit import meet

    with transaction.atomic():
        start = time.perf_counter()
        resultaat = meet(personen=personen)
        duur = time.perf_counter() - start
        transaction.set_rollback(True)
    return {
        "foute_koppelingen": resultaat.foute_koppelingen,
        "recall": round(resultaat.recall, 4),
        "kandidaten_gemiddeld": round(resultaat.kandidaten_gemiddeld, 3),
        "records": resultaat.records,
        "ms_per_record": round(1000 * duur / max(resultaat.records, 1), 2),
        "regels": [
            *resultaat.regels(),
            f"{1000 * duur / max(resultaat.records, 1):.2f} ms per record (zoeken, zonder intake)",
        ],
    }


def main() -> None:
    args = _argumenten()
    django.setup()
    from bench import meten
    from bench.cbs import meet as meet_cbs
    from bench.cbs import regels as cbs_regels
    from bench.identiteit import meet as meet_identiteit
    from bench.intake import meet_intake
    from bench.sturing import meet as meet_sturing
    from bench.sturing import regels as sturing_regels

    uitkomst: dict = {"meldingen": args.meldingen}
    if not args.alleen_meten:
        uitkomst |= _genereren(args.meldingen)
        if args.alleen_genereren:
            return
    uitkomst["omvang"] = _omvang()
    # Earlier runs leave dead rows (markeer is rolled back, intake rows deleted); production has
    # autovacuum for that. Without it the partial indexes of open cases bloat from run to run.
    print("VACUUM ANALYZE (wat autovacuum in productie doet) …", flush=True)
    with meten.psycopg_verbinding() as verbinding:
        verbinding.execute("VACUUM (ANALYZE)")
    print(f"Meten ({args.herhalingen} verzoeken per pagina) …", flush=True)
    metingen = meten.meet_paginas(args.herhalingen)
    print("Identiteitsresolutie en zoeken meten …", flush=True)
    identiteit = meet_identiteit(
        records=args.identiteit_records,
        zoekvragen=args.zoekvragen,
        team_id=meten.drukste_team(),
    )
    # Printed now too: a later step that fails (a migration not yet applied) must not lose it.
    print(_identiteit_tabel(identiteit), flush=True)
    print("API-lijst meten (GET /api/v1/meldingen/, 1 client, EXPLAIN-controle) …", flush=True)
    api_lijst = meten.meet_api_lijst(args.herhalingen)
    print("API-lijst meten met 32 clients tegelijk (gunicorn) …", flush=True)
    api_gelijktijdig = meten.meet_api_lijst_gelijktijdig(werkers=args.gunicorn_werkers)
    print("Markeren meten (project en handgeschreven grens) …", flush=True)
    markeer = []
    for n in sorted({int(x) for x in args.markeer_open.split(",") if x.strip()}):
        print(f"  {n:,} open …", flush=True)
        markeer.append(meten.meet_markeren(n))
    intake = None
    if not args.zonder_intake:
        print("Intake meten met gunicorn …", flush=True)
        intake = meet_intake(
            verzoeken=args.intake_verzoeken,
            clients=args.intake_clients,
            werkers=args.gunicorn_werkers,
            threads=args.gunicorn_threads,
        )
    print("Sturingsinformatie meten (rapportage, prognose) …", flush=True)
    sturing = meet_sturing()
    print("CBS-aanlevering meten (laatste volledige halfjaar, teruggedraaid) …", flush=True)
    cbs = meet_cbs()
    print("Koppelkwaliteit meten (identiteitsresolutie, bekende waarheid) …", flush=True)
    koppeling = _koppelkwaliteit(args.koppel_personen)
    print()
    print(
        f"Benchmark: {args.meldingen:,} meldingen, database {uitkomst['omvang']['database']}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(_tabel(metingen, markeer, intake, api_lijst, api_gelijktijdig))
    print("\nIdentiteitsresolutie per intakerecord en zoeken in de kopbalk:")
    print(_identiteit_tabel(identiteit))
    print("\nSturingsinformatie (wachtlijst/rapportages, wachtlijst/prognose.py):")
    for regel in sturing_regels(sturing):
        print(f"  {regel}")
    print("\nCBS-aanlevering (verantwoording/cbs):")
    for regel in cbs_regels(cbs):
        print(f"  {regel}")
    print("\nKoppelkwaliteit (meldingen/identiteit.py, tussen de gegenereerde personen):")
    for regel in koppeling["regels"]:
        print(f"  {regel}")
    uitkomst["paginas"] = [{**m.__dict__, "verhouding": m.verhouding} for m in metingen]
    uitkomst["markeer"] = [m.__dict__ for m in markeer]
    uitkomst["api_lijst"] = api_lijst.__dict__
    uitkomst["api_lijst_gelijktijdig"] = api_gelijktijdig
    uitkomst["intake"] = intake
    uitkomst["koppelkwaliteit"] = koppeling
    uitkomst["sturing"] = sturing
    uitkomst["cbs"] = cbs
    uitkomst["identiteit"] = identiteit
    pad = Path(__file__).resolve().parent / f"resultaten-{args.meldingen}.json"
    pad.write_text(json.dumps(uitkomst, indent=2, default=str))
    print(
        f"\nResultaten ook in {pad.relative_to(Path.cwd()) if pad.is_relative_to(Path.cwd()) else pad}"
    )


if __name__ == "__main__":
    main()
