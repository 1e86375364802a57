"""Browser pages: screening (onderdeel A), the overige-zorg second judgement, the triagelijst and
picking a melding up from it.

Each view parses input with a form, calls one service or selector and renders. A refusal by a
service (DomainError) is shown on the form; GeenToegang is left to the middleware (Dutch 403).
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from meldingen import afwegingskader, services
from meldingen.forms.triage import (
    OppakkenForm,
    OverigeZorgForm,
    ScreeningForm,
    TriagelijstFilterForm,
)
from meldingen.keuzes import MeldingStatus, ScreeningUitkomst, Urgentie
from meldingen.models import Melding
from meldingen.selectors import triage as triage_selectors
from meldingen.selectors.dossier import eerdere_meldingen_voor
from meldingen.selectors.privacy import herhaalsignaal_voor
from meldingen.services import teams
from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.models import Rol
from veiligthuis.paginacache import Fragmentcache
from veiligthuis.rechten import TWEEDE_OORDEEL_OVERIGE_ZORG, eis_casusrol, eis_rol, heeft_casusrol
from veiligthuis.weergave import fout_in_formulier

TABEL_ID = "triagelijst-tabel"


def _team_melding(request: HttpRequest, nummer: str) -> Melding:
    """A melding of the user's own team, or 404 (nothing about another team's melding leaks)."""
    eis_casusrol(request.user)
    return get_object_or_404(triage_selectors.team_melding(gebruiker=request.user), nummer=nummer)


def _melding_kern(melding: Melding, gebruiker) -> dict:
    """What the screening pages show about a melding: the essentials, persons with their age,
    and the radar, so the screener sees a repeat melding before deciding."""
    vandaag = timezone.localdate()
    eerdere = eerdere_meldingen_voor(gebruiker=gebruiker, melding=melding)
    return {
        "eerdere_meldingen": eerdere,
        "radar": afwegingskader.radar(melding, aantal_eerdere=len(eerdere)),
        "melding": melding,
        "melder": getattr(melding, "melder", None),
        "aanleidingen": melding.aanleidingen_weergave,
        "betrokkenen": [
            (betrokkene, betrokkene.persoon.leeftijd_op(vandaag))
            for betrokkene in melding.directbetrokkenen.all()
        ],
        # Earlier forwarded overige zorg for this household: counted, never identified.
        "herhaalsignaal": herhaalsignaal_voor(melding),
    }


# --- Screening -----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def te_screenen(request: HttpRequest) -> HttpResponse:
    """The team's meldingen waiting for screening A and for a second judgement on overige zorg."""
    lijsten = triage_selectors.te_screenen(gebruiker=request.user)
    context = {
        **lijsten,
        "nu": timezone.now(),
        "mag_screenen": request.user.heeft_rol(Rol.ONDERZOEKER),
        "mag_tweede_oordeel": request.user.heeft_rol(*TWEEDE_OORDEEL_OVERIGE_ZORG),
    }
    return render(request, "meldingen/melding_te_screenen.html", context)


def _screening_bericht(melding: Melding) -> str:
    if melding.status == MeldingStatus.OP_TRIAGELIJST:
        return _("Melding %(nummer)s staat op de triagelijst met urgentie %(urgentie)s.") % {
            "nummer": melding.nummer,
            "urgentie": Urgentie(melding.urgentie).label.lower(),
        }
    if melding.status == MeldingStatus.OVERIGE_ZORG:
        return _(
            "Melding %(nummer)s is gescreend als overige zorg en wacht op het tweede oordeel van "
            "een gedragswetenschapper of aandachtfunctionaris."
        ) % {"nummer": melding.nummer}
    return _(
        "Melding %(nummer)s is acuut: onderdeel B is gestart met u en %(tweede)s. Leg vóór het "
        "besluit een MDO met een gedragswetenschapper of vertrouwensarts vast."
    ) % {"nummer": melding.nummer, "tweede": melding.beoordelaar_2}


