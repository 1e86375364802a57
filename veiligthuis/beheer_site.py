"""The admin site itself, kept apart from the ModelAdmin registrations to avoid an import cycle."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from veiligthuis.rechten import is_beheer


@dataclass(frozen=True)
class Onderdeel:
    """One part of beheer on the start page: what it is for, and where to do it."""

    titel: str
    uitleg: str
    links: list[tuple[str, str]]  # (label, url)


class BeheerAdminSite(admin.AdminSite):
    """Django admin for functioneel beheer only: configuration, never case content."""

    site_header = _("Veilig Thuis — functioneel beheer")
    site_title = _("Veilig Thuis")
    index_title = _("Functioneel beheer")
    index_template = "admin/beheer_start.html"

    def has_permission(self, request) -> bool:
        return is_beheer(request.user)

    def index(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "onderdelen": self.onderdelen()}
        return super().index(request, extra_context)

    def onderdelen(self) -> list[Onderdeel]:
        """The start page's parts of beheer, each with links to the pages where it is done."""

        def admin_url(model: str, pagina: str = "changelist") -> str:
            return reverse(f"{self.name}:{model}_{pagina}")

        return [
            Onderdeel(
                _("Afwegingskader"),
                _(
                    "Welke deskundigheid (gedragswetenschapper, vertrouwensarts, "
                    "aandachtfunctionaris) verplicht is bij welke aard van het geweld, welk "
                    "signaal, welke aanleiding of welke urgentie."
                ),
                [
                    (_("Regels van het afwegingskader"), admin_url("meldingen_afwegingsregel")),
                    (_("Nieuwe regel"), admin_url("meldingen_afwegingsregel", "add")),
                ],
            ),
            Onderdeel(
                _("Sluitingsdagen"),
                _(
                    "Dagen waarop de organisatie dicht is tellen niet als werkdag. Na elke "
                    "wijziging worden de termijnen van meldingen die nog op hun "
                    "veiligheidsbeoordeling wachten opnieuw berekend."
                ),
                [(_("Sluitingsdagen"), admin_url("veiligthuis_sluitingsdag"))],
            ),
            Onderdeel(
                _("Medewerkers en teams"),
                _(
                    "Accounts, rollen en team van elke medewerker; per team de gemeenten van "
                    "het werkgebied."
                ),
                [
                    (_("Medewerkers"), admin_url("veiligthuis_medewerker")),
                    (_("Teams"), admin_url("veiligthuis_team")),
                    (_("Gemeenten"), admin_url("veiligthuis_gemeente")),
                ],
            ),
            Onderdeel(
                _("Inzetbaarheid"),
                _(
                    "VOG, diploma en SKJ- of BIG-registratie staan bij de medewerker; wie "
                    "daardoor nu geen casussen mag krijgen, staat op de lijst van niet "
                    "inzetbare medewerkers."
                ),
                [(_("Niet inzetbare medewerkers"), reverse("beheer_niet_inzetbaar"))],
            ),
            Onderdeel(
                _("Inloggen"),
                _(
                    "Tweestapsverificatie resetten als een medewerker de app kwijt is, en een "
                    "inlogblokkade na te veel mislukte pogingen opheffen."
                ),
                [
                    (_("Tweestapsverificatie"), admin_url("otp_totp_totpdevice")),
                    (_("Inlogblokkades"), admin_url("axes_accessattempt")),
                ],
            ),
            Onderdeel(
                _("Auditlog"),
                _(
                    "Zoeken wie wat heeft gezien of gedaan, en het inzageverzoek van een "
                    "betrokkene beantwoorden: wie heeft mijn dossier ingezien?"
                ),
                [
                    (_("Auditlog doorzoeken"), reverse("beheer_auditlog")),
                    (_("Inzageverzoek beantwoorden"), reverse("beheer_auditlog_inzage")),
                ],
            ),
            Onderdeel(
                _("Koppelingen"),
                _(
                    "API-accounts van ketenpartners die meldingen aanleveren, zoals de politie; "
                    "het token wordt eenmalig getoond en kan worden vernieuwd."
                ),
                [
                    (_("Koppelingen"), admin_url("veiligthuis_koppeling")),
                    (_("Nieuwe koppeling"), admin_url("veiligthuis_koppeling", "add")),
                ],
            ),
        ]
