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


class Register(Protocol):
    def bevraag(self, vraag: Bevraging) -> Antwoord: ...


class FakeBrp:
    """Local stand-in: a person with a valid BSN is registered, without one they are not found."""

    def bevraag(self, vraag: Bevraging) -> Antwoord:
        if vraag.bsn:
            return Antwoord(
                True, f"Ingeschreven in de BRP; geboortedatum {vraag.geboortedatum or 'onbekend'}."
            )
        return Antwoord(False, "Niet gevonden in de BRP zonder BSN; zoek op naam en geboortedatum.")


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

    def bevraag(self, vraag: Bevraging) -> Antwoord:
        query = urllib.parse.urlencode({k: v for k, v in vars(vraag).items() if v is not None})
        verzoek = urllib.request.Request(
            f"{self.url}?{query}", headers={"Accept": "application/json"}
        )
        if self.token:
            verzoek.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(verzoek, timeout=self.timeout) as antwoord:  # noqa: S310
            data = json.load(antwoord)
        return Antwoord(bool(data.get("gevonden")), str(data.get("samenvatting", "")))


class HttpBrp(HttpRegister):
    def __init__(self) -> None:
        super().__init__(settings.VT_BRP_URL, settings.VT_BRP_TOKEN)


class HttpVtRegister(HttpRegister):
    def __init__(self) -> None:
        super().__init__(settings.VT_REGISTER_URL, settings.VT_REGISTER_TOKEN)


def brp() -> Register:
    return import_string(settings.VT_BRP_BACKEND)()


def vt_register() -> Register:
    return import_string(settings.VT_REGISTER_BACKEND)()
