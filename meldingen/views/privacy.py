"""Browser pages: destruction of a dossier (request, decision, execution) and VT's offer to destroy
when the vermoeden was weerlegd.

The page loads the melding through the dossier's scoping (another team's melding is a 404); every
write is one service call; a refusal is shown next to its form, a GeenToegang is the Dutch 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from meldingen.forms.privacy import AanbodForm, BesluitForm, VerzoekForm
from meldingen.models.privacy import UITZONDERINGEN
from meldingen.selectors.privacy import VernietigingPagina, vernietiging_pagina
from meldingen.services import privacy as services
from veiligthuis.audit import audit_verzoek
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.weergave import fout_in_formulier


def _render(request: HttpRequest, pagina: VernietigingPagina, **formulieren) -> HttpResponse:
    aangevinkt = [
        veld
        for veld in UITZONDERINGEN
        if pagina.open_verzoek is not None and getattr(pagina.open_verzoek, veld)
    ]
    context = {
        "pagina": pagina,
        "melding": pagina.melding,
        "aanbod_form": formulieren.get("aanbod_form") or AanbodForm(prefix="aanbod"),
        "verzoek_form": formulieren.get("verzoek_form") or VerzoekForm(prefix="verzoek"),
        "besluit_form": formulieren.get("besluit_form")
        or BesluitForm(prefix="besluit", initial={"uitzonderingen": aangevinkt}),
    }
    return render(request, "meldingen/melding_vernietiging.html", context)


def _pagina_url(nummer: str, anker: str) -> str:
    return f"{reverse('melding_vernietiging', args=[nummer])}#{anker}"


def _verwerk(
    request: HttpRequest, nummer: str, *, form, formnaam: str, opslaan, succes: str, anker: str
) -> HttpResponse:
    """Validate, call one service, redirect on success; re-render with the refusal next to the form."""
    pagina = vernietiging_pagina(gebruiker=request.user, nummer=nummer)
    if form.is_valid():
        try:
            opslaan(pagina, form.cleaned_data)
        except GeenToegang:
            raise
        except DomainError as fout:
            fout_in_formulier(form, fout)
        else:
            messages.success(request, succes)
            return redirect(_pagina_url(nummer, anker))
    return _render(request, pagina, **{formnaam: form})


@require_GET
def melding_vernietiging(request: HttpRequest, nummer: str) -> HttpResponse:
    """Requests to destroy the dossier, their decisions and VT's own offer (vermoeden weerlegd)."""
    pagina = vernietiging_pagina(gebruiker=request.user, nummer=nummer)
    audit_verzoek(request, "melding.vernietiging_inzien", pagina.melding)
    return _render(request, pagina)


@require_POST
def vernietiging_aanbieden(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(pagina, data):
        services.vernietiging_aanbieden(
            melding_id=pagina.melding.pk,
            door=request.user,
            aangeboden_op=data["aangeboden_op"],
            aangeboden_aan=data["aangeboden_aan"],
        )

    return _verwerk(
        request,
        nummer,
        form=AanbodForm(request.POST, prefix="aanbod"),
        formnaam="aanbod_form",
        opslaan=opslaan,
        succes=_("Vastgelegd dat vernietiging van het dossier is aangeboden."),
        anker="aanbod",
    )


@require_POST
def vernietigingsverzoek_vastleggen(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(pagina, data):
        services.vernietigingsverzoek_vastleggen(
            melding_id=pagina.melding.pk,
            door=request.user,
            verzocht_door=data["verzocht_door"],
            ontvangen_op=data["ontvangen_op"],
            uitzonderingen=data["uitzonderingen"],
            toelichting=data["toelichting"],
        )

    return _verwerk(
        request,
        nummer,
        form=VerzoekForm(request.POST, prefix="verzoek"),
        formnaam="verzoek_form",
        opslaan=opslaan,
        succes=_("Het vernietigingsverzoek is vastgelegd. Een werkbegeleider beslist erover."),
        anker="verzoeken",
    )


def _open_verzoek_id(pagina: VernietigingPagina, verzoek_id: int) -> int:
    """Only the melding's own requests can be acted on from its page."""
    if not any(v.pk == verzoek_id for v in pagina.verzoeken):
        raise DomainError(_("Dit vernietigingsverzoek hoort niet bij deze melding."))
    return verzoek_id


@require_POST
def vernietigingsverzoek_beslissen(
    request: HttpRequest, nummer: str, verzoek_id: int
) -> HttpResponse:
    def opslaan(pagina, data):
        services.vernietigingsverzoek_beslissen(
            verzoek_id=_open_verzoek_id(pagina, verzoek_id),
            door=request.user,
            toewijzen=data["besluit"] == "toewijzen",
            reden=data["reden"],
            uitzonderingen=data["uitzonderingen"],
        )

    return _verwerk(
        request,
        nummer,
        form=BesluitForm(request.POST, prefix="besluit"),
        formnaam="besluit_form",
        opslaan=opslaan,
        succes=_("Het besluit over het vernietigingsverzoek is vastgelegd."),
        anker="verzoeken",
    )


@require_POST
def vernietigingsverzoek_uitvoeren(
    request: HttpRequest, nummer: str, verzoek_id: int
) -> HttpResponse:
    pagina = vernietiging_pagina(gebruiker=request.user, nummer=nummer)
    try:
        services.vernietigingsverzoek_uitvoeren(
            verzoek_id=_open_verzoek_id(pagina, verzoek_id), door=request.user
        )
    except GeenToegang:
        raise
    except DomainError as fout:
        messages.error(request, fout.message)
    else:
        messages.success(
            request,
            _("Het dossier is vernietigd. Alleen het nummer, de data en dit verzoek blijven."),
        )
    return redirect(_pagina_url(nummer, "verzoeken"))


urlpatterns = [
    path(
        "meldingen/<nummer:nummer>/vernietiging/", melding_vernietiging, name="melding_vernietiging"
    ),
    path(
        "meldingen/<nummer:nummer>/vernietiging/aanbod/",
        vernietiging_aanbieden,
        name="vernietiging_aanbieden",
    ),
    path(
        "meldingen/<nummer:nummer>/vernietiging/verzoek/",
        vernietigingsverzoek_vastleggen,
        name="vernietigingsverzoek_vastleggen",
    ),
    path(
        "meldingen/<nummer:nummer>/vernietiging/<int:verzoek_id>/besluit/",
        vernietigingsverzoek_beslissen,
        name="vernietigingsverzoek_beslissen",
    ),
    path(
        "meldingen/<nummer:nummer>/vernietiging/<int:verzoek_id>/uitvoeren/",
        vernietigingsverzoek_uitvoeren,
        name="vernietigingsverzoek_uitvoeren",
    ),
]
