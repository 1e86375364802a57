"""Zicht-op-veiligheid contacts with the households that waited, and the moments they were late.

Every wait the history shows (on the triagelijst, for the start of a dienst, for a ketenpartner)
gets contacts the way `wachtlijst.services.zicht_plannen` plans them: due one interval of the
urgentie (`termijnen.zicht_intervallen`) after the last contact or the start of the wait.
Most contacts are on time or a little early, some late and a few forgotten — so some households
waiting today are overdue. Now and then a contact changes the urgentie, always with a reason; an
acuut case that waits for its dienst is set to hoog at the first contact. The melding keeps the
urgentie of its last contact, as `zicht_op_veiligheid_vastleggen` leaves it.

Built before saving, like the dossiers: the contacts' journal lines go in with the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from demo import zichtteksten as Z
from demo.basis import DAG, UUR, Context, label
from demo.historie import Historie
from demo.organisatie import Organisatie
from demo.planning import MeldingPlan
from demo.rijen import Rijen
from diensten.keuzes import DienstStatus
from meldingen.keuzes import MeldingStatus, Urgentie
from meldingen.models import Melding
from meldingen.models.dossier import Herprioritering, UrgentieKanaal
from veiligthuis import termijnen
from veiligthuis.models import Rol
from wachtlijst.models import ZichtOpVeiligheid

MARGE = timedelta(minutes=3)
KANTOOR_BEGIN, KANTOOR_EIND = time(8, 30), time(17, 30)
KANS_HERPRIORITERING = 0.06
KANS_ZORGELIJK = 0.12
KANS_NIET_BEREIKT = 0.08
# How far from its due moment a contact happens: early, on time, late, forgotten (days).
STIPTHEID = {
    "vroeg": (35, -2.0, 0.0),
    "op_tijd": (40, 0.0, 0.6),
    "later": (18, 1.0, 6.0),
    "vergeten": (7, 7.0, 25.0),
}
HOGER = {Urgentie.LAAG: Urgentie.MIDDEN, Urgentie.MIDDEN: Urgentie.HOOG}
LAGER = {Urgentie.HOOG: Urgentie.MIDDEN, Urgentie.MIDDEN: Urgentie.LAAG}


@dataclass
class Wacht:
    """One wait of a case: from `van` to `tot` (None: waiting now), due moments counted from `sinds`."""

    soort: str  # "triage", "start", "ketenpartner"
    van: datetime
    tot: datetime | None
    sinds: datetime


@dataclass
class Achterstand:
    """A zicht contact that was due at `sinds` and missing until `tot` (None: still missing now)."""

    melding: Melding
    sinds: datetime
    tot: datetime | None


@dataclass
class ZichtUitkomst:
    contacten: list[ZichtOpVeiligheid] = field(default_factory=list)
    achterstanden: list[Achterstand] = field(default_factory=list)
    herprioriteringen: int = 0
    # The Herprioritering row every urgentie change writes (meldingen.services.herverdeling).
    herprioritering_rijen: list[Herprioritering] = field(default_factory=list)


def wachttijden(historie: Historie, melding: Melding) -> list[Wacht]:
    """The melding's waits that need sight, oldest first (wachtlijst.services.wacht_op_zicht)."""
    wachten = [
        Wacht("triage", p.van, p.tot, melding.ontvangen_op)
        for p in historie.van_melding(melding)
        if p.status in (MeldingStatus.ACUUT, MeldingStatus.OP_TRIAGELIJST)
    ]
    dienst = historie.dienst(melding)
    if dienst is not None:
        for p in historie.van_dienst(dienst):
            if p.status == DienstStatus.WACHT_OP_START:
                wachten.append(Wacht("start", p.van, p.tot, dienst.besluit_op))
            elif p.status == DienstStatus.OP_KETENPARTNER:
                sinds = dienst.afgerond_op or dienst.besluit_op
                wachten.append(Wacht("ketenpartner", p.van, p.tot, sinds))
    return wachten


