"""Accessibility, measured: axe-core on every main page of every demo role, at a desktop and a phone
width, plus what axe cannot see: Esc closes an inline form and returns focus, a failed submit
focuses an error summary that links to its fields, the new melding form reports every error in one
round, and the focus ring contrasts 3:1 on light and dark backgrounds.

Each axe test builds the demo organisation once in the live server's database, logs every role in
through the real login form and visits each (role, page) once; pages a role may not open (403, or
404 for a case outside its scope) are skipped. Everything is collected first and the test fails
with one list of the serious and critical violations: page, rule, impact and a target selector.
A summary per viewport (all impacts) goes to test-artifacts/toegankelijkheid-<viewport>.txt.
"""

from __future__ import annotations

import io
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, expect

from demo.organisatie import DEMO_ROLLEN as DEMO_ROLLEN_KEUZES
from demo.organisatie import DEMO_WACHTWOORD
from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from diensten.selectors import diensten_voor
from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding
from meldingen.selectors import meldingen_voor
from tests.browser.helpers import inloggen, nieuwe_context
from tests.factories import MedewerkerFactory, MeldingFactory, TeamFactory
from veiligthuis.models import Medewerker

pytestmark = pytest.mark.browser

DEMO_ROLLEN = tuple(str(rol) for rol in DEMO_ROLLEN_KEUZES)
VENSTERS = {
    "breed": {"width": 1366, "height": 768},
    "telefoon": {"width": 390, "height": 844},
}
ERNSTIG = ("critical", "serious")
GEWEIGERD = (403, 404)
ARTEFACTEN = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass(frozen=True)
class Bezoek:
    rol: str
    pagina: str
    pad: str
    laden: float
    meten: float


@dataclass(frozen=True)
class Bevinding:
    rol: str
    pagina: str
    pad: str
    regel: str
    impact: str
    doel: str


def _context(browser: Browser, base_url: str, venster: dict):
    # axe is injected with page.evaluate; bypass_csp keeps that working under the strict
    # Content-Security-Policy without loosening the policy the application sends.
    return nieuwe_context(browser, base_url, venster, timeout=15_000, bypass_csp=True)


def _eerste(queryset, **filters):
    return queryset.filter(**filters).order_by("pk").first()


def _paginas(medewerker: Medewerker) -> list[tuple[str, str]]:
    """(name, path) of every main page, with case objects this medewerker may open if any.

    Roles without any case in scope (directie, beheer) get any case: the page answers 403 and is
    skipped, which is what the role sees.
    """
    meldingen = meldingen_voor(gebruiker=medewerker)
    if not meldingen.exists():
        meldingen = Melding.objects.all()
    diensten = diensten_voor(gebruiker=medewerker)
    if not diensten.exists():
        diensten = Vervolgdienst.objects.all()

    dossier = _eerste(meldingen, status=MeldingStatus.NAAR_VERVOLGDIENST) or _eerste(meldingen)
    in_beoordeling = _eerste(meldingen, status=MeldingStatus.IN_BEOORDELING)
    wachtend = _eerste(meldingen, status=MeldingStatus.OP_TRIAGELIJST)
    besloten = (
        _eerste(meldingen, besluit__isnull=False, vervolgdienst__isnull=False)
        or _eerste(meldingen, besluit__isnull=False)
        or dossier
    )
    dienst = _eerste(diensten, status=DienstStatus.LOPEND) or _eerste(diensten)
    overgedragen = _eerste(diensten, overdracht__isnull=False)
    afsluitbaar = _eerste(diensten, status__in=[DienstStatus.MONITORING, DienstStatus.AFGESLOTEN])

    paginas = [
        ("start", "/"),
        ("nieuwe melding", "/meldingen/nieuw/"),
        ("adviezen", "/adviezen/"),
        ("nieuw advies", "/adviezen/nieuw/"),
        ("screening", "/screening/"),
        ("triagelijst team", "/triagelijst/"),
        ("triagelijst organisatie", "/triagelijst/organisatie/"),
    ]
    if dossier:
        paginas.append(("dossier", f"/meldingen/{dossier.nummer}/"))
    if in_beoordeling:
        paginas += [
            ("beoordeling", f"/meldingen/{in_beoordeling.nummer}/beoordeling/"),
            ("besluit", f"/meldingen/{in_beoordeling.nummer}/besluit/"),
        ]
    paginas.append(("diensten", "/diensten/"))
    if dienst:
        paginas.append(("dienst", f"/diensten/{dienst.pk}/"))
    if overgedragen:
        paginas += [
            ("overdracht", f"/diensten/{overgedragen.pk}/overdracht/"),
            ("overdrachtsbrief", f"/diensten/{overgedragen.pk}/overdrachtsbrief/"),
        ]
    if afsluitbaar:
        paginas.append(("afsluitbrief", f"/diensten/{afsluitbaar.pk}/afsluitbrief/"))
    if besloten:
        paginas.append(("terugkoppeling", f"/meldingen/{besloten.nummer}/terugkoppeling/"))
    if wachtend:
        paginas.append(
            ("zicht op veiligheid", f"/meldingen/{wachtend.nummer}/zicht-op-veiligheid/")
        )
    paginas += [
        ("notificaties", "/notificaties/"),
        ("werkbegeleider", "/werkbegeleider/"),
        ("directie", "/directie/"),
        ("rapportages", "/rapportages/"),
        ("wachtlijstrapportage", "/rapportages/wachtlijst/"),
        ("kwartaalrapportage", "/rapportages/kwartaal/"),
        ("auditlog", "/beheer/auditlog/"),
        ("inzage", "/beheer/auditlog/inzage/"),
        ("niet inzetbaar", "/beheer/medewerkers/niet-inzetbaar/"),
        ("admin", "/admin/"),
    ]
    return paginas


