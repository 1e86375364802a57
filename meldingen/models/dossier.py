"""The work around a melding: dated activities, verrijking, consulten/MDO's and the afwegingskader."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meldingen.keuzes import (
    ActiviteitSoort,
    ConsultVorm,
    TriggerSoort,
    Urgentie,
    VerrijkingBron,
    VerrijkingStatus,
)


class Activiteit(models.Model):
    """A dated contact attempt, gesprek or huisbezoek. Only these make a melding "gestart"."""

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="activiteiten"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=ActiviteitSoort.choices)
    datum = models.DateTimeField(_("datum en tijd"))
    met_wie = models.CharField(_("met wie"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        ordering = ["-datum"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        indexes = [models.Index(fields=["melding", "-datum"], name="activiteit_melding_idx")]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.datum:%d-%m-%Y}"


class Verrijkingstaak(models.Model):
    """One check of another source (BRP, VT-register, RvdK, …) after a melding is accepted."""

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="verrijkingstaken"
    )
    bron = models.CharField(_("bron"), max_length=30, choices=VerrijkingBron.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=VerrijkingStatus.choices, default=VerrijkingStatus.OPEN
    )
    resultaat = models.TextField(_("resultaat"), blank=True)
    uitgevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("verrijkingstaak")
        verbose_name_plural = _("verrijkingstaken")
        constraints = [
            models.UniqueConstraint(fields=["melding", "bron"], name="verrijking_eenmaal_per_bron"),
        ]

    def __str__(self) -> str:
        return f"{self.get_bron_display()}: {self.get_status_display()}"


class Consult(models.Model):
    """A consult with, or an MDO including, deskundigen (GW, VA, aandachtfunctionaris)."""

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="consulten"
    )
    vorm = models.CharField(_("vorm"), max_length=10, choices=ConsultVorm.choices)
    datum = models.DateTimeField(_("datum en tijd"))
    deelnemers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="consulten", verbose_name=_("deelnemers")
    )
    vraag = models.TextField(_("vraag"))
    uitkomst = models.TextField(_("uitkomst en afspraken"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    class Meta:
        ordering = ["-datum"]
        verbose_name = _("consult of MDO")
        verbose_name_plural = _("consulten en MDO's")

    def __str__(self) -> str:
        return f"{self.get_vorm_display()} {self.datum:%d-%m-%Y}"


class Afwegingsregel(models.Model):
    """One rule of the afwegingskader: when a melding has X, a consult/MDO with Y is required.

    Data, not code, so beheer can change the kader. `deskundigen` lists role codes, and
    "aandachtfunctionaris:<gebied>" for a specific aandachtfunctionaris. With `een_van` one of them
    suffices (e.g. an MDO with a GW or a VA); otherwise each must have taken part.
    """

    naam = models.CharField(_("naam"), max_length=200)
    trigger_soort = models.CharField(_("geldt bij"), max_length=20, choices=TriggerSoort.choices)
    trigger_waarde = models.CharField(
        _("waarde"),
        max_length=50,
        help_text=_("De code van de aard, aanleiding, signaal of urgentie."),
    )
    vorm = models.CharField(
        _("vereiste vorm"),
        max_length=10,
        choices=ConsultVorm.choices,
        help_text=_("Consult: een consult of MDO volstaat. MDO: alleen een MDO volstaat."),
    )
    deskundigen = models.JSONField(_("vereiste deskundigen"), default=list)
    een_van = models.BooleanField(_("één van de deskundigen volstaat"), default=False)
    actief = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("regel van het afwegingskader")
        verbose_name_plural = _("afwegingskader")
        constraints = [
            models.CheckConstraint(
                condition=Q(trigger_soort__in=TriggerSoort.values), name="afweging_trigger_geldig"
            ),
        ]

    def __str__(self) -> str:
        return self.naam


class UrgentieKanaal(models.TextChoices):
    """Where an urgentie was set or changed; each is a Herprioritering row."""

    SCREENING = "screening", _("Screening (onderdeel A)")
    OVERIGE_ZORG = "overige_zorg", _("Tweede oordeel overige zorg")
    TERUGGEVEN = "teruggeven", _("Teruggeven aan de triagelijst")
    ZICHT = "zicht", _("Zicht-op-veiligheidscontact")
    HERPRIORITEREN = "herprioriteren", _("Herprioriteren")


class Herprioritering(models.Model):
    """Every setting or change of a melding's urgentie, whatever the channel: from, to, who, why.

    DOMAIN.md §7: "every herprioritering is logged with reason"; §11: acuut is never lowered
    silently. Written only by `meldingen.protocol.urgentie_wijzigen`.
    """

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="herprioriteringen"
    )
    van = models.CharField(_("van"), max_length=10, choices=Urgentie.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=10, choices=Urgentie.choices)
    kanaal = models.CharField(_("via"), max_length=20, choices=UrgentieKanaal.choices)
    reden = models.TextField(_("reden"))
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = _("herprioritering")
        verbose_name_plural = _("herprioriteringen")
        constraints = [
            models.CheckConstraint(condition=~Q(reden=""), name="herprioritering_met_reden"),
            models.CheckConstraint(
                condition=~Q(van=models.F("naar")), name="herprioritering_wijzigt"
            ),
            models.CheckConstraint(
                condition=Q(naar__in=Urgentie.values), name="herprioritering_naar_geldig"
            ),
        ]
        indexes = [models.Index(fields=["melding", "naar"], name="herprioritering_melding_idx")]

    def __str__(self) -> str:
        return f"{self.van or '—'} → {self.naar}"


class Dossierstand(models.Model):
    """How often a melding's dossier has changed: moved on by database triggers only
    (meldingen/dossierstand.py), read by the dossier page's cache. No row yet: stand 0."""

    # No foreign key: the triggers write it inside other statements, and a destroyed melding's
    # number is never handed out again.
    melding_id = models.BigIntegerField(primary_key=True)
    stand = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("dossierstand")
        verbose_name_plural = _("dossierstanden")

    def __str__(self) -> str:
        return f"{self.melding_id}: {self.stand}"
