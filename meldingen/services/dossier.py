"""The dossier: journal entries and the clock for informing the directbetrokkenen."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen import protocol
from meldingen.keuzes import ActiviteitSoort, ConsultVorm, JournaalSoort, MeldingStatus
from meldingen.models import Activiteit, Consult, Journaalregel, Melding
from meldingen.services._basis import journaal_systeem, vergrendel_melding, verplichte_tekst
from veiligthuis import termijnen
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker, Rol
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


@transaction.atomic
def activiteit_vastleggen(
    *,
    melding_id: int,
    door: Medewerker,
    soort: str,
    datum: datetime,
    met_wie: str,
    toelichting: str = "",
) -> Activiteit:
    """Log a dated contact attempt, gesprek or huisbezoek.

    The first one by a beoordelaar after the pick-up marks the melding started (`gestart_op`,
    `protocol.activiteit_start_de_beoordeling`); anyone else's activity is recorded, not a start.
    """
    eis_rol(door, *CASUSROLLEN, actie=_("een activiteit vastleggen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("een activiteit vastleggen"))
    if soort not in ActiviteitSoort.values:
        fout = _("Kies contactpoging, gesprek of huisbezoek.")
        raise DomainError(fout, velden={"soort": fout})
    if datum is None or timezone.is_naive(datum):
        fout = _("Vul datum en tijd in.")
        raise DomainError(fout, velden={"datum": fout})
    if datum > timezone.now() + timedelta(minutes=5):
        fout = _("Een activiteit kan niet in de toekomst liggen.")
        raise DomainError(fout, velden={"datum": fout})
    if datum < melding.ontvangen_op:
        fout = _("De activiteit ligt vóór de ontvangst van de melding.")
        raise DomainError(fout, velden={"datum": fout})
    activiteit = Activiteit.objects.create(
        melding=melding,
        soort=soort,
        datum=datum,
        met_wie=verplichte_tekst(met_wie, veld="met_wie", melding=_("Vul in met wie.")),
        toelichting=toelichting.strip(),
        door=door,
    )
    opgepakt_op = (
        melding.statuswijzigingen.filter(naar=MeldingStatus.IN_BEOORDELING)
        .order_by("-op")
        .values_list("op", flat=True)
        .first()
    )
    start = protocol.activiteit_start_de_beoordeling(
        melding=melding, door=door, datum=datum, opgepakt_op=opgepakt_op
    )
    if start and (melding.gestart_op is None or datum < melding.gestart_op):
        melding.gestart_op = datum
        melding.save(update_fields=["gestart_op"])
    journaal_systeem(
        melding,
        _("%(soort)s op %(datum)s vastgelegd.")
        % {
            "soort": activiteit.get_soort_display(),
            "datum": f"{timezone.localtime(datum):%d-%m-%Y %H:%M}",
        },
        door=door,
    )
    audit_log(door, "melding.activiteit", melding, soort=soort)
    return activiteit


@transaction.atomic
def consult_vastleggen(
    *,
    melding_id: int,
    door: Medewerker,
    vorm: str,
    datum: datetime,
    deelnemer_ids: list[int],
    vraag: str,
    uitkomst: str,
) -> Consult:
    """Record a consult or MDO with its deskundigen; the afwegingskader checks these before a besluit."""
    eis_rol(door, *CASUSROLLEN, actie=_("een consult of MDO vastleggen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("een consult of MDO vastleggen"))
    if vorm not in ConsultVorm.values:
        fout = _("Kies consult of MDO.")
        raise DomainError(fout, velden={"vorm": fout})
    if datum is None or timezone.is_naive(datum) or datum > timezone.now() + timedelta(minutes=5):
        fout = _("Vul een datum in die niet in de toekomst ligt.")
        raise DomainError(fout, velden={"datum": fout})
    deelnemers = list(Medewerker.objects.filter(pk__in=deelnemer_ids, is_active=True))
    if not deelnemers or len(deelnemers) != len(set(deelnemer_ids)):
        fout = _("Kies de deelnemers (actieve medewerkers).")
        raise DomainError(fout, velden={"deelnemers": fout})
    protocol.eis_consult(melding, datum=datum, deelnemers=deelnemers)
    consult = Consult.objects.create(
        melding=melding,
        vorm=vorm,
        datum=datum,
        vraag=verplichte_tekst(vraag, veld="vraag", melding=_("Wat was de vraag?")),
        uitkomst=verplichte_tekst(
            uitkomst, veld="uitkomst", melding=_("Leg de uitkomst en afspraken vast.")
        ),
        vastgelegd_door=door,
    )
    consult.deelnemers.set(deelnemers)
    journaal_systeem(
        melding,
        _("%(vorm)s vastgelegd met %(wie)s.")
        % {"vorm": consult.get_vorm_display(), "wie": ", ".join(str(d) for d in deelnemers)},
        door=door,
    )
    audit_log(door, "melding.consult", melding, vorm=vorm)
    return consult


@transaction.atomic
def radar_reden_vastleggen(*, melding_id: int, door: Medewerker, reden: str) -> Melding:
    """A werkbegeleider records why a repeated melding needs no MDO (the radar then lets it pass)."""
    eis_rol(door, Rol.WERKBEGELEIDER, actie=_("vastleggen waarom geen MDO nodig is"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("de radar afhandelen"))
    melding.radar_geen_mdo_reden = verplichte_tekst(
        reden, veld="reden", melding=_("Geef de reden waarom geen MDO nodig is.")
    )
    melding.radar_geen_mdo_door = door
    melding.save(update_fields=["radar_geen_mdo_reden", "radar_geen_mdo_door"])
    journaal_systeem(
        melding,
        _("Radar: geen MDO nodig volgens werkbegeleider. Reden: %(r)s")
        % {"r": melding.radar_geen_mdo_reden},
        door=door,
    )
    audit_log(door, "melding.radar_reden", melding)
    return melding
