"""What the dienst page computes from the dienst that `dienst_voor` loaded: the checklist, termijn,
wachttijd, choices and the actions this user is offered (the services check every action again)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from diensten.eisen import GEEN_CONCLUSIE_NODIG, Eis, eisen_van
from diensten.keuzes import DienstStatus
from diensten.models import Afwijking, Monitoringsmoment, Vervolgdienst
from diensten.selectors.activiteit import laatste_activiteit
from diensten.selectors.termijn import (
    DienstTermijn,
    Wachttijd,
    dienst_termijn,
    kalender_voor,
    wachttijd_van,
)
from meldingen.models import Directbetrokkene, Melding
from veiligthuis import termijnen
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import CASUSROLLEN

D = DienstStatus


def is_uitvoerder_of_werkbegeleider(gebruiker: Medewerker, dienst: Vervolgdienst) -> bool:
    """Mirror of the services' rule (`eis_uitvoerder_of_werkbegeleider` + team); for buttons only."""
    if gebruiker.team_id != dienst.melding.team_id:
        return False
    if gebruiker.pk == dienst.uitvoerder_id:
        return True
    return gebruiker.heeft_rol(Rol.WERKBEGELEIDER)


@dataclass(frozen=True)
class DienstActies:
    """What the page offers this user now. The services check every action again."""

    uitvoerder: bool = False
    # A gesprek can be recorded while the dienst waits (the uitvoerder's first one starts it).
    gesprek: bool = False
    werken: bool = False
    conclusie: bool = False
    goedkeuren: bool = False
    overdragen: bool = False
    ketenpartner_gestart: bool = False
    monitoring_starten: bool = False
    monitoring: bool = False
    afsluiten: bool = False
    stoppen: bool = False
    terugkoppeling: bool = False


def dienst_acties(gebruiker: Medewerker, dienst: Vervolgdienst) -> DienstActies:
    status = dienst.status
    eigen_team = gebruiker.team_id == dienst.melding.team_id
    casus = eigen_team and gebruiker.heeft_rol(*CASUSROLLEN)
    uwb = is_uitvoerder_of_werkbegeleider(gebruiker, dienst)
    open_ = status in D.open()
    werken = status == D.LOPEND and uwb
    return DienstActies(
        uitvoerder=open_ and casus and gebruiker.heeft_rol(Rol.WERKBEGELEIDER, Rol.ONDERZOEKER),
        gesprek=werken or (status == D.WACHT_OP_START and dienst.uitvoerder_id is not None and uwb),
        werken=werken,
        conclusie=werken and dienst.is_onderzoek,
        goedkeuren=status == D.LOPEND and casus and gebruiker.heeft_rol(Rol.WERKBEGELEIDER),
        overdragen=status == D.AFGEROND and uwb,
        ketenpartner_gestart=status == D.OP_KETENPARTNER and uwb,
        monitoring_starten=status in (D.AFGEROND, D.OVERDRACHT) and uwb,
        monitoring=status == D.MONITORING and uwb,
        afsluiten=status == D.MONITORING and uwb,
        stoppen=open_ and uwb and gebruiker.heeft_rol(Rol.WERKBEGELEIDER, Rol.ONDERZOEKER),
        terugkoppeling=casus,
    )


@dataclass(frozen=True)
class EisRij:
    """One line of the checklist: the requirement and its afwijking, if any."""

    eis: Eis
    afwijking: Afwijking | None

    @property
    def slug(self) -> str:
        return self.eis.code.replace(":", "-").replace("_", "-")


@dataclass(frozen=True)
class BetrokkeneRij:
    betrokkene: Directbetrokkene
    leeftijd: int | None

    @property
    def label(self) -> str:
        persoon = self.betrokkene.persoon
        rol = self.betrokkene.get_rol_display()
        if self.leeftijd is None:
            return _("%(naam)s — %(rol)s, leeftijd onbekend") % {"naam": persoon, "rol": rol}
        return ngettext(
            "%(naam)s — %(rol)s, %(n)d jaar", "%(naam)s — %(rol)s, %(n)d jaar", self.leeftijd
        ) % {"naam": persoon, "rol": rol, "n": self.leeftijd}


@dataclass
class DienstOverzicht:
    """Everything computed for the dienst page (the dienst itself was loaded by `dienst_voor`)."""

    eisen: list[EisRij]
    termijn: DienstTermijn
    wachttijd: Wachttijd
    betrokkenen: list[BetrokkeneRij]
    aanleidingen: list[tuple[str, str]]
    acties: DienstActies
    open_momenten: list[Monitoringsmoment] = field(default_factory=list)
    laatste_activiteit: date | None = None
    terugkoppeling_na_beoordeling: bool = False
    terugkoppeling_na_dienst: bool = False

    @property
    def eisen_in_orde(self) -> bool:
        return all(r.eis.in_orde for r in self.eisen)


def betrokkenen_met_leeftijd(
    melding: Melding, *, vandaag: date | None = None
) -> list[BetrokkeneRij]:
    """The melding's directbetrokkenen (prefetched) with their age today, for the gesprek select."""
    vandaag = vandaag or timezone.localdate()
    return [
        BetrokkeneRij(db, db.persoon.leeftijd_op(vandaag)) for db in melding.directbetrokkenen.all()
    ]


def conclusie_typen(melding: Melding) -> list[tuple[str, str]]:
    """The types geweld an Onderzoek concludes on: the melding's aanleidingen (prefetched)."""
    return [
        (a.aanleiding, a.get_aanleiding_display())
        for a in melding.aanleidingen.all()
        if a.aanleiding not in GEEN_CONCLUSIE_NODIG
    ]


def dienst_overzicht(
    *, gebruiker: Medewerker, dienst: Vervolgdienst, nu: datetime | None = None
) -> DienstOverzicht:
    """The checklist, termijn, wachttijd and choices of the page from the prefetched dienst.

    One query (closure days) beyond what `dienst_voor` loaded.
    """
    nu = nu or timezone.now()
    vandaag = termijnen.lokale_datum(nu)
    melding = dienst.melding
    afwijkingen = {a.eis: a for a in dienst.afwijkingen.all()}
    eisen = [EisRij(eis=e, afwijking=afwijkingen.get(e.code)) for e in eisen_van(dienst)]
    momenten = [
        m
        for m in dienst.monitoringsmomenten.all()
        if not m.is_uitgevoerd and m.gepland_op <= vandaag
    ]
    momenten_na_dienst = {t.moment for t in melding.terugkoppelingen.all()}
    return DienstOverzicht(
        eisen=eisen,
        termijn=dienst_termijn(dienst, nu=nu),
        wachttijd=wachttijd_van(dienst, nu=nu, kalender=kalender_voor([dienst], nu)),
        betrokkenen=betrokkenen_met_leeftijd(melding, vandaag=vandaag),
        aanleidingen=conclusie_typen(melding),
        acties=dienst_acties(gebruiker, dienst),
        open_momenten=momenten,
        laatste_activiteit=laatste_activiteit(dienst),
        terugkoppeling_na_beoordeling="na_beoordeling" in momenten_na_dienst,
        terugkoppeling_na_dienst="na_dienst" in momenten_na_dienst,
    )
