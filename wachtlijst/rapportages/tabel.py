"""One table structure behind both the printable page and the CSV download.

The selectors fill `Tabel`s with raw numbers; the page and the CSV both format them with `tekst`, so
a figure in the download is character for character the figure on the page.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

LEEG = "—"


def kleine_basis() -> int:
    """A percentage over fewer cases than this (VT_RAPPORT_MINIMALE_BASIS, default 20) says more
    about chance than about the work: the report shows "n < 20" instead of, say, "+3838,0"
    against a quarter with 2 meldingen."""
    return settings.VT_RAPPORT_MINIMALE_BASIS


@dataclass(frozen=True)
class KleineBasis:
    """A percentage left out because its base (the denominator) is below `kleine_basis()`."""

    basis: int
    drempel: int

    def __str__(self) -> str:
        return f"n < {self.drempel}"


def tekst(waarde: object, *, teken: bool = False, leeg: str = LEEG) -> str:
    """A cell as the reader sees it: Dutch decimal comma, one decimal, a sign for changes."""
    if waarde is None:
        return leeg
    if isinstance(waarde, bool):
        return str(waarde)
    if isinstance(waarde, int):
        return f"{waarde:+d}" if teken and waarde else str(waarde)
    if isinstance(waarde, float):
        opmaak = "+.1f" if teken and waarde else ".1f"
        return format(waarde, opmaak).replace(".", ",")
    return str(waarde)


@dataclass(frozen=True)
class Kolom:
    naam: str
    getal: bool = True
    teken: bool = False  # a change: shown as +3 / -2


@dataclass(frozen=True)
class Cel:
    tekst: str
    getal: bool


@dataclass
class Tabel:
    """A titled table: the first column labels the row, the other columns are figures."""

    sleutel: str  # html id and data attribute
    titel: str
    kolommen: list[Kolom]
    rijen: list[list[object]]
    totaal: list[object] | None = None
    toelichting: str = ""
    leeg_bericht: str = ""

    def _cellen(self, rij: list[object], leeg: str) -> list[Cel]:
        return [
            Cel(tekst(waarde, teken=kolom.teken, leeg=leeg), kolom.getal)
            for kolom, waarde in zip(self.kolommen, rij, strict=True)
        ]

    @property
    def regels(self) -> list[list[Cel]]:
        return [self._cellen(rij, LEEG) for rij in self.rijen]

    @property
    def totaalregel(self) -> list[Cel] | None:
        return self._cellen(self.totaal, LEEG) if self.totaal is not None else None

    def csv_regels(self) -> Iterable[list[str]]:
        """As on the page: title, header, rows and total (or why there are none); a dash is empty."""
        yield [self.titel]
        yield [kolom.naam for kolom in self.kolommen]
        if not self.rijen:
            yield [self.leeg_bericht or _("Geen gegevens.")]
            return
        for rij in self.rijen:
            yield [cel.tekst for cel in self._cellen(rij, "")]
        if self.totaal is not None:
            yield [cel.tekst for cel in self._cellen(self.totaal, "")]


def schrijf_csv(bestand: IO[str], kop: list[list[str]], tabellen: list[Tabel]) -> None:
    """Semicolon-separated sections, one per table, separated by an empty line (Dutch Excel)."""
    schrijver = csv.writer(bestand, delimiter=";", lineterminator="\r\n")
    schrijver.writerows(kop)
    for tabel in tabellen:
        schrijver.writerow([])
        schrijver.writerows(tabel.csv_regels())


def verschil_procent(nu: int, eerder: int) -> float | KleineBasis | None:
    """Relative change in %, one decimal; none when there is nothing to compare with, and
    `KleineBasis` when the earlier figure is too small for a percentage to mean anything."""
    if not eerder:
        return None
    if eerder < kleine_basis():
        return KleineBasis(eerder, kleine_basis())
    return round(100 * (nu - eerder) / eerder, 1)


def percentage(deel: int, geheel: int) -> float | KleineBasis | None:
    """`deel` as a % of `geheel`, one decimal; `KleineBasis` below `kleine_basis()` cases."""
    if not geheel:
        return None
    if geheel < kleine_basis():
        return KleineBasis(geheel, kleine_basis())
    return round(100 * deel / geheel, 1)
