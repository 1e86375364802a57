"""Documents in a dossier: what arrived (a police zorgmelding, a school report) and what we sent
(the letters the system writes), on a melding — its vervolgdienst included — or on an advies.

The bytes live in the "bijlagen" storage under a random name (veiligthuis/documenten.py); this row
knows the case, what the document is and who added it. No URL of the storage is ever shown: a
download goes through a view that checks need-to-know and writes an audit row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meldingen.keuzes import BijlageOnderdeel, BijlageSoort, Brief
from veiligthuis.documenten import TOEGESTAAN, opslag


class Bijlage(models.Model):
    melding = models.ForeignKey(
        "meldingen.Melding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bijlagen",
    )
    advies = models.ForeignKey(
        "meldingen.Advies",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bijlagen",
    )
    onderdeel = models.CharField(
        _("onderdeel"),
        max_length=10,
        choices=BijlageOnderdeel.choices,
        default=BijlageOnderdeel.MELDING,
    )
    soort = models.CharField(_("soort"), max_length=30, choices=BijlageSoort.choices)
    datum = models.DateField(_("datum van het document"))
    bron = models.CharField(_("bron"), max_length=200)
    omschrijving = models.CharField(_("omschrijving"), max_length=500, blank=True)
    bestand = models.FileField(_("bestand"), storage=opslag, max_length=255)
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=130)
    inhoud_type = models.CharField(_("type"), max_length=100)
    grootte = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # A letter the system wrote: which one. What was sent is what is archived.
    brief = models.CharField(_("brief"), max_length=20, choices=Brief.choices, blank=True)
    toegevoegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )
    toegevoegd_op = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")
        ordering = ["-toegevoegd_op", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="bijlage_bij_melding_of_advies",
                condition=Q(melding__isnull=False, advies__isnull=True)
                | Q(melding__isnull=True, advies__isnull=False),
            ),
            models.CheckConstraint(
                name="bijlage_dienst_alleen_bij_melding",
                condition=~Q(onderdeel=BijlageOnderdeel.DIENST) | Q(melding__isnull=False),
            ),
            models.CheckConstraint(
                name="bijlage_brief_is_soort_brief",
                condition=Q(brief="") | Q(soort=BijlageSoort.BRIEF),
            ),
        ]
        indexes = [models.Index(fields=["melding", "onderdeel"], name="bijlage_melding_idx")]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.bestandsnaam}"

    @property
    def type_omschrijving(self) -> str:
        return TOEGESTAAN.get(self.inhoud_type, ("", self.inhoud_type))[1]
