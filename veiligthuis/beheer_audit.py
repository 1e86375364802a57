"""Beheer pages on the audit log: search by medewerker, case and period, and answer a
directbetrokkene's question "wie heeft mijn dossier ingezien?" (with a CSV export).

The answer is meant to be handed over: per medewerker (name, roles, team) and per day what they
did, in words (`beheer_acties`), printable. A BSN that fails the 11-proef is refused rather than
answered with "komt in geen enkele melding voor".

Only functioneel beheer (`rechten.ziet_auditlog`); others get the Dutch 403 page. Bad input is
answered with 400 and the Dutch reason on the page. Searching and exporting are themselves
recorded — without the BSN or name that was searched for, only the case numbers found.

Finding a person's meldingen is the meldingen app's business; the kernel does not import it but
calls the function named by the setting `VT_MELDINGEN_VAN_PERSOON`.
"""

from __future__ import annotations

import csv
import re

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from veiligthuis.audit import AuditLog, audit_lijst, audit_verzoek, auditregels, inzage_van
from veiligthuis.beheer_acties import actie_omschrijving
from veiligthuis.documenten import download_antwoord
from veiligthuis.exceptions import GeenToegang
from veiligthuis.models import Medewerker, Rol
from veiligthuis.pdf import pdf_maken
from veiligthuis.rechten import ziet_auditlog
from veiligthuis.validators import valideer_bsn

PER_PAGINA = 50
MAX_INZAGE_RIJEN = 500  # on the page; the CSV export holds every entry
STANDAARD_PERSOON_MELDINGEN = "meldingen.selectors.personen.meldingnummers_van_persoon"
NUMMER = re.compile(r"^(VT|AD)-\d{4}-\d{6}$")
DATUMNOTATIES = ["%d-%m-%Y", "%Y-%m-%d"]


def _eis_auditlog(gebruiker: Medewerker) -> None:
    if not ziet_auditlog(gebruiker):
        raise GeenToegang(_("Alleen functioneel beheer kan de auditlog inzien."))


