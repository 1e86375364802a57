"""Browser pages after afronden: overdracht with veiligheidsafspraken, monitoring, afsluiten, and
the two letters (overdrachtsbrief, afsluitbrief) as print views."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from diensten import services
from diensten.forms import (
    AfsluitenForm,
    AfspraakForm,
    MonitoringStartenForm,
    OverdrachtForm,
    rij_index,
)
from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from diensten.selectors import dienst_acties, ketenpartners
from diensten.views._pagina import (
    PREFIX,
    dienst_formulier,
    dienst_url,
    laad_dienst,
    moment_form,
)
from veiligthuis.audit import audit_verzoek
from veiligthuis.berichten import sectiebericht
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.weergave import fout_in_formulier

MAX_AFSPRAKEN = 50
AFSPRAAK_VELDEN = ("wat", "wie", "uiterlijk", "hoe_gecontroleerd")


# --- Overdracht ----------------------------------------------------------------------------------


def afspraak_rijen(data) -> list[AfspraakForm]:
    """The afspraak rows in the order the page shows them (each row posts its index in "rijen")."""
    indices: list[int] = []
    for waarde in data.getlist("rijen"):
        index = rij_index(waarde)
        if index is not None and index not in indices:
            indices.append(index)
    return [AfspraakForm(data, index=index) for index in indices[:MAX_AFSPRAKEN]]


def plaats_overdracht_fout(
    form: OverdrachtForm, rijen: list[AfspraakForm], fout: DomainError
) -> None:
    """Errors "afspraken.<positie>.<veld>" go next to that field of that row; the rest on the form."""
    overig = {}
    for sleutel, tekst in fout.velden.items():
        delen = sleutel.split(".")
        if len(delen) == 3 and delen[0] == "afspraken" and delen[1].isdigit():
            positie = int(delen[1])
            if positie < len(rijen) and delen[2] in AFSPRAAK_VELDEN:
                rijen[positie].add_error(delen[2], tekst)
                continue
        overig[sleutel] = tekst
    fout_in_formulier(form, DomainError(fout.message, velden=overig))


def _overdracht_pagina(
    request: HttpRequest,
    dienst: Vervolgdienst,
    form: OverdrachtForm,
    rijen: list[AfspraakForm],
    *,
    fout: bool = False,
) -> HttpResponse:
    context = {
        "dienst": dienst,
        "melding": dienst.melding,
        "acties": dienst_acties(request.user, dienst),
        "form": form,
        "rijen": rijen,
        "volgende_index": max((r.index for r in rijen), default=-1) + 1,
        "fout": fout,
    }
    return render(request, "diensten/dienst_overdracht.html", context)


@require_http_methods(["GET", "POST"])
def dienst_overdracht(request: HttpRequest, pk: int) -> HttpResponse:
    """The overdracht to a ketenpartner with any number of veiligheidsafspraken.

    htmx GET with `index`: one new empty afspraak row. POST: every row is validated by the
    service at once; if any row is incomplete nothing is saved and each error sits at its field.
    Without JavaScript the "Afspraak toevoegen" button posts the form back with one more row.
    """
    dienst = laad_dienst(request, pk)
    if request.method == "GET" and request.htmx and "index" in request.GET:
        index = rij_index(request.GET.get("index"))
        if index is None:
            return HttpResponseBadRequest(_("Ongeldige rij."))
        context = {"rij": AfspraakForm(index=index, focus=True), "oob_volgende_index": index + 1}
        return render(request, "diensten/_afspraak_rij.html", context)

    partners = ketenpartners()
    if request.method == "GET":
        audit_verzoek(
            request, "dienst.inzien", dienst.melding, dienst=dienst.pk, pagina="overdracht"
        )
        form = OverdrachtForm(partners=partners)
        return _overdracht_pagina(request, dienst, form, [AfspraakForm(index=0)])

    form = OverdrachtForm(request.POST, partners=partners)
    rijen = afspraak_rijen(request.POST)
    if request.POST.get("actie") == "rij_toevoegen":
        # Not validated yet: the user is still filling in the rows.
        volgende = max((r.index for r in rijen), default=-1) + 1
        rijen = [
            AfspraakForm(
                index=r.index,
                initial={v: request.POST.get(f"{r.prefix}-{v}", "") for v in AFSPRAAK_VELDEN},
            )
            for r in rijen
        ]
        form = OverdrachtForm(
            initial={naam: request.POST.get(naam, "") for naam in form.fields}, partners=partners
        )
        return _overdracht_pagina(request, dienst, form, [*rijen, AfspraakForm(index=volgende)])

    # Every row is validated (not only up to the first invalid one): all errors show at once.
    rijen_geldig = [rij.is_valid() for rij in rijen]
    geldig = form.is_valid() and all(rijen_geldig)
    if not rijen:
        form.add_error(None, _("Leg minstens één concrete veiligheidsafspraak vast."))
        rijen = [AfspraakForm(index=0)]
        geldig = False
    if geldig:
        afspraken = [
            services.AfspraakGegevens(
                wat=rij.cleaned_data["wat"],
                wie=rij.cleaned_data["wie"],
                uiterlijk=rij.cleaned_data["uiterlijk"],
                hoe_gecontroleerd=rij.cleaned_data["hoe_gecontroleerd"],
            )
            for rij in rijen
        ]
        try:
            dienst = services.overdracht_vastleggen(
                dienst_id=dienst.pk,
                door=request.user,
                ketenpartner_id=form.cleaned_data["ketenpartner"],
                afspraken=afspraken,
                contactpersoon=form.cleaned_data["contactpersoon"],
                wachtlijst=form.cleaned_data["wachtlijst"],
            )
        except GeenToegang:
            raise
        except DomainError as fout:
            plaats_overdracht_fout(form, rijen, fout)
        else:
            if dienst.status == DienstStatus.OP_KETENPARTNER:
                tekst = _(
                    "De overdracht is vastgelegd. De ketenpartner heeft een wachtlijst: de dienst "
                    "wacht op de ketenpartner en houdt overbruggingscontacten."
                )
            else:
                tekst = _("De overdracht is vastgelegd. De overdrachtsbrief staat klaar.")
            sectiebericht(request, tekst, sectie="overdracht")
            return redirect(dienst_url(pk, "overdracht"))
    return _overdracht_pagina(request, dienst, form, rijen, fout=True)


@require_POST
def dienst_ketenpartner_gestart(request: HttpRequest, pk: int) -> HttpResponse:
    def opslaan(dienst, _data):
        services.ketenpartner_gestart(dienst_id=dienst.pk, door=request.user)

    return dienst_formulier(
        request,
        pk,
        form=None,
        opslaan=opslaan,
        succes=_("De ketenpartner is gestart: de dienst is overgedragen."),
        anker="overdracht",
    )


# --- Monitoring and afsluiten --------------------------------------------------------------------


@require_POST
def dienst_monitoring_starten(request: HttpRequest, pk: int) -> HttpResponse:
    def opslaan(dienst, data):
        services.monitoring_starten(dienst_id=dienst.pk, door=request.user, vanaf=data["vanaf"])

    return dienst_formulier(
        request,
        pk,
        form=MonitoringStartenForm(request.POST, prefix=PREFIX["monitoring_starten_form"]),
        formnaam="monitoring_starten_form",
        opslaan=opslaan,
        succes=_("De monitoring is gestart; de momenten zijn gepland."),
        anker="monitoring",
    )


@require_POST
def dienst_monitoringsmoment(request: HttpRequest, pk: int, moment_id: int) -> HttpResponse:
    """Record one monitoring check; a failed one creates a new melding, which the message links."""
    dienst = laad_dienst(request, pk)
    if not any(m.pk == moment_id for m in dienst.monitoringsmomenten.all()):
        raise Http404(_("Dit monitoringsmoment hoort niet bij deze dienst."))
    form = moment_form(moment_id, request.POST)
    nieuw = {}

    def opslaan(dienst, data):
        moment = services.monitoringsmoment_vastleggen(
            moment_id=moment_id,
            door=request.user,
            voorwaarden_nagekomen=data["voorwaarden_nagekomen"] == "ja",
            veilig=data["veilig"] == "ja",
            toelichting=data["toelichting"],
            uitgevoerd_op=data["uitgevoerd_op"],
        )
        nieuw["melding"] = moment.nieuwe_melding

    antwoord = dienst_formulier(
        request,
        pk,
        dienst=dienst,
        form=form,
        opslaan=opslaan,
        succes=_("Het monitoringsmoment is vastgelegd."),
        anker="monitoring",
        extra=lambda f: {"moment_forms": {moment_id: f}},
    )
    if nieuw.get("melding") is not None:
        sectiebericht(
            request,
            _(
                "De voorwaarden of de veiligheid zijn niet in orde: nieuwe melding %(nummer)s is "
                "aangemaakt en staat klaar voor screening."
            )
            % {"nummer": nieuw["melding"].nummer},
            sectie="monitoring",
            niveau=messages.WARNING,
        )
    return antwoord


@require_POST
def dienst_afsluiten(request: HttpRequest, pk: int) -> HttpResponse:
    def opslaan(dienst, data):
        services.dienst_afsluiten(
            dienst_id=dienst.pk,
            door=request.user,
            afsluitbrief_op=data["afsluitbrief_op"],
            ervaringsonderzoek=data["ervaringsonderzoek"],
            contra_indicatie=data["contra_indicatie"],
        )

    return dienst_formulier(
        request,
        pk,
        form=AfsluitenForm(request.POST, prefix=PREFIX["afsluiten_form"]),
        formnaam="afsluiten_form",
        opslaan=opslaan,
        succes=_("De dienst is afgesloten."),
        anker="afsluiten",
    )


# --- Letters -------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def dienst_overdrachtsbrief(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter to the ketenpartner: exactly the structured afspraken and the voorwaarden."""
    dienst = laad_dienst(request, pk)
    overdracht = getattr(dienst, "overdracht", None)
    if overdracht is None:
        raise Http404(_("Voor deze dienst is nog geen overdracht vastgelegd."))
    audit_verzoek(request, "dienst.overdrachtsbrief", dienst.melding, dienst=dienst.pk)
    context = {
        "dienst": dienst,
        "melding": dienst.melding,
        "overdracht": overdracht,
        "afspraken": list(overdracht.afspraken.all()),
        "voorwaarden": list(dienst.voorwaarden.all()),
        "datum": timezone.localtime(overdracht.vastgelegd_op).date(),
    }
    return render(request, "diensten/dienst_overdrachtsbrief.html", context)


