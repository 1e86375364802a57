"""Sturingsinformatie at national scale (issue 14): the 6-weekly wachtlijstrapportage as a page,
and the wachttijdprognose (wachtlijst/prognose.py) for the organisation, both queues.

Targets: the report ≤ 300 ms (the issue sets it on the demo data; printed here at bench scale for
comparison) and the forecast ≤ 1 000 ms per queue (it loads after the dashboard, so it never adds
to the dashboard's own time). Nothing is written except the audit rows of the report page.
"""

from __future__ import annotations

import time

from bench.meten import _p95, ingelogd
from wachtlijst import prognose
from wachtlijst.models import Wachtrij

DOEL_RAPPORT_MS = 300.0
DOEL_PROGNOSE_MS = 1000.0


def _tijden(stap, herhalingen: int) -> dict:
    stap()  # warm: connection, caches, imports
    tijden = []
    for _ in range(herhalingen):
        start = time.perf_counter()
        stap()
        tijden.append((time.perf_counter() - start) * 1000)
    tijden.sort()
    return {"median_ms": round(tijden[len(tijden) // 2], 1), "p95_ms": round(_p95(tijden), 1)}


def meet(herhalingen: int = 10) -> dict:
    directie = ingelogd("directie-1")

    def rapport():
        antwoord = directie.get("/rapportages/wachtlijst/")
        assert antwoord.status_code == 200, antwoord.status_code

    uitkomst = {"rapport_wachtlijst": _tijden(rapport, herhalingen)}
    for wachtrij in (Wachtrij.VEILIGHEIDSBEOORDELING, Wachtrij.START_DIENST):
        uitkomst[f"prognose_{wachtrij.value}"] = _tijden(
            lambda w=wachtrij: prognose.maken(w, extra_fte=2, extra_weken=4), herhalingen
        )
    return uitkomst


def regels(uitkomst: dict) -> list[str]:
    def regel(naam: str, sleutel: str, doel: float) -> str:
        w = uitkomst[sleutel]
        return (
            f"{naam:<44}{w['median_ms']:>10.1f}{w['p95_ms']:>9.1f}  p95 ≤ {doel:.0f} ms "
            f"{'✓' if w['p95_ms'] <= doel else '✗'}"
        )

    return [
        f"{'meting':<44}{'median ms':>10}{'p95 ms':>9}  doel",
        regel("6-wekelijkse wachtlijstrapportage (pagina)", "rapport_wachtlijst", DOEL_RAPPORT_MS),
        regel("prognose B, organisatie (met wat-als)", "prognose_beoordeling", DOEL_PROGNOSE_MS),
        regel("prognose start dienst, organisatie", "prognose_start_dienst", DOEL_PROGNOSE_MS),
    ]
