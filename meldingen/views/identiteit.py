"""Browser page "Mogelijk dezelfde persoon": the team decides the matches intake could not.

Every write is one service call; a refusal is shown at the top of the page in Dutch and changes
nothing; a GeenToegang is the Dutch 403. Reading the list is audited (it shows names).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meldingen.selectors.identiteit import besloten_voorstellen, open_voorstellen
from meldingen.services import identiteit as services
from veiligthuis.audit import audit_lijst
from veiligthuis.exceptions import DomainError, GeenToegang


def _pagina(request: HttpRequest, *, fout: str = "", fout_voorstel: int | None = None, status=200):
    """The page; every rendering of it is audited with the case numbers it listed."""
    open_, besloten = (
        open_voorstellen(gebruiker=request.user),
        besloten_voorstellen(gebruiker=request.user),
    )
    context = {
        "open": open_,
        "besloten": besloten,
        "mag_terugdraaien": request.user.heeft_rol(*services.TERUGDRAAIROLLEN),
        "fout": fout,
        "fout_voorstel": fout_voorstel,
        "reden": request.POST.get("reden", ""),
    }
    nummers = sorted({v.melding.nummer for v in (*open_, *besloten)})
    audit_lijst(request, "persoon.voorstellen_inzien", nummers)
    return render(request, "meldingen/mogelijk_dezelfde.html", context, status=status)


@require_GET
def mogelijk_dezelfde(request: HttpRequest) -> HttpResponse:
    return _pagina(request)


@require_POST
def voorstel_beslissen(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    beslissing = request.POST.get("beslissing")
    try:
        if beslissing not in ("zelfde", "niet_zelfde"):
            raise DomainError(_("Kies 'dezelfde persoon' of 'niet dezelfde persoon'."))
        services.koppelvoorstel_beslissen(
            voorstel_id=voorstel_id,
            door=request.user,
            zelfde=beslissing == "zelfde",
            reden=request.POST.get("reden", ""),
        )
    except GeenToegang:
        raise
    except DomainError as fout:
        return _pagina(request, fout=str(fout), fout_voorstel=voorstel_id, status=400)
    if beslissing == "zelfde":
        messages.success(request, _("De personen zijn samengevoegd."))
    else:
        messages.success(request, _("Vastgelegd: het zijn niet dezelfde personen."))
    return redirect("mogelijk_dezelfde")


@require_POST
def voorstel_terugdraaien(request: HttpRequest, voorstel_id: int) -> HttpResponse:
    try:
        services.koppelvoorstel_terugdraaien(
            voorstel_id=voorstel_id, door=request.user, reden=request.POST.get("reden", "")
        )
    except GeenToegang:
        raise
    except DomainError as fout:
        return _pagina(request, fout=str(fout), fout_voorstel=voorstel_id, status=400)
    messages.success(request, _("De samenvoeging is teruggedraaid."))
    return redirect("mogelijk_dezelfde")


urlpatterns = [
    path("personen/mogelijk-dezelfde/", mogelijk_dezelfde, name="mogelijk_dezelfde"),
    path(
        "personen/mogelijk-dezelfde/<int:voorstel_id>/",
        voorstel_beslissen,
        name="koppelvoorstel_beslissen",
    ),
    path(
        "personen/mogelijk-dezelfde/<int:voorstel_id>/terugdraaien/",
        voorstel_terugdraaien,
        name="koppelvoorstel_terugdraaien",
    ),
]
