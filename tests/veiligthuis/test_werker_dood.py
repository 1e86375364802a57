"""A task whose worker is killed mid-run (SIGKILL) is delivered again and completes once
(issue 13, item 3): `acks_late` keeps the message unacknowledged until the task finishes, so Redis
hands it to the next worker after the visibility timeout (shortened to 3 s for this test)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings

from veiligthuis.celery import app

ROOT = Path(__file__).resolve().parents[2]
ZICHTBAAR = 3


def _werker(wachtrij: str) -> subprocess.Popen:
    omgeving = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "veiligthuis.settings.test",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "VT_WERKER_DOOD_ZICHTBAAR": str(ZICHTBAAR),
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.veiligthuis.werker_dood_app",
            "worker",
            "--pool=solo",
            "-Q",
            wachtrij,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wacht(voorwaarde, seconden: float) -> bool:
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.broker
def test_gedode_werker_taak_komt_terug_en_wordt_een_keer_afgerond():
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    teller = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    sleutel = f"vt-test-werker-dood-{secrets.token_hex(4)}"
    wachtrij = f"{sleutel}-wachtrij"

    def aantal(soort: str) -> int:
        return int(teller.get(f"{sleutel}:{soort}") or 0)

    eerste = _werker(wachtrij)
    tweede = None
    try:
        app.send_task("tests.werker_dood.stap", args=[sleutel], queue=wachtrij)
        assert _wacht(lambda: aantal("gestart") == 1, 60), "the first worker never started"
        os.kill(eerste.pid, signal.SIGKILL)
        eerste.wait(timeout=10)
        assert aantal("klaar") == 0

        tweede = _werker(wachtrij)
        assert _wacht(lambda: aantal("klaar") == 1, 90), "the task was not delivered again"
        time.sleep(ZICHTBAAR + 2)  # a second redelivery would show up by now
        assert (aantal("gestart"), aantal("klaar")) == (2, 1)
    finally:
        for werker in (eerste, tweede):
            if werker is not None and werker.poll() is None:
                werker.terminate()
                werker.wait(timeout=20)
        teller.delete(f"{sleutel}:gestart", f"{sleutel}:klaar")
