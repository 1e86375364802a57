"""Identity resolution and header search at national scale, on the generated data.

* **Per intake record**: what `melding_register` asks of `meldingen.identiteit` for one
  directbetrokkene and the address — `persoon_zoeken`, `huishouden_zoeken` and `soort_bepalen` —
  timed together, with the queries counted (`CaptureQueriesContext`). The records are drawn from
  the generated persons with the noise intake has, in four kinds: a known BSN; no BSN but the
  same name and birth date (tussenvoegsel typed in the achternaam, other capitals); a typo in
  the achternaam (a candidate at most); and a person nobody knows, at an address nobody knows.
  What each lookup found is counted too, so a timing never hides a lookup that found nothing.
* **Header search** through the real selector (`zoekvraag_lezen` + `zoeken`) for each kind of
  identifier, as an onderzoeker of one team, and the same searches as the page `/zoeken/`
  (template and audit row included).
* **Naive peers**, in the same run: the person lookup without the birth-date anchor (an ILIKE on
  the achternaam over all personen), which is what a search "by name" costs without an index.

Nothing is written except the audit rows of the searched pages.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.db.models import Max, Min
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.koppelkwaliteit import _tikfout
from bench.meten import _p95, ingelogd
from meldingen.identiteit import (
    Persoonsgegevens,
    huishouden_zoeken,
    persoon_zoeken,
    soort_bepalen,
)
from meldingen.models import Directbetrokkene, Huishouden, Melding, Persoon
from meldingen.selectors.zoeken import zoeken, zoekvraag_lezen
from veiligthuis.models import Medewerker

RECORDSOORTEN = ("bsn_bekend", "zonder_bsn", "tikfout", "onbekend")
ZOEKSOORTEN = ("nummer", "bsn", "naam_geboortedatum", "postcode_huisnummer")
NIEUWE_PERSOON = -1


@dataclass
class Verdeling:
    """Timings and query counts of one kind of lookup."""

    naam: str
    aantal: int = 0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    queries_median: float = 0.0
    queries_max: int = 0
    uitkomsten: dict = field(default_factory=dict)
    # Where the time went, per record (median): the database calls as Django saw them, and the
    # CPU time of this process (Python) — the second does not grow when other work runs.
    db_median_ms: float | None = None
    cpu_median_ms: float | None = None

    @classmethod
    def van(
        cls,
        naam: str,
        tijden: list[float],
        queries: list[int],
        uitkomsten=None,
        db: list[float] | None = None,
        cpu: list[float] | None = None,
    ):
        if not tijden:
            return cls(naam=naam, uitkomsten=dict(uitkomsten or {}))
        return cls(
            db_median_ms=round(statistics.median(db), 2) if db else None,
            cpu_median_ms=round(statistics.median(cpu), 2) if cpu else None,
            naam=naam,
            aantal=len(tijden),
            median_ms=round(statistics.median(tijden), 2),
            p95_ms=round(_p95(tijden), 2),
            max_ms=round(max(tijden), 2),
            queries_median=statistics.median(queries) if queries else 0,
            queries_max=max(queries) if queries else 0,
            uitkomsten=dict(uitkomsten or {}),
        )


@dataclass
class Record:
    soort: str
    gegevens: Persoonsgegevens
    postcode: str
    huisnummer: str
    persoon_id: int | None  # the generated person this record is about (None: a newcomer)


def _adres_zoals_getypt(huishouden: Huishouden) -> tuple[str, str]:
    """'1234AB' / '12-A' as an intake might type them: '1234 ab' / '12a'."""
    postcode = f"{huishouden.postcode[:4]} {huishouden.postcode[4:].lower()}"
    return postcode, huishouden.huisnummer.replace("-", "").lower()


def _huishoudens_van(persoon_ids: list[int]) -> dict[int, Huishouden]:
    """The household of each person's most recent melding."""
    rijen = (
        Directbetrokkene.objects.filter(
            persoon_id__in=persoon_ids, melding__huishouden__isnull=False
        )
        .order_by("persoon_id", "-melding_id")
        .values_list("persoon_id", "melding__huishouden_id")
    )
    per_persoon: dict[int, int] = {}
    for persoon_id, huishouden_id in rijen:
        per_persoon.setdefault(persoon_id, huishouden_id)
    huishoudens = Huishouden.objects.in_bulk(set(per_persoon.values()))
    return {pid: huishoudens[hid] for pid, hid in per_persoon.items()}


