"""Creating, starting and carrying out a vervolgdienst up to afronden (or stopping it)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diensten import protocol
from diensten.eisen import GEEN_CONCLUSIE_NODIG, eisen_van, onvervulde_eisen
from diensten.keuzes import (
    ConclusieUitkomst,
    DienstStatus,
    DienstType,
    GesprekVorm,
    VoortijdigReden,
)
from diensten.models import (
    Afwijking,
    Conclusie,
    Gesprek,
    Informant,
    Veiligheidsvoorwaarde,
    Vervolgdienst,
)
from diensten.services._basis import (
    eis_open,
    eis_uitvoerder_of_werkbegeleider,
    vergrendel_dienst,
    wijzig_dienststatus,
)
from meldingen.keuzes import BesluitRoute
from meldingen.models import Directbetrokkene, Melding
from meldingen.services._basis import (
    datum_sinds_ontvangst,
    journaal_systeem,
    verplichte_tekst,
)
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.fsm import controleer_overgang
from veiligthuis.inzetbaarheid import eis_inzetbaar
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import eis_rol

TYPE_VOOR_ROUTE = {
    BesluitRoute.VOORWAARDEN_EN_VERVOLG: DienstType.VOORWAARDEN_EN_VERVOLG,
    BesluitRoute.ONDERZOEK: DienstType.ONDERZOEK,
}


def dienst_na_besluit(*, melding: Melding, door: Medewerker) -> Vervolgdienst:
    """Create the vervolgdienst of a "vervolg bij VT" besluit, inside the besluit's transaction.

    The 10-week termijn runs from the besluit and is stored now.
    """
    besluit = melding.besluit
    dienst = Vervolgdienst.objects.create(
        melding=melding,
        type=TYPE_VOOR_ROUTE[besluit.route],
        besluit_op=besluit.genomen_op,
        termijn=termijnen.termijn_vervolgdienst(besluit.genomen_op),
    )
    journaal_systeem(
        melding,
        _("Vervolgdienst %(type)s aangemaakt; uiterlijk afgerond op %(termijn)s.")
        % {
            "type": dienst.get_type_display(),
            "termijn": f"{timezone.localtime(dienst.termijn):%d-%m-%Y}",
        },
        door=door,
    )
    audit_log(door, "dienst.aanmaken", melding, dienst=dienst.pk)
    return dienst


@transaction.atomic
def dienst_uitvoerder_toewijzen(
    *, dienst_id: int, door: Medewerker, uitvoerder_id: int
) -> tuple[Vervolgdienst, str]:
    """Assign who carries out the dienst. Returns the dienst and a warning ("" when none).

    For an Onderzoek the protocol prefers someone other than the beoordelaars: assigning one of
    them is allowed but warned about.
    """
    eis_rol(door, Rol.WERKBEGELEIDER, Rol.ONDERZOEKER, actie=_("een uitvoerder toewijzen"))
    dienst = vergrendel_dienst(dienst_id, door, actie=_("een uitvoerder toewijzen"))
    eis_open(dienst, actie=_("Een uitvoerder toewijzen"))
    uitvoerder = (
        Medewerker.objects.filter(pk=uitvoerder_id, is_active=True)
        .prefetch_related("roltoewijzingen")
        .first()
    )
    if uitvoerder is None or not uitvoerder.heeft_rol(Rol.ONDERZOEKER):
        fout = _("De uitvoerder moet een actieve onderzoeker zijn.")
        raise DomainError(fout, velden={"uitvoerder": fout})
    eis_inzetbaar(uitvoerder, actie=_("uitvoerder van de dienst worden"), veld="uitvoerder")
    dienst.uitvoerder = uitvoerder
    dienst.save(update_fields=["uitvoerder"])
    waarschuwing = ""
    melding = dienst.melding
    if dienst.is_onderzoek and uitvoerder.pk in (
        melding.beoordelaar_1_id,
        melding.beoordelaar_2_id,
    ):
        waarschuwing = _(
            "Let op: %(naam)s was ook beoordelaar van deze melding. Het protocol vraagt een Onderzoek "
            "waar mogelijk door een andere onderzoeker te laten doen."
        ) % {"naam": uitvoerder}
    journaal_systeem(
        melding, _("Uitvoerder van de dienst: %(naam)s.") % {"naam": uitvoerder}, door=door
    )
    audit_log(door, "dienst.uitvoerder", melding, dienst=dienst.pk, waarschuwing=bool(waarschuwing))
    return dienst, waarschuwing


def _start_met_activiteit(dienst: Vervolgdienst, gesprek: Gesprek, *, door: Medewerker) -> None:
    """The first gesprek or huisbezoek of the uitvoerder starts the dienst (DOMAIN §11 'Gestart').

    `gestart_op` comes from the activity's date (`protocol.startmoment`), so the wait from the
    besluit is measured to the day the family was met, not to a button press.
    """
    op = protocol.startmoment(gesprek.datum, besluit_op=dienst.besluit_op)
    wijzig_dienststatus(
        dienst,
        dienst.starten,
        argumenten=(op,),
        door=door,
        actie=_("Starten"),
        audit_actie="dienst.starten",
        toelichting=_("Gestart met %(vorm)s op %(datum)s.")
        % {"vorm": gesprek.get_vorm_display().lower(), "datum": f"{gesprek.datum:%d-%m-%Y}"},
    )


def _start_bijwerken(dienst: Vervolgdienst, *, door: Medewerker) -> None:
    """Keep a running dienst's start on the date of its first gesprek or huisbezoek.

    A start activity recorded later but dated earlier moves the start back; a dienst marked
    started by the old start button (no activity then) gets the date of its first real one.
    """
    eerste = protocol.startactiviteiten(dienst)[0]
    if protocol.is_gestart_met_activiteit(dienst):
        return
    vorige = dienst.gestart_op
    dienst.gestart_op = protocol.startmoment(eerste.datum, besluit_op=dienst.besluit_op)
    dienst.wachttijd_start = dienst.gestart_op - dienst.besluit_op
    dienst.save(update_fields=["gestart_op", "wachttijd_start"])
    journaal_systeem(
        dienst.melding,
        _(
            "Startdatum van de dienst gezet op %(datum)s: de datum van het eerste gesprek of huisbezoek."
        )
        % {"datum": f"{eerste.datum:%d-%m-%Y}"},
        door=door,
    )
    # The same audit action as the start itself: this is the start, dated right.
    audit_log(
        door,
        "dienst.starten",
        dienst.melding,
        dienst=dienst.pk,
        startdatum_bijgewerkt=True,
        van=vorige.isoformat() if vorige else None,
    )


@transaction.atomic
def dienst_starten(*, dienst_id: int, door: Medewerker) -> Vervolgdienst:
    """Start the dienst from its first recorded gesprek or huisbezoek of the uitvoerder.

    Normally `gesprek_vastleggen` does this itself; this service exists for callers (the API's
    `starten`) and is refused without such an activity: being assigned, or pressing a button, is
    not starting (IGJ 2026, seed 003).
    """
    dienst = vergrendel_dienst(dienst_id, door, actie=_("de dienst starten"))
    eis_uitvoerder_of_werkbegeleider(door, dienst, actie=_("de dienst starten"))
    controleer_overgang(dienst, dienst.starten, actie=_("Starten"))
    _start_met_activiteit(dienst, protocol.startactiviteiten(dienst)[0], door=door)
    return dienst


def _werk_aan_dienst(
    dienst_id: int, door: Medewerker, *, actie: str, ook_voor_de_start: bool = False
) -> Vervolgdienst:
    """Lock a dienst the uitvoerder (or a werkbegeleider) works on while it runs.

    `ook_voor_de_start`: a gesprek may also be recorded while the dienst waits for its start
    (that gesprek is what starts it), once an uitvoerder is assigned.
    """
    dienst = vergrendel_dienst(dienst_id, door, actie=actie)
    eis_uitvoerder_of_werkbegeleider(door, dienst, actie=actie)
    hoofdletter = actie[:1].upper() + actie[1:]
    if ook_voor_de_start and dienst.status == DienstStatus.WACHT_OP_START:
        if dienst.uitvoerder_id is None:
            raise DomainError(
                _("%(actie)s kan nog niet: wijs eerst een uitvoerder toe.") % {"actie": hoofdletter}
            )
        return dienst
    if dienst.status != DienstStatus.LOPEND:
        tekst = _("%(actie)s kan alleen zolang de dienst loopt (nu: %(status)s).") % {
            "actie": hoofdletter,
            "status": dienst.get_status_display().lower(),
        }
        if dienst.status == DienstStatus.WACHT_OP_START:
            tekst = f"{tekst} {protocol.GESTART_MET_ACTIVITEIT.reden}"
        raise DomainError(tekst)
    return dienst


@transaction.atomic
def gesprek_vastleggen(
    *,
    dienst_id: int,
    door: Medewerker,
    directbetrokkene_id: int,
    datum: date,
    vorm: str,
    toelichting: str = "",
) -> Gesprek:
    """Record a gesprek with (or seeing of) one directbetrokkene.

    The first gesprek or huisbezoek of the uitvoerder starts a waiting dienst; a telephone call or
    a werkbegeleider's entry is recorded but starts nothing (`protocol.is_startactiviteit`).
    """
    dienst = _werk_aan_dienst(
        dienst_id, door, actie=_("een gesprek vastleggen"), ook_voor_de_start=True
    )
    betrokkene = Directbetrokkene.objects.filter(
        pk=directbetrokkene_id, melding_id=dienst.melding_id
    ).first()
    if betrokkene is None:
        fout = _("Kies een directbetrokkene van deze melding.")
        raise DomainError(fout, velden={"directbetrokkene": fout})
    if vorm not in GesprekVorm.values:
        fout = _("Kies gesprek, gezien, huisbezoek of telefonisch.")
        raise DomainError(fout, velden={"vorm": fout})
    gesprek = Gesprek.objects.create(
        dienst=dienst,
        directbetrokkene=betrokkene,
        datum=datum_sinds_ontvangst(dienst.melding, datum, veld="datum"),
        vorm=vorm,
        door=door,
        toelichting=toelichting.strip(),
    )
    audit_log(door, "dienst.gesprek", dienst.melding, dienst=dienst.pk, vorm=vorm)
    if protocol.is_startactiviteit(vorm=vorm, door_id=door.pk, uitvoerder_id=dienst.uitvoerder_id):
        if dienst.status == DienstStatus.WACHT_OP_START:
            _start_met_activiteit(dienst, gesprek, door=door)
        else:
            _start_bijwerken(dienst, door=door)
    return gesprek


@transaction.atomic
def informant_vastleggen(
    *,
    dienst_id: int,
    door: Medewerker,
    naam: str,
    organisatie: str,
    toestemming: bool,
    afweging: str,
    datum: date,
    informatie: str,
) -> Informant:
    """A professional informant: with the betrokkenen's consent, or with a recorded weighing."""
    dienst = _werk_aan_dienst(dienst_id, door, actie=_("een informant vastleggen"))
    afweging = afweging.strip()
    if not toestemming and not afweging:
        fout = _("Zonder toestemming is een vastgelegde afweging verplicht.")
        raise DomainError(fout, velden={"afweging": fout})
    informant = Informant.objects.create(
        dienst=dienst,
        naam=verplichte_tekst(naam, veld="naam", melding=_("Vul de naam van de informant in.")),
        organisatie=verplichte_tekst(
            organisatie, veld="organisatie", melding=_("Vul organisatie en functie in.")
        ),
        toestemming=toestemming,
        afweging=afweging,
        datum=datum_sinds_ontvangst(dienst.melding, datum, veld="datum"),
        informatie=verplichte_tekst(
            informatie, veld="informatie", melding=_("Wat vertelde de informant?")
        ),
        door=door,
    )
    audit_log(door, "dienst.informant", dienst.melding, dienst=dienst.pk)
    return informant


