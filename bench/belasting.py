"""`python -m bench.belasting` (`make load`): a load test with locust against gunicorn.

    python -m bench.belasting                      # 50 users, 90 s, on the demo data
    python -m bench.belasting --gebruikers 20 --duur 60 --opnieuw

The database is `vt_bench_last` (DATABASE_URL overrides it; only a name starting with vt_bench is
ever dropped): built once with the demo data (`--opnieuw` rebuilds it), then reused. gunicorn runs
with the bench settings (DEBUG off, as in production) on a free port on 127.0.0.1 with 2 × cores
+ 1 synchronous workers; locust runs headless in a separate process on the same machine, bounded
by `--duur` (at most 120 s), and its users are in `bench/last.py`.

Printed, with the targets: requests, throughput, p50/p95/p99 per request kind and overall,
errors, and the CPU time per request of the gunicorn workers and of the PostgreSQL backends they
use (from /proc). Also written to bench/last-resultaten.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligthuis.settings.bench")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vt_bench_last")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

DOEL_P95_MS = 1000.0
MAX_DUUR_S = 120
# Per 50 users: the busy moment of an organisation with a few teams on duty.
VERDELING = {
    "onderzoeker": 25,
    "werkbegeleider": 8,
    "secretariaat": 6,
    "directie": 4,
    "politie": 7,
}


def _argumenten() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.belasting", description=__doc__)
    parser.add_argument("--gebruikers", type=int, default=50)
    parser.add_argument("--duur", type=int, default=90, help=f"seconden (≤ {MAX_DUUR_S})")
    parser.add_argument("--meldingen", type=int, default=1500, help="omvang van de demodata")
    parser.add_argument("--opnieuw", action="store_true", help="de database opnieuw opbouwen")
    parser.add_argument("--werkers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    return parser.parse_args()


def _verbinding(dbname: str):
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=dbname,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    )


def _database(opnieuw: bool, meldingen: int) -> None:
    """Create and fill the load-test database when it is not there (or `opnieuw`)."""
    from django.conf import settings
    from django.core.management import call_command

    naam = settings.DATABASES["default"]["NAME"]
    if not naam.startswith("vt_bench"):
        sys.exit(
            f"Weigering: de belastingtest wist alleen databases die met vt_bench beginnen ({naam})."
        )
    with _verbinding("postgres") as verbinding:
        bestaat = verbinding.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [naam]
        ).fetchone()
        if bestaat and not opnieuw:
            nieuw = False
        else:
            verbinding.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
            verbinding.execute(f'CREATE DATABASE "{naam}"')
            nieuw = True
    call_command("migrate", verbosity=0)
    if nieuw:
        print(f"Demodata laden ({meldingen} meldingen) in {naam} …", flush=True)
        call_command("demo_data", meldingen=meldingen, adviezen=meldingen // 3)


def _gegevens(gebruikers: int) -> dict:
    """What the locust users may open, from the data as it is now."""
    from bench.intake import politiekoppeling
    from demo.organisatie import DEMO_WACHTWOORD
    from meldingen.models import Melding
    from veiligthuis.models import Gemeente, Medewerker
    from veiligthuis.rechten import casus_filter

    dossiers = {}
    for rol in ("onderzoeker", "werkbegeleider"):
        medewerker = Medewerker.objects.get(username=rol)
        nummers = list(
            Melding.objects.filter(casus_filter(medewerker))
            .order_by("-ontvangen_op")
            .values_list("nummer", flat=True)[:200]
        )
        if not nummers:
            sys.exit(f"De demodata geven {rol} geen dossiers; bouw opnieuw met --opnieuw.")
        dossiers[rol] = nummers
    aantallen = {rol: max(1, round(n * gebruikers / 50)) for rol, n in VERDELING.items()}
    aantallen["onderzoeker"] += gebruikers - sum(aantallen.values())
    return {
        "wachtwoord": DEMO_WACHTWOORD,
        "dossiers": dossiers,
        "zoektermen": dossiers["onderzoeker"][:40],
        "aantallen": aantallen,
        "token": politiekoppeling(),
        "gemeente": Gemeente.objects.order_by("pk").values_list("cbs_code", flat=True).first(),
        "reeks": 1000 + int(time.time()) % 9000,
    }


def _cpu_s(pids: list[int]) -> float:
    """User + system CPU seconds of these processes (those that still exist)."""
    tikken = os.sysconf("SC_CLK_TCK")
    totaal = 0
    for pid in pids:
        try:
            velden = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        totaal += int(velden[11]) + int(velden[12])
    return totaal / tikken


def _kinderen(pid: int) -> list[int]:
    uitvoer = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(regel) for regel in uitvoer.split()]


def _backends() -> list[int]:
    from django.conf import settings

    with _verbinding("postgres") as verbinding:
        rijen = verbinding.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [settings.DATABASES["default"]["NAME"]],
        ).fetchall()
    return [pid for (pid,) in rijen]


def _statistieken(pad: Path) -> list[dict]:
    with pad.open(newline="") as bestand:
        return list(csv.DictReader(bestand))


def _ms(rij: dict, sleutel: str) -> float:
    waarde = rij.get(sleutel) or "0"
    return float(waarde) if waarde != "N/A" else 0.0


def main() -> None:
    args = _argumenten()
    if args.duur > MAX_DUUR_S:
        sys.exit(f"--duur is ten hoogste {MAX_DUUR_S} seconden.")
    django.setup()
    from django.conf import settings

    from bench.intake import _vrije_poort, _wacht_op_server
    from meldingen.models import Melding

    _database(args.opnieuw, args.meldingen)
    gegevens = _gegevens(args.gebruikers)
    meldingen_voor = Melding.objects.count()
    map_ = Path(tempfile.mkdtemp(prefix="vt-last-"))
    (map_ / "gegevens.json").write_text(json.dumps(gegevens))
    poort = _vrije_poort()
    bin_ = Path(sys.executable).parent
    omgeving = {
        **os.environ,
        "VT_LAST_GEGEVENS": str(map_ / "gegevens.json"),
        # The ceilings protect production from one runaway client; here 50 users share a few
        # accounts and one police token, so they are lifted for the run.
        "VT_API_RATE_POLITIE": "1000000/min",
        "VT_API_RATE_GEBRUIKER": "1000000/min",
    }
    gunicorn = subprocess.Popen(
        [str(bin_ / "gunicorn"), "veiligthuis.wsgi", "--workers", str(args.werkers),
         "--bind", f"127.0.0.1:{poort}", "--log-level", "warning"],
        cwd=settings.BASE_DIR,
        env=omgeving,
    )  # fmt: skip
    try:
        _wacht_op_server(poort, gunicorn)
        for _ in range(2 * args.werkers):
            urllib.request.urlopen(f"http://127.0.0.1:{poort}/inloggen/", timeout=30).read()
        werkers = _kinderen(gunicorn.pid)
        backends_voor = {pid: _cpu_s([pid]) for pid in _backends()}
        cpu_werkers_voor = _cpu_s(werkers)
        print(
            f"Belasting: {args.gebruikers} gebruikers, {args.duur} s, gunicorn "
            f"{args.werkers} workers op 127.0.0.1:{poort} …",
            flush=True,
        )
        start = time.perf_counter()
        locust = subprocess.run(
            [str(bin_ / "locust"), "-f", str(Path(__file__).with_name("last.py")),
             "--headless", "--users", str(args.gebruikers),
             "--spawn-rate", str(max(1, args.gebruikers // 10)),
             "--run-time", f"{args.duur}s", "--stop-timeout", "10",
             "--host", f"http://127.0.0.1:{poort}", "--csv", str(map_ / "last"),
             "--only-summary", "--loglevel", "WARNING"],
            cwd=settings.BASE_DIR,
            env=omgeving,
        )  # fmt: skip
        duur = time.perf_counter() - start
        cpu_werkers = _cpu_s(werkers) - cpu_werkers_voor
        # A backend that was already there counts from its earlier reading; new ones from 0.
        cpu_db = sum(_cpu_s([pid]) - backends_voor.get(pid, 0.0) for pid in _backends())
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
    rijen = _statistieken(map_ / "last_stats.csv")
    nieuw = Melding.objects.count() - meldingen_voor
    print(_verslag(rijen, args, duur, cpu_werkers, cpu_db, locust.returncode, nieuw))


def _verslag(
    rijen: list[dict], args, duur: float, cpu_werkers: float, cpu_db: float, code: int, nieuw: int
) -> str:
    totaal = next(r for r in rijen if r["Name"] == "Aggregated")
    verzoeken = int(totaal["Request Count"])
    fouten = int(totaal["Failure Count"])
    regels = [
        f"{'verzoek':<24}{'aantal':>8}{'fouten':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'per s':>8}",
        "-" * 75,
    ]
    for rij in sorted(rijen, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        naam = "totaal" if rij["Name"] == "Aggregated" else f"{rij['Type']} {rij['Name']}"
        regels.append(
            f"{naam:<24}{int(rij['Request Count']):>8}{int(rij['Failure Count']):>8}"
            f"{_ms(rij, '50%'):>9.0f}{_ms(rij, '95%'):>9.0f}{_ms(rij, '99%'):>9.0f}"
            f"{float(rij['Requests/s']):>8.1f}"
        )
    p95 = _ms(totaal, "95%")
    # Nothing lost: every intake the users saw succeed is a melding in the database, and no more.
    geslaagd = sum(
        int(r["Request Count"]) - int(r["Failure Count"])
        for r in rijen
        if r["Name"] in ("intake (opslaan)", "politie-API")
    )
    per_verzoek = 1000 * (cpu_werkers + cpu_db) / verzoeken if verzoeken else 0.0
    regels += [
        "",
        f"{verzoeken} verzoeken in {duur:.0f} s, {args.gebruikers} gebruikers "
        f"(locust stopte met code {code}).",
        f"Fouten: {fouten} (doel 0) {'✓' if fouten == 0 else '✗'}",
        f"p95 over alles: {p95:.0f} ms (doel ≤ {DOEL_P95_MS:.0f} ms) "
        f"{'✓' if p95 <= DOEL_P95_MS else '✗'}",
        # More in the database than the users saw succeed: requests still in flight when locust
        # stopped (the server finished them, locust no longer recorded them). Fewer: lost.
        f"Intakes: {geslaagd} geslaagd volgens de gebruikers, {nieuw} nieuwe meldingen in de "
        f"database: {'niets verloren ✓' if nieuw >= geslaagd else 'verloren ✗'}"
        + (f" ({nieuw - geslaagd} nog onderweg toen locust stopte)" if nieuw > geslaagd else ""),
        f"CPU per verzoek: {per_verzoek:.1f} ms (gunicorn {cpu_werkers:.1f} s, PostgreSQL "
        f"{cpu_db:.1f} s over de hele run; {os.cpu_count()} cores, locust zelf draait ernaast). "
        f"Load average na afloop: {os.getloadavg()[0]:.1f}",
    ]
    Path(__file__).with_name("last-resultaten.json").write_text(
        json.dumps(
            {
                "gebruikers": args.gebruikers,
                "duur_s": round(duur, 1),
                "verzoeken": verzoeken,
                "fouten": fouten,
                "intakes_geslaagd": geslaagd,
                "meldingen_nieuw": nieuw,
                "p95_ms": p95,
                "cpu_ms_per_verzoek": round(per_verzoek, 2),
                "per_soort": rijen,
            },
            indent=2,
        )
    )
    return "\n".join(regels)


if __name__ == "__main__":
    main()
