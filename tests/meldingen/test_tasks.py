"""The termijn recomputation after a closure-day change: as a service, and through a real worker."""

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from celery.contrib.testing.worker import start_worker

from meldingen import services
from meldingen.models import Melding
from meldingen.tasks import termijnen_herberekenen
from tests.factories import MeldingFactory
from veiligthuis import termijnen
from veiligthuis.celery import app
from veiligthuis.models import Sluitingsdag

AMS = ZoneInfo("Europe/Amsterdam")
# Received Monday 7 December 2026: the five werkdagen are 8–11 and 14 December.
ONTVANGEN = datetime(2026, 12, 7, 10, 0, tzinfo=AMS)
OUDE_TERMIJN = datetime(2026, 12, 14, 23, 59, 59, tzinfo=AMS)
NIEUWE_TERMIJN = datetime(2026, 12, 15, 23, 59, 59, tzinfo=AMS)


def _melding_met_oude_termijn(**kwargs) -> Melding:
    melding = MeldingFactory(ontvangen_op=ONTVANGEN, **kwargs)
    assert melding.termijn_veiligheidsbeoordeling == OUDE_TERMIJN
    return melding


@pytest.mark.django_db
def test_sluitingsdag_verschuift_termijn_van_open_meldingen_alleen():
    open_ = _melding_met_oude_termijn(op_triagelijst=True)
    klaar = _melding_met_oude_termijn()
    Melding.objects.filter(pk=klaar.pk).update(status="afgesloten")
    Sluitingsdag.objects.create(datum=date(2026, 12, 10), omschrijving="Teamdag")

    assert services.termijnen_herberekenen() == 1
    open_.refresh_from_db()
    klaar.refresh_from_db()
    assert open_.termijn_veiligheidsbeoordeling == NIEUWE_TERMIJN
    assert klaar.termijn_veiligheidsbeoordeling == OUDE_TERMIJN
    assert services.termijnen_herberekenen() == 0, "idempotent: a second run changes nothing"


@pytest.mark.django_db
def test_herberekenen_doet_een_vast_aantal_queries(django_assert_max_num_queries):
    for _ in range(15):
        _melding_met_oude_termijn(op_triagelijst=True)
    Sluitingsdag.objects.create(datum=date(2026, 12, 10), omschrijving="Teamdag")
    with django_assert_max_num_queries(6):
        assert services.termijnen_herberekenen() == 15


@pytest.fixture
def celery_eager():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.mark.django_db
def test_beheer_admin_plant_herberekening_na_commit(
    client, beheer, celery_eager, django_capture_on_commit_callbacks
):
    open_ = _melding_met_oude_termijn(op_triagelijst=True)
    client.force_login(beheer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        antwoord = client.post(
            "/admin/veiligthuis/sluitingsdag/add/",
            {"datum": "10-12-2026", "omschrijving": "Teamdag"},
        )
        open_.refresh_from_db()
        assert open_.termijn_veiligheidsbeoordeling == OUDE_TERMIJN, "not before commit"
    assert antwoord.status_code == 302, antwoord.content[:500]
    assert len(callbacks) == 1
    open_.refresh_from_db()
    assert open_.termijn_veiligheidsbeoordeling == NIEUWE_TERMIJN


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_herberekenen_via_echte_worker_op_redis():
    """Queued on the local Redis broker and executed by a Celery worker thread."""
    melding = _melding_met_oude_termijn(op_triagelijst=True)
    Sluitingsdag.objects.create(datum=date(2026, 12, 10), omschrijving="Teamdag")

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        termijnen_herberekenen.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            melding.refresh_from_db()
            if melding.termijn_veiligheidsbeoordeling == NIEUWE_TERMIJN:
                break
            time.sleep(0.2)

    assert melding.termijn_veiligheidsbeoordeling == NIEUWE_TERMIJN
    assert termijnen.werkdagen_tussen(date(2026, 12, 7), date(2026, 12, 15)) == 5
