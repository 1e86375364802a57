"""Klachten (IGJ norm 4.4) and calamiteiten / verplichte meldingen aan de inspectie (norm 4.3).

A klacht and a calamiteit each have a state machine (django-fsm-2, protected field) whose
transitions only set fields; `verantwoording.klachten` is the only module that calls them, with
the lock, the history row and the audit entry. Termijnen are computed by `veiligthuis.termijnen`
when the clock starts and stored, so lists and the inspectiedossier compare columns.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from veiligthuis.fsm import voorwaarde

GEBRUIKER = settings.AUTH_USER_MODEL


class KlachtStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen")
    BEVESTIGD = "bevestigd", _("Ontvangst bevestigd")
    GESPREK = "gesprek", _("Gesprek gevoerd")
    BEOORDEELD = "beoordeeld", _("Oordeel gegeven")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


class KlachtOordeel(models.TextChoices):
    GEGROND = "gegrond", _("Gegrond")
    DEELS_GEGROND = "deels_gegrond", _("Deels gegrond")
    ONGEGROND = "ongegrond", _("Ongegrond")


class IndienerRelatie(models.TextChoices):
    """How the indiener relates to the case the klacht is about."""

    DIRECTBETROKKENE = "directbetrokkene", _("Directbetrokkene")
    OUDER = "ouder", _("Ouder of verzorger van een directbetrokkene")
    WETTELIJK_VERTEGENWOORDIGER = "vertegenwoordiger", _("Wettelijk vertegenwoordiger")
    MELDER = "melder", _("Melder")
    PROFESSIONAL = "professional", _("Professional of ketenpartner")
    ANDERS = "anders", _("Anders")


class Klacht(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A klacht about a melding, a vervolgdienst, or Veilig Thuis in general."""

    nummer = models.CharField(_("nummer"), max_length=20, unique=True)
    status = FSMField(
        _("status"),
        max_length=20,
        choices=KlachtStatus.choices,
        default=KlachtStatus.ONTVANGEN,
        protected=True,
    )
    melding = models.ForeignKey(
        "meldingen.Melding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="klachten",
        verbose_name=_("melding"),
    )
    dienst = models.ForeignKey(
        "diensten.Vervolgdienst",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="klachten",
        verbose_name=_("vervolgdienst"),
    )
    # The team of the case (need-to-know); empty for a klacht about Veilig Thuis in general.
    team = models.ForeignKey(
        "veiligthuis.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    indiener_naam = models.CharField(_("naam van de indiener"), max_length=200)
    indiener_relatie = models.CharField(
        _("relatie tot de casus"), max_length=20, choices=IndienerRelatie.choices
    )
    omschrijving = models.TextField(_("waar gaat de klacht over"))
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    termijn = models.DateTimeField(_("termijn afhandeling"))
    verlengd_op = models.DateTimeField(_("verlengd op"), null=True, blank=True)
    verlengingsreden = models.TextField(_("reden van verlenging"), blank=True)
    vertrouwenspersoon_geinformeerd_op = models.DateTimeField(
        _("gewezen op een vertrouwenspersoon op"), null=True, blank=True
    )
    bevestigd_op = models.DateTimeField(_("ontvangst bevestigd op"), null=True, blank=True)
    gesprek_op = models.DateTimeField(_("gesprek op"), null=True, blank=True)
    gesprek_verslag = models.TextField(_("verslag van het gesprek"), blank=True)
    oordeel = models.CharField(
        _("oordeel"), max_length=20, choices=KlachtOordeel.choices, blank=True
    )
    oordeel_onderbouwing = models.TextField(_("onderbouwing van het oordeel"), blank=True)
    oordeel_op = models.DateTimeField(_("oordeel op"), null=True, blank=True)
    maatregelen = models.TextField(_("maatregelen"), blank=True)
    afgehandeld_op = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)
    behandelaar = models.ForeignKey(
        GEBRUIKER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("klachtbehandelaar"),
    )
    geregistreerd_door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-ontvangen_op", "-pk"]
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=KlachtStatus.values), name="klacht_status_geldig"
            ),
            models.CheckConstraint(
                condition=Q(oordeel="") | Q(oordeel__in=KlachtOordeel.values),
                name="klacht_oordeel_geldig",
            ),
            models.CheckConstraint(
                condition=Q(verlengd_op__isnull=True) | ~Q(verlengingsreden=""),
                name="klacht_verlenging_met_reden",
            ),
            models.CheckConstraint(
                condition=~Q(status=KlachtStatus.AFGEHANDELD)
                | (Q(afgehandeld_op__isnull=False) & ~Q(oordeel="")),
                name="klacht_afgehandeld_met_oordeel",
            ),
        ]
        indexes = [models.Index(fields=["afgehandeld_op"], name="klacht_afgehandeld_idx")]

    def __str__(self) -> str:
        return self.nummer

    @property
    def is_verlengd(self) -> bool:
        return self.verlengd_op is not None

    # --- conditions -----------------------------------------------------------------------------

    @voorwaarde(_("Er is nog geen verslag van het gesprek."))
    def heeft_gespreksverslag(self) -> bool:
        """Transition condition: a gesprek counts only with what was said."""
        return bool(self.gesprek_op and self.gesprek_verslag.strip())

    @voorwaarde(_("Kies gegrond, deels gegrond of ongegrond en onderbouw het oordeel."))
    def heeft_onderbouwd_oordeel(self) -> bool:
        """Transition condition: an oordeel is one of the three and is explained."""
        return self.oordeel in KlachtOordeel.values and bool(self.oordeel_onderbouwing.strip())

    @voorwaarde(_("Bij een (deels) gegronde klacht horen maatregelen: beschrijf wat er verandert."))
    def heeft_maatregelen_bij_gegrond(self) -> bool:
        """Transition condition: a (partly) founded klacht is closed with measures."""
        return self.oordeel == KlachtOordeel.ONGEGROND or bool(self.maatregelen.strip())

    @voorwaarde(_("Leg eerst vast of de indiener is gewezen op een vertrouwenspersoon."))
    def vertrouwenspersoon_vastgelegd(self) -> bool:
        """Transition condition: norm 4.4 asks that the indiener hears of a vertrouwenspersoon."""
        return self.vertrouwenspersoon_geinformeerd_op is not None

    # --- transitions (fields only) --------------------------------------------------------------

    @transition(field=status, source=KlachtStatus.ONTVANGEN, target=KlachtStatus.BEVESTIGD)
    def ontvangst_bevestigen(self, op) -> None:
        self.bevestigd_op = op

    @transition(
        field=status,
        source=KlachtStatus.BEVESTIGD,
        target=KlachtStatus.GESPREK,
        conditions=[heeft_gespreksverslag],
    )
    def gesprek_vastleggen(self) -> None:
        """The service sets `gesprek_op` and the verslag first."""

    @transition(
        field=status,
        source=[KlachtStatus.BEVESTIGD, KlachtStatus.GESPREK],
        target=KlachtStatus.BEOORDEELD,
        conditions=[heeft_onderbouwd_oordeel],
    )
    def beoordelen(self, op) -> None:
        self.oordeel_op = op

    @transition(
        field=status,
        source=KlachtStatus.BEOORDEELD,
        target=KlachtStatus.AFGEHANDELD,
        conditions=[heeft_maatregelen_bij_gegrond, vertrouwenspersoon_vastgelegd],
    )
    def afhandelen(self, op) -> None:
        self.afgehandeld_op = op


