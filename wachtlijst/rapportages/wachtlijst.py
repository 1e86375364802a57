"""The 6-weekly wachtlijstrapportage for the ambtelijk overleg with the gemeenten.

Aggregates only, computed in SQL with a fixed number of queries: rows are teams, gemeenten, queues
and soorten, never cases. Waiting per team comes from the daily snapshots (taken at 23:50, so the
snapshot of a day is the state at the end of that day). The snapshots are kept per team only, so
waiting per gemeente is reconstructed from the status history of the meldingen (those few rows
are counted in Python, see `_wachtend_op_b_per_gemeente`).
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from meldingen.keuzes import MeldingStatus
from meldingen.models import Besluit, Melding, Statuswijziging
from veiligthuis.database import pk_in_een_van
from veiligthuis.models import Team
from wachtlijst.cijfers import dagen as _dagen
from wachtlijst.models import Signalering, SignaleringSoort, WachtlijstSnapshot, Wachtrij
from wachtlijst.rapportages.periode import Rapportperiode, _datum
from wachtlijst.rapportages.tabel import Kolom, Tabel, percentage
from wachtlijst.rapportages.termijnen import binnen_termijn_tabel

# A snapshot older than this does not describe the start or end of the period.
SNAPSHOT_MARGE = timedelta(days=7)


def _onbekend(naam: str | None) -> str:
    return naam if naam is not None else _("Onbekend")


def _op_team(team: Team | None, veld: str = "team") -> Q:
    return Q(**{veld: team}) if team is not None else Q()


# --- instroom and veiligheidsbeoordelingen per team / gemeente ---------------------------------


def _instroom_en_beoordelingen(periode: Rapportperiode, team: Team | None, groep: str) -> Tabel:
    ontvangen = Q(ontvangen_op__gte=periode.begin, ontvangen_op__lt=periode.eind)
    besloten = Q(besluit__genomen_op__gte=periode.begin, besluit__genomen_op__lt=periode.eind)
    op_tijd = besloten & Q(besluit__genomen_op__lte=F("termijn_veiligheidsbeoordeling"))
    # Received or decided in the period: as `pk IN (… UNION …)` over the two indexed dates, not
    # an OR across the join with the besluit (which scanned every melding ever received).
    in_periode = pk_in_een_van(
        [
            Melding.objects.filter(_op_team(team), ontvangen).values("pk"),
            Besluit.objects.filter(
                _op_team(team, "melding__team"),
                genomen_op__gte=periode.begin,
                genomen_op__lt=periode.eind,
            ).values("melding_id"),
        ]
    )
    rijen = (
        Melding.objects.filter(in_periode)
        .values(f"{groep}__naam")
        .annotate(
            instroom=Count("pk", filter=ontvangen),
            besluiten=Count("pk", filter=besloten),
            op_tijd=Count("pk", filter=op_tijd),
        )
        .order_by(F(f"{groep}__naam").asc(nulls_last=True))
    )
    regels = [
        [
            _onbekend(r[f"{groep}__naam"]),
            r["instroom"],
            r["besluiten"],
            r["op_tijd"],
            percentage(r["op_tijd"], r["besluiten"]),
        ]
        for r in rijen
    ]
    instroom, besluiten, binnen = (sum(r[i] for r in regels) for i in (1, 2, 3))
    naam = _("Team") if groep == "team" else _("Gemeente")
    return Tabel(
        sleutel=f"instroom-{groep}",
        titel=_("Instroom en veiligheidsbeoordelingen per %(groep)s") % {"groep": naam.lower()},
        toelichting=_(
            "Meldingen ontvangen in de periode; besluiten (einde van de veiligheidsbeoordeling) "
            "genomen in de periode, en hoeveel daarvan binnen de termijn van 5 werkdagen."
        ),
        kolommen=[
            Kolom(naam, getal=False),
            Kolom(_("Meldingen ontvangen")),
            Kolom(_("Besluiten genomen")),
            Kolom(_("Besluiten binnen termijn")),
            Kolom(_("% binnen termijn")),
        ],
        rijen=regels,
        totaal=[_("Totaal"), instroom, besluiten, binnen, percentage(binnen, besluiten)],
        leeg_bericht=_("Geen meldingen of besluiten in deze periode."),
    )


# --- waiting per queue and team, from the snapshots --------------------------------------------


def _momentopnamen(periode: Rapportperiode, team: Team | None) -> list[Tabel]:
    snapshots = WachtlijstSnapshot.objects.filter(_op_team(team))
    datums = snapshots.aggregate(
        begin=Max(
            "datum",
            filter=Q(datum__lt=periode.van, datum__gte=periode.van - SNAPSHOT_MARGE),
        ),
        eind=Max(
            "datum",
            filter=Q(
                datum__lte=periode.tot,
                datum__gte=max(periode.van, periode.tot - SNAPSHOT_MARGE),
            ),
        ),
    )
    begin, eind = datums["begin"], datums["eind"]
    waarden: dict[tuple, dict] = {}
    for r in snapshots.filter(datum__in=[d for d in (begin, eind) if d]).values(
        "datum", "team__naam", "wachtrij", "aantal", "mediaan_dagen", "max_dagen"
    ):
        waarden[(r["wachtrij"], r["team__naam"], r["datum"])] = r
    teams = sorted({naam for _w, naam, _d in waarden})
    toelichting = _(
        "Aantal wachtenden aan het begin (momentopname van %(begin)s) en aan het eind "
        "(momentopname van %(eind)s) van de periode; wachttijden in kalenderdagen aan het eind. "
        "De mediaan over alle teams is niet uit de momentopnamen per team af te leiden."
    ) % {
        "begin": _datum(begin) if begin else _("ontbreekt"),
        "eind": _datum(eind) if eind else _("ontbreekt"),
    }
    tabellen = []
    for wachtrij in Wachtrij:
        regels = []
        for naam in teams:
            b = waarden.get((wachtrij.value, naam, begin))
            e = waarden.get((wachtrij.value, naam, eind))
            aantal_b = b["aantal"] if b else None
            aantal_e = e["aantal"] if e else None
            regels.append(
                [
                    naam,
                    aantal_b,
                    aantal_e,
                    aantal_e - aantal_b if b and e else None,
                    e["mediaan_dagen"] if e else None,
                    e["max_dagen"] if e else None,
                ]
            )
        totaal = None
        if regels and team is None:
            som_b = sum(r[1] or 0 for r in regels) if begin else None
            som_e = sum(r[2] or 0 for r in regels) if eind else None
            langste = [r[5] for r in regels if r[5] is not None]
            totaal = [
                _("Alle teams"),
                som_b,
                som_e,
                som_e - som_b if begin and eind else None,
                None,
                max(langste) if langste else None,
            ]
        tabellen.append(
            Tabel(
                sleutel=f"wachtrij-{wachtrij.value}",
                titel=str(wachtrij.label),
                toelichting=toelichting,
                kolommen=[
                    Kolom(_("Team"), getal=False),
                    Kolom(_("Wachtend begin")),
                    Kolom(_("Wachtend eind")),
                    Kolom(_("Verschil"), teken=True),
                    Kolom(_("Mediaan wachttijd eind (dagen)")),
                    Kolom(_("Langste wachttijd eind (dagen)")),
                ],
                rijen=regels,
                totaal=totaal,
                leeg_bericht=_("Geen momentopnamen voor deze periode."),
            )
        )
    return tabellen


# --- waiting for B per gemeente, reconstructed -------------------------------------------------


def _status_op(moment: datetime) -> Coalesce:
    """The status a melding had at `moment`: the last change before it, else as received."""
    laatste = (
        Statuswijziging.objects.filter(melding=OuterRef("pk"), op__lt=moment)
        .order_by("-op", "-pk")
        .values("naar")[:1]
    )
    return Coalesce(Subquery(laatste), Value(MeldingStatus.ONTVANGEN.value))


def _wachtend_op_b_per_gemeente(periode: Rapportperiode, team: Team | None) -> Tabel:
    wachtend = MeldingStatus.wachtend_op_b()
    # Only a melding that waits now, or whose status changed since the start of the period, can
    # have waited at its start or end (any other kept the status it has now all along). For
    # those few the status at both moments is read once per melding (two subqueries) and counted
    # here: as SQL aggregates, every FILTER would repeat both subqueries per row.
    # `pk IN (… UNION …)`, each part on its own index (status; statuswijziging.op), not an OR
    # that PostgreSQL answers with a scan of every melding (at 1 M: 0.9 s of the page's 2.1 s).
    kandidaten = pk_in_een_van(
        [
            Melding.objects.filter(status__in=wachtend).values("pk"),
            Statuswijziging.objects.filter(op__gte=periode.begin).values("melding_id"),
        ]
    )
    rijen = (
        Melding.objects.filter(_op_team(team), kandidaten, ontvangen_op__lt=periode.eind)
        .annotate(status_begin=_status_op(periode.begin), status_eind=_status_op(periode.eind))
        .values_list("gemeente__naam", "ontvangen_op", "status_begin", "status_eind")
        .order_by()
    )
    per_gemeente: dict[str | None, list[tuple[bool, bool, datetime]]] = {}
    for gemeente, ontvangen_op, status_begin, status_eind in rijen:
        bij_begin = ontvangen_op < periode.begin and status_begin in wachtend
        bij_eind = status_eind in wachtend
        if bij_begin or bij_eind:
            per_gemeente.setdefault(gemeente, []).append((bij_begin, bij_eind, ontvangen_op))

    def regel(meldingen: list[tuple[bool, bool, datetime]], naam: str) -> list[object]:
        begin = sum(1 for b, _e, _o in meldingen if b)
        eind = [ontvangen_op for _b, e, ontvangen_op in meldingen if e]
        wachttijden = [periode.eind - ontvangen_op for ontvangen_op in eind]
        return [
            naam,
            begin,
            len(eind),
            len(eind) - begin,
            _dagen(statistics.median(wachttijden)) if wachttijden else None,
            _dagen(periode.eind - min(eind)) if eind else None,
        ]

    volgorde = sorted(per_gemeente, key=lambda naam: (naam is None, naam or ""))
    regels = [regel(per_gemeente[naam], _onbekend(naam)) for naam in volgorde]
    alle = [m for meldingen in per_gemeente.values() for m in meldingen]
    return Tabel(
        sleutel="wachtend-gemeente",
        titel=_("Wacht op veiligheidsbeoordeling (B), per gemeente"),
        toelichting=_(
            "Per gemeente van de melding: wachtend aan het begin en aan het eind van de periode, "
            "afgeleid uit de statusgeschiedenis van de meldingen (de dagelijkse momentopnamen "
            "worden per team bewaard). Wachttijden in kalenderdagen sinds ontvangst."
        ),
        kolommen=[
            Kolom(_("Gemeente"), getal=False),
            Kolom(_("Wachtend begin")),
            Kolom(_("Wachtend eind")),
            Kolom(_("Verschil"), teken=True),
            Kolom(_("Mediaan wachttijd eind (dagen)")),
            Kolom(_("Langste wachttijd eind (dagen)")),
        ],
        rijen=regels,
        totaal=regel(alle, _("Totaal")),
        leeg_bericht=_("Niemand wachtte in deze periode op een veiligheidsbeoordeling."),
    )


# --- open signaleringen ------------------------------------------------------------------------


def _open_op(moment: datetime) -> Q:
    return Q(ontstaan_op__lt=moment) & (Q(opgelost_op__isnull=True) | Q(opgelost_op__gte=moment))


def _signaleringen(periode: Rapportperiode, team: Team | None) -> Tabel:
    ontstaan = Q(ontstaan_op__gte=periode.begin, ontstaan_op__lt=periode.eind)
    rijen = (
        Signalering.objects.filter(_op_team(team))
        .filter(_open_op(periode.begin) | _open_op(periode.eind) | ontstaan)
        .values("soort", "team__naam")
        .annotate(
            begin=Count("pk", filter=_open_op(periode.begin)),
            eind=Count("pk", filter=_open_op(periode.eind)),
            ontstaan=Count("pk", filter=ontstaan),
        )
        .order_by()
    )
    teams = [team.naam] if team is not None else list(Team.objects.values_list("naam", flat=True))
    per: dict[tuple[str, str], dict] = {(r["soort"], r["team__naam"]): r for r in rijen}
    regels = []
    for soort in SignaleringSoort:
        cellen = [per.get((soort.value, naam), {}) for naam in teams]
        eind = sum(c.get("eind", 0) for c in cellen)
        begin = sum(c.get("begin", 0) for c in cellen)
        regels.append(
            [
                str(soort.label),
                *(c.get("eind", 0) for c in cellen),
                eind,
                begin,
                eind - begin,
                sum(c.get("ontstaan", 0) for c in cellen),
            ]
        )
    totaal = [_("Totaal"), *(sum(r[i] for r in regels) for i in range(1, len(teams) + 5))]
    return Tabel(
        sleutel="signaleringen",
        titel=_("Open signaleringen per soort"),
        toelichting=_(
            "Signaleringen van (dreigende) termijnoverschrijdingen die aan het eind van de periode "
            "open waren, per team; daarnaast het totaal aan het begin en het aantal dat in de "
            "periode ontstond."
        ),
        kolommen=[
            Kolom(_("Soort"), getal=False),
            *(Kolom(naam) for naam in teams),
            Kolom(_("Open eind (totaal)")),
            Kolom(_("Open begin (totaal)")),
            Kolom(_("Verschil"), teken=True),
            Kolom(_("Ontstaan in de periode")),
        ],
        rijen=regels,
        totaal=totaal,
    )


def wachtlijstrapport(*, periode: Rapportperiode, team: Team | None = None) -> list[Tabel]:
    """Every table of the wachtlijstrapportage for `periode`, organisation-wide or for one team."""
    return [
        _instroom_en_beoordelingen(periode, team, "team"),
        _instroom_en_beoordelingen(periode, team, "gemeente"),
        binnen_termijn_tabel(periode, team, "team"),
        binnen_termijn_tabel(periode, team, "gemeente"),
        *_momentopnamen(periode, team),
        _wachtend_op_b_per_gemeente(periode, team),
        _signaleringen(periode, team),
    ]
