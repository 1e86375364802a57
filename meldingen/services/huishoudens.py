"""Merging two household records that are one address, and undoing it (splitsen).

Intake finds a known household by its normalised address (meldingen/identiteit.py); a record made
before that, or an address written in a way the normalisation does not catch, leaves two records
for one household, and the radar then sees two histories. A werkbegeleider or the secretariaat of
the melding's team merges the other record into the melding's own, with a reason: the meldingen
of the other record move over, exactly those are recorded, and `huishoudens_splitsen` moves each
of them back. Both write a journal line on the melding and an audit row.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meldingen.models import Huishouden, HuishoudenSamenvoeging, Melding
from meldingen.services._basis import journaal_systeem, verplichte_tekst
from meldingen.services.identiteit import TERUGDRAAIROLLEN
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker
from veiligthuis.rechten import eis_rol, eis_team

SAMENVOEGEN = _("huishoudens samenvoegen")
SPLITSEN = _("een samenvoeging van huishoudens terugdraaien")


def _vergrendeld(*pks: int) -> dict[int, Huishouden]:
    """Both records locked, in pk order (two merges of one pair must not interleave)."""
    return {
        h.pk: h for h in Huishouden.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    }


@transaction.atomic
def huishoudens_samenvoegen(
    *, melding_id: int, van_id: int, door: Medewerker, reden: str
) -> HuishoudenSamenvoeging:
    """Merge household `van_id` into the household of melding `melding_id`."""
    eis_rol(door, *TERUGDRAAIROLLEN, actie=SAMENVOEGEN)
    melding = Melding.objects.filter(pk=melding_id).only("pk", "team_id", "huishouden_id").first()
    if melding is None:
        raise DomainError(_("Deze melding bestaat niet."))
    eis_team(door, melding.team_id, actie=SAMENVOEGEN)
    reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef de reden waarom dit hetzelfde huishouden is.")
    )
    if melding.huishouden_id is None:
        raise DomainError(_("Deze melding heeft geen huishouden om mee samen te voegen."))
    if van_id == melding.huishouden_id:
        raise DomainError(_("Kies een ander huishouden dan dat van deze melding."))
    huishoudens = _vergrendeld(melding.huishouden_id, van_id)
    naar, van = huishoudens.get(melding.huishouden_id), huishoudens.get(van_id)
    if van is None:
        raise DomainError(_("Dit huishouden bestaat niet (meer)."))
    if van.samengevoegd_in_id is not None or naar.samengevoegd_in_id is not None:
        raise DomainError(_("Een van beide huishoudens is al samengevoegd met een ander."))
    verplaatst = list(
        Melding.objects.filter(huishouden=van).order_by("pk").values_list("pk", flat=True)
    )
    Melding.objects.filter(pk__in=verplaatst).update(huishouden=naar)
    van.samengevoegd_in = naar
    van.save(update_fields=["samengevoegd_in"])
    samenvoeging = HuishoudenSamenvoeging.objects.create(
        melding=melding, van=van, naar=naar, verplaatst=verplaatst, door=door, reden=reden
    )
    journaal_systeem(
        melding,
        ngettext(
            "Een ander huishouden op dit adres (%(adres)s, %(n)d melding) is samengevoegd met "
            "het huishouden van deze melding. Reden: %(reden)s",
            "Een ander huishouden op dit adres (%(adres)s, %(n)d meldingen) is samengevoegd met "
            "het huishouden van deze melding. Reden: %(reden)s",
            len(verplaatst),
        )
        % {"adres": str(van), "n": len(verplaatst), "reden": reden},
        door=door,
    )
    audit_log(
        door,
        "huishouden.samenvoegen",
        melding,
        samenvoeging=samenvoeging.pk,
        van=van.pk,
        naar=naar.pk,
        verplaatst=len(verplaatst),
    )
    return samenvoeging


@transaction.atomic
def huishoudens_splitsen(
    *, samenvoeging_id: int, door: Medewerker, reden: str
) -> HuishoudenSamenvoeging:
    """Undo a merge: every melding it moved that still points at the merged record goes back."""
    eis_rol(door, *TERUGDRAAIROLLEN, actie=SPLITSEN)
    samenvoeging = (
        HuishoudenSamenvoeging.objects.select_for_update(of=("self",))
        .select_related("melding")
        .filter(pk=samenvoeging_id)
        .first()
    )
    if samenvoeging is None:
        raise DomainError(_("Deze samenvoeging bestaat niet (meer)."))
    eis_team(door, samenvoeging.melding.team_id, actie=SPLITSEN)
    reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef de reden waarom de samenvoeging onjuist was.")
    )
    if samenvoeging.teruggedraaid_op is not None:
        raise DomainError(_("Deze samenvoeging is al teruggedraaid."))
    if samenvoeging.van_id is None or samenvoeging.naar_id is None:
        raise DomainError(
            _("Een van beide huishoudens is inmiddels vernietigd: terugdraaien kan niet meer.")
        )
    huishoudens = _vergrendeld(samenvoeging.van_id, samenvoeging.naar_id)
    van = huishoudens[samenvoeging.van_id]
    terug = Melding.objects.filter(
        pk__in=samenvoeging.verplaatst, huishouden_id=samenvoeging.naar_id
    )
    aantal = terug.update(huishouden=van)
    van.samengevoegd_in = None
    van.save(update_fields=["samengevoegd_in"])
    samenvoeging.teruggedraaid_door = door
    samenvoeging.teruggedraaid_op = timezone.now()
    samenvoeging.teruggedraaid_reden = reden
    samenvoeging.save(
        update_fields=["teruggedraaid_door", "teruggedraaid_op", "teruggedraaid_reden"]
    )
    journaal_systeem(
        samenvoeging.melding,
        ngettext(
            "De samenvoeging met het huishouden %(adres)s is teruggedraaid (%(n)d melding "
            "terug). Reden: %(reden)s",
            "De samenvoeging met het huishouden %(adres)s is teruggedraaid (%(n)d meldingen "
            "terug). Reden: %(reden)s",
            aantal,
        )
        % {"adres": str(van), "n": aantal, "reden": reden},
        door=door,
    )
    audit_log(
        door,
        "huishouden.splitsen",
        samenvoeging.melding,
        samenvoeging=samenvoeging.pk,
        van=van.pk,
        naar=samenvoeging.naar_id,
        terug=aantal,
    )
    return samenvoeging
