"""The locust users of the load test (`make load`, run by `bench/belasting.py`).

Fifty users by default, as a Veilig Thuis organisation has them at a busy moment: onderzoekers
working their triagelijst, dossiers and the header search; werkbegeleiders on their team page;
the secretariaat registering meldingen through the web form; directie on the dashboard; and the
police koppeling delivering digital reports. Each person logs in through the login page (its own
session, CSRF token and all middleware), then waits 1–3 s between clicks.

What each user may open (dossier numbers, search terms) comes from the JSON file named by
VT_LAST_GEGEVENS, written by the runner from the demo data, so every request is one the user is
allowed to make: a 403 or 404 counts as an error.
"""

from __future__ import annotations

import json
import os
import random
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path
from zoneinfo import ZoneInfo

from locust import HttpUser, between, task

GEGEVENS = json.loads(Path(os.environ["VT_LAST_GEGEVENS"]).read_text())
_volgnummer = count(1)
# The web form takes the moment of receipt in local time, as the secretariaat types it.
TIJDZONE = ZoneInfo("Europe/Amsterdam")


class Medewerker(HttpUser):
    """A person with a browser session."""

    abstract = True
    rol = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.client.get("/inloggen/", name="inloggen")
        antwoord = self.client.post(
            "/inloggen/",
            {
                "username": self.rol,
                "password": GEGEVENS["wachtwoord"],
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="inloggen",
            catch_response=True,
        )
        with antwoord:
            if "/inloggen/" in antwoord.url:
                antwoord.failure(f"inloggen als {self.rol} mislukt")

    def pagina(self, url: str, naam: str, *, moet_bevatten: str = "") -> None:
        with self.client.get(url, name=naam, catch_response=True) as antwoord:
            if antwoord.status_code != 200:
                antwoord.failure(f"{antwoord.status_code}")
            elif "/inloggen/" in antwoord.url:
                antwoord.failure("sessie verlopen")
            elif moet_bevatten and moet_bevatten not in antwoord.text:
                antwoord.failure(f"'{moet_bevatten}' niet op de pagina")

    def dossier(self) -> None:
        nummer = random.choice(GEGEVENS["dossiers"][self.rol])
        self.pagina(f"/meldingen/{nummer}/", "dossier", moet_bevatten=nummer)


class Onderzoeker(Medewerker):
    rol = "onderzoeker"
    fixed_count = GEGEVENS["aantallen"]["onderzoeker"]

    @task(4)
    def triagelijst(self) -> None:
        self.pagina("/triagelijst/", "triagelijst")

    @task(4)
    def dossier_openen(self) -> None:
        self.dossier()

    @task(2)
    def zoeken(self) -> None:
        term = random.choice(GEGEVENS["zoektermen"])
        self.pagina(f"/zoeken/?q={term}", "zoeken")


class Werkbegeleider(Medewerker):
    rol = "werkbegeleider"
    fixed_count = GEGEVENS["aantallen"]["werkbegeleider"]

    @task(2)
    def teampagina(self) -> None:
        self.pagina("/werkbegeleider/", "werkbegeleider")

    @task(2)
    def triagelijst(self) -> None:
        self.pagina("/triagelijst/", "triagelijst")

    @task(2)
    def dossier_openen(self) -> None:
        self.dossier()


class Secretariaat(Medewerker):
    """Registers meldingen through the web form (the form page, then the post)."""

    rol = "secretariaat"
    fixed_count = GEGEVENS["aantallen"]["secretariaat"]
    wait_time = between(3, 6)

    @task
    def melding_registreren(self) -> None:
        self.client.get("/meldingen/nieuw/", name="intake (formulier)")
        n = next(_volgnummer)
        ontvangen = datetime.now(TIJDZONE) - timedelta(minutes=5)
        data = {
            "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            "ontvangen_datum": ontvangen.strftime("%Y-%m-%d"),
            "ontvangen_tijd": ontvangen.strftime("%H:%M"),
            "kanaal": "telefoon",
            "melder_hoedanigheid": "onderwijs_basis",
            "melder_naam": "Juf Last",
            "melder_telefoon": "0612345678",
            "aanleidingen": ["km_anders"],
            "aarden": ["lichamelijke_mishandeling"],
            "straat": "Lastlaan",
            "huisnummer": str(n),
            "postcode": "9999 ZZ",
            "woonplaats": "Lastdorp",
            "samenvatting": "De juf ziet blauwe plekken op de armen van een leerling.",
            "rijen": ["0"],
            "db-0-rol": "kind",
            "db-0-voornamen": "Kind",
            "db-0-achternaam": f"Last{n}",
            "db-0-geboortedatum": "2018-03-01",
            "db-0-geslacht": "onbekend",
        }
        with self.client.post(
            "/meldingen/nieuw/", data, name="intake (opslaan)", catch_response=True
        ) as antwoord:
            # Saved: a redirect to the new dossier. The form again means a refusal.
            if "/meldingen/nieuw/" in antwoord.url or antwoord.status_code != 200:
                antwoord.failure(f"niet opgeslagen ({antwoord.status_code})")


class Directie(Medewerker):
    rol = "directie"
    fixed_count = GEGEVENS["aantallen"]["directie"]
    wait_time = between(5, 10)

    @task
    def dashboard(self) -> None:
        self.pagina("/directie/", "directiedashboard")


class Politie(HttpUser):
    """The police koppeling: digital reports through the API with its token."""

    fixed_count = GEGEVENS["aantallen"]["politie"]
    wait_time = between(2, 4)

    @task
    def politiemelding(self) -> None:
        n = next(_volgnummer)
        invoer = {
            "registratienummer": f"PL{GEGEVENS['reeks']:04d}-2026{n:06d}",
            "opgemaakt_op": (datetime.now(UTC) - timedelta(minutes=30)).isoformat(),
            "gemeente": GEGEVENS["gemeente"],
            "samenvatting": "Politie: ruzie in huis, kinderen aanwezig.",
            "melder": {"naam": "Verbalisant Last", "eenheid": "Basisteam Last"},
            "aanleidingen": ["partnergeweld"],
            "aarden": ["psychisch_geweld", "getuige"],
            "adres": {
                "straat": "Politielaan",
                "huisnummer": str(n),
                "postcode": "9998 ZZ",
                "woonplaats": "Lastdorp",
            },
            "directbetrokkenen": [
                {"rol": "slachtoffer", "voornamen": "Ouder", "achternaam": f"Politie{n}"},
                {
                    "rol": "kind",
                    "voornamen": "Kind",
                    "achternaam": f"Politie{n}",
                    "geboortedatum": "2019-09-01",
                },
            ],
        }
        with self.client.post(
            "/api/v1/politie/meldingen/",
            json=invoer,
            headers={"Authorization": f"Token {GEGEVENS['token']}"},
            name="politie-API",
            catch_response=True,
        ) as antwoord:
            if antwoord.status_code != 201:
                antwoord.failure(f"{antwoord.status_code}: {antwoord.text[:200]}")
