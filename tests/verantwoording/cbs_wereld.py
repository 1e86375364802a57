"""A fixed half-year (2026-1) for the CBS delivery tests, every value chosen by hand.

In the delivery (ordered by number; an A record, then each M record followed by its P records):
- AD-2026-000001: advies 3 Feb, telefoon (01), huisarts (11), km_anders (08), GM0518, not converted.
  (AD-2026-000002 came in on 31 Dec 2025: not in it.)
- VT-2026-000001 … 000007: one melding per besluit route, all ontvangen and besloten in the
  half-year (periodestatus 3):
  001 afsluiten (group 3, code 31): politie digitaal (05), politie (41), partnergeweld + psychisch
      geweld + lichamelijke mishandeling; slachtoffer (vrouw, BSN 123456782, 01-04-1990) and pleger
      (man, BSN unknown → 000000000, 02-02-1988), gemeente GM0518.
  002 overdracht lokaal veld (2/21): huishouden in Delft (GM0503) although the melding says
      Den Haag; the huishouden's gemeente wins.
  003 overdracht cliëntsysteem (2/22): the pleger has no birth date (a waarschuwing only).
  004 overdracht melder (2/23), hermelding (2).
  005 V&V (1/11), dienst vv lopend (dienst 1, status 2).
  006 Onderzoek (1/12), dienst afgerond 20-03-2026 (status 3): conclusie kindermishandeling
      bevestigd (1), huiselijk geweld niet bevestigd (2), verzoek aan de Raad J, politie N,
      vrijwillige hulp N; an unborn child (recorded as ongeboren: no voornaam, birth date or BSN) →
      BSN 999999999, geboortedatum 00000000.
  007 regionaal maatwerk (4/41), vervolgmelding (3), geslacht anders (3).
- VT-2026-000008: received 30 Jun 23:30 (Amsterdam; 21:30 UTC), on the triagelijst: periodestatus 1,
  no besluit (0/00).
- VT-2026-000009: received 20 Dec 2025, besluit 4 Jan 2026: periodestatus 2.
Not in it: VT-2026-000010 (received and besloten in 2025), VT-2026-000011 (overige zorg, counted
as not delivered), VT-2026-000012 (received 1 Jul 00:30 Amsterdam, the next half-year).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from diensten.keuzes import ConclusieUitkomst, DienstStatus, DienstType
from diensten.models import Conclusie, Vervolgdienst
from meldingen.keuzes import Kanaal, MeldingStatus, RolInMelding
from meldingen.models import (
    Besluit,
    Directbetrokkene,
    Huishouden,
    Melder,
    MeldingAanleiding,
    MeldingAard,
    Persoon,
    VeiligheidsbeoordelingB,
)
from tests.factories import (
    AdviesFactory,
    GemeenteFactory,
    MedewerkerFactory,
    MeldingFactory,
    TeamFactory,
)
from veiligthuis.termijnen import TIJDZONE

HALFJAAR = "2026-1"


def op(jaar, maand, dag, uur=10, minuut=0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=TIJDZONE)


def persoon(
    voornaam: str,
    *,
    geboren: date | None,
    geslacht: str = "onbekend",
    bsn=None,
    ongeboren: bool = False,
):
    return Persoon.objects.create(
        voornamen=voornaam,
        achternaam="Testpersoon",
        geboortedatum=geboren,
        geslacht=geslacht,
        bsn=bsn,
        ongeboren=ongeboren,
    )


def melding(
    nummer: int,
    *,
    team,
    gemeente,
    ontvangen: datetime,
    status: str = MeldingStatus.AFGESLOTEN,
    kanaal: str = Kanaal.TELEFOON,
    hoedanigheid: str = "buurtbewoner",
    soort: str = "eerste",
    aanleidingen=("km_anders",),
    aarden=("pedagogische_verwaarlozing",),
    personen=(),
    huishouden_gemeente=None,
    besluit: tuple[str, datetime] | None = None,
    door=None,
):
    """A melding with exactly the given data (the factory's own melder/aanleiding/child replaced)."""
    m = MeldingFactory(
        nummer=f"VT-2026-{nummer:06d}",
        team=team,
        gemeente=gemeente,
        ontvangen_op=ontvangen,
        status=status,
        kanaal=kanaal,
        soort=soort,
    )
    m.directbetrokkenen.all().delete()
    m.aanleidingen.all().delete()
    Melder.objects.filter(melding=m).update(hoedanigheid=hoedanigheid)
    for a in aanleidingen:
        MeldingAanleiding.objects.create(melding=m, aanleiding=a)
    for a in aarden:
        MeldingAard.objects.create(melding=m, aard=a)
    for rol, p in personen:
        Directbetrokkene.objects.create(melding=m, persoon=p, rol=rol)
    if huishouden_gemeente is not None:
        m.huishouden = Huishouden.objects.create(straat="Laan", gemeente=huishouden_gemeente)
        m.save(update_fields=["huishouden"])
    if besluit is not None:
        route, genomen_op = besluit
        Besluit.objects.create(
            melding=m,
            route=route,
            onderbouwing="Beide ouders gesproken; onderbouwing van het besluit vastgelegd.",
            genomen_door=door or m.aangemaakt_door,
            genomen_op=genomen_op,
        )
    return m


def dienst(m, *, type: str, status: str, afgerond_op=None, **velden) -> Vervolgdienst:
    besluit_op = m.besluit.genomen_op
    return Vervolgdienst.objects.create(
        melding=m,
        type=type,
        status=status,
        besluit_op=besluit_op,
        termijn=besluit_op + timedelta(days=70),
        afgerond_op=afgerond_op,
        **velden,
    )


def kind(voornaam="Kind", geboren=date(2018, 5, 17), **kwargs):
    return (RolInMelding.KIND, persoon(voornaam, geboren=geboren, **kwargs))


def bouw(team=None) -> dict:
    """The world of the module docstring; returns the meldingen by short number and the team."""
    den_haag = GemeenteFactory(naam="Den Haag", cbs_code="GM0518")
    delft = GemeenteFactory(naam="Delft", cbs_code="GM0503")
    team = team or TeamFactory(naam="Team Golden")
    door = MedewerkerFactory(team=team, rollen=["onderzoeker"], username="golden-onderzoeker")
    AdviesFactory(
        nummer="AD-2026-000001",
        team=team,
        gemeente=den_haag,
        ontvangen_op=op(2026, 2, 3),
        kanaal=Kanaal.TELEFOON,
        hoedanigheid="gz_huisarts",
        aanleiding="km_anders",
        gegeven_door=door,
    )
    AdviesFactory(
        nummer="AD-2026-000002", team=team, ontvangen_op=op(2025, 12, 31), gegeven_door=door
    )
    gemeen = {"team": team, "gemeente": den_haag, "door": door}
    m = {}
    m[1] = melding(
        1,
        **gemeen,
        ontvangen=op(2026, 1, 5, 9),
        kanaal=Kanaal.POLITIE_DIGITAAL,
        hoedanigheid="politie",
        aanleidingen=("partnergeweld",),
        aarden=("psychisch_geweld", "lichamelijke_mishandeling"),
        personen=(
            (
                RolInMelding.SLACHTOFFER,
                persoon("Anna", geboren=date(1990, 4, 1), geslacht="vrouw", bsn="123456782"),
            ),
            (RolInMelding.PLEGER, persoon("Bram", geboren=date(1988, 2, 2), geslacht="man")),
        ),
        besluit=("afsluiten", op(2026, 1, 9, 15)),
    )
    m[2] = melding(
        2,
        **gemeen,
        ontvangen=op(2026, 1, 12),
        hoedanigheid="onderwijs_basis",
        personen=(kind("Cas", geslacht="man", bsn="111222333"),),
        huishouden_gemeente=delft,
        besluit=("overdracht_lokaal_veld", op(2026, 1, 16)),
    )
    m[3] = melding(
        3,
        **gemeen,
        ontvangen=op(2026, 2, 2),
        kanaal=Kanaal.EMAIL,
        hoedanigheid="gz_huisarts",
        aanleidingen=("km_vechtscheiding",),
        aarden=("getuige",),
        personen=(
            kind("Dewi", geboren=date(2016, 9, 30), geslacht="vrouw"),
            (RolInMelding.PLEGER, persoon("Erik", geboren=None, geslacht="man")),
        ),
        besluit=("overdracht_clientsysteem", op(2026, 2, 6)),
    )
    m[4] = melding(
        4,
        **gemeen,
        ontvangen=op(2026, 3, 2),
        hoedanigheid="jeugdzorg_anders",
        soort="hermelding",
        personen=(kind("Fenna", geboren=date(2020, 1, 1), geslacht="vrouw"),),
        besluit=("overdracht_melder", op(2026, 3, 5)),
    )
    m[5] = melding(
        5,
        **gemeen,
        status=MeldingStatus.NAAR_VERVOLGDIENST,
        ontvangen=op(2026, 3, 10),
        kanaal=Kanaal.ONLINE_FORMULIER,
        hoedanigheid="familielid",
        aanleidingen=("ouderenmishandeling",),
        aarden=("financiele_uitbuiting",),
        personen=(
            (
                RolInMelding.SLACHTOFFER,
                persoon("Gerrit", geboren=date(1940, 11, 11), geslacht="man"),
            ),
        ),
        besluit=("vervolg_vv", op(2026, 3, 16)),
    )
    dienst(m[5], type=DienstType.VOORWAARDEN_EN_VERVOLG, status=DienstStatus.LOPEND)
    m[6] = melding(
        6,
        **gemeen,
        status=MeldingStatus.NAAR_VERVOLGDIENST,
        ontvangen=op(2026, 1, 20),
        kanaal=Kanaal.SCHRIFTELIJK,
        hoedanigheid="lokaal_veld",
        aanleidingen=("partnergeweld", "km_anders"),
        aarden=("getuige", "psychisch_geweld"),
        personen=(
            (
                RolInMelding.SLACHTOFFER,
                persoon("Hanna", geboren=date(1995, 7, 7), geslacht="vrouw"),
            ),
            kind("", geboren=None, ongeboren=True),
        ),
        besluit=("vervolg_onderzoek", op(2026, 1, 26)),
    )
    VeiligheidsbeoordelingB.objects.create(
        melding=m[6], gestart_op=op(2026, 1, 21), signaalcodes=["zwangerschap"]
    )
    onderzoek = dienst(
        m[6],
        type=DienstType.ONDERZOEK,
        status=DienstStatus.AFGESLOTEN,
        afgerond_op=op(2026, 3, 20),
        verzoek_raad=True,
    )
    for aanleiding, uitkomst in (
        ("km_anders", ConclusieUitkomst.BEVESTIGD),
        ("partnergeweld", ConclusieUitkomst.NIET_BEVESTIGD),
    ):
        Conclusie.objects.create(
            dienst=onderzoek, aanleiding=aanleiding, uitkomst=uitkomst, toelichting=".", door=door
        )
    m[7] = melding(
        7,
        **gemeen,
        ontvangen=op(2026, 4, 1),
        kanaal=Kanaal.CHAT,
        hoedanigheid="db_volwassene",
        soort="vervolgmelding",
        aanleidingen=("hg_anders",),
        aarden=("anders_onveilig",),
        personen=(
            (
                RolInMelding.SLACHTOFFER,
                persoon("Isa", geboren=date(2000, 2, 29), geslacht="anders"),
            ),
        ),
        besluit=("regionaal_maatwerk", op(2026, 4, 3)),
    )
    m[8] = melding(
        8,
        **gemeen,
        status=MeldingStatus.OP_TRIAGELIJST,
        ontvangen=op(2026, 6, 30, 23, 30),
        personen=(kind("Jet", geboren=date(2019, 12, 31), geslacht="vrouw"),),
    )
    m[9] = melding(
        9,
        **gemeen,
        ontvangen=op(2025, 12, 20),
        personen=(kind("Koen", geboren=date(2014, 3, 3), geslacht="man"),),
        besluit=("afsluiten", op(2026, 1, 4)),
    )
    m[10] = melding(
        10,
        **gemeen,
        ontvangen=op(2025, 11, 1),
        personen=(kind("Lot", geboren=date(2014, 3, 3)),),
        besluit=("afsluiten", op(2025, 11, 6)),
    )
    m[11] = melding(11, **gemeen, status=MeldingStatus.DOORGESTUURD, ontvangen=op(2026, 2, 14))
    m[12] = melding(
        12,
        **gemeen,
        status=MeldingStatus.OP_TRIAGELIJST,
        ontvangen=op(2026, 7, 1, 0, 30),
        personen=(kind("Mees", geboren=date(2019, 1, 1)),),
    )
    return {"meldingen": m, "team": team, "door": door}