@transaction.atomic
def conclusie_vastleggen(
    *,
    dienst_id: int,
    door: Medewerker,
    aanleiding: str,
    uitkomst: str,
    toelichting: str,
    reden_voortijdig: str = "",
) -> Conclusie:
    """The Onderzoek's conclusion for one type geweld of the melding (replaces an earlier one)."""
    dienst = _werk_aan_dienst(dienst_id, door, actie=_("een conclusie vastleggen"))
    if not dienst.is_onderzoek:
        raise DomainError(_("Alleen een Onderzoek trekt een conclusie per type geweld."))
    typen = (
        set(dienst.melding.aanleidingen.values_list("aanleiding", flat=True)) - GEEN_CONCLUSIE_NODIG
    )
    if aanleiding not in typen:
        fout = _("Deze melding gaat niet over dit type geweld.")
        raise DomainError(fout, velden={"aanleiding": fout})
    if uitkomst not in ConclusieUitkomst.values:
        fout = _("Kies bevestigd, niet bevestigd, weerlegd of voortijdig afgesloten.")
        raise DomainError(fout, velden={"uitkomst": fout})
    if uitkomst == ConclusieUitkomst.VOORTIJDIG:
        if reden_voortijdig not in VoortijdigReden.values:
            fout = _("Kies waarom het onderzoek voortijdig is afgesloten.")
            raise DomainError(fout, velden={"reden_voortijdig": fout})
    else:
        reden_voortijdig = ""
    conclusie, _nieuw = Conclusie.objects.update_or_create(
        dienst=dienst,
        aanleiding=aanleiding,
        defaults={
            "uitkomst": uitkomst,
            "reden_voortijdig": reden_voortijdig,
            "toelichting": verplichte_tekst(
                toelichting, veld="toelichting", melding=_("Onderbouw de conclusie.")
            ),
            "door": door,
        },
    )
    audit_log(door, "dienst.conclusie", dienst.melding, dienst=dienst.pk, aanleiding=aanleiding)
    return conclusie


