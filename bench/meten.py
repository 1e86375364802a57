"""Measurements: hot pages through Django's test client against hand-written SQL, and the markeer job.

A page is timed end to end in the server process (middleware, session, selectors, template) and
compared with the raw SQL that fetches the same data, run directly with psycopg on a separate
connection. The ratio page/SQL shows what Django adds; the query count must not depend on the data.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import psycopg
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import Count, DateTimeField, ExpressionWrapper, F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from meldingen.selectors.triage import TRIAGE_STATUSSEN
from veiligthuis.models import Medewerker
from wachtlijst.rapportages.periode import Rapportperiode
from wachtlijst.services import termijnen_markeer

OPEN_STATUSSEN = (
    "ontvangen",
    "acuut",
    "op_triagelijst",
    "in_beoordeling",
    "besloten",
    "overige_zorg",
)
WACHTEND_OP_B = ("acuut", "op_triagelijst", "in_beoordeling")


@dataclass
class Meting:
    naam: str
    median_ms: float | None = None
    p95_ms: float | None = None
    sql_median_ms: float | None = None
    queries: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def verhouding(self) -> float | None:
        if self.median_ms is None or not self.sql_median_ms:
            return None
        return self.median_ms / self.sql_median_ms


def _ms(functie: Callable[[], object], herhalingen: int, opwarmen: int = 3) -> list[float]:
    for _ in range(opwarmen):
        functie()
    tijden = []
    for _ in range(herhalingen):
        start = time.perf_counter()
        functie()
        tijden.append((time.perf_counter() - start) * 1000)
    return tijden


def _p95(tijden: list[float]) -> float:
    geordend = sorted(tijden)
    return geordend[min(len(geordend) - 1, round(0.95 * (len(geordend) - 1)))]


def psycopg_verbinding() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname=db["NAME"],
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        autocommit=True,
    )


def _sql_uitvoerder(verbinding: psycopg.Connection, statements: list[tuple[str, tuple]]):
    def uitvoeren():
        with verbinding.cursor() as cursor:
            cursor.execute("SET TIME ZONE 'UTC'")
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return uitvoeren


def meet_pagina(
    naam: str,
    *,
    client: Client,
    url: str,
    sql: list[tuple[str, tuple]],
    verbinding: psycopg.Connection,
    herhalingen: int,
    koud: bool = False,
) -> Meting:
    """Median/p95 of `herhalingen` GETs of `url`, the same for the raw SQL, and the query count.

    `koud`: the cache emptied before every GET, as the first request after a change finds it.
    """

    def ophalen():
        if koud:
            # The triagelijst's shared cache and the dossier's in this process.
            for alias in ("default", "dossiers"):
                caches[alias].clear()
        return client.get(url)

    antwoord = ophalen()
    if antwoord.status_code != 200:
        raise RuntimeError(f"{url} gaf status {antwoord.status_code}")
    with CaptureQueriesContext(connection) as vastgelegd:
        ophalen()
    # captured_queries reads the connection's log lazily; the next request clears that log.
    queries = len(vastgelegd.captured_queries)
    # Database time inside the page: what the ORM's queries cost next to the hand-written SQL.
    db_ms = sum(float(q["time"]) for q in vastgelegd.captured_queries) * 1000
    pagina = _ms(ophalen, herhalingen)
    ruw = _ms(_sql_uitvoerder(verbinding, sql), herhalingen)
    return Meting(
        naam=naam,
        median_ms=statistics.median(pagina),
        p95_ms=_p95(pagina),
        sql_median_ms=statistics.median(ruw),
        queries=queries,
        extra={"sql_p95_ms": _p95(ruw), "db_ms": db_ms},
    )


# --- Raw SQL equivalents -------------------------------------------------------------------------

_TRIAGE_KOLOMMEN = """
    SELECT m.id, m.nummer, m.status, m.ontvangen_op, m.urgentie, m.termijn_veiligheidsbeoordeling,
           m.zicht_volgende_op, t.naam, g.naam, b1.first_name, b1.last_name, b2.first_name,
           b2.last_name,
           (SELECT max(a.datum) FROM meldingen_activiteit a WHERE a.melding_id = m.id)
    FROM meldingen_melding m
    JOIN veiligthuis_team t ON t.id = m.team_id
    LEFT JOIN veiligthuis_gemeente g ON g.id = m.gemeente_id
    LEFT JOIN veiligthuis_medewerker b1 ON b1.id = m.beoordelaar_1_id
    LEFT JOIN veiligthuis_medewerker b2 ON b2.id = m.beoordelaar_2_id
