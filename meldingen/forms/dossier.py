"""Forms of the dossier pages. They check the shape of the input; the services check the rules.

Text fields the services require are `required=False` here on purpose: the service then names
what is missing in its own words (and, for the besluit, lists everything that is missing at once).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from meldingen.keuzes import (
    Aard,
    ActiviteitSoort,
    Antwoord,
    BesluitRoute,
    ConsultVorm,
    JournaalSoort,
    Signaal,
    Urgentie,
    VerrijkingStatus,
)
from meldingen.models import VeiligheidsbeoordelingB
from veiligthuis.models import Aandachtsgebied, Medewerker, Rol

DATUMTIJD_FORMAAT = "%Y-%m-%dT%H:%M"


def _leeg_en(keuzes) -> list[tuple[str, str]]:
    return [("", _("— kies —")), *keuzes]


def datumtijd_veld(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=[DATUMTIJD_FORMAAT, "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATUMTIJD_FORMAAT),
        error_messages={"invalid": _("Vul een geldige datum en tijd in.")},
    )


class JournaalForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort informatie"),
        choices=JournaalSoort.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies of dit een feit, mening of indruk is.")},
        help_text=_("Houd feiten, meningen en indrukken gescheiden (toetsingskader 3.2)."),
    )
    bron = forms.CharField(
        label=_("Bron"),
        max_length=200,
        required=False,
        help_text=_("Van wie of waar komt deze informatie? Bijv. 'gesprek met moeder'."),
    )
    tekst = forms.CharField(
        label=_("Tekst"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ActiviteitForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort activiteit"),
        choices=_leeg_en(ActiviteitSoort.choices),
        required=False,
        error_messages={"invalid_choice": _("Kies contactpoging, gesprek of huisbezoek.")},
    )
    datum = datumtijd_veld(_("Datum en tijd"))
    met_wie = forms.CharField(label=_("Met wie"), max_length=200, required=False)
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def deelnemer_label(medewerker: Medewerker) -> str:
    """Name, roles (with the aandachtsgebied of an aandachtfunctionaris) and team."""
    rollen = []
    for code in Rol.values:
        if code not in medewerker.rollen:
            continue
        label = str(Rol(code).label)
        if code == Rol.AANDACHTFUNCTIONARIS and medewerker.aandachtsgebied:
            label = f"{label} {Aandachtsgebied(medewerker.aandachtsgebied).label.lower()}"
        rollen.append(label)
    team = f" · {medewerker.team}" if medewerker.team_id else ""
    return f"{medewerker} — {', '.join(rollen)}{team}"


class ConsultForm(forms.Form):
    vorm = forms.ChoiceField(
        label=_("Vorm"),
        choices=ConsultVorm.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies consult of MDO.")},
    )
    datum = datumtijd_veld(_("Datum en tijd"))
    deelnemers = forms.TypedMultipleChoiceField(
        label=_("Deelnemers"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies de deelnemers uit de lijst.")},
    )
    vraag = forms.CharField(
        label=_("Vraag"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    uitkomst = forms.CharField(
        label=_("Uitkomst en afspraken"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, deelnemers: list[Medewerker] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deelnemers"].choices = [(m.pk, deelnemer_label(m)) for m in deelnemers]


class VerrijkingResultaatForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=_leeg_en(
            [
                (VerrijkingStatus.AFGEROND, VerrijkingStatus.AFGEROND.label),
                (VerrijkingStatus.NIET_MOGELIJK, VerrijkingStatus.NIET_MOGELIJK.label),
            ]
        ),
        required=False,
        error_messages={"invalid_choice": _("Kies afgerond of niet mogelijk.")},
    )
    resultaat = forms.CharField(
        label=_("Resultaat"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RedenForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AfsluitenForm(forms.Form):
    toelichting = forms.CharField(
        label=_("Toelichting (optioneel)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _antwoord_veld(naam: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=VeiligheidsbeoordelingB._meta.get_field(naam).verbose_name,
        choices=Antwoord.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies ja, nee of onvoldoende bekend.")},
    )


class BeoordelingBForm(forms.Form):
    """The triage-instrument. Unanswered questions may stay open until the besluit."""

    acute_onveiligheid = _antwoord_veld("acute_onveiligheid")
    structurele_onveiligheid = _antwoord_veld("structurele_onveiligheid")
    disfunctioneren = _antwoord_veld("disfunctioneren")
    zorgen_ontwikkeling = _antwoord_veld("zorgen_ontwikkeling")
    signaalcodes = forms.MultipleChoiceField(
        label=_("Signalen"),
        choices=Signaal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Onbekend signaal gekozen.")},
        help_text=_(
            "Aangekruiste signalen bepalen via het afwegingskader welke deskundigen geraadpleegd "
            "moeten worden (bijv. letsel: vertrouwensarts)."
        ),
    )
    signalen = forms.CharField(
        label=_("Toelichting op de signalen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    eerdere_meldingen = forms.CharField(
        label=_("Eerdere meldingen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reden_wijziging = forms.CharField(
        label=_("Reden voor het verwijderen van een signaal"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Alleen nodig als u een signaal uitvinkt waarop het afwegingskader een consult eist."
        ),
    )

    def antwoorden(self) -> dict[str, str]:
        """Only the answered questions: a partial save leaves the others as they were."""
        return {
            vraag: self.cleaned_data[vraag]
            for vraag in VeiligheidsbeoordelingB.VRAGEN
            if self.cleaned_data.get(vraag)
        }

    def vraagvelden(self):
        return [self[vraag] for vraag in VeiligheidsbeoordelingB.VRAGEN]


class BesluitForm(forms.Form):
    route = forms.ChoiceField(
        label=_("Besluit"),
        choices=BesluitRoute.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Kies een besluit.")},
    )
    onderbouwing = forms.CharField(
        label=_("Onderbouwing"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "aria-required": "true"}),
        help_text=_(
            "Verplicht, minstens 30 letters of cijfers: waarom dit besluit, navolgbaar voor een "
            "ander."
        ),
    )
    overdracht_aan = forms.CharField(
        label=_("Overdracht aan"),
        max_length=200,
        required=False,
        help_text=_("Verplicht bij een overdracht: organisatie of persoon die het overneemt."),
    )
    reden_geen_contact = forms.CharField(
        label=_("Reden waarom er geen gesprek of huisbezoek was"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Alleen nodig als er geen gesprek of huisbezoek met een directbetrokkene is vastgelegd."
        ),
    )


class AardForm(forms.Form):
    """Add or correct the aard of the geweld after intake; removing one needs a reason."""

    aarden = forms.MultipleChoiceField(
        label=_("Aard van het geweld"),
        choices=Aard.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Onbekende aard gekozen.")},
    )
    reden = forms.CharField(
        label=_("Reden (verplicht bij verwijderen)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HerprioriterenForm(forms.Form):
    urgentie = forms.ChoiceField(
        label=_("Nieuwe urgentie"),
        choices=_leeg_en(Urgentie.choices),
        required=False,
        error_messages={"invalid_choice": _("Kies een geldige urgentie.")},
    )
    reden = forms.CharField(
        label=_("Reden van de herprioritering"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
