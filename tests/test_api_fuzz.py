"""Fuzzing the API with schemathesis: generated requests for every operation of /api/schema/.

The schema is loaded from the app in-process (WSGI), inside the test database, with the session
of an onderzoeker (cookie and CSRF header, as a browser sends them; tokens are for koppelingen
only); the police endpoint gets the police koppeling's token. Every response must not be a
5xx and must match the schema. `SCHEMATHESIS_VOORBEELDEN` sets the examples per operation (25 in
the normal suite; `make fuzz` runs more).
"""

import os

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from werkzeug.test import Client as WerkzeugClient

from tests.factories import AdviesFactory, GemeenteFactory, MedewerkerFactory, MeldingFactory
from veiligthuis.koppelingen import koppeling_aanmaken

VOORBEELDEN = int(os.environ.get("SCHEMATHESIS_VOORBEELDEN", "25"))
POLITIE = "/api/v1/politie/"
# Every response check of the installed schemathesis (4.x) that judges one request on its own:
# no 5xx, only documented status codes, content types and headers, bodies that match the schema,
# and invalid (negative) data refused. Left out: `positive_data_acceptance` (a schema-valid body
# may still break a domain rule: a Dutch 400 is the right answer there) and the stateful checks
# that need the CLI's recorder (use_after_free, ensure_resource_availability, ignored_auth, ...).
CONTROLES = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def _laad_schema():
    """The OpenAPI document as /api/schema/ serves it, generated in-process (no HTTP, no DB)."""
    from drf_spectacular.generators import SchemaGenerator

    geladen = schemathesis.openapi.from_dict(
        SchemaGenerator().get_schema(request=None, public=True)
    )
    # Requests go to the app in-process, as `from_wsgi` would set up.
    geladen.app = get_wsgi_application()
    # The credentials come from the test (the session, or the police koppeling's token): the
    # fuzzer does not generate the security cookie or header itself. Else, where the schema
    # names one scheme (the session), it would send a broken session cookie as a negative
    # case that the test's valid cookie then overrides, and count the 200 as a bad request
    # accepted.
    geladen.config.generation.update(with_security_parameters=False)
    return geladen


schema = _laad_schema()


@pytest.fixture
def sleutels(db, settings, team, _verbinding_open_houden):
    """Test data for the lists, and the tokens: an onderzoeker/werkbegeleider and the police."""
    # The fuzzer sends hundreds of requests as one user: lift the rate limits for this test.
    rates = {"gebruiker": "100000/min", "politie_intake": "100000/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    cache.clear()
    onderzoeker = MedewerkerFactory(team=team, rollen=["onderzoeker", "werkbegeleider"])
    MedewerkerFactory(team=team, rollen=["onderzoeker"])
    team.gemeenten.add(GemeenteFactory(naam="Den Haag", cbs_code="GM0518"))
    for trait in ("op_triagelijst", "in_beoordeling", "acuut"):
        MeldingFactory(team=team, aangemaakt_door=onderzoeker, **{trait: True})
    MeldingFactory(team=team, aangemaakt_door=onderzoeker)
    AdviesFactory(team=team, gegeven_door=onderzoeker)
    beheer = MedewerkerFactory(team=None, rollen=["beheer"])
    _koppeling, politie_sleutel = koppeling_aanmaken(door=beheer, naam="Politie", soort="politie")
    browser = Client()
    browser.force_login(onderzoeker)
    cookies = {
        django_settings.SESSION_COOKIE_NAME: browser.cookies[
            django_settings.SESSION_COOKIE_NAME
        ].value,
        django_settings.CSRF_COOKIE_NAME: (csrf := get_random_string(32)),
    }
    sleutels = {
        "gebruiker": {"headers": {"X-CSRFToken": csrf}, "cookies": cookies},
        "politie": {"headers": {"Authorization": f"Token {politie_sleutel}"}},
    }
    # The session really opens the API (else every case would be a harmless 403).
    proef = WerkzeugClient(schema.app)
    for naam, waarde in cookies.items():
        proef.set_cookie(naam, waarde)
    antwoord = proef.get("/api/v1/meldingen/")
    assert antwoord.status_code == 200, antwoord.get_data(as_text=True)
    antwoord = proef.post("/api/v1/meldingen/", json={}, headers=sleutels["gebruiker"]["headers"])
    assert antwoord.status_code == 400, "CSRF accepted, the empty body refused"
    return sleutels


@pytest.fixture(autouse=True)
def _verbinding_open_houden():
    """As Django's test client does: the WSGI handler must not close the test's DB connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=VOORBEELDEN,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_geeft_geen_serverfout_en_volgt_het_schema(case, sleutels):
    soort = "politie" if case.path.startswith(POLITIE) else "gebruiker"
    case.call_and_validate(
        **sleutels[soort],
        checks=CONTROLES,
    )
