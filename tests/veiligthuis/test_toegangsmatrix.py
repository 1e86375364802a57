"""The need-to-know matrix (issue 6 item 2): every URL × every role (and anonymous) × own team /
other team, against the rules in `veiligthuis.rechten`.

- `test_elke_url_staat_in_de_matrix` walks the resolver: a new page without an entry here fails.
- `test_toegangsmatrix[<rol>]` builds one fixed world (two teams; per team a melding in each
  relevant state, a dienst with overdracht and monitoring, an advies; a consult naming the
  deskundigen of the own team) and requests every entry. GET everywhere; POST on action endpoints
  where the rule refuses, and then nothing may have changed. Every refusal is 302 (login), 403 or
  404 — never a 500 — and no response, refused or not, contains the other team's names, BSN or
  samenvatting; directie and beheer see those of no team at all.

Codes, decided once (see `veiligthuis.rechten`): no case role → 403 before any lookup; a case role
asking for a case outside its scope → 404 (a 403 would confirm the number exists).
`test_matrix_omvang` prints the size of the matrix (roles × endpoints × team variants).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from diensten import services as dienst_services
from diensten.keuzes import DienstStatus, DienstType
from diensten.models import Afwijking, Gesprek, Monitoringsmoment, Terugkoppeling, Vervolgdienst
from meldingen.keuzes import RolInMelding
from meldingen.models import (
    Activiteit,
    Advies,
    Bijlage,
    Consult,
    Directbetrokkene,
    Journaalregel,
    Melding,
    Persoon,
    Statuswijziging,
    Verrijkingstaak,
)
from tests.diensten.helpers import ketenpartner_maken, maak_dienst, overdracht_na_b_maken
from tests.factories import (
    AdviesFactory,
    GemeenteFactory,
    MedewerkerFactory,
    MeldingFactory,
    PersoonFactory,
    TeamFactory,
    consult_met,
)
from veiligthuis import termijnen
from veiligthuis.audit import AuditLog
from verantwoording.models import Calamiteit, Klacht

TEAMROLLEN = ("onderzoeker", "werkbegeleider", "regiomanager", "secretariaat")
CONSULTROLLEN = ("gedragswetenschapper", "vertrouwensarts", "aandachtfunctionaris")
GEEN_CASUSROL = ("directie", "beheer")
ROLLEN = (*TEAMROLLEN, *CONSULTROLLEN, *GEEN_CASUSROL)
ANONIEM = "anoniem"
ALLE = (*ROLLEN, ANONIEM)
INTAKE = ("onderzoeker", "werkbegeleider", "secretariaat")
ADVIES = ("onderzoeker", "werkbegeleider", *CONSULTROLLEN)
CASUS = (*TEAMROLLEN, *CONSULTROLLEN)
CBS_INZIEN = ("directie", "beheer", "werkbegeleider", "regiomanager")
KLACHTROLLEN = ("secretariaat", "regiomanager")

# Marker strings: the other team's persons, BSN and summary must never appear in a response.
MARKERS = {
    "eigen": ("Kievitsbloem", "271828183", "SAMENVATTING-EIGEN-TEAM"),
    "ander": ("Zwaluwstaart", "123456782", "SAMENVATTING-ANDER-TEAM"),
}
GEWEIGERD = {302, 403, 404, 405}


# --- The table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Regel:
    """One URL name: which object it is about, and the expected code per role.

    `verwacht[rol]` is a code, a set of acceptable codes, or a pair (own team, other team).
    `post`: also POST an empty body where the rule refuses, and check nothing changed.
    """

    object: str | None
    verwacht: dict
    post: bool = False
    extra: dict = field(default_factory=dict)
    # Roles allowed to act on the other team's case here (organisation-wide steering).
    ander_toegestaan: tuple = ()


def rollen(standaard, **uitzonderingen) -> dict:
    """Expected codes: `standaard` for every role (and 302 for anonymous), with exceptions."""
    verwacht = dict.fromkeys(ROLLEN, standaard)
    verwacht[ANONIEM] = 302
    for rol, code in uitzonderingen.items():
        verwacht[rol] = code
    return verwacht


def voor(toegestaan: tuple, code_ok=200, code_anders=403, **uitz) -> dict:
    """`code_ok` for the roles in `toegestaan`, `code_anders` for the others."""
    verwacht = rollen(code_anders, **uitz)
    for rol in toegestaan:
        verwacht.setdefault(rol, code_ok)
        if rol not in uitz:
            verwacht[rol] = code_ok
    return verwacht


EIGEN_NIET_ANDER = (200, 404)
NIETS = (404, 404)
POST_ALLEEN = 405

# A case page about a melding the consult roles were consulted on (own team).
DOSSIER = voor(CASUS, EIGEN_NIET_ANDER)
# A case page the consult roles were not consulted on: team roles only.
TEAMDOSSIER = voor(TEAMROLLEN, EIGEN_NIET_ANDER, **dict.fromkeys(CONSULTROLLEN, NIETS))
# POST-only actions on a case: GET is 405 for everyone logged in; POST refused outside scope.
ACTIE = rollen(POST_ALLEEN)
# DRF checks permissions before the method: without a case role even a GET is a 403.
API_ACTIE = {**rollen(POST_ALLEEN), **dict.fromkeys(GEEN_CASUSROL, 403), ANONIEM: 403}
TEAMLIJST = voor(CASUS)
API_LIJST = {**voor(CASUS), ANONIEM: 403}
API_DOSSIER = {**voor(CASUS, EIGEN_NIET_ANDER), ANONIEM: 403}
API_ADVIES = {**voor(CASUS, EIGEN_NIET_ANDER), ANONIEM: 403}

# A document that does not exist in a case the role may or may not see: 404 for every case role
# (never a hint whether the case exists), 403 without one.
GEEN_DOCUMENT = {**rollen(404), **dict.fromkeys(GEEN_CASUSROL, 403)}

MATRIX: dict[str, Regel] = {
    # kernel
    "home": Regel(None, rollen(200)),
    "beheer_auditlog": Regel(None, voor(("beheer",))),
    "beheer_auditlog_inzage": Regel(None, voor(("beheer",))),
    # intake and adviezen
    "advies_lijst": Regel(None, TEAMLIJST),
    "advies_nieuw": Regel(None, voor(ADVIES)),
    "advies_detail": Regel("advies", voor(CASUS, EIGEN_NIET_ANDER)),
    "advies_afronden": Regel("advies", ACTIE, post=True),
    "advies_bijlage_toevoegen": Regel("advies", ACTIE, post=True),
    "advies_bijlage_downloaden": Regel("advies", GEEN_DOCUMENT, extra={"pk": 999999}),
    "advies_omzetten": Regel(
        "advies",
        voor(
            INTAKE, EIGEN_NIET_ANDER, **dict.fromkeys(("regiomanager", *CONSULTROLLEN), (403, 404))
        ),
    ),
    "melding_nieuw": Regel(None, voor(INTAKE)),
    "betrokkene_formulier": Regel(None, voor(INTAKE), extra={"?": "index=0"}),
    "persoon_kandidaten": Regel(None, voor(INTAKE), extra={"?": "index=0"}),
    "mogelijk_dezelfde": Regel(None, voor(INTAKE)),
    # search in the header: case roles only; what it shows per team is tests/meldingen/test_zoeken.py
    "zoeken": Regel(None, voor(CASUS), extra={"?": "q=2511+AB+12"}),
    "koppelvoorstel_beslissen": Regel(None, rollen(POST_ALLEEN), extra={"voorstel_id": 999999}),
    "koppelvoorstel_terugdraaien": Regel(None, rollen(POST_ALLEEN), extra={"voorstel_id": 999999}),
    # screening and triage
    "te_screenen": Regel(None, TEAMLIJST),
    "melding_screenen": Regel("ontvangen", TEAMDOSSIER, post=True),
    "overige_zorg_oordeel": Regel(
        "overige_zorg",
        voor(("gedragswetenschapper", "aandachtfunctionaris"), EIGEN_NIET_ANDER),
        post=True,
    ),
    "triagelijst": Regel(None, TEAMLIJST),
    "triagelijst_organisatie": Regel(None, voor(("werkbegeleider", "regiomanager"))),
    "melding_oppakken": Regel("triage", voor(("onderzoeker",), EIGEN_NIET_ANDER), post=True),
    # teamoverstijgend prioriteren: the own team's werkbegeleider, or any regiomanager
    "melding_ander_team": Regel(
        "triage",
        voor(("werkbegeleider",), EIGEN_NIET_ANDER, regiomanager=(200, 200)),
        post=True,
        ander_toegestaan=("regiomanager",),
    ),
    # the dossier (consulted melding)
    "melding_dossier": Regel("dossier", DOSSIER),
    "journaal_toevoegen": Regel("dossier", ACTIE, post=True),
    "bijlage_toevoegen": Regel("dossier", ACTIE, post=True),
    "bijlage_downloaden": Regel("dossier", GEEN_DOCUMENT, extra={"pk": 999999}),
    "activiteit_toevoegen": Regel("dossier", ACTIE, post=True),
    "consult_toevoegen": Regel("dossier", ACTIE, post=True),
    # the household page: read like the dossier; merging and splitting are POSTs
    "melding_huishouden": Regel("dossier", DOSSIER),
    "huishouden_samenvoegen": Regel("dossier", ACTIE, post=True),
    "huishouden_splitsen": Regel("dossier", ACTIE, post=True, extra={"samenvoeging_id": 999999}),
    # the consult form, opened on demand: whoever may add to the dossier
    "consult_formulier": Regel("dossier", DOSSIER),
    "verrijking_bijwerken": Regel("dossier", ACTIE, post=True, extra={"taak_id": "taak"}),
    "radar_reden": Regel("dossier", ACTIE, post=True),
    "melding_afsluiten": Regel("dossier", ACTIE, post=True),
    "melding_teruggeven": Regel("dossier", ACTIE, post=True),
    "informeren_verlengen": Regel("dossier", ACTIE, post=True),
    # directbetrokkenen after intake and the soort melding (lead's page and actions)
    "betrokkenen_wijzigen": Regel("dossier", DOSSIER, extra={"?": "brp=1"}),
    "betrokkene_toevoegen": Regel("dossier", ACTIE, post=True),
    "betrokkene_uit_brp": Regel("dossier", ACTIE, post=True),
    "betrokkene_rol": Regel("dossier", ACTIE, post=True, extra={"betrokkene_id": 999999}),
    "betrokkene_hoort_niet_bij": Regel(
        "dossier", ACTIE, post=True, extra={"betrokkene_id": 999999}
    ),
    "soort_corrigeren": Regel("dossier", DOSSIER, post=True),
    "personen_herzoeken": Regel("dossier", ACTIE, post=True),
    "betrokkene_informeren": Regel("dossier", ACTIE, post=True, extra={"betrokkene_id": 999999}),
    "beoordeling_b": Regel("dossier", DOSSIER, post=True),
    "besluit_nemen": Regel("dossier", DOSSIER, post=True),
    # issue 12: aard after intake and herprioriteren, forms on the beoordeling page
    "melding_aard_wijzigen": Regel("dossier", ACTIE, post=True),
    "melding_herprioriteren": Regel("dossier", ACTIE, post=True),
    "verrijking_overslaan": Regel("dossier", ACTIE, post=True, extra={"taak_id": "taak"}),
    "melding_terugkoppeling": Regel("dienstmelding", DOSSIER, post=True),
    "melding_overdracht": Regel("overdrachtmelding", DOSSIER, post=True),
    "melding_overdrachtsbrief": Regel("overdrachtmelding", DOSSIER),
    "afspraak_controle": Regel(None, rollen(POST_ALLEEN), extra={"pk": "afspraak"}),
    # letters as PDF, kept in the dossier (diensten/views/brieven.py): POST only
    "melding_overdrachtsbrief_pdf": Regel("overdrachtmelding", ACTIE, post=True),
    "melding_informeringsbrief_pdf": Regel("dossier", ACTIE, post=True),
    "melding_terugkoppelingsbrief_pdf": Regel("dienstmelding", ACTIE, post=True),
    # destruction: a team's case; refused outside it
    "melding_vernietiging": Regel("dossier", DOSSIER),
    "vernietiging_aanbieden": Regel("dossier", ACTIE, post=True),
    "vernietigingsverzoek_vastleggen": Regel("dossier", ACTIE, post=True),
    "vernietigingsverzoek_beslissen": Regel(
        "dossier", ACTIE, post=True, extra={"verzoek_id": 999999}
    ),
    "vernietigingsverzoek_uitvoeren": Regel(
        "dossier", ACTIE, post=True, extra={"verzoek_id": 999999}
    ),
    # zicht op veiligheid (lead): a waiting melding of the team
    "zicht_op_veiligheid": Regel("triage", TEAMDOSSIER, post=True),
    # diensten (the dienst's melding is one the consult roles were consulted on)
    "dienst_lijst": Regel(None, TEAMLIJST),
    "dienst_detail": Regel("dienst", DOSSIER),
    "dienst_overdracht": Regel("dienst", DOSSIER, post=True),
    "dienst_ander_team": Regel(
        "dienst",
        voor(("werkbegeleider",), EIGEN_NIET_ANDER, regiomanager=(200, 200)),
        post=True,
        ander_toegestaan=("regiomanager",),
    ),
    "dienst_overdrachtsbrief": Regel("dienst", DOSSIER),
    "dienst_afsluitbrief": Regel("dienst", DOSSIER),
    "dienst_overdrachtsbrief_pdf": Regel("dienst", ACTIE, post=True),
    "dienst_afsluitbrief_pdf": Regel("dienst", ACTIE, post=True),
    **{
        naam: Regel("dienst", ACTIE, post=True)
        for naam in (
            "dienst_uitvoerder",
            "dienst_gesprek",
            "dienst_bijlage",
            "dienst_informant",
            "dienst_conclusie",
            "dienst_voorwaarde",
            "dienst_bevindingen",
            "dienst_afwijking",
            "dienst_afronden",
            "dienst_stoppen",
            "dienst_ketenpartner_gestart",
            "dienst_monitoring_starten",
            "dienst_afsluiten",
        )
    },
    "dienst_afwijking_goedkeuren": Regel(
        "dienst", ACTIE, post=True, extra={"afwijking_id": 999999}
    ),
    "dienst_monitoringsmoment": Regel("dienst", ACTIE, post=True, extra={"moment_id": "moment"}),
    # wachtlijst
    "werkbegeleider": Regel(None, voor(("werkbegeleider", "regiomanager"))),
    "werkbegeleider_herverdelen": Regel("dossier", ACTIE, post=True),
    # no such medewerker in any team: refused for every role, nothing moves
    "werkbegeleider_herverdelen_alle": Regel(
        None, ACTIE, post=True, extra={"medewerker_id": 999_999}
    ),
    "directie": Regel(None, voor(("directie", "regiomanager"))),
    "directie_per_team": Regel(None, voor(("directie", "regiomanager"))),
    "notificaties": Regel(None, rollen(200)),
    "notificaties_gelezen": Regel(None, rollen(POST_ALLEEN)),
    "notificatie_openen": Regel(None, rollen(POST_ALLEEN), extra={"notificatie_id": 999999}),
    "rapportages": Regel(None, voor(("directie", "regiomanager", "werkbegeleider"))),
    "rapportage_wachtlijst": Regel(None, voor(("directie", "regiomanager", "werkbegeleider"))),
    "rapportage_kwartaal": Regel(None, voor(("directie", "regiomanager", "werkbegeleider"))),
    "prognose": Regel(None, voor(("directie", "regiomanager", "werkbegeleider"))),
    # verantwoording: the CBS delivery (verantwoording/views/cbs.py). No delivery exists in this
    # world, so a delivery page is 404 for the roles that may see one and 403 for the others.
    "cbs": Regel(None, voor(CBS_INZIEN)),
    "cbs_aanvragen": Regel(None, rollen(POST_ALLEEN)),
    "cbs_aanlevering": Regel(None, voor(CBS_INZIEN, 404), extra={"pk": 999999}),
    "cbs_voortgang": Regel(None, voor(CBS_INZIEN, 404), extra={"pk": 999999}),
    "cbs_download": Regel(None, voor(("directie", "beheer"), 404), extra={"pk": 999999}),
    # verantwoording: klachten (secretariaat, regiomanager), calamiteiten (regiomanager),
    # inspectiedossier (the report roles; case numbers per scope, tests/verantwoording)
    "klacht_lijst": Regel(None, voor(KLACHTROLLEN)),
    "klacht_nieuw": Regel(None, voor(KLACHTROLLEN), post=True),
    "klacht_detail": Regel("klacht", voor(KLACHTROLLEN, EIGEN_NIET_ANDER)),
    **{
        f"klacht_{stap}": Regel("klacht", ACTIE, post=True)
        for stap in (
            "bevestigen",
            "vertrouwenspersoon",
            "gesprek",
            "oordeel",
            "afhandelen",
            "verlengen",
        )
    },
    "calamiteit_lijst": Regel(None, voor(("regiomanager",))),
    "calamiteit_nieuw": Regel(None, voor(("regiomanager",)), post=True),
    "calamiteit_detail": Regel("calamiteit", voor(("regiomanager",), EIGEN_NIET_ANDER)),
    **{
        f"calamiteit_{stap}": Regel("calamiteit", ACTIE, post=True)
        for stap in ("melden", "analyse", "rapport", "afronden")
    },
    "inspectiedossier": Regel(None, voor(("directie", "regiomanager", "werkbegeleider"))),
    # API: meldingen and adviezen
    "api-root": Regel(None, {**rollen(200), ANONIEM: 403}),
    "advies-list": Regel(None, API_LIJST),
    "advies-detail": Regel("advies", API_ADVIES),
    "advies-afronden": Regel("advies", API_ACTIE, post=True),
    "advies-omzetten": Regel("advies", API_ACTIE, post=True),
    "melding-list": Regel(None, API_LIJST, post=True),
    "melding-detail": Regel("dossier", API_DOSSIER),
    "melding-bijlagen": Regel("dossier", API_DOSSIER),
    "melding-bijlage-inhoud": Regel(
        "dossier", {**GEEN_DOCUMENT, ANONIEM: 403}, extra={"bijlage_id": 999999}
    ),
    **{
        f"melding-{actie}": Regel("dossier", API_ACTIE, post=True)
        for actie in (
            "aard",
            "afsluiten",
            "besluit",
            "herprioriteren",
            "informeren-verlengen",
            "journaal",
            "teruggeven",
            "triage-instrument",
        )
    },
    "melding-oppakken": Regel("triage", API_ACTIE, post=True),
    "melding-screenen": Regel("ontvangen", API_ACTIE, post=True),
    "melding-overige-zorg": Regel("overige_zorg", API_ACTIE, post=True),
    # API: diensten
    "dienst-list": Regel(None, API_LIJST),
    "dienst-detail": Regel("dienst", API_DOSSIER),
    "dienst-terugkoppelingen": Regel(None, API_ACTIE, post=True),
    **{
        f"dienst-{actie}": Regel("dienst", API_ACTIE, post=True)
        for actie in (
            "afronden",
            "afsluiten",
            "afwijkingen",
            "bevindingen",
            "conclusies",
            "gesprekken",
            "informanten",
            "ketenpartner-gestart",
            "monitoring-starten",
            "overdracht",
            "starten",
            "stoppen",
            "uitvoerder",
            "voorwaarden",
        )
    },
    "dienst-afwijking-goedkeuren": Regel(
        "dienst", API_ACTIE, post=True, extra={"afwijking_id": 999999}
    ),
    "dienst-monitoringsmoment": Regel(
        "dienst", API_ACTIE, post=True, extra={"moment_id": "moment"}
    ),
    # police intake (personeel): integration tokens only, never a session user
    "politie_melding": Regel(None, {**rollen({401, 403, 405}), ANONIEM: {401, 403, 405}}),
    # staff gating (personeel): beheer organisation-wide, a werkbegeleider for the own team
    "beheer_niet_inzetbaar": Regel(None, voor(("beheer", "werkbegeleider"))),
}

# Routes outside the case matrix, each with the reason; they are still requested once per role
# and must answer without a 5xx and without any marker.
BUITEN_MATRIX = {
    "login": "inloggen: voor iedereen (2FA en blokkade: tests/veiligthuis/test_inloggen.py)",
    "tweestaps_code": "inloggen: tweede stap van het inloggen",
    "tweestaps_instellen": "inloggen: TOTP instellen",
    "wachtwoord_wijzigen": "inloggen: eigen wachtwoord",
    "logout": "uitloggen",
    "api-schema": "API-schema: beschrijving, geen gegevens",
    "api-docs": "API-documentatie: beschrijving, geen gegevens",
    "admin:*": "Django-admin: alleen beheer (tests/veiligthuis/test_views.py), geen casusinhoud",
    "admin/login/": "Django-admin login (axes)",
}


def alle_routes() -> set[str]:
    """Every route of the resolver: its name, or its pattern when unnamed; admin as one entry."""
    namen: set[str] = set()

    def loop(patronen, voorvoegsel=""):
        for patroon in patronen:
            if isinstance(patroon, URLResolver):
                if patroon.namespace == "admin":
                    namen.add("admin:*")
                    continue
                loop(patroon.url_patterns, voorvoegsel + str(patroon.pattern))
            elif isinstance(patroon, URLPattern):
                namen.add(patroon.name or voorvoegsel + str(patroon.pattern))

    loop(get_resolver().url_patterns)
    return namen


def test_elke_url_staat_in_de_matrix():
    routes = alle_routes()
    ontbreekt = sorted(routes - set(MATRIX) - set(BUITEN_MATRIX))
    assert not ontbreekt, f"Routes zonder regel in de toegangsmatrix: {ontbreekt}"
    for naam, regel in MATRIX.items():
        assert set(regel.verwacht) == set(ALLE), f"{naam}: niet elke rol heeft een verwachting"


def test_matrix_kent_geen_verdwenen_routes():
    """Entries for routes that no longer exist would test nothing."""
    routes = alle_routes()
    verdwenen = sorted(n for n in MATRIX if n not in routes)
    assert not verdwenen, f"Matrixregels zonder route: {verdwenen}"


# --- The world ----------------------------------------------------------------------------------


def _met_marker(melding: Melding, team_sleutel: str) -> Melding:
    naam, bsn, samenvatting = MARKERS[team_sleutel]
    Melding.objects.filter(pk=melding.pk).update(samenvatting=samenvatting)
    # One person per team recurs in all its meldingen (the BSN is unique per person).
    persoon = Persoon.objects.met_bsn(bsn).first() or PersoonFactory(
        voornamen="Bo", achternaam=naam, bsn=bsn
    )
    Directbetrokkene.objects.create(melding=melding, persoon=persoon, rol=RolInMelding.KIND)
    return melding


def _team_wereld(team, gemeente, sleutel: str, uitvoerder) -> dict:
    def m(**trait):
        return _met_marker(MeldingFactory(team=team, gemeente=gemeente, **trait), sleutel)

    dossier = m(in_beoordeling=True)
    taak = Verrijkingstaak.objects.create(melding=dossier, bron="rvdk")
    dienst = maak_dienst(
        DienstType.VOORWAARDEN_EN_VERVOLG,
        team=team,
        met_uitvoerder=uitvoerder,
        status=DienstStatus.OVERDRACHT,
        ketenpartner=ketenpartner_maken(f"Wijkteam {sleutel}"),
    )
    dienst = dienst_services.monitoring_starten(dienst_id=dienst.pk, door=uitvoerder)
    _met_marker(dienst.melding, sleutel)
    overdrachtmelding = _met_marker(overdracht_na_b_maken(team=team), sleutel)
    return {
        "ontvangen": m(),
        "triage": m(op_triagelijst=True),
        "overige_zorg": m(overige_zorg=True),
        "dossier": dossier,
        "taak": taak,
        "dienst": dienst,
        "dienstmelding": dienst.melding,
        "overdrachtmelding": overdrachtmelding,
        "afspraak": overdrachtmelding.overdracht_na_b.afspraken.first(),
        "moment": Monitoringsmoment.objects.filter(dienst=dienst).order_by("pk").first(),
        "advies": AdviesFactory(team=team, gemeente=gemeente),
        "klacht": _klacht(team, dossier, sleutel, uitvoerder),
        "calamiteit": _calamiteit(team, dossier, sleutel, uitvoerder),
    }


def _klacht(team, melding, sleutel: str, door) -> Klacht:
    nu = timezone.now()
    return Klacht.objects.create(
        nummer=f"KL-2026-{sleutel.upper()}",
        team=team,
        melding=melding,
        indiener_naam="Indiener",
        indiener_relatie="ouder",
        omschrijving="Niet gehoord.",
        ontvangen_op=nu,
        termijn=termijnen.termijn_klacht(nu),
        geregistreerd_door=door,
    )


def _calamiteit(team, melding, sleutel: str, door) -> Calamiteit:
    nu = timezone.now()
    calamiteit = Calamiteit.objects.create(
        nummer=f"CAL-2026-{sleutel.upper()}",
        soort="calamiteit",
        team=team,
        omschrijving="Ernstig incident.",
        kennisname_op=nu,
        termijn_melding=termijnen.termijn_melding_calamiteit(nu),
        geregistreerd_door=door,
    )
    calamiteit.meldingen.set([melding])
    return calamiteit


@pytest.fixture
def wereld(db):
    eigen, ander = TeamFactory(naam="Team Eigen"), TeamFactory(naam="Team Ander")
    gemeente = GemeenteFactory(naam="Matrixstad")
    eigen.gemeenten.add(gemeente)
    gebruikers = {
        rol: MedewerkerFactory(
            team=None if rol in GEEN_CASUSROL else eigen, rollen=[rol], username=f"matrix-{rol}"
        )
        for rol in ROLLEN
    }
    uitvoerder_ander = MedewerkerFactory(team=ander, rollen=["onderzoeker"])
    wereld = {
        "eigen": _team_wereld(eigen, gemeente, "eigen", gebruikers["onderzoeker"]),
        "ander": _team_wereld(ander, gemeente, "ander", uitvoerder_ander),
        "gebruikers": gebruikers,
    }
    deskundigen = [gebruikers[r] for r in CONSULTROLLEN]
    consult_met(wereld["eigen"]["dossier"], *deskundigen)
    consult_met(wereld["eigen"]["dienstmelding"], *deskundigen)
    consult_met(wereld["eigen"]["overdrachtmelding"], *deskundigen)
    return wereld


def _toestand() -> tuple:
    """Everything a refused request might have changed."""
    tellingen = tuple(
        model.objects.count()
        for model in (
            Melding,
            Advies,
            Journaalregel,
            Activiteit,
            Consult,
            Statuswijziging,
            Gesprek,
            Afwijking,
            Terugkoppeling,
            Directbetrokkene,
            AuditLog,
            Bijlage,
        )
    )
    return (
        tellingen,
        tuple(Melding.objects.order_by("pk").values_list("pk", "status", "beoordelaar_1_id")),
        tuple(Vervolgdienst.objects.order_by("pk").values_list("pk", "status", "uitvoerder_id")),
        tuple(Advies.objects.order_by("pk").values_list("pk", "status")),
        tuple(Verrijkingstaak.objects.order_by("pk").values_list("pk", "status")),
        tuple(Monitoringsmoment.objects.order_by("pk").values_list("pk", "uitgevoerd_op")),
        tuple(Klacht.objects.order_by("pk").values_list()),
        tuple(Calamiteit.objects.order_by("pk").values_list()),
    )


def _url(naam: str, regel: Regel, objecten: dict | None) -> str:
    kwargs = {}
    if regel.object is not None:
        obj = objecten[regel.object]
        if isinstance(obj, Vervolgdienst):
            kwargs["pk"] = obj.pk
        else:
            kwargs["nummer"] = obj.nummer
    query = ""
    for sleutel, waarde in regel.extra.items():
        if sleutel == "?":
            query = f"?{waarde}"
        elif isinstance(waarde, str):
            kwargs[sleutel] = objecten[waarde].pk
        else:
            kwargs[sleutel] = waarde
    return reverse(naam, kwargs=kwargs) + query


def _past(verwacht, code: int) -> bool:
    codes = verwacht if isinstance(verwacht, set) else {verwacht}
    return code in codes


def _lekt(body: str, rol: str, variant: str | None) -> list[str]:
    teams = ("eigen", "ander") if rol in (*GEEN_CASUSROL, ANONIEM) else ("ander",)
    gevonden = []
    for team in teams:
        gevonden += [marker for marker in MARKERS[team] if marker in body]
    return gevonden


MATRIX_OMVANG = {"controles": 0}


@pytest.mark.parametrize("rol", ALLE)
def test_toegangsmatrix(client, wereld, rol):
    gebruiker = wereld["gebruikers"].get(rol)
    if gebruiker is not None:
        client.force_login(gebruiker)
    fouten: list[str] = []
    controles = 0
    routes = alle_routes()
    for naam, regel in MATRIX.items():
        if naam not in routes:
            continue  # reported by test_matrix_kent_geen_verdwenen_routes
        varianten = ("eigen", "ander") if regel.object is not None else (None,)
        verwacht_rol = regel.verwacht[rol]
        for variant in varianten:
            if isinstance(verwacht_rol, tuple):
                verwacht = verwacht_rol[0 if variant in ("eigen", None) else 1]
            else:
                verwacht = verwacht_rol
            url = _url(naam, regel, wereld[variant] if variant else wereld["eigen"])
            antwoord = client.get(url)
            controles += 1
            body = antwoord.content.decode(errors="replace")
            if antwoord.status_code >= 500 or not _past(verwacht, antwoord.status_code):
                fouten.append(
                    f"GET {naam} [{variant}] {url}: {antwoord.status_code}, verwacht {verwacht}"
                )
            if lek := _lekt(body, rol, variant):
                fouten.append(f"GET {naam} [{variant}]: lekt {lek}")
            nederlandse_403 = "Geen toegang" in body or url.startswith("/api/")
            if antwoord.status_code == 403 and not nederlandse_403:
                fouten.append(f"GET {naam} [{variant}]: 403 zonder Nederlandse pagina")

            if not regel.post:
                continue
            # POST where the rule refuses: no case role, the other team, or a GET already refused.
            # (A POST-only action answers every GET with 405; allowed POSTs are tested per app.)
            geweigerd = (
                rol in (*GEEN_CASUSROL, ANONIEM)
                or (variant == "ander" and rol not in regel.ander_toegestaan)
                or (isinstance(verwacht, int) and verwacht in (302, 403, 404))
            )
            if not geweigerd:
                continue
            voor = _toestand()
            if url.startswith("/api/"):
                antwoord = client.post(url, {}, content_type="application/json")
            else:
                antwoord = client.post(url, {})
            controles += 1
            if antwoord.status_code not in GEWEIGERD - {405} or antwoord.status_code >= 500:
                fouten.append(
                    f"POST {naam} [{variant}] {url}: {antwoord.status_code}, verwacht weigering"
                )
            if _toestand() != voor:
                fouten.append(f"POST {naam} [{variant}]: geweigerd maar er is iets gewijzigd")
            if lek := _lekt(antwoord.content.decode(errors="replace"), rol, variant):
                fouten.append(f"POST {naam} [{variant}]: lekt {lek}")
    for naam in sorted(routes & set(BUITEN_MATRIX) - {"admin:*"}):
        if naam.startswith("admin/"):
            continue
        antwoord = client.get(reverse(naam))
        controles += 1
        if antwoord.status_code >= 500:
            fouten.append(f"GET {naam}: {antwoord.status_code}")
        if lek := _lekt(antwoord.content.decode(errors="replace"), rol, None):
            fouten.append(f"GET {naam}: lekt {lek}")
    MATRIX_OMVANG["controles"] += controles
    MATRIX_OMVANG[rol] = controles
    assert not fouten, "\n".join(fouten)


def test_matrix_omvang(capsys):
    """The size of the matrix: roles × endpoints × team variants."""
    routes = alle_routes()
    regels = [r for n, r in MATRIX.items() if n in routes]
    get = sum(2 if r.object else 1 for r in regels)
    omvang = len(ALLE) * get
    with capsys.disabled():
        print(
            f"\nToegangsmatrix: {len(ALLE)} rollen (incl. anoniem) × {len(regels)} endpoints "
            f"= {omvang} GET-controles (eigen/ander team), plus POST-weigeringen; "
            f"{len(routes & set(BUITEN_MATRIX))} routes buiten de matrix; "
            f"uitgevoerd in deze run: {MATRIX_OMVANG['controles']} controles."
        )
    assert omvang > 500


# --- Token access (issue 13 item 2): tokens are for koppelingen only -------------------------------


def test_toegangsmatrix_tokens(wereld):
    """Every API entry with a token: a person's token is a 401 everywhere (even beheer's), a
    koppeling's token is refused everywhere except its own endpoint; no refusal changes data."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from veiligthuis.koppelingen import koppeling_aanmaken

    beheer = wereld["gebruikers"]["beheer"]
    _koppeling, politie_sleutel = koppeling_aanmaken(door=beheer, naam="Politie", soort="politie")
    sleutels = {
        rol: Token.objects.create(user=wereld["gebruikers"][rol]).key
        for rol in ("onderzoeker", "werkbegeleider", "beheer")
    }
    fouten: list[str] = []
    for naam, regel in MATRIX.items():
        url = _url(naam, regel, wereld["eigen"])
        if not url.startswith("/api/"):
            continue
        for houder, sleutel in [*sleutels.items(), ("koppeling", politie_sleutel)]:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Token {sleutel}")
            for methode in ("get", "post"):
                voor = _toestand()
                antwoord = getattr(client, methode)(url, {}, format="json")
                if houder != "koppeling":
                    verwacht = {401}
                elif naam == "politie_melding":
                    # Authenticated and allowed: GET is not a method here, an empty body is invalid.
                    verwacht = {405} if methode == "get" else {400}
                else:
                    verwacht = {403}
                if antwoord.status_code not in verwacht:
                    fouten.append(f"{methode} {naam} ({houder}): {antwoord.status_code}")
                if _toestand() != voor:
                    fouten.append(f"{methode} {naam} ({houder}): er is iets gewijzigd")
                if lek := _lekt(antwoord.content.decode(errors="replace"), ANONIEM, None):
                    fouten.append(f"{methode} {naam} ({houder}): lekt {lek}")
    assert not fouten, "\n".join(fouten)
