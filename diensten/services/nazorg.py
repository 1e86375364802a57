"""After the dienst: overdracht with veiligheidsafspraken, monitoring, terugkoppeling and closing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diensten import protocol
from diensten.keuzes import DienstStatus, TerugkoppelingMoment, TerugkoppelingWijze
from diensten.models import (
    Ketenpartner,
    Monitoringsmoment,
    Overdracht,
    Terugkoppeling,
    Veiligheidsafspraak,
    Vervolgdienst,
)
from diensten.services._basis import (
    eis_uitvoerder_of_werkbegeleider,
    vergrendel_dienst,
    wijzig_dienststatus,
)
from meldingen.keuzes import Kanaal, SoortMelding
from meldingen.models import Melding
from meldingen.services import BetrokkeneGegevens, MelderGegevens, MeldingGegevens, melding_register
from meldingen.services._basis import journaal_systeem, vergrendel_melding, verplichte_tekst
from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker
from veiligthuis.rechten import CASUSROLLEN, eis_rol, eis_team


def _vervolg() -> str:
    return str(protocol.VV_VERVOLGTRAJECT.reden)


@dataclass(frozen=True)
class AfspraakGegevens:
    wat: str
    wie: str
    uiterlijk: date | None
    hoe_gecontroleerd: str


def controleer_afspraken(afspraken: list[AfspraakGegevens]) -> None:
    if not afspraken:
        fout = _("Leg minstens één concrete veiligheidsafspraak vast.")
        raise DomainError(fout, velden={"afspraken": fout})
    fouten = {}
    for i, a in enumerate(afspraken):
        for veld in ("wat", "wie", "hoe_gecontroleerd"):
            if not (getattr(a, veld) or "").strip():
                fouten[f"afspraken.{i}.{veld}"] = _("Dit veld mag niet leeg zijn.")
        if a.uiterlijk is None:
            fouten[f"afspraken.{i}.uiterlijk"] = _("Vul in wanneer dit uiterlijk geregeld is.")
    if fouten:
        raise DomainError(
            _(
                "Een veiligheidsafspraak is niet compleet: elke afspraak zegt wat, wie, uiterlijk wanneer "
                "en hoe het gecontroleerd wordt."
            ),
            velden=fouten,
        )


@transaction.atomic
def overdracht_vastleggen(
    *,
    dienst_id: int,
    door: Medewerker,
    ketenpartner_id: int,
    afspraken: list[AfspraakGegevens],
    contactpersoon: str = "",
    wachtlijst: bool = False,
) -> Vervolgdienst:
    """Hand the dienst over to a ketenpartner with case-specific veiligheidsafspraken.

    With `wachtlijst` the ketenpartner cannot start yet: the dienst waits "op ketenpartner" and
    keeps receiving zicht-op-veiligheid contacts until `ketenpartner_gestart`.
    """
    dienst = vergrendel_dienst(dienst_id, door, actie=_("overdragen"))
    eis_uitvoerder_of_werkbegeleider(door, dienst, actie=_("de dienst overdragen"))
    if dienst.status != DienstStatus.AFGEROND:
        raise DomainError(
            _("Overdragen kan na het afronden van de dienst (nu: %(status)s).")
            % {"status": dienst.get_status_display().lower()}
        )
    ketenpartner = Ketenpartner.objects.filter(pk=ketenpartner_id).first()
    if ketenpartner is None:
        fout = _("Kies een ketenpartner.")
        raise DomainError(fout, velden={"ketenpartner": fout})
    controleer_afspraken(afspraken)
    overdracht, _nieuw = Overdracht.objects.update_or_create(
        dienst=dienst,
        defaults={
            "ketenpartner": ketenpartner,
            "contactpersoon": contactpersoon.strip(),
            "door": door,
        },
    )
    overdracht.afspraken.all().delete()
    Veiligheidsafspraak.objects.bulk_create(
        [
            Veiligheidsafspraak(
                overdracht=overdracht,
                wat=a.wat.strip(),
                wie=a.wie.strip(),
                uiterlijk=a.uiterlijk,
                hoe_gecontroleerd=a.hoe_gecontroleerd.strip(),
            )
            for a in afspraken
        ]
    )
    overgang = dienst.wachten_op_ketenpartner if wachtlijst else dienst.overdragen
    return wijzig_dienststatus(
        dienst,
        overgang,
        door=door,
        actie=_("Overdragen"),
        audit_actie="dienst.overdracht",
        toelichting=_("Overdracht aan %(partner)s met %(n)d veiligheidsafspraken.")
        % {"partner": ketenpartner, "n": len(afspraken)},
    )


@transaction.atomic
def ketenpartner_gestart(*, dienst_id: int, door: Medewerker) -> Vervolgdienst:
    """The ketenpartner's waiting list is over: the overdracht takes effect."""
    dienst = vergrendel_dienst(dienst_id, door, actie=_("de overdracht bevestigen"))
    eis_uitvoerder_of_werkbegeleider(door, dienst, actie=_("de overdracht bevestigen"))
    return wijzig_dienststatus(
        dienst,
        dienst.overdragen,
        door=door,
        actie=_("Ketenpartner gestart"),
        audit_actie="dienst.ketenpartner_gestart",
    )