@transaction.atomic
def voorwaarde_vastleggen(
    *,
    dienst_id: int,
    door: Medewerker,
    voorwaarde: str,
    voor_wie: str,
    sinds: date,
    hoe_gecontroleerd: str,
) -> Veiligheidsvoorwaarde:
    dienst = _werk_aan_dienst(dienst_id, door, actie=_("een veiligheidsvoorwaarde vastleggen"))
    if sinds is None:
        fout = _("Vul in sinds wanneer de voorwaarde geldt.")
        raise DomainError(fout, velden={"sinds": fout})
    record = Veiligheidsvoorwaarde.objects.create(
        dienst=dienst,
        voorwaarde=verplichte_tekst(
            voorwaarde, veld="voorwaarde", melding=_("Beschrijf de voorwaarde.")
        ),
        voor_wie=verplichte_tekst(
            voor_wie, veld="voor_wie", melding=_("Voor wie geldt de voorwaarde?")
        ),
        sinds=sinds,
        hoe_gecontroleerd=verplichte_tekst(
            hoe_gecontroleerd, veld="hoe_gecontroleerd", melding=_("Hoe wordt dit gecontroleerd?")
        ),
        door=door,
    )
    audit_log(door, "dienst.voorwaarde", dienst.melding, dienst=dienst.pk)
    return record


