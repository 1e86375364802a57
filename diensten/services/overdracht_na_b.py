"""The overdracht straight after the besluit of B, and the check of a veiligheidsafspraak.

A besluit "overdracht aan lokaal veld / cliëntsysteem / melder" hands the case over without a
dienst. It uses the same Overdracht, Veiligheidsafspraak and overdrachtsbrief as the overdracht
after a dienst (issue 12 item 5); the melding can only be afgesloten once it is recorded
(`diensten.protocol.afsluiten_na_b_bezwaren`).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diensten.models import Ketenpartner, Overdracht, Veiligheidsafspraak
from diensten.services.nazorg import AfspraakGegevens, controleer_afspraken
from meldingen.keuzes import BesluitRoute, MeldingStatus
from meldingen.models import Melding
from meldingen.services._basis import journaal_systeem, vergrendel_melding, verplichte_tekst
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import eis_rol, eis_team


@transaction.atomic
def overdracht_na_besluit_vastleggen(
    *,
    melding_id: int,
    door: Medewerker,
    afspraken: list[AfspraakGegevens],
    ketenpartner_id: int | None = None,
    aan: str = "",
    contactpersoon: str = "",
) -> Overdracht:
    """Record (or replace) the overdracht of a besloten melding whose besluit is an overdracht.

    The receiver is a ketenpartner from the list, or named in `aan` (the cliëntsysteem, the
    beroepsmatige melder who continues). Every afspraak says wat, wie, uiterlijk and how it is
    checked; nothing is saved when one is incomplete.
    """
    eis_rol(door, Rol.ONDERZOEKER, Rol.WERKBEGELEIDER, actie=_("een overdracht vastleggen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("de overdracht vastleggen"))
    besluit = getattr(melding, "besluit", None)
    if besluit is None or besluit.route not in BesluitRoute.overdrachten():
        raise DomainError(
            _("Een overdracht na de veiligheidsbeoordeling hoort bij een besluit tot overdracht.")
        )
    if melding.status != MeldingStatus.BESLOTEN:
        raise DomainError(
            _("De overdracht kan niet meer worden gewijzigd: de melding is %(status)s.")
            % {"status": melding.get_status_display().lower()}
        )
    ketenpartner = None
    if ketenpartner_id is not None:
        ketenpartner = Ketenpartner.objects.filter(pk=ketenpartner_id).first()
        if ketenpartner is None:
            fout = _("Kies een ketenpartner uit de lijst.")
            raise DomainError(fout, velden={"ketenpartner": fout})
    aan = (aan or "").strip()
    if ketenpartner is None and not aan:
        fout = _("Kies een ketenpartner of vul in aan wie wordt overgedragen.")
        raise DomainError(fout, velden={"aan": fout})
    controleer_afspraken(afspraken)
    overdracht, _nieuw = Overdracht.objects.update_or_create(
        melding=melding,
        defaults={
            "ketenpartner": ketenpartner,
            "aan": aan,
            "contactpersoon": (contactpersoon or "").strip(),
            "door": door,
            "vastgelegd_op": timezone.now(),
        },
    )
    overdracht.afspraken.all().delete()
    Veiligheidsafspraak.objects.bulk_create(
        [
            Veiligheidsafspraak(
                overdracht=overdracht,
                wat=a.wat.strip(),
                wie=a.wie.strip(),
                uiterlijk=a.uiterlijk,
                hoe_gecontroleerd=a.hoe_gecontroleerd.strip(),
            )
            for a in afspraken
        ]
    )
    journaal_systeem(
        melding,
        _("Overdracht na de veiligheidsbeoordeling aan %(aan)s met %(n)d veiligheidsafspraken.")
        % {"aan": overdracht.ontvanger, "n": len(afspraken)},
        door=door,
    )
    audit_log(door, "melding.overdracht", melding, afspraken=len(afspraken))
    return overdracht


def _melding_van(overdracht: Overdracht) -> Melding:
    return overdracht.melding if overdracht.melding_id else overdracht.dienst.melding


@transaction.atomic
def afspraak_controle_vastleggen(
    *,
    afspraak_id: int,
    door: Medewerker,
    nagekomen: bool | None,
    toelichting: str,
    op: datetime | None = None,
) -> Veiligheidsafspraak:
    """Record that a veiligheidsafspraak was checked: by whom, when, and the outcome.

    This resolves the signal for an afspraak whose `uiterlijk` passed without a check.
    """
    eis_rol(door, Rol.ONDERZOEKER, Rol.WERKBEGELEIDER, actie=_("een afspraak controleren"))
    afspraak = (
        Veiligheidsafspraak.objects.select_for_update(of=("self",))
        .select_related("overdracht__melding", "overdracht__dienst__melding")
        .filter(pk=afspraak_id)
        .first()
    )
    if afspraak is None:
        raise DomainError(_("Deze veiligheidsafspraak bestaat niet."))
    melding = _melding_van(afspraak.overdracht)
    eis_team(door, melding.team_id, actie=_("de controle vastleggen"))
    if afspraak.gecontroleerd_op is not None:
        raise DomainError(_("De controle van deze afspraak is al vastgelegd."))
    if nagekomen is None:
        fout = _("Kies of de afspraak is nagekomen.")
        raise DomainError(fout, velden={"nagekomen": fout})
    op = op or timezone.now()
    if timezone.is_naive(op) or op > timezone.now():
        fout = _("Vul een moment in dat niet in de toekomst ligt.")
        raise DomainError(fout, velden={"op": fout})
    afspraak.controle_toelichting = verplichte_tekst(
        toelichting, veld="toelichting", melding=_("Beschrijf wat de controle liet zien.")
    )
    afspraak.gecontroleerd_op = op
    afspraak.gecontroleerd_door = door
    afspraak.nagekomen = nagekomen
    afspraak.save(
        update_fields=[
            "gecontroleerd_op",
            "gecontroleerd_door",
            "nagekomen",
            "controle_toelichting",
        ]
    )
    journaal_systeem(
        melding,
        _("Veiligheidsafspraak gecontroleerd (%(uitkomst)s): %(wat)s")
        % {
            "uitkomst": _("nagekomen") if nagekomen else _("niet nagekomen"),
            "wat": afspraak.wat[:120],
        },
        door=door,
    )
    audit_log(door, "afspraak.controle", melding, afspraak=afspraak.pk, nagekomen=nagekomen)
    return afspraak