class ZichtBouwer:
    def __init__(self, ctx: Context, org: Organisatie, rijen: Rijen, historie: Historie) -> None:
        self.ctx = ctx
        self.org = org
        self.rijen = rijen
        self.historie = historie
        self.nu = ctx.nu - MARGE
        self.kalender = ctx.kalender
        self.intervallen, self.zonder_urgentie = termijnen.zicht_intervallen()
        self.uit = ZichtUitkomst()

    def bouw(self, plannen: list[MeldingPlan]) -> ZichtUitkomst:
        for plan in plannen:
            melding = plan.extra.get("melding")
            if melding is not None:
                self._melding(plan, melding)
        return self.uit

    def _interval(self, urgentie: str) -> timedelta:
        return self.intervallen.get(urgentie) or self.zonder_urgentie

    def _kantoor(self, moment: datetime) -> datetime:
        """`moment`, or the next working morning when it falls outside office hours."""
        lokaal = moment.astimezone(termijnen.TIJDZONE)
        dag = lokaal.date()
        if lokaal.time() >= KANTOOR_EIND or not termijnen.is_werkdag(dag, kalender=self.kalender):
            dag = termijnen.volgende_werkdag(dag, kalender=self.kalender)
        elif lokaal.time() >= KANTOOR_BEGIN:
            return moment
        ochtend = datetime.combine(dag, KANTOOR_BEGIN, tzinfo=termijnen.TIJDZONE)
        return ochtend + self.ctx.duur(timedelta(), 3 * UUR)

    def _melding(self, plan: MeldingPlan, melding: Melding) -> None:
        ctx = self.ctx
        urgentie = melding.urgentie
        laatste: datetime | None = None
        for wacht in wachttijden(self.historie, melding):
            tot = wacht.tot or self.nu
            eerste_in_wacht = True
            while True:
                referentie = max(laatste or wacht.sinds, wacht.sinds)
                # Draw before comparing with now: the random stream must not depend on today.
                soort = ctx.gewogen({k: w for k, (w, _v, _t) in STIPTHEID.items()})
                _w, van, tot_dagen = STIPTHEID[soort]
                verschuiving = ctx.duur(van * DAG, tot_dagen * DAG)
                verschil, toelichting = ctx.rng.random(), ctx.rng.random()
                gepland = referentie + self._interval(urgentie)
                if gepland >= tot:
                    break
                op = self._kantoor(max(gepland + verschuiving, referentie + DAG, wacht.van + UUR))
                if op >= tot:
                    achter = max(gepland, wacht.van)
                    self.uit.achterstanden.append(Achterstand(melding, achter, wacht.tot))
                    break
                if op > gepland:
                    self.uit.achterstanden.append(Achterstand(melding, gepland, op))
                door = self._door(plan, wacht)
                na = self._nieuwe_urgentie(urgentie, wacht, eerste_in_wacht, verschil)
                if urgentie == Urgentie.ACUUT and na != urgentie:
                    # Only a werkbegeleider of the team lowers acuut (meldingen.protocol); no
                    # extra random draw, so the rest of the demo stays as it was.
                    door = self.org.van_team(plan.team, Rol.WERKBEGELEIDER)[0]
                self._contact(plan, melding, wacht, op, door, urgentie, na, toelichting)
                urgentie, laatste, eerste_in_wacht = na, op, False
        melding.urgentie = urgentie

    def _door(self, plan: MeldingPlan, wacht: Wacht):
        """The dienst's uitvoerder when one is assigned, otherwise an onderzoeker of the team."""
        dienst = self.historie.dienst(plan.extra["melding"])
        if wacht.soort != "triage" and dienst is not None and dienst.uitvoerder is not None:
            return dienst.uitvoerder
        return self.ctx.kies(self.org.van_team(plan.team, Rol.ONDERZOEKER))

    def _nieuwe_urgentie(self, urgentie: str, wacht: Wacht, eerste: bool, u: float) -> str:
        if urgentie == Urgentie.ACUUT:
            # Nobody waits at acuut: once the crisis is over the case waits at hoog.
            return Urgentie.HOOG if wacht.soort != "triage" and eerste else urgentie
        if u >= KANS_HERPRIORITERING or not urgentie:
            return urgentie
        # Two thirds of the changes raise the urgentie: a contact finds new worries more often.
        if u < KANS_HERPRIORITERING * 2 / 3 and urgentie in HOGER:
            return HOGER[urgentie]
        return LAGER.get(urgentie, HOGER.get(urgentie, urgentie))

    def _contact(self, plan, melding, wacht, op, door, voor: str, na: str, u: float) -> None:
        ctx = self.ctx
        kinderen = any(
            (leeftijd := db.persoon.leeftijd_op(termijnen.lokale_datum(op))) is not None
            and leeftijd < 18
            for db in plan.extra.get("betrokkenen", ())
        )
        keuzes = list(Z.CONTACT_ALGEMEEN)
        if kinderen:
            keuzes += Z.CONTACT_KIND
        partner = "de hulpverlening"
        if wacht.soort == "ketenpartner":
            dienst = self.historie.dienst(melding)
            partner = (dienst and self.historie.ketenpartner(dienst)) or partner
            keuzes += Z.CONTACT_KETENPARTNER
        sjabloon = ctx.kies(keuzes)
        contact_met = sjabloon.format(partner=partner)
        reden = ""
        if na != voor:
            if voor == Urgentie.ACUUT:
                reden = ctx.kies(Z.REDEN_NA_ACUUT)
            elif HOGER.get(voor) == na:
                reden = ctx.kies(Z.REDEN_HOGER)
            else:
                reden = ctx.kies(Z.REDEN_LAGER)
            self.uit.herprioriteringen += 1
            self.uit.herprioritering_rijen.append(
                Herprioritering(
                    melding=melding,
                    van=voor,
                    naar=na,
                    kanaal=UrgentieKanaal.ZICHT,
                    reden=reden,
                    door=door,
                    op=op,
                )
            )
        if reden and HOGER.get(voor) == na:
            uitkomst = ctx.kies(Z.UITKOMST_ZORGELIJK)
        elif "{partner}" in sjabloon or (wacht.soort == "ketenpartner" and u < 0.3):
            uitkomst = ctx.kies(Z.UITKOMST_KETENPARTNER).format(partner=partner)
        elif u < KANS_NIET_BEREIKT:
            uitkomst = ctx.kies(Z.UITKOMST_NIET_BEREIKT)
        elif u < KANS_NIET_BEREIKT + KANS_ZORGELIJK:
            uitkomst = ctx.kies(Z.UITKOMST_ZORGELIJK)
        else:
            uitkomst = ctx.kies(Z.UITKOMST_RUSTIG)
        self.uit.contacten.append(
            ZichtOpVeiligheid(
                melding=melding,
                op=op,
                contact_met=contact_met,
                uitkomst=uitkomst,
                urgentie_voor=voor,
                urgentie_na=na,
                reden_herprioritering=reden,
                door=door,
            )
        )
        # The journal line zicht_op_veiligheid_vastleggen writes.
        tekst = f"Zicht op veiligheid: contact met {contact_met}."
        if reden:
            tekst += (
                f" Urgentie van '{label(Urgentie, voor) if voor else '—'}' naar "
                f"'{label(Urgentie, na)}'. Reden: {reden}"
            )
        self.rijen.systeemregel(melding, tekst, door=door, op=op)
