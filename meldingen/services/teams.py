"""Teamoverstijgend prioriteren: a waiting melding moves to another team (e.g. a flexteam).

Inspections found meldingen waiting for months on one team's triagelijst while another had room
(seed 002, 003). A werkbegeleider may hand a melding of the own team to another team; a
regiomanager, who steers across teams, may move any waiting melding. Always with a reason,
journalled and audited. Only before the veiligheidsbeoordeling starts: once picked up, the
beoordelaars of the old team are responsible (give it back to the triagelijst first).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from meldingen.services._basis import journaal_systeem, vergrendel_melding, verplichte_tekst
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.models import Medewerker, Rol, Team

VERPLAATSBAAR = (MeldingStatus.ONTVANGEN, MeldingStatus.OP_TRIAGELIJST)


def mag_verplaatsen(door: Medewerker, melding: Melding) -> bool:
    """Regiomanager: any melding; werkbegeleider: the own team's. (For pages and the service.)"""
    if door.heeft_rol(Rol.REGIOMANAGER):
        return True
    return door.heeft_rol(Rol.WERKBEGELEIDER) and door.team_id == melding.team_id


@transaction.atomic
def melding_naar_ander_team(
    *, melding_id: int, door: Medewerker, team_id: int | None, reden: str
) -> Melding:
    """Move a melding that waits for screening or for B to another team, with a reason."""
    melding = vergrendel_melding(melding_id)
    if not mag_verplaatsen(door, melding):
        raise GeenToegang(
            _(
                "Alleen een werkbegeleider van het team of een regiomanager kan een melding naar "
                "een ander team verplaatsen."
            )
        )
    if melding.status not in VERPLAATSBAAR:
        raise DomainError(
            _(
                "Alleen een melding die op screening of op de triagelijst wacht, kan naar een ander "
                "team. Deze melding is %(status)s; geef haar zo nodig eerst terug."
            )
            % {"status": melding.get_status_display().lower()}
        )
    team = Team.objects.filter(pk=team_id).first() if team_id else None
    if team is None:
        tekst = _("Kies het team dat de melding overneemt.")
        raise DomainError(tekst, velden={"team": tekst})
    if team.pk == melding.team_id:
        tekst = _("De melding hoort al bij %(team)s.") % {"team": team}
        raise DomainError(tekst, velden={"team": tekst})
    reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef de reden waarom een ander team de melding oppakt.")
    )
    oud = melding.team
    melding.team = team
    melding.save(update_fields=["team"])
    journaal_systeem(
        melding,
        _("Melding verplaatst van %(oud)s naar %(nieuw)s. Reden: %(reden)s")
        % {"oud": oud, "nieuw": team, "reden": reden},
        door=door,
    )
    audit_log(door, "melding.ander_team", melding, van=oud.pk, naar=team.pk)
    return melding
