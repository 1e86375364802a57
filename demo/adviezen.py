"""A year of adviezen: who asked, about what, which advice, by whom. Never data of directbetrokkenen.

Most adviezen are afgerond the same day; a few recent ones are still open (a call-back is due);
some turned into a melding and point at it, as advies_omzetten_in_melding leaves them.
"""

from __future__ import annotations

from datetime import timedelta

from demo import teksten
from demo.basis import DAG, UUR, Context
from demo.organisatie import GEMEENTEN, Organisatie
from demo.planning import MeldingPlan, geschiedenis_dagen
from meldingen.keuzes import Aanleiding, AdviesStatus, Hoedanigheid, Kanaal
from meldingen.models import Advies
from veiligthuis.models import Rol

A = Aanleiding
H = Hoedanigheid
AANDEEL_OPEN = 0.012
AANDEEL_OMGEZET = 0.04
ADVIESROLLEN = {
    Rol.ONDERZOEKER: 85,
    Rol.WERKBEGELEIDER: 4,
    Rol.GEDRAGSWETENSCHAPPER: 5,
    Rol.VERTROUWENSARTS: 3,
    Rol.AANDACHTFUNCTIONARIS: 3,
}
ONDERWERPEN = {
    A.KM_ANDERS: 40,
    A.KM_VECHTSCHEIDING: 5,
    A.KM_KINDCHECK: 3,
    A.PARTNERGEWELD: 28,
    A.OUDERENMISHANDELING: 8,
    A.GEWELD_TEGEN_OUDERS: 4,
    A.EERGERELATEERD: 2,
    A.HUWELIJKSDWANG: 1,
    A.HG_ANDERS: 5,
    A.ANDERE_PROBLEMATIEK: 4,
}
ADVIESVRAGERS = {
    H.HUISARTS: 8,
    H.KINDERARTS: 2,
    H.GERIATER: 1,
    H.GGZ: 5,
    H.GEZONDHEIDSZORG_ANDERS: 5,
    H.ONDERWIJS_BASIS: 10,
    H.ONDERWIJS_VOORTGEZET: 6,
    H.ONDERWIJS_ANDERS: 2,
    H.LOKAAL_VELD: 8,
    H.JEUGDZORG_GI: 2,
    H.JEUGDZORG_ANDERS: 4,
    H.KINDEROPVANG: 4,
    H.POLITIE: 1,
    H.BEROEPSMATIG_ANDERS: 3,
    H.DIRECTBETROKKENE_JEUGDIGE: 2,
    H.DIRECTBETROKKENE_VOLWASSENE: 10,
    H.FAMILIELID: 12,
    H.SOCIAAL_NETWERK: 5,
    H.BUURTBEWONER: 7,
    H.VRIJWILLIGER: 1,
    H.NIET_BEROEPSMATIG_ANDERS: 2,
}


def aantal_omgezet(adviezen: int) -> int:
    return max(1, round(adviezen * AANDEEL_OMGEZET)) if adviezen else 0


def _advies(ctx: Context, aanleiding: str) -> tuple[str, str]:
    return ctx.kies(teksten.ADVIES.get(aanleiding, teksten.ADVIES[A.HG_ANDERS]))


def _gegeven_door(ctx: Context, org: Organisatie, team):
    while True:
        kandidaten = org.van_team(team, ctx.gewogen(ADVIESROLLEN))
        if kandidaten:
            return ctx.kies(kandidaten)


def bouw_adviezen(
    ctx: Context, org: Organisatie, n: int, omgezet: list[MeldingPlan]
) -> list[Advies]:
    """`n` adviezen, numbered per year in order of receipt; `omgezet` meldingen get their advies."""
    adviezen: list[Advies] = []
    for plan in omgezet:
        melding = plan.extra["melding"]
        onderwerp, samenvatting = _advies(ctx, plan.extra["aanleiding"])
        beroeps = plan.hoedanigheid in H.beroepsmatig()
        naam = ctx.faker.name() if ctx.kans(0.35 if beroeps else 0.1) else ""
        advies = Advies(
            status=AdviesStatus.OMGEZET,
            ontvangen_op=plan.ontvangen_op - ctx.duur(timedelta(minutes=2), timedelta(minutes=20)),
            kanaal=plan.kanaal,
            hoedanigheid=plan.hoedanigheid,
            adviesvrager_naam=naam,
            naam_toestemming=bool(naam),
            gemeente=plan.gemeente,
            team=plan.team,
            aanleiding=plan.extra["aanleiding"],
            onderwerp=onderwerp,
            samenvatting=samenvatting + " Tijdens het gesprek bleek een melding nodig.",
            gegeven_door=plan.aangemaakt_door,
            afgerond_op=plan.vastgelegd_op,
            melding=melding,
        )
        adviezen.append(advies)
        plan.extra["advies"] = advies

    open_aantal = max(1, round(n * AANDEEL_OPEN))
    rest = n - len(adviezen)
    venster = geschiedenis_dagen(ctx.nu)
    for i in range(rest):
        is_open = i < open_aantal
        dagen = ctx.rng.uniform(0.01, 6) if is_open else ctx.rng.uniform(0.01, venster)
        ontvangen = ctx.nu - timedelta(days=dagen)
        if ctx.kans(0.9):
            naam_gemeente = ctx.gewogen({g: w for g, _c, w in GEMEENTEN})
            gemeente = org.gemeenten[naam_gemeente]
            teams = org.teams_voor_gemeente[naam_gemeente]
            team = ctx.gewogen(dict(teams))
        else:
            gemeente, team = None, ctx.kies(org.teams)  # anonymous: region not asked
        hoedanigheid = ctx.gewogen(ADVIESVRAGERS)
        beroeps = hoedanigheid in H.beroepsmatig()
        if beroeps:
            kanaal = ctx.gewogen({Kanaal.TELEFOON: 88, Kanaal.EMAIL: 8, Kanaal.OP_LOCATIE: 4})
        else:
            kanaal = ctx.gewogen({Kanaal.TELEFOON: 75, Kanaal.CHAT: 18, Kanaal.EMAIL: 7})
        aanleiding = ctx.gewogen(ONDERWERPEN)
        onderwerp, samenvatting = _advies(ctx, aanleiding)
        naam = ctx.faker.name() if ctx.kans(0.35 if beroeps else 0.1) else ""
        if is_open:
            afgerond = None
        elif ctx.kans(0.8):
            afgerond = ontvangen + ctx.duur(timedelta(minutes=5), 1.5 * UUR)
        else:
            afgerond = ontvangen + ctx.duur(UUR, 3 * DAG)
        adviezen.append(
            Advies(
                status=AdviesStatus.OPEN if is_open else AdviesStatus.AFGEROND,
                ontvangen_op=ontvangen,
                kanaal=kanaal,
                hoedanigheid=hoedanigheid,
                adviesvrager_naam=naam,
                naam_toestemming=bool(naam),
                gemeente=gemeente,
                team=team,
                aanleiding=aanleiding,
                onderwerp=onderwerp,
                samenvatting=samenvatting,
                gegeven_door=_gegeven_door(ctx, org, team),
                afgerond_op=min(afgerond, ctx.nu) if afgerond else None,
            )
        )

    adviezen.sort(key=lambda a: a.ontvangen_op)
    for advies in adviezen:
        advies.nummer = ctx.volgend_nummer("AD", advies.ontvangen_op)
    for plan in omgezet:
        plan.extra[
            "advies_regel"
        ].tekst = f"Melding ontstaan uit advies {plan.extra['advies'].nummer}."
    ctx.meld(f"Adviezen opgebouwd: {len(adviezen)}.")
    return adviezen
