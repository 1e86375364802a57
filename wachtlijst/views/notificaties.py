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
from wachtlijst.models import Signalering
from wachtlijst.models import SignaleringSoort as S
from wachtlijst.selectors.notificaties import STANDEN, notificaties_voor
from wachtlijst.services import notificatie_lezen, notificaties_alle_lezen

PER_PAGINA = 50

# Where a notification opens: the page on which its signalering is acted upon (URL name, whether
# it takes the dienst instead of the melding, and the section). Anything else: the dossier.
BESTEMMINGEN: dict[str, tuple[str, bool, str]] = {
    S.A_DREIGEND: ("melding_screenen", False, ""),
    S.A_OVERSCHREDEN: ("melding_screenen", False, ""),
    S.B_DREIGEND: ("melding_dossier", False, "#activiteiten"),
    S.B_OVERSCHREDEN: ("melding_dossier", False, "#activiteiten"),
    S.DIENST_NIET_GESTART: ("dienst_detail", True, ""),
    S.DIENST_DREIGEND: ("dienst_detail", True, ""),
    S.DIENST_OVERSCHREDEN: ("dienst_detail", True, ""),
    S.MONITORING_ACHTERSTALLIG: ("dienst_detail", True, "#monitoring"),
    S.INFORMEREN_OVERSCHREDEN: ("betrokkenen_wijzigen", False, ""),
    S.ZICHT_ACHTERSTALLIG: ("zicht_op_veiligheid", False, ""),
    S.TWEEDE_OORDEEL_TE_LAAT: ("overige_zorg_oordeel", False, ""),
    S.BESLOTEN_NIET_AFGEROND: ("melding_dossier", False, "#acties"),
    S.TERUGKOPPELING_TE_LAAT: ("melding_terugkoppeling", False, ""),
    S.KETENPARTNER_NA_B_WACHT: ("melding_overdracht", False, ""),
}


def bestemming(signalering: Signalering) -> str:
    """The URL a notification of this signalering opens."""
    melding = signalering.melding
    dienst = getattr(melding, "vervolgdienst", None)
    if signalering.soort == S.AFSPRAAK_NIET_GECONTROLEERD:
        # An afspraak of the overdracht after a dienst, or of the overdracht straight after B.
        if dienst is not None:
            return reverse("dienst_detail", args=[dienst.pk]) + "#overdracht"
        return reverse("melding_overdracht", args=[melding.nummer])
    naam, van_dienst, sectie = BESTEMMINGEN.get(signalering.soort, ("melding_dossier", False, ""))
    if van_dienst:
        if dienst is None:
            return reverse("melding_dossier", args=[melding.nummer])
        return reverse(naam, args=[dienst.pk]) + sectie
    return reverse(naam, args=[melding.nummer]) + sectie


@require_GET
def notificaties(request: HttpRequest) -> HttpResponse:
    """The list, unread first; filtered on the signalering's state (open by default); a fixed
    number of queries per page."""
    stand = request.GET.get("stand", "open")
    if stand not in STANDEN:
        stand = "open"
    pagina = Paginator(notificaties_voor(gebruiker=request.user, stand=stand), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "wachtlijst/notificaties.html",
        {"pagina": pagina, "stand": stand, "standen": STANDEN},
    )


@require_POST
def notificatie_openen(request: HttpRequest, notificatie_id: int) -> HttpResponse:
    """Mark read, then open the page where the signalering is acted upon (`bestemming`)."""
    try:
        notificatie = notificatie_lezen(notificatie_id=notificatie_id, door=request.user)
    except DomainError as fout:
        raise Http404(fout.message) from fout
    return redirect(bestemming(notificatie.signalering))


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
