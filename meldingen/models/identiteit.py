"""Possible matches found at intake (meldingen/identiteit.py): a person registered as new who may
be a known one. Someone of the team decides; the decision is remembered and can be undone.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meldingen.keuzes import RolInMelding


class VoorstelStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ZELFDE = "zelfde", _("Dezelfde persoon")
    NIET_ZELFDE = "niet_zelfde", _("Niet dezelfde persoon")


class Koppelvoorstel(models.Model):
    """`persoon` (new at the intake of `melding`) might be `kandidaat`, a person known before."""

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="koppelvoorstellen"
    )
    persoon = models.ForeignKey(
        "meldingen.Persoon", on_delete=models.CASCADE, related_name="koppelvoorstellen"
    )
    kandidaat = models.ForeignKey("meldingen.Persoon", on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("beslissing"), max_length=12, choices=VoorstelStatus.choices, default=VoorstelStatus.OPEN
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True)
    reden = models.TextField(_("reden"), blank=True)
    # What "dezelfde" moved, so that undoing it restores exactly this: the Directbetrokkene ids
    # that went from persoon to kandidaat, and whether the BSN went along.
    verplaatst = models.JSONField(default=list, blank=True)
    bsn_overgenomen = models.BooleanField(default=False)

    class Meta:
        app_label = "meldingen"
        verbose_name = _("koppelvoorstel")
        verbose_name_plural = _("koppelvoorstellen")
        ordering = ["aangemaakt_op", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["persoon", "kandidaat"], name="koppelvoorstel_uniek"),
            models.CheckConstraint(
                condition=~Q(persoon=models.F("kandidaat")), name="koppelvoorstel_twee_personen"
            ),
            models.CheckConstraint(
                condition=Q(status__in=VoorstelStatus.values), name="koppelvoorstel_status_geldig"
            ),
        ]
        indexes = [
            models.Index(
                fields=["melding"], condition=Q(status="open"), name="koppelvoorstel_open_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.persoon_id} ~ {self.kandidaat_id} ({self.status})"


class WijzigingSoort(models.TextChoices):
    TOEGEVOEGD = "toegevoegd", _("Toegevoegd")
    ROL_GEWIJZIGD = "rol_gewijzigd", _("Rol gecorrigeerd")
    HOORT_NIET_BIJ = "hoort_niet_bij", _("Hoort niet bij deze melding")


class BetrokkeneWijziging(models.Model):
    """A change to a melding's directbetrokkenen after intake, kept with its reason.

    "Hoort niet bij deze melding" removes the Directbetrokkene row (so the radar, the protocol
    checks of the dienst and the reports follow the current list); this row keeps who it was,
    in which role, and why — nothing is lost.
    """

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="betrokkene_wijzigingen"
    )
    persoon = models.ForeignKey(
        "meldingen.Persoon", on_delete=models.PROTECT, related_name="betrokkene_wijzigingen"
    )
    soort = models.CharField(_("wijziging"), max_length=20, choices=WijzigingSoort.choices)
    oude_rol = models.CharField(_("oude rol"), max_length=20, blank=True)
    nieuwe_rol = models.CharField(_("nieuwe rol"), max_length=20, blank=True)
    reden = models.TextField(_("reden"), blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("op"), auto_now_add=True)

    class Meta:
        app_label = "meldingen"
        verbose_name = _("wijziging van de directbetrokkenen")
        verbose_name_plural = _("wijzigingen van de directbetrokkenen")
        ordering = ["op", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(soort__in=WijzigingSoort.values), name="betrokkenewijziging_soort"
            ),
            # Correcting a role or removing someone always says why.
            models.CheckConstraint(
                condition=Q(soort=WijzigingSoort.TOEGEVOEGD) | ~Q(reden=""),
                name="betrokkenewijziging_reden",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.melding_id}: {self.persoon_id} {self.soort}"

    @property
    def oude_rol_label(self) -> str:
        return _rol_label(self.oude_rol)

    @property
    def nieuwe_rol_label(self) -> str:
        return _rol_label(self.nieuwe_rol)


def _rol_label(rol: str) -> str:
    return str(RolInMelding(rol).label).lower() if rol in RolInMelding.values else rol


class HuishoudenSamenvoeging(models.Model):
    """Two household records found to be one address (`van` merged into `naar`), with what moved.

    The meldingen that pointed at `van` now point at `naar`, so the radar sees one household;
    `verplaatst` lists exactly those meldingen, so splitting (`teruggedraaid_*`) puts each back.
    """

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="huishoudsamenvoegingen"
    )
    # SET_NULL: retention deletes a household without meldingen; the record (and its reason) stay.
    van = models.ForeignKey(
        "meldingen.Huishouden", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    naar = models.ForeignKey(
        "meldingen.Huishouden", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verplaatst = models.JSONField(default=list, blank=True)
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    op = models.DateTimeField(_("samengevoegd op"), auto_now_add=True)
    reden = models.TextField(_("reden"))
    teruggedraaid_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    teruggedraaid_op = models.DateTimeField(_("teruggedraaid op"), null=True, blank=True)
    teruggedraaid_reden = models.TextField(_("reden van terugdraaien"), blank=True)

    class Meta:
        verbose_name = _("samenvoeging van huishoudens")
        verbose_name_plural = _("samenvoegingen van huishoudens")
        ordering = ["-op", "-pk"]

    def __str__(self) -> str:
        return f"{self.van_id} -> {self.naar_id}"
