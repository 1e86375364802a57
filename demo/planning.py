"""Which meldingen exist, in which state, received when, and when each step happened.

The number of meldingen per state is fixed up front (so every state is present even in a small
run, and counts repeat exactly), then each melding gets an age that fits its state: open ones are
mostly recent with a tail of old ones (IGJ found cases waiting for months), closed ones fill the
year so that the inflow stays flat. The steps (screening, second judgement, pick-up, besluit,
closing) follow in order and never lie in the future.

Meldingen that went to a vervolgdienst get ages in strata too, so even a small run has diensten
waiting to start, running, handed over and in monitoring; and a tail older than a year, because a
dienst is only closed after its 18 months of monitoring (settings.VT_MONITORING_MAANDEN). That tail
is the one exception to "a year of meldingen": without it no closed dienst could exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings

from demo.basis import DAG, UUR, Context
from demo.organisatie import DEMO_TEAM, GEMEENTEN, Organisatie
from meldingen.keuzes import BesluitRoute, Hoedanigheid, Kanaal, MeldingStatus
from veiligthuis import termijnen
from veiligthuis.models import Gemeente, Medewerker, Rol, Team

S = MeldingStatus
H = Hoedanigheid
B = BesluitRoute

JAAR = 365
# Share of all meldingen per state, and the minimum so that every state shows in a small run.
# The "waiting for B" states together are ~5 % (≈ 440 of 8 700 at Haaglanden size); acuut is
# no resting state, because the screening service starts B at once for an acute melding.
AANDEEL = {
    S.ONTVANGEN: (0.003, 2),
    S.OP_TRIAGELIJST: (0.0385, 4),
    S.IN_BEOORDELING: (0.0095, 5),
    S.OVERIGE_ZORG: (0.0015, 2),
    S.DOORGESTUURD: (0.08, 2),
    S.BESLOTEN: (0.004, 2),
}
AANDEEL_VERVOLG_BIJ_VT = 0.45  # of all besluiten (Hollands Midden 2019, DOMAIN.md §5)
MINIMUM_MELDINGEN = 40

# Age in days of open meldingen per state: (share, from, to), youngest first.
LEEFTIJDEN = {
    S.ONTVANGEN: ((0.8, 0.01, 0.9), (0.2, 0.9, 3.5)),
    S.OP_TRIAGELIJST: ((0.5, 0.3, 7), (0.25, 7, 21), (0.15, 21, 75), (0.10, 75, 330)),
    S.IN_BEOORDELING: ((0.6, 0.5, 8), (0.3, 8, 30), (0.1, 30, 120)),
    S.OVERIGE_ZORG: ((1.0, 0.2, 6),),
    S.BESLOTEN: ((1.0, 1.0, 20),),
}
MINIMUM_LEEFTIJD_GESLOTEN = {S.DOORGESTUURD: 0.5, S.AFGESLOTEN: 1.0}
# Age in days of meldingen naar vervolgdienst: (share, from, to, minimum). The stratum without a
# minimum takes the rest. LAAT and OUD stand for `laatste_monitoring()` and `oudste_leeftijd()`.
LAAT, OUD = -1, -2
VERVOLG_LEEFTIJDEN = (
    (0.04, 0.5, 21, 2),  # waiting to start or just started
    (0.12, 21, 75, 2),  # running; some past their 10 weeks
    (0.17, 75, 150, 2),  # afgerond, waiting for a ketenpartner, handed over, monitoring
    (0.56, 150, JAAR, 0),  # monitoring
    (0.04, JAAR, LAAT, 1),  # the last monitoring moments
    (0.07, LAAT, OUD, 2),  # monitoring done: mostly closed
)
MINIMUM_VERVOLG = sum(minimum for *_r, minimum in VERVOLG_LEEFTIJDEN) + 2

NIET_BESLOTEN_ROUTES = {
    B.LOKAAL_VELD: 85,
    B.AFSLUITEN: 7,
    B.CLIENTSYSTEEM: 3,
    B.MELDER: 3,
    B.REGIONAAL_MAATWERK: 2,
}
VERVOLG_ROUTES = {B.VOORWAARDEN_EN_VERVOLG: 2, B.ONDERZOEK: 1}

SCHRIFTELIJK = (Kanaal.POLITIE_DIGITAAL, Kanaal.EMAIL, Kanaal.ONLINE_FORMULIER, Kanaal.SCHRIFTELIJK)
ADVIESKANALEN = (Kanaal.TELEFOON, Kanaal.CHAT, Kanaal.EMAIL, Kanaal.OP_LOCATIE)
MELDERS_NIET_POLITIE = {
    H.HUISARTS: 5,
    H.KINDERARTS: 2,
    H.GERIATER: 1,
    H.GGZ: 4,
    H.GEZONDHEIDSZORG_ANDERS: 3,
    H.ONDERWIJS_BASIS: 6,
    H.ONDERWIJS_VOORTGEZET: 4,
    H.ONDERWIJS_ANDERS: 1,
    H.LOKAAL_VELD: 6,
    H.JEUGDZORG_GI: 2,
    H.JEUGDZORG_ANDERS: 3,
    H.KINDEROPVANG: 2,
    H.JUSTITIE: 2,
    H.BEROEPSMATIG_ANDERS: 2,
    H.DIRECTBETROKKENE_JEUGDIGE: 1,
    H.DIRECTBETROKKENE_VOLWASSENE: 4,
    H.FAMILIELID: 6,
    H.SOCIAAL_NETWERK: 3,
    H.BUURTBEWONER: 4,
    H.VRIJWILLIGER: 0.5,
    H.NIET_BEROEPSMATIG_ANDERS: 1,
}
# About two thirds of all meldingen come from the police (CBS 2023); overige zorg almost always.
KANS_POLITIE = 0.645
KANS_POLITIE_OVERIGE_ZORG = 0.9


@dataclass(eq=False)
class MeldingPlan:
    """Everything decided about one melding before its rows are built."""

    status: str
    ontvangen_op: datetime
    pad: str = ""  # screening path: "", "acuut", "triage", "herzien", "overige_zorg"
    route: str = ""
    gemeente: Gemeente | None = None
    team: Team | None = None
    hoedanigheid: str = ""
    kanaal: str = ""
    zet_hulp_voort: bool = False
    uit_advies: bool = False
    nummer: str = ""
    # Moments
    vastgelegd_op: datetime | None = None
    screening_op: datetime | None = None
    tweede_oordeel_op: datetime | None = None
    opgepakt_op: datetime | None = None
    besluit_op: datetime | None = None
    afgesloten_op: datetime | None = None
    # Who
    aangemaakt_door: Medewerker | None = None
    screener: Medewerker | None = None
    tweede_oordeel_door: Medewerker | None = None
    beoordelaar_1: Medewerker | None = None
    beoordelaar_2: Medewerker | None = None
    besluit_door: Medewerker | None = None
    afgesloten_door: Medewerker | None = None
    extra: dict = field(default_factory=dict)

    @property
    def gescreend(self) -> bool:
        return self.screening_op is not None

    @property
    def geaccepteerd_op(self) -> datetime | None:
        """When the melding was accepted (verrijking starts): screening, or the second judgement."""
        if self.pad == "herzien":
            return self.tweede_oordeel_op
        if self.pad in ("acuut", "triage"):
            return self.screening_op
        return None

    @property
    def klaar_op(self) -> datetime | None:
        """End of the veiligheidsbeoordeling (or of the overige-zorg route); None while open."""
        if self.status == S.DOORGESTUURD:
            return self.tweede_oordeel_op
        return self.besluit_op


def geschiedenis_dagen(nu: datetime) -> int:
    """Days back that closed meldingen and adviezen are spread over: to 1 January of last year.

    So both half-years of last year hold a whole CBS delivery, and the quarterly report and the
    inspectiedossier compare with a full year before (issue 16); never less than a year.
    """
    vandaag = termijnen.lokale_datum(nu)
    return max(JAAR, (vandaag - date(vandaag.year - 1, 1, 1)).days)


def monitoring_dagen() -> int:
    """Days from the start of monitoring to its last moment (18 months by default)."""
    return round(max(settings.VT_MONITORING_MAANDEN) * 30.44)


def laatste_monitoring() -> int:
    """Age in days from which most diensten have had their last monitoring moment."""
    return max(JAAR, monitoring_dagen() + 120)


def oudste_leeftijd() -> int:
    """Age in days of the oldest melding: old enough for a dienst to have finished monitoring."""
    return laatste_monitoring() + 240


def aantallen_per_status(n: int) -> dict[str, int]:
    """Exact number of meldingen per state for a run of `n`; sums to `n`."""
    aantallen = {s: max(minimum, round(n * aandeel)) for s, (aandeel, minimum) in AANDEEL.items()}
    rest = n - sum(aantallen.values())
    besluiten = rest + aantallen[S.BESLOTEN]
    vervolg = max(MINIMUM_VERVOLG, round(besluiten * AANDEEL_VERVOLG_BIJ_VT))
    aantallen[S.NAAR_VERVOLGDIENST] = vervolg
    aantallen[S.AFGESLOTEN] = rest - vervolg
    if aantallen[S.AFGESLOTEN] < 2:
        raise ValueError(n)
    # Acuut is no resting state: the screening service starts B at once (screening.melding_screen).
    return {s: aantallen[s] for s in S.values if s in aantallen}


def _kies_stratum(strata, u: float) -> tuple[float, float]:
    cumulatief = 0.0
    for aandeel, van, tot in strata:
        cumulatief += aandeel
        if u < cumulatief:
            return van, tot
    return strata[-1][1], strata[-1][2]


def _open_dichtheid(aantallen: dict[str, int], dagen: float) -> float:
    """Open meldingen per day of age at `dagen` (from the strata above)."""
    totaal = 0.0
    for status, strata in LEEFTIJDEN.items():
        for aandeel, van, tot in strata:
            if van <= dagen < tot:
                totaal += aantallen.get(status, 0) * aandeel / (tot - van)
    return totaal


def _vervolg_leeftijden(ctx: Context, aantal: int) -> list[float]:
    """Ages of the meldingen naar vervolgdienst: a fixed number per stratum, at least its minimum."""
    grenzen = {LAAT: laatste_monitoring(), OUD: oudste_leeftijd()}
    strata = [
        (a, grenzen.get(van, van), grenzen.get(tot, tot), m)
        for a, van, tot, m in VERVOLG_LEEFTIJDEN
    ]
    aantallen = [max(minimum, round(aantal * aandeel)) for aandeel, _v, _t, minimum in strata]
    rest = next(i for i, stratum in enumerate(strata) if stratum[3] == 0)
    aantallen[rest] = 0
    aantallen[rest] = aantal - sum(aantallen)
    if aantallen[rest] < 0:
        raise ValueError(aantal)
    return [
        ctx.rng.uniform(van, tot)
        for (_a, van, tot, _m), k in zip(strata, aantallen, strict=True)
        for _i in range(k)
    ]


def _leeftijden(ctx: Context, aantallen: dict[str, int]) -> list[tuple[str, float]]:
    """(status, age in days) per melding.

    Open states are stratified (item i of q takes stratum by (i + ½)/q) so even a run of a few
    hundred has old waiting cases. Closed ones are drawn over the year, thinned where the open
    ones already fill the inflow, so the inflow per day stays about flat. Meldingen naar
    vervolgdienst have strata of their own (VERVOLG_LEEFTIJDEN).
    """
    venster = geschiedenis_dagen(ctx.nu)
    instroom = sum(aantallen.values()) / venster
    uitkomst: list[tuple[str, float]] = []
    for status, aantal in aantallen.items():
        if status == S.NAAR_VERVOLGDIENST:
            uitkomst += [(status, dagen) for dagen in _vervolg_leeftijden(ctx, aantal)]
            continue
        strata = LEEFTIJDEN.get(status)
        for i in range(aantal):
            if strata is not None:
                van, tot = _kies_stratum(strata, (i + 0.5) / aantal)
                uitkomst.append((status, ctx.rng.uniform(van, tot)))
                continue
            minimum = MINIMUM_LEEFTIJD_GESLOTEN.get(status, 1.0)
            for _poging in range(50):
                dagen = ctx.rng.uniform(minimum, venster)
                if ctx.rng.random() >= _open_dichtheid(aantallen, dagen) / instroom:
                    break
            uitkomst.append((status, dagen))
    return uitkomst


def _pad(ctx: Context, status: str) -> str:
    if status == S.ONTVANGEN:
        return ""
    if status in (S.OVERIGE_ZORG, S.DOORGESTUURD):
        return "overige_zorg"
    if status == S.OP_TRIAGELIJST:
        return "herzien" if ctx.kans(0.04) else "triage"
    # Acute meldingen go straight into B at the screening (meldingen.services.screening).
    return ctx.gewogen({"acuut": 6, "herzien": 2, "triage": 92})


def _route(ctx: Context, status: str) -> str:
    if status == S.NAAR_VERVOLGDIENST:
        return ctx.gewogen(VERVOLG_ROUTES)
    if status in (S.BESLOTEN, S.AFGESLOTEN):
        return ctx.gewogen(NIET_BESLOTEN_ROUTES)
    return ""


def _gemeente_en_team(ctx: Context, org: Organisatie) -> tuple[Gemeente, Team]:
    naam = ctx.gewogen({naam: aandeel for naam, _c, aandeel in GEMEENTEN})
    teams = org.teams_voor_gemeente[naam]
    team = ctx.gewogen(dict(teams)) if len(teams) > 1 else teams[0][0]
    return org.gemeenten[naam], team


def _melder(ctx: Context, plan: MeldingPlan) -> None:
    """Hoedanigheid and kanaal; an overdracht to the melder needs a professional who continues."""
    if plan.route == B.MELDER:
        beroeps = {h: w for h, w in MELDERS_NIET_POLITIE.items() if h in H.beroepsmatig()}
        beroeps.pop(H.JUSTITIE, None)
        plan.hoedanigheid = ctx.gewogen(beroeps)
        plan.zet_hulp_voort = True
    else:
        kans = KANS_POLITIE_OVERIGE_ZORG if plan.pad == "overige_zorg" else KANS_POLITIE
        plan.hoedanigheid = H.POLITIE if ctx.kans(kans) else ctx.gewogen(MELDERS_NIET_POLITIE)
        if plan.hoedanigheid in H.beroepsmatig() and plan.hoedanigheid != H.POLITIE:
            plan.zet_hulp_voort = ctx.kans(0.35)
    if plan.hoedanigheid == H.POLITIE:
        plan.kanaal = Kanaal.POLITIE_DIGITAAL
    elif plan.hoedanigheid in H.beroepsmatig():
        plan.kanaal = ctx.gewogen(
            {
                Kanaal.TELEFOON: 65,
                Kanaal.ONLINE_FORMULIER: 15,
                Kanaal.EMAIL: 12,
                Kanaal.SCHRIFTELIJK: 3,
                Kanaal.OP_LOCATIE: 5,
            }
        )
    else:
        plan.kanaal = ctx.gewogen(
            {
                Kanaal.TELEFOON: 60,
                Kanaal.CHAT: 15,
                Kanaal.ONLINE_FORMULIER: 15,
                Kanaal.EMAIL: 7,
                Kanaal.OP_LOCATIE: 3,
            }
        )


def _past(stappen: list[timedelta], beschikbaar: timedelta) -> list[timedelta]:
    """Shrink the steps proportionally when together they would run past now."""
    totaal = sum(stappen, timedelta())
    if totaal <= beschikbaar or totaal <= timedelta():
        return stappen
    factor = max(beschikbaar, timedelta(seconds=len(stappen))) / totaal * 0.98
    return [stap * factor for stap in stappen]


def _wachttijd(ctx: Context) -> timedelta:
    """Time on the triagelijst before two onderzoekers pick a melding up."""
    soort = ctx.gewogen({"kort": 60, "middel": 28, "lang": 12})
    if soort == "kort":
        return ctx.duur(0.1 * DAG, 3 * DAG)
    if soort == "middel":
        return ctx.duur(3 * DAG, 8 * DAG)
    return ctx.duur(8 * DAG, 35 * DAG)


def _tijdlijn(ctx: Context, plan: MeldingPlan) -> None:
    """Set the moments of every step the state implies, in order and all before now."""
    nu = ctx.nu
    t0 = plan.ontvangen_op
    marge = timedelta(minutes=1)
    plan.vastgelegd_op = min(t0 + ctx.duur(timedelta(minutes=1), timedelta(minutes=40)), nu - marge)
    if plan.status == S.ONTVANGEN:
        return
    if plan.pad == "acuut":
        screening = ctx.duur(0.1 * UUR, 3 * UUR)
    elif ctx.kans(0.88):
        screening = ctx.duur(0.3 * UUR, 16 * UUR)
    else:
        screening = ctx.duur(16 * UUR, 60 * UUR)
    stappen = [screening]
    if plan.pad in ("herzien", "overige_zorg") and plan.status != S.OVERIGE_ZORG:
        stappen.append(ctx.duur(1 * UUR, 50 * UUR))  # second judgement
    besloten = plan.status in (S.BESLOTEN, S.AFGESLOTEN, S.NAAR_VERVOLGDIENST)
    if besloten:
        stappen.append(timedelta(seconds=1) if plan.pad == "acuut" else _wachttijd(ctx))
        if plan.pad == "acuut":
            stappen.append(ctx.duur(0.1 * DAG, 2 * DAG))
        elif ctx.kans(0.8):
            stappen.append(ctx.duur(0.1 * DAG, 3 * DAG))
        else:
            stappen.append(ctx.duur(3 * DAG, 10 * DAG))
        if plan.status == S.AFGESLOTEN:
            stappen.append(ctx.duur(0.05 * DAG, 3 * DAG))
    stappen = _past(stappen, nu - t0 - marge)
    momenten = []
    t = t0
    for stap in stappen:
        t = t + stap
        momenten.append(t)
    plan.screening_op = momenten.pop(0)
    plan.vastgelegd_op = min(plan.vastgelegd_op, t0 + (plan.screening_op - t0) / 2)
    if plan.pad in ("herzien", "overige_zorg") and plan.status != S.OVERIGE_ZORG:
        plan.tweede_oordeel_op = momenten.pop(0)
    if besloten:
        plan.opgepakt_op = momenten.pop(0)
        plan.besluit_op = momenten.pop(0)
        if plan.status == S.AFGESLOTEN:
            plan.afgesloten_op = momenten.pop(0)
    elif plan.status == S.IN_BEOORDELING:
        if plan.pad == "acuut":
            plan.opgepakt_op = plan.screening_op + timedelta(seconds=1)
        else:
            laatste = plan.tweede_oordeel_op or plan.screening_op
            plan.opgepakt_op = laatste + (nu - marge - laatste) * ctx.rng.uniform(0.1, 0.9)
    if plan.status == S.DOORGESTUURD:
        plan.afgesloten_op = plan.tweede_oordeel_op


def _twee(ctx: Context, kandidaten: list[Medewerker], eerste: Medewerker | None = None):
    """Two different medewerkers from `kandidaten` (the first given, or drawn)."""
    eerste = eerste or ctx.kies(kandidaten)
    anderen = [m for m in kandidaten if m.pk != eerste.pk]
    return eerste, ctx.kies(anderen)


def _inzetbare_onderzoekers(ctx: Context, org: Organisatie, team, plan: MeldingPlan) -> list:
    """The team's onderzoekers who may work on this case: nobody acts on a case whose work lasts
    past the day their registratie expired (the services refuse it)."""
    einde = termijnen.lokale_datum(plan.klaar_op or ctx.nu)
    return [
        m
        for m in org.van_team(team, Rol.ONDERZOEKER)
        if org.registratie_verlopen.get(m.pk, date.max) > einde
    ]


def _actoren(ctx: Context, org: Organisatie, plan: MeldingPlan) -> None:
    """Who did each step: always someone of the melding's own team with the right role."""
    team = plan.team
    onderzoekers = _inzetbare_onderzoekers(ctx, org, team, plan)
    werkbegeleiders = org.van_team(team, Rol.WERKBEGELEIDER)
    if plan.uit_advies or plan.kanaal not in SCHRIFTELIJK or ctx.kans(0.3):
        pool = werkbegeleiders if ctx.kans(0.08) else onderzoekers
        plan.aangemaakt_door = ctx.kies(pool)
    else:
        plan.aangemaakt_door = ctx.kies(org.locatiegenoten(team, Rol.SECRETARIAAT))
    if not plan.gescreend:
        return
    plan.screener = ctx.kies(onderzoekers)
    if plan.tweede_oordeel_op is not None:
        tweede = [
            m
            for m in org.van_team(team, Rol.GEDRAGSWETENSCHAPPER, Rol.AANDACHTFUNCTIONARIS)
            if m.pk != plan.screener.pk
        ]
        plan.tweede_oordeel_door = ctx.kies(tweede)
    if plan.opgepakt_op is None:
        return
    if plan.pad == "acuut":
        plan.beoordelaar_1, plan.beoordelaar_2 = _twee(ctx, onderzoekers, plan.screener)
    else:
        plan.beoordelaar_1, plan.beoordelaar_2 = _twee(ctx, onderzoekers)
    if plan.besluit_op is not None:
        plan.besluit_door = ctx.gewogen(
            {plan.beoordelaar_1: 60, plan.beoordelaar_2: 30, werkbegeleiders[0]: 10}
        )
    if plan.afgesloten_op is not None and plan.status == S.AFGESLOTEN:
        plan.afgesloten_door = ctx.kies([plan.beoordelaar_1, plan.beoordelaar_2, *werkbegeleiders])


