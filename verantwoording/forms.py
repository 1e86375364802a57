"""Forms of the verantwoording pages: shape only; the services decide what is allowed."""

from __future__ import annotations

from datetime import datetime, time

from django import forms
from django.utils.translation import gettext_lazy as _

from veiligthuis import termijnen
from verantwoording.inspectie import STEEKPROEF_MAX
from verantwoording.models import CalamiteitSoort, IndienerRelatie, KlachtOordeel

ONDERWERPEN = (
    ("algemeen", _("Veilig Thuis in het algemeen")),
    ("melding", _("Een melding")),
    ("dienst", _("De vervolgdienst bij een melding")),
)


class Formulier(forms.Form):
    label_suffix = ""


def moment(datum, tijd) -> datetime | None:
    """An Amsterdam date and time as an aware datetime (no time: the start of the day)."""
    if datum is None:
        return None
    return datetime.combine(datum, tijd or time.min, tzinfo=termijnen.TIJDZONE)


class KlachtForm(Formulier):
    ALIASSEN = {"ontvangen_op": "ontvangen_datum"}

    onderwerp = forms.ChoiceField(label=_("De klacht gaat over"), choices=ONDERWERPEN)
    melding_nummer = forms.CharField(
        label=_("Meldingnummer"), max_length=20, required=False, help_text=_("Bijv. VT-2026-000123")
    )
    indiener_naam = forms.CharField(label=_("Naam van de indiener"), max_length=200)
    indiener_relatie = forms.ChoiceField(
        label=_("Relatie tot de casus"), choices=IndienerRelatie.choices
    )
    omschrijving = forms.CharField(label=_("Waar gaat de klacht over"), widget=forms.Textarea)
    ontvangen_datum = forms.DateField(
        label=_("Ontvangen op"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ontvangen_tijd = forms.TimeField(
        label=_("Tijd"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    vertrouwenspersoon = forms.BooleanField(
        label=_("De indiener is gewezen op een (onafhankelijke) vertrouwenspersoon"),
        required=False,
    )


class GesprekForm(Formulier):
    datum = forms.DateField(
        label=_("Datum van het gesprek"), widget=forms.DateInput(attrs={"type": "date"})
    )
    verslag = forms.CharField(label=_("Verslag"), widget=forms.Textarea)


class OordeelForm(Formulier):
    oordeel = forms.ChoiceField(label=_("Oordeel"), choices=KlachtOordeel.choices)
    onderbouwing = forms.CharField(label=_("Onderbouwing"), widget=forms.Textarea)


class AfhandelenForm(Formulier):
    maatregelen = forms.CharField(
        label=_("Maatregelen"),
        widget=forms.Textarea,
        required=False,
        help_text=_("Verplicht bij een gegronde of deels gegronde klacht."),
    )


class VerlengenForm(Formulier):
    reden = forms.CharField(label=_("Reden van de verlenging"), widget=forms.Textarea)


class CalamiteitForm(Formulier):
    ALIASSEN = {"kennisname_op": "kennisname_datum"}

    soort = forms.ChoiceField(label=_("Soort"), choices=CalamiteitSoort.choices)
    melding_nummers = forms.CharField(
        label=_("Meldingnummers"),
        max_length=500,
        help_text=_("Eén of meer nummers van meldingen van uw team, gescheiden door komma's."),
    )
    omschrijving = forms.CharField(label=_("Wat is er gebeurd"), widget=forms.Textarea)
    kennisname_datum = forms.DateField(
        label=_("Veilig Thuis hoorde ervan op"), widget=forms.DateInput(attrs={"type": "date"})
    )
    kennisname_tijd = forms.TimeField(
        label=_("Tijd"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )


class MeldenForm(Formulier):
    kenmerk = forms.CharField(label=_("Kenmerk van de inspectie"), max_length=100, required=False)


class AfrondenForm(Formulier):
    verbetermaatregelen = forms.CharField(label=_("Verbetermaatregelen"), widget=forms.Textarea)


class InspectieForm(Formulier):
    soort = forms.ChoiceField(
        label=_("Periode"),
        choices=(
            ("maand", _("Maand")),
            ("kwartaal", _("Kwartaal")),
            ("anders", _("Eigen periode")),
        ),
    )
    maand = forms.CharField(
        label=_("Maand"), required=False, widget=forms.TextInput(attrs={"type": "month"})
    )
    jaar = forms.IntegerField(label=_("Jaar"), required=False, min_value=2015, max_value=2100)
    kwartaal = forms.TypedChoiceField(
        label=_("Kwartaal"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=(("", "—"), (1, "K1"), (2, "K2"), (3, "K3"), (4, "K4")),
    )
    van = forms.DateField(
        label=_("Van"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    n = forms.IntegerField(
        label=_("Steekproef: aantal dossiers"), min_value=1, max_value=STEEKPROEF_MAX, initial=10
    )
    zaad = forms.IntegerField(
        label=_("Startgetal van de trekking"),
        required=False,
        min_value=0,
        max_value=2**31,
        help_text=_("Hetzelfde getal geeft dezelfde steekproef."),
    )
