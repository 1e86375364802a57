"""Herverdelen and herprioriteren: who works on a melding, and at which urgentie it waits.

`urgentie_wijzigen` is the one way an urgentie is set or changed, whatever the channel (screening,
tweede oordeel overige zorg, teruggeven, zicht-op-veiligheidscontact, herprioriteren): it applies
the rules of `meldingen.protocol` and writes a Herprioritering row.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from meldingen import protocol
from meldingen.keuzes import MeldingStatus, Urgentie
from meldingen.models import Melding
from meldingen.models.dossier import Herprioritering, UrgentieKanaal
from meldingen.services._basis import (
    journaal_systeem,
    vergrendel_melding,
    verplichte_tekst,
    wijzig_status,
)
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.inzetbaarheid import alleen_inzetbaar, eis_inzetbaar, inzetbaarheid
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


@transaction.atomic
def beoordelingen_herverdelen(*, van_id: int, door: Medewerker, reden: str) -> list[Melding]:
    """Move every B of a niet-inzetbare onderzoeker of the own team, in one step.

    Each melding goes to the inzetbare onderzoeker of the team with the fewest meldingen in
    beoordeling at that moment (not the other beoordelaar), through `melding_herverdelen`, so
    every rule, journal line and audit row is the same as one by one. All or nothing: when one
    melding has no candidate, nothing moves. Refused for an onderzoeker who is inzetbaar (then
    the werkbegeleider chooses per melding).
    """
    eis_rol(door, Rol.WERKBEGELEIDER, actie=_("beoordelingen herverdelen"))
    van = Medewerker.objects.filter(pk=van_id, team_id=door.team_id).first()
    if van is None or not door.team_id:
        raise DomainError(_("Deze medewerker hoort niet bij uw team."))
    redenen = inzetbaarheid(van)
    if not redenen:
        raise DomainError(_("%(naam)s is inzetbaar: herverdeel dan per melding.") % {"naam": van})
    reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef een reden voor het herverdelen op.")
    )
    meldingen = list(
        Melding.objects.select_for_update()
        .filter(
            Q(beoordelaar_1_id=van.pk) | Q(beoordelaar_2_id=van.pk),
            team_id=door.team_id,
            status=MeldingStatus.IN_BEOORDELING,
        )
        .order_by("termijn_veiligheidsbeoordeling", "pk")
    )
    kandidaten = alleen_inzetbaar(
        Medewerker.objects.filter(
            team_id=door.team_id, is_active=True, roltoewijzingen__rol=Rol.ONDERZOEKER
        )
        .exclude(pk=van.pk)
        .distinct()
        .order_by("pk")
    )
    last = {
        m.pk: Melding.objects.filter(
            Q(beoordelaar_1_id=m.pk) | Q(beoordelaar_2_id=m.pk),
            status=MeldingStatus.IN_BEOORDELING,
        ).count()
        for m in kandidaten
    }
    verplaatst = []
    for melding in meldingen:
        andere = (
            melding.beoordelaar_2_id
            if melding.beoordelaar_1_id == van.pk
            else melding.beoordelaar_1_id
        )
        keuze = sorted((n, pk) for pk, n in last.items() if pk != andere)
        if not keuze:
            raise DomainError(
                _(
                    "Er is geen inzetbare onderzoeker in het team om melding %(nummer)s aan te "
                    "geven; er is niets herverdeeld."
                )
                % {"nummer": melding.nummer}
            )
        naar_id = keuze[0][1]
        verplaatst.append(
            melding_herverdelen(
                melding_id=melding.pk, door=door, van_id=van.pk, naar_id=naar_id, reden=reden
            )
        )
        last[naar_id] += 1
    return verplaatst


def urgentie_wijzigen(
    melding: Melding,
    *,
    naar: str,
    door: Medewerker,
    reden: str,
    kanaal: str,
    veld: str = "urgentie",
    opslaan: bool = True,
    journaal: bool = True,
) -> Herprioritering | None:
    """Set `melding.urgentie` to `naar` (the caller holds its lock inside transaction.atomic).

    Refused (DomainError, nothing written) without a reason, when acuut is lowered by anyone but a
    werkbegeleider of the team, or any urgentie is lowered by a role without casework. Writes one
    Herprioritering row (and, unless the caller writes its own, a journal line and an audit row).
    `opslaan=False` when the caller saves the melding itself (a status change in the same step).
    Returns None when the urgentie does not change.
    """
    van = melding.urgentie
    if naar == van:
        return None
    if naar not in Urgentie.values:
        raise _veldfout(veld, _("Kies een geldige urgentie."))
    reden = (reden or "").strip()
    protocol.eis(protocol.herprioritering_heeft_reden, reden=reden, veld="reden")
    protocol.eis(
        protocol.acuut_verlagen_toegestaan, melding=melding, naar=naar, door=door, veld=veld
    )
    protocol.eis(protocol.verlagen_toegestaan, melding=melding, naar=naar, door=door, veld=veld)
    rij = Herprioritering.objects.create(
        melding=melding, van=van, naar=naar, kanaal=kanaal, reden=reden, door=door
    )
    melding.urgentie = naar
    if opslaan and naar == Urgentie.ACUUT and melding.status == MeldingStatus.OP_TRIAGELIJST:
        # Acuut while on the triagelijst is not a triagelijst urgentie: the melding moves to the
        # acute queue, a status change with its history row, as the screening would have done.
        wijzig_status(
            melding,
            melding.acuut_verklaren,
            door=door,
            actie=_("Acuut verklaren"),
            audit_actie="melding.acuut_verklaren",
            toelichting=reden,
        )
    elif opslaan:
        melding.save(update_fields=["urgentie"])
    if journaal:
        journaal_systeem(
            melding,
            _("Urgentie van '%(van)s' naar '%(naar)s' (%(kanaal)s). Reden: %(reden)s")
            % {
                "van": Urgentie(van).label if van else "—",
                "naar": Urgentie(naar).label,
                "kanaal": UrgentieKanaal(kanaal).label.lower(),
                "reden": reden,
            },
            door=door,
        )
        audit_log(door, "melding.herprioritering", melding, van=van, naar=naar, kanaal=kanaal)
    return rij


# While a melding waits or is being assessed its urgentie can change; before screening it has
# none and after closing it no longer matters.
HERPRIORITEERBAAR = (
    MeldingStatus.ACUUT,
    MeldingStatus.OP_TRIAGELIJST,
    MeldingStatus.IN_BEOORDELING,
    MeldingStatus.BESLOTEN,
    MeldingStatus.NAAR_VERVOLGDIENST,
)


@transaction.atomic
def melding_herprioriteren(
    *, melding_id: int, door: Medewerker, urgentie: str, reden: str
) -> Melding:
    """Change the urgentie of a melding of the own team, with a reason (DOMAIN.md §7).

    Onderzoekers and werkbegeleiders of the team; lowering acuut only a werkbegeleider
    (`meldingen.protocol`). On refusal nothing is saved.
    """
    eis_rol(door, *protocol.VERLAGEN_ROLLEN, actie=_("de urgentie wijzigen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("de urgentie wijzigen"))
    if melding.status not in HERPRIORITEERBAAR or melding.geanonimiseerd_op:
        raise DomainError(
            _(
                "De urgentie van melding %(nummer)s kan niet meer worden gewijzigd (status: %(status)s)."
            )
            % {"nummer": melding.nummer, "status": MeldingStatus(melding.status).label}
        )
    if urgentie == melding.urgentie:
        raise _veldfout(
            "urgentie",
            _("De urgentie is al '%(u)s'.") % {"u": Urgentie(urgentie).label.lower()},
        )
    urgentie_wijzigen(
        melding, naar=urgentie, door=door, reden=reden, kanaal=UrgentieKanaal.HERPRIORITEREN
    )
    return melding
