"""Privacy records: destruction requests (AVG art. 17, Jeugdwet/Wmo bewaarplicht), the offer to
destroy when a vermoeden is weerlegd, and the identity-free repeat signal of overige zorg.

State changes only through `meldingen.services.privacy`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from veiligthuis.fsm import voorwaarde


class VerzoekStatus(models.TextChoices):
    ONTVANGEN = "ontvangen", _("Ontvangen, nog geen besluit")
    TOEGEWEZEN = "toegewezen", _("Toegewezen")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    UITGEVOERD = "uitgevoerd", _("Uitgevoerd: dossier vernietigd")

    @classmethod
    def open(cls) -> frozenset[str]:
        return frozenset({cls.ONTVANGEN, cls.TOEGEWEZEN})


V = VerzoekStatus

# The legal grounds to refuse destruction despite a request (Wmo 2015 art. 5.3.3 lid 2 / Jeugdwet
# art. 7.3.9 lid 2): field name → what the user ticks.
UITZONDERINGEN = {
    "uitzondering_belang_ander": _(
        "Aannemelijk is dat bewaren van aanmerkelijk belang is voor een ander dan de verzoeker"
    ),
    "uitzondering_wettelijk_voorschrift": _(
        "Een wettelijk voorschrift verzet zich tegen vernietiging"
    ),
    "uitzondering_lopend_onderzoek": _(
        "Er loopt een onderzoek of procedure (bijv. de Raad voor de Kinderbescherming, politie, rechter)"
    ),
}
GEEN_UITZONDERING = Q(
    uitzondering_belang_ander=False,
    uitzondering_wettelijk_voorschrift=False,
    uitzondering_lopend_onderzoek=False,
)


class Vernietigingsverzoek(ConcurrentTransitionMixin, models.Model):
    """A request to destroy a dossier, its decision and its execution. Survives the destruction as
    the tombstone's account of why the content is gone."""

    melding = models.ForeignKey(
        "meldingen.Melding",
        on_delete=models.PROTECT,
        related_name="vernietigingsverzoeken",
        verbose_name=_("melding"),
    )
    status = FSMField(
        _("status"),
        max_length=20,
        choices=VerzoekStatus.choices,
        default=V.ONTVANGEN,
        protected=True,
    )
    verzocht_door = models.CharField(
        _("verzocht door"),
        max_length=200,
        help_text=_(
            "Welke betrokkene verzoekt, bijv. 'moeder van het kind'. Een naam is niet nodig."
        ),
    )
    ontvangen_op = models.DateField(_("verzoek ontvangen op"))
    uitzondering_belang_ander = models.BooleanField(
        UITZONDERINGEN["uitzondering_belang_ander"], default=False
    )
    uitzondering_wettelijk_voorschrift = models.BooleanField(
        UITZONDERINGEN["uitzondering_wettelijk_voorschrift"], default=False
    )
    uitzondering_lopend_onderzoek = models.BooleanField(
        UITZONDERINGEN["uitzondering_lopend_onderzoek"], default=False
    )
    toelichting = models.TextField(_("toelichting"), blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))
    besluit_reden = models.TextField(_("reden van het besluit"), blank=True)
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True)
    uitgevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uitgevoerd_op = models.DateTimeField(_("vernietigd op"), null=True, blank=True)

    class Meta:
        ordering = ["-ontvangen_op", "-pk"]
        verbose_name = _("vernietigingsverzoek")
        verbose_name_plural = _("vernietigingsverzoeken")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VerzoekStatus.values), name="vernietiging_status_geldig"
            ),
            # A refusal is always explained; a destruction never happens over a legal exception.
            models.CheckConstraint(
                condition=~Q(status=V.AFGEWEZEN) | ~Q(besluit_reden=""),
                name="vernietiging_afwijzing_met_reden",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[V.TOEGEWEZEN, V.UITGEVOERD]) | GEEN_UITZONDERING,
                name="vernietiging_niet_bij_uitzondering",
            ),
            models.UniqueConstraint(
                fields=["melding"],
                condition=Q(status__in=[V.ONTVANGEN, V.TOEGEWEZEN]),
                name="vernietiging_een_open_verzoek",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.ontvangen_op:%d-%m-%Y})"

    def aangevinkte_uitzonderingen(self) -> list[str]:
        return [str(label) for veld, label in UITZONDERINGEN.items() if getattr(self, veld)]

    @voorwaarde(
        _("Er is een wettelijke uitzondering aangevinkt: het verzoek kan niet worden toegewezen.")
    )
    def zonder_uitzondering(self) -> bool:
        """Transition condition: no legal exception ticked."""
        return not self.aangevinkte_uitzonderingen()

    @voorwaarde(_("Een afwijzing heeft een reden nodig."))
    def heeft_besluit_reden(self) -> bool:
        """Transition condition: a refusal is explained to the verzoeker."""
        return bool(self.besluit_reden.strip())

    @transition(
        field=status, source=V.ONTVANGEN, target=V.TOEGEWEZEN, conditions=[zonder_uitzondering]
    )
    def toewijzen(self) -> None:
        """Who and when are set by the service."""

    @transition(
        field=status, source=V.ONTVANGEN, target=V.AFGEWEZEN, conditions=[heeft_besluit_reden]
    )
    def afwijzen(self) -> None:
        """Who and when are set by the service."""

    @transition(
        field=status, source=V.TOEGEWEZEN, target=V.UITGEVOERD, conditions=[zonder_uitzondering]
    )
    def uitvoeren(self) -> None:
        """The content is removed by the service in the same transaction."""


