"""Browser pages: the directbetrokkenen of a melding after intake, and correcting its soort.

"Directbetrokkenen wijzigen" lists who is on the melding now, with a form per person to correct
the role or to take them off ("hoort niet bij deze melding"), a form to add someone, the BRP's
residents at the address on request, and the history of the changes. Each write is one service
call (`services.betrokkenen`); a refusal shows next to its form in Dutch and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from meldingen.forms.betrokkenen import (
    BetrokkeneToevoegenForm,
    BrpToevoegenForm,
    HoortNietBijForm,
    InformerenForm,
    RolForm,
    SoortForm,
)
from meldingen.forms.intake import met_leeg
from meldingen.keuzes import RolInMelding
from meldingen.models import Melding
from meldingen.selectors.dossier import acties_voor, betrokkenen_met_leeftijd
from meldingen.selectors.lijsten import meldingen_voor
from meldingen.services import betrokkenen as services
from veiligthuis.audit import audit_verzoek
from veiligthuis.berichten import sectiebericht
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.rechten import eis_casusrol
from veiligthuis.weergave import fout_in_formulier


def _melding(request: HttpRequest, nummer: str) -> Melding:
    """The melding in the user's scope (404 otherwise), with persons and change history."""
    eis_casusrol(request.user)
    melding = (
        meldingen_voor(gebruiker=request.user)
        .select_related("huishouden", "besluit")
        .prefetch_related("directbetrokkenen__persoon", "betrokkene_wijzigingen__persoon")
        .prefetch_related("betrokkene_wijzigingen__door", "informeringen")
        .filter(nummer=nummer)
        .first()
    )
    if melding is None:
        raise Http404(_("Deze melding bestaat niet of u mag haar niet inzien."))
    return melding


def _pagina_url(nummer: str, anker: str = "") -> str:
    url = reverse("betrokkenen_wijzigen", args=[nummer])
    return f"{url}#{anker}" if anker else url


def _render(
    request: HttpRequest,
    melding: Melding,
    *,
    status: int = 200,
    toevoegen_form=None,
    fout_rij: int | None = None,
    rij_form=None,
    brp: list | None = None,
    brp_fout: str = "",
) -> HttpResponse:
    acties = acties_voor(request.user, melding)
    informeringen = {i.persoon_id: i for i in melding.informeringen.all()}
    rijen = []
    for rij in betrokkenen_met_leeftijd(melding):
        pk = rij["betrokkene"].pk
        eigen = fout_rij == pk and rij_form is not None
        rij["rol_form"] = (
            rij_form
            if eigen and isinstance(rij_form, RolForm)
            else RolForm(prefix=f"rol-{pk}", initial={"rol": rij["betrokkene"].rol})
        )
        rij["weg_form"] = (
            rij_form
            if eigen and isinstance(rij_form, HoortNietBijForm)
            else HoortNietBijForm(prefix=f"weg-{pk}")
        )
        rij["informering"] = informeringen.get(rij["persoon"].pk)
        rij["informeren_form"] = (
            rij_form
            if eigen and isinstance(rij_form, InformerenForm)
            else InformerenForm(prefix=f"info-{pk}")
        )
        rijen.append(rij)
    context = {
        "melding": melding,
        "mag_wijzigen": acties.aanvullen and melding.status != "afgesloten",
        "rijen": rijen,
        "toevoegen_form": toevoegen_form or BetrokkeneToevoegenForm(),
        "wijzigingen": list(melding.betrokkene_wijzigingen.all()),
        "brp": brp,
        "brp_fout": brp_fout,
        "brp_rollen": met_leeg(RolInMelding.choices),
    }
    audit_verzoek(request, "melding.inzien", melding, pagina="directbetrokkenen")
    return render(request, "meldingen/betrokkenen_wijzigen.html", context, status=status)


@require_http_methods(["GET"])
def betrokkenen_wijzigen(request: HttpRequest, nummer: str) -> HttpResponse:
    """The page; with ?brp=1 it also asks the BRP who lives at the address."""
    melding = _melding(request, nummer)
    if request.GET.get("brp") != "1":
        return _render(request, melding)
    try:
        bewoners = services.bewoners_volgens_brp(melding=melding, door=request.user)
    except GeenToegang:
        raise
    except DomainError as fout:
        return _render(request, melding, brp=[], brp_fout=fout.message)
    return _render(request, melding, brp=bewoners)


