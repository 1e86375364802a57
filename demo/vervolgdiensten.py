"""The vervolgdienst of every demo melding naar vervolgdienst, as diensten.services would build it.

Two steps. First a life per dienst, from its besluit: the wait until the start, the looptijd until
afronden, the overdracht (sometimes via a ketenpartner's waiting list), the monitoring moments of
settings.VT_MONITORING_MAANDEN, closing — or stopping with a reason — cut off at now. A dienst's
state is where its life stands today, so recent besluiten wait or run and old ones are in
monitoring or closed. A few lives are redrawn until every state, a long wait for the start, a
dienst past its 10 weeks and overdue monitoring are present, even in a small run.

Then the records each state implies, each dated inside the phase in which the service accepts it,
and each keeping the rules of diensten.protocol (tests/diensten/test_protocol_demo.py walks them):
a started dienst starts with a gesprek or huisbezoek of its uitvoerder on the start date,
gesprekken (children of 4 and older on the gesprek date spoken face to face, younger ones seen,
adults spoken), afwijkingen only for a person, a V&V always handed over to a ketenpartner,
informanten, hoor en wederhoor or erkenning, conclusies, veiligheidsvoorwaarden, approved
afwijkingen, the overdracht with its veiligheidsafspraken, monitoringsmomenten, the history rows
and journal lines the services write, and the terugkoppeling aan de melder. Failed monitoring
checks (which would register a new melding) are not generated: every recorded moment went well.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings

from demo import dienstteksten as T
from demo.basis import DAG, UUR, Context, label
from demo.organisatie import DEMO_TEAM, Organisatie
from demo.planning import MeldingPlan, monitoring_dagen
from demo.rijen import DienstRijen, Rijen
from diensten import protocol
from diensten.eisen import (
    GEEN_CONCLUSIE_NODIG,
    MIN_INFORMANTEN,
    SPREKEN_VANAF,
    VOLWASSEN,
    persoon_eis_omschrijving,
)
from diensten.keuzes import (
    ConclusieUitkomst,
    DienstStatus,
    DienstType,
    GesprekVorm,
    TerugkoppelingMoment,
    TerugkoppelingWijze,
    VoortijdigReden,
)
from diensten.models import (
    Afwijking,
    Conclusie,
    DienstStatuswijziging,
    Gesprek,
    Informant,
    Ketenpartner,
    Monitoringsmoment,
    Overdracht,
    Terugkoppeling,
    Veiligheidsafspraak,
    Veiligheidsvoorwaarde,
    Vervolgdienst,
)
from diensten.services.uitvoering import TYPE_VOOR_ROUTE
from meldingen.keuzes import Aanleiding, BesluitRoute, Hoedanigheid, MeldingStatus, RolInMelding
from meldingen.models import Persoon
from veiligthuis import termijnen
from veiligthuis.models import Medewerker, Rol

D = DienstStatus
S = MeldingStatus
A = Aanleiding
R = RolInMelding
V = GesprekVorm
MARGE = timedelta(minutes=2)
KANTOOR_BEGIN, KANTOOR_EIND = time(8, 30), time(17, 30)
EINDELOOS = float("inf")

# A V&V always starts a vervolgtraject (protocol.VV_VERVOLGTRAJECT); an Onderzoek mostly hands over.
KANS_OVERDRACHT = {DienstType.VOORWAARDEN_EN_VERVOLG: 1.0, DienstType.ONDERZOEK: 0.75}
KANS_WACHTLIJST = 0.6  # of overdrachten to a ketenpartner that has a waiting list
KANS_STOPPEN = 0.08
KANS_ANDERE_UITVOERDER = {DienstType.ONDERZOEK: 0.85, DienstType.VOORWAARDEN_EN_VERVOLG: 0.5}
KANS_AFWIJKING = 0.07
KANS_TERUGKOPPELING_NA_DIENST = {
    D.AFGESLOTEN: 1.0,
    D.MONITORING: 0.75,
    D.OVERDRACHT: 0.45,
    D.OP_KETENPARTNER: 0.45,
    D.GESTOPT: 0.5,
    D.AFGEROND: 0.2,
}
POGINGEN = 400  # redraws of one life while looking for a missing state
# From this many diensten (a run of about 110 meldingen) every state shows at least twice, and a
# long wait, a dienst past its 10 weeks and overdue monitoring at least once; below it every
# state once.
RUIME_OMVANG = 40
PARTNERGEWELD_ACHTIG = (
    A.PARTNERGEWELD,
    A.HG_ANDERS,
    A.EERGERELATEERD,
    A.HUWELIJKSDWANG,
    A.GEWELD_TEGEN_OUDERS,
)


@dataclass
class Leven:
    """Where one dienst's life stands now; every moment lies before now."""

    status: str = D.WACHT_OP_START
    overgangen: list[tuple[datetime, str, str]] = field(default_factory=list)
    toegewezen_op: datetime | None = None
    gestart_op: datetime | None = None
    afgerond_op: datetime | None = None
    overdracht_op: datetime | None = None
    monitoring_op: datetime | None = None
    afgesloten_op: datetime | None = None
    gestopt_op: datetime | None = None
    ketenpartner: Ketenpartner | None = None
    # (gepland op, uitgevoerd op) per monitoring moment; None: not (yet) recorded
    momenten: list[tuple[date, datetime | None]] = field(default_factory=list)


@dataclass(eq=False)
class DienstPlan:
    plan: MeldingPlan
    type: str
    termijn: datetime
    uitvoerder: Medewerker
    leven: Leven = field(default_factory=Leven)

    @property
    def besluit_op(self) -> datetime:
        return self.plan.besluit_op


Doel = tuple[str, Callable[[DienstPlan], bool], int, tuple[float, float]]


def maak_ketenpartners(org: Organisatie) -> list[tuple[Ketenpartner, T.KetenpartnerOpzet]]:
    """The region's ketenpartners, linked to their gemeenten (regional ones to all of them).

    Existing ketenpartners with the same name are kept, so a run next to hand-made ones works.
    """
    Ketenpartner.objects.bulk_create(
        [
            Ketenpartner(naam=o.naam, soort=o.soort, heeft_wachtlijst=o.heeft_wachtlijst)
            for o in T.KETENPARTNERS
        ],
        ignore_conflicts=True,
    )
    per_naam = Ketenpartner.objects.in_bulk([o.naam for o in T.KETENPARTNERS], field_name="naam")
    Koppeling = Ketenpartner.gemeenten.through
    Koppeling.objects.bulk_create(
        [
            Koppeling(ketenpartner_id=per_naam[o.naam].pk, gemeente_id=org.gemeenten[naam].pk)
            for o in T.KETENPARTNERS
            for naam in (o.gemeenten or sorted(org.gemeenten))
        ],
        ignore_conflicts=True,
    )
    return [(per_naam[o.naam], o) for o in T.KETENPARTNERS]


