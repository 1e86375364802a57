"""Onderdeel B: picking a melding up from the triagelijst, the triage-instrument, the besluit."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from meldingen import afwegingskader, protocol
from meldingen.keuzes import (
    Aard,
    Antwoord,
    BesluitRoute,
    MeldingStatus,
    Signaal,
    TriggerSoort,
    Urgentie,
)
from meldingen.models import Besluit, Melding, MeldingAard, VeiligheidsbeoordelingB
from meldingen.models.dossier import UrgentieKanaal
from meldingen.services._basis import (
    journaal_systeem,
    start_b,
    vergrendel_melding,
    verplichte_tekst,
    wijzig_status,
)
from meldingen.services.herverdeling import urgentie_wijzigen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.fsm import controleer_overgang
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import eis_rol, eis_team


def _eis_beoordelaar_of_werkbegeleider(door: Medewerker, melding: Melding, *, actie: str) -> None:
    """Only the two beoordelaars, or a werkbegeleider of the team, work on a B in progress."""
    if door.pk in (melding.beoordelaar_1_id, melding.beoordelaar_2_id):
        return
    if door.heeft_rol(Rol.WERKBEGELEIDER) and door.team_id == melding.team_id:
        return
    raise GeenToegang(
        _("Alleen de beoordelaars of een werkbegeleider van het team mogen %(actie)s.")
        % {"actie": actie}
    )


@transaction.atomic
def melding_pick_up(*, melding_id: int, door: Medewerker, tweede_id: int) -> Melding:
    """Take a melding from the triagelijst (or an acute one): `door` and `tweede` start B.

    The row lock makes two simultaneous pick-ups safe: the second waits, then sees the melding
    is taken and gets a message naming who took it.
    """
    eis_rol(door, Rol.ONDERZOEKER, actie=_("een melding oppakken"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("oppakken"))
    if melding.status == MeldingStatus.IN_BEOORDELING:
        namen = Medewerker.objects.filter(
            pk__in=[melding.beoordelaar_1_id, melding.beoordelaar_2_id]
        )
        raise DomainError(
            _("Deze melding is al opgepakt door %(namen)s.")
            % {"namen": " en ".join(str(m) for m in namen)}
        )
    return start_b(melding, door=door, tweede_id=tweede_id)


@transaction.atomic
def melding_teruggeven(*, melding_id: int, door: Medewerker, reden: str) -> Melding:
    """Put a melding in beoordeling back on the triagelijst (e.g. a beoordelaar falls ill)."""
    melding = vergrendel_melding(melding_id)
    controleer_overgang(melding, melding.teruggeven, actie=_("Teruggeven"), alleen_status=True)
    _eis_beoordelaar_of_werkbegeleider(door, melding, actie=_("de melding teruggeven"))
    reden = verplichte_tekst(reden, veld="reden", melding=_("Geef een reden op."))
    if not melding.urgentie or melding.urgentie == Urgentie.ACUUT:
        # The triagelijst knows hoog, midden and laag: an acute melding returns as "hoog". That
        # lowers acuut, so only a werkbegeleider may (meldingen.protocol); the MDO stays required.
        urgentie_wijzigen(
            melding,
            naar=Urgentie.HOOG,
            door=door,
            reden=reden,
            kanaal=UrgentieKanaal.TERUGGEVEN,
            opslaan=False,
        )
    return wijzig_status(
        melding,
        melding.teruggeven,
        door=door,
        actie=_("Teruggeven"),
        audit_actie="melding.teruggeven",
        toelichting=reden,
    )


@transaction.atomic
def beoordeling_b_vastleggen(
    *,
    melding_id: int,
    door: Medewerker,
    antwoorden: dict[str, str],
    signalen: str = "",
    eerdere_meldingen: str = "",
    signaalcodes: list[str] | None = None,
    reden_wijziging: str = "",
) -> VeiligheidsbeoordelingB:
    """Save (part of) the triage-instrument while B is in progress; may be called repeatedly.

    Unticking a signaal the afwegingskader reacts to (letsel → vertrouwensarts) needs
    `reden_wijziging`; it is journalled and audited, so a consult requirement never drops silently.
    """
    melding = vergrendel_melding(melding_id)
    if melding.status != MeldingStatus.IN_BEOORDELING:
        raise DomainError(
            _(
                "Het triage-instrument kan alleen worden ingevuld zolang de melding in beoordeling is."
            )
        )
    _eis_beoordelaar_of_werkbegeleider(door, melding, actie=_("het triage-instrument invullen"))
    onbekend = set(antwoorden) - set(VeiligheidsbeoordelingB.VRAGEN)
    ongeldig = {v for v, a in antwoorden.items() if a not in Antwoord.values}
    if onbekend or ongeldig:
        raise DomainError(
            _("Ongeldige antwoorden in het triage-instrument."),
            velden={v: _("Kies ja, nee of onvoldoende bekend.") for v in onbekend | ongeldig},
        )
    if signaalcodes is not None and not set(signaalcodes) <= set(Signaal.values):
        fout = _("Onbekend signaal gekozen.")
        raise DomainError(fout, velden={"signaalcodes": fout})
    b = melding.beoordeling_b
    if signaalcodes is not None:
        verwijderd = afwegingskader.kenmerken_met_regel(
            TriggerSoort.SIGNAAL, set(b.signaalcodes) - set(signaalcodes)
        )
        protocol.eis(
            protocol.verwijdering_verantwoord,
            verwijderd=verwijderd,
            reden=reden_wijziging,
            veld="reden_wijziging",
        )
        if verwijderd:
            labels = ", ".join(sorted(str(Signaal(c).label) for c in verwijderd))
            journaal_systeem(
                melding,
                _("Signaal verwijderd uit het triage-instrument: %(s)s. Reden: %(r)s")
                % {"s": labels, "r": reden_wijziging.strip()},
                door=door,
            )
            audit_log(door, "melding.signaal_verwijderd", melding, signalen=sorted(verwijderd))
        b.signaalcodes = sorted(set(signaalcodes))
    for vraag, antwoord in antwoorden.items():
        setattr(b, vraag, antwoord)
    b.signalen = signalen.strip() or b.signalen
    b.eerdere_meldingen = eerdere_meldingen.strip() or b.eerdere_meldingen
    b.save()
    audit_log(door, "melding.triage_instrument", melding)
    return b


@transaction.atomic
def besluit_record(
    *,
    melding_id: int,
    door: Medewerker,
    route: str,
    onderbouwing: str,
    overdracht_aan: str = "",
    reden_geen_contact: str = "",
) -> Melding:
    """Record the besluit that completes the veiligheidsbeoordeling.

    Refused, with each missing item named, without a complete triage-instrument, two beoordelaars
    or an onderbouwing, and when it breaks a rule of `meldingen.protocol` (the MDO of a melding
    that was ever acuut; a route that fits the instrument; an onderbouwing of ≥ 30 letters; every
    verrijkingstaak handled; a gesprek or huisbezoek or `reden_geen_contact`). The afwegingskader
    is evaluated on the aard and signalen as they stand now. A vervolg-route moves the melding on
    to "naar vervolgdienst" at once.
    """
    melding = vergrendel_melding(melding_id)
    controleer_overgang(
        melding, melding.besluit_nemen, actie=_("Besluit vastleggen"), alleen_status=True
    )
    _eis_beoordelaar_of_werkbegeleider(door, melding, actie=_("een besluit nemen"))
    if route not in BesluitRoute.values:
        tekst = _("Kies een besluit.")
        raise DomainError(tekst, velden={"route": tekst})
    onderbouwing = (onderbouwing or "").strip()
    ontbreekt = []
    if not onderbouwing:
        ontbreekt.append(_("een onderbouwing van het besluit"))
    b = melding.beoordeling_b
    ontbreekt += [
        _("een antwoord op '%(vraag)s'") % {"vraag": vraag} for vraag in b.ontbrekende_vragen()
    ]
    if route in BesluitRoute.overdrachten() and not overdracht_aan.strip():
        ontbreekt.append(_("aan wie wordt overgedragen"))
    onvoldaan = afwegingskader.onvoldane_regels(melding)
    ontbreekt += [tekst for _regel, tekst in onvoldaan]
    radar = afwegingskader.radar(melding)
    if radar.blokkeert:
        ontbreekt.append(
            _(
                "radar: dit is melding %(n)d over dit huishouden of deze personen; een MDO met een "
                "gedragswetenschapper of vertrouwensarts (of de reden van een werkbegeleider "
                "waarom dat niet nodig is) is niet vastgelegd"
            )
            % {"n": radar.volgnummer}
        )
    nu = timezone.now()
    reden_geen_contact = (reden_geen_contact or "").strip()
    overtredingen = protocol.besluit_overtredingen(
        melding,
        route=route,
        onderbouwing=onderbouwing,
        reden_geen_contact=reden_geen_contact,
        nu=nu,
        kader_eist_acuut_mdo=any(
            r.trigger_soort == TriggerSoort.URGENTIE and r.trigger_waarde == Urgentie.ACUUT
            for r, _tekst in onvoldaan
        ),
    )
    if onderbouwing and protocol.reden(protocol.onderbouwing_navolgbaar) in overtredingen:
        velden = {"onderbouwing": protocol.reden(protocol.onderbouwing_navolgbaar)}
    elif not onderbouwing:
        velden = {"onderbouwing": _("De onderbouwing is verplicht.")}
        # "Nog nodig: een onderbouwing" already says it.
        overtredingen.remove(protocol.reden(protocol.onderbouwing_navolgbaar))
    else:
        velden = {}
    if ontbreekt or overtredingen:
        tekst = _("Het besluit kan nog niet worden vastgelegd.")
        if ontbreekt:
            tekst += " " + _("Nog nodig: %(lijst)s.") % {"lijst": "; ".join(ontbreekt)}
        if overtredingen:
            tekst += " " + " ".join(overtredingen)
        raise DomainError(tekst, velden=velden)
    Besluit.objects.create(
        melding=melding,
        route=route,
        onderbouwing=onderbouwing,
        overdracht_aan=overdracht_aan.strip(),
        reden_geen_contact=reden_geen_contact,
        genomen_door=door,
        genomen_op=nu,
    )
    b.afgerond_op = nu
    b.beoordelaar_1_id = melding.beoordelaar_1_id
    b.beoordelaar_2_id = melding.beoordelaar_2_id
    b.save(update_fields=["afgerond_op", "beoordelaar_1", "beoordelaar_2"])
    wijzig_status(
        melding,
        melding.besluit_nemen,
        door=door,
        actie=_("Besluit vastleggen"),
        audit_actie="melding.besluit",
        toelichting=_("Besluit: %(route)s.") % {"route": BesluitRoute(route).label},
    )
    if route in BesluitRoute.vervolg_bij_vt():
        wijzig_status(
            melding,
            melding.naar_vervolgdienst,
            door=door,
            actie=_("Naar vervolgdienst"),
            audit_actie="melding.naar_vervolgdienst",
        )
        # The app that owns vervolgdiensten creates one in this same transaction; it is named in
        # settings so that meldingen does not import it.
        for pad in settings.VT_NA_VERVOLGBESLUIT:
            import_string(pad)(melding=melding, door=door)
    return melding


@transaction.atomic
def melding_afsluiten(*, melding_id: int, door: Medewerker, toelichting: str = "") -> Melding:
    """Close a melding after a besluit without vervolg bij Veilig Thuis.

    Refused until what follows the besluit is recorded: for an overdracht the structured
    overdracht with ≥ 1 veiligheidsafspraak, and the terugkoppeling aan de melder (or why it was
    not possible). Those records belong to diensten; its checks are named in
    settings.VT_VOOR_AFSLUITEN so that meldingen does not import it.
    """
    eis_rol(door, Rol.ONDERZOEKER, Rol.WERKBEGELEIDER, actie=_("een melding afsluiten"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("afsluiten"))
    controleer_overgang(melding, melding.afsluiten, actie=_("Afsluiten"))
    bezwaren = [
        tekst for pad in settings.VT_VOOR_AFSLUITEN for tekst in import_string(pad)(melding=melding)
    ]
    if bezwaren:
        raise DomainError(
            _("De melding kan nog niet worden afgesloten.") + " " + " ".join(bezwaren)
        )
    return wijzig_status(
        melding,
        melding.afsluiten,
        door=door,
        actie=_("Afsluiten"),
        audit_actie="melding.afsluiten",
        toelichting=toelichting.strip(),
    )


# The aard may be corrected while the melding is open; after closing it is history.
AARD_WIJZIGBAAR = (
    MeldingStatus.ONTVANGEN,
    MeldingStatus.ACUUT,
    MeldingStatus.OP_TRIAGELIJST,
    MeldingStatus.IN_BEOORDELING,
    MeldingStatus.BESLOTEN,
    MeldingStatus.NAAR_VERVOLGDIENST,
)


@transaction.atomic
def aarden_wijzigen(
    *, melding_id: int, door: Medewerker, aarden: list[str], reden: str = ""
) -> Melding:
    """Add or correct the aard of the geweld after intake (what B found out, or a typing error).

    The afwegingskader reads the aard at the besluit, so a new aard can add a consult requirement.
    Removing an aard needs a reason (`meldingen.protocol.verwijdering_verantwoord`): it can drop
    one. Onderzoekers and werkbegeleiders of the team; journalled and audited; on refusal nothing
    is saved.
    """
    eis_rol(door, Rol.ONDERZOEKER, Rol.WERKBEGELEIDER, actie=_("de aard van het geweld wijzigen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("de aard van het geweld wijzigen"))
    if melding.status not in AARD_WIJZIGBAAR or melding.geanonimiseerd_op:
        raise DomainError(
            _("De aard van melding %(nummer)s kan niet meer worden gewijzigd (status: %(status)s).")
            % {"nummer": melding.nummer, "status": MeldingStatus(melding.status).label}
        )
    nieuw = set(aarden)
    if not nieuw <= set(Aard.values):
        fout = _("Onbekende aard gekozen.")
        raise DomainError(fout, velden={"aarden": fout})
    if not nieuw:
        fout = _("Kies minstens één aard van het geweld.")
        raise DomainError(fout, velden={"aarden": fout})
    huidig = set(melding.aarden.values_list("aard", flat=True))
    if nieuw == huidig:
        fout = _("De aard is niet gewijzigd.")
        raise DomainError(fout, velden={"aarden": fout})
    verwijderd, toegevoegd = huidig - nieuw, nieuw - huidig
    protocol.eis(
        protocol.verwijdering_verantwoord, verwijderd=verwijderd, reden=reden, veld="reden"
    )
    MeldingAard.objects.filter(melding=melding, aard__in=verwijderd).delete()
    MeldingAard.objects.bulk_create([MeldingAard(melding=melding, aard=a) for a in toegevoegd])
    delen = []
    if toegevoegd:
        delen.append(
            _("toegevoegd: %(a)s")
            % {"a": ", ".join(sorted(str(Aard(a).label) for a in toegevoegd))}
        )
    if verwijderd:
        delen.append(
            _("verwijderd: %(a)s")
            % {"a": ", ".join(sorted(str(Aard(a).label) for a in verwijderd))}
        )
    tekst = _("Aard van het geweld gewijzigd; %(delen)s.") % {"delen": "; ".join(delen)}
    if (reden or "").strip():
        tekst += " " + _("Reden: %(r)s") % {"r": reden.strip()}
    journaal_systeem(melding, tekst, door=door)
    audit_log(
        door,
        "melding.aard_wijzigen",
        melding,
        toegevoegd=sorted(toegevoegd),
        verwijderd=sorted(verwijderd),
    )
    return melding
