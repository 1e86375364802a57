"""Value lists of the vervolgdiensten."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DienstType(models.TextChoices):
    VOORWAARDEN_EN_VERVOLG = "vv", _("Voorwaarden & Vervolg")
    ONDERZOEK = "onderzoek", _("Onderzoek")


class DienstStatus(models.TextChoices):
    WACHT_OP_START = "wacht_op_start", _("Wacht op start")
    LOPEND = "lopend", _("Lopend")
    AFGEROND = "afgerond", _("Afgerond")
    OP_KETENPARTNER = "op_ketenpartner", _("Wacht op ketenpartner")
    OVERDRACHT = "overdracht", _("Overgedragen")
    MONITORING = "monitoring", _("Monitoring")
    AFGESLOTEN = "afgesloten", _("Afgesloten")
    GESTOPT = "gestopt", _("Gestopt")

    @classmethod
    def open(cls) -> frozenset[str]:
        return frozenset(set(cls.values) - {cls.AFGESLOTEN, cls.GESTOPT})

    @classmethod
    def in_behandeling(cls) -> frozenset[str]:
        """Waiting for its start or running: what a caseload counts as V&V or Onderzoek."""
        return frozenset({cls.WACHT_OP_START, cls.LOPEND})


# The diensten list's status filter: one status, or this pair (`DienstStatus.in_behandeling`).
IN_BEHANDELING = "in_behandeling"


class GesprekVorm(models.TextChoices):
    GESPREK = "gesprek", _("Gesprek")
    GEZIEN = "gezien", _("Gezien")
    HUISBEZOEK = "huisbezoek", _("Huisbezoek")
    TELEFONISCH = "telefonisch", _("Telefonisch")

    @classmethod
    def gesproken(cls) -> frozenset[str]:
        """Forms in which the person was spoken with."""
        return frozenset({cls.GESPREK, cls.HUISBEZOEK, cls.TELEFONISCH})

    @classmethod
    def gezien(cls) -> frozenset[str]:
        """Forms in which the person was seen in person (a phone call does not count)."""
        return frozenset({cls.GESPREK, cls.HUISBEZOEK, cls.GEZIEN})


class ConclusieUitkomst(models.TextChoices):
    BEVESTIGD = "bevestigd", _("Bevestigd")
    NIET_BEVESTIGD = "niet_bevestigd", _("Niet bevestigd")
    WEERLEGD = "weerlegd", _("Weerlegd")
    VOORTIJDIG = "voortijdig_afgesloten", _("Voortijdig afgesloten")


class VoortijdigReden(models.TextChoices):
    ONBEKENDE_BESTEMMING = "vertrokken", _("Vertrokken met onbekende bestemming")
    ANDERE_REGIO = "verhuisd", _("Verhuisd naar een andere regio")
    OVERLEDEN = "overleden", _("Overleden")


class TerugkoppelingWijze(models.TextChoices):
    TELEFONISCH = "telefonisch", _("Telefonisch")
    BRIEF = "brief", _("Brief")
    EMAIL = "email", _("E-mail")
    GESPREK = "gesprek", _("In een gesprek")
    NIET_MOGELIJK = "niet_mogelijk", _("Niet mogelijk (melder anoniem of onbereikbaar)")


class TerugkoppelingMoment(models.TextChoices):
    NA_BEOORDELING = "na_beoordeling", _("Na de veiligheidsbeoordeling")
    NA_DIENST = "na_dienst", _("Na de dienst")
