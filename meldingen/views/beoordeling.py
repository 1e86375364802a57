"""Browser pages: veiligheidsbeoordeling B (the triage-instrument) and the besluit.

Both load the melding like the dossier page does and write through one service each; the besluit
page shows the checklist computed by the same functions the service applies.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from meldingen import afwegingskader, services
from meldingen.forms.dossier import (
    BeoordelingBForm,
    BesluitForm,
)
from meldingen.keuzes import BesluitRoute, MeldingStatus
from meldingen.models import Melding, VeiligheidsbeoordelingB
from meldingen.selectors.dossier import (
    besluit_checklist,
    eerdere_meldingen_voor,
    is_beoordelaar_of_werkbegeleider,
    radar_samenvatting,
)
from meldingen.views.dossier import _dossier_url, _inzien, _melding, _toon_fout
from veiligthuis.exceptions import DomainError, GeenToegang


def _b_initieel(b: VeiligheidsbeoordelingB | None, eerdere: list[Melding]) -> dict:
    initieel = {"eerdere_meldingen": radar_samenvatting(eerdere)}
    if b is None:
        return initieel
    for vraag in VeiligheidsbeoordelingB.VRAGEN:
        initieel[vraag] = getattr(b, vraag)
    initieel["signaalcodes"] = list(b.signaalcodes)
    initieel["signalen"] = b.signalen
    if b.eerdere_meldingen:
        initieel["eerdere_meldingen"] = b.eerdere_meldingen
    return initieel


@require_http_methods(["GET", "POST"])
def beoordeling_b(request: HttpRequest, nummer: str) -> HttpResponse:
    """The triage-instrument of onderdeel B; may be saved partially and as often as needed."""
    melding = _melding(request, nummer)
    b = getattr(melding, "beoordeling_b", None)
    eerdere = eerdere_meldingen_voor(gebruiker=request.user, melding=melding)
    if request.method == "POST":
        form = BeoordelingBForm(request.POST)
        if form.is_valid():
            try:
                opgeslagen = services.beoordeling_b_vastleggen(
                    melding_id=melding.pk,
                    door=request.user,
                    antwoorden=form.antwoorden(),
                    signalen=form.cleaned_data["signalen"],
                    eerdere_meldingen=form.cleaned_data["eerdere_meldingen"],
                    signaalcodes=form.cleaned_data["signaalcodes"],
                )
            except GeenToegang:
                raise
            except DomainError as fout:
                _toon_fout(form, fout)
            else:
                open_vragen = opgeslagen.ontbrekende_vragen()
                if open_vragen:
                    tekst = _(
                        "Het triage-instrument is opgeslagen. Nog niet beantwoord: %(v)s."
                    ) % {"v": ", ".join(open_vragen)}
                else:
                    tekst = _("Het triage-instrument is opgeslagen en volledig ingevuld.")
                messages.success(request, tekst)
                return redirect("beoordeling_b", nummer=nummer)
    else:
        form = BeoordelingBForm(initial=_b_initieel(b, eerdere))
        _inzien(request, melding, pagina="beoordeling_b")
    mag = melding.status == MeldingStatus.IN_BEOORDELING and is_beoordelaar_of_werkbegeleider(
        request.user, melding
    )
    if not mag and not form.is_bound:
        # Read-only for others; the service would refuse their save anyway.
        for veld in form.fields.values():
            veld.disabled = True
    context = {
        "melding": melding,
        "form": form,
        "b": b,
        "mag_invullen": mag,
        "eerdere_meldingen": eerdere,
        "ontbrekende_consulten": afwegingskader.ontbrekende_consulten(melding),
    }
    return render(request, "meldingen/melding_beoordeling.html", context)


@require_http_methods(["GET", "POST"])
def besluit_nemen(request: HttpRequest, nummer: str) -> HttpResponse:
    """The besluit that completes the veiligheidsbeoordeling, with a checklist of what it needs."""
    melding = _melding(request, nummer)
    if request.method == "POST":
        form = BesluitForm(request.POST)
        if form.is_valid():
            try:
                services.besluit_record(
                    melding_id=melding.pk,
                    door=request.user,
                    route=form.cleaned_data["route"],
                    onderbouwing=form.cleaned_data["onderbouwing"],
                    overdracht_aan=form.cleaned_data["overdracht_aan"],
                )
            except GeenToegang:
                raise
            except DomainError as fout:
                # The service lists everything still missing: show it whole, above the form.
                _toon_fout(form, fout, ook_boven=True)
            else:
                route = BesluitRoute(form.cleaned_data["route"])
                messages.success(
                    request, _("Het besluit is vastgelegd: %(route)s.") % {"route": route.label}
                )
                return redirect(_dossier_url(nummer))
    else:
        form = BesluitForm()
        _inzien(request, melding, pagina="besluit")
    mag = melding.status == MeldingStatus.IN_BEOORDELING and is_beoordelaar_of_werkbegeleider(
        request.user, melding
    )
    context = {
        "melding": melding,
        "form": form,
        "checklist": besluit_checklist(melding),
        "toon_formulier": mag or form.is_bound,
        "mag_besluiten": mag,
    }
    return render(request, "meldingen/melding_besluit.html", context)


urlpatterns = [
    path("meldingen/<nummer:nummer>/beoordeling/", beoordeling_b, name="beoordeling_b"),
    path("meldingen/<nummer:nummer>/besluit/", besluit_nemen, name="besluit_nemen"),
]
