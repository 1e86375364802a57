"""Digital police reports (DOMAIN.md §3, §9): the intake API hands them to `melding_register`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meldingen.keuzes import BijlageSoort, Hoedanigheid, Kanaal
from meldingen.models import Melding, Politieregistratie
from meldingen.services._basis import journaal_systeem
from meldingen.services.bijlagen import bijlage_toevoegen
from meldingen.services.intake import MeldingGegevens, melding_register
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import GeenToegang
from veiligthuis.koppelingen import KoppelingSoort, is_koppeling
from veiligthuis.models import Medewerker


@dataclass(frozen=True)
class PolitieOntvangst:
    """What the police system gets back: the melding, and whether this call created it."""

    melding: Melding
    nieuw: bool
    zelfde_inhoud: bool


def _bestaande(registratienummer: str, inhoud_hash: str) -> PolitieOntvangst | None:
    bestaand = (
        Politieregistratie.objects.select_related("melding")
        .filter(registratienummer=registratienummer)
        .first()
    )
    if bestaand is None:
        return None
    return PolitieOntvangst(
        melding=bestaand.melding, nieuw=False, zelfde_inhoud=bestaand.inhoud_hash == inhoud_hash
    )


@transaction.atomic
def politiemelding_ontvangen(
    *,
    door: Medewerker,
    registratienummer: str,
    proces_verbaalnummer: str,
    inhoud_hash: str,
    gegevens: MeldingGegevens,
    zorgmelding: dict | None = None,
    opgemaakt_op: datetime | None = None,
) -> PolitieOntvangst:
    """Register a police report once per police registration number.

    Only a police koppeling may call this. The melder is the police and the channel the digital
    police report, whatever the caller sent; the team follows from the gemeente. A report with a
    known registratienummer creates nothing and returns the existing melding (with `zelfde_inhoud`
    telling whether the body was the same). Two simultaneous sends of one report are safe: the
    unique number lets one insert win; the other rolls back its melding and returns the winner's.
    `zorgmelding` ({"bestandsnaam", "inhoud"}) is stored as the melding's first bijlage, in the
    same transaction: a document the dossier refuses refuses the whole report.
    """
    if not is_koppeling(door, KoppelingSoort.POLITIE):
        raise GeenToegang(_("Alleen de politiekoppeling mag politiemeldingen aanleveren."))
    bestaand = _bestaande(registratienummer, inhoud_hash)
    if bestaand is not None:
        return bestaand
    melder = gegevens.melder
    gegevens = MeldingGegevens(
        **{
            **vars(gegevens),
            "kanaal": Kanaal.POLITIE_DIGITAAL,
            "melder": type(melder)(**{**vars(melder), "hoedanigheid": Hoedanigheid.POLITIE}),
        }
    )
    try:
        with transaction.atomic():
            melding = melding_register(door=door, gegevens=gegevens)
            Politieregistratie.objects.create(
                registratienummer=registratienummer,
                proces_verbaalnummer=proces_verbaalnummer,
                melding=melding,
                inhoud_hash=inhoud_hash,
            )
    except IntegrityError:
        bestaand = _bestaande(registratienummer, inhoud_hash)
        if bestaand is None:
            raise
        return bestaand
    journaal_systeem(
        melding,
        _("Digitale politiemelding %(nummer)s ontvangen op %(moment)s.")
        % {
            "nummer": registratienummer,
            "moment": f"{timezone.localtime(melding.vastgelegd_op):%d-%m-%Y %H:%M}",
        },
        door=door,
    )
    if zorgmelding:
        bijlage_toevoegen(
            melding_id=melding.pk,
            door=None,
            inhoud=zorgmelding["inhoud"],
            bestandsnaam=zorgmelding["bestandsnaam"],
            soort=BijlageSoort.ZORGMELDING_POLITIE,
            datum=timezone.localdate(opgemaakt_op or timezone.now()),
            bron=_("Politie (%(eenheid)s)") % {"eenheid": gegevens.melder.organisatie or "-"},
            omschrijving=_("Zorgmelding bij registratie %(nummer)s")
            % {"nummer": registratienummer},
            kanaal="politie",
        )
    audit_log(door, "melding.politie_ontvangen", melding, registratienummer=registratienummer)
    return PolitieOntvangst(melding=melding, nieuw=True, zelfde_inhoud=True)
