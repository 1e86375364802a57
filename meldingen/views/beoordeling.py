"""Browser pages: veiligheidsbeoordeling B (the triage-instrument) and the besluit.

Both load the melding like the dossier page does and write through one service each; the besluit
page shows the checklist computed by the same functions the service applies.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meldingen import afwegingskader, protocol, services
from meldingen.forms.dossier import (
    AardForm,
    BeoordelingBForm,
    BesluitForm,
    ConsultForm,
    HerprioriterenForm,
)
from meldingen.keuzes import BesluitRoute, MeldingStatus
from meldingen.models import Melding, VeiligheidsbeoordelingB
from meldingen.selectors.dossier import (
    besluit_checklist,
    consult_deelnemers,
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
                    reden_wijziging=form.cleaned_data["reden_wijziging"],
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
    return _beoordeling_pagina(request, melding, form=form, eerdere=eerdere)


def _beoordeling_pagina(
    request: HttpRequest,
    melding: Melding,
    *,
    form: BeoordelingBForm | None = None,
    eerdere: list[Melding] | None = None,
    aard_form: AardForm | None = None,
    urgentie_form: HerprioriterenForm | None = None,
) -> HttpResponse:
    b = getattr(melding, "beoordeling_b", None)
    if eerdere is None:
        eerdere = eerdere_meldingen_voor(gebruiker=request.user, melding=melding)
    if form is None:
        form = BeoordelingBForm(initial=_b_initieel(b, eerdere))
    mag = melding.status == MeldingStatus.IN_BEOORDELING and is_beoordelaar_of_werkbegeleider(
        request.user, melding
    )
    if not mag and not form.is_bound:
        # Read-only for others; the service would refuse their save anyway.
        for veld in form.fields.values():
            veld.disabled = True
    huidige_aarden = melding.aard_codes()
    context = {
        "melding": melding,
        "form": form,
        "b": b,
        "mag_invullen": mag,
        "eerdere_meldingen": eerdere,
        "ontbrekende_consulten": afwegingskader.ontbrekende_consulten(melding),
        "aard_form": aard_form or AardForm(initial={"aarden": huidige_aarden}, prefix="aard"),
        "urgentie_form": urgentie_form
        or HerprioriterenForm(initial={"urgentie": melding.urgentie}, prefix="urgentie"),
        "ooit_acuut": protocol.is_ooit_acuut(melding),
        "herprioriteringen": list(melding.herprioriteringen.select_related("door")),
    }
    return render(request, "meldingen/melding_beoordeling.html", context)


def _actie_op_beoordeling(request, nummer, *, form, formnaam, opslaan, succes) -> HttpResponse:
    """A POST form on the beoordeling page: one service call, then back to the page."""
    melding = _melding(request, nummer)
    if form.is_valid():
        try:
            opslaan(melding, form.cleaned_data)
        except GeenToegang:
            raise
        except DomainError as fout:
            _toon_fout(form, fout, ook_boven=True)
        else:
            messages.success(request, succes)
            return redirect("beoordeling_b", nummer=nummer)
    return _beoordeling_pagina(request, melding, **{formnaam: form})


@require_POST
def aard_wijzigen(request: HttpRequest, nummer: str) -> HttpResponse:
    """Add or correct the aard of the geweld (meldingen.services.aarden_wijzigen)."""

    def opslaan(melding, data):
        services.aarden_wijzigen(
            melding_id=melding.pk, door=request.user, aarden=data["aarden"], reden=data["reden"]
        )

    return _actie_op_beoordeling(
        request,
        nummer,
        form=AardForm(request.POST, prefix="aard"),
        formnaam="aard_form",
        opslaan=opslaan,
        succes=_("De aard van het geweld is bijgewerkt."),
    )


@require_POST
def herprioriteren(request: HttpRequest, nummer: str) -> HttpResponse:
    """Change the urgentie with a reason (meldingen.services.melding_herprioriteren)."""

    def opslaan(melding, data):
        services.melding_herprioriteren(
            melding_id=melding.pk,
            door=request.user,
            urgentie=data["urgentie"],
            reden=data["reden"],
        )

    return _actie_op_beoordeling(
        request,
        nummer,
        form=HerprioriterenForm(request.POST, prefix="urgentie"),
        formnaam="urgentie_form",
        opslaan=opslaan,
        succes=_("De urgentie is gewijzigd."),
    )


# The besluit's draft (choices and typed onderbouwing) per melding in the user's session: kept
# when the page is left to record something else, dropped once the besluit is taken.
CONCEPT = "besluitconcept:{pk}"
CONSULT_PREFIX = "consult"


def _concept_bewaren(request: HttpRequest, melding: Melding, form: BesluitForm) -> None:
    velden = form.fields
    request.session[CONCEPT.format(pk=melding.pk)] = {
        naam: request.POST.get(naam, "") for naam in velden
    }


def _besluitform_met_concept(request: HttpRequest, melding: Melding) -> BesluitForm:
    return BesluitForm(initial=request.session.get(CONCEPT.format(pk=melding.pk), {}))


@require_http_methods(["GET", "POST"])
def besluit_nemen(request: HttpRequest, nummer: str) -> HttpResponse:
    """The besluit that completes the veiligheidsbeoordeling, with a checklist of what it needs.

    A consult or MDO the checklist asks for can be recorded here, in the same form: the besluit's
    choices and onderbouwing stay as typed. They are also kept (in the session) when the user
    leaves the page and comes back, until the besluit is taken.
    """
    melding = _melding(request, nummer)
    deelnemers = consult_deelnemers(gebruiker=request.user)
    consult_form = ConsultForm(prefix=CONSULT_PREFIX, deelnemers=deelnemers)
    if request.method == "POST":
        form = BesluitForm(request.POST)
        actie = request.POST.get("actie", "besluit")
        _concept_bewaren(request, melding, form)
        if actie == "consult":
            consult_form = ConsultForm(request.POST, prefix=CONSULT_PREFIX, deelnemers=deelnemers)
            if _consult_vastleggen(request, melding, consult_form):
                return redirect(reverse("besluit_nemen", args=[nummer]) + "#besluit")
            form = _besluitform_met_concept(request, melding)
        elif actie == "bewaren":
            messages.success(request, _("Het concept van het besluit is bewaard."))
            return redirect(reverse("besluit_nemen", args=[nummer]) + "#besluit")
        elif form.is_valid():
            try:
                services.besluit_record(
                    melding_id=melding.pk,
                    door=request.user,
                    route=form.cleaned_data["route"],
                    onderbouwing=form.cleaned_data["onderbouwing"],
                    overdracht_aan=form.cleaned_data["overdracht_aan"],
                    reden_geen_contact=form.cleaned_data["reden_geen_contact"],
                )
            except GeenToegang:
                raise
            except DomainError as fout:
                # The service lists everything still missing: show it whole, above the form.
                _toon_fout(form, fout, ook_boven=True)
            else:
                request.session.pop(CONCEPT.format(pk=melding.pk), None)
                route = BesluitRoute(form.cleaned_data["route"])
                messages.success(
                    request, _("Het besluit is vastgelegd: %(route)s.") % {"route": route.label}
                )
                return redirect(_dossier_url(nummer))
    else:
        form = _besluitform_met_concept(request, melding)
        _inzien(request, melding, pagina="besluit")
    mag = melding.status == MeldingStatus.IN_BEOORDELING and is_beoordelaar_of_werkbegeleider(
        request.user, melding
    )
    context = {
        "melding": melding,
        "form": form,
        "consult_form": consult_form,
        "checklist": besluit_checklist(melding),
        "open_verrijking": list(protocol.open_verrijking(melding)) if mag else [],
        "toon_formulier": mag or form.is_bound,
        "mag_besluiten": mag,
    }
    return render(request, "meldingen/melding_besluit.html", context)


def _consult_vastleggen(request: HttpRequest, melding: Melding, form: ConsultForm) -> bool:
    """Record the consult of the besluit page; False (errors on `form`) when refused."""
    if not form.is_valid():
        return False
    try:
        services.consult_vastleggen(
            melding_id=melding.pk,
            door=request.user,
            vorm=form.cleaned_data["vorm"],
            datum=form.cleaned_data["datum"],
            deelnemer_ids=list(form.cleaned_data["deelnemers"]),
            vraag=form.cleaned_data["vraag"],
            uitkomst=form.cleaned_data["uitkomst"],
        )
    except GeenToegang:
        raise
    except DomainError as fout:
        _toon_fout(form, fout, ook_boven=True)
        return False
    messages.success(
        request, _("Het consult of MDO is vastgelegd; uw besluit staat nog zoals u het typte.")
    )
    return True


@require_POST
def verrijking_overslaan(request: HttpRequest, nummer: str, taak_id: int) -> HttpResponse:
    """From the besluit page: skip a check that cannot be done, with the reason."""
    melding = _melding(request, nummer)
    taak = next((t for t in melding.verrijkingstaken.all() if t.pk == taak_id), None)
    if taak is None:
        raise Http404(_("Deze verrijkingstaak hoort niet bij deze melding."))
    try:
        services.verrijking_overslaan(
            taak_id=taak.pk, door=request.user, reden=request.POST.get("reden", "")
        )
    except GeenToegang:
        raise
    except DomainError as fout:
        messages.error(request, fout.message)
    else:
        messages.success(
            request,
            _("Verrijking %(bron)s: vastgelegd als niet mogelijk.")
            % {"bron": taak.get_bron_display()},
        )
    return redirect("besluit_nemen", nummer=nummer)


urlpatterns = [
    path("meldingen/<nummer:nummer>/beoordeling/", beoordeling_b, name="beoordeling_b"),
    path("meldingen/<nummer:nummer>/besluit/", besluit_nemen, name="besluit_nemen"),
    path("meldingen/<nummer:nummer>/aard/", aard_wijzigen, name="melding_aard_wijzigen"),
    path("meldingen/<nummer:nummer>/urgentie/", herprioriteren, name="melding_herprioriteren"),
    path(
        "meldingen/<nummer:nummer>/verrijking/<int:taak_id>/overslaan/",
        verrijking_overslaan,
        name="verrijking_overslaan",
    ),
]
