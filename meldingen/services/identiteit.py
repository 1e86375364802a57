"""Deciding the possible matches identity resolution found at intake (`Koppelvoorstel`).

"Dezelfde persoon" moves the new person's links to the known person, so the radar counts one
person; "niet dezelfde" is remembered, so the pair is not offered again. Both need a reason and
write a journal line on the melding and an audit row. Merging records exactly what it moved,
so `koppelvoorstel_terugdraaien` (splitsen) restores every link and the BSN as they were.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen.models import Directbetrokkene, Koppelvoorstel, Persoon, VoorstelStatus
from meldingen.services._basis import journaal_systeem, verplichte_tekst
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import INTAKEROLLEN, eis_rol, eis_team

# Undoing a merge touches other teams' dossiers through the known person: not for everyone.
TERUGDRAAIROLLEN = (Rol.WERKBEGELEIDER, Rol.SECRETARIAAT)


def _vergrendel(voorstel_id: int, door: Medewerker, *, actie: str) -> Koppelvoorstel:
    voorstel = (
        Koppelvoorstel.objects.select_for_update(of=("self",))
        .select_related("melding", "persoon", "kandidaat")
        .filter(pk=voorstel_id)
        .first()
    )
    if voorstel is None:
        raise DomainError(_("Dit koppelvoorstel bestaat niet (meer)."))
    eis_team(door, voorstel.melding.team_id, actie=actie)
    # The persons too: two decisions about one person must not interleave.
    list(
        Persoon.objects.select_for_update()
        .filter(pk__in=[voorstel.persoon_id, voorstel.kandidaat_id])
        .order_by("pk")
    )
    voorstel.persoon.refresh_from_db()
    voorstel.kandidaat.refresh_from_db()
    return voorstel


def _betrokkene_nummer(voorstel: Koppelvoorstel) -> int:
    """The directbetrokkene's position in its melding, as the journal counts them (1-based)."""
    ids = list(
        voorstel.melding.directbetrokkenen.order_by("pk").values_list("persoon_id", flat=True)
    )
    persoon_id = (
        voorstel.kandidaat_id if voorstel.status == VoorstelStatus.ZELFDE else voorstel.persoon_id
    )
    return ids.index(persoon_id) + 1 if persoon_id in ids else 0


@transaction.atomic
def koppelvoorstel_beslissen(
    *, voorstel_id: int, door: Medewerker, zelfde: bool, reden: str
) -> Koppelvoorstel:
    """Decide whether the new person of an intake is the known candidate, with a reason."""
    eis_rol(door, *INTAKEROLLEN, actie=_("over een mogelijk dezelfde persoon beslissen"))
    voorstel = _vergrendel(
        voorstel_id, door, actie=_("over een mogelijk dezelfde persoon beslissen")
    )
    reden = verplichte_tekst(reden, veld="reden", melding=_("Geef de reden van uw beslissing."))
    if voorstel.status != VoorstelStatus.OPEN:
        raise DomainError(
            _("Over dit voorstel is al beslist: %(status)s.")
            % {"status": voorstel.get_status_display().lower()}
        )
    persoon, kandidaat = voorstel.persoon, voorstel.kandidaat
    if persoon.samengevoegd_in_id or kandidaat.samengevoegd_in_id:
        raise DomainError(_("Een van beide personen is al samengevoegd met een ander."))
    if zelfde:
        _samenvoegen(voorstel, persoon, kandidaat)
    voorstel.status = VoorstelStatus.ZELFDE if zelfde else VoorstelStatus.NIET_ZELFDE
    voorstel.besloten_door = door
    voorstel.besloten_op = timezone.now()
    voorstel.reden = reden
    voorstel.save()
    if zelfde:
        tekst = _(
            "Directbetrokkene %(n)d is dezelfde persoon als een bekende persoon en is daarmee "
            "samengevoegd. Reden: %(reden)s"
        )
    else:
        tekst = _(
            "Directbetrokkene %(n)d is niet dezelfde persoon als een mogelijk bekende persoon. "
            "Reden: %(reden)s"
        )
    journaal_systeem(
        voorstel.melding, tekst % {"n": _betrokkene_nummer(voorstel), "reden": reden}, door=door
    )
    audit_log(
        door,
        "persoon.samenvoegen" if zelfde else "persoon.niet_dezelfde",
        voorstel.melding,
        voorstel=voorstel.pk,
        persoon=persoon.pk,
        kandidaat=kandidaat.pk,
    )
    return voorstel


