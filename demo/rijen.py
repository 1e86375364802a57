"""The unsaved rows of a demo run, and the history/journal lines every state change leaves.

The texts of the system lines are the ones the services write (meldingen.services._basis), so a
demo dossier reads exactly like one built by hand through the application.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from demo.basis import label
from diensten.models import (
    Afwijking,
    Conclusie,
    DienstStatuswijziging,
    Gesprek,
    Informant,
    Monitoringsmoment,
    Overdracht,
    Terugkoppeling,
    Veiligheidsafspraak,
    Veiligheidsvoorwaarde,
    Vervolgdienst,
)
from meldingen.keuzes import JournaalSoort, MeldingStatus
from meldingen.models import (
    Activiteit,
    Besluit,
    Consult,
    Directbetrokkene,
    Huishouden,
    Journaalregel,
    Melder,
    Melding,
    MeldingAanleiding,
    MeldingAard,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
    Verrijkingstaak,
)
from meldingen.services._basis import SYSTEEMBRON
from veiligthuis.models import Medewerker


@dataclass
class Rijen:
    huishoudens: list[Huishouden] = field(default_factory=list)
    personen: list[Persoon] = field(default_factory=list)
    meldingen: list[Melding] = field(default_factory=list)
    melders: list[Melder] = field(default_factory=list)
    aanleidingen: list[MeldingAanleiding] = field(default_factory=list)
    aarden: list[MeldingAard] = field(default_factory=list)
    betrokkenen: list[Directbetrokkene] = field(default_factory=list)
    beoordelingen_a: list[VeiligheidsbeoordelingA] = field(default_factory=list)
    beoordelingen_b: list[VeiligheidsbeoordelingB] = field(default_factory=list)
    besluiten: list[Besluit] = field(default_factory=list)
    statuswijzigingen: list[Statuswijziging] = field(default_factory=list)
    journaal: list[Journaalregel] = field(default_factory=list)
    activiteiten: list[Activiteit] = field(default_factory=list)
    verrijking: list[Verrijkingstaak] = field(default_factory=list)
    consulten: list[tuple[Consult, list[Medewerker]]] = field(default_factory=list)

    def systeemregel(
        self, melding: Melding, tekst: str, *, door: Medewerker | None, op: datetime
    ) -> Journaalregel:
        """A factual line written by the system on behalf of `door` (as journaal_systeem does)."""
        regel = Journaalregel(
            melding=melding,
            soort=JournaalSoort.FEIT,
            bron=SYSTEEMBRON,
            tekst=tekst,
            auteur=door,
            geschreven_op=op,
        )
        self.journaal.append(regel)
        return regel

    def overgang(
        self,
        melding: Melding,
        van: str,
        naar: str,
        *,
        door: Medewerker,
        op: datetime,
        toelichting: str = "",
    ) -> None:
        """History row plus journal line, as wijzig_status writes them for one transition."""
        self.statuswijzigingen.append(
            Statuswijziging(
                melding=melding, van=van, naar=naar, door=door, op=op, toelichting=toelichting
            )
        )
        tekst = f"Status gewijzigd van '{label(MeldingStatus, van)}' naar '{label(MeldingStatus, naar)}'."
        if toelichting:
            tekst = f"{tekst} {toelichting}"
        self.systeemregel(melding, tekst, door=door, op=op)


@dataclass
class DienstRijen:
    """The unsaved rows of the vervolgdiensten; saved after the meldingen they point at."""

    diensten: list[Vervolgdienst] = field(default_factory=list)
    statuswijzigingen: list[DienstStatuswijziging] = field(default_factory=list)
    gesprekken: list[Gesprek] = field(default_factory=list)
    informanten: list[Informant] = field(default_factory=list)
    conclusies: list[Conclusie] = field(default_factory=list)
    voorwaarden: list[Veiligheidsvoorwaarde] = field(default_factory=list)
    # An afwijking of a gesprek names the directbetrokkene's primary key, known after saving.
    afwijkingen: list[tuple[Afwijking, Directbetrokkene | None]] = field(default_factory=list)
    overdrachten: list[Overdracht] = field(default_factory=list)
    afspraken: list[Veiligheidsafspraak] = field(default_factory=list)
    momenten: list[Monitoringsmoment] = field(default_factory=list)
    terugkoppelingen: list[Terugkoppeling] = field(default_factory=list)
