"""Browser pages of the reports: a printable page and a CSV download, aggregates only."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veiligthuis import termijnen
from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import RAPPORTAGEROLLEN, eis_rol
from veiligthuis.replica import leest_van_replica
from wachtlijst import rapportages
from wachtlijst.forms import KwartaalRapportForm, RapportForm, WachtlijstRapportForm
from wachtlijst.rapportages.tabel import kleine_basis


def _eis_toegang(request: HttpRequest) -> None:
    eis_rol(request.user, *RAPPORTAGEROLLEN, actie=_("rapportages bekijken"))


def _eigen_team(medewerker: Medewerker) -> str:
    """A werkbegeleider starts with the own team selected; managers start organisation-wide."""
    if (
        medewerker.team_id
        and medewerker.heeft_rol(Rol.WERKBEGELEIDER)
        and not medewerker.heeft_rol(Rol.DIRECTIE, Rol.REGIOMANAGER)
    ):
        return str(medewerker.team_id)
    return ""


def _gegevens(request: HttpRequest, standaard: dict[str, str]) -> dict[str, str]:
    """The defaults, overridden by whatever the query string holds (the last value of a key)."""
    return {**standaard, "team": _eigen_team(request.user), **request.GET.dict()}


def _meld_fout(form: RapportForm, fout: DomainError) -> None:
    form.add_error(None, fout.message)
    for veld, bericht in fout.velden.items():
        form.add_error(veld, bericht)


def _csv(
    bestandsnaam: str, kop: list[list[str]], tabellen: list[rapportages.Tabel]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam}"'
    response.write("\ufeff")  # the byte order mark makes Excel read UTF-8
    rapportages.schrijf_csv(response, kop, tabellen)
    return response


def _antwoord(
    request: HttpRequest,
    *,
    rapport: str,
    form: RapportForm,
    maak: Callable[[], tuple[rapportages.Rapportperiode, list[rapportages.Tabel]]],
    titel: str,
    bestandsnaam: Callable[[rapportages.Rapportperiode], str],
    velden: tuple[str, ...],
) -> HttpResponse:
    """Validate, build the tables, and answer with the page (400 on bad input) or the CSV."""
    template = f"wachtlijst/rapportage_{rapport}.html"
    context: dict = {"form": form, "titel": titel}
    if not form.is_valid():
        return render(request, template, context, status=400)
    try:
        periode, tabellen = maak()
    except DomainError as fout:
        _meld_fout(form, fout)
        return render(request, template, context, status=400)
    team = form.cleaned_data["team"]
    team_label = team.naam if team else _("Alle teams")
    if form.cleaned_data["formaat"] == "csv":
        audit_verzoek(
            request,
            "rapportage.download",
            None,
            rapport=rapport,
            van=periode.van.isoformat(),
            tot=periode.tot.isoformat(),
            team=team.pk if team else None,
        )
        kop = [
            [titel],
            [_("Periode"), periode.label],
            [_("Team"), team_label],
            [_("Gemaakt op"), f"{timezone.localtime():%d-%m-%Y %H:%M}"],
        ]
        return _csv(bestandsnaam(periode), kop, tabellen)
    filters = {veld: form.data.get(veld, "") for veld in velden}
    return render(
        request,
        template,
        {
            **context,
            "periode": periode,
            "team_label": team_label,
            "tabellen": tabellen,
            "csv_query": urlencode({**filters, "formaat": "csv"}),
            "gemaakt_op": timezone.now(),
            "minimale_basis": kleine_basis(),
        },
    )


def _vandaag():
    return termijnen.lokale_datum(timezone.now())


@require_http_methods(["GET"])
@leest_van_replica
def index(request: HttpRequest) -> HttpResponse:
    _eis_toegang(request)
    vandaag = _vandaag()
    periode = rapportages.standaard_wachtlijstperiode(vandaag)
    jaar, nummer = rapportages.standaard_kwartaal(vandaag)
    team = _eigen_team(request.user)
    return render(
        request,
        "wachtlijst/rapportages.html",
        {
            "wachtlijst_form": WachtlijstRapportForm(
                initial={"van": periode.van, "tot": periode.tot, "team": team},
                auto_id="id_wachtlijst_%s",
            ),
            "kwartaal_form": KwartaalRapportForm(
                initial={"jaar": jaar, "kwartaal": nummer, "team": team},
                auto_id="id_kwartaal_%s",
            ),
        },
    )


@require_http_methods(["GET"])
@leest_van_replica
def wachtlijst(request: HttpRequest) -> HttpResponse:
    _eis_toegang(request)
    vandaag = _vandaag()
    standaard = rapportages.standaard_wachtlijstperiode(vandaag)
    form = WachtlijstRapportForm(
        _gegevens(request, {"van": standaard.van.isoformat(), "tot": standaard.tot.isoformat()})
    )

    def maak():
        periode = rapportages.wachtlijstperiode(
            van=form.cleaned_data["van"], tot=form.cleaned_data["tot"], vandaag=vandaag
        )
        return periode, rapportages.wachtlijstrapport(
            periode=periode, team=form.cleaned_data["team"]
        )

    return _antwoord(
        request,
        rapport="wachtlijst",
        form=form,
        maak=maak,
        titel=_("Wachtlijstrapportage"),
        bestandsnaam=lambda p: f"wachtlijstrapportage_{p.van:%Y-%m-%d}_{p.tot:%Y-%m-%d}.csv",
        velden=("van", "tot", "team"),
    )


@require_http_methods(["GET"])
@leest_van_replica
def kwartaal(request: HttpRequest) -> HttpResponse:
    _eis_toegang(request)
    vandaag = _vandaag()
    jaar, nummer = rapportages.standaard_kwartaal(vandaag)
    form = KwartaalRapportForm(_gegevens(request, {"jaar": str(jaar), "kwartaal": str(nummer)}))

    def maak():
        jaar, nummer = form.cleaned_data["jaar"], form.cleaned_data["kwartaal"]
        periode = rapportages.kwartaalperiode(jaar=jaar, nummer=nummer, vandaag=vandaag)
        return periode, rapportages.kwartaalrapport(
            jaar=jaar, nummer=nummer, team=form.cleaned_data["team"]
        )

    return _antwoord(
        request,
        rapport="kwartaal",
        form=form,
        maak=maak,
        titel=_("Kwartaalrapportage"),
        bestandsnaam=lambda p: f"kwartaalrapportage_{p.van.year}-K{(p.van.month + 2) // 3}.csv",
        velden=("jaar", "kwartaal", "team"),
    )


urlpatterns = [
    path("rapportages/", index, name="rapportages"),
    path("rapportages/wachtlijst/", wachtlijst, name="rapportage_wachtlijst"),
    path("rapportages/kwartaal/", kwartaal, name="rapportage_kwartaal"),
]
