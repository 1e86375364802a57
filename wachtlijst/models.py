"""Termijnbewaking: signaleringen of (threatening) breaches, who was notified, and zicht op veiligheid
checks of waiting cases."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

GEBRUIKER = settings.AUTH_USER_MODEL


class SignaleringSoort(models.TextChoices):
    A_DREIGEND = "a_dreigend", _("Screening acute onveiligheid dreigt te laat te worden")
    A_OVERSCHREDEN = "a_overschreden", _("Screening acute onveiligheid te laat")
    B_DREIGEND = "b_dreigend", _("Veiligheidsbeoordeling dreigt te laat te worden")
    B_OVERSCHREDEN = "b_overschreden", _("Veiligheidsbeoordeling te laat")
    DIENST_NIET_GESTART = "dienst_niet_gestart", _("Vervolgdienst niet direct gestart")
    DIENST_DREIGEND = "dienst_dreigend", _("Vervolgdienst dreigt de 10 weken te overschrijden")
    DIENST_OVERSCHREDEN = "dienst_overschreden", _("Vervolgdienst langer dan 10 weken")
    INFORMEREN_OVERSCHREDEN = (
        "informeren_overschreden",
        _("Directbetrokkenen niet binnen de termijn geïnformeerd"),
    )
    ZICHT_ACHTERSTALLIG = "zicht_achterstallig", _("Zicht-op-veiligheidscontact achterstallig")
    MONITORING_ACHTERSTALLIG = "monitoring_achterstallig", _("Monitoringsmoment achterstallig")
    TWEEDE_OORDEEL_TE_LAAT = (
        "tweede_oordeel_te_laat",
        _("Overige zorg wacht te lang op het tweede oordeel"),
    )
    BESLOTEN_NIET_AFGEROND = (
        "besloten_niet_afgerond",
        _("Besluit genomen, maar melding niet afgesloten of overgedragen"),
    )
    AFSPRAAK_NIET_GECONTROLEERD = (
        "afspraak_niet_gecontroleerd",
        _("Veiligheidsafspraak over de uiterlijke datum en niet gecontroleerd"),
    )
    TERUGKOPPELING_TE_LAAT = (
        "terugkoppeling_te_laat",
        _("Melder na het besluit nog niet teruggekoppeld"),
    )
    KETENPARTNER_NA_B_WACHT = (
        "ketenpartner_na_b_wacht",
        _("Overdracht na de veiligheidsbeoordeling: wacht te lang op de ketenpartner"),
    )


class Signalering(models.Model):
    """One (threatening) breach of one melding; exists once per soort and resolves itself.

    Written only by `wachtlijst.services.termijnen_markeer` (set-based SQL).
    """

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="signaleringen"
    )
    soort = models.CharField(_("soort"), max_length=30, choices=SignaleringSoort.choices)
    team = models.ForeignKey("veiligthuis.Team", on_delete=models.PROTECT, related_name="+")
    termijn = models.DateTimeField(_("termijn"), null=True, blank=True)
    ontstaan_op = models.DateTimeField(_("ontstaan op"), default=timezone.now)
    opgelost_op = models.DateTimeField(_("opgelost op"), null=True, blank=True)

    class Meta:
        ordering = ["-ontstaan_op"]
        verbose_name = _("signalering")
        verbose_name_plural = _("signaleringen")
        constraints = [
            models.UniqueConstraint(fields=["melding", "soort"], name="signalering_eenmaal"),
            models.CheckConstraint(
                condition=Q(soort__in=SignaleringSoort.values), name="signalering_soort_geldig"
            ),
        ]
        indexes = [
            models.Index(
                fields=["team", "soort"],
                condition=Q(opgelost_op__isnull=True),
                name="signalering_open_idx",
            ),
            # termijnen_markeer notifies the signaleringen (re)opened in its run by ontstaan_op.
            models.Index(
                fields=["ontstaan_op"],
                condition=Q(opgelost_op__isnull=True),
                name="signalering_nieuw_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} ({self.melding_id})"

    @property
    def is_open(self) -> bool:
        return self.opgelost_op is None


class Notificatie(models.Model):
    """A signalering shown to one medewerker (in the app, and once by e-mail)."""

    medewerker = models.ForeignKey(GEBRUIKER, on_delete=models.CASCADE, related_name="notificaties")
    signalering = models.ForeignKey(
        Signalering, on_delete=models.CASCADE, related_name="notificaties"
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    gemaild_op = models.DateTimeField(_("gemaild op"), null=True, blank=True)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        ordering = ["-aangemaakt_op"]
        verbose_name = _("notificatie")
        verbose_name_plural = _("notificaties")
        constraints = [
            models.UniqueConstraint(
                fields=["medewerker", "signalering"], name="notificatie_eenmaal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.medewerker_id}: {self.signalering}"


class ZichtOpVeiligheid(models.Model):
    """A contact with a waiting household to keep sight of its safety (IGJ 2024 good practice)."""

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="zicht_checks"
    )
    op = models.DateTimeField(_("op"))
    contact_met = models.CharField(_("contact met"), max_length=200)
    uitkomst = models.TextField(_("uitkomst"))
    urgentie_voor = models.CharField(_("urgentie voor"), max_length=10, blank=True)
    urgentie_na = models.CharField(_("urgentie na"), max_length=10, blank=True)
    reden_herprioritering = models.TextField(_("reden herprioritering"), blank=True)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-op"]
        verbose_name = _("zicht-op-veiligheidscontact")
        verbose_name_plural = _("zicht-op-veiligheidscontacten")
        indexes = [models.Index(fields=["melding", "-op"], name="zicht_melding_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(urgentie_na="")
                | Q(urgentie_na=models.F("urgentie_voor"))
                | ~Q(reden_herprioritering=""),
                name="zicht_herprioritering_met_reden",
            ),
        ]

    def __str__(self) -> str:
        return f"Zicht op veiligheid {self.op:%d-%m-%Y}"


class Wachtrij(models.TextChoices):
    """The three queues of DOMAIN.md §7."""

    VEILIGHEIDSBEOORDELING = "beoordeling", _("Wacht op veiligheidsbeoordeling (B)")
    START_DIENST = "start_dienst", _("Wacht op start vervolgdienst")
    KETENPARTNER = "ketenpartner", _("Wacht op ketenpartner")


class WachtlijstSnapshot(models.Model):
    """Per day, team and queue: how many wait and how long, so trends need no recomputation."""

    datum = models.DateField(_("datum"))
    team = models.ForeignKey("veiligthuis.Team", on_delete=models.CASCADE, related_name="+")
    wachtrij = models.CharField(_("wachtrij"), max_length=20, choices=Wachtrij.choices)
    aantal = models.PositiveIntegerField(_("aantal wachtend"))
    mediaan_dagen = models.FloatField(_("mediaan wachttijd (dagen)"), null=True)
    max_dagen = models.FloatField(_("langste wachttijd (dagen)"), null=True)

    class Meta:
        ordering = ["datum", "team", "wachtrij"]
        verbose_name = _("wachtlijst-snapshot")
        verbose_name_plural = _("wachtlijst-snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["datum", "team", "wachtrij"], name="snapshot_eenmaal_per_dag"
            ),
        ]
        # The dashboard's trend sums 90 days of every team per queue: read from the index alone
        # (docs/PERFORMANCE.md, Ronde 5). SQLite builds it without the included column.
        indexes = [
            models.Index(
                fields=["datum", "wachtrij"], include=["aantal"], name="snapshot_trend_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.datum} {self.team_id} {self.wachtrij}: {self.aantal}"


class MaandReeks(models.TextChoices):
    BEOORDELINGEN = "beoordelingen", _("Veiligheidsbeoordelingen binnen de termijn")
    DIENSTEN = "diensten", _("Vervolgdiensten binnen tien weken")


class MaandCijfer(models.Model):
    """A closed month of the directie dashboard: how many were done, and how many within termijn.

    Kept by the daily snapshot job (`wachtlijst.dashboard.maandcijfers_bijwerken`), so the
    dashboard reads eleven past months instead of aggregating a year of besluiten again on
    every request; the current month is always computed live.
    """

    maand = models.DateField(_("maand"))  # the first day of the month (Dutch time)
    reeks = models.CharField(_("reeks"), max_length=20, choices=MaandReeks.choices)
    totaal = models.PositiveIntegerField(_("totaal"))
    op_tijd = models.PositiveIntegerField(_("binnen de termijn"))
    berekend_op = models.DateTimeField(_("berekend op"), default=timezone.now)

    class Meta:
        ordering = ["maand", "reeks"]
        verbose_name = _("maandcijfer")
        verbose_name_plural = _("maandcijfers")
        constraints = [
            models.UniqueConstraint(fields=["maand", "reeks"], name="maandcijfer_eenmaal"),
        ]

    def __str__(self) -> str:
        return f"{self.maand:%Y-%m} {self.reeks}: {self.op_tijd}/{self.totaal}"