@transaction.atomic
def monitoring_starten(
    *, dienst_id: int, door: Medewerker, vanaf: date | None = None
) -> Vervolgdienst:
    """Schedule the monitoring moments (settings.VT_MONITORING_MAANDEN after `vanaf`) and start."""
    dienst = vergrendel_dienst(dienst_id, door, actie=_("monitoring starten"))
    eis_uitvoerder_of_werkbegeleider(door, dienst, actie=_("monitoring starten"))
    if dienst.status not in (DienstStatus.AFGEROND, DienstStatus.OVERDRACHT):
        raise DomainError(
            _("Monitoring start na afronden of overdracht (nu: %(status)s).")
            % {"status": dienst.get_status_display().lower()}
        )
    if not protocol.heeft_vervolgtraject(dienst):
        raise DomainError(_("Monitoring starten kan niet. %(reden)s") % {"reden": _vervolg()})
    begin = vanaf or timezone.localdate()
    if not dienst.monitoringsmomenten.exists():
        Monitoringsmoment.objects.bulk_create(
            [
                Monitoringsmoment(dienst=dienst, gepland_op=begin + relativedelta(months=maanden))
                for maanden in settings.VT_MONITORING_MAANDEN
            ]
        )
    return wijzig_dienststatus(
        dienst,
        dienst.monitoring_starten,
        door=door,
        actie=_("Monitoring starten"),
        audit_actie="dienst.monitoring_starten",
    )


def _monitoringsmelding(
    dienst: Vervolgdienst, door: Medewerker, moment: Monitoringsmoment
) -> Melding:
    """A failed check becomes a new melding about the same household, which enters screening A."""
    oud = dienst.melding
    betrokkenen = [
        BetrokkeneGegevens(
            rol=d.rol,
            persoon_id=d.persoon_id,
            bsn=d.persoon.bsn,
            achternaam=d.persoon.achternaam,
            geboortedatum=d.persoon.geboortedatum,
        )
        for d in oud.directbetrokkenen.select_related("persoon")
    ]
    melding = melding_register(
        door=door,
        gegevens=MeldingGegevens(
            ontvangen_op=timezone.now(),
            kanaal=Kanaal.MONITORING,
            soort=SoortMelding.VERVOLGMELDING,
            samenvatting=_("Monitoring van %(nummer)s op %(datum)s: %(toelichting)s")
            % {
                "nummer": oud.nummer,
                "datum": f"{moment.gepland_op:%d-%m-%Y}",
                "toelichting": moment.toelichting,
            },
            melder=MelderGegevens(
                hoedanigheid="beroepsmatig_anders", organisatie="Veilig Thuis (monitoring)"
            ),
            directbetrokkenen=betrokkenen,
            aanleidingen=list(oud.aanleidingen.values_list("aanleiding", flat=True)),
            aarden=list(oud.aarden.values_list("aard", flat=True)),
            gemeente_id=oud.gemeente_id,
            team_id=oud.team_id,
            huishouden_id=oud.huishouden_id,
        ),
    )
    journaal_systeem(
        melding,
        _("Nieuwe melding uit monitoring van %(nummer)s.") % {"nummer": oud.nummer},
        door=door,
    )
    return melding


@transaction.atomic
def monitoringsmoment_vastleggen(
    *,
    moment_id: int,
    door: Medewerker,
    voorwaarden_nagekomen: bool,
    veilig: bool,
    toelichting: str,
    uitgevoerd_op: date | None = None,
) -> Monitoringsmoment:
    """Record a monitoring check. When voorwaarden or safety fail, a new melding enters screening A."""
    moment = (
        Monitoringsmoment.objects.select_for_update()
        .select_related("dienst")
        .filter(pk=moment_id)
        .first()
    )
    if moment is None:
        raise DomainError(_("Dit monitoringsmoment bestaat niet."))
    dienst = vergrendel_dienst(moment.dienst_id, door, actie=_("monitoring vastleggen"))
    eis_uitvoerder_of_werkbegeleider(door, dienst, actie=_("monitoring vastleggen"))
    if dienst.status != DienstStatus.MONITORING:
        raise DomainError(_("Deze dienst is niet in monitoring."))
    if moment.uitgevoerd_op:
        raise DomainError(_("Dit monitoringsmoment is al vastgelegd."))
    uitgevoerd_op = uitgevoerd_op or timezone.localdate()
    if uitgevoerd_op > timezone.localdate():
        fout = _("De datum ligt in de toekomst.")
        raise DomainError(fout, velden={"uitgevoerd_op": fout})
    moment.uitgevoerd_op = uitgevoerd_op
    moment.voorwaarden_nagekomen = voorwaarden_nagekomen
    moment.veilig = veilig
    moment.toelichting = verplichte_tekst(
        toelichting, veld="toelichting", melding=_("Licht de uitkomst van de monitoring toe.")
    )
    moment.door = door
    if moment.is_mislukt:
        moment.nieuwe_melding = _monitoringsmelding(dienst, door, moment)
    moment.save()
    journaal_systeem(
        dienst.melding,
        _("Monitoring %(datum)s: voorwaarden %(v)s, veiligheid %(s)s.")
        % {
            "datum": f"{moment.gepland_op:%d-%m-%Y}",
            "v": _("nagekomen") if voorwaarden_nagekomen else _("niet nagekomen"),
            "s": _("ja") if veilig else _("nee"),
        },
        door=door,
    )
    audit_log(
        door, "dienst.monitoring", dienst.melding, dienst=dienst.pk, mislukt=moment.is_mislukt
    )
    return moment


