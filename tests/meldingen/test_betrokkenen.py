"""Directbetrokkenen after intake (add, correct a role, "hoort niet bij") and the soort correction."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from diensten.eisen import eisen_van
from diensten.models import Gesprek, Vervolgdienst
from meldingen import services
from meldingen.adapters import FakeBrp, Ingeschrevene
from meldingen.afwegingskader import eerdere_meldingen
from meldingen.bsn import bsn_index
from meldingen.keuzes import MeldingStatus, RolInMelding, SoortMelding
from meldingen.models import (
    BetrokkeneWijziging,
    Directbetrokkene,
    Informering,
    Journaalregel,
    Koppelvoorstel,
    Melding,
    Persoon,
    WijzigingSoort,
)
from meldingen.selectors.dossier import termijnen_van
from meldingen.services import betrokkenen as bs
from meldingen.services.identiteit import koppelvoorstel_beslissen, koppelvoorstel_terugdraaien
from meldingen.services.intake import BetrokkeneGegevens
from tests.diensten.helpers import maak_dienst
from tests.factories import MedewerkerFactory
from tests.meldingen.test_services import gegevens
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang

ZUS = BetrokkeneGegevens(
    rol=RolInMelding.KIND, voornamen="Noor", achternaam="Jansen", geboortedatum=date(2016, 7, 9)
)

KEES = BetrokkeneGegevens(
    rol=RolInMelding.PLEGER, voornamen="Kees", achternaam="Jansen", geboortedatum=date(1984, 2, 2)
)


@pytest.fixture
def melding(onderzoeker):
    return services.melding_register(door=onderzoeker, gegevens=gegevens())


def _stand(melding: Melding) -> dict:
    """Everything a refused change could have touched."""
    return {
        "betrokkenen": sorted(melding.directbetrokkenen.values_list("pk", "persoon_id", "rol")),
        "personen": Persoon.objects.count(),
        "wijzigingen": BetrokkeneWijziging.objects.count(),
        "journaal": Journaalregel.objects.filter(melding=melding).count(),
        "voorstellen": Koppelvoorstel.objects.count(),
        "soort": Melding.objects.get(pk=melding.pk).soort,
        "audit": AuditLog.objects.exclude(actie__endswith="inzien").count(),
    }


# --- adding ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_toevoegen_legt_persoon_geschiedenis_journaal_en_audit_vast(melding, onderzoeker):
    db = bs.betrokkene_toevoegen(
        melding_id=melding.pk, door=onderzoeker, gegevens=ZUS, toelichting="Zus, vergeten."
    )
    assert db.melding == melding and db.rol == RolInMelding.KIND
    assert str(db.persoon) == "Noor Jansen"
    assert melding.directbetrokkenen.count() == 3
    wijziging = BetrokkeneWijziging.objects.get()
    assert (wijziging.soort, wijziging.persoon, wijziging.reden) == (
        WijzigingSoort.TOEGEVOEGD,
        db.persoon,
        "Zus, vergeten.",
    )
    assert melding.journaal.filter(
        tekst__startswith="Noor Jansen is als directbetrokkene (kind in het gezin) toegevoegd."
    ).exists()
    rij = AuditLog.objects.get(actie="melding.betrokkene_toevoegen")
    assert rij.details["persoon"] == db.persoon.pk


@pytest.mark.django_db
def test_toevoegen_koppelt_een_bekend_bsn_aan_de_bekende_persoon(onderzoeker):
    eerdere = services.melding_register(
        door=onderzoeker,
        gegevens=gegevens(
            directbetrokkenen=[replace(ZUS, bsn="123456782")],
            adres=replace(gegevens().adres, postcode="9999 ZZ"),
        ),
    )
    noor = eerdere.directbetrokkenen.get().persoon
    melding = services.melding_register(door=onderzoeker, gegevens=gegevens())
    assert eerdere_meldingen(melding).filter(pk=eerdere.pk).count() == 0
    personen = Persoon.objects.count()

    db = bs.betrokkene_toevoegen(
        melding_id=melding.pk,
        door=onderzoeker,
        gegevens=replace(ZUS, achternaam="Jansen-de Vries", bsn="123456782"),
    )
    assert db.persoon == noor, "een bekend BSN koppelt, ook met een andere schrijfwijze"
    assert Persoon.objects.count() == personen
    assert melding.journaal.filter(tekst__contains="gekoppeld aan bekende persoon op BSN").exists()
    assert eerdere_meldingen(melding).filter(pk=eerdere.pk).exists(), "de radar ziet het nu"


@pytest.mark.django_db
def test_toevoegen_van_een_bijna_gelijke_persoon_wordt_een_voorstel(onderzoeker):
    eerdere = services.melding_register(
        door=onderzoeker,
        gegevens=gegevens(
            directbetrokkenen=[ZUS], adres=replace(gegevens().adres, postcode="9999 ZZ")
        ),
    )
    melding = services.melding_register(door=onderzoeker, gegevens=gegevens())
    db = bs.betrokkene_toevoegen(
        melding_id=melding.pk, door=onderzoeker, gegevens=replace(ZUS, achternaam="Jnasen")
    )
    voorstel = Koppelvoorstel.objects.get()
    assert (voorstel.melding, voorstel.persoon) == (melding, db.persoon)
    assert voorstel.kandidaat == eerdere.directbetrokkenen.get().persoon
    assert melding.journaal.filter(tekst__contains="mogelijk een bekende persoon").exists()


@pytest.mark.django_db
def test_dezelfde_persoon_twee_keer_wordt_geweigerd(melding, onderzoeker):
    bs.betrokkene_toevoegen(melding_id=melding.pk, door=onderzoeker, gegevens=ZUS)
    voor = _stand(melding)
    with pytest.raises(DomainError, match="staat al bij de directbetrokkenen"):
        bs.betrokkene_toevoegen(melding_id=melding.pk, door=onderzoeker, gegevens=ZUS)
    assert _stand(melding) == voor


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("wijziging", "tekst"),
    [
        ({"achternaam": ""}, "De achternaam is verplicht."),
        ({"bsn": "123456789"}, "11-proef"),
        ({"rol": "buurman"}, "Kies een rol uit de lijst."),
        ({"geboortedatum": date(2999, 1, 1)}, "toekomst"),
    ],
)
def test_onjuiste_gegevens_worden_geweigerd(melding, onderzoeker, wijziging, tekst):
    voor = _stand(melding)
    with pytest.raises(DomainError, match=tekst):
        bs.betrokkene_toevoegen(
            melding_id=melding.pk, door=onderzoeker, gegevens=replace(ZUS, **wijziging)
        )
    assert _stand(melding) == voor


# --- who may -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_ander_team_en_directie_mogen_niets_wijzigen(
    melding, onderzoeker_ander_team, directie, onderzoeker
):
    db = melding.directbetrokkenen.get(rol="pleger")
    voor = _stand(melding)
    for wie in (onderzoeker_ander_team, directie):
        with pytest.raises(GeenToegang):
            bs.betrokkene_toevoegen(melding_id=melding.pk, door=wie, gegevens=ZUS)
        with pytest.raises(GeenToegang):
            bs.betrokkene_rol_wijzigen(
                betrokkene_id=db.pk, door=wie, rol="gezinslid", reden="Is de partner."
            )
        with pytest.raises(GeenToegang):
            bs.betrokkene_hoort_niet_bij(betrokkene_id=db.pk, door=wie, reden="Hoort er niet bij.")
        with pytest.raises(GeenToegang):
            bs.soort_corrigeren(
                melding_id=melding.pk, door=wie, soort=SoortMelding.HERMELDING, reden="Eerder."
            )
    assert _stand(melding) == voor


@pytest.mark.django_db
def test_een_afgesloten_melding_verandert_niet(melding, onderzoeker):
    Melding.objects.filter(pk=melding.pk).update(status=MeldingStatus.AFGESLOTEN)
    voor = _stand(melding)
    with pytest.raises(DomainError, match="afgesloten"):
        bs.betrokkene_toevoegen(melding_id=melding.pk, door=onderzoeker, gegevens=ZUS)
    with pytest.raises(DomainError, match="afgesloten"):
        bs.betrokkene_hoort_niet_bij(
            betrokkene_id=melding.directbetrokkenen.first().pk, door=onderzoeker, reden="Niet."
        )
    assert _stand(melding) == voor


# --- correcting a role and "hoort niet bij" ------------------------------------------------------


@pytest.mark.django_db
def test_rol_corrigeren_vraagt_een_reden_en_een_andere_rol(melding, onderzoeker):
    kees = melding.directbetrokkenen.get(rol="pleger")
    voor = _stand(melding)
    with pytest.raises(DomainError, match="Geef de reden van de correctie."):
        bs.betrokkene_rol_wijzigen(
            betrokkene_id=kees.pk, door=onderzoeker, rol="gezinslid", reden=" "
        )
    with pytest.raises(DomainError, match="Dit is al de rol"):
        bs.betrokkene_rol_wijzigen(
            betrokkene_id=kees.pk, door=onderzoeker, rol="pleger", reden="Toch."
        )
    assert _stand(melding) == voor

    bs.betrokkene_rol_wijzigen(
        betrokkene_id=kees.pk, door=onderzoeker, rol="gezinslid", reden="Vader, geen pleger."
    )
    assert Directbetrokkene.objects.get(pk=kees.pk).rol == "gezinslid"
    w = BetrokkeneWijziging.objects.get()
    assert (w.soort, w.oude_rol, w.nieuwe_rol) == (
        WijzigingSoort.ROL_GEWIJZIGD,
        "pleger",
        "gezinslid",
    )
    assert melding.journaal.filter(
        tekst="Rol van Kees Jansen gecorrigeerd van vermoedelijke pleger naar ander gezinslid. Reden: Vader, geen pleger."
    ).exists()
    assert AuditLog.objects.get(actie="melding.betrokkene_rol").details["nieuw"] == "gezinslid"


@pytest.mark.django_db
def test_hoort_niet_bij_haalt_de_persoon_van_de_melding_en_bewaart_wie_het_was(
    onderzoeker,
):
    # Kees was in an earlier melding too: the radar counts it through him until he is removed.
    eerdere = services.melding_register(
        door=onderzoeker,
        gegevens=gegevens(
            directbetrokkenen=[KEES],
            adres=replace(gegevens().adres, postcode="9999 ZZ"),
        ),
    )
    basis = gegevens()
    melding = services.melding_register(
        door=onderzoeker,
        gegevens=replace(basis, directbetrokkenen=[basis.directbetrokkenen[0], KEES]),
    )
    kees = melding.directbetrokkenen.get(rol="pleger")
    assert kees.persoon == eerdere.directbetrokkenen.get().persoon
    assert eerdere_meldingen(melding).filter(pk=eerdere.pk).exists()

    with pytest.raises(DomainError, match="Geef de reden waarom"):
        bs.betrokkene_hoort_niet_bij(betrokkene_id=kees.pk, door=onderzoeker, reden="")
    bs.betrokkene_hoort_niet_bij(
        betrokkene_id=kees.pk, door=onderzoeker, reden="Naamgenoot; woont niet op dit adres."
    )
    assert list(melding.directbetrokkenen.values_list("rol", flat=True)) == ["kind"]
    w = BetrokkeneWijziging.objects.get()
    assert (w.soort, w.persoon, w.oude_rol) == (
        WijzigingSoort.HOORT_NIET_BIJ,
        kees.persoon,
        "pleger",
    )
    assert Persoon.objects.filter(pk=kees.persoon_id).exists(), "de persoon zelf blijft bestaan"
    assert not eerdere_meldingen(melding).filter(pk=eerdere.pk).exists()
    assert melding.journaal.filter(tekst__contains="hoort niet bij deze melding").exists()
    assert AuditLog.objects.filter(actie="melding.betrokkene_hoort_niet_bij").count() == 1


@pytest.mark.django_db
def test_de_laatste_directbetrokkene_blijft(onderzoeker):
    melding = services.melding_register(
        door=onderzoeker, gegevens=gegevens(directbetrokkenen=[gegevens().directbetrokkenen[0]])
    )
    voor = _stand(melding)
    with pytest.raises(DomainError, match="minstens één directbetrokkene"):
        bs.betrokkene_hoort_niet_bij(
            betrokkene_id=melding.directbetrokkenen.get().pk, door=onderzoeker, reden="Fout."
        )
    assert _stand(melding) == voor


@pytest.mark.django_db
def test_wie_al_gesproken_is_gaat_niet_verloren(onderzoeker):
    dienst = maak_dienst(team=onderzoeker.team)
    melding = dienst.melding
    ander = MedewerkerFactory(team=onderzoeker.team, rollen=["onderzoeker"])
    # A second person, so removing the one spoken with is not refused for being the last one.
    bs.betrokkene_toevoegen(melding_id=melding.pk, door=ander, gegevens=ZUS)
    kind = melding.directbetrokkenen.exclude(persoon__voornamen="Noor").first()
    Gesprek.objects.create(
        dienst=dienst, directbetrokkene=kind, datum=timezone.localdate(), vorm="gesprek", door=ander
    )
    voor = _stand(melding)
    with pytest.raises(DomainError, match="al werk vastgelegd \\(gesprekken\\)"):
        bs.betrokkene_hoort_niet_bij(betrokkene_id=kind.pk, door=ander, reden="Vergissing.")
    assert _stand(melding) == voor
    assert Gesprek.objects.filter(directbetrokkene=kind).count() == 1


@pytest.mark.django_db
def test_de_eisen_van_de_dienst_volgen_de_huidige_lijst(onderzoeker):
    dienst = maak_dienst(team=onderzoeker.team)
    codes = lambda: {e.code for e in eisen_van(Vervolgdienst.objects.get(pk=dienst.pk))}  # noqa: E731
    db = bs.betrokkene_toevoegen(melding_id=dienst.melding_id, door=onderzoeker, gegevens=ZUS)
    assert f"gesprek:{db.pk}" in codes()
    bs.betrokkene_hoort_niet_bij(
        betrokkene_id=db.pk, door=onderzoeker, reden="Nichtje, woont elders."
    )
    assert f"gesprek:{db.pk}" not in codes()


# --- BRP -------------------------------------------------------------------------------------------


@pytest.fixture
def brp_adres():
    FakeBrp.inschrijven(
        postcode="2511AA",
        huisnummer="3",
        personen=[
            Ingeschrevene("Sem", "", "Jansen", "2018-03-01", "man", "111222333"),
            Ingeschrevene("Lotte", "", "Jansen", "2021-11-30", "vrouw", "123456782"),
        ],
    )
    yield
    FakeBrp.ingeschreven.clear()


@pytest.mark.django_db
def test_bewoners_uit_de_brp_toevoegen(melding, onderzoeker, brp_adres):
    rijen = bs.bewoners_volgens_brp(melding=melding, door=onderzoeker)
    assert [(r["persoon"].voornamen, r["bij_melding"]) for r in rijen] == [
        ("Sem", True),
        ("Lotte", False),
    ]
    assert AuditLog.objects.filter(actie="melding.brp_bewoners").count() == 1
    db = bs.betrokkene_uit_brp(
        melding_id=melding.pk, door=onderzoeker, bsn="123456782", rol=RolInMelding.KIND
    )
    assert (db.persoon.voornamen, db.persoon.bsn, db.persoon.geboortedatum) == (
        "Lotte",
        "123456782",
        date(2021, 11, 30),
    )
    with pytest.raises(DomainError, match="niet meer\\) op dit adres"):
        bs.betrokkene_uit_brp(
            melding_id=melding.pk, door=onderzoeker, bsn="999999990", rol=RolInMelding.KIND
        )


@pytest.mark.django_db
def test_brp_zonder_adres_geeft_een_nette_melding(onderzoeker):
    melding = services.melding_register(door=onderzoeker, gegevens=gegevens(adres=None))
    with pytest.raises(DomainError, match="geen adres bekend"):
        bs.bewoners_volgens_brp(melding=melding, door=onderzoeker)


# --- soort melding ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_soort_corrigeren_met_reden(melding, onderzoeker):
    assert melding.soort == SoortMelding.EERSTE
    voor = _stand(melding)
    for soort, reden, tekst in (
        (SoortMelding.HERMELDING, "", "Geef de reden"),
        ("tweede", "Eerder.", "Kies een soort melding"),
        (SoortMelding.EERSTE, "Eerder.", "heeft deze soort al"),
    ):
        with pytest.raises(DomainError, match=tekst):
            bs.soort_corrigeren(melding_id=melding.pk, door=onderzoeker, soort=soort, reden=reden)
    assert _stand(melding) == voor
    bs.soort_corrigeren(
        melding_id=melding.pk,
        door=onderzoeker,
        soort=SoortMelding.HERMELDING,
        reden="Melding in 2019 bij VT Rotterdam; daar afgerond.",
    )
    assert Melding.objects.get(pk=melding.pk).soort == SoortMelding.HERMELDING
    assert melding.journaal.filter(
        tekst__startswith="Soort melding gecorrigeerd van eerste melding naar hermelding."
    ).exists()
    assert AuditLog.objects.get(actie="melding.soort_corrigeren").details == {
        "oud": "eerste",
        "nieuw": "hermelding",
    }


# --- the pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pagina_toevoegen_en_fouten(client, melding, onderzoeker, onderzoeker_ander_team):
    url = reverse("betrokkenen_wijzigen", args=[melding.nummer])
    client.force_login(onderzoeker_ander_team)
    assert client.get(url).status_code == 404
    client.force_login(onderzoeker)
    html = client.get(url).content.decode()
    assert "Sem Jansen" in html and "Hoort niet bij deze melding" in html

    toevoegen = reverse("betrokkene_toevoegen", args=[melding.nummer])
    fout = client.post(toevoegen, {"db-0-rol": "kind", "db-0-voornamen": "Noor"})
    assert fout.status_code == 400
    assert "De achternaam is verplicht." in fout.content.decode()
    assert melding.directbetrokkenen.count() == 2

    antwoord = client.post(
        toevoegen,
        {
            "db-0-rol": "kind",
            "db-0-voornamen": "Noor",
            "db-0-achternaam": "Jansen",
            "db-0-geboortedatum": "2016-07-09",
            "db-0-geslacht": "vrouw",
        },
    )
    assert antwoord.status_code == 302 and antwoord["Location"].endswith("#huidige")
    assert melding.directbetrokkenen.filter(persoon__voornamen="Noor").exists()
    assert "De directbetrokkene is toegevoegd." in client.get(url).content.decode()


@pytest.mark.django_db
def test_pagina_rol_en_hoort_niet_bij(client, melding, onderzoeker):
    client.force_login(onderzoeker)
    kees = melding.directbetrokkenen.get(rol="pleger")
    rol_url = reverse("betrokkene_rol", args=[melding.nummer, kees.pk])
    fout = client.post(rol_url, {f"rol-{kees.pk}-rol": "gezinslid", f"rol-{kees.pk}-reden": ""})
    assert fout.status_code == 400 and "Geef de reden van de correctie." in fout.content.decode()
    assert (
        client.post(
            rol_url, {f"rol-{kees.pk}-rol": "gezinslid", f"rol-{kees.pk}-reden": "Vader."}
        ).status_code
        == 302
    )
    weg_url = reverse("betrokkene_hoort_niet_bij", args=[melding.nummer, kees.pk])
    assert client.post(weg_url, {f"weg-{kees.pk}-reden": "Naamgenoot."}).status_code == 302
    assert not melding.directbetrokkenen.filter(pk=kees.pk).exists()
    html = client.get(reverse("betrokkenen_wijzigen", args=[melding.nummer])).content.decode()
    assert "hoort niet bij deze melding" in html and "Naamgenoot." in html


@pytest.mark.django_db
def test_pagina_brp_en_soort(client, melding, onderzoeker, brp_adres):
    client.force_login(onderzoeker)
    url = reverse("betrokkenen_wijzigen", args=[melding.nummer])
    html = client.get(url + "?brp=1").content.decode()
    assert "Lotte" in html and "staat al bij de melding" in html
    antwoord = client.post(
        reverse("betrokkene_uit_brp", args=[melding.nummer]), {"bsn": "123456782", "rol": "kind"}
    )
    assert antwoord.status_code == 302
    assert melding.directbetrokkenen.filter(persoon__bsn_index=bsn_index("123456782")).exists()

    soort_url = reverse("soort_corrigeren", args=[melding.nummer])
    assert client.get(soort_url).status_code == 200
    fout = client.post(soort_url, {"soort": "hermelding", "reden": ""})
    assert fout.status_code == 400 and "Geef de reden van de correctie." in fout.content.decode()
    assert (
        client.post(soort_url, {"soort": "hermelding", "reden": "Eerder elders."}).status_code
        == 302
    )
    assert Melding.objects.get(pk=melding.pk).soort == "hermelding"
    dossier = client.get(reverse("melding_dossier", args=[melding.nummer])).content.decode()
    assert "De soort melding is gecorrigeerd." in dossier


# --- searching again: two records of one person, merged and split through the review ------------


def _alle_koppelingen() -> list[tuple]:
    return sorted(Directbetrokkene.objects.values_list("pk", "melding_id", "persoon_id", "rol"))


@pytest.mark.django_db
def test_opnieuw_zoeken_samenvoegen_en_splitsen_herstelt_elke_koppeling(
    onderzoeker, werkbegeleider
):
    eerste = services.melding_register(door=onderzoeker, gegevens=gegevens())
    tweede = services.melding_register(
        door=onderzoeker,
        gegevens=gegevens(adres=replace(gegevens().adres, postcode="9999 ZZ")),
    )
    # Legacy data: the second melding's Sem is a record of his own (made before matching existed).
    sem_oud = eerste.directbetrokkenen.get(rol="kind").persoon
    dubbel = Persoon.objects.create(
        voornamen="Sem", achternaam="Jansen", geboortedatum=sem_oud.geboortedatum
    )
    tweede.directbetrokkenen.filter(rol="kind").update(persoon=dubbel)
    voor = (_alle_koppelingen(), sorted(Persoon.objects.values_list("pk", "bsn")))

    assert bs.bekende_personen_zoeken(melding_id=tweede.pk, door=onderzoeker) == 1
    voorstel = Koppelvoorstel.objects.get()
    assert (voorstel.melding, voorstel.persoon, voorstel.kandidaat) == (tweede, dubbel, sem_oud)
    assert tweede.journaal.filter(tekst__contains="1 keer mogelijk dezelfde persoon").exists()
    assert bs.bekende_personen_zoeken(melding_id=tweede.pk, door=onderzoeker) == 0, "onthouden"
    assert _alle_koppelingen() == voor[0], "zoeken alleen koppelt niets"

    koppelvoorstel_beslissen(
        voorstel_id=voorstel.pk, door=onderzoeker, zelfde=True, reden="Zelfde kind, BRP gecheckt."
    )
    assert tweede.directbetrokkenen.get(rol="kind").persoon == sem_oud
    koppelvoorstel_terugdraaien(
        voorstel_id=voorstel.pk, door=werkbegeleider, reden="Toch een neefje met dezelfde naam."
    )
    assert (_alle_koppelingen(), sorted(Persoon.objects.values_list("pk", "bsn"))) == voor


@pytest.mark.django_db
def test_opnieuw_zoeken_via_de_pagina(client, onderzoeker, onderzoeker_ander_team):
    melding = services.melding_register(door=onderzoeker, gegevens=gegevens())
    url = reverse("personen_herzoeken", args=[melding.nummer])
    client.force_login(onderzoeker_ander_team)
    assert client.post(url).status_code == 404
    client.force_login(onderzoeker)
    antwoord = client.post(url, follow=True)
    assert "Geen andere bekende personen gevonden" in antwoord.content.decode()
    assert AuditLog.objects.filter(actie="melding.personen_herzoeken").count() == 1


# --- informing each directbetrokkene (Wmo 2015 art. 5.3.1) ---------------------------------------


def _informeer(betrokkene, door, **wijzigingen):
    argumenten = {"wijze": "brief", "op": timezone.now() - timedelta(minutes=1)} | wijzigingen
    return bs.betrokkene_informeren(betrokkene_id=betrokkene.pk, door=door, **argumenten)


@pytest.mark.django_db
def test_de_termijn_is_pas_gehaald_als_iedereen_is_geinformeerd(melding, onderzoeker):
    sem, kees = melding.directbetrokkenen.order_by("pk")
    _informeer(sem, onderzoeker, wijze="gesprek")
    assert Melding.objects.get(pk=melding.pk).betrokkenen_geinformeerd_op is None
    _informeer(
        kees,
        onderzoeker,
        wijze="niet",
        grond="veiligheid",
        toelichting="Informeren brengt moeder en kind in gevaar; opnieuw wegen bij de overdracht.",
    )
    klaar = Melding.objects.get(pk=melding.pk)
    assert klaar.betrokkenen_geinformeerd_op == max(
        i.op for i in Informering.objects.filter(melding=melding)
    )
    assert melding.journaal.filter(tekst__contains="wordt niet geïnformeerd: zwaarwegend").exists()
    assert AuditLog.objects.filter(actie="melding.betrokkene_informeren").count() == 2
    termijn = next(t for t in termijnen_van(klaar) if t.naam == "Directbetrokkenen informeren")
    assert termijn.afgerond_op == klaar.betrokkenen_geinformeerd_op


@pytest.mark.django_db
def test_een_later_toegevoegde_persoon_moet_ook_worden_geinformeerd(melding, onderzoeker):
    for betrokkene in melding.directbetrokkenen.all():
        _informeer(betrokkene, onderzoeker)
    assert Melding.objects.get(pk=melding.pk).betrokkenen_geinformeerd_op is not None
    noor = bs.betrokkene_toevoegen(melding_id=melding.pk, door=onderzoeker, gegevens=ZUS)
    assert Melding.objects.get(pk=melding.pk).betrokkenen_geinformeerd_op is None
    bs.betrokkene_hoort_niet_bij(betrokkene_id=noor.pk, door=onderzoeker, reden="Toch niet.")
    assert Melding.objects.get(pk=melding.pk).betrokkenen_geinformeerd_op is not None


@pytest.mark.django_db
def test_laat_toegevoegd_krijgt_vier_weken(onderzoeker):
    melding = services.melding_register(door=onderzoeker, gegevens=gegevens())
    Melding.objects.filter(pk=melding.pk).update(
        termijn_informeren_betrokkenen=timezone.now() - timedelta(days=1)
    )
    bs.betrokkene_toevoegen(melding_id=melding.pk, door=onderzoeker, gegevens=ZUS)
    termijn = Melding.objects.get(pk=melding.pk).termijn_informeren_betrokkenen
    assert termijn > timezone.now() + timedelta(days=27)
    assert melding.journaal.filter(tekst__contains="vier weken na het vastleggen").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("wijzigingen", "tekst"),
    [
        ({"wijze": "sms"}, "Kies hoe de persoon"),
        ({"op": None}, "Vul de datum in."),
        ({"op": timezone.now() + timedelta(days=2)}, "in de toekomst"),
        ({"op": timezone.now() - timedelta(days=400)}, "vóór de ontvangst"),
        ({"wijze": "niet", "toelichting": "Gevaar."}, "wettelijke grond"),
        ({"wijze": "niet", "grond": "veiligheid"}, "Licht toe waarom"),
    ],
)
def test_informeren_weigert_onvolledige_gegevens(melding, onderzoeker, wijzigingen, tekst):
    voor = (_stand(melding), Informering.objects.count())
    with pytest.raises(DomainError, match=tekst):
        _informeer(melding.directbetrokkenen.first(), onderzoeker, **wijzigingen)
    assert (_stand(melding), Informering.objects.count()) == voor


@pytest.mark.django_db
def test_informeren_eenmaal_en_niet_door_een_ander_team(
    melding, onderzoeker, onderzoeker_ander_team
):
    sem = melding.directbetrokkenen.first()
    with pytest.raises(GeenToegang):
        _informeer(sem, onderzoeker_ander_team)
    _informeer(sem, onderzoeker)
    with pytest.raises(DomainError, match="al vastgelegd"):
        _informeer(sem, onderzoeker, wijze="gesprek")
    assert Informering.objects.count() == 1


@pytest.mark.django_db
def test_informeren_via_de_pagina(client, melding, onderzoeker):
    client.force_login(onderzoeker)
    sem = melding.directbetrokkenen.first()
    url = reverse("betrokkene_informeren", args=[melding.nummer, sem.pk])
    fout = client.post(url, {f"info-{sem.pk}-wijze": "brief"})
    assert fout.status_code == 400 and "Vul de datum in." in fout.content.decode()
    moment = timezone.localtime() - timedelta(hours=1)
    goed = client.post(
        url,
        {f"info-{sem.pk}-wijze": "brief", f"info-{sem.pk}-op": moment.strftime("%Y-%m-%dT%H:%M")},
    )
    assert goed.status_code == 302
    html = client.get(reverse("betrokkenen_wijzigen", args=[melding.nummer])).content.decode()
    assert f"{moment:%d-%m-%Y}, per brief" in html
