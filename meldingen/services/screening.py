"""Onderdeel A (acute onveiligheid?) and the overige-zorg route with its second judgement."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen.keuzes import ScreeningUitkomst, Urgentie
from meldingen.models import Melding, VeiligheidsbeoordelingA
from meldingen.models.dossier import UrgentieKanaal
from meldingen.services._basis import (
    start_b,
    vergrendel_melding,
    verplichte_tekst,
    wijzig_status,
)
from meldingen.services.herverdeling import urgentie_wijzigen
from meldingen.services.privacy import overige_zorg_anonimiseren
from meldingen.services.verrijking import verrijkingstaken_aanmaken
from veiligthuis.exceptions import DomainError
from veiligthuis.fsm import controleer_overgang
from veiligthuis.inzetbaarheid import eis_inzetbaar
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import TWEEDE_OORDEEL_OVERIGE_ZORG, eis_rol, eis_team

TRIAGE_URGENTIES = (Urgentie.HOOG, Urgentie.MIDDEN, Urgentie.LAAG)
GEANONIMISEERD = "[verwijderd: overige zorg doorgestuurd naar het lokaal veld]"


def _zet_urgentie(
    melding: Melding, urgentie: str, *, door: Medewerker, reden: str, kanaal: str
) -> None:
    """The urgentie of a melding going onto the triagelijst; a Herprioritering row like any change."""
    if urgentie not in TRIAGE_URGENTIES:
        tekst = _("Kies een urgentie: hoog, midden of laag.")
        raise DomainError(tekst, velden={"urgentie": tekst})
    # The melding is saved by the status change that follows.
    urgentie_wijzigen(
        melding, naar=urgentie, door=door, reden=reden, kanaal=kanaal, opslaan=False, journaal=False
    )


@transaction.atomic
def melding_screen(
    *,
    melding_id: int,
    door: Medewerker,
    uitkomst: str,
    toelichting: str,
    urgentie: str = "",
    tweede_id: int | None = None,
) -> Melding:
    """Record onderdeel A and move the melding to acuut, the triagelijst or overige zorg.

    Acuut goes straight into B: the screener and `tweede_id` become the beoordelaars at once, and
    the afwegingskader will hold the besluit until an MDO with a GW or VA is recorded.
    Accepted meldingen (not overige zorg) get their verrijking tasks.
    """
    eis_rol(door, Rol.ONDERZOEKER, actie=_("een melding screenen op acute onveiligheid"))
    # Screening is casework: not by someone whose registratie or VOG is not in order.
    eis_inzetbaar(door, actie=_("screenen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("screenen"))
    if uitkomst not in ScreeningUitkomst.values:
        tekst = _("Kies de uitkomst van de screening.")
        raise DomainError(tekst, velden={"uitkomst": tekst})
    toelichting = verplichte_tekst(
        toelichting, veld="toelichting", melding=_("Licht de uitkomst van de screening toe.")
    )
    overgang = {
        ScreeningUitkomst.ACUUT: melding.screen_acuut,
        ScreeningUitkomst.NIET_ACUUT: melding.screen_niet_acuut,
        ScreeningUitkomst.OVERIGE_ZORG: melding.screen_overige_zorg,
    }[uitkomst]
    controleer_overgang(melding, overgang, actie=_("Screenen"), alleen_status=True)
    if uitkomst == ScreeningUitkomst.NIET_ACUUT:
        _zet_urgentie(
            melding, urgentie, door=door, reden=toelichting, kanaal=UrgentieKanaal.SCREENING
        )
    if uitkomst == ScreeningUitkomst.ACUUT and tweede_id is None:
        tekst = _("Bij acute onveiligheid start onderdeel B direct: kies de tweede beoordelaar.")
        raise DomainError(tekst, velden={"tweede": tekst})
    if uitkomst == ScreeningUitkomst.ACUUT:
        urgentie_wijzigen(
            melding,
            naar=Urgentie.ACUUT,
            door=door,
            reden=toelichting,
            kanaal=UrgentieKanaal.SCREENING,
            opslaan=False,
            journaal=False,
        )
    VeiligheidsbeoordelingA.objects.create(
        melding=melding,
        door=door,
        uitgevoerd_op=timezone.now(),
        uitkomst=uitkomst,
        toelichting=toelichting,
    )
    wijzig_status(
        melding,
        overgang,
        door=door,
        actie=_("Screenen"),
        audit_actie="melding.screenen",
        toelichting=_("Screening acute onveiligheid: %(uitkomst)s.")
        % {"uitkomst": ScreeningUitkomst(uitkomst).label},
    )
    if uitkomst != ScreeningUitkomst.OVERIGE_ZORG:
        verrijkingstaken_aanmaken(melding)
    if uitkomst == ScreeningUitkomst.ACUUT:
        start_b(melding, door=door, tweede_id=tweede_id)
    return melding


@transaction.atomic
def overige_zorg_beoordelen(
    *,
    melding_id: int,
    door: Medewerker,
    akkoord: bool,
    toelichting: str,
    doorsturen_aan: str = "",
    urgentie: str = "",
) -> Melding:
    """Second judgement on an overige-zorg screening by a gedragswetenschapper or aandachtfunctionaris.

    Agreed: forward to the lokaal veld, record the identity-free repeat signal and anonymise,
    all in this same transaction.
    Not agreed: there are signs of huiselijk geweld or kindermishandeling, so the melding goes
    onto the triagelijst with the given urgentie.
    """
    eis_rol(
        door, *TWEEDE_OORDEEL_OVERIGE_ZORG, actie=_("het tweede oordeel over overige zorg geven")
    )
    eis_inzetbaar(door, actie=_("het tweede oordeel geven"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("een tweede oordeel geven"))
    actie = _("Doorsturen overige zorg") if akkoord else _("Overige zorg herzien")
    overgang = melding.doorsturen_overige_zorg if akkoord else melding.overige_zorg_herzien
    controleer_overgang(melding, overgang, actie=actie, alleen_status=True)
    a = melding.beoordeling_a
    if a.door_id == door.pk:
        raise DomainError(
            _("Het tweede oordeel moet van iemand anders komen dan degene die screende.")
        )
    toelichting = verplichte_tekst(
        toelichting, veld="toelichting", melding=_("Licht het tweede oordeel toe.")
    )
    a.tweede_oordeel_door = door
    a.tweede_oordeel_op = timezone.now()
    a.tweede_oordeel_toelichting = toelichting
    a.save(update_fields=["tweede_oordeel_door", "tweede_oordeel_op", "tweede_oordeel_toelichting"])
    if akkoord:
        melding.doorgestuurd_aan = verplichte_tekst(
            doorsturen_aan,
            veld="doorsturen_aan",
            melding=_("Vul in aan wie in het lokaal veld de melding wordt doorgestuurd."),
        )
        wijzig_status(
            melding,
            overgang,
            door=door,
            actie=actie,
            audit_actie="melding.overige_zorg_doorsturen",
            toelichting=_("Doorgestuurd aan %(aan)s; identificerende gegevens verwijderd.")
            % {"aan": melding.doorgestuurd_aan},
        )
        # Same transaction: the repeat signal is written and the identity removed, or neither.
        return overige_zorg_anonimiseren(melding, door=door, samenvatting=GEANONIMISEERD)
    _zet_urgentie(
        melding, urgentie, door=door, reden=toelichting, kanaal=UrgentieKanaal.OVERIGE_ZORG
    )
    wijzig_status(
        melding,
        overgang,
        door=door,
        actie=actie,
        audit_actie="melding.overige_zorg_herzien",
        toelichting=_("Tweede oordeel: wel zorgen over huiselijk geweld of kindermishandeling."),
    )
    verrijkingstaken_aanmaken(melding)
    return melding