"""
_TRIAGE_VOLGORDE = """
    ORDER BY CASE m.urgentie WHEN 'acuut' THEN 0 WHEN 'hoog' THEN 1 WHEN 'midden' THEN 2
                             WHEN 'laag' THEN 3 ELSE 4 END, m.ontvangen_op, m.id
    LIMIT 50
"""


def triage_sql(team_id: int | None) -> list[tuple[str, tuple]]:
    """The count and the first 50 rows, as the triagelijst shows them."""
    if team_id is None:
        waar, params = "WHERE m.status = ANY(%s)", (list(WACHTEND_OP_B),)
    else:
        waar, params = "WHERE m.team_id = %s AND m.status = ANY(%s)", (team_id, list(WACHTEND_OP_B))
    return [
        (f"SELECT count(*) FROM meldingen_melding m {waar}", params),
        (f"{_TRIAGE_KOLOMMEN} {waar} {_TRIAGE_VOLGORDE}", params),
    ]


def dossier_sql(melding: Melding) -> list[tuple[str, tuple]]:
    """The melding with its one-to-one parts, and each list the dossier page shows."""
    pk = melding.pk
    personen = list(melding.directbetrokkenen.values_list("persoon_id", flat=True))
    return [
        (
            """SELECT m.*, md.*, h.*, a.*, b.*, bs.*, t.naam, g.naam
            FROM meldingen_melding m
            JOIN veiligthuis_team t ON t.id = m.team_id
            LEFT JOIN veiligthuis_gemeente g ON g.id = m.gemeente_id
            LEFT JOIN meldingen_melder md ON md.melding_id = m.id
            LEFT JOIN meldingen_huishouden h ON h.id = m.huishouden_id
            LEFT JOIN meldingen_veiligheidsbeoordelinga a ON a.melding_id = m.id
            LEFT JOIN meldingen_veiligheidsbeoordelingb b ON b.melding_id = m.id
            LEFT JOIN meldingen_besluit bs ON bs.melding_id = m.id
            WHERE m.nummer = %s""",
            (melding.nummer,),
        ),
        (
            """SELECT d.rol, p.* FROM meldingen_directbetrokkene d
            JOIN meldingen_persoon p ON p.id = d.persoon_id WHERE d.melding_id = %s ORDER BY d.id""",
            (pk,),
        ),
        ("SELECT aanleiding FROM meldingen_meldingaanleiding WHERE melding_id = %s", (pk,)),
        ("SELECT aard FROM meldingen_meldingaard WHERE melding_id = %s", (pk,)),
        (
            """SELECT s.*, w.first_name, w.last_name FROM meldingen_statuswijziging s
            JOIN veiligthuis_medewerker w ON w.id = s.door_id WHERE s.melding_id = %s
            ORDER BY s.op, s.id""",
            (pk,),
        ),
        (
            """SELECT a.*, w.first_name, w.last_name FROM meldingen_activiteit a
            JOIN veiligthuis_medewerker w ON w.id = a.door_id WHERE a.melding_id = %s
            ORDER BY a.datum DESC""",
            (pk,),
        ),
        ("SELECT * FROM meldingen_verrijkingstaak WHERE melding_id = %s", (pk,)),
        (
            """SELECT c.*, w.id, w.first_name, w.last_name FROM meldingen_consult c
            LEFT JOIN meldingen_consult_deelnemers cd ON cd.consult_id = c.id
            LEFT JOIN veiligthuis_medewerker w ON w.id = cd.medewerker_id
            WHERE c.melding_id = %s""",
            (pk,),
        ),
        (
            """SELECT j.*, w.first_name, w.last_name FROM meldingen_journaalregel j
            LEFT JOIN veiligthuis_medewerker w ON w.id = j.auteur_id WHERE j.melding_id = %s
            ORDER BY j.geschreven_op DESC, j.id DESC""",
            (pk,),
        ),
        (
            # The radar, written the way each part can use its index (an OR would scan).
            """SELECT m.id, m.nummer, m.status, m.ontvangen_op, m.team_id
            FROM meldingen_melding m
            WHERE m.id IN (SELECT d.melding_id FROM meldingen_directbetrokkene d
                           WHERE d.persoon_id = ANY(%s)
                           UNION SELECT h.id FROM meldingen_melding h WHERE h.huishouden_id = %s)
              AND m.id <> %s AND m.ontvangen_op <= %s
            ORDER BY m.ontvangen_op DESC""",
            (personen, melding.huishouden_id, pk, melding.ontvangen_op),
        ),
    ]


def directie_sql() -> list[tuple[str, tuple]]:
    """The dashboard's aggregates written directly: queues, months, weeks, signaleringen, gemeenten."""
    nu = timezone.now()
    jaar_terug = nu - timedelta(days=365)
    weken_terug = nu - timedelta(weeks=12)
    trend_vanaf = timezone.localdate() - timedelta(days=89)
    wacht_b = sorted(MeldingStatus.wachtend_op_b())
    return [
        (
            """SELECT m.team_id, t.naam, count(*), min(m.ontvangen_op),
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY %s - m.ontvangen_op)
            FROM meldingen_melding m JOIN veiligthuis_team t ON t.id = m.team_id
            WHERE m.status = ANY(%s) GROUP BY m.team_id, t.naam""",
            (nu, wacht_b),
        ),
        (
            """SELECT m.team_id, d.status, count(*), min(d.besluit_op),
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY %s - d.besluit_op)
            FROM diensten_vervolgdienst d JOIN meldingen_melding m ON m.id = d.melding_id
            WHERE d.status IN ('wacht_op_start', 'op_ketenpartner') GROUP BY 1, 2""",
            (nu,),
        ),
        (
            """SELECT date_trunc('month', b.genomen_op AT TIME ZONE 'Europe/Amsterdam'), count(*),
                      count(*) FILTER (WHERE b.genomen_op <= m.termijn_veiligheidsbeoordeling)
            FROM meldingen_besluit b JOIN meldingen_melding m ON m.id = b.melding_id
            WHERE b.genomen_op >= %s AND b.genomen_op <= %s GROUP BY 1""",
            (jaar_terug, nu),
        ),
        (
            """SELECT date_trunc('month', afgerond_op AT TIME ZONE 'Europe/Amsterdam'), count(*),
                      count(*) FILTER (WHERE afgerond_op <= termijn)
            FROM diensten_vervolgdienst WHERE afgerond_op >= %s AND afgerond_op <= %s GROUP BY 1""",
            (jaar_terug, nu),
        ),
        (
            """SELECT date_trunc('week', ontvangen_op AT TIME ZONE 'Europe/Amsterdam'), count(*)
            FROM meldingen_melding WHERE ontvangen_op >= %s AND ontvangen_op <= %s GROUP BY 1""",
            (weken_terug, nu),
        ),
        (
            """SELECT date_trunc('week', genomen_op AT TIME ZONE 'Europe/Amsterdam'), count(*)
            FROM meldingen_besluit WHERE genomen_op >= %s AND genomen_op <= %s GROUP BY 1""",
            (weken_terug, nu),
        ),
        (
            """SELECT soort, count(*) FROM wachtlijst_signalering WHERE opgelost_op IS NULL
            GROUP BY soort""",
            (),
        ),
        (
            """SELECT g.naam, count(*), min(m.ontvangen_op),
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY %s - m.ontvangen_op)
            FROM meldingen_melding m LEFT JOIN veiligthuis_gemeente g ON g.id = m.gemeente_id
            WHERE m.status = ANY(%s) GROUP BY g.naam""",
            (nu, wacht_b),
        ),
        (
            """SELECT datum, wachtrij, sum(aantal) FROM wachtlijst_wachtlijstsnapshot
            WHERE datum >= %s GROUP BY 1, 2""",
            (trend_vanaf,),
        ),
    ]