@require_http_methods(["GET", "POST"])
def melding_screenen(request: HttpRequest, nummer: str) -> HttpResponse:
    """Onderdeel A: acuut, niet acuut (triagelijst with urgentie) or overige zorg."""
    melding = _team_melding(request, nummer)
    kandidaten = triage_selectors.tweede_beoordelaar_kandidaten(gebruiker=request.user)
    if request.method == "POST":
        form = ScreeningForm(request.POST, kandidaten=kandidaten)
        if form.is_valid():
            gegevens = form.cleaned_data
            try:
                melding = services.melding_screen(
                    melding_id=melding.pk,
                    door=request.user,
                    uitkomst=gegevens["uitkomst"],
                    toelichting=gegevens["toelichting"],
                    urgentie=gegevens["urgentie"],
                    tweede_id=gegevens["tweede"],
                )
            except GeenToegang:
                raise
            except DomainError as fout:
                fout_in_formulier(form, fout)
            else:
                messages.success(request, _screening_bericht(melding))
                if melding.status == MeldingStatus.IN_BEOORDELING:
                    return redirect("melding_dossier", nummer=melding.nummer)
                return redirect("te_screenen")
    else:
        form = ScreeningForm(kandidaten=kandidaten)
        audit_verzoek(request, "melding.screening_inzien", melding)
    context = {
        **_melding_kern(melding, request.user),
        "form": form,
        "te_screenen": melding.status == MeldingStatus.ONTVANGEN,
        "nu": timezone.now(),
        "mag_screenen": request.user.heeft_rol(Rol.ONDERZOEKER),
        "uitkomst_acuut": ScreeningUitkomst.ACUUT,
    }
    return render(request, "meldingen/melding_screenen.html", context)


@require_http_methods(["GET", "POST"])
def overige_zorg_oordeel(request: HttpRequest, nummer: str) -> HttpResponse:
    """Second judgement by a GW or aandachtfunctionaris before overige zorg is forwarded."""
    eis_rol(
        request.user,
        *TWEEDE_OORDEEL_OVERIGE_ZORG,
        actie=_("het tweede oordeel over overige zorg geven"),
    )
    melding = get_object_or_404(
        triage_selectors.tweede_oordeel_melding(gebruiker=request.user), nummer=nummer
    )
    if request.method == "POST":
        form = OverigeZorgForm(request.POST)
        if form.is_valid():
            gegevens = form.cleaned_data
            try:
                melding = services.overige_zorg_beoordelen(
                    melding_id=melding.pk,
                    door=request.user,
                    akkoord=gegevens["akkoord"],
                    toelichting=gegevens["toelichting"],
                    doorsturen_aan=gegevens["doorsturen_aan"],
                    urgentie=gegevens["urgentie"],
                )
            except GeenToegang:
                raise
            except DomainError as fout:
                fout_in_formulier(form, fout)
            else:
                if melding.status == MeldingStatus.DOORGESTUURD:
                    tekst = _(
                        "Melding %(nummer)s is doorgestuurd aan %(aan)s. De identificerende "
                        "gegevens zijn verwijderd."
                    ) % {"nummer": melding.nummer, "aan": melding.doorgestuurd_aan}
                else:
                    tekst = _screening_bericht(melding)
                messages.success(request, tekst)
                return redirect("te_screenen")
    else:
        form = OverigeZorgForm()
        audit_verzoek(request, "melding.overige_zorg_inzien", melding)
    context = {
        **_melding_kern(melding, request.user),
        "form": form,
        "wacht_op_oordeel": melding.status == MeldingStatus.OVERIGE_ZORG,
        "screening": getattr(melding, "beoordeling_a", None),
    }
    return render(request, "meldingen/melding_overige_zorg.html", context)


# --- Triagelijst ---------------------------------------------------------------------------------


def _lijst_url(organisatiebreed: bool) -> str:
    return reverse("triagelijst_organisatie" if organisatiebreed else "triagelijst")