def _bevindingen(rol: str, pagina: str, pad: str, resultaat: dict) -> list[Bevinding]:
    return [
        Bevinding(rol, pagina, pad, v["id"], v["impact"] or "?", " ".join(knoop["target"]))
        for v in resultaat["violations"]
        for knoop in v["nodes"]
    ]


def _melding(ernstig: list[Bevinding]) -> str:
    """One line per (page, rule, target), with the roles that met it."""
    rollen: dict[tuple, list[str]] = defaultdict(list)
    for b in ernstig:
        rollen[(b.pagina, b.regel, b.impact, b.doel)].append(b.rol)
    regels = [
        f"- {pagina}: {regel} ({impact}) op `{doel}` — {', '.join(sorted(set(r)))}"
        for (pagina, regel, impact, doel), r in sorted(rollen.items())
    ]
    return f"{len(regels)} ernstige of kritieke axe-bevindingen:\n" + "\n".join(regels)


def _verslag(venster: str, bezocht: list[Bezoek], alle: list[Bevinding]) -> None:
    ARTEFACTEN.mkdir(exist_ok=True)
    per_regel = Counter((b.regel, b.impact) for b in alle)
    laden, meten = sum(b.laden for b in bezocht), sum(b.meten for b in bezocht)
    regels = [
        f"axe op {len(bezocht)} (rol, pagina)-combinaties, venster {venster}: "
        f"laden {laden:.0f} s, axe {meten:.0f} s",
        "",
    ]
    regels += [f"{b.rol:22} {b.pagina:26} {b.laden:5.2f} {b.meten:5.2f}  {b.pad}" for b in bezocht]
    regels += ["", "bevindingen (knopen) per regel:"]
    regels += [f"  {regel} ({impact}): {n}" for (regel, impact), n in per_regel.most_common()]
    regels += ["", *[f"{b.rol} | {b.pagina} | {b.regel} ({b.impact}) | {b.doel}" for b in alle]]
    (ARTEFACTEN / f"toegankelijkheid-{venster}.txt").write_text("\n".join(regels) + "\n")


@pytest.fixture
def demo(transactional_db):
    call_command("demo_data", meldingen=300, adviezen=100, stdout=io.StringIO())


