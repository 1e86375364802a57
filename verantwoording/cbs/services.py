"""Use cases of the CBS delivery: ask for one (the page), make it (the Celery task).

`cbs_aanlevering_aanvragen` records the request and schedules the task through the transactional
outbox (`veiligthuis.uitgaand.na_commit`), so a broker outage loses no request.
`cbs_aanlevering_maken` builds every record, runs the kwaliteitsregels and the spiegelrapport, and
stores the file only when no fout-level rule failed; it is idempotent (a finished delivery is
left alone, an interrupted one starts again).
"""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.fsm import controleer_overgang
from veiligthuis.models import Medewerker
from veiligthuis.rechten import eis_cbs_aanleveren
from veiligthuis.replica import van_replica
from veiligthuis.uitgaand import na_commit
from verantwoording.cbs import bestand, definitie, records
from verantwoording.cbs.kwaliteit import Kwaliteit
from verantwoording.cbs.records import Halfjaar
from verantwoording.models import AanleveringStatus, CbsAanlevering

log = logging.getLogger(__name__)
TAAK = "verantwoording.cbs.taken.cbs_aanlevering_maken_taak"
# Progress is written at most this often (in percent points), one UPDATE each time.
STAP = 2


def _halfjaar_voorbij(halfjaar: Halfjaar, vandaag) -> None:
    if halfjaar.tot >= vandaag:
        raise DomainError(
            _("Het halfjaar %(halfjaar)s is nog niet voorbij; aanleveren kan vanaf %(datum)s.")
            % {"halfjaar": halfjaar.label, "datum": f"{halfjaar.tot:%d-%m-%Y}"}
        )


def _al_bezig(halfjaar: Halfjaar) -> str:
    return _("Voor %(halfjaar)s wordt al een aanlevering gemaakt; wacht tot die klaar is.") % {
        "halfjaar": halfjaar.label
    }


@transaction.atomic
def cbs_aanlevering_aanvragen(
    *, door: Medewerker, halfjaar: Halfjaar, definitie_naam: str = definitie.STANDAARD, vandaag=None
) -> CbsAanlevering:
    """Record a request for the delivery of `halfjaar` and schedule the task after the commit."""
    eis_cbs_aanleveren(door)
    _halfjaar_voorbij(halfjaar, vandaag or termijnen.lokale_datum(timezone.now()))
    definitie.laad(definitie_naam)  # refuse an invalid definition before anything is queued
    open_ = CbsAanlevering.objects.select_for_update().filter(
        jaar=halfjaar.jaar, helft=halfjaar.helft, status__in=AanleveringStatus.open()
    )
    if open_.exists():
        raise DomainError(_al_bezig(halfjaar))
    try:
        with transaction.atomic():
            aanlevering = CbsAanlevering.objects.create(
                jaar=halfjaar.jaar,
                helft=halfjaar.helft,
                definitie=definitie_naam,
                aangevraagd_door=door,
            )
    except IntegrityError:
        # Two requests at the same moment: the partial unique constraint lets only one through.
        raise DomainError(_al_bezig(halfjaar)) from None
    audit_log(door, "cbs.aanvragen", aanlevering, halfjaar=str(halfjaar), definitie=definitie_naam)
    na_commit(TAAK, aanlevering_id=aanlevering.pk)
    return aanlevering


def _zet_voortgang(aanlevering_id: int, procent: int) -> None:
    CbsAanlevering.objects.filter(pk=aanlevering_id).update(voortgang=min(procent, 99))


def cbs_aanlevering_maken(*, aanlevering_id: int, per_keer: int | None = None) -> CbsAanlevering:
    """Build the delivery; the task's service. Idempotent: a finished delivery is returned as is.

    Not one transaction: the progress must be visible to the page while this runs. The final
    state, the file's name and hash are written together in one.
    """
    with transaction.atomic():
        aanlevering = CbsAanlevering.objects.select_for_update().get(pk=aanlevering_id)
        if not aanlevering.is_open:
            return aanlevering
        controleer_overgang(aanlevering, aanlevering.starten, actie=_("Aanlevering starten"))
        aanlevering.starten()
        aanlevering.save()
    try:
        return _maken(aanlevering, per_keer=per_keer or records.PER_KEER)
    except Exception as fout:
        log.exception("CBS-aanlevering %s mislukt", aanlevering_id)
        with transaction.atomic():
            aanlevering = CbsAanlevering.objects.select_for_update().get(pk=aanlevering_id)
            if aanlevering.is_open:
                aanlevering.mislukken()
                aanlevering.foutmelding = f"{type(fout).__name__}: {fout}"[:2000]
                aanlevering.save()
        raise


