"""The veiligheidsbeoordeling of one demo melding: A, verrijking, B with consulten and radar, besluit.

Whatever a service would refuse is not produced: a besluit only exists with a complete
triage-instrument, the consulten the afwegingskader demands (read from the Afwegingsregel rows in
the database, as beheer configured them) and, from the third melding about a household, an MDO or
a werkbegeleider's reason. Melding in beoordeling show the same work half done.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from demo import teksten
from demo.basis import UUR, Context, label
from demo.organisatie import Organisatie
from demo.personen import kinderen_van
from demo.planning import MeldingPlan
from demo.rijen import Rijen
from meldingen.adapters import Bevraging, FakeBrp, FakeVtRegister
from meldingen.afwegingskader import RADAR_DREMPEL
from meldingen.keuzes import (
    Aard,
    ActiviteitSoort,
    Antwoord,
    BesluitRoute,
    ConsultVorm,
    JournaalSoort,
    MeldingStatus,
    Signaal,
    TriggerSoort,
    VerrijkingBron,
    VerrijkingStatus,
)
from meldingen.models import (
    Activiteit,
    Afwegingsregel,
    Besluit,
    Consult,
    Journaalregel,
    Melding,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
    Verrijkingstaak,
)
from meldingen.services.verrijking import AUTOMATISCH
from veiligthuis.models import Medewerker, Rol

S = MeldingStatus
B = BesluitRoute
J = Antwoord
GEBESLOTEN = (S.BESLOTEN, S.AFGESLOTEN, S.NAAR_VERVOLGDIENST)
REDEN_GEEN_MDO = (
    "De eerdere meldingen gingen over een andere situatie en zijn afgesloten; de huidige hulp is "
    "passend. Geen MDO nodig.",
    "Het gezin zit in een lopende dienst Voorwaarden & Vervolg; bespreking in het reguliere "
    "casusoverleg volstaat.",
)


def _lokaal(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%d-%m-%Y %H:%M}"


class Beoordeling:
    def __init__(self, ctx: Context, org: Organisatie, rijen: Rijen) -> None:
        self.ctx = ctx
        self.org = org
        self.rijen = rijen
        self.regels = list(Afwegingsregel.objects.filter(actief=True).order_by("pk"))
        self.brp = FakeBrp()
        self.vt_register = FakeVtRegister()

    # --- A -------------------------------------------------------------------------------

    def beoordeling_a(
        self, plan: MeldingPlan, melding: Melding, uitkomst: str
    ) -> VeiligheidsbeoordelingA:
        a = VeiligheidsbeoordelingA(
            melding=melding,
            door=plan.screener,
            uitgevoerd_op=plan.screening_op,
            uitkomst=uitkomst,
            toelichting=self.ctx.kies(teksten.SCREENING[uitkomst]),
        )
        self.rijen.beoordelingen_a.append(a)
        return a

    # --- everything after A --------------------------------------------------------------

    def bouw(self, plan, melding, *, leden, aanleidingen, aarden, eerdere) -> None:
        if plan.status in (S.ONTVANGEN, S.DOORGESTUURD):
            return
        einde = plan.besluit_op or self.ctx.nu
        self._journaal(plan, melding, einde)
        if plan.geaccepteerd_op is None:
            return  # overige zorg waiting for its second judgement
        self._verrijking(plan, melding, leden, eerdere, einde)
        if plan.opgepakt_op is None:
            return
        self._oppakken(plan, melding)
        b = self._triage_instrument(plan, melding, leden, aarden, eerdere)
        compleet = plan.status in GEBESLOTEN or self.ctx.kans(0.5)
        if compleet:
            self._consulten(plan, melding, b, aanleidingen, aarden, eerdere, einde)
        self._activiteiten(plan, melding, einde)
        if plan.status in GEBESLOTEN:
            self._besluit(plan, melding, b)

    def _journaal(self, plan: MeldingPlan, melding: Melding, einde: datetime) -> None:
        """Dossier entries by hand: facts, opinions and impressions, each with its source."""
        ctx = self.ctx
        aantal = ctx.rng.randint(0, 1) if plan.status == S.OVERIGE_ZORG else ctx.rng.randint(1, 3)
        auteurs = [m for m in (plan.screener, plan.beoordelaar_1, plan.beoordelaar_2) if m]
        for _i in range(aantal):
            soort = ctx.gewogen(
                {JournaalSoort.FEIT: 5, JournaalSoort.MENING: 2, JournaalSoort.INDRUK: 2}
            )
            if soort == JournaalSoort.INDRUK and plan.opgepakt_op is None:
                soort = JournaalSoort.FEIT  # impressions come from contact, after the pick-up
            bron, tekst = ctx.kies(teksten.JOURNAAL[soort])
            self.rijen.journaal.append(
                Journaalregel(
                    melding=melding,
                    soort=soort,
                    bron=bron,
                    tekst=tekst,
                    auteur=ctx.kies(auteurs),
                    geschreven_op=ctx.tussen(plan.opgepakt_op or plan.screening_op, einde),
                )
            )

    def _verrijking(self, plan, melding, leden, eerdere, einde: datetime) -> None:
        """One task per source from acceptance on; done ones have a result and a journal line."""
        ctx = self.ctx
        start = plan.geaccepteerd_op
        uitvoerders = [m for m in (plan.beoordelaar_1, plan.beoordelaar_2, plan.screener) if m]
        secretariaat = self.org.van_team(plan.team, Rol.SECRETARIAAT)
        klaar_kans = {
            S.OP_TRIAGELIJST: (0.6, 0.15),
            S.IN_BEOORDELING: (0.9, 0.5),
        }.get(plan.status, (1.0, 1.0))
        for bron in VerrijkingBron.values:
            taak = Verrijkingstaak(melding=melding, bron=bron)
            self.rijen.verrijking.append(taak)
            automatisch = bron in AUTOMATISCH
            if not ctx.kans(klaar_kans[0] if automatisch else klaar_kans[1]):
                continue
            pool = uitvoerders + secretariaat if automatisch else uitvoerders
            taak.uitgevoerd_door = ctx.kies(pool)
            taak.uitgevoerd_op = ctx.tussen(start, start + (einde - start) * 0.7)
            taak.status, taak.resultaat = self._resultaat(bron, plan, leden, eerdere)
            self.rijen.systeemregel(
                melding,
                f"Verrijking {label(VerrijkingBron, bron)}: {label(VerrijkingStatus, taak.status).lower()}.",
                door=taak.uitgevoerd_door,
                op=taak.uitgevoerd_op,
            )

    def _resultaat(self, bron: str, plan, leden, eerdere) -> tuple[str, str]:
        ctx = self.ctx
        if bron == VerrijkingBron.EIGEN_DOSSIERS:
            if not eerdere:
                return (
                    VerrijkingStatus.AFGEROND,
                    "Geen eerdere meldingen over deze personen of dit adres.",
                )
            nummers = [p.nummer for p in eerdere[:20]]
            return (
                VerrijkingStatus.AFGEROND,
                f"{len(nummers)} eerdere melding(en): {', '.join(nummers)}",
            )
        if bron in (VerrijkingBron.BRP, VerrijkingBron.VT_REGISTER):
            register = self.brp if bron == VerrijkingBron.BRP else self.vt_register
            regels = []
            for persoon, _rol in leden:
                antwoord = register.bevraag(
                    Bevraging(
                        bsn=persoon.bsn,
                        achternaam=persoon.achternaam,
                        geboortedatum=persoon.geboortedatum.isoformat()
                        if persoon.geboortedatum
                        else None,
                    )
                )
                regels.append(f"{persoon}: {antwoord.samenvatting}")
            return VerrijkingStatus.AFGEROND, "\n".join(
                regels
            ) or "Geen directbetrokkenen om te bevragen."
        if ctx.kans(0.08):
            return (
                VerrijkingStatus.NIET_MOGELIJK,
                "Geen reactie ontvangen binnen de termijn; later opnieuw navragen.",
            )
        if bron == VerrijkingBron.RAAD:
            return VerrijkingStatus.AFGEROND, ctx.kies(
                (
                    "Niet bekend bij de Raad voor de Kinderbescherming.",
                    "Eerder raadsonderzoek, afgesloten zonder maatregel.",
                    "Niet bekend bij de Raad voor de Kinderbescherming.",
                )
            )
        return VerrijkingStatus.AFGEROND, ctx.kies(
            (
                f"Wijkteam {plan.gemeente.naam}: het gezin is bekend, er loopt lichte ambulante hulp.",
                f"Het gezin is niet bekend bij het wijkteam {plan.gemeente.naam}.",
                f"Wijkteam {plan.gemeente.naam}: eerder contact over schulden, nu geen hulp.",
            )
        )

    def _oppakken(self, plan: MeldingPlan, melding: Melding) -> None:
        """Acute meldingen start B at the screening itself; others are picked from the triagelijst."""
        van = S.ACUUT if plan.pad == "acuut" else S.OP_TRIAGELIJST
        self.rijen.overgang(
            melding,
            van,
            S.IN_BEOORDELING,
            door=plan.beoordelaar_1,
            op=plan.opgepakt_op,
            toelichting=f"Beoordelaars: {plan.beoordelaar_1} en {plan.beoordelaar_2}.",
        )

    def _triage_instrument(self, plan, melding, leden, aarden, eerdere) -> VeiligheidsbeoordelingB:
        ctx = self.ctx
        route = plan.route
        kinderen = kinderen_van(leden, timezone.localdate(plan.ontvangen_op))
        if route == B.AFSLUITEN:
            structureel = J.NEE
        elif route in (B.CLIENTSYSTEEM, B.MELDER):
            structureel = ctx.gewogen({J.JA: 1, J.NEE: 1})
        else:
            structureel = ctx.gewogen({J.JA: 85, J.ONBEKEND: 15})
        if plan.pad == "acuut":
            # Acute at A; when B ends in "afsluiten" the crisis was lifted before the besluit
            # (meldingen.protocol.besluit_past_bij_instrument). No random draw either way.
            acuut = J.NEE if route == B.AFSLUITEN else J.JA
        else:
            acuut = ctx.gewogen({J.NEE: 9, J.ONBEKEND: 1})
        antwoorden = {
            "acute_onveiligheid": acuut,
            "structurele_onveiligheid": structureel,
            "disfunctioneren": ctx.gewogen({J.JA: 40, J.NEE: 45, J.ONBEKEND: 15}),
            "zorgen_ontwikkeling": ctx.gewogen({J.JA: 55, J.NEE: 30, J.ONBEKEND: 15})
            if kinderen
            else J.NEE,
        }
        if plan.status == S.IN_BEOORDELING:
            # Work in progress: some instruments are complete, some half, some not started.
            deel = ctx.gewogen({4: 35, 2: 40, 0: 25})
            for vraag in list(antwoorden)[deel:]:
                antwoorden[vraag] = ""
        signaalcodes = self._signalen(plan, aarden, kinderen) if any(antwoorden.values()) else []
        b = VeiligheidsbeoordelingB(
            melding=melding,
            gestart_op=plan.opgepakt_op,
            signaalcodes=signaalcodes,
            signalen=" ".join(ctx.rng.sample(teksten.SIGNALEN, 2))
            if signaalcodes or ctx.kans(0.5)
            else "",
            eerdere_meldingen=(
                "Eerder gemeld: " + ", ".join(p.nummer for p in eerdere[:20]) + "."
                if eerdere
                else "Geen eerdere meldingen bekend."
            ),
            **antwoorden,
        )
        self.rijen.beoordelingen_b.append(b)
        return b

    def _signalen(self, plan: MeldingPlan, aarden: list[str], kinderen) -> list[str]:
        ctx = self.ctx
        op = timezone.localdate(plan.ontvangen_op)
        kansen = {
            Signaal.LETSEL: 0.45 if Aard.LICHAMELIJKE_MISHANDELING in aarden else 0.03,
            Signaal.PSYCHIATRIE: 0.08,
            Signaal.VERSLAVING: 0.12,
            Signaal.VERWURGING: 0.08 if plan.extra.get("aanleiding") == "partnergeweld" else 0.0,
            Signaal.WAPENS: 0.03,
            Signaal.STALKING: 0.1 if plan.extra.get("aanleiding") == "partnergeweld" else 0.0,
            Signaal.ZWANGERSCHAP: 0.95
            if plan.extra.get("ongeboren")
            else (0.3 if any(p.leeftijd_op(op) == 0 for p in kinderen) else 0.03),
        }
        return sorted(code for code, kans in kansen.items() if ctx.kans(kans))

    # --- consulten and radar ----------------------------------------------------------------

    def _deskundige(self, code: str, plan: MeldingPlan) -> Medewerker | None:
        """A medewerker with expertise `code` ("gedragswetenschapper", "aandachtfunctionaris:vgv")."""
        rol, _sep, gebied = code.partition(":")
        if gebied:
            return self.org.af_voor_gebied.get(gebied) if rol == Rol.AANDACHTFUNCTIONARIS else None
        eigen = self.org.van_team(plan.team, rol)
        kandidaten = eigen or self.org.met_rol.get(rol, [])
        return self.ctx.kies(kandidaten) if kandidaten else None

    def _consulten(self, plan, melding, b, aanleidingen, aarden, eerdere, einde) -> None:
        ctx = self.ctx
        kenmerken = {(TriggerSoort.URGENTIE, melding.urgentie)}
        kenmerken |= {(TriggerSoort.AARD, a) for a in aarden}
        kenmerken |= {(TriggerSoort.AANLEIDING, a) for a in aanleidingen}
        kenmerken |= {(TriggerSoort.SIGNAAL, s) for s in b.signaalcodes}
        regels = [r for r in self.regels if (r.trigger_soort, r.trigger_waarde) in kenmerken]
        radar = len(eerdere) + 1 >= RADAR_DREMPEL
        radar_mdo = radar and ctx.kans(0.8)
        if radar and not radar_mdo:
            self._reden_geen_mdo(plan, melding, einde)
        if not regels and not radar_mdo:
            if ctx.kans(0.1):
                self._consult(
                    plan,
                    melding,
                    ConsultVorm.CONSULT,
                    [self._deskundige(Rol.GEDRAGSWETENSCHAPPER, plan)],
                    ["Consult gedragswetenschapper"],
                    einde,
                )
            return
        deelnemers: list[Medewerker | None] = []
        for regel in regels:
            codes = [ctx.kies(regel.deskundigen)] if regel.een_van else list(regel.deskundigen)
            deelnemers.extend(self._deskundige(code, plan) for code in codes)
        mdo = radar_mdo or any(r.vorm == ConsultVorm.MDO for r in regels)
        if radar_mdo:
            # The radar's MDO counts only with a gedragswetenschapper or vertrouwensarts present.
            deelnemers.append(self._deskundige(Rol.GEDRAGSWETENSCHAPPER, plan))
        if mdo:
            deelnemers.extend(self.org.van_team(plan.team, Rol.WERKBEGELEIDER)[:1])
            deelnemers.append(plan.beoordelaar_2)
        onderwerpen = [r.naam for r in regels] + (["Radar: herhaalde melding"] if radar_mdo else [])
        self._consult(
            plan,
            melding,
            ConsultVorm.MDO if mdo else ConsultVorm.CONSULT,
            deelnemers,
            onderwerpen,
            einde,
        )

    def _consult(self, plan, melding, vorm, deelnemers, onderwerpen, einde) -> None:
        ctx = self.ctx
        uniek: dict[int, Medewerker] = {plan.beoordelaar_1.pk: plan.beoordelaar_1}
        for m in deelnemers:
            if m is not None:
                uniek.setdefault(m.pk, m)
        # Medewerker lists are ordered by name, as the consult service's journal line shows them.
        gesorteerd = sorted(uniek.values(), key=lambda m: (m.last_name, m.first_name))
        start = plan.opgepakt_op
        if melding.urgentie == "acuut":
            datum = start + min(ctx.duur(0.5 * UUR, 20 * UUR), (einde - start) * 0.5)
        else:
            datum = ctx.tussen(start, start + (einde - start) * 0.8)
        vastgelegd = min(
            datum + ctx.duur(timedelta(minutes=5), 2 * UUR), einde - timedelta(seconds=2)
        )
        vastgelegd = max(vastgelegd, datum)
        consult = Consult(
            melding=melding,
            vorm=vorm,
            datum=datum,
            vraag="Bespreking: " + "; ".join(onderwerpen) + ". Welke risico's zien de deskundigen "
            "en wat is nodig voor het besluit?",
            uitkomst=ctx.kies(
                (
                    "Deskundigen zien structurele onveiligheid. Afgesproken: gesprek met beide "
                    "ouders en het kind binnen een week; letselduiding door de vertrouwensarts.",
                    "Geen aanwijzingen voor acuut gevaar. Advies: informanten (school, huisarts) "
                    "bevragen en netwerk betrekken bij de veiligheidsafspraken.",
                    "Zorgen over het patroon van herhaald geweld; eerdere hulp heeft onvoldoende "
                    "effect gehad. Advies: vervolg bij Veilig Thuis overwegen.",
                )
            ),
            vastgelegd_door=plan.beoordelaar_1,
            vastgelegd_op=vastgelegd,
        )
        self.rijen.consulten.append((consult, gesorteerd))
        namen = ", ".join(str(m) for m in gesorteerd)
        self.rijen.systeemregel(
            melding,
            f"{label(ConsultVorm, vorm)} vastgelegd met {namen}.",
            door=plan.beoordelaar_1,
            op=vastgelegd,
        )

    def _reden_geen_mdo(self, plan, melding, einde) -> None:
        """The werkbegeleider records why this repeat melding needs no MDO (radar_reden_vastleggen)."""
        werkbegeleider = self.org.van_team(plan.team, Rol.WERKBEGELEIDER)[0]
        melding.radar_geen_mdo_reden = self.ctx.kies(REDEN_GEEN_MDO)
        melding.radar_geen_mdo_door = werkbegeleider
        self.rijen.systeemregel(
            melding,
            f"Radar: geen MDO nodig volgens werkbegeleider. Reden: {melding.radar_geen_mdo_reden}",
            door=werkbegeleider,
            op=self.ctx.tussen(plan.opgepakt_op, einde),
        )

    # --- activities and besluit --------------------------------------------------------------

    def _activiteiten(self, plan: MeldingPlan, melding: Melding, einde: datetime) -> None:
        """Dated contacts; the first marks the melding "gestart". Some in beoordeling have none yet."""
        ctx = self.ctx
        if plan.status in GEBESLOTEN:
            aantal = ctx.rng.randint(1, 3)
        else:
            aantal = ctx.rng.randint(1, 2) if ctx.kans(0.75) else 0
        data = sorted(
            ctx.tussen(plan.opgepakt_op, einde - timedelta(seconds=5)) for _ in range(aantal)
        )
        for i, datum in enumerate(data):
            if i == 0:
                soort = ctx.gewogen(
                    {
                        ActiviteitSoort.CONTACTPOGING: 55,
                        ActiviteitSoort.GESPREK: 30,
                        ActiviteitSoort.HUISBEZOEK: 15,
                    }
                )
                if (
                    soort == ActiviteitSoort.CONTACTPOGING
                    and aantal == 1
                    and plan.status in GEBESLOTEN
                ):
                    # A besluit needs a gesprek or huisbezoek (meldingen.protocol.contact_of_reden):
                    # the one attempt succeeded. Same random draws as before.
                    soort = ActiviteitSoort.GESPREK
            else:
                soort = ctx.gewogen({ActiviteitSoort.GESPREK: 60, ActiviteitSoort.HUISBEZOEK: 40})
            door = ctx.kies((plan.beoordelaar_1, plan.beoordelaar_2))
            vastgelegd = min(
                datum + ctx.duur(timedelta(minutes=5), 3 * UUR), einde - timedelta(seconds=1)
            )
            vastgelegd = max(vastgelegd, datum)
            activiteit = Activiteit(
                melding=melding,
                soort=soort,
                datum=datum,
                met_wie=ctx.kies(teksten.ACTIVITEIT_MET_WIE),
                toelichting=""
                if soort == ActiviteitSoort.CONTACTPOGING
                else "Zorgen en veiligheid besproken.",
                door=door,
                vastgelegd_op=vastgelegd,
            )
            self.rijen.activiteiten.append(activiteit)
            self.rijen.systeemregel(
                melding,
                f"{label(ActiviteitSoort, soort)} op {_lokaal(datum)} vastgelegd.",
                door=door,
                op=vastgelegd,
            )
        if data:
            melding.gestart_op = data[0]

    def _besluit(self, plan: MeldingPlan, melding: Melding, b: VeiligheidsbeoordelingB) -> None:
        ctx, rijen = self.ctx, self.rijen
        route = plan.route
        aan = ""
        if route == B.LOKAAL_VELD:
            aan = ctx.kies(teksten.OVERDRACHT_LOKAAL_VELD).format(g=plan.gemeente.naam)
        elif route == B.CLIENTSYSTEEM:
            aan = "Ouders en hun netwerk (grootouders)"
        elif route == B.MELDER:
            aan = plan.extra.get("melder_organisatie") or "De melder"
        besluit = Besluit(
            melding=melding,
            route=route,
            onderbouwing=ctx.kies(teksten.ONDERBOUWING[route]).format(
                aan=aan or "de hulpverlening"
            ),
            overdracht_aan=aan,
            genomen_door=plan.besluit_door,
            genomen_op=plan.besluit_op,
        )
        rijen.besluiten.append(besluit)
        plan.extra["besluit"] = besluit
        b.afgerond_op = plan.besluit_op
        b.beoordelaar_1 = plan.beoordelaar_1
        b.beoordelaar_2 = plan.beoordelaar_2
        rijen.overgang(
            melding,
            S.IN_BEOORDELING,
            S.BESLOTEN,
            door=plan.besluit_door,
            op=plan.besluit_op,
            toelichting=f"Besluit: {label(BesluitRoute, route)}.",
        )
        if plan.status == S.NAAR_VERVOLGDIENST:
            rijen.overgang(
                melding,
                S.BESLOTEN,
                S.NAAR_VERVOLGDIENST,
                door=plan.besluit_door,
                op=plan.besluit_op + timedelta(seconds=1),
            )
        elif plan.status == S.AFGESLOTEN:
            rijen.overgang(
                melding,
                S.BESLOTEN,
                S.AFGESLOTEN,
                door=plan.afgesloten_door,
                op=plan.afgesloten_op,
                toelichting=ctx.kies(("", "Overdracht bevestigd door de ontvangende partij.")),
            )