@pytest.mark.parametrize("venster", list(VENSTERS))
def test_geen_ernstige_axe_bevindingen(browser, live_server, demo, venster):
    axe = Axe()
    bezocht: list[Bezoek] = []
    alle: list[Bevinding] = []

    def meet(page, rol: str, naam: str, pad: str) -> None:
        """Open `pad` and run axe on it, unless the role may not open it (403, 404, elsewhere)."""
        begin = time.monotonic()
        antwoord = page.goto(pad)
        if antwoord is not None and antwoord.status in GEWEIGERD:
            return
        if urlsplit(page.url).path != pad:
            return  # sent elsewhere: the admin sends everyone but beheer to the login page
        assert antwoord is not None and antwoord.ok, (rol, pad, antwoord and antwoord.status)
        geladen = time.monotonic()
        alle.extend(_bevindingen(rol, naam, pad, axe.run(page).response))
        bezocht.append(Bezoek(rol, naam, pad, geladen - begin, time.monotonic() - geladen))

    for rol in DEMO_ROLLEN:
        medewerker = Medewerker.objects.get(username=rol)
        context = _context(browser, live_server.url, VENSTERS[venster])
        page = context.new_page()
        try:
            if not bezocht:
                meet(page, "—", "inloggen", "/inloggen/")  # what everyone sees first, once
            inloggen(page, rol, DEMO_WACHTWOORD)
            for naam, pad in _paginas(medewerker):
                meet(page, rol, naam, pad)
        finally:
            context.close()
    _verslag(venster, bezocht, alle)
    # Every role reaches its own pages: a login or selection that silently fails measures nothing.
    assert {b.rol for b in bezocht} >= set(DEMO_ROLLEN)
    ernstig = [b for b in alle if b.impact in ERNSTIG]
    assert not ernstig, _melding(ernstig)


# --- keyboard and forms ---------------------------------------------------------------------------


@pytest.fixture
def team(transactional_db):
    return TeamFactory(naam="Haaglanden Oost")


@pytest.fixture
def fatima(team):
    return MedewerkerFactory(
        username="fatima",
        first_name="Fatima",
        last_name="Bakker",
        team=team,
        rollen=["onderzoeker"],
    )


@pytest.fixture
def joris(team):
    return MedewerkerFactory(
        username="joris", first_name="Joris", last_name="Jansen", team=team, rollen=["onderzoeker"]
    )


def test_esc_sluit_uitklapformulier_en_geeft_focus_terug(page, fatima, joris, team):
    melding = MeldingFactory(
        team=team, in_beoordeling=True, beoordelaar_1=fatima, beoordelaar_2=joris
    )
    inloggen(page, "fatima")
    page.goto(f"/meldingen/{melding.nummer}/")
    acties = page.locator("#acties")
    samenvatting = acties.locator("summary", has_text="Teruggeven aan de triagelijst")
    samenvatting.focus()
    page.keyboard.press("Enter")
    reden = page.locator("#id_teruggeven-reden")
    expect(reden).to_be_visible()
    reden.fill("Nog niet starten")
    reden.press("Escape")
    expect(reden).to_be_hidden()
    expect(samenvatting).to_be_focused()
    # Opened again, what was typed is still there: Esc hides, it does not throw away.
    page.keyboard.press("Enter")
    expect(reden).to_have_value("Nog niet starten")


def test_esc_sluit_geladen_formulier_en_geeft_focus_terug(page, fatima, joris, team):
    melding = MeldingFactory(team=team, op_triagelijst=True)
    inloggen(page, "fatima")
    page.goto("/triagelijst/")
    oppakken = page.get_by_test_id(f"rij-{melding.nummer}").get_by_role(
        "link", name=f"Oppakken {melding.nummer}"
    )
    oppakken.focus()
    page.keyboard.press("Enter")
    formulier = page.get_by_role("form", name=f"Melding {melding.nummer} oppakken")
    tweede = formulier.get_by_label("Tweede beoordelaar")
    expect(tweede).to_be_focused()
    page.keyboard.press("Escape")
    expect(formulier).to_have_count(0)
    expect(oppakken).to_be_focused()
    # The same control opens it again.
    page.keyboard.press("Enter")
    expect(formulier.get_by_label("Tweede beoordelaar")).to_be_focused()