# The triagelijst's table and filters, kept while nothing they show can have changed
# (veiligthuis.paginacache): the counter covers every table their queries read
# (tests/meldingen/test_triagecache.py checks them against the queries), and they show numbers,
# dates, states, gemeenten and staff names only.
TRIAGETABEL = Fragmentcache(
    "triagelijst",
    teller_sleutel=triage_selectors.TRIAGETELLER,
    bronbestanden=[
        "meldingen/views/triage.py",
        "meldingen/selectors/triage.py",
        "meldingen/forms/triage.py",
        "veiligthuis/termijnen.py",
        "templates/meldingen/_triagelijst_tabel.html",
        "templates/meldingen/_triagelijst_filters.html",
    ],
    instellingen=[
        "VT_DREIGEND_B_WERKDAGEN",
        "VT_BEVRIJDINGSDAG_JAARLIJKS",
        "VT_GOEDE_VRIJDAG_FEESTDAG",
        "TIME_ZONE",
        "LANGUAGE_CODE",
    ],
)


def _triagelijst_antwoord(
    request: HttpRequest,
    *,
    organisatiebreed: bool,
    query: QueryDict | None = None,
    alleen_tabel: bool = False,
    melding_tekst: str = "",
) -> HttpResponse:
    query = request.GET if query is None else query
    form = TriagelijstFilterForm(
        query, organisatiebreed=organisatiebreed, team_id=request.user.team_id
    )
    filters = triage_selectors.TriageFilters(**form.filterwaarden())
    triage_selectors.eis_triagelijst(request.user, organisatiebreed=organisatiebreed)
    filter_query = query.copy()
    paginanummer = filter_query.pop("pagina", [None])[-1] or 1
    context = {
        "organisatiebreed": organisatiebreed,
        "lijst_url": _lijst_url(organisatiebreed),
        "filter_query": filter_query,
        # The pick-up link of every row carries the filters: encoded once, not per row.
        "oppakken_query": f"?lijst={quote(filter_query.urlencode())}",
        "tabel_id": TABEL_ID,
        "melding_tekst": melding_tekst,
        "mag_oppakken": not organisatiebreed and request.user.heeft_rol(Rol.ONDERZOEKER),
        # Teamoverstijgend prioriteren (services.teams): which rows offer "naar ander team".
        "verplaatsbaar": teams.VERPLAATSBAAR,
        "verplaatsen_alle": request.user.heeft_rol(Rol.REGIOMANAGER),
        "verplaatsen_team": request.user.team_id
        if request.user.heeft_rol(Rol.WERKBEGELEIDER)
        else None,
    }

    def maken(nu) -> tuple[tuple[str, str], object]:
        resultaat = triage_selectors.triagelijst_pagina(
            gebruiker=request.user,
            organisatiebreed=organisatiebreed,
            filters=filters,
            paginanummer=paginanummer,
            nu=nu,
        )
        tabel = render_to_string(
            "meldingen/_triagelijst_tabel.html", {**context, "resultaat": resultaat}, request
        )
        # The filters' select lists (342 gemeenten) were half of a page's rendering.
        filterformulier = render_to_string(
            "meldingen/_triagelijst_filters.html", {**context, "form": form}, request
        )
        return (tabel, filterformulier), triage_selectors.ongewijzigd_tot(resultaat, nu=nu)

    if melding_tekst or not filters.tijdloos:
        tabel, filterformulier = maken(timezone.now())[0]
    else:
        # Everything the parts depend on besides the data and the time: who looks, at what.
        gebruiker = request.user
        onderdelen = (
            organisatiebreed,
            gebruiker.team_id,
            heeft_casusrol(gebruiker),
            context["mag_oppakken"],
            context["verplaatsen_alle"],
            context["verplaatsen_team"],
            filters.sleutel(),
            str(paginanummer),
            query.urlencode(),
            translation.get_language(),
        )
        tabel, filterformulier = TRIAGETABEL.ophalen(request, onderdelen, maken)
    if alleen_tabel or (request.htmx and not request.htmx.history_restore_request):
        antwoord = HttpResponse(tabel)
    else:
        # Both rendered by our own templates above.
        antwoord = render(
            request,
            "meldingen/triagelijst.html",
            {
                **context,
                "tabel": mark_safe(tabel),  # noqa: S308
                "filterformulier": mark_safe(filterformulier),  # noqa: S308
            },
        )
    # One URL, two shapes (page or table): caches and the back button must keep them apart.
    patch_vary_headers(antwoord, ("HX-Request",))
    return antwoord


@require_http_methods(["GET"])
def triagelijst(request: HttpRequest) -> HttpResponse:
    """The team's meldingen waiting for onderdeel B, by urgentie and wachttijd."""
    return _triagelijst_antwoord(request, organisatiebreed=False)