def _opslaan(request, nummer, form, opslaan, *, succes: str, anker: str, **fout_context):
    """Validate, one service call, then back to the page (PRG) or the page with the error."""
    melding = _melding(request, nummer)
    if form.is_valid():
        try:
            opslaan(melding, form.cleaned_data)
        except GeenToegang:
            raise
        except DomainError as fout:
            fout_in_formulier(form, fout)
        else:
            sectiebericht(request, succes, sectie=anker)
            return redirect(_pagina_url(nummer, anker))
    return _render(request, melding, status=400, **fout_context)


@require_POST
def betrokkene_toevoegen(request: HttpRequest, nummer: str) -> HttpResponse:
    form = BetrokkeneToevoegenForm(request.POST)

    def opslaan(melding, data):
        services.betrokkene_toevoegen(
            melding_id=melding.pk,
            door=request.user,
            gegevens=form.gegevens(),
            toelichting=data["toelichting"],
        )

    return _opslaan(
        request,
        nummer,
        form,
        opslaan,
        succes=_("De directbetrokkene is toegevoegd."),
        anker="huidige",
        toevoegen_form=form,
    )


@require_POST
def betrokkene_uit_brp(request: HttpRequest, nummer: str) -> HttpResponse:
    form = BrpToevoegenForm(request.POST)

    def opslaan(melding, data):
        services.betrokkene_uit_brp(
            melding_id=melding.pk, door=request.user, bsn=data["bsn"], rol=data["rol"]
        )

    melding = _melding(request, nummer)
    if form.is_valid():
        try:
            opslaan(melding, form.cleaned_data)
        except GeenToegang:
            raise
        except DomainError as fout:
            return _render(request, melding, status=400, brp=[], brp_fout=fout.message)
        sectiebericht(
            request, _("De bewoner is als directbetrokkene toegevoegd."), sectie="huidige"
        )
        return redirect(_pagina_url(nummer, "huidige"))
    fout = " ".join(e for fouten in form.errors.values() for e in fouten)
    return _render(request, melding, status=400, brp=[], brp_fout=fout)


@require_POST
def betrokkene_rol(request: HttpRequest, nummer: str, betrokkene_id: int) -> HttpResponse:
    form = RolForm(request.POST, prefix=f"rol-{betrokkene_id}")

    def opslaan(melding, data):
        _eigen_betrokkene(melding, betrokkene_id)
        services.betrokkene_rol_wijzigen(
            betrokkene_id=betrokkene_id, door=request.user, rol=data["rol"], reden=data["reden"]
        )

    return _opslaan(
        request,
        nummer,
        form,
        opslaan,
        succes=_("De rol is gecorrigeerd."),
        anker="huidige",
        fout_rij=betrokkene_id,
        rij_form=form,
    )


@require_POST
def betrokkene_hoort_niet_bij(
    request: HttpRequest, nummer: str, betrokkene_id: int
) -> HttpResponse:
    form = HoortNietBijForm(request.POST, prefix=f"weg-{betrokkene_id}")

    def opslaan(melding, data):
        _eigen_betrokkene(melding, betrokkene_id)
        services.betrokkene_hoort_niet_bij(
            betrokkene_id=betrokkene_id, door=request.user, reden=data["reden"]
        )

    return _opslaan(
        request,
        nummer,
        form,
        opslaan,
        succes=_("De persoon is van deze melding gehaald; de wijziging staat in de geschiedenis."),
        anker="huidige",
        fout_rij=betrokkene_id,
        rij_form=form,
    )


@require_POST
def betrokkene_informeren(request: HttpRequest, nummer: str, betrokkene_id: int) -> HttpResponse:
    form = InformerenForm(request.POST, prefix=f"info-{betrokkene_id}")

    def opslaan(melding, data):
        _eigen_betrokkene(melding, betrokkene_id)
        services.betrokkene_informeren(
            betrokkene_id=betrokkene_id,
            door=request.user,
            wijze=data["wijze"],
            op=data["op"],
            grond=data["grond"],
            toelichting=data["toelichting"],
        )

    return _opslaan(
        request,
        nummer,
        form,
        opslaan,
        succes=_("Vastgelegd hoe de persoon is geïnformeerd."),
        anker="huidige",
        fout_rij=betrokkene_id,
        rij_form=form,
    )


