"""Writing the demo rows in bulk, wiping earlier data for --reset, and counting what is there.

Reset deletes every row that points (directly, through a many-to-many or through other rows) at
meldingen, adviezen, persons, households, medewerkers, teams or gemeenten, so models added later
by other apps are covered without changes here: the vervolgdiensten and everything recorded in
them, the terugkoppelingen, and the ketenpartners (linked to gemeenten). Configuration that points
at none of those (the afwegingskader) stays.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, Q
from django.db.models.deletion import ProtectedError, RestrictedError

from demo.basis import Context
from demo.organisatie import DEMO_ROLLEN
from demo.rijen import DienstRijen, Rijen
from diensten.keuzes import DienstStatus, TerugkoppelingMoment
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
from meldingen.keuzes import AdviesStatus, BesluitRoute, MeldingStatus, SoortMelding
from meldingen.models import (
    Activiteit,
    Advies,
    Besluit,
    Bijlage,
    Consult,
    Directbetrokkene,
    Huishouden,
    Informering,
    InformeringWijze,
    Journaalregel,
    Koppelvoorstel,
    Melder,
    Melding,
    MeldingAanleiding,
    MeldingAard,
    Nummerreeks,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingA,
    VeiligheidsbeoordelingB,
    Verrijkingstaak,
    VoorstelStatus,
)
from meldingen.services._basis import SYSTEEMBRON
from meldingen.services.bijlagen import bestanden_wissen
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from veiligthuis.models import Gemeente, Medewerker, Sluitingsdag, Team

BATCH = 2000
KERN = (Melding, Advies, Persoon, Huishouden, Medewerker, Team, Gemeente)
LOS = (Nummerreeks, Sluitingsdag, AuditLog)


def demodata_aanwezig() -> bool:
    """True when there is organisation or case data, or one of the demo logins already exists."""
    return (
        Gemeente.objects.exists()
        or Team.objects.exists()
        or Melding.objects.exists()
        or Advies.objects.exists()
        or Medewerker.objects.filter(username__in=DEMO_ROLLEN).exists()
    )


def _verwijzingen(model: type[models.Model]) -> list[type[models.Model]]:
    return [
        veld.related_model
        for veld in model._meta.get_fields()
        if veld.concrete and veld.is_relation and (veld.many_to_one or veld.one_to_one)
    ]


def _koppelingen(model: type[models.Model]) -> list[type[models.Model]]:
    return [veld.related_model for veld in model._meta.many_to_many]


def _te_verwijderen() -> list[type[models.Model]]:
    """The KERN models plus every model that refers to them, referrers first.

    A many-to-many counts as a reference (a ketenpartner per gemeente); its link rows go with
    either side, so it plays no part in the order.
    """
    gekozen: list[type[models.Model]] = list(KERN)
    gewijzigd = True
    while gewijzigd:
        gewijzigd = False
        for model in apps.get_models():
            if model in gekozen or model._meta.proxy or not model._meta.managed:
                continue
            doelen = _verwijzingen(model) + _koppelingen(model)
            if any(doel in gekozen for doel in doelen):
                gekozen.append(model)
                gewijzigd = True
    gekozen += [m for m in LOS if m not in gekozen]
    # Order so that a model comes before every model it refers to (self-references ignored).
    volgorde: list[type[models.Model]] = []
    rest = list(gekozen)
    while rest:
        vrij = [
            m
            for m in rest
            if not any(m in _verwijzingen(ander) for ander in rest if ander is not m)
        ]
        if not vrij:  # a cycle: leave the rest to the retry loop below
            volgorde += rest
            break
        volgorde += vrij
        rest = [m for m in rest if m not in vrij]
    return volgorde


def verwijder_alles(meld: Callable[[str], None]) -> None:
    """Delete all case and organisation data (for --reset), in an order the constraints allow."""
    if connection.vendor == "postgresql":
        # The audit log refuses DELETE (trigger, veiligthuis migration 0003). A demo reset wipes
        # the whole database, so it empties the log the one way the trigger leaves open.
        with connection.cursor() as cursor:
            # Rows inserted in this transaction leave deferred FK checks pending; TRUNCATE
            # refuses to run while they are, so run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            # The audit log's TRUNCATE trigger (migration 0006) allows this one deliberate reset.
            cursor.execute("SET LOCAL veiligthuis.audit_wissen = 'ja'")
            cursor.execute(f"TRUNCATE {AuditLog._meta.db_table}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's FKs are deferred by default
    # The documents' bytes go with their rows, once the reset is committed.
    namen = list(Bijlage.objects.values_list("bestand", flat=True))
    transaction.on_commit(lambda: bestanden_wissen(namen))
    # A merged person points at the one it was merged into (PROTECT): undo that link first.
    Persoon.objects.filter(samengevoegd_in__isnull=False).update(samengevoegd_in=None)
    rest = _te_verwijderen()
    totaal = 0
    while rest:
        uitgesteld = []
        for model in rest:
            try:
                aantal, _per_model = model._base_manager.all().delete()
            except (ProtectedError, RestrictedError):
                uitgesteld.append(model)
                continue
            totaal += aantal
        if len(uitgesteld) == len(rest):
            namen = ", ".join(m._meta.label for m in uitgesteld)
            raise RuntimeError(f"Kan niet alles verwijderen; er blijven verwijzingen naar: {namen}")
        rest = uitgesteld
    meld(f"Bestaande gegevens verwijderd ({totaal} rijen).")


def sluitingsdagen(van: date, tot: date) -> list[Sluitingsdag]:
    """The organisation closes on the Friday after Hemelvaartsdag (a common bridge day)."""
    dagen = []
    for jaar in range(van.year, tot.year + 1):
        for dag, naam in termijnen.feestdagen(jaar).items():
            if naam == "Hemelvaartsdag":
                dagen.append(
                    Sluitingsdag(
                        datum=dag + timedelta(days=1),
                        omschrijving="Brugdag na Hemelvaartsdag",
                    )
                )
    Sluitingsdag.objects.bulk_create(dagen, ignore_conflicts=True)
    return dagen


def sla_op(ctx: Context, rijen: Rijen, adviezen: list[Advies]) -> None:
    """Insert every row in dependency order; primary keys come back from the bulk inserts.

    Persons and households are in the database already: identity resolution wrote them as the
    meldingen came in (demo.intake)."""
    reeks: list[tuple[str, type[models.Model], list]] = [
        ("meldingen", Melding, rijen.meldingen),
        ("melders", Melder, rijen.melders),
        ("aanleidingen", MeldingAanleiding, rijen.aanleidingen),
        ("aarden", MeldingAard, rijen.aarden),
        ("directbetrokkenen", Directbetrokkene, rijen.betrokkenen),
        ("beoordelingen A", VeiligheidsbeoordelingA, rijen.beoordelingen_a),
        ("beoordelingen B", VeiligheidsbeoordelingB, rijen.beoordelingen_b),
        ("besluiten", Besluit, rijen.besluiten),
        ("statuswijzigingen", Statuswijziging, rijen.statuswijzigingen),
        ("journaalregels", Journaalregel, rijen.journaal),
        ("activiteiten", Activiteit, rijen.activiteiten),
        ("verrijkingstaken", Verrijkingstaak, rijen.verrijking),
        ("consulten", Consult, [c for c, _d in rijen.consulten]),
        ("adviezen", Advies, adviezen),
    ]
    for _naam, model, objecten in reeks:
        model.objects.bulk_create(objecten, batch_size=BATCH)
    Deelnemer = Consult.deelnemers.through
    Deelnemer.objects.bulk_create(
        [
            Deelnemer(consult_id=consult.pk, medewerker_id=m.pk)
            for consult, deelnemers in rijen.consulten
            for m in deelnemers
        ],
        batch_size=BATCH,
    )
    ctx.meld(
        f"Opgeslagen: {len(rijen.huishoudens)} huishoudens en {len(rijen.personen)} personen "
        "(bij de intake), "
        + ", ".join(f"{len(objecten)} {naam}" for naam, _m, objecten in reeks)
        + "."
    )


def sla_voorstellen_op(
    voorstellen: list[tuple[Koppelvoorstel, Directbetrokkene | None, datetime]],
) -> None:
    """The koppelvoorstellen, once their meldingen and directbetrokkenen have primary keys."""
    for voorstel, verplaatst, _op in voorstellen:
        voorstel.verplaatst = [verplaatst.pk] if verplaatst is not None else []
    Koppelvoorstel.objects.bulk_create([v for v, _d, _op in voorstellen], batch_size=BATCH)
    # aangemaakt_op is auto_now_add: the moment of the intake goes in afterwards.
    for voorstel, _d, op in voorstellen:
        voorstel.aangemaakt_op = op
    Koppelvoorstel.objects.bulk_update(
        [v for v, _d, _op in voorstellen], ["aangemaakt_op"], batch_size=BATCH
    )


# How the demo's directbetrokkenen were informed, by turns (no random draw: the stream of the
# rest of the demo stays as it was).
WIJZEN = (InformeringWijze.BRIEF, InformeringWijze.BRIEF, InformeringWijze.GESPREK)


def sla_informeringen_op() -> int:
    """Where a melding's betrokkenen count as informed, each current directbetrokkene has its
    Informering (the termijn is met only when all have one: services.betrokkenen)."""
    rijen = Directbetrokkene.objects.filter(
        melding__betrokkenen_geinformeerd_op__isnull=False
    ).values_list(
        "pk",
        "melding_id",
        "persoon_id",
        "melding__betrokkenen_geinformeerd_op",
        "melding__beoordelaar_1_id",
        "melding__aangemaakt_door_id",
    )
    informeringen = [
        Informering(
            melding_id=melding,
            persoon_id=persoon,
            wijze=WIJZEN[pk % len(WIJZEN)],
            op=op,
            door_id=beoordelaar or aangemaakt_door,
        )
        for pk, melding, persoon, op, beoordelaar, aangemaakt_door in rijen
    ]
    Informering.objects.bulk_create(informeringen, batch_size=BATCH)
    return len(informeringen)


def identiteit_overzicht() -> dict:
    """How the intake linked persons and households, read back from the journal and the voorstellen."""
    regels = Journaalregel.objects.filter(bron=SYSTEEMBRON)
    voorstellen = dict(Koppelvoorstel.objects.values_list("status").annotate(n=Count("pk")))
    soorten = dict(Melding.objects.values_list("soort").annotate(n=Count("pk")))
    return {
        **regels.aggregate(
            bsn=Count("pk", filter=Q(tekst__endswith="gekoppeld aan bekende persoon op BSN.")),
            sterk=Count(
                "pk",
                filter=Q(
                    tekst__endswith="gekoppeld aan bekende persoon op achternaam, voornaam en "
                    "geboortedatum."
                ),
            ),
            adres=Count(
                "pk", filter=Q(tekst="Het adres is gekoppeld aan een bekend huishouden (op adres).")
            ),
        ),
        "open": Koppelvoorstel.objects.filter(
            status=VoorstelStatus.OPEN, persoon__samengevoegd_in__isnull=True
        ).count(),
        "open_personen": Koppelvoorstel.objects.filter(status=VoorstelStatus.OPEN)
        .values("persoon")
        .distinct()
        .count(),
        "zelfde": voorstellen.get(VoorstelStatus.ZELFDE, 0),
        "niet_zelfde": voorstellen.get(VoorstelStatus.NIET_ZELFDE, 0),
        "soorten": [(s.label, soorten.get(s.value, 0)) for s in SoortMelding],
    }


def sla_diensten_op(ctx: Context, rijen: DienstRijen) -> None:
    """Insert the vervolgdiensten and their records, after the meldingen they belong to."""
    for afwijking, betrokkene in rijen.afwijkingen:
        if betrokkene is not None:
            afwijking.eis = f"gesprek:{betrokkene.pk}"  # the code diensten.eisen gives the eis
    reeks: list[tuple[str, type[models.Model], list]] = [
        ("vervolgdiensten", Vervolgdienst, rijen.diensten),
        ("statuswijzigingen van diensten", DienstStatuswijziging, rijen.statuswijzigingen),
        ("gesprekken", Gesprek, rijen.gesprekken),
        ("informanten", Informant, rijen.informanten),
        ("conclusies", Conclusie, rijen.conclusies),
        ("veiligheidsvoorwaarden", Veiligheidsvoorwaarde, rijen.voorwaarden),
        ("afwijkingen", Afwijking, [a for a, _b in rijen.afwijkingen]),
        ("overdrachten", Overdracht, rijen.overdrachten),
        ("veiligheidsafspraken", Veiligheidsafspraak, rijen.afspraken),
        ("monitoringsmomenten", Monitoringsmoment, rijen.momenten),
        ("terugkoppelingen", Terugkoppeling, rijen.terugkoppelingen),
    ]
    for _naam, model, objecten in reeks:
        model.objects.bulk_create(objecten, batch_size=BATCH)
    ctx.meld(
        "Opgeslagen: " + ", ".join(f"{len(objecten)} {naam}" for naam, _m, objecten in reeks) + "."
    )


def werk_nummerreeksen_bij(ctx: Context) -> None:
    """Nummerreeks per prefix and year on the highest number used, so registration continues."""
    for (prefix, jaar), laatste in sorted(ctx.nummers.items()):
        Nummerreeks.objects.update_or_create(
            prefix=prefix, jaar=jaar, defaults={"laatste": laatste}
        )


def overzicht(nu: datetime) -> dict:
    """Counts for the closing summary, read back from the database (a check on what was written)."""
    per_status = dict(Melding.objects.values_list("status").annotate(n=Count("pk")))
    adviezen = dict(Advies.objects.values_list("status").annotate(n=Count("pk")))
    wachtend = Melding.objects.filter(status__in=MeldingStatus.wachtend_op_b())
    return {
        "meldingen": [(s.label, per_status.get(s.value, 0)) for s in MeldingStatus],
        "adviezen": [(s.label, adviezen.get(s.value, 0)) for s in AdviesStatus],
        **wachtend.aggregate(
            wachtend=Count("pk"),
            over_termijn=Count("pk", filter=Q(termijn_veiligheidsbeoordeling__lt=nu)),
        ),
        "personen": Persoon.objects.count(),
        "huishoudens": Huishouden.objects.count(),
        "medewerkers": Medewerker.objects.count(),
        **_diensten_overzicht(nu),
    }


def _diensten_overzicht(nu: datetime) -> dict:
    """Diensten per state and the clocks the termijnbewaking watches (wachtlijst.services)."""
    D = DienstStatus
    vandaag = termijnen.lokale_datum(nu)
    start_grens = termijnen.einde_dag(
        termijnen.laatste_dag_verstreken(vandaag, int(settings.VT_DIENST_START_WERKDAGEN))
    )
    per_status = dict(Vervolgdienst.objects.values_list("status").annotate(n=Count("pk")))
    achterstallig = Monitoringsmoment.objects.filter(
        dienst__status=D.MONITORING, uitgevoerd_op__isnull=True, gepland_op__lt=vandaag
    )
    terug = dict(Terugkoppeling.objects.values_list("moment").annotate(n=Count("pk")))
    besluiten = dict(Besluit.objects.values_list("route").annotate(n=Count("pk")))
    return {
        "diensten": [(s.label, per_status.get(s.value, 0)) for s in D],
        **Vervolgdienst.objects.aggregate(
            wacht_lang=Count("pk", filter=Q(status=D.WACHT_OP_START, besluit_op__lte=start_grens)),
            na_termijn=Count(
                "pk", filter=Q(status__in=(D.WACHT_OP_START, D.LOPEND), termijn__lt=nu)
            ),
            afgerond=Count("pk", filter=Q(afgerond_op__isnull=False)),
            afgerond_op_tijd=Count("pk", filter=Q(afgerond_op__lte=models.F("termijn"))),
        ),
        "start_werkdagen": int(settings.VT_DIENST_START_WERKDAGEN),
        **achterstallig.aggregate(
            momenten_achterstallig=Count("pk"),
            diensten_achterstallig=Count("dienst", distinct=True),
        ),
        "terugkoppeling_beoordeling": terug.get(TerugkoppelingMoment.NA_BEOORDELING, 0),
        "terugkoppeling_dienst": terug.get(TerugkoppelingMoment.NA_DIENST, 0),
        "besluiten": sum(besluiten.values()),
        "besluiten_vervolg": sum(besluiten.get(r, 0) for r in BesluitRoute.vervolg_bij_vt()),
    }
