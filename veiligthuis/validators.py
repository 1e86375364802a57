"""Validators shared by models, forms and serializers."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def valideer_bsn(waarde: str) -> None:
    """Burgerservicenummer: nine digits passing the 11-proef (CBS codes for unknown are not stored)."""
    if not waarde:
        return
    if len(waarde) != 9 or not waarde.isdigit():
        raise ValidationError(_("Een BSN bestaat uit precies 9 cijfers."), code="bsn_formaat")
    if waarde in {"000000000", "999999999"}:
        raise ValidationError(
            _("Laat het BSN leeg als het onbekend is of het kind nog niet geboren is."),
            code="bsn_onbekend",
        )
    totaal = sum(int(c) * gewicht for c, gewicht in zip(waarde[:8], range(9, 1, -1), strict=True))
    totaal -= int(waarde[8])
    if totaal % 11 != 0:
        raise ValidationError(
            _("Dit BSN is ongeldig (voldoet niet aan de 11-proef). Controleer het nummer."),
            code="bsn_11proef",
        )


def valideer_niet_in_toekomst(waarde: date) -> None:
    if waarde and waarde > timezone.localdate():
        raise ValidationError(_("De geboortedatum ligt in de toekomst."), code="datum_in_toekomst")
