"""The register adapters: the local fakes, and the HTTP client against a server on loopback."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from meldingen import adapters


class _Register(BaseHTTPRequestHandler):
    gezien: list = []

    def do_GET(self):  # noqa: N802 (http.server's naming)
        vraag = parse_qs(urlparse(self.path).query)
        type(self).gezien.append((vraag, self.headers.get("Authorization")))
        gevonden = vraag.get("bsn") == ["111222333"]
        body = json.dumps({"gevonden": gevonden, "samenvatting": "Ingeschreven te Delft"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def register_server():
    server = HTTPServer(("127.0.0.1", 0), _Register)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Register.gezien = []
    yield f"http://127.0.0.1:{server.server_port}/personen"
    server.shutdown()


def test_http_brp_bevraagt_de_dienst(register_server, settings):
    settings.VT_BRP_BACKEND = "meldingen.adapters.HttpBrp"
    settings.VT_BRP_URL = register_server
    settings.VT_BRP_TOKEN = "geheim"
    antwoord = adapters.brp().bevraag(
        adapters.Bevraging(bsn="111222333", achternaam="Jansen", geboortedatum="2018-03-01")
    )
    assert antwoord == adapters.Antwoord(True, "Ingeschreven te Delft")
    vraag, autorisatie = _Register.gezien[0]
    assert vraag["achternaam"] == ["Jansen"] and autorisatie == "Bearer geheim"


def test_http_register_zonder_bsn_stuurt_geen_lege_waarde(register_server, settings):
    settings.VT_REGISTER_BACKEND = "meldingen.adapters.HttpVtRegister"
    settings.VT_REGISTER_URL = register_server
    antwoord = adapters.vt_register().bevraag(
        adapters.Bevraging(bsn=None, achternaam="Jansen", geboortedatum=None)
    )
    assert antwoord.gevonden is False
    vraag, _autorisatie = _Register.gezien[0]
    assert "bsn" not in vraag and "geboortedatum" not in vraag


def test_nepbronnen_antwoorden_lokaal():
    brp = adapters.FakeBrp()
    assert brp.bevraag(adapters.Bevraging("111222333", "A", None)).gevonden
    assert not brp.bevraag(adapters.Bevraging(None, "A", None)).gevonden
    register = adapters.FakeVtRegister()
    assert register.bevraag(adapters.Bevraging("999999997", "A", None)).gevonden
    assert not register.bevraag(adapters.Bevraging("111222333", "A", None)).gevonden


@pytest.mark.django_db
def test_onbereikbare_bron_geeft_nette_melding_en_laat_taak_open(settings, onderzoeker):
    from meldingen import services
    from meldingen.models import Verrijkingstaak
    from tests.factories import MeldingFactory
    from veiligthuis.exceptions import DomainError

    settings.VT_BRP_BACKEND = "meldingen.adapters.HttpBrp"
    settings.VT_BRP_URL = "http://127.0.0.1:9/niemand"  # discard port: connection refused
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    taak = Verrijkingstaak.objects.create(melding=melding, bron="brp")
    with pytest.raises(DomainError, match="niet bereikbaar"):
        services.verrijking_uitvoeren(taak_id=taak.pk, door=onderzoeker)
    taak.refresh_from_db()
    assert (taak.status, taak.resultaat) == ("open", "")