def steekproef_personen(rng: random.Random, aantal: int, *, met_bsn: bool | None = None):
    """`aantal` random generated persons with a birth date (and a BSN, or none, if asked)."""
    grenzen = Persoon.objects.aggregate(laagste=Min("pk"), hoogste=Max("pk"))
    kandidaten = Persoon.objects.filter(geboortedatum__isnull=False, samengevoegd_in__isnull=True)
    if met_bsn is not None:
        kandidaten = kandidaten.filter(bsn__isnull=not met_bsn)
    gevonden: dict[int, Persoon] = {}
    # Random ids, not ORDER BY random() over 1.8 M rows; a few rounds fill up what is missing.
    for _ronde in range(20):
        if len(gevonden) >= aantal or grenzen["hoogste"] is None:
            break
        ids = [rng.randint(grenzen["laagste"], grenzen["hoogste"]) for _ in range(4 * aantal)]
        for persoon in kandidaten.filter(pk__in=ids).exclude(pk__in=list(gevonden)):
            if len(gevonden) < aantal:
                gevonden[persoon.pk] = persoon
    return list(gevonden.values())


def _onbekende_bsn(rng: random.Random) -> str:
    """An 11-proef-valid BSN starting with 9, which the generator never hands out."""
    while True:
        cijfers = [9] + [rng.randint(0, 9) for _ in range(7)]
        controle = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if controle <= 9:
            return "".join(map(str, cijfers)) + str(controle)


