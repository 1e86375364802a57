"""Browser page: the terugkoppeling aan de melder (a legal task) of one melding."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from diensten import services
from diensten.forms import TerugkoppelingForm
from diensten.keuzes import TerugkoppelingMoment
from diensten.selectors import melding_voor_terugkoppeling
from meldingen.models import Melding
from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.weergave import fout_in_formulier


def _dienst_van(melding: Melding):
    return getattr(melding, "vervolgdienst", None)


@require_http_methods(["GET", "POST"])
def melding_terugkoppeling(request: HttpRequest, nummer: str) -> HttpResponse:
    """When and how the melder was informed, after the beoordeling and after the dienst."""
    melding = melding_voor_terugkoppeling(gebruiker=request.user, nummer=nummer)
    if request.method == "POST":
        form = TerugkoppelingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.terugkoppeling_vastleggen(
                    melding_id=melding.pk,
                    door=request.user,
                    moment=data["moment"],
                    wijze=data["wijze"],
                    op=data["op"],
                    toelichting=data["toelichting"],
                )
            except GeenToegang:
                raise
            except DomainError as fout:
                fout_in_formulier(form, fout)
            else:
                messages.success(request, _("De terugkoppeling aan de melder is vastgelegd."))
                return redirect("melding_terugkoppeling", nummer=melding.nummer)
    else:
        dienst = _dienst_van(melding)
        gedaan = {t.moment for t in melding.terugkoppelingen.all()}
        moment = (
            TerugkoppelingMoment.NA_DIENST
            if dienst is not None and TerugkoppelingMoment.NA_BEOORDELING in gedaan
            else TerugkoppelingMoment.NA_BEOORDELING
        )
        form = TerugkoppelingForm(initial_moment=moment)
        audit_verzoek(request, "melding.terugkoppeling_inzien", melding)
    context = {
        "melding": melding,
        "besluit": getattr(melding, "besluit", None),
        "dienst": _dienst_van(melding),
        "melder": getattr(melding, "melder", None),
        "terugkoppelingen": list(melding.terugkoppelingen.all()),
        "form": form,
    }
    return render(request, "diensten/melding_terugkoppeling.html", context)
