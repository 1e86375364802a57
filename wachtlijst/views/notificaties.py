"""Browser page: the medewerker's own notifications of signaleringen (in-app list).

Opening one marks it read and goes to the case; whether the case may be opened is decided by
the dossier page as always (a notification grants no access).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from veiligthuis.exceptions import DomainError
from wachtlijst.selectors.notificaties import notificaties_voor
from wachtlijst.services import notificatie_lezen, notificaties_alle_lezen

PER_PAGINA = 50


@require_GET
def notificaties(request: HttpRequest) -> HttpResponse:
    """The list, unread first; a fixed number of queries per page."""
    pagina = Paginator(notificaties_voor(gebruiker=request.user), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(request, "wachtlijst/notificaties.html", {"pagina": pagina})


@require_POST
def notificatie_openen(request: HttpRequest, notificatie_id: int) -> HttpResponse:
    """Mark read, then open the melding's dossier."""
    try:
        notificatie = notificatie_lezen(notificatie_id=notificatie_id, door=request.user)
    except DomainError as fout:
        raise Http404(fout.message) from fout
    return redirect(reverse("melding_dossier", args=[notificatie.signalering.melding.nummer]))


@require_POST
def notificaties_gelezen(request: HttpRequest) -> HttpResponse:
    """Mark all read."""
    aantal = notificaties_alle_lezen(door=request.user)
    if aantal:
        messages.success(
            request,
            ngettext(
                "%(n)d notificatie als gelezen gemarkeerd.",
                "%(n)d notificaties als gelezen gemarkeerd.",
                aantal,
            )
            % {"n": aantal},
        )
    else:
        messages.info(request, _("Er waren geen ongelezen notificaties."))
    return redirect("notificaties")


urlpatterns = [
    path("notificaties/", notificaties, name="notificaties"),
    path("notificaties/alle-gelezen/", notificaties_gelezen, name="notificaties_gelezen"),
    path(
        "notificaties/<int:notificatie_id>/openen/", notificatie_openen, name="notificatie_openen"
    ),
]