def plan_meldingen(ctx: Context, org: Organisatie, n: int, *, uit_advies: int) -> list[MeldingPlan]:
    """All meldingen of the run, oldest first, with state, route, melder, moments and actors.

    `uit_advies` of them are marked as converted from an advies (linked when the adviezen are built).
    """
    if n < MINIMUM_MELDINGEN:
        raise ValueError(n)
    plannen = []
    for status, dagen in _leeftijden(ctx, aantallen_per_status(n)):
        plan = MeldingPlan(status=status, ontvangen_op=ctx.nu - timedelta(days=dagen))
        plan.pad = _pad(ctx, status)
        plan.route = _route(ctx, status)
        plan.gemeente, plan.team = _gemeente_en_team(ctx, org)
        _melder(ctx, plan)
        plannen.append(plan)

    # The demo onderzoeker finds a handful of own cases in beoordeling on the home page.
    demo_team = org.teams[DEMO_TEAM]
    in_beoordeling = [p for p in plannen if p.status == S.IN_BEOORDELING]
    demo_plannen = in_beoordeling[:5]
    for plan in demo_plannen:
        plan.gemeente, plan.team = org.gemeenten["Den Haag"], demo_team

    _markeer_uit_advies(ctx, plannen, uit_advies)
    for plan in plannen:
        _tijdlijn(ctx, plan)
        _actoren(ctx, org, plan)
    demo = org.demo[Rol.ONDERZOEKER]
    for plan in demo_plannen:
        if plan.pad == "acuut":
            plan.screener = demo
        plan.beoordelaar_1, plan.beoordelaar_2 = _twee(
            ctx, _inzetbare_onderzoekers(ctx, org, demo_team, plan), demo
        )
    plannen.sort(key=lambda p: p.ontvangen_op)
    for plan in plannen:
        plan.nummer = ctx.volgend_nummer("VT", plan.ontvangen_op)
    return plannen


def _markeer_uit_advies(ctx: Context, plannen: list[MeldingPlan], aantal: int) -> None:
    """`aantal` meldingen started as an advies: a call that showed a melding was needed.

    Only meldingen an adviesvrager could have made: not police reports, through a channel that
    adviezen use, and not overige zorg; and only within the period the adviezen cover.
    """
    begin = ctx.nu - timedelta(days=geschiedenis_dagen(ctx.nu))
    kandidaten = [
        p
        for p in plannen
        if p.hoedanigheid != H.POLITIE
        and p.kanaal in ADVIESKANALEN
        and p.pad != "overige_zorg"
        and p.ontvangen_op >= begin
    ]
    for plan in ctx.rng.sample(kandidaten, min(aantal, len(kandidaten))):
        plan.uit_advies = True
