"""The half-yearly CBS delivery at bench scale (issue 16): records, kwaliteitsregels, spiegelrapport
and the file for the last complete half-year of the generated data, through the same service the
Celery task calls. Everything is rolled back and the file goes to a temporary directory.

Nationally a half-year holds ~65 000 meldingen (127 340 in 2023). The bench's data spreads its
meldingen over 10 years, so at 1 000 000 a half-year holds ~50 000; at smaller sizes the figure
per melding is what to extrapolate from (printed as well).

    python -m bench.cbs --meldingen 20000                 # generate (drops vt_bench*), then measure
    python -m bench.cbs --meldingen 20000 --alleen-meten  # measure the data generated before
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligthuis.settings.bench")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LANDELIJK_HALFJAAR = 65_000
# Target: a national half-year in well under the task's hour (verantwoording/cbs/taken.py).
DOEL_LANDELIJK_S = 15 * 60


def _laatste_halfjaar(nu):
    from veiligthuis import termijnen
    from verantwoording.cbs.records import Halfjaar

    vandaag = termijnen.lokale_datum(nu)
    return Halfjaar(vandaag.year - 1, 2) if vandaag.month <= 6 else Halfjaar(vandaag.year, 1)


def meet() -> dict:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import timezone

    from veiligthuis.models import Medewerker
    from verantwoording.cbs import records
    from verantwoording.cbs.services import cbs_aanlevering_aanvragen, cbs_aanlevering_maken

    halfjaar = _laatste_halfjaar(timezone.now())
    door = Medewerker.objects.get(username="directie-1")
    with (
        tempfile.TemporaryDirectory() as map_,
        override_settings(
            MEDIA_ROOT=map_,
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
        ),
        transaction.atomic(),
    ):
        start = time.perf_counter()
        aantal = len(records.melding_ids(halfjaar))
        selectie_s = time.perf_counter() - start
        aanlevering = cbs_aanlevering_aanvragen(door=door, halfjaar=halfjaar)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            aanlevering = cbs_aanlevering_maken(aanlevering_id=aanlevering.pk)
            duur = time.perf_counter() - start
        grootte = aanlevering.bestand.size if aanlevering.bestand.name else 0
        uitkomst = {
            "halfjaar": str(halfjaar),
            "meldingen": aantal,
            "aantallen": aanlevering.aantallen,
            "status": aanlevering.status,
            "selectie_s": round(selectie_s, 2),
            "duur_s": round(duur, 2),
            "queries": len(queries),
            "ms_per_melding": round(1000 * duur / max(aantal, 1), 3),
            "bestand_bytes": grootte,
            "landelijk_geschat_s": round(duur / max(aantal, 1) * LANDELIJK_HALFJAAR, 1),
        }
        transaction.set_rollback(True)
    return uitkomst


def regels(u: dict) -> list[str]:
    a = u["aantallen"]
    gehaald = u["landelijk_geschat_s"] <= DOEL_LANDELIJK_S
    return [
        f"halfjaar {u['halfjaar']}: {u['meldingen']:,} meldingen, {a.get('advies', 0):,} adviezen, "
        f"{a.get('persoon', 0):,} directbetrokkenen; status {u['status']} "
        f"({a.get('fouten', 0)} fouten, {a.get('waarschuwingen', 0)} waarschuwingen)",
        f"aanlevering gemaakt in {u['duur_s']:.1f} s ({u['ms_per_melding']:.2f} ms per melding, "
        f"{u['queries']} queries, bestand {u['bestand_bytes']:,} bytes); selectie {u['selectie_s']} s",
        f"geschat voor een landelijk halfjaar ({LANDELIJK_HALFJAAR:,} meldingen): "
        f"{u['landelijk_geschat_s']:.0f} s, doel ≤ {DOEL_LANDELIJK_S} s {'✓' if gehaald else '✗'}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.cbs", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--meldingen", type=int, default=20_000)
    parser.add_argument("--alleen-meten", action="store_true")
    args = parser.parse_args()
    import django

    django.setup()
    if not args.alleen_meten:
        from bench.__main__ import _genereren

        _genereren(args.meldingen)
    print("CBS-aanlevering meten …", flush=True)
    for regel in regels(meet()):
        print(f"  {regel}")


if __name__ == "__main__":
    main()
