"""Shared state of one demo run: one random source, one Faker, one moment "now" and one Kalender.

A single seeded `random.Random` drives every choice, so a run with the same seed produces the same
records. Nothing here iterates over a set of strings: their order changes per process.
"""

from __future__ import annotations

import functools
import random
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

from django.db import models
from django.utils import timezone, translation
from faker import Faker

from veiligthuis import termijnen

T = TypeVar("T")

UUR = timedelta(hours=1)
DAG = timedelta(days=1)


@dataclass
class Context:
    rng: random.Random
    faker: Faker
    nu: datetime
    kalender: termijnen.Kalender | None = None
    meld: Callable[[str], None] = print
    # Filled while building, read by later steps (e.g. BSNs must be unique over the whole run).
    gebruikte_bsns: set[str] = field(default_factory=set)
    # Last number per (prefix, year), continuing from the Nummerreeks rows present at the start.
    nummers: dict[tuple[str, int], int] = field(default_factory=dict)

    @classmethod
    def maak(cls, *, seed: int, nu: datetime, meld: Callable[[str], None]) -> Context:
        faker = Faker("nl_NL")
        faker.seed_instance(seed)
        return cls(rng=random.Random(seed), faker=faker, nu=nu, meld=meld)

    def volgend_nummer(self, prefix: str, ontvangen_op: datetime) -> str:
        """Case number like the services hand out: per prefix and local year of receipt."""
        sleutel = (prefix, timezone.localtime(ontvangen_op).year)
        self.nummers[sleutel] = self.nummers.get(sleutel, 0) + 1
        return f"{prefix}-{sleutel[1]}-{self.nummers[sleutel]:06d}"

    def kans(self, p: float) -> bool:
        return self.rng.random() < p

    def kies(self, reeks: Sequence[T]) -> T:
        return reeks[self.rng.randrange(len(reeks))]

    def gewogen(self, gewichten: dict[T, float]) -> T:
        """One key of `gewichten`, chosen with probability proportional to its weight."""
        keuzes = list(gewichten)
        return self.rng.choices(keuzes, weights=[gewichten[k] for k in keuzes], k=1)[0]

    def duur(self, van: timedelta, tot: timedelta) -> timedelta:
        return van + (tot - van) * self.rng.random()

    def tussen(self, van: datetime, tot: datetime) -> datetime:
        """A moment between `van` and `tot` (returns `van` when the span is empty)."""
        if tot <= van:
            return van
        return van + (tot - van) * self.rng.random()


def label(keuzes: type[models.TextChoices], waarde: str) -> str:
    """The display text of a choice, translated once per language instead of once per row."""
    return _label(keuzes, waarde, translation.get_language())


@functools.lru_cache(maxsize=512)
def _label(keuzes: type[models.TextChoices], waarde: str, _taal: str | None) -> str:
    return str(keuzes(waarde).label)


def slug(tekst: str) -> str:
    """ASCII lower-case letters only, for usernames derived from names."""
    zonder_accenten = unicodedata.normalize("NFKD", tekst).encode("ascii", "ignore").decode()
    return "".join(c for c in zonder_accenten.lower() if c.isalnum())


def splits_achternaam(volledig: str) -> tuple[str, str]:
    """Split "van der Berg" into ("van der", "Berg"): Dutch records keep the tussenvoegsel apart."""
    woorden = volledig.split()
    i = 0
    while i < len(woorden) - 1 and woorden[i][:1].islower():
        i += 1
    return " ".join(woorden[:i]), " ".join(woorden[i:])
