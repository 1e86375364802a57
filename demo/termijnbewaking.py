"""Termijnbewaking of the demo: a year of daily wachtlijst snapshots, and the signaleringen (with
their notifications) that the 15-minute scan would have raised and resolved over the year.

Both are reconstructed from the history just generated (historie.Historie), not drawn at random:

* snapshot of day d = per team and queue the cases in that queue at 23:59:59 on d, with the
  median and longest wait — the same queues and wait clocks as `wachtlijst.snapshots`. Today's
  row is written by `wachtlijst_snapshot_maken` itself.
* a signalering exists while its cause holds (`wachtlijst.services.oorzaken`, replayed over the
  periods of each case); as the real table it keeps one row per melding and soort, so the row
  shows the latest occurrence. Its moments are rounded up to the next quarter of an hour, as the
  scan runs every 15 minutes; a cause shorter than that was never seen.

Finally `zicht_plannen` and `termijnen_markeer` run for now: they plan the next contacts, and
open (or resolve) whatever the replay got different from the rules, so the open signaleringen
are exactly those the job would leave. No e-mail is sent: notifications of the past count as
mailed, today's wait for the mail job.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Q

from demo.basis import DAG, UUR, Context
from demo.historie import Historie, Periode
from demo.opslag import BATCH
from demo.organisatie import Organisatie
from demo.rijen import DienstRijen
from demo.zicht import ZichtUitkomst
from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from meldingen.models.dossier import Herprioritering
from veiligthuis import termijnen
from veiligthuis.models import Rol
from wachtlijst.models import (
    Notificatie,
    Signalering,
    SignaleringSoort,
    WachtlijstSnapshot,
    Wachtrij,
    ZichtOpVeiligheid,
)

S = SignaleringSoort
D = DienstStatus
M = MeldingStatus
SNAPSHOT_DAGEN = 365
SCAN = 15 * 60  # seconds between two runs of wachtlijst.markeer_termijnen
KANS_GELEZEN = {True: 0.6, False: 0.92}  # open, resolved
# Notifications of signaleringen resolved longer ago are left out: long read, never shown again,
# and at Haaglanden size they would be most of the run time.
NOTIFICATIES_DAGEN = 60
DIENST_LOOPT = (D.WACHT_OP_START, D.LOPEND)
# Interval of a cause: from, until (None: it still holds now), the termijn stored with it.
Interval = tuple[datetime, datetime | None, datetime | None]


# --- snapshots ---------------------------------------------------------------------------------


def snapshots_reconstrueren(ctx: Context, org: Organisatie, historie: Historie) -> int:
    """Bulk-insert the snapshots of the SNAPSHOT_DAGEN - 1 days before today (today: the job).

    The median here is a real one computed in Python, also on SQLite, where
    `wachtlijst_snapshot_maken` stores NULL (it has no percentile aggregate there).
    """
    vandaag = termijnen.lokale_datum(ctx.nu)
    eerste = vandaag - timedelta(days=SNAPSHOT_DAGEN - 1)
    # In UTC: Python subtracts two datetimes of one zone by their wall clocks, which would be an
    # hour off for waits across a change to or from summer time.
    einde = {
        eerste + timedelta(days=i): termijnen.einde_dag(eerste + timedelta(days=i)).astimezone(UTC)
        for i in range(SNAPSHOT_DAGEN - 1)
    }
    wachttijden: dict[tuple[date, int, str], list[float]] = {}

    def tel(perioden: Iterable[Periode], statussen, team_id: int, wachtrij: str, sinds) -> None:
        for p in perioden:
            if p.status not in statussen:
                continue
            for dag in _dagen_in(p, eerste, vandaag):
                wacht = (einde[dag] - sinds.astimezone(UTC)).total_seconds() / 86400
                wachttijden.setdefault((dag, team_id, wachtrij), []).append(wacht)

    for melding in historie.meldingen:
        tel(
            historie.van_melding(melding),
            M.wachtend_op_b(),
            melding.team_id,
            Wachtrij.VEILIGHEIDSBEOORDELING,
            melding.ontvangen_op,
        )
    for dienst in historie.diensten:
        perioden = historie.van_dienst(dienst)
        team_id = dienst.melding.team_id
        tel(perioden, (D.WACHT_OP_START,), team_id, Wachtrij.START_DIENST, dienst.besluit_op)
        sinds = dienst.afgerond_op or dienst.besluit_op
        tel(perioden, (D.OP_KETENPARTNER,), team_id, Wachtrij.KETENPARTNER, sinds)

    rijen = []
    for dag in einde:
        for team in org.teams:
            for wachtrij in Wachtrij.values:
                waarden = wachttijden.get((dag, team.pk, wachtrij), [])
                rijen.append(
                    WachtlijstSnapshot(
                        datum=dag,
                        team_id=team.pk,
                        wachtrij=wachtrij,
                        aantal=len(waarden),
                        mediaan_dagen=round(statistics.median(waarden), 1) if waarden else None,
                        max_dagen=round(max(waarden), 1) if waarden else None,
                    )
                )
    WachtlijstSnapshot.objects.bulk_create(rijen, batch_size=BATCH)
    return len(rijen)


def _dagen_in(p: Periode, eerste: date, vandaag: date) -> Iterator[date]:
    """The days before today at whose end (23:59:59) the period held."""
    van = termijnen.lokale_datum(p.van)
    if termijnen.einde_dag(van) < p.van:
        van += DAG
    if p.tot is None:
        tot = vandaag - DAG
    else:
        tot = termijnen.lokale_datum(p.tot)
        if termijnen.einde_dag(tot) >= p.tot:
            tot -= DAG
        tot = min(tot, vandaag - DAG)
    dag = max(van, eerste)
    while dag <= tot:
        yield dag
        dag += DAG


# --- signaleringen of the past -----------------------------------------------------------------


def _begin_dag(d: date) -> datetime:
    return datetime.combine(d, time(0), tzinfo=termijnen.TIJDZONE)


def _snij(perioden: Iterable[Periode], statussen, van: datetime, tot: datetime | None, termijn):
    """The parts of the periods in `statussen` that fall within [van, tot)."""
    for p in perioden:
        if p.status not in statussen:
            continue
        begin = max(p.van, van)
        eindes = [e for e in (p.tot, tot) if e is not None]
        eind = min(eindes) if eindes else None
        if eind is None or begin < eind:
            yield begin, eind, termijn


def _samengevoegd(intervallen: list[Interval]) -> list[Interval]:
    """Overlapping intervals as one (a monitoring moment overdue while the next becomes so)."""
    uit: list[Interval] = []
    for van, tot, termijn in sorted(intervallen, key=lambda i: i[0]):
        if uit and (uit[-1][1] is None or van <= uit[-1][1]):
            vorige = uit[-1]
            eind = None if tot is None or vorige[1] is None else max(tot, vorige[1])
            uit[-1] = (vorige[0], eind, vorige[2])
        else:
            uit.append((van, tot, termijn))
    return uit


class Replay:
    """Per melding and soort the intervals in which `oorzaken()` would have selected it."""

    def __init__(self, ctx: Context, historie: Historie, dienstrijen: DienstRijen) -> None:
        self.ctx = ctx
        self.historie = historie
        self.kalender = ctx.kalender
        self.momenten: dict[int, list] = {}
        for moment in dienstrijen.momenten:
            self.momenten.setdefault(id(moment.dienst), []).append(moment)

    def _vorige_werkdag(self, d: date) -> date:
        d -= DAG
        while not termijnen.is_werkdag(d, kalender=self.kalender):
            d -= DAG
        return d

    def melding(self, melding: Melding) -> dict[str, list[Interval]]:
        perioden = self.historie.van_melding(melding)
        wachtend_b = M.wachtend_op_b()
        ontvangen = (M.ONTVANGEN,)
        a, b = melding.termijn_acute_screening, melding.termijn_veiligheidsbeoordeling
        dreigend_a = timedelta(hours=int(settings.VT_DREIGEND_A_UREN))
        # Dreigend from the start of the werkdag before the termijn (dreigend_b_tot, 1 werkdag).
        b_dag = termijnen.lokale_datum(b)
        dreigend_b = b_dag
        for _i in range(int(settings.VT_DREIGEND_B_WERKDAGEN)):
            dreigend_b = self._vorige_werkdag(dreigend_b)
        uit = {
            S.A_OVERSCHREDEN: list(_snij(perioden, ontvangen, a, None, a)),
            S.A_DREIGEND: list(_snij(perioden, ontvangen, a - dreigend_a, a, a)),
            S.B_OVERSCHREDEN: list(_snij(perioden, wachtend_b, b, None, b)),
            S.B_DREIGEND: list(_snij(perioden, wachtend_b, _begin_dag(dreigend_b), b, b)),
        }
        if melding.geanonimiseerd_op is None:
            termijn = melding.termijn_informeren_betrokkenen
            niet_uitgezonderd = set(M.values) - {M.OVERIGE_ZORG, M.DOORGESTUURD}
            uit[S.INFORMEREN_OVERSCHREDEN] = list(
                _snij(
                    perioden,
                    niet_uitgezonderd,
                    termijn,
                    melding.betrokkenen_geinformeerd_op,
                    termijn,
                )
            )
        dienst = self.historie.dienst(melding)
        if dienst is not None:
            uit |= self._dienst(dienst)
        return uit

    def _dienst(self, dienst: Vervolgdienst) -> dict[str, list[Interval]]:
        perioden = self.historie.van_dienst(dienst)
        termijn = dienst.termijn
        besluit_dag = termijnen.lokale_datum(dienst.besluit_op)
        start_n = int(settings.VT_DIENST_START_WERKDAGEN)
        niet_gestart = _begin_dag(
            termijnen.plus_werkdagen(besluit_dag, start_n, kalender=self.kalender) + DAG
        )
        dreigend = _begin_dag(
            termijnen.lokale_datum(termijn) - timedelta(days=int(settings.VT_DREIGEND_DIENST_DAGEN))
        )
        # A moment carries only the date it was recorded: count it as recorded at midday.
        achterstallig = [
            (
                _begin_dag(m.gepland_op + DAG),
                _begin_dag(m.uitgevoerd_op) + 12 * UUR if m.uitgevoerd_op else None,
                None,
            )
            for m in self.momenten.get(id(dienst), ())
        ]
        monitoring = [
            deel
            for van, tot, _t in _samengevoegd(achterstallig)
            for deel in _snij(perioden, (D.MONITORING,), van, tot, None)
        ]
        return {
            S.DIENST_NIET_GESTART: list(
                _snij(perioden, (D.WACHT_OP_START,), niet_gestart, None, termijn)
            ),
            S.DIENST_OVERSCHREDEN: list(_snij(perioden, DIENST_LOOPT, termijn, None, termijn)),
            S.DIENST_DREIGEND: list(_snij(perioden, DIENST_LOOPT, dreigend, termijn, termijn)),
            S.MONITORING_ACHTERSTALLIG: monitoring,
        }


def _na_scan(moment: datetime) -> datetime:
    """The first run of the 15-minute scan after `moment`."""
    seconden = moment.timestamp()
    return moment + timedelta(seconds=SCAN - seconden % SCAN)


@dataclass
class SignaleringUitkomst:
    signaleringen: int = 0
    notificaties: int = 0


def signaleringen_reconstrueren(
    ctx: Context,
    org: Organisatie,
    historie: Historie,
    dienstrijen: DienstRijen,
    zicht: ZichtUitkomst,
) -> SignaleringUitkomst:
    """Bulk-insert per melding and soort its latest signalering (resolved, or open since when the
    cause arose), with notifications to the people `termijnen_markeer` notifies (for the open
    ones and those resolved in the last NOTIFICATIES_DAGEN days)."""
    replay = Replay(ctx, historie, dienstrijen)
    zicht_per_melding: dict[int, list[Interval]] = {}
    for achterstand in zicht.achterstanden:
        zicht_per_melding.setdefault(id(achterstand.melding), []).append(
            (achterstand.sinds, achterstand.tot, achterstand.sinds)
        )
    rijen: list[tuple[Signalering, Melding]] = []
    for melding in historie.meldingen:
        per_soort = replay.melding(melding)
        per_soort[S.ZICHT_ACHTERSTALLIG] = zicht_per_melding.get(id(melding), [])
        for soort in S.values:
            signalering = _laatste(ctx, melding, soort, per_soort.get(soort, []))
            if signalering is not None:
                rijen.append((signalering, melding))
    Signalering.objects.bulk_create([s for s, _m in rijen], batch_size=BATCH)

    werkbegeleiders = {
        team.pk: [m.pk for m in org.van_team(team, Rol.WERKBEGELEIDER) if m.is_active]
        for team in org.teams
    }
    notificaties = []
    sinds = ctx.nu - timedelta(days=NOTIFICATIES_DAGEN)
    for signalering, melding in rijen:
        if signalering.opgelost_op is not None and signalering.opgelost_op < sinds:
            continue
        dienst = historie.dienst(melding)
        ontvangers = dict.fromkeys(werkbegeleiders[melding.team_id])
        for medewerker_id in (
            melding.beoordelaar_1_id,
            melding.beoordelaar_2_id,
            dienst.uitvoerder_id if dienst is not None else None,
        ):
            if medewerker_id is not None:
                ontvangers.setdefault(medewerker_id)
        for medewerker_id in ontvangers:
            notificaties.append(_notificatie(ctx, signalering, medewerker_id))
    Notificatie.objects.bulk_create(notificaties, batch_size=BATCH)
    return SignaleringUitkomst(signaleringen=len(rijen), notificaties=len(notificaties))


def _laatste(ctx: Context, melding: Melding, soort: str, intervallen: list[Interval]):
    """The row the table would hold now for the latest interval, or None (never seen by a scan)."""
    # A cause that holds across a change of state (op triagelijst, then in beoordeling) is one.
    geldig = [i for i in _samengevoegd(intervallen) if i[0] < ctx.nu]
    if not geldig:
        return None
    van, tot, termijn = max(geldig, key=lambda i: i[0])
    ontstaan = _na_scan(van)
    if ontstaan >= ctx.nu:
        return None  # the next scan (termijnen_markeer below) raises it
    opgelost = None
    if tot is not None and tot < ctx.nu:
        opgelost = _na_scan(tot)
        if opgelost <= ontstaan or opgelost >= ctx.nu:
            return None
    return Signalering(
        melding=melding,
        soort=soort,
        team_id=melding.team_id,
        termijn=termijn,
        ontstaan_op=ontstaan,
        opgelost_op=opgelost,
    )


def _notificatie(ctx: Context, signalering: Signalering, medewerker_id: int) -> Notificatie:
    """Mailed by the job minutes after it arose, and mostly read within a few days."""
    aangemaakt = signalering.ontstaan_op
    gelezen_kans = KANS_GELEZEN[signalering.opgelost_op is None]
    gelezen = aangemaakt + ctx.duur(0.2 * UUR, 3 * DAG) if ctx.kans(gelezen_kans) else None
    return Notificatie(
        medewerker_id=medewerker_id,
        signalering=signalering,
        aangemaakt_op=aangemaakt,
        gemaild_op=aangemaakt + ctx.duur(timedelta(minutes=1), timedelta(minutes=10)),
        gelezen_op=gelezen if gelezen is not None and gelezen < ctx.nu else None,
    )


# --- now, and the summary ----------------------------------------------------------------------


def termijnbewaking_nu(ctx: Context) -> dict[str, int]:
    """Run the jobs of today on the demo data: plan zicht, scan the termijnen, take the snapshot.

    The scan mails nothing: a demo run must not reach the mail job (nor a Celery broker).
    """
    from wachtlijst.services import termijnen_markeer, zicht_plannen
    from wachtlijst.snapshots import wachtlijst_snapshot_maken

    gepland = zicht_plannen()
    markeer = termijnen_markeer(nu=ctx.nu, mailen=False)
    snapshot = wachtlijst_snapshot_maken(nu=ctx.nu)
    return {**gepland, **markeer, "snapshot": snapshot}


def zicht_opslaan(zicht: ZichtUitkomst) -> None:
    """After the meldingen: the contacts point at them."""
    ZichtOpVeiligheid.objects.bulk_create(zicht.contacten, batch_size=BATCH)
    Herprioritering.objects.bulk_create(zicht.herprioritering_rijen, batch_size=BATCH)


def overzicht(nu: datetime) -> dict:
    """Counts for the closing summary, read back from the database."""
    per_soort = Signalering.objects.values_list("soort").annotate(
        open=Count("pk", filter=Q(opgelost_op__isnull=True)),
        opgelost=Count("pk", filter=Q(opgelost_op__isnull=False)),
    )
    tellingen = {soort: (open_, opgelost) for soort, open_, opgelost in per_soort}
    notificaties = Notificatie.objects.aggregate(
        totaal=Count("pk"), ongelezen=Count("pk", filter=Q(gelezen_op__isnull=True))
    )
    return {
        "snapshots": WachtlijstSnapshot.objects.count(),
        "snapshot_dagen": WachtlijstSnapshot.objects.values("datum").distinct().count(),
        "zicht": ZichtOpVeiligheid.objects.count(),
        "herprioriteringen": ZichtOpVeiligheid.objects.exclude(urgentie_na="")
        .exclude(reden_herprioritering="")
        .count(),
        "zicht_achterstallig": Melding.objects.filter(zicht_volgende_op__lt=nu).count(),
        "signaleringen": [
            (str(s.label), *tellingen.get(s.value, (0, 0))) for s in SignaleringSoort
        ],
        **notificaties,
    }
