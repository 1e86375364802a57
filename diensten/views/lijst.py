"""Browser page: the team's vervolgdiensten, open ones by termijn."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from diensten.forms import DienstFilterForm
from diensten.selectors import DienstFilters, diensten_pagina
from veiligthuis.models import Rol

TABEL_ID = "diensten-tabel"


@require_http_methods(["GET"])
def dienst_lijst(request: HttpRequest) -> HttpResponse:
    """Filters status and type; htmx swaps only the table. A fixed number of queries per page."""
    form = DienstFilterForm(request.GET or None, team_id=request.user.team_id)
    filters = DienstFilters(**form.filterwaarden())
    resultaat = diensten_pagina(
        gebruiker=request.user, filters=filters, paginanummer=request.GET.get("pagina")
    )
    filter_query = request.GET.copy()
    filter_query.pop("pagina", None)
    context = {
        "form": form,
        "resultaat": resultaat,
        "filter_query": filter_query,
        "lijst_url": reverse("dienst_lijst"),
        "tabel_id": TABEL_ID,
        # Teamoverstijgend prioriteren: a waiting dienst can move (diensten.services.teams).
        "verplaatsen": request.user.heeft_rol(Rol.WERKBEGELEIDER, Rol.REGIOMANAGER),
    }
    template = "diensten/_dienst_lijst_tabel.html" if request.htmx else "diensten/dienst_lijst.html"
    return render(request, template, context)
