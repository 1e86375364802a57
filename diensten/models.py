"""Vervolgdiensten (Voorwaarden & Vervolg, Onderzoek) and what they record: gesprekken, informanten,
conclusies, veiligheidsvoorwaarden, afwijkingen, overdracht with veiligheidsafspraken, monitoring and
the terugkoppeling aan de melder.

State changes only through `diensten.services`; transitions set fields, conditions are named
predicates carrying their Dutch refusal.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from diensten import protocol
from diensten.keuzes import (
    ConclusieUitkomst,
    DienstStatus,
    DienstType,
    GesprekVorm,
    TerugkoppelingMoment,
    TerugkoppelingWijze,
    VoortijdigReden,
)
from veiligthuis.fsm import voorwaarde
from veiligthuis.models import Gemeente

D = DienstStatus
GEBRUIKER = settings.AUTH_USER_MODEL


class Ketenpartner(models.Model):
    naam = models.CharField(_("naam"), max_length=200, unique=True)
    soort = models.CharField(
        _("soort"), max_length=100, help_text=_("Bijv. wijkteam, GGZ, jeugdhulp")
    )
    gemeenten = models.ManyToManyField(Gemeente, blank=True, verbose_name=_("gemeenten"))
    heeft_wachtlijst = models.BooleanField(_("heeft een wachtlijst"), default=False)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("ketenpartner")
        verbose_name_plural = _("ketenpartners")

    def __str__(self) -> str:
        return self.naam


class Vervolgdienst(ConcurrentTransitionMixin, models.Model):
    melding = models.OneToOneField(
        "meldingen.Melding", on_delete=models.PROTECT, related_name="vervolgdienst"
    )
    type = models.CharField(_("dienst"), max_length=20, choices=DienstType.choices)
    status = FSMField(
        _("status"),
        max_length=20,
        choices=DienstStatus.choices,
        default=D.WACHT_OP_START,
        protected=True,
    )
    besluit_op = models.DateTimeField(_("besluit op"))
    termijn = models.DateTimeField(_("termijn (10 weken na het besluit)"))
    uitvoerder = models.ForeignKey(
        GEBRUIKER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="diensten",
        verbose_name=_("uitvoerder"),
    )
    gestart_op = models.DateTimeField(_("gestart op"), null=True, blank=True)
    wachttijd_start = models.DurationField(_("tijd van besluit tot start"), null=True, blank=True)
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    gestopt_op = models.DateTimeField(_("gestopt op"), null=True, blank=True)
    stopreden = models.TextField(_("reden van stoppen"), blank=True)
    # V&V: the directbetrokkenen recognise the concerns.
    erkenning_zorgen = models.TextField(_("erkenning van de zorgen"), blank=True)
    # Onderzoek: both sides heard; and what follows from it.
    hoor_en_wederhoor = models.TextField(_("hoor en wederhoor"), blank=True)
    verzoek_raad = models.BooleanField(
        _("verzoek tot onderzoek aan de Raad voor de Kinderbescherming"), default=False
    )
    melding_politie = models.BooleanField(_("melding of aangifte bij de politie"), default=False)
    overdracht_vrijwillige_hulp = models.BooleanField(
        _("overdracht naar vrijwillige hulp"), default=False
    )
    afsluitbrief_op = models.DateField(_("afsluitbrief verstuurd op"), null=True, blank=True)
    ervaringsonderzoek = models.BooleanField(_("uitnodiging ervaringsonderzoek"), default=True)
    contra_indicatie = models.TextField(_("contra-indicatie ervaringsonderzoek"), blank=True)

    class Meta:
        ordering = ["termijn"]
        verbose_name = _("vervolgdienst")
        verbose_name_plural = _("vervolgdiensten")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=D.values), name="dienst_status_geldig"),
            models.CheckConstraint(
                condition=Q(type__in=DienstType.values), name="dienst_type_geldig"
            ),
            models.CheckConstraint(
                condition=Q(ervaringsonderzoek=True) | ~Q(contra_indicatie=""),
                name="dienst_geen_uitnodiging_vraagt_contra_indicatie",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "termijn"], name="dienst_status_termijn_idx"),
            # The directie dashboard counts diensten afgerond per month.
            models.Index(
                fields=["afgerond_op"],
                condition=Q(afgerond_op__isnull=False),
                name="dienst_afgerond_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.melding_id}"

    @property
    def is_onderzoek(self) -> bool:
        return self.type == DienstType.ONDERZOEK

    # --- conditions -----------------------------------------------------------------------------

    @voorwaarde(_("Er is nog geen uitvoerder toegewezen."))
    def heeft_uitvoerder(self) -> bool:
        """Transition condition: a dienst starts with someone doing it."""
        return self.uitvoerder_id is not None

    @voorwaarde(protocol.GESTART_MET_ACTIVITEIT.reden)
    def heeft_startactiviteit(self) -> bool:
        """Transition condition: a dienst starts with a gesprek or huisbezoek of its uitvoerder."""
        return bool(protocol.startactiviteiten(self))

    @voorwaarde(_("Er is nog geen overdracht met veiligheidsafspraken vastgelegd."))
    def heeft_overdracht(self) -> bool:
        """Transition condition: handing over needs a ketenpartner and concrete afspraken."""
        overdracht = getattr(self, "overdracht", None)
        return bool(overdracht and overdracht.afspraken.exists())

    @voorwaarde(_("Er zijn geen monitoringsmomenten gepland."))
    def heeft_monitoringsmomenten(self) -> bool:
        """Transition condition: monitoring means scheduled moments."""
        return self.monitoringsmomenten.exists()

    @voorwaarde(_("Er is geen reden voor het stoppen vastgelegd."))
    def heeft_stopreden(self) -> bool:
        """Transition condition: stopping a dienst is always explained."""
        return bool(self.stopreden.strip())

    # --- transitions (fields only) --------------------------------------------------------------

    @transition(
        field=status,
        source=D.WACHT_OP_START,
        target=D.LOPEND,
        conditions=[heeft_uitvoerder, heeft_startactiviteit],
    )
    def starten(self, op: datetime) -> None:
        """`op` comes from the start activity (`protocol.startmoment`), never from a button."""
        self.gestart_op = op
        self.wachttijd_start = op - self.besluit_op

    @transition(field=status, source=D.LOPEND, target=D.AFGEROND)
    def afronden(self) -> None:
        """The protocol's requirements are checked by the service (diensten.eisen)."""
        self.afgerond_op = timezone.now()

    @transition(
        field=status, source=D.AFGEROND, target=D.OP_KETENPARTNER, conditions=[heeft_overdracht]
    )
    def wachten_op_ketenpartner(self) -> None:
        """Overdracht prepared; the ketenpartner has a waiting list."""

    @transition(
        field=status,
        source=[D.AFGEROND, D.OP_KETENPARTNER],
        target=D.OVERDRACHT,
        conditions=[heeft_overdracht],
    )
    def overdragen(self) -> None:
        """The ketenpartner takes over."""

    @transition(
        field=status,
        source=[D.AFGEROND, D.OVERDRACHT],
        target=D.MONITORING,
        conditions=[heeft_monitoringsmomenten],
    )
    def monitoring_starten(self) -> None:
        """Moments are scheduled by the service before this transition."""

    @transition(field=status, source=D.MONITORING, target=D.AFGESLOTEN)
    def afsluiten(self) -> None:
        self.afgesloten_op = timezone.now()

    @transition(
        field=status,
        source=[
            D.WACHT_OP_START,
            D.LOPEND,
            D.AFGEROND,
            D.OP_KETENPARTNER,
            D.OVERDRACHT,
            D.MONITORING,
        ],
        target=D.GESTOPT,
        conditions=[heeft_stopreden],
    )
    def stoppen(self) -> None:
        self.gestopt_op = timezone.now()


