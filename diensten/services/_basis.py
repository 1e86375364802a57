"""Building blocks of the diensten services: locking, status change with history, permissions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from diensten.keuzes import DienstStatus
from diensten.models import DienstStatuswijziging, Vervolgdienst
from meldingen.services._basis import journaal_systeem
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.fsm import controleer_overgang
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import eis_team


def vergrendel_dienst(dienst_id: int, door: Medewerker, *, actie: str) -> Vervolgdienst:
    """Load a dienst locked for update and check the medewerker works in its team."""
    try:
        dienst = (
            Vervolgdienst.objects.select_for_update(of=("self",))
            .select_related("melding", "melding__team")
            .get(pk=dienst_id)
        )
    except Vervolgdienst.DoesNotExist:
        raise DomainError(_("Deze vervolgdienst bestaat niet.")) from None
    # The uitvoerder may come from another team (the selectors show them the dienst too).
    if door.pk != dienst.uitvoerder_id:
        eis_team(door, dienst.melding.team_id, actie=actie)
    return dienst


def eis_uitvoerder_of_werkbegeleider(
    door: Medewerker, dienst: Vervolgdienst, *, actie: str
) -> None:
    """The uitvoerder does the dienst; a werkbegeleider of the team may step in."""
    if door.pk == dienst.uitvoerder_id:
        return
    if door.heeft_rol(Rol.WERKBEGELEIDER) and door.team_id == dienst.melding.team_id:
        return
    raise GeenToegang(
        _("Alleen de uitvoerder of een werkbegeleider van het team mag %(actie)s.")
        % {"actie": actie}
    )


def eis_open(dienst: Vervolgdienst, *, actie: str) -> None:
    if dienst.status not in DienstStatus.open():
        raise DomainError(
            _("%(actie)s kan niet: de dienst is %(status)s.")
            % {"actie": actie, "status": dienst.get_status_display().lower()}
        )


def wijzig_dienststatus(
    dienst: Vervolgdienst,
    overgang: Callable[[], Any],
    *,
    door: Medewerker,
    actie: str,
    audit_actie: str,
    toelichting: str = "",
    argumenten: tuple = (),
) -> Vervolgdienst:
    """Run one transition on a locked dienst with history, a journal line and an audit row.

    `argumenten` are passed to the transition (the start moment of `starten`).
    """
    controleer_overgang(dienst, overgang, actie=actie)
    van = dienst.status
    overgang(*argumenten)
    try:
        dienst.save()
    except ConcurrentTransition:
        raise DomainError(
            _("%(actie)s kan niet: de dienst is intussen door iemand anders gewijzigd.")
            % {"actie": actie}
        ) from None
    DienstStatuswijziging.objects.create(
        dienst=dienst, van=van, naar=dienst.status, door=door, toelichting=toelichting
    )
    tekst = _("%(dienst)s: status van '%(van)s' naar '%(naar)s'.") % {
        "dienst": dienst.get_type_display(),
        "van": DienstStatus(van).label,
        "naar": DienstStatus(dienst.status).label,
    }
    journaal_systeem(dienst.melding, f"{tekst} {toelichting}".strip(), door=door)
    audit_log(door, audit_actie, dienst.melding, dienst=dienst.pk, van=van, naar=dienst.status)
    return dienst
