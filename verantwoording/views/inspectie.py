"""The inspectiedossier page: figures per IGJ norm for a period, the cases behind each figure as
far as the medewerker may see them, and a reproducible steekproef of dossiers.

Figures (teller/noemer) are for the whole organisation and shown to every INSPECTIEROL; the
case numbers behind them only for the cases `meldingen_voor` lets the medewerker see, so
directie sees figures only. `?afdrukken=1` gives the same page laid out for A4.
"""

from __future__ import annotations

from datetime import timedelta

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veiligthuis import termijnen
from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError
from veiligthuis.rechten import INSPECTIEROLLEN, eis_rol
from veiligthuis.weergave import fout_in_formulier
from verantwoording import inspectie
from verantwoording.forms import InspectieForm


def _standaard(vandaag) -> dict[str, str]:
    """The last whole month, a steekproef of 10."""
    eerste = vandaag.replace(day=1)
    vorige = (eerste - timedelta(days=1)).replace(day=1)
    return {"soort": "maand", "maand": f"{vorige:%Y-%m}", "n": "10"}


@require_GET
def inspectiedossier(request):
    eis_rol(request.user, *INSPECTIEROLLEN, actie=_("het inspectiedossier bekijken"))
    nu = timezone.now()
    vandaag = termijnen.lokale_datum(nu)
    form = InspectieForm({**_standaard(vandaag), **request.GET.dict()})
    context: dict = {"form": form, "afdrukken": request.GET.get("afdrukken") == "1", "nu": nu}
    if not form.is_valid():
        return render(request, "verantwoording/inspectie.html", context, status=400)
    data = form.cleaned_data
    try:
        periode = inspectie.kies_periode(
            soort=data["soort"],
            vandaag=vandaag,
            maand=data["maand"],
            jaar=data["jaar"],
            kwartaalnummer=data["kwartaal"],
            van=data["van"],
            tot=data["tot"],
        )
    except DomainError as fout:
        fout_in_formulier(form, fout)
        return render(request, "verantwoording/inspectie.html", context, status=400)
    normen = inspectie.inspectiedossier(periode, nu=nu)
    alle_ids = {
        regel.melding_id
        for _norm, figuren in normen
        for cijfer in figuren
        for regel in (cijfer.dossiers or [])
    }
    zichtbaar = inspectie.zichtbare_dossiers(request.user, alle_ids)
    weergave = []
    for norm, figuren in normen:
        rijen = []
        for cijfer in figuren:
            dossiers = cijfer.dossiers or []
            eigen = [r for r in dossiers if r.melding_id in zichtbaar]
            rijen.append(
                {
                    "cijfer": cijfer,
                    "heeft_dossiers": cijfer.dossiers is not None,
                    "niet_voldaan": [r.nummer for r in eigen if not r.voldaan],
                    "voldaan": [r.nummer for r in eigen if r.voldaan],
                    "buiten_zicht": len(dossiers) - len(eigen),
                }
            )
        weergave.append({"norm": norm, "cijfers": rijen})
    zaad = data["zaad"] if data["zaad"] is not None else inspectie.standaard_zaad(periode)
    steekproef = inspectie.steekproef(
        gebruiker=request.user, periode=periode, n=data["n"], zaad=zaad
    )
    getoond = sorted(
        {n for rij in weergave for c in rij["cijfers"] for n in c["niet_voldaan"] + c["voldaan"]}
        | {m.nummer for m in steekproef}
    )
    audit_verzoek(
        request,
        "inspectie.bekijken",
        None,
        van=periode.van.isoformat(),
        tot=periode.tot.isoformat(),
        zaad=zaad,
        nummers=getoond,
        aantal=len(getoond),
    )
    context.update(
        {
            "periode": periode,
            "normen": weergave,
            "steekproef": steekproef,
            "zaad": zaad,
            "toont_dossiers": bool(zichtbaar) or bool(steekproef),
            "afdruk_query": request.GET.urlencode(),
        }
    )
    return render(request, "verantwoording/inspectie.html", context)


urlpatterns = [
    path("verantwoording/inspectie/", inspectiedossier, name="inspectiedossier"),
]
