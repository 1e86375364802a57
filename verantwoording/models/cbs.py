"""One CBS delivery: a half-year produced by one definition version, with its reports and file."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class AanleveringStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("In de wachtrij")
    BEZIG = "bezig", _("Bezig")
    KLAAR = "klaar", _("Klaar")
    GEWEIGERD = "geweigerd", _("Geweigerd: fouten in de gegevens")
    MISLUKT = "mislukt", _("Mislukt")

    @classmethod
    def open(cls) -> list[str]:
        return [cls.WACHTRIJ, cls.BEZIG]


S = AanleveringStatus


class CbsAanlevering(ConcurrentTransitionMixin, models.Model):
    jaar = models.PositiveSmallIntegerField(_("jaar"))
    helft = models.PositiveSmallIntegerField(_("halfjaar"))
    definitie = models.CharField(_("versie van de bestandsdefinitie"), max_length=40)
    status = FSMField(
        _("status"), max_length=20, choices=S.choices, default=S.WACHTRIJ, protected=True
    )
    # Written by the task while it runs (a plain UPDATE, outside any long transaction).
    voortgang = models.PositiveSmallIntegerField(_("voortgang (%)"), default=0)
    aantallen = models.JSONField(_("aantallen"), default=dict, blank=True)
    spiegelrapport = models.JSONField(_("spiegelrapport"), default=dict, blank=True)
    kwaliteitsrapport = models.JSONField(_("kwaliteitsrapport"), default=list, blank=True)
    # Through Django's default storage (file system, or S3-compatible via django-storages);
    # served only by the audited download view.
    bestand = models.FileField(_("bestand"), upload_to="cbs/", blank=True)
    sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64, blank=True)
    foutmelding = models.TextField(_("foutmelding"), blank=True)
    aangevraagd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    klaar_op = models.DateTimeField(_("gemaakt op"), null=True, blank=True)

    class Meta:
        app_label = "verantwoording"
        ordering = ["-aangevraagd_op", "-pk"]
        verbose_name = _("CBS-aanlevering")
        verbose_name_plural = _("CBS-aanleveringen")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=S.values), name="cbs_status_geldig"),
            models.CheckConstraint(condition=Q(helft__in=[1, 2]), name="cbs_helft_geldig"),
            models.CheckConstraint(condition=Q(voortgang__lte=100), name="cbs_voortgang_max"),
            # Only a delivery that passed every fout-level rule has a file.
            models.CheckConstraint(
                condition=Q(status=S.KLAAR) | Q(bestand=""), name="cbs_bestand_alleen_klaar"
            ),
            # One run at a time per half-year.
            models.UniqueConstraint(
                fields=["jaar", "helft"],
                condition=Q(status__in=[S.WACHTRIJ, S.BEZIG]),
                name="cbs_een_open_per_halfjaar",
            ),
        ]

    def __str__(self) -> str:
        return f"CBS {self.jaar}-{self.helft} ({self.definitie})"

    @property
    def halfjaar(self) -> str:
        return f"{self.jaar}-{self.helft}"

    @property
    def is_open(self) -> bool:
        return self.status in S.open()

    @transition(field=status, source=[S.WACHTRIJ, S.BEZIG], target=S.BEZIG)
    def starten(self) -> None:
        """A re-delivered task (acks_late after a lost worker) starts again from scratch."""
        self.gestart_op = timezone.now()
        self.voortgang = 0

    @transition(field=status, source=S.BEZIG, target=S.KLAAR)
    def afronden(self) -> None:
        self.voortgang = 100
        self.klaar_op = timezone.now()

    @transition(field=status, source=S.BEZIG, target=S.GEWEIGERD)
    def weigeren(self) -> None:
        self.voortgang = 100
        self.klaar_op = timezone.now()

    @transition(field=status, source=[S.WACHTRIJ, S.BEZIG], target=S.MISLUKT)
    def mislukken(self) -> None:
        self.klaar_op = timezone.now()
