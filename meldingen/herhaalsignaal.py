"""The overige-zorg repeat signal: earlier forwarded overige zorg at an address, without identity.

Overige zorg is forwarded to the lokaal veld and then stripped of everything identifying
(services/privacy.py). What remains per forward is a set of keyed, non-reversible tokens
(HMAC-SHA256 with `VT_HERHAALSIGNAAL_SLEUTEL`), all sharing one random `doorsturing` id:

- one for the address (postcode + huisnummer),
- one per directbetrokkene: birth date + address.

A later melding computes the same tokens and counts the distinct forwards that share any of them,
so a report naming only part of the household (or none of it) still matches. The table holds
no name, no address, no team and no link to the melding; a token cannot be turned back into an
address without the key. Rows written before the tokens were split hold one combined key (address
and all birth dates); that key is still computed, so those rows keep counting.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Max

from meldingen.identiteit import normaliseer_huisnummer, normaliseer_postcode
from meldingen.models import Melding, OverigeZorgSignaal


@dataclass(frozen=True)
class Herhaalsignaal:
    """Earlier forwarded overige-zorgmeldingen at this address (no identity is stored)."""

    aantal: int
    laatste_op: datetime | None


def _hmac(bericht: str) -> str:
    sleutel = str(settings.VT_HERHAALSIGNAAL_SLEUTEL).encode()
    return hmac.new(sleutel, bericht.encode(), hashlib.sha256).hexdigest()


def _adres(postcode: str, huisnummer: str) -> str | None:
    postcode, huisnummer = normaliseer_postcode(postcode), normaliseer_huisnummer(huisnummer)
    return f"{postcode}|{huisnummer}" if postcode and huisnummer else None


def herhaalsignaal_sleutel(
    *, postcode: str, huisnummer: str, geboortedatums: Iterable[date | None]
) -> str | None:
    """The combined key of address and sorted birth dates (how forwards were keyed before the
    tokens were split; still computed so those rows keep counting). None without an address."""
    adres = _adres(postcode, huisnummer)
    if adres is None:
        return None
    datums = ",".join(sorted(d.isoformat() for d in geboortedatums if d is not None))
    return _hmac(f"{adres}|{datums}")


def sleutels(*, postcode: str, huisnummer: str, geboortedatums: Iterable[date | None]) -> list[str]:
    """The tokens a forward stores and a later melding looks for; [] without an address."""
    adres = _adres(postcode, huisnummer)
    if adres is None:
        return []
    datums = sorted({d for d in geboortedatums if d is not None})
    return [_hmac(f"adres|{adres}"), *(_hmac(f"persoon|{adres}|{d.isoformat()}") for d in datums)]


def _gegevens(melding: Melding) -> dict | None:
    huishouden = melding.huishouden
    if huishouden is None:
        return None
    return {
        "postcode": huishouden.postcode,
        "huisnummer": huishouden.huisnummer,
        "geboortedatums": [db.persoon.geboortedatum for db in melding.directbetrokkenen.all()],
    }


def sleutels_voor(melding: Melding) -> list[str]:
    """The tokens of a melding, from its huishouden and directbetrokkenen."""
    gegevens = _gegevens(melding)
    return sleutels(**gegevens) if gegevens else []


def herhaalsignaal_voor(melding: Melding) -> Herhaalsignaal | None:
    """Count the earlier forwards sharing any token with this melding (one query).

    None when the melding has no usable address; a Herhaalsignaal with aantal 0 when none.
    """
    gegevens = _gegevens(melding)
    if gegevens is None:
        return None
    gezocht = sleutels(**gegevens)
    if not gezocht:
        return None
    gezocht.append(herhaalsignaal_sleutel(**gegevens))
    telling = OverigeZorgSignaal.objects.filter(sleutel__in=gezocht).aggregate(
        aantal=Count("doorsturing", distinct=True), laatste_op=Max("ontvangen_op")
    )
    return Herhaalsignaal(aantal=telling["aantal"], laatste_op=telling["laatste_op"])
