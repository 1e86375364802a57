"""The BSN at rest (meldingen/bsn.py): ciphertext in the column, lookup through the blind index."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.exceptions import FieldError, ValidationError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from meldingen.bsn import bsn_index, versleutel
from meldingen.checks import bsn_sleutels
from meldingen.identiteit import Persoonsgegevens, persoon_zoeken
from meldingen.models import Directbetrokkene, Persoon
from meldingen.services.privacy import persoonsgegevens_verwijderen
from tests.factories import MeldingFactory, PersoonFactory
from tests.meldingen.test_identiteit import _post, _rapport, politie  # noqa: F401  (fixture)
from veiligthuis.audit import AuditLog

BSN = "271828183"
ZELFDE_BEGIN = "271828195"  # the same first seven digits
KIND_BSN = "111222333"  # the child in the police test report


def _ruw(persoon: Persoon) -> tuple[str | None, str | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, bsn_index FROM meldingen_persoon WHERE id = %s", [persoon.pk])
        return cursor.fetchone()


def _met_bsn(team, bsn: str = BSN, **velden):
    persoon = PersoonFactory(bsn=bsn, **velden)
    melding = MeldingFactory(team=team)
    Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol="kind")
    return melding, persoon


@pytest.mark.django_db
def test_de_kolom_houdt_versleutelde_tekst_en_geen_bsn():
    a = PersoonFactory(bsn=BSN)
    b = PersoonFactory(bsn=ZELFDE_BEGIN)

    (token_a, index_a), (token_b, index_b) = _ruw(a), _ruw(b)
    for token in (token_a, token_b):
        assert token.startswith("gAAAAA"), "a Fernet token"
        assert BSN not in token and ZELFDE_BEGIN not in token and "2718281" not in token
    assert token_a != token_b and index_a != index_b
    assert index_a == bsn_index(BSN) and len(index_a) == 64
    # Non-deterministic: the same number twice is two different tokens.
    assert versleutel(BSN) != versleutel(BSN)
    assert Persoon.objects.get(pk=a.pk).bsn == BSN
    assert list(Persoon.objects.filter(pk=b.pk).values_list("bsn", flat=True)) == [ZELFDE_BEGIN]


@pytest.mark.django_db
def test_zoeken_op_het_versleutelde_veld_zelf_kan_niet():
    with pytest.raises(FieldError, match="versleuteld"):
        Persoon.objects.filter(bsn=BSN)
    with pytest.raises(FieldError):
        Persoon.objects.filter(bsn__in=[BSN])
    assert Persoon.objects.filter(bsn__isnull=True).count() == 0


@pytest.mark.django_db
def test_elke_schrijfweg_zet_de_zoekindex():
    (gemaakt,) = Persoon.objects.bulk_create([Persoon(voornamen="Bo", achternaam="Bulk", bsn=BSN)])
    assert _ruw(gemaakt)[1] == bsn_index(BSN)
    assert Persoon.objects.met_bsn(BSN).get().pk == gemaakt.pk

    gemaakt.bsn = ZELFDE_BEGIN
    gemaakt.save(update_fields=["bsn"])
    assert _ruw(gemaakt)[1] == bsn_index(ZELFDE_BEGIN)

    Persoon.objects.filter(pk=gemaakt.pk).update(bsn=BSN)
    assert _ruw(gemaakt)[1] == bsn_index(BSN)

    gemaakt.bsn = None
    Persoon.objects.bulk_update([gemaakt], ["bsn"])
    assert _ruw(gemaakt) == (None, None)
    assert not Persoon.objects.met_bsn(BSN).exists()


@pytest.mark.django_db
def test_het_bsn_blijft_uniek():
    PersoonFactory(bsn=BSN)
    with pytest.raises(ValidationError):
        Persoon(voornamen="Tweede", achternaam="Persoon", bsn=BSN).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        PersoonFactory(bsn=BSN)
    PersoonFactory(bsn=None)
    PersoonFactory(bsn=None)  # any number of persons without a BSN


@pytest.mark.django_db
def test_identiteit_vindt_de_persoon_op_bsn():
    bekend = PersoonFactory(bsn=BSN, achternaam="Kievit", geboortedatum=date(2018, 4, 2))
    PersoonFactory(bsn=ZELFDE_BEGIN)

    uitkomst = persoon_zoeken(Persoonsgegevens("Anders", "", "Geschreven", None, BSN))

    assert uitkomst.persoon == bekend and uitkomst.wijze == "bsn"


@pytest.mark.django_db
def test_zoeken_in_de_kop_op_bsn(client, team, onderzoeker):
    melding, _persoon = _met_bsn(team)
    _met_bsn(team, ZELFDE_BEGIN)
    client.force_login(onderzoeker)

    html = client.get(reverse("zoeken"), {"q": BSN}).content.decode()

    assert melding.nummer in html


@pytest.mark.django_db
def test_inzage_in_het_auditlog_op_bsn(client, team, beheer):
    melding, _persoon = _met_bsn(team)
    client.force_login(beheer)

    antwoord = client.post("/beheer/auditlog/inzage/", {"bsn": BSN})

    assert antwoord.status_code == 200
    assert antwoord.context["nummers"] == [melding.nummer]


@pytest.mark.django_db
def test_tweede_politierapport_vindt_het_kind_op_bsn(politie):  # noqa: F811
    for nummer in (1, 2):
        assert _post(politie, _rapport(nummer, bsn_kind=KIND_BSN)).status_code == 201

    kind = Persoon.objects.met_bsn(KIND_BSN).get()
    assert kind.betrokkenheden.count() == 2, "one person in both meldingen"
    assert KIND_BSN not in _ruw(kind)[0]


@pytest.mark.django_db
def test_sleutelrotatie(settings):
    oud, nieuw = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.VT_BSN_SLEUTELS = [oud]
    persoon = PersoonFactory(bsn=BSN)
    onder_oud = _ruw(persoon)[0]

    settings.VT_BSN_SLEUTELS = [nieuw, oud]
    assert Persoon.objects.get(pk=persoon.pk).bsn == BSN, "the old key still decrypts"
    call_command("bsn_herversleutelen", stdout=open("/dev/null", "w"))  # noqa: SIM115

    token, index = _ruw(persoon)
    assert token != onder_oud
    assert Fernet(nieuw).decrypt(token.encode()).decode() == BSN
    assert index == bsn_index(BSN)
    settings.VT_BSN_SLEUTELS = [nieuw]  # the old key dropped
    assert Persoon.objects.get(pk=persoon.pk).bsn == BSN
    regel = AuditLog.objects.get(actie="persoon.bsn_herversleutelen")
    assert regel.details["aantal"] == 1 and BSN not in str(regel.details)


@pytest.mark.django_db
def test_nieuwe_indexsleutel_met_index_herberekenen(settings):
    persoon = PersoonFactory(bsn=BSN)
    settings.VT_BSN_INDEX_SLEUTEL = "een-andere-lange-geheime-indexsleutel-voor-de-test"
    assert not Persoon.objects.met_bsn(BSN).exists()

    call_command("bsn_herversleutelen", "--index", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert Persoon.objects.met_bsn(BSN).get().pk == persoon.pk


@pytest.mark.django_db
def test_bewaartermijn_verwijdert_bsn_en_index(team):
    melding, persoon = _met_bsn(team)

    with transaction.atomic():
        persoonsgegevens_verwijderen(
            [melding.pk], nu=timezone.now(), reden="Bewaartermijn verstreken.", door=None
        )

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM meldingen_persoon WHERE id = %s OR bsn_index = %s",
            [persoon.pk, bsn_index(BSN)],
        )
        assert cursor.fetchone()[0] == 0
    assert not Persoon.objects.met_bsn(BSN).exists()


@pytest.mark.django_db
def test_migratie_versleutelt_bestaande_rijen_en_terug():
    migratie = importlib.import_module("meldingen.migrations.0016_bsn_versleuteld")
    persoon = PersoonFactory(bsn=None)
    with connection.cursor() as cursor:  # a row as it was before the migration
        cursor.execute("UPDATE meldingen_persoon SET bsn = %s WHERE id = %s", [BSN, persoon.pk])
    editor = connection.schema_editor()

    migratie.versleutelen(apps, editor)
    token, index = _ruw(persoon)
    assert BSN not in token and index == bsn_index(BSN)
    assert Persoon.objects.met_bsn(BSN).get().bsn == BSN
    migratie.versleutelen(apps, editor)  # a rerun leaves encrypted rows alone
    assert _ruw(persoon)[0] == token

    migratie.ontsleutelen(apps, editor)
    assert _ruw(persoon) == (BSN, None)


def test_check_deploy_waarschuwt_voor_de_demosleutels(settings):
    ids = {m.id for m in bsn_sleutels(None)}
    assert {"meldingen.W001", "meldingen.W002"} <= ids

    settings.VT_BSN_SLEUTELS = [Fernet.generate_key().decode()]
    settings.VT_BSN_INDEX_SLEUTEL = "x" * 40
    assert bsn_sleutels(None) == []

    settings.VT_BSN_SLEUTELS = ["geen-sleutel"]
    assert [m.id for m in bsn_sleutels(None)] == ["meldingen.E001"]


def test_productie_start_niet_zonder_bsn_sleutels():
    omgeving = {
        k: v for k, v in os.environ.items() if not k.startswith(("VT_BSN", "DJANGO_SETTINGS"))
    }
    omgeving.update(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/vt_bsn",
        VT_HERHAALSIGNAAL_SLEUTEL="x" * 40,
    )
    uit = subprocess.run(
        [sys.executable, "-c", "import veiligthuis.settings.production"],
        env=omgeving,
        capture_output=True,
        text=True,
        check=False,
    )
    assert uit.returncode != 0 and "VT_BSN_SLEUTELS" in uit.stderr