def records_maken(aantal: int, seed: int = 1717) -> list[Record]:
    """`aantal` intake records, evenly over RECORDSOORTEN, drawn from the generated data."""
    from bench.genereren import NAAMBEGIN, NAAMEINDE, VOORNAMEN

    rng = random.Random(seed)
    per_soort = max(1, aantal // len(RECORDSOORTEN))
    met_bsn = steekproef_personen(rng, per_soort, met_bsn=True)
    overig = steekproef_personen(rng, 2 * per_soort)
    huishoudens = _huishoudens_van([p.pk for p in met_bsn + overig])
    postcodes = list(
        Huishouden.objects.order_by("?").values_list("postcode", flat=True)[:per_soort]
    )
    records: list[Record] = []

    def adres(persoon: Persoon) -> tuple[str, str]:
        huishouden = huishoudens.get(persoon.pk)
        return _adres_zoals_getypt(huishouden) if huishouden else ("", "")

    for p in met_bsn:
        gegevens = Persoonsgegevens(
            p.voornamen, p.tussenvoegsel, p.achternaam, p.geboortedatum, p.bsn
        )
        records.append(Record("bsn_bekend", gegevens, *adres(p), persoon_id=p.pk))
    for i, p in enumerate(overig):
        if i % 2 == 0:
            # Tussenvoegsel in the achternaam, the first voornaam only, in capitals.
            achternaam = f"{p.tussenvoegsel} {p.achternaam}".strip().upper()
            voornaam = p.voornamen.split()[0].upper()
            gegevens = Persoonsgegevens(voornaam, "", achternaam, p.geboortedatum, None)
            records.append(Record("zonder_bsn", gegevens, *adres(p), persoon_id=p.pk))
        else:
            gegevens = Persoonsgegevens(
                p.voornamen, p.tussenvoegsel, _tikfout(rng, p.achternaam), p.geboortedatum, None
            )
            records.append(Record("tikfout", gegevens, *adres(p), persoon_id=p.pk))
    vandaag = timezone.localdate()
    for postcode in postcodes:
        naam = rng.choice(NAAMBEGIN) + "x" + rng.choice(NAAMEINDE)  # no generated surname has an x
        geboren = vandaag - timedelta(days=rng.randint(365, 60 * 365))
        bsn = _onbekende_bsn(rng) if rng.random() < 0.5 else None
        gegevens = Persoonsgegevens(rng.choice(VOORNAMEN), "", naam, geboren, bsn)
        # A known postcode, a huisnummer above the generated 1–150: every household there is read.
        records.append(
            Record(
                "onbekend",
                gegevens,
                f"{postcode[:4]} {postcode[4:]}",
                str(rng.randint(151, 400)),
                None,
            )
        )
    return records


def _uitkomst(record: Record, persoon: Persoon | None, kandidaten: list[Persoon]) -> str:
    if persoon is not None:
        return "gekoppeld" if persoon.pk == record.persoon_id else "fout_gekoppeld"
    if record.persoon_id is not None and any(k.pk == record.persoon_id for k in kandidaten):
        return "kandidaat"
    return "niets" if not kandidaten else "andere_kandidaten"


def meet_resolutie(records: list[Record]) -> dict[str, Verdeling]:
    """Time persoon_zoeken + huishouden_zoeken + soort_bepalen per record, per kind and overall."""
    nu = timezone.now()
    for record in records[:10]:  # warm-up: first connection, imports, plan cache
        persoon_zoeken(record.gegevens)
    tijden: dict[str, list[float]] = {s: [] for s in RECORDSOORTEN}
    queries: dict[str, list[int]] = {s: [] for s in RECORDSOORTEN}
    db: dict[str, list[float]] = {s: [] for s in RECORDSOORTEN}
    cpu: dict[str, list[float]] = {s: [] for s in RECORDSOORTEN}
    uitkomsten: dict[str, Counter] = {s: Counter() for s in RECORDSOORTEN}
    huishouden_gevonden: dict[str, Counter] = {s: Counter() for s in RECORDSOORTEN}
    for record in records:
        with CaptureQueriesContext(connection) as vastgelegd:
            start, start_cpu = time.perf_counter(), time.process_time()
            uitkomst = persoon_zoeken(record.gegevens)
            huishouden = huishouden_zoeken(postcode=record.postcode, huisnummer=record.huisnummer)
            soort_bepalen(
                # Intake makes a new person when none was linked: its id has no meldingen yet.
                persoon_ids=[uitkomst.persoon.pk if uitkomst.persoon else NIEUWE_PERSOON],
                huishouden=huishouden,
                ontvangen_op=nu,
            )
            duur = (time.perf_counter() - start) * 1000
            cpu[record.soort].append((time.process_time() - start_cpu) * 1000)
        tijden[record.soort].append(duur)
        queries[record.soort].append(len(vastgelegd.captured_queries))
        db[record.soort].append(sum(float(q["time"]) for q in vastgelegd.captured_queries) * 1000)
        uitkomsten[record.soort][_uitkomst(record, uitkomst.persoon, uitkomst.kandidaten)] += 1
        huishouden_gevonden[record.soort]["huishouden" if huishouden else "geen_huishouden"] += 1
    resultaat = {
        soort: Verdeling.van(
            soort,
            tijden[soort],
            queries[soort],
            uitkomsten[soort] + huishouden_gevonden[soort],
            db=db[soort],
            cpu=cpu[soort],
        )
        for soort in RECORDSOORTEN
    }
    alle_uitkomsten = sum(uitkomsten.values(), Counter())
    resultaat["alle"] = Verdeling.van(
        "alle",
        [t for s in RECORDSOORTEN for t in tijden[s]],
        [q for s in RECORDSOORTEN for q in queries[s]],
        alle_uitkomsten,
        db=[t for s in RECORDSOORTEN for t in db[s]],
        cpu=[t for s in RECORDSOORTEN for t in cpu[s]],
    )
    return resultaat


def meet_naief_persoon(records: list[Record], aantal: int = 15) -> Verdeling:
    """The naive peer: candidates by an ILIKE on the achternaam over all personen (no anchor)."""
    tijden, queries = [], []
    with connection.cursor() as cursor:
        for record in records[:aantal]:
            start = time.perf_counter()
            cursor.execute(
                "SELECT id, voornamen, tussenvoegsel, achternaam, geboortedatum, bsn "
                "FROM meldingen_persoon WHERE samengevoegd_in_id IS NULL AND achternaam ILIKE %s",
                [f"%{record.gegevens.achternaam.strip()}%"],
            )
            cursor.fetchall()
            tijden.append((time.perf_counter() - start) * 1000)
            queries.append(1)
    return Verdeling.van("naief_ilike_achternaam", tijden, queries)


def zoekteksten(onderzoeker: Medewerker, aantal: int, seed: int = 2525) -> dict[str, list[str]]:
    """`aantal` texts per kind of search, as an onderzoeker would type them in the header: half
    about the own team's meldingen (treffers), half drawn from the whole register (mostly a
    count of meldingen elsewhere, or nothing)."""
    rng = random.Random(seed)
    helft = aantal // 2
    eigen = Melding.objects.filter(team_id=onderzoeker.team_id, huishouden__isnull=False)
    eigen_nummers = list(eigen.order_by("?").values_list("nummer", flat=True)[:helft])
    hoogste = Melding.objects.aggregate(hoogste=Max("pk"))["hoogste"] or 1
    andere = list(
        Melding.objects.filter(pk__in=[rng.randint(1, hoogste) for _ in range(aantal)])
        .exclude(team_id=onderzoeker.team_id)
        .values_list("nummer", flat=True)[: aantal - len(eigen_nummers)]
    )
    eigen_personen = Persoon.objects.filter(
        pk__in=Directbetrokkene.objects.filter(melding__in=eigen).values("persoon_id"),
        geboortedatum__isnull=False,
    )
    met_bsn = list(eigen_personen.filter(bsn__isnull=False).order_by("?")[:helft])
    met_bsn += steekproef_personen(rng, aantal - len(met_bsn), met_bsn=True)
    personen = list(eigen_personen.order_by("?")[:helft])
    personen += steekproef_personen(rng, aantal - len(personen))
    huishoudens = list(
        Huishouden.objects.filter(meldingen__in=eigen).distinct().order_by("?")[:helft]
    )
    huishoudens += list(Huishouden.objects.order_by("?")[: aantal - len(huishoudens)])
    return {
        "nummer": eigen_nummers + andere,
        "bsn": [f"{p.bsn[:4]}.{p.bsn[4:6]}.{p.bsn[6:]}" if i % 3 == 0 else p.bsn
                for i, p in enumerate(met_bsn)],
        "naam_geboortedatum": [
            f"{p.tussenvoegsel} {p.achternaam} {p.geboortedatum:%d-%m-%Y}".strip() for p in personen
        ],
        "postcode_huisnummer": [
            f"{h.postcode[:4]} {h.postcode[4:]} {h.huisnummer}" for h in huishoudens
        ],
    }  # fmt: skip


def meet_zoeken(onderzoeker: Medewerker, teksten: dict[str, list[str]]) -> dict[str, dict]:
    """Per kind: the selector (p50/p95, queries, what it found) and the page /zoeken/."""
    client = ingelogd(onderzoeker.username)
    resultaten: dict[str, dict] = {}
    for soort, lijst in teksten.items():
        for tekst in lijst[:3]:  # warm-up
            zoeken(gebruiker=onderzoeker, vraag=zoekvraag_lezen(tekst))
            client.get("/zoeken/", {"q": tekst})
        tijden, queries, gevonden = [], [], Counter()
        for tekst in lijst:
            with CaptureQueriesContext(connection) as vastgelegd:
                start = time.perf_counter()
                vraag = zoekvraag_lezen(tekst)
                resultaat = zoeken(gebruiker=onderzoeker, vraag=vraag)
                duur = (time.perf_counter() - start) * 1000
            if vraag.soort != soort or not vraag.zoekbaar:
                raise RuntimeError(f"Zoekvraag niet begrepen als {soort}: {vraag}")
            tijden.append(duur)
            queries.append(len(vastgelegd.captured_queries))
            gevonden["treffers" if resultaat.treffers else "geen_treffers"] += 1
            gevonden["elders" if resultaat.elders.aantal else "niet_elders"] += 1
        pagina_tijden, pagina_queries = [], []
        for tekst in lijst:
            with CaptureQueriesContext(connection) as vastgelegd:
                start = time.perf_counter()
                antwoord = client.get("/zoeken/", {"q": tekst})
                pagina_tijden.append((time.perf_counter() - start) * 1000)
            if antwoord.status_code != 200:
                raise RuntimeError(f"/zoeken/ gaf status {antwoord.status_code}")
            pagina_queries.append(len(vastgelegd.captured_queries))
        resultaten[soort] = {
            "selector": Verdeling.van(soort, tijden, queries, gevonden),
            "pagina": Verdeling.van(f"{soort} (pagina)", pagina_tijden, pagina_queries),
        }
    return resultaten


def meet_naief_zoeken(teksten: list[str]) -> Verdeling:
    """The naive name search: ILIKE on the achternaam over all personen, the date compared after."""
    tijden = []
    with connection.cursor() as cursor:
        for tekst in teksten:
            naam, datum = tekst.rsplit(" ", 1)
            dag, maand, jaar = datum.split("-")
            start = time.perf_counter()
            cursor.execute(
                "SELECT id FROM meldingen_persoon WHERE samengevoegd_in_id IS NULL "
                "AND (tussenvoegsel || ' ' || achternaam) ILIKE %s "
                "AND geboortedatum + 0 = %s::date",  # "+ 0": no birth-date index, as asked
                [f"%{naam.split()[-1]}%", f"{jaar}-{maand}-{dag}"],
            )
            cursor.fetchall()
            tijden.append((time.perf_counter() - start) * 1000)
    return Verdeling.van("naief_zoeken_ilike", tijden, [1] * len(tijden))


def meet(*, records: int = 400, zoekvragen: int = 40, team_id: int | None = None) -> dict:
    """All identity and search measurements; returns plain dicts for the JSON file."""
    gemaakt = records_maken(records)
    resolutie = meet_resolutie(gemaakt)
    naief = meet_naief_persoon(gemaakt)
    if team_id is None:
        team_id = (
            Medewerker.objects.filter(username__startswith="onderzoeker-")
            .values_list("team_id", flat=True)
            .order_by("team_id")
            .first()
        )
    onderzoeker = Medewerker.objects.get(username=f"onderzoeker-{team_id}")
    teksten = zoekteksten(onderzoeker, zoekvragen)
    zoek = meet_zoeken(onderzoeker, teksten)
    naief_zoek = meet_naief_zoeken(teksten["naam_geboortedatum"][:15])
    return {
        "resolutie": {k: v.__dict__ for k, v in resolutie.items()},
        "naief_persoon": naief.__dict__,
        "zoeken": {k: {deel: v.__dict__ for deel, v in d.items()} for k, d in zoek.items()},
        "naief_zoeken": naief_zoek.__dict__,
        "onderzoeker": onderzoeker.username,
        "personen": Persoon.objects.count(),
        "personen_met_bsn": Persoon.objects.filter(bsn__isnull=False).count(),
        "huishoudens": Huishouden.objects.count(),
    }
