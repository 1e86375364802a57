"""Turn each planned melding into its rows: household and persons, melder, categories, history.

Meldingen are built oldest first, so a later melding can come back to a family that an earlier
one brought in (a repeat melding). Its records reach the earlier persons and household the way a
real intake does, through identity resolution (`demo.intake`): the soort and the radar follow from
the links found, not from the simulation's knowledge. The veiligheidsbeoordeling is in
`beoordeling.py`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from demo import personen, teksten
from demo.basis import DAG, Context, label
from demo.beoordeling import Beoordeling
from demo.intake import KANS_VERHUISD, Identiteiten
from demo.organisatie import Organisatie
from demo.personen import kinderen_van
from demo.planning import VERVOLG_ROUTES, MeldingPlan
from meldingen.keuzes import (
    Aanleiding,
    Aard,
    Geslacht,
    Hoedanigheid,
    Kanaal,
    MeldingStatus,
    RolInMelding,
    ScreeningUitkomst,
    Urgentie,
)
from meldingen.models import (
    Directbetrokkene,
    Melder,
    Melding,
    MeldingAanleiding,
    MeldingAard,
)
from meldingen.services.screening import GEANONIMISEERD
from veiligthuis import termijnen

S = MeldingStatus
A = Aanleiding
H = Hoedanigheid
R = RolInMelding

# Share of meldingen about a family known from an earlier melding in the demo's window: with the
# links identity resolution misses, about two thirds are repeats (CBS 2023: 68 %).
KANS_HERHAALD = 0.95
# Share of meldingen (with a woman of 18-42 among the persons) that name an unborn child.
KANS_ONGEBOREN = 0.04
# A family Veilig Thuis is still involved with (B open, vervolgdienst or monitoring) is reported
# again less often than one whose case was closed or handed over: the chance such a family is
# the one that comes back, by how the new melding will end (families closed before are the ones
# closed again). Tuned so the soort comes out near the national 32 / 38 / 29 %.
KANS_TERUG_BIJ_LOPEND = {S.AFGESLOTEN: 0.05, S.NAAR_VERVOLGDIENST: 0.35}
KANS_TERUG_BIJ_LOPEND_ANDERS = 0.15
MAX_MELDINGEN_PER_HUISHOUDEN = 8  # more in one year happens, but rarely

AANLEIDINGEN = {
    A.PARTNERGEWELD: 30,
    A.KM_ANDERS: 28,
    A.KM_VECHTSCHEIDING: 8,
    A.KM_KINDCHECK: 4,
    A.OUDERENMISHANDELING: 5,
    A.GEWELD_TEGEN_OUDERS: 4,
    A.EERGERELATEERD: 1.5,
    A.HUWELIJKSDWANG: 0.7,
    A.HG_ANDERS: 8,
}
KIND_AANLEIDINGEN = (A.KM_ANDERS, A.KM_VECHTSCHEIDING, A.KM_KINDCHECK)
# Melders who see children report about children; a geriater about an elderly person.
KIND_MELDERS = (
    H.KINDERARTS,
    H.ONDERWIJS_BASIS,
    H.ONDERWIJS_VOORTGEZET,
    H.KINDEROPVANG,
    H.JEUGDZORG_GI,
    H.JEUGDZORG_ANDERS,
    H.DIRECTBETROKKENE_JEUGDIGE,
)

AARDEN: dict[str, dict[str, float]] = {
    A.PARTNERGEWELD: {
        Aard.LICHAMELIJKE_MISHANDELING: 0.6,
        Aard.PSYCHISCH_GEWELD: 0.7,
        Aard.FINANCIELE_UITBUITING: 0.05,
        Aard.SEKSUEEL_MISBRUIK: 0.03,
    },
    A.KM_ANDERS: {
        Aard.PEDAGOGISCHE_VERWAARLOZING: 0.5,
        Aard.LICHAMELIJKE_MISHANDELING: 0.35,
        Aard.AFFECTIEVE_VERWAARLOZING: 0.35,
        Aard.LICHAMELIJKE_VERWAARLOZING: 0.2,
        Aard.PSYCHISCH_GEWELD: 0.25,
        Aard.SEKSUEEL_MISBRUIK: 0.04,
        Aard.MUNCHHAUSEN: 0.003,
    },
    A.KM_VECHTSCHEIDING: {Aard.PSYCHISCH_GEWELD: 0.8, Aard.GETUIGE: 0.5},
    A.KM_KINDCHECK: {Aard.PEDAGOGISCHE_VERWAARLOZING: 0.6, Aard.AFFECTIEVE_VERWAARLOZING: 0.4},
    A.OUDERENMISHANDELING: {
        Aard.FINANCIELE_UITBUITING: 0.45,
        Aard.LICHAMELIJKE_VERWAARLOZING: 0.35,
        Aard.PSYCHISCH_GEWELD: 0.4,
        Aard.LICHAMELIJKE_MISHANDELING: 0.2,
    },
    A.GEWELD_TEGEN_OUDERS: {
        Aard.LICHAMELIJKE_MISHANDELING: 0.6,
        Aard.PSYCHISCH_GEWELD: 0.6,
        Aard.FINANCIELE_UITBUITING: 0.1,
    },
    A.EERGERELATEERD: {
        Aard.PSYCHISCH_GEWELD: 0.8,
        Aard.LICHAMELIJKE_MISHANDELING: 0.4,
        Aard.VGV: 0.05,
    },
    A.HUWELIJKSDWANG: {Aard.PSYCHISCH_GEWELD: 0.9, Aard.ANDERS_ONVEILIG: 0.3},
    A.HG_ANDERS: {
        Aard.LICHAMELIJKE_MISHANDELING: 0.5,
        Aard.PSYCHISCH_GEWELD: 0.6,
        Aard.ANDERS_ONVEILIG: 0.2,
    },
    A.ANDERE_PROBLEMATIEK: {Aard.ANDERS_NIET_ONVEILIG: 1.0},
}
RANGEN = ("Agent", "Hoofdagent", "Brigadier")
REDEN_VERLENGING = (
    "Informeren zou de veiligheid van het kind op dit moment in gevaar brengen.",
    "De betrokkenen zijn nog niet bereikt; nieuwe afspraak gepland.",
)


def _focus(hoedanigheid: str) -> str:
    if hoedanigheid in KIND_MELDERS:
        return "kind"
    if hoedanigheid == H.GERIATER:
        return "oudere"
    return ""


class DossierBouwer:
    """Builds the rows of all meldingen, oldest first, remembering households for repeats."""

    def __init__(self, ctx: Context, org: Organisatie, beoordeling: Beoordeling) -> None:
        self.ctx = ctx
        self.org = org
        self.beoordeling = beoordeling
        self.rijen = beoordeling.rijen
        self.huishoudens: dict[tuple[int, str], list[personen.HuishoudenPlan]] = {}
        self.identiteiten = Identiteiten(ctx, org, self.rijen)

    # --- household -------------------------------------------------------------------------

    def _aanleiding(self, focus: str, huishouden: personen.HuishoudenPlan | None, op: date) -> str:
        ctx = self.ctx
        if huishouden is not None and ctx.kans(0.75):
            return huishouden.aanleiding
        gewichten = dict(AANLEIDINGEN)
        kind = huishouden.heeft_kind(op) if huishouden else focus != "oudere"
        oudere = huishouden.heeft_oudere(op) if huishouden else focus == "oudere"
        if focus == "kind" or (huishouden is not None and kind):
            gewichten = {a: w for a, w in gewichten.items() if a in KIND_AANLEIDINGEN}
            gewichten[A.PARTNERGEWELD] = 10
        elif focus == "oudere" or (huishouden is not None and oudere):
            gewichten = {A.OUDERENMISHANDELING: 1}
        elif huishouden is not None:
            gewichten = {A.PARTNERGEWELD: 3, A.HG_ANDERS: 1}
        return ctx.gewogen(gewichten)

    def _bestaand_huishouden(self, plan: MeldingPlan, focus: str, op: date):
        """An earlier household of the same team and gemeente that fits the melder, or None.

        Mostly one whose earlier meldingen are all closed (see KANS_TERUG_BIJ_LOPEND)."""
        ctx = self.ctx
        kandidaten = self.huishoudens.get((plan.team.pk, plan.gemeente.naam))
        if not kandidaten or not ctx.kans(KANS_HERHAALD):
            return None
        lopend_goed = ctx.kans(KANS_TERUG_BIJ_LOPEND.get(plan.status, KANS_TERUG_BIJ_LOPEND_ANDERS))
        passend = None
        for _poging in range(20):
            huishouden = ctx.kies(kandidaten)
            if focus == "kind" and not huishouden.heeft_kind(op):
                continue
            if focus == "oudere" and not huishouden.heeft_oudere(op):
                continue
            if len(huishouden.meldingen) >= MAX_MELDINGEN_PER_HUISHOUDEN:
                continue
            if lopend_goed or not self.identiteiten.nog_betrokken(
                huishouden.meldingen, plan.ontvangen_op
            ):
                return huishouden
            passend = passend or huishouden
        return passend if ctx.kans(0.45) else None

    def _nieuw_lid(self, leden, op: date) -> tuple[personen.Mens, str]:
        """Someone new in a known household: a new partner, or a baby born since the last melding."""
        ctx = self.ctx
        baby_al_daar = any(p.leeftijd_op(op) == 0 for p in kinderen_van(leden, op))
        if baby_al_daar or ctx.kans(0.5):
            lid = personen.Lid(R.PLEGER, Geslacht.MAN, ctx.rng.randint(20, 55))
            achternaam = ctx.faker.last_name()
        else:
            lid = personen.Lid(R.KIND, ctx.kies((Geslacht.MAN, Geslacht.VROUW)), 0)
            ouder = leden[0][0]
            achternaam = f"{ouder.tussenvoegsel} {ouder.achternaam}".strip()
        return personen.maak_persoon(ctx, lid, achternaam, op), lid.rol

    def _ongeboren(self, plan: MeldingPlan, mensen: list, op: date) -> list:
        """Now and then a melding during a pregnancy names the unborn child (rol kind, ongeboren).

        Only where the besluit leads to no vervolgdienst at Veilig Thuis (a dienst's gesprekken
        are planned per living person), and drawn from a stream of its own per melding, so the
        rest of the run stays what it was.
        """
        if plan.route in VERVOLG_ROUTES or not mensen:
            return []
        moeders = [
            m
            for m, _rol in mensen
            if m.geslacht == Geslacht.VROUW and 18 <= (m.leeftijd_op(op) or 0) <= 42
        ]
        if not moeders or random.Random(f"ongeboren:{plan.nummer}").random() >= KANS_ONGEBOREN:
            return []
        moeder = moeders[0]
        plan.extra["ongeboren"] = True
        kind = personen.Mens(
            voornamen="",
            tussenvoegsel=moeder.tussenvoegsel,
            achternaam=moeder.achternaam,
            geboortedatum=None,
            geslacht=Geslacht.ONBEKEND,
            ongeboren=True,
        )
        return [(kind, R.KIND)]

    def _leden(self, plan: MeldingPlan, op: date):
        """(family, aanleiding, [(mens, rol)]) for this melding; no family if forwarded."""
        ctx = self.ctx
        if plan.status == S.DOORGESTUURD:
            # Persons and address were deleted when the melding was forwarded and anonymised.
            return None, A.ANDERE_PROBLEMATIEK, []
        focus = _focus(plan.hoedanigheid)
        bestaand = (
            None if plan.pad == "overige_zorg" else self._bestaand_huishouden(plan, focus, op)
        )
        if bestaand is not None:
            aanleiding = self._aanleiding(focus, bestaand, op)
            leden = [(p, personen.rol_nu(p, rol, op)) for p, rol in bestaand.leden]
            if ctx.kans(0.2):
                leden.append(self._nieuw_lid(leden, op))
            bestaand.leden = leden
            if ctx.kans(KANS_VERHUISD):
                bestaand.huishouden = self._adres(plan)
            return bestaand, aanleiding, leden
        aanleiding = (
            A.ANDERE_PROBLEMATIEK
            if plan.pad == "overige_zorg"
            else self._aanleiding(focus, None, op)
        )
        leden = personen.maak_leden(ctx, personen.samenstelling(ctx, aanleiding), op)
        huishouden = personen.HuishoudenPlan(
            huishouden=self._adres(plan),
            gemeente=plan.gemeente.naam,
            team_pk=plan.team.pk,
            aanleiding=aanleiding,
            leden=leden,
        )
        self.huishoudens.setdefault((plan.team.pk, plan.gemeente.naam), []).append(huishouden)
        return huishouden, aanleiding, leden

    def _adres(self, plan: MeldingPlan):
        adres = personen.adres(self.ctx, plan.gemeente.naam)
        adres.gemeente = plan.gemeente
        return adres

    # --- categories and texts --------------------------------------------------------------

    def _categorieen(self, aanleiding: str, leden, op: date) -> tuple[list[str], list[str]]:
        ctx = self.ctx
        kinderen = kinderen_van(leden, op)
        aanleidingen = [aanleiding]
        if aanleiding == A.PARTNERGEWELD and kinderen and ctx.kans(0.4):
            aanleidingen.append(A.KM_ANDERS)
        kansen = AARDEN.get(aanleiding, AARDEN[A.HG_ANDERS])
        aarden = [aard for aard, kans in kansen.items() if ctx.kans(kans)]
        if aanleiding == A.PARTNERGEWELD and kinderen and ctx.kans(0.8):
            aarden.append(Aard.GETUIGE)
        if not aarden:
            aarden = [next(iter(kansen))]
        return aanleidingen, aarden

    def _beschrijving(self, leden, op: date) -> dict[str, str]:
        """Placeholders for the concern texts, from the actual people in the melding."""
        kinderen = kinderen_van(leden, op)
        volwassenen = [(p, r) for p, r in leden if p not in kinderen]
        slachtoffer = next((p for p, r in volwassenen if r == R.SLACHTOFFER), None)
        vrouw = slachtoffer is None or slachtoffer.geslacht != Geslacht.MAN
        ex = self.ctx.kans(0.3)
        partner = ("haar " if vrouw else "zijn ") + ("ex-partner" if ex else "partner")
        beschrijving = {
            "slachtoffer": "mevrouw" if vrouw else "meneer",
            "Slachtoffer": "Mevrouw" if vrouw else "Meneer",
            "pleger": partner,
            "Pleger": partner.capitalize(),
            "obj": "haar" if vrouw else "hem",
            "bez": "haar" if vrouw else "zijn",
            "kind": "Het kind",
            "kinderen": "",
        }
        if kinderen:
            eerste = kinderen[0]
            leeftijd = eerste.leeftijd_op(op)
            soort = "De jongen" if eerste.geslacht == Geslacht.MAN else "Het meisje"
            beschrijving["kind"] = f"{soort} ({leeftijd} jaar)"
            leeftijden = sorted(p.leeftijd_op(op) for p in kinderen)
            if len(kinderen) == 1:
                beschrijving["kinderen"] = f" Er woont een kind van {leeftijden[0]} in huis."
            else:
                lijst = ", ".join(map(str, leeftijden[:-1])) + f" en {leeftijden[-1]}"
                beschrijving["kinderen"] = f" Er wonen {len(kinderen)} kinderen ({lijst} jaar)."
        return beschrijving

    def _melder(self, plan: MeldingPlan, melding: Melding, woonplaats: str) -> Melder:
        ctx = self.ctx
        gemeente = plan.gemeente.naam
        melder = Melder(
            melding=melding, hoedanigheid=plan.hoedanigheid, zet_hulp_voort=plan.zet_hulp_voort
        )
        tussenvoegsel, achternaam = personen.splits_achternaam(ctx.faker.last_name())
        achternaam = f"{tussenvoegsel} {achternaam}".strip()
        if plan.hoedanigheid == H.POLITIE:
            melder.naam = f"{ctx.kies(RANGEN)} {ctx.faker.first_name()[0]}. {achternaam}"
            melder.organisatie = teksten.organisatie_melder(ctx, plan.hoedanigheid, gemeente, "")
            melder.telefoon = "0900-8844"
            melder.identiteit_delen = True
        elif plan.hoedanigheid in H.beroepsmatig():
            melder.naam = f"{ctx.faker.first_name()} {achternaam}"
            melder.organisatie = teksten.organisatie_melder(
                ctx, plan.hoedanigheid, gemeente, woonplaats
            )
            melder.telefoon = ctx.faker.phone_number()
            melder.email = ctx.faker.safe_email() if ctx.kans(0.5) else ""
            melder.identiteit_delen = ctx.kans(0.75)
        else:
            melder.naam = f"{ctx.faker.first_name()} {achternaam}" if ctx.kans(0.7) else ""
            melder.telefoon = ctx.faker.phone_number() if ctx.kans(0.8) else ""
            melder.identiteit_delen = ctx.kans(0.25)
        plan.extra["melder_organisatie"] = melder.organisatie
        return melder

    # --- the melding ------------------------------------------------------------------------

    def bouw(self, plan: MeldingPlan) -> Melding:
        ctx, rijen = self.ctx, self.rijen
        op = timezone.localdate(plan.ontvangen_op)
        huishouden, aanleiding, mensen = self._leden(plan, op)
        mensen = mensen + self._ongeboren(plan, mensen, op)
        adres = huishouden.huishouden if huishouden else None
        intake = self.identiteiten.registreer(plan, mensen, adres, op)
        leden = intake.leden
        aanleidingen, aarden = self._categorieen(aanleiding, leden, op)
        beschrijving = self._beschrijving(leden, op)
        kalender = ctx.kalender
        melding = Melding(
            nummer=plan.nummer,
            status=plan.status,
            ontvangen_op=plan.ontvangen_op,
            vastgelegd_op=plan.vastgelegd_op,
            kanaal=plan.kanaal,
            soort=intake.soort,
            team=plan.team,
            gemeente=plan.gemeente,
            huishouden=intake.huishouden,
            samenvatting=teksten.zorgen(
                ctx, aanleiding, beschrijving, plan.hoedanigheid == H.POLITIE
            ),
            aangemaakt_door=plan.aangemaakt_door,
            urgentie=self._urgentie(plan),
            beoordelaar_1=plan.beoordelaar_1,
            beoordelaar_2=plan.beoordelaar_2,
            termijn_acute_screening=termijnen.termijn_acute_screening(
                plan.ontvangen_op, plan.kanaal, kalender=kalender
            ),
            termijn_veiligheidsbeoordeling=termijnen.termijn_veiligheidsbeoordeling(
                plan.ontvangen_op, kalender=kalender
            ),
            termijn_informeren_betrokkenen=termijnen.termijn_informeren_betrokkenen(
                plan.vastgelegd_op
            ),
            afgesloten_op=plan.afgesloten_op,
        )
        rijen.meldingen.append(melding)
        woonplaats = huishouden.huishouden.woonplaats if huishouden else plan.gemeente.naam
        melder = self._melder(plan, melding, woonplaats)
        rijen.melders.append(melder)
        rijen.aanleidingen.extend(
            MeldingAanleiding(melding=melding, aanleiding=a) for a in aanleidingen
        )
        rijen.aarden.extend(MeldingAard(melding=melding, aard=a) for a in aarden)
        betrokkenen = [Directbetrokkene(melding=melding, persoon=p, rol=rol) for p, rol in leden]
        rijen.betrokkenen.extend(betrokkenen)
        # Read by the vervolgdiensten (gesprekken, conclusies) and the terugkoppeling.
        plan.extra.update(betrokkenen=betrokkenen, aanleidingen=aanleidingen, melder=melder)
        plan.extra["aanleiding"] = aanleiding

        overgangen_voor = len(rijen.statuswijzigingen)
        self._registratie(plan, melding)
        self.identiteiten.journaal(plan, melding, intake)
        # A "dezelfde persoon" decided within days moves the link before B: the radar sees it.
        self.identiteiten.voorstellen_maken(plan, melding, intake, betrokkenen)
        leden, eerdere = [(b.persoon, b.rol) for b in betrokkenen], intake.eerdere
        self._screening(plan, melding)
        self.beoordeling.bouw(
            plan,
            melding,
            leden=leden,
            aanleidingen=aanleidingen,
            aarden=aarden,
            eerdere=eerdere,
        )
        if plan.status == S.DOORGESTUURD:
            self._anonimiseer(plan, melding, melder)
        else:
            self._informeren_verlengen(plan, melding)
            self._betrokkenen_geinformeerd(plan, melding)
        if huishouden is not None:
            huishouden.meldingen.append(plan)
        self.identiteiten.onthoud(plan, intake, rijen.statuswijzigingen[overgangen_voor:])
        plan.extra["melding"] = melding
        return melding

    def _urgentie(self, plan: MeldingPlan) -> str:
        if plan.pad == "acuut":
            return Urgentie.ACUUT
        if plan.pad in ("triage", "herzien") and plan.status != S.ONTVANGEN:
            geaccepteerd = plan.geaccepteerd_op
            einde = plan.opgepakt_op or self.ctx.nu
            return teksten.urgentie_voor_wachttijd(self.ctx, (einde - geaccepteerd) / DAG)
        return ""

    def _registratie(self, plan: MeldingPlan, melding: Melding) -> None:
        kanaal = label(Kanaal, plan.kanaal).lower()
        self.rijen.systeemregel(
            melding,
            f"Melding ontvangen via {kanaal} en vastgelegd.",
            door=plan.aangemaakt_door,
            op=plan.vastgelegd_op,
        )
        if plan.uit_advies:
            # The advies number is filled in when the adviezen are built.
            plan.extra["advies_regel"] = self.rijen.systeemregel(
                melding, "", door=plan.aangemaakt_door, op=plan.vastgelegd_op + timedelta(seconds=1)
            )

    def _screening(self, plan: MeldingPlan, melding: Melding) -> None:
        """Onderdeel A and, for overige zorg, the second judgement (screening service)."""
        if not plan.gescreend:
            return
        ctx, rijen = self.ctx, self.rijen
        uitkomst = {
            "acuut": ScreeningUitkomst.ACUUT,
            "triage": ScreeningUitkomst.NIET_ACUUT,
        }.get(plan.pad, ScreeningUitkomst.OVERIGE_ZORG)
        naar = {
            ScreeningUitkomst.ACUUT: S.ACUUT,
            ScreeningUitkomst.NIET_ACUUT: S.OP_TRIAGELIJST,
            ScreeningUitkomst.OVERIGE_ZORG: S.OVERIGE_ZORG,
        }[uitkomst]
        a = self.beoordeling.beoordeling_a(plan, melding, uitkomst)
        rijen.overgang(
            melding,
            S.ONTVANGEN,
            naar,
            door=plan.screener,
            op=plan.screening_op,
            toelichting=f"Screening acute onveiligheid: {label(ScreeningUitkomst, uitkomst)}.",
        )
        if plan.tweede_oordeel_op is None:
            return
        a.tweede_oordeel_door = plan.tweede_oordeel_door
        a.tweede_oordeel_op = plan.tweede_oordeel_op
        if plan.status == S.DOORGESTUURD:
            a.tweede_oordeel_toelichting = ctx.kies(teksten.TWEEDE_OORDEEL_AKKOORD)
            melding.doorgestuurd_aan = ctx.kies(teksten.DOORSTUREN_AAN).format(g=plan.gemeente.naam)
            rijen.overgang(
                melding,
                S.OVERIGE_ZORG,
                S.DOORGESTUURD,
                door=plan.tweede_oordeel_door,
                op=plan.tweede_oordeel_op,
                toelichting=f"Doorgestuurd aan {melding.doorgestuurd_aan}; "
                "identificerende gegevens verwijderd.",
            )
        else:
            a.tweede_oordeel_toelichting = ctx.kies(teksten.TWEEDE_OORDEEL_HERZIEN)
            rijen.overgang(
                melding,
                S.OVERIGE_ZORG,
                S.OP_TRIAGELIJST,
                door=plan.tweede_oordeel_door,
                op=plan.tweede_oordeel_op,
                toelichting="Tweede oordeel: wel zorgen over huiselijk geweld of "
                "kindermishandeling.",
            )

    def _anonimiseer(self, plan: MeldingPlan, melding: Melding, melder: Melder) -> None:
        """What screening._anonimiseer leaves after forwarding: no identity, the reasoning kept."""
        melding.samenvatting = GEANONIMISEERD
        melding.geanonimiseerd_op = plan.tweede_oordeel_op + timedelta(seconds=1)
        melder.naam = melder.organisatie = melder.telefoon = melder.email = ""

    def _betrokkenen_geinformeerd(self, plan: MeldingPlan, melding: Melding) -> None:
        """Most directbetrokkenen are informed within the 4 weeks, a few late, recent ones not yet."""
        ctx = self.ctx
        # Draw first, as in _informeren_verlengen: the stream must not depend on today.
        binnen_termijn, te_laat = ctx.kans(0.93), ctx.kans(0.5)
        if plan.status == S.ONTVANGEN:
            return
        begin = plan.vastgelegd_op + DAG
        termijn = melding.termijn_informeren_betrokkenen
        if binnen_termijn and begin < min(termijn, ctx.nu):
            melding.betrokkenen_geinformeerd_op = ctx.tussen(begin, min(termijn, ctx.nu))
        elif te_laat and termijn + DAG < ctx.nu:
            melding.betrokkenen_geinformeerd_op = ctx.tussen(termijn + DAG / 2, ctx.nu)

    def _informeren_verlengen(self, plan: MeldingPlan, melding: Melding) -> None:
        """Some long-waiting meldingen had the 4-week term to inform betrokkenen extended once."""
        ctx = self.ctx
        termijn = melding.termijn_informeren_betrokkenen
        # Draw first: whether a termijn has passed depends on today, the random stream must not.
        verlengen = ctx.kans(0.4)
        if plan.status not in (S.OP_TRIAGELIJST, S.IN_BEOORDELING) or termijn > ctx.nu:
            return
        if not verlengen:
            return
        door = plan.beoordelaar_1 or plan.screener
        op = max(termijn - ctx.duur(timedelta(), 3 * DAG), plan.screening_op)
        melding.termijn_informeren_betrokkenen = termijnen.verleng_termijn_informeren(termijn)
        melding.informeren_verlengd = 1
        self.rijen.systeemregel(
            melding,
            "Termijn informeren betrokkenen verlengd tot "
            f"{melding.termijn_informeren_betrokkenen:%d-%m-%Y}. Reden: {ctx.kies(REDEN_VERLENGING)}",
            door=door,
            op=op,
        )
