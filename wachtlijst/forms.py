"""Forms of the wachtlijst pages. They check the shape of input only; the rules are the services'."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from meldingen.forms.dossier import datumtijd_veld
from meldingen.keuzes import Urgentie
from meldingen.models import Melding
from veiligthuis.models import Medewerker, Team

LEEG = [("", _("— kies —"))]


class MedewerkerIdVeld(forms.IntegerField):
    """An id picked from a select; whether that medewerker is allowed is decided by the service."""

    widget = forms.Select

    def zet_keuzes(self, keuzes: list[tuple[object, str]]) -> None:
        self.widget.choices = LEEG + keuzes


class HerverdelenForm(forms.Form):
    """Move beoordelaar `van` of one melding in beoordeling to onderzoeker `naar` of the team."""

    van = MedewerkerIdVeld(
        label=_("Vervang beoordelaar"),
        error_messages={
            "required": _("Kies welke beoordelaar wordt vervangen."),
            "invalid": _("Kies welke beoordelaar wordt vervangen."),
        },
    )
    naar = MedewerkerIdVeld(
        label=_("Door onderzoeker"),
        error_messages={
            "required": _("Kies de nieuwe beoordelaar."),
            "invalid": _("Kies de nieuwe beoordelaar."),
        },
    )
    reden = forms.CharField(
        label=_("Reden"),
        max_length=1000,
        widget=forms.TextInput,
        error_messages={"required": _("Geef een reden voor het herverdelen op.")},
    )

    def __init__(
        self, *args, melding: Melding, onderzoekers: Iterable[Medewerker] = (), **kwargs
    ) -> None:
        # Several forms share one page: ids must differ per melding.
        kwargs.setdefault("auto_id", f"id_herverdelen_{melding.pk}_%s")
        super().__init__(*args, **kwargs)
        self.melding = melding
        beoordelaars = [
            (m.pk, str(m)) for m in (melding.beoordelaar_1, melding.beoordelaar_2) if m is not None
        ]
        self.fields["van"].zet_keuzes(beoordelaars)
        self.fields["naar"].zet_keuzes(
            [
                (m.pk, str(m))
                for m in onderzoekers
                if m.pk not in (melding.beoordelaar_1_id, melding.beoordelaar_2_id)
            ]
        )


class ZichtOpVeiligheidForm(forms.Form):
    """A contact with a waiting household; a changed urgentie needs a reason (the service checks)."""

    op = datumtijd_veld(_("Moment van het contact"))
    contact_met = forms.CharField(
        label=_("Contact met"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: moeder (telefonisch), school (intern begeleider)."),
    )
    uitkomst = forms.CharField(
        label=_("Uitkomst"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    nieuwe_urgentie = forms.ChoiceField(
        label=_("Urgentie na dit contact"),
        choices=[("", _("ongewijzigd")), *Urgentie.choices],
        required=False,
    )
    reden = forms.CharField(
        label=_("Reden van de herprioritering"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Verplicht als de urgentie verandert."),
    )


# --- rapportages -------------------------------------------------------------------------------

DATUMFORMATEN = ["%Y-%m-%d", "%d-%m-%Y"]


def _datumveld(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATUMFORMATEN,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul een datum in."),
            "invalid": _("Vul een geldige datum in, bijvoorbeeld 2026-05-01 of 01-05-2026."),
        },
    )


class RapportForm(forms.Form):
    """The filters both reports share: an optional team, and html or csv."""

    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.order_by("naam"),
        required=False,
        empty_label=_("Alle teams"),
        error_messages={"invalid_choice": _("Dit team bestaat niet; kies een team uit de lijst.")},
    )
    formaat = forms.ChoiceField(
        choices=[("", "HTML"), ("html", "HTML"), ("csv", "CSV")],
        required=False,
        error_messages={"invalid_choice": _("Kies als formaat html of csv.")},
    )


class WachtlijstRapportForm(RapportForm):
    van = _datumveld(_("Van"))
    tot = _datumveld(_("Tot en met"))

    field_order = ["van", "tot", "team"]


class KwartaalRapportForm(RapportForm):
    jaar = forms.IntegerField(
        label=_("Jaar"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Vul een jaar in."),
            "invalid": _("Vul een jaar in cijfers in, bijvoorbeeld 2026."),
            "min_value": _("Kies een jaar vanaf 2000."),
            "max_value": _("Kies een jaar tot en met 2100."),
        },
    )
    kwartaal = forms.TypedChoiceField(
        label=_("Kwartaal"),
        choices=[(str(n), str(n)) for n in range(1, 5)],
        coerce=int,
        error_messages={
            "required": _("Kies een kwartaal (1 tot en met 4)."),
            "invalid_choice": _("Een kwartaal is 1, 2, 3 of 4."),
        },
    )

    field_order = ["jaar", "kwartaal", "team"]