class DienstStatuswijziging(models.Model):
    dienst = models.ForeignKey(
        Vervolgdienst, on_delete=models.CASCADE, related_name="statuswijzigingen"
    )
    van = models.CharField(_("van"), max_length=20, choices=DienstStatus.choices)
    naar = models.CharField(_("naar"), max_length=20, choices=DienstStatus.choices)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"), default=timezone.now)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = _("statuswijziging dienst")
        verbose_name_plural = _("statuswijzigingen diensten")

    def __str__(self) -> str:
        return f"{self.van} → {self.naar}"


class Gesprek(models.Model):
    dienst = models.ForeignKey(Vervolgdienst, on_delete=models.CASCADE, related_name="gesprekken")
    directbetrokkene = models.ForeignKey(
        "meldingen.Directbetrokkene", on_delete=models.CASCADE, related_name="gesprekken"
    )
    datum = models.DateField(_("datum"))
    vorm = models.CharField(_("vorm"), max_length=20, choices=GesprekVorm.choices)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")

    def __str__(self) -> str:
        return f"{self.get_vorm_display()} {self.datum:%d-%m-%Y}"


class Informant(models.Model):
    """A professional asked about the household, with consent or a recorded weighing without it."""

    dienst = models.ForeignKey(Vervolgdienst, on_delete=models.CASCADE, related_name="informanten")
    naam = models.CharField(_("naam"), max_length=200)
    organisatie = models.CharField(_("organisatie en functie"), max_length=200)
    toestemming = models.BooleanField(_("toestemming van de betrokkenen"), default=False)
    afweging = models.TextField(_("afweging zonder toestemming"), blank=True)
    datum = models.DateField(_("datum"))
    informatie = models.TextField(_("informatie"))
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = _("informant")
        verbose_name_plural = _("informanten")
        constraints = [
            models.CheckConstraint(
                condition=Q(toestemming=True) | ~Q(afweging=""),
                name="informant_toestemming_of_afweging",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.naam} ({self.organisatie})"


class Conclusie(models.Model):
    """The Onderzoek's conclusion for one type geweld (an aanleiding of the melding)."""

    dienst = models.ForeignKey(Vervolgdienst, on_delete=models.CASCADE, related_name="conclusies")
    aanleiding = models.CharField(_("type geweld"), max_length=30)
    uitkomst = models.CharField(_("conclusie"), max_length=30, choices=ConclusieUitkomst.choices)
    reden_voortijdig = models.CharField(
        _("reden voortijdig afgesloten"), max_length=20, choices=VoortijdigReden.choices, blank=True
    )
    toelichting = models.TextField(_("toelichting"))
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("conclusie")
        verbose_name_plural = _("conclusies")
        constraints = [
            models.UniqueConstraint(fields=["dienst", "aanleiding"], name="conclusie_per_type"),
            models.CheckConstraint(
                condition=~Q(uitkomst=ConclusieUitkomst.VOORTIJDIG) | ~Q(reden_voortijdig=""),
                name="conclusie_voortijdig_met_reden",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aanleiding}: {self.get_uitkomst_display()}"


class Veiligheidsvoorwaarde(models.Model):
    dienst = models.ForeignKey(Vervolgdienst, on_delete=models.CASCADE, related_name="voorwaarden")
    voorwaarde = models.TextField(_("voorwaarde"))
    voor_wie = models.CharField(_("voor wie"), max_length=200)
    sinds = models.DateField(_("sinds"))
    hoe_gecontroleerd = models.TextField(_("hoe gecontroleerd"))
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sinds", "pk"]
        verbose_name = _("veiligheidsvoorwaarde")
        verbose_name_plural = _("veiligheidsvoorwaarden")

    def __str__(self) -> str:
        return self.voorwaarde[:60]


class Afwijking(models.Model):
    """A requirement of the protocol that was not met, with its reason; counts once approved."""

    dienst = models.ForeignKey(Vervolgdienst, on_delete=models.CASCADE, related_name="afwijkingen")
    eis = models.CharField(_("eis"), max_length=100)
    omschrijving = models.CharField(_("omschrijving van de eis"), max_length=300)
    reden = models.TextField(_("reden"))
    aangevraagd_door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")
    aangevraagd_op = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    goedgekeurd_door = models.ForeignKey(
        GEBRUIKER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    goedgekeurd_op = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)

    class Meta:
        ordering = ["aangevraagd_op"]
        verbose_name = _("afwijking")
        verbose_name_plural = _("afwijkingen")
        constraints = [
            models.UniqueConstraint(fields=["dienst", "eis"], name="afwijking_eenmaal_per_eis"),
        ]

    def __str__(self) -> str:
        return self.omschrijving


class Overdracht(models.Model):
    """The hand-over with veiligheidsafspraken: after a dienst, or straight after the besluit of
    the veiligheidsbeoordeling (lokaal veld, cliëntsysteem, melder).

    It belongs to exactly one of the two. It lives here, not in meldingen, so that one model,
    one service and one letter serve both moments and meldingen does not import diensten.
    After B the receiver need not be a listed ketenpartner (the cliëntsysteem, the melder): `aan`
    names it.
    """

    dienst = models.OneToOneField(
        Vervolgdienst,
        on_delete=models.CASCADE,
        related_name="overdracht",
        null=True,
        blank=True,
    )
    melding = models.OneToOneField(
        "meldingen.Melding",
        on_delete=models.CASCADE,
        related_name="overdracht_na_b",
        null=True,
        blank=True,
    )
    ketenpartner = models.ForeignKey(
        Ketenpartner,
        on_delete=models.PROTECT,
        related_name="overdrachten",
        null=True,
        blank=True,
    )
    aan = models.CharField(_("overgedragen aan"), max_length=200, blank=True)
    contactpersoon = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        constraints = [
            models.CheckConstraint(
                condition=Q(dienst__isnull=False, melding__isnull=True)
                | Q(dienst__isnull=True, melding__isnull=False),
                name="overdracht_dienst_of_melding",
            ),
            models.CheckConstraint(
                condition=Q(ketenpartner__isnull=False) | ~Q(aan=""),
                name="overdracht_aan_iemand",
            ),
        ]

    def __str__(self) -> str:
        return f"Overdracht aan {self.ontvanger}"

    @property
    def ontvanger(self) -> str:
        return str(self.ketenpartner) if self.ketenpartner_id else self.aan


class Veiligheidsafspraak(models.Model):
    """One concrete, case-specific agreement in an overdracht: what, who, by when, how checked."""

    overdracht = models.ForeignKey(Overdracht, on_delete=models.CASCADE, related_name="afspraken")
    wat = models.TextField(_("wat"))
    wie = models.CharField(_("wie"), max_length=200)
    uiterlijk = models.DateField(_("uiterlijk"))
    hoe_gecontroleerd = models.TextField(_("hoe gecontroleerd"))
    # The check of the afspraak; until it is recorded a passed `uiterlijk` is signalled.
    gecontroleerd_op = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    gecontroleerd_door = models.ForeignKey(
        GEBRUIKER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nagekomen = models.BooleanField(_("nagekomen"), null=True)
    controle_toelichting = models.TextField(_("uitkomst van de controle"), blank=True)

    class Meta:
        ordering = ["uiterlijk", "pk"]
        verbose_name = _("veiligheidsafspraak")
        verbose_name_plural = _("veiligheidsafspraken")
        constraints = [
            models.CheckConstraint(
                condition=~Q(wat="") & ~Q(wie="") & ~Q(hoe_gecontroleerd=""),
                name="afspraak_niets_leeg",
            ),
            models.CheckConstraint(
                condition=Q(gecontroleerd_op__isnull=True)
                | Q(gecontroleerd_door__isnull=False, nagekomen__isnull=False),
                name="afspraak_controle_compleet",
            ),
        ]
        indexes = [
            models.Index(
                fields=["uiterlijk"],
                condition=Q(gecontroleerd_op__isnull=True),
                name="afspraak_open_uiterlijk_idx",
            )
        ]

    def __str__(self) -> str:
        return self.wat[:60]


class Monitoringsmoment(models.Model):
    dienst = models.ForeignKey(
        Vervolgdienst, on_delete=models.CASCADE, related_name="monitoringsmomenten"
    )
    gepland_op = models.DateField(_("gepland op"))
    uitgevoerd_op = models.DateField(_("uitgevoerd op"), null=True, blank=True)
    voorwaarden_nagekomen = models.BooleanField(_("voorwaarden nagekomen"), null=True)
    veilig = models.BooleanField(_("veiligheid"), null=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = models.ForeignKey(
        GEBRUIKER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nieuwe_melding = models.OneToOneField(
        "meldingen.Melding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uit_monitoring",
        verbose_name=_("nieuwe melding"),
    )

    class Meta:
        ordering = ["gepland_op", "pk"]
        verbose_name = _("monitoringsmoment")
        verbose_name_plural = _("monitoringsmomenten")
        indexes = [models.Index(fields=["gepland_op"], name="monitoring_gepland_idx")]

    def __str__(self) -> str:
        return f"Monitoring {self.gepland_op:%d-%m-%Y}"

    @property
    def is_uitgevoerd(self) -> bool:
        return self.uitgevoerd_op is not None

    @property
    def is_mislukt(self) -> bool:
        return self.is_uitgevoerd and not (self.voorwaarden_nagekomen and self.veilig)


class Terugkoppeling(models.Model):
    """Informing the melder (a legal task) after the beoordeling and after the dienst."""

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="terugkoppelingen"
    )
    moment = models.CharField(_("moment"), max_length=20, choices=TerugkoppelingMoment.choices)
    op = models.DateTimeField(_("op"))
    wijze = models.CharField(_("wijze"), max_length=20, choices=TerugkoppelingWijze.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    door = models.ForeignKey(GEBRUIKER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["op"]
        verbose_name = _("terugkoppeling aan de melder")
        verbose_name_plural = _("terugkoppelingen aan de melder")

    def __str__(self) -> str:
        return f"{self.get_moment_display()} ({self.get_wijze_display()})"
