"""The dienst page and the shared flow of its forms.

Every view loads the dienst through `diensten.selectors.dienst_voor` (outside the user's scope: 404)
and every write goes through one service. A service's refusal (DomainError) is shown next to the
form it came from, with nothing saved; GeenToegang is left to the GeenToegangMiddleware (Dutch 403).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from diensten.forms import (
    AfsluitenForm,
    AfwijkingForm,
    BevindingenForm,
    ConclusieForm,
    GesprekForm,
    InformantForm,
    MonitoringsmomentForm,
    MonitoringStartenForm,
    StoppenForm,
    UitvoerderForm,
    VoorwaardeForm,
)
from diensten.models import Vervolgdienst
from diensten.selectors import DienstOverzicht, dienst_overzicht, dienst_voor, uitvoerder_kandidaten
from meldingen.forms.bijlagen import BijlageForm
from meldingen.selectors.bijlagen import bijlagen_van_dienst
from veiligthuis.audit import audit_verzoek
from veiligthuis.berichten import sectiebericht
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.weergave import fout_in_formulier

NIET_OPGESLAGEN = gettext_lazy("Niet opgeslagen: controleer de gemarkeerde velden.")

# The single forms of the page: context name → prefix (prefixes keep the ids unique).
PREFIX = {
    "uitvoerder_form": "uitvoerder",
    "gesprek_form": "gesprek",
    "informant_form": "informant",
    "conclusie_form": "conclusie",
    "voorwaarde_form": "voorwaarde",
    "bevindingen_form": "bevindingen",
    "monitoring_starten_form": "monitoring",
    "afsluiten_form": "afsluiten",
    "stoppen_form": "stoppen",
    "bijlage_form": "bijlage",
}
AFWIJKING_PREFIX = "afwijking"


def laad_dienst(request: HttpRequest, pk: int) -> Vervolgdienst:
    return dienst_voor(gebruiker=request.user, pk=pk)


def dienst_url(pk: int, anker: str = "") -> str:
    url = reverse("dienst_detail", args=[pk])
    return f"{url}#{anker}" if anker else url


def afwijking_form(slug: str, data=None) -> AfwijkingForm:
    """All afwijking forms post the same names; their ids differ per requirement."""
    return AfwijkingForm(data, prefix=AFWIJKING_PREFIX, auto_id=f"id_afwijking-{slug}_%s")


def moment_form(moment_id: int, data=None) -> MonitoringsmomentForm:
    return MonitoringsmomentForm(data, prefix=f"moment-{moment_id}")


def nieuwe_formulieren(dienst: Vervolgdienst, overzicht: DienstOverzicht) -> dict[str, Any]:
    """Empty forms of the page, with the choices this dienst offers (no queries but the kandidaten)."""
    acties = overzicht.acties
    kandidaten = uitvoerder_kandidaten(dienst=dienst) if acties.uitvoerder else []
    return {
        "uitvoerder_form": UitvoerderForm(
            prefix=PREFIX["uitvoerder_form"],
            kandidaten=kandidaten,
            initial={"uitvoerder": dienst.uitvoerder_id},
        ),
        "gesprek_form": GesprekForm(
            prefix=PREFIX["gesprek_form"], betrokkenen=overzicht.betrokkenen
        ),
        "informant_form": InformantForm(prefix=PREFIX["informant_form"]),
        "conclusie_form": ConclusieForm(
            prefix=PREFIX["conclusie_form"], aanleidingen=overzicht.aanleidingen
        ),
        "voorwaarde_form": VoorwaardeForm(prefix=PREFIX["voorwaarde_form"]),
        "bevindingen_form": BevindingenForm(
            prefix=PREFIX["bevindingen_form"],
            is_onderzoek=dienst.is_onderzoek,
            initial={
                "erkenning_zorgen": dienst.erkenning_zorgen,
                "hoor_en_wederhoor": dienst.hoor_en_wederhoor,
                "verzoek_raad": dienst.verzoek_raad,
                "melding_politie": dienst.melding_politie,
                "overdracht_vrijwillige_hulp": dienst.overdracht_vrijwillige_hulp,
            },
        ),
        "monitoring_starten_form": MonitoringStartenForm(prefix=PREFIX["monitoring_starten_form"]),
        "afsluiten_form": AfsluitenForm(prefix=PREFIX["afsluiten_form"]),
        "stoppen_form": StoppenForm(prefix=PREFIX["stoppen_form"]),
        "bijlage_form": BijlageForm(prefix=PREFIX["bijlage_form"]),
    }


def dienst_context(
    request: HttpRequest,
    dienst: Vervolgdienst,
    *,
    fout: dict | None = None,
    afwijking_forms: dict[str, forms.Form] | None = None,
    moment_forms: dict[int, forms.Form] | None = None,
    **gegeven_forms,
) -> dict[str, Any]:
    """Everything the dienst page shows, in a fixed number of queries."""
    overzicht = dienst_overzicht(gebruiker=request.user, dienst=dienst)
    acties = overzicht.acties
    formulieren = nieuwe_formulieren(dienst, overzicht)
    formulieren.update(gegeven_forms)
    afwijking_forms = afwijking_forms or {}
    moment_forms = moment_forms or {}
    eisen = []
    for rij in overzicht.eisen:
        form = None
        if acties.werken and rij.eis.afwijkbaar and not rij.eis.voldaan and rij.afwijking is None:
            form = afwijking_forms.get(rij.eis.code) or afwijking_form(rij.slug)
            form.initial = {"eis": rij.eis.code}
        eisen.append({"rij": rij, "form": form})
    open_ids = {m.pk for m in overzicht.open_momenten}
    momenten = [
        {
            "moment": m,
            "form": (moment_forms.get(m.pk) or moment_form(m.pk))
            if acties.monitoring and m.pk in open_ids
            else None,
        }
        for m in dienst.monitoringsmomenten.all()
    ]
    return {
        "dienst": dienst,
        "melding": dienst.melding,
        "overdracht": getattr(dienst, "overdracht", None),
        "overzicht": overzicht,
        "acties": acties,
        "eisen": eisen,
        "momenten": momenten,
        "bijlagen": list(bijlagen_van_dienst(dienst.melding)),
        "fout": fout,
        **formulieren,
    }


def render_dienst(request: HttpRequest, dienst: Vervolgdienst, **extra) -> HttpResponse:
    context = dienst_context(request, dienst, **extra)
    audit_verzoek(request, "dienst.inzien", dienst.melding, dienst=dienst.pk)
    return render(request, "diensten/dienst_detail.html", context)


def fout_box(anker: str, tekst: str | None = None) -> dict:
    return {"anker": anker, "tekst": tekst or str(NIET_OPGESLAGEN)}


def dienst_formulier(
    request: HttpRequest,
    pk: int,
    *,
    form: forms.Form | None,
    opslaan: Callable[[Vervolgdienst, dict], Any],
    succes: str,
    anker: str,
    formnaam: str = "",
    extra: Callable[[forms.Form], dict] | None = None,
    dienst: Vervolgdienst | None = None,
    sectie: str = "",
) -> HttpResponse:
    """Shared flow of the forms on the dienst page: validate, one service call, PRG or re-render.

    A refusal re-renders the page with the service's Dutch message above the form and next to the
    fields it names; nothing was saved. `form` None: a button without fields. After saving, the
    page opens at the section `sectie` (default `anker`, the form's place) and the confirmation
    shows in that section.
    """
    dienst = dienst or laad_dienst(request, pk)
    fout_tekst = None
    if form is None or form.is_valid():
        try:
            opslaan(dienst, form.cleaned_data if form is not None else {})
        except GeenToegang:
            raise
        except DomainError as fout:
            fout_tekst = fout.message
            if form is not None:
                fout_in_formulier(form, fout)
        else:
            sectie = sectie or anker
            sectiebericht(request, succes, sectie=sectie)
            return redirect(dienst_url(pk, sectie))
    gegeven = {}
    if form is not None:
        gegeven = extra(form) if extra else {formnaam: form}
    return render_dienst(request, dienst, fout=fout_box(anker, fout_tekst), **gegeven)