def _velden(tekst: str) -> set[str]:
    return {veld for _l, veld, _f, _c in string.Formatter().parse(tekst) if veld}


def _passend(sjablonen: Sequence, namen: dict[str, str]) -> list:
    """The templates (a text, or a tuple with texts) whose placeholders this melding can fill."""
    passend = []
    for sjabloon in sjablonen:
        delen = (sjabloon,) if isinstance(sjabloon, str) else sjabloon
        if all(_velden(d) <= namen.keys() for d in delen if isinstance(d, str)):
            passend.append(sjabloon)
    return passend


class Vervolgdiensten:
    def __init__(
        self,
        ctx: Context,
        org: Organisatie,
        rijen: Rijen,
        ketenpartners: list[tuple[Ketenpartner, T.KetenpartnerOpzet]],
    ) -> None:
        self.ctx = ctx
        self.org = org
        self.rijen = rijen
        self.uit = DienstRijen()
        self.nu = ctx.nu - MARGE
        self.vandaag = termijnen.lokale_datum(ctx.nu)
        self.kalender = ctx.kalender or termijnen.Kalender.laad()
        self.wijkteams: dict[str, Ketenpartner] = {}
        self.regionaal: dict[str, Ketenpartner] = {}
        self.afwijking_voor: DienstPlan | None = None
        for partner, opzet in ketenpartners:
            if opzet.soort_code == T.WIJKTEAM:
                for naam in opzet.gemeenten:
                    self.wijkteams[naam] = partner
            else:
                self.regionaal[opzet.soort_code] = partner

    # --- the whole run --------------------------------------------------------------------------

    def bouw(self, plannen: list[MeldingPlan]) -> DienstRijen:
        diensten = [self._dienstplan(p) for p in plannen if p.status == S.NAAR_VERVOLGDIENST]
        for dp in diensten:
            dp.leven = self._leef(dp)
        self._vul_aan(diensten)
        self._demo_onderzoeker(diensten)
        # At least one approved afwijking in every run: the first finished Onderzoek that a
        # werkbegeleider other than its uitvoerder can approve.
        self.afwijking_voor = next(
            (
                dp
                for dp in diensten
                if dp.type == DienstType.ONDERZOEK
                and dp.leven.afgerond_op is not None
                and self._goedkeurder(dp) is not None
            ),
            None,
        )
        for dp in diensten:
            self._bouw_dienst(dp)
        for plan in plannen:
            if plan.besluit_op is not None:
                self._terugkoppeling_na_beoordeling(plan)
                self._overdracht_na_beoordeling(plan)
        self._controles()
        self.ctx.meld(f"Vervolgdiensten opgebouwd: {len(diensten)}.")
        return self.uit

    def _dienstplan(self, plan: MeldingPlan) -> DienstPlan:
        ctx = self.ctx
        soort = TYPE_VOOR_ROUTE[BesluitRoute(plan.route)]
        onderzoekers = self.org.van_team(plan.team, Rol.ONDERZOEKER)
        beoordelaars = (plan.beoordelaar_1, plan.beoordelaar_2)
        anderen = [m for m in onderzoekers if m not in beoordelaars]
        if anderen and ctx.kans(KANS_ANDERE_UITVOERDER[soort]):
            uitvoerder = ctx.kies(anderen)
        else:
            uitvoerder = ctx.kies(beoordelaars)
        return DienstPlan(
            plan=plan,
            type=soort,
            termijn=termijnen.termijn_vervolgdienst(plan.besluit_op),
            uitvoerder=uitvoerder,
        )

    # --- the life of one dienst -----------------------------------------------------------------

    def _wachttijd_start(self) -> timedelta:
        """Besluit to start: mostly direct, but the IGJ found diensten waiting for weeks."""
        ctx = self.ctx
        soort = ctx.gewogen({"direct": 55, "dagen": 25, "weken": 15, "lang": 5})
        van, tot = {"direct": (0.05, 2), "dagen": (2, 8), "weken": (8, 35), "lang": (35, 75)}[soort]
        return ctx.duur(van * DAG, tot * DAG)

    def _looptijd(self, soort: str) -> timedelta:
        """Start to afronden; about a quarter ends past the 10 weeks after the besluit."""
        ctx = self.ctx
        tempo = ctx.gewogen({"vlot": 55, "normaal": 30, "traag": 15})
        van, tot = {"vlot": (25, 55), "normaal": (55, 80), "traag": (80, 140)}[tempo]
        if soort == DienstType.ONDERZOEK:
            van, tot = van + 3, tot + 5
        return ctx.duur(van * DAG, tot * DAG)

    def _vertraging_monitoring(self) -> int:
        """Days between a planned monitoring moment and its recording (sometimes forgotten)."""
        ctx = self.ctx
        soort = ctx.gewogen({"op_tijd": 72, "later": 20, "vergeten": 8})
        van, tot = {"op_tijd": (-3, 7), "later": (8, 30), "vergeten": (31, 120)}[soort]
        return ctx.rng.randint(van, tot)

    def _kantoor(self, moment: datetime) -> datetime:
        """`moment`, or when it falls outside office hours the start of the next working morning."""
        lokaal = moment.astimezone(termijnen.TIJDZONE)
        dag = lokaal.date()
        if lokaal.time() >= KANTOOR_EIND or not termijnen.is_werkdag(dag, kalender=self.kalender):
            dag = termijnen.volgende_werkdag(dag, kalender=self.kalender)
        elif lokaal.time() >= KANTOOR_BEGIN:
            return moment
        ochtend = datetime.combine(dag, KANTOOR_BEGIN, tzinfo=termijnen.TIJDZONE)
        return ochtend + self.ctx.duur(timedelta(), 2 * UUR)

    def _op_dag(self, dag: date) -> datetime:
        """An office-hours moment on `dag` (local time)."""
        begin = datetime.combine(dag, time(9), tzinfo=termijnen.TIJDZONE)
        return begin + self.ctx.duur(timedelta(), 8 * UUR)

    def _kinderen(self, plan: MeldingPlan) -> list[Persoon]:
        op = termijnen.lokale_datum(plan.ontvangen_op)
        return [
            db.persoon
            for db in plan.extra["betrokkenen"]
            if (leeftijd := db.persoon.leeftijd_op(op)) is not None and leeftijd < VOLWASSEN
        ]

    def _kies_ketenpartner(self, plan: MeldingPlan) -> Ketenpartner:
        aanleidingen = plan.extra["aanleidingen"]
        gewichten: dict[str, float] = {T.GGZ: 10, T.VERSLAVING: 5}
        if self._kinderen(plan):
            gewichten |= {T.JEUGDHULP: 18, T.JEUGD_GGZ: 7}
        if any(a in PARTNERGEWELD_ACHTIG for a in aanleidingen):
            gewichten |= {T.OPVANG: 8, T.PLEGERHULP: 10}
        if A.OUDERENMISHANDELING in aanleidingen:
            gewichten[T.OUDEREN] = 25
        gewichten["wijkteam"] = 45
        keuze = self.ctx.gewogen(gewichten)
        if keuze == "wijkteam":
            return self.wijkteams[plan.gemeente.naam]
        return self.regionaal[keuze]

    def _leef(self, dp: DienstPlan) -> Leven:
        """Draw the whole life of the dienst, then keep what happened before now."""
        ctx = self.ctx
        kantoor = self._kantoor
        besluit = dp.besluit_op
        start = kantoor(besluit + self._wachttijd_start())
        afgerond = kantoor(start + self._looptijd(dp.type))
        gebeurtenissen: list[tuple[datetime, str]] = [(start, D.LOPEND), (afgerond, D.AFGEROND)]
        partner = None
        t = afgerond
        if ctx.kans(KANS_OVERDRACHT[dp.type]):
            partner = self._kies_ketenpartner(dp.plan)
            t = kantoor(t + ctx.duur(0.5 * DAG, 14 * DAG))
            if partner.heeft_wachtlijst and ctx.kans(KANS_WACHTLIJST):
                gebeurtenissen.append((t, D.OP_KETENPARTNER))
                t = kantoor(t + ctx.duur(14 * DAG, 240 * DAG))
            gebeurtenissen.append((t, D.OVERDRACHT))
            t = kantoor(t + ctx.duur(2 * DAG, 30 * DAG))
        else:
            t = kantoor(t + ctx.duur(0.5 * DAG, 10 * DAG))
        gebeurtenissen.append((t, D.MONITORING))
        begin = termijnen.lokale_datum(t)
        gepland = []
        for maanden in settings.VT_MONITORING_MAANDEN:
            dag = begin + relativedelta(months=maanden)
            uitgevoerd = dag + timedelta(days=self._vertraging_monitoring())
            gepland.append((dag, max(self._op_dag(uitgevoerd), t + UUR)))
        afsluiten = kantoor(max(u for _d, u in gepland) + ctx.duur(1 * DAG, 25 * DAG))
        gebeurtenissen.append((afsluiten, D.AFGESLOTEN))

        stop = None
        if ctx.kans(KANS_STOPPEN):
            fase = ctx.gewogen({"wacht": 10, "lopend": 55, "nazorg": 35})
            van, tot = {
                "wacht": (besluit, start),
                "lopend": (start, afgerond),
                "nazorg": (afgerond, afsluiten),
            }[fase]
            stop = kantoor(ctx.tussen(van + UUR, tot - UUR))
            if stop > self.nu:
                stop = None

        leven = Leven(ketenpartner=partner)
        huidig = D.WACHT_OP_START
        for moment, naar in gebeurtenissen:
            if moment > self.nu or (stop is not None and moment >= stop):
                break
            leven.overgangen.append((moment, huidig, naar))
            huidig = naar
        if stop is not None:
            leven.overgangen.append((stop, huidig, D.GESTOPT))
            huidig = D.GESTOPT
            leven.gestopt_op = stop
        leven.status = huidig
        for moment, van, naar in leven.overgangen:
            if naar == D.LOPEND:
                leven.gestart_op = moment
            elif naar == D.AFGEROND:
                leven.afgerond_op = moment
            elif naar in (D.OP_KETENPARTNER, D.OVERDRACHT) and van == D.AFGEROND:
                leven.overdracht_op = moment
            elif naar == D.MONITORING:
                leven.monitoring_op = moment
            elif naar == D.AFGESLOTEN:
                leven.afgesloten_op = moment
        if leven.monitoring_op is not None:
            einde = min(self.nu, stop) if stop is not None else self.nu
            leven.momenten = [(dag, u if u <= einde else None) for dag, u in gepland]

        # The uitvoerder is assigned before the start; of the waiting ones about half have one.
        einde = leven.gestart_op or leven.gestopt_op or self.nu
        if leven.gestart_op is not None or ctx.kans(0.45):
            toegewezen = ctx.tussen(
                besluit + timedelta(minutes=5), besluit + (einde - besluit) * 0.9
            )
            leven.toegewezen_op = min(kantoor(toegewezen), toegewezen + (einde - toegewezen) / 2)
        return leven

    # --- every state present --------------------------------------------------------------------

    def _wacht_lang(self, dp: DienstPlan) -> bool:
        if dp.leven.status != D.WACHT_OP_START:
            return False
        besluit = termijnen.lokale_datum(dp.besluit_op)
        werkdagen = termijnen.werkdagen_tussen(besluit, self.vandaag, kalender=self.kalender)
        return werkdagen > int(settings.VT_DIENST_START_WERKDAGEN)

    def _zonder_uitvoerder(self, dp: DienstPlan) -> bool:
        """Waiting for a werkbegeleider to assign someone: the werkbegeleider's own queue."""
        return dp.leven.status == D.WACHT_OP_START and dp.leven.toegewezen_op is None

    def _over_termijn(self, dp: DienstPlan) -> bool:
        return dp.leven.status == D.LOPEND and dp.termijn < self.ctx.nu

    def _achterstallig(self, dp: DienstPlan) -> bool:
        return dp.leven.status == D.MONITORING and any(
            u is None and dag < self.vandaag for dag, u in dp.leven.momenten
        )

    def _doelen(self, aantal: int) -> list[Doel]:
        """What a run must show, how often, and the besluit age (days) that can get there."""
        ruim = aantal >= RUIME_OMVANG
        m, x = (2, 1) if ruim else (1, 0)

        def status(s: str) -> Callable[[DienstPlan], bool]:
            return lambda dp: dp.leven.status == s

        return [
            ("afgesloten", status(D.AFGESLOTEN), m, (monitoring_dagen() + 45, EINDELOOS)),
            ("wacht op start", status(D.WACHT_OP_START), m, (0, 75)),
            ("wacht op een uitvoerder", self._zonder_uitvoerder, m, (0, 75)),
            ("lang wachtend op de start", self._wacht_lang, x, (8, 75)),
            ("afgerond", status(D.AFGEROND), m, (27, 215)),
            ("wacht op ketenpartner", status(D.OP_KETENPARTNER), m, (28, 500)),
            ("overgedragen", status(D.OVERDRACHT), m, (28, 400)),
            ("lopend", status(D.LOPEND), m, (0, 215)),
            ("lopend na de 10 weken", self._over_termijn, x, (71, 215)),
            ("monitoring", status(D.MONITORING), m, (30, EINDELOOS)),
            ("monitoring achterstallig", self._achterstallig, x, (60, EINDELOOS)),
            ("gestopt", status(D.GESTOPT), m, (0, EINDELOOS)),
        ]

    def _vul_aan(self, diensten: list[DienstPlan]) -> None:
        """Redraw a few lives until every goal is met, never taking one a met goal still needs."""
        ctx = self.ctx
        doelen = self._doelen(len(diensten))
        volgorde = list(diensten)
        ctx.rng.shuffle(volgorde)
        for naam, voldoet, minimum, (jongst, oudst) in doelen:
            while sum(1 for dp in diensten if voldoet(dp)) < minimum:
                aantallen = {n: sum(1 for dp in diensten if v(dp)) for n, v, _m, _l in doelen}
                kandidaten = [
                    dp
                    for dp in volgorde
                    if not voldoet(dp)
                    and jongst <= (ctx.nu - dp.besluit_op) / DAG <= oudst
                    and all(not v(dp) or aantallen[n] > mi for n, v, mi, _l in doelen)
                ]
                if not any(self._dwing(dp, voldoet) for dp in kandidaten):
                    ctx.meld(f"Let op: geen vervolgdienst '{naam}' te maken in deze omvang.")
                    break

    def _dwing(self, dp: DienstPlan, voldoet: Callable[[DienstPlan], bool]) -> bool:
        oud = dp.leven
        for _poging in range(POGINGEN):
            dp.leven = self._leef(dp)
            if voldoet(dp):
                return True
        dp.leven = oud
        return False

    def _demo_onderzoeker(self, diensten: list[DienstPlan]) -> None:
        """The demo onderzoeker carries out a few diensten of the demo team, in several states."""
        demo = self.org.demo.get(Rol.ONDERZOEKER)
        if demo is None:
            return
        team = self.org.teams[DEMO_TEAM]
        over = {D.LOPEND: 3, D.WACHT_OP_START: 1, D.AFGEROND: 1, D.MONITORING: 2}
        for dp in diensten:
            status = dp.leven.status
            if dp.plan.team.pk == team.pk and dp.leven.toegewezen_op and over.get(status, 0) > 0:
                dp.uitvoerder = demo
                over[status] -= 1

    # --- the records ----------------------------------------------------------------------------

    def _namen(self, plan: MeldingPlan, partner: Ketenpartner | None) -> dict[str, str]:
        """Fillers for the text templates; a role without a person leaves its placeholder out."""
        op = termijnen.lokale_datum(plan.ontvangen_op)
        namen = {"gemeente": plan.gemeente.naam}
        if partner is not None:
            namen["partner"] = partner.naam
        kinderen = self._kinderen(plan)
        if kinderen:
            namen["kind"] = str(kinderen[0])
            namen["ouders"] = "De ouders"
        for db in plan.extra["betrokkenen"]:
            leeftijd = db.persoon.leeftijd_op(op)
            volwassen = leeftijd is None or leeftijd >= VOLWASSEN
            if db.rol == R.PLEGER and volwassen:
                namen.setdefault("pleger", str(db.persoon))
            elif db.rol == R.SLACHTOFFER and volwassen:
                namen.setdefault("slachtoffer", str(db.persoon))
        return namen

    def _sjablonen(self, plan: MeldingPlan, algemeen, partnergeweld, kind, ouderen) -> list:
        aanleidingen = plan.extra["aanleidingen"]
        sjablonen = list(algemeen)
        if any(a in PARTNERGEWELD_ACHTIG for a in aanleidingen):
            sjablonen += partnergeweld
        if self._kinderen(plan):
            sjablonen += kind
        if A.OUDERENMISHANDELING in aanleidingen:
            sjablonen += ouderen
        return sjablonen

    def _datum(self, van: date, tot: date) -> date:
        """A day from `van` to `tot`, a werkdag when one is found in a few tries."""
        for _poging in range(3):
            dag = van + timedelta(days=self.ctx.rng.randint(0, max(0, (tot - van).days)))
            if termijnen.is_werkdag(dag, kalender=self.kalender):
                break
        return dag

    def _vorm(self, db, dag: date) -> str:
        """Children of 4 and older on the day are spoken face to face, younger ones seen; adults
        spoken, by phone too (protocol.telt_voor_persoon)."""
        leeftijd = db.persoon.leeftijd_op(dag)
        if protocol.is_jong_kind(leeftijd):
            return self.ctx.gewogen({V.GEZIEN: 70, V.HUISBEZOEK: 30})
        if protocol.moet_face_to_face(leeftijd, db.rol):
            return self.ctx.gewogen({V.GESPREK: 60, V.HUISBEZOEK: 40})
        return self.ctx.gewogen({V.GESPREK: 45, V.HUISBEZOEK: 35, V.TELEFONISCH: 20})

    def _gesprek(self, dienst, db, dag: date, vorm: str, door: Medewerker) -> None:
        leeftijd = db.persoon.leeftijd_op(dag)
        if leeftijd is not None and leeftijd < VOLWASSEN:
            teksten = T.GESPREK_KIND_GEZIEN if vorm == V.GEZIEN else T.GESPREK_KIND
        else:
            teksten = T.GESPREK_VOLWASSENE
        self.uit.gesprekken.append(
            Gesprek(
                dienst=dienst,
                directbetrokkene=db,
                datum=dag,
                vorm=vorm,
                door=door,
                toelichting=self.ctx.kies(teksten).format(naam=db.persoon.voornamen),
            )
        )

    def _overgang(self, dienst, dp: DienstPlan, van, naar, *, door, op, toelichting="") -> None:
        """History row plus journal line, as diensten.services._basis.wijzig_dienststatus writes."""
        self.uit.statuswijzigingen.append(
            DienstStatuswijziging(
                dienst=dienst, van=van, naar=naar, door=door, op=op, toelichting=toelichting
            )
        )
        tekst = (
            f"{label(DienstType, dp.type)}: status van '{label(D, van)}' naar '{label(D, naar)}'."
        )
        self.rijen.systeemregel(dienst.melding, f"{tekst} {toelichting}".strip(), door=door, op=op)

    def _bouw_dienst(self, dp: DienstPlan) -> None:
        ctx, plan, leven = self.ctx, dp.plan, dp.leven
        melding = plan.extra["melding"]
        werkbegeleiders = self.org.van_team(plan.team, Rol.WERKBEGELEIDER)
        uitvoerder = dp.uitvoerder if leven.toegewezen_op is not None else None
        stopreden = ""
        if leven.gestopt_op is not None:
            vroeg = leven.afgerond_op is None
            stopreden = ctx.kies(T.STOPREDEN_VROEG if vroeg else T.STOPREDEN_LAAT)
        dienst = Vervolgdienst(
            melding=melding,
            type=dp.type,
            status=leven.status,
            besluit_op=dp.besluit_op,
            termijn=dp.termijn,
            uitvoerder=uitvoerder,
            gestart_op=leven.gestart_op,
            wachttijd_start=leven.gestart_op - dp.besluit_op if leven.gestart_op else None,
            afgerond_op=leven.afgerond_op,
            afgesloten_op=leven.afgesloten_op,
            gestopt_op=leven.gestopt_op,
            stopreden=stopreden,
        )
        self.uit.diensten.append(dienst)
        self.rijen.systeemregel(
            melding,
            f"Vervolgdienst {label(DienstType, dp.type)} aangemaakt; uiterlijk afgerond op "
            f"{termijnen.lokale_datum(dp.termijn):%d-%m-%Y}.",
            door=plan.besluit_door,
            op=dp.besluit_op + timedelta(seconds=2),
        )
        if uitvoerder is not None:
            toewijzer = uitvoerder if ctx.kans(0.2) else werkbegeleiders[0]
            self.rijen.systeemregel(
                melding,
                f"Uitvoerder van de dienst: {uitvoerder}.",
                door=toewijzer,
                op=leven.toegewezen_op,
            )
        door = uitvoerder or werkbegeleiders[0]
        namen = self._namen(plan, leven.ketenpartner)

        afspraken = self._overdracht(dienst, dp, door, namen) if leven.overdracht_op else 0
        afwijking = self._kies_afwijking(dp)
        startvorm, startpersoon = (
            self._startgesprek(dienst, dp, door, afwijking) if leven.gestart_op else (None, None)
        )
        for op, van, naar in leven.overgangen:
            toelichting = ""
            if naar == D.LOPEND:
                # As diensten.services.uitvoering._start_met_activiteit writes it.
                dag = termijnen.lokale_datum(op)
                toelichting = f"Gestart met {label(V, startvorm).lower()} op {dag:%d-%m-%Y}."
            elif naar == D.GESTOPT:
                toelichting = stopreden
            elif van == D.AFGEROND and naar in (D.OP_KETENPARTNER, D.OVERDRACHT):
                toelichting = (
                    f"Overdracht aan {leven.ketenpartner} met {afspraken} veiligheidsafspraken."
                )
            self._overgang(dienst, dp, van, naar, door=door, op=op, toelichting=toelichting)

        if leven.gestart_op is not None:
            self._werk(dienst, dp, door, namen, afwijking, startpersoon)
        self._momenten(dienst, dp, door)
        self._terugkoppeling_na_dienst(dp, door)
        if leven.afgesloten_op is not None:
            laatste = max(termijnen.lokale_datum(u) for _d, u in leven.momenten if u)
            dienst.afsluitbrief_op = self._datum(
                laatste, termijnen.lokale_datum(leven.afgesloten_op)
            )
            if ctx.kans(0.1):
                dienst.ervaringsonderzoek = False
                dienst.contra_indicatie = ctx.kies(T.CONTRA_INDICATIE)

    def _goedkeurder(self, dp: DienstPlan) -> Medewerker | None:
        """A werkbegeleider of the team who is not the uitvoerder (the one asking)."""
        werkbegeleiders = self.org.van_team(dp.plan.team, Rol.WERKBEGELEIDER)
        return next((w for w in werkbegeleiders if w.pk != dp.uitvoerder.pk), None)

    def _kies_afwijking(self, dp: DienstPlan) -> tuple[str, object] | None:
        """An approved afwijking instead of a met requirement, for one person only (never the kern
        of the dienst, protocol.is_afwijkbaar); not when no other werkbegeleider than the
        uitvoerder could approve it, nor when nobody else is left for the start gesprek."""
        ctx, leven = self.ctx, dp.leven
        if leven.afgerond_op is None or self._goedkeurder(dp) is None:
            return None
        if not (ctx.kans(KANS_AFWIJKING) or dp is self.afwijking_voor):
            return None
        van = termijnen.lokale_datum(leven.gestart_op)
        betrokkenen = dp.plan.extra["betrokkenen"]
        if len(betrokkenen) < 2:
            return None
        opties = []
        for db in betrokkenen:
            leeftijd = db.persoon.leeftijd_op(van)
            if db.rol == R.KIND and leeftijd is not None and SPREKEN_VANAF <= leeftijd < VOLWASSEN:
                opties.append(("kind", db))
            elif db.rol == R.PLEGER and (leeftijd is None or leeftijd >= VOLWASSEN):
                opties.append(("volwassene", db))
        return ctx.kies(opties) if opties else None

    def _startgesprek(self, dienst, dp: DienstPlan, door, afwijking) -> tuple[str, object]:
        """The uitvoerder's first gesprek or huisbezoek, on the start date: it starts the dienst.

        With someone the afwijking does not cover: an adult or a child from 4 in a gesprek or
        huisbezoek, a younger child in a huisbezoek. Returns the vorm and the directbetrokkene.
        """
        ctx = self.ctx
        dag = termijnen.lokale_datum(dp.leven.gestart_op)
        anderen = [
            db for db in dp.plan.extra["betrokkenen"] if afwijking is None or db != afwijking[1]
        ]
        db = ctx.kies(anderen)
        if protocol.is_jong_kind(db.persoon.leeftijd_op(dag)):
            vorm = V.HUISBEZOEK
        else:
            vorm = ctx.gewogen({V.GESPREK: 40, V.HUISBEZOEK: 60})
        self._gesprek(dienst, db, dag, vorm, door)
        return vorm, db

    def _werk(self, dienst, dp: DienstPlan, door, namen, afwijking, startpersoon) -> None:
        """What was done while the dienst ran: complete once afgerond, partly while running."""
        ctx, plan, leven = self.ctx, dp.plan, dp.leven
        start = leven.gestart_op
        eind = leven.afgerond_op or leven.gestopt_op or self.nu
        compleet = leven.afgerond_op is not None
        voortgang = 1.0 if compleet else min(1.0, (eind - start) / (50 * DAG)) * 0.9
        van, tot = termijnen.lokale_datum(start), termijnen.lokale_datum(eind)
        onderzoek = dp.type == DienstType.ONDERZOEK
        betrokkenen = plan.extra["betrokkenen"]

        goedkeurder = self._goedkeurder(dp)
        zonder_gesprek = []
        for db in betrokkenen:
            if afwijking == ("volwassene", db):
                continue
            if afwijking == ("kind", db):
                self._gesprek(dienst, db, self._datum(van, tot), V.GEZIEN, door)
                continue
            if not compleet and not ctx.kans(voortgang):
                if db is not startpersoon:
                    zonder_gesprek.append(db)
                continue
            for _i in range(2 if ctx.kans(0.25) else 1):
                dag = self._datum(van, tot)
                self._gesprek(dienst, db, dag, self._vorm(db, dag), door)

        if onderzoek:
            aantal = ctx.rng.randint(MIN_INFORMANTEN, 4) if compleet else round(voortgang * 3)
        else:
            aantal = ctx.rng.randint(0, 2) if compleet else int(ctx.kans(voortgang * 0.3))
        self._informanten(dienst, plan, aantal, van, tot, door)

        bijna = voortgang > 0.6 and ctx.kans(0.5)
        if onderzoek and (compleet or bijna):
            dienst.hoor_en_wederhoor = ctx.kies(_passend(T.HOOR_EN_WEDERHOOR, namen)).format(
                **namen
            )
        if not onderzoek and (compleet or bijna):
            dienst.erkenning_zorgen = ctx.kies(_passend(T.ERKENNING, namen)).format(**namen)
        if onderzoek and compleet:
            self._conclusies(dienst, dp, door)
            dienst.verzoek_raad = bool(self._kinderen(plan)) and ctx.kans(0.12)
            dienst.melding_politie = ctx.kans(0.15)
            dienst.overdracht_vrijwillige_hulp = leven.ketenpartner is not None

        sjablonen = _passend(
            self._sjablonen(
                plan,
                T.VOORWAARDEN_ALGEMEEN,
                T.VOORWAARDEN_PARTNERGEWELD,
                T.VOORWAARDEN_KIND,
                T.VOORWAARDEN_OUDEREN,
            ),
            namen,
        )
        aantal = ctx.rng.randint(1, 3) if compleet else int(ctx.kans(voortgang * 0.5))
        for voorwaarde, voor_wie, hoe in ctx.rng.sample(sjablonen, min(aantal, len(sjablonen))):
            self.uit.voorwaarden.append(
                Veiligheidsvoorwaarde(
                    dienst=dienst,
                    voorwaarde=voorwaarde.format(**namen),
                    voor_wie=voor_wie.format(**namen),
                    sinds=self._datum(van, tot),
                    hoe_gecontroleerd=hoe.format(**namen),
                    door=door,
                )
            )

        if afwijking is not None:
            soort, db = afwijking
            aangevraagd = ctx.tussen(start + UUR, eind - 2 * UUR)
            goedgekeurd = ctx.tussen(aangevraagd + timedelta(minutes=10), eind - UUR)
            self._afwijking(dienst, dp, soort, db, door, aangevraagd, goedkeurder, goedgekeurd)
        elif leven.status == D.LOPEND and ctx.kans(0.08):
            volwassenen = [
                db
                for db in zonder_gesprek
                if (leeftijd := db.persoon.leeftijd_op(tot)) is None or leeftijd >= VOLWASSEN
            ]
            if volwassenen:
                aangevraagd = ctx.tussen(start + UUR, self.nu)
                self._afwijking(
                    dienst, dp, "volwassene", volwassenen[0], door, aangevraagd, None, None
                )

    def _informanten(self, dienst, plan, aantal: int, van: date, tot: date, door) -> None:
        ctx = self.ctx
        kinderen = bool(self._kinderen(plan))
        organisaties = [o for o, voor_kind in T.INFORMANTEN if kinderen or not voor_kind]
        for organisatie in ctx.rng.sample(organisaties, min(aantal, len(organisaties))):
            toestemming = ctx.kans(0.8)
            self.uit.informanten.append(
                Informant(
                    dienst=dienst,
                    naam=f"{ctx.faker.first_name()} {ctx.faker.last_name()}",
                    organisatie=organisatie.format(gemeente=plan.gemeente.naam),
                    toestemming=toestemming,
                    afweging="" if toestemming else ctx.kies(T.AFWEGING_ZONDER_TOESTEMMING),
                    datum=self._datum(van, tot),
                    informatie=ctx.kies(T.INFORMATIE),
                    door=door,
                )
            )

    def _conclusies(self, dienst, dp: DienstPlan, door) -> None:
        """One conclusie per type geweld; "voortijdig" only for an Onderzoek stopped afterwards."""
        ctx = self.ctx
        gewichten = {
            ConclusieUitkomst.BEVESTIGD: 50,
            ConclusieUitkomst.NIET_BEVESTIGD: 30,
            ConclusieUitkomst.WEERLEGD: 15,
        }
        if dp.leven.gestopt_op is not None:
            gewichten[ConclusieUitkomst.VOORTIJDIG] = 30
        for aanleiding in dp.plan.extra["aanleidingen"]:
            if aanleiding in GEEN_CONCLUSIE_NODIG:
                continue
            uitkomst = ctx.gewogen(gewichten)
            voortijdig = uitkomst == ConclusieUitkomst.VOORTIJDIG
            self.uit.conclusies.append(
                Conclusie(
                    dienst=dienst,
                    aanleiding=aanleiding,
                    uitkomst=uitkomst,
                    reden_voortijdig=VoortijdigReden.ANDERE_REGIO if voortijdig else "",
                    toelichting=ctx.kies(T.CONCLUSIE[uitkomst]),
                    door=door,
                )
            )

    def _afwijking(self, dienst, dp, soort, db, door, aangevraagd, goedkeurder, goedgekeurd):
        """A requested (and maybe approved) afwijking with the journal lines the services write.

        Only for a person (protocol.is_afwijkbaar); the omschrijving is the requirement's text
        from diensten.eisen.
        """
        ctx = self.ctx
        dag = termijnen.lokale_datum(aangevraagd)
        # The requirement's text as diensten.eisen words it: the age on the last gesprek (the
        # child was seen), or today's when there was none.
        laatste = max(
            (
                g.datum
                for g in self.uit.gesprekken
                if g.dienst is dienst and g.directbetrokkene is db
            ),
            default=self.vandaag,
        )
        omschrijving = persoon_eis_omschrijving(db.persoon, db.rol, db.persoon.leeftijd_op(laatste))
        sjablonen = T.AFWIJKING_KIND if soort == "kind" else T.AFWIJKING_VOLWASSENE
        reden = ctx.kies(sjablonen).format(
            naam=db.persoon.voornamen, leeftijd=db.persoon.leeftijd_op(dag)
        )
        afwijking = Afwijking(
            dienst=dienst,
            eis="",  # gesprek:<pk> once the directbetrokkene is saved
            omschrijving=omschrijving,
            reden=reden,
            aangevraagd_door=door,
            aangevraagd_op=aangevraagd,
            goedgekeurd_door=goedkeurder,
            goedgekeurd_op=goedgekeurd,
        )
        self.uit.afwijkingen.append((afwijking, db))
        melding = dienst.melding
        self.rijen.systeemregel(
            melding, f"Afwijking aangevraagd: {omschrijving}.", door=door, op=aangevraagd
        )
        if goedkeurder is not None:
            self.rijen.systeemregel(
                melding, f"Afwijking goedgekeurd: {omschrijving}.", door=goedkeurder, op=goedgekeurd
            )

    def _overdracht(self, dienst, dp: DienstPlan, door, namen) -> int:
        """The overdracht with 1–4 concrete afspraken; returns their number."""
        ctx, leven = self.ctx, dp.leven
        overdracht = Overdracht(
            dienst=dienst,
            ketenpartner=leven.ketenpartner,
            contactpersoon=f"{ctx.faker.first_name()} {ctx.faker.last_name()}",
            vastgelegd_op=leven.overdracht_op,
            door=door,
        )
        self.uit.overdrachten.append(overdracht)
        sjablonen = _passend(
            self._sjablonen(
                dp.plan,
                T.AFSPRAKEN_ALGEMEEN,
                T.AFSPRAKEN_PARTNERGEWELD,
                T.AFSPRAKEN_KIND,
                T.AFSPRAKEN_OUDEREN,
            ),
            namen,
        )
        aantal = ctx.rng.randint(1, min(4, len(sjablonen)))
        dag = termijnen.lokale_datum(leven.overdracht_op)
        for wat, wie, (van, tot), hoe in ctx.rng.sample(sjablonen, aantal):
            self.uit.afspraken.append(
                Veiligheidsafspraak(
                    overdracht=overdracht,
                    wat=wat.format(**namen),
                    wie=wie.format(**namen),
                    uiterlijk=dag + timedelta(days=ctx.rng.randint(van, tot)),
                    hoe_gecontroleerd=hoe.format(**namen),
                )
            )
        return aantal

    def _momenten(self, dienst, dp: DienstPlan, door) -> None:
        for gepland, uitgevoerd in dp.leven.momenten:
            moment = Monitoringsmoment(dienst=dienst, gepland_op=gepland)
            if uitgevoerd is not None:
                moment.uitgevoerd_op = termijnen.lokale_datum(uitgevoerd)
                moment.voorwaarden_nagekomen = True
                moment.veilig = True
                moment.toelichting = self.ctx.kies(T.MONITORING)
                moment.door = door
                self.rijen.systeemregel(
                    dienst.melding,
                    f"Monitoring {gepland:%d-%m-%Y}: voorwaarden nagekomen, veiligheid ja.",
                    door=door,
                    op=uitgevoerd,
                )
            self.uit.momenten.append(moment)

    # --- terugkoppeling aan de melder -----------------------------------------------------------

    def _wijze(self, plan: MeldingPlan) -> str:
        ctx = self.ctx
        melder = plan.extra["melder"]
        W = TerugkoppelingWijze
        if not (melder.naam or melder.telefoon or melder.email):
            return W.NIET_MOGELIJK
        if melder.hoedanigheid == Hoedanigheid.POLITIE:
            return ctx.gewogen({W.EMAIL: 70, W.BRIEF: 30})
        if melder.hoedanigheid in Hoedanigheid.beroepsmatig():
            return ctx.gewogen({W.TELEFONISCH: 60, W.EMAIL: 30, W.BRIEF: 10})
        if melder.telefoon:
            return ctx.gewogen({W.TELEFONISCH: 85, W.GESPREK: 5, W.BRIEF: 10})
        return W.BRIEF

    def _terugkoppeling(
        self, plan: MeldingPlan, moment: str, op: datetime, tekst: str, door: Medewerker
    ) -> None:
        wijze = self._wijze(plan)
        if wijze == TerugkoppelingWijze.NIET_MOGELIJK:
            tekst = T.TERUGKOPPELING_ANONIEM
        melding = plan.extra["melding"]
        self.uit.terugkoppelingen.append(
            Terugkoppeling(
                melding=melding, moment=moment, op=op, wijze=wijze, toelichting=tekst, door=door
            )
        )
        self.rijen.systeemregel(
            melding,
            f"Terugkoppeling aan de melder ({label(TerugkoppelingMoment, moment).lower()}): "
            f"{label(TerugkoppelingWijze, wijze).lower()}.",
            door=door,
            op=op,
        )

    def _terugkoppeling_na_beoordeling(self, plan: MeldingPlan) -> None:
        """Most melders hear the besluit within days; for just-decided meldingen not all yet.

        A melding closed after B always has it, before it was closed (melding_afsluiten refuses
        without it: diensten.protocol.TERUGKOPPELING_NA_B).
        """
        ctx = self.ctx
        kans = {S.BESLOTEN: 0.4, S.AFGESLOTEN: 1.0}.get(plan.status, 0.9)
        if not ctx.kans(kans):
            return
        op = self._kantoor(plan.besluit_op + ctx.duur(0.05 * DAG, 5 * DAG))
        if plan.status == S.AFGESLOTEN and plan.afgesloten_op is not None:
            op = max(plan.besluit_op, min(op, plan.afgesloten_op - UUR))
        if op > self.nu:
            return
        besluit = label(BesluitRoute, plan.route)
        tekst = ctx.kies(T.TERUGKOPPELING_BEOORDELING).format(
            besluit=besluit[:1].lower() + besluit[1:]
        )
        door = ctx.kies((plan.beoordelaar_1, plan.beoordelaar_2))
        self._terugkoppeling(plan, TerugkoppelingMoment.NA_BEOORDELING, op, tekst, door)

    def _overdracht_na_beoordeling(self, plan: MeldingPlan) -> None:
        """A besluit "overdracht" gets its structured overdracht with 1–3 afspraken: always when
        the melding is afgesloten (before it was closed), for half of those still besloten."""
        if plan.route not in BesluitRoute.overdrachten():
            return
        if plan.status not in (S.BESLOTEN, S.AFGESLOTEN):
            return
        ctx = self.ctx
        if plan.status == S.BESLOTEN and not ctx.kans(0.5):
            return
        besluit = plan.extra["besluit"]
        partner = (
            self.wijkteams.get(plan.gemeente.naam)
            if plan.route == BesluitRoute.LOKAAL_VELD
            else None
        )
        eind = plan.afgesloten_op if plan.status == S.AFGESLOTEN else self.nu
        op = self._kantoor(plan.besluit_op + ctx.duur(0.1 * DAG, 3 * DAG))
        op = max(plan.besluit_op, min(op, (eind or self.nu) - UUR))
        door = plan.besluit_door
        overdracht = Overdracht(
            melding=plan.extra["melding"],
            ketenpartner=partner,
            aan="" if partner is not None else (besluit.overdracht_aan or "De ouders"),
            contactpersoon=f"{ctx.faker.first_name()} {ctx.faker.last_name()}",
            vastgelegd_op=op,
            door=door,
        )
        self.uit.overdrachten.append(overdracht)
        namen = self._namen(plan, partner)
        namen["partner"] = overdracht.ontvanger
        sjablonen = _passend(
            self._sjablonen(
                plan,
                T.AFSPRAKEN_ALGEMEEN,
                T.AFSPRAKEN_PARTNERGEWELD,
                T.AFSPRAKEN_KIND,
                T.AFSPRAKEN_OUDEREN,
            ),
            namen,
        )
        aantal = ctx.rng.randint(1, min(3, len(sjablonen)))
        dag = termijnen.lokale_datum(op)
        for wat, wie, (van, tot), hoe in ctx.rng.sample(sjablonen, aantal):
            self.uit.afspraken.append(
                Veiligheidsafspraak(
                    overdracht=overdracht,
                    wat=wat.format(**namen),
                    wie=wie.format(**namen),
                    uiterlijk=dag + timedelta(days=ctx.rng.randint(van, tot)),
                    hoe_gecontroleerd=hoe.format(**namen),
                )
            )
        self.rijen.systeemregel(
            plan.extra["melding"],
            f"Overdracht na de veiligheidsbeoordeling aan {overdracht.ontvanger} met {aantal} "
            "veiligheidsafspraken.",
            door=door,
            op=op,
        )

    def _controles(self) -> None:
        """Most afspraken whose uiterlijk has passed were checked on that day; the rest are what
        the signal "afspraak niet gecontroleerd" shows."""
        ctx = self.ctx
        for afspraak in self.uit.afspraken:
            if afspraak.uiterlijk >= self.vandaag or not ctx.kans(0.9):
                continue
            op = self._op_dag(afspraak.uiterlijk)
            if op > self.nu:
                continue
            afspraak.gecontroleerd_op = op
            afspraak.gecontroleerd_door = afspraak.overdracht.door
            afspraak.nagekomen = ctx.kans(0.9)
            afspraak.controle_toelichting = (
                "Nagevraagd: de afspraak is nagekomen."
                if afspraak.nagekomen
                else "Nagevraagd: de afspraak is niet nagekomen; besproken met de ontvanger."
            )

    def _terugkoppeling_na_dienst(self, dp: DienstPlan, door: Medewerker) -> None:
        """After afronden or the overdracht; always before a dienst is closed (dienst_afsluiten)."""
        ctx, leven = self.ctx, dp.leven
        if leven.afgerond_op is None:
            return
        if not ctx.kans(KANS_TERUGKOPPELING_NA_DIENST.get(leven.status, 0.0)):
            return
        basis = leven.overdracht_op or leven.afgerond_op
        op = self._kantoor(basis + ctx.duur(1 * DAG, 20 * DAG))
        if leven.afgesloten_op is not None:
            op = min(op, leven.afgesloten_op - UUR)
        elif leven.gestopt_op is not None:
            op = min(op, leven.gestopt_op + 5 * DAG)
        if op > self.nu:
            return
        if leven.overdracht_op is not None:
            vervolg = f"{leven.ketenpartner} de hulp overneemt en Veilig Thuis de veiligheid volgt"
        else:
            vervolg = "Veilig Thuis de veiligheid de komende tijd blijft volgen"
        tekst = ctx.kies(T.TERUGKOPPELING_DIENST).format(vervolg=vervolg)
        self._terugkoppeling(dp.plan, TerugkoppelingMoment.NA_DIENST, op, tekst, door)