class Vernietigingsaanbod(models.Model):
    """VT's own offer to destroy a dossier because the vermoeden was weerlegd: when, and to whom."""

    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.PROTECT, related_name="vernietigingsaanbiedingen"
    )
    aangeboden_op = models.DateField(_("aangeboden op"))
    aangeboden_aan = models.CharField(
        _("aangeboden aan"),
        max_length=200,
        help_text=_("Aan welke betrokkene(n), bijv. 'beide ouders'. Een naam is niet nodig."),
    )
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(_("vastgelegd op"))

    class Meta:
        ordering = ["-aangeboden_op", "-pk"]
        verbose_name = _("aanbod tot vernietiging")
        verbose_name_plural = _("aanbiedingen tot vernietiging")

    def __str__(self) -> str:
        return f"{self.aangeboden_op:%d-%m-%Y}"


class OverigeZorgSignaal(models.Model):
    """One token of a forwarded overige-zorgmelding, and nothing else.

    `sleutel` is an HMAC-SHA256 (secret from settings) of the normalised address, or of address
    and one birth date (meldingen/herhaalsignaal.py): the next screening can count earlier
    forwards at the same address without this table holding a name, an address, a team or a link
    to the (anonymised) melding.
    """

    sleutel = models.CharField(_("sleutel"), max_length=64, db_index=True)
    # One random id per forward, shared by its tokens (meldingen/herhaalsignaal.py): counting
    # distinct ids counts forwards, however many tokens of a later melding match.
    doorsturing = models.UUIDField(_("doorsturing"), default=uuid.uuid4, db_index=True)
    ontvangen_op = models.DateTimeField(_("melding ontvangen op"))
    doorgestuurd_op = models.DateTimeField(_("doorgestuurd op"))

    class Meta:
        ordering = ["-ontvangen_op"]
        verbose_name = _("herhaalsignaal overige zorg")
        verbose_name_plural = _("herhaalsignalen overige zorg")
        constraints = [
            models.CheckConstraint(
                condition=Q(sleutel__regex=r"^[0-9a-f]{64}$"), name="signaal_sleutel_is_hmac"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sleutel[:8]}… {self.ontvangen_op:%d-%m-%Y}"
