"""Browser pages: intake. Adviezen (list, new, detail, afronden, omzetten) and melding registration
with any number of directbetrokkenen, added inline with htmx and matched to known persons."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from meldingen import selectors, services
from meldingen.forms.bijlagen import BijlageForm
from meldingen.forms.intake import (
    MAX_RIJEN,
    AdviesFilterForm,
    AdviesForm,
    BetrokkeneForm,
    MeldingForm,
    lees_datum,
    ontvangst_nu,
    rij_index,
)
from meldingen.keuzes import AdviesStatus
from meldingen.selectors.bijlagen import bijlagen_lijst
from meldingen.selectors.personen import gekoppelde_personen, kan_zoeken, persoon_kandidaten
from meldingen.services.bijlagen import is_anoniem
from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.rechten import ADVIESROLLEN, CASUSROLLEN, INTAKEROLLEN, eis_rol, werkt_in_team
from veiligthuis.weergave import fout_in_formulier

ADVIEZEN_PER_PAGINA = 50
KOPPEL_FOUT = _lazy(
    "Deze persoon past niet bij het BSN, of bij de achternaam en geboortedatum, van deze rij. "
    "Zoek opnieuw en koppel een van de gevonden personen."
)


# --- helpers ------------------------------------------------------------------------------------


def _eis_adviezen_inzien(gebruiker) -> None:
    """Adviezen are case records: team roles only (directie and beheer see aggregates elsewhere)."""
    if not gebruiker.is_active or not gebruiker.heeft_rol(*CASUSROLLEN):
        raise GeenToegang(_("Adviezen zijn alleen in te zien door medewerkers van een team."))


def _eis_registreren(gebruiker) -> None:
    eis_rol(gebruiker, *INTAKEROLLEN, actie=_("een melding registreren"))


def _plaats_fout(form, fout: DomainError, aliassen: dict[str, str]) -> None:
    """A service refusal next to the field it names, after translating service field names."""
    velden = {aliassen.get(veld, veld): tekst for veld, tekst in fout.velden.items()}
    fout_in_formulier(form, DomainError(fout.message, velden=velden))


# --- adviezen -----------------------------------------------------------------------------------


@require_GET
def advies_lijst(request):
    _eis_adviezen_inzien(request.user)
    adviezen = selectors.adviezen_voor(gebruiker=request.user)
    filter_form = AdviesFilterForm(request.GET or None)
    status = ""
    if filter_form.is_valid():
        status = filter_form.cleaned_data["status"]
        if status:
            adviezen = adviezen.filter(status=status)
    pagina = Paginator(adviezen, ADVIEZEN_PER_PAGINA).get_page(request.GET.get("pagina"))
    context = {
        "filter_form": filter_form,
        "pagina": pagina,
        "status": status,
        "mag_adviseren": request.user.heeft_rol(*ADVIESROLLEN),
    }
    return render(request, "meldingen/advies_lijst.html", context)


@require_http_methods(["GET", "POST"])
def advies_nieuw(request):
    eis_rol(request.user, *ADVIESROLLEN, actie=_("een advies vastleggen"))
    if request.method == "POST":
        form = AdviesForm(request.POST)
        if form.is_valid():
            try:
                advies = services.advies_register(door=request.user, **form.service_argumenten())
            except GeenToegang:
                raise
            except DomainError as fout:
                _plaats_fout(form, fout, AdviesForm.ALIASSEN)
            else:
                messages.success(
                    request, _("Advies %(nummer)s is vastgelegd.") % {"nummer": advies.nummer}
                )
                return redirect("advies_detail", nummer=advies.nummer)
    else:
        form = AdviesForm(initial=ontvangst_nu())
    return render(request, "meldingen/advies_form.html", {"form": form})


def _advies_of_404(request, nummer: str):
    _eis_adviezen_inzien(request.user)
    return get_object_or_404(selectors.adviezen_voor(gebruiker=request.user), nummer=nummer)


@require_GET
def advies_detail(request, nummer: str):
    return advies_pagina(request, _advies_of_404(request, nummer))


def advies_pagina(request, advies, *, bijlage_form=None, status: int = 200):
    """The advies page (also with an upload form that was refused); viewing it is audited."""
    audit_verzoek(request, "advies.inzien", advies)
    is_open = advies.status == AdviesStatus.OPEN
    mag_adviseren = request.user.heeft_rol(*ADVIESROLLEN)
    context = {
        "advies": advies,
        "mag_afronden": is_open and mag_adviseren,
        "mag_omzetten": is_open and request.user.heeft_rol(*INTAKEROLLEN),
        "bijlagen": list(bijlagen_lijst(advies.bijlagen.all())),
        "anoniem": is_anoniem(advies),
        "mag_bijlage_toevoegen": mag_adviseren and werkt_in_team(request.user, advies.team_id),
        "bijlage_form": bijlage_form or BijlageForm(advies=True),
    }
    return render(request, "meldingen/advies_detail.html", context, status=status)


@require_POST
def advies_afronden(request, nummer: str):
    advies = _advies_of_404(request, nummer)
    try:
        services.advies_afronden(advies_id=advies.pk, door=request.user)
    except GeenToegang:
        raise
    except DomainError as fout:
        messages.error(request, fout.message)
    else:
        messages.success(request, _("Advies %(nummer)s is afgerond.") % {"nummer": advies.nummer})
    return redirect("advies_detail", nummer=advies.nummer)


@require_http_methods(["GET", "POST"])
def advies_omzetten(request, nummer: str):
    advies = _advies_of_404(request, nummer)
    _eis_registreren(request.user)
    if request.method == "GET" and advies.status != AdviesStatus.OPEN:
        messages.error(
            request,
            _("Dit advies is al %(status)s en kan niet meer worden omgezet.")
            % {"status": advies.get_status_display().lower()},
        )
        return redirect("advies_detail", nummer=advies.nummer)
    return _melding_formulier(request, advies=advies)


# --- melding registration -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def melding_nieuw(request):
    _eis_registreren(request.user)
    return _melding_formulier(request)


def _beginwaarden(advies) -> dict:
    """A new melding starts now; one converted from an advies takes over what the advies knew."""
    initial = ontvangst_nu()
    if advies is not None:
        initial.update(
            kanaal=advies.kanaal,
            gemeente=advies.gemeente_id,
            aanleidingen=[advies.aanleiding],
            melder_hoedanigheid=advies.hoedanigheid,
            melder_naam=advies.adviesvrager_naam,
        )
    return initial


def _rijen_uit_post(data) -> list[BetrokkeneForm]:
    """The directbetrokkene rows in the order the page shows them (each row posts "rijen")."""
    indices = []
    for waarde in data.getlist("rijen"):
        index = rij_index(waarde)
        if index is not None and index not in indices:
            indices.append(index)
    return [BetrokkeneForm(data, index=index) for index in indices]


def _controleer_koppelingen(gebruiker, rijen: list[BetrokkeneForm]) -> None:
    """Attach the linked person to each linked row; a link that does not fit its row is an error."""
    koppelingen = {rij.index: rij.koppeling() for rij in rijen if rij.gekoppeld}
    if not koppelingen:
        return
    gevonden = gekoppelde_personen(
        gebruiker=gebruiker, koppelingen=[k for k in koppelingen.values() if k is not None]
    )
    for rij in rijen:
        if not rij.gekoppeld:
            continue
        koppeling = koppelingen[rij.index]
        rij.gekoppelde_persoon = gevonden.get(koppeling.persoon_id) if koppeling else None
        if rij.gekoppelde_persoon is None:
            rij.koppel_fout = KOPPEL_FOUT


def _plaats_melding_fout(form: MeldingForm, rijen: list[BetrokkeneForm], fout: DomainError):
    """Service field keys like "directbetrokkenen.1.bsn" go to the field of the second row."""
    betrokkenen_fouten: list[str] = []
    overige: dict[str, str] = {}
    geplaatst = False
    for sleutel, tekst in fout.velden.items():
        delen = sleutel.split(".")
        if delen[0] == "directbetrokkenen" and len(delen) == 3 and delen[1].isdigit():
            positie, veld = int(delen[1]), delen[2]
            if positie < len(rijen):
                rij = rijen[positie]
                rij.add_error(veld if veld in rij.fields else None, tekst)
                geplaatst = True
                continue
        if sleutel == "directbetrokkenen":
            betrokkenen_fouten.append(tekst)
            geplaatst = True
            continue
        overige[sleutel] = tekst
    if overige or not geplaatst:
        _plaats_fout(form, DomainError(fout.message, velden=overige), MeldingForm.ALIASSEN)
    elif not betrokkenen_fouten:
        # The rows show the details; the summary above the form says what went wrong in short.
        form.add_error(None, fout.message)
    return betrokkenen_fouten


def _melding_formulier(request, *, advies=None):
    """GET: an empty (or advies-prefilled) form with one row. POST: validate all, register, PRG."""
    betrokkenen_fouten: list[str] = []
    if request.method == "POST":
        form = MeldingForm(request.POST)
        rijen = _rijen_uit_post(request.POST)
        # Validate every row (no short-circuit) so each shows its own errors.
        rijen_geldig = [rij.is_valid() for rij in rijen]
        geldig = form.is_valid() and all(rijen_geldig)
        if not rijen:
            betrokkenen_fouten.append(_("Voeg minstens één directbetrokkene toe."))
            geldig = False
        elif len(rijen) > MAX_RIJEN:
            betrokkenen_fouten.append(
                _("Registreer maximaal %(n)d directbetrokkenen in één keer.") % {"n": MAX_RIJEN}
            )
            geldig = False
        _controleer_koppelingen(request.user, rijen)
        geldig = geldig and not any(rij.heeft_fouten for rij in rijen)
        if geldig:
            gegevens = form.gegevens([rij.gegevens() for rij in rijen])
            try:
                if advies is None:
                    melding = services.melding_register(door=request.user, gegevens=gegevens)
                else:
                    melding = services.advies_omzetten_in_melding(
                        advies_id=advies.pk, door=request.user, gegevens=gegevens
                    )
            except GeenToegang:
                raise
            except DomainError as fout:
                betrokkenen_fouten += _plaats_melding_fout(form, rijen, fout)
            else:
                if advies is None:
                    tekst = _("Melding %(nummer)s is geregistreerd.") % {"nummer": melding.nummer}
                else:
                    tekst = _("Advies %(advies)s is omgezet in melding %(nummer)s.") % {
                        "advies": advies.nummer,
                        "nummer": melding.nummer,
                    }
                messages.success(request, tekst)
                return redirect("melding_dossier", nummer=melding.nummer)
    else:
        form = MeldingForm(initial=_beginwaarden(advies))
        rijen = [BetrokkeneForm(index=0)]
    heeft_fouten = bool(form.errors or betrokkenen_fouten or any(rij.heeft_fouten for rij in rijen))
    context = {
        "form": form,
        "rijen": rijen,
        "betrokkenen_fouten": betrokkenen_fouten,
        "heeft_fouten": heeft_fouten,
        "volgende_index": max((rij.index for rij in rijen), default=-1) + 1,
        "advies": advies,
    }
    return render(request, "meldingen/melding_nieuw.html", context)


@require_http_methods(["GET", "POST"])
def betrokkene_formulier(request):
    """One directbetrokkene row (htmx): a new empty row, or a row (un)linked to a known person.

    New rows come by GET ?index=N. Linking sends the row's typed data, so it is POSTed: BSNs and
    names do not belong in URLs (they end up in access logs).
    """
    _eis_registreren(request.user)
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and any(sleutel.endswith("bsn") for sleutel in request.GET):
        # A URL ends up in the web server's access log and the browser history: never a BSN.
        return HttpResponseBadRequest(
            _("Een BSN hoort niet in een webadres; de zoekvraag gaat als formulier (POST).")
        )
    index = rij_index(data.get("index"))
    if index is None:
        return HttpResponseBadRequest(_("Ongeldige rij."))
    koppel, ontkoppel = data.get("koppel"), data.get("ontkoppel")
    if not koppel and not ontkoppel:
        context = {"rij": BetrokkeneForm(index=index, focus=True), "oob_volgende_index": index + 1}
        return render(request, "meldingen/_betrokkene_rij.html", context)

    prefix = f"db-{index}-"
    waarden = {
        sleutel.removeprefix(prefix): waarde
        for sleutel, waarde in data.items()
        if sleutel.startswith(prefix)
    }
    waarden["persoon_id"] = "" if ontkoppel else koppel
    rij = BetrokkeneForm(index=index, initial=waarden, focus=True)
    if rij.gekoppeld:
        _controleer_koppelingen(request.user, [rij])
        if rij.koppel_fout:
            # Refused: the row stays as typed, with the reason, and nothing about the person.
            rij = BetrokkeneForm(index=index, initial={**waarden, "persoon_id": ""}, focus=True)
            rij.koppel_fout = KOPPEL_FOUT
    return render(request, "meldingen/_betrokkene_rij.html", {"rij": rij})


@require_http_methods(["GET", "POST"])
def persoon_kandidaten_view(request):
    """Known persons matching what is typed in one row (htmx). POST keeps the BSN out of URLs."""
    _eis_registreren(request.user)
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and any(sleutel.endswith("bsn") for sleutel in request.GET):
        # A URL ends up in the web server's access log and the browser history: never a BSN.
        return HttpResponseBadRequest(
            _("Een BSN hoort niet in een webadres; de zoekvraag gaat als formulier (POST).")
        )
    index = rij_index(data.get("index"))
    if index is None:
        return HttpResponseBadRequest(_("Ongeldige rij."))
    prefix = f"db-{index}-"
    zoek = {
        "bsn": data.get(f"{prefix}bsn", ""),
        "achternaam": data.get(f"{prefix}achternaam", ""),
        "geboortedatum": lees_datum(data.get(f"{prefix}geboortedatum")),
    }
    kandidaten = persoon_kandidaten(gebruiker=request.user, **zoek)
    context = {
        "kandidaten": kandidaten,
        "index": index,
        "gezocht": kan_zoeken(**zoek),
    }
    return render(request, "meldingen/_persoon_kandidaten.html", context)


urlpatterns = [
    path("adviezen/", advies_lijst, name="advies_lijst"),
    path("adviezen/nieuw/", advies_nieuw, name="advies_nieuw"),
    path("adviezen/<nummer:nummer>/", advies_detail, name="advies_detail"),
    path("adviezen/<nummer:nummer>/afronden/", advies_afronden, name="advies_afronden"),
    path("adviezen/<nummer:nummer>/omzetten/", advies_omzetten, name="advies_omzetten"),
    path("meldingen/nieuw/", melding_nieuw, name="melding_nieuw"),
    path("meldingen/nieuw/betrokkene/", betrokkene_formulier, name="betrokkene_formulier"),
    path("personen/kandidaten/", persoon_kandidaten_view, name="persoon_kandidaten"),
]
