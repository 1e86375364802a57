"""Adviezen and meldingen, the people they concern, screening (A), veiligheidsbeoordeling (B),
besluit and the dossier journal.

State changes happen only through `meldingen.services`; the transitions below set fields and nothing
else. Conditions are small named predicates carrying the Dutch message shown when they fail.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from meldingen.bsn import INDEXLENGTE, BsnVeld, bsn_index
from meldingen.keuzes import (
    Aanleiding,
    Aard,
    AdviesStatus,
    Antwoord,
    BesluitRoute,
    Geslacht,
    Hoedanigheid,
    JournaalSoort,
    Kanaal,
    MeldingStatus,
    RolInMelding,
    ScreeningUitkomst,
    SoortMelding,
    Urgentie,
)
from meldingen.naamsleutels import achternaam_sleutel
from veiligthuis.database import als_lijst
from veiligthuis.fsm import voorwaarde
from veiligthuis.models import Gemeente, Team
from veiligthuis.validators import valideer_bsn, valideer_niet_in_toekomst

S = MeldingStatus


class Nummerreeks(models.Model):
    """Last number handed out per prefix and year; locked while a number is taken."""

    prefix = models.CharField(max_length=4)
    jaar = models.PositiveSmallIntegerField()
    laatste = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "jaar"], name="nummerreeks_uniek"),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.jaar}: {self.laatste}"


class Advies(ConcurrentTransitionMixin, models.Model):
    """Advice given to someone who asked. Deliberately has no fields for directbetrokkenen."""

    nummer = models.CharField(_("nummer"), max_length=20, unique=True)
    status = FSMField(
        _("status"),
        max_length=20,
        choices=AdviesStatus.choices,
        default=AdviesStatus.OPEN,
        protected=True,
    )
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    kanaal = models.CharField(_("kanaal"), max_length=20, choices=Kanaal.choices)
    hoedanigheid = models.CharField(
        _("hoedanigheid adviesvrager"), max_length=30, choices=Hoedanigheid.choices
    )
    adviesvrager_naam = models.CharField(
        _("naam adviesvrager"),
        max_length=200,
        blank=True,
        help_text=_("Alleen met toestemming van de adviesvrager; anoniem advies mag."),
    )
    naam_toestemming = models.BooleanField(
        _("toestemming om de naam vast te leggen"), default=False
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("gemeente")
    )
    team = models.ForeignKey(Team, on_delete=models.PROTECT, verbose_name=_("team"))
    aanleiding = models.CharField(_("type geweld"), max_length=30, choices=Aanleiding.choices)
    onderwerp = models.CharField(_("onderwerp"), max_length=200)
    samenvatting = models.TextField(
        _("samenvatting van het advies"),
        help_text=_("Geen namen of andere gegevens van directbetrokkenen."),
    )
    gegeven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="adviezen",
        verbose_name=_("gegeven door"),
    )
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    melding = models.OneToOneField(
        "Melding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advies",
        verbose_name=_("omgezet in melding"),
    )

    class Meta:
        ordering = ["-ontvangen_op"]
        verbose_name = _("advies")
        verbose_name_plural = _("adviezen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AdviesStatus.values), name="advies_status_geldig"
            ),
            models.CheckConstraint(
                condition=Q(adviesvrager_naam="") | Q(naam_toestemming=True),
                name="advies_naam_alleen_met_toestemming",
            ),
            models.CheckConstraint(
                condition=~Q(status=AdviesStatus.OMGEZET) | Q(melding__isnull=False),
                name="advies_omgezet_heeft_melding",
            ),
        ]
        indexes = [models.Index(fields=["team", "status"], name="advies_team_status_idx")]

    def __str__(self) -> str:
        return self.nummer

    @voorwaarde(_("Er is nog geen melding aan dit advies gekoppeld."))
    def heeft_melding(self) -> bool:
        """Transition condition: an advies converted into a melding points at that melding."""
        return self.melding_id is not None

    @transition(field=status, source=AdviesStatus.OPEN, target=AdviesStatus.AFGEROND)
    def afronden(self) -> None:
        self.afgerond_op = timezone.now()

    @transition(
        field=status,
        source=AdviesStatus.OPEN,
        target=AdviesStatus.OMGEZET,
        conditions=[heeft_melding],
    )
    def omzetten_in_melding(self) -> None:
        self.afgerond_op = timezone.now()


class Huishouden(models.Model):
    """The address a melding is about. Several meldingen over time can share one huishouden."""

    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, db_index=True)
    woonplaats = models.CharField(_("woonplaats"), max_length=100, blank=True)
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("gemeente")
    )
    # Set when this record was found to be the same address as another (HuishoudenSamenvoeging):
    # its meldingen moved there, and intake finds the other one.
    samengevoegd_in = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self) -> str:
        return f"{self.straat} {self.huisnummer}, {self.woonplaats}".strip(" ,")


class PersoonQuerySet(models.QuerySet):
    def met_bsn(self, bsn: str | None) -> "PersoonQuerySet":
        """The persons with this BSN (at most one: the blind index is unique)."""
        return self.filter(bsn_index=bsn_index(bsn)) if bsn else self.none()

    def update(self, **kwargs):
        # A BSN written by a set-based UPDATE keeps its blind index in step.
        if "bsn" in kwargs and "bsn_index" not in kwargs:
            kwargs["bsn_index"] = bsn_index(kwargs["bsn"])
        if not NAAMVELDEN & kwargs.keys():
            return super().update(**kwargs)
        # A new achternaam or tussenvoegsel: the stored key follows, per row (it needs both).
        ids = list(self.values_list("pk", flat=True))
        aantal = super().update(**kwargs)
        bijgewerkt = Persoon.objects.filter(pk__in=ids).only(*NAAMVELDEN)
        Persoon.objects.bulk_update(list(bijgewerkt), ["achternaam_sleutel"])
        return aantal

    def bulk_update(self, objs, fields, *args, **kwargs):
        fields = list(fields)
        if "bsn" in fields and "bsn_index" not in fields:
            fields.append("bsn_index")
        if NAAMVELDEN & set(fields) or "achternaam_sleutel" in fields:
            objs = list(objs)
            for persoon in objs:
                persoon.achternaam_sleutel_bijwerken()
            if "achternaam_sleutel" not in fields:
                fields.append("achternaam_sleutel")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for persoon in objs:
            persoon.achternaam_sleutel_bijwerken()
        return super().bulk_create(objs, *args, **kwargs)


# The fields the stored achternaam key is computed from.
NAAMVELDEN = frozenset({"achternaam", "tussenvoegsel"})


class Persoon(models.Model):
    """A person known to Veilig Thuis; the same person recurs across meldingen."""

    # Blank only for an unborn child, whose voornaam is not known yet (constraint below).
    voornamen = models.CharField(_("voornamen"), max_length=200, blank=True)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=200)
    geboortedatum = models.DateField(
        _("geboortedatum"), null=True, blank=True, validators=[valideer_niet_in_toekomst]
    )
    # A child that is not born yet (a melding during a pregnancy): no birth date and no BSN yet.
    # CBS asks for its own BSN code (999999999); recorded explicitly, never guessed from gaps.
    ongeboren = models.BooleanField(_("ongeboren"), default=False, db_default=False)
    geslacht = models.CharField(
        _("geslacht"), max_length=10, choices=Geslacht.choices, default=Geslacht.ONBEKEND
    )
    # HMAC of the BSN, set whenever `bsn` is assigned: the only way to find a person by BSN.
    # Declared before `bsn`: Model.__init__ sets fields in this order, and the default None of
    # the index must not overwrite the value that assigning the BSN just gave it.
    bsn_index = models.CharField(  # noqa: DJ001
        max_length=INDEXLENGTE, null=True, blank=True, editable=False
    )
    # Encrypted at rest (meldingen/bsn.py): the plain number on the instance, a Fernet token in the
    # column. NULL, not "", for an unknown BSN: the unique constraint must only cover known numbers.
    bsn = BsnVeld(_("BSN"), null=True, blank=True, validators=[valideer_bsn])  # noqa: DJ001
    # Set when a koppelvoorstel decided this person is `samengevoegd_in`: the record stays (the
    # decision can be undone) but identity resolution and searches no longer offer it.
    samengevoegd_in = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The achternaam as identity resolution compares it (meldingen.naamsleutels): kept in step
    # by save(), update(), bulk_update() and bulk_create(), so the candidate query can compare
    # names in SQL (pg_trgm on PostgreSQL) instead of reading every person born on the date.
    achternaam_sleutel = models.CharField(
        max_length=200, blank=True, default="", db_default="", editable=False
    )

    objects = PersoonQuerySet.as_manager()

    class Meta:
        ordering = ["achternaam", "voornamen"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        constraints = [
            models.UniqueConstraint(
                fields=["bsn_index"],
                condition=Q(bsn_index__isnull=False),
                name="persoon_bsn_index_uniek",
            ),
            models.CheckConstraint(
                condition=Q(ongeboren=False)
                | Q(geboortedatum__isnull=True, bsn_index__isnull=True),
                name="persoon_ongeboren_zonder_geboortedatum_bsn",
                violation_error_message=_(
                    "Een ongeboren kind heeft nog geen geboortedatum en geen BSN."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ongeboren=True) | ~Q(voornamen=""),
                name="persoon_voornaam_tenzij_ongeboren",
                violation_error_message=_("De voornaam is verplicht."),
            ),
        ]
        indexes = [
            models.Index(fields=["achternaam", "geboortedatum"], name="persoon_naam_geb_idx"),
            # meldingen.identiteit anchors every name match on the birth date.
            models.Index(fields=["geboortedatum"], name="persoon_geboortedatum_idx"),
        ]

    def __str__(self) -> str:
        naam = " ".join(p for p in (self.voornamen, self.tussenvoegsel, self.achternaam) if p)
        return _("%(naam)s (ongeboren)") % {"naam": naam} if self.ongeboren else naam

    def save(self, *args, **kwargs) -> None:
        # save(update_fields=["bsn"]) must write the blind index that came with the new BSN.
        velden = kwargs.get("update_fields")
        if velden is not None and "bsn" in velden and "bsn_index" not in velden:
            kwargs["update_fields"] = velden = [*velden, "bsn_index"]
        self.achternaam_sleutel_bijwerken()
        if velden is not None and NAAMVELDEN & set(velden) and "achternaam_sleutel" not in velden:
            kwargs["update_fields"] = [*velden, "achternaam_sleutel"]
        super().save(*args, **kwargs)

    def achternaam_sleutel_bijwerken(self) -> None:
        self.achternaam_sleutel = achternaam_sleutel(self.achternaam, self.tussenvoegsel)

    def leeftijd_op(self, datum) -> int | None:
        """Age in whole years on `datum` (None when the birth date is unknown)."""
        if self.geboortedatum is None:
            return None
        g = self.geboortedatum
        return datum.year - g.year - ((datum.month, datum.day) < (g.month, g.day))


class Melding(ConcurrentTransitionMixin, models.Model):
    nummer = models.CharField(_("nummer"), max_length=20, unique=True)
    status = FSMField(
        _("status"),
        max_length=20,
        choices=MeldingStatus.choices,
        default=S.ONTVANGEN,
        protected=True,
    )
    ontvangen_op = models.DateTimeField(_("ontvangen op"))
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    kanaal = models.CharField(_("kanaal"), max_length=20, choices=Kanaal.choices)
    soort = models.CharField(
        _("soort melding"),
        max_length=20,
        choices=SoortMelding.choices,
        default=SoortMelding.EERSTE,
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="meldingen", verbose_name=_("team")
    )
    gemeente = models.ForeignKey(
        Gemeente,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name=_("gemeente"),
    )
    huishouden = models.ForeignKey(
        Huishouden,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name=_("huishouden"),
    )
    samenvatting = models.TextField(_("zorgen volgens de melder"))
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    urgentie = models.CharField(_("urgentie"), max_length=10, choices=Urgentie.choices, blank=True)
    beoordelaar_1 = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eerste beoordelaar"),
    )
    beoordelaar_2 = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tweede beoordelaar"),
    )
    termijn_acute_screening = models.DateTimeField(_("termijn screening acute onveiligheid"))
    termijn_veiligheidsbeoordeling = models.DateTimeField(_("termijn veiligheidsbeoordeling"))
    termijn_informeren_betrokkenen = models.DateTimeField(_("termijn informeren betrokkenen"))
    informeren_verlengd = models.PositiveSmallIntegerField(_("aantal verlengingen"), default=0)
    betrokkenen_geinformeerd_op = models.DateTimeField(
        _("directbetrokkenen geïnformeerd op"), null=True, blank=True
    )
    zicht_volgende_op = models.DateTimeField(
        _("volgend zicht-op-veiligheidscontact uiterlijk"),
        null=True,
        blank=True,
        help_text=_(
            "Gezet door de dagelijkse planning zolang de melding wacht (op de "
            "veiligheidsbeoordeling, de start van een vervolgdienst of een ketenpartner)."
        ),
    )
    gestart_op = models.DateTimeField(
        _("gestart op"),
        null=True,
        blank=True,
        help_text=_(
            "Datum van de eerste vastgelegde activiteit (contactpoging, gesprek, huisbezoek)."
        ),
    )
    afgesloten_op = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    geanonimiseerd_op = models.DateTimeField(_("geanonimiseerd op"), null=True, blank=True)
    doorgestuurd_aan = models.CharField(_("doorgestuurd aan"), max_length=200, blank=True)
    radar_geen_mdo_reden = models.TextField(
        _("reden om bij een herhaalde melding geen MDO te houden"), blank=True
    )
    radar_geen_mdo_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reden vastgelegd door (werkbegeleider)"),
    )

    class Meta:
        ordering = ["-ontvangen_op"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeldingStatus.values), name="melding_status_geldig"
            ),
            models.CheckConstraint(
                condition=Q(urgentie="") | Q(urgentie__in=Urgentie.values),
                name="melding_urgentie_geldig",
            ),
            models.CheckConstraint(
                condition=Q(beoordelaar_1__isnull=True)
                | Q(beoordelaar_2__isnull=True)
                | ~Q(beoordelaar_1=F("beoordelaar_2")),
                name="melding_twee_verschillende_beoordelaars",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status"], name="melding_team_status_idx"),
            models.Index(fields=["termijn_veiligheidsbeoordeling"], name="melding_termijn_b_idx"),
            models.Index(
                fields=["zicht_volgende_op"],
                condition=Q(zicht_volgende_op__isnull=False),
                name="melding_zicht_gepland_idx",
            ),
            # Performance (docs/PERFORMANCE.md): ~0.5 % of meldingen is open, so a partial index
            # on the open states serves the triagelijsten, dashboards and termijnbewaking.
            models.Index(
                fields=["status", "team"],
                condition=Q(
                    status__in=[
                        S.ONTVANGEN,
                        S.ACUUT,
                        S.OP_TRIAGELIJST,
                        S.IN_BEOORDELING,
                        S.BESLOTEN,
                        S.OVERIGE_ZORG,
                    ]
                ),
                name="melding_open_idx",
            ),
            models.Index(fields=["ontvangen_op"], name="melding_ontvangen_idx"),
            models.Index(
                fields=["termijn_informeren_betrokkenen"],
                condition=Q(
                    betrokkenen_geinformeerd_op__isnull=True, geanonimiseerd_op__isnull=True
                ),
                name="melding_informeren_open_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.nummer

    # The codes of the aanleidingen and aarden. A dossier query brings them along as lists
    # (`meldingen.selectors.lijsten.CODES`), saving two queries; without that, they are read.
    def aanleiding_codes(self) -> list[str]:
        codes = getattr(self, "aanleidingen_lijst", None)
        if codes is None:
            return [a.aanleiding for a in self.aanleidingen.all()]
        return als_lijst(codes)

    def aard_codes(self) -> list[str]:
        codes = getattr(self, "aarden_lijst", None)
        if codes is None:
            return [a.aard for a in self.aarden.all()]
        return als_lijst(codes)

    @property
    def aanleidingen_weergave(self) -> list[str]:
        return [Aanleiding(code).label for code in self.aanleiding_codes()]

    @property
    def aarden_weergave(self) -> list[str]:
        return [Aard(code).label for code in self.aard_codes()]

    @property
    def zicht_achterstallig(self) -> bool:
        """The planned zicht-op-veiligheid contact is overdue (display only; signaleringen are SQL)."""
        return self.zicht_volgende_op is not None and self.zicht_volgende_op < timezone.now()

    # --- conditions -------------------------------------------------------------------------

    @voorwaarde(_("Er zijn twee verschillende onderzoekers nodig voor de veiligheidsbeoordeling."))
    def heeft_twee_beoordelaars(self) -> bool:
        """Transition condition: B is always done by two different onderzoekers."""
        return bool(
            self.beoordelaar_1_id
            and self.beoordelaar_2_id
            and self.beoordelaar_1_id != self.beoordelaar_2_id
        )

    @voorwaarde(_("Een urgentie (hoog, midden of laag) is verplicht."))
    def heeft_urgentie(self) -> bool:
        """Transition condition: a melding on the triagelijst has an urgentie."""
        return self.urgentie in {Urgentie.HOOG, Urgentie.MIDDEN, Urgentie.LAAG}

    @voorwaarde(
        _("Een tweede oordeel van een gedragswetenschapper of aandachtfunctionaris ontbreekt.")
    )
    def heeft_tweede_oordeel(self) -> bool:
        """Transition condition: overige zorg is only forwarded after a second, different judge."""
        a = getattr(self, "beoordeling_a", None)
        return bool(a and a.tweede_oordeel_door_id and a.tweede_oordeel_door_id != a.door_id)

    @voorwaarde(_("Het triage-instrument is niet volledig ingevuld."))
    def heeft_volledig_instrument(self) -> bool:
        """Transition condition: every question of the triage-instrument has an answer."""
        b = getattr(self, "beoordeling_b", None)
        return bool(b and b.is_volledig())

    @voorwaarde(_("Het besluit heeft geen onderbouwing."))
    def heeft_onderbouwing(self) -> bool:
        """Transition condition: a besluit is only valid with a written onderbouwing."""
        besluit = getattr(self, "besluit", None)
        return bool(besluit and besluit.onderbouwing.strip())

    @voorwaarde(_("Het besluit is geen vervolg bij Veilig Thuis."))
    def besluit_is_vervolg(self) -> bool:
        """Transition condition: only V&V and Onderzoek lead to a vervolgdienst."""
        besluit = getattr(self, "besluit", None)
        return bool(besluit and besluit.route in BesluitRoute.vervolg_bij_vt())

    @voorwaarde(
        _("Bij dit besluit volgt een vervolgdienst; de melding kan niet worden afgesloten.")
    )
    def besluit_zonder_vervolg(self) -> bool:
        """Transition condition: closing is for routes without a vervolgdienst at VT."""
        besluit = getattr(self, "besluit", None)
        return bool(besluit and besluit.route not in BesluitRoute.vervolg_bij_vt())

    # --- transitions (fields only) ----------------------------------------------------------

    @transition(field=status, source=S.ONTVANGEN, target=S.ACUUT)
    def screen_acuut(self) -> None:
        self.urgentie = Urgentie.ACUUT

    @transition(field=status, source=S.OP_TRIAGELIJST, target=S.ACUUT)
    def acuut_verklaren(self) -> None:
        """Acute onveiligheid found while waiting (herprioriteren, a zicht contact): the melding
        leaves the triagelijst for the acute queue, where B starts at once."""
        self.urgentie = Urgentie.ACUUT

    @transition(
        field=status, source=S.ONTVANGEN, target=S.OP_TRIAGELIJST, conditions=[heeft_urgentie]
    )
    def screen_niet_acuut(self) -> None:
        """Urgentie is set by the service before the transition (checked by the condition)."""

    @transition(field=status, source=S.ONTVANGEN, target=S.OVERIGE_ZORG)
    def screen_overige_zorg(self) -> None:
        self.urgentie = ""

    @transition(
        field=status,
        source=S.OVERIGE_ZORG,
        target=S.DOORGESTUURD,
        conditions=[heeft_tweede_oordeel],
    )
    def doorsturen_overige_zorg(self) -> None:
        self.afgesloten_op = timezone.now()

    @transition(
        field=status,
        source=S.OVERIGE_ZORG,
        target=S.OP_TRIAGELIJST,
        conditions=[heeft_tweede_oordeel, heeft_urgentie],
    )
    def overige_zorg_herzien(self) -> None:
        """The second judge sees huiselijk geweld or kindermishandeling after all."""

    @transition(
        field=status,
        source=[S.OP_TRIAGELIJST, S.ACUUT],
        target=S.IN_BEOORDELING,
        conditions=[heeft_twee_beoordelaars],
    )
    def start_beoordeling(self) -> None:
        """Beoordelaars are set by the service before the transition (checked by the condition)."""

    @transition(
        field=status, source=S.IN_BEOORDELING, target=S.OP_TRIAGELIJST, conditions=[heeft_urgentie]
    )
    def teruggeven(self) -> None:
        self.beoordelaar_1 = None
        self.beoordelaar_2 = None

    @transition(
        field=status,
        source=S.IN_BEOORDELING,
        target=S.BESLOTEN,
        conditions=[heeft_twee_beoordelaars, heeft_volledig_instrument, heeft_onderbouwing],
    )
    def besluit_nemen(self) -> None:
        """The Besluit row is written by the service; the conditions check it."""

    @transition(
        field=status, source=S.BESLOTEN, target=S.AFGESLOTEN, conditions=[besluit_zonder_vervolg]
    )
    def afsluiten(self) -> None:
        self.afgesloten_op = timezone.now()

    @transition(
        field=status,
        source=S.BESLOTEN,
        target=S.NAAR_VERVOLGDIENST,
        conditions=[besluit_is_vervolg],
    )
    def naar_vervolgdienst(self) -> None:
        """The vervolgdienst itself belongs to the diensten app."""


class MeldingAanleiding(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="aanleidingen")
    aanleiding = models.CharField(_("aanleiding"), max_length=30, choices=Aanleiding.choices)

    class Meta:
        verbose_name = _("aanleiding")
        verbose_name_plural = _("aanleidingen")
        constraints = [
            models.UniqueConstraint(fields=["melding", "aanleiding"], name="aanleiding_uniek"),
        ]

    def __str__(self) -> str:
        return self.get_aanleiding_display()


class MeldingAard(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="aarden")
    aard = models.CharField(_("aard"), max_length=30, choices=Aard.choices)

    class Meta:
        verbose_name = _("aard van het geweld")
        verbose_name_plural = _("aard van het geweld")
        constraints = [models.UniqueConstraint(fields=["melding", "aard"], name="aard_uniek")]

    def __str__(self) -> str:
        return self.get_aard_display()


class Melder(models.Model):
    melding = models.OneToOneField(Melding, on_delete=models.CASCADE, related_name="melder")
    hoedanigheid = models.CharField(_("hoedanigheid"), max_length=30, choices=Hoedanigheid.choices)
    naam = models.CharField(_("naam"), max_length=200, blank=True)
    organisatie = models.CharField(_("organisatie"), max_length=200, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    identiteit_delen = models.BooleanField(
        _("identiteit mag gedeeld worden met de betrokkenen"), default=False
    )
    zet_hulp_voort = models.BooleanField(
        _("professional zet de hulp aan het huishouden zelf voort"), default=False
    )

    class Meta:
        verbose_name = _("melder")
        verbose_name_plural = _("melders")

    def __str__(self) -> str:
        return self.get_hoedanigheid_display()

    @property
    def is_beroepsmatig(self) -> bool:
        return self.hoedanigheid in Hoedanigheid.beroepsmatig()


class Directbetrokkene(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="directbetrokkenen")
    persoon = models.ForeignKey(Persoon, on_delete=models.PROTECT, related_name="betrokkenheden")
    rol = models.CharField(_("rol"), max_length=20, choices=RolInMelding.choices)

    class Meta:
        verbose_name = _("directbetrokkene")
        verbose_name_plural = _("directbetrokkenen")
        constraints = [
            models.UniqueConstraint(
                fields=["melding", "persoon"], name="persoon_eenmaal_per_melding"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.persoon} ({self.get_rol_display()})"


class VeiligheidsbeoordelingA(models.Model):
    """Onderdeel A: is there acute onveiligheid? One onderzoeker, normally within 24 hours."""

    melding = models.OneToOneField(Melding, on_delete=models.CASCADE, related_name="beoordeling_a")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uitgevoerd_op = models.DateTimeField(_("uitgevoerd op"))
    uitkomst = models.CharField(_("uitkomst"), max_length=20, choices=ScreeningUitkomst.choices)
    toelichting = models.TextField(_("toelichting"))
    tweede_oordeel_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tweede oordeel door"),
    )
    tweede_oordeel_op = models.DateTimeField(_("tweede oordeel op"), null=True, blank=True)
    tweede_oordeel_toelichting = models.TextField(_("toelichting tweede oordeel"), blank=True)

    class Meta:
        verbose_name = _("veiligheidsbeoordeling onderdeel A")
        verbose_name_plural = _("veiligheidsbeoordelingen onderdeel A")
        # "Screenings done in a period" (screening A within 24 h, per team and gemeente).
        indexes = [models.Index(fields=["uitgevoerd_op"], name="beoordeling_a_uitgevoerd_idx")]

    def __str__(self) -> str:
        return f"A {self.melding_id}: {self.get_uitkomst_display()}"


class VeiligheidsbeoordelingB(models.Model):
    """Onderdeel B: structurele onveiligheid, assessed with the triage-instrument by two onderzoekers."""

    VRAGEN = (
        "acute_onveiligheid",
        "structurele_onveiligheid",
        "disfunctioneren",
        "zorgen_ontwikkeling",
    )

    melding = models.OneToOneField(Melding, on_delete=models.CASCADE, related_name="beoordeling_b")
    gestart_op = models.DateTimeField(_("gestart op"))
    afgerond_op = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    beoordelaar_1 = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eerste beoordelaar"),
    )
    beoordelaar_2 = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tweede beoordelaar"),
    )
    acute_onveiligheid = models.CharField(
        _("acute onveiligheid"), max_length=10, choices=Antwoord.choices, blank=True
    )
    structurele_onveiligheid = models.CharField(
        _("structurele onveiligheid"), max_length=10, choices=Antwoord.choices, blank=True
    )
    disfunctioneren = models.CharField(
        _("disfunctioneren / multiproblematiek"),
        max_length=10,
        choices=Antwoord.choices,
        blank=True,
    )
    zorgen_ontwikkeling = models.CharField(
        _("zorgen over de ontwikkeling"), max_length=10, choices=Antwoord.choices, blank=True
    )
    signalen = models.TextField(_("signalen"), blank=True)
    signaalcodes = models.JSONField(_("aangekruiste signalen"), default=list, blank=True)
    eerdere_meldingen = models.TextField(_("eerdere meldingen"), blank=True)

    class Meta:
        verbose_name = _("veiligheidsbeoordeling onderdeel B")
        verbose_name_plural = _("veiligheidsbeoordelingen onderdeel B")

    def __str__(self) -> str:
        return f"B {self.melding_id}"

    def is_volledig(self) -> bool:
        return all(getattr(self, vraag) for vraag in self.VRAGEN)

    def ontbrekende_vragen(self) -> list[str]:
        return [
            str(self._meta.get_field(vraag).verbose_name)
            for vraag in self.VRAGEN
            if not getattr(self, vraag)
        ]


class Besluit(models.Model):
    melding = models.OneToOneField(Melding, on_delete=models.CASCADE, related_name="besluit")
    route = models.CharField(_("besluit"), max_length=30, choices=BesluitRoute.choices)
    onderbouwing = models.TextField(_("onderbouwing"))
    overdracht_aan = models.CharField(_("overdracht aan"), max_length=200, blank=True)
    reden_geen_contact = models.TextField(
        _("reden waarom er geen gesprek of huisbezoek met een directbetrokkene was"), blank=True
    )
    genomen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    genomen_op = models.DateTimeField(_("genomen op"))

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        constraints = [
            models.CheckConstraint(
                condition=Q(route__in=BesluitRoute.values), name="besluit_route_geldig"
            ),
            models.CheckConstraint(
                condition=~Q(onderbouwing=""), name="besluit_onderbouwing_verplicht"
            ),
        ]
        # The directie dashboard counts besluiten per month and week.
        indexes = [models.Index(fields=["genomen_op"], name="besluit_genomen_op_idx")]

    def __str__(self) -> str:
        return self.get_route_display()

    @property
    def is_overdracht(self) -> bool:
        """The besluit hands the case over straight after B (a structured overdracht follows)."""
        return self.route in BesluitRoute.overdrachten()


class Journaalregel(models.Model):
    """A dossier entry. Facts, opinions and impressions are kept apart, each with its source."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="journaal")
    soort = models.CharField(_("soort"), max_length=10, choices=JournaalSoort.choices)
    bron = models.CharField(_("bron"), max_length=200)
    tekst = models.TextField(_("tekst"))
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    geschreven_op = models.DateTimeField(_("geschreven op"), default=timezone.now)

    class Meta:
        ordering = ["-geschreven_op", "-pk"]
        verbose_name = _("journaalregel")
        verbose_name_plural = _("journaal")
        indexes = [
            models.Index(fields=["melding", "-geschreven_op"], name="journaal_melding_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.tekst[:40]}"


class Statuswijziging(models.Model):
    """History of every state change of a melding: from, to, by whom, when, why."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="statuswijzigingen")
    van = models.CharField(_("van"), max_length=20, choices=MeldingStatus.choices)
    naar = models.CharField(_("naar"), max_length=20, choices=MeldingStatus.choices)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"), default=timezone.now)
    toelichting = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["op", "pk"]
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statuswijzigingen")
        indexes = [
            # "Changed since …" (the wachtlijst report's candidates) and "the status at a moment"
            # (the last change before it, per melding): both read millions of rows without these.
            models.Index(fields=["op"], name="statuswijziging_op_idx"),
            models.Index(fields=["melding", "op"], name="statuswijziging_melding_op_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.van} → {self.naar}"
