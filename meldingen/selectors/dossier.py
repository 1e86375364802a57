"""Reads for the dossier page of one melding: everything it shows, scoped and in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meldingen import afwegingskader, protocol
from meldingen.dossierstand import DOSSIERTELLER
from meldingen.keuzes import BesluitRoute, MeldingStatus
from meldingen.models import (
    Activiteit,
    Bijlage,
    Consult,
    Dossierstand,
    Journaalregel,
    Melding,
    Verrijkingstaak,
)
from meldingen.selectors.bijlagen import bijlagen_lijst
from meldingen.selectors.lijsten import TOEGEWEZEN, melding_dossier
from meldingen.services.dossier import MAX_VERLENGINGEN_INFORMEREN
from meldingen.services.verrijking import AUTOMATISCH
from veiligthuis import termijnen
from veiligthuis.configuratie import teller_expressie
from veiligthuis.models import Medewerker, Rol, Roltoewijzing, met_rollen, rollen_overnemen
from veiligthuis.queryvorm import Queryvorm
from veiligthuis.rechten import CASUSROLLEN, casus_filter, eis_casusrol

# Who can take part in a consult or MDO (the deskundigen of the afwegingskader and the case workers).
CONSULT_ROLLEN = (
    Rol.GEDRAGSWETENSCHAPPER,
    Rol.VERTROUWENSARTS,
    Rol.AANDACHTFUNCTIONARIS,
    Rol.WERKBEGELEIDER,
    Rol.ONDERZOEKER,
)

STATUS_LABELS = {
    termijnen.STATUS_OP_TIJD: gettext_lazy("op tijd"),
    termijnen.STATUS_DREIGEND: gettext_lazy("dreigend"),
    termijnen.STATUS_OVERSCHREDEN: gettext_lazy("overschreden"),
}


def dossier_voor(*, gebruiker: Medewerker, nummer: str) -> Melding:
    """The melding `nummer` with its whole dossier loaded, or Http404 when the user may not see it.

    Built on `melding_dossier` (scoping of `veiligthuis.rechten`); without a case role the answer
    is GeenToegang (403) before any lookup: directie and beheer never see case content.
    """
    eis_casusrol(gebruiker)
    queryset = (
        melding_dossier(gebruiker=gebruiker)
        .select_related("besluit__genomen_door", "radar_geen_mdo_door", "beoordeling_a__door")
        .annotate(**protocol.ooit_acuut_annotatie())
        .prefetch_related(
            Prefetch("activiteiten", queryset=Activiteit.objects.select_related("door")),
            Prefetch(
                "verrijkingstaken",
                queryset=Verrijkingstaak.objects.select_related("uitgevoerd_door"),
            ),
            Prefetch(
                "consulten",
                queryset=Consult.objects.select_related("vastgelegd_door").prefetch_related(
                    Prefetch("deelnemers", queryset=met_rollen(Medewerker.objects.all()))
                ),
            ),
            Prefetch("journaal", queryset=Journaalregel.objects.select_related("auteur")),
            Prefetch("bijlagen", queryset=bijlagen_lijst(Bijlage.objects.all())),
        )
    )
    try:
        melding = queryset.get(nummer=nummer)
    except Melding.DoesNotExist:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe.")) from None
    rollen_overnemen(d for c in melding.consulten.all() for d in c.deelnemers.all())
    return melding


def _zichtbaar(gebruiker: Medewerker):
    """True on the meldingen `gebruiker` may open (the scope of `meldingen_voor`), else False."""
    filter_ = casus_filter(gebruiker, toegewezen=TOEGEWEZEN, model=Melding)
    if not filter_:
        return Value(True, output_field=BooleanField())
    return Case(When(filter_, then=Value(True)), default=Value(False), output_field=BooleanField())


RADARVELDEN = ("pk", "nummer", "status", "ontvangen_op", "team_id")


def eerdere_meldingen_voor(*, gebruiker: Medewerker, melding: Melding) -> list[Melding]:
    """The radar's earlier meldingen, each marked `zichtbaar` when the user may open it (one query).

    For the others the page shows only number and date: their content is another team's business.
    """
    return list(
        afwegingskader.eerdere_meldingen(melding)
        .annotate(zichtbaar=_zichtbaar(gebruiker))
        .only(*RADARVELDEN)
    )


@dataclass
class Dossierkop:
    """What the dossier page reads before deciding whether its cached sections still hold."""

    melding: Melding  # only RADARVELDEN and huishouden_id
    eerdere: list[Melding]  # as `eerdere_meldingen_voor`
    stand: int  # the melding's Dossierstand (meldingen/dossierstand.py)
    gedeeld: int  # the counter of what the dossier shows beyond its melding


def _kop_queryset(gebruiker: Medewerker, *, nummer: str) -> QuerySet[Melding]:
    return (
        afwegingskader.met_eerdere_meldingen(nummer)
        .annotate(
            zichtbaar=_zichtbaar(gebruiker),
            # Read on every row (a primary-key lookup each; the counter once, as an InitPlan):
            # plainer SQL than a CASE for the melding's own row only.
            dossierstand=Coalesce(
                Subquery(Dossierstand.objects.filter(melding_id=OuterRef("pk")).values("stand")),
                Value(0),
                output_field=BigIntegerField(),
            ),
            gedeeld=teller_expressie(DOSSIERTELLER),
        )
        .only(*RADARVELDEN, "huishouden_id")
    )


# Built and compiled once per user: the scope's SQL depends on id, team, being active and roles
# (veiligthuis.rechten.casus_filter), the rest are parameters of the SQL itself.
DOSSIERKOP = Queryvorm("dossierkop")


def dossierkop(*, gebruiker: Medewerker, nummer: str) -> Dossierkop:
    """The melding `nummer` (Http404 outside the user's scope, like `dossier_voor`), its radar and
    its stands, in one query: the melding and its earlier meldingen are rows of the same result."""
    eis_casusrol(gebruiker)
    rijen = DOSSIERKOP.rijen(
        (gebruiker.pk, gebruiker.team_id, gebruiker.is_active, tuple(sorted(gebruiker.rollen))),
        lambda nummer: _kop_queryset(gebruiker, nummer=nummer),
        nummer=nummer,
    )
    melding = next((m for m in rijen if m.nummer == nummer), None)
    if melding is None or not melding.zichtbaar:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe."))
    return Dossierkop(
        melding=melding,
        eerdere=[m for m in rijen if m.pk != melding.pk],
        stand=melding.dossierstand,
        gedeeld=melding.gedeeld,
    )


def radar_samenvatting(eerdere: list[Melding]) -> str:
    """A line for the triage-instrument's 'eerdere meldingen' field, built from the radar."""
    if not eerdere:
        return _("Geen eerdere meldingen over deze personen of dit adres bekend.")
    delen = []
    for m in eerdere:
        datum = f"{timezone.localtime(m.ontvangen_op):%d-%m-%Y}"
        if getattr(m, "zichtbaar", False):
            delen.append(f"{m.nummer} ({datum}, {m.get_status_display().lower()})")
        else:
            delen.append(f"{m.nummer} ({datum})")
    return _("%(n)d eerdere melding(en) over deze personen of dit adres: %(lijst)s.") % {
        "n": len(eerdere),
        "lijst": "; ".join(delen),
    }


def consult_deelnemers(*, gebruiker: Medewerker) -> list[Medewerker]:
    """Active medewerkers who can take part in a consult or MDO: the user's team first (one query).

    Only the user's own team and the medewerkers without a team (organisation-wide deskundigen)
    are offered. Only a medewerker of the melding's team may record a consult, so this is the
    melding's team; in a shared deployment the whole database would be every organisation's staff.
    """
    eigen_team = Case(
        When(team_id=gebruiker.team_id, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    team = Q(team__isnull=True)
    if gebruiker.team_id is not None:
        team |= Q(team_id=gebruiker.team_id)
    deskundig = Roltoewijzing.objects.filter(medewerker=OuterRef("pk"), rol__in=CONSULT_ROLLEN)
    deelnemers = list(
        met_rollen(Medewerker.objects.filter(team, Exists(deskundig), is_active=True))
        .select_related("team")
        .annotate(eigen_team=eigen_team)
        .order_by("eigen_team", "last_name", "first_name", "pk")
    )
    rollen_overnemen(deelnemers)
    return deelnemers


@dataclass
class Termijn:
    """One deadline as the page shows it: running (status), done (afgerond_op) or not applicable."""

    naam: str
    termijn: datetime
    status: str = ""
    werkdagen: int = 0
    afgerond_op: datetime | None = None
    toelichting: str = ""
    van_toepassing: bool = True

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS.get(self.status, ""))

    @property
    def binnen_termijn(self) -> bool | None:
        return None if self.afgerond_op is None else self.afgerond_op <= self.termijn

    @property
    def werkdagen_over(self) -> int:
        return abs(self.werkdagen)


def termijnen_van(melding: Melding, *, nu: datetime | None = None) -> list[Termijn]:
    """Screening A, veiligheidsbeoordeling B, informing the betrokkenen and (where they apply)
    the second judgement of overige zorg and closing after a besluit, with their status.

    Status and werkdagen come from `veiligthuis.termijnen.termijn_status` (one closure-day query
    for all three). A termijn that is done shows when, and whether that was in time.
    """
    nu = nu or timezone.now()
    a = getattr(melding, "beoordeling_a", None)
    besluit = getattr(melding, "besluit", None)

    screening = Termijn(_("Screening acute onveiligheid (A)"), melding.termijn_acute_screening)
    if a is not None:
        screening.afgerond_op = a.uitgevoerd_op
    elif melding.status != MeldingStatus.ONTVANGEN:
        screening.toelichting = _("Geen screening vastgelegd.")
        screening.van_toepassing = False

    beoordeling = Termijn(
        _("Veiligheidsbeoordeling (B en besluit)"), melding.termijn_veiligheidsbeoordeling
    )
    if besluit is not None:
        beoordeling.afgerond_op = besluit.genomen_op
    elif melding.status not in MeldingStatus.wachtend_op_b():
        beoordeling.toelichting = _("Geen veiligheidsbeoordeling (overige zorg).")
        beoordeling.van_toepassing = False

    informeren = Termijn(_("Directbetrokkenen informeren"), melding.termijn_informeren_betrokkenen)
    informeren.afgerond_op = melding.betrokkenen_geinformeerd_op
    if melding.informeren_verlengd:
        informeren.toelichting = _("%(n)d keer verlengd.") % {"n": melding.informeren_verlengd}

    lijst = [screening, beoordeling, informeren]
    # Every open state has a clock (DOMAIN.md §11): shown where it applies.
    if melding.status == MeldingStatus.OVERIGE_ZORG and a is not None:
        oordeel = Termijn(
            _("Tweede oordeel overige zorg"), termijnen.termijn_tweede_oordeel(a.uitgevoerd_op)
        )
        oordeel.afgerond_op = a.tweede_oordeel_op
        lijst.append(oordeel)
    if besluit is not None and besluit.route not in BesluitRoute.vervolg_bij_vt():
        afronden = Termijn(
            _("Afsluiten of overdragen na het besluit"),
            termijnen.termijn_afronden_na_besluit(besluit.genomen_op),
        )
        afronden.afgerond_op = melding.afgesloten_op
        lijst.append(afronden)
    lopend = [t for t in lijst if t.afgerond_op is None and t.van_toepassing]
    if lopend:
        kalender = termijnen.Kalender.laad()
        for t in lopend:
            t.status, t.werkdagen = termijnen.termijn_status(t.termijn, nu, kalender=kalender)
    return lijst


def _tijdstippen(obj) -> list[datetime]:
    # Only what is loaded: a deferred field would cost a query of its own.
    return [
        waarde
        for veld in obj._meta.concrete_fields
        if isinstance(veld, DateTimeField)
        and isinstance(waarde := obj.__dict__.get(veld.attname), datetime)
    ]


def dossier_ongewijzigd_tot(
    melding: Melding, termijnen_lijst: list[Termijn], *, nu: datetime
) -> datetime:
    """Until when the dossier loaded by `dossier_voor` shows the same at `nu` if no data changes.

    The end of the day (werkdagen, ages, today's date in the forms), or earlier the first moment
    the page compares with the clock: a termijn falling due, and any recorded moment still to
    come (a consult or activity counts for the afwegingskader once its date has passed).
    """
    momenten = [termijnen.einde_dag(termijnen.lokale_datum(nu))]
    momenten += [t.termijn for t in termijnen_lijst]
    for obj in (
        melding,
        *(getattr(melding, naam, None) for naam in ("beoordeling_a", "beoordeling_b", "besluit")),
        *melding.consulten.all(),
        *melding.activiteiten.all(),
    ):
        if obj is not None:
            momenten += _tijdstippen(obj)
    # Nothing to come (the last second of the day): not kept at all.
    return min((m for m in momenten if m > nu), default=nu)


def betrokkenen_met_leeftijd(melding: Melding, *, vandaag: date | None = None) -> list[dict]:
    """Directbetrokkenen with their age today (children < 4 are seen, ≥ 4 spoken)."""
    vandaag = vandaag or timezone.localdate()
    return [
        {"betrokkene": db, "persoon": db.persoon, "leeftijd": db.persoon.leeftijd_op(vandaag)}
        for db in melding.directbetrokkenen.all()
    ]


def is_beoordelaar_of_werkbegeleider(gebruiker: Medewerker, melding: Melding) -> bool:
    """Mirror of the services' rule for work on a B in progress; for showing buttons only."""
    if gebruiker.pk in (melding.beoordelaar_1_id, melding.beoordelaar_2_id):
        return True
    return gebruiker.heeft_rol(Rol.WERKBEGELEIDER) and gebruiker.team_id == melding.team_id


@dataclass
class Acties:
    """What the page offers this user now. The services check every action again."""

    aanvullen: bool = False
    screenen: bool = False
    oppakken: bool = False
    beoordelen: bool = False
    teruggeven: bool = False
    afsluiten: bool = False
    verlengen: bool = False
    radar_reden: bool = False


def acties_voor(gebruiker: Medewerker, melding: Melding) -> Acties:
    eigen_team = gebruiker.team_id == melding.team_id
    casus = gebruiker.heeft_rol(*CASUSROLLEN) and eigen_team
    open_dossier = casus and melding.geanonimiseerd_op is None
    status = melding.status
    besluit = getattr(melding, "besluit", None)
    in_b = status == MeldingStatus.IN_BEOORDELING
    beoordelaar = in_b and is_beoordelaar_of_werkbegeleider(gebruiker, melding)
    return Acties(
        aanvullen=open_dossier,
        screenen=status == MeldingStatus.ONTVANGEN
        and casus
        and gebruiker.heeft_rol(Rol.ONDERZOEKER),
        oppakken=status == MeldingStatus.OP_TRIAGELIJST
        and casus
        and gebruiker.heeft_rol(Rol.ONDERZOEKER),
        beoordelen=beoordelaar,
        teruggeven=beoordelaar,
        afsluiten=status == MeldingStatus.BESLOTEN
        and besluit is not None
        and besluit.route not in BesluitRoute.vervolg_bij_vt()
        and casus
        and gebruiker.heeft_rol(Rol.ONDERZOEKER, Rol.WERKBEGELEIDER),
        verlengen=open_dossier and melding.informeren_verlengd < MAX_VERLENGINGEN_INFORMEREN,
        radar_reden=casus and gebruiker.heeft_rol(Rol.WERKBEGELEIDER),
    )


def automatische_bronnen() -> frozenset[str]:
    """Verrijking sources the system queries itself (the others are recorded by hand)."""
    return frozenset(AUTOMATISCH)


def besluit_checklist(melding: Melding) -> list[dict]:
    """What the besluit needs, each with ✓/✗, from the same functions `besluit_record` uses."""
    b = getattr(melding, "beoordeling_b", None)
    open_vragen = b.ontbrekende_vragen() if b is not None else []
    ontbrekend = afwegingskader.ontbrekende_consulten(melding)
    radar = afwegingskader.radar(melding)
    if radar.mdo_vereist:
        if radar.mdo_gehouden:
            radar_details = [
                _("Er is een MDO met een gedragswetenschapper of vertrouwensarts vastgelegd.")
            ]
        elif radar.reden_geen_mdo:
            radar_details = [
                _("Werkbegeleider: geen MDO nodig. %(r)s") % {"r": radar.reden_geen_mdo}
            ]
        else:
            radar_details = [
                _("Dit is melding %(n)d over dit huishouden of deze personen: een MDO is nodig.")
                % {"n": radar.volgnummer}
            ]
    else:
        radar_details = []
    namen = [str(m) for m in (melding.beoordelaar_1, melding.beoordelaar_2) if m is not None]
    return [
        {
            "tekst": _("Triage-instrument volledig ingevuld"),
            "ok": b is not None and b.is_volledig(),
            "details": (
                [_("Nog niet beantwoord: %(v)s") % {"v": ", ".join(open_vragen)}]
                if open_vragen
                else ([] if b is not None else [_("Onderdeel B is niet gestart.")])
            ),
        },
        {
            "tekst": _("Twee verschillende beoordelaars"),
            "ok": melding.heeft_twee_beoordelaars(),
            "details": [" en ".join(namen)] if namen else [],
        },
        {
            "tekst": _("Consulten volgens het afwegingskader"),
            "ok": not ontbrekend,
            "details": ontbrekend,
        },
        {
            "tekst": _("Radar: MDO bij een herhaalde melding"),
            "ok": not radar.blokkeert,
            "details": radar_details,
        },
        *_protocol_checklist(melding),
    ]


def _protocol_checklist(melding: Melding) -> list[dict]:
    """The rules of `meldingen.protocol` the besluit page can show before the form is sent."""
    punten = []
    if protocol.is_ooit_acuut(melding):
        punten.append(
            {
                "tekst": _("MDO met een gedragswetenschapper of vertrouwensarts (acute melding)"),
                "ok": protocol.acuut_heeft_mdo(melding=melding),
                "details": [_("De melding is of was acuut; dat blijft zo na een herprioritering.")],
            }
        )
    open_bronnen = [t.get_bron_display() for t in protocol.open_verrijking(melding)]
    punten.append(
        {
            "tekst": _("Verrijking afgehandeld (uitgevoerd of 'niet mogelijk' met reden)"),
            "ok": not open_bronnen,
            "details": [_("Open: %(b)s") % {"b": ", ".join(open_bronnen)}] if open_bronnen else [],
        }
    )
    contact = protocol.contact_of_reden(melding=melding)
    punten.append(
        {
            "tekst": _("Gesprek of huisbezoek met een directbetrokkene"),
            "ok": contact,
            "details": []
            if contact
            else [_("Of vul hieronder de reden in waarom dat er niet is.")],
        }
    )
    return punten
