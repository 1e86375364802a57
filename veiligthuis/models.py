"""Organisation kernel: gemeenten, teams, medewerkers and their roles, closure days, audit log,
integration accounts.

Only data lives here. The behaviour around the audit log and the koppelingen (`audit.py`,
`koppelingen.py`) imports these models; when the models lived in those modules, this module had to
import them back to register them, and the three modules imported each other.
"""

from collections.abc import Iterable
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from veiligthuis.database import als_lijst, tekstlijst
from veiligthuis.personeel import Personeelsgegevens, Registratie  # noqa: F401  (staff records)


class Rol(models.TextChoices):
    """Roles of DOMAIN.md §1. A medewerker can hold several."""

    ONDERZOEKER = "onderzoeker", _("Onderzoeker")
    WERKBEGELEIDER = "werkbegeleider", _("Werkbegeleider")
    GEDRAGSWETENSCHAPPER = "gedragswetenschapper", _("Gedragswetenschapper")
    VERTROUWENSARTS = "vertrouwensarts", _("Vertrouwensarts")
    AANDACHTFUNCTIONARIS = "aandachtfunctionaris", _("Aandachtfunctionaris")
    SECRETARIAAT = "secretariaat", _("Secretariaat")
    REGIOMANAGER = "regiomanager", _("Regiomanager")
    DIRECTIE = "directie", _("Directie")
    BEHEER = "beheer", _("Functioneel beheer")


class Aandachtsgebied(models.TextChoices):
    """Specialisms of aandachtfunctionarissen (DOMAIN.md §1)."""

    SEKSUEEL_GEWELD = "seksueel_geweld", _("Seksueel geweld")
    OUDERENMISHANDELING = "ouderenmishandeling", _("Ouderenmishandeling")
    EERGERELATEERD = "eergerelateerd_geweld", _("Eergerelateerd geweld")
    HUWELIJKSDWANG = "huwelijksdwang", _("Huwelijksdwang en achterlating")
    VGV = "vgv", _("Vrouwelijke genitale verminking")
    MENSENHANDEL = "mensenhandel", _("Mensenhandel / seksuele uitbuiting")
    FINANCIELE_UITBUITING = "financiele_uitbuiting", _("Financiële uitbuiting")
    VERWURGING = "verwurging", _("Verwurging / verstikking")


