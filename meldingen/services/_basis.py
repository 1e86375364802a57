"""Building blocks every meldingen service uses: locking, numbering, status change with history."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from meldingen.keuzes import JournaalSoort, MeldingStatus
from meldingen.models import (
    Journaalregel,
    Melding,
    Nummerreeks,
    Statuswijziging,
    VeiligheidsbeoordelingB,
)
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.fsm import controleer_overgang
from veiligthuis.inzetbaarheid import eis_inzetbaar
from veiligthuis.models import Medewerker, Rol

SYSTEEMBRON = "Casusregistratie"


def vergrendel_melding(melding_id: int) -> Melding:
    """Load a melding locked for update; the caller must be inside transaction.atomic."""
    try:
        return (
            Melding.objects.select_for_update(of=("self",))
            .select_related("team")
            .get(pk=melding_id)
        )
    except Melding.DoesNotExist:
        raise DomainError(_("Deze melding bestaat niet.")) from None


def volgend_nummer(prefix: str, jaar: int) -> str:
    """Next case number like VT-2026-000123, gap-free per prefix and year under concurrency."""
    assert transaction.get_connection().in_atomic_block
    Nummerreeks.objects.bulk_create([Nummerreeks(prefix=prefix, jaar=jaar)], ignore_conflicts=True)
    reeks = Nummerreeks.objects.select_for_update().get(prefix=prefix, jaar=jaar)
    reeks.laatste += 1
    reeks.save(update_fields=["laatste"])
    return f"{prefix}-{jaar}-{reeks.laatste:06d}"


def journaal_systeem(melding: Melding, tekst: str, *, door: Medewerker | None) -> Journaalregel:
    """A factual dossier line written by the system on behalf of `door`."""
    return Journaalregel.objects.create(
        melding=melding, soort=JournaalSoort.FEIT, bron=SYSTEEMBRON, tekst=tekst, auteur=door
    )


def wijzig_status(
    melding: Melding,
    overgang: Callable[[], Any],
    *,
    door: Medewerker,
    actie: str,
    audit_actie: str,
    toelichting: str = "",
) -> Melding:
    """Run one transition on a locked melding: check, change, save, history, journal, audit.

    Raises DomainError (nothing saved by this call) when the transition is not allowed now.
    """
    controleer_overgang(melding, overgang, actie=actie)
    van = melding.status
    overgang()
    try:
        melding.save()
    except ConcurrentTransition:
        raise DomainError(
            _("%(actie)s kan niet: de melding is intussen door iemand anders gewijzigd.")
            % {"actie": actie}
        ) from None
    Statuswijziging.objects.create(
        melding=melding, van=van, naar=melding.status, door=door, toelichting=toelichting
    )
    tekst = _("Status gewijzigd van '%(van)s' naar '%(naar)s'.") % {
        "van": MeldingStatus(van).label,
        "naar": MeldingStatus(melding.status).label,
    }
    if toelichting:
        tekst = f"{tekst} {toelichting}"
    journaal_systeem(melding, tekst, door=door)
    audit_log(door, audit_actie, melding, van=van, naar=melding.status)
    return melding


def datum_sinds_ontvangst(melding: Melding, datum: date | None, *, veld: str) -> date:
    """A date of something done around this melding: filled in, not in the future and not
    before the melding was received; otherwise a field error."""
    if datum is None:
        fout = _("Vul een datum in.")
        raise DomainError(fout, velden={veld: fout})
    if datum > timezone.localdate():
        fout = _("De datum ligt in de toekomst.")
        raise DomainError(fout, velden={veld: fout})
    if datum < termijnen.lokale_datum(melding.ontvangen_op):
        fout = _("De datum ligt vóór de ontvangst van de melding.")
        raise DomainError(fout, velden={veld: fout})
    return datum


def verplichte_tekst(waarde: str, *, veld: str, melding: str) -> str:
    """Strip `waarde`; refuse an empty text with a field error."""
    waarde = (waarde or "").strip()
    if not waarde:
        raise DomainError(melding, velden={veld: melding})
    return waarde


def start_b(melding: Melding, *, door: Medewerker, tweede_id: int | None) -> Melding:
    """Make `door` and the tweede the beoordelaars and start onderdeel B (melding is locked)."""
    if tweede_id == door.pk:
        tekst = _("De tweede beoordelaar moet een andere onderzoeker zijn dan uzelf.")
        raise DomainError(tekst, velden={"tweede": tekst})
    tweede = (
        Medewerker.objects.filter(pk=tweede_id, is_active=True)
        .prefetch_related("roltoewijzingen")
        .first()
    )
    if tweede is None or not tweede.heeft_rol(Rol.ONDERZOEKER):
        tekst = _("De tweede beoordelaar moet een actieve onderzoeker zijn.")
        raise DomainError(tekst, velden={"tweede": tekst})
    # Both become beoordelaar: each needs a valid VOG, diploma check and registratie.
    eis_inzetbaar(door, actie=_("beoordelaar worden"))
    eis_inzetbaar(tweede, actie=_("beoordelaar worden"), veld="tweede")
    melding.beoordelaar_1 = door
    melding.beoordelaar_2 = tweede
    wijzig_status(
        melding,
        melding.start_beoordeling,
        door=door,
        actie=_("Oppakken"),
        audit_actie="melding.oppakken",
        toelichting=_("Beoordelaars: %(een)s en %(twee)s.") % {"een": door, "twee": tweede},
    )
    # After "teruggeven" the B record stays: the next pair continues from the answers so far.
    VeiligheidsbeoordelingB.objects.get_or_create(
        melding=melding, defaults={"gestart_op": timezone.now()}
    )
    return melding
