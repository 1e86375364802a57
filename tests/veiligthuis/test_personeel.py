"""Staff gating: who may be given cases (VOG, diploma, SKJ/BIG), the services that refuse, the list."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diensten import services as dienst_services
from diensten.selectors import uitvoerder_kandidaten
from meldingen import services
from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from meldingen.selectors import triage as triage_selectors
from tests.diensten.helpers import maak_dienst
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from veiligthuis.inzetbaarheid import (
    alleen_inzetbaar,
    eis_inzetbaar,
    inzetbaarheid,
    niet_inzetbare_medewerkers,
)
from veiligthuis.models import Medewerker
from veiligthuis.personeel import Personeelsgegevens, Registratie
from wachtlijst.selectors.werkbegeleider import herverdeel_kandidaten

START = date(2024, 3, 1)
VANDAAG = date(2026, 6, 15)


def _mw(**personeel):
    """An onderzoeker starting on START with a VOG of two weeks before, unless overridden."""
    standaard = {"in_dienst_sinds": START, "vog_datum": START - timedelta(days=14)}
    kwargs = {f"personeel__{k}": v for k, v in {**standaard, **personeel}.items()}
    return MedewerkerFactory(rollen=["onderzoeker"], **kwargs)


# --- inzetbaarheid: every reason and its boundary ----------------------------------------------


@pytest.mark.django_db
def test_geldige_gegevens_zijn_inzetbaar():
    assert inzetbaarheid(_mw(), op=VANDAAG) == []


@pytest.mark.django_db
def test_zonder_gegevens_alle_redenen():
    medewerker = MedewerkerFactory(niet_inzetbaar=True)
    assert inzetbaarheid(medewerker, op=VANDAAG) == [
        "De datum van indiensttreding is niet vastgelegd.",
        "Er is geen VOG vastgelegd.",
        "Het diploma is niet gecontroleerd.",
        "Een SKJ of BIG-registratie ontbreekt (vereist voor: onderzoeker).",
    ]


@pytest.mark.django_db
def test_vog_ontbreekt():
    assert inzetbaarheid(_mw(vog_datum=None), op=VANDAAG) == ["Er is geen VOG vastgelegd."]


@pytest.mark.django_db
def test_vog_op_de_dag_van_indiensttreding_is_goed_een_dag_later_niet():
    assert inzetbaarheid(_mw(vog_datum=START), op=VANDAAG) == []
    assert inzetbaarheid(_mw(vog_datum=START + timedelta(days=1)), op=VANDAAG) == [
        "De VOG (02-03-2024) is van na de indiensttreding (01-03-2024)."
    ]


@pytest.mark.django_db
def test_vog_precies_drie_maanden_voor_start_is_goed_een_dag_eerder_niet():
    assert inzetbaarheid(_mw(vog_datum=date(2023, 12, 1)), op=VANDAAG) == []
    assert inzetbaarheid(_mw(vog_datum=date(2023, 11, 30)), op=VANDAAG) == [
        "De VOG (30-11-2023) was bij de indiensttreding (01-03-2024) ouder dan drie maanden."
    ]


@pytest.mark.django_db
def test_diploma_niet_gecontroleerd():
    assert inzetbaarheid(_mw(diploma_gecontroleerd_op=None), op=VANDAAG) == [
        "Het diploma is niet gecontroleerd."
    ]


@pytest.mark.django_db
def test_registratie_geldig_tot_en_met_de_einddatum():
    medewerker = _mw(geldig_tot=VANDAAG)
    assert inzetbaarheid(medewerker, op=VANDAAG) == []
    assert inzetbaarheid(medewerker, op=VANDAAG + timedelta(days=1)) == [
        "De SKJ-registratie is verlopen op 15-06-2026 (een geldige SKJ of BIG-registratie is "
        "vereist voor: onderzoeker)."
    ]


@pytest.mark.django_db
def test_een_geldige_registratie_in_een_ander_toegestaan_register_volstaat():
    medewerker = _mw(geldig_tot=VANDAAG - timedelta(days=1))
    assert inzetbaarheid(medewerker, op=VANDAAG)
    Registratie.objects.create(
        medewerker=medewerker, register="BIG", nummer="12345678901", geldig_tot=VANDAAG
    )
    assert inzetbaarheid(Medewerker.objects.get(pk=medewerker.pk), op=VANDAAG) == []


@pytest.mark.django_db
def test_vertrouwensarts_heeft_big_nodig_skj_telt_niet():
    arts = MedewerkerFactory(rollen=["vertrouwensarts"], personeel=False)
    Personeelsgegevens.objects.create(
        medewerker=arts, in_dienst_sinds=START, vog_datum=START, diploma_gecontroleerd_op=START
    )
    Registratie.objects.create(
        medewerker=arts, register="SKJ", nummer="123456789", geldig_tot=VANDAAG
    )
    assert inzetbaarheid(arts, op=VANDAAG) == [
        "Een BIG-registratie ontbreekt (vereist voor: vertrouwensarts)."
    ]


@pytest.mark.django_db
def test_rol_zonder_registratieplicht(settings):
    secretariaat = MedewerkerFactory(rollen=["secretariaat"])
    assert not secretariaat.registraties.exists()
    assert inzetbaarheid(secretariaat, op=VANDAAG) == []
    settings.VT_VEREISTE_REGISTRATIE = {"secretariaat": ["SKJ"]}
    assert inzetbaarheid(Medewerker.objects.get(pk=secretariaat.pk), op=VANDAAG) == [
        "Een SKJ-registratie ontbreekt (vereist voor: secretariaat)."
    ]


@pytest.mark.django_db
def test_eis_inzetbaar_noemt_naam_en_redenen_en_veld():
    medewerker = _mw(vog_datum=None)
    with pytest.raises(DomainError) as fout:
        eis_inzetbaar(medewerker, actie="beoordelaar worden", veld="tweede")
    assert (
        fout.value.message
        == f"{medewerker} kan niet beoordelaar worden: Er is geen VOG vastgelegd."
    )
    assert fout.value.velden == {"tweede": fout.value.message}
    eis_inzetbaar(_mw(), actie="beoordelaar worden")  # no exception


@pytest.mark.django_db
def test_registratienummer_formaat_wordt_gecontroleerd():
    from django.core.exceptions import ValidationError

    medewerker = _mw()
    for register, nummer, tekst in (
        ("BIG", "1234567890", "Een BIG-nummer bestaat uit precies 11 cijfers."),
        ("BIG", "1234567890a", "Een BIG-nummer bestaat uit precies 11 cijfers."),
        ("SKJ", "12-3456", "Een SKJ-nummer bestaat uit 4 tot 10 cijfers."),
    ):
        registratie = Registratie(
            medewerker=medewerker, register=register, nummer=nummer, geldig_tot=VANDAAG
        )
        with pytest.raises(ValidationError) as fout:
            registratie.full_clean()
        assert fout.value.message_dict["nummer"] == [tekst]


# --- services refuse, nothing changes ----------------------------------------------------------


@pytest.mark.django_db
def test_oppakken_met_niet_inzetbare_tweede_geweigerd(onderzoeker):
    tweede = MedewerkerFactory(team=onderzoeker.team, rollen=["onderzoeker"], niet_inzetbaar=True)
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    with pytest.raises(DomainError) as fout:
        services.melding_pick_up(melding_id=melding.pk, door=onderzoeker, tweede_id=tweede.pk)
    assert "kan niet beoordelaar worden: " in fout.value.message
    assert "Er is geen VOG vastgelegd." in fout.value.velden["tweede"]
    melding.refresh_from_db()
    assert (melding.status, melding.beoordelaar_1_id) == (MeldingStatus.OP_TRIAGELIJST, None)
    assert not AuditLog.objects.filter(actie="melding.oppakken").exists()


@pytest.mark.django_db
def test_niet_inzetbare_onderzoeker_kan_zelf_niet_oppakken(collega):
    zelf = MedewerkerFactory(
        team=collega.team, rollen=["onderzoeker"], personeel__geldig_tot=date(2020, 1, 1)
    )
    melding = MeldingFactory(team=zelf.team, op_triagelijst=True)
    with pytest.raises(DomainError) as fout:
        services.melding_pick_up(melding_id=melding.pk, door=zelf, tweede_id=collega.pk)
    assert "De SKJ-registratie is verlopen op 01-01-2020" in fout.value.message
    assert fout.value.velden == {}
    assert Melding.objects.get(pk=melding.pk).status == MeldingStatus.OP_TRIAGELIJST


@pytest.mark.django_db
def test_acute_screening_met_niet_inzetbare_tweede_geweigerd(onderzoeker):
    tweede = MedewerkerFactory(team=onderzoeker.team, rollen=["onderzoeker"], niet_inzetbaar=True)
    melding = MeldingFactory(team=onderzoeker.team)
    with pytest.raises(DomainError) as fout:
        services.melding_screen(
            melding_id=melding.pk,
            door=onderzoeker,
            uitkomst="acuut",
            toelichting="Kind in gevaar.",
            tweede_id=tweede.pk,
        )
    assert "tweede" in fout.value.velden
    melding.refresh_from_db()
    assert melding.status == MeldingStatus.ONTVANGEN
    assert not hasattr(melding, "beoordeling_a") or melding.beoordeling_a is None


@pytest.mark.django_db
def test_herverdelen_naar_niet_inzetbare_geweigerd(werkbegeleider):
    melding = MeldingFactory(team=werkbegeleider.team, in_beoordeling=True)
    naar = MedewerkerFactory(
        team=werkbegeleider.team, rollen=["onderzoeker"], personeel__geldig_tot=date(2025, 1, 31)
    )
    with pytest.raises(DomainError) as fout:
        services.melding_herverdelen(
            melding_id=melding.pk,
            door=werkbegeleider,
            van_id=melding.beoordelaar_1_id,
            naar_id=naar.pk,
            reden="Ziekte",
        )
    assert "De SKJ-registratie is verlopen op 31-01-2025" in fout.value.velden["naar"]
    oud = melding.beoordelaar_1_id
    melding.refresh_from_db()
    assert melding.beoordelaar_1_id == oud
    assert not AuditLog.objects.filter(actie="melding.herverdelen").exists()


@pytest.mark.django_db
def test_uitvoerder_toewijzen_aan_niet_inzetbare_geweigerd(werkbegeleider, onderzoeker):
    dienst = maak_dienst(team=werkbegeleider.team)
    uitvoerder = MedewerkerFactory(
        team=werkbegeleider.team, rollen=["onderzoeker"], personeel__vog_datum=None
    )
    with pytest.raises(DomainError) as fout:
        dienst_services.dienst_uitvoerder_toewijzen(
            dienst_id=dienst.pk, door=werkbegeleider, uitvoerder_id=uitvoerder.pk
        )
    assert (
        "kan niet uitvoerder van de dienst worden: Er is geen VOG vastgelegd."
        in (fout.value.velden["uitvoerder"])
    )
    dienst.refresh_from_db()
    assert dienst.uitvoerder_id is None


# --- candidate lists leave them out ------------------------------------------------------------


@pytest.mark.django_db
def test_kandidatenlijsten_laten_niet_inzetbaren_weg(onderzoeker, collega, werkbegeleider):
    niet = MedewerkerFactory(team=onderzoeker.team, rollen=["onderzoeker"], niet_inzetbaar=True)
    assert triage_selectors.tweede_beoordelaar_kandidaten(gebruiker=onderzoeker) == [collega]
    assert niet not in herverdeel_kandidaten(onderzoeker.team_id)
    assert {onderzoeker, collega} <= set(herverdeel_kandidaten(onderzoeker.team_id))
    dienst = maak_dienst(team=onderzoeker.team, beoordelaar_1=onderzoeker, beoordelaar_2=collega)
    assert niet not in uitvoerder_kandidaten(dienst=dienst)
    assert onderzoeker in uitvoerder_kandidaten(dienst=dienst)
    assert alleen_inzetbaar([niet, collega]) == [collega]


@pytest.mark.django_db
def test_oppakformulier_toont_niet_inzetbare_collega_niet(client, onderzoeker, collega):
    niet = MedewerkerFactory(
        team=onderzoeker.team, rollen=["onderzoeker"], niet_inzetbaar=True, last_name="Zonder-VOG"
    )
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    client.force_login(onderzoeker)
    html = client.get(reverse("melding_oppakken", args=[melding.nummer])).content.decode()
    assert f'value="{collega.pk}"' in html
    assert f'value="{niet.pk}"' not in html


# --- the list ----------------------------------------------------------------------------------

URL = "/beheer/medewerkers/niet-inzetbaar/"


@pytest.mark.django_db
def test_beheer_ziet_iedereen_die_niet_inzetbaar_is_met_redenen(
    client, beheer, team, ander_team, onderzoeker
):
    hier = MedewerkerFactory(team=team, rollen=["onderzoeker"], personeel__vog_datum=None)
    daar = MedewerkerFactory(
        team=ander_team, rollen=["gedragswetenschapper"], personeel__geldig_tot=date(2020, 1, 1)
    )
    MedewerkerFactory(team=team, niet_inzetbaar=True, is_active=False)  # uit dienst: niet tonen
    client.force_login(beheer)
    response = client.get(URL)
    assert response.status_code == 200
    rijen = response.context["rijen"]
    assert [m for m, _r in rijen] == sorted(
        [hier, daar], key=lambda m: (m.last_name, m.first_name, m.pk)
    )
    html = response.content.decode()
    assert "Er is geen VOG vastgelegd." in html
    assert "De SKJ-registratie is verlopen op 01-01-2020" in html
    assert str(onderzoeker) not in html
    assert AuditLog.objects.filter(actie="personeel.niet_inzetbaar_bekijken").exists()


@pytest.mark.django_db
def test_werkbegeleider_ziet_alleen_eigen_team(client, werkbegeleider, ander_team):
    eigen = MedewerkerFactory(team=werkbegeleider.team, niet_inzetbaar=True)
    ander = MedewerkerFactory(team=ander_team, niet_inzetbaar=True)
    client.force_login(werkbegeleider)
    response = client.get(URL)
    assert response.status_code == 200
    assert [m for m, _r in response.context["rijen"]] == [eigen]
    assert str(ander) not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["onderzoeker", "directie", "gedragswetenschapper"])
def test_andere_rollen_krijgen_403(client, team, rol):
    client.force_login(MedewerkerFactory(team=team, rollen=[rol]))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Alleen functioneel beheer of een werkbegeleider" in response.content.decode()


@pytest.mark.django_db
def test_selector_weigert_zonder_rol(onderzoeker):
    with pytest.raises(GeenToegang):
        niet_inzetbare_medewerkers(gebruiker=onderzoeker)


# --- beheer admin --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_beheer_legt_registratie_vast_in_admin_met_audit(client, beheer, onderzoeker):
    client.force_login(beheer)
    url = reverse("admin:veiligthuis_medewerker_change", args=[onderzoeker.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200
    form = pagina.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update({"username": onderzoeker.username, "team": onderzoeker.team_id, "is_active": "on"})
    for formset in pagina.context["inline_admin_formsets"]:
        fs = formset.formset
        prefix = fs.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(fs.total_form_count())
        data[f"{prefix}-INITIAL_FORMS"] = str(fs.initial_form_count())
        for i, f in enumerate(fs.forms):
            for naam in f.fields:
                waarde = f[naam].value()
                if waarde is None or waarde is False:
                    continue
                data[f"{prefix}-{i}-{naam}"] = getattr(waarde, "pk", waarde)
    reg_prefix = next(
        fs.formset.prefix
        for fs in pagina.context["inline_admin_formsets"]
        if fs.formset.model is Registratie
    )
    bestaand = int(data[f"{reg_prefix}-TOTAL_FORMS"])
    data[f"{reg_prefix}-TOTAL_FORMS"] = str(bestaand + 1)
    data[f"{reg_prefix}-{bestaand}-register"] = "BIG"
    data[f"{reg_prefix}-{bestaand}-nummer"] = "123"
    data[f"{reg_prefix}-{bestaand}-geldig_tot"] = "2030-01-01"
    fout = client.post(url, data)
    assert fout.status_code == 200
    assert "Een BIG-nummer bestaat uit precies 11 cijfers." in fout.content.decode()
    assert onderzoeker.registraties.count() == 1

    data[f"{reg_prefix}-{bestaand}-nummer"] = "12345678901"
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [fs.formset.errors for fs in response.context["inline_admin_formsets"]],
    )
    assert onderzoeker.registraties.filter(register="BIG", nummer="12345678901").exists()
    regel = AuditLog.objects.get(actie="registratie.toevoegen")
    assert (regel.medewerker, regel.object_id) == (beheer, str(onderzoeker.pk))


@pytest.mark.django_db
def test_niet_beheer_kan_admin_niet_gebruiken(client, werkbegeleider, onderzoeker):
    client.force_login(werkbegeleider)
    url = reverse("admin:veiligthuis_medewerker_change", args=[onderzoeker.pk])
    assert client.get(url).status_code in (302, 403)


# --- demo organisation ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_organisatie_heeft_twee_niet_inzetbaren_en_verder_iedereen_inzetbaar(beheer):
    from demo.basis import Context
    from demo.organisatie import DEMO_ROLLEN, bouw_organisatie
    from demo.registraties import maak_registraties

    ctx = Context.maak(seed=1, nu=timezone.now(), meld=lambda _tekst: None)
    org = bouw_organisatie(ctx)
    verlopen = maak_registraties(ctx, org)

    rijen = niet_inzetbare_medewerkers(gebruiker=beheer)
    niet = {m.pk for m, _r in rijen if m.pk != beheer.pk}
    assert niet == set(verlopen) and len(niet) == 2
    assert all("SKJ-registratie is verlopen" in " ".join(r) for m, r in rijen if m.pk in niet)
    assert not Medewerker.objects.filter(pk__in=niet, username__in=DEMO_ROLLEN).exists()
