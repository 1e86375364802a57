"""Browser page: the wachttijdprognose (wachtlijst/prognose.py), aggregates only.

Directie and regiomanagers choose the organisation or a team; a werkbegeleider sees the own
team. The directie and werkbegeleider pages load the same section with htmx (and link to this
page without JavaScript), so the dashboard does not wait for the simulation.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from veiligthuis.exceptions import GeenToegang
from veiligthuis.models import Rol, Team
from veiligthuis.rechten import eis_rol
from veiligthuis.replica import leest_van_replica
from wachtlijst import prognose, svg
from wachtlijst.models import Wachtrij

WACHTRIJEN = (Wachtrij.VEILIGHEIDSBEOORDELING, Wachtrij.START_DIENST)


def _team(request: HttpRequest) -> tuple[Team | None, list[Team]]:
    """The team shown (None: the organisation) and the teams the user may choose from."""
    gebruiker = request.user
    if gebruiker.heeft_rol(Rol.DIRECTIE) or gebruiker.heeft_rol(Rol.REGIOMANAGER):
        teams = list(Team.objects.order_by("naam"))
        gekozen = request.GET.get("team", "")
        team = next((t for t in teams if str(t.pk) == gekozen), None)
        return team, teams
    if not gebruiker.team_id:
        raise GeenToegang(_("U hoort bij geen team: er is geen prognose voor u."))
    return gebruiker.team, []


def _grafiek(p: prognose.Prognose, titel: str) -> str:
    reeksen = [
        (_("Verwacht (mediaan)"), p.mediaan),
        (_("Ondergrens (10 %)"), p.onder),
        (_("Bovengrens (90 %)"), p.boven),
    ]
    if p.met_extra:
        reeksen.append((_("Met extra fte (mediaan)"), p.met_extra))
    return svg.lijndiagram(
        f"grafiek-prognose-{p.wachtrij}",
        titel,
        _(
            "Lijndiagram: het verwachte aantal wachtenden aan het eind van elk van de komende "
            "12 weken, met de onder- en bovengrens van de bandbreedte. De tabel hieronder bevat "
            "dezelfde cijfers."
        ),
        [f"wk {maandag.isocalendar()[1]}" for maandag in p.weken],
        reeksen,
        label_elke=2,
    )


@require_GET
@leest_van_replica
def prognose_view(request: HttpRequest) -> HttpResponse:
    eis_rol(
        request.user,
        Rol.DIRECTIE,
        Rol.REGIOMANAGER,
        Rol.WERKBEGELEIDER,
        actie=_("de wachttijdprognose bekijken"),
    )
    team, teams = _team(request)
    extra_fte, extra_weken, fout = prognose.wat_als_lezen(request.GET)
    blokken = []
    for wachtrij in WACHTRIJEN:
        p = prognose.maken(
            wachtrij,
            team_id=team.pk if team else None,
            extra_fte=extra_fte,
            extra_weken=extra_weken,
        )
        titel = str(wachtrij.label)
        blokken.append(
            {
                "titel": titel,
                "prognose": p,
                "grafiek": _grafiek(p, titel) if p else "",
                "rijen": list(zip(p.weken, p.mediaan, p.onder, p.boven, strict=True)) if p else [],
                "terugtoets": prognose.terugtoets(wachtrij, team_id=team.pk if team else None),
            }
        )
    context = {
        "team": team,
        "teams": teams,
        "blokken": blokken,
        "extra_fte": extra_fte or "",
        "extra_weken": extra_weken or "",
        "fout": fout,
        "historie_weken": prognose.HISTORIE_WEKEN,
        "horizon": prognose.HORIZON_WEKEN,
        "alleen_deel": bool(request.htmx),
    }
    sjabloon = "wachtlijst/_prognose.html" if request.htmx else "wachtlijst/prognose.html"
    return render(request, sjabloon, context)


urlpatterns = [path("prognose/", prognose_view, name="prognose")]