def _samenvoegen(voorstel: Koppelvoorstel, persoon: Persoon, kandidaat: Persoon) -> None:
    if persoon.bsn and kandidaat.bsn and persoon.bsn != kandidaat.bsn:
        raise DomainError(
            _("Beide personen hebben een ander BSN: het zijn niet dezelfde personen.")
        )
    links = Directbetrokkene.objects.filter(persoon=persoon)
    gedeeld = links.filter(melding__directbetrokkenen__persoon=kandidaat)
    if gedeeld.exists():
        raise DomainError(
            _(
                "Beide personen staan in dezelfde melding; pas eerst de directbetrokkenen van die "
                "melding aan."
            )
        )
    verplaatst = list(links.order_by("pk").values_list("pk", flat=True))
    Directbetrokkene.objects.filter(pk__in=verplaatst).update(persoon=kandidaat)
    voorstel.verplaatst = verplaatst
    voorstel.bsn_overgenomen = bool(persoon.bsn and not kandidaat.bsn)
    if voorstel.bsn_overgenomen:
        bsn, persoon.bsn = persoon.bsn, None
        persoon.save(update_fields=["bsn"])
        kandidaat.bsn = bsn
        kandidaat.save(update_fields=["bsn"])
    persoon.samengevoegd_in = kandidaat
    persoon.save(update_fields=["samengevoegd_in"])


@transaction.atomic
def koppelvoorstel_terugdraaien(
    *, voorstel_id: int, door: Medewerker, reden: str
) -> Koppelvoorstel:
    """Undo a "dezelfde persoon" decision (splitsen): every moved link and the BSN go back."""
    eis_rol(door, *TERUGDRAAIROLLEN, actie=_("een samenvoeging terugdraaien"))
    voorstel = _vergrendel(voorstel_id, door, actie=_("een samenvoeging terugdraaien"))
    reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef de reden waarom de samenvoeging onjuist was.")
    )
    if voorstel.status != VoorstelStatus.ZELFDE:
        raise DomainError(_("Alleen een samenvoeging kan worden teruggedraaid."))
    persoon, kandidaat = voorstel.persoon, voorstel.kandidaat
    nummer = _betrokkene_nummer(voorstel)
    Directbetrokkene.objects.filter(pk__in=voorstel.verplaatst, persoon=kandidaat).update(
        persoon=persoon
    )
    if voorstel.bsn_overgenomen:
        bsn, kandidaat.bsn = kandidaat.bsn, None
        kandidaat.save(update_fields=["bsn"])
        persoon.bsn = bsn
    persoon.samengevoegd_in = None
    persoon.save(update_fields=["bsn", "samengevoegd_in"])
    voorstel.status = VoorstelStatus.NIET_ZELFDE
    voorstel.besloten_door = door
    voorstel.besloten_op = timezone.now()
    voorstel.reden = reden
    voorstel.verplaatst = []
    voorstel.bsn_overgenomen = False
    voorstel.save()
    journaal_systeem(
        voorstel.melding,
        _(
            "De samenvoeging van directbetrokkene %(n)d met een bekende persoon is "
            "teruggedraaid. Reden: %(reden)s"
        )
        % {"n": nummer, "reden": reden},
        door=door,
    )
    audit_log(
        door,
        "persoon.splitsen",
        voorstel.melding,
        voorstel=voorstel.pk,
        persoon=persoon.pk,
        kandidaat=kandidaat.pk,
    )
    return voorstel
