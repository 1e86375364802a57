"""Teamoverstijgend prioriteren of a vervolgdienst: a waiting dienst moves to another team.

A dienst has no team of its own: it belongs to its melding's team (selectors, rights, lists and
signaleringen all read `melding.team`). Moving a dienst therefore moves its melding. Like a melding
(`meldingen.services.teams`), only while it waits: a dienst "wacht op start". Once started, its
uitvoerder and the team's werkbegeleider carry it; a handover of a running dienst is a new
uitvoerder, not another team. An uitvoerder already assigned who does not work in the new team
is unassigned (the dienst has not started, so nothing of theirs is lost), and the journal says so.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from meldingen.services._basis import journaal_systeem, verplichte_tekst
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.models import Medewerker, Rol, Team

VERPLAATSBAAR = (DienstStatus.WACHT_OP_START,)


def mag_dienst_verplaatsen(door: Medewerker, dienst: Vervolgdienst) -> bool:
    """Regiomanager: any dienst; werkbegeleider: the own team's."""
    if door.heeft_rol(Rol.REGIOMANAGER):
        return True
    return door.heeft_rol(Rol.WERKBEGELEIDER) and door.team_id == dienst.melding.team_id


@transaction.atomic
def dienst_naar_ander_team(
    *, dienst_id: int, door: Medewerker, team_id: int | None, reden: str
) -> Vervolgdienst:
    """Move a dienst that waits for its start (and its melding) to another team, with a reason."""
    dienst = (
        Vervolgdienst.objects.select_for_update(of=("self", "melding"))
        .select_related("melding__team", "uitvoerder")
        .filter(pk=dienst_id)
        .first()
    )
    if dienst is None:
        raise DomainError(_("Deze vervolgdienst bestaat niet."))
    if not mag_dienst_verplaatsen(door, dienst):
        raise GeenToegang(
            _(
                "Alleen een werkbegeleider van het team of een regiomanager kan een dienst naar "
                "een ander team verplaatsen."
            )
        )
    if dienst.status not in VERPLAATSBAAR:
        raise DomainError(
            _(
                "Alleen een dienst die nog op de start wacht, kan naar een ander team. Deze dienst "
                "is %(status)s; wijs zo nodig een andere uitvoerder toe."
            )
            % {"status": dienst.get_status_display().lower()}
        )
    team = Team.objects.filter(pk=team_id).first() if team_id else None
    if team is None:
        tekst = _("Kies het team dat de dienst overneemt.")
        raise DomainError(tekst, velden={"team": tekst})
    melding = dienst.melding
    if team.pk == melding.team_id:
        tekst = _("De dienst hoort al bij %(team)s.") % {"team": team}
        raise DomainError(tekst, velden={"team": tekst})
    reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef de reden waarom een ander team de dienst oppakt.")
    )
    oud = melding.team
    melding.team = team
    melding.save(update_fields=["team"])
    tekst = _("%(dienst)s verplaatst van %(oud)s naar %(nieuw)s. Reden: %(reden)s") % {
        "dienst": dienst.get_type_display(),
        "oud": oud,
        "nieuw": team,
        "reden": reden,
    }
    uitvoerder = dienst.uitvoerder
    if uitvoerder is not None and uitvoerder.team_id != team.pk:
        dienst.uitvoerder = None
        dienst.save(update_fields=["uitvoerder"])
        tekst += " " + _("Uitvoerder %(naam)s (ander team) is losgekoppeld.") % {"naam": uitvoerder}
    journaal_systeem(melding, tekst, door=door)
    audit_log(
        door,
        "dienst.ander_team",
        melding,
        dienst=dienst.pk,
        van=oud.pk,
        naar=team.pk,
        uitvoerder_losgekoppeld=bool(uitvoerder and dienst.uitvoerder_id is None),
    )
    return dienst
