"""Police reports received through the intake API: the police registration number per melding.

The number makes the intake idempotent: the police system may resend a report (after a timeout,
say) and gets the existing melding back instead of a duplicate.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Politieregistratie(models.Model):
    registratienummer = models.CharField(_("registratienummer politie"), max_length=20, unique=True)
    proces_verbaalnummer = models.CharField(_("proces-verbaalnummer"), max_length=24, blank=True)
    melding = models.OneToOneField(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="politieregistratie"
    )
    # SHA-256 of the canonical request body: a resend must be the same report, not a new one.
    inhoud_hash = models.CharField(max_length=64)
    ontvangen_op = models.DateTimeField(_("ontvangen op"), auto_now_add=True)

    class Meta:
        app_label = "meldingen"
        verbose_name = _("politieregistratie")
        verbose_name_plural = _("politieregistraties")

    def __str__(self) -> str:
        return self.registratienummer
