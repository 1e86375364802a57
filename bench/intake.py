"""Police intake throughput: meldingen per second through `POST /api/v1/politie/meldingen/`.

gunicorn runs with the bench settings on a free local port; concurrent clients (threads with
urllib) post complete digital police reports with the token of a police koppeling (the only
accounts that have an API token: personal API access goes through the session). Most are about a
family the generated data already knows (`_invoer`), so every request pays for identity
resolution as a repeat police report does: the BSN lookup, the name and birth-date match, the
known address, the soort from the earlier meldingen. Afterwards the
created meldingen are removed again so that repeated measurements see the same data.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bench.genereren import NAAMBEGIN, NAAMEINDE, NAAMMIDDEN, VOORNAMEN
from meldingen.models import Directbetrokkene, Huishouden, Melding, Nummerreeks, Persoon
from veiligthuis.models import Gemeente, Koppeling, KoppelingSoort, Medewerker, Rol, Roltoewijzing

TOKEN = "bench0000000000000000000000politietoken"
KOPPELING = "bench-politie"


def politiekoppeling() -> str:
    """The bench's police koppeling with a fixed token (made once, as `koppeling_aanmaken` makes
    one: no password, the secretariaat role, no team); returns the token key."""
    account, nieuw = Medewerker.objects.get_or_create(
        username=KOPPELING, defaults={"first_name": "Koppeling", "last_name": "Bench politie"}
    )
    if nieuw:
        account.set_unusable_password()
        account.save()
        Roltoewijzing.objects.create(medewerker=account, rol=Rol.SECRETARIAAT)
    Koppeling.objects.get_or_create(
        medewerker=account, defaults={"naam": "Bench politie", "soort": KoppelingSoort.POLITIE}
    )
    Token.objects.filter(user=account).exclude(key=TOKEN).delete()
    Token.objects.get_or_create(user=account, key=TOKEN)
    return TOKEN


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bekende_gezinnen(aantal: int, seed: int = 99) -> list[dict]:
    """`aantal` generated households with the persons of their latest melding (for repeat reports)."""
    rng = random.Random(seed)
    hoogste = Huishouden.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    ids = rng.sample(range(1, hoogste + 1), min(aantal, hoogste)) if hoogste else []
    huishoudens = Huishouden.objects.in_bulk(ids)
    laatste = {}
    for melding_id, huishouden_id in Melding.objects.filter(huishouden_id__in=ids).values_list(
        "pk", "huishouden_id"
    ):
        laatste[huishouden_id] = max(melding_id, laatste.get(huishouden_id, 0))
    personen: dict[int, list] = {}
    for d in (
        Directbetrokkene.objects.filter(melding_id__in=laatste.values())
        .select_related("persoon")
        .order_by("pk")
    ):
        personen.setdefault(d.melding_id, []).append((d.rol, d.persoon))
    gezinnen = []
    for huishouden_id, melding_id in laatste.items():
        if personen.get(melding_id):
            gezinnen.append(
                {"huishouden": huishoudens[huishouden_id], "personen": personen[melding_id]}
            )
    return gezinnen


def _betrokkene(rol: str, persoon: Persoon) -> dict:
    """A known person as the police write it down: with the BSN only when it is known already
    (a BSN on a person recognised by name would be stored, and outlive the clean-up)."""
    gegevens = {
        "rol": rol,
        "voornamen": persoon.voornamen.split()[0],
        "tussenvoegsel": persoon.tussenvoegsel,
        "achternaam": persoon.achternaam,
    }
    if persoon.geboortedatum:
        gegevens["geboortedatum"] = persoon.geboortedatum.isoformat()
    if persoon.bsn:
        gegevens["bsn"] = persoon.bsn
    return gegevens


def _postcode(postcode: str) -> str:
    """'1234AB' as the police write it: '1234 AB'."""
    return f"{postcode[:4]} {postcode[4:].upper()}"


def _nieuw_gezin(rng: random.Random) -> tuple[list[dict], dict]:
    """A family nobody knows, at a new address (a postcode range the generator leaves free)."""
    achternaam = rng.choice(NAAMBEGIN) + rng.choice(NAAMMIDDEN) + rng.choice(NAAMEINDE)
    ouder = date(1965, 1, 1) + timedelta(days=rng.randrange(10_950))
    kind = date(2007, 1, 1) + timedelta(days=rng.randrange(6_570))
    betrokkenen = [
        {"rol": "slachtoffer", "voornamen": rng.choice(VOORNAMEN), "achternaam": achternaam,
         "geboortedatum": ouder.isoformat(), "geslacht": "vrouw"},
        {"rol": "pleger", "voornamen": rng.choice(VOORNAMEN), "achternaam": achternaam},
        {"rol": "kind", "voornamen": rng.choice(VOORNAMEN), "achternaam": achternaam,
         "geboortedatum": kind.isoformat()},
    ]  # fmt: skip
    adres = {
        "straat": "Benchstraat",
        "huisnummer": str(rng.randint(1, 150)),
        "postcode": f"{rng.randint(1000, 9999)} Z{chr(65 + rng.randrange(26))}",
        "woonplaats": "Plaats 1",
    }
    return betrokkenen, adres


def _invoer(volgnummer: int, gezinnen: list[dict], *, reeks: int, gemeente: str) -> bytes:
    """A complete digital police report. Three in five are about a family known from the
    generated data (identity resolution links them; their BSN where known), one of those three
    after a move; two in five about a new family at a new address. `reeks` keeps the police
    registration numbers of one run apart from those of an earlier one."""
    rng = random.Random(volgnummer)
    keuze = volgnummer % 5
    if gezinnen and keuze < 3:
        gezin = gezinnen[volgnummer % len(gezinnen)]
        betrokkenen = [_betrokkene(rol, persoon) for rol, persoon in gezin["personen"]]
        h = gezin["huishouden"]
        adres = {
            "straat": h.straat,
            "huisnummer": h.huisnummer.lower(),
            "postcode": _postcode(h.postcode),
            "woonplaats": h.woonplaats,
        }
        if keuze == 2:
            adres = _nieuw_gezin(rng)[1]
    else:
        betrokkenen, adres = _nieuw_gezin(rng)
    invoer = {
        "registratienummer": f"PL{reeks:04d}-2026{volgnummer:06d}",
        "opgemaakt_op": (timezone.now() - timedelta(minutes=30)).isoformat(),
        "gemeente": gemeente,
        "samenvatting": "Politie: ruzie in huis, kinderen aanwezig.",
        "melder": {"naam": "Verbalisant Bench", "eenheid": "Basisteam Bench"},
        "directbetrokkenen": betrokkenen,
        "aanleidingen": ["partnergeweld"],
        "aarden": ["psychisch_geweld", "getuige"],
        "adres": adres,
    }
    return json.dumps(invoer).encode()


def _post(url: str, invoer: bytes) -> tuple[int, str]:
    verzoek = urllib.request.Request(
        url,
        data=invoer,
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


@contextmanager
def gunicorn_server(*, werkers: int, threads: int) -> Iterator[str]:
    """gunicorn with the bench settings on a free local port, for the duration of the block;
    yields its base URL. The API's rate limits (what protects production) are lifted: the
    benchmark measures what the server can do."""
    poort = _vrije_poort()
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "veiligthuis.settings.bench",
        "VT_API_RATE_POLITIE": "1000000/min",
        "VT_API_RATE_GEBRUIKER": "1000000/min",
    }
    proces = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
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
    try:
        _wacht_op_server(poort, proces)
        yield f"http://127.0.0.1:{poort}"
    finally:
        proces.terminate()
        proces.wait(timeout=30)


def meet_intake(
    *, verzoeken: int, clients: int, werkers: int, threads: int, met_bekenden: bool = True
) -> dict:
    """Start gunicorn, post `verzoeken` meldingen from `clients` threads, stop it, clean up."""
    politiekoppeling()
    gemeente = Gemeente.objects.order_by("pk").values_list("cbs_code", flat=True).first()
    reeks = 1000 + int(time.time()) % 9000
    laatste_melding = Melding.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    laatste_persoon = Persoon.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    laatste_huishouden = (
        Huishouden.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    )
    reeksen = {(r.prefix, r.jaar): r.laatste for r in Nummerreeks.objects.all()}
    # Without known families every report is a new family: the peer without identity work.
    gezinnen = bekende_gezinnen(verzoeken) if met_bekenden else []
    # Built before the clock starts; the warm-up posts other families than the measured ones.
    opwarmen = [
        _invoer(900_000 + i, gezinnen[::-1], reeks=reeks, gemeente=gemeente)
        for i in range(2 * werkers * threads)
    ]
    invoeren = [_invoer(i, gezinnen, reeks=reeks, gemeente=gemeente) for i in range(verzoeken)]
    with gunicorn_server(werkers=werkers, threads=threads) as basis:
        url = f"{basis}/api/v1/politie/meldingen/"
        # Warm up every worker (imports, first connection) before the clock starts.
        with ThreadPoolExecutor(clients) as pool:
            list(pool.map(lambda invoer: _post(url, invoer), opwarmen))
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            uitkomsten = list(pool.map(lambda invoer: _post(url, invoer), invoeren))
        duur = time.perf_counter() - start
    gelukt = sum(1 for code, _tekst in uitkomsten if code == 201)
    fouten = [(code, tekst) for code, tekst in uitkomsten if code != 201]
    nieuw = Melding.objects.filter(pk__gt=laatste_melding)
    identiteit = {
        "betrokkenen": Directbetrokkene.objects.filter(melding__in=nieuw).count(),
        "bekende_personen": Directbetrokkene.objects.filter(
            melding__in=nieuw, persoon_id__lte=laatste_persoon
        ).count(),
        "bekende_huishoudens": nieuw.filter(huishouden_id__lte=laatste_huishouden).count(),
        "soorten": dict(Counter(nieuw.values_list("soort", flat=True))),
    }
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
        "identiteit": identiteit,
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
