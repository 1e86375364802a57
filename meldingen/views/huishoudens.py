"""Browser page "Huishouden": the melding's household and the records that may be the same address.

The werkbegeleider and the secretariaat of the melding's team merge such a record into the
melding's household, or undo a merge, each with a reason (services.huishoudens). A refusal is shown
on the page in Dutch and changes nothing; a GeenToegang is the Dutch 403. Viewing is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meldingen.selectors.dossier import dossier_voor
from meldingen.selectors.huishoudens import huishouden_kandidaten, samenvoegingen_voor
from meldingen.services import huishoudens as services
from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.rechten import werkt_in_team


def _pagina(request: HttpRequest, nummer: str, *, fout: str = "", status: int = 200):
    melding = dossier_voor(gebruiker=request.user, nummer=nummer)
    context = {
        "melding": melding,
        "kandidaten": huishouden_kandidaten(melding),
        "samenvoegingen": samenvoegingen_voor(melding),
        "mag_samenvoegen": werkt_in_team(request.user, melding.team_id)
        and request.user.heeft_rol(*services.TERUGDRAAIROLLEN),
        "fout": fout,
        "fout_bij": request.POST.get("van") or request.POST.get("samenvoeging") or "",
        "reden": request.POST.get("reden", ""),
    }
    audit_verzoek(request, "huishouden.inzien", melding)
    return render(request, "meldingen/huishouden.html", context, status=status)


@require_GET
def huishouden(request: HttpRequest, nummer: str) -> HttpResponse:
    return _pagina(request, nummer)


def _getal(waarde: str | None, melding: str) -> int:
    try:
        return int(waarde or "")
    except ValueError:
        raise DomainError(melding) from None


@require_POST
def huishouden_samenvoegen(request: HttpRequest, nummer: str) -> HttpResponse:
    melding = dossier_voor(gebruiker=request.user, nummer=nummer)
    try:
        services.huishoudens_samenvoegen(
            melding_id=melding.pk,
            van_id=_getal(
                request.POST.get("van"), _("Kies het huishouden dat u wilt samenvoegen.")
            ),
            door=request.user,
            reden=request.POST.get("reden", ""),
        )
    except GeenToegang:
        raise
    except DomainError as fout:
        return _pagina(request, nummer, fout=str(fout), status=400)
    messages.success(request, _("De huishoudens zijn samengevoegd."))
    return redirect("melding_huishouden", nummer=nummer)


@require_POST
def huishouden_splitsen(request: HttpRequest, nummer: str, samenvoeging_id: int) -> HttpResponse:
    melding = dossier_voor(gebruiker=request.user, nummer=nummer)
    try:
        if not melding.huishoudsamenvoegingen.filter(pk=samenvoeging_id).exists():
            raise DomainError(_("Deze samenvoeging hoort niet bij deze melding."))
        services.huishoudens_splitsen(
            samenvoeging_id=samenvoeging_id, door=request.user, reden=request.POST.get("reden", "")
        )
    except GeenToegang:
        raise
    except DomainError as fout:
        return _pagina(request, nummer, fout=str(fout), status=400)
    messages.success(request, _("De samenvoeging van de huishoudens is teruggedraaid."))
    return redirect("melding_huishouden", nummer=nummer)


urlpatterns = [
    path("meldingen/<nummer:nummer>/huishouden/", huishouden, name="melding_huishouden"),
    path(
        "meldingen/<nummer:nummer>/huishouden/samenvoegen/",
        huishouden_samenvoegen,
        name="huishouden_samenvoegen",
    ),
    path(
        "meldingen/<nummer:nummer>/huishouden/splitsen/<int:samenvoeging_id>/",
        huishouden_splitsen,
        name="huishouden_splitsen",
    ),
]
