"""The BSN at rest: Fernet ciphertext in the column, a keyed HMAC (blind index) for exact lookup.

`Persoon.bsn` is a `BsnVeld`: on the instance it is the plain nine digits, in the database a
Fernet token (AES-128-CBC + HMAC-SHA256, random IV, so two rows with the same BSN hold different
ciphertext and nothing about the number can be read or compared in the column). Assigning the
attribute also sets `bsn_index`, the HMAC-SHA256 of the number under a separate key; every exact
lookup goes through `bsn_index()` (`Persoon.objects.met_bsn(...)`), because an equality test on
non-deterministic ciphertext can never match. The field refuses every lookup but `isnull`, so a
forgotten `filter(bsn=...)` fails loudly instead of silently finding nothing.

Keys (README, "Beveiliging"): `VT_BSN_SLEUTELS`, comma-separated Fernet keys, the first encrypts,
all decrypt (MultiFernet) — rotation is a new key in front, `manage.py bsn_herversleutelen`, then
dropping the old key. `VT_BSN_INDEX_SLEUTEL` keys the blind index and is not rotated with them:
a new index key means recomputing every index from the decrypted BSN (the same command with
`--index`), and until then lookups by BSN would find nobody.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.query_utils import DeferredAttribute

# Room for the Fernet token of nine digits (100 characters) with margin for a future format.
TOKENLENGTE = 200
INDEXLENGTE = 64  # SHA-256 in hex


@lru_cache(maxsize=8)
def _multifernet(sleutels: tuple[str, ...]) -> MultiFernet:
    if not sleutels:
        raise ImproperlyConfigured(
            "VT_BSN_SLEUTELS is leeg: zonder sleutel kan geen BSN worden opgeslagen."
        )
    try:
        return MultiFernet([Fernet(s.strip()) for s in sleutels])
    except ValueError as fout:
        raise ImproperlyConfigured(
            "VT_BSN_SLEUTELS bevat een ongeldige sleutel (32 bytes, url-safe base64)."
        ) from fout


def fernet() -> MultiFernet:
    """The MultiFernet of the configured keys (read each call, so tests can override settings)."""
    return _multifernet(tuple(s for s in settings.VT_BSN_SLEUTELS if s.strip()))


def versleutel(bsn: str) -> str:
    return fernet().encrypt(bsn.encode()).decode()


def ontsleutel(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as fout:
        # Never the token or anything derived from it in the message: it ends up in logs.
        raise ImproperlyConfigured(
            "Een BSN in de database is met geen van de sleutels in VT_BSN_SLEUTELS te lezen."
        ) from fout


def bsn_index(bsn: str | None) -> str | None:
    """The blind index of `bsn` (HMAC-SHA256, hex); None for no BSN."""
    if not bsn:
        return None
    sleutel = settings.VT_BSN_INDEX_SLEUTEL.encode()
    return hmac.new(sleutel, bsn.encode(), hashlib.sha256).hexdigest()


class _BsnAttribuut(DeferredAttribute):
    """Setting the BSN sets its blind index too: save(), bulk_create and full_clean see both."""

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.field.attname] = value
        instance.__dict__[self.field.index_attname] = bsn_index(value)


class BsnVeld(models.CharField):
    """Plain BSN on the instance, Fernet token in the column; see the module docstring."""

    descriptor_class = _BsnAttribuut
    index_attname = "bsn_index"

    def __init__(self, *args, **kwargs) -> None:
        kwargs["max_length"] = TOKENLENGTE
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        naam, pad, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return naam, pad, args, kwargs

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            raise FieldError(
                f"Persoon.bsn is versleuteld: '{lookup_name}' kan niet; zoek op BSN via "
                "meldingen.bsn.bsn_index() of Persoon.objects.met_bsn()."
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name):
        raise FieldError(f"Persoon.bsn is versleuteld: '{lookup_name}' kan niet.")

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return ontsleutel(value)

    def to_python(self, value):
        if value is None or value == "":
            return None
        return str(value)

    def get_prep_value(self, value):
        value = self.to_python(value)
        if value is None:
            return None
        return versleutel(value)

    def formfield(self, **kwargs):
        # Forms (admin) take the nine digits, not a token's length.
        return super().formfield(**{"max_length": 9, **kwargs})

    def value_to_string(self, obj):
        return self.value_from_object(obj) or ""