class AuditZoekForm(forms.Form):
    medewerker = forms.ModelChoiceField(
        label=gettext_lazy("Medewerker"),
        queryset=Medewerker.objects.order_by("last_name", "first_name", "username"),
        required=False,
        empty_label=gettext_lazy("Iedereen"),
        error_messages={"invalid_choice": gettext_lazy("Deze medewerker bestaat niet.")},
    )
    nummer = forms.CharField(
        label=gettext_lazy("Nummer van melding of advies"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Bijvoorbeeld VT-2026-000123."),
    )
    van = forms.DateField(
        label=gettext_lazy("Vanaf"),
        required=False,
        input_formats=DATUMNOTATIES,
        error_messages={"invalid": gettext_lazy("Vul een datum in als dd-mm-jjjj.")},
    )
    tot = forms.DateField(
        label=gettext_lazy("Tot en met"),
        required=False,
        input_formats=DATUMNOTATIES,
        error_messages={"invalid": gettext_lazy("Vul een datum in als dd-mm-jjjj.")},
    )

    def clean_nummer(self) -> str:
        nummer = self.cleaned_data["nummer"].strip().upper()
        if nummer and not NUMMER.match(nummer):
            raise forms.ValidationError(
                _("Een nummer ziet eruit als VT-2026-000123 (melding) of AD-2026-000123 (advies).")
            )
        return nummer

    def clean(self):
        gegevens = super().clean()
        van, tot = gegevens.get("van"), gegevens.get("tot")
        if van and tot and van > tot:
            raise forms.ValidationError(_("De begindatum ligt na de einddatum."))
        return gegevens


class InzageForm(forms.Form):
    bsn = forms.CharField(label=gettext_lazy("BSN"), required=False, max_length=11)
    achternaam = forms.CharField(label=gettext_lazy("Achternaam"), required=False, max_length=100)
    geboortedatum = forms.DateField(
        label=gettext_lazy("Geboortedatum"),
        required=False,
        input_formats=DATUMNOTATIES,
        error_messages={"invalid": gettext_lazy("Vul een datum in als dd-mm-jjjj.")},
    )

    def clean_bsn(self) -> str:
        bsn = re.sub(r"[\s.]", "", self.cleaned_data["bsn"])
        if bsn and (len(bsn) != 9 or not bsn.isdigit()):
            raise forms.ValidationError(_("Een BSN bestaat uit 9 cijfers."))
        # A typo must not be answered with "komt in geen enkele melding voor": the 11-proef
        # catches nearly every mistyped digit (and the CBS codes for "onbekend").
        valideer_bsn(bsn)
        return bsn

    def clean(self):
        gegevens = super().clean()
        if self.errors:
            return gegevens
        op_naam = gegevens.get("achternaam") and gegevens.get("geboortedatum")
        if not gegevens.get("bsn") and not op_naam:
            raise forms.ValidationError(
                _("Vul een BSN in, of de achternaam en de geboortedatum van de persoon.")
            )
        return gegevens


def _regel_rijen(regels) -> list[dict]:
    return [
        {
            "regel": r,
            "tijdstip": timezone.localtime(r.tijdstip),
            "nummers": r.details.get("nummers", []) if isinstance(r.details, dict) else [],
            "omschrijving": actie_omschrijving(r.actie),
        }
        for r in regels
    ]


def _meldingen_in_regel(rij: dict, nummers: list[str]) -> list[str]:
    """Which of the person's meldingen an entry is about: its object, or those in its list."""
    if rij["regel"].object_id in nummers:
        return [rij["regel"].object_id]
    return [n for n in rij["nummers"] if n in nummers]


def _rollen_weergave(codes: str) -> list[str]:
    """Role codes as stored on an entry ("onderzoeker,werkbegeleider") as their Dutch names."""
    labels = dict(Rol.choices)
    return [str(labels.get(code, code)) for code in codes.split(",") if code]


def _per_medewerker(rijen: list[dict], nummers: list[str]) -> list[dict]:
    """The answer to an inzageverzoek: per medewerker (name, roles, team), per day, what they did.

    Medewerkers by name; days and entries newest first, as the log is read. The roles an entry
    recorded are named only when they differ from the medewerker's roles now.
    """
    per_medewerker: dict[int, dict] = {}
    for rij in rijen:
        regel: AuditLog = rij["regel"]
        medewerker = regel.medewerker
        groep = per_medewerker.setdefault(
            medewerker.pk,
            {
                "medewerker": medewerker,
                "rollen": medewerker.rollen_weergave(),
                "team": medewerker.team,
                "dagen": {},
            },
        )
        rollen_toen = _rollen_weergave(regel.rollen)
        groep["dagen"].setdefault(rij["tijdstip"].date(), []).append(
            {
                "tijdstip": rij["tijdstip"],
                "omschrijving": rij["omschrijving"],
                "meldingen": _meldingen_in_regel(rij, nummers),
                "rollen_toen": rollen_toen if set(rollen_toen) != set(groep["rollen"]) else [],
            }
        )
    groepen = sorted(
        per_medewerker.values(),
        key=lambda g: (
            (g["medewerker"].last_name or g["medewerker"].username).lower(),
            g["medewerker"].first_name.lower(),
            g["medewerker"].pk,
        ),
    )
    for groep in groepen:
        groep["dagen"] = [
            {"datum": datum, "handelingen": handelingen}
            for datum, handelingen in groep["dagen"].items()
        ]
    return groepen


@require_GET
def auditlog_zoeken(request: HttpRequest) -> HttpResponse:
    """Search the audit log; without criteria the newest entries. Paged, 50 per page."""
    _eis_auditlog(request.user)
    form = AuditZoekForm(request.GET or None)
    context: dict = {"form": form, "pagina": None, "rijen": []}
    if form.is_bound and not form.is_valid():
        return render(request, "veiligthuis/beheer_audit.html", context, status=400)
    criteria = form.cleaned_data if form.is_bound else {}
    medewerker = criteria.get("medewerker")
    regels = auditregels(
        medewerker_id=medewerker.pk if medewerker else None,
        nummer=criteria.get("nummer", ""),
        van=criteria.get("van"),
        tot=criteria.get("tot"),
    )
    pagina = Paginator(regels, PER_PAGINA).get_page(request.GET.get("pagina"))
    audit_verzoek(
        request,
        "auditlog.zoeken",
        None,
        medewerker_id=medewerker.pk if medewerker else None,
        nummer=criteria.get("nummer", ""),
        van=str(criteria.get("van") or ""),
        tot=str(criteria.get("tot") or ""),
    )
    filter_query = request.GET.copy()
    filter_query.pop("pagina", None)
    context.update(pagina=pagina, rijen=_regel_rijen(pagina.object_list), filter_query=filter_query)
    return render(request, "veiligthuis/beheer_audit.html", context)


def _meldingen_van_persoon(gebruiker: Medewerker, gegevens: dict) -> list[str]:
    zoek = import_string(getattr(settings, "VT_MELDINGEN_VAN_PERSOON", STANDAARD_PERSOON_MELDINGEN))
    return zoek(
        gebruiker=gebruiker,
        bsn=gegevens.get("bsn", ""),
        achternaam=gegevens.get("achternaam", ""),
        geboortedatum=gegevens.get("geboortedatum"),
    )


def _inzage_csv(nummers: list[str], regels) -> HttpResponse:
    antwoord = HttpResponse(content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = 'attachment; filename="inzage-dossier.csv"'
    schrijver = csv.writer(antwoord, delimiter=";")
    schrijver.writerow(
        [
            _("Tijdstip"),
            _("Medewerker"),
            _("Rollen"),
            _("Actie"),
            _("Omschrijving"),
            _("Melding"),
            _("IP-adres"),
        ]
    )
    for rij in _regel_rijen(regels):
        r = rij["regel"]
        schrijver.writerow(
            [
                f"{rij['tijdstip']:%d-%m-%Y %H:%M:%S}",
                str(r.medewerker),
                r.rollen,
                r.actie,
                rij["omschrijving"],
                ", ".join(_meldingen_in_regel(rij, nummers)),
                r.ip or "",
            ]
        )
    return antwoord


def _inzage_pdf(nummers: list[str], regels) -> HttpResponse:
    """The answer as a letter to the person who asked: every entry, per medewerker."""
    rijen = _regel_rijen(
        regels.select_related("medewerker__team").prefetch_related("medewerker__roltoewijzingen")
    )
    context = {
        "org": settings.VT_ORGANISATIE,
        "nummers": nummers,
        "per_medewerker": _per_medewerker(rijen, nummers),
        "beantwoord_op": timezone.localtime(),
    }
    pdf = pdf_maken("brieven/inzage.html", context)
    return download_antwoord(pdf, naam="inzage-dossier.pdf", inhoud_type="application/pdf")


@require_http_methods(["GET", "POST"])
def auditlog_inzage(request: HttpRequest) -> HttpResponse:
    """ "Wie heeft mijn dossier ingezien?": the meldingen of one person and who viewed or changed
    them, when and from where. POSTed, so no BSN or name ends up in a URL or a server log;
    `formaat=csv` downloads the same answer, `formaat=pdf` as a letter to the person."""
    _eis_auditlog(request.user)
    form = InzageForm(request.POST if request.method == "POST" else None)
    context: dict = {"form": form, "gezocht": False, "max_rijen": MAX_INZAGE_RIJEN}
    if request.method == "GET":
        return render(request, "veiligthuis/beheer_audit_inzage.html", context)
    if not form.is_valid():
        return render(request, "veiligthuis/beheer_audit_inzage.html", context, status=400)
    nummers = _meldingen_van_persoon(request.user, form.cleaned_data)
    regels = inzage_van(nummers)
    formaat = request.POST.get("formaat")
    # The search is recorded with the case numbers found, never with the BSN or name searched for.
    if formaat == "csv":
        audit_lijst(request, "auditlog.inzage_export", nummers)
        return _inzage_csv(nummers, regels)
    if formaat == "pdf":
        audit_lijst(request, "auditlog.inzage_pdf", nummers)
        return _inzage_pdf(nummers, regels)
    audit_lijst(request, "auditlog.inzage", nummers)
    totaal = regels.count()
    rijen = _regel_rijen(
        regels.select_related("medewerker__team").prefetch_related("medewerker__roltoewijzingen")[
            :MAX_INZAGE_RIJEN
        ]
    )
    per_medewerker = _per_medewerker(rijen, nummers)
    aantal_medewerkers = (
        regels.order_by().values("medewerker_id").distinct().count()
        if totaal > MAX_INZAGE_RIJEN
        else len(per_medewerker)
    )
    context.update(
        gezocht=True,
        nummers=nummers,
        totaal=totaal,
        rijen=rijen,
        per_medewerker=per_medewerker,
        aantal_medewerkers=aantal_medewerkers,
        beantwoord_op=timezone.localtime(),
    )
    return render(request, "veiligthuis/beheer_audit_inzage.html", context)
