"""Informing each directbetrokkene that Veilig Thuis recorded data about them (Wmo 2015 art. 5.3.1).

The law gives four weeks (extendable, with a reason); the termijn is met when every person on the
melding now has an `Informering`: informed (when and how), or not informed with the legal ground.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class InformeringWijze(models.TextChoices):
    BRIEF = "brief", _("Per brief")
    GESPREK = "gesprek", _("In een gesprek")
    TELEFONISCH = "telefonisch", _("Telefonisch")
    NIET = "niet", _("Niet geïnformeerd (met wettelijke grond)")


class NietInformerenGrond(models.TextChoices):
    """Why informing is left out; art. 5.3.1 lid 4 Wmo 2015 names the weighty interests."""

    VEILIGHEID = "veiligheid", _("Zwaarwegend belang: de veiligheid van het kind of een ander")
    ONBEREIKBAAR = "onbereikbaar", _("Niet bereikbaar: verblijfplaats onbekend")
    JONGER_DAN_12 = "jonger_dan_12", _("Kind jonger dan 12: de ouders met gezag zijn geïnformeerd")
    OVERLEDEN = "overleden", _("Overleden")


class Informering(models.Model):
    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="informeringen"
    )
    persoon = models.ForeignKey(
        "meldingen.Persoon", on_delete=models.PROTECT, related_name="informeringen"
    )
    wijze = models.CharField(_("hoe"), max_length=12, choices=InformeringWijze.choices)
    op = models.DateTimeField(_("op"))
    grond = models.CharField(
        _("wettelijke grond"), max_length=20, choices=NietInformerenGrond.choices, blank=True
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        app_label = "meldingen"
        verbose_name = _("informering van een directbetrokkene")
        verbose_name_plural = _("informeringen van directbetrokkenen")
        ordering = ["op", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["melding", "persoon"], name="informering_eenmaal"),
            models.CheckConstraint(
                condition=Q(wijze__in=InformeringWijze.values), name="informering_wijze_geldig"
            ),
            # Not informing always names its ground and says why; informing never has a ground.
            models.CheckConstraint(
                condition=(Q(wijze="niet") & ~Q(grond="") & ~Q(toelichting=""))
                | (~Q(wijze="niet") & Q(grond="")),
                name="informering_grond_bij_niet",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.melding_id}: {self.persoon_id} {self.wijze}"
