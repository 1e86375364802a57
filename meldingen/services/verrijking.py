"""Verrijking: checking other sources once a melding is accepted (not for overige zorg)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen import adapters
from meldingen.afwegingskader import eerdere_meldingen
from meldingen.keuzes import VerrijkingBron, VerrijkingStatus
from meldingen.models import Melding, Verrijkingstaak
from meldingen.services._basis import journaal_systeem, verplichte_tekst
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker
from veiligthuis.rechten import CASUSROLLEN, eis_rol, eis_team

AUTOMATISCH = (VerrijkingBron.EIGEN_DOSSIERS, VerrijkingBron.BRP, VerrijkingBron.VT_REGISTER)


def verrijkingstaken_aanmaken(melding: Melding) -> None:
    """One open task per source; called by the screening service inside its transaction."""
    Verrijkingstaak.objects.bulk_create(
        [Verrijkingstaak(melding=melding, bron=bron) for bron in VerrijkingBron.values],
        ignore_conflicts=True,
    )


def _vergrendel_taak(taak_id: int, door: Medewerker) -> Verrijkingstaak:
    eis_rol(door, *CASUSROLLEN, actie=_("verrijking uitvoeren"))
    try:
        taak = (
            Verrijkingstaak.objects.select_for_update(of=("self",))
            .select_related("melding")
            .get(pk=taak_id)
        )
    except Verrijkingstaak.DoesNotExist:
        raise DomainError(_("Deze verrijkingstaak bestaat niet.")) from None
    eis_team(door, taak.melding.team_id, actie=_("verrijking uitvoeren"))
    if taak.status != VerrijkingStatus.OPEN:
        raise DomainError(
            _("Deze verrijking is al %(status)s.") % {"status": taak.get_status_display().lower()}
        )
    return taak


def _resultaat_bron(taak: Verrijkingstaak) -> str:
    melding = taak.melding
    if taak.bron == VerrijkingBron.EIGEN_DOSSIERS:
        eerdere = list(eerdere_meldingen(melding).values_list("nummer", flat=True)[:20])
        if not eerdere:
            return _("Geen eerdere meldingen over deze personen of dit adres.")
        return _("%(n)d eerdere melding(en): %(nummers)s") % {
            "n": len(eerdere),
            "nummers": ", ".join(eerdere),
        }
    register = adapters.brp() if taak.bron == VerrijkingBron.BRP else adapters.vt_register()
    regels = []
    for betrokkene in melding.directbetrokkenen.select_related("persoon"):
        persoon = betrokkene.persoon
        antwoord = register.bevraag(
            adapters.Bevraging(
                bsn=persoon.bsn,
                achternaam=persoon.achternaam,
                geboortedatum=persoon.geboortedatum.isoformat() if persoon.geboortedatum else None,
            )
        )
        regels.append(f"{persoon}: {antwoord.samenvatting}")
    return "\n".join(regels) or _("Geen directbetrokkenen om te bevragen.")


@transaction.atomic
def verrijking_uitvoeren(*, taak_id: int, door: Medewerker) -> Verrijkingstaak:
    """Run an automatic check (own dossiers, BRP, VT-register) and store its result."""
    taak = _vergrendel_taak(taak_id, door)
    if taak.bron not in AUTOMATISCH:
        raise DomainError(_("Deze bron wordt handmatig bevraagd; leg het resultaat vast."))
    try:
        taak.resultaat = _resultaat_bron(taak)
    except OSError as fout:
        raise DomainError(
            _("De bron %(bron)s is nu niet bereikbaar (%(fout)s). Probeer het later opnieuw.")
            % {"bron": taak.get_bron_display(), "fout": fout.__class__.__name__}
        ) from None
    return _afronden(taak, door, VerrijkingStatus.AFGEROND)


@transaction.atomic
def verrijking_resultaat_vastleggen(
    *, taak_id: int, door: Medewerker, status: str, resultaat: str
) -> Verrijkingstaak:
    """Record the result of a manual check (Raad voor de Kinderbescherming, lokaal veld)."""
    taak = _vergrendel_taak(taak_id, door)
    if status not in (VerrijkingStatus.AFGEROND, VerrijkingStatus.NIET_MOGELIJK):
        fout = _("Kies afgerond of niet mogelijk.")
        raise DomainError(fout, velden={"status": fout})
    taak.resultaat = verplichte_tekst(
        resultaat, veld="resultaat", melding=_("Beschrijf het resultaat van de bevraging.")
    )
    return _afronden(taak, door, status)


@transaction.atomic
def verrijking_overslaan(*, taak_id: int, door: Medewerker, reden: str) -> Verrijkingstaak:
    """Skip a check that cannot be done (source unreachable, no BSN, …): 'niet mogelijk' with the
    reason as its result. The besluit needs every task done or skipped this way
    (`meldingen.protocol.verrijking_afgehandeld`), automatic sources included."""
    taak = _vergrendel_taak(taak_id, door)
    taak.resultaat = verplichte_tekst(
        reden,
        veld="reden",
        melding=_("Geef de reden waarom deze bevraging niet mogelijk is."),
    )
    return _afronden(taak, door, VerrijkingStatus.NIET_MOGELIJK)


def _afronden(taak: Verrijkingstaak, door: Medewerker, status: str) -> Verrijkingstaak:
    taak.status = status
    taak.uitgevoerd_door = door
    taak.uitgevoerd_op = timezone.now()
    taak.save()
    journaal_systeem(
        taak.melding,
        _("Verrijking %(bron)s: %(status)s.")
        % {"bron": taak.get_bron_display(), "status": taak.get_status_display().lower()},
        door=door,
    )
    audit_log(door, "melding.verrijking", taak.melding, bron=taak.bron)
    return taak