@transaction.atomic
def dienst_bevindingen_vastleggen(
    *,
    dienst_id: int,
    door: Medewerker,
    erkenning_zorgen: str | None = None,
    hoor_en_wederhoor: str | None = None,
    verzoek_raad: bool | None = None,
    melding_politie: bool | None = None,
    overdracht_vrijwillige_hulp: bool | None = None,
) -> Vervolgdienst:
    """Erkenning (V&V), hoor en wederhoor and uitkomsten (Onderzoek); None leaves a field as it is."""
    dienst = _werk_aan_dienst(dienst_id, door, actie=_("bevindingen vastleggen"))
    velden = {
        "erkenning_zorgen": erkenning_zorgen.strip() if erkenning_zorgen is not None else None,
        "hoor_en_wederhoor": hoor_en_wederhoor.strip() if hoor_en_wederhoor is not None else None,
        "verzoek_raad": verzoek_raad,
        "melding_politie": melding_politie,
        "overdracht_vrijwillige_hulp": overdracht_vrijwillige_hulp,
    }
    alleen_onderzoek = {
        "hoor_en_wederhoor",
        "verzoek_raad",
        "melding_politie",
        "overdracht_vrijwillige_hulp",
    }
    gewijzigd = []
    for veld, waarde in velden.items():
        if waarde is None:
            continue
        if (veld in alleen_onderzoek) != dienst.is_onderzoek:
            raise DomainError(
                _("'%(veld)s' hoort niet bij een %(type)s.")
                % {
                    "veld": Vervolgdienst._meta.get_field(veld).verbose_name,
                    "type": dienst.get_type_display(),
                },
                velden={veld: _("Hoort niet bij deze dienst.")},
            )
        setattr(dienst, veld, waarde)
        gewijzigd.append(veld)
    if gewijzigd:
        dienst.save(update_fields=gewijzigd)
    audit_log(door, "dienst.bevindingen", dienst.melding, dienst=dienst.pk, velden=gewijzigd)
    return dienst


