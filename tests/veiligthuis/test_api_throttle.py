"""The API throttle counts atomically (issue 13, item 6): under concurrency exactly the limit
passes per window, the rest gets a Dutch 429 with a wait until the window ends."""

from __future__ import annotations

import secrets
import threading
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import override_settings

from veiligthuis.api_throttle import GebruikerThrottle, ScopeThrottle, TeVeelVerzoeken

LIMIET = 50
DRADEN = 16
PER_DRAAD = 10  # 160 requests against a limit of 50


@pytest.fixture(autouse=True)
def _lege_cache(request):
    # Not for the Redis test: that one shares a database with the broker and clears nothing.
    if request.node.get_closest_marker("broker"):
        yield
        return
    cache.clear()
    yield
    cache.clear()


def _rates(**rates):
    from django.conf import settings

    return override_settings(
        REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    )


def _verzoek(pk: int = 7):
    gebruiker = SimpleNamespace(is_authenticated=True, pk=pk)
    return SimpleNamespace(user=gebruiker, META={"REMOTE_ADDR": "127.0.0.1"})


def _gelijktijdig(maak_throttle, view=None, pk: int = 7) -> tuple[int, int]:
    """DRADEN threads at once, each PER_DRAAD requests of one user; returns (allowed, refused)."""
    start = threading.Barrier(DRADEN)
    uitkomsten: list[bool] = []
    slot = threading.Lock()

    def draad():
        start.wait()
        for _i in range(PER_DRAAD):
            try:
                toegestaan = maak_throttle().allow_request(_verzoek(pk), view)
            except TeVeelVerzoeken:
                toegestaan = False
            with slot:
                uitkomsten.append(toegestaan)

    draden = [threading.Thread(target=draad) for _i in range(DRADEN)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    return uitkomsten.count(True), uitkomsten.count(False)


def test_gelijktijdig_precies_de_limiet_per_gebruiker():
    with _rates(gebruiker=f"{LIMIET}/hour"):
        toegestaan, geweigerd = _gelijktijdig(GebruikerThrottle)
    assert (toegestaan, geweigerd) == (LIMIET, DRADEN * PER_DRAAD - LIMIET)


def test_gelijktijdig_precies_de_limiet_per_scope():
    view = SimpleNamespace(throttle_scope="politie_intake")
    with _rates(gebruiker="100000/hour", politie_intake=f"{LIMIET}/hour"):
        toegestaan, geweigerd = _gelijktijdig(ScopeThrottle, view)
    assert (toegestaan, geweigerd) == (LIMIET, DRADEN * PER_DRAAD - LIMIET)


def test_weigering_is_nederlands_met_wachttijd_tot_het_einde_van_het_venster():
    with _rates(gebruiker="2/min"):
        throttle = GebruikerThrottle()
        throttle.timer = lambda: 6000.0 + 15  # 15 s into a minute
        assert throttle.allow_request(_verzoek(), None)
        assert throttle.allow_request(_verzoek(), None)
        with pytest.raises(TeVeelVerzoeken) as fout:
            throttle.allow_request(_verzoek(), None)
        assert str(fout.value.detail) == (
            "Te veel verzoeken; probeer het over 45 seconden opnieuw."
        )
        # Another user has a counter of its own; the next window starts again from zero.
        assert throttle.allow_request(_verzoek(pk=8), None)
        throttle.timer = lambda: 6000.0 + 60
        assert throttle.allow_request(_verzoek(), None)


def test_zonder_scope_of_rate_geen_limiet():
    with _rates(gebruiker="1/min"):
        assert ScopeThrottle().allow_request(_verzoek(), SimpleNamespace())
    with _rates():
        for _i in range(5):
            assert GebruikerThrottle().allow_request(_verzoek(), None)


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_een_cache_die_niets_bewaart_blokkeert_niets():
    with _rates(gebruiker="1/min"):
        for _i in range(3):
            assert GebruikerThrottle().allow_request(_verzoek(), None)


@pytest.mark.broker
def test_gelijktijdig_precies_de_limiet_in_redis(settings):
    """The shared cache of production: Redis, where every request is a round trip (so threads
    really interleave between reading and writing a counter). This process's broker database,
    under a prefix of its own and a fresh user id: nothing is cleared."""
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": settings.CELERY_BROKER_URL,
            "KEY_PREFIX": "vt-test-throttle",
        }
    }
    gebruiker = secrets.randbelow(10**9)
    with override_settings(CACHES=redis_cache), _rates(gebruiker=f"{LIMIET}/hour"):
        toegestaan, geweigerd = _gelijktijdig(GebruikerThrottle, pk=gebruiker)
    assert (toegestaan, geweigerd) == (LIMIET, DRADEN * PER_DRAAD - LIMIET)
