"""Browser pages: the dienst page and its forms up to afronden (or stoppen).

Each POST parses one form, calls one service and redirects back to the dienst page (PRG) with a
Dutch success message; a refusal re-renders the page with the reason next to the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from diensten import services
from diensten.forms import (
    BevindingenForm,
    ConclusieForm,
    GesprekForm,
    InformantForm,
    StoppenForm,
    UitvoerderForm,
    VoorwaardeForm,
)
from diensten.selectors import betrokkenen_met_leeftijd, conclusie_typen, uitvoerder_kandidaten
from diensten.services.bijlagen import dienst_bijlage_toevoegen
from diensten.views._pagina import (
    PREFIX,
    afwijking_form,
    dienst_formulier,
    laad_dienst,
    render_dienst,
)
from meldingen.forms.bijlagen import BijlageForm
from veiligthuis.berichten import sectiebericht


@require_http_methods(["GET"])
def dienst_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dienst page; reading it is recorded in the audit log."""
    return render_dienst(request, laad_dienst(request, pk))


@require_POST
def dienst_uitvoerder(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign the uitvoerder; the service's warning (an Onderzoek by a beoordelaar) is shown."""
    dienst = laad_dienst(request, pk)
    form = UitvoerderForm(
        request.POST,
        prefix=PREFIX["uitvoerder_form"],
        kandidaten=uitvoerder_kandidaten(dienst=dienst),
    )

    def opslaan(dienst, data):
        dienst, waarschuwing = services.dienst_uitvoerder_toewijzen(
            dienst_id=dienst.pk, door=request.user, uitvoerder_id=data["uitvoerder"]
        )
        if waarschuwing:
            sectiebericht(request, waarschuwing, sectie="acties", niveau=messages.WARNING)

    return dienst_formulier(
        request,
        pk,
        dienst=dienst,
        form=form,
        formnaam="uitvoerder_form",
        opslaan=opslaan,
        succes=_("De uitvoerder is toegewezen."),
        anker="acties",
    )


@require_POST
def dienst_bijlage(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a document to the dienst (a plain multipart POST; errors next to the fields)."""
    form = BijlageForm(request.POST, request.FILES, prefix=PREFIX["bijlage_form"])

    def opslaan(dienst, _data):
        dienst_bijlage_toevoegen(
            dienst_id=dienst.pk, door=request.user, **form.service_argumenten()
        )

    return dienst_formulier(
        request,
        pk,
        form=form,
        formnaam="bijlage_form",
        opslaan=opslaan,
        succes=_("Het document is bij de dienst bewaard."),
        anker="bijlagen",
    )


@require_POST
def dienst_gesprek(request: HttpRequest, pk: int) -> HttpResponse:
    dienst = laad_dienst(request, pk)
    form = GesprekForm(
        request.POST,
        prefix=PREFIX["gesprek_form"],
        betrokkenen=betrokkenen_met_leeftijd(dienst.melding),
    )

    def opslaan(dienst, data):
        services.gesprek_vastleggen(
            dienst_id=dienst.pk,
            door=request.user,
            directbetrokkene_id=data["directbetrokkene"],
            datum=data["datum"],
            vorm=data["vorm"],
            toelichting=data["toelichting"],
        )

    return dienst_formulier(
        request,
        pk,
        dienst=dienst,
        form=form,
        formnaam="gesprek_form",
        opslaan=opslaan,
        succes=_("Het gesprek is vastgelegd."),
        anker="gesprekken",
    )


@require_POST
def dienst_informant(request: HttpRequest, pk: int) -> HttpResponse:
    def opslaan(dienst, data):
        services.informant_vastleggen(
            dienst_id=dienst.pk,
            door=request.user,
            naam=data["naam"],
            organisatie=data["organisatie"],
            toestemming=data["toestemming"],
            afweging=data["afweging"],
            datum=data["datum"],
            informatie=data["informatie"],
        )

    return dienst_formulier(
        request,
        pk,
        form=InformantForm(request.POST, prefix=PREFIX["informant_form"]),
        formnaam="informant_form",
        opslaan=opslaan,
        succes=_("De informant is vastgelegd."),
        anker="informanten",
    )


@require_POST
def dienst_conclusie(request: HttpRequest, pk: int) -> HttpResponse:
    dienst = laad_dienst(request, pk)
    form = ConclusieForm(
        request.POST,
        prefix=PREFIX["conclusie_form"],
        aanleidingen=conclusie_typen(dienst.melding),
    )

    def opslaan(dienst, data):
        services.conclusie_vastleggen(
            dienst_id=dienst.pk,
            door=request.user,
            aanleiding=data["aanleiding"],
            uitkomst=data["uitkomst"],
            toelichting=data["toelichting"],
            reden_voortijdig=data["reden_voortijdig"],
        )

    return dienst_formulier(
        request,
        pk,
        dienst=dienst,
        form=form,
        formnaam="conclusie_form",
        opslaan=opslaan,
        succes=_("De conclusie is vastgelegd."),
        anker="conclusies",
    )


@require_POST
def dienst_voorwaarde(request: HttpRequest, pk: int) -> HttpResponse:
    def opslaan(dienst, data):
        services.voorwaarde_vastleggen(
            dienst_id=dienst.pk,
            door=request.user,
            voorwaarde=data["voorwaarde"],
            voor_wie=data["voor_wie"],
            sinds=data["sinds"],
            hoe_gecontroleerd=data["hoe_gecontroleerd"],
        )

    return dienst_formulier(
        request,
        pk,
        form=VoorwaardeForm(request.POST, prefix=PREFIX["voorwaarde_form"]),
        formnaam="voorwaarde_form",
        opslaan=opslaan,
        succes=_("De veiligheidsvoorwaarde is vastgelegd."),
        anker="voorwaarden",
    )


@require_POST
def dienst_bevindingen(request: HttpRequest, pk: int) -> HttpResponse:
    dienst = laad_dienst(request, pk)
    form = BevindingenForm(
        request.POST, prefix=PREFIX["bevindingen_form"], is_onderzoek=dienst.is_onderzoek
    )

    def opslaan(dienst, data):
        # Only the fields of this type of dienst are in the form; the others stay None (unchanged).
        services.dienst_bevindingen_vastleggen(
            dienst_id=dienst.pk,
            door=request.user,
            **{naam: data[naam] for naam in form.fields},
        )

    return dienst_formulier(
        request,
        pk,
        dienst=dienst,
        form=form,
        formnaam="bevindingen_form",
        opslaan=opslaan,
        succes=_("De bevindingen zijn vastgelegd."),
        anker="bevindingen",
    )


@require_POST
def dienst_afwijking(request: HttpRequest, pk: int) -> HttpResponse:
    """Request an afwijking for one unmet requirement, with a reason."""
    dienst = laad_dienst(request, pk)
    eis = request.POST.get("afwijking-eis", "")
    slug = eis.replace(":", "-").replace("_", "-")
    form = afwijking_form(slug, request.POST)

    def opslaan(dienst, data):
        services.afwijking_aanvragen(
            dienst_id=dienst.pk, door=request.user, eis=data["eis"], reden=data["reden"]
        )

    return dienst_formulier(
        request,
        pk,
        dienst=dienst,
        form=form,
        opslaan=opslaan,
        succes=_("De afwijking is aangevraagd; een werkbegeleider van het team keurt haar goed."),
        anker="eisen",
        extra=lambda f: {"afwijking_forms": {eis: f}},
    )


@require_POST
def dienst_afwijking_goedkeuren(request: HttpRequest, pk: int, afwijking_id: int) -> HttpResponse:
    dienst = laad_dienst(request, pk)
    if not any(a.pk == afwijking_id for a in dienst.afwijkingen.all()):
        raise Http404(_("Deze afwijking hoort niet bij deze dienst."))

    def opslaan(dienst, _data):
        services.afwijking_goedkeuren(afwijking_id=afwijking_id, door=request.user)

    return dienst_formulier(
        request,
        pk,
        dienst=dienst,
        form=None,
        opslaan=opslaan,
        succes=_("De afwijking is goedgekeurd."),
        anker="eisen",
    )


@require_POST
def dienst_afronden(request: HttpRequest, pk: int) -> HttpResponse:
    """Refused with every unmet requirement named (the checklist shows the same list)."""

    def opslaan(dienst, _data):
        services.dienst_afronden(dienst_id=dienst.pk, door=request.user)

    return dienst_formulier(
        request,
        pk,
        form=None,
        opslaan=opslaan,
        succes=_("De dienst is afgerond. Leg nu de overdracht vast of start de monitoring."),
        anker="eisen",
    )


@require_POST
def dienst_stoppen(request: HttpRequest, pk: int) -> HttpResponse:
    def opslaan(dienst, data):
        services.dienst_stoppen(dienst_id=dienst.pk, door=request.user, reden=data["reden"])

    return dienst_formulier(
        request,
        pk,
        form=StoppenForm(request.POST, prefix=PREFIX["stoppen_form"]),
        formnaam="stoppen_form",
        opslaan=opslaan,
        succes=_("De dienst is gestopt."),
        anker="stoppen",
        # A stopped dienst no longer shows the stop form: confirm in the section around it.
        sectie="acties",
    )