class KlachtStap(models.Model):
    """History of a klacht: every step (and the verlenging) with who, when and what."""

    klacht = models.ForeignKey(Klacht, on_delete=models.CASCADE, related_name="stappen")
    van = models.CharField(_("van"), max_length=20, choices=KlachtStatus.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=KlachtStatus.choices)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"))
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = _("stap van een klacht")
        verbose_name_plural = _("stappen van klachten")

    def __str__(self) -> str:
        return f"{self.klacht_id}: {self.van} → {self.naar}"


class CalamiteitSoort(models.TextChoices):
    CALAMITEIT = "calamiteit", _("Calamiteit")
    GEWELDSINCIDENT = "geweldsincident", _("Geweldsincident (verplichte melding)")
    ANDERS = "anders", _("Andere verplichte melding aan de inspectie")


class CalamiteitStatus(models.TextChoices):
    GEREGISTREERD = "geregistreerd", _("Geregistreerd, nog niet gemeld")
    GEMELD = "gemeld", _("Gemeld aan de inspectie")
    ANALYSE = "analyse", _("Analyse loopt")
    RAPPORT_VERSTUURD = "rapport_verstuurd", _("Rapport verstuurd")
    AFGEROND = "afgerond", _("Afgerond")


class Calamiteit(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A calamiteit or other verplichte melding aan de inspectie (IGJ), about one or more meldingen."""

    nummer = models.CharField(_("nummer"), max_length=20, unique=True)
    status = FSMField(
        _("status"),
        max_length=20,
        choices=CalamiteitStatus.choices,
        default=CalamiteitStatus.GEREGISTREERD,
        protected=True,
    )
    soort = models.CharField(_("soort"), max_length=20, choices=CalamiteitSoort.choices)
    team = models.ForeignKey(
        "veiligthuis.Team", on_delete=models.PROTECT, related_name="+", verbose_name=_("team")
    )
    meldingen = models.ManyToManyField(
        "meldingen.Melding", related_name="calamiteiten", verbose_name=_("meldingen")
    )
    omschrijving = models.TextField(_("wat is er gebeurd"))
    kennisname_op = models.DateTimeField(_("kennisgenomen op"))
    termijn_melding = models.DateTimeField(_("uiterlijk melden aan de inspectie"))
    gemeld_op = models.DateTimeField(_("gemeld aan de inspectie op"), null=True, blank=True)
    kenmerk_igj = models.CharField(_("kenmerk van de inspectie"), max_length=100, blank=True)
    termijn_rapport = models.DateTimeField(
        _("uiterlijk rapport aan de inspectie"), null=True, blank=True
    )
    analyse_gestart_op = models.DateTimeField(_("analyse gestart op"), null=True, blank=True)
    rapport_verstuurd_op = models.DateTimeField(_("rapport verstuurd op"), null=True, blank=True)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    verbetermaatregelen = models.TextField(_("verbetermaatregelen"), blank=True)
    geregistreerd_door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-kennisname_op", "-pk"]
        verbose_name = _("calamiteit of verplichte melding")
        verbose_name_plural = _("calamiteiten en verplichte meldingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CalamiteitStatus.values), name="calamiteit_status_geldig"
            ),
            models.CheckConstraint(
                condition=Q(soort__in=CalamiteitSoort.values), name="calamiteit_soort_geldig"
            ),
            models.CheckConstraint(
                condition=Q(status=CalamiteitStatus.GEREGISTREERD)
                | Q(gemeld_op__isnull=False, termijn_rapport__isnull=False),
                name="calamiteit_gemeld_met_termijn",
            ),
        ]

    def __str__(self) -> str:
        return self.nummer

    @voorwaarde(_("Vul de verbetermaatregelen uit de analyse in."))
    def heeft_verbetermaatregelen(self) -> bool:
        """Transition condition: a calamiteit is closed with what the organisation learnt."""
        return bool(self.verbetermaatregelen.strip())

    @transition(field=status, source=CalamiteitStatus.GEREGISTREERD, target=CalamiteitStatus.GEMELD)
    def melden(self, op, termijn_rapport) -> None:
        self.gemeld_op = op
        self.termijn_rapport = termijn_rapport

    @transition(field=status, source=CalamiteitStatus.GEMELD, target=CalamiteitStatus.ANALYSE)
    def analyse_starten(self, op) -> None:
        self.analyse_gestart_op = op

    @transition(
        field=status, source=CalamiteitStatus.ANALYSE, target=CalamiteitStatus.RAPPORT_VERSTUURD
    )
    def rapport_versturen(self, op) -> None:
        self.rapport_verstuurd_op = op

    @transition(
        field=status,
        source=CalamiteitStatus.RAPPORT_VERSTUURD,
        target=CalamiteitStatus.AFGEROND,
        conditions=[heeft_verbetermaatregelen],
    )
    def afronden(self, op) -> None:
        self.afgerond_op = op


class CalamiteitStap(models.Model):
    """History of a calamiteit: every status change with who and when."""

    calamiteit = models.ForeignKey(Calamiteit, on_delete=models.CASCADE, related_name="stappen")
    van = models.CharField(_("van"), max_length=20, choices=CalamiteitStatus.choices, blank=True)
    naar = models.CharField(_("naar"), max_length=20, choices=CalamiteitStatus.choices)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"))
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = _("stap van een calamiteit")
        verbose_name_plural = _("stappen van calamiteiten")

    def __str__(self) -> str:
        return f"{self.calamiteit_id}: {self.van} → {self.naar}"
