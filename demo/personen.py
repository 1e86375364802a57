"""Households and the people in them: names, ages that fit their role, addresses, BSNs.

A household is composed from the kind of violence the melding is about (a partnergeweld case has
two adults and often children; ouderenmishandeling an elderly victim and an adult child). The
same family comes back in later meldingen: the simulation keeps the real people (`Mens`), and each
melding's records find their Persoon rows through identity resolution (`demo.intake`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from demo.basis import Context, splits_achternaam
from meldingen.identiteit import Persoonsgegevens
from meldingen.keuzes import Aanleiding, Geslacht, RolInMelding
from meldingen.models import Huishouden, Persoon

A = Aanleiding
R = RolInMelding
MAN, VROUW = Geslacht.MAN, Geslacht.VROUW

# Woonplaatsen per gemeente with their postcode range (4 digits), so addresses look local.
WOONPLAATSEN: dict[str, tuple[tuple[str, int, int], ...]] = {
    "Delft": (("Delft", 2611, 2629),),
    "Den Haag": (("'s-Gravenhage", 2491, 2597),),
    "Leidschendam-Voorburg": (("Leidschendam", 2264, 2267), ("Voorburg", 2271, 2275)),
    "Midden-Delfland": (
        ("Schipluiden", 2636, 2636),
        ("Maasland", 3155, 3155),
        ("Den Hoorn", 2635, 2635),
    ),
    "Pijnacker-Nootdorp": (("Pijnacker", 2641, 2645), ("Nootdorp", 2631, 2632)),
    "Rijswijk": (("Rijswijk", 2280, 2289),),
    "Wassenaar": (("Wassenaar", 2241, 2245),),
    "Westland": (
        ("Naaldwijk", 2671, 2671),
        ("Monster", 2681, 2681),
        ("'s-Gravenzande", 2691, 2691),
        ("Wateringen", 2291, 2291),
        ("De Lier", 2678, 2678),
    ),
    "Zoetermeer": (("Zoetermeer", 2711, 2729),),
}
# Dutch postcodes never use SA, SD or SS as letters.
_LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"
_VERBODEN_LETTERS = ("SA", "SD", "SS")


@dataclass(frozen=True)
class Lid:
    """One person to create: role in the melding, sex, age in years (None: unknown birth date)."""

    rol: str
    geslacht: str
    leeftijd: int | None
    eigen_achternaam: bool = False  # e.g. a (new) partner with another surname


@dataclass(eq=False)
class Mens:
    """A real person behind the records: the data a careful intake types, and the row linked first."""

    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date | None
    geslacht: str
    bsn: str | None = None  # the BSN this person has (whether the intake knows it or not)
    persoon: Persoon | None = None  # the row the first registration gave (None: never registered)
    ongeboren: bool = False  # a child not born yet: no voornaam, birth date or BSN

    def leeftijd_op(self, datum: date) -> int | None:
        if self.geboortedatum is None:
            return None
        g = self.geboortedatum
        return datum.year - g.year - ((datum.month, datum.day) < (g.month, g.day))

    def gegevens(self) -> Persoonsgegevens:
        """The record exactly as the person is (the first registration)."""
        return Persoonsgegevens(
            voornamen=self.voornamen,
            tussenvoegsel=self.tussenvoegsel,
            achternaam=self.achternaam,
            geboortedatum=self.geboortedatum,
            bsn=self.bsn,
        )


@dataclass
class HuishoudenPlan:
    """A family across meldingen: where it lives now, its people and its earlier meldingen.

    `huishouden` is the true address (an unsaved row): the melding links the household row that
    identity resolution finds for it as typed.
    """

    huishouden: Huishouden
    gemeente: str
    team_pk: int
    aanleiding: str
    leden: list[tuple[Mens, str]]  # (mens, rol in the last melding)
    meldingen: list = field(default_factory=list)  # MeldingPlan, oldest first

    def heeft_kind(self, op: date) -> bool:
        return any(_leeftijd(p, op) is not None and _leeftijd(p, op) < 18 for p, _r in self.leden)

    def heeft_oudere(self, op: date) -> bool:
        return any(_leeftijd(p, op) is not None and _leeftijd(p, op) >= 65 for p, _r in self.leden)


def _leeftijd(persoon: Mens, op: date) -> int | None:
    return persoon.leeftijd_op(op)


def bsn(ctx: Context) -> str:
    """A BSN that passes the 11-proef and is unique in this run.

    Demo numbers come from the 999-block, which makes them recognisable as made-up; 999999999
    itself is CBS's code for "unborn" and is skipped.
    """
    while True:
        cijfers = [9, 9, 9] + [ctx.rng.randrange(10) for _ in range(5)]
        controle = sum(c * w for c, w in zip(cijfers, range(9, 1, -1), strict=True)) % 11
        if controle == 10:
            continue
        nummer = "".join(map(str, cijfers)) + str(controle)
        if nummer != "999999999" and nummer not in ctx.gebruikte_bsns:
            ctx.gebruikte_bsns.add(nummer)
            return nummer


def adres(ctx: Context, gemeente: str) -> Huishouden:
    woonplaats, laag, hoog = ctx.kies(WOONPLAATSEN[gemeente])
    while (letters := ctx.kies(_LETTERS) + ctx.kies(_LETTERS)) in _VERBODEN_LETTERS:
        pass
    huisnummer = str(ctx.rng.randint(1, 250))
    if ctx.kans(0.15):
        huisnummer += ctx.kies(("A", "B", "-1", "-2", " bis"))
    return Huishouden(
        straat=ctx.faker.street_name(),
        huisnummer=huisnummer,
        postcode=f"{ctx.rng.randint(laag, hoog)}{letters}",
        woonplaats=woonplaats,
    )


def _kinderen(ctx: Context, ouder_leeftijd: int, *, minimaal: int = 0) -> list[Lid]:
    aantal = max(minimaal, ctx.gewogen({0: 30, 1: 30, 2: 27, 3: 10, 4: 3}))
    hoogst = max(0, min(17, ouder_leeftijd - 18))
    return [Lid(R.KIND, ctx.kies((MAN, VROUW)), ctx.rng.randint(0, hoogst)) for _ in range(aantal)]


def samenstelling(ctx: Context, aanleiding: str) -> list[Lid]:
    """Who is in the household for a melding about `aanleiding`; ages fit each role."""
    leeftijd = ctx.rng.randint
    if aanleiding == A.PARTNERGEWELD:
        vrouw_slachtoffer = ctx.kans(0.85)
        moeder = leeftijd(21, 52)
        slachtoffer = Lid(R.SLACHTOFFER, VROUW if vrouw_slachtoffer else MAN, moeder)
        pleger = Lid(
            R.PLEGER,
            MAN if vrouw_slachtoffer else VROUW,
            min(80, moeder + leeftijd(-3, 8)),
            eigen_achternaam=True,
        )
        return [slachtoffer, pleger, *_kinderen(ctx, moeder)]
    if aanleiding in (A.KM_ANDERS, A.KM_VECHTSCHEIDING, A.KM_KINDCHECK):
        moeder = leeftijd(20, 50)
        kinderen = _kinderen(ctx, moeder, minimaal=1)
        kinderen[0] = Lid(R.SLACHTOFFER, kinderen[0].geslacht, kinderen[0].leeftijd)
        vader_pleger = ctx.kans(0.5)
        leden = [Lid(R.GEZINSLID if vader_pleger else R.PLEGER, VROUW, moeder)]
        if aanleiding == A.KM_VECHTSCHEIDING or vader_pleger or ctx.kans(0.5):
            rol = R.PLEGER if vader_pleger or aanleiding == A.KM_VECHTSCHEIDING else R.GEZINSLID
            leden.append(Lid(rol, MAN, min(75, moeder + leeftijd(-2, 8)), eigen_achternaam=True))
        return [*kinderen, *leden]
    if aanleiding == A.OUDERENMISHANDELING:
        oudere = leeftijd(66, 94)
        leden = [Lid(R.SLACHTOFFER, VROUW if ctx.kans(0.65) else MAN, oudere)]
        if ctx.kans(0.7):
            leden.append(Lid(R.PLEGER, ctx.kies((MAN, VROUW)), oudere - leeftijd(24, 38)))
        else:
            leden.append(Lid(R.PLEGER, MAN, oudere + leeftijd(-4, 5)))
        return leden
    if aanleiding == A.GEWELD_TEGEN_OUDERS:
        ouder = leeftijd(38, 66)
        leden = [
            Lid(R.SLACHTOFFER, VROUW if ctx.kans(0.7) else MAN, ouder),
            Lid(R.PLEGER, MAN if ctx.kans(0.75) else VROUW, max(12, ouder - leeftijd(22, 36))),
        ]
        if ctx.kans(0.4):
            leden.append(Lid(R.GEZINSLID, ctx.kies((MAN, VROUW)), ouder + leeftijd(-3, 4)))
        return leden
    if aanleiding in (A.EERGERELATEERD, A.HUWELIJKSDWANG):
        jong = leeftijd(15, 27)
        vader = jong + leeftijd(22, 35)
        leden = [Lid(R.SLACHTOFFER, VROUW if ctx.kans(0.85) else MAN, jong)]
        leden.append(Lid(R.PLEGER, MAN, vader))
        if ctx.kans(0.5):
            leden.append(Lid(R.PLEGER if ctx.kans(0.5) else R.GEZINSLID, MAN, leeftijd(17, 30)))
        if ctx.kans(0.6):
            leden.append(Lid(R.GEZINSLID, VROUW, vader - leeftijd(0, 6)))
        return leden
    if aanleiding == A.ANDERE_PROBLEMATIEK:
        volwassene = leeftijd(20, 60)
        leden = [Lid(R.GEZINSLID, ctx.kies((MAN, VROUW)), volwassene)]
        return leden + _kinderen(ctx, volwassene)
    # Huiselijk geweld anders: e.g. between adult siblings or housemates.
    volwassene = leeftijd(18, 70)
    return [
        Lid(R.SLACHTOFFER, ctx.kies((MAN, VROUW)), volwassene),
        Lid(R.PLEGER, ctx.kies((MAN, VROUW)), max(18, volwassene + leeftijd(-10, 10)), True),
    ]


def maak_persoon(ctx: Context, lid: Lid, achternaam: str, peildatum: date) -> Mens:
    """A person for `lid`; the birth date makes them `lid.leeftijd` on `peildatum`."""
    if lid.geslacht == VROUW:
        voornaam = ctx.faker.first_name_female()
    else:
        voornaam = ctx.faker.first_name_male()
    tussenvoegsel, naam = splits_achternaam(achternaam)
    geboortedatum = None
    # Police reports usually carry a birth date; for some adults it is not known yet.
    if lid.leeftijd is not None and (lid.rol in (R.KIND, R.SLACHTOFFER) or ctx.kans(0.92)):
        dagen = int((lid.leeftijd + ctx.rng.random() * 0.99) * 365.2425)
        geboortedatum = peildatum - timedelta(days=dagen)
    return Mens(
        voornamen=voornaam,
        tussenvoegsel=tussenvoegsel,
        achternaam=naam,
        geboortedatum=geboortedatum,
        geslacht=lid.geslacht if ctx.kans(0.97) else Geslacht.ONBEKEND,
        bsn=bsn(ctx) if geboortedatum and ctx.kans(0.6) else None,
    )


def maak_leden(ctx: Context, leden: list[Lid], peildatum: date) -> list[tuple[Mens, str]]:
    """Persons for a new household: a shared family name, partners may keep their own."""
    familienaam = ctx.faker.last_name()
    return [
        (
            maak_persoon(
                ctx, lid, ctx.faker.last_name() if lid.eigen_achternaam else familienaam, peildatum
            ),
            lid.rol,
        )
        for lid in leden
    ]


def rol_nu(persoon: Persoon | Mens, rol: str, op: date) -> str:
    """A child who has turned 18 since the last melding is an ander gezinslid now."""
    leeftijd = persoon.leeftijd_op(op)
    if rol == R.KIND and leeftijd is not None and leeftijd >= 18:
        return R.GEZINSLID
    return rol


def kinderen_van(leden: list[tuple], op: date) -> list:
    """The minors among `leden` on `op` (a baby of 0 counts; an unknown birth date does not)."""
    kinderen = []
    for persoon, _rol in leden:
        leeftijd = persoon.leeftijd_op(op)
        if leeftijd is not None and leeftijd < 18:
            kinderen.append(persoon)
    return kinderen