class Gemeente(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, help_text="Bijv. GM0518")

    class Meta:
        ordering = ["naam"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.naam


class Team(models.Model):
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    locatie = models.CharField(_("locatie"), max_length=100, blank=True)
    gemeenten = models.ManyToManyField(
        Gemeente, related_name="teams", blank=True, verbose_name=_("gemeenten (werkgebied)")
    )

    class Meta:
        ordering = ["naam"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.naam


class Medewerker(AbstractUser):
    """A member of staff. Directie and beheer work organisation-wide and may have no team."""

    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medewerkers",
        verbose_name=_("team"),
    )

    aandachtsgebied = models.CharField(
        _("aandachtsgebied"),
        max_length=30,
        choices=Aandachtsgebied.choices,
        blank=True,
        help_text=_("Alleen voor aandachtfunctionarissen."),
    )

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def rollen(self) -> frozenset[str]:
        """The codes of this medewerker's roles (one query, or none when prefetched)."""
        return frozenset(t.rol for t in self.roltoewijzingen.all())

    def heeft_rol(self, *rollen: str) -> bool:
        return bool(self.rollen.intersection(rollen))

    def deskundigheden(self) -> frozenset[str]:
        """Role codes plus "aandachtfunctionaris:<gebied>", as the afwegingskader names expertise."""
        extra = set()
        if Rol.AANDACHTFUNCTIONARIS in self.rollen and self.aandachtsgebied:
            extra.add(f"{Rol.AANDACHTFUNCTIONARIS}:{self.aandachtsgebied}")
        return self.rollen | extra

    def rollen_weergave(self) -> list[str]:
        return [Rol(code).label for code in Rol.values if code in self.rollen]


class Roltoewijzing(models.Model):
    medewerker = models.ForeignKey(
        Medewerker, on_delete=models.CASCADE, related_name="roltoewijzingen"
    )
    rol = models.CharField(_("rol"), max_length=30, choices=Rol.choices)

    class Meta:
        verbose_name = _("roltoewijzing")
        verbose_name_plural = _("roltoewijzingen")
        constraints = [
            models.UniqueConstraint(
                fields=["medewerker", "rol"], name="rol_eenmaal_per_medewerker"
            ),
            models.CheckConstraint(condition=models.Q(rol__in=Rol.values), name="rol_geldig"),
        ]

    def __str__(self) -> str:
        return f"{self.medewerker}: {self.get_rol_display()}"


def met_rollen(medewerkers: models.QuerySet[Medewerker]) -> models.QuerySet[Medewerker]:
    """Medewerkers with their role codes read in the same query (see `rollen_overnemen`)."""
    return medewerkers.annotate(
        rol_codes=tekstlijst(Roltoewijzing.objects.filter(medewerker=models.OuterRef("pk")), "rol")
    )


def rollen_overnemen(medewerkers: Iterable[Medewerker]) -> None:
    """Fill `Medewerker.rollen` from `met_rollen`'s annotation, so it costs no query per person."""
    for medewerker in medewerkers:
        medewerker.__dict__["rollen"] = frozenset(als_lijst(medewerker.rol_codes))


def team_onderzoekers(team_id: int | None) -> models.QuerySet[Medewerker]:
    """Active onderzoekers of the team: the caseload rows, who a B can be reassigned to, and the
    beoordelaar filter of the triagelijst."""
    return (
        Medewerker.objects.filter(
            team_id=team_id, is_active=True, roltoewijzingen__rol=Rol.ONDERZOEKER
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class Sluitingsdag(models.Model):
    """A day the organisation is closed (e.g. a bridge day); it is not a werkdag for any termijn."""

    datum = models.DateField(_("datum"), unique=True)
    omschrijving = models.CharField(_("omschrijving"), max_length=200)

    class Meta:
        ordering = ["datum"]
        verbose_name = _("sluitingsdag")
        verbose_name_plural = _("sluitingsdagen")

    def __str__(self) -> str:
        return f"{self.datum:%d-%m-%Y} {self.omschrijving}"


class Configuratieversie(models.Model):
    """The stamp of one cached configuration table; a trigger renews it on every write to that table.

    See `veiligthuis.configuratie`: a process's copy of the table is current while its stamp is.
    """

    sleutel = models.CharField(_("tabel"), max_length=40, primary_key=True)
    stempel = models.BigIntegerField(_("stempel"))

    class Meta:
        verbose_name = _("configuratieversie")
        verbose_name_plural = _("configuratieversies")

    def __str__(self) -> str:
        return f"{self.sleutel}: {self.stempel}"


class AuditLog(models.Model):
    """One entry of the audit log. Written only by `veiligthuis.audit.audit_log`, never changed."""

    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)
    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    rollen = models.CharField(_("rollen"), max_length=300, blank=True)
    actie = models.CharField(_("actie"), max_length=100)
    object_type = models.CharField(_("soort object"), max_length=50, blank=True)
    object_id = models.CharField(_("object-id"), max_length=50, blank=True)
    ip = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-tijdstip"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.tijdstip:%Y-%m-%d %H:%M} {self.medewerker_id} {self.actie}"


class KoppelingSoort(models.TextChoices):
    POLITIE = "politie", _("Politie (digitale politiemeldingen)")


class Koppeling(models.Model):
    """Marks a Medewerker account as an integration account (`veiligthuis.koppelingen`)."""

    medewerker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="koppeling",
        verbose_name=_("account"),
    )
    soort = models.CharField(_("soort"), max_length=20, choices=KoppelingSoort.choices)
    naam = models.CharField(_("naam"), max_length=100, unique=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["naam"]
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")

    def __str__(self) -> str:
        return self.naam


class Uitgaand(models.Model):
    """A Celery task to hand to the broker once the change that asked for it has committed.

    Written in the same transaction as that change (`veiligthuis.uitgaand.na_commit`), so a
    broker outage cannot lose it: what could not be sent stays here until the relay
    (`uitgaand_versturen`, every minute by beat) gets it through.
    """

    taak = models.CharField(_("taak"), max_length=200)
    argumenten = models.JSONField(_("argumenten"), default=dict, blank=True)
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    verzonden_op = models.DateTimeField(_("verzonden op"), null=True, blank=True)
    pogingen = models.PositiveIntegerField(_("pogingen"), default=0)
    laatste_fout = models.TextField(_("laatste fout"), blank=True)

    class Meta:
        ordering = ["aangemaakt_op", "pk"]
        verbose_name = _("uitgaande taak")
        verbose_name_plural = _("uitgaande taken")
        indexes = [
            models.Index(
                fields=["aangemaakt_op"],
                condition=models.Q(verzonden_op__isnull=True),
                name="uitgaand_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.taak} ({'verzonden' if self.verzonden_op else 'open'})"


class Activeringscode(models.Model):
    """A one-time code beheer issues so that a medewerker can set up two-step verification.

    Without it the password alone would let anyone enrol their own authenticator app (issue 13,
    item 7). Only a keyed hash is stored; the code is shown to beheer once
    (`veiligthuis.inloggen.services.activeringscode_uitgeven`).
    """

    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="activeringscodes",
        verbose_name=_("medewerker"),
    )
    code_hash = models.CharField(_("hash van de code"), max_length=128, unique=True)
    uitgegeven_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uitgegeven door"),
    )
    uitgegeven_op = models.DateTimeField(_("uitgegeven op"), default=timezone.now)
    verloopt_op = models.DateTimeField(_("verloopt op"))
    gebruikt_op = models.DateTimeField(_("gebruikt op"), null=True, blank=True)

    class Meta:
        ordering = ["-uitgegeven_op", "-pk"]
        verbose_name = _("activeringscode")
        verbose_name_plural = _("activeringscodes")

    def __str__(self) -> str:
        return f"{self.medewerker} ({self.uitgegeven_op:%Y-%m-%d})"
