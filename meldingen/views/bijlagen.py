"""Browser pages for documents: the audited download of a melding's or an advies's document, and
the upload on an advies (the dossier's and the dienst's upload sit with their own pages).

A download is never a public URL: the case is looked up through the user's scope (404 outside it,
403 without a case role), one audit row is written, and the bytes go out as an attachment that the
browser may not sniff or render in our origin.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meldingen.forms.bijlagen import BijlageForm
from meldingen.models import Bijlage
from meldingen.selectors.bijlagen import (
    advies_met_bijlagen,
    bijlage_van_advies,
    bijlage_van_melding,
)
from meldingen.services.bijlagen import advies_bijlage_toevoegen, bijlage_inhoud
from meldingen.views.intake import advies_pagina
from veiligthuis.audit import client_ip
from veiligthuis.documenten import download_antwoord
from veiligthuis.exceptions import DomainError
from veiligthuis.weergave import fout_in_formulier


def document_antwoord(bijlage: Bijlage, inhoud: bytes) -> HttpResponse:
    return download_antwoord(inhoud, naam=bijlage.bestandsnaam, inhoud_type=bijlage.inhoud_type)


def _download(request: HttpRequest, bijlage: Bijlage) -> HttpResponse:
    inhoud = bijlage_inhoud(bijlage, door=request.user, request_ip=client_ip(request))
    return document_antwoord(bijlage, inhoud)


@require_GET
def bijlage_downloaden(request: HttpRequest, nummer: str, pk: int) -> HttpResponse:
    return _download(request, bijlage_van_melding(gebruiker=request.user, nummer=nummer, pk=pk))


@require_GET
def advies_bijlage_downloaden(request: HttpRequest, nummer: str, pk: int) -> HttpResponse:
    return _download(request, bijlage_van_advies(gebruiker=request.user, nummer=nummer, pk=pk))


@require_POST
def advies_bijlage_toevoegen_view(request: HttpRequest, nummer: str) -> HttpResponse:
    """Upload on an advies; errors are shown with the form on the advies page (nothing saved)."""
    advies = advies_met_bijlagen(gebruiker=request.user, nummer=nummer)
    form = BijlageForm(request.POST, request.FILES, advies=True)
    if form.is_valid():
        try:
            advies_bijlage_toevoegen(
                advies_id=advies.pk, door=request.user, **form.service_argumenten()
            )
        except DomainError as fout:
            fout_in_formulier(form, fout)
        else:
            messages.success(request, _("Het document is bij het advies bewaard."))
            return redirect(f"{advies_url(nummer)}#bijlagen")
    return advies_pagina(request, advies, bijlage_form=form, status=400)


def advies_url(nummer: str) -> str:
    return reverse("advies_detail", args=[nummer])


urlpatterns = [
    path(
        "meldingen/<nummer:nummer>/bijlagen/<int:pk>/",
        bijlage_downloaden,
        name="bijlage_downloaden",
    ),
    path(
        "adviezen/<nummer:nummer>/bijlagen/",
        advies_bijlage_toevoegen_view,
        name="advies_bijlage_toevoegen",
    ),
    path(
        "adviezen/<nummer:nummer>/bijlagen/<int:pk>/",
        advies_bijlage_downloaden,
        name="advies_bijlage_downloaden",
    ),
]
