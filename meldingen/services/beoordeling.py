"""Onderdeel B: picking a melding up from the triagelijst, the triage-instrument, the besluit."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from meldingen import afwegingskader
from meldingen.keuzes import Antwoord, BesluitRoute, MeldingStatus, Signaal
from meldingen.models import Besluit, Melding, VeiligheidsbeoordelingB
from meldingen.services._basis import (
    start_b,
    vergrendel_melding,
    verplichte_tekst,
    wijzig_status,
)
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
    if not melding.urgentie or melding.urgentie == "acuut":
        # An acute melding keeps priority: it returns as "hoog" so it cannot sink on the list.
        melding.urgentie = "hoog"
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
) -> VeiligheidsbeoordelingB:
    """Save (part of) the triage-instrument while B is in progress; may be called repeatedly."""
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
) -> Melding:
    """Record the besluit that completes the veiligheidsbeoordeling.

    Refused, with each missing item named, without a complete triage-instrument, two beoordelaars
    or an onderbouwing. A vervolg-route moves the melding on to "naar vervolgdienst" at once.
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
    ontbreekt += afwegingskader.ontbrekende_consulten(melding)
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
    if ontbreekt:
        raise DomainError(
            _("Het besluit kan nog niet worden vastgelegd. Nog nodig: %(lijst)s.")
            % {"lijst": "; ".join(ontbreekt)},
            velden={"onderbouwing": _("De onderbouwing is verplicht.")} if not onderbouwing else {},
        )
    nu = timezone.now()
    Besluit.objects.create(
        melding=melding,
        route=route,
        onderbouwing=onderbouwing,
        overdracht_aan=overdracht_aan.strip(),
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
    """Close a melding after a besluit without vervolg bij Veilig Thuis."""
    eis_rol(door, Rol.ONDERZOEKER, Rol.WERKBEGELEIDER, actie=_("een melding afsluiten"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("afsluiten"))
    return wijzig_status(
        melding,
        melding.afsluiten,
        door=door,
        actie=_("Afsluiten"),
        audit_actie="melding.afsluiten",
        toelichting=toelichting.strip(),
    )
