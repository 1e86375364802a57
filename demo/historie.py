"""The past states of the demo meldingen and diensten, read from the history rows just generated.

The snapshots, the zicht-op-veiligheid contacts and the signaleringen of the past all ask the
same question — in which state was this case at moment t? — so it is answered once here, from the
unsaved Statuswijziging and DienstStatuswijziging rows (the same history a dossier shows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from demo.rijen import DienstRijen, Rijen
from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding


@dataclass(frozen=True)
class Periode:
    """One state from `van` until `tot` (None: still in it now)."""

    status: str
    van: datetime
    tot: datetime | None


@dataclass
class Historie:
    """Per melding and per dienst (keyed by id(): the rows have no primary key yet) its periods."""

    meldingen: list[Melding]
    diensten: list[Vervolgdienst]
    melding_perioden: dict[int, list[Periode]]
    dienst_perioden: dict[int, list[Periode]]
    dienst_van_melding: dict[int, Vervolgdienst]
    ketenpartner_van_dienst: dict[int, str]

    @classmethod
    def lees(cls, rijen: Rijen, dienstrijen: DienstRijen) -> Historie:
        per_melding: dict[int, list] = {}
        for w in rijen.statuswijzigingen:
            per_melding.setdefault(id(w.melding), []).append(w)
        per_dienst: dict[int, list] = {}
        for w in dienstrijen.statuswijzigingen:
            per_dienst.setdefault(id(w.dienst), []).append(w)
        return cls(
            meldingen=rijen.meldingen,
            diensten=dienstrijen.diensten,
            melding_perioden={
                id(m): _perioden(
                    MeldingStatus.ONTVANGEN, m.ontvangen_op, per_melding.get(id(m), ())
                )
                for m in rijen.meldingen
            },
            # A dienst is created by the besluit, in "wacht op start".
            dienst_perioden={
                id(d): _perioden(
                    DienstStatus.WACHT_OP_START, d.besluit_op, per_dienst.get(id(d), ())
                )
                for d in dienstrijen.diensten
            },
            dienst_van_melding={id(d.melding): d for d in dienstrijen.diensten},
            ketenpartner_van_dienst={
                id(o.dienst): o.ketenpartner.naam
                for o in dienstrijen.overdrachten
                if o.dienst is not None
            },
        )

    def van_melding(self, melding: Melding) -> list[Periode]:
        return self.melding_perioden[id(melding)]

    def van_dienst(self, dienst: Vervolgdienst) -> list[Periode]:
        return self.dienst_perioden[id(dienst)]

    def dienst(self, melding: Melding) -> Vervolgdienst | None:
        return self.dienst_van_melding.get(id(melding))

    def ketenpartner(self, dienst: Vervolgdienst) -> str:
        """Name of the ketenpartner the dienst was handed over to ("" when none)."""
        return self.ketenpartner_van_dienst.get(id(dienst), "")


def _perioden(begin: str, sinds: datetime, wijzigingen: Iterable) -> list[Periode]:
    """The chain begin → naar → naar …, each period ending where the next transition starts."""
    perioden = []
    status, van = begin, sinds
    for w in sorted(wijzigingen, key=lambda w: w.op):
        if w.op > van:
            perioden.append(Periode(status, van, w.op))
        status, van = w.naar, w.op
    perioden.append(Periode(status, van, None))
    return perioden
