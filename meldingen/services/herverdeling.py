"""Herverdelen: a werkbegeleider moves a veiligheidsbeoordeling (B) to another onderzoeker."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from meldingen.services._basis import journaal_systeem, vergrendel_melding, verplichte_tekst
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.inzetbaarheid import eis_inzetbaar
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import eis_rol, eis_team


def _veldfout(veld: str, tekst: str) -> DomainError:
    return DomainError(tekst, velden={veld: tekst})


@transaction.atomic
def melding_herverdelen(
    *, melding_id: int, door: Medewerker, van_id: int, naar_id: int, reden: str
) -> Melding:
    """Replace beoordelaar `van` of a melding in beoordeling by onderzoeker `naar` of the same team.

    Only a werkbegeleider of the melding's team may do this; the reason is required. Writes a
    journal line and an audit row; on refusal (DomainError / GeenToegang) nothing is saved.
    """
    actie = _("een melding herverdelen")
    eis_rol(door, Rol.WERKBEGELEIDER, actie=actie)
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("herverdelen"))
    if door.team_id != melding.team_id:
        # eis_team lets organisation-wide roles pass; herverdelen stays with the own team.
        raise DomainError(_("U kunt alleen meldingen van uw eigen team herverdelen."))
    if melding.status != MeldingStatus.IN_BEOORDELING:
        raise DomainError(
            _(
                "Melding %(nummer)s kan niet worden herverdeeld: ze is niet (meer) in beoordeling "
                "(status: %(status)s)."
            )
            % {"nummer": melding.nummer, "status": MeldingStatus(melding.status).label}
        )
    if van_id == melding.beoordelaar_1_id:
        veld, andere_id = "beoordelaar_1", melding.beoordelaar_2_id
    elif van_id == melding.beoordelaar_2_id:
        veld, andere_id = "beoordelaar_2", melding.beoordelaar_1_id
    else:
        raise _veldfout(
            "van",
            _(
                "De gekozen medewerker is (niet meer) beoordelaar van melding %(nummer)s. "
                "Vernieuw de pagina."
            )
            % {"nummer": melding.nummer},
        )
    reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef een reden voor het herverdelen op.")
    )
    if naar_id == van_id:
        raise _veldfout("naar", _("Kies een andere onderzoeker dan de huidige beoordelaar."))
    if naar_id == andere_id:
        raise _veldfout(
            "naar",
            _("Deze onderzoeker is al de andere beoordelaar; B vraagt twee verschillende."),
        )
    naar = (
        Medewerker.objects.filter(
            pk=naar_id,
            is_active=True,
            team_id=melding.team_id,
            roltoewijzingen__rol=Rol.ONDERZOEKER,
        )
        .distinct()
        .first()
    )
    if naar is None:
        raise _veldfout("naar", _("Kies een actieve onderzoeker van het team van de melding."))
    eis_inzetbaar(naar, actie=_("beoordelaar worden"), veld="naar")
    van = Medewerker.objects.filter(pk=van_id).first()
    setattr(melding, f"{veld}_id", naar.pk)
    melding.save(update_fields=[veld])
    nummer_beoordelaar = 1 if veld == "beoordelaar_1" else 2
    journaal_systeem(
        melding,
        _(
            "Herverdeeld door de werkbegeleider: beoordelaar %(n)d %(van)s is vervangen door "
            "%(naar)s. Reden: %(reden)s"
        )
        % {"n": nummer_beoordelaar, "van": van, "naar": naar, "reden": reden},
        door=door,
    )
    audit_log(door, "melding.herverdelen", melding, rol=veld, van=van_id, naar=naar.pk)
    return melding
