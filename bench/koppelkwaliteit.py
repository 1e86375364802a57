"""Linkage quality of identity resolution (meldingen/identiteit.py), measured against known truth.

A generator makes families, registers each person once, and then offers intake records about them
again with the noise real intake has: typos and transposed letters in names, the tussenvoegsel
written in the achternaam, capitals and accents, a missing BSN, birth day and month swapped, a
family that moved. It also offers records about *other* people who look alike: twins (same
surname and birth date, another first name), two children with the same name born in the same
year, a common surname at one postcode. For each record it checks what `persoon_zoeken` did:

- a **false automatic link** (linked, but to someone else, or linked a newcomer) — must be 0;
- a true repeat person **found**: linked to the right person, or offered as a candidate;
- the number of candidates offered per record.

`meet()` works inside the caller's transaction and leaves rows behind; callers roll back
(`tests/meldingen/test_identiteit.py`, `python -m bench`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from meldingen.identiteit import (
    Persoonsgegevens,
    achternaam_sleutel,
    persoon_zoeken,
    voornaam_sleutel,
)
from meldingen.models import Persoon

ACHTERNAMEN = (
    ("", "Jansen"),
    ("de", "Vries"),
    ("van den", "Berg"),
    ("", "Bakker"),
    ("", "Yilmaz"),
    ("", "El Amrani"),
    ("", "Visser"),
    ("", "Smit"),
    ("van", "Dijk"),
    ("", "Öztürk"),
    ("", "Meijer"),
    ("de", "Boer"),
    ("", "Mulder"),
    ("", "Bouzid"),
    ("", "Hendriks"),
)
VOORNAMEN = (
    "Noah", "Emma", "Sem", "Julia", "Liam", "Mila", "Lucas", "Tess", "Finn", "Sara", "Daan",
    "Yara", "Levi", "Nora", "Mohamed", "Fatima", "Adam", "Zoë", "Milan", "Lina", "Ayoub", "Saar",
)  # fmt: skip


@dataclass
class Resultaat:
    herhalingen: int = 0
    gevonden: int = 0
    gekoppeld: int = 0
    nieuwkomers: int = 0
    foute_koppelingen: int = 0
    kandidaten: int = 0
    records: int = 0
    voorbeelden_fout: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.gevonden / self.herhalingen if self.herhalingen else 1.0

    @property
    def kandidaten_gemiddeld(self) -> float:
        return self.kandidaten / self.records if self.records else 0.0

    def regels(self) -> list[str]:
        return [
            f"records {self.records}: {self.herhalingen} over een bekende persoon, "
            f"{self.nieuwkomers} over een nieuwe die op een bekende lijkt",
            f"foute automatische koppelingen: {self.foute_koppelingen} (doel 0)",
            f"bekende personen gevonden: {self.recall:.1%} "
            f"({self.gekoppeld} gekoppeld, {self.gevonden - self.gekoppeld} als kandidaat; doel ≥ 95 %)",
            f"kandidaten per record: {self.kandidaten_gemiddeld:.2f}",
        ]


def _bsn(rng: random.Random, gebruikt: set[str]) -> str:
    """A random BSN that passes the 11-proef, starting with 9: bench/genereren.py hands out only
    numbers starting with 1–8, so a look-alike's BSN is never a generated person's."""
    while True:
        cijfers = [9] + [rng.randint(0, 9) for _ in range(7)]
        som = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True))
        laatste = som % 11
        if laatste <= 9:
            bsn = "".join(map(str, cijfers)) + str(laatste)
            if bsn not in gebruikt:
                gebruikt.add(bsn)
                return bsn


def _tikfout(rng: random.Random, naam: str) -> str:
    """Two neighbouring letters swapped, or one letter doubled or dropped."""
    if len(naam) < 4:
        return naam + naam[-1]
    i = rng.randrange(1, len(naam) - 2)
    soort = rng.choice(("wissel", "dubbel", "weg"))
    if soort == "wissel":
        return naam[:i] + naam[i + 1] + naam[i] + naam[i + 2 :]
    if soort == "dubbel":
        return naam[: i + 1] + naam[i] + naam[i + 1 :]
    return naam[:i] + naam[i + 1 :]


def _geboren(rng: random.Random) -> date:
    return date(2008, 1, 1) + timedelta(days=rng.randrange(0, 16 * 365))


def meet(*, personen: int = 400, seed: int = 17) -> Resultaat:
    """Register `personen` people, then offer noisy repeat and look-alike records about them."""
    rng = random.Random(seed)
    gebruikt: set[str] = set()
    bekend: list[tuple[Persoon, Persoonsgegevens]] = []
    for _ in range(personen):
        tussenvoegsel, achternaam = rng.choice(ACHTERNAMEN)
        gegevens = Persoonsgegevens(
            voornamen=rng.choice(VOORNAMEN),
            tussenvoegsel=tussenvoegsel,
            achternaam=achternaam,
            geboortedatum=_geboren(rng),
            bsn=_bsn(rng, gebruikt) if rng.random() < 0.6 else None,
        )
        persoon = Persoon.objects.create(
            voornamen=gegevens.voornamen,
            tussenvoegsel=gegevens.tussenvoegsel,
            achternaam=gegevens.achternaam,
            geboortedatum=gegevens.geboortedatum,
            bsn=gegevens.bsn,
        )
        bekend.append((persoon, gegevens))

    resultaat = Resultaat()
    for persoon, g in bekend:
        for record in _herhalingen(rng, g):
            _beoordeel(resultaat, record, waar=persoon)
        for record in _lookalikes(rng, g, gebruikt):
            _beoordeel(resultaat, record, waar=None)
    return resultaat


def _herhalingen(rng: random.Random, g: Persoonsgegevens) -> list[Persoonsgegevens]:
    """The same person as another intake would write it down."""
    zonder_bsn = Persoonsgegevens(g.voornamen, g.tussenvoegsel, g.achternaam, g.geboortedatum, None)
    records = [
        # Exactly as before, or only with the BSN left out.
        g,
        zonder_bsn,
        # Tussenvoegsel typed in the achternaam, in capitals.
        Persoonsgegevens(
            g.voornamen.upper(), "", f"{g.tussenvoegsel} {g.achternaam}".strip().upper(),
            g.geboortedatum, None,
        ),
        # A typo in the achternaam, no BSN.
        Persoonsgegevens(
            g.voornamen, g.tussenvoegsel, _tikfout(rng, g.achternaam), g.geboortedatum, None
        ),
    ]  # fmt: skip
    geboren = g.geboortedatum
    if geboren.day <= 12 and geboren.day != geboren.month:
        records.append(
            Persoonsgegevens(
                g.voornamen,
                g.tussenvoegsel,
                g.achternaam,
                geboren.replace(day=geboren.month, month=geboren.day),
                None,
            )
        )
    return records


def _lookalikes(
    rng: random.Random, g: Persoonsgegevens, gebruikt: set[str]
) -> list[Persoonsgegevens]:
    """Other people who look like this one: a twin, a namesake born the same year."""
    andere_voornaam = rng.choice([v for v in VOORNAMEN if v[:2] != g.voornamen[:2]])
    while _bestaat(andere_voornaam, g.tussenvoegsel, g.achternaam, g.geboortedatum):
        andere_voornaam = rng.choice([v for v in VOORNAMEN if v[:2] != g.voornamen[:2]])
    zelfde_jaar = g.geboortedatum.replace(month=1, day=1) + timedelta(days=rng.randrange(0, 365))
    while zelfde_jaar == g.geboortedatum or _bestaat(
        g.voornamen, g.tussenvoegsel, g.achternaam, zelfde_jaar
    ):
        zelfde_jaar += timedelta(days=1)
    return [
        Persoonsgegevens(
            andere_voornaam, g.tussenvoegsel, g.achternaam, g.geboortedatum, _bsn(rng, gebruikt)
        ),
        Persoonsgegevens(andere_voornaam, g.tussenvoegsel, g.achternaam, g.geboortedatum, None),
        Persoonsgegevens(g.voornamen, g.tussenvoegsel, g.achternaam, zelfde_jaar, None),
    ]


def _bestaat(voornaam: str, tussenvoegsel: str, achternaam: str, geboortedatum: date) -> bool:
    """Someone with this name and birth date is known already (generated, or in the database
    before): a look-alike must be a different person in the data too, so it gets other data.
    Compared on the keys identity resolution uses ("Noah Johannes" is a Noah, "de" may sit in
    either field), or a generated namesake would count as a false link."""
    sleutel, voor = achternaam_sleutel(achternaam, tussenvoegsel), voornaam_sleutel(voornaam)
    return any(
        achternaam_sleutel(p.achternaam, p.tussenvoegsel) == sleutel
        and voornaam_sleutel(p.voornamen) == voor
        for p in Persoon.objects.filter(geboortedatum=geboortedatum).only(
            "voornamen", "tussenvoegsel", "achternaam"
        )
    )


def _beoordeel(resultaat: Resultaat, record: Persoonsgegevens, *, waar: Persoon | None) -> None:
    uitkomst = persoon_zoeken(record)
    resultaat.records += 1
    resultaat.kandidaten += len(uitkomst.kandidaten)
    if waar is None:
        resultaat.nieuwkomers += 1
        if uitkomst.persoon is not None:
            resultaat.foute_koppelingen += 1
            resultaat.voorbeelden_fout.append(f"nieuw {record} → {uitkomst.persoon.pk}")
        return
    resultaat.herhalingen += 1
    if uitkomst.persoon is not None and uitkomst.persoon.pk != waar.pk:
        resultaat.foute_koppelingen += 1
        resultaat.voorbeelden_fout.append(f"{record} → {uitkomst.persoon.pk}, niet {waar.pk}")
    elif uitkomst.persoon is not None:
        resultaat.gekoppeld += 1
        resultaat.gevonden += 1
    elif any(k.pk == waar.pk for k in uitkomst.kandidaten):
        resultaat.gevonden += 1
