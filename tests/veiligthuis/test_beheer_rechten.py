"""Functioneel beheer cannot raise its own rights, never holds a case role, and every change of
an account (team, status, roles, password) is in the append-only audit log (issue 13 item 1)."""

from importlib import import_module

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.forms import SplitDateTimeField
from django.urls import reverse

from tests.factories import MedewerkerFactory
from veiligthuis.audit import AuditLog
from veiligthuis.models import Medewerker, Roltoewijzing
from veiligthuis.rechten import CASUSROLLEN


@pytest.fixture
def tweede_beheer(db):
    return MedewerkerFactory(team=None, rollen=["beheer"], username="beheer2", is_staff=True)


def _wijzig_url(medewerker) -> str:
    return reverse("admin:veiligthuis_medewerker_change", args=[medewerker.pk])


def _formulier(client, medewerker, *, rollen, team=None) -> dict:
    """The admin's change form as the browser would post it: every field and inline as shown,
    with the team and the roles replaced."""
    pagina = client.get(_wijzig_url(medewerker))
    form = pagina.context["adminform"].form
    data = {}
    for naam, veld in form.fields.items():
        waarde = form[naam].value()
        if waarde is None or naam == "password":
            continue
        if isinstance(veld, SplitDateTimeField):
            data[f"{naam}_0"], data[f"{naam}_1"] = f"{waarde:%d-%m-%Y}", f"{waarde:%H:%M:%S}"
        elif isinstance(waarde, bool):
            if waarde:
                data[naam] = "on"
        else:
            data[naam] = waarde
    data["team"] = team.pk if team else ""
    for inline in pagina.context["inline_admin_formsets"]:
        formset = inline.formset
        beheer = formset.management_form
        for naam in beheer.fields:
            data[beheer.add_prefix(naam)] = beheer[naam].value()
        for sub in formset.initial_forms:
            for naam in sub.fields:
                waarde = sub[naam].value()
                if waarde not in (None, False):
                    data[sub.add_prefix(naam)] = "on" if waarde is True else waarde
    bestaand = list(medewerker.roltoewijzingen.order_by("pk"))
    data["roltoewijzingen-TOTAL_FORMS"] = str(len(rollen))
    for i, rol in enumerate(rollen):
        data[f"roltoewijzingen-{i}-rol"] = rol
        data[f"roltoewijzingen-{i}-medewerker"] = str(medewerker.pk)
        if i < len(bestaand):
            data[f"roltoewijzingen-{i}-id"] = str(bestaand[i].pk)
    return data


@pytest.mark.django_db
def test_beheer_kan_het_eigen_account_niet_wijzigen(client, beheer, team):
    beheer.is_staff = True
    beheer.save()
    client.force_login(beheer)
    voor = sorted(beheer.roltoewijzingen.values_list("rol", flat=True))
    pagina = client.get(_wijzig_url(beheer))
    assert pagina.status_code == 200 and 'name="_save"' not in pagina.content.decode()
    antwoord = client.post(
        _wijzig_url(beheer), _formulier(client, beheer, rollen=["beheer", "onderzoeker"], team=team)
    )
    assert antwoord.status_code == 403
    wachtwoord = reverse("admin:auth_user_password_change", args=[beheer.pk])
    assert client.post(wachtwoord, {"password1": "x" * 16, "password2": "x" * 16}).status_code in (
        403,
        404,
    )
    beheer.refresh_from_db()
    assert beheer.team is None
    assert sorted(beheer.roltoewijzingen.values_list("rol", flat=True)) == voor
    assert not AuditLog.objects.filter(actie__startswith="medewerker.").exists()


@pytest.mark.django_db
def test_geen_casusrol_bij_beheer_via_het_admin(client, beheer, tweede_beheer, team):
    client.force_login(tweede_beheer)
    antwoord = client.post(
        _wijzig_url(beheer), _formulier(client, beheer, rollen=["beheer", "onderzoeker"], team=team)
    )
    assert antwoord.status_code == 200
    assert "Een beheeraccount kan geen casusrol hebben" in antwoord.content.decode()
    assert list(beheer.roltoewijzingen.values_list("rol", flat=True)) == ["beheer"]


@pytest.mark.django_db
@pytest.mark.parametrize("casusrol", sorted(CASUSROLLEN))
def test_geen_casusrol_bij_beheer_via_het_model(beheer, casusrol):
    with pytest.raises(ValidationError, match="geen casusrol"):
        Roltoewijzing.objects.create(medewerker=beheer, rol=casusrol)
    onderzoeker = MedewerkerFactory(rollen=[casusrol])
    with pytest.raises(ValidationError, match="geen casusrol"):
        Roltoewijzing.objects.create(medewerker=onderzoeker, rol="beheer")


@pytest.mark.django_db
def test_de_trigger_weigert_ook_een_bulk_insert(beheer):
    if connection.vendor != "postgresql":
        pytest.skip("De trigger bestaat alleen op PostgreSQL.")
    with pytest.raises(DatabaseError, match="geen casusrol"), transaction.atomic():
        Roltoewijzing.objects.bulk_create([Roltoewijzing(medewerker=beheer, rol="onderzoeker")])
    assert list(beheer.roltoewijzingen.values_list("rol", flat=True)) == ["beheer"]


def test_de_trigger_kent_dezelfde_casusrollen_als_de_code():
    migratie = import_module("veiligthuis.migrations.0007_beheer_zonder_casusrol")
    assert set(migratie.CASUSROLLEN) == set(CASUSROLLEN)


@pytest.mark.django_db
def test_een_andere_beheerder_wijzigt_en_het_staat_in_de_auditlog(
    client, tweede_beheer, team, ander_team
):
    onderzoeker = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    client.force_login(tweede_beheer)
    antwoord = client.post(
        _wijzig_url(onderzoeker),
        _formulier(client, onderzoeker, rollen=["onderzoeker", "werkbegeleider"], team=ander_team),
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    onderzoeker.refresh_from_db()
    assert onderzoeker.team == ander_team
    wijzigen = AuditLog.objects.get(actie="medewerker.wijzigen")
    assert wijzigen.medewerker == tweede_beheer
    assert wijzigen.object_id == str(onderzoeker.pk)
    assert wijzigen.details["gewijzigd"] == {"team": [team.pk, ander_team.pk]}
    rollen = AuditLog.objects.get(actie="medewerker.rollen")
    assert rollen.details == {"voor": ["onderzoeker"], "na": ["onderzoeker", "werkbegeleider"]}

    wachtwoord = reverse("admin:auth_user_password_change", args=[onderzoeker.pk])
    antwoord = client.post(
        wachtwoord,
        {
            "password1": "Een-lang-nieuw-wachtwoord-2026",
            "password2": "Een-lang-nieuw-wachtwoord-2026",
        },
    )
    assert antwoord.status_code == 302
    assert AuditLog.objects.filter(
        actie="medewerker.wachtwoord", object_id=str(onderzoeker.pk)
    ).exists()
    assert Medewerker.objects.get(pk=onderzoeker.pk).check_password(
        "Een-lang-nieuw-wachtwoord-2026"
    )