@transaction.atomic
def terugkoppeling_vastleggen(
    *,
    melding_id: int,
    door: Medewerker,
    moment: str,
    wijze: str,
    op: datetime,
    toelichting: str = "",
) -> Terugkoppeling:
    """Record informing the melder (a legal task) after the beoordeling or after the dienst."""
    eis_rol(door, *CASUSROLLEN, actie=_("de terugkoppeling aan de melder vastleggen"))
    melding = vergrendel_melding(melding_id)
    eis_team(door, melding.team_id, actie=_("de terugkoppeling vastleggen"))
    if not hasattr(melding, "besluit"):
        raise DomainError(
            _("Terugkoppeling aan de melder volgt op het besluit; er is nog geen besluit.")
        )
    if moment not in TerugkoppelingMoment.values:
        fout = _("Kies het moment van de terugkoppeling.")
        raise DomainError(fout, velden={"moment": fout})
    if wijze not in TerugkoppelingWijze.values:
        fout = _("Kies hoe de melder is geïnformeerd.")
        raise DomainError(fout, velden={"wijze": fout})
    if op is None or timezone.is_naive(op) or op > timezone.now():
        fout = _("Vul een moment in dat niet in de toekomst ligt.")
        raise DomainError(fout, velden={"op": fout})
    if wijze == TerugkoppelingWijze.NIET_MOGELIJK and not toelichting.strip():
        fout = _("Leg uit waarom terugkoppeling niet mogelijk was.")
        raise DomainError(fout, velden={"toelichting": fout})
    terugkoppeling = Terugkoppeling.objects.create(
        melding=melding,
        moment=moment,
        wijze=wijze,
        op=op,
        toelichting=toelichting.strip(),
        door=door,
    )
    journaal_systeem(
        melding,
        _("Terugkoppeling aan de melder (%(moment)s): %(wijze)s.")
        % {
            "moment": terugkoppeling.get_moment_display().lower(),
            "wijze": terugkoppeling.get_wijze_display().lower(),
        },
        door=door,
    )
    audit_log(door, "melding.terugkoppeling", melding, moment=moment)
    return terugkoppeling


@transaction.atomic
def dienst_afsluiten(
    *,
    dienst_id: int,
    door: Medewerker,
    afsluitbrief_op: date | None,
    ervaringsonderzoek: bool = True,
    contra_indicatie: str = "",
) -> Vervolgdienst:
    """Close the dienst after monitoring: every moment recorded, the melder informed after the
    dienst, the afsluitbrief sent and the ervaringsonderzoek invitation (or its contra-indication).
    """
    dienst = vergrendel_dienst(dienst_id, door, actie=_("de dienst afsluiten"))
    eis_uitvoerder_of_werkbegeleider(door, dienst, actie=_("de dienst afsluiten"))
    if dienst.status != DienstStatus.MONITORING:
        raise DomainError(
            _("Afsluiten kan na de monitoring (nu: %(status)s).")
            % {"status": dienst.get_status_display().lower()}
        )
    ontbreekt = []
    if not protocol.heeft_vervolgtraject(dienst):
        ontbreekt.append(_("een vervolgtraject: de overdracht aan een ketenpartner"))
    open_momenten = dienst.monitoringsmomenten.filter(uitgevoerd_op__isnull=True).count()
    if open_momenten:
        ontbreekt.append(
            _("%(n)d monitoringsmoment(en) nog niet vastgelegd") % {"n": open_momenten}
        )
    if not Terugkoppeling.objects.filter(
        melding=dienst.melding, moment=TerugkoppelingMoment.NA_DIENST
    ).exists():
        ontbreekt.append(_("terugkoppeling aan de melder na de dienst"))
    if afsluitbrief_op is None:
        ontbreekt.append(_("de datum van de afsluitbrief"))
    contra_indicatie = contra_indicatie.strip()
    if not ervaringsonderzoek and not contra_indicatie:
        ontbreekt.append(_("de contra-indicatie voor het ervaringsonderzoek"))
    if ontbreekt:
        raise DomainError(
            _("De dienst kan nog niet worden afgesloten. Nog nodig: %(lijst)s.")
            % {"lijst": "; ".join(ontbreekt)}
        )
    dienst.afsluitbrief_op = afsluitbrief_op
    dienst.ervaringsonderzoek = ervaringsonderzoek
    dienst.contra_indicatie = "" if ervaringsonderzoek else contra_indicatie
    return wijzig_dienststatus(
        dienst, dienst.afsluiten, door=door, actie=_("Afsluiten"), audit_actie="dienst.afsluiten"
    )
