"""Browser pages: the directie dashboard (aggregates only — no names, no case content)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veiligthuis.models import Rol
from veiligthuis.rechten import eis_rol
from veiligthuis.replica import leest_van_replica
from wachtlijst import dashboard, svg


def _grafieken(gegevens: dict) -> dict:
    beoordelingen = gegevens["beoordelingen"]
    diensten = gegevens["diensten"]
    weken = gegevens["weken"]
    trend = gegevens["trend"]
    return {
        "beoordelingen": svg.staafdiagram(
            "grafiek-beoordelingen",
            _("Veiligheidsbeoordelingen binnen de termijn, per maand"),
            _(
                "Staafdiagram: per maand van het besluit het percentage veiligheidsbeoordelingen "
                "dat binnen de termijn is afgerond, de afgelopen 12 maanden. "
                "De tabel hieronder bevat dezelfde cijfers."
            ),
            [p.label for p in beoordelingen],
            [(_("Binnen termijn"), [p.percentage for p in beoordelingen])],
            eenheid="%",
            maximum=100,
        ),
        "diensten": svg.staafdiagram(
            "grafiek-diensten",
            _("Vervolgdiensten binnen 10 weken, per maand"),
            _(
                "Staafdiagram: per maand van afronden het percentage vervolgdiensten dat binnen "
                "10 weken na het besluit is afgerond, de afgelopen 12 maanden. "
                "De tabel hieronder bevat dezelfde cijfers."
            ),
            [p.label for p in diensten],
            [(_("Binnen 10 weken"), [p.percentage for p in diensten])],
            eenheid="%",
            maximum=100,
        ),
        "weken": svg.staafdiagram(
            "grafiek-weken",
            _("Instroom en uitstroom per week"),
            _(
                "Staafdiagram: per week het aantal ontvangen meldingen (instroom) naast het "
                "aantal genomen besluiten (uitstroom), de afgelopen 12 weken. "
                "De tabel hieronder bevat dezelfde cijfers."
            ),
            [w.label for w in weken],
            [
                (_("Instroom (meldingen)"), [w.instroom for w in weken]),
                (_("Uitstroom (besluiten)"), [w.uitstroom for w in weken]),
            ],
        ),
        "trend": svg.lijndiagram(
            "grafiek-trend",
            _("Aantal wachtenden per dag, per wachtrij"),
            _(
                "Lijndiagram: per dag het totaal aantal wachtenden over alle teams, per wachtrij, "
                "de afgelopen 90 dagen, uit de dagelijkse momentopnamen. "
                "De tabel hieronder bevat dezelfde cijfers."
            ),
            [f"{dag:%d-%m}" for dag in trend.dagen],
            [(label, waarden) for _code, label, waarden in trend.reeksen],
            breedte=1200,
        ),
    }


def _eis_directie(request: HttpRequest) -> None:
    eis_rol(request.user, Rol.DIRECTIE, Rol.REGIOMANAGER, actie=_("het directiedashboard bekijken"))


@require_http_methods(["GET"])
@leest_van_replica
def directie(request: HttpRequest) -> HttpResponse:
    _eis_directie(request)
    gegevens = dashboard.dashboard(timezone.now())
    trend = gegevens["trend"]
    trend_rijen = [
        (dag, [waarden[i] for _code, _label, waarden in trend.reeksen])
        for i, dag in enumerate(trend.dagen)
    ]
    return render(
        request,
        "wachtlijst/directie.html",
        {
            **gegevens,
            "grafieken": _grafieken(gegevens),
            "trend_rijen": trend_rijen,
            "trend_namen": [label for _code, label, _waarden in trend.reeksen],
        },
    )


@require_http_methods(["GET"])
@leest_van_replica
def per_team(request: HttpRequest) -> HttpResponse:
    """Gestart of alleen opgepakt, and % binnen termijn this quarter, per team: the dashboard
    loads this after the page (htmx; a link without JavaScript), as it does the forecast, so the
    page itself does not wait for the two heaviest per-team aggregates."""
    _eis_directie(request)
    nu = timezone.now()
    context = {
        "nu": nu,
        "gestart": dashboard.gestart_per_team(),
        "binnen_termijn_teams": dashboard.binnen_termijn_dit_kwartaal(nu),
    }
    sjabloon = "wachtlijst/_directie_per_team.html"
    if not request.htmx:
        sjabloon = "wachtlijst/directie_per_team.html"
    return render(request, sjabloon, context)


urlpatterns = [
    path("directie/", directie, name="directie"),
    path("directie/per-team/", per_team, name="directie_per_team"),
]
