"""The dossier: journal entries and the clock for informing the directbetrokkenen."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from meldingen.keuzes import JournaalSoort
from meldingen.models import Journaalregel, Melding
from meldingen.services._basis import journaal_systeem, vergrendel_melding, verplichte_tekst
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker
from veiligthuis.rechten import CASUSROLLEN, eis_rol, eis_team

MAX_VERLENGINGEN_INFORMEREN = 4


@transaction.atomic
def journaal_toevoegen(
    *, melding_id: int, door: Medewerker, soort: str, bron: str, tekst: str
) -> Journaalregel:
    """Add a dossier entry. Feit, mening and indruk are kept apart and each names its source."""
    eis_rol(door, *CASUSROLLEN, actie=_("het dossier aanvullen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("het dossier aanvullen"))
    if melding.geanonimiseerd_op:
        raise DomainError(_("Dit dossier is geanonimiseerd en kan niet worden aangevuld."))
    if soort not in JournaalSoort.values:
        fout = _("Kies of dit een feit, mening of indruk is.")
        raise DomainError(fout, velden={"soort": fout})
    regel = Journaalregel.objects.create(
        melding=melding,
        soort=soort,
        bron=verplichte_tekst(bron, veld="bron", melding=_("Vermeld de bron van deze informatie.")),
        tekst=verplichte_tekst(tekst, veld="tekst", melding=_("De tekst is leeg.")),
        auteur=door,
    )
    audit_log(door, "melding.journaal", melding, regel=regel.pk)
    return regel


@transaction.atomic
def informeren_verlengen(*, melding_id: int, door: Medewerker, reden: str) -> Melding:
    """Extend the 4-week term to inform the directbetrokkenen by 2 weeks (Wmo 2015 art. 5.3.1)."""
    eis_rol(door, *CASUSROLLEN, actie=_("de termijn voor informeren verlengen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("de termijn verlengen"))
    reden = verplichte_tekst(reden, veld="reden", melding=_("Een verlenging vraagt een reden."))
    if melding.informeren_verlengd >= MAX_VERLENGINGEN_INFORMEREN:
        raise DomainError(
            _("De termijn is al %(n)d keer verlengd; overleg met de werkbegeleider.")
            % {"n": melding.informeren_verlengd}
        )
    melding.termijn_informeren_betrokkenen = termijnen.verleng_termijn_informeren(
        melding.termijn_informeren_betrokkenen
    )
    melding.informeren_verlengd += 1
    melding.save(update_fields=["termijn_informeren_betrokkenen", "informeren_verlengd"])
    journaal_systeem(
        melding,
        _("Termijn informeren betrokkenen verlengd tot %(datum)s. Reden: %(reden)s")
        % {"datum": f"{melding.termijn_informeren_betrokkenen:%d-%m-%Y}", "reden": reden},
        door=door,
    )
    audit_log(door, "melding.informeren_verlengen", melding)
    return melding