def _maken(aanlevering: CbsAanlevering, *, per_keer: int) -> CbsAanlevering:
    d = definitie.laad(aanlevering.definitie)
    halfjaar = Halfjaar(aanlevering.jaar, aanlevering.helft)
    spiegel = bestand.Spiegel(d)
    kwaliteit = Kwaliteit()
    regels: list[str] = []

    def schrijf(soort: str, record: dict) -> None:
        recordsoort = d.recordsoorten[soort]
        tekst = bestand.regel(recordsoort, record)
        spiegel.tel(recordsoort, tekst)
        regels.append(tekst)

    # Reading the half-year may come from the streaming replica; the progress and the result
    # are written to the primary.
    with van_replica():
        for record in records.adviezen(halfjaar):
            schrijf("advies", record)
        ids = records.melding_ids(halfjaar)
        gemeld = [0]

        def voortgang(klaar: int) -> None:
            procent = int(100 * klaar / max(len(ids), 1))
            if procent - gemeld[0] >= STAP:
                gemeld[0] = procent
                _zet_voortgang(aanlevering.pk, procent)

        for gegevens in records.meldingen(halfjaar, ids, per_keer=per_keer, voortgang=voortgang):
            kwaliteit.toets(gegevens)
            schrijf("melding", records.melding_record(gegevens, halfjaar=halfjaar))
            for persoon in records.persoon_records(gegevens, halfjaar=halfjaar):
                schrijf("persoon", persoon)

        aantallen = {
            "advies": spiegel.aantal["advies"],
            "melding": spiegel.aantal["melding"],
            "persoon": spiegel.aantal["persoon"],
            "overige_zorg_niet_aangeleverd": records.overige_zorg_aantal(halfjaar),
            "fouten": kwaliteit.aantal_fouten,
            "waarschuwingen": sum(
                r["aantal"] for r in kwaliteit.rapport() if r["niveau"] == "waarschuwing"
            ),
        }
    opgeslagen: list[str] = []
    try:
        with transaction.atomic():
            return _vastleggen(
                aanlevering.pk, d, halfjaar, spiegel, kwaliteit, aantallen, regels, opgeslagen
            )
    except Exception:
        # The row did not commit: no stored bytes may remain without the delivery behind them.
        for naam in opgeslagen:
            default_storage.delete(naam)
        raise


def _vastleggen(
    pk: int,
    d: definitie.Definitie,
    halfjaar: Halfjaar,
    spiegel: bestand.Spiegel,
    kwaliteit: Kwaliteit,
    aantallen: dict,
    regels: list[str],
    opgeslagen: list[str],
) -> CbsAanlevering:
    """Status, reports, counts, file and hash together (inside the caller's transaction)."""
    aanlevering = CbsAanlevering.objects.select_for_update().get(pk=pk)
    aanlevering.aantallen = aantallen
    aanlevering.spiegelrapport = spiegel.rapport()
    aanlevering.kwaliteitsrapport = kwaliteit.rapport()
    if kwaliteit.aantal_fouten:
        # No file and no stored bytes: CBS must not receive data with errors in it.
        aanlevering.weigeren()
    else:
        einde = d.regeleinde_tekens
        inhoud = "".join(t + einde for t in regels).encode("ascii")
        aanlevering.sha256 = hashlib.sha256(inhoud).hexdigest()
        naam = f"cbs/{d.naam}_{halfjaar}_{aanlevering.pk}.txt"
        aanlevering.bestand.name = default_storage.save(naam, ContentFile(inhoud))
        opgeslagen.append(aanlevering.bestand.name)
        aanlevering.afronden()
    aanlevering.save()
    audit_log(
        None,
        "cbs.maken",
        aanlevering,
        status=aanlevering.status,
        **{k: v for k, v in aantallen.items() if k in ("advies", "melding", "persoon", "fouten")},
    )
    return aanlevering
