"""The upload form of a document, shared by the dossier, the dienst page and the advies page.

It checks the shape of the input and the size before the bytes are read; what the file really is
and whether it may enter the dossier is decided by `veiligthuis.documenten.keur` in the service.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meldingen.keuzes import BijlageSoort
from veiligthuis.documenten import max_grootte

# What the file picker offers; the service decides on the bytes, not on these extensions.
ACCEPT = ".pdf,.jpg,.jpeg,.png,.tif,.tiff,.heic,.docx,.odt,.eml,.msg"


class BijlageForm(forms.Form):
    bestand = forms.FileField(
        label=gettext_lazy("Bestand"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "required": gettext_lazy("Kies een bestand."),
            "empty": gettext_lazy("Het bestand is leeg."),
        },
    )
    soort = forms.ChoiceField(
        label=gettext_lazy("Soort document"),
        choices=[("", gettext_lazy("— kies —")), *BijlageSoort.choices],
        required=False,
    )
    datum = forms.DateField(
        label=gettext_lazy("Datum van het document"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"invalid": gettext_lazy("Vul een geldige datum in.")},
    )
    bron = forms.CharField(label=gettext_lazy("Bron (van wie)"), max_length=200, required=False)
    omschrijving = forms.CharField(
        label=gettext_lazy("Korte omschrijving"), max_length=500, required=False
    )

    def __init__(self, *args, advies: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("datum", timezone.localdate())
        if advies:
            self.fields["zonder_persoonsgegevens"] = forms.BooleanField(
                label=gettext_lazy(
                    "Het document bevat geen gegevens van directbetrokkenen (namen, adres, BSN)."
                ),
                required=False,
            )

    def clean_bestand(self):
        bestand = self.cleaned_data["bestand"]
        if bestand.size > max_grootte():
            raise forms.ValidationError(
                _("Het bestand is groter dan %(mb)s MB.") % {"mb": settings.VT_BIJLAGE_MAX_MB}
            )
        return bestand

    def service_argumenten(self) -> dict:
        data = self.cleaned_data
        bestand = data["bestand"]
        argumenten = {
            "inhoud": bestand.read(),
            "bestandsnaam": bestand.name,
            "soort": data["soort"],
            "datum": data["datum"],
            "bron": data["bron"],
            "omschrijving": data["omschrijving"],
        }
        if "zonder_persoonsgegevens" in self.fields:
            argumenten["zonder_persoonsgegevens"] = data["zonder_persoonsgegevens"]
        return argumenten