@require_http_methods(["GET"])
def triagelijst_organisatie(request: HttpRequest) -> HttpResponse:
    """Every team's triagelijst in one view, so priority can be set across teams (IGJ 2026)."""
    return _triagelijst_antwoord(request, organisatiebreed=True)


# --- Oppakken ------------------------------------------------------------------------------------


def _lijst_query(waarde: str) -> QueryDict:
    """The triagelijst's filters as the pick-up form carried them (re-encoded, never trusted raw)."""
    return QueryDict(waarde or "")


def _oppakken_geweigerd(request: HttpRequest, fout: DomainError, lijst: str) -> HttpResponse:
    """Someone else was first (or the melding moved on): say so and show the list as it is now."""
    query = _lijst_query(lijst)
    if request.htmx:
        antwoord = _triagelijst_antwoord(
            request,
            organisatiebreed=False,
            query=query,
            alleen_tabel=True,
            melding_tekst=fout.message,
        )
        return reswap(retarget(antwoord, f"#{TABEL_ID}"), "outerHTML")
    messages.error(request, fout.message)
    url = reverse("triagelijst")
    return redirect(f"{url}?{query.urlencode()}" if query else url)


@require_http_methods(["GET", "POST"])
def melding_oppakken(request: HttpRequest, nummer: str) -> HttpResponse:
    """Pick a melding up from the team's triagelijst with a second beoordelaar; B starts."""
    eis_rol(request.user, Rol.ONDERZOEKER, actie=_("een melding oppakken"))
    melding = get_object_or_404(
        triage_selectors.triage_melding(gebruiker=request.user), nummer=nummer
    )
    kandidaten = triage_selectors.tweede_beoordelaar_kandidaten(gebruiker=request.user)
    # Several rows may have their form open at once: ids must differ per melding.
    auto_id = f"id_%s_{melding.pk}"
    if request.method == "POST":
        form = OppakkenForm(request.POST, kandidaten=kandidaten, auto_id=auto_id)
        if form.is_valid():
            try:
                melding = services.melding_pick_up(
                    melding_id=melding.pk,
                    door=request.user,
                    tweede_id=form.cleaned_data["tweede"],
                )
            except GeenToegang:
                raise
            except DomainError as fout:
                if not fout.velden:
                    return _oppakken_geweigerd(request, fout, form.cleaned_data["lijst"])
                fout_in_formulier(form, fout)
            else:
                messages.success(
                    request,
                    _("U heeft melding %(nummer)s opgepakt met %(tweede)s. Onderdeel B is gestart.")
                    % {"nummer": melding.nummer, "tweede": melding.beoordelaar_2},
                )
                url = reverse("melding_dossier", kwargs={"nummer": melding.nummer})
                if request.htmx:
                    return HttpResponseClientRedirect(url)
                return redirect(url)
    else:
        form = OppakkenForm(
            initial={"lijst": request.GET.get("lijst", "")}, kandidaten=kandidaten, auto_id=auto_id
        )
    lijst = form["lijst"].value() or ""
    terug = reverse("triagelijst")
    context = {
        "melding": melding,
        "form": form,
        "oppakbaar": melding.status in triage_selectors.OPPAKBAAR,
        "terug_url": f"{terug}?{_lijst_query(lijst).urlencode()}" if lijst else terug,
    }
    template = "meldingen/_oppakken.html" if request.htmx else "meldingen/melding_oppakken.html"
    return render(request, template, context)


urlpatterns = [
    path("screening/", te_screenen, name="te_screenen"),
    path("meldingen/<nummer:nummer>/screenen/", melding_screenen, name="melding_screenen"),
    path(
        "meldingen/<nummer:nummer>/overige-zorg/",
        overige_zorg_oordeel,
        name="overige_zorg_oordeel",
    ),
    path("triagelijst/", triagelijst, name="triagelijst"),
    path("triagelijst/organisatie/", triagelijst_organisatie, name="triagelijst_organisatie"),
    path("meldingen/<nummer:nummer>/oppakken/", melding_oppakken, name="melding_oppakken"),
]
