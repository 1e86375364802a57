"""Staff records that decide whether a medewerker may be given cases (DOMAIN.md §1, IGJ 2026).

The models live here and are registered through `veiligthuis.models`; the rules that read them are
in `veiligthuis.inzetbaarheid`. Changes are made by beheer in the admin and written to the audit log.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Register(models.TextChoices):
    """Professional registers a role can require."""

    SKJ = "SKJ", _("SKJ (Stichting Kwaliteitsregister Jeugd)")
    BIG = "BIG", _("BIG-register")


# The format each register's numbers have: BIG numbers are 11 digits, SKJ numbers are digits only.
NUMMERFORMAAT = {Register.BIG: r"[0-9]{11}", Register.SKJ: r"[0-9]{4,10}"}


def nummer_fout(register: str, nummer: str) -> str:
    """The Dutch reason `nummer` is not a valid number in `register` ("" when it is)."""
    patroon = NUMMERFORMAAT.get(register)
    if patroon is None:
        return gettext("Kies het register SKJ of BIG.")
    if not re.fullmatch(patroon, nummer or ""):
        if register == Register.BIG:
            return gettext("Een BIG-nummer bestaat uit precies 11 cijfers.")
        return gettext("Een SKJ-nummer bestaat uit 4 tot 10 cijfers.")
    return ""


class Personeelsgegevens(models.Model):
    """Start of employment, VOG and diploma check of one medewerker."""

    medewerker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="personeelsgegevens",
        verbose_name=_("medewerker"),
    )
    in_dienst_sinds = models.DateField(_("in dienst sinds"), null=True, blank=True)
    vog_datum = models.DateField(
        _("datum VOG"),
        null=True,
        blank=True,
        help_text=_("Afgiftedatum van de Verklaring Omtrent het Gedrag."),
    )
    diploma_gecontroleerd_op = models.DateField(
        _("diploma gecontroleerd op"), null=True, blank=True
    )
    diploma_gecontroleerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("diploma gecontroleerd door"),
    )

    class Meta:
        app_label = "veiligthuis"
        verbose_name = _("personeelsgegevens")
        verbose_name_plural = _("personeelsgegevens")

    def __str__(self) -> str:
        return gettext("Personeelsgegevens van %(naam)s") % {"naam": self.medewerker}


class Registratie(models.Model):
    """A registration in SKJ or BIG; valid up to and including `geldig_tot`."""

    medewerker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registraties",
        verbose_name=_("medewerker"),
    )
    register = models.CharField(_("register"), max_length=3, choices=Register.choices)
    nummer = models.CharField(_("registratienummer"), max_length=11)
    geldig_tot = models.DateField(
        _("geldig tot en met"), help_text=_("Einddatum van de (her)registratie.")
    )

    class Meta:
        app_label = "veiligthuis"
        ordering = ["register", "-geldig_tot"]
        verbose_name = _("registratie")
        verbose_name_plural = _("registraties")
        constraints = [
            models.UniqueConstraint(fields=["register", "nummer"], name="registratie_uniek"),
            models.CheckConstraint(
                condition=(
                    Q(register=Register.BIG, nummer__regex=rf"^{NUMMERFORMAAT[Register.BIG]}$")
                    | Q(register=Register.SKJ, nummer__regex=rf"^{NUMMERFORMAAT[Register.SKJ]}$")
                ),
                name="registratie_nummer_formaat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.nummer}"

    def clean(self) -> None:
        self.nummer = (self.nummer or "").strip()
        fout = nummer_fout(self.register, self.nummer)
        if fout:
            raise ValidationError({"nummer": fout})

    def is_geldig_op(self, datum) -> bool:
        return datum <= self.geldig_tot