def test_foutsamenvatting_krijgt_focus_en_linkt_naar_de_velden(page, fatima, team):
    """A melding dated in the future and without the concerns: both errors in the first round,
    the summary has the focus and each of its links moves the focus to its field."""
    inloggen(page, "fatima")
    page.goto("/meldingen/nieuw/")
    overmorgen = timezone.localdate() + timedelta(days=2)
    page.get_by_label("Ontvangen op (datum)").fill(overmorgen.isoformat())
    page.get_by_label("Kanaal").select_option(label="Telefoon")
    page.get_by_label("Hoedanigheid melder").select_option(label="Buurtbewoner")
    page.get_by_label("Kindermishandeling — anders").check()
    rij = page.locator("#rij-0")
    rij.get_by_label("Rol in de melding").select_option(label="Kind in het gezin")
    rij.get_by_label("Voornamen").fill("Noor")
    rij.get_by_label("Achternaam").fill("Visser")
    page.get_by_role("button", name="Melding registreren").click()

    samenvatting = page.locator("[data-foutsamenvatting]")
    expect(samenvatting).to_be_focused()
    expect(samenvatting.get_by_role("heading", name="Er is niets opgeslagen.")).to_be_visible()
    datum_link = samenvatting.get_by_role("link", name=re.compile("ligt in de toekomst"))
    zorgen_link = samenvatting.get_by_role("link", name=re.compile("Beschrijf de zorgen"))
    expect(datum_link).to_have_attribute("href", "#id_ontvangen_datum")
    expect(zorgen_link).to_have_attribute("href", "#id_samenvatting")
    expect(page.locator("#id_ontvangen_datum_error")).to_contain_text("ligt in de toekomst")
    expect(page.locator("#id_samenvatting_error")).to_contain_text("Beschrijf de zorgen")
    assert not Melding.objects.exists()

    page.keyboard.press("Tab")
    expect(datum_link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Ontvangen op (datum)")).to_be_focused()
    zorgen_link.click()
    expect(page.get_by_label("Zorgen volgens de melder")).to_be_focused()


FOCUSKLEUREN = """el => {
    const achtergrond = e => {
        for (; e; e = e.parentElement) {
            const kleur = getComputedStyle(e).backgroundColor;
            if (!/rgba\\(.*, 0\\)$/.test(kleur) && kleur !== "transparent") return kleur;
        }
        return "rgb(255, 255, 255)";
    };
    const stijl = getComputedStyle(el);
    return {
        zichtbaar: el.matches(":focus-visible"),
        outline: stijl.outlineColor,
        schaduw: (stijl.boxShadow.match(/rgba?\\([^)]*\\)/) || [""])[0],
        achtergrond: achtergrond(el.parentElement),
    };
}"""


def _luminantie(rgb: str) -> float:
    def kanaal(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (float(x) for x in re.findall(r"[\d.]+", rgb)[:3])
    return 0.2126 * kanaal(r) + 0.7152 * kanaal(g) + 0.0722 * kanaal(b)


def _contrast(a: str, b: str) -> float:
    licht, donker = sorted((_luminantie(a), _luminantie(b)), reverse=True)
    return (licht + 0.05) / (donker + 0.05)


def test_focusring_minstens_3_op_1_op_lichte_en_donkere_achtergrond(page, fatima):
    """WCAG 1.4.11: one of the two rings contrasts 3:1 with what is around it, in the dark
    blue header and on the light page."""
    inloggen(page, "fatima")
    page.keyboard.press("Tab")  # keyboard use: :focus-visible applies to what gets focus next
    for link in (
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Triagelijst"),
        page.locator("main a").first,
    ):
        link.focus()
        kleuren = link.evaluate(FOCUSKLEUREN)
        assert kleuren["zichtbaar"], kleuren
        beste = max(
            _contrast(kleuren["outline"], kleuren["achtergrond"]),
            _contrast(kleuren["schaduw"], kleuren["achtergrond"]) if kleuren["schaduw"] else 0,
        )
        assert beste >= 3, kleuren