def directie_per_team_sql() -> list[tuple[str, tuple]]:
    """The per-team sections written directly: gestart per queue, binnen termijn this quarter."""
    vandaag = timezone.localdate()
    periode = Rapportperiode(date(vandaag.year, 3 * ((vandaag.month - 1) // 3) + 1, 1), vandaag)
    begin, eind = periode.begin, periode.eind
    termijn = """SELECT t.naam, count(*), count(*) FILTER (WHERE x.{veld} <= {grens})
            FROM {tabel} x JOIN meldingen_melding m ON m.id = x.melding_id
            LEFT JOIN veiligthuis_team t ON t.id = m.team_id
            WHERE x.{veld} >= %s AND x.{veld} < %s GROUP BY t.naam"""
    return [
        (
            """SELECT m.team_id,
                      count(*) FILTER (WHERE m.status IN ('acuut', 'op_triagelijst')),
                      min(m.ontvangen_op) FILTER (WHERE m.status IN ('acuut', 'op_triagelijst')),
                      count(*) FILTER (WHERE m.status = 'in_beoordeling' AND m.gestart_op IS NULL),
                      min(b.gestart_op) FILTER (WHERE m.status = 'in_beoordeling'
                                                  AND m.gestart_op IS NULL),
                      count(*) FILTER (WHERE m.status = 'in_beoordeling'
                                         AND m.gestart_op IS NOT NULL),
                      min(m.gestart_op) FILTER (WHERE m.status = 'in_beoordeling')
            FROM meldingen_melding m
            LEFT JOIN meldingen_veiligheidsbeoordelingb b ON b.melding_id = m.id
            WHERE m.status IN ('acuut', 'op_triagelijst', 'in_beoordeling') GROUP BY 1""",
            (),
        ),
        (
            """SELECT m.team_id,
                      count(*) FILTER (WHERE d.status = 'wacht_op_start' AND d.uitvoerder_id IS NULL),
                      min(d.besluit_op) FILTER (WHERE d.status = 'wacht_op_start'
                                                  AND d.uitvoerder_id IS NULL),
                      count(*) FILTER (WHERE d.status = 'wacht_op_start'
                                         AND d.uitvoerder_id IS NOT NULL),
                      min(d.besluit_op) FILTER (WHERE d.status = 'wacht_op_start'
                                                  AND d.uitvoerder_id IS NOT NULL),
                      count(*) FILTER (WHERE d.status = 'lopend'),
                      min(d.gestart_op) FILTER (WHERE d.status = 'lopend')
            FROM diensten_vervolgdienst d JOIN meldingen_melding m ON m.id = d.melding_id
            WHERE d.status IN ('wacht_op_start', 'lopend') GROUP BY 1""",
            (),
        ),
        (
            termijn.format(
                tabel="meldingen_veiligheidsbeoordelinga",
                veld="uitgevoerd_op",
                grens="m.termijn_acute_screening",
            ),
            (begin, eind),
        ),
        (
            termijn.format(
                tabel="meldingen_besluit",
                veld="genomen_op",
                grens="m.termijn_veiligheidsbeoordeling",
            ),
            (begin, eind),
        ),
        (
            termijn.format(tabel="diensten_vervolgdienst", veld="afgerond_op", grens="x.termijn"),
            (begin, eind),
        ),
    ]


# --- Scenario -----------------------------------------------------------------------------------


def drukste_team() -> int:
    """The team with the longest triagelijst: the worst case for the team page."""
    rij = (
        Melding.objects.filter(status__in=TRIAGE_STATUSSEN)
        .values("team_id")
        .annotate(aantal=Count("pk"))
        .order_by("-aantal", "team_id")
        .first()
    )
    return rij["team_id"] if rij else 1


def zwaarste_dossier(team_id: int) -> Melding:
    """A melding in B of the team whose household has the most meldingen (longest radar)."""
    kandidaten = (
        Melding.objects.filter(team_id=team_id, status="in_beoordeling", huishouden__isnull=False)
        .annotate(eerdere=Count("huishouden__meldingen"))
        .order_by("-eerdere", "pk")
    )
    melding = kandidaten.first() or Melding.objects.filter(team_id=team_id).order_by("-pk").first()
    return melding


def ingelogd(gebruikersnaam: str) -> Client:
    client = Client()
    client.force_login(Medewerker.objects.get(username=gebruikersnaam))
    return client


VLOER = "vloer (lege ingelogde pagina)"
TRIAGE_KOUD = "triagelijst team, na een wijziging"
DOSSIER_KOUD = "meldingdossier, na een wijziging"
NAIEF_LIJST = "naïef: admin-changelist (team)"
NAIEF_DOSSIER = "naïef: admin-wijzigformulier"


def meet_paginas(herhalingen: int) -> list[Meting]:
    team_id = drukste_team()
    melding = zwaarste_dossier(team_id)
    werkbegeleider = ingelogd(f"werkbegeleider-{team_id}")
    onderzoeker = ingelogd(f"onderzoeker-{team_id}")
    directie = ingelogd("directie-1")
    verbinding = psycopg_verbinding()
    # (name, client, url, the hand-written SQL of the same data)
    paginas = [
        ("triagelijst team (pagina 1)", werkbegeleider, "/triagelijst/", triage_sql(team_id)),
        (
            "triagelijst organisatie (pagina 1)",
            werkbegeleider,
            "/triagelijst/organisatie/",
            triage_sql(None),
        ),
        # The same page as the first request after any change finds it: the table made again.
        (TRIAGE_KOUD, werkbegeleider, "/triagelijst/", triage_sql(team_id)),
        ("meldingdossier", onderzoeker, f"/meldingen/{melding.nummer}/", dossier_sql(melding)),
        # Its sections made again, as the first view after a change to the melding finds them.
        (DOSSIER_KOUD, onderzoeker, f"/meldingen/{melding.nummer}/", dossier_sql(melding)),
        ("directiedashboard", directie, "/directie/", directie_sql()),
        # Loaded by the dashboard after itself; measured as the page it is without htmx.
        (
            "directie per team (na de pagina)",
            directie,
            "/directie/per-team/",
            directie_per_team_sql(),
        ),
        # The floor: every page pays this (bench/urls.py); the pages are reported against it.
        (VLOER, onderzoeker, "/bench/vloer/", [("SELECT 1", ())]),
        # The naive peer on the same rows (bench/naief.py): the admin as Django ships it.
        (
            NAIEF_LIJST,
            werkbegeleider,
            f"/bench/naief/meldingen/melding/?team__id__exact={team_id}",
            triage_sql(team_id),
        ),
        (
            NAIEF_DOSSIER,
            onderzoeker,
            f"/bench/naief/meldingen/melding/{melding.pk}/change/",
            dossier_sql(melding),
        ),
    ]
    try:
        metingen = [
            meet_pagina(
                naam,
                client=client,
                url=url,
                sql=sql,
                verbinding=verbinding,
                herhalingen=herhalingen,
                koud=naam in (TRIAGE_KOUD, DOSSIER_KOUD),
            )
            for naam, client, url, sql in paginas
        ]
    finally:
        verbinding.close()
    vloer = next(m for m in metingen if m.naam == VLOER)
    for m in metingen:
        m.extra["x_vloer"] = m.median_ms / vloer.median_ms
    aantallen = {
        "team_rijen": Melding.objects.filter(team_id=team_id, status__in=TRIAGE_STATUSSEN).count(),
        "organisatie_rijen": Melding.objects.filter(status__in=TRIAGE_STATUSSEN).count(),
    }
    metingen[0].extra["rijen"] = aantallen["team_rijen"]
    metingen[1].extra["rijen"] = aantallen["organisatie_rijen"]
    next(m for m in metingen if m.naam == "meldingdossier").extra["melding"] = melding.nummer
    return metingen


API_LIJST = "/api/v1/meldingen/"
API_LIJST_DOEL_P95_MS = 60.0


def _api_lijst_queryset(gebruiker: Medewerker):
    """The query of one page of GET /api/v1/meldingen/ (as the view and its cursor build it)."""
    from meldingen.selectors import meldingen_voor
    from meldingen.selectors.triage import LAATSTE_ACTIVITEIT

    return (
        meldingen_voor(gebruiker=gebruiker)
        .annotate(laatste_activiteit=LAATSTE_ACTIVITEIT)
        .order_by("-ontvangen_op", "-pk")[:51]
    )


def api_lijst_plan(gebruiker: Medewerker) -> str:
    """EXPLAIN of the first page for `gebruiker`, asserting that the scope uses indexes.

    A Seq Scan or a Hash Join over meldingen_melding is the shape issue 18 measured (the
    need-to-know OR across the vervolgdienst join): every page would read the whole table.
    """
    sql, params = _api_lijst_queryset(gebruiker).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    regels = plan.splitlines()
    for i, regel in enumerate(regels):
        assert "Seq Scan on meldingen_melding" not in regel, (
            f"volledige scan van meldingen:\n{plan}"
        )
        if "Hash Join" in regel:
            diepte = len(regel) - len(regel.lstrip())
            onder = []
            for volgende in regels[i + 1 :]:
                if len(volgende) - len(volgende.lstrip()) <= diepte:
                    break
                onder.append(volgende)
            assert not any("on meldingen_melding " in o and "Scan" in o for o in onder), (
                f"hash join over meldingen:\n{plan}"
            )
    return plan


def meet_api_lijst(herhalingen: int) -> Meting:
    """GET /api/v1/meldingen/ for an onderzoeker of the busiest team, 1 client: median and p95
    of the first page and of a page further on (its cursor), the query count, and the plan."""
    team_id = drukste_team()
    gebruikersnaam = f"onderzoeker-{team_id}"
    client = ingelogd(gebruikersnaam)
    antwoord = client.get(API_LIJST)
    if antwoord.status_code != 200:
        raise RuntimeError(f"{API_LIJST} gaf status {antwoord.status_code}")
    volgende = antwoord.json()["next"]
    with CaptureQueriesContext(connection) as vastgelegd:
        client.get(API_LIJST)
    # Read now: the next request clears the connection's query log.
    queries = len(vastgelegd.captured_queries)
    db_ms = sum(float(q["time"]) for q in vastgelegd.captured_queries) * 1000
    pagina = _ms(lambda: client.get(API_LIJST), herhalingen)
    verder = _ms(lambda: client.get(volgende), herhalingen) if volgende else []
    plan = api_lijst_plan(Medewerker.objects.get(username=gebruikersnaam))
    return Meting(
        naam="API-lijst meldingen (pagina 1)",
        median_ms=statistics.median(pagina),
        p95_ms=_p95(pagina),
        queries=queries,
        extra={
            "db_ms": db_ms,
            "volgende_median_ms": statistics.median(verder) if verder else None,
            "volgende_p95_ms": _p95(verder) if verder else None,
            "zichtbaar": Melding.objects.filter(team_id=team_id).count(),
            "plan_met_indexen": True,
            "plan": plan,
        },
    )


API_LIJST_DOEL_PER_S = 40.0


def meet_api_lijst_gelijktijdig(
    *, clients: int = 32, verzoeken: int = 640, werkers: int = 5, threads: int = 1
) -> dict:
    """GET /api/v1/meldingen/ (first page) for the busiest team's onderzoeker from `clients`
    threads at once against gunicorn: requests per second, p50/p95, errors (target ≥ 40/s at 32).

    Each client has the onderzoeker's own session cookie (personal API access goes through the
    session); the cursor pagination counts nothing, so each request is one page of 50 rows.
    """
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    from bench.intake import gunicorn_server

    team_id = drukste_team()
    sessies = [
        ingelogd(f"onderzoeker-{team_id}").cookies[settings.SESSION_COOKIE_NAME].value
        for _ in range(clients)
    ]

    def opvragen(basis: str, nummer: int) -> tuple[int, float]:
        verzoek = urllib.request.Request(
            f"{basis}{API_LIJST}",
            headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={sessies[nummer % clients]}"},
        )
        begin = time.perf_counter()
        try:
            with urllib.request.urlopen(verzoek, timeout=60) as antwoord:
                antwoord.read()
                code = antwoord.status
        except urllib.error.HTTPError as fout:
            code = fout.code
        except OSError:
            code = 0
        return code, (time.perf_counter() - begin) * 1000

    with gunicorn_server(werkers=werkers, threads=threads) as basis:
        with ThreadPoolExecutor(clients) as pool:  # every worker warm
            list(pool.map(lambda i: opvragen(basis, i), range(4 * werkers * threads)))
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            uitkomsten = list(pool.map(lambda i: opvragen(basis, i), range(verzoeken)))
        duur = time.perf_counter() - start
    tijden = [ms for code, ms in uitkomsten if code == 200]
    return {
        "clients": clients,
        "werkers": werkers,
        "threads": threads,
        "verzoeken": verzoeken,
        "fouten": sum(1 for code, _ms in uitkomsten if code != 200),
        "per_seconde": len(tijden) / duur if duur else 0.0,
        "p50_ms": statistics.median(tijden) if tijden else None,
        "p95_ms": _p95(tijden) if tijden else None,
    }


class _Terugdraaien(Exception):
    """Raised to roll the markeer scenario back after measuring."""


def _open_maken(aantal: int, nu) -> int:
    """Reopen closed meldingen until `aantal` are open, with termijnen around `nu`.

    Only used inside the measuring transaction, which is rolled back: it never persists.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM meldingen_melding WHERE status = ANY(%s)", [list(OPEN_STATUSSEN)]
        )
        al_open = cursor.fetchone()[0]
        tekort = max(0, aantal - al_open)
        cursor.execute(
            """
            WITH kandidaat AS (
                SELECT id FROM meldingen_melding
                WHERE status IN ('afgesloten', 'naar_vervolgdienst', 'doorgestuurd')
                ORDER BY status <> 'afgesloten', id DESC LIMIT %(tekort)s
            )
            UPDATE meldingen_melding m SET
                status = CASE m.id %% 10 WHEN 0 THEN 'ontvangen' WHEN 1 THEN 'acuut'
                         WHEN 2 THEN 'in_beoordeling' WHEN 3 THEN 'in_beoordeling'
                         ELSE 'op_triagelijst' END,
                urgentie = CASE m.id %% 10 WHEN 0 THEN '' WHEN 1 THEN 'acuut' ELSE 'midden' END,
                termijn_acute_screening = %(nu)s + ((m.id %% 49) - 24) * interval '1 hour',
                termijn_veiligheidsbeoordeling = %(nu)s + ((m.id %% 15) - 7) * interval '1 day',
                termijn_informeren_betrokkenen = %(nu)s + ((m.id %% 40) - 10) * interval '1 day',
                betrokkenen_geinformeerd_op = NULL,
                afgesloten_op = NULL,
                geanonimiseerd_op = NULL,
                zicht_volgende_op = %(nu)s + ((m.id %% 20) - 5) * interval '1 day'
            FROM kandidaat k WHERE m.id = k.id
            """,
            {"tekort": tekort, "nu": nu},
        )
        return al_open + cursor.rowcount


def markeer_grens(nu) -> None:
    """The set-based limit of termijnen_markeer, written directly for PostgreSQL in 2 statements.

    The same causes (`wachtlijst.services.oorzaken`, compiled once), so both do the same work:
    one UPDATE moving open signaleringen along with their melding's team, every cause
    materialised once in a temporary table, then one statement of writable CTEs that resolves
    the open signaleringen without a cause, inserts or reopens the rest and notifies the
    recipients of what it (re)opened. The two writing statements are the issue's "2 statements".
    """
    from wachtlijst.services import oorzaken

    delen, params = [], []
    for soort, (oorzaak, termijn) in oorzaken(nu).items():
        bron = (
            oorzaak.annotate(
                s_melding=F("pk"),
                s_team=F("team_id"),
                s_termijn=ExpressionWrapper(termijn, output_field=DateTimeField()),
            )
            .values("s_melding", "s_team", "s_termijn")
            .order_by()
        )
        sql, p = bron.query.sql_with_params()
        delen.append(f"SELECT DISTINCT %s::varchar AS soort, b.* FROM ({sql}) b")
        params += [soort, *p]
    bron_sql = " UNION ALL ".join(delen)
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE wachtlijst_signalering s SET team_id = m.team_id FROM meldingen_melding m
            WHERE m.id = s.melding_id AND s.opgelost_op IS NULL AND s.team_id <> m.team_id"""
        )
        # Materialised with statistics and an index: a CTE has neither, and an anti-join planned
        # on a one-row guess is a nested loop over every cause for every open signalering.
        cursor.execute(f"CREATE TEMP TABLE bron ON COMMIT DROP AS {bron_sql}", params)
        cursor.execute("CREATE INDEX ON bron (s_melding, soort)")
        cursor.execute("ANALYZE bron")
        cursor.execute(
            """
            WITH opgelost AS (
                UPDATE wachtlijst_signalering s SET opgelost_op = %s
                WHERE s.opgelost_op IS NULL AND NOT EXISTS (
                    SELECT 1 FROM bron b WHERE b.s_melding = s.melding_id AND b.soort = s.soort)
                RETURNING 1
            ),
            nieuw AS (
                INSERT INTO wachtlijst_signalering (melding_id, soort, team_id, termijn, ontstaan_op)
                SELECT b.s_melding, b.soort, b.s_team, b.s_termijn, %s FROM bron b
                WHERE NOT EXISTS (SELECT 1 FROM wachtlijst_signalering al
                    WHERE al.melding_id = b.s_melding AND al.soort = b.soort
                      AND al.opgelost_op IS NULL)
                ON CONFLICT (melding_id, soort) DO UPDATE
                SET opgelost_op = NULL, ontstaan_op = EXCLUDED.ontstaan_op,
                    termijn = EXCLUDED.termijn
                WHERE wachtlijst_signalering.opgelost_op IS NOT NULL
                RETURNING id, melding_id, team_id
            )
            INSERT INTO wachtlijst_notificatie (medewerker_id, signalering_id, aangemaakt_op)
            SELECT o.medewerker_id, o.id, %s FROM (
                SELECT w.id AS medewerker_id, n.id FROM nieuw n
                JOIN veiligthuis_medewerker w ON w.team_id = n.team_id AND w.is_active
                JOIN veiligthuis_roltoewijzing r ON r.medewerker_id = w.id
                     AND r.rol = 'werkbegeleider'
                UNION ALL
                SELECT x.medewerker_id, n.id FROM nieuw n
                JOIN meldingen_melding m ON m.id = n.melding_id
                LEFT JOIN diensten_vervolgdienst d ON d.melding_id = n.melding_id
                CROSS JOIN LATERAL (VALUES (m.beoordelaar_1_id), (m.beoordelaar_2_id),
                                           (d.uitvoerder_id)) AS x(medewerker_id)
                WHERE x.medewerker_id IS NOT NULL
            ) o
            WHERE true
            ON CONFLICT (medewerker_id, signalering_id) DO NOTHING
            """,
            [nu, nu, nu],
        )
        cursor.execute("DROP TABLE bron")


def _twee_runs(functie, nu, resultaat: Meting, voorvoegsel: str) -> None:
    for label, moment in (("eerste", nu), ("tweede", nu + timedelta(minutes=15))):
        if label == "tweede":
            # What autovacuum does after the first run's mass insert, for both contenders alike.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE wachtlijst_signalering, wachtlijst_notificatie")
        with CaptureQueriesContext(connection) as vastgelegd:
            start = time.perf_counter()
            functie(moment)
            duur = (time.perf_counter() - start) * 1000
        resultaat.extra[f"{voorvoegsel}{label}_ms"] = duur
        resultaat.extra[f"{voorvoegsel}{label}_queries"] = len(vastgelegd.captured_queries)


def _open_signaleringen() -> tuple[int, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM wachtlijst_signalering WHERE opgelost_op IS NULL")
        signaleringen = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM wachtlijst_notificatie")
        return signaleringen, cursor.fetchone()[0]


def meet_markeren(aantal_open: int) -> Meting:
    """termijnen_markeer over `aantal_open` open cases: a first run (raising the signaleringen of
    the newly opened cases) and a second run 15 minutes later (the steady state every 15 minutes),
    then the same two runs of the hand-written set-based limit (`markeer_grens`) from the same
    starting point. Both must leave the same signaleringen and notifications."""
    nu = timezone.now()
    resultaat = Meting(naam=f"markeer_termijnen ({aantal_open:,} open)")
    try:
        with transaction.atomic():
            open_nu = _open_maken(aantal_open, nu)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE meldingen_melding")
            try:
                with transaction.atomic():
                    _twee_runs(lambda m: termijnen_markeer(nu=m, mailen=False), nu, resultaat, "")
                    project = _open_signaleringen()
                    raise _Terugdraaien
            except _Terugdraaien:
                pass
            _twee_runs(markeer_grens, nu, resultaat, "grens_")
            grens = _open_signaleringen()
            resultaat.extra["open_signaleringen"] = project[0]
            resultaat.extra["notificaties"] = project[1]
            resultaat.extra["zelfde_uitkomst"] = project == grens
            resultaat.extra["open"] = open_nu
            raise _Terugdraaien
    except _Terugdraaien:
        pass
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meldingen_melding")
    resultaat.median_ms = resultaat.extra["tweede_ms"]
    resultaat.queries = resultaat.extra["tweede_queries"]
    return resultaat
