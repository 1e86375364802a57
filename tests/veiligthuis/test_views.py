"""Pages of the kernel: login everywhere, home per role, admin for beheer only."""

import pytest

from tests.factories import MeldingFactory


@pytest.mark.parametrize("pad", ["/", "/admin/"])
@pytest.mark.django_db
def test_anoniem_wordt_naar_inloggen_gestuurd(client, pad):
    antwoord = client.get(pad)
    assert antwoord.status_code == 302
    assert "/inloggen/" in antwoord["Location"] or "/admin/login/" in antwoord["Location"]


@pytest.mark.parametrize("pad", ["/api/docs/", "/api/schema/"])
@pytest.mark.django_db
def test_api_documentatie_vraagt_inloggen(client, pad):
    assert client.get(pad).status_code in (401, 403)


@pytest.mark.django_db
def test_anoniem_api_geeft_geen_gegevens(client):
    MeldingFactory()
    antwoord = client.get("/api/v1/meldingen/")
    assert antwoord.status_code in (401, 403)
    assert b"VT-" not in antwoord.content


@pytest.mark.django_db
def test_inlogpagina_is_nederlands(client):
    antwoord = client.get("/inloggen/")
    assert antwoord.status_code == 200
    assert "Gebruikersnaam" in antwoord.content.decode()


@pytest.mark.django_db
def test_home_toont_naam_team_rollen_en_eigen_meldingen(client, onderzoeker, collega):
    eigen = MeldingFactory(
        team=onderzoeker.team, in_beoordeling=True, beoordelaar_1=onderzoeker, beoordelaar_2=collega
    )
    andermans = MeldingFactory(team=onderzoeker.team, in_beoordeling=True)
    MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    client.force_login(onderzoeker)
    html = client.get("/").content.decode()
    assert str(onderzoeker) in html and onderzoeker.team.naam in html and "Onderzoeker" in html
    assert eigen.nummer in html
    assert andermans.nummer not in html
    assert 'data-testid="op-triagelijst">1<' in html


@pytest.mark.django_db
def test_admin_alleen_voor_beheer(client, beheer, directie, onderzoeker):
    for medewerker in (directie, onderzoeker):
        client.force_login(medewerker)
        assert client.get("/admin/").status_code == 302, "not beheer: sent to the admin login"
        assert client.get("/admin/veiligthuis/sluitingsdag/").status_code == 302
    client.force_login(beheer)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/veiligthuis/sluitingsdag/").status_code == 200


@pytest.mark.django_db
def test_admin_toont_geen_casusinhoud(client, beheer):
    client.force_login(beheer)
    html = client.get("/admin/").content.decode()
    for model in ("melding", "persoon", "advies", "journaalregel", "directbetrokkene"):
        assert f"/admin/meldingen/{model}/" not in html
        assert client.get(f"/admin/meldingen/{model}/").status_code == 404
    assert "/admin/meldingen/afwegingsregel/" in html


@pytest.mark.django_db
def test_auditlog_is_alleen_lezen_in_admin(client, beheer):
    client.force_login(beheer)
    assert client.get("/admin/veiligthuis/auditlog/").status_code == 200
    assert client.get("/admin/veiligthuis/auditlog/add/").status_code == 403


@pytest.mark.django_db
def test_home_directie_toont_alleen_organisatiecijfers(client, directie, team):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    client.force_login(directie)
    html = client.get("/").content.decode()
    assert 'data-testid="org-op-triagelijst">1<' in html
    assert melding.nummer not in html
    assert "Mijn meldingen" not in html
    assert "/triagelijst/organisatie/" not in html, "directie: aggregates only, no case lists"
    assert "/meldingen/nieuw/" not in html


@pytest.mark.django_db
def test_navigatie_volgt_de_rollen(client, onderzoeker, beheer):
    client.force_login(onderzoeker)
    html = client.get("/").content.decode()
    assert "/meldingen/nieuw/" in html and "/triagelijst/" in html
    assert "/triagelijst/organisatie/" not in html and "/admin/" not in html
    client.force_login(beheer)
    html = client.get("/").content.decode()
    assert "/admin/" in html and "/meldingen/nieuw/" not in html


@pytest.mark.django_db
def test_geweigerde_htmx_actie_herlaadt_met_de_reden(client, onderzoeker_ander_team):
    # A werkbegeleider-only action on a melding the onderzoeker can see: the service refuses.
    melding = MeldingFactory(in_beoordeling=True, team=onderzoeker_ander_team.team)
    client.force_login(onderzoeker_ander_team)
    antwoord = client.post(
        f"/meldingen/{melding.nummer}/radar/", {"reden": "x"}, HTTP_HX_REQUEST="true"
    )
    assert antwoord.status_code == 403
    assert antwoord["HX-Refresh"] == "true"
    html = client.get(f"/meldingen/{melding.nummer}/").content.decode()
    assert "Alleen een werkbegeleider mag vastleggen waarom geen MDO nodig is." in html
    melding.refresh_from_db()
    assert melding.radar_geen_mdo_reden == ""


@pytest.mark.django_db
def test_beheer_onderhoudt_het_afwegingskader(client, beheer, onderzoeker):
    from meldingen.models import Afwegingsregel

    client.force_login(onderzoeker)
    assert client.get("/admin/meldingen/afwegingsregel/").status_code == 302
    client.force_login(beheer)
    antwoord = client.post(
        "/admin/meldingen/afwegingsregel/add/",
        {
            "naam": "Verwurging: aandachtfunctionaris",
            "trigger_soort": "signaal",
            "trigger_waarde": "verwurging",
            "vorm": "consult",
            "deskundigen": ["aandachtfunctionaris:verwurging"],
            "actief": "on",
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    regel = Afwegingsregel.objects.get(naam="Verwurging: aandachtfunctionaris")
    assert regel.deskundigen == ["aandachtfunctionaris:verwurging"]


@pytest.mark.django_db
def test_navigatie_naar_werkbegeleider_en_dashboard(client, werkbegeleider, directie, onderzoeker):
    client.force_login(werkbegeleider)
    html = client.get("/").content.decode()
    assert "/werkbegeleider/" in html and "/directie/" not in html
    client.force_login(directie)
    html = client.get("/").content.decode()
    assert "/directie/" in html and "/werkbegeleider/" not in html
    client.force_login(onderzoeker)
    html = client.get("/").content.decode()
    assert "/directie/" not in html and "/werkbegeleider/" not in html
