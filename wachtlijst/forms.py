"""Forms of the wachtlijst pages. They check the shape of input only; the rules are the services'."""

from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from meldingen.models import Melding
from veiligthuis.models import Medewerker

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