@require_http_methods(["GET"])
def dienst_afsluitbrief(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter to the directbetrokkenen at closure, with the ervaringsonderzoek invitation
    unless a contra-indication was recorded."""
    dienst = laad_dienst(request, pk)
    if dienst.status not in (DienstStatus.MONITORING, DienstStatus.AFGESLOTEN):
        raise Http404(_("De afsluitbrief hoort bij het afsluiten na de monitoring."))
    audit_verzoek(request, "dienst.afsluitbrief", dienst.melding, dienst=dienst.pk)
    betrokkenen = list(dienst.melding.directbetrokkenen.all())
    vandaag = timezone.localdate()
    volwassenen = [
        db
        for db in betrokkenen
        if (leeftijd := db.persoon.leeftijd_op(vandaag)) is not None and leeftijd >= 18
    ]
    context = {
        "dienst": dienst,
        "melding": dienst.melding,
        "geadresseerden": volwassenen,
        "overdracht": getattr(dienst, "overdracht", None),
        "voorwaarden": list(dienst.voorwaarden.all()),
        "uitnodiging": dienst.ervaringsonderzoek and not dienst.contra_indicatie,
        "datum": dienst.afsluitbrief_op or vandaag,
    }
    return render(request, "diensten/dienst_afsluitbrief.html", context)
