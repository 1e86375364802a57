"""Pages of the CBS delivery: the list with the request form, one delivery with its progress
(polled by htmx), spiegel- and kwaliteitsrapport, and the audited download of the file."""

from __future__ import annotations

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veiligthuis import termijnen
from veiligthuis.audit import audit_lijst, audit_verzoek
from veiligthuis.exceptions import DomainError
from veiligthuis.rechten import eis_cbs_aanleveren, eis_cbs_inzien, mag_cbs_aanleveren
from verantwoording.cbs import definitie
from verantwoording.cbs.records import Halfjaar
from verantwoording.cbs.selectors import aanleveringen, kwaliteitsrapport_voor
from verantwoording.cbs.services import cbs_aanlevering_aanvragen
from verantwoording.models import AanleveringStatus, CbsAanlevering

# How often the progress bar asks for news while the task runs.
POLL_SECONDEN = 2


def _halfjaren(vandaag) -> list[Halfjaar]:
    """The last four finished half-years, newest first (what can be delivered)."""
    huidig = Halfjaar(vandaag.year, 1 if vandaag.month <= 6 else 2)
    uitkomst = []
    h = huidig
    for _i in range(4):
        h = Halfjaar(h.jaar, 1) if h.helft == 2 else Halfjaar(h.jaar - 1, 2)
        uitkomst.append(h)
    return uitkomst


@require_http_methods(["GET"])
def cbs_lijst(request: HttpRequest) -> HttpResponse:
    eis_cbs_inzien(request.user)
    vandaag = termijnen.lokale_datum(timezone.now())
    return render(
        request,
        "verantwoording/cbs_lijst.html",
        {
            "aanleveringen": aanleveringen()[:50],
            "halfjaren": _halfjaren(vandaag),
            "definities": definitie.beschikbaar(),
            "standaard_definitie": definitie.STANDAARD,
            "mag_aanleveren": mag_cbs_aanleveren(request.user),
        },
    )


@require_http_methods(["POST"])
def cbs_aanvragen(request: HttpRequest) -> HttpResponse:
    eis_cbs_aanleveren(request.user)
    try:
        halfjaar = Halfjaar.uit_tekst(request.POST.get("halfjaar", ""))
        naam = request.POST.get("definitie") or definitie.STANDAARD
        if naam not in definitie.beschikbaar():
            raise DomainError(_("Onbekende versie van de bestandsdefinitie."))
        aanlevering = cbs_aanlevering_aanvragen(
            door=request.user, halfjaar=halfjaar, definitie_naam=naam
        )
    except DomainError as fout:
        messages.error(request, fout.message)
        return redirect("cbs")
    return redirect("cbs_aanlevering", pk=aanlevering.pk)


def _voortgang_context(aanlevering: CbsAanlevering) -> dict:
    return {"aanlevering": aanlevering, "poll_seconden": POLL_SECONDEN}


@require_http_methods(["GET"])
def cbs_aanlevering(request: HttpRequest, pk: int) -> HttpResponse:
    eis_cbs_inzien(request.user)
    aanlevering = get_object_or_404(aanleveringen(), pk=pk)
    kwaliteit = kwaliteitsrapport_voor(aanlevering, gebruiker=request.user)
    getoond = [n for regel in kwaliteit for n in regel["nummers"]]
    if getoond:
        # The page showed case numbers: recorded like every list of cases.
        audit_lijst(request, "cbs.inzien", getoond, aanlevering=aanlevering.pk)
    return render(
        request,
        "verantwoording/cbs_aanlevering.html",
        {
            **_voortgang_context(aanlevering),
            "kwaliteit": kwaliteit,
            "fouten": [r for r in kwaliteit if r["niveau"] == "fout" and r["aantal"]],
            "spiegel": aanlevering.spiegelrapport,
            "mag_aanleveren": mag_cbs_aanleveren(request.user),
        },
    )


@require_http_methods(["GET"])
def cbs_voortgang(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar alone (htmx polls it); when the run has ended the page reloads."""
    eis_cbs_inzien(request.user)
    aanlevering = get_object_or_404(CbsAanlevering, pk=pk)
    antwoord = render(
        request, "verantwoording/_cbs_voortgang.html", _voortgang_context(aanlevering)
    )
    if request.htmx and not aanlevering.is_open:
        antwoord["HX-Refresh"] = "true"
    return antwoord


@require_http_methods(["GET"])
def cbs_download(request: HttpRequest, pk: int) -> HttpResponse:
    eis_cbs_aanleveren(request.user)
    aanlevering = get_object_or_404(CbsAanlevering, pk=pk)
    if aanlevering.status != AanleveringStatus.KLAAR or not aanlevering.bestand.name:
        raise Http404(_("Deze aanlevering heeft geen bestand."))
    audit_verzoek(
        request,
        "cbs.download",
        aanlevering,
        halfjaar=aanlevering.halfjaar,
        definitie=aanlevering.definitie,
        sha256=aanlevering.sha256,
    )
    bestandsnaam = f"{aanlevering.definitie}_{aanlevering.halfjaar}.txt"
    return FileResponse(
        default_storage.open(aanlevering.bestand.name, "rb"),
        as_attachment=True,
        filename=bestandsnaam,
        content_type="text/plain; charset=us-ascii",
    )


urlpatterns = [
    path("verantwoording/cbs/", cbs_lijst, name="cbs"),
    path("verantwoording/cbs/aanvragen/", cbs_aanvragen, name="cbs_aanvragen"),
    path("verantwoording/cbs/<int:pk>/", cbs_aanlevering, name="cbs_aanlevering"),
    path("verantwoording/cbs/<int:pk>/voortgang/", cbs_voortgang, name="cbs_voortgang"),
    path("verantwoording/cbs/<int:pk>/bestand/", cbs_download, name="cbs_download"),
]
