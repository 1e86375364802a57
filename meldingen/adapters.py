"""Adapters for registers outside Veilig Thuis: BRP and the national Veilig Thuis-register.

Each has a small interface and a backend chosen in settings (`VT_BRP_BACKEND`,
`VT_REGISTER_BACKEND`): a local fake for demo and tests, and an HTTP client for the real service.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Bevraging:
    """What is asked about one person. Never logged: it holds a BSN."""

    bsn: str | None
    achternaam: str
    geboortedatum: str | None  # ISO date


@dataclass(frozen=True)
class Antwoord:
    gevonden: bool
    samenvatting: str


@dataclass(frozen=True)
class Ingeschrevene:
    """A person the BRP has registered at an address (`bewoners`). Holds a BSN: never logged."""

    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: str | None  # ISO date
    geslacht: str  # "man", "vrouw", "onbekend" (meldingen.keuzes.Geslacht)
    bsn: str


class Register(Protocol):
    def bevraag(self, vraag: Bevraging) -> Antwoord: ...


class Bevolkingsregister(Register, Protocol):
    """The BRP also answers who is registered at an address (the rest of the household)."""

    def bewoners(self, *, postcode: str, huisnummer: str) -> list[Ingeschrevene]: ...


class FakeBrp:
    """Local stand-in: a person with a valid BSN is registered, without one they are not found."""

    def bevraag(self, vraag: Bevraging) -> Antwoord:
        if vraag.bsn:
            return Antwoord(
                True, f"Ingeschreven in de BRP; geboortedatum {vraag.geboortedatum or 'onbekend'}."
            )
        return Antwoord(False, "Niet gevonden in de BRP zonder BSN; zoek op naam en geboortedatum.")

    # Tests and the demo register residents here; at any other address the fake BRP knows nobody.
    ingeschreven: dict[tuple[str, str], list[Ingeschrevene]] = {}

    @classmethod
    def inschrijven(cls, *, postcode: str, huisnummer: str, personen: list[Ingeschrevene]) -> None:
        cls.ingeschreven[_adres(postcode, huisnummer)] = list(personen)

    def bewoners(self, *, postcode: str, huisnummer: str) -> list[Ingeschrevene]:
        return list(self.ingeschreven.get(_adres(postcode, huisnummer), []))


def _adres(postcode: str, huisnummer: str) -> tuple[str, str]:
    return postcode.replace(" ", "").upper(), huisnummer.strip().upper()


class FakeVtRegister:
    """Local stand-in: BSNs ending in 7 are known at another Veilig Thuis organisation."""

    def bevraag(self, vraag: Bevraging) -> Antwoord:
        if vraag.bsn and vraag.bsn.endswith("7"):
            return Antwoord(True, "Betrokken bij Veilig Thuis Rotterdam Rijnmond (match gemeld).")
        return Antwoord(False, "Geen betrokkenheid van een andere Veilig Thuis-organisatie bekend.")


class HttpRegister:
    """JSON over HTTPS: GET <url>?bsn=…&achternaam=…&geboortedatum=… → {"gevonden", "samenvatting"}."""

    def __init__(self, url: str, token: str = "", timeout: float = 10.0) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    def _haal(self, url: str, parameters: dict) -> dict:
        query = urllib.parse.urlencode({k: v for k, v in parameters.items() if v is not None})
        verzoek = urllib.request.Request(f"{url}?{query}", headers={"Accept": "application/json"})
        if self.token:
            verzoek.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(verzoek, timeout=self.timeout) as antwoord:  # noqa: S310
            return json.load(antwoord)

    def bevraag(self, vraag: Bevraging) -> Antwoord:
        data = self._haal(self.url, vars(vraag))
        return Antwoord(bool(data.get("gevonden")), str(data.get("samenvatting", "")))


class HttpBrp(HttpRegister):
    """Also GET <url>/bewoners?postcode=…&huisnummer=… → {"bewoners": [{voornamen, …, bsn}]}."""

    def __init__(self) -> None:
        super().__init__(settings.VT_BRP_URL, settings.VT_BRP_TOKEN)

    def bewoners(self, *, postcode: str, huisnummer: str) -> list[Ingeschrevene]:
        data = self._haal(
            f"{self.url.rstrip('/')}/bewoners", {"postcode": postcode, "huisnummer": huisnummer}
        )
        velden = Ingeschrevene.__dataclass_fields__
        return [
            Ingeschrevene(**{naam: rij.get(naam) or "" for naam in velden})
            for rij in data.get("bewoners", [])
        ]


class HttpVtRegister(HttpRegister):
    def __init__(self) -> None:
        super().__init__(settings.VT_REGISTER_URL, settings.VT_REGISTER_TOKEN)


def brp() -> Bevolkingsregister:
    return import_string(settings.VT_BRP_BACKEND)()


def vt_register() -> Register:
    return import_string(settings.VT_REGISTER_BACKEND)()
