"""Documents in a dossier: add (upload, the police intake, a letter the system wrote), open (an
audited download) and remove with the personal data.

The bytes are checked by `veiligthuis.documenten.keur` before anything is stored: a refused file
leaves neither a file in the storage nor a row. A file is written before its row; if the row
cannot be written the file is removed at once, and `bijlagen_opruimen` (a beat task) removes any
file that a crash between the two left without a row.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen.keuzes import BijlageOnderdeel, BijlageSoort, Brief
from meldingen.models import Advies, Bijlage, Melding
from meldingen.services._basis import vergrendel_melding, verplichte_tekst
from veiligthuis.audit import audit_log
from veiligthuis.documenten import GekeurdBestand, keur, opslag, opslagnaam
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker
from veiligthuis.rechten import ADVIESROLLEN, CASUSROLLEN, eis_rol, eis_team

log = logging.getLogger(__name__)
# A file younger than this may still be getting its row (the upload is in progress).
OPRUIMEN_NA = timedelta(hours=1)


def _gegevens(soort: str, datum: date | None, bron: str, omschrijving: str) -> dict:
    if soort not in BijlageSoort.values:
        fout = _("Kies wat voor document dit is.")
        raise DomainError(fout, velden={"soort": fout})
    if datum is None:
        fout = _("Vul de datum van het document in.")
        raise DomainError(fout, velden={"datum": fout})
    if datum > timezone.localdate():
        fout = _("De datum van het document ligt in de toekomst.")
        raise DomainError(fout, velden={"datum": fout})
    omschrijving = (omschrijving or "").strip()
    if len(omschrijving) > 500:
        fout = _("De omschrijving is langer dan 500 tekens.")
        raise DomainError(fout, velden={"omschrijving": fout})
    bron = verplichte_tekst(
        bron, veld="bron", melding=_("Vermeld van wie of waar het document komt.")
    )
    return {"soort": soort, "datum": datum, "bron": bron[:200], "omschrijving": omschrijving}


def _opslaan(gekeurd: GekeurdBestand, **velden) -> Bijlage:
    """Write the bytes, then the row; no file stays behind when the row fails."""
    naam = opslag().save(opslagnaam(gekeurd.inhoud_type), ContentFile(gekeurd.inhoud))
    try:
        with transaction.atomic():
            return Bijlage.objects.create(
                bestand=naam,
                bestandsnaam=gekeurd.naam,
                inhoud_type=gekeurd.inhoud_type,
                grootte=gekeurd.grootte,
                sha256=gekeurd.sha256,
                **velden,
            )
    except BaseException:
        opslag().delete(naam)
        raise


def _eis_melding_aanvullen(
    door: Medewerker, melding: Melding, *, uitvoerder_id: int | None = None
) -> None:
    """A case role in the melding's team; the uitvoerder of its dienst may be of another team."""
    eis_rol(door, *CASUSROLLEN, actie=_("een document toevoegen"))
    if uitvoerder_id is None or door.pk != uitvoerder_id:
        eis_team(door, melding.team_id, actie=_("een document toevoegen"))
    if melding.geanonimiseerd_op:
        raise DomainError(_("Dit dossier is geanonimiseerd en kan niet worden aangevuld."))


@transaction.atomic
def bijlage_toevoegen(
    *,
    melding_id: int,
    door: Medewerker | None,
    inhoud: bytes,
    bestandsnaam: str,
    soort: str,
    datum: date | None,
    bron: str,
    omschrijving: str = "",
    onderdeel: str = BijlageOnderdeel.MELDING,
    uitvoerder_id: int | None = None,
    kanaal: str = "web",
) -> Bijlage:
    """Add a document to a melding, or to its vervolgdienst (`onderdeel="dienst"`, through
    `diensten.services.dienst_bijlage_toevoegen`, which passes the dienst's `uitvoerder_id`).

    `door` is None only for a koppeling (the police intake), which the caller has authorised.
    """
    melding = vergrendel_melding(melding_id)
    if door is not None:
        _eis_melding_aanvullen(door, melding, uitvoerder_id=uitvoerder_id)
    if onderdeel not in BijlageOnderdeel.values:
        raise DomainError(_("Onbekend onderdeel van het dossier."))
    velden = _gegevens(soort, datum, bron, omschrijving)
    gekeurd = keur(inhoud, bestandsnaam)
    bijlage = _opslaan(
        gekeurd, melding=melding, onderdeel=onderdeel, toegevoegd_door=door, **velden
    )
    audit_log(
        door,
        "bijlage.toevoegen",
        melding,
        bijlage=bijlage.pk,
        soort=soort,
        onderdeel=onderdeel,
        kanaal=kanaal,
        grootte=gekeurd.grootte,
        sha256=gekeurd.sha256,
    )
    return bijlage


def is_anoniem(advies: Advies) -> bool:
    """An advies given without the adviesvrager's name: nothing may tie a document to it."""
    return not (advies.adviesvrager_naam or "").strip()


