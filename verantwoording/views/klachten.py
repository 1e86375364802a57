"""Browser pages of klachten and calamiteiten: parse the input, call one service, render.

Who may do what is `veiligthuis.rechten` (KLACHTROLLEN, CALAMITEITROLLEN): someone without the
role gets the Dutch 403 page before anything is looked up; a klacht or calamiteit outside the
medewerker's scope is a 404 (a 403 would confirm that the number exists).
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from veiligthuis.audit import audit_lijst, audit_verzoek
from veiligthuis.exceptions import DomainError
from veiligthuis.rechten import (
    CALAMITEITROLLEN,
    KLACHTROLLEN,
    calamiteit_filter,
    eis_rol,
    klacht_filter,
)
from veiligthuis.weergave import fout_in_formulier
from verantwoording import forms
from verantwoording import klachten as services
from verantwoording.models import Calamiteit, Klacht

LIJST_MAX = 200


def _eis_klachtrol(request) -> None:
    eis_rol(request.user, *KLACHTROLLEN, actie=_("klachten inzien of behandelen"))


def _eis_calamiteitrol(request) -> None:
    eis_rol(request.user, *CALAMITEITROLLEN, actie=_("calamiteiten inzien of registreren"))


def _klacht(request, nummer: str) -> Klacht:
    klacht = (
        Klacht.objects.filter(klacht_filter(request.user), nummer=nummer)
        .select_related("melding", "dienst", "team", "behandelaar")
        .first()
    )
    if klacht is None:
        raise Http404(_("Deze klacht bestaat niet of u heeft er geen toegang toe."))
    return klacht


def _calamiteit(request, nummer: str) -> Calamiteit:
    calamiteit = (
        Calamiteit.objects.filter(calamiteit_filter(request.user), nummer=nummer)
        .select_related("team")
        .prefetch_related("meldingen")
        .first()
    )
    if calamiteit is None:
        raise Http404(_("Deze calamiteit bestaat niet of u heeft er geen toegang toe."))
    return calamiteit


def _plaats_fout(form, fout: DomainError) -> None:
    aliassen = getattr(form, "ALIASSEN", {})
    velden = {aliassen.get(veld, veld): tekst for veld, tekst in fout.velden.items()}
    fout_in_formulier(form, DomainError(fout.message, velden=velden))


# --- Klachten --------------------------------------------------------------------------------


@require_GET
def klacht_lijst(request):
    _eis_klachtrol(request)
    klachten = list(
        Klacht.objects.filter(klacht_filter(request.user))
        .select_related("melding", "team")
        .order_by("afgehandeld_op", "termijn")[:LIJST_MAX]
    )
    audit_lijst(request, "klacht.lijst", [k.nummer for k in klachten])
    return render(request, "verantwoording/klacht_lijst.html", {"klachten": klachten})


@require_http_methods(["GET", "POST"])
def klacht_nieuw(request):
    _eis_klachtrol(request)
    form = forms.KlachtForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            klacht = services.klacht_register(
                door=request.user,
                onderwerp=data["onderwerp"],
                melding_nummer=data["melding_nummer"],
                indiener_naam=data["indiener_naam"],
                indiener_relatie=data["indiener_relatie"],
                omschrijving=data["omschrijving"],
                ontvangen_op=forms.moment(data["ontvangen_datum"], data["ontvangen_tijd"]),
                vertrouwenspersoon_geinformeerd=data["vertrouwenspersoon"],
            )
        except DomainError as fout:
            _plaats_fout(form, fout)
        else:
            messages.success(
                request, _("Klacht %(nummer)s is geregistreerd.") % {"nummer": klacht.nummer}
            )
            return redirect("klacht_detail", nummer=klacht.nummer)
    status = 400 if request.method == "POST" else 200
    return render(request, "verantwoording/klacht_form.html", {"form": form}, status=status)


@require_GET
def klacht_detail(request, nummer: str):
    _eis_klachtrol(request)
    klacht = _klacht(request, nummer)
    audit_verzoek(request, "klacht.inzien", klacht)
    context = {
        "klacht": klacht,
        "stappen": klacht.stappen.select_related("door"),
        "gesprek_form": forms.GesprekForm(),
        "oordeel_form": forms.OordeelForm(),
        "afhandelen_form": forms.AfhandelenForm(),
        "verlengen_form": forms.VerlengenForm(),
    }
    return render(request, "verantwoording/klacht_detail.html", context)


def _klacht_stap_uitvoeren(request, klacht: Klacht, stap: str) -> tuple[Callable | None, object]:
    """The service call for `stap` with the posted fields, or the invalid form."""
    door = request.user
    if stap == "bevestigen":
        return lambda: services.klacht_confirm_receipt(klacht_id=klacht.pk, door=door), None
    if stap == "vertrouwenspersoon":
        return lambda: services.klacht_record_vertrouwenspersoon(
            klacht_id=klacht.pk, door=door
        ), None
    form_klasse = {
        "gesprek": forms.GesprekForm,
        "oordeel": forms.OordeelForm,
        "afhandelen": forms.AfhandelenForm,
        "verlengen": forms.VerlengenForm,
    }[stap]
    form = form_klasse(request.POST)
    if not form.is_valid():
        return None, form
    data = form.cleaned_data
    if stap == "gesprek":
        return lambda: services.klacht_record_gesprek(
            klacht_id=klacht.pk,
            door=door,
            verslag=data["verslag"],
            op=forms.moment(data["datum"], None),
        ), form
    if stap == "oordeel":
        return lambda: services.klacht_judge(
            klacht_id=klacht.pk,
            door=door,
            oordeel=data["oordeel"],
            onderbouwing=data["onderbouwing"],
        ), form
    if stap == "afhandelen":
        return lambda: services.klacht_close(
            klacht_id=klacht.pk, door=door, maatregelen=data["maatregelen"]
        ), form
    return lambda: services.klacht_extend(klacht_id=klacht.pk, door=door, reden=data["reden"]), form


@require_POST
def klacht_stap(request, nummer: str, stap: str):
    _eis_klachtrol(request)
    klacht = _klacht(request, nummer)
    uitvoeren, form = _klacht_stap_uitvoeren(request, klacht, stap)
    if uitvoeren is None:
        for fouten in form.errors.values():
            for fout in fouten:
                messages.error(request, fout)
        return redirect("klacht_detail", nummer=klacht.nummer)
    try:
        uitvoeren()
    except DomainError as fout:
        messages.error(request, " ".join([fout.message, *fout.velden.values()]))
    else:
        messages.success(request, _("Vastgelegd."))
    return redirect("klacht_detail", nummer=klacht.nummer)


# --- Calamiteiten ----------------------------------------------------------------------------


@require_GET
def calamiteit_lijst(request):
    _eis_calamiteitrol(request)
    calamiteiten = list(
        Calamiteit.objects.filter(calamiteit_filter(request.user)).order_by("-kennisname_op")[
            :LIJST_MAX
        ]
    )
    audit_lijst(request, "calamiteit.lijst", [c.nummer for c in calamiteiten])
    return render(request, "verantwoording/calamiteit_lijst.html", {"calamiteiten": calamiteiten})


@require_http_methods(["GET", "POST"])
def calamiteit_nieuw(request):
    _eis_calamiteitrol(request)
    form = forms.CalamiteitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            calamiteit = services.calamiteit_register(
                door=request.user,
                soort=data["soort"],
                omschrijving=data["omschrijving"],
                kennisname_op=forms.moment(data["kennisname_datum"], data["kennisname_tijd"]),
                melding_nummers=data["melding_nummers"].replace(";", ",").split(","),
            )
        except DomainError as fout:
            _plaats_fout(form, fout)
        else:
            messages.success(
                request, _("%(nummer)s is geregistreerd.") % {"nummer": calamiteit.nummer}
            )
            return redirect("calamiteit_detail", nummer=calamiteit.nummer)
    status = 400 if request.method == "POST" else 200
    return render(request, "verantwoording/calamiteit_form.html", {"form": form}, status=status)


@require_GET
def calamiteit_detail(request, nummer: str):
    _eis_calamiteitrol(request)
    calamiteit = _calamiteit(request, nummer)
    audit_verzoek(request, "calamiteit.inzien", calamiteit)
    context = {
        "calamiteit": calamiteit,
        "stappen": calamiteit.stappen.select_related("door"),
        "melden_form": forms.MeldenForm(),
        "afronden_form": forms.AfrondenForm(),
    }
    return render(request, "verantwoording/calamiteit_detail.html", context)


@require_POST
def calamiteit_stap(request, nummer: str, stap: str):
    _eis_calamiteitrol(request)
    calamiteit = _calamiteit(request, nummer)
    door = request.user
    try:
        if stap == "melden":
            form = forms.MeldenForm(request.POST)
            kenmerk = form.cleaned_data["kenmerk"] if form.is_valid() else ""
            services.calamiteit_report(calamiteit_id=calamiteit.pk, door=door, kenmerk=kenmerk)
        elif stap == "analyse":
            services.calamiteit_start_analysis(calamiteit_id=calamiteit.pk, door=door)
        elif stap == "rapport":
            services.calamiteit_send_report(calamiteit_id=calamiteit.pk, door=door)
        else:
            services.calamiteit_close(
                calamiteit_id=calamiteit.pk,
                door=door,
                verbetermaatregelen=request.POST.get("verbetermaatregelen", ""),
            )
    except DomainError as fout:
        messages.error(request, " ".join([fout.message, *fout.velden.values()]))
    else:
        messages.success(request, _("Vastgelegd."))
    return redirect("calamiteit_detail", nummer=calamiteit.nummer)


KLACHTSTAPPEN = (
    "bevestigen",
    "vertrouwenspersoon",
    "gesprek",
    "oordeel",
    "afhandelen",
    "verlengen",
)
CALAMITEITSTAPPEN = ("melden", "analyse", "rapport", "afronden")

urlpatterns = [
    path("verantwoording/klachten/", klacht_lijst, name="klacht_lijst"),
    path("verantwoording/klachten/nieuw/", klacht_nieuw, name="klacht_nieuw"),
    path("verantwoording/klachten/<str:nummer>/", klacht_detail, name="klacht_detail"),
    *(
        path(
            f"verantwoording/klachten/<str:nummer>/{stap}/",
            klacht_stap,
            {"stap": stap},
            name=f"klacht_{stap}",
        )
        for stap in KLACHTSTAPPEN
    ),
    path("verantwoording/calamiteiten/", calamiteit_lijst, name="calamiteit_lijst"),
    path("verantwoording/calamiteiten/nieuw/", calamiteit_nieuw, name="calamiteit_nieuw"),
    path("verantwoording/calamiteiten/<str:nummer>/", calamiteit_detail, name="calamiteit_detail"),
    *(
        path(
            f"verantwoording/calamiteiten/<str:nummer>/{stap}/",
            calamiteit_stap,
            {"stap": stap},
            name=f"calamiteit_{stap}",
        )
        for stap in CALAMITEITSTAPPEN
    ),
]