@require_POST
def personen_herzoeken(request: HttpRequest, nummer: str) -> HttpResponse:
    melding = _melding(request, nummer)
    try:
        aantal = services.bekende_personen_zoeken(melding_id=melding.pk, door=request.user)
    except GeenToegang:
        raise
    except DomainError as fout:
        sectiebericht(request, fout.message, sectie="huidige", niveau=messages.ERROR)
        return redirect(_pagina_url(nummer, "huidige"))
    if aantal:
        tekst = ngettext(
            "%(n)d mogelijk dezelfde persoon gevonden: beslis bij 'Mogelijk dezelfde persoon'.",
            "%(n)d keer mogelijk dezelfde persoon gevonden: beslis bij 'Mogelijk dezelfde "
            "persoon'.",
            aantal,
        ) % {"n": aantal}
    else:
        tekst = _("Geen andere bekende personen gevonden die dezelfde kunnen zijn.")
    sectiebericht(request, tekst, sectie="huidige")
    return redirect(_pagina_url(nummer, "huidige"))


def _eigen_betrokkene(melding: Melding, betrokkene_id: int) -> None:
    """The row must belong to the melding in the URL (the service checks the team again)."""
    if not any(b.pk == betrokkene_id for b in melding.directbetrokkenen.all()):
        raise DomainError(_("Deze directbetrokkene staat (al) niet meer bij de melding."))


@require_http_methods(["GET", "POST"])
def soort_corrigeren(request: HttpRequest, nummer: str) -> HttpResponse:
    """Correct the derived soort melding, with a reason (journal and audit)."""
    eis_casusrol(request.user)
    melding = (
        meldingen_voor(gebruiker=request.user)
        .select_related("besluit")
        .filter(nummer=nummer)
        .first()
    )
    if melding is None:
        raise Http404(_("Deze melding bestaat niet of u mag haar niet inzien."))
    status = 200
    if request.method == "POST":
        form = SoortForm(request.POST)
        if form.is_valid():
            try:
                services.soort_corrigeren(
                    melding_id=melding.pk,
                    door=request.user,
                    soort=form.cleaned_data["soort"],
                    reden=form.cleaned_data["reden"],
                )
            except GeenToegang:
                raise
            except DomainError as fout:
                fout_in_formulier(form, fout)
            else:
                sectiebericht(request, _("De soort melding is gecorrigeerd."), sectie="overzicht")
                return redirect(reverse("melding_dossier", args=[nummer]) + "#overzicht")
        status = 400
    else:
        form = SoortForm(initial={"soort": melding.soort})
    context = {
        "melding": melding,
        "form": form,
        "mag_wijzigen": acties_voor(request.user, melding).aanvullen,
    }
    return render(request, "meldingen/soort_corrigeren.html", context, status=status)


urlpatterns = [
    path(
        "meldingen/<nummer:nummer>/directbetrokkenen/",
        betrokkenen_wijzigen,
        name="betrokkenen_wijzigen",
    ),
    path(
        "meldingen/<nummer:nummer>/directbetrokkenen/toevoegen/",
        betrokkene_toevoegen,
        name="betrokkene_toevoegen",
    ),
    path(
        "meldingen/<nummer:nummer>/directbetrokkenen/uit-brp/",
        betrokkene_uit_brp,
        name="betrokkene_uit_brp",
    ),
    path(
        "meldingen/<nummer:nummer>/directbetrokkenen/<int:betrokkene_id>/rol/",
        betrokkene_rol,
        name="betrokkene_rol",
    ),
    path(
        "meldingen/<nummer:nummer>/directbetrokkenen/<int:betrokkene_id>/hoort-niet-bij/",
        betrokkene_hoort_niet_bij,
        name="betrokkene_hoort_niet_bij",
    ),
    path(
        "meldingen/<nummer:nummer>/directbetrokkenen/<int:betrokkene_id>/geinformeerd/",
        betrokkene_informeren,
        name="betrokkene_informeren",
    ),
    path(
        "meldingen/<nummer:nummer>/directbetrokkenen/opnieuw-zoeken/",
        personen_herzoeken,
        name="personen_herzoeken",
    ),
    path("meldingen/<nummer:nummer>/soort/", soort_corrigeren, name="soort_corrigeren"),
]