@transaction.atomic
def advies_bijlage_toevoegen(
    *,
    advies_id: int,
    door: Medewerker,
    inhoud: bytes,
    bestandsnaam: str,
    soort: str,
    datum: date | None,
    bron: str,
    omschrijving: str = "",
    zonder_persoonsgegevens: bool,
) -> Bijlage:
    """Add a document to an advies. An advies holds no data of directbetrokkenen (DOMAIN.md §2):
    the adviser confirms the document names none, and an anonymous advies takes no documents."""
    eis_rol(door, *ADVIESROLLEN, actie=_("een document bij een advies toevoegen"))
    advies = Advies.objects.select_for_update().filter(pk=advies_id).first()
    if advies is None:
        raise DomainError(_("Dit advies bestaat niet."))
    eis_team(door, advies.team_id, actie=_("een document bij een advies toevoegen"))
    if is_anoniem(advies):
        raise DomainError(
            _(
                "Bij een anoniem advies worden geen documenten bewaard: een document kan de "
                "adviesvrager of het gezin herkenbaar maken."
            )
        )
    if not zonder_persoonsgegevens:
        fout = _(
            "Bevestig dat het document geen gegevens van directbetrokkenen bevat; een advies "
            "bewaart geen persoonsgegevens van het gezin."
        )
        raise DomainError(fout, velden={"zonder_persoonsgegevens": fout})
    velden = _gegevens(soort, datum, bron, omschrijving)
    gekeurd = keur(inhoud, bestandsnaam)
    bijlage = _opslaan(gekeurd, advies=advies, toegevoegd_door=door, **velden)
    audit_log(
        door, "bijlage.toevoegen", advies, bijlage=bijlage.pk, soort=soort, sha256=gekeurd.sha256
    )
    return bijlage


@transaction.atomic
def brief_archiveren(
    *,
    melding_id: int,
    door: Medewerker,
    brief: str,
    pdf: bytes,
    bestandsnaam: str,
    aan: str,
    onderdeel: str = BijlageOnderdeel.MELDING,
    uitvoerder_id: int | None = None,
) -> Bijlage:
    """Store a letter the system wrote as a bijlage: what was sent is what is archived."""
    melding = vergrendel_melding(melding_id)
    _eis_melding_aanvullen(door, melding, uitvoerder_id=uitvoerder_id)
    if brief not in Brief.values:
        raise DomainError(_("Onbekende brief."))
    gekeurd = keur(pdf, bestandsnaam)
    bijlage = _opslaan(
        gekeurd,
        melding=melding,
        onderdeel=onderdeel,
        toegevoegd_door=door,
        soort=BijlageSoort.BRIEF,
        brief=brief,
        datum=timezone.localdate(),
        bron=_("Veilig Thuis (door het systeem opgesteld)"),
        omschrijving=(_("%(brief)s aan %(aan)s") % {"brief": Brief(brief).label, "aan": aan})[:500],
    )
    audit_log(
        door, "bijlage.brief", melding, bijlage=bijlage.pk, brief=brief, sha256=gekeurd.sha256
    )
    return bijlage


def bijlage_inhoud(bijlage: Bijlage, *, door: Medewerker, request_ip: str | None = None) -> bytes:
    """The bytes of a document the caller has found through a scoped selector; one audit row per
    download, on the case it belongs to."""
    with opslag().open(bijlage.bestand.name, "rb") as bestand:
        inhoud = bestand.read()
    zaak = bijlage.melding if bijlage.melding_id else bijlage.advies
    audit_log(
        door,
        "bijlage.downloaden",
        zaak,
        ip=request_ip,
        bijlage=bijlage.pk,
        bestandsnaam=bijlage.bestandsnaam,
        sha256=bijlage.sha256,
    )
    return inhoud


def bestanden_wissen(namen: Iterable[str]) -> int:
    """Delete stored files by name (idempotent: a missing file is fine); the number deleted."""
    weg = 0
    for naam in namen:
        try:
            if opslag().exists(naam):
                opslag().delete(naam)
                weg += 1
        except OSError:
            # The rows are gone: `bijlagen_opruimen` removes the file on its next round.
            log.warning("Bijlage %s niet verwijderd; de opruimtaak probeert het opnieuw.", naam)
    return weg


def bijlagen_verwijderen(*, melding_ids: Iterable[int]) -> int:
    """With the personal data of these meldingen go their documents: the rows now, the bytes
    as soon as the caller's transaction commits. The number of documents removed."""
    ids = list(melding_ids)
    # An advies that became one of these meldingen goes with it.
    bijlagen = Bijlage.objects.filter(Q(melding_id__in=ids) | Q(advies__melding_id__in=ids))
    namen = list(bijlagen.values_list("bestand", flat=True))
    if namen:
        bijlagen.delete()
        transaction.on_commit(lambda: bestanden_wissen(namen))
    return len(namen)


def _alle_namen(map_: str = "") -> Iterable[tuple[str, datetime | None]]:
    opslag_ = opslag()
    try:
        mappen, bestanden = opslag_.listdir(map_)
    except FileNotFoundError:  # nothing stored yet
        return
    for naam in bestanden:
        pad = f"{map_}/{naam}" if map_ else naam
        try:
            gewijzigd = opslag_.get_modified_time(pad)
        except (NotImplementedError, OSError):
            gewijzigd = None
        yield pad, gewijzigd
    for sub in mappen:
        yield from _alle_namen(f"{map_}/{sub}" if map_ else sub)


def bijlagen_opruimen(*, nu: datetime | None = None) -> int:
    """Remove stored files that no row refers to and that are older than OPRUIMEN_NA: left by a
    crash between file and row, or by a deletion whose commit hook could not reach the storage."""
    grens = (nu or timezone.now()) - OPRUIMEN_NA
    bekend = set(Bijlage.objects.values_list("bestand", flat=True))
    wees = [
        naam
        for naam, gewijzigd in _alle_namen()
        if naam not in bekend and gewijzigd is not None and gewijzigd < grens
    ]
    return bestanden_wissen(wees)
