"""Intake throughput: meldingen per second through `POST /api/v1/meldingen/` against gunicorn.

gunicorn runs with the bench settings on a free local port; concurrent clients (threads with
urllib) post complete meldingen with a DRF token of a secretariaat medewerker. Afterwards the
created meldingen are removed again so that repeated measurements see the same data.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from meldingen.models import Huishouden, Melding, Nummerreeks, Persoon

TOKEN = "bench000000000000000000000000000000token"


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _invoer(volgnummer: int) -> bytes:
    """A complete melding as a police report would deliver it; new persons, no BSN."""
    invoer = {
        "ontvangen_op": (timezone.now() - timedelta(minutes=30)).isoformat(),
        "kanaal": "politie_digitaal",
        "samenvatting": "Politie: ruzie in huis, kinderen aanwezig.",
        "gemeente": 1,
        "melder": {"hoedanigheid": "politie", "organisatie": "Politie", "identiteit_delen": True},
        "directbetrokkenen": [
            {
                "rol": "slachtoffer",
                "voornamen": "Anna",
                "achternaam": f"Bench {volgnummer}",
                "geboortedatum": "1990-05-01",
                "geslacht": "vrouw",
            },
            {"rol": "pleger", "voornamen": "Bram", "achternaam": f"Bench {volgnummer}"},
            {
                "rol": "kind",
                "voornamen": "Cas",
                "achternaam": f"Bench {volgnummer}",
                "geboortedatum": "2017-02-03",
            },
        ],
        "aanleidingen": ["partnergeweld"],
        "aarden": ["psychisch_geweld", "getuige"],
        "adres": {
            "straat": "Benchstraat",
            "huisnummer": str(volgnummer),
            "postcode": "1234 AB",
            "woonplaats": "Plaats 1",
        },
    }
    return json.dumps(invoer).encode()


def _post(url: str, volgnummer: int) -> tuple[int, str]:
    verzoek = urllib.request.Request(
        url,
        data=_invoer(volgnummer),
        headers={"Content-Type": "application/json", "Authorization": f"Token {TOKEN}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(verzoek, timeout=60) as antwoord:
            antwoord.read()
            return antwoord.status, ""
    except urllib.error.HTTPError as fout:
        return fout.code, fout.read()[:300].decode(errors="replace")
    except OSError as fout:
        return 0, str(fout)


def _wacht_op_server(poort: int, proces: subprocess.Popen) -> None:
    for _ in range(300):
        if proces.poll() is not None:
            raise RuntimeError("gunicorn stopte direct; zie de foutmelding hierboven.")
        try:
            with socket.create_connection(("127.0.0.1", poort), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn startte niet binnen 30 seconden.")


def meet_intake(*, verzoeken: int, clients: int, werkers: int, threads: int) -> dict:
    """Start gunicorn, post `verzoeken` meldingen from `clients` threads, stop it, clean up."""
    poort = _vrije_poort()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    omgeving = {**os.environ, "DJANGO_SETTINGS_MODULE": "veiligthuis.settings.bench"}
    laatste_melding = Melding.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    laatste_persoon = Persoon.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    laatste_huishouden = (
        Huishouden.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    reeksen = {(r.prefix, r.jaar): r.laatste for r in Nummerreeks.objects.all()}
    proces = subprocess.Popen(
        [
            str(gunicorn),
            "veiligthuis.wsgi",
            "--workers",
            str(werkers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{poort}",
            "--log-level",
            "warning",
        ],
        cwd=settings.BASE_DIR,
        env=omgeving,
    )
    url = f"http://127.0.0.1:{poort}/api/v1/meldingen/"
    try:
        _wacht_op_server(poort, proces)
        # Warm up every worker (imports, first connection) before the clock starts.
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(lambda i: _post(url, i), range(2 * werkers * threads)))
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            uitkomsten = list(pool.map(lambda i: _post(url, 100_000 + i), range(verzoeken)))
        duur = time.perf_counter() - start
    finally:
        proces.terminate()
        proces.wait(timeout=30)
    gelukt = sum(1 for code, _tekst in uitkomsten if code == 201)
    fouten = [(code, tekst) for code, tekst in uitkomsten if code != 201]
    _opruimen(laatste_melding, laatste_persoon, laatste_huishouden, reeksen)
    return {
        "verzoeken": verzoeken,
        "gelukt": gelukt,
        "fouten": len(fouten),
        "eerste_fout": fouten[0] if fouten else None,
        "seconden": duur,
        "per_seconde": gelukt / duur if duur else 0.0,
        "clients": clients,
        "werkers": werkers,
        "threads": threads,
    }


@transaction.atomic
def _opruimen(melding: int, persoon: int, huishouden: int, reeksen: dict) -> None:
    """Remove what the intake run created, so a repeated measurement sees the same data."""
    Melding.objects.filter(pk__gt=melding).delete()
    Persoon.objects.filter(pk__gt=persoon).delete()
    Huishouden.objects.filter(pk__gt=huishouden).delete()
    for reeks in Nummerreeks.objects.select_for_update():
        if (reeks.prefix, reeks.jaar) in reeksen:
            reeks.laatste = reeksen[(reeks.prefix, reeks.jaar)]
            reeks.save(update_fields=["laatste"])
