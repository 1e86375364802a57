"""`manage.py demo_data`: a Haaglanden-sized demo organisation with a year of adviezen and meldingen.

Every melding naar vervolgdienst has its vervolgdienst, in every state of its life; because a
dienst is only closed after 18 months of monitoring, a small tail of those meldingen is older
than the year (planning.VERVOLG_LEEFTIJDEN).

Safe to call on every start (`make run`): with data present it changes nothing unless `--reset`
is given. The same seed gives the same organisation and the same cases (dates move with today).
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from demo import (
    adviezen,
    documenten,
    opslag,
    planning,
    registraties,
    termijnbewaking,
    verantwoording,
    vervolgdiensten,
)
from demo.basis import Context
from demo.beoordeling import Beoordeling
from demo.dossier import DossierBouwer
from demo.historie import Historie
from demo.organisatie import DEMO_ROLLEN, DEMO_WACHTWOORD, bouw_organisatie
from demo.rijen import Rijen
from demo.zicht import ZichtBouwer
from meldingen.models import Nummerreeks
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.models import Rol

# Veilig Thuis Haaglanden in 2024: 8 745 meldingen and 9 280 adviezen (DOMAIN.md §1).
STANDAARD_MELDINGEN = 8700
STANDAARD_ADVIEZEN = 9300
STANDAARD_SEED = 2024


class Command(BaseCommand):
    help = (
        "Vult de database met een demo-organisatie (Veilig Thuis Haaglanden) en een jaar aan "
        "adviezen en meldingen in alle statussen. Doet niets als er al gegevens zijn, tenzij "
        "--reset is opgegeven."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Verwijder eerst alle bestaande meldingen, adviezen, vervolgdiensten, "
            "ketenpartners, medewerkers, teams, gemeenten, sluitingsdagen en de auditlog.",
        )
        parser.add_argument(
            "--meldingen",
            type=int,
            default=STANDAARD_MELDINGEN,
            help=f"Aantal meldingen (standaard {STANDAARD_MELDINGEN}).",
        )
        parser.add_argument(
            "--adviezen",
            type=int,
            default=STANDAARD_ADVIEZEN,
            help=f"Aantal adviezen (standaard {STANDAARD_ADVIEZEN}).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=STANDAARD_SEED,
            help="Startwaarde van de toevalsgenerator; dezelfde seed geeft dezelfde gegevens.",
        )

    def handle(self, *args, **opties) -> None:
        aantal_meldingen = opties["meldingen"]
        aantal_adviezen = opties["adviezen"]
        if aantal_meldingen < planning.MINIMUM_MELDINGEN:
            raise CommandError(
                f"Geef minstens {planning.MINIMUM_MELDINGEN} meldingen op, zodat elke status "
                "voorkomt."
            )
        if aantal_adviezen < 3:
            raise CommandError("Geef minstens 3 adviezen op, zodat elke status voorkomt.")

        start = time.monotonic()
        nu = timezone.now()
        with transaction.atomic():
            if opties["reset"]:
                opslag.verwijder_alles(self._meld)
            elif opslag.demodata_aanwezig():
                self.stdout.write(
                    "Er zijn al gegevens aanwezig (demodata of een eigen organisatie); er is "
                    "niets gewijzigd. Gebruik --reset om alles te vervangen door nieuwe demodata."
                )
                return
            self._vul(nu, aantal_meldingen, aantal_adviezen, opties["seed"])
            # Planner statistics for the tables just filled, as autovacuum would gather within
            # a minute: until then PostgreSQL plans every table as (nearly) empty, and a radar
            # query scans the directbetrokkenen once per directbetrokkene. Both engines know
            # ANALYZE, also inside a transaction (the crawl test loads the demo in one).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self._samenvatting(nu, time.monotonic() - start)

    def _meld(self, tekst: str) -> None:
        self.stdout.write(f"  {tekst}")

    def _vul(self, nu, aantal_meldingen: int, aantal_adviezen: int, seed: int) -> None:
        ctx = Context.maak(seed=seed, nu=nu, meld=self._meld)
        ctx.nummers = {(r.prefix, r.jaar): r.laatste for r in Nummerreeks.objects.all()}
        vandaag = timezone.localdate(nu)
        eerste_dag = vandaag - timedelta(days=planning.oudste_leeftijd() + 1)
        opslag.sluitingsdagen(eerste_dag, vandaag + timedelta(days=60))
        # One calendar for the whole run: the closure days are read once, not per melding.
        ctx.kalender = termijnen.Kalender.laad()

        org = bouw_organisatie(ctx)
        registraties.maak_registraties(ctx, org)
        ketenpartners = vervolgdiensten.maak_ketenpartners(org)
        omgezet = adviezen.aantal_omgezet(aantal_adviezen)
        plannen = planning.plan_meldingen(ctx, org, aantal_meldingen, uit_advies=omgezet)
        self._meld(f"Meldingen gepland: {len(plannen)}.")
        rijen = Rijen()
        bouwer = DossierBouwer(ctx, org, Beoordeling(ctx, org, rijen))
        for plan in plannen:
            bouwer.bouw(plan)
        self._meld(
            f"Dossiers opgebouwd: {len(rijen.personen)} personen in "
            f"{len(rijen.huishoudens)} huishoudens; identiteit vastgesteld bij de intake in "
            f"{bouwer.identiteiten.duur:.1f} s."
        )
        diensten = vervolgdiensten.Vervolgdiensten(ctx, org, rijen, ketenpartners).bouw(plannen)
        uit_advies = [p for p in plannen if p.uit_advies]
        advieslijst = adviezen.bouw_adviezen(ctx, org, aantal_adviezen, uit_advies)
        # Last of the random draws, so the cases above stay what they were before zicht existed.
        historie = Historie.lees(rijen, diensten)
        zicht = ZichtBouwer(ctx, org, rijen, historie).bouw(plannen)
        bouwer.identiteiten.afronden()
        opslag.sla_op(ctx, rijen, advieslijst)
        opslag.sla_voorstellen_op(bouwer.identiteiten.voorstellen)
        opslag.sla_informeringen_op()
        opslag.sla_diensten_op(ctx, diensten)
        self._meld(f"Documenten: {documenten.bouw_documenten(ctx)} voorbeelddocumenten bewaard.")
        opslag.werk_nummerreeksen_bij(ctx)
        termijnbewaking.zicht_opslaan(zicht)
        snapshots = termijnbewaking.snapshots_reconstrueren(ctx, org, historie)
        verleden = termijnbewaking.signaleringen_reconstrueren(ctx, org, historie, diensten, zicht)
        self._meld(
            f"Termijnbewaking: {len(zicht.contacten)} zicht-op-veiligheidscontacten, "
            f"{snapshots} snapshots, {verleden.signaleringen} signaleringen met "
            f"{verleden.notificaties} notificaties uit de geschiedenis."
        )
        nu_gedaan = termijnbewaking.termijnbewaking_nu(ctx)
        self._meld(
            f"Termijnbewaking nu: {nu_gedaan['gepland']} contacten gepland, "
            f"{nu_gedaan['notificaties']} nieuwe notificaties (niet gemaild)."
        )
        # Last: the klachten and the calamiteit draw after everything else, so the cases stay put.
        klachten, calamiteiten = verantwoording.maak_klachten_en_calamiteit(ctx, org)
        opslag.werk_nummerreeksen_bij(ctx)
        self._meld(f"Verantwoording: {klachten} klachten, {calamiteiten} calamiteit.")
        audit_log(
            None,
            "demo_data.aanmaken",
            meldingen=len(plannen),
            adviezen=len(advieslijst),
            vervolgdiensten=len(diensten.diensten),
            seed=seed,
        )

    def _samenvatting(self, nu, duur: float) -> None:
        cijfers = opslag.overzicht(nu)
        bewaking = termijnbewaking.overzicht(nu)
        identiteit = opslag.identiteit_overzicht()
        meldingen = sum(n for _s, n in identiteit["soorten"])
        regels = [
            "",
            f"Demodata aangemaakt in {duur:.1f} s: {cijfers['medewerkers']} medewerkers, "
            f"{cijfers['personen']} personen in {cijfers['huishoudens']} huishoudens.",
            "",
            "Meldingen per status:",
        ]
        regels += [f"  {label:<32} {aantal:>6}" for label, aantal in cijfers["meldingen"]]
        regels.append(
            "  (Acuut is een doorgangsstatus: bij acute onveiligheid start onderdeel B direct.)"
        )
        regels += [
            "",
            f"Identiteit: {identiteit['bsn'] + identiteit['sterk']} personen automatisch "
            f"gekoppeld (BSN {identiteit['bsn']}, sterke overeenkomst {identiteit['sterk']}), "
            f"{identiteit['adres']} adressen herkend; {identiteit['open_personen']} mogelijk "
            f"dezelfde wachten op beoordeling ({identiteit['open']} voorstellen), eerder beslist: "
            f"{identiteit['zelfde']} dezelfde, {identiteit['niet_zelfde']} niet dezelfde.",
            "Soort melding (landelijk 2023: 32 % eerste, 38 % hermelding, 29 % vervolgmelding): "
            + ", ".join(
                f"{label.lower()} {aantal} ({_procent(aantal, meldingen)})"
                for label, aantal in identiteit["soorten"]
            )
            + ".",
        ]
        regels += ["", "Adviezen per status:"]
        regels += [f"  {label:<32} {aantal:>6}" for label, aantal in cijfers["adviezen"]]
        regels += [
            "",
            f"Wachtend op de veiligheidsbeoordeling: {cijfers['wachtend']}, "
            f"waarvan {cijfers['over_termijn']} over de termijn.",
            "",
            f"Vervolgdiensten per status (elk besluit 'vervolg bij Veilig Thuis' heeft er één: "
            f"{cijfers['besluiten_vervolg']} van {cijfers['besluiten']} besluiten, "
            f"{_procent(cijfers['besluiten_vervolg'], cijfers['besluiten'])}):",
        ]
        regels += [f"  {label:<32} {aantal:>6}" for label, aantal in cijfers["diensten"]]
        regels += [
            f"Wachtend op de start, langer dan {cijfers['start_werkdagen']} werkdagen na het "
            f"besluit: {cijfers['wacht_lang']}.",
            f"Wachtend of lopend na de 10 weken: {cijfers['na_termijn']}.",
            f"Afgerond binnen de 10 weken: {cijfers['afgerond_op_tijd']} van "
            f"{cijfers['afgerond']} ({_procent(cijfers['afgerond_op_tijd'], cijfers['afgerond'])}).",
            f"Monitoring achterstallig: {cijfers['momenten_achterstallig']} momenten bij "
            f"{cijfers['diensten_achterstallig']} diensten.",
            f"Terugkoppelingen aan de melder: {cijfers['terugkoppeling_beoordeling']} na de "
            f"beoordeling, {cijfers['terugkoppeling_dienst']} na de dienst.",
            "",
            f"Wachtlijst-snapshots: {bewaking['snapshots']} over {bewaking['snapshot_dagen']} "
            f"dagen. Zicht-op-veiligheidscontacten: {bewaking['zicht']}, waarvan "
            f"{bewaking['herprioriteringen']} met herprioritering; nu achterstallig: "
            f"{bewaking['zicht_achterstallig']}.",
            f"Notificaties: {bewaking['totaal']}, waarvan {bewaking['ongelezen']} ongelezen.",
            f"{'Signaleringen per soort:':<56} {'open':>6} {'opgelost':>9}",
        ]
        regels += [
            f"  {label:<54} {open_:>6} {opgelost:>9}"
            for label, open_, opgelost in bewaking["signaleringen"]
        ]
        regels += [
            "",
            "Demo-inloggegevens:",
            f"  {'gebruikersnaam':<22} {'rol':<24} wachtwoord",
        ]
        regels += [
            f"  {rol:<22} {str(Rol(rol).label):<24} {DEMO_WACHTWOORD}" for rol in DEMO_ROLLEN
        ]
        self.stdout.write("\n".join(regels))


def _procent(deel: int, geheel: int) -> str:
    return f"{100 * deel / geheel:.0f} %" if geheel else "–"