@transaction.atomic
def afwijking_aanvragen(*, dienst_id: int, door: Medewerker, eis: str, reden: str) -> Afwijking:
    """Ask to pass an unmet requirement with a reason; it counts once a werkbegeleider approves."""
    dienst = _werk_aan_dienst(dienst_id, door, actie=_("een afwijking aanvragen"))
    eisen = {e.code: e for e in eisen_van(dienst)}
    if eis not in eisen:
        fout = _("Deze eis bestaat niet voor deze dienst.")
        raise DomainError(fout, velden={"eis": fout})
    if eisen[eis].voldaan:
        raise DomainError(_("Aan deze eis is voldaan; een afwijking is niet nodig."))
    if not protocol.is_afwijkbaar(eis):
        fout = str(protocol.AFWIJKING_ALLEEN_PERSOON.reden)
        raise DomainError(
            _("Geen afwijking mogelijk voor '%(eis)s'. %(reden)s")
            % {"eis": eisen[eis].omschrijving, "reden": fout},
            velden={"eis": fout},
        )
    if eisen[eis].afwijking_aangevraagd:
        raise DomainError(_("Voor deze eis is al een afwijking aangevraagd."))
    afwijking = Afwijking.objects.create(
        dienst=dienst,
        eis=eis,
        omschrijving=eisen[eis].omschrijving,
        reden=verplichte_tekst(reden, veld="reden", melding=_("Geef de reden van de afwijking.")),
        aangevraagd_door=door,
    )
    journaal_systeem(
        dienst.melding,
        _("Afwijking aangevraagd: %(eis)s.") % {"eis": afwijking.omschrijving},
        door=door,
    )
    audit_log(door, "dienst.afwijking_aanvragen", dienst.melding, dienst=dienst.pk, eis=eis)
    return afwijking


@transaction.atomic
def afwijking_goedkeuren(*, afwijking_id: int, door: Medewerker) -> Afwijking:
    """A werkbegeleider of the team approves an afwijking (not their own request)."""
    eis_rol(door, Rol.WERKBEGELEIDER, actie=_("een afwijking goedkeuren"))
    afwijking = (
        Afwijking.objects.select_for_update()
        .select_related("dienst__melding")
        .filter(pk=afwijking_id)
        .first()
    )
    if afwijking is None:
        raise DomainError(_("Deze afwijking bestaat niet."))
    vergrendel_dienst(afwijking.dienst_id, door, actie=_("een afwijking goedkeuren"))
    if afwijking.goedgekeurd_door_id:
        raise DomainError(_("Deze afwijking is al goedgekeurd."))
    if afwijking.aangevraagd_door_id == door.pk:
        raise DomainError(_("Een afwijking wordt goedgekeurd door een ander dan de aanvrager."))
    afwijking.goedgekeurd_door = door
    afwijking.goedgekeurd_op = timezone.now()
    afwijking.save(update_fields=["goedgekeurd_door", "goedgekeurd_op"])
    journaal_systeem(
        afwijking.dienst.melding,
        _("Afwijking goedgekeurd: %(eis)s.") % {"eis": afwijking.omschrijving},
        door=door,
    )
    audit_log(door, "dienst.afwijking_goedkeuren", afwijking.dienst.melding, eis=afwijking.eis)
    return afwijking


@transaction.atomic
def dienst_afronden(*, dienst_id: int, door: Medewerker) -> Vervolgdienst:
    """Finish the dienst. Refused, naming each unmet requirement without an approved afwijking."""
    dienst = _werk_aan_dienst(dienst_id, door, actie=_("de dienst afronden"))
    ontbreekt = onvervulde_eisen(dienst)
    if ontbreekt:
        raise DomainError(
            _(
                "De dienst kan nog niet worden afgerond. Niet voldaan (en geen goedgekeurde afwijking): %(lijst)s."
            )
            % {"lijst": "; ".join(e.omschrijving for e in ontbreekt)}
        )
    return wijzig_dienststatus(
        dienst, dienst.afronden, door=door, actie=_("Afronden"), audit_actie="dienst.afronden"
    )


@transaction.atomic
def dienst_stoppen(*, dienst_id: int, door: Medewerker, reden: str) -> Vervolgdienst:
    """Stop a dienst early, always with a reason (e.g. the family moved to another region)."""
    eis_rol(door, Rol.WERKBEGELEIDER, Rol.ONDERZOEKER, actie=_("een dienst stoppen"))
    dienst = vergrendel_dienst(dienst_id, door, actie=_("de dienst stoppen"))
    eis_uitvoerder_of_werkbegeleider(door, dienst, actie=_("de dienst stoppen"))
    dienst.stopreden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef de reden van het stoppen.")
    )
    return wijzig_dienststatus(
        dienst,
        dienst.stoppen,
        door=door,
        actie=_("Stoppen"),
        audit_actie="dienst.stoppen",
        toelichting=dienst.stopreden,
    )
