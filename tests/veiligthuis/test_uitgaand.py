"""The transactional outbox: a change saved while the broker is down keeps its side effect."""

import time
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.utils import timezone
from kombu.exceptions import OperationalError

from meldingen.models import Melding
from meldingen.tasks import termijnen_herberekenen
from tests.factories import MeldingFactory
from veiligthuis.celery import app
from veiligthuis.models import Sluitingsdag, Uitgaand
from veiligthuis.uitgaand import WACHTTIJD, uitgaand_versturen

AMS = ZoneInfo("Europe/Amsterdam")
ONTVANGEN = datetime(2026, 12, 7, 10, 0, tzinfo=AMS)
OUDE_TERMIJN = datetime(2026, 12, 14, 23, 59, 59, tzinfo=AMS)
NIEUWE_TERMIJN = datetime(2026, 12, 15, 23, 59, 59, tzinfo=AMS)


@pytest.fixture
def celery_eager():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def _broker_plat():
    """apply_async as it fails with Redis unreachable."""
    return mock.patch.object(
        termijnen_herberekenen,
        "apply_async",
        side_effect=OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    )


def _later() -> datetime:
    return timezone.now() + WACHTTIJD + timedelta(seconds=1)


@pytest.mark.django_db
def test_broker_plat_geeft_geen_500_en_de_herberekening_volgt_later(
    client, beheer, celery_eager, django_capture_on_commit_callbacks
):
    melding = MeldingFactory(ontvangen_op=ONTVANGEN, op_triagelijst=True)
    client.force_login(beheer)
    with _broker_plat(), django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            "/admin/veiligthuis/sluitingsdag/add/",
            {"datum": "10-12-2026", "omschrijving": "Teamdag"},
        )
    assert antwoord.status_code == 302, "opgeslagen, en de gebruiker ziet geen 500"
    assert Sluitingsdag.objects.filter(datum=date(2026, 12, 10)).exists()
    rij = Uitgaand.objects.get()
    assert rij.verzonden_op is None and rij.pogingen == 1
    assert "Connection refused" in rij.laatste_fout
    assert Melding.objects.get(pk=melding.pk).termijn_veiligheidsbeoordeling == OUDE_TERMIJN

    with _broker_plat():
        assert uitgaand_versturen(nu=_later()) == {"verzonden": 0, "mislukt": 1}
    assert Uitgaand.objects.get().pogingen == 2

    # The broker is back: the relay sends it and the termijn moves.
    assert uitgaand_versturen(nu=_later()) == {"verzonden": 1, "mislukt": 0}
    assert Uitgaand.objects.get().verzonden_op is not None
    assert Melding.objects.get(pk=melding.pk).termijn_veiligheidsbeoordeling == NIEUWE_TERMIJN
    assert uitgaand_versturen(nu=_later()) == {"verzonden": 0, "mislukt": 0}


@pytest.mark.django_db
def test_een_jonge_rij_laat_de_relay_aan_de_commit_over(celery_eager):
    Uitgaand.objects.create(taak="meldingen.tasks.termijnen_herberekenen")
    assert uitgaand_versturen() == {"verzonden": 0, "mislukt": 0}
    assert Uitgaand.objects.get().verzonden_op is None


@pytest.mark.django_db
def test_oude_verzonden_rijen_worden_opgeruimd(celery_eager):
    oud = timezone.now() - timedelta(days=8)
    Uitgaand.objects.create(taak="x.y", aangemaakt_op=oud, verzonden_op=oud)
    Uitgaand.objects.create(taak="x.y", aangemaakt_op=oud)  # never sent: kept
    uitgaand_versturen()
    assert list(Uitgaand.objects.values_list("verzonden_op", flat=True)) == [None]


@pytest.mark.django_db
def test_beheercommando(celery_eager, capsys):
    Uitgaand.objects.create(
        taak="meldingen.tasks.termijnen_herberekenen",
        aangemaakt_op=timezone.now() - timedelta(minutes=5),
    )
    call_command("uitgaand_versturen")
    assert "1 taken verzonden, 0 nog niet bereikbaar." in capsys.readouterr().out


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_na_de_storing_via_een_echte_worker_op_redis(client, beheer):
    """The outage as the web process sees it, then the real relay → Redis → worker path."""
    melding = MeldingFactory(ontvangen_op=ONTVANGEN, op_triagelijst=True)
    client.force_login(beheer)
    with _broker_plat():
        antwoord = client.post(
            "/admin/veiligthuis/sluitingsdag/add/",
            {"datum": "10-12-2026", "omschrijving": "Teamdag"},
        )
    assert antwoord.status_code == 302
    assert Uitgaand.objects.get().verzonden_op is None
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert uitgaand_versturen(nu=_later())["verzonden"] == 1
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if Melding.objects.get(pk=melding.pk).termijn_veiligheidsbeoordeling == NIEUWE_TERMIJN:
                break
            time.sleep(0.2)
    assert Melding.objects.get(pk=melding.pk).termijn_veiligheidsbeoordeling == NIEUWE_TERMIJN
