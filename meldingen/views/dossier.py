"""Browser pages: the dossier of one melding and the small forms on it.

Every page loads the melding through `selectors.dossier.dossier_voor` (a melding outside the user's
scope is a 404) and every write goes through one service. A refusal of a service is shown next to
the form it came from; a GeenToegang becomes the Dutch 403 page (GeenToegangMiddleware).
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.messages import get_messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from meldingen import afwegingskader, services
from meldingen.forms.bijlagen import BijlageForm
from meldingen.forms.dossier import (
    ActiviteitForm,
    AfsluitenForm,
    ConsultForm,
    JournaalForm,
    RedenForm,
    VerrijkingResultaatForm,
)
from meldingen.keuzes import VerrijkingStatus
from meldingen.models import Melding
from meldingen.selectors.dossier import (
    Dossierkop,
    acties_voor,
    automatische_bronnen,
    betrokkenen_met_leeftijd,
    consult_deelnemers,
    dossier_ongewijzigd_tot,
    dossier_voor,
    dossierkop,
    eerdere_meldingen_voor,
    termijnen_van,
)
from meldingen.services import bijlagen as bijlage_service
from veiligthuis.audit import audit_verzoek
from veiligthuis.berichten import sectiebericht
from veiligthuis.configuratie import AFWEGINGSREGELS, SLUITINGSDAGEN, stempel
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.formulieren import LeegFormulier
from veiligthuis.paginacache import Fragmentcache, met_plaatshouder, token_invullen
from veiligthuis.weergave import fout_in_formulier

# The forms on the dossier page: context name → (form class, prefix). Prefixes keep ids unique.
FORMULIEREN = {
    "journaal_form": (JournaalForm, "journaal"),
    "activiteit_form": (ActiviteitForm, "activiteit"),
    "consult_form": (ConsultForm, "consult"),
    "radar_form": (RedenForm, "radar"),
    "teruggeven_form": (RedenForm, "teruggeven"),
    "verlengen_form": (RedenForm, "verlengen"),
    "afsluiten_form": (AfsluitenForm, "afsluiten"),
    "bijlage_form": (BijlageForm, "bijlage"),
}
PREFIX = {naam: prefix for naam, (_klasse, prefix) in FORMULIEREN.items()}
# The rendered sections per melding, in this process's memory only: they hold a child's name,
# address and case content (veiligthuis/paginacache.py).
DOSSIERS = Fragmentcache("dossier", teller_sleutel=None, cache_alias="dossiers")


def _melding(request: HttpRequest, nummer: str) -> Melding:
    return dossier_voor(gebruiker=request.user, nummer=nummer)


def _dossier_url(nummer: str, anker: str = "") -> str:
    url = reverse("melding_dossier", args=[nummer])
    return f"{url}#{anker}" if anker else url


def _inzien(request: HttpRequest, melding: Melding, **details) -> None:
    audit_verzoek(request, "melding.inzien", melding, **details)


def _toon_fout(form, fout: DomainError, *, ook_boven: bool = False) -> None:
    """Field errors next to their fields; with `ook_boven` the whole message above the form too."""
    fout_in_formulier(form, fout)
    if ook_boven and fout.message not in form.non_field_errors():
        form.add_error(None, fout.message)


def _verrijkingsrijen(melding: Melding, acties, formulieren: dict, fouten: dict) -> list[dict]:
    automatisch = automatische_bronnen()
    rijen = []
    for taak in melding.verrijkingstaken.all():
        is_automatisch = taak.bron in automatisch
        form = None
        if acties.aanvullen and taak.status == VerrijkingStatus.OPEN and not is_automatisch:
            form = formulieren.get(taak.pk) or VerrijkingResultaatForm(prefix=f"taak-{taak.pk}")
        rijen.append(
            {
                "taak": taak,
                "automatisch": is_automatisch,
                "form": form,
                "fout": fouten.get(taak.pk, ""),
            }
        )
    return rijen


def _dossier_context(
    request: HttpRequest,
    melding: Melding,
    *,
    eerdere: list[Melding] | None = None,
    verrijking_forms: dict | None = None,
    verrijking_fouten: dict | None = None,
    fout: dict | None = None,
    **formulieren,
) -> dict:
    """Everything the dossier page and its partials show, in a fixed number of queries.

    `eerdere`: the radar list when the caller has read it already (`dossierkop`).
    """
    gebruiker = request.user
    acties = acties_voor(gebruiker, melding)
    forms = {}
    for naam, (klasse, prefix) in FORMULIEREN.items():
        if naam in formulieren:
            forms[naam] = formulieren[naam]
        elif klasse is not ConsultForm:
            # The consult form lists every possible deelnemer (a query): built only when opened,
            # by `consult_formulier`, or when a POST comes back with errors. The others are the
            # same empty form on every view: rendered once per process (veiligthuis.formulieren).
            forms[naam] = LeegFormulier(klasse, prefix=prefix)
    if eerdere is None:
        eerdere = eerdere_meldingen_voor(gebruiker=gebruiker, melding=melding)
    return {
        "melding": melding,
        "acties": acties,
        "termijnen": termijnen_van(melding),
        "betrokkenen": betrokkenen_met_leeftijd(melding),
        "verrijkingen": _verrijkingsrijen(
            melding, acties, verrijking_forms or {}, verrijking_fouten or {}
        ),
        "eerdere_meldingen": eerdere,
        # The radar counts the same list the page shows: no second query for the count.
        "radar": afwegingskader.radar(melding, aantal_eerdere=len(eerdere)),
        "ontbrekende_consulten": afwegingskader.ontbrekende_consulten(melding),
        "besluit": getattr(melding, "besluit", None),
        "fout": fout,
        **forms,
    }


def _cachesleutel(request: HttpRequest, kop: Dossierkop) -> tuple:
    """Everything the sections depend on besides the clock: the melding's stand and the shared
    counter (every change to what they show), the configuration they read, the radar as read
    now, and who looks (the actions offered; their team and roles move the shared counter)."""
    gebruiker = request.user
    return (
        kop.melding.pk,
        kop.stand,
        kop.gedeeld,
        stempel(SLUITINGSDAGEN),
        stempel(AFWEGINGSREGELS),
        tuple((m.pk, m.status, m.zichtbaar) for m in kop.eerdere),
        gebruiker.pk,
        gebruiker.team_id,
        tuple(sorted(gebruiker.rollen)),
        get_language(),
    )


def _pagina(request: HttpRequest, melding: Melding, inhoud: str, fout: dict | None = None):
    return render(
        request,
        "meldingen/melding_dossier.html",
        {"melding": melding, "inhoud": mark_safe(inhoud), "fout": fout},  # noqa: S308
    )


def _render_dossier(request: HttpRequest, melding: Melding, **extra) -> HttpResponse:
    context = _dossier_context(request, melding, **extra)
    inhoud = render_to_string("meldingen/_dossier_inhoud.html", context, request)
    _inzien(request, melding)
    return _pagina(request, melding, inhoud, context["fout"])


def _render_partial(
    request: HttpRequest, nummer: str, template: str, *, melding: Melding | None = None, **extra
) -> HttpResponse:
    """A section of the dossier for htmx; reloaded after a write so it shows the saved state."""
    melding = melding or _melding(request, nummer)
    context = _dossier_context(request, melding, **extra)
    # A partial shows dossier content too: each one is a view of the dossier.
    _inzien(request, melding, pagina=template.rsplit("/", 1)[-1])
    return render(request, template, context)


def _fout(anker: str, tekst: str | None = None) -> dict:
    return {
        "anker": anker,
        "tekst": tekst or _("Niet opgeslagen: controleer de gemarkeerde velden."),
    }


@require_http_methods(["GET"])
def melding_dossier(request: HttpRequest, nummer: str) -> HttpResponse:
    """The whole dossier of one melding; reading it is recorded in the audit log.

    The sections come from this process's `DOSSIERS` while the melding's stand says nothing they
    show has changed (`_cachesleutel`); the permission, the radar and the audit row are live on
    every view.
    """
    if request.htmx or len(get_messages(request)):
        # A confirmation shows inside its section; an htmx request shows its messages there too.
        return _render_dossier(request, _melding(request, nummer))
    kop = dossierkop(gebruiker=request.user, nummer=nummer)

    def maken(nu: datetime) -> tuple[str, datetime]:
        melding = _melding(request, nummer)
        context = _dossier_context(request, melding, eerdere=kop.eerdere)
        html = render_to_string(
            "meldingen/_dossier_inhoud.html", met_plaatshouder(context), request
        )
        return html, dossier_ongewijzigd_tot(melding, context["termijnen"], nu=nu)

    inhoud = token_invullen(DOSSIERS.ophalen(request, _cachesleutel(request, kop), maken), request)
    _inzien(request, kop.melding)
    return _pagina(request, kop.melding, inhoud)


def _dossier_formulier(
    request: HttpRequest,
    nummer: str,
    *,
    formnaam: str,
    form,
    opslaan,
    succes: str,
    anker: str,
    partial: str | None = None,
) -> HttpResponse:
    """Shared flow of the forms on the dossier page: validate, one service call, PRG or re-render.

    With htmx and a `partial`, the section is returned (with errors, or fresh after saving). The
    confirmation belongs to the section `anker`: it shows there, after the redirect or in the partial.
    """
    melding = _melding(request, nummer)
    fout_tekst = None
    if form.is_valid():
        try:
            opslaan(melding, form.cleaned_data)
        except GeenToegang:
            raise
        except DomainError as fout:
            _toon_fout(form, fout)
            fout_tekst = fout.message
        else:
            sectiebericht(request, succes, sectie=anker)
            if partial and request.htmx:
                return _render_partial(request, nummer, partial)
            return redirect(_dossier_url(nummer, anker))
    if partial and request.htmx:
        return _render_partial(request, nummer, partial, melding=melding, **{formnaam: form})
    return _render_dossier(request, melding, fout=_fout(anker, fout_tekst), **{formnaam: form})


@require_POST
def journaal_toevoegen(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(melding, data):
        services.journaal_toevoegen(
            melding_id=melding.pk,
            door=request.user,
            soort=data["soort"],
            bron=data["bron"],
            tekst=data["tekst"],
        )

    return _dossier_formulier(
        request,
        nummer,
        formnaam="journaal_form",
        form=JournaalForm(request.POST, prefix=PREFIX["journaal_form"]),
        opslaan=opslaan,
        succes=_("De journaalregel is toegevoegd."),
        anker="journaal",
        partial="meldingen/_dossier_journaal.html",
    )


@require_POST
def bijlage_toevoegen(request: HttpRequest, nummer: str) -> HttpResponse:
    """Upload a document to the dossier (a plain multipart POST; errors next to the fields)."""
    form = BijlageForm(request.POST, request.FILES, prefix=PREFIX["bijlage_form"])

    def opslaan(melding, _data):
        bijlage_service.bijlage_toevoegen(
            melding_id=melding.pk, door=request.user, **form.service_argumenten()
        )

    return _dossier_formulier(
        request,
        nummer,
        formnaam="bijlage_form",
        form=form,
        opslaan=opslaan,
        succes=_("Het document is aan het dossier toegevoegd."),
        anker="bijlagen",
    )


@require_POST
def activiteit_toevoegen(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(melding, data):
        services.activiteit_vastleggen(
            melding_id=melding.pk,
            door=request.user,
            soort=data["soort"],
            datum=data["datum"],
            met_wie=data["met_wie"],
            toelichting=data["toelichting"],
        )

    return _dossier_formulier(
        request,
        nummer,
        formnaam="activiteit_form",
        form=ActiviteitForm(request.POST, prefix=PREFIX["activiteit_form"]),
        opslaan=opslaan,
        succes=_("De activiteit is vastgelegd."),
        anker="activiteiten",
    )


def _consult_form(request: HttpRequest, data=None) -> ConsultForm:
    return ConsultForm(
        data,
        prefix=PREFIX["consult_form"],
        deelnemers=consult_deelnemers(gebruiker=request.user),
    )


@require_http_methods(["GET"])
def consult_formulier(request: HttpRequest, nummer: str) -> HttpResponse:
    """The consult/MDO form, opened from the dossier: into its section with htmx, else the page."""
    melding = _melding(request, nummer)
    if not acties_voor(request.user, melding).aanvullen:
        raise GeenToegang(_("U kunt bij deze melding geen consult of MDO vastleggen."))
    form = _consult_form(request)
    # Where the user goes on typing once the form is there (htmx focuses it after the swap).
    form.fields["datum"].widget.attrs["autofocus"] = True
    if request.htmx:
        return _render_partial(
            request, nummer, "meldingen/_dossier_consulten.html", melding=melding, consult_form=form
        )
    return _render_dossier(request, melding, consult_form=form)


@require_POST
def consult_toevoegen(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(melding, data):
        services.consult_vastleggen(
            melding_id=melding.pk,
            door=request.user,
            vorm=data["vorm"],
            datum=data["datum"],
            deelnemer_ids=list(data["deelnemers"]),
            vraag=data["vraag"],
            uitkomst=data["uitkomst"],
        )

    return _dossier_formulier(
        request,
        nummer,
        formnaam="consult_form",
        form=_consult_form(request, request.POST),
        opslaan=opslaan,
        succes=_("Het consult of MDO is vastgelegd."),
        anker="consulten",
    )


@require_POST
def radar_reden(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(melding, data):
        services.radar_reden_vastleggen(
            melding_id=melding.pk, door=request.user, reden=data["reden"]
        )

    return _dossier_formulier(
        request,
        nummer,
        formnaam="radar_form",
        form=RedenForm(request.POST, prefix=PREFIX["radar_form"]),
        opslaan=opslaan,
        succes=_("De reden waarom geen MDO nodig is, is vastgelegd."),
        anker="radar",
    )


@require_POST
def melding_teruggeven(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(melding, data):
        services.melding_teruggeven(melding_id=melding.pk, door=request.user, reden=data["reden"])

    return _dossier_formulier(
        request,
        nummer,
        formnaam="teruggeven_form",
        form=RedenForm(request.POST, prefix=PREFIX["teruggeven_form"]),
        opslaan=opslaan,
        succes=_("De melding staat weer op de triagelijst."),
        anker="acties",
    )


@require_POST
def informeren_verlengen(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(melding, data):
        services.informeren_verlengen(melding_id=melding.pk, door=request.user, reden=data["reden"])

    return _dossier_formulier(
        request,
        nummer,
        formnaam="verlengen_form",
        form=RedenForm(request.POST, prefix=PREFIX["verlengen_form"]),
        opslaan=opslaan,
        succes=_("De termijn voor het informeren van de directbetrokkenen is verlengd."),
        anker="acties",
    )


@require_POST
def melding_afsluiten(request: HttpRequest, nummer: str) -> HttpResponse:
    def opslaan(melding, data):
        services.melding_afsluiten(
            melding_id=melding.pk, door=request.user, toelichting=data["toelichting"]
        )

    return _dossier_formulier(
        request,
        nummer,
        formnaam="afsluiten_form",
        form=AfsluitenForm(request.POST, prefix=PREFIX["afsluiten_form"]),
        opslaan=opslaan,
        succes=_("De melding is afgesloten."),
        anker="acties",
    )


@require_POST
def verrijking_bijwerken(request: HttpRequest, nummer: str, taak_id: int) -> HttpResponse:
    """Run an automatic check, or record the result of a manual one; htmx swaps the section."""
    melding = _melding(request, nummer)
    taak = next((t for t in melding.verrijkingstaken.all() if t.pk == taak_id), None)
    if taak is None:
        raise Http404(_("Deze verrijkingstaak hoort niet bij deze melding."))
    form = None
    fout_tekst = ""
    try:
        if taak.bron in automatische_bronnen():
            services.verrijking_uitvoeren(taak_id=taak.pk, door=request.user)
        else:
            form = VerrijkingResultaatForm(request.POST, prefix=f"taak-{taak.pk}")
            if form.is_valid():
                services.verrijking_resultaat_vastleggen(
                    taak_id=taak.pk,
                    door=request.user,
                    status=form.cleaned_data["status"],
                    resultaat=form.cleaned_data["resultaat"],
                )
            else:
                fout_tekst = _("Niet opgeslagen: controleer de gemarkeerde velden.")
    except GeenToegang:
        raise
    except DomainError as fout:
        fout_tekst = fout.message
        if form is not None:
            _toon_fout(form, fout)
            fout_tekst = _("Niet opgeslagen: controleer de gemarkeerde velden.")
    if not fout_tekst:
        succes = _("Verrijking %(bron)s bijgewerkt.") % {"bron": taak.get_bron_display()}
        sectiebericht(request, succes, sectie="verrijking")
        if request.htmx:
            return _render_partial(request, nummer, "meldingen/_dossier_verrijking.html")
        return redirect(_dossier_url(nummer, "verrijking"))
    extra = {
        "verrijking_forms": {taak.pk: form} if form is not None else {},
        "verrijking_fouten": {taak.pk: fout_tekst},
    }
    if request.htmx:
        return _render_partial(
            request, nummer, "meldingen/_dossier_verrijking.html", melding=melding, **extra
        )
    return _render_dossier(request, melding, fout=_fout("verrijking", fout_tekst), **extra)


urlpatterns = [
    path("meldingen/<nummer:nummer>/", melding_dossier, name="melding_dossier"),
    path("meldingen/<nummer:nummer>/journaal/", journaal_toevoegen, name="journaal_toevoegen"),
    path("meldingen/<nummer:nummer>/bijlagen/", bijlage_toevoegen, name="bijlage_toevoegen"),
    path(
        "meldingen/<nummer:nummer>/activiteit/", activiteit_toevoegen, name="activiteit_toevoegen"
    ),
    path("meldingen/<nummer:nummer>/consult/", consult_toevoegen, name="consult_toevoegen"),
    path(
        "meldingen/<nummer:nummer>/consult/formulier/",
        consult_formulier,
        name="consult_formulier",
    ),
    path(
        "meldingen/<nummer:nummer>/verrijking/<int:taak_id>/",
        verrijking_bijwerken,
        name="verrijking_bijwerken",
    ),
    path("meldingen/<nummer:nummer>/radar/", radar_reden, name="radar_reden"),
    path("meldingen/<nummer:nummer>/afsluiten/", melding_afsluiten, name="melding_afsluiten"),
    path("meldingen/<nummer:nummer>/teruggeven/", melding_teruggeven, name="melding_teruggeven"),
    path(
        "meldingen/<nummer:nummer>/informeren-verlengen/",
        informeren_verlengen,
        name="informeren_verlengen",
    ),
]
